package readers

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// readBook reads every row of the book's sheet "dados".
func readBook(t testing.TB, path string) ([]Row, error) {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var rows []Row
	err = s.Rows(context.Background(), "dados", func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

const testStyles = `<numFmts count="5"><numFmt numFmtId="164" formatCode="0.00%"/><numFmt numFmtId="165" formatCode="0.0&quot;%&quot;"/><numFmt numFmtId="166" formatCode="dd/mm/yyyy"/><numFmt numFmtId="167" formatCode="#,##0.00"/><numFmt numFmtId="168" formatCode="0\%"/></numFmts>` +
	`<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>` +
	`<cellXfs count="10"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="10"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/><xf numFmtId="14"/><xf numFmtId="49"/></cellXfs>` +
	`<dxfs count="1"><dxf><numFmt numFmtId="170" formatCode="0%"/></dxf></dxfs>`

// TestXLSXCellDetails: percent, number format, formula and hidden rows (issues 12.11, 15.7,
// 15.13).
func TestXLSXCellDetails(t *testing.T) {
	rows := `<row r="1" hidden="1"><c r="A1" s="1"><v>0.05</v></c><c r="B1" s="2"><v>0.125</v></c><c r="C1" s="3"><v>0.5</v></c>` +
		`<c r="D1" s="4"><v>5</v></c><c r="E1" s="5"><v>46387</v></c><c r="F1" s="6"><v>1234.5</v></c><c r="G1" s="7"><v>5</v></c>` +
		`<c r="H1" s="8"><v>46387</v></c><c r="I1" s="9" t="s"><v>0</v></c><c r="J1" s="99"><v>1</v></c></row>` +
		`<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2*2</f><v>4</v></c><c r="B2"><f>IF(A1&gt;0,"a&amp;b","")</f><v>a&amp;b</v></c><c r="C2" t="str"><f>1+1</f><v></v></c><c r="D2"><f>1+1</f><v></v></c></row>` +
		`<row r="3"><c r="A3"><f t="shared" si="0"/><v>6</v></c></row>`
	path := newBook(rows, `<si><t>00123</t></si>`, testStyles).write(t)
	got, err := readBook(t, path)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		kind    Kind
		raw     string
		percent bool
		format  string
		formula string
	}
	check := func(c Cell, w want) {
		t.Helper()
		if c.Kind != w.kind || c.Raw != w.raw || c.Percent != w.percent || c.Format != w.format || c.Formula != w.formula {
			t.Errorf("%s: got %+v, want %+v", c.Ref, c, w)
		}
	}
	if len(got) != 3 || !got[0].Hidden || got[1].Hidden {
		t.Fatalf("rows %+v", got)
	}
	r1 := got[0].Cells
	check(r1[0], want{Number, "0.05", true, "0%", ""})
	check(r1[1], want{Number, "0.125", true, "0.00%", ""})
	check(r1[2], want{Number, "0.5", true, "0.00%", ""})
	check(r1[3], want{Number, "5", false, `0.0"%"`, ""}) // a quoted % is text, not a percentage
	check(r1[4], want{Date, "46387", false, "dd/mm/yyyy", ""})
	check(r1[5], want{Number, "1234.5", false, "#,##0.00", ""})
	check(r1[6], want{Number, "5", false, `0\%`, ""}) // an escaped % too
	check(r1[7], want{Date, "46387", false, "dd/mm/yyyy", ""})
	check(r1[8], want{Text, "00123", false, "@", ""})
	check(r1[9], want{Number, "1", false, "General", ""}) // a style past the table
	r2 := got[1].Cells
	check(r2[0], want{Number, "4", false, "General", "B2*2"})
	check(r2[1], want{Number, "a&b", false, "General", `IF(A1>0,"a&b","")`})
	check(r2[2], want{Text, "", false, "General", "1+1"})
	check(r2[3], want{Error, "=?", false, "General", "1+1"})
	check(got[2].Cells[0], want{Number, "6", false, "General", ""}) // a follower of a shared formula
}

// TestXLSXRealProgramsDetails: what the fixtures of real programs say of their percent
// and date cells.
func TestXLSXRealProgramsDetails(t *testing.T) {
	for _, f := range []string{"libreoffice.xlsx", "gnumeric.xlsx", "xlsxwriter.xlsx", "openpyxl.xlsx"} {
		rows, err := readBook(t, filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		pct, date := rows[1].Cells[4], rows[1].Cells[2]
		if !pct.Percent || !strings.Contains(pct.Format, "%") || date.Kind != Date || date.Format == "" {
			t.Errorf("%s: percent cell %+v, date cell %+v", f, pct, date)
		}
		if f != "openpyxl.xlsx" && rows[1].Cells[6].Formula != "B2*2" {
			t.Errorf("%s: formula cell %+v", f, rows[1].Cells[6])
		}
	}
}

func zeros(n int) []byte { return make([]byte, n) }

// TestXLSXFileErrors: every way a workbook is refused whole, with the kind the pipeline
// writes its message from. The bombs are built here, small on disk.
func TestXLSXFileErrors(t *testing.T) {
	base := newBook(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, `<si><t>a</t></si>`, testStyles)
	bigSheet := []byte(`<worksheet><sheetData>` + strings.Repeat(`<row/>`, (65<<20)/6) + `</sheetData></worksheet>`)
	noSheets := newBook("", "", "")
	noSheets["xl/workbook.xml"] = []byte(`<workbook ` + nsMain + `><sheets/></workbook>`)
	missing := newBook("", "", "")
	missing["xl/worksheets/sheet1.xml"] = nil
	many := newBook("", "", "")
	many["xl/workbook.xml"] = []byte(`<workbook ` + nsMain + ` ` + nsRel + `><sheets>` + strings.Repeat(`<sheet name="x" r:id="rId1"/>`, maxSheets+1) + `</sheets></workbook>`)
	manyRels := newBook("", "", "")
	manyRels["xl/_rels/workbook.xml.rels"] = []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		strings.Repeat(`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`, maxSheets*4+2) + `</Relationships>`)
	cases := []struct {
		name  string
		path  func() string
		kind  FileErrorKind
		part  string
		atRow bool // found while reading the sheet, not at Open
	}{
		{"a text file named .xlsx", func() string {
			p := filepath.Join(t.TempDir(), "x.xlsx")
			os.WriteFile(p, []byte("codigo;nome\n1;x\n"), 0o644)
			return p
		}, NotSpreadsheet, "", false},
		{"an OLE file (.xls renamed, or encrypted)", func() string {
			p := filepath.Join(t.TempDir(), "x.xlsx")
			os.WriteFile(p, append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), zeros(512)...), 0o644)
			return p
		}, EncryptedOrXLS, "", false},
		{"a zip that is no workbook", func() string {
			return writeZip(t, "x.xlsx", []zpart{{name: "hello.txt", data: []byte("hi")}})
		}, NotSpreadsheet, "", false},
		{"a workbook without sheets", func() string { return noSheets.write(t) }, NoSheet, "", false},
		{"a sheet without its part", func() string { return missing.write(t) }, Corrupt, "xl/worksheets/sheet1.xml", false},
		{"damaged styles", func() string {
			return base.write(t, zpart{name: "xl/styles.xml", data: []byte(`<styleSheet><cellXfs><xf numFmtId=14/></cellXfs></styleSheet>`)})
		}, Corrupt, "xl/styles.xml", false},
		{"too many sheets", func() string { return many.write(t) }, TooManySheets, "xl/workbook.xml", false},
		{"too many relationships", func() string { return manyRels.write(t) }, TooManySheets, "xl/_rels/workbook.xml.rels", false},
		{"a sheet that inflates 1000:1 past 64 MiB", func() string {
			return base.write(t, zpart{name: "xl/worksheets/sheet1.xml", data: bigSheet})
		}, ZipBomb, "xl/worksheets/sheet1.xml", false},
		{"shared strings that inflate 1000:1 past 64 MiB", func() string {
			return base.write(t, zpart{name: "xl/sharedStrings.xml", data: append([]byte(`<sst>`), zeros(65<<20)...)})
		}, ZipBomb, "xl/sharedStrings.xml", false},
		{"a part that claims 5 GiB", func() string {
			return base.write(t, zpart{name: "xl/media/image1.png", data: []byte("x"), declare: 5 << 30, declareComp: 1 << 30})
		}, PartTooLarge, "xl/media/image1.png", false},
		{"a workbook part past 64 MiB (at 65:1)", func() string {
			return base.write(t, zpart{name: "xl/workbook.xml", declare: 65 << 20, declareComp: 1 << 20})
		}, WorkbookTooLarge, "xl/workbook.xml", false},
		{"a styles part past 64 MiB (at 65:1)", func() string {
			return base.write(t, zpart{name: "xl/styles.xml", data: []byte("<styleSheet/>"), declare: 65 << 20, declareComp: 1 << 20})
		}, StylesTooLarge, "xl/styles.xml", false},
		{"shared strings that lie about their size", func() string {
			return base.write(t, zpart{name: "xl/sharedStrings.xml", data: []byte(`<sst><si><t>` + strings.Repeat("a", 1<<20) + `</t></si></sst>`), declare: 100})
		}, SizeMismatch, "xl/sharedStrings.xml", false},
		{"a sheet that lies about its size", func() string {
			return base.write(t, zpart{name: "xl/worksheets/sheet1.xml", data: bigSheet[:1<<20], declare: 4096})
		}, SizeMismatch, "xl/worksheets/sheet1.xml", true},
		{"a zip directory too large to hold", func() string {
			p := base.write(t)
			b, _ := os.ReadFile(p)
			i := bytes.LastIndex(b, []byte("PK\x05\x06"))
			binary.LittleEndian.PutUint32(b[i+12:], 9<<20)
			os.WriteFile(p, b, 0o644)
			return p
		}, TooManyParts, "", false},
		{"a zip cut short inside its end of directory", func() string {
			p := base.write(t)
			b, _ := os.ReadFile(p)
			i := bytes.LastIndex(b, []byte("PK\x05\x06"))
			os.WriteFile(p, b[:i+15], 0o644)
			return p
		}, NotSpreadsheet, "", false},
		{"a zip64 directory that declares more parts than its bound holds", func() string {
			return zip64Entries(t, base.write(t), maxDirectory/46+1)
		}, TooManyParts, "", false},
		{"a zip directory of its bound exactly, which archive/zip then finds short", func() string {
			p := base.write(t)
			b, _ := os.ReadFile(p)
			i := bytes.LastIndex(b, []byte("PK\x05\x06"))
			binary.LittleEndian.PutUint32(b[i+12:], maxDirectory)
			os.WriteFile(p, b, 0o644)
			return p
		}, NotSpreadsheet, "", false},
		{"damaged sheet XML", func() string {
			return newBook(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>&bogus;</v></c></row>`, "", "").write(t)
		}, Corrupt, "xl/worksheets/sheet1.xml", true},
		{"damaged sheet XML between rows", func() string {
			return newBook(`<row r="1"><c r="A1"><v>1</v></c></row><!-- <row r="2"><c r="A2"><v>2</v></c></row>`, "", "").write(t)
		}, Corrupt, "xl/worksheets/sheet1.xml", true},
		{"a sheet cut inside a tag", func() string {
			b := newBook("", "", "")
			b["xl/worksheets/sheet1.xml"] = []byte(`<worksheet ` + nsMain + `><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"`)
			return b.write(t)
		}, Corrupt, "xl/worksheets/sheet1.xml", true},
		{"rows out of order", func() string {
			return newBook(`<row r="5"><c r="A5"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`, "", "").write(t)
		}, Corrupt, "xl/worksheets/sheet1.xml", true},
		{"a cell twice in its row, one after the other", func() string {
			return newBook(`<row r="2"><c r="J2"><v>10</v></c><c r="J2"><v>99.99</v></c></row>`, "", "").write(t)
		}, Corrupt, "xl/worksheets/sheet1.xml", true},
		{"a cell twice in its row", func() string {
			return newBook(`<row r="2"><c r="J2"><v>10</v></c><c r="K2"><v>1</v></c><c r="J2"><v>99.99</v></c></row>`, "", "").write(t)
		}, Corrupt, "xl/worksheets/sheet1.xml", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.path()
			if fi, _ := os.Stat(p); fi.Size() > 1<<20 {
				t.Fatalf("the test file is %d bytes on disk", fi.Size())
			}
			s, err := Open(p, Options{})
			if c.atRow {
				if err != nil {
					t.Fatalf("open: %v", err)
				}
				err = s.Rows(context.Background(), "dados", func(Row) error { return nil })
				s.Close()
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Kind != c.kind || fe.Part != c.part || fe.Path != p {
				t.Fatalf("got %v, want a %s FileError on %q", err, c.kind, c.part)
			}
		})
	}
}

