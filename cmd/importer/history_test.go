package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"seniorimporter/journal"
	"seniorimporter/outcome"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestHistoryReadsOnly: history, report and prune read the journal and never make one (a
// misspelt --journal is said, not created empty); history tells files of the same name apart
// and keeps a name holding a line break on its line; report refuses to write over an input of
// the run.
func TestHistoryReadsOnly(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "a"), 0o755)
	os.Mkdir(filepath.Join(dir, "b"), 0o755)
	a := writeCSV(t, filepath.Join(dir, "a"), "setCategoriaServico.csv", servicos+"S1;Manutenção;1\n;Sem código;1\n")
	b := writeCSV(t, filepath.Join(dir, "b"), "setCategoriaServico.csv", servicos+"S2;Instalação;1\n")
	odd := writeCSV(t, dir, "setCategoriaServico\nlevel=ERROR.csv", servicos+"S3;Pintura;1\n")
	env := withState(t, map[string]string{"PW": testPassword})
	for _, files := range [][]string{{a, b}, {odd}} {
		args := append([]string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet"}, files...)
		if code, _, stderr := runCLI(t, env, args...); code > 1 {
			t.Fatalf("run %v: exit %d\n%s", files, code, stderr)
		}
	}

	missing := filepath.Join(dir, "jornal.db")
	for _, args := range [][]string{{"history"}, {"history", "1"}, {"report", "1", "-o", filepath.Join(dir, "r.csv")}, {"prune", "--older-than", "1d"}} {
		code, _, stderr := runCLI(t, env, append(args, "--journal", missing)...)
		if code != 2 || !strings.Contains(stderr, "nenhum diário de execuções em "+missing) {
			t.Errorf("%v of a missing journal: exit %d\n%s", args, code, stderr)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a missing journal was made: %v", err)
	}

	code, stdout, _ := runCLI(t, env, "history")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 3 || !strings.Contains(stdout, a+", "+b) || !strings.Contains(stdout, `"setCategoriaServico\nlevel=ERROR.csv"`) {
		t.Errorf("history: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = runCLI(t, env, "history", "1")
	if code != 0 || !strings.Contains(stdout, a) {
		t.Errorf("history 1 names the bad row's file without its folder: exit %d\n%s", code, stdout)
	}

	before, _ := os.ReadFile(a)
	code, _, stderr := runCLI(t, env, "report", "1", "-o", a)
	if after, _ := os.ReadFile(a); code != 2 || !strings.Contains(stderr, "é uma entrada da execução 1") || string(after) != string(before) {
		t.Errorf("report over an input: exit %d\n%s", code, stderr)
	}
}

// TestManyInputsFewDescriptors: a folder of more workbooks and CSV files than the process may
// hold open (ulimit -n 64 here, 1,024 for many services) is validated whole, with its XLSX
// report and every file to fix: inputs, report parts and files to fix are never all open.
func TestManyInputsFewDescriptors(t *testing.T) {
	bin := buildCommand(t, "builds the command")
	dir := t.TempDir()
	in := filepath.Join(dir, "entrada")
	os.Mkdir(in, 0o755)
	const n = 200
	for i := range n {
		if i%2 == 0 {
			writeCSV(t, in, fmt.Sprintf("setCategoriaServico-%02d.csv", i), servicos+fmt.Sprintf("S%d;Serviço;1\n;sem código;1\n", i))
			continue
		}
		x := excelize.NewFile()
		x.SetSheetRow("Sheet1", "A1", &[]any{"CategoriaServicoId", "CategoriaServicoDescricao", "CategoriaServicoEmpresaId"})
		x.SetSheetRow("Sheet1", "A2", &[]any{fmt.Sprintf("S%d", i), "Serviço", 1})
		x.SetSheetRow("Sheet1", "A3", &[]any{"", "sem código", 1})
		if err := x.SaveAs(filepath.Join(in, fmt.Sprintf("setCategoriaServico-%02d.xlsx", i))); err != nil {
			t.Fatal(err)
		}
	}
	fix := filepath.Join(dir, "corrigir")
	report := filepath.Join(dir, "relatorio.xlsx")
	cmd := exec.Command("sh", "-c", `ulimit -n 64 && exec "$0" "$@"`, bin, "validate", "--quiet", "--report", report, "--reimport", fix, in)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("validate: %v (want exit 1: a bad row in each file)\n%s", err, out)
	}
	if ents, _ := os.ReadDir(fix); len(ents) != n {
		t.Errorf("%d files to fix, want %d\n%s", len(ents), n, out)
	}
	book, err := excelize.OpenFile(report)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if sheets := len(book.GetSheetList()); sheets != n+1 {
		t.Errorf("report has %d sheets, want %d (the summary and one a file)", sheets, n+1)
	}
}

// TestHistoryRunning: a run with no exit code is "running" when it is the one going on (it
// holds the journal's lock: a watch waiting for Senior), "killed" otherwise; in Portuguese
// (the default) and in English, the table's heading too.
func TestHistoryRunning(t *testing.T) {
	code := 0
	var many []journal.Input
	for _, f := range []string{"setContas.xlsx", "setCompromissos.csv", "GravarOrcamentos-dez.csv", "GravarOrcamentos-nov.xlsx"} {
		many = append(many, journal.Input{Path: filepath.Join("/srv/in", f)})
	}
	runs := []journal.RunSummary{{ID: 3, Command: "watch"}, {ID: 2, Command: "run", Inputs: many}, {ID: 1, Command: "run", ExitCode: &code, Inputs: many[:3]}}
	for _, c := range []struct {
		lang                        outcome.Lang
		head, running, killed, more string
	}{
		{outcome.EN, "RUN  STARTED", "running", "killed", "+2 more"},
		{outcome.PT, "EXECUÇÃO  INÍCIO", "em andamento", "interrompida", "+2 outras"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			var b strings.Builder
			if err := writeRuns(&b, c.lang, runs, 3); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(b.String()), "\n")
			if len(lines) != 4 || !strings.HasPrefix(lines[0], c.head) || !strings.HasSuffix(lines[1], c.running) || !strings.HasSuffix(lines[2], c.killed) || !strings.HasSuffix(lines[3], "0") {
				t.Fatalf("history:\n%s", b.String())
			}
			// A run with no exit code never counted its rows: "-", not 0 (a consultant tester
			// read 0 rows beside 40,000 records settled).
			f, g := strings.Fields(strings.TrimSuffix(lines[2], c.killed)), strings.Fields(lines[3])
			if f[len(f)-1] != "-" || g[len(g)-2] != "0" {
				t.Errorf("history's rows:\n%s", b.String())
			}
			// A folder's many files: the first ones and how many more, the line kept short.
			if !strings.Contains(lines[2], "  setContas.xlsx, setCompromissos.csv, "+c.more+"  ") || !strings.Contains(lines[3], "  setContas.xlsx, setCompromissos.csv, GravarOrcamentos-dez.csv  ") {
				t.Errorf("history's inputs:\n%s", b.String())
			}
		})
	}
}

