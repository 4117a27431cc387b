package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/pipeline"
)

// TestFirstLogLineSaysWhatStarts: a run's, a job's and a refused run's first log line names
// the version, the command, the inputs, the endpoint and the journal, never a password. Before,
// a nightly log began each run with the journal's line: which inputs, against which Senior, was
// nowhere in it.
func TestFirstLogLineSaysWhatStarts(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	jn := filepath.Join(dir, "j.db")
	vars := map[string]string{"PW": testPassword}
	first := func(stderr string) map[string]any {
		t.Helper()
		line, _, _ := strings.Cut(stderr, "\n")
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("first line %q: %v", line, err)
		}
		if strings.Contains(stderr, testPassword) {
			t.Errorf("the log holds the password:\n%s", stderr)
		}
		return m
	}

	code, _, stderr := runCLI(t, vars, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--journal", jn,
		"--quiet", "--log-format", "json", "--lang", "en", in)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	m := first(stderr)
	want := map[string]any{"level": "INFO", "msg": outcome.EN.LogStarted(), "version": version(), "command": "run",
		"inputs": in, "endpoint": base, "user": "demo", "journal": jn}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("run: first line's %s = %v, want %v\n%s", k, m[k], v, stderr)
		}
	}

	job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: en\nsteps:\n  - name: servicos\n    file: setCategoriaServico.csv\n  - file: setCategoriaServico.csv\n")
	code, _, stderr = runCLI(t, vars, "run", job, "--journal", jn, "--quiet", "--log-format", "json")
	if code != 0 {
		t.Fatalf("job: exit %d\n%s", code, stderr)
	}
	m = first(stderr)
	for k, v := range map[string]any{"msg": outcome.EN.LogStarted(), "command": "run", "job": job, "steps": "servicos, step2", "endpoint": base} {
		if m[k] != v {
			t.Errorf("job: first line's %s = %v, want %v\n%s", k, m[k], v, stderr)
		}
	}

	// An endpoint holding a password is refused; the first line leaves it out.
	code, _, stderr = runCLI(t, vars, "run", "--endpoint", "http://demo:"+testPassword+"@127.0.0.1:9", "--user", "demo", "--password-env", "PW",
		"--journal", jn, "--quiet", "--log-format", "json", in)
	if code != 2 {
		t.Fatalf("endpoint with a password: exit %d\n%s", code, stderr)
	}
	if m = first(stderr); m["msg"] != outcome.PT.LogStarted() || m["endpoint"] != nil {
		t.Errorf("endpoint with a password: first line %v", m)
	}
}

// TestJobStepLinesNameTheirStep: in a job of several steps, every line a step's run logs
// (its journal line, its end line) carries the step's name. Grepped or filtered by level, the
// end lines of a job's steps could not be told apart.
func TestJobStepLinesNameTheirStep(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	write(t, filepath.Join(dir, "setCategoriaServico-b.csv"), servicos+";Sem código;1\n")
	job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: en\nsteps:\n  - name: boa\n    file: setCategoriaServico.csv\n  - name: ruim\n    file: setCategoriaServico-b.csv\n")
	code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", job, "--journal", filepath.Join(dir, "j.db"), "--quiet", "--log-format", "json")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var ends []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		switch m["msg"] {
		case outcome.EN.LogRunEnded(), outcome.EN.LogJournal():
			step, _ := m["step"].(string)
			if step == "" {
				t.Errorf("a step's line names no step: %s", l)
			}
			if m["msg"] == outcome.EN.LogRunEnded() {
				ends = append(ends, step+"="+m["level"].(string))
			}
		case outcome.EN.LogJobEnded(), outcome.EN.LogStarted():
			if m["step"] != nil {
				t.Errorf("the job's own line names a step: %s", l)
			}
		}
	}
	if strings.Join(ends, " ") != "boa=INFO ruim=WARN" {
		t.Errorf("end lines by step: %v\n%s", ends, stderr)
	}
	// The job's line, the night's last, says why it exits 1, as the step's does.
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	var last map[string]any
	json.Unmarshal([]byte(lines[len(lines)-1]), &last)
	if last["msg"] != outcome.EN.LogJobEnded() || last["first_cause"] == nil || !strings.Contains(last["first_cause"].(string), "CategoriaServicoId") || last["first_cause_rows"] != 1.0 {
		t.Errorf("the job's end line: %v", last)
	}
	// A step whose file was empty (an export that failed) and no row at fault: the job's line
	// names the file, as the step's does. It said exit_code=1 and no first_cause.
	empty := write(t, filepath.Join(dir, "setCategoriaServico-vazio.csv"), "")
	write(t, job, "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: en\nsteps:\n  - name: boa\n    file: setCategoriaServico.csv\n  - name: vazia\n    file: setCategoriaServico-vazio.csv\n")
	code, _, stderr = runCLI(t, map[string]string{"PW": testPassword}, "run", job, "--journal", filepath.Join(dir, "j.db"), "--quiet", "--log-format", "json")
	lines = strings.Split(strings.TrimSpace(stderr), "\n")
	last = nil
	json.Unmarshal([]byte(lines[len(lines)-1]), &last)
	if cause, _ := last["first_cause"].(string); code != 1 || last["msg"] != outcome.EN.LogJobEnded() || !strings.HasPrefix(cause, empty+": ") {
		t.Errorf("exit %d; the job's end line names not the empty file %s: %v", code, empty, last)
	}
}

