package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"seniorimporter/journal"
	"seniorimporter/monitor"
	"seniorimporter/outcome"
	"seniorimporter/simulator"
	"seniorimporter/watch"

	"github.com/spf13/pflag"
	"github.com/xuri/excelize/v2"
)

// syncBuffer is a buffer the watcher's goroutines may write while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls until ok or the deadline; the test fails with what, and the log.
func waitFor(t *testing.T, what string, log fmt.Stringer, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(90 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s\n%s", what, log)
		}
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// startWatch runs `importer watch` in the test's process until the returned stop is called;
// stop returns its exit code.
func startWatch(t *testing.T, vars map[string]string, log *syncBuffer, args ...string) (stop func() int) {
	t.Helper()
	vars = withState(t, vars)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		var out syncBuffer
		done <- cli(ctx, append([]string{"watch"}, args...), env{stdout: &out, stderr: log, getenv: func(k string) string { return vars[k] }})
	}()
	var once sync.Once
	code := 0
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(time.Minute):
				t.Fatalf("the watcher did not stop\n%s", log)
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	waitFor(t, "the watcher to start", log, func() bool { return strings.Contains(log.String(), `msg="`+outcome.PT.LogWatching()+`"`) })
	return stop
}

// logHas tells whether a line of the log holds every part.
func logHas(log string, parts ...string) bool {
	for _, line := range strings.Split(log, "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return true
		}
	}
	return false
}

