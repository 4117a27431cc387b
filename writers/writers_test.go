package writers

import (
	"errors"
	"io/fs"
	"os/exec"
	"runtime"
	"seniorimporter/outcome"
	"seniorimporter/scratch"
	"slices"
	"strconv"
	"strings"

	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs:\n got %s\nwant %s", name, got, want)
	}
}

var sources = []SourceInfo{
	{File: "in/GravarOrcamentos-nov.xlsx", Sheet: "orcamento", Header: []string{"tipOpe", "codEmp", "numOct", "verOct", "#nota"}},
	{File: "in/GravarOrcamentos-nov.xlsx", Sheet: "itens", Header: []string{"codEmp", "numOct", "seqOci", "preUni"}},
	{File: "in/setcontas.csv", Header: []string{"ContaIdERP", "ContaRazaoSocial"}},
}

// TestUnionHeaderKeepsNotes: the user's note columns stay in reports and re-import files;
// the importer's own columns (a re-import file's reasons, a report's outcome columns, in
// either language) are not taken as original ones.
func TestUnionHeaderKeepsNotes(t *testing.T) {
	got := unionHeader([]SourceInfo{
		{Header: []string{"codEmp", "# anotação", "#motivo", "#linha original", "#reason"}},
		{Header: []string{"codEmp", "#resultado", "#outcome", "#row", "#nota"}},
	})
	if want := []string{"codEmp", "# anotação", "#nota"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// texts are CSV cells: text as written.
func texts(ss ...string) []outcome.Cell {
	out := make([]outcome.Cell, len(ss))
	for i, s := range ss {
		out[i] = outcome.Cell{Text: s}
	}
	return out
}

// num is a number cell as the pipeline passes it: the text in pt-BR, the value, the format.
func num(text, value, format string) outcome.Cell {
	return outcome.Cell{Text: text, Kind: outcome.CellNumber, Value: value, Format: format}
}

// outcomes arrive interleaved across sources, as a run writes them. Workbook cells are typed
// (their texts are what the CSV report shows).
func outcomes() []*outcome.Line {
	h0, h1, h2 := sources[0].Header, sources[1].Header, sources[2].Header
	return []*outcome.Line{
		{File: sources[0].File, Sheet: "orcamento", Row: 2, Key: "1/10/1", Port: "GravarOrcamentos", Outcome: outcome.OK, Code: "0", Message: "Processado", ID: "1/10/1", Attempts: 1, LatencyMS: 12, Header: h0,
			Cells: []outcome.Cell{num("1", "1", ""), num("1", "1", ""), num("10", "10", ""), num("1", "1", ""), {Text: "x"}}, Sent: true},
		{File: sources[2].File, Row: 2, Key: "C1", Port: "setContas", Outcome: outcome.Rejected, Message: "Cidade não encontrada", Attempts: 1, LatencyMS: 3, Header: h2, Cells: texts("C1", "Ação & Cia; \"Ltda\""), Sent: true},
		{File: sources[0].File, Sheet: "itens", Row: 2, Key: "1/10/1", Port: "GravarOrcamentos", Outcome: outcome.OK, Attempts: 1, Header: h1,
			Cells: []outcome.Cell{num("1", "1", ""), num("10", "10", ""), num("1", "1", ""), num("12,50", "12.5", "#,##0.00")}, Sent: true,
			Amounts: []outcome.Amount{{Column: "preUni", Field: "itens.preUni", Value: "12.50"}}},
		{File: sources[0].File, Sheet: "orcamento", Row: 3, Key: "1/11/1", Port: "GravarOrcamentos", Outcome: outcome.Invalid, Message: `coluna "preUni" (D3), valor "12.50": não é um número`,
			Problems: []outcome.Problem{{Field: "itens.preUni", Column: "preUni", Cell: "D3", Value: "12.50", Reason: "não é um número"}}, Header: h0,
			Cells: []outcome.Cell{num("1", "1", ""), num("1", "1", ""), num("11", "11", ""), num("1", "1", ""), {}}},
		{File: sources[0].File, Sheet: "itens", Row: 3, Key: "1/11/1", Port: "GravarOrcamentos", Outcome: outcome.Invalid, Message: `coluna "preUni" (D3), valor "12.50": não é um número`,
			Problems: []outcome.Problem{{Field: "itens.preUni", Column: "preUni", Cell: "D3", Value: "12.50", Reason: "não é um número"}}, Header: h1,
			Cells:   []outcome.Cell{num("1", "1", ""), num("11", "11", ""), num("1", "1", ""), {Text: "12.50"}},
			Amounts: []outcome.Amount{{Column: "preUni", Field: "itens.preUni", Value: ""}}},
		{File: sources[2].File, Row: 3, Key: "C2", Port: "setContas", Outcome: outcome.OK, ID: "77", Attempts: 2, LatencyMS: 40, Header: h2, Cells: texts("C2", "Beta"), Sent: true,
			Answer: map[string]any{"tipoRetorno": "0", "orcamento": []any{map[string]any{"codEmp": "1", "itens": []any{map[string]any{"seqOci": "1"}, map[string]any{"seqOci": "2"}}}}}},
	}
}

func writeAll(t *testing.T, w Writer, sum *outcome.Summary) {
	t.Helper()
	writeLines(t, w, outcomes(), sum)
}

// writeLines writes lines to w and closes it with sum.
func writeLines(t *testing.T, w Writer, lines []*outcome.Line, sum *outcome.Summary) {
	t.Helper()
	writeEach(t, w, lines)
	if err := w.Close(sum); err != nil {
		t.Fatal(err)
	}
}

// writeEach writes lines to w, leaving it open.
func writeEach(t *testing.T, w Writer, lines []*outcome.Line) {
	t.Helper()
	for _, o := range lines {
		if err := w.Write(o); err != nil {
			t.Fatal(err)
		}
	}
}

// The CSV and JSONL reports are byte for byte what they were before workbooks learnt types
// (the CSV keeps the machine outcome codes and the texts as the user saw them).
func TestCSVAndJSONL(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"report.csv", "report.jsonl"} {
		w, err := Open(filepath.Join(dir, name), Options{Sources: sources})
		if err != nil {
			t.Fatal(err)
		}
		writeAll(t, w, nil)
		b, _ := os.ReadFile(filepath.Join(dir, name))
		golden(t, name, b)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "report.csv"))
	if !bytes.HasPrefix(b, []byte("\uFEFF")) || !bytes.Contains(b, []byte("\r\n")) {
		t.Fatal("CSV without BOM or CRLF")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 || recs[0][0] != "tipOpe" || recs[0][4] != "#nota" || recs[1][4] != "x" || recs[0][9] != "#arquivo" || recs[2][8] != "Ação & Cia; \"Ltda\"" {
		t.Fatalf("CSV: %q", recs[:3])
	}
	if _, err := Open(filepath.Join(dir, "x.pdf"), Options{}); err == nil {
		t.Fatal("unknown extension accepted")
	}
}

func summaryOf(lines []*outcome.Line) outcome.Summary {
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	tl := outcome.NewTally(start)
	for _, o := range lines {
		tl.Add(o)
	}
	tl.AddRecord()
	tl.AddRecord()
	tl.SetCharset("in/setcontas.csv", "windows-1252")
	tl.SetLimit(8)
	tl.AddTotal("in/GravarOrcamentos-nov.xlsx", "preUni", "itens.preUni", "D5", "12.5")
	return tl.Summary(start.Add(2*time.Second), 5)
}

func TestSummary(t *testing.T) {
	s := summaryOf(outcomes())
	var b bytes.Buffer
	PrintSummary(&b, s, outcome.PT)
	b.WriteString("--\n")
	PrintSummary(&b, s, outcome.EN)
	golden(t, "summary.txt", b.Bytes())
	if s.ExitCode != 1 || s.Rows != 6 || s.Causes[0].Count != 2 || s.RowsSent != 4 {
		t.Fatalf("%+v", s)
	}
	p := filepath.Join(t.TempDir(), "sub", "dir", "s.json")
	if err := WriteSummary(p, s); err != nil {
		t.Fatal(err)
	}
	j, _ := os.ReadFile(p)
	for _, want := range []string{`"rows_per_s": 3`, `"exit_code": 1`, `"rows_sent": 4`, `"limit": 8`, `"in/setcontas.csv": "windows-1252"`,
		`"read": "12.50"`, `"sent": "12.50"`, `"accepted": "12.50"`, `"unreadable": 1`, `"cell": "D5"`, `"matches": true`, `"files": [`} {
		if !bytes.Contains(j, []byte(want)) {
			t.Errorf("summary JSON without %s:\n%s", want, j)
		}
	}
}

func TestNeedsCells(t *testing.T) {
	for path, want := range map[string]bool{"r.csv": true, "out/r.XLSX": true, "r.jsonl": false, "R.JSONL": false, "r.ndjson": false, "r.json": false} {
		if got := NeedsCells(path); got != want {
			t.Errorf("NeedsCells(%q) = %v", path, got)
		}
	}
}

// TestJSONLAsWritten: a JSONL report's texts are as Senior and the file had them, & < > and
// all, for grep (not \u0026); the folder it makes is one its owner can write in and others
// read (0777 less the umask: as root, one of mode 0001 went unnoticed).
func TestJSONLAsWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out", "report.jsonl")
	w, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	msg := `Cliente "A&B Ltda" <inativo> não encontrado`
	writeLines(t, w, []*outcome.Line{{File: "a&b.csv", Row: 2, Key: "1&2", Outcome: outcome.Rejected, Message: msg}}, nil)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"file":"a&b.csv"`, `"key":"1&2"`, `"message":"Cliente \"A&B Ltda\" <inativo> não encontrado"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("no %s in %s", want, b)
		}
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || st.Mode().Perm()&0o700 != 0o700 {
		t.Errorf("report folder: %v, %v", st.Mode(), err)
	}
}

