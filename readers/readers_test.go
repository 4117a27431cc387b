package readers

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"seniorimporter/values"
)

// canon renders a cell the way the importer will read it, so files written by different
// programs can be compared: numbers rounded as Excel shows them, dates as DD/MM/YYYY (times
// as HH:MM:SS).
func canon(c Cell) string {
	switch c.Kind {
	case Number:
		d, err := values.ExcelNumber(c.Raw)
		if err != nil {
			return "N?" + c.Raw
		}
		return "N:" + d.Text('f')
	case Date:
		t, err := values.DateFromSerial(c.Raw, c.Date1904)
		if err != nil {
			return "D?" + c.Raw
		}
		if t.Year() < 1900 {
			return "T:" + t.Format("15:04:05")
		}
		return "D:" + t.Format("02/01/2006")
	case Text:
		return "S:" + c.Raw
	case Bool:
		return "B:" + c.Raw
	case Error:
		return "E:" + c.Raw
	}
	return ""
}

func readAll(t *testing.T, path string, o Options) (map[string][]string, []Sheet) {
	t.Helper()
	s, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string][]string{}
	for _, sh := range s.Sheets() {
		err := s.Rows(context.Background(), sh.Name, func(r Row) error {
			var cells []string
			for i, c := range r.Cells {
				if c.Ref != CellRef(i, r.Line) {
					t.Fatalf("cell %d of line %d has ref %s", i, r.Line, c.Ref)
				}
				cells = append(cells, canon(c))
			}
			out[sh.Name] = append(out[sh.Name], fmt.Sprintf("%d|%s", r.Line, strings.TrimRight(strings.Join(cells, "|"), "|")))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out, s.Sheets()
}

// want is what every program's file must read as: row numbers as Excel shows them (row 3
// is empty and skipped), types kept (00123 stays text), error cells reported.
var want = []string{
	"1|S:texto|S:numero|S:data|S:hora|S:percentual|S:moeda|S:formula|S:erro|S:zeros|S:mesclada|S:depois",
	"2|S:Ação & Cia|N:1234.56|D:31/12/2026|T:09:30:00|N:0.125|N:1234.5|N:2469.12|E:#DIV/0!|S:00123|S:junta",
	"4|S:linha 4|N:0.1|D:01/03/1900|||||E:#N/A",
}

func TestXLSXFromRealPrograms(t *testing.T) {
	// openpyxl never computes formulas: its G2 has no cached value, which reads as an error.
	openpyxlWant := slices.Clone(want)
	openpyxlWant[1] = strings.Replace(want[1], "|N:2469.12|", "|E:=?|", 1)
	files := []struct {
		name   string
		hidden bool // the program keeps the hidden sheet hidden
		want   []string
	}{
		{"testdata/libreoffice.xlsx", true, want},
		{"testdata/gnumeric.xlsx", false, want}, // Gnumeric drops the hidden state when it re-saves
		{"testdata/xlsxwriter.xlsx", true, want},
		{"testdata/openpyxl.xlsx", true, openpyxlWant},
		{excelizeFixture(t), true, want},
	}
	for _, f := range files {
		t.Run(filepath.Base(f.name), func(t *testing.T) {
			got, sheets := readAll(t, f.name, Options{})
			if strings.Join(got["dados"], "\n") != strings.Join(f.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got["dados"], "\n"), strings.Join(f.want, "\n"))
			}
			if len(sheets) != 2 || sheets[1].Name != "oculta" || sheets[1].Hidden != f.hidden || sheets[0].Hidden {
				t.Fatalf("sheets %+v", sheets)
			}
		})
	}
}