func summaryOf(t *testing.T, path string) monitor.Summary {
	t.Helper()
	s, err := monitor.ReadSummary(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWatch drops files into a watched folder while the watcher runs: a good file, one with a
// bad row, one that is no spreadsheet at all, one copied slowly in pieces (pauses longer than
// the poll, shorter than the settle time), a set file before its record file, a name that is
// already in done/, and files it must leave alone. Then a watcher restarted on a folder whose
// processing/ holds a file finishes it.
func TestWatch(t *testing.T) {
	base, sim := simServer(t, 0)
	drop := t.TempDir()
	state := t.TempDir()
	prom := filepath.Join(state, "importer.prom")
	hooks := filepath.Join(state, "hooks.txt")
	vars := map[string]string{"PW": testPassword}
	args := []string{"--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--workers", "2",
		"--settle", "1s", "--poll", "100ms", "--metrics-file", prom,
		"--on-finish", `echo "$IMPORTER_RESULT $IMPORTER_EXIT $(basename "$IMPORTER_FILE") $(basename "$IMPORTER_SUMMARY")" >> ` + hooks,
		drop}
	var log syncBuffer
	stop := startWatch(t, vars, &log, args...)

	in := func(p ...string) string { return filepath.Join(append([]string{drop}, p...)...) }
	write(t, in("~$setContas.xlsx"), "Excel's lock file")
	write(t, in(".setContas.xlsx.part"), "a partial copy")
	write(t, in("GravarOrcamentos-dez.itens.csv"), "codEmp;numOct;seqOci;codPro\n1;5001;1;P1\n1;5001;2;P2\n1;5002;1;P3\n")
	write(t, in("setCategoriaServico-bom.csv"), servicos+"S1;Manutenção;1\nS2;Instalação;1\nS3;Consultoria;1\n")
	write(t, in("setCategoriaServico-ruim.csv"), servicos+"S4;Pintura;1\n;Sem código;1\n")
	write(t, in("setContas-lixo.xlsx"), "this is not a spreadsheet at all")
	write(t, in("contas-de-novembro.csv"), "a name that names no port")
	// The bomb takes a while to write: written aside, then moved in whole.
	bomb := filepath.Join(t.TempDir(), "setContas-bomba.xlsx")
	writeBomb(t, bomb, 80<<20)
	if err := os.Rename(bomb, in("setContas-bomba.xlsx")); err != nil {
		// Another filesystem: copy it in under a dot name, then rename.
		b, _ := os.ReadFile(bomb)
		write(t, in(".setContas-bomba.xlsx"), string(b))
		os.Rename(in(".setContas-bomba.xlsx"), in("setContas-bomba.xlsx"))
	}
	// The slow copy: a piece, then a pause the poll sees and the settle time outlasts.
	slow, err := os.Create(in("setCategoriaProduto-lento.csv"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(slow, "CategoriaProdutoId;CategoriaProdutoDescricao;CategoriaProdutoEmpresaId\n")
	const pieces, perPiece = 5, 4
	for p := 0; p < pieces; p++ {
		time.Sleep(250 * time.Millisecond)
		for r := 0; r < perPiece; r++ {
			fmt.Fprintf(slow, "P%d%d;Produto %d-%d;1\n", p, r, p, r)
		}
	}
	slow.Close()

	waitFor(t, "the four files in done/ and failed/", &log, func() bool {
		return exists(in("done", "setCategoriaServico-bom.csv")) && exists(in("done", "setCategoriaProduto-lento.csv")) &&
			exists(in("failed", "setCategoriaServico-ruim.csv")) && exists(in("failed", "setContas-lixo.xlsx")) &&
			exists(in("failed", "setContas-bomba.xlsx")) && exists(in("failed", "contas-de-novembro.csv.summary.json"))
	})
	// The good file and the slow one: every row ok, taken whole.
	for name, rows := range map[string]int{"setCategoriaServico-bom.csv": 3, "setCategoriaProduto-lento.csv": pieces * perPiece} {
		for _, f := range []string{name + ".report.xlsx", name + ".report.jsonl", name + ".summary.json"} {
			if !exists(in("done", f)) {
				t.Errorf("done/%s is missing", f)
			}
		}
		if got := outcomesOf(t, in("done", name+".report.jsonl")); got["ok"] != rows || len(got) != 1 {
			t.Errorf("%s: %v, want %d ok", name, got, rows)
		}
		if s := summaryOf(t, in("done", name+".summary.json")); s.ExitCode != 0 || s.Rows != rows {
			t.Errorf("%s summary: %+v", name, s)
		}
	}
	// The bad rows: the report says which, corrigir/ holds them under the file's name.
	if got := outcomesOf(t, in("failed", "setCategoriaServico-ruim.csv.report.jsonl")); got["ok"] != 1 || got["invalid"] != 1 {
		t.Errorf("ruim: %v", got)
	}
	fix, err := os.ReadFile(in("failed", "corrigir", "setCategoriaServico-ruim.csv"))
	if err != nil || !strings.Contains(string(fix), "Sem código") || strings.Contains(string(fix), "Pintura") {
		t.Errorf("rows to fix: %q, %v", fix, err)
	}
	// Not a spreadsheet: failed, with a summary saying why.
	if s := summaryOf(t, in("failed", "setContas-lixo.xlsx.summary.json")); s.ExitCode != 2 || s.Error == "" {
		t.Errorf("lixo's summary: %+v", s)
	}
	// Its workbook report has no row, and its summary sheet says why, in Portuguese: the
	// finance team opens that, not the log or the JSON.
	for name, why := range map[string]string{
		"setContas-lixo.xlsx":    "setContas-lixo.xlsx: " + outcome.PT.NotWorkbookText(),
		"contas-de-novembro.csv": "contas-de-novembro.csv: não se sabe para qual porta é",
	} {
		x, err := excelize.OpenFile(in("failed", name+".report.xlsx"))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		rows, _ := x.GetRows(outcome.PT.SummarySheet())
		x.Close()
		var said bool
		for i, r := range rows {
			said = said || len(r) > 0 && r[0] == strings.TrimSuffix(outcome.PT.FileProblemsTitle(), ":") && i+1 < len(rows) && strings.HasPrefix(rows[i+1][0], why)
		}
		if !said {
			t.Errorf("%s's report does not say %q: %q", name, why, rows)
		}
	}

	if s := summaryOf(t, in("failed", "setContas-bomba.xlsx.summary.json")); s.ExitCode != 2 || !strings.Contains(s.Error, outcome.PT.FileZipBomb()) {
		t.Errorf("bomba's summary: %+v", s)
	}

	// The set file waited for its record file; dropped now, the two go together.
	if !exists(in("GravarOrcamentos-dez.itens.csv")) {
		t.Fatal("the set file did not wait for its record file")
	}
	write(t, in("GravarOrcamentos-dez.csv"), "tipOpe;codEmp;numOct;verOct\n1;1;5001;1\n1;1;5002;1\n")
	// The same name as a file already in done/: the newcomer gets a suffix.
	write(t, in("setCategoriaServico-bom.csv"), servicos+"S5;Jardinagem;1\n")
	waitFor(t, "the orçamentos and the second bom", &log, func() bool {
		return exists(in("done", "GravarOrcamentos-dez.csv")) && exists(in("done", "setCategoriaServico-bom_2.csv.summary.json")) &&
			exists(in("done", "setCategoriaServico-bom_2.csv"))
	})
	if !exists(in("done", "GravarOrcamentos-dez.itens.csv")) {
		t.Error("the set file did not travel with its record file")
	}
	if got := outcomesOf(t, in("done", "GravarOrcamentos-dez.csv.report.jsonl")); got["ok"] != 5 {
		t.Errorf("orçamentos with their items: %v", got)
	}
	if got := outcomesOf(t, in("done", "setCategoriaServico-bom_2.csv.report.jsonl")); got["ok"] != 1 {
		t.Errorf("bom_2: %v", got)
	}
	if got := outcomesOf(t, in("done", "setCategoriaServico-bom.csv.report.jsonl")); got["ok"] != 3 {
		t.Errorf("the first bom's report was overwritten: %v", got)
	}
	if n := len(sim.Records("GravarOrcamentos")); n != 2 {
		t.Errorf("simulator holds %d orçamentos", n)
	}
	if code := stop(); code != 0 {
		t.Errorf("stopped watcher: exit %d", code)
	}
	// Lock and partial files are left alone; processing/ is empty.
	for _, n := range []string{"~$setContas.xlsx", ".setContas.xlsx.part"} {
		if !exists(in(n)) {
			t.Errorf("%s was touched", n)
		}
	}
	if ents, _ := os.ReadDir(in("processing")); len(ents) != 1 {
		t.Errorf("processing/ holds %d entries", len(ents))
	}
	// Reports, summaries, files to fix and the log name each file as it was dropped, never by
	// its place in processing/, where it no longer is when someone reads them.
	for _, d := range []string{"done", "failed"} {
		mentions(t, in(d), filepath.Join(drop, "processing"), "processing/")
	}
	if strings.Contains(log.String(), "processing/") {
		t.Errorf("the log names a path in processing/:\n%s", log.String())
	}
	for _, c := range []struct{ report, file string }{
		{in("failed", "setCategoriaServico-ruim.csv.report.jsonl"), "setCategoriaServico-ruim.csv"},
		{in("done", "GravarOrcamentos-dez.csv.report.jsonl"), "GravarOrcamentos-dez.itens.csv"},
	} {
		if b, _ := os.ReadFile(c.report); !strings.Contains(string(b), `"file":"`+c.file+`"`) {
			t.Errorf("%s names no row of %s:\n%s", c.report, c.file, b)
		}
	}
	if s := summaryOf(t, in("failed", "setContas-bomba.xlsx.summary.json")); !strings.HasPrefix(s.Error, "setContas-bomba.xlsx: ") {
		t.Errorf("bomba's summary does not start with the file's name: %q", s.Error)
	}
	// The log says what became of each file.
	for _, want := range [][]string{
		{`msg="` + outcome.PT.LogNoticed() + `"`, "file=setContas-lixo.xlsx"},
		{`msg="` + outcome.PT.LogClaimed() + `"`, "file=setCategoriaServico-ruim.csv"},
		{"file=setCategoriaServico-bom.csv", "to=done/setCategoriaServico-bom_2.csv"},
		{`msg="` + outcome.PT.LogSetWaits() + `"`, "file=GravarOrcamentos-dez.itens.csv"},
		{`msg="` + outcome.PT.LogFailedSeeReport() + `"`, "file=setContas-lixo.xlsx", "exit_code=2", "error="},
	} {
		if !logHas(log.String(), want...) {
			t.Errorf("no log line with %q", want)
		}
	}
	// The on-finish command ran after every file, with its summary and exit code.
	b, err := os.ReadFile(hooks)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	slices.Sort(lines)
	want := []string{
		"done 0 GravarOrcamentos-dez.csv GravarOrcamentos-dez.csv.summary.json",
		"done 0 setCategoriaProduto-lento.csv setCategoriaProduto-lento.csv.summary.json",
		"done 0 setCategoriaServico-bom.csv setCategoriaServico-bom.csv.summary.json",
		"done 0 setCategoriaServico-bom_2.csv setCategoriaServico-bom_2.csv.summary.json",
		"failed 1 setCategoriaServico-ruim.csv setCategoriaServico-ruim.csv.summary.json",
		"failed 2 contas-de-novembro.csv contas-de-novembro.csv.summary.json",
		"failed 2 setContas-bomba.xlsx setContas-bomba.xlsx.summary.json",
		"failed 2 setContas-lixo.xlsx setContas-lixo.xlsx.summary.json",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("on-finish saw:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	fams := parseProm(t, prom)
	if d, f := promValue(t, fams, "importer_watch_files_total", "done"), promValue(t, fams, "importer_watch_files_total", "failed"); d != 4 || f != 4 {
		t.Errorf("files done %v, failed %v", d, f)
	}
	if ok := promValue(t, fams, "importer_rows_total", "ok"); ok != float64(3+pieces*perPiece+1+5+1) {
		t.Errorf("ok rows %v", ok)
	}

	// A watcher that was killed left a file in processing/ (and the work folder of its start):
	// the next one finishes it, and the counters go on from the metrics file.
	write(t, in("processing", "setCategoriaServico-meio.csv"), servicos+"S6;Limpeza;1\n")
	write(t, in("processing", ".setCategoriaServico-meio.csv.work", "starts"), "1\n")
	write(t, in("processing", ".setCategoriaServico-meio.csv.work", "report.jsonl"), "half a report")
	log = syncBuffer{}
	stop = startWatch(t, vars, &log, args...)
	waitFor(t, "the file left in processing/", &log, func() bool { return exists(in("done", "setCategoriaServico-meio.csv")) })
	stop()
	if got := outcomesOf(t, in("done", "setCategoriaServico-meio.csv.report.jsonl")); got["ok"] != 1 || len(got) != 1 {
		t.Errorf("meio: %v", got)
	}
	if d := promValue(t, parseProm(t, prom), "importer_watch_files_total", "done"); d != 5 {
		t.Errorf("files done after the restart: %v", d)
	}
}

// mentions fails the test if a file under dir holds any of the texts: in its bytes, or for a
// workbook, in any part of it.
func mentions(t *testing.T, dir string, texts ...string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Error(err)
			return nil
		}
		parts := [][]byte{b}
		if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil && strings.HasSuffix(p, ".xlsx") {
			for _, zf := range zr.File {
				rc, err := zf.Open()
				if err != nil {
					t.Error(err)
					continue
				}
				part, _ := io.ReadAll(rc)
				rc.Close()
				parts = append(parts, part)
			}
		}
		for _, part := range parts {
			for _, s := range texts {
				if bytes.Contains(part, []byte(s)) {
					t.Errorf("%s holds %q", p, s)
				}
			}
		}
		return nil
	})
}

// writeBomb writes a workbook-shaped zip whose sheet unpacks to size bytes of spaces (about a
// thousand to one).
func writeBomb(t *testing.T, path string, size int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// TestWatchCrash runs the built command as a process and stops it mid-file: SIGTERM leaves the
// file in processing/ (its requests in flight finished) and exits 0; SIGKILL leaves it there
// too; the watcher started again finishes it, every row ok.
func TestWatchCrash(t *testing.T) {
	bin := buildCommand(t, "builds the command")
	base, sim := simServer(t, 20*time.Millisecond)
	drop := t.TempDir()
	var b strings.Builder
	b.WriteString(servicos)
	const n = 300
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "S%04d;Serviço %d;1\n", i, i)
	}
	name := "setCategoriaServico-grande.csv"
	state := t.TempDir() // the watcher's journal, the same across its restarts
	start := func() (*exec.Cmd, *syncBuffer) {
		cmd := exec.Command(bin, "watch", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet",
			"--workers", "2", "--settle", "200ms", "--poll", "100ms", "--grace", "2s", drop)
		cmd.Env = append(os.Environ(), "PW="+testPassword, "XDG_STATE_HOME="+state)
		var log syncBuffer
		cmd.Stderr = &log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd, &log
	}
	midFile := func(log *syncBuffer) {
		before := sim.Stats().Accepted
		waitFor(t, "the import to get going", log, func() bool { return sim.Stats().Accepted >= before+10 })
	}
	processing := filepath.Join(drop, "processing", name)

	cmd, log := start()
	write(t, filepath.Join(drop, name), b.String())
	midFile(log)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("SIGTERM: exit %d\n%s", code, log)
	}
	if !exists(processing) || exists(filepath.Join(drop, "failed", name)) || exists(filepath.Join(drop, "done", name)) {
		t.Fatalf("after SIGTERM the file is not (only) in processing/\n%s", log)
	}

	cmd, log = start()
	midFile(log)
	cmd.Process.Kill()
	cmd.Wait()
	if !exists(processing) {
		t.Fatalf("after SIGKILL the file is not in processing/\n%s", log)
	}

	cmd, log = start()
	waitFor(t, "the file finished after the restart", log, func() bool { return exists(filepath.Join(drop, "done", name)) })
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	// What the killed runs settled is skipped (the journal knows it), the rest sent: every row
	// ok or skipped, and every record stored once.
	if got := outcomesOf(t, filepath.Join(drop, "done", name+".report.jsonl")); got["ok"]+got["skipped"] != n || got["skipped"] == 0 {
		t.Errorf("after the restart: %v, want %d ok or skipped, some skipped", got, n)
	}
	if st := sim.Stats(); st.Stored != n {
		t.Errorf("the simulator stored %d records, want %d", st.Stored, n)
	}
	var s struct {
		ExitCode int `json:"exit_code"`
	}
	raw, _ := os.ReadFile(filepath.Join(drop, "done", name+".summary.json"))
	json.Unmarshal(raw, &s)
	if s.ExitCode != 0 {
		t.Errorf("summary: %s", raw)
	}
}

// TestWatchWaitsLongerForSenior: watch waits a day for an unreachable Senior (a maintenance
// night) before failing the file at hand, run five minutes; either can be set.
func TestWatchWaitsLongerForSenior(t *testing.T) {
	for cmd, want := range map[string]string{"watch": "(padrão 24h0m0s)", "run": "(padrão 5m0s)"} {
		var out bytes.Buffer
		if code := cli(context.Background(), []string{cmd, "--help"}, env{stdout: &out, stderr: io.Discard, getenv: os.Getenv}); code != 0 {
			t.Fatalf("%s --help: exit %d", cmd, code)
		}
		line := ""
		for l := range strings.Lines(out.String()) {
			if strings.Contains(l, "--give-up-after") {
				line = l
			}
		}
		if !strings.Contains(line, want) {
			t.Errorf("%s: %q lacks %s", cmd, line, want)
		}
	}
}

// TestWatchLateSetFile: a set file dropped after its record file was imported without it is
// refused into failed/ with a report saying why and what to do, not left in the folder to
// wait for good.
func TestWatchLateSetFile(t *testing.T) {
	base, _ := simServer(t, 0)
	drop := t.TempDir()
	var log syncBuffer
	startWatch(t, map[string]string{"PW": testPassword}, &log, "--endpoint", base, "--user", "demo", "--password-env", "PW",
		"--settle", "200ms", "--poll", "50ms", drop)
	in := func(p ...string) string { return filepath.Join(append([]string{drop}, p...)...) }
	write(t, in("GravarOrcamentos-jan.csv"), "tipOpe;codEmp;numOct;verOct;desOct\n1;1;6101;1;Janeiro\n")
	waitFor(t, "the record file imported", &log, func() bool { return exists(in("done", "GravarOrcamentos-jan.csv.summary.json")) })
	write(t, in("GravarOrcamentos-jan.observacoes.csv"), "codEmp;numOct;verOct;seqObs;tipObs;obsOct\n1;6101;1;1;M;Tarde\n")
	set := in("failed", "GravarOrcamentos-jan.observacoes.csv")
	waitFor(t, "the late set file refused", &log, func() bool { return exists(set+".report.xlsx") && exists(set) })
	s := summaryOf(t, set+".summary.json")
	if !strings.Contains(s.Error, "GravarOrcamentos-jan.observacoes.csv chegou depois de GravarOrcamentos-jan.csv, que foi importado às") {
		t.Errorf("summary error %q", s.Error)
	}
	if exists(in("GravarOrcamentos-jan.observacoes.csv")) {
		t.Error("the set file is still in the folder")
	}
}

// TestWatchHookPathsAbsolute: with the folder given as a relative path, the on-finish
// command's IMPORTER_FILE and IMPORTER_SUMMARY are absolute: a command that changes folder
// (cd) still finds them. They were relative to the watcher's folder (entrada/done/x.csv).
func TestWatchHookPathsAbsolute(t *testing.T) {
	base, _ := simServer(t, 0)
	wd := t.TempDir()
	t.Chdir(wd)
	if err := os.Mkdir("entrada", 0o755); err != nil {
		t.Fatal(err)
	}
	hooks := filepath.Join(t.TempDir(), "hooks.txt")
	var log syncBuffer
	startWatch(t, map[string]string{"PW": testPassword}, &log, "--endpoint", base, "--user", "demo", "--password-env", "PW",
		"--settle", "200ms", "--poll", "50ms",
		"--on-finish", `cd / && for v in "$IMPORTER_FILE" "$IMPORTER_SUMMARY"; do if test -f "$v"; then echo "found $v"; else echo "missing $v"; fi; done >> `+hooks,
		"entrada")
	write(t, filepath.Join(wd, "entrada", "setCategoriaServico-rel.csv"), servicos+"S9;Rel;1\n")
	waitFor(t, "the hook to run", &log, func() bool {
		b, _ := os.ReadFile(hooks)
		return strings.Count(string(b), "\n") >= 2
	})
	b, _ := os.ReadFile(hooks)
	want := "found " + filepath.Join(wd, "entrada", "done", "setCategoriaServico-rel.csv") + "\n" +
		"found " + filepath.Join(wd, "entrada", "done", "setCategoriaServico-rel.csv.summary.json") + "\n"
	if string(b) != want {
		t.Errorf("the hook saw\n%s\nwant\n%s", b, want)
	}
}

// TestWatchJob: `watch --job` takes the job's settings and its steps as rules for the dropped
// files' names (a file whose name says no port gets the matching step's), and refuses a job
// whose value the run refuses at that value's line in the file, as run does. Its own settings'
// refusals named neither the file nor the line ("--workers 0: must be at least 1").
func TestWatchJob(t *testing.T) {
	base, sim := simServer(t, 0)
	head := "endpoint: " + base + "\nuser: demo\npassword-env: PW\n"
	vars := map[string]string{"PW": testPassword}
	for _, c := range []struct{ name, job, stderr string }{
		{"a setting", head + "workers: 0\nsteps:\n  - file: \"*.csv\"\n    op: setCategoriaServico\n", "job.yaml:4: workers: --workers 0: must be at least 1"},
		{"a step", head + "steps:\n  - file: \"*.csv\"\n    op: setNada\n", `job.yaml:5: step: --op "setNada" is not a known port`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			jf := write(t, filepath.Join(dir, "job.yaml"), c.job)
			in := filepath.Join(dir, "entrada")
			if err := os.Mkdir(in, 0o755); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCLI(t, vars, "watch", "--lang", "en", "--job", jf, in)
			if code != 2 || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q", code, stderr, c.stderr)
			}
		})
	}

	dir := t.TempDir()
	jf := write(t, filepath.Join(dir, "job.yaml"), head+"steps:\n  - file: \"servicos-*.csv\"\n    op: setCategoriaServico\n")
	in := filepath.Join(dir, "entrada")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	startWatch(t, vars, &log, "--job", jf, "--settle", "200ms", "--poll", "50ms", in)
	write(t, filepath.Join(in, "servicos-hoje.csv"), servicos+"S71;Job;1\n")
	waitFor(t, "the file to be done", &log, func() bool { return exists(filepath.Join(in, "done", "servicos-hoje.csv")) })
	if recs := sim.Records("setCategoriaServico"); len(recs) != 1 || recs[0].Values["CategoriaServicoId"] != "S71" {
		t.Errorf("the simulator holds %+v", recs)
	}
}