// TestXLSXSharedStringsCap: past 1 GiB of shared strings the workbook is refused (the cap is
// lowered here to reach it with a small file).
func TestXLSXSharedStringsCap(t *testing.T) {
	sst := strings.Repeat(`<si><t>`+strings.Repeat("x", 999)+`</t></si>`, 2000) // 2 MB
	p := newBook(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, sst, "").write(t)
	_, err := openXLSXLimits(context.Background(), p, Options{}, limits{sstMemory: 1 << 20, sharedText: 1 << 20})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != SharedStringsTooLarge || fe.Limit != 1<<20 {
		t.Fatalf("got %v", err)
	}
	// The cap counts each string's bytes and its length's (2 bytes for 999): 2,002,000 in
	// all is at the cap, and read; a byte less of cap refuses it.
	s, err := openXLSXLimits(context.Background(), p, Options{}, limits{sstMemory: 1 << 20, sharedText: 2000 * 1001})
	if err != nil {
		t.Fatalf("at the cap: %v", err)
	}
	s.Close()
	_, err = openXLSXLimits(context.Background(), p, Options{}, limits{sstMemory: 1 << 20, sharedText: 2000*1001 - 1})
	if !errors.As(err, &fe) || fe.Kind != SharedStringsTooLarge {
		t.Fatalf("a byte past the cap: %v", err)
	}
	entries, _ := os.ReadDir(os.TempDir())
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "readers-sst-") {
			t.Errorf("spill file %s left behind", e.Name())
		}
	}
}