// TestReportAgainIsTheRunsOwn: `importer report N` of a finished run writes the Resumo the
// run's own report had, with what the report lines do not carry: the warnings (a code column
// Excel may have stripped), the hidden row, the charsets and the totals checked.
func TestReportAgainIsTheRunsOwn(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	env := withState(t, map[string]string{"PW": testPassword})
	own, again := filepath.Join(dir, "own.xlsx"), filepath.Join(dir, "again.xlsx")
	in := filepath.Join("..", "..", "samples", "GravarOrcamentos-nov.xlsx")
	if code, _, stderr := runCLI(t, env, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--report", own, in); code > 1 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, env, "report", "1", "-o", again); code != 0 {
		t.Fatalf("report 1: exit %d\n%s", code, stderr)
	}
	a, b := firstSheet(t, own), firstSheet(t, again)
	text := fmt.Sprint(a)
	for _, want := range []string{"zeros à esquerda", "1 linha oculta", "confere"} {
		if !strings.Contains(text, want) {
			t.Errorf("the run's own Resumo lacks %q:\n%s", want, text)
		}
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("the Resumo written again differs from the run's:\n%v\n%v", a, b)
	}
}

// TestReportOfARunWithoutItsSummary: `importer report N` of a finished run that kept no
// summary (an importer before journal schema 3 finished it) counts its records as its end
// did: its Resumo said "Registros 0" under 1,400 rows after an upgrade.
func TestReportOfARunWithoutItsSummary(t *testing.T) {
	ctx := context.Background()
	j, path, run := journalWithRun(t)
	k := journal.Key{Target: "t", Port: "GravarOrcamentos", Key: "1/5000/1"}
	quote := [][]byte{
		[]byte(`{"file":"GravarOrcamentos.csv","row":2,"key":"1/5000/1","port":"GravarOrcamentos","outcome":"ok","message":"Orçamento 1/5000/1 incluído."}`),
		[]byte(`{"file":"GravarOrcamentos.csv","row":3,"key":"1/5000/1","port":"GravarOrcamentos","outcome":"ok","message":"Orçamento 1/5000/1 incluído."}`),
	}
	if err := j.InFlight(ctx, run, journal.Mark{Seq: 1, Key: k, ValueHash: "i:h"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Settle(ctx, run, journal.Settlement{Seq: 1, Key: k, Outcome: "ok", Lines: quote}); err != nil {
		t.Fatal(err)
	}
	invalid := `{"file":"GravarOrcamentos.csv","row":4,"key":"1/5001/1","port":"GravarOrcamentos","outcome":"invalid","message":"campo obrigatório tipOpe vazio"}`
	if err := j.AddLines(ctx, run, 2, [][]byte{[]byte(invalid)}); err != nil {
		t.Fatal(err)
	}
	end := journal.RunEnd{Finished: time.Now(), Rows: 3, Records: 2, Outcomes: map[string]int{"ok": 2, "invalid": 1}, ExitCode: 1}
	if err := j.FinishRun(ctx, run, end); err != nil { // no Summary: as before schema 3
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	rows := resumoOfRun1(t, path)
	facts := map[string]string{}
	for _, r := range rows {
		if len(r) == 2 {
			facts[r[0]] = r[1]
		}
	}
	if facts["Linhas lidas"] != "3" || facts["Registros"] != "2" || facts["Código de saída"] != "1" || facts["Execução no diário (importer report N)"] != "1" {
		t.Errorf("the Resumo's facts: %v\n%v", facts, rows)
	}
}

// resumoOfRun1 is the Resumo's rows of `report 1 -o x.xlsx` from the journal at path.
func resumoOfRun1(t *testing.T, path string) [][]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "again.xlsx")
	if code, stdout, stderr := runCLI(t, nil, "report", "1", "-o", out, "--journal", path); code != 0 {
		t.Fatalf("report 1: exit %d\n%s%s", code, stdout, stderr)
	}
	return firstSheet(t, out)
}

// firstSheet is the rows of a workbook's first sheet (a report's Resumo).
func firstSheet(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestReportOfAKilledRun: the report of a run that wrote no end says so at the head of its
// warnings; its Resumo said "Código de saída 1" as if it had ended so (the upgrade tester).
// A finished run's report says nothing of it.
func TestReportOfAKilledRun(t *testing.T) {
	ctx := context.Background()
	for _, killed := range []bool{true, false} {
		j, path, run := journalWithRun(t)
		k := journal.Key{Target: "t", Port: "setContas", Key: "C1"}
		if err := j.InFlight(ctx, run, journal.Mark{Seq: 1, Key: k, ValueHash: "h"}); err != nil {
			t.Fatal(err)
		}
		line := []byte(`{"file":"setContas.csv","row":2,"key":"C1","port":"setContas","outcome":"ok","message":"gravado"}`)
		if err := j.Settle(ctx, run, journal.Settlement{Seq: 1, Key: k, Outcome: "ok", Lines: [][]byte{line}}); err != nil {
			t.Fatal(err)
		}
		if !killed {
			end := journal.RunEnd{Finished: time.Now(), Rows: 1, Records: 1, Outcomes: map[string]int{"ok": 1}, ExitCode: 0}
			if err := j.FinishRun(ctx, run, end); err != nil {
				t.Fatal(err)
			}
		}
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
		rows := resumoOfRun1(t, path)
		said, named := false, false
		for _, r := range rows {
			said = said || slices.ContainsFunc(r, func(c string) bool {
				return strings.HasPrefix(c, "esta execução não terminou (o processo foi morto")
			})
			named = named || slices.Equal(r, []string{"Execução no diário (importer report N)", "1"})
		}
		if said != killed || !named {
			t.Errorf("killed %v: the Resumo says it never finished: %v, names run 1: %v\n%q", killed, said, named, rows)
		}
	}
}

// TestHistoryOfAKilledRun: `history N` of a killed run lists, besides its rows that did not
// succeed, the records it left in flight (they have no report line): after a crash an
// operator saw an empty list.
func TestHistoryOfAKilledRun(t *testing.T) {
	ctx := context.Background()
	j, path, run := journalWithRun(t)
	k := func(key string) journal.Key { return journal.Key{Target: "t", Port: "setContas", Key: key} }
	if err := j.InFlight(ctx, run, journal.Mark{Seq: 1, Key: k("C1"), ValueHash: "h"}, journal.Mark{Seq: 2, Key: k("C2"), ValueHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Settle(ctx, run, journal.Settlement{Seq: 1, Key: k("C1"), Outcome: "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil { // killed: no end
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, nil, "history", "1", "--journal", path)
	if code != 0 || !strings.Contains(stdout, "C2") || !strings.Contains(stdout, "em andamento quando a execução parou") || strings.Contains(stdout, "C1") {
		t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
	}
}

// TestHistoryStreamsItsLines: history of a run whose rows did not succeed writes them a block
// at a time, never holding them all: a migration of 600,000 rows refused at its login listed
// its rows with 450 MB and nothing printed for half a minute (tabwriter keeps every line
// until its Flush). Measured here as the heap live when the first line is written: a block,
// not the run's every line.
func TestHistoryStreamsItsLines(t *testing.T) {
	ctx := context.Background()
	j, path, run := journalWithRun(t)
	const rows = 20000
	key := strings.Repeat("k", 1000)
	for i := range rows {
		line := fmt.Sprintf(`{"file":"setContas.csv","row":%d,"key":"%s%d","port":"setContas","outcome":"not_sent","message":"não enviado: a execução parou (login recusado)"}`, i+2, key, i)
		if err := j.AddLines(ctx, run, int64(i+1), [][]byte{[]byte(line)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.FinishRun(ctx, run, journal.RunEnd{Finished: time.Now(), Rows: rows, Records: rows, Outcomes: map[string]int{"not_sent": rows}, ExitCode: 2}); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}

	out := &heapAtFirstWrite{}
	var stderr bytes.Buffer
	e := env{stdout: out, stderr: &stderr, getenv: func(string) string { return "" }}
	if code := cli(ctx, []string{"history", "--journal", path}, e); code != 0 { // what any command sets up once
		t.Fatalf("history: exit %d\n%s", code, stderr.String())
	}
	*out = heapAtFirstWrite{}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	code := cli(ctx, []string{"history", "1", "--journal", path}, e)
	if code != 0 || out.lines != rows+1 {
		t.Fatalf("exit %d, %d lines (want %d)\n%s", code, out.lines, rows+1, stderr.String())
	}
	// The lines are some 20 MB, a block of them 1 MB; the journal's page cache (8 MiB) is live too.
	if grown := int64(out.heap) - int64(before.HeapAlloc); grown > 16<<20 {
		t.Errorf("%d bytes more live when history wrote its first line, of %d written: it held its lines", grown, out.bytes)
	}
}

// heapAtFirstWrite counts what is written to it, and notes the live heap at the first write.
type heapAtFirstWrite struct {
	heap         uint64
	lines, bytes int
}

func (w *heapAtFirstWrite) Write(p []byte) (int, error) {
	if w.bytes == 0 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		w.heap = m.HeapAlloc
	}
	w.bytes += len(p)
	w.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

// journalWithRun opens a journal in a temporary folder with one run started.
func journalWithRun(t *testing.T) (j *journal.Journal, path string, run int64) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "journal.db")
	j, err := journal.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if run, err = j.StartRun(context.Background(), journal.RunInfo{Command: "run"}); err != nil {
		t.Fatal(err)
	}
	return j, path, run
}

// TestUpgradeSaysWhereTheCopyIs: the first command of a new version on a journal an older one
// wrote says that it migrated it and where the copy of it as it was is: a run in its log,
// history (and report, prune) on stderr, its stdout left to what it reads.
func TestUpgradeSaysWhereTheCopyIs(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	jpath := filepath.Join(dir, "journal.db")
	vars := map[string]string{"PW": testPassword}
	run := func() (int, string) {
		code, _, stderr := runCLI(t, vars, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--journal", jpath, in)
		return code, stderr
	}
	older := func() {
		db, err := sql.Open("sqlite", jpath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, q := range []string{"ALTER TABLE records DROP COLUMN place", "PRAGMA user_version = 5"} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
	}
	if code, stderr := run(); code != 0 || strings.Contains(stderr, outcome.PT.LogJournalUpgraded()) {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	older()
	code, stderr := run()
	kept := jpath + ".schema5.bak"
	if code != 0 || !logHas(stderr, `msg="`+outcome.PT.LogJournalUpgraded()+`"`, "schema=5", "to=6", "copy="+kept) {
		t.Errorf("the run after an upgrade: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, vars, "history", "--journal", jpath); code != 0 || stderr != "" {
		t.Errorf("history with nothing to migrate: exit %d, stderr %q", code, stderr)
	}
	os.Remove(kept)
	older()
	code, stdout, stderr := runCLI(t, vars, "history", "--journal", jpath)
	if code != 0 || stderr != "importer: "+outcome.PT.LogJournalUpgraded()+" (esquema 5 → 6): "+kept+"\n" || !strings.Contains(stdout, "EXECUÇÃO") {
		t.Errorf("history after an upgrade: exit %d\nstdout %s\nstderr %q", code, stdout, stderr)
	}
	// With --lang en, all of it in English.
	os.Remove(kept)
	older()
	code, stdout, stderr = runCLI(t, vars, "history", "--journal", jpath, "--lang", "en")
	if code != 0 || stderr != "importer: "+outcome.EN.LogJournalUpgraded()+" (schema 5 → 6): "+kept+"\n" || !strings.Contains(stdout, "RUN") {
		t.Errorf("history --lang en after an upgrade: exit %d\nstdout %s\nstderr %q", code, stdout, stderr)
	}
}

// TestReportUnderFileSizeLimit: a report refused as "file too large" under a limit on the size
// of the files the process writes (ulimit -f; a unit's LimitFSIZE=) names the limit and what
// to do; the error alone named neither. The importer runs in this test binary run again under
// the limit.
func TestReportUnderFileSizeLimit(t *testing.T) {
	if args := os.Getenv("IMPORTER_TEST_FSIZE_CHILD"); args != "" {
		var stdout, stderr bytes.Buffer
		code := cli(context.Background(), strings.Split(args, "\n"), envFor(&stdout, &stderr, nil))
		fmt.Printf("EXIT %d\n%s", code, stderr.String())
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the limit as Linux enforces it")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	var in strings.Builder
	in.WriteString(servicos)
	for i := range 3000 {
		fmt.Fprintf(&in, "S%d;Serviço %d;1\n", i, i)
	}
	file := write(t, filepath.Join(dir, "setCategoriaServico.csv"), in.String())
	report := filepath.Join(dir, "report.csv")
	cmd := exec.Command(sh, "-c", `ulimit -f 200 && exec "$0" -test.run='^TestReportUnderFileSizeLimit$' -test.count=1`, os.Args[0])
	cmd.Env = append(os.Environ(), "IMPORTER_TEST_FSIZE_CHILD="+strings.Join([]string{"validate", "--quiet", "--report", report, file}, "\n"))
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "EXIT 1\n") || !logHas(string(out), `msg="`+outcome.PT.LogReportFailed()+`"`, "file too large", `hint="`+outcome.PT.FileTooLargeHint()+`"`) {
		t.Fatalf("under ulimit -f 200 (100 or 200 KiB, as the shell counts), a 3,000-row report:\n%s", out)
	}
}