// TestWatchJobStepOfARenamedFile: the rows to fix of a file sorted under a name the watcher
// gave it (servicos_2.csv: the second servicos.csv to fail) keep that name in
// failed/corrigir/, and the finance team drops them back as they are. The step that took
// servicos.csv takes them too: before, a job whose step named the file (file: servicos.csv,
// op: setCategoriaServico) refused servicos_2.csv as a file of no port, and its fixed rows
// never went in.
func TestWatchJobStepOfARenamedFile(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	jf := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nsteps:\n  - file: servicos.csv\n    op: setCategoriaServico\n")
	in := filepath.Join(dir, "entrada")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	startWatch(t, map[string]string{"PW": testPassword}, &log, "--job", jf, "--settle", "200ms", "--poll", "50ms", in)
	for i, c := range []struct{ name, dest string }{
		{"servicos_2.csv", "done"},
		{"servicos_20261201-201500.csv", "done"},
		{"servicos_20261201-201500_3_2.csv", "done"},
		{"servicos-novos_2.csv", "failed"}, // no step's name, no port's
	} {
		id := fmt.Sprintf("S8%d", i)
		write(t, filepath.Join(in, c.name), servicos+id+";Renomeado;1\n")
		waitFor(t, c.name+" sorted", &log, func() bool {
			return exists(filepath.Join(in, "done", c.name)) || exists(filepath.Join(in, "failed", c.name))
		})
		if !exists(filepath.Join(in, c.dest, c.name)) {
			t.Errorf("%s: not in %s/\n%s", c.name, c.dest, &log)
		}
		held := slices.ContainsFunc(sim.Records("setCategoriaServico"), func(r simulator.Stored) bool { return r.Values["CategoriaServicoId"] == id })
		if held != (c.dest == "done") {
			t.Errorf("%s: the simulator holds %s: %v, want %v", c.name, id, held, c.dest == "done")
		}
	}
}