// TestEndLinesSayWhereOutputsAre: a run's end line names its summary and, when rows need
// fixing, the re-import folder; a job's end line its duration and its --out folder. They
// named the reports only (a job's, nothing), so the log of a night said how it ended but not
// where to look.
func TestEndLinesSayWhereOutputsAre(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n;Sem código;1\n")
	vars := map[string]string{"PW": testPassword}
	last := func(stderr string) map[string]any {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		var m map[string]any
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	summary, reimport := filepath.Join(dir, "s", "summary.json"), filepath.Join(dir, "corrigir")
	code, _, stderr := runCLI(t, vars, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--log-format", "json",
		"--lang", "en", "--summary", summary, "--reimport", reimport, in)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if m := last(stderr); m["msg"] != outcome.EN.LogRunEnded() || m["summary"] != summary || m["reimport"] != reimport {
		t.Errorf("run's end line %v: want summary %s, reimport %s", m, summary, reimport)
	}

	job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: en\nout: out\nsteps:\n  - name: a\n    file: setCategoriaServico.csv\n  - name: b\n    file: setCategoriaServico.csv\n")
	code, _, stderr = runCLI(t, vars, "run", job, "--quiet", "--log-format", "json")
	if code != 1 {
		t.Fatalf("job: exit %d\n%s", code, stderr)
	}
	m := last(stderr)
	out, _ := m["out"].(string)
	if m["msg"] != outcome.EN.LogJobEnded() || !strings.HasPrefix(out, filepath.Join(dir, "out")+string(filepath.Separator)) || m["duration"] == nil {
		t.Errorf("job's end line %v: want its out folder and duration", m)
	}
}

// TestEndLinesSayWhatWasNotWritten: a night whose rows all ended ok exits 1 when a report
// could not be written (a full disk); the step's end line and the job's name what is missing,
// where they said exit_code=1 ok=1 and nothing else.
func TestEndLinesSayWhatWasNotWritten(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here:", err)
	}
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	full := filepath.Join(dir, "r.b.jsonl") // step b's report, on a full disk
	if err := os.Symlink("/dev/full", full); err != nil {
		t.Fatal(err)
	}
	job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: en\nreport: r.jsonl\n"+
		"steps:\n  - name: a\n    file: setCategoriaServico.csv\n  - name: b\n    file: setCategoriaServico.csv\n")
	code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", job, "--journal", filepath.Join(dir, "j.db"), "--quiet", "--log-format", "json")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	got := map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if m["msg"] == outcome.EN.LogRunEnded() || m["msg"] == outcome.EN.LogJobEnded() {
			step, _ := m["step"].(string)
			got[m["msg"].(string)+" "+step] = m["not_written"]
		}
	}
	want := map[string]any{
		outcome.EN.LogRunEnded() + " a": nil,
		outcome.EN.LogRunEnded() + " b": []any{full},
		outcome.EN.LogJobEnded() + " ":  []any{full},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("end lines' not_written: %v, want %v\n%s", got, want, stderr)
	}
}