func TestXLSX1904(t *testing.T) {
	s, err := Open("testdata/libreoffice1904.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var c2 Cell
	s.Rows(context.Background(), "dados", func(r Row) error {
		if r.Line == 2 {
			c2 = r.Cells[2]
		}
		return nil
	})
	if c2.Kind != Date || !c2.Date1904 || c2.Raw != "44925" || canon(c2) != "D:31/12/2026" {
		t.Fatalf("1904 date cell %+v → %s", c2, canon(c2))
	}
}

// excelizeFixture writes the same workbook with excelize itself.
func excelizeFixture(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "dados")
	header := []any{"texto", "numero", "data", "hora", "percentual", "moeda", "formula", "erro", "zeros", "mesclada", "depois"}
	f.SetSheetRow("dados", "A1", &header)
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	tm, _ := f.NewStyle(&excelize.Style{NumFmt: 20})
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	cur := `"R$" #,##0.00`
	money, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &cur})
	f.SetCellValue("dados", "A2", "Ação & Cia")
	f.SetCellValue("dados", "B2", 1234.56)
	f.SetCellValue("dados", "C2", 46387)
	f.SetCellStyle("dados", "C2", "C2", date)
	f.SetCellValue("dados", "D2", 0.395833333333333)
	f.SetCellStyle("dados", "D2", "D2", tm)
	f.SetCellValue("dados", "E2", 0.125)
	f.SetCellStyle("dados", "E2", "E2", pct)
	f.SetCellValue("dados", "F2", 1234.5)
	f.SetCellStyle("dados", "F2", "F2", money)
	f.SetCellFormula("dados", "G2", "B2*2")
	f.SetCellFormula("dados", "H2", "1/0")
	f.SetCellStr("dados", "I2", "00123")
	f.SetCellStr("dados", "J2", "junta")
	f.MergeCell("dados", "J2", "K2")
	f.SetCellStr("dados", "A4", "linha 4")
	f.SetCellValue("dados", "B4", 0.1)
	f.SetCellValue("dados", "C4", 61)
	f.SetCellStyle("dados", "C4", "C4", date)
	f.SetCellFormula("dados", "H4", "NA()")
	f.NewSheet("oculta")
	f.SetCellStr("oculta", "A1", "segredo")
	f.SetSheetVisible("oculta", false)
	path := filepath.Join(t.TempDir(), "excelize.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	// excelize writes formulas without cached values; give the error cells and G2 the
	// cached values a spreadsheet program would have stored, by editing the sheet XML.
	patchCached(t, path)
	return path
}

func TestFormulaWithoutCachedValue(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "h")
	f.SetCellFormula("Sheet1", "A2", "1+1")
	path := filepath.Join(t.TempDir(), "f.xlsx")
	f.SaveAs(path)
	f.Close()
	got, _ := readAll(t, path, Options{})
	if strings.Join(got["Sheet1"], "\n") != "1|S:h\n2|E:=?" {
		t.Fatalf("%q", got)
	}
}

func TestCSV(t *testing.T) {
	cases := []struct {
		file string
		opt  Options
		want []string
	}{
		{"utf8-semicolon.csv", Options{}, []string{"1|S:codigo|S:descricao|S:valor", "2|S:00123|S:Ação; com \"aspas\"|S:1.234,56", "4|S:124|S:duas\nlinhas|S:12,5"}},
		{"utf8bom-comma.csv", Options{}, []string{"1|S:codigo|S:descricao|S:valor", "2|S:00123|S:Ação, com vírgula|S:1,234.56", "3|S:124|S:São Paulo|S:12.5"}},
		{"cp1252-semicolon.csv", Options{}, []string{"1|S:codigo|S:descricao|S:valor", "2|S:00123|S:Ação € ok|S:1.234,56", "3|S:124|S:São Paulo|S:12,5"}},
		{"tab.tsv", Options{}, []string{"1|S:codigo|S:descricao", "2|S:1|S:um"}},
		{"pipe.csv", Options{}, []string{"1|S:a|S:b|S:c", "2|S:1|S:2|S:3"}},
		{"pipe.csv", Options{Delimiter: ';'}, []string{"1|S:a|b|c", "2|S:1|2|3"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got, sheets := readAll(t, filepath.Join("testdata", c.file), c.opt)
			name := strings.TrimSuffix(c.file, filepath.Ext(c.file))
			if len(sheets) != 1 || sheets[0].Name != name {
				t.Fatalf("sheets %+v", sheets)
			}
			if strings.Join(got[name], "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("got\n%q\nwant\n%q", got[name], c.want)
			}
		})
	}
	if _, err := Open("testdata/pipe.csv", Options{Charset: "ebcdic"}); err == nil {
		t.Fatal("unknown charset accepted")
	}
	if _, err := Open("x.xls", Options{}); err == nil || !strings.Contains(err.Error(), ".xlsx") {
		t.Fatalf("xls: %v", err)
	}
}