// TestJSONLLinesWithinPages: a line that fits in a page never straddles two (one that would
// starts the next page, after spaces), so a writer killed mid-line never leaves half a line
// on a page written whole. Lines of every length up to 3.5 KiB, and one of a page exactly.
func TestJSONLLinesWithinPages(t *testing.T) {
	page := os.Getpagesize()
	path := filepath.Join(t.TempDir(), "r.jsonl")
	w, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	line := func(msg string) *outcome.Line {
		return &outcome.Line{File: "a.csv", Row: 2, Outcome: outcome.Invalid, Message: msg}
	}
	encoded := func(l *outcome.Line) int {
		b, _ := json.Marshal(l)
		return len(b) + 1
	}
	var lines []*outcome.Line
	for i := range 300 {
		lines = append(lines, line(strings.Repeat("não é um número; ", i%200)))
	}
	lines = append(lines, line("x"))
	lines = append(lines, line(strings.Repeat("y", page-encoded(line("")))))
	if encoded(lines[len(lines)-1]) != page {
		t.Fatalf("the last line is %d bytes, not a page", encoded(lines[len(lines)-1]))
	}
	writeLines(t, w, lines, nil)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for start := 0; start < len(b); {
		for start < len(b) && b[start] == ' ' {
			start++
		}
		end := start + bytes.IndexByte(b[start:], '\n') + 1
		if size := end - start; size <= page && start/page != (end-1)/page {
			t.Fatalf("line %d (%d bytes) at %d straddles a page boundary", n+1, size, start)
		}
		start = end
		n++
	}
	if n != len(lines) {
		t.Errorf("%d lines, want %d", n, len(lines))
	}
}

