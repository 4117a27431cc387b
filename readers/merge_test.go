package readers

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestMergedCellsFilled: a merged range that spans rows gives its first value to each of its
// rows, as Excel shows it (a company merged down over its accounts, a quote's columns over
// its items); a range within one row stays as stored; a row's own value in the range is kept;
// a range whose first cell is empty fills nothing; a row shorter than the range's column
// grows to it. The ranges are said (Merged). With or without a namespace prefix, and for a
// sheet too large to be looked at first, found after the rows and not filled.
func TestMergedCellsFilled(t *testing.T) {
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>Título</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>id</t></is></c><c r="B2" t="inlineStr"><is><t>empresa</t></is></c><c r="C2" t="inlineStr"><is><t>cidade</t></is></c><c r="D2" t="inlineStr"><is><t>obs</t></is></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>M1</t></is></c><c r="B3"><v>7</v></c><c r="C3"><v>4106902</v></c><c r="D3" t="inlineStr"><is><t>x</t></is></c></row>` +
		`<row r="4"><c r="A4" t="inlineStr"><is><t>M2</t></is></c><c r="B4"/><c r="C4" t="inlineStr"><is><t>própria</t></is></c></row>` +
		`<row r="5"><c r="A5" t="inlineStr"><is><t>M3</t></is></c></row>` +
		`<row r="7"><c r="A7" t="inlineStr"><is><t>M4</t></is></c><c r="B7"><v>9</v></c></row>`
	merges := `<mergeCells count="5"><mergeCell ref="A1:D1"/><mergeCell ref="B3:B5"/><mergeCell ref="C3:C5"/><mergeCell ref="D6:D7"/><mergeCell ref="B8:B9"/></mergeCells>`
	want := "A1=S:Título\n" +
		"A2=S:id B2=S:empresa C2=S:cidade D2=S:obs\n" +
		"A3=S:M1 B3=N:7 C3=N:4106902 D3=S:x\n" +
		"A4=S:M2 B4=N:7 C4=S:própria\n" +
		"A5=S:M3 B5=N:7 C5=N:4106902\n" +
		"A7=S:M4 B7=N:9\n"
	for _, c := range []struct {
		name, sheet string
		prescan     uint64
		filled      bool
	}{
		{"plain", `<worksheet ` + nsMain + `><sheetData>` + rows + `</sheetData>` + merges + `<pageMargins left="0.7"/></worksheet>`, maxPrescan, true},
		{"prefixed", `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` + prefixed(rows) + `</x:sheetData>` + prefixed(merges) + `</x:worksheet>`, maxPrescan, true},
		{"too large to look at first", `<worksheet ` + nsMain + `><sheetData>` + rows + `</sheetData>` + merges + `</worksheet>`, 10, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func(old uint64) { maxPrescan = old }(maxPrescan)
			maxPrescan = c.prescan
			b := newBook("", "", "")
			b["xl/worksheets/sheet1.xml"] = []byte(`<?xml version="1.0"?>` + c.sheet)
			s, err := Open(b.write(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for range 2 { // a second reading fills the same
				var got strings.Builder
				err = s.Rows(context.Background(), "dados", func(r Row) error {
					var cells []string
					for _, c := range r.Cells {
						if c.Kind != Empty {
							cells = append(cells, c.Ref+"="+canon(c))
						}
					}
					fmt.Fprintln(&got, strings.Join(cells, " "))
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				w := want
				if !c.filled {
					w = strings.NewReplacer("B4=N:7 ", "", " B5=N:7 C5=N:4106902", "").Replace(want)
				}
				if got.String() != w {
					t.Errorf("got\n%s\nwant\n%s", got.String(), w)
				}
			}
			ranges, n, filled := s.(*xlsxSource).Merged("dados")
			if strings.Join(ranges, " ") != "B3:B5 C3:C5 D6:D7 B8:B9" || n != 4 || filled != c.filled {
				t.Errorf("Merged: %q %d %v", ranges, n, filled)
			}
		})
	}
}

func prefixed(xml string) string {
	return strings.NewReplacer("<row", "<x:row", "</row", "</x:row", "<c ", "<x:c ", "</c>", "</x:c>", "<v>", "<x:v>", "</v>", "</x:v>",
		"<is>", "<x:is>", "</is>", "</x:is>", "<t>", "<x:t>", "</t>", "</x:t>", "<mergeCell", "<x:mergeCell", "</mergeCells", "</x:mergeCells").Replace(xml)
}

// TestEndOfRowsAcrossChunks: the end of the rows is found wherever it falls in the chunks a
// sheet is read in, and text that merely holds the name is not taken for it.
func TestEndOfRowsAcrossChunks(t *testing.T) {
	tail := `</sheetData><mergeCells><mergeCell ref="A2:A3"/></mergeCells></worksheet>`
	for _, pad := range []int{0, 1, 256<<10 - 20, 256<<10 - 5, 256<<10 - 1, 256 << 10, 3*(256<<10) - 7} {
		doc := `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>sheetData&gt; a text</t></is></c></row><row r="2"><c t="inlineStr"><is><t>` +
			strings.Repeat("x", pad) + `</t></is></c></row>` + tail
		m, err := scanMerges(context.Background(), strings.NewReader(doc))
		if err != nil || m.n != 1 || len(m.spans) != 1 || m.spans[0] != (mergeSpan{col: 0, from: 2, to: 3}) {
			t.Errorf("pad %d: %+v, %v", pad, m, err)
		}
	}
	if i := endOfRows([]byte(`<t>sheetData></t></sheetData>`)); i != len(`<t>sheetData></t></sheetData>`) {
		t.Errorf("endOfRows: %d", i)
	}
}

// TestMergedFillBounded: a sheet that merges more columns down at once than maxActive fills
// maxActive of them; the work per row stays bounded.
func TestMergedFillBounded(t *testing.T) {
	m := &mergeSet{}
	for col := range 200 {
		m.add(fmt.Sprintf("%s1:%s1000000", ColumnName(col), ColumnName(col)))
	}
	f := newMergeFill(m)
	first := make([]Cell, 200)
	for i := range first {
		first[i] = Cell{Kind: Text, Raw: "v", Ref: CellRef(i, 1)}
	}
	f.fill(1, first)
	row := f.fill(2, []Cell{{Kind: Text, Raw: "a", Ref: "A2"}})
	filled := 0
	for _, c := range row {
		if c.Kind == Text && c.Raw == "v" {
			filled++
		}
	}
	if filled != maxActive-1 || row[0].Raw != "a" {
		t.Errorf("%d cells filled, want %d (and A2 its own)", filled, maxActive-1)
	}
}

// FuzzScanMerges: whatever a sheet's XML holds, finding its merged ranges neither panics nor
// keeps a range that does not span rows, and filling a row with them keeps its own values.
func FuzzScanMerges(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"/></sheetData><mergeCells><mergeCell ref="A1:A3"/><mergeCell ref="B2:D2"/></mergeCells></worksheet>`))
	f.Add([]byte(`</x:sheetData><x:mergeCell ref="$B$2:$B$9"/>`))
	f.Add([]byte(`</sheetData><mergeCell ref="XFD1048575:XFD1048576"/><mergeCell ref="A0:A2"/><mergeCell ref=":"/>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		m, err := scanMerges(context.Background(), strings.NewReader(string(doc)))
		if err != nil {
			return
		}
		for _, sp := range m.spans {
			if sp.to <= sp.from || sp.col < 0 || sp.col >= MaxColumns+1 {
				t.Fatalf("span %+v", sp)
			}
		}
		fill := newMergeFill(m)
		if fill == nil {
			return
		}
		for line := 1; line <= 12; line++ {
			row := []Cell{{Kind: Text, Raw: "own", Ref: CellRef(0, line)}}
			if got := fill.fill(line, row); got[0].Raw != "own" {
				t.Fatalf("line %d: own value replaced: %+v", line, got[0])
			}
		}
	})
}

// TestMergedFillGrowsLittle: a merged range far to the right of a row's cells (column XFD)
// does not make the row 16,384 cells wide.
func TestMergedFillGrowsLittle(t *testing.T) {
	m := &mergeSet{}
	m.add("XFD1:XFD1000000")
	m.add("C1:C9")
	f := newMergeFill(m)
	first := make([]Cell, MaxColumns)
	first[2], first[MaxColumns-1] = Cell{Kind: Text, Raw: "c"}, Cell{Kind: Text, Raw: "far"}
	f.fill(1, first)
	row := f.fill(2, []Cell{{Kind: Text, Raw: "a", Ref: "A2"}})
	if len(row) != 3 || row[2].Raw != "c" || row[2].Ref != "C2" {
		t.Errorf("row of %d cells: %+v", len(row), row[:min(len(row), 4)])
	}
}

// TestHiddenColumns: the column ranges a sheet hides (<cols>, before its rows) are known
// once its rows were read, even if reading stopped after the first row.
func TestHiddenColumns(t *testing.T) {
	b := newBook("", "", "")
	b["xl/worksheets/sheet1.xml"] = []byte(`<?xml version="1.0"?><worksheet ` + nsMain + `><cols><col min="1" max="1" hidden="1"/><col min="2" max="2" width="9"/><col min="3" max="4" hidden="1"/><col min="8" max="16384" hidden="true"/></cols><sheetData>` +
		`<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c></row></sheetData></worksheet>`)
	s, err := Open(b.write(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stop := fmt.Errorf("stop")
	if err := s.Rows(context.Background(), "dados", func(Row) error { return stop }); err != stop {
		t.Fatal(err)
	}
	got := s.(*xlsxSource).HiddenColumns("dados")
	if fmt.Sprint(got) != "[[0 0] [2 3] [7 16383]]" {
		t.Errorf("hidden %v", got)
	}
}