// TestEndLineSaysRunAgain: a run that left rows not sent (a refused login here; an interrupt,
// Senior gone) says on its end line what to do with them, run the same command again, since
// the journal resumes; without a journal it says nothing of the kind.
func TestEndLineSaysRunAgain(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\nS2;Instalação;1\n")
	for _, c := range []struct {
		name string
		more []string
		want any
	}{
		{"journal", []string{"--journal", filepath.Join(dir, "j.db")}, outcome.EN.LogRunAgain()},
		{"no journal", []string{"--no-journal"}, nil},
	} {
		code, _, stderr := runCLI(t, map[string]string{"PW": "not-the-password"}, append([]string{"run", "--endpoint", base, "--user", "demo",
			"--password-env", "PW", "--quiet", "--log-format", "json", "--lang", "en", in}, c.more...)...)
		if code != 2 {
			t.Fatalf("%s: exit %d\n%s", c.name, code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		var m map[string]any
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &m); err != nil {
			t.Fatal(err)
		}
		if m["msg"] != outcome.EN.LogRunEnded() || m["not_sent"] == nil || m["next"] != c.want {
			t.Errorf("%s: end line %v, want next %v", c.name, m, c.want)
		}
	}
}

// TestJSONLogDurations: a duration in a JSON log line reads as in the text one (1m4s), not
// as nanoseconds ("down_for":64000000000).
func TestJSONLogDurations(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		var b strings.Builder
		log, err := newLogger(outcome.EN, format, &b, func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		log.Info("x", "down_for", 64*time.Second, "group", slog.GroupValue(slog.Duration("took", 1500*time.Millisecond)))
		if !strings.Contains(b.String(), "1m4s") || !strings.Contains(b.String(), "1.5s") || strings.Contains(b.String(), "64000000000") {
			t.Errorf("%s: %s", format, b.String())
		}
	}
}

// TestInterruptedEndLineNamesTheSignal: the end line of a run stopped by a signal names it
// (systemd's stop is SIGTERM, a dropped SSH session SIGHUP, Ctrl-C SIGINT): exit 130 alone
// did not say who stopped the night's load.
func TestInterruptedEndLineNamesTheSignal(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(pipeline.Interrupted("SIGTERM"))
	var stdout, stderr bytes.Buffer
	code := cli(ctx, []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--log-format", "json", "--lang", "en", in},
		envFor(&stdout, &stderr, withState(t, map[string]string{"PW": testPassword})))
	if code != 130 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &m); err != nil {
		t.Fatal(err)
	}
	if m["msg"] != outcome.EN.LogRunEnded() || m["signal"] != "SIGTERM" {
		t.Errorf("end line %v: want signal SIGTERM", m)
	}
}

// TestWatchRunLinesNameTheirFile: every line of a dropped file's run names the file. The
// journal's line, the end line and a run's warnings named none: among a night's files,
// which file a line was of was told only by the lines around it.
func TestWatchRunLinesNameTheirFile(t *testing.T) {
	base, _ := simServer(t, 0)
	drop := t.TempDir()
	var log syncBuffer
	stop := startWatch(t, map[string]string{"PW": testPassword}, &log, "--endpoint", base, "--user", "demo", "--password-env", "PW",
		"--settle", "1s", "--poll", "100ms", drop)
	write(t, filepath.Join(drop, "setCategoriaServico-a.csv"), servicos+"S1;Manutenção;1\n")
	write(t, filepath.Join(drop, "setCategoriaServico-b.csv"), servicos+";Sem código;1\nS2;Instalação;1\n")
	waitFor(t, "both files sorted", &log, func() bool {
		return exists(filepath.Join(drop, "done", "setCategoriaServico-a.csv")) && exists(filepath.Join(drop, "failed", "setCategoriaServico-b.csv"))
	})
	if code := stop(); code != 0 {
		t.Fatalf("watch exit %d", code)
	}
	seen := map[string]int{}
	for _, l := range strings.Split(log.String(), "\n") {
		for _, msg := range []string{outcome.PT.LogRunEnded(), outcome.PT.LogJournal(), outcome.PT.LogRows()} {
			if !strings.Contains(l, "msg="+strconv.Quote(msg)+" ") && !strings.Contains(l, "msg="+msg+" ") {
				continue
			}
			_, file, _ := strings.Cut(l, " file=")
			file, _, _ = strings.Cut(file, " ")
			if !strings.HasPrefix(file, "setCategoriaServico-") {
				t.Errorf("a file's run line names no file: %s", l)
			}
			seen[file]++
		}
	}
	if seen["setCategoriaServico-a.csv"] != 3 || seen["setCategoriaServico-b.csv"] != 3 {
		t.Errorf("run lines by file: %v\n%s", seen, log.String())
	}
}