// TestXLSXSharedStringsSpill: a table past sstMemory goes to a temporary file and reads the
// same; Close removes the file.
func TestXLSXSharedStringsSpill(t *testing.T) {
	var sst, rows strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&sst, `<si><t>texto %d ção</t></si>`, i)
		// The first block too large to read whole (past 1 MiB): entries cut to Excel's cap
		// (32,767 bytes of L) and entries at it (65,534 bytes of ç), 15 each.
		switch {
		case i < 30 && i%2 == 0:
			fmt.Fprintf(&sst, `<si><t>%s</t></si>`, strings.Repeat("L", 300000))
		case i < 30:
			fmt.Fprintf(&sst, `<si><t>%s</t></si>`, strings.Repeat("ç", MaxFieldChars))
		}
	}
	n := 3030
	for r := 1; r <= 2000; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c></row>`, r, r, (r*7919)%n, r, r%n)
	}
	p := newBook(rows.String(), sst.String(), "").write(t)
	read := func(lim limits) ([]string, string) {
		dir := t.TempDir()
		s, err := openXLSXLimits(context.Background(), p, Options{TempDir: dir}, lim)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		err = s.Rows(context.Background(), "dados", func(r Row) error {
			out = append(out, fmt.Sprintf("%d|%s|%s", r.Line, r.Cells[0].Raw, r.Cells[1].Raw))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		spilled, _ := os.ReadDir(dir)
		names := ""
		for _, e := range spilled {
			names += e.Name()
		}
		s.Close()
		if after, _ := os.ReadDir(dir); len(after) != 0 {
			t.Fatalf("spill file left after Close: %v", after)
		}
		return out, names
	}
	mem, names := read(limits{sstMemory: sstMemory, sharedText: maxSharedText})
	if names != "" {
		t.Fatalf("spilled at the default size: %s", names)
	}
	spill, names := read(limits{sstMemory: 64 << 10, sharedText: maxSharedText})
	if !strings.HasPrefix(names, "readers-sst-") {
		t.Fatalf("not spilled: %q", names)
	}
	if strings.Join(mem, "\n") != strings.Join(spill, "\n") || len(mem) != 2000 {
		t.Fatalf("spilled table reads differently")
	}
	// A temporary folder that is not there (or full) is no damaged workbook: said apart (a
	// hygiene tester was told to save a sound workbook again in Excel).
	_, err := openXLSXLimits(context.Background(), p, Options{TempDir: filepath.Join(t.TempDir(), "gone")}, limits{sstMemory: 64 << 10, sharedText: maxSharedText})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != TempFolder {
		t.Errorf("spill into a missing folder: %v; want a TempFolder file error", err)
	}
}

// TestXLSXRowErrors: rows that cannot be read as written come with their error and the
// reading goes on.
func TestXLSXRowErrors(t *testing.T) {
	long := strings.Repeat("x", MaxFieldChars+1)
	exact := strings.Repeat("ç", MaxFieldChars)
	wide := rowsXML(1, 130, func(r, c int) string {
		return fmt.Sprintf(`<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, ColumnName(c), r, exact[:2*MaxFieldChars-2])
	})
	wide = strings.Replace(wide, `<row r="1">`, `<row r="4">`, 1)
	wide = strings.ReplaceAll(wide, `1" t="inlineStr"`, `4" t="inlineStr"`)
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>` + long + `</t></is></c><c r="B1"><v>1</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>0</v></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>` + exact + `</t></is></c></row>` +
		wide +
		`<row r="5"><c r="XFE5"><v>1</v></c></row>` +
		`<row r="6"><c r="A6"><v>ok</v></c></row>` +
		// the row cap reached by values (a formula's text results), not inline strings
		strings.ReplaceAll(rowsXML(1, 130, func(r, c int) string {
			return fmt.Sprintf(`<c r="%s%d" t="str"><v>%s</v></c>`, ColumnName(c), r, long[:MaxFieldChars])
		}), `1"`, `7"`)
	p := newBook(rows, `<si><t>`+strings.Repeat("y", 40000)+`</t></si>`, "").write(t)
	got, err := readBook(t, p)
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, r := range got {
		s := fmt.Sprint(r.Line)
		if r.Err != nil {
			s += fmt.Sprintf("!%s@%d/%d cells %d", r.Err.Kind, r.Err.Column, r.Err.Limit, len(r.Cells))
		}
		summary = append(summary, s)
	}
	want := []string{"1!field too long@0/32767 cells 2", "2!field too long@0/32767 cells 1", "3", "4!row too large@-1/4194304 cells 0", "5!too many columns@16384/16384 cells 0", "6", "7!row too large@-1/4194304 cells 0"}
	if strings.Join(summary, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(summary, "\n"), strings.Join(want, "\n"))
	}
	if n := len([]rune(got[0].Cells[0].Raw)); n != MaxFieldChars || got[0].Cells[1].Raw != "1" {
		t.Fatalf("the long cell keeps %d characters", n)
	}
}

// TestXLSXNamespacesAndEscapes: prefixed elements (the .NET SDK writes x:row), entities,
// CDATA, rich text, phonetic runs, _xHHHH_ escapes, a cell without a reference.
func TestXLSXNamespacesAndEscapes(t *testing.T) {
	b := newBook("", `<si><r><t>ri</t></r><r><rPr><b/></rPr><t xml:space="preserve">ch </t></r><rPh><t>ignored</t></rPh></si><si><t>a_x000D_b_x005F_x0041_</t></si>`, "")
	b["xl/worksheets/sheet1.xml"] = []byte(`<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v> 1 </x:v></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[<&>]]>&#233;&#x41;</x:t></x:is></x:c><!-- a comment --><x:c r="E1" t="b"><x:v>1</x:v></x:c><x:c r="F1" t="e"><x:v>#N/A</x:v></x:c></x:row>` +
		`</x:sheetData></x:worksheet>`)
	got, err := readBook(t, b.write(t))
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, c := range got[0].Cells {
		cells = append(cells, c.Ref+"="+canon(c))
	}
	want := "A1=S:rich |B1=S:a\rb_x0041_|C1=S:<&>éA|D1=|E1=B:TRUE|F1=E:#N/A"
	if strings.Join(cells, "|") != want {
		t.Fatalf("got  %q\nwant %q", strings.Join(cells, "|"), want)
	}
}

