package writers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/scratch"
	"seniorimporter/values"
)

// The input workbook of the typed tests: a file named the way finance names them (longer than
// a sheet name may be), cells of every kind with their number formats, and a second sheet
// without rows to report.
const typedFile = "Lancamentos-dezembro-2026-versao-final.xlsx"

var typedHeader = []string{"codigo", "valor", "desconto", "vencimento", "ativo", "hora", "obs"}

// typedFormats are the number formats the input's columns have (the readers do not report
// them yet; the pipeline will pass them in outcome.Cell.Format).
var typedFormats = []string{"@", "#,##0.00", "0.00%", "dd/mm/yyyy", "", "dd/mm/yyyy hh:mm", ""}

func writeTypedInput(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "lancamentos"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("vazia"); err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow("vazia", "A1", &[]any{"codigo"})
	styles := make([]int, len(typedFormats))
	for i, code := range typedFormats {
		if code == "" {
			continue
		}
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			t.Fatal(err)
		}
		styles[i] = id
	}
	hdr := make([]any, len(typedHeader))
	for i, h := range typedHeader {
		hdr[i] = h
	}
	f.SetSheetRow(sh, "A1", &hdr)
	day := func(y, m, d, h, min int) time.Time { return time.Date(y, time.Month(m), d, h, min, 0, 0, time.UTC) }
	rows := [][]any{
		{"00456", 1234.5, 0.05, day(2026, 12, 31, 0, 0), true, day(2026, 12, 31, 8, 30), "primeira"},
		{"00457", 99.99, 0.125, day(2027, 1, 15, 0, 0), false, day(2027, 1, 15, 17, 45), "valor errado"},
		{"00458", 10, 0, day(2027, 2, 1, 0, 0), true, day(2027, 2, 1, 0, 5), ""},
		{"00459", 5.5, 0.5, day(2027, 3, 1, 0, 0), false, day(2027, 3, 1, 23, 59), "dois erros & <aspas \"duplas\">"},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			if err := f.SetCellValue(sh, cell, v); err != nil {
				t.Fatal(err)
			}
			if styles[c] != 0 {
				f.SetCellStyle(sh, cell, cell, styles[c])
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// readBack reads every row of a sheet through the project's readers.
func readBack(t *testing.T, path, sheet string) []readers.Row {
	t.Helper()
	src, err := readers.Open(path, readers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var rows []readers.Row
	if err := src.Rows(context.Background(), sheet, func(r readers.Row) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return rows
}

// asOutcome is a read cell as the pipeline passes it on (pipeline/parse.go's original), with
// the column's number format.
func asOutcome(t *testing.T, c readers.Cell, format string) outcome.Cell {
	switch c.Kind {
	case readers.Number:
		d, err := values.ExcelNumber(c.Raw)
		if err != nil {
			t.Fatal(err)
		}
		v := d.Text('f')
		return outcome.Cell{Text: strings.Replace(v, ".", ",", 1), Kind: outcome.CellNumber, Value: v, Format: format}
	case readers.Date:
		tm, err := values.DateFromSerial(c.Raw, c.Date1904)
		if err != nil {
			t.Fatal(err)
		}
		cell := outcome.Cell{Kind: outcome.CellDate, Text: tm.Format("02/01/2006"), Value: tm.Format("2006-01-02"), Format: format}
		if tm.Hour() != 0 || tm.Minute() != 0 {
			cell.Text, cell.Value = tm.Format("02/01/2006 15:04"), tm.Format("2006-01-02T15:04:05")
		}
		return cell
	case readers.Bool:
		return outcome.Cell{Text: c.Raw, Kind: outcome.CellBool, Value: c.Raw, Format: format}
	}
	return outcome.Cell{Text: c.Raw, Format: format}
}

// canon is a read cell's kind and value, numbers as Excel shows them (15 digits) and dates as
// dates, so that two files can be compared cell by cell.
func canon(t *testing.T, c readers.Cell) string {
	switch c.Kind {
	case readers.Number:
		d, err := values.ExcelNumber(c.Raw)
		if err != nil {
			t.Fatal(err)
		}
		return "N:" + d.Text('f')
	case readers.Date:
		tm, err := values.DateFromSerial(c.Raw, c.Date1904)
		if err != nil {
			t.Fatal(err)
		}
		return "D:" + tm.Format(time.DateTime)
	case readers.Empty:
		return ""
	case readers.Text:
		if c.Raw == "" {
			return "" // an empty text cell reads as no value, like an absent one
		}
	}
	return strconv.Itoa(int(c.Kind)) + ":" + c.Raw
}

// typedLines are the input's rows with their outcomes: row 2 accepted, 3 invalid (valor), 4
// rejected, 5 invalid (desconto by its column, vencimento by its cell only).
func typedLines(t *testing.T, input string) []*outcome.Line {
	t.Helper()
	rows := readBack(t, input, "lancamentos")
	header := make([]string, len(rows[0].Cells))
	for i, c := range rows[0].Cells {
		header[i] = c.Raw
	}
	var lines []*outcome.Line
	for _, r := range rows[1:] {
		cells := make([]outcome.Cell, len(r.Cells))
		for i, c := range r.Cells {
			cells[i] = asOutcome(t, c, typedFormats[i])
		}
		l := &outcome.Line{File: "in/" + typedFile, Sheet: "lancamentos", Row: r.Line, Key: cells[0].Text, Port: "setLancamentos", Attempts: 1,
			Header: header, Cells: cells, Amounts: []outcome.Amount{{Column: "valor", Field: "valor", Value: map[int]string{2: "1234.50", 4: "10.00", 5: "5.50"}[r.Line]}}}
		switch r.Line {
		case 2:
			l.Outcome, l.Sent, l.ID = outcome.OK, true, "9001"
		case 3:
			l.Outcome = outcome.Invalid
			l.Problems = []outcome.Problem{{Field: "valor", Column: "valor", Cell: "B3", Value: cells[1].Text, Reason: "tem 2 casas decimais; o campo aceita 1"}}
			l.Amounts[0].Value = ""
		case 4:
			l.Outcome, l.Sent, l.Message = outcome.Rejected, true, "Lançamento 00458 já cadastrado"
		case 5:
			l.Outcome = outcome.Invalid
			l.Problems = []outcome.Problem{
				{Field: "desconto", Column: "desconto", Cell: "C5", Value: cells[2].Text, Reason: "passa de 20%"},
				{Field: "vencimento", Cell: "D5", Value: cells[3].Text, Reason: "é um domingo"},
			}
		}
		if len(l.Problems) > 0 {
			l.Message = outcome.PT.Problems(l.Problems)
		}
		lines = append(lines, l)
	}
	return lines
}

var typedSources = []SourceInfo{
	{File: "in/" + typedFile, Sheet: "lancamentos", Header: typedHeader, Formats: []string{"String(010)", "Number(015,2)", "Number(005,2)", "Date(DD/MM/YYYY)", "", "", "String(250)"}},
	{File: "in/" + typedFile, Sheet: "vazia", Header: []string{"codigo"}},
}

// The report a finance team reads: the summary sheet first, input sheets with their cells
// typed and rows coloured, Portuguese words, frozen header, filters, fitted widths.
func TestXLSXReport(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, typedFile)
	writeTypedInput(t, input)
	lines := typedLines(t, input)
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)
	tl := outcome.NewTally(start)
	for _, l := range lines {
		tl.Add(l)
	}
	tl.AddTotal("in/"+typedFile, "valor", "valor", "B7", "1349.99")
	sum := tl.Summary(start.Add(3*time.Second), 10)
	sum.Run = 12 // the journal's
	sum.Charsets = map[string]string{"in/contas.csv": "windows-1252"}

	path := filepath.Join(dir, "out", "relatorio.xlsx")
	w, err := Open(path, Options{Lang: outcome.PT, Sources: typedSources})
	if err != nil {
		t.Fatal(err)
	}
	writeLines(t, w, lines, &sum)
	f := openBook(t, path)
	const data = "lancamentos" // a report of one file: its sheets named as the file names them
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Resumo", data}) {
		t.Fatalf("sheets %q (no sheet for the empty input sheet)", got)
	}

	// The summary sheet.
	resumo, _ := f.GetRows("Resumo")
	find := func(first string) []string {
		for _, r := range resumo {
			if len(r) > 0 && r[0] == first {
				return r
			}
		}
		t.Fatalf("no row %q in Resumo: %q", first, resumo)
		return nil
	}
	if h := find("Arquivo"); !slices.Equal(h, []string{"Arquivo", "Linhas", "aceita", "recusada pelo Senior", "inválida"}) {
		t.Errorf("counts header %q", h)
	}
	var recon []string
	for _, r := range resumo {
		if len(r) > 0 && r[0] == "in/"+typedFile {
			if len(r) == 5 && !slices.Equal(r, []string{"in/" + typedFile, "4", "1", "1", "2"}) {
				t.Errorf("counts %q", r)
			}
			if len(r) > 5 {
				recon = r
			}
		}
	}
	// 1234.50 + 10.00 + 5.50 read (99.99 was not a number to the importer), 1244.50 sent, 1234.50 accepted
	if want := []string{"in/" + typedFile, "valor", "valor", "4", "2", "1", "1,250.00", "1,244.50", "1,234.50", "1", "1,349.99", "B7", "não confere"}; !slices.Equal(recon, want) {
		t.Errorf("reconciliation %q, want %q", recon, want)
	}
	// The counts are in their outcome's colour; a zero count of a file, in none.
	for r, row := range resumo {
		if len(row) == 5 && (row[0] == "in/"+typedFile || row[0] == "Total") {
			for c, want := range map[int]string{2: outcomeFill[outcome.OK], 3: outcomeFill[outcome.Rejected], 4: outcomeFill[outcome.Invalid]} {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if got := fillOf(t, f, "Resumo", cell); got != want {
					t.Errorf("Resumo %s (%s %s): fill %q, want %q", cell, row[0], row[c], got, want)
				}
			}
		}
	}
	// A sheet total that does not match the sum read is red, as a rejected row.
	for r, row := range resumo {
		if len(row) > 0 && row[len(row)-1] == "não confere" {
			cell, _ := excelize.CoordinatesToCellName(len(row), r+1)
			if got := fillOf(t, f, "Resumo", cell); got != outcomeFill[outcome.Rejected] {
				t.Errorf("não confere %s: fill %q, want red", cell, got)
			}
		}
	}
	if c := find("Causas mais frequentes"); len(c) != 1 {
		t.Errorf("causes title %q", c)
	}
	find("Linhas lidas")
	if got := find("Execução no diário (importer report N)"); len(got) < 2 || got[1] != "12" {
		t.Errorf("the run's number: %q", got)
	}
	if got := find("in/contas.csv"); !slices.Equal(got, []string{"in/contas.csv", "windows-1252"}) {
		t.Errorf("charset row %q", got)
	}
	// Headers over numbers are aligned right, the others not; section titles are bold.
	for r, row := range resumo {
		if len(row) < 2 {
			continue
		}
		var right []bool // per column of the header, whether it is aligned right
		switch row[0] + "|" + row[1] {
		case "Arquivo|Linhas": // rows per outcome per file
			right = []bool{false, true, true}
		case "Arquivo|Coluna": // reconciliation: the counts and sums
			right = []bool{false, false, false, true, true, true, true, true, true, true, true, false, false}
		case "Linhas|Causa":
			right = []bool{true, false}
		case "Arquivo|Codificação":
			right = []bool{false, false}
		}
		for c, want := range right {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if got := styleAt(t, f, "Resumo", cell); (got.Alignment != nil && got.Alignment.Horizontal == "right") != want || !got.Font.Bold {
				t.Errorf("Resumo %s (%q): aligned right %v, bold %v; want right %v, bold", cell, row[c], !want, got.Font.Bold, want)
			}
		}
	}
	for r, row := range resumo {
		if len(row) > 0 && row[0] == "Causas mais frequentes" {
			if st := styleAt(t, f, "Resumo", "A"+strconv.Itoa(r+1)); st.Font == nil || !st.Font.Bold {
				t.Errorf("section title not bold")
			}
		}
	}
	if got := find("1"); got[1] != "inválida: valor: tem 2 casas decimais; o campo aceita 1" && got[1] != "inválida: desconto: passa de 20%" {
		t.Errorf("cause %q", got)
	}
	for r, row := range resumo {
		for c, v := range row {
			if v == "1,250.00" {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if typ, _ := f.GetCellType("Resumo", cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
					t.Errorf("sum %s is %v, not a number", cell, typ)
				}
				if got := numFmtOf(t, f, "Resumo", cell); got != "#,##0.00" {
					t.Errorf("sum format %q", got)
				}
			}
		}
	}

	// The data sheet: header, words, types, formats, fills.
	rows, _ := f.GetRows(data)
	if want := append(slices.Clone(typedHeader), outcome.PT.ReportColumns()...); !slices.Equal(rows[0], want) {
		t.Fatalf("header %q", rows[0])
	}
	res := len(typedHeader) + 5
	for i, want := range []string{"aceita", "inválida", "recusada pelo Senior", "inválida"} {
		if rows[i+1][res] != want {
			t.Errorf("row %d outcome %q, want %q", i+2, rows[i+1][res], want)
		}
	}
	raw := func(cell string) string {
		v, err := f.GetCellValue(data, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ cell, raw, format, shown string }{
		{"A2", "00456", "@", "00456"},
		{"B2", "1234.5", "#,##0.00", "1,234.50"},
		{"C2", "0.05", "0.00%", "5.00%"},
		{"D2", "46387", "dd/mm/yyyy", "31/12/2026"},
		{"F2", "46387.354166666664", "dd/mm/yyyy hh:mm", "31/12/2026 08:30"},
		{"C3", "0.125", "0.00%", "12.50%"},
	} {
		if got := raw(c.cell); got != c.raw {
			t.Errorf("%s raw %q, want %q", c.cell, got, c.raw)
		}
		if got := numFmtOf(t, f, data, c.cell); got != c.format {
			t.Errorf("%s format %q, want %q", c.cell, got, c.format)
		}
		if got, _ := f.GetCellValue(data, c.cell); got != c.shown {
			t.Errorf("%s shown %q, want %q", c.cell, got, c.shown)
		}
	}
	for cell, want := range map[string]excelize.CellType{"A2": excelize.CellTypeSharedString, "E2": excelize.CellTypeBool, "N2": excelize.CellTypeUnset} {
		if typ, _ := f.GetCellType(data, cell); typ != want && !(want == excelize.CellTypeSharedString && typ == excelize.CellTypeInlineString) {
			t.Errorf("%s type %v, want %v", cell, typ, want)
		}
	}
	if typ, _ := f.GetCellType(data, "J2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber { // #linha
		t.Errorf("#linha type %v", typ)
	}
	last, _ := excelize.ColumnNumberToName(len(rows[0]))
	for row, fill := range map[int]string{1: headerFill, 2: "C6EFCE", 3: "FFC7CE", 4: "FFC7CE", 5: "FFC7CE"} {
		for _, col := range []string{"A", "G", "J", last} { // G2 and the empty obs of row 4 too
			if got := fillOf(t, f, data, col+strconv.Itoa(row)); got != fill {
				t.Errorf("%s%d fill %q, want %q", col, row, got, fill)
			}
		}
	}
	if got := fillOf(t, f, data, "G4"); got != "FFC7CE" {
		t.Errorf("empty cell of a rejected row: fill %q", got)
	}

	// Every style with a fill says to apply it (LibreOffice reads applyFill).
	for _, xf := range regexp.MustCompile(`<xf [^>]*>`).FindAllString(zipPart(t, path, "xl/styles.xml"), -1) {
		if !strings.Contains(xf, `fillId="0"`) && !strings.Contains(xf, `applyFill="1"`) {
			t.Errorf("style without applyFill: %s", xf)
		}
		if !strings.Contains(xf, `fontId="0"`) && !strings.Contains(xf, `applyFont="1"`) {
			t.Errorf("style without applyFont: %s", xf)
		}
	}

	// Frozen header, filters, widths.
	panes, _ := f.GetPanes(data)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v", panes)
	}
	filtered := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == data && strings.HasSuffix(dn.RefersTo, "!$A$1:$"+last+"$5") {
			filtered = true
		}
	}
	if !filtered {
		t.Errorf("no autofilter over A1:%s5: %+v", last, f.GetDefinedName())
	}
	if xml := sheetXML(t, path, 2); !strings.Contains(xml, `<autoFilter ref="A1:`+last+`5"/>`) || strings.Contains(xml, "<legacyDrawing") {
		t.Errorf("sheet without autoFilter, or with a drawing of notes it has not (Excel repairs such a file)")
	}
	width := func(col string) float64 {
		w, err := f.GetColWidth(data, col)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	msg, _ := excelize.ColumnNumberToName(len(typedHeader) + 8)
	tries, _ := excelize.ColumnNumberToName(len(typedHeader) + 10)
	if !(width(msg) > width(tries) && width(msg) <= maxWidth+4 && width("D") >= 10 && width("A") >= 12) {
		t.Errorf("widths: #mensagem %.1f, #tentativas %.1f, vencimento %.1f, codigo %.1f", width(msg), width(tries), width("D"), width("A"))
	}
	// The header of a column of numbers is aligned right, over them; one of text is not.
	for col, want := range map[string]bool{"A": false, "B": true, "C": true, "G": false} {
		if st := styleAt(t, f, data, col+"1"); (st.Alignment != nil && st.Alignment.Horizontal == "right") != want {
			t.Errorf("header %s1 aligned right %v, want %v", col, !want, want)
		}
	}
	empty := 0 // nor is one over no value at all
	for c := range rows[0] {
		if slices.IndexFunc(rows[1:], func(r []string) bool { return c < len(r) && r[c] != "" }) >= 0 {
			continue
		}
		empty++
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		if st := styleAt(t, f, data, cell); st.Alignment != nil && st.Alignment.Horizontal == "right" {
			t.Errorf("header %s (%s) of an empty column aligned right", cell, rows[0][c])
		}
	}
	if empty == 0 {
		t.Errorf("no empty column in %q", rows)
	}
	// valor is a Number(15,2): its column is as wide as 14 characters (its format's digits,
	// grouped), however short the values in this file; codigo, a String(10), 10.
	if width("B") < 14 || width("A") < 14 {
		t.Errorf("valor width %.1f, codigo %.1f; want at least 14 each (their fields' formats, and the margin)", width("B"), width("A"))
	}
	// The message wraps within its column, keeping its row's fill; the cells beside it do not,
	// and sit at the top of the row as it does.
	for row := 2; row <= 5; row++ {
		align := func(cell string) excelize.Alignment {
			id, err := f.GetCellStyle(data, cell)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if st.Alignment == nil {
				return excelize.Alignment{}
			}
			return *st.Alignment
		}
		for _, col := range []string{"A", "D", msg} {
			cell := col + strconv.Itoa(row)
			if a := align(cell); a.WrapText != (col == msg) || a.Vertical != "top" {
				t.Errorf("%s: wraps %v, vertical %q; want only the message wrapped, every cell at the top", cell, a.WrapText, a.Vertical)
			}
		}
		if a, m := fillOf(t, f, data, "A"+strconv.Itoa(row)), fillOf(t, f, data, msg+strconv.Itoa(row)); a != m {
			t.Errorf("row %d: message fill %q, row fill %q", row, m, a)
		}
	}
}

// TestXLSXManyUniqueTexts: a column of texts that rarely repeat (keys, names) goes inline
// after its first thousand cells, out of the shared table; every cell still shows its own.
func TestXLSXManyUniqueTexts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.xlsx")
	header := []string{"ContaIdERP", "ContaNome"}
	w, err := Open(path, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: "setContas.csv", Header: header}}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 1500
	var lines []*outcome.Line
	for i := range n {
		key := fmt.Sprintf("C%05d", i)
		lines = append(lines, &outcome.Line{File: "setContas.csv", Row: i + 2, Key: key, Port: "setContas", Outcome: outcome.OK, Header: header, Cells: texts(key, "Conta "+key)})
	}
	writeLines(t, w, lines, nil)
	f := openBook(t, path)
	rows, err := f.GetRows(f.GetSheetList()[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 {
		t.Fatalf("%d rows, want %d", len(rows), n+1)
	}
	for i, r := range rows[1:] {
		key := fmt.Sprintf("C%05d", i)
		if r[0] != key || r[1] != "Conta "+key || r[len(header)+3] != key {
			t.Fatalf("row %d: %q, want key %s", i+2, r, key)
		}
	}
}

// styleAt is a cell's style.
func styleAt(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Font == nil {
		st.Font = &excelize.Font{}
	}
	return st
}

// TestXLSXUnusualLines: a row shorter than its header (a CSV line with fewer fields) and a
// line of an outcome the writer does not know still get their row and their counts.
func TestXLSXUnusualLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.xlsx")
	header := []string{"codigo", "nome", "valor"}
	// Formats for the first column only (they are optional, per column).
	w, err := Open(path, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: "a.csv", Header: header, Formats: []string{"String(010)"}}}})
	if err != nil {
		t.Fatal(err)
	}
	cells := func(texts ...string) []outcome.Cell {
		var out []outcome.Cell
		for _, s := range texts {
			out = append(out, outcome.Cell{Text: s})
		}
		return out
	}
	writeLines(t, w, []*outcome.Line{
		{File: "a.csv", Row: 2, Outcome: outcome.OK, Header: header, Cells: cells("1", "um", "10")},
		{File: "a.csv", Row: 3, Outcome: outcome.Invalid, Header: header, Cells: cells("2")},
		{File: "a.csv", Row: 4, Outcome: "adiada", Header: header, Cells: cells("3", "três", "30")},
	}, nil)
	f := openBook(t, path)
	sheets := f.GetSheetList()
	if len(sheets) != 2 {
		t.Fatalf("sheets %q", sheets)
	}
	rows, err := f.GetRows(sheets[1])
	if err != nil {
		t.Fatal(err)
	}
	res := len(header) + 5
	if len(rows) != 4 || len(rows[2]) <= res || !slices.Equal(rows[2][:3], []string{"2", "", ""}) || rows[2][res] != "inválida" || rows[3][res] != "adiada" {
		t.Errorf("rows %q", rows)
	}
	resumo, _ := f.GetRows("Resumo")
	var counts [][]string
	for _, r := range resumo {
		if len(r) > 0 && (r[0] == "Arquivo" || r[0] == "a.csv" || r[0] == "Total") {
			counts = append(counts, r)
		}
	}
	want := [][]string{{"Arquivo", "Linhas", "aceita", "inválida", "adiada"}, {"a.csv", "3", "1", "1", "1"}, {"Total", "3", "1", "1", "1"}}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("Resumo counts %q, want %q", counts, want)
	}
	// No title over nothing: no file problems, no warnings.
	for _, r := range resumo {
		if len(r) > 0 && (r[0] == strings.TrimSuffix(outcome.PT.FileProblemsTitle(), ":") || r[0] == strings.TrimSuffix(outcome.PT.WarningsTitle(), ":")) {
			t.Errorf("an empty section %q: %q", r[0], resumo)
		}
	}

}

