package pipeline

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// compromissosHeader: eight setCompromissos fields, every one a column the port knows, so
// every generated row is valid without --ignore-unknown-columns.
var compromissosHeader = []string{"CompromissosId", "CompromissosEmpresaId", "CompromissosUsuarioId",
	"CompromissosAssunto", "CompromissosData", "CompromissosHoraInicio", "CompromissosDuracao", "CompromissosLocal"}

// locais are the values of the repeated shared-string column (shared strings 0–19).
func local(i int) string { return fmt.Sprintf("Sala %02d — São Paulo", i%20) }

// assunto is row i's subject: a shared string of its own (shared string 20+i), as Excel
// stores every text cell.
func assunto(i int) string { return fmt.Sprintf("Visita técnica ao cliente nº %d", i) }

// writeCompromissosXLSX writes a rows × 8 setCompromissos workbook in dir: text (the id, an
// inline string as excelize's StreamWriter writes text), numbers (company, user, duration),
// an Excel date and an Excel time with their number formats, and two shared-string columns
// (a subject distinct per row and one of 20 places), as Excel writes a workbook.
//
// The StreamWriter writes no shared strings, so the shared-string cells go in as their
// index with a marker style, and a second pass over the zip turns `s="marker"` into
// `t="s"` and adds xl/sharedStrings.xml with its content type and relation.
func writeCompromissosXLSX(b *testing.B, dir string, rows int) string {
	b.Helper()
	raw := filepath.Join(dir, "stream.xlsx")
	x := excelize.NewFile()
	dateStyle, err := x.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy, a date
	if err != nil {
		b.Fatal(err)
	}
	timeStyle, err := x.NewStyle(&excelize.Style{NumFmt: 20}) // h:mm
	if err != nil {
		b.Fatal(err)
	}
	marker, err := x.NewStyle(&excelize.Style{NumFmt: 49}) // "@": only a marker, removed below
	if err != nil {
		b.Fatal(err)
	}
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	head := make([]any, len(compromissosHeader))
	for i, h := range compromissosHeader {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		b.Fatal(err)
	}
	row := make([]any, 8)
	for i := 0; i < rows; i++ {
		row[0] = fmt.Sprintf("C%07d", i)
		row[1] = 1
		row[2] = 100 + i%37
		row[3] = excelize.Cell{StyleID: marker, Value: 20 + i}
		row[4] = excelize.Cell{StyleID: dateStyle, Value: 45292 + i%730} // 2024-01-01 onwards
		row[5] = excelize.Cell{StyleID: timeStyle, Value: float64(16+i%20) / 48}
		row[6] = 30 * (1 + i%4)
		row[7] = excelize.Cell{StyleID: marker, Value: i % 20}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := x.SaveAs(raw); err != nil {
		b.Fatal(err)
	}
	x.Close()
	p := filepath.Join(dir, "setCompromissos-bench.xlsx")
	addSharedStrings(b, raw, p, fmt.Sprintf(` s="%d">`, marker), rows)
	os.Remove(raw)
	return p
}

// addSharedStrings copies the workbook src to dst, turning every cell of the sheet that
// ends its start tag with marker into a shared-string cell, and adds the shared strings:
// local(0..19), then assunto(0..rows-1).
func addSharedStrings(b *testing.B, src, dst, marker string, rows int) {
	b.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	zw := zip.NewWriter(bw)
	edit := func(f *zip.File, before, insert string) {
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Contains(data, []byte(before)) {
			b.Fatalf("%s: %v (no %s)", f.Name, err, before)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			b.Fatal(err)
		}
		w.Write(bytes.Replace(data, []byte(before), []byte(insert+before), 1))
	}
	for _, f := range zr.File {
		switch f.Name {
		case "[Content_Types].xml":
			edit(f, "</Types>", `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		case "xl/_rels/workbook.xml.rels":
			edit(f, "</Relationships>", `<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		case "xl/sharedStrings.xml":
			b.Fatal("excelize wrote shared strings: the marker pass expects none")
		case "xl/worksheets/sheet1.xml":
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			w, err := zw.Create(f.Name)
			if err != nil {
				b.Fatal(err)
			}
			bwr := bufio.NewWriterSize(w, 1<<20)
			br := bufio.NewReaderSize(rc, 1<<20)
			n := 0
			for {
				tok, err := br.ReadSlice('>')
				if bytes.HasSuffix(tok, []byte(marker)) {
					bwr.Write(tok[:len(tok)-len(marker)])
					bwr.WriteString(` t="s">`)
					n++
				} else {
					bwr.Write(tok)
				}
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			rc.Close()
			if err := bwr.Flush(); err != nil {
				b.Fatal(err)
			}
			if n != 2*rows {
				b.Fatalf("%d shared-string cells, want %d", n, 2*rows)
			}
		default:
			r, err := f.OpenRaw()
			if err != nil {
				b.Fatal(err)
			}
			h := f.FileHeader
			w, err := zw.CreateRaw(&h)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(w, r); err != nil {
				b.Fatal(err)
			}
		}
	}
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		b.Fatal(err)
	}
	sw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintf(sw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, 2*rows, rows+20)
	for i := range 20 {
		fmt.Fprintf(sw, `<si><t>%s</t></si>`, local(i))
	}
	for i := range rows {
		fmt.Fprintf(sw, `<si><t>%s</t></si>`, assunto(i))
	}
	sw.WriteString(`</sst>`)
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// excelizeRead reads the workbook with excelize's own streaming reader (Rows, then Columns
// with raw values), in this process, and checks the cells it counts and the first data row.
func excelizeRead(b *testing.B, path string, rows int) time.Duration {
	b.Helper()
	start := time.Now()
	f, err := excelize.OpenFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rs, err := f.Rows("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	n, cells := 0, 0
	var second []string
	for rs.Next() {
		cols, err := rs.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		if n == 1 {
			second = cols
		}
		n++
		cells += len(cols)
	}
	if err := rs.Close(); err != nil {
		b.Fatal(err)
	}
	el := time.Since(start)
	if n != rows+1 || cells != 8*n {
		b.Fatalf("excelize: %d rows, %d cells; want %d rows of 8", n, cells, rows+1)
	}
	// The first data row as generated: the shared strings resolve, the numbers are raw.
	if want := []string{"C0000000", "1", "100", assunto(0), "45292", "0.333333333333333", "30", local(0)}; strings.Join(second, "|") != strings.Join(want, "|") {
		b.Fatalf("excelize row 2: %q, want %q", second, want)
	}
	return el
}

// BenchmarkValidateXLSX1M (issue 14, item 4): `importer validate --quiet` of a 1,000,000-row,
// 8-column workbook, as its own process, against excelize's own streaming reader over the
// same file in this process, same run. Goal: the importer at most half excelize's time
// ("ratio" ≤ 0.5), under 150 MB peak RSS. excelize reads before and after the importer and
// its time is the mean of the two, so a drift of the shared machine favours neither side.
// The importer does more than excelize: it maps, normalises and checks every cell.
func BenchmarkValidateXLSX1M(b *testing.B) { validateXLSX(b, 1_000_000) }

func validateXLSX(b *testing.B, rows int) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	p := writeCompromissosXLSX(b, dir, rows)
	if st, err := os.Stat(p); err == nil {
		b.Logf("workbook: %d rows × 8 columns, %.1f MB", rows, float64(st.Size())/1e6)
	}
	summary := filepath.Join(dir, "summary.json")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ex1 := excelizeRead(b, p, rows)
		imp := importerProcess(b, 30*time.Minute, nil, bin, "validate", "--quiet", "--summary", summary, p)
		ex2 := excelizeRead(b, p, rows)
		imp.mustExit(b, 0)
		if s, ok := readRunSummary(b, summary); !ok || s.Outcomes["valid"] != rows {
			b.Fatalf("importer: %s, want valid=%d", s.outcomes(), rows)
		}
		ex := (ex1 + ex2) / 2
		b.ReportMetric(imp.elapsed.Seconds(), "importer_s")
		b.ReportMetric(ex.Seconds(), "excelize_s")
		b.ReportMetric(imp.elapsed.Seconds()/ex.Seconds(), "ratio")
		b.ReportMetric(imp.rssMB, "peak_rss_MB")
		b.ReportMetric(float64(rows)/imp.elapsed.Seconds(), "rows/s")
	}
}

// countReportRows counts the data rows of a report: lines after the header of a CSV; for an
// XLSX, <row> elements after the header of the sheet named sheet.
func countReportRows(b *testing.B, path, sheet string) int {
	b.Helper()
	if strings.HasSuffix(path, ".csv") {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		n := 0
		buf := make([]byte, 1<<20)
		for {
			k, err := f.Read(buf)
			n += bytes.Count(buf[:k], []byte("\n"))
			if err == io.EOF {
				return n - 1
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	part := sheetPart(b, &zr.Reader, sheet)
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		defer rc.Close()
		br := bufio.NewReaderSize(rc, 1<<20)
		n := 0
		for {
			tok, err := br.ReadSlice('>')
			if bytes.HasPrefix(tok, []byte("<row ")) || bytes.HasPrefix(tok, []byte("<row>")) {
				n++
			}
			if err == io.EOF {
				return n - 1
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Fatalf("%s: no part %s", path, part)
	return 0
}

// sheetPart finds the part of the sheet named name (xl/workbook.xml, then its relations).
func sheetPart(b *testing.B, zr *zip.Reader, name string) string {
	b.Helper()
	read := func(part string, v any) {
		f, err := zr.Open(part)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := xml.NewDecoder(f).Decode(v); err != nil {
			b.Fatalf("%s: %v", part, err)
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	read("xl/workbook.xml", &wb)
	read("xl/_rels/workbook.xml.rels", &rels)
	for _, s := range wb.Sheets {
		if s.Name != name {
			continue
		}
		for _, r := range rels.Rel {
			if r.ID == s.RID {
				return path.Join("xl", r.Target)
			}
		}
	}
	b.Fatalf("no sheet %q", name)
	return ""
}

// BenchmarkValidateReports1M (issue 14, item 5): `importer validate` of a 1,000,000-row CSV
// (3 columns) with --report r.csv and with --report r.xlsx, each its own process, same run.
// Goals: the XLSX report's run at most 3 × the CSV one's ("ratio" ≤ 3), each under 150 MB
// peak RSS. The CSV run goes before and after the XLSX one and its time is the mean of the
// two; each report is checked to hold one line per row.
func BenchmarkValidateReports1M(b *testing.B) { validateReports(b, 1_000_000) }

func validateReports(b *testing.B, rows int) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	f := writeCategorias(b, dir, rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run := func(report string) proc {
			p := importerProcess(b, 30*time.Minute, nil, bin, "validate", "--quiet", "--report", report, f)
			p.mustExit(b, 0)
			if n := countReportRows(b, report, "setCategoriaServico"); n != rows {
				b.Fatalf("%s: %d rows, want %d", report, n, rows)
			}
			if st, err := os.Stat(report); err == nil {
				b.Logf("%s: %.1f MB in %v, peak RSS %.0f MB", filepath.Base(report), float64(st.Size())/1e6, p.elapsed.Round(time.Millisecond), p.rssMB)
			}
			return p
		}
		csv1 := run(filepath.Join(dir, "r.csv"))
		xl := run(filepath.Join(dir, "r.xlsx"))
		csv2 := run(filepath.Join(dir, "r.csv"))
		csv := (csv1.elapsed + csv2.elapsed) / 2
		b.ReportMetric(csv.Seconds(), "csv_s")
		b.ReportMetric(xl.elapsed.Seconds(), "xlsx_s")
		b.ReportMetric(xl.elapsed.Seconds()/csv.Seconds(), "ratio")
		b.ReportMetric(max(csv1.rssMB, csv2.rssMB), "csv_peak_rss_MB")
		b.ReportMetric(xl.rssMB, "xlsx_peak_rss_MB")
	}
}