// TestSummaryPrintsWhatItHas: each part of the printed summary shows when the run has it,
// and only then.
func TestSummaryPrintsWhatItHas(t *testing.T) {
	faults := map[string]int{"http_503": 2, "connection": 1}
	l := outcome.PT
	for _, c := range []struct {
		name       string
		sum        outcome.Summary
		has, hasnt []string
	}{
		{"one request in flight at the end", outcome.Summary{Rows: 1, RowsSent: 1, Limit: 1, Outcomes: map[outcome.Kind]int{outcome.OK: 1}},
			[]string{l.LimitAtEnd(1)}, []string{l.ReconciliationTitle(), l.PassingFaults(3, faults)}},
		{"passing faults", outcome.Summary{Rows: 1, RowsSent: 1, Limit: 8, PassingFaults: faults, Outcomes: map[outcome.Kind]int{outcome.OK: 1}},
			[]string{l.PassingFaults(3, faults)}, []string{l.ReconciliationTitle()}},
		{"nothing sent", outcome.Summary{Rows: 1, Outcomes: map[outcome.Kind]int{outcome.Valid: 1}},
			nil, []string{l.LimitAtEnd(0), l.RowsSent(0, 1), l.ReconciliationTitle(), l.FrequentCauses(), l.Charsets()}},
		{"every row already imported", outcome.Summary{Rows: 2, Limit: 4, Outcomes: map[outcome.Kind]int{outcome.Skipped: 2}},
			nil, []string{l.LimitAtEnd(4), l.RowsSent(0, 2)}},
		{"a money column without a totals row", outcome.Summary{Rows: 1, Outcomes: map[outcome.Kind]int{outcome.Valid: 1},
			Reconciliation: []outcome.Reconciliation{{File: "a.csv", Rows: 1, Columns: []outcome.MoneyColumn{{Column: "valor", Field: "valor", Read: "1.00", Sent: "0.00", Accepted: "0.00"}}}}},
			[]string{l.ReconciliationRows("a.csv", 1, 0, 0, 0)}, nil},
		// A resumed run: the rows earlier runs sent are in their own sum, so that the file's
		// read sum is accepted plus already there (the last run of a migration showed read
		// 6,975,664.59 and accepted 5,870,717.50, the rest nowhere).
		{"rows already in Senior", outcome.Summary{Rows: 3, RowsSent: 1, Outcomes: map[outcome.Kind]int{outcome.OK: 1, outcome.Skipped: 2},
			Reconciliation: []outcome.Reconciliation{{File: "a.csv", Rows: 3, RowsSent: 1, RowsAccepted: 1, RowsAlready: 2,
				Columns: []outcome.MoneyColumn{{Column: "valor", Field: "valor", Read: "3.00", Sent: "1.00", Accepted: "1.00", Already: "2.00"}}}}},
			[]string{l.ReconciliationRows("a.csv", 3, 1, 1, 2), "  " + l.ReconciliationSums("valor", "valor", "3,00", "1,00", "1,00", "2,00")}, nil},
	} {
		var b bytes.Buffer
		PrintSummary(&b, c.sum, l)
		for _, want := range c.has {
			if !strings.Contains(b.String(), "\n  "+want+"\n") {
				t.Errorf("%s: no line %q in\n%s", c.name, want, &b)
			}
		}
		for _, not := range c.hasnt {
			if strings.Contains(b.String(), not) {
				t.Errorf("%s: %q in\n%s", c.name, not, &b)
			}
		}
	}
}