// sheetXML is the XML of the n-th worksheet part.
func sheetXML(t *testing.T, path string, n int) string {
	t.Helper()
	return zipPart(t, path, "xl/worksheets/sheet"+strconv.Itoa(n)+".xml")
}

// zipPart is a part of a workbook, as text.
func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	return partText(t, &z.Reader, name)
}

// partText is the part name of the opened workbook z, as text.
func partText(t *testing.T, z *zip.Reader, name string) string {
	t.Helper()
	rc, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Read ports' answers: one sheet per port and per nested set, numbers as numbers, codes with
// leading zeros as text; English words with --lang en.
func TestXLSXAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.xlsx")
	w, err := Open(path, Options{Sources: sources, Lang: outcome.EN})
	if err != nil {
		t.Fatal(err)
	}
	lines := outcomes()
	lines = append(lines, &outcome.Line{File: sources[2].File, Row: 4, Key: "C3", Port: "setContas", Outcome: outcome.OK, Header: sources[2].Header, Cells: texts("C3", "Gama"),
		Answer: map[string]any{"tipoRetorno": "0", "orcamento": []any{map[string]any{"codEmp": "2", "vlrTot": "1234,50", "itens": []any{map[string]any{"seqOci": "1", "codPro": "00456"}}},
			map[string]any{"codEmp": "3", "vlrDsc": "7,0"}}}}) // a row without vlrTot, a decimal shown with its places
	for _, l := range lines {
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, path)
	want := []string{"Summary", "GravarOrcamentos-nov orcamento", "GravarOrcamentos-nov itens", "setcontas", "setContas answer", "setContas orcamento", "setContas itens"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q", got)
	}
	rows, _ := f.GetRows("GravarOrcamentos-nov orcamento")
	if len(rows) != 3 || rows[2][10] != "invalid" || rows[1][10] != "accepted" || rows[0][4] != "#nota" || rows[1][4] != "x" {
		t.Fatalf("rows %q", rows)
	}
	orc, _ := f.GetRows("setContas orcamento")
	if len(orc) != 4 || !slices.Equal(orc[0], []string{"#row", "codEmp", "vlrTot", "vlrDsc"}) || !slices.Equal(orc[2], []string{"4", "2", "1,234.50"}) ||
		!slices.Equal(orc[3], []string{"4", "3", "", "7.0"}) {
		t.Fatalf("answer orcamento %q", orc)
	}
	if typ, _ := f.GetCellType("setContas orcamento", "C3"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("vlrTot is %v, not a number", typ)
	}
	// A whole number has no decimal places to show ("#,##0." would show 2 as "2,").
	if got := numFmtOf(t, f, "setContas orcamento", "B3"); got != "General" && got != "" {
		t.Errorf("codEmp 2 format %q", got)
	}
	items, _ := f.GetRows("setContas itens")
	if len(items) != 4 || !slices.Equal(items[0], []string{"#row", "seqOci", "codPro"}) || items[3][2] != "00456" {
		t.Fatalf("answer items %q", items)
	}
	summary, _ := f.GetRows("Summary")
	if len(summary) < 4 || !slices.Equal(summary[2][:4], []string{"File", "Rows", "accepted", "rejected by Senior"}) {
		t.Fatalf("summary computed from the lines: %q", summary)
	}
}