// TestWatchFileSaysItsProgress: a dropped file of many rows says how far it is while it goes
// (a 20,000-row file against a slow Senior was minutes without a line in the watcher's log),
// naming the file; the watcher's --quiet keeps it silent as a run's does.
func TestWatchFileSaysItsProgress(t *testing.T) {
	defer func(d time.Duration) { watchProgressEvery = d }(watchProgressEvery)
	watchProgressEvery = 100 * time.Millisecond
	base, _ := simServer(t, 20*time.Millisecond)
	for _, quiet := range []bool{false, true} {
		drop := t.TempDir()
		args := []string{"--endpoint", base, "--user", "demo", "--password-env", "PW", "--settle", "1s", "--poll", "100ms",
			"--workers", "1", "--fixed-workers"}
		if quiet {
			args = append(args, "--quiet")
		}
		var log syncBuffer
		stop := startWatch(t, map[string]string{"PW": testPassword}, &log, append(args, drop)...)
		var rows strings.Builder
		rows.WriteString(servicos)
		for i := range 40 {
			fmt.Fprintf(&rows, "P%d;Serviço %d;1\n", i, i)
		}
		write(t, filepath.Join(drop, "setCategoriaServico.csv"), rows.String())
		waitFor(t, "the file sorted", &log, func() bool { return exists(filepath.Join(drop, "done", "setCategoriaServico.csv")) })
		stop()
		said := logHas(log.String(), "msg="+outcome.PT.LogProgress()+" ", "file=setCategoriaServico.csv", "rows=")
		if said == quiet {
			t.Errorf("--quiet %v: progress said %v\n%s", quiet, said, log.String())
		}
	}
}

// TestWatchRunLinesOneFileKey: a line of a dropped file's run that names the file itself (a
// reading warning: columns ignored) carries one file key, not two: as JSON,
// {"file":"a.csv",...,"file":"a.csv"} is an object some log stores refuse (Elasticsearch:
// "Duplicate field 'file'").
func TestWatchRunLinesOneFileKey(t *testing.T) {
	base, _ := simServer(t, 0)
	drop := t.TempDir()
	var log syncBuffer
	stop := startWatch(t, map[string]string{"PW": testPassword}, &log, "--endpoint", base, "--user", "demo", "--password-env", "PW",
		"--settle", "1s", "--poll", "100ms", "--ignore-unknown-columns", drop)
	write(t, filepath.Join(drop, "setCategoriaServico-a.csv"), "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId;Sobra\nS1;Manutenção;1;x\n")
	waitFor(t, "the file sorted", &log, func() bool {
		return exists(filepath.Join(drop, "done", "setCategoriaServico-a.csv")) || exists(filepath.Join(drop, "failed", "setCategoriaServico-a.csv"))
	})
	if code := stop(); code != 0 {
		t.Fatalf("watch exit %d", code)
	}
	warned := false
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, "Sobra") {
			warned = true
		}
		if n := strings.Count(l, " file="); n > 1 {
			t.Errorf("a line with %d file keys: %s", n, l)
		}
	}
	if !warned {
		t.Fatalf("no warning of the column ignored:\n%s", log.String())
	}
}