// TestSummaryPrintsOneLineEach: a file name with an escape sequence and a newline (a security
// tester's, which cleared the screen and printed a fake "exit_code=0" line) is shown escaped.
func TestSummaryPrintsOneLineEach(t *testing.T) {
	name := "in/setCategoriaDespesa-\x1b[2J\x1b[31mFAKE\nexecução concluída exit_code=0\u202e.csv"
	s := outcome.Summary{Rows: 1, Outcomes: map[outcome.Kind]int{outcome.Valid: 1}, Charsets: map[string]string{name: "utf-8"},
		Warnings: []outcome.FileProblem{{File: name, Message: name + ": aviso"}}}
	var b bytes.Buffer
	PrintSummary(&b, s, outcome.PT)
	out := b.String()
	if strings.ContainsAny(out, "\x1b\u202e") || strings.Contains(out, "\nexecução") {
		t.Errorf("printed raw:\n%q", out)
	}
	if want := `  in/setCategoriaDespesa-\x1b[2J\x1b[31mFAKE\nexecução concluída exit_code=0\u202e.csv: utf-8` + "\n"; !strings.Contains(out, want) {
		t.Errorf("want the name escaped, %q, in\n%s", want, out)
	}
	// What is printable stays as it is: quotes and backslashes too.
	plain := `in\Conta d'água "nova" – ção.csv`
	b.Reset()
	PrintSummary(&b, outcome.Summary{Rows: 1, Outcomes: map[outcome.Kind]int{outcome.Valid: 1}, Charsets: map[string]string{plain: "utf-8"}}, outcome.PT)
	if !strings.Contains(b.String(), "  "+plain+": utf-8\n") {
		t.Errorf("want %q as it is in\n%s", plain, &b)
	}
}