// The re-import file is the user's own workbook minus the good rows: same sheet, columns,
// cells and formats, the cells at fault filled with the reason in a comment, #motivo naming
// the cells where they now sit; read back through the readers it gives the original cells.
func TestReimportWorkbook(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, typedFile)
	writeTypedInput(t, input)
	lines := typedLines(t, input)
	out := filepath.Join(dir, "corrigir")
	w, err := OpenReimport(out, Options{Lang: outcome.PT, Sources: typedSources})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, typedFile)
	f := openBook(t, path)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"lancamentos"}) {
		t.Fatalf("sheets %q", got)
	}
	rows, _ := f.GetRows("lancamentos")
	if want := append(slices.Clone(typedHeader), "#motivo", "#linha original"); !slices.Equal(rows[0], want) {
		t.Fatalf("header %q", rows[0])
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want the header and 3 rows to fix", len(rows))
	}
	n := len(typedHeader)
	for i, want := range []struct{ motivo, orig string }{
		{`coluna "valor" (B2), valor "99,99": tem 2 casas decimais; o campo aceita 1`, "3"},
		{"Lançamento 00458 já cadastrado", "4"},
		{`coluna "desconto" (C4), valor "0,5": passa de 20%; valor "01/03/2027": é um domingo`, "5"},
	} {
		if rows[i+1][n] != want.motivo || rows[i+1][n+1] != want.orig {
			t.Errorf("row %d: #motivo %q, #linha original %q; want %q, %s", i+2, rows[i+1][n], rows[i+1][n+1], want.motivo, want.orig)
		}
	}
	comments, err := f.GetComments("lancamentos")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range comments {
		got[c.Cell] = c.Text
		if c.Text == "" && len(c.Paragraph) > 0 {
			got[c.Cell] = c.Paragraph[0].Text
		}
	}
	wantComments := map[string]string{"B2": `valor "99,99": tem 2 casas decimais; o campo aceita 1`, "C4": `valor "0,5": passa de 20%`, "D4": `valor "01/03/2027": é um domingo`}
	if len(got) != len(wantComments) {
		t.Errorf("comments %q", got)
	}
	for cell, text := range wantComments {
		if got[cell] != text {
			t.Errorf("comment %s %q, want %q", cell, got[cell], text)
		}
	}
	for cell, want := range map[string]string{"B2": badFill, "C4": badFill, "D4": badFill, "A2": "", "C2": "", "B3": "", "B4": ""} {
		if got := fillOf(t, f, "lancamentos", cell); got != want {
			t.Errorf("%s fill %q, want %q", cell, got, want)
		}
	}
	for cell, want := range map[string]string{"C2": "0.00%", "C4": "0.00%", "B2": "#,##0.00", "D4": "dd/mm/yyyy", "F2": "dd/mm/yyyy hh:mm", "A2": "@"} {
		if got := numFmtOf(t, f, "lancamentos", cell); got != want {
			t.Errorf("%s format %q, want %q", cell, got, want)
		}
	}

	// Read back through the readers: the same cells as the original rows 3, 4 and 5.
	orig := readBack(t, input, "lancamentos")
	again := readBack(t, path, "lancamentos")
	if len(again) != 4 {
		t.Fatalf("readers read %d rows", len(again))
	}
	for i, o := range []int{3, 4, 5} {
		want := orig[o-1].Cells
		have := again[i+1].Cells
		for c := range want {
			if c >= len(have) {
				t.Fatalf("row %d: %d cells, want %d", i+2, len(have), len(want))
			}
			if canon(t, want[c]) != canon(t, have[c]) {
				t.Errorf("row %d col %d: %s, original %s", i+2, c, canon(t, have[c]), canon(t, want[c]))
			}
		}
	}
}