// TestWatchNotStartedLogs: a watcher that cannot start says why in its log, as a run does: a
// JSON line at ERROR with --log-format json (the README's unit), nothing else on stderr. Its
// log held only its start line, and the reason (the share not mounted yet, the password file
// missing) went to stderr as a text line a log shipper drops.
func TestWatchNotStartedLogs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "entrada")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	pw := write(t, filepath.Join(dir, "senha"), testPassword+"\n")
	if err := os.Chmod(pw, 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"watch", "--endpoint", "http://127.0.0.1:1", "--user", "demo", "--log-format", "json",
		"--journal", filepath.Join(dir, "j.db")}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"the folder not there (a share not mounted)", []string{"--password-file", pw, filepath.Join(dir, "montagem")}, "montagem"},
		{"the password file missing", []string{"--password-file", filepath.Join(dir, "sem-senha"), in}, "--password-file"},
		{"a setting at fault", []string{"--password-file", pw, "--settle", "0s", in}, "--settle"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, nil, append(slices.Clone(base), c.args...)...)
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s", code, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			for _, l := range lines {
				if !json.Valid([]byte(l)) {
					t.Errorf("not a JSON line in a --log-format json log: %q", l)
				}
			}
			var last struct{ Level, Msg, Error string }
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last.Level != "ERROR" ||
				last.Msg != outcome.PT.LogWatchNotStarted() || !strings.Contains(last.Error, c.want) {
				t.Errorf("last line of the log %q (%v): want JSON ERROR %q naming %s", lines[len(lines)-1], err, outcome.PT.LogWatchNotStarted(), c.want)
			}
		})
	}
}