func BenchmarkJSONL(b *testing.B) {
	w, err := Open(filepath.Join(b.TempDir(), "r.jsonl"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	o := outcomes()[0]
	for b.Loop() {
		w.Write(o)
	}
	w.Close(nil)
}

// The sheet names a workbook gets: at most 31 characters, the longest part shortened, no
// forbidden character, never two alike.
func TestSheetNames(t *testing.T) {
	n := sheetNamer{}
	cases := []struct {
		parts []string
		want  string
	}{
		{[]string{"Resumo"}, "Resumo"},
		{[]string{"GravarOrcamentos-nov", "orcamento"}, "GravarOrcamentos-nov orcamento"},
		{[]string{"GravarOrcamentos-novembro-2026", "orcamento"}, "GravarOrcamentos-nov… orcamento"},
		{[]string{"GravarOrcamentos-novembro-2026", "orcamentos"}, "GravarOrcamentos-no… orcamentos"},
		{[]string{"GravarOrcamentos-novembro-2026", "orcamento"}, "GravarOrcamentos-n… orcamento 2"},
		{[]string{"a/b:c"}, "a_b_c"},
		{[]string{"resumo"}, "resumo 2"},
		{[]string{"'quoted'"}, "quoted"},
		{[]string{""}, "dados"},
	}
	for _, c := range cases {
		got := n.name(c.parts...)
		if got != c.want {
			t.Errorf("%q: %q, want %q", c.parts, got, c.want)
		}
		if len([]rune(got)) > 31 {
			t.Errorf("%q: %q longer than 31", c.parts, got)
		}
	}
}

func TestTypedCell(t *testing.T) {
	formats := map[int]string{}
	styles := newStyleSet()
	styleOf := func(f string) int {
		id := styles.id(style{numFmt: f})
		formats[id] = f
		return id
	}
	cases := []struct {
		in     outcome.Cell
		kind   cellKind
		s      string
		format string
	}{
		{outcome.Cell{Text: "00456"}, cText, "00456", ""},
		{outcome.Cell{Text: "00456", Format: "@"}, cText, "00456", "@"},
		{outcome.Cell{Text: "5,00%", Kind: outcome.CellNumber, Value: "0.05", Format: "0.00%"}, cNumber, "0.05", "0.00%"},
		{outcome.Cell{Text: "12,5", Kind: outcome.CellNumber, Value: "12.5"}, cNumber, "12.5", ""},
		{outcome.Cell{Text: "x", Kind: outcome.CellNumber, Value: "x"}, cText, "x", ""},
		{outcome.Cell{Text: "31/12/2026", Kind: outcome.CellDate, Value: "2026-12-31"}, cDate, "46387", "dd/mm/yyyy"},
		{outcome.Cell{Text: "31/12/2026 12:00", Kind: outcome.CellDate, Value: "2026-12-31T12:00:00"}, cDate, "46387.5", "dd/mm/yyyy hh:mm"},
		{outcome.Cell{Text: "06:00", Kind: outcome.CellDate, Value: "1899-12-30T06:00:00"}, cDate, "0.25", "hh:mm"},
		{outcome.Cell{Text: "00:00", Kind: outcome.CellDate, Value: "1899-12-30T00:00:00"}, cDate, "0", "hh:mm"}, // midnight: serial 0
		{outcome.Cell{Text: "31/12/26", Kind: outcome.CellDate, Value: "2026-12-31", Format: "dd/mm/yy"}, cDate, "46387", "dd/mm/yy"},
		// Before Excel's first day (LibreOffice keeps such dates): as the user saw it, not a
		// negative serial Excel shows as ####.
		{outcome.Cell{Text: "01/01/1800", Kind: outcome.CellDate, Value: "1800-01-01"}, cText, "01/01/1800", ""},
		{outcome.Cell{Text: "TRUE", Kind: outcome.CellBool, Value: "TRUE"}, cBool, "1", boolFormat},
		{outcome.Cell{Text: "FALSE", Kind: outcome.CellBool, Value: "FALSE"}, cBool, "0", boolFormat},
		{outcome.Cell{}, cEmpty, "", ""},
	}
	for _, c := range cases {
		got := typedCell(c.in, styleOf)
		if got.kind != c.kind || got.s != c.s || formats[got.style] != c.format {
			t.Errorf("%+v: kind %d %q format %q; want %d %q %q", c.in, got.kind, got.s, formats[got.style], c.kind, c.s, c.format)
		}
	}
}

func TestCellValues(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026-12-31", "46387"}, {"2026-12-31T12:00:00", "46387.5"}, {"1900-01-01", "1"}, {"1900-02-28", "59"},
		{"1900-03-01", "61"}, {"1899-12-30T06:00:00", "0.25"}, {"31/12/2026", ""},
	} {
		got, ok := dateSerial(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("dateSerial(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, c := range []struct {
		in, lit string
		places  int
	}{
		{"12.50", "12.50", 2}, {"1234,5", "1234.5", 1}, {"-3", "-3", 0}, {"0", "0", 0}, {"0.05", "0.05", 2},
		{"00456", "", 0}, {"12345678901234", "", 0}, {"1.234.567", "", 0}, {"1e5", "", 0}, {"", "", 0}, {"12.", "", 0}, {"2026-12-31", "", 0},
	} {
		lit, places, ok := plainDecimal(c.in)
		if lit != c.lit || places != c.places || ok != (c.lit != "") {
			t.Errorf("plainDecimal(%q) = %q %d %v", c.in, lit, places, ok)
		}
	}
	for in, want := range map[string]bool{"0.05": true, "-12": true, "1E-3": true, "": false, "NaN": false, "Inf": false, "1e999": false, "0x10": false, "1_000": false} {
		if numberLiteral(in) != want {
			t.Errorf("numberLiteral(%q) != %v", in, want)
		}
	}
	for in, want := range map[string]int{"A1": 0, "F3": 5, "AA10": 26, "xfd1": 16383, "": -1, "12": -1, "ABCD1": -1} {
		if got := columnIndex(in); got != want {
			t.Errorf("columnIndex(%q) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[string]string{"a<b & \"c\"": "a&lt;b &amp; &quot;c&quot;", "x\x01y": "x_x0001_y", "_x0041_": "_x005F_x0041_",
		"_x00ff_": "_x005F_x00ff_", "_x00FF_": "_x005F_x00FF_", "_xbeef_": "_x005F_xbeef_", "_x00fg_": "_x00fg_", "_x00FG_": "_x00FG_", "_x12:4_": "_x12:4_", "l1\r\nl2": "l1&#13;\nl2", "bad\xffbyte": "bad\uFFFDbyte",
		"a\uFFFEb": "a\uFFFDb", "\uFFFF": "\uFFFD"} { // no character of XML 1.0: the part would not parse
		if got := string(appendEscaped(nil, in)); got != want {
			t.Errorf("appendEscaped(%q) = %q, want %q", in, got, want)
		}
	}
	// Spaces at a text's ends are kept (Excel drops them without xml:space).
	for in, want := range map[string]string{" lead": `<t xml:space="preserve"> lead</t>`, "trail\n": `<t xml:space="preserve">trail` + "\n</t>", "a b": "<t>a b</t>"} {
		if got := string(appendT(nil, in)); got != want {
			t.Errorf("appendT(%q) = %q, want %q", in, got, want)
		}
	}
}

// openBook opens a workbook written by the writers with excelize, as a test reads it.
func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// fillOf is a cell's fill colour ("" none).
func fillOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	st := styleAt(t, f, sheet, cell)
	if len(st.Fill.Color) == 0 {
		return ""
	}
	c := st.Fill.Color[0]
	return c[max(len(c)-6, 0):] // RRGGBB, whatever alpha excelize leaves in front
}

// numFmtOf is a cell's number format code.
func numFmtOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, _ := f.GetCellStyle(sheet, cell)
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	for code, n := range builtinFormats {
		if n == st.NumFmt {
			return code
		}
	}
	return "?"
}

func TestModesAndFolders(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"r1/x.jsonl", "r2/a/x.csv", "r3/x.xlsx"} {
		p := filepath.Join(dir, name)
		w, err := Open(p, Options{Sources: sources})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		writeAll(t, w, nil)
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o111 != 0 {
			t.Errorf("%s is executable: %v", name, st.Mode())
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "r3"))
	if len(entries) != 1 {
		t.Errorf("temporary files left beside the report: %v", entries)
	}
}

// What Senior answered never reaches the CSV report (or a re-import CSV's reason) as a formula;
// the original columns stay as they were read, and a code that is a plain number stays one.
func TestCSVGuardsAnswers(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"Registro gravado":           "Registro gravado",
		"-1":                         "-1",
		"+5":                         "+5",
		"-2,5":                       "'-2,5",
		`=HYPERLINK("http://x","a")`: `'=HYPERLINK("http://x","a")`,
		"@SUM(A1)":                   "'@SUM(A1)",
		"+cmd|' /C calc'!A0":         "'+cmd|' /C calc'!A0",
		"-1+1":                       "'-1+1",
		"\tx":                        "'\tx",
		"-Inf":                       "'-Inf",
		"-1e5":                       "'-1e5",
	} {
		if got := guardFormula(in); got != want {
			t.Errorf("guardFormula(%q) = %q, want %q", in, got, want)
		}
	}
	dir := t.TempDir()
	line := &outcome.Line{File: "in/setcontas.csv", Row: 2, Key: "=C1", Port: "setContas", Outcome: outcome.Rejected,
		Code: "-1", Message: `=HYPERLINK("http://x","clique")`, ID: "@id", Header: sources[2].Header, Cells: texts("=C1", "+Beta")}
	report, fix := filepath.Join(dir, "report.csv"), filepath.Join(dir, "corrigir")
	for _, open := range []func() (Writer, error){
		func() (Writer, error) { return Open(report, Options{Sources: sources[2:]}) },
		func() (Writer, error) { return OpenReimport(fix, Options{Sources: sources[2:]}) },
	} {
		w, err := open()
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(line); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(nil); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) []string {
		recs := readCSVReport(t, path)
		if len(recs) != 2 {
			t.Fatalf("%s: %q", path, recs)
		}
		return recs[1]
	}
	got := read(report)
	want := []string{"=C1", "+Beta", "in/setcontas.csv", "", "2", "=C1", "setContas", "rejected", "-1", `'=HYPERLINK("http://x","clique")`, "'@id", "0", "0"}
	if !slices.Equal(got, want) {
		t.Errorf("report row\n got %q\nwant %q", got, want)
	}
	got = read(filepath.Join(fix, "setcontas.csv"))
	if want := []string{"=C1", "+Beta", `'=HYPERLINK("http://x","clique")`, "2"}; !slices.Equal(got, want) {
		t.Errorf("re-import row\n got %q\nwant %q", got, want)
	}
	// A dropped file's name and its sheet's are guarded too (they are no data read back).
	p := filepath.Join(dir, "names.csv")
	w, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&outcome.Line{File: `=HYPERLINK("http://x").csv`, Sheet: "@Plan1", Row: 2, Outcome: outcome.OK}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	if got := read(p); got[0] != `'=HYPERLINK("http://x").csv` || got[1] != "'@Plan1" {
		t.Errorf("names: %q", got)
	}
}

// TestJSONLReplacesLinks: a link or a hard link at a JSONL report's path is replaced, not
// written through (the report truncated the journal a link named).
func TestJSONLReplacesLinks(t *testing.T) {
	dangling := func(target, path string) error { return os.Symlink(target+".gone", path) }
	for _, link := range []func(target, path string) error{os.Symlink, os.Link, dangling} {
		dir := t.TempDir()
		target, path := filepath.Join(dir, "journal.db"), filepath.Join(dir, "r.jsonl")
		if err := os.WriteFile(target, []byte("SQLite format 3\x00"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := link(target, path); err != nil {
			t.Skip(err)
		}
		w, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(outcomes()[0]); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(nil); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(target); string(b) != "SQLite format 3\x00" {
			t.Errorf("the file the link named was written: %q", b)
		}
		if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("the report is not a file of its own: %v %v", fi, err)
		}
		if b, _ := os.ReadFile(path); !bytes.Contains(b, []byte(`"row"`)) {
			t.Errorf("report %q", b)
		}
	}
}

// TestLongOutputName: an output whose name is near the 255 bytes a name may have is written
// (its temporary name, with a host and a process in it, went past them: "file name too long").
func TestLongOutputName(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{".csv", ".xlsx"} {
		name := strings.Repeat("ç", 120) + ext // 240 bytes and more
		p := filepath.Join(dir, name)
		w, err := Open(p, Options{Sources: sources})
		if err != nil {
			t.Fatal(err)
		}
		writeEach(t, w, outcomes())
		if err := w.Close(nil); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

// TestCreateAtomicSweepsOtherOutputs: a report's temporary file, left by a run killed while
// writing it, is swept by the next output written in its folder whatever that output's name:
// a cron job's dated reports (report-2026-12-01.csv, then report-2026-12-02.csv) never write
// the same name again, and a killed night's half report stayed for good (a hygiene tester).
func TestCreateAtomicSweepsOtherOutputs(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no process check here: nothing is swept")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	host, _, _ := strings.Cut(scratch.Mark(), ".")
	dir := t.TempDir()
	dead := filepath.Join(dir, ".report-2026-12-01.csv.tmp-"+host+"."+strconv.Itoa(cmd.Process.Pid)+"-abc")
	live := filepath.Join(dir, ".report-2026-12-01.xlsx.tmp-"+host+"."+strconv.Itoa(os.Getppid())+"-abc")
	for _, p := range []string{dead, live} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := createAtomic(nil, filepath.Join(dir, "report-2026-12-02.csv"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	os.Remove(f.Name())
	if _, err := os.Stat(dead); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a killed run's temporary file stayed: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a running process's temporary file went: %v", err)
	}
}

// A row that ends before its header does (a CSV line with fewer cells), of a header naming a
// column twice, is one CSV report line: its cells under their columns, the first of the two
// same-named cells under that column, the missing ones empty. Every other test's rows are as
// long as their headers, each column named once.
func TestCSVRowShorterThanHeader(t *testing.T) {
	header := []string{"ContaIdERP", "ContaRazaoSocial", "ContaIdERP", "ContaCidade"}
	for _, c := range []struct {
		name  string
		cells []outcome.Cell
		want  []string // ContaIdERP, ContaRazaoSocial, ContaCidade
	}{
		{"every cell", texts("C1", "Alfa", "C1b", "Blumenau"), []string{"C1", "Alfa", "Blumenau"}},
		{"ends after the name", texts("C2", "Beta"), []string{"C2", "Beta", ""}},
		{"ends after the key", texts("C3"), []string{"C3", "", ""}},
		{"no cell", nil, []string{"", "", ""}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "report.csv")
			w, err := Open(path, Options{Sources: []SourceInfo{{File: "in/setcontas.csv", Header: header}}})
			if err != nil {
				t.Fatal(err)
			}
			writeLines(t, w, []*outcome.Line{{File: "in/setcontas.csv", Row: 2, Key: "C", Port: "setContas", Outcome: outcome.Invalid,
				Message: "linha curta", Header: header, Cells: c.cells}}, nil)
			recs := readCSVReport(t, path)
			if len(recs) != 2 {
				t.Fatalf("CSV %q", recs)
			}
			got := map[string]string{}
			for i, h := range recs[0] {
				if _, seen := got[h]; !seen {
					got[h] = recs[1][i]
				}
			}
			for i, col := range []string{"ContaIdERP", "ContaRazaoSocial", "ContaCidade"} {
				if got[col] != c.want[i] {
					t.Errorf("%s %q, want %q (record %q)", col, got[col], c.want[i], recs[1])
				}
			}
			if !slices.Contains(recs[1], "linha curta") {
				t.Errorf("record %q without its message", recs[1])
			}
		})
	}
}

// readCSVReport is a CSV report's records, its byte-order mark left off.
func readCSVReport(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v\n%s", path, err, b)
	}
	return recs
}

// TestTotalPerRowShown: a totals row that matches with each record's value counted once per
// row of it (its item rows repeat it) is said to match so, in the printed summary and in the
// workbook's Resumo, with the sum read once per record beside it.
func TestTotalPerRowShown(t *testing.T) {
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	tl := outcome.NewTally(start)
	for i, repeated := range []bool{false, true, false} {
		value := "1234.5"
		if i == 2 {
			value = "100"
		}
		tl.Add(&outcome.Line{File: "GravarOrcamentos.csv", Row: i + 2, Outcome: outcome.Valid,
			Amounts: []outcome.Amount{{Column: "vlrBru", Field: "vlrBru", Value: value, Repeated: repeated}}})
	}
	tl.AddTotal("GravarOrcamentos.csv", "vlrBru", "vlrBru", "E5", "2569.0")
	s := tl.Summary(start.Add(time.Second), 5)
	var b bytes.Buffer
	PrintSummary(&b, s, outcome.PT)
	PrintSummary(&b, s, outcome.EN)
	for _, want := range []string{
		"vlrBru: lido 1.334,5 ",
		"total da planilha E5 = 2.569,0: confere, contando o valor de cada registro uma vez por linha dele (as linhas dos seus filhos o repetem; a soma lida, uma vez por registro, é 1.334,5)",
		"sheet total E5 = 2,569.0: matches, counting each record's value once per row of it",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("printed summary without %q:\n%s", want, b.String())
		}
	}
	path := filepath.Join(t.TempDir(), "r.xlsx")
	w, err := Open(path, Options{Lang: outcome.PT})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(&s); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, path)
	rows, _ := f.GetRows("Resumo")
	found := false
	for _, r := range rows {
		found = found || slices.Contains(r, "confere, contando cada registro uma vez por linha")
	}
	if !found {
		t.Errorf("the Resumo does not say how the total matches: %q", rows)
	}
}