func TestCSVForcedUTF8OnLatin1(t *testing.T) {
	s, _ := Open("testdata/cp1252-semicolon.csv", Options{Charset: "utf-8"})
	var errs []*RowError
	err := s.Rows(context.Background(), "cp1252-semicolon", func(r Row) error {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
		return nil
	})
	if err != nil || len(errs) != 2 || errs[0].Kind != InvalidUTF8 || errs[0].Line != 2 || errs[0].Column != 1 || errs[1].Line != 3 {
		t.Fatalf("err %v, row errors %v", err, errs)
	}
}

// patchCached gives formulas the cached values a spreadsheet program stores (excelize
// writes formulas without them), by rewriting those cells in the sheet XML.
func patchCached(t *testing.T, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	cells := map[string]string{
		"G2": `<c r="G2"><f>B2*2</f><v>2469.12</v></c>`,
		"H2": `<c r="H2" t="e"><f>1/0</f><v>#DIV/0!</v></c>`,
		"H4": `<c r="H4" t="e"><f>NA()</f><v>#N/A</v></c>`,
	}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if zf.Name == "xl/worksheets/sheet1.xml" {
			for ref, repl := range cells {
				re := regexp.MustCompile(`<c r="` + ref + `"[^>]*>.*?</c>`)
				if !re.Match(b) {
					t.Fatalf("cell %s not in %s", ref, b)
				}
				b = re.ReplaceAll(b, []byte(repl))
			}
		}
		w, _ := zw.Create(zf.Name)
		w.Write(b)
	}
	zr.Close()
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLastLine: the declared last row of each program's sheet, for the progress total.
func TestLastLine(t *testing.T) {
	for _, f := range []struct {
		path string
		want int
	}{
		{"testdata/libreoffice.xlsx", 4}, {"testdata/gnumeric.xlsx", 4}, {"testdata/xlsxwriter.xlsx", 4},
		{"testdata/openpyxl.xlsx", 4},
		{excelizeFixture(t), 0}, // excelize declares "A1" whatever the sheet holds: unknown
	} {
		s, err := Open(f.path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.(interface{ LastLine(string) int }).LastLine("dados"); got != f.want {
			t.Errorf("%s: last line %d, want %d", filepath.Base(f.path), got, f.want)
		}
		s.Close()
	}
}

// TestOptionsName: errors name the file by Options.Name, not by the path it is read from (the
// watcher reads files in processing/ and names them as dropped).
func TestOptionsName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "processing")
	os.Mkdir(dir, 0o755)
	for _, c := range []struct {
		file string
		body []byte
		read bool // the fault shows when the rows are read, not at Open
	}{
		{"lixo.xlsx", []byte("not a zip file at all"), false},
		{"utf16.csv", []byte("\xFF\xFEa\x00;\x00b\x00\n\x00\x00\xDC"), false}, // a lone half
		{"binario.csv", []byte("PK\x03\x04 a zip named .csv"), false},
		{"truncada.xlsx", truncatedWorkbook(t), true},
	} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(dir, c.file)
			if err := os.WriteFile(path, c.body, 0o644); err != nil {
				t.Fatal(err)
			}
			src, err := Open(path, Options{Name: "dropped-" + c.file})
			if c.read {
				if err != nil {
					t.Fatal(err)
				}
				defer src.Close()
				err = src.Rows(context.Background(), src.Sheets()[0].Name, func(Row) error { return nil })
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), "dropped-"+c.file) || strings.Contains(err.Error(), dir) {
				t.Errorf("error %q: want it to name dropped-%s and not %s", err, c.file, dir)
			}
		})
	}
}