// A CSV input's rows to fix stay CSV: text as written, BOM, ";", #motivo naming the cell in
// the new file.
func TestReimportCSV(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corrigir")
	w, err := OpenReimport(dir, Options{Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	lines := outcomes()
	lines = append(lines, &outcome.Line{File: sources[2].File, Row: 7, Key: "C7", Port: "setContas", Outcome: outcome.Invalid, Header: sources[2].Header, Cells: texts("C7", strings.Repeat("x", 5)),
		Problems: []outcome.Problem{{Field: "nome", Column: "ContaRazaoSocial", Cell: "B7", Value: "xxxxx", Reason: "tem 5 caracteres"}}, Message: "original"})
	atFault := outcome.PT.RowAtFault([]string{"itens 9"})
	lines = append(lines, &outcome.Line{File: sources[0].File, Sheet: "orcamento", Row: 8, Key: "1/12/1", Port: "GravarOrcamentos", Outcome: outcome.Invalid, Header: sources[0].Header,
		Cells: texts("1", "1", "12", "1", ""), Problems: []outcome.Problem{{Reason: atFault}}, Message: atFault})
	for _, l := range lines {
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "setcontas.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "reimport-setcontas.csv", b)
	f := openBook(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx"))
	if got := strings.Join(f.GetSheetList(), "|"); got != "orcamento|itens" {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := f.GetRows("itens")
	if len(rows) != 2 || strings.Join(rows[0], ",") != "codEmp,numOct,seqOci,preUni,#motivo,#linha original" || rows[1][3] != "12.50" || rows[1][5] != "3" ||
		rows[1][4] != `coluna "preUni" (D2), valor "12.50": não é um número` {
		t.Fatalf("itens %q", rows)
	}
	// The rows a message names at fault are the input's: this file numbers its rows anew.
	rows, _ = f.GetRows("orcamento")
	if last := rows[len(rows)-1]; len(last) < 7 || last[5] != "registro inválido por causa da(s) linha(s) original(is) (coluna #linha original) itens 9" || last[6] != "8" {
		t.Fatalf("orcamento %q", rows)
	}
}

// A report whose path exists is replaced only once complete: until Close (or if the run dies
// before it) the old file is there, whole; outputs follow the umask and are never executable.
func TestReplaceWhenComplete(t *testing.T) {
	withUmask(t, 0o027)
	dir := t.TempDir()
	for _, name := range []string{"r.csv", "r.xlsx"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("the previous report"), 0o600); err != nil {
			t.Fatal(err)
		}
		w, err := Open(p, Options{Sources: sources})
		if err != nil {
			t.Fatal(err)
		}
		writeEach(t, w, outcomes())
		if b, _ := os.ReadFile(p); string(b) != "the previous report" {
			t.Fatalf("%s replaced before Close: %q", name, b)
		}
		if err := w.Close(nil); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o640 {
			t.Errorf("%s mode %v, want 0640 (0666 less the umask 027)", name, st.Mode().Perm())
		}
		if b, _ := os.ReadFile(p); string(b) == "the previous report" {
			t.Fatalf("%s not replaced", name)
		}
	}
	if err := WriteSummary(filepath.Join(dir, "s.json"), outcome.Summary{}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if st, _ := e.Info(); st.Mode().Perm() != 0o640 {
			t.Errorf("%s mode %v", e.Name(), st.Mode().Perm())
		}
	}
	if !slices.Equal(names, []string{"r.csv", "r.xlsx", "s.json"}) {
		t.Errorf("files %q (temporary files left?)", names)
	}
}

// A JSONL report killed mid-run ends with whole lines: the test binary runs itself as a
// child that writes lines until it is killed with SIGKILL.
func TestJSONLKilled(t *testing.T) {
	if p := os.Getenv("WRITERS_JSONL_CHILD"); p != "" {
		w, err := Open(p, Options{})
		if err != nil {
			os.Exit(3)
		}
		for i := 0; ; i++ {
			l := *outcomes()[3]
			l.Row = i
			l.Message = strings.Repeat("não é um número; ", i%150) // lines up to 3.5 KiB: within a page
			if err := w.Write(&l); err != nil {
				os.Exit(4)
			}
		}
	}
	// A kill lands at a page boundary in a few runs out of ten when lines may straddle one:
	// several kills make the test fail reliably if they can.
	for round := range 12 {
		p := filepath.Join(t.TempDir(), "run.jsonl")
		n := killWhileWriting(t, p, int64(1+round%4)<<20)
		if n < 100 {
			t.Fatalf("round %d: only %d lines", round, n)
		}
	}
}

// killWhileWriting runs a child writing the JSONL report p, kills it with SIGKILL once p
// passes size bytes, checks that every line left is whole and returns how many there are.
func killWhileWriting(t *testing.T, p string, size int64) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestJSONLKilled$")
	cmd.Env = append(os.Environ(), "WRITERS_JSONL_CHILD="+p)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Millisecond) {
		if st, err := os.Stat(p); err == nil && st.Size() > size {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the child wrote nothing")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	n := 0
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			// A kill may cut the spaces that bring a line to a page boundary from the line:
			// a tail of spaces, never part of a line.
			if len(bytes.TrimLeft(line, " ")) > 0 {
				st, _ := f.Stat()
				t.Fatalf("torn last line after %d whole ones: %d bytes without a newline; size %d (mod 4096 = %d)", n, len(line), st.Size(), st.Size()%4096)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var l outcome.Line
		if err := json.Unmarshal(line, &l); err != nil || l.Row != n {
			t.Fatalf("line %d: %v (row %d)", n, err, l.Row)
		}
		n++
	}
	return n
}

// A report sheet holds at most Excel's 1,048,576 rows (header included): the lines of an input
// sheet that take more go on in "NAME (2)", "NAME (3)", each with the header, none lost, none
// twice; answers too. Here a sheet holds 5 rows.
func TestXLSXSheetsSplitAtExcelsRows(t *testing.T) {
	defer func(n int) { sheetRows = n }(sheetRows)
	sheetRows = 5
	path := filepath.Join(t.TempDir(), "report.xlsx")
	src := SourceInfo{File: "setCategoriaServico.csv", Header: []string{"CategoriaServicoId", "CategoriaServicoDescricao"}}
	w, err := Open(path, Options{Sources: []SourceInfo{src}, Lang: outcome.PT})
	if err != nil {
		t.Fatal(err)
	}
	const n = 13
	for i := range n {
		l := &outcome.Line{File: src.File, Row: i + 2, Key: fmt.Sprintf("S%02d", i), Port: "CarregarOrcamentos", Outcome: outcome.OK,
			Header: src.Header, Cells: texts(fmt.Sprintf("S%02d", i), "Serviço"),
			Answer: map[string]any{"tipoRetorno": "0", "itens": []any{map[string]any{"seqOci": "1"}, map[string]any{"seqOci": "2"}}}}
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, path)
	var keys []string
	for _, name := range []string{"setCategoriaServico", "setCategoriaServico (2)", "setCategoriaServico (3)", "setCategoriaServico (4)"} {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatalf("sheet %q: %v (sheets %q)", name, err, f.GetSheetList())
		}
		if len(rows) > 5 || rows[0][0] != "CategoriaServicoId" {
			t.Fatalf("sheet %q: %d rows, header %q", name, len(rows), rows[0])
		}
		for _, r := range rows[1:] {
			keys = append(keys, r[0])
		}
	}
	want := make([]string, n)
	for i := range want {
		want[i] = fmt.Sprintf("S%02d", i)
	}
	if !slices.Equal(keys, want) {
		t.Fatalf("keys over the sheets %q", keys)
	}
	var items int
	for _, name := range f.GetSheetList() {
		if strings.Contains(name, "itens") {
			rows, _ := f.GetRows(name)
			if len(rows) > 5 || rows[0][0] != "#linha" {
				t.Fatalf("sheet %q: %d rows, header %q", name, len(rows), rows[0])
			}
			items += len(rows) - 1
		}
	}
	if items != 2*n {
		t.Fatalf("%d item answers over %q, want %d", items, f.GetSheetList(), 2*n)
	}
}

// TestXLSXCellsFitExcel: a text longer than Excel lets a cell hold (32,767 UTF-16 units), a
// cell read or a server's message, is cut with "…" in the workbook: Excel opens a longer one
// only through its "repair". Characters outside the BMP count twice, as in Excel.
func TestXLSXCellsFitExcel(t *testing.T) {
	for _, c := range []struct {
		in        string
		wantUnits int
		cut       bool
	}{
		{"", 0, false},
		{strings.Repeat("a", cellChars), cellChars, false},
		{strings.Repeat("a", cellChars+1), cellChars, true},
		{strings.Repeat("é", cellChars), cellChars, false},
		{strings.Repeat("😀", cellChars/2), cellChars - 1, false},
		{strings.Repeat("😀", cellChars/2+1), cellChars, true}, // 16,383 faces and the "…"
	} {
		got := clipCell(c.in)
		if n := utf16Len(got); n != c.wantUnits || strings.HasSuffix(got, "…") != c.cut || !utf8.ValidString(got) {
			t.Errorf("clipCell(%d bytes): %d units, cut %v; want %d, %v", len(c.in), n, strings.HasSuffix(got, "…"), c.wantUnits, c.cut)
		}
	}

	path := filepath.Join(t.TempDir(), "report.xlsx")
	w, err := Open(path, Options{Sources: sources, Lang: outcome.EN})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é", 40000)
	l := &outcome.Line{File: sources[2].File, Row: 2, Key: "C1", Port: "setContas", Outcome: outcome.Rejected, Header: sources[2].Header,
		Cells: texts("C1", long), Message: "Senior: " + long}
	if err := w.Write(l); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, path)
	rows, _ := f.GetRows("setcontas")
	cuts := 0
	for _, r := range rows {
		for _, cell := range r {
			if utf16Len(cell) > cellChars {
				t.Errorf("a cell of %d units", utf16Len(cell))
			}
			if strings.HasSuffix(cell, "é…") {
				cuts++
			}
		}
	}
	if cuts != 2 {
		t.Errorf("%d cells cut, want 2 (the value, the message): %d rows", cuts, len(rows))
	}
}

// TestSummaryWarnings: the run's warnings (leading zeros dropped, dates that may be swapped,
// values under no header) are in the workbook's summary sheet and the printed summary, for
// whoever reads the report and not the log.
func TestSummaryWarnings(t *testing.T) {
	warn := `setContas.xlsx [contas]: column "ContaCodigo" holds numbers where a code is expected (row 3)`
	sum := outcome.Summary{Rows: 1, Outcomes: map[outcome.Kind]int{outcome.Valid: 1}, Warnings: []outcome.FileProblem{{File: "setContas.xlsx", Message: warn}},
		HiddenRows: map[string]int{"setContas.xlsx": 3},
		Reconciliation: []outcome.Reconciliation{{File: "setContas.xlsx", Rows: 1, Columns: []outcome.MoneyColumn{{Column: "valor", Field: "valor", Read: "10.00", Sent: "0.00", Accepted: "0.00",
			Total: &outcome.TotalCheck{Cell: "B3", Value: "10.00", Matches: true}}}}}}
	path := filepath.Join(t.TempDir(), "report.xlsx")
	w, err := Open(path, Options{Sources: sources, Lang: outcome.EN})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(&sum); err != nil {
		t.Fatal(err)
	}
	rows, _ := openBook(t, path).GetRows("Summary")
	at := slices.IndexFunc(rows, func(r []string) bool {
		return len(r) > 0 && r[0] == strings.TrimSuffix(outcome.EN.WarningsTitle(), ":")
	})
	// The hidden rows among them: a finance team that filtered rows in Excel reads this sheet.
	if at < 0 || at+2 >= len(rows) || rows[at+1][0] != warn || rows[at+2][0] != outcome.EN.HiddenRows("setContas.xlsx", 3) {
		t.Errorf("summary sheet:\n%q", rows)
	}
	// A sheet total that matches is green, as an accepted row.
	for r, row := range rows {
		if len(row) > 1 && row[0] == "setContas.xlsx" && row[1] == "valor" {
			cell, _ := excelize.CoordinatesToCellName(len(row), r+1)
			if got := fillOf(t, openBook(t, path), "Summary", cell); row[len(row)-1] != outcome.EN.Matches(true, false) || got != outcomeFill[outcome.OK] {
				t.Errorf("total check %s %q: fill %q, want green", cell, row[len(row)-1], got)
			}
		}
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == strings.TrimSuffix(outcome.EN.FrequentCauses(), ":") {
			t.Errorf("a causes table without causes: %q", rows)
		}
	}
	// Plain text, unlike the files' problems (red): a warning is no failure.
	if st := styleAt(t, openBook(t, path), "Summary", "A"+strconv.Itoa(at+2)); len(st.Fill.Color) > 0 || st.Font.Bold || st.Font.Size > 11 {
		t.Errorf("warning style: fill %v, bold %v, size %v", st.Fill.Color, st.Font.Bold, st.Font.Size)
	}
	var b strings.Builder
	PrintSummary(&b, sum, outcome.EN)
	if !strings.Contains(b.String(), outcome.EN.WarningsTitle()+"\n  "+warn+"\n") {
		t.Errorf("printed summary:\n%s", b.String())
	}
}

// TestPartsParked: with room for two open parts, five sheets written by turns (each past the
// rows held before its widths are fixed, so each has a part from the start) and notes on some
// cells park and reopen their parts again and again; the workbook reads back whole, every
// cell and note in its place, and no temporary file is left.
func TestPartsParked(t *testing.T) {
	defer func(n int) { openParts = n }(openParts)
	openParts = 2
	before := partsLeft(t)
	wb := newWorkbook()
	var order []*wsheet
	for i := range 5 {
		s := wb.addSheet(nil)
		s.name = fmt.Sprintf("aba%d", i)
		s.header([]cellv{{kind: cText, s: "n"}, {kind: cText, s: "texto"}})
		order = append(order, s)
	}
	const rows = 400
	for r := 2; r <= rows; r++ {
		for i, s := range order {
			if err := s.row([]cellv{{kind: cNumber, s: strconv.Itoa(r)}, {kind: cText, s: fmt.Sprintf("aba %d linha %d ção", i, r)}}); err != nil {
				t.Fatal(err)
			}
			if r%50 == 0 {
				if err := s.comment(1, r, fmt.Sprintf("nota %d/%d", i, r)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if len(wb.parts.open) > openParts {
			t.Fatalf("%d parts open", len(wb.parts.open))
		}
	}
	path := filepath.Join(t.TempDir(), "parked.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := wb.save(f, order); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wb.remove()
	book := openBook(t, path)
	for i := range order {
		got, err := book.GetRows(fmt.Sprintf("aba%d", i))
		if err != nil || len(got) != rows {
			t.Fatalf("aba%d: %d rows, %v", i, len(got), err)
		}
		for r := 2; r <= rows; r++ {
			if want := fmt.Sprintf("aba %d linha %d ção", i, r); got[r-1][0] != strconv.Itoa(r) || got[r-1][1] != want {
				t.Fatalf("aba%d row %d: %q", i, r, got[r-1])
			}
		}
		notes, err := book.GetComments(fmt.Sprintf("aba%d", i))
		if err != nil || len(notes) != rows/50 {
			t.Errorf("aba%d: %d notes, %v", i, len(notes), err)
		}
	}
	if after := partsLeft(t); len(after) > len(before) {
		t.Errorf("%d temporary parts left", len(after)-len(before))
	}
}

// partsLeft lists the workbooks' temporary parts in this process's temporary folder, where
// they are made (scratch.CreateTemp): os.TempDir() itself holds none, and a look there found
// none whatever was left.
func partsLeft(t *testing.T) []string {
	t.Helper()
	d, err := scratch.Dir()
	if err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(d, "importer-part-*"))
	return left
}

// TestReimportManyInputs: the rows to fix of many inputs, CSV files and workbooks written by
// turns, with room for two open files: each re-import file is whole, with its own rows, and no
// temporary file is left (a run of 600 workbooks held 600 files open and failed past 1,024).
func TestReimportManyInputs(t *testing.T) {
	defer func(n int) { openParts = n }(openParts)
	openParts = 2
	dir := filepath.Join(t.TempDir(), "corrigir")
	fds := func() int {
		ents, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			return -1
		}
		return len(ents)
	}
	before, parts := fds(), partsLeft(t)
	w, err := OpenReimport(dir, Options{Lang: outcome.PT})
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"ContaIdERP", "ContaNome"}
	const files, rows = 8, 300
	name := func(i int) string {
		if i%2 == 0 {
			return fmt.Sprintf("setContas-%d.csv", i)
		}
		return fmt.Sprintf("setContas-%d.xlsx", i)
	}
	for r := 2; r < rows+2; r++ {
		for i := range files {
			l := &outcome.Line{File: name(i), Row: r, Key: fmt.Sprintf("C%d", r), Port: "setContas", Outcome: outcome.Invalid, Header: header,
				Cells: texts(fmt.Sprintf("C%d", r), fmt.Sprintf("Conta %d/%d", i, r)), Message: "inválida",
				Problems: []outcome.Problem{{Field: "ContaNome", Column: "ContaNome", Cell: fmt.Sprintf("B%d", r), Value: "x", Reason: "ruim"}}}
			if err := w.Write(l); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The CSV files and the workbooks' parts: openParts of each open at most.
	if n := fds(); before >= 0 && n-before > 2*openParts {
		t.Errorf("%d files open while writing %d re-import files", n-before, files)
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	for i := range files {
		var got [][]string
		if i%2 == 0 {
			f, err := os.Open(filepath.Join(dir, name(i)))
			if err != nil {
				t.Fatal(err)
			}
			cr := csv.NewReader(f)
			cr.Comma = ';'
			got, err = cr.ReadAll()
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
		} else {
			book := openBook(t, filepath.Join(dir, name(i)))
			got, _ = book.GetRows(book.GetSheetList()[0])
		}
		if len(got) != rows+1 {
			t.Fatalf("%s: %d rows, want %d", name(i), len(got), rows+1)
		}
		for r := 2; r < rows+2; r++ {
			if want := fmt.Sprintf("Conta %d/%d", i, r); got[r-1][1] != want {
				t.Fatalf("%s row %d: %q, want %s", name(i), r, got[r-1], want)
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
	if left := partsLeft(t); len(left) > len(parts) {
		t.Errorf("%d temporary parts of the workbooks left", len(left)-len(parts))
	}
}

func TestKeepDigits(t *testing.T) {
	for in, want := range map[string]string{
		"030": `="030"`, "00789": `="00789"`, "01234567890": `="01234567890"`, "12345678000190": `="12345678000190"`,
		"123456789012": `="123456789012"`, "12345678901": "12345678901", "2001": "2001", "0": "0", "": "",
		"0,50": "0,50", "007a": "007a", "01310-100": "01310-100", "-030": "-030", "15/12/2026": "15/12/2026",
		"-12345678901": "-12345678901", "X12345678901": "X12345678901", // long, but not digits only
	} {
		if got := keepDigits(in); got != want {
			t.Errorf("keepDigits(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestWrappedTextRowHeights: a row whose message (the report's #mensagem, the corrigir file's
// #motivo) wraps is written as tall as its lines, since neither LibreOffice nor Excel fits a
// row to its wrapped text on opening: the lines overlapped the rows below. A message that fits
// its column leaves its row at the default height. So is a row whose own cell holds line
// breaks (a description typed with Alt+Enter): LibreOffice shows each of its lines, and the
// second one of "Compra de material" / "escritório" lay over the next row's text.
func TestWrappedTextRowHeights(t *testing.T) {
	const file, sheet, port = "in/GravarOrcamentos-nov.xlsx", "orcamento", "GravarOrcamentos"
	header := []string{"numOct", "desOct"}
	long := strings.Repeat("valor inválido ", 12) // 180 characters: 3 lines of maxWidth
	const found = "Orçamento 1/1003/1 não encontrado."
	cases := []struct {
		message, desOct string
		lines           int // 0: no height written
	}{
		{"", "", 0},
		{found, "", 0},
		{strings.Repeat("x", maxWidth), "", 0},
		{strings.Repeat("x", maxWidth+1), "", 2},
		{long, "", 3},
		{"Erro:\nlinha 2\nlinha 3", "", 3},
		{strings.Repeat(long, 200), "", 1000}, // at the tallest row Excel allows
		{found, "Compra de material\nescritório — São Paulo", 2},
		{found, "a\r\nb\r\nc", 3},
		{found, strings.Repeat("y", 3*maxWidth), 0}, // not wrapped: one line, however long
		{long, "a\nb", 3},
	}
	lines := make([]*outcome.Line, len(cases))
	for i, c := range cases {
		lines[i] = &outcome.Line{File: file, Sheet: sheet, Row: i + 2, Port: port, Outcome: outcome.Rejected, Sent: true,
			Header: header, Cells: texts(fmt.Sprint(1000+i), c.desOct), Message: c.message}
	}
	heights := func(t *testing.T, path string, n int) {
		t.Helper()
		xml := sheetXML(t, path, n)
		for i, c := range cases {
			row := fmt.Sprintf(`<row r="%d"`, i+2)
			at := strings.Index(xml, row)
			if at < 0 {
				t.Fatalf("no %s in %.300s", row, xml)
			}
			tag := xml[at : at+strings.Index(xml[at:], ">")+1]
			want := row + `>`
			if c.lines > 0 {
				want = fmt.Sprintf(`%s ht="%d" customHeight="1">`, row, min(c.lines*rowPoints, maxRowPoints))
			}
			if tag != want {
				t.Errorf("message of %d characters, desOct %q: %s, want %s", utf8.RuneCountInString(c.message), c.desOct, tag, want)
			}
		}
	}
	t.Run("report", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "report.xlsx")
		w, err := Open(path, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: file, Sheet: sheet, Header: header}}})
		if err != nil {
			t.Fatal(err)
		}
		writeLines(t, w, lines, nil)
		heights(t, path, 2) // after the summary
	})
	t.Run("corrigir", func(t *testing.T) {
		dir := t.TempDir()
		w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: file, Sheet: sheet, Header: header}}})
		if err != nil {
			t.Fatal(err)
		}
		writeLines(t, w, lines[1:], nil) // a rejected row without a message has no reason to fix
		cases = cases[1:]
		heights(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx"), 1)
	})
}

// TestSummaryRowsAlreadyImported: a re-run's rows already imported have their count and sums
// in two columns after the sheet's total (blank where a column has no total), and only when
// some file has such rows: the columns before them keep their places.
func TestSummaryRowsAlreadyImported(t *testing.T) {
	for _, already := range []int{0, 2} {
		cols := []outcome.MoneyColumn{
			{Column: "valor", Field: "valor", Read: "30.00", Sent: "10.00", Accepted: "10.00", Total: &outcome.TotalCheck{Cell: "B5", Value: "30.00", Matches: true}},
			{Column: "frete", Field: "frete", Read: "3.00", Sent: "1.00", Accepted: "1.00"},
		}
		if already > 0 {
			cols[0].Already, cols[1].Already = "20.00", "2.00"
		}
		sum := outcome.Summary{Rows: 3, RowsSent: 1, Outcomes: map[outcome.Kind]int{outcome.OK: 1, outcome.Skipped: already},
			Reconciliation: []outcome.Reconciliation{{File: "setContas.xlsx", Rows: 3, RowsSent: 1, RowsAccepted: 1, RowsAlready: already, Columns: cols}}}
		path := filepath.Join(t.TempDir(), "report.xlsx")
		w, err := Open(path, Options{Sources: sources, Lang: outcome.PT})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(&sum); err != nil {
			t.Fatal(err)
		}
		rows, _ := openBook(t, path).GetRows("Resumo")
		got := map[string][]string{}
		for _, r := range rows {
			if len(r) > 1 && (r[0] == "Arquivo" || r[0] == "setContas.xlsx") {
				got[r[0]+"/"+r[1]] = r
			}
		}
		head := outcome.PT.ReconciliationColumns()
		want := map[string][]string{
			"Arquivo/Coluna":       head[:13],
			"setContas.xlsx/valor": {"setContas.xlsx", "valor", "valor", "3", "1", "1", "30.00", "10.00", "10.00", "0", "30.00", "B5", "confere"},
			"setContas.xlsx/frete": {"setContas.xlsx", "frete", "frete", "3", "1", "1", "3.00", "1.00", "1.00", "0"},
		}
		if already > 0 {
			want["Arquivo/Coluna"] = head
			want["setContas.xlsx/valor"] = append(want["setContas.xlsx/valor"], "2", "20.00")
			want["setContas.xlsx/frete"] = append(want["setContas.xlsx/frete"], "", "", "", "2", "2.00")
		}
		for k, w := range want {
			if !slices.Equal(got[k], w) {
				t.Errorf("already %d, %s:\n got %q\nwant %q", already, k, got[k], w)
			}
		}
	}
}

// TestReportSheetNamesOfOneFile: a report of one file (a drop folder's) names its sheets as
// the file does; the file's name comes before the sheet's only when the report holds
// several files, to tell their sheets apart. One file's report had tabs such as
// "GravarOrcament… GravarOrcament…": the file's name and its one sheet's, named as the file
// by the spreadsheet program that saved a CSV file as a workbook, each cut to fit 31.
func TestReportSheetNamesOfOneFile(t *testing.T) {
	src := func(file, sheet string, header ...string) SourceInfo {
		return SourceInfo{File: file, Sheet: sheet, Header: header}
	}
	cases := []struct {
		name    string
		sources []SourceInfo
		want    []string
	}{
		{"a workbook of two sheets", []SourceInfo{
			src("in/GravarOrcamentos-janeiro-2027.xlsx", "orcamento", "numOct"), src("in/GravarOrcamentos-janeiro-2027.xlsx", "itens", "numOct", "seqOci"),
		}, []string{"Resumo", "orcamento", "itens"}},
		{"a CSV file saved as a workbook: its sheet named as the file", []SourceInfo{
			src("in/GravarOrcamentos-jun.xlsx", "GravarOrcamentos-jun", "numOct"),
		}, []string{"Resumo", "GravarOrcamentos-jun"}},
		{"a sheet named as the summary's", []SourceInfo{src("in/contas.xlsx", "Resumo", "ContaIdERP")}, []string{"Resumo", "Resumo 2"}},
		{"a CSV file", []SourceInfo{src("in/setContas-jan.csv", "", "ContaIdERP")}, []string{"Resumo", "setContas-jan"}},
		{"a CSV file and its set file", []SourceInfo{
			src("in/vendas.csv", "", "numOct"), src("in/vendas.itens.csv", "", "numOct", "seqOci"),
		}, []string{"Resumo", "vendas", "vendas.itens"}},
		{"two workbooks", []SourceInfo{
			src("in/GravarOrcamentos-nov.xlsx", "orcamento", "numOct"), src("in/GravarOrcamentos-dez.xlsx", "orcamento", "numOct"),
		}, []string{"Resumo", "GravarOrcamentos-nov orcamento", "GravarOrcamentos-dez orcamento"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "relatorio.xlsx")
			w, err := Open(path, Options{Lang: outcome.PT, Sources: c.sources})
			if err != nil {
				t.Fatal(err)
			}
			var lines []*outcome.Line
			for i, s := range c.sources {
				cells := make([]string, len(s.Header))
				for j := range cells {
					cells[j] = strconv.Itoa(i + 1)
				}
				lines = append(lines, &outcome.Line{File: s.File, Sheet: s.Sheet, Row: 2, Key: strconv.Itoa(i + 1), Port: "GravarOrcamentos",
					Outcome: outcome.OK, Header: s.Header, Cells: texts(cells...)})
			}
			writeLines(t, w, lines, nil)
			if got := openBook(t, path).GetSheetList(); !slices.Equal(got, c.want) {
				t.Errorf("sheets %q, want %q", got, c.want)
			}
		})
	}
}