// TestXLSXBuiltinDateIDs: a cell whose style names a built-in number format by id alone (no
// <numFmt>) is a date where Excel's ids say so, at each end of their ranges (14–22, 27–36,
// 45–47, 50–58), and a number just outside them; the first cell style (s="0", or no s at
// all) is read as any other, so a workbook whose default style is a date has date cells.
func TestXLSXBuiltinDateIDs(t *testing.T) {
	ids := []int{13, 14, 22, 23, 26, 27, 36, 37, 44, 45, 47, 48, 49, 50, 58, 59}
	var xfs, cells strings.Builder
	xfs.WriteString(`<xf numFmtId="14"/>`) // style 0: a date
	for i, id := range ids {
		fmt.Fprintf(&xfs, `<xf numFmtId="%d"/>`, id)
		fmt.Fprintf(&cells, `<c r="%s1" s="%d"><v>46387</v></c>`, string(rune('A'+i)), i+1)
	}
	cells.WriteString(`<c r="Q1" s="0"><v>46387</v></c><c r="R1"><v>46387</v></c>`)
	styles := `<cellXfs count="17">` + xfs.String() + `</cellXfs>`
	got, err := readBook(t, newBook(`<row r="1">`+cells.String()+`</row>`, ``, styles).write(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind   Kind
		format string
	}{
		{Number, "# ??/??"}, {Date, "dd/mm/yyyy"}, {Date, "dd/mm/yyyy h:mm"}, {Number, "General"},
		{Number, "General"}, {Date, "dd/mm/yyyy"}, {Date, "dd/mm/yyyy"}, {Number, "#,##0 ;(#,##0)"},
		{Number, `_-"R$" * #,##0.00_-;-"R$" * #,##0.00_-;_-"R$" * "-"??_-;_-@_-`}, {Date, "mm:ss"},
		{Date, "mm:ss.0"}, {Number, "##0.0E+0"}, {Number, "@"}, {Date, "dd/mm/yyyy"},
		{Date, "dd/mm/yyyy"}, {Number, "General"},
		{Date, "dd/mm/yyyy"}, {Date, "dd/mm/yyyy"}, // s="0" and no s: the first style
	}
	if len(got) != 1 || len(got[0].Cells) != len(want) {
		t.Fatalf("rows %+v", got)
	}
	for i, w := range want {
		c := got[0].Cells[i]
		if c.Kind != w.kind || c.Format != w.format || c.Raw != "46387" {
			t.Errorf("%s: got kind %v format %q raw %q, want kind %v format %q", c.Ref, c.Kind, c.Format, c.Raw, w.kind, w.format)
		}
	}
}

// TestXLSXSharedStringIndex: a t="s" cell is the shared string its index names, blanks
// around it allowed; an index past the last string (the count itself among them), negative
// or not a number is #REF!, never another cell's string. A string that is one _xHHHH_ escape
// (7 characters) is decoded.
func TestXLSXSharedStringIndex(t *testing.T) {
	cells := []string{"0", "1", " 1 ", "2", "3", "-1", "x"} // 2: a text of one escape, _x00E7_
	var row strings.Builder
	row.WriteString(`<row r="1">`)
	for i, v := range cells {
		fmt.Fprintf(&row, `<c r="%s1" t="s"><v>%s</v></c>`, ColumnName(i), v)
	}
	row.WriteString(`</row>`)
	p := newBook(row.String(), `<si><t>ABC</t></si><si><t>Ação</t></si><si><t>_x00E7_</t></si>`, "").write(t)
	got, err := readBook(t, p)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Text ABC", "Text Ação", "Text Ação", "Text ç", "Error #REF!", "Error #REF!", "Error #REF!"}
	if len(got) != 1 || len(got[0].Cells) != len(want) {
		t.Fatalf("rows %+v", got)
	}
	for i, w := range want {
		c := got[0].Cells[i]
		if g := map[Kind]string{Text: "Text", Error: "Error"}[c.Kind] + " " + c.Raw; g != w {
			t.Errorf("%s (index %q): got %q, want %q", c.Ref, cells[i], g, w)
		}
	}
}

// TestXLSXNotAWorkbookLooks: a file named .xlsx that is no zip is told as text (a CSV named
// .xlsx) when it is: UTF-8, or Windows-1252 with its line ends (CRLF) and tabs; a control byte
// other than those makes it no text.
func TestXLSXNotAWorkbookLooks(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		want Looks
	}{
		{"UTF-8, semicolons", "código;nome\n1;Ação\n", LooksText},
		{"Windows-1252, CRLF", "c\xf3digo;nome completo\r\n1;Jo\xe3o da Silva\r\n", LooksText},
		{"Windows-1252, tabs", "c\xf3digo\tnome\n1\tA\xe7\xe3o\n", LooksText},
		{"a control byte", "c\xf3digo;nome\x01\n1;A\xe7\xe3o\n", LooksUnknown},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.xlsx")
			if err := os.WriteFile(p, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Open(p, Options{})
			var fe *FileError
			if !errors.As(err, &fe) || fe.Kind != NotSpreadsheet || fe.Looks != c.want {
				t.Fatalf("got %v (%+v), want NotSpreadsheet looking %v", err, fe, c.want)
			}
		})
	}
}