// TestWatchGivesUpWithReport: a file the watcher was killed on three times (the OOM killer on
// a file too big, a file that crashes it) goes to failed/ without being read again, and like a
// file that is no spreadsheet it gets a NAME.report.xlsx whose Resumo says why. Before, only
// its summary said so: a soak run killing the watcher left a 20,000-row file in failed/ with
// no NAME.report.xlsx (the one the finance team opens) and beside it the report.jsonl of the
// last killed start, 7,599 lines of which 7,527 skipped, as if it were the file's report.
func TestWatchGivesUpWithReport(t *testing.T) {
	base, _ := simServer(t, 0)
	drop := t.TempDir()
	name := "setCategoriaServico-veneno.csv"
	work := filepath.Join(drop, "processing", "."+name+".work")
	write(t, filepath.Join(drop, "processing", name), servicos+"S1;Manutenção;1\nS2;Instalação;1\nS3;Consultoria;1\n")
	write(t, filepath.Join(work, "starts"), "3\n")
	write(t, filepath.Join(work, "reached"), "1\n") // the starts before got as far: no progress
	// What the third start, killed, had written of its report: the rows it reached.
	write(t, filepath.Join(work, "report.jsonl"), `{"file":"`+name+`","sheet":"","row":2,"key":"S1","port":"setCategoriaServico","outcome":"skipped","code":"","message":"","id":"","attempts":0,"latency_ms":0}`+"\n")
	var log syncBuffer
	stop := startWatch(t, map[string]string{"PW": testPassword}, &log, "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet",
		"--settle", "200ms", "--poll", "100ms", drop)
	failed := func(p string) string { return filepath.Join(drop, "failed", p) }
	waitFor(t, "the file in failed/", &log, func() bool { return exists(failed(name)) })
	if code := stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
	gaveUp := outcome.PT.WatchGaveUp(3)
	if s := summaryOf(t, failed(name+".summary.json")); s.ExitCode != 2 || !strings.Contains(s.Error, gaveUp) {
		t.Errorf("summary: exit %d, error %q; want 2, %q", s.ExitCode, s.Error, gaveUp)
	}
	if !exists(failed(name + ".report.xlsx")) {
		t.Fatalf("no %s.report.xlsx in failed/\n%s", name, &log)
	}
	xf, err := excelize.OpenFile(failed(name + ".report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	said := false
	for _, sheet := range xf.GetSheetList() {
		rows, _ := xf.GetRows(sheet)
		for _, row := range rows {
			said = said || strings.Contains(strings.Join(row, " "), gaveUp)
		}
	}
	if !said {
		t.Errorf("%s.report.xlsx does not say %q", name, gaveUp)
	}
	if exists(failed(name + ".report.jsonl")) {
		t.Errorf("failed/ holds the killed start's %s.report.jsonl, one row of three, as the file's report", name)
	}
}

// TestWatchImportRefusesALink: the watcher's import of a dropped file reads it in processing/
// as the watcher holds it open (Task.Folder), refusing a link (the watcher looked before it took
// the file; a link put in its place after that, by whoever writes the share, is never read):
// the file fails saying so, and nothing of the file the link points to (the password file
// here) reaches its report or its summary. Nor of a folder it points to (another drop folder's
// done/): its files were imported as those of a folder given to run. processing/ itself
// renamed away and a link to another folder, holding a file of the same name, put in its place
// before the import reads the team's file as it was taken: the other folder's rows were sent.
func TestWatchImportRefusesALink(t *testing.T) {
	base, sim := simServer(t, 0)
	const header = "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n"
	const rows = header + "S3cret;Segredo;1\n"
	for _, to := range []string{"file", "folder", "processing"} {
		t.Run(to, func(t *testing.T) {
			before := sim.Stats().Requests
			dir := t.TempDir()
			secret := write(t, filepath.Join(t.TempDir(), "password"), rows)
			if to != "file" {
				secret = filepath.Dir(write(t, filepath.Join(t.TempDir(), "setCategoriaServico.csv"), rows))
			}
			proc := filepath.Join(dir, "processing")
			if err := os.MkdirAll(proc, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(proc, "setCategoriaServico.csv")
			if to == "processing" {
				write(t, file, header+"S1;Manutenção;1\n")
			}
			folder, err := os.OpenRoot(proc)
			if err != nil {
				t.Fatal(err)
			}
			defer folder.Close()
			if to == "processing" {
				err = os.Rename(proc, filepath.Join(dir, "antigo"))
				if err == nil {
					err = os.Symlink(secret, proc)
				}
			} else {
				err = os.Symlink(secret, file)
			}
			if err != nil {
				t.Skip(err)
			}
			var stderr bytes.Buffer
			o := &watchOptions{runOptions: runOptions{env: envFor(&bytes.Buffer{}, &stderr, withState(t, map[string]string{"PW": testPassword}))}}
			fs := pflag.NewFlagSet("watch", pflag.ContinueOnError)
			o.runOptions.addFlags(fs, false)
			if err := fs.Parse([]string{"--endpoint", base, "--crm-endpoint", base + "/crm/ws", "--user", "demo", "--password-env", "PW", "--no-journal"}); err != nil {
				t.Fatal(err)
			}
			work := t.TempDir() // the reports' place is not what this test is about
			task := watch.Task{Name: "setCategoriaServico.csv", File: file, Folder: folder,
				Reports: []string{filepath.Join(work, "report.xlsx"), filepath.Join(work, "report.jsonl")},
				Summary: filepath.Join(work, "summary.json"), Reimport: filepath.Join(work, "corrigir")}
			res := o.importFile(context.Background(), task)
			switch {
			case to == "processing":
				b, _ := os.ReadFile(filepath.Join(work, "report.jsonl"))
				if res.ExitCode != 0 || !bytes.Contains(b, []byte(`"key":"S1"`)) {
					t.Errorf("the team's file not imported: %+v\n%s\n%s", res, b, stderr.String())
				}
			case res.ExitCode != outcome.ExitAborted || res.Err == nil || !strings.Contains(res.Err.Error(), "é um link"):
				t.Fatalf("a link imported: %+v\n%s", res, stderr.String())
			}
			for _, p := range append(task.Reports, task.Summary) {
				b, err := os.ReadFile(p)
				if err == nil && bytes.Contains(b, []byte("S3cret")) {
					t.Errorf("%s shows the link's target", p)
				}
			}
			want := int64(0)
			if to == "processing" {
				want = 1
			}
			if n := sim.Stats().Requests - before; int64(n) != want {
				t.Errorf("%d requests sent, want %d", n, want)
			}
		})
	}
}

// TestWatchFailedAfterItsRunAmendsTheJournal: a file the watcher sorts into failed/ for what it
// saw after the file's run ended (written to, or deleted from, processing/ meanwhile) has that
// run's end amended in the journal as its summary was: history said exit 0, and report N's
// Resumo "Código de saída 0", of a file in failed/ (the soak tester). A killed run (no end) and
// a file sorted into done/ are left as they are.
func TestWatchFailedAfterItsRunAmendsTheJournal(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, result string
		killed       bool
		want         string // the exit code history gives ("" none)
	}{
		{"failed after its run", watch.Failed, false, "1"},
		{"done", watch.Done, false, "0"},
		{"killed", watch.Failed, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			j, _, run := journalWithRun(t)
			defer j.Close()
			if !c.killed {
				kept, _ := json.Marshal(outcome.Summary{Run: run, Rows: 1, Outcomes: map[outcome.Kind]int{outcome.OK: 1}})
				end := journal.RunEnd{Finished: time.Now(), Rows: 1, Records: 1, Outcomes: map[string]int{"ok": 1}, ExitCode: 0, Summary: kept}
				if err := j.FinishRun(ctx, run, end); err != nil {
					t.Fatal(err)
				}
			}
			// The summary as the watcher amended it: a problem found after the run, exit 1.
			summary := filepath.Join(t.TempDir(), "vendas.csv.summary.json")
			amended := outcome.Summary{Run: run, Rows: 1, ExitCode: 1, Outcomes: map[outcome.Kind]int{outcome.OK: 1},
				FileProblems: []outcome.FileProblem{{File: "vendas.csv", Message: outcome.PT.FileRemovedWhileImported()}}}
			if err := monitor.WriteSummary(summary, amended, nil, outcome.PT); err != nil {
				t.Fatal(err)
			}
			o := &watchOptions{runOptions: runOptions{env: envFor(&bytes.Buffer{}, &bytes.Buffer{}, nil)}}
			o.journalOptions.jn = j
			o.fileFinished(ctx, slog.New(slog.DiscardHandler), watch.Finish{Name: "vendas.csv", File: "vendas.csv", Result: c.result, ExitCode: 1, Summary: summary})
			rs, err := j.Run(ctx, run)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if rs.ExitCode != nil {
				got = strconv.Itoa(*rs.ExitCode)
			}
			if got != c.want {
				t.Errorf("history's exit code %q, want %q", got, c.want)
			}
			if c.want == "1" && !bytes.Contains(rs.Summary, []byte("apagado de processing/")) {
				t.Errorf("the kept summary is not the amended one: %s", rs.Summary)
			}
		})
	}
}

// TestWatchOutputsNotThroughALink: whoever writes to the drop folder's share renames a file's
// work folder (processing/.NAME.work) away while the file is imported and puts a link to
// another folder in its place, or puts one inside it where its rows to fix go (corrigir/).
// The reports, the summary and the rows to fix (their values the dropper's) were written by
// path, through the link, into that folder with the service user's rights. They are written
// in the work folder the watcher holds open, never through a link: the folder swapped, they
// are put back and the file goes to failed/ with them, its summary saying why; a link inside
// it leading out is refused, and the file goes to failed/ saying which output was not written.
func TestWatchOutputsNotThroughALink(t *testing.T) {
	_, sim := simServer(t, 0)
	const name = "setCategoriaServico-ruim.csv"
	for _, c := range []struct {
		what string
		swap func(drop, work, outside string) error
		says string // in the summary's problems
	}{
		{"work folder", func(drop, work, outside string) error {
			if err := os.Rename(work, filepath.Join(drop, "antigo")); err != nil {
				return err
			}
			return os.Symlink(outside, work)
		}, "pasta de trabalho"},
		{"corrigir", func(drop, work, outside string) error {
			return os.Symlink(outside, filepath.Join(work, "corrigir"))
		}, "corrigir é um link que leva para fora da pasta"},
	} {
		t.Run(c.what, func(t *testing.T) {
			drop := t.TempDir()
			outside := t.TempDir() // a folder of the server's
			key := write(t, filepath.Join(outside, "authorized_keys"), "ssh-ed25519 AAAA do servidor\n")
			work := filepath.Join(drop, "processing", "."+name+".work")
			var once sync.Once
			var swapErr error
			// At the file's first request its outputs are open or to come.
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				once.Do(func() { swapErr = c.swap(drop, work, outside) })
				sim.Handler().ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			var log syncBuffer
			stop := startWatch(t, map[string]string{"PW": testPassword}, &log, "--endpoint", srv.URL, "--user", "demo", "--password-env", "PW",
				"--quiet", "--workers", "1", "--settle", "200ms", "--poll", "50ms", drop)
			write(t, filepath.Join(drop, name), servicos+"S4;Pintura;1\n;Sem código;1\n")
			in := func(p ...string) string { return filepath.Join(append([]string{drop}, p...)...) }
			waitFor(t, "the file sorted", &log, func() bool {
				return exists(in("failed", name)) || exists(in("done", name)) || logHas(log.String(), outcome.PT.LogCouldNotMoveOut())
			})
			stop()
			if swapErr != nil {
				t.Skip(swapErr) // links need privileges on Windows
			}
			var leaked []string
			filepath.WalkDir(outside, func(p string, d fs.DirEntry, err error) error {
				if err == nil && p != outside && p != key {
					leaked = append(leaked, strings.TrimPrefix(p, outside))
				}
				return nil
			})
			if len(leaked) > 0 {
				t.Errorf("written through the link: %q\n%s", leaked, log.String())
			}
			if b, err := os.ReadFile(key); err != nil || string(b) != "ssh-ed25519 AAAA do servidor\n" {
				t.Errorf("the link's folder's file: %q %v", b, err)
			}
			if !exists(in("failed", name)) {
				t.Fatalf("%s not in failed/\n%s", name, log.String())
			}
			s := summaryOf(t, in("failed", name+".summary.json"))
			said := false
			for _, p := range append(s.FileProblems, s.ReportsNotWritten...) {
				said = said || strings.Contains(p.Message, c.says) || strings.Contains(p.File, c.says)
			}
			if s.ExitCode == 0 || !said {
				t.Errorf("the summary does not say why: %+v", s)
			}
			if got := outcomesOf(t, in("failed", name+".report.jsonl")); got["ok"] != 1 || got["invalid"] != 1 {
				t.Errorf("report: %v", got)
			}
			fix, err := os.ReadFile(in("failed", "corrigir", name))
			if c.what == "work folder" && (err != nil || !strings.Contains(string(fix), "Sem código")) {
				t.Errorf("rows to fix: %q, %v", fix, err)
			}
			if ents, _ := os.ReadDir(in("processing")); len(ents) != 1 { // .lock
				t.Errorf("processing/ holds %d entries", len(ents))
			}
		})
	}
}

// watchedDrop starts a simulator and a watcher over a new drop folder (two workers, a settle
// of 300 ms, a poll of 50 ms), and gives the simulator, the watcher's log and the paths in
// the drop folder.
func watchedDrop(t *testing.T) (*simulator.Server, *syncBuffer, func(p ...string) string) {
	t.Helper()
	base, sim := simServer(t, 0)
	drop := t.TempDir()
	log := &syncBuffer{}
	startWatch(t, map[string]string{"PW": testPassword}, log, "--endpoint", base, "--user", "demo", "--password-env", "PW",
		"--quiet", "--workers", "2", "--settle", "300ms", "--poll", "50ms", drop)
	return sim, log, func(p ...string) string { return filepath.Join(append([]string{drop}, p...)...) }
}

// TestWatchFixedRowsLeaveCorrigir: the finance team copies failed/corrigir/NAME out to fix it
// (or saves it under DIR) and drops it back; imported with every row ok, its copy stayed in
// failed/corrigir/, its red rows read as still to fix though they were in Senior. Now that copy
// (and its set file) is removed, said in the log, once the file of rows to fix comes back and
// goes to done/ with at least as many rows as were left to fix. It stays when a file of the
// same name that is no file of rows to fix (the next day's export) goes to done/, and when a
// fixed copy comes back with fewer rows (one left out is still to fix); failed/NAME and its
// reports stay.
func TestWatchFixedRowsLeaveCorrigir(t *testing.T) {
	sim, log, in := watchedDrop(t)
	const name = "setCategoriaServico-dez.csv"
	fix := in("failed", "corrigir", name)
	// dropIn writes a file aside and moves it in whole, then waits for it to go to done/, the
	// n-th of its name.
	dropIn := func(body string, n int) {
		t.Helper()
		write(t, in(".tmp"), body)
		if err := os.Rename(in(".tmp"), in(name)); err != nil {
			t.Fatal(err)
		}
		doneName := strings.TrimSuffix(name, ".csv") + fmt.Sprintf("_%d.csv", n)
		if n == 1 {
			doneName = name
		}
		// The log's last line for the file: after its copy in corrigir/ was looked at.
		waitFor(t, "done/"+doneName, log, func() bool { return logHas(log.String(), "to=done/"+doneName+" exit_code=") })
	}
	write(t, in(name), servicos+"S1;Manutenção;1\n;Sem código;1\nS3;Pin\vtura;1\n")
	waitFor(t, "the file in failed/", log, func() bool { return exists(fix) })
	rows, err := os.ReadFile(fix)
	if err != nil {
		t.Fatal(err)
	}
	// The next day's export under the same name, every row ok: no file of rows to fix.
	dropIn(servicos+"S9;Jardinagem;1\n", 1)
	if !exists(fix) {
		t.Fatal("a file of the same name, no file of rows to fix, removed the rows to fix")
	}
	// A fixed copy with one of the two rows: the other is still to fix.
	lines := strings.Split(strings.TrimSpace(string(rows)), "\n")
	if len(lines) != 3 {
		t.Fatalf("rows to fix:\n%s", rows)
	}
	first := strings.Replace(lines[1], ";Sem código;", "S2;Sem código;", 1)
	dropIn(lines[0]+"\n"+first+"\n", 2)
	if !exists(fix) {
		t.Fatal("a fixed copy of one of the two rows removed the rows to fix")
	}
	// One of the two fixed, the other left out and a new row added: as many rows, but the
	// one left out is still to fix (it was removed with the file).
	dropIn(lines[0]+"\n"+first+"\nS4;Limpeza;1;;\n", 3)
	if !exists(fix) {
		t.Fatal("a fixed copy of one of the two rows, and a row added, removed the rows to fix")
	}
	// Both rows fixed: the copy in corrigir/ is done.
	second := strings.Replace(lines[2], "Pin\vtura;", "Pintura;", 1)
	dropIn(lines[0]+"\n"+first+"\n"+second+"\n", 4)
	if exists(fix) {
		t.Errorf("failed/corrigir/%s stayed after its rows were imported", name)
	}
	if !exists(in("failed", name)) || !exists(in("failed", name+".report.xlsx")) {
		t.Error("failed/ lost the file or its report")
	}
	if !logHas(log.String(), `msg="`+outcome.PT.LogFixedRemoved()+`"`, "removed=failed/corrigir/"+name) {
		t.Errorf("no log line says the file was removed:\n%s", log.String())
	}
	if n := len(sim.Records("setCategoriaServico")); n != 5 {
		t.Errorf("Senior holds %d categories, want 5", n)
	}
}

// TestWatchSomeRowsStillWrong: a file of rows to fix dropped back with one of its two rows
// fixed goes to failed/ as NAME_2, the row still wrong in failed/corrigir/NAME_2. The copy it
// came from, failed/corrigir/NAME, stayed beside it: two files of rows to fix for one, the
// first one's fixed row still red though it was in Senior. Now it goes, said in the log; the
// second file fixed and dropped back leaves failed/corrigir/ empty, every category sent once.
func TestWatchSomeRowsStillWrong(t *testing.T) {
	sim, log, in := watchedDrop(t)
	const name, name2 = "setCategoriaServico-jan.csv", "setCategoriaServico-jan_2.csv"
	dropIn := func(name, body string) {
		t.Helper()
		write(t, in(".tmp"), body)
		if err := os.Rename(in(".tmp"), in(name)); err != nil {
			t.Fatal(err)
		}
	}
	dropIn(name, servicos+"S1;Manutenção;1\n;Sem código;1\nS3;Pin\vtura;1\n")
	waitFor(t, "the file in failed/", log, func() bool { return logHas(log.String(), "to=failed/"+name+" exit_code=") })
	rows, err := os.ReadFile(in("failed", "corrigir", name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(rows)), "\n")
	if len(lines) != 3 {
		t.Fatalf("rows to fix:\n%s", rows)
	}
	// The first row fixed, the second still wrong.
	first := strings.Replace(lines[1], ";Sem código;", "S2;Sem código;", 1)
	dropIn(name, lines[0]+"\n"+first+"\n"+lines[2]+"\n")
	waitFor(t, "failed/"+name2, log, func() bool { return logHas(log.String(), "to=failed/"+name2+" exit_code=") })
	if exists(in("failed", "corrigir", name)) {
		t.Errorf("failed/corrigir/%s stayed beside failed/corrigir/%s, its fixed row in Senior", name, name2)
	}
	if !logHas(log.String(), `msg="`+outcome.PT.LogFixedSuperseded()+`"`, "removed=failed/corrigir/"+name) {
		t.Errorf("no log line says the file was removed:\n%s", log.String())
	}
	rows, err = os.ReadFile(in("failed", "corrigir", name2))
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(string(rows)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "Pin\vtura") {
		t.Fatalf("rows still to fix:\n%s", rows)
	}
	dropIn(name2, lines[0]+"\n"+strings.Replace(lines[1], "Pin\vtura;", "Pintura;", 1)+"\n")
	waitFor(t, "done/"+name2, log, func() bool { return logHas(log.String(), "to=done/"+name2+" exit_code=") })
	if ents, err := os.ReadDir(in("failed", "corrigir")); err != nil || len(ents) != 0 {
		t.Errorf("failed/corrigir/ holds %v, %v; want nothing", ents, err)
	}
	if n := len(sim.Records("setCategoriaServico")); n != 3 {
		t.Errorf("Senior holds %d categories, want 3", n)
	}
	if st := sim.Stats(); st.Requests != 3 {
		t.Errorf("%d requests, want 3: a category sent twice", st.Requests)
	}
}

// TestWatchFixedInTheFileDroppedAgain: the team fixes the red rows in the file it dropped, not
// in failed/corrigir/'s copy, and drops it again under its name: every row ok or skipped, it
// goes to done/ and takes failed/corrigir/NAME with it, said in the log. The copy stayed, its
// rows red though in Senior. Nothing is sent twice.
func TestWatchFixedInTheFileDroppedAgain(t *testing.T) {
	sim, log, in := watchedDrop(t)
	const name = "setCategoriaServico-fev.csv"
	dropIn := func(body string) {
		t.Helper()
		write(t, in(".tmp"), body)
		if err := os.Rename(in(".tmp"), in(name)); err != nil {
			t.Fatal(err)
		}
	}
	dropIn(servicos + "S1;Manutenção;1\nS2;Pin\vtura;1\nS3;Limpe\vza;1\n")
	waitFor(t, "the file in failed/", log, func() bool { return logHas(log.String(), "to=failed/"+name+" exit_code=") })
	if !exists(in("failed", "corrigir", name)) {
		t.Fatal("no rows to fix")
	}
	dropIn(servicos + "S1;Manutenção;1\nS2;Pintura;1\nS3;Limpeza;1\n")
	waitFor(t, "done/"+name, log, func() bool { return logHas(log.String(), "to=done/"+name+" exit_code=") })
	if exists(in("failed", "corrigir", name)) {
		t.Errorf("failed/corrigir/%s stayed, its rows in Senior", name)
	}
	if !logHas(log.String(), `msg="`+outcome.PT.LogFixedInFileRemoved()+`"`, "removed=failed/corrigir/"+name) {
		t.Errorf("no log line says the file was removed:\n%s", log.String())
	}
	if n := len(sim.Records("setCategoriaServico")); n != 3 {
		t.Errorf("Senior holds %d categories, want 3", n)
	}
	if st := sim.Stats(); st.Requests != 3 {
		t.Errorf("%d requests, want 3: a category sent twice", st.Requests)
	}
}
