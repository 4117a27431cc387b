package writers

import (
	"seniorimporter/outcome"

	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
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

// texts are CSV cells: text as written.
func texts(ss ...string) []outcome.Cell {
	out := make([]outcome.Cell, len(ss))
	for i, s := range ss {
		out[i] = outcome.Cell{Text: s}
	}
	return out
}

// outcomes arrive interleaved across sources, as a run writes them.
func outcomes() []*outcome.Line {
	h0, h1, h2 := sources[0].Header, sources[1].Header, sources[2].Header
	return []*outcome.Line{
		{File: sources[0].File, Sheet: "orcamento", Row: 2, Key: "1/10/1", Port: "GravarOrcamentos", Outcome: outcome.OK, Code: "0", Message: "Processado", ID: "1/10/1", Attempts: 1, LatencyMS: 12, Header: h0, Cells: texts("1", "1", "10", "1", "x")},
		{File: sources[2].File, Row: 2, Key: "C1", Port: "setContas", Outcome: outcome.Rejected, Message: "Cidade não encontrada", Attempts: 1, LatencyMS: 3, Header: h2, Cells: texts("C1", "Ação & Cia; \"Ltda\"")},
		{File: sources[0].File, Sheet: "itens", Row: 2, Key: "1/10/1", Port: "GravarOrcamentos", Outcome: outcome.OK, Attempts: 1, Header: h1, Cells: texts("1", "10", "1", "12,50")},
		{File: sources[0].File, Sheet: "orcamento", Row: 3, Key: "1/11/1", Port: "GravarOrcamentos", Outcome: outcome.Invalid, Message: `coluna "preUni" (D3), valor "12.50": não é um número`,
			Problems: []outcome.Problem{{Field: "itens.preUni", Column: "preUni", Cell: "D3", Value: "12.50", Reason: "não é um número"}}, Header: h0, Cells: texts("1", "1", "11", "1", "")},
		{File: sources[0].File, Sheet: "itens", Row: 3, Key: "1/11/1", Port: "GravarOrcamentos", Outcome: outcome.Invalid, Message: `coluna "preUni" (D3), valor "12.50": não é um número`,
			Problems: []outcome.Problem{{Field: "itens.preUni", Column: "preUni", Cell: "D3", Value: "12.50", Reason: "não é um número"}}, Header: h1, Cells: texts("1", "11", "1", "12.50")},
		{File: sources[2].File, Row: 3, Key: "C2", Port: "setContas", Outcome: outcome.OK, ID: "77", Attempts: 2, LatencyMS: 40, Header: h2, Cells: texts("C2", "Beta"),
			Answer: map[string]any{"tipoRetorno": "0", "orcamento": []any{map[string]any{"codEmp": "1", "itens": []any{map[string]any{"seqOci": "1"}, map[string]any{"seqOci": "2"}}}}}},
	}
}

func writeAll(t *testing.T, w Writer) {
	t.Helper()
	for _, o := range outcomes() {
		if err := w.Write(o); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestCSVAndJSONL(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"report.csv", "report.jsonl"} {
		w, err := Open(filepath.Join(dir, name), Options{Sources: sources})
		if err != nil {
			t.Fatal(err)
		}
		writeAll(t, w)
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
	if len(recs) != 7 || recs[0][0] != "tipOpe" || recs[0][8] != "#arquivo" || recs[2][7] != "Ação & Cia; \"Ltda\"" {
		t.Fatalf("CSV: %q", recs[:3])
	}
	if _, err := Open(filepath.Join(dir, "x.pdf"), Options{}); err == nil {
		t.Fatal("unknown extension accepted")
	}
}

func TestXLSX(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.xlsx")
	w, err := Open(path, Options{Sources: sources, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"GravarOrcamentos-nov orcamento", "GravarOrcamentos-nov itens", "setcontas", "resp resposta", "resp orcamento", "resp itens"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q", got)
	}
	rows, _ := f.GetRows("GravarOrcamentos-nov orcamento")
	if len(rows) != 3 || strings.Join(rows[0], ",") != "tipOpe,codEmp,numOct,verOct,#file,#sheet,#row,#key,#port,#outcome,#code,#message,#id,#attempts,#latency_ms" {
		t.Fatalf("rows %q", rows)
	}
	if rows[2][9] != string(outcome.Invalid) {
		t.Fatalf("row 3 %q", rows[2])
	}
	// outcome coloured red, header bold, row number a number.
	sid, _ := f.GetCellStyle("GravarOrcamentos-nov orcamento", "J3")
	st, _ := f.GetStyle(sid)
	if len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
		t.Fatalf("outcome fill %+v", st.Fill)
	}
	hid, _ := f.GetCellStyle("GravarOrcamentos-nov orcamento", "A1")
	if hs, _ := f.GetStyle(hid); hs.Font == nil || !hs.Font.Bold {
		t.Fatal("header not bold")
	}
	if typ, _ := f.GetCellType("GravarOrcamentos-nov orcamento", "G2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Fatalf("row number type %v", typ)
	}
	panes, _ := f.GetPanes("setcontas")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Fatalf("panes %+v", panes)
	}
	if tables, _ := f.GetTables("setcontas"); len(tables) != 1 {
		t.Fatalf("autofilter table missing: %v", tables)
	}
	items, _ := f.GetRows("resp itens")
	if len(items) != 3 || items[0][0] != "#row" || items[2][1] != "2" {
		t.Fatalf("answer items %q", items)
	}
}

func TestReimport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corrigir")
	w, err := OpenReimport(dir, Options{Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w)
	f, err := excelize.OpenFile(filepath.Join(dir, "GravarOrcamentos-nov.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "orcamento|itens" {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := f.GetRows("itens")
	if len(rows) != 2 || strings.Join(rows[0], ",") != "codEmp,numOct,seqOci,preUni,#motivo,#linha original" || rows[1][3] != "12.50" || rows[1][5] != "3" {
		t.Fatalf("itens %q", rows)
	}
	b, err := os.ReadFile(filepath.Join(dir, "setcontas.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "reimport-setcontas.csv", b)
}

func TestSummary(t *testing.T) {
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	tl := outcome.NewTally(start)
	for _, o := range outcomes() {
		tl.Add(o)
	}
	tl.AddRecord()
	tl.AddRecord()
	s := tl.Summary(start.Add(2*time.Second), 5)
	var b bytes.Buffer
	PrintSummary(&b, s, outcome.PT)
	b.WriteString("--\n")
	PrintSummary(&b, s, outcome.EN)
	golden(t, "summary.txt", b.Bytes())
	if s.ExitCode != 1 || s.Rows != 6 || s.Causes[0].Count != 2 {
		t.Fatalf("%+v", s)
	}
	p := filepath.Join(t.TempDir(), "s.json")
	if err := WriteSummary(p, s); err != nil {
		t.Fatal(err)
	}
	j, _ := os.ReadFile(p)
	if !bytes.Contains(j, []byte(`"rows_per_s": 3`)) || !bytes.Contains(j, []byte(`"exit_code": 1`)) {
		t.Fatalf("%s", j)
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
	w.Close()
}

func BenchmarkXLSX100k(b *testing.B) {
	for b.Loop() {
		w, err := Open(filepath.Join(b.TempDir(), "r.xlsx"), Options{Sources: sources})
		if err != nil {
			b.Fatal(err)
		}
		o := outcomes()[0]
		for i := 0; i < 100000; i++ {
			w.Write(o)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