// truncatedWorkbook is a workbook whose sheet part is cut short: Open reads it, Rows fails.
func truncatedWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	for r := 1; r <= 2000; r++ {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r), &[]any{"texto", r})
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		b, _ := zf.Open()
		data, _ := io.ReadAll(b)
		b.Close()
		if strings.Contains(zf.Name, "worksheets/sheet1") {
			data = data[:len(data)/2]
		}
		w, _ := zw.Create(zf.Name)
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

// TestNotAWorkbookSays: a file named .xlsx that is no workbook says what it looks like: a CSV
// file renamed (UTF-8 or Windows-1252 text), an HTML table that a system exported as "Excel",
// LibreOffice's own format renamed, or nothing known.
func TestNotAWorkbookSays(t *testing.T) {
	var ods bytes.Buffer
	zw := zip.NewWriter(&ods)
	w, _ := zw.Create("mimetype")
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte("<office:document-content/>"))
	zw.Close()
	whole, err := os.ReadFile(newBook(`<row r="1"><c r="A1"><v>1</v></c></row>`, "", "").write(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		body []byte
		want string
	}{
		{[]byte("\xef\xbb\xbfCategoriaDespesaId;Descricao\nD1;Viagens\n"), "text, not a workbook (a CSV file named .xlsx?): give it the .csv extension"},
		{[]byte("CategoriaDespesaId;Descricao\nD1;Alimenta\xe7\xe3o\n"), "text, not a workbook (a CSV file named .xlsx?): give it the .csv extension"},
		{[]byte("<HTML><BODY><TABLE><TR><TD>ContaIdERP</TD></TR></TABLE></BODY></HTML>"), "an HTML page (what some systems export as \"Excel\")"},
		{ods.Bytes(), "an OpenDocument spreadsheet (LibreOffice's own format) named .xlsx"},
		{[]byte("\x00\x01\x02\x03binary"), "not a zip file"},
		{whole[:len(whole)/2], "a zip cut short (a copy or a download that did not finish): copy it again"},
	} {
		path := filepath.Join(t.TempDir(), "setContas.xlsx")
		if err := os.WriteFile(path, c.body, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Open(path, Options{})
		if err == nil || !strings.Contains(err.Error(), "not an XLSX workbook: "+c.want) {
			t.Errorf("%q: %v\nwant %s", c.body[:min(len(c.body), 20)], err, c.want)
		}
	}
}

// TestXLSXRelease: a released workbook holds no descriptor and reads its rows again when
// asked; if its path is now another file, reading says so instead of reading that one.
func TestXLSXRelease(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "setContas.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"ContaIdERP", "ContaNome"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"C1", "Ana"})
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	fds := func() int {
		ents, _ := os.ReadDir("/proc/self/fd")
		return len(ents)
	}
	before := fds()
	src, err := Open(path, Options{Name: "dropped.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	r, ok := src.(interface{ Release() error })
	if !ok {
		t.Fatal("a workbook source has no Release")
	}
	if err := r.Release(); err != nil {
		t.Fatal(err)
	}
	if n := fds(); n > before {
		t.Errorf("%d descriptors more after Release", n-before)
	}
	var got []string
	read := func() error {
		got = nil
		return src.Rows(context.Background(), src.Sheets()[0].Name, func(row Row) error {
			got = append(got, row.Cells[0].Raw)
			return nil
		})
	}
	if err := read(); err != nil || strings.Join(got, ",") != "ContaIdERP,C1" {
		t.Fatalf("rows after Release: %q, %v", got, err)
	}
	r.Release()
	// Another file put in its place (a drop folder's share, a user saving again).
	os.Rename(path, path+".old")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := read(); err == nil || err.Error() != "dropped.xlsx: the file changed or went away while it was being read" {
		t.Errorf("a file replaced while released: %v", err)
	}
	r.Release()
	os.Remove(path)
	if err := read(); err == nil || err.Error() != "dropped.xlsx: the file changed or went away while it was being read: no such file or directory" {
		t.Errorf("a file gone while released: %v", err)
	}
}

// TestReadInfo: Path is the file given; the file as its rows were read - the file given, never a copy (a UTF-16 file
// is read through one) - is what a run compares with the file later, to tell whether it
// changed after it was read. Nil until then for the files read each time (CSV, XLSX).
func TestReadInfo(t *testing.T) {
	dir := t.TempDir()
	u16 := filepath.Join(dir, "u.txt")
	if err := os.WriteFile(u16, utf16Text("a\tb\r\n1\t2\r\n", false, true), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path      string
		nilBefore bool
	}{
		{filepath.Join("testdata", "utf8-semicolon.csv"), true},
		{u16, false}, // the file as its copy was made, at Open
		{filepath.Join("testdata", "libreoffice.xlsx"), true},
	} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			want, err := os.Stat(c.path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(c.path, Options{TempDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Path() != c.path {
				t.Errorf("Path %q, want %q", s.Path(), c.path)
			}
			ri := s.(ReadInfo)
			if got := ri.ReadInfo(); (got == nil) != c.nilBefore {
				t.Fatalf("before its rows: %v", got)
			}
			if err := s.Rows(context.Background(), s.Sheets()[0].Name, func(Row) error { return nil }); err != nil {
				t.Fatal(err)
			}
			if r, ok := s.(interface{ Release() error }); ok {
				if err := r.Release(); err != nil {
					t.Fatal(err)
				}
			}
			got := ri.ReadInfo()
			if got == nil || !os.SameFile(got, want) || got.Size() != want.Size() {
				t.Fatalf("after its rows: %v, want the file given (%d bytes)", got, want.Size())
			}
			// A second Close has nothing to remove (the UTF-16 file's copy is gone).
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

// TestXLSXTrailer: a worksheet's rows whose one value is in column A, at the sheet's end under
// rows of more (the header and one row at least), come out as Row.Trailer, as a CSV file's
// lines of one field do: a note typed under the table ("Fonte: planilha do comercial") was
// read as a record whose key was the note, a conta upserted into the CRM. Not a row with a
// wider row after it, nor one whose value is in another column, nor those of a sheet of one
// column; empty cells with a style beside the value do not count. Each names (^N,
// Row.WordyAbove) the last wider row above whose first cell holds several words.
func TestXLSXTrailer(t *testing.T) {
	cases := []struct {
		name string
		rows [][]any
		want string
	}{
		{"notes under the table", [][]any{{"a", "b"}, {"C1", 1}, {"Fonte: planilha do comercial"}, {"Gerado em 01/12"}}, "3 4"},
		{"a row after", [][]any{{"a", "b"}, {"C1", 1}, {"nota"}, {"C2", 2}, {"fim"}}, "5"},
		{"a value in column B", [][]any{{"a", "b"}, {"C1", 1}, {nil, "nota de rodapé"}}, ""},
		{"empty styled cells beside", [][]any{{"a", "b"}, {"C1", 1}, {"nota de rodapé", ""}}, "3"},
		{"one column", [][]any{{"a"}, {"C1"}, {"C2 x"}}, ""},
		{"names above", [][]any{{"a", "b"}, {"ACME LTDA", 1}, {"C2", 2}, {"BETA SA"}}, "4^2"},
		{"a number is no name", [][]any{{"a", "b"}, {1234, 1}, {"fim de tudo"}}, "3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			if err := f.SetSheetName("Sheet1", "dados"); err != nil {
				t.Fatal(err)
			}
			style, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range c.rows {
				for j, v := range r {
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					if v == "" { // a styled cell without a value
						if err := f.SetCellStyle("dados", cell, cell, style); err != nil {
							t.Fatal(err)
						}
						continue
					}
					if v != nil {
						if err := f.SetCellValue("dados", cell, v); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			path := filepath.Join(t.TempDir(), "b.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			rows, err := readBook(t, path)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				switch {
				case r.Trailer && r.WordyAbove > 0:
					got = append(got, fmt.Sprintf("%d^%d", r.Line, r.WordyAbove))
				case r.Trailer:
					got = append(got, fmt.Sprint(r.Line))
				}
			}
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("trailer rows %q, want %q", g, c.want)
			}
		})
	}
}
