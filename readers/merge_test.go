package readers

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMergedCellsFilled: a merged range that spans rows gives its first value to each of its
// rows, as Excel shows it (a company merged down over its accounts, a quote's columns over
// its items); a range within one row stays as stored; a row's own value in the range is kept;
// a range whose first cell is empty fills nothing; a row shorter than the range's column
// grows to it. A range whose first row is not in the file fills nothing, not even with the
// value a later row of it holds (Excel shows the range empty). The ranges are said (Merged),
// as written, though not in the order of their rows. With or without a namespace prefix,
// with spaces before the '>' of the rows' end tag, for a sheet damaged after its ranges (the
// ranges read before the damage are kept), and for a sheet too large to be looked at first,
// found after the rows and not filled.
func TestMergedCellsFilled(t *testing.T) {
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>Título</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>id</t></is></c><c r="B2" t="inlineStr"><is><t>empresa</t></is></c><c r="C2" t="inlineStr"><is><t>cidade</t></is></c><c r="D2" t="inlineStr"><is><t>obs</t></is></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>M1</t></is></c><c r="B3"><v>7</v></c><c r="C3"><v>4106902</v></c><c r="D3" t="inlineStr"><is><t>x</t></is></c></row>` +
		`<row r="4"><c r="A4" t="inlineStr"><is><t>M2</t></is></c><c r="B4"/><c r="C4" t="inlineStr"><is><t>própria</t></is></c></row>` +
		`<row r="5"><c r="A5" t="inlineStr"><is><t>M3</t></is></c></row>` +
		`<row r="7"><c r="A7" t="inlineStr"><is><t>M4</t></is></c><c r="B7"><v>9</v></c><c r="D7" t="inlineStr"><is><t>y</t></is></c></row>` +
		`<row r="8"><c r="A8" t="inlineStr"><is><t>M5</t></is></c></row>`
	// Excel writes the ranges in the order they were merged, not of their rows.
	merges := `<mergeCells count="5"><mergeCell ref="A1:D1"/><mergeCell ref="D6:D8"/><mergeCell ref="C3:C5"/><mergeCell ref="B8:B9"/><mergeCell ref="B3:B5"/></mergeCells>`
	want := "A1=S:Título\n" +
		"A2=S:id B2=S:empresa C2=S:cidade D2=S:obs\n" +
		"A3=S:M1 B3=N:7 C3=N:4106902 D3=S:x\n" +
		"A4=S:M2 B4=N:7 C4=S:própria\n" +
		"A5=S:M3 B5=N:7 C5=N:4106902\n" +
		"A7=S:M4 B7=N:9 D7=S:y\n" +
		"A8=S:M5\n"
	for _, c := range []struct {
		name, sheet string
		prescan     uint64
		filled      bool
	}{
		{"plain", `<worksheet ` + nsMain + `><sheetData>` + rows + `</sheetData>` + merges + `<pageMargins left="0.7"/></worksheet>`, maxPrescan, true},
		{"spaces before the end tag's >", `<worksheet ` + nsMain + `><sheetData>` + rows + "</sheetData \r\n>" + merges + `</worksheet>`, maxPrescan, true},
		{"damaged after its ranges", `<worksheet ` + nsMain + `><sheetData>` + rows + `</sheetData>` + merges + `<pageMargins left="0.7"`, maxPrescan, true},
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
			if strings.Join(ranges, " ") != "D6:D8 C3:C5 B8:B9 B3:B5" || n != 4 || filled != c.filled {
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
// sheet is read in (the sheet's start, the end tag cut between two chunks after any of its
// bytes, the ranges after it in the next chunk), and text that merely holds the name is not
// taken for it, nor is a tag cut to "/sheetData>" at the start of what is read.
func TestEndOfRowsAcrossChunks(t *testing.T) {
	const chunk = 256 << 10 // scanMerges' chunk
	head := `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>sheetData&gt; a text</t></is></c></row><row r="2"><c t="inlineStr"><is><t>`
	rows := `</t></is></c></row>`
	tail := `</sheetData><mergeCells><mergeCell ref="A2:A3"/></mergeCells></worksheet>`
	pads := []int{0, 1}
	for _, end := range []int{chunk, 3 * chunk} {
		// before is how much of the tail comes before a chunk's end: 1 to 11 bytes cut the end
		// tag, 12 put the ranges wholly in the next chunk, 40 cut the mergeCell element.
		for _, before := range []int{1, 2, 5, 10, 11, 12, 40} {
			pads = append(pads, end-len(head)-len(rows)-before)
		}
	}
	for _, pad := range pads {
		doc := head + strings.Repeat("x", pad) + rows + tail
		m, err := scanMerges(context.Background(), strings.NewReader(doc))
		if err != nil || m.n != 1 || len(m.spans) != 1 || m.spans[0] != (mergeSpan{col: 0, from: 2, to: 3}) {
			t.Errorf("pad %d: %+v, %v", pad, m, err)
		}
	}
	for _, c := range []struct {
		doc  string
		want int // the index just past the end tag; -1: none
	}{
		{`<t>sheetData></t></sheetData>`, len(`<t>sheetData></t></sheetData>`)},
		{`<t>a/sheetData></t></sheetData>`, len(`<t>a/sheetData></t></sheetData>`)}, // '>' needs no escape in text
		{`/sheetData><mergeCell ref="A1:A2"/>`, -1},
		{`<sheetData/>`, -1},
		{`</x:sheetData>`, len(`</x:sheetData>`)},
		{`</ns0:sheetData>`, len(`</ns0:sheetData>`)}, // as Python's ElementTree names them
		{`</X:sheetData>`, len(`</X:sheetData>`)},
		{`</my_ns-1.x:sheetData>`, len(`</my_ns-1.x:sheetData>`)},
		{`<a:b:sheetData></sheetData>`, len(`<a:b:sheetData></sheetData>`)},
		{"</sheetData >", len("</sheetData >")}, // XML allows spaces there
		{"</x:sheetData\r\n\t>", len("</x:sheetData\r\n\t>")},
		{"<t>sheetData ></t></sheetData>", len("<t>sheetData ></t></sheetData>")},
		{"</sheetData x>", -1},
		{"</sheetData ", -1}, // its '>' in the next chunk
	} {
		if i := endOfRows([]byte(c.doc)); i != c.want {
			t.Errorf("endOfRows(%q) = %d, want %d", c.doc, i, c.want)
		}
	}
}

// TestMergedRangesCounted: Merged names the first ranges as written and counts them all, up to
// maxMerges; a range past that many stays as stored (a hostile sheet's ranges take no more
// memory than that many).
func TestMergedRangesCounted(t *testing.T) {
	var merges strings.Builder
	for i := range maxMerges {
		fmt.Fprintf(&merges, `<mergeCell ref="B%d:B%d"/>`, 10+2*i, 11+2*i)
	}
	merges.WriteString(`<mergeCell ref="A2:A3"/>`) // one too many: A3 stays empty
	b := newBook("", "", "")
	b["xl/worksheets/sheet1.xml"] = []byte(`<?xml version="1.0"?><worksheet ` + nsMain + `><sheetData>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>v</t></is></c></row><row r="3"><c r="B3"><v>1</v></c></row>` +
		`</sheetData><mergeCells>` + merges.String() + `</mergeCells></worksheet>`)
	s, err := Open(b.write(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var a3 []string
	err = s.Rows(context.Background(), "dados", func(r Row) error {
		if r.Line == 3 && len(r.Cells) > 0 && r.Cells[0].Kind != Empty {
			a3 = append(a3, r.Cells[0].Raw)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if a3 != nil {
		t.Errorf("A3 = %q, filled by a range past maxMerges", a3)
	}
	ranges, n, filled := s.(*xlsxSource).Merged("dados")
	if len(ranges) != rangesNamed || ranges[0] != "B10:B11" || ranges[rangesNamed-1] != "B28:B29" || n != maxMerges || !filled {
		t.Errorf("Merged: %d ranges %q..., %d, %v; want the first %d, %d", len(ranges), ranges[:min(len(ranges), 2)], n, filled, rangesNamed, maxMerges)
	}
}

// TestMergedSheetEmptyOrInterrupted: a sheet without rows (<sheetData/>, as Excel writes an
// empty sheet) reads none and is no error; a reading whose context ended before its merged
// ranges were looked for says so, not that the file is damaged.
func TestMergedSheetEmptyOrInterrupted(t *testing.T) {
	b := newBook("", "", "")
	b["xl/worksheets/sheet1.xml"] = []byte(`<?xml version="1.0"?><worksheet ` + nsMain + `><dimension ref="A1"/><sheetData/><pageMargins left="0.7"/></worksheet>`)
	s, err := Open(b.write(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	if err := s.Rows(context.Background(), "dados", func(Row) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("an empty sheet: %d rows, %v", n, err)
	}

	s2, err := Open(newBook(`<row r="1"><c r="A1"><v>1</v></c></row>`, "", "").write(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = s2.Rows(ctx, "dados", func(Row) error { return nil })
	var fe *FileError
	if !errors.Is(err, context.Canceled) || errors.As(err, &fe) {
		t.Errorf("a reading interrupted: %v, want context.Canceled and no FileError", err)
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
// keeps a range that does not span rows (or starts before the first), and filling a row with
// them keeps its own values.
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
			if sp.to <= sp.from || sp.from < 1 || sp.col < 0 || sp.col >= MaxColumns+1 {
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

// TestMergedSheetChecksummed: a sheet part whose bytes changed after it was written (a disk,
// a copy: its checksum no longer matches) is refused, though its rows read well to their end
// tag. The rows' reader stops there; looking for the merged ranges reads the part to its end,
// where the checksum is checked, and so is what finds that the rows may not be as written.
func TestMergedSheetChecksummed(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range newBook(`<row r="1"><c r="A1"><v>10.5</v></c></row>`, "", "").parts() {
		h := &zip.FileHeader{Name: p.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(p.data),
			CompressedSize64: uint64(len(p.data)), UncompressedSize64: uint64(len(p.data))}
		if p.name == "xl/worksheets/sheet1.xml" {
			h.CRC32++
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var fe *FileError
	if err := s.Rows(context.Background(), "dados", func(Row) error { return nil }); !errors.As(err, &fe) {
		t.Errorf("a sheet whose checksum is wrong: %v, want a FileError", err)
	}
}

// TestMergedFillKeepsTheCell: a merged range's rows get its first cell whole, but for its
// reference: a date of a 1904 workbook stays one (read as 1900's it would move four years),
// a percentage stays one (5% is not 0.05), and the format and formula go with them.
func TestMergedFillKeepsTheCell(t *testing.T) {
	m := &mergeSet{}
	m.add("A1:A3")
	m.add("B1:B3")
	f := newMergeFill(m)
	first := []Cell{
		{Kind: Date, Raw: "45291", Date1904: true, Ref: "A1", Format: "dd/mm/yyyy", Formula: "HOJE()"},
		{Kind: Number, Raw: "0.05", Ref: "B1", Percent: true, Format: "0.00%"},
	}
	f.fill(1, slices.Clone(first))
	for line := 2; line <= 3; line++ {
		row := f.fill(line, []Cell{{Ref: CellRef(0, line)}})
		for col, c := range first {
			want := c
			want.Ref = CellRef(col, line)
			if col >= len(row) || row[col] != want {
				t.Errorf("line %d: %+v, want %+v", line, row, want)
			}
		}
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