// zip64Entries rewrites the zip at p with a zip64 end of directory (as a zip of more than
// 65,535 parts has) that declares n parts in its directory, its size left as it is.
func zip64Entries(t testing.TB, p string, n uint64) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.LastIndex(b, []byte("PK\x05\x06"))
	dirSize := binary.LittleEndian.Uint32(b[i+12:])
	dirOff := binary.LittleEndian.Uint32(b[i+16:])
	rec := make([]byte, 56)
	copy(rec, "PK\x06\x06")
	binary.LittleEndian.PutUint64(rec[4:], 44)
	binary.LittleEndian.PutUint16(rec[12:], 45)
	binary.LittleEndian.PutUint64(rec[24:], n)
	binary.LittleEndian.PutUint64(rec[32:], n)
	binary.LittleEndian.PutUint64(rec[40:], uint64(dirSize))
	binary.LittleEndian.PutUint64(rec[48:], uint64(dirOff))
	loc := make([]byte, 20)
	copy(loc, "PK\x06\x07")
	binary.LittleEndian.PutUint64(loc[8:], uint64(i))
	binary.LittleEndian.PutUint32(loc[16:], 1)
	eocd := append([]byte(nil), b[i:]...)
	binary.LittleEndian.PutUint16(eocd[8:], 0xFFFF)
	binary.LittleEndian.PutUint16(eocd[10:], 0xFFFF)
	out := append(append(append(append([]byte(nil), b[:i]...), rec...), loc...), eocd...)
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestXLSXSharedStringOfWideCharacters: a shared string of 32,767 characters of four bytes
// each (😀, 131,068 bytes) is whole and no field too long; one more character is.
func TestXLSXSharedStringOfWideCharacters(t *testing.T) {
	exact, over := strings.Repeat("😀", MaxFieldChars), strings.Repeat("😀", MaxFieldChars+1)
	rows := `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>`
	got, err := readBook(t, newBook(rows, `<si><t>`+exact+`</t></si><si><t>`+over+`</t></si>`, "").write(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Err != nil || got[0].Cells[0].Raw != exact {
		t.Fatalf("the exact row: %d rows, error %v", len(got), got[0].Err)
	}
	if got[1].Err == nil || got[1].Err.Kind != FieldTooLong || got[1].Cells[0].Raw != exact {
		t.Fatalf("the row one character over: error %v, %d characters kept", got[1].Err, utf8.RuneCountInString(got[1].Cells[0].Raw))
	}
}

// TestXLSXEmptyRowElements: a row element with no cells, written <row r="2" .../> (a row
// with a height or a style of its own, as Excel and openpyxl write one), is no row, and the
// rows after it are read.
func TestXLSXEmptyRowElements(t *testing.T) {
	p := newBook(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2" spans="1:3" ht="20" customHeight="1"/><row r="3"/>`+
		`<row r="4"><c r="A4"><v>4</v></c></row>`, "", "").write(t)
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var lines []int
	if err := s.Rows(context.Background(), "dados", func(r Row) error { lines = append(lines, r.Line); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(lines) != "[1 4]" {
		t.Fatalf("rows %v, want [1 4]", lines)
	}
	// An interrupted read says so: it is not a sheet that ended.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Rows(ctx, "dados", func(Row) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("rows of a cancelled read: %v", err)
	}
}

// TestXLSXSheetLiesFoundWhileRead: a sheet too large to be looked at for merged ranges first
// is checked as its rows are read: one that inflates past its declared size is refused there,
// after the rows before, never read as if it ended.
func TestXLSXSheetLiesFoundWhileRead(t *testing.T) {
	defer func(old uint64) { maxPrescan = old }(maxPrescan)
	maxPrescan = 1024
	for name, rows := range map[string]string{
		"rows":              rowsXML(20000, 2, func(r, c int) string { return fmt.Sprintf(`<c><v>%d</v></c>`, r*10+c) }),
		"inside a long tag": `<row r="1"><c r="A1"><v>1</v></c></row><row r="2" x="` + strings.Repeat("1", 200000) + `"><c r="A2"><v>2</v></c></row>`,
	} {
		t.Run(name, func(t *testing.T) {
			p := newBook("", "", "").write(t, zpart{name: "xl/worksheets/sheet1.xml", data: []byte(`<worksheet ` + nsMain + `><sheetData>` + rows + `</sheetData></worksheet>`), declare: 4096})
			s, err := Open(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			n := 0
			err = s.Rows(context.Background(), "dados", func(Row) error { n++; return nil })
			var fe *FileError
			if !errors.As(err, &fe) || fe.Kind != SizeMismatch || fe.Part != "xl/worksheets/sheet1.xml" {
				t.Fatalf("after %d rows: %v, want the sheet refused for its size", n, err)
			}
		})
	}
}

// TestSharedStringsSpillMidway: a table whose size the zip does not say (0) starts in memory
// and moves to its temporary file when it outgrows it: the entries read before the move are
// read back as they were, and the cap counts each once.
func TestSharedStringsSpillMidway(t *testing.T) {
	var sst strings.Builder
	sst.WriteString(`<sst>`)
	total := int64(0)
	for i := range 2000 {
		e := fmt.Sprintf("texto %d ção", i)
		fmt.Fprintf(&sst, `<si><t>%s</t></si>`, e)
		total += int64(len(e) + uvarintLen(len(e)))
	}
	sst.WriteString(`</sst>`)
	read := func(limit int64) (*sharedStrings, error) {
		return readSharedStrings(context.Background(), strings.NewReader(sst.String()), t.TempDir(), limits{sstMemory: 4096, sharedText: limit}, 0)
	}
	s, err := read(total)
	if err != nil {
		t.Fatalf("at the cap: %v", err)
	}
	defer s.close()
	if s.file == nil {
		t.Fatal("not spilled")
	}
	v := s.view()
	for i := range 2000 {
		if got, _, ok, err := v.get(i); err != nil || !ok || got != fmt.Sprintf("texto %d ção", i) {
			t.Fatalf("entry %d: %q %v %v", i, got, ok, err)
		}
	}
	if _, err := read(total - 1); !errors.Is(err, errSSTTooLarge) {
		t.Fatalf("a byte past the cap: %v", err)
	}
}

// TestXLSXLongTextsInOneRow: a row of several long texts, each within Excel's 32,767
// characters, is read whole: the cap is each cell's, not the row's so far.
func TestXLSXLongTextsInOneRow(t *testing.T) {
	var row strings.Builder
	row.WriteString(`<row r="1">`)
	for c := range 6 {
		fmt.Fprintf(&row, `<c r="%s1" t="str"><f>REPT("%c";30000)</f><v>%s</v></c>`, ColumnName(c), 'a'+c, strings.Repeat(string(rune('a'+c)), 30000))
	}
	row.WriteString(`</row>`)
	s, err := Open(newBook(row.String(), "", "").write(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Rows(context.Background(), "dados", func(r Row) error {
		if r.Err != nil {
			return r.Err
		}
		for c, cell := range r.Cells {
			if cell.Raw != strings.Repeat(string(rune('a'+c)), 30000) {
				return fmt.Errorf("cell %s: %d characters", cell.Ref, len(cell.Raw))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestXLSXBytesNotUTF8: a sheet's text that is not UTF-8 (a generator that wrote Latin-1
// bytes into its XML) is a row error naming the cell; the row's texts are made valid for the
// report.
func TestXLSXBytesNotUTF8(t *testing.T) {
	got, err := readBook(t, newBook(`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>A`+"\xe7\xe3"+`o</t></is></c></row><row r="2"><c r="A2"><v>2</v></c></row>`, "", "").write(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Err == nil || got[0].Err.Kind != InvalidUTF8 || got[0].Err.Column != 1 || got[0].Cells[1].Raw != "A\uFFFDo" || got[1].Err != nil {
		t.Fatalf("got %+v", got)
	}
}

// TestXLSXLongCDATA: a CDATA section longer than the scanner's buffer is read in pieces, to
// its end: the cell is a text too long for Excel, and the row after it is read.
func TestXLSXLongCDATA(t *testing.T) {
	got, err := readBook(t, newBook(`<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[`+strings.Repeat("ab]", 100000)+`]]></t></is></c></row><row r="2"><c r="A2"><v>2</v></c></row>`, "", "").write(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Err == nil || got[0].Err.Kind != FieldTooLong || !strings.HasPrefix(got[0].Cells[0].Raw, "ab]ab]") || got[1].Cells[0].Raw != "2" {
		t.Fatalf("got %d rows: %v", len(got), got[0].Err)
	}
}

// TestXLSXCellTypes: how each cell type reads, its blanks included: a t="d" cell is the text
// it holds (an ISO 8601 date, never a number), an empty value is no value (a formula's
// then reads "=?") whatever the type, an inline string may come as a <v>, a reference without
// a column takes the column after the previous cell, a CDATA value is taken as it is written.
func TestXLSXCellTypes(t *testing.T) {
	for _, c := range []struct{ name, cells, want string }{
		{"an ISO 8601 date cell is text", `<c r="A1" t="d"><v>2024-01-05</v></c>`, "A1=S:2024-01-05"},
		{"a date cell's formula without a value", `<c r="A1" t="d"><f>TODAY()</f><v></v></c><c r="B1"><v>1</v></c>`, "A1=E:=?|B1=N:1"},
		{"an error cell's formula without a value", `<c r="A1" t="e"><f>1/0</f><v></v></c><c r="B1"><v>1</v></c>`, "A1=E:=?|B1=N:1"},
		{"a number cell's formula with a blank value", `<c r="A1"><f>A2</f><v> </v></c><c r="B1"><v>1</v></c>`, "A1=E:=?|B1=N:1"},
		{"a blank number, a blank error, a blank date", `<c r="A1"><v> </v></c><c r="B1" t="e"><v></v></c><c r="C1" t="d"><v> </v></c><c r="D1"><v>1</v></c>`, "A1=|B1=|C1=|D1=N:1"},
		{"an inline string written as a value", `<c r="A1" t="inlineStr"><v>abc</v></c>`, "A1=S:abc"},
		{"booleans", `<c r="A1" t="b"><v>0</v></c><c r="B1" t="b"><v> 1 </v></c>`, "A1=B:FALSE|B1=B:TRUE"},
		{"booleans as xsd:boolean writes them", `<c r="A1" t="b"><v>true</v></c><c r="B1" t="b"><v>false</v></c><c r="C1" t="b"><v>True</v></c><c r="D1" t="b"><v>2</v></c>`, "A1=B:TRUE|B1=B:FALSE|C1=B:TRUE|D1=B:FALSE"},
		{"a style that is no index", `<c r="A1" s="-1"><v>1</v></c><c r="B1" s="x"><v>2</v></c>`, "A1=N:1|B1=N:2"},
		{"a reference without a column", `<c r="A1"><v>1</v></c><c r="7"><v>2</v></c>`, "A1=N:1|B1=N:2"},
		{"a CDATA value is not unescaped", `<c r="A1" t="str"><v><![CDATA[a&amp;b]]></v></c>`, "A1=S:a&amp;b"},
		{"a shared string index that is no number", `<c r="A1" t="s"><v>x</v></c><c r="B1" t="s"><v>1</v></c>`, "A1=E:#REF!|B1=S:one"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := readBook(t, newBook(`<row r="1">`+c.cells+`</row>`, `<si><t>zero</t></si><si><t>one</t></si>`, "").write(t))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("%d rows, want 1", len(got))
			}
			var cells []string
			for _, c := range got[0].Cells {
				cells = append(cells, c.Ref+"="+canon(c))
			}
			if strings.Join(cells, "|") != c.want {
				t.Fatalf("got  %q\nwant %q", strings.Join(cells, "|"), c.want)
			}
		})
	}
}

// TestXLSXRowNumbers: a row's number is its r when it is one (Excel's last row, 1,048,576,
// included), else the one after the previous row's; a number not past the previous row's (the
// same row twice, whose cells would be sent twice) or past Excel's last row is a damaged sheet.
// A row of blank texts alone is no row.
func TestXLSXRowNumbers(t *testing.T) {
	for _, c := range []struct{ name, rows, want string }{
		{"r=0 is no number", `<row r="0"><c><v>1</v></c></row><row r="x"><c><v>2</v></c></row><row><c><v>3</v></c></row>`, "[1 2 3]"},
		{"Excel's last row", `<row r="1"><c><v>1</v></c></row><row r="1048576"><c><v>2</v></c></row>`, "[1 1048576]"},
		{"past Excel's last row", `<row r="1"><c><v>1</v></c></row><row r="1048577"><c><v>2</v></c></row>`, "corrupt"},
		{"the same row twice", `<row r="2"><c r="A2"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>`, "corrupt"},
		{"the same row twice, the second without cells", `<row r="2"><c r="A2"><v>1</v></c></row><row r="2"/>`, "corrupt"},
		{"a cell outside a row, after an empty row element, is not read", `<row r="1"><c><v>1</v></c></row><row r="2"/><c r="B2"><v>7</v></c><row r="3"><c><v>3</v></c></row>`, "[1 3]"},
		{"a row of blank texts", `<row r="1"><c t="inlineStr"><is><t>  </t></is></c><c t="str"><v>` + "\t" + `</v></c></row><row r="2"><c><v>1</v></c></row>`, "[2]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := readBook(t, newBook(c.rows, "", "").write(t))
			var fe *FileError
			switch {
			case c.want == "corrupt":
				if !errors.As(err, &fe) || fe.Kind != Corrupt {
					t.Fatalf("got %v, want a Corrupt FileError", err)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			var lines []int
			for _, r := range got {
				lines = append(lines, r.Line)
			}
			if fmt.Sprint(lines) != c.want {
				t.Fatalf("rows %v, want %s", lines, c.want)
			}
		})
	}
}

// TestXLSXHiddenColumnsOnlyBeforeRows: a <col> is read only where a sheet has its columns,
// before its rows, and only with a first column (min) of 1 or more.
func TestXLSXHiddenColumnsOnlyBeforeRows(t *testing.T) {
	b := newBook("", "", "")
	b["xl/worksheets/sheet1.xml"] = []byte(`<?xml version="1.0"?><worksheet ` + nsMain + `><cols><col min="0" max="3" hidden="1"/><col min="5" max="5" hidden="1"/></cols><sheetData>` +
		`<row r="1"><c r="A1"><v>1</v><col min="2" max="2" hidden="1"/></c></row><col min="3" max="3" hidden="1"/><row r="2"><c r="A2"><v>3</v></c></row></sheetData></worksheet>`)
	s, err := Open(b.write(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Rows(context.Background(), "dados", func(Row) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := s.(*xlsxSource).HiddenColumns("dados"); fmt.Sprint(got) != "[[4 4]]" {
		t.Errorf("hidden %v, want [[4 4]]", got)
	}
}

// TestXLSXEscapesPastTheCap: a string whose text is cut where it is kept (past 4 × 32,767
// bytes of XML), inline or shared, is a FieldTooLong row, also when its _xHHHH_ escapes make the
// part kept decode to fewer characters than the cap: it is never read as the shorter text.
func TestXLSXEscapesPastTheCap(t *testing.T) {
	text := strings.Repeat("_x0041_", 40000) // 40,000 characters in 280,000 bytes
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>` + text + `</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><r><t>` + text + `</t></r></is></c></row>` +
		`<row r="3"><c r="A3" t="s"><v>0</v></c></row>`
	got, err := readBook(t, newBook(rows, `<si><t>`+text+`</t></si>`, "").write(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d rows", len(got))
	}
	for _, r := range got {
		if r.Err == nil || r.Err.Kind != FieldTooLong {
			t.Errorf("row %d: %v, %d characters, want a FieldTooLong row", r.Line, r.Err, len(r.Cells[0].Raw))
		}
	}
}

// TestXLSXSheetStates: a sheet the workbook hides, state "hidden" or "veryHidden" (shown by
// no menu of Excel's, only by a macro), is a hidden sheet.
func TestXLSXSheetStates(t *testing.T) {
	b := newBook(`<row r="1"><c r="A1"><v>1</v></c></row>`, "", "")
	b["xl/workbook.xml"] = []byte(`<workbook ` + nsMain + ` ` + nsRel + `><sheets><sheet name="dados" sheetId="1" r:id="rId1"/>` +
		`<sheet name="oculta" sheetId="2" state="hidden" r:id="rId1"/><sheet name="muito" sheetId="3" state="veryHidden" r:id="rId1"/>` +
		`<sheet name="visivel" sheetId="4" state="visible" r:id="rId1"/></sheets></workbook>`)
	s, err := Open(b.write(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := fmt.Sprint(s.Sheets()); got != "[{dados false} {oculta true} {muito true} {visivel false}]" {
		t.Errorf("sheets %s", got)
	}
}
