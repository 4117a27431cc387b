package monitor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"seniorimporter/outcome"
)

// parse reads a metrics file back as Prometheus does.
func parse(t *testing.T, path string) map[string]*dto.MetricFamily {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(f)
	if err != nil {
		t.Fatalf("not Prometheus text format: %v", err)
	}
	return fams
}

// value is the value of the family's metric with the label (or its only one).
func value(t *testing.T, fams map[string]*dto.MetricFamily, name, label, lv string) float64 {
	t.Helper()
	fam, ok := fams[name]
	if !ok {
		t.Fatalf("no %s", name)
	}
	for _, m := range fam.GetMetric() {
		if label == "" || labelOf(m, label) == lv {
			switch {
			case m.Counter != nil:
				return m.GetCounter().GetValue()
			case m.Gauge != nil:
				return m.GetGauge().GetValue()
			}
		}
	}
	t.Fatalf("no %s{%s=%q}", name, label, lv)
	return 0
}

func writeJSONL(t *testing.T, path string, lines ...string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMetricsOfTwoFiles: two importers' metrics files in one textfile folder (README: the
// nightly job's importer.prom, the drop folder's importer-financeiro.prom) hold no series
// alike, each naming its file, and a file written before the label came is read on: its
// counters go on under the label. The same series in two files is served once by
// node_exporter ("collected before with the same name and label values"): the nightly's
// exit code 2 was lost behind the drop folder's 0.
func TestMetricsOfTwoFiles(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	seen := map[string]string{} // series → its file
	for _, c := range []struct {
		name string
		exit int
	}{{"importer.prom", 2}, {"importer-financeiro.prom", 0}} {
		path := filepath.Join(dir, c.name)
		m := NewMetrics(path)
		m.Add(Run{Summary: outcome.Summary{Finished: t0, ExitCode: c.exit, Outcomes: map[outcome.Kind]int{outcome.OK: 1}}})
		if err := m.Write(); err != nil {
			t.Fatal(err)
		}
		for name, fam := range parse(t, path) {
			for _, mt := range fam.GetMetric() {
				if labelOf(mt, "file") != c.name {
					t.Errorf("%s%s in %s: want file=%q", name, labelsOf(mt), c.name, c.name)
				}
				series := name + labelsOf(mt)
				if other, ok := seen[series]; ok {
					t.Errorf("%s in both %s and %s", series, other, c.name)
				}
				seen[series] = c.name
			}
		}
	}
	// A file an earlier version wrote, without the label: its counts carry on.
	path := filepath.Join(dir, "old.prom")
	writeJSONL(t, path, "# TYPE importer_rows_total counter", `importer_rows_total{outcome="ok"} 41`,
		"# TYPE importer_runs_total counter", `importer_runs_total{exit_code="0"} 9`)
	m := NewMetrics(path)
	if err := m.Load(); err != nil {
		t.Fatal(err)
	}
	m.Add(Run{Summary: outcome.Summary{Finished: t0, Outcomes: map[outcome.Kind]int{outcome.OK: 1}}})
	if err := m.Write(); err != nil {
		t.Fatal(err)
	}
	fams := parse(t, path)
	if got := value(t, fams, mRows, "outcome", "ok"); got != 42 {
		t.Errorf("ok rows after a file without the label: %v, want 42", got)
	}
	if got := value(t, fams, mRuns, "exit_code", "0"); got != 10 {
		t.Errorf("runs after a file without the label: %v, want 10", got)
	}
}

// TestMetrics: a run's counts, its latencies from the report (a record's rows once, rows not
// sent not at all, a not_sent row's attempt at a Senior that was down neither), and a second
// run added to the counts the file already holds.
func TestMetrics(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "textfile", "importer.prom") // the folder is made
	rep := filepath.Join(dir, "r.jsonl")
	writeJSONL(t, rep,
		`{"file":"a.xlsx","port":"GravarOrcamentos","key":"1/1","outcome":"ok","attempts":1,"latency_ms":40}`,
		`{"file":"a.itens.csv","port":"GravarOrcamentos","key":"1/1","outcome":"ok","attempts":1,"latency_ms":40}`, // same record
		`{"file":"a.xlsx","port":"GravarOrcamentos","key":"1/2","outcome":"rejected","attempts":2,"latency_ms":700}`,
		`{"file":"a.xlsx","port":"GravarOrcamentos","key":"","outcome":"invalid","attempts":0,"latency_ms":0}`,
		// As a night of Senior down wrote it: a refused connection, then --give-up-after.
		`{"file":"a.xlsx","port":"GravarOrcamentos","key":"1/3","outcome":"not_sent","attempts":1,"latency_ms":6023}`)
	t0 := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	first := outcome.Summary{Started: t0, Finished: t0.Add(90 * time.Second), DurationMS: 90000, Rows: 5, Records: 4,
		Outcomes: map[outcome.Kind]int{outcome.OK: 2, outcome.Rejected: 1, outcome.Invalid: 1, outcome.NotSent: 1}, ExitCode: 1,
		PassingFaults: map[string]int{"http_503": 2, "connection": 1}, RowsPerS: 0.04}
	m := NewMetrics(path)
	if err := m.Load(); err != nil {
		t.Fatal(err)
	}
	if err := m.Add(Run{Summary: first, Reports: []string{rep}}); err != nil {
		t.Fatal(err)
	}
	if err := m.Write(); err != nil {
		t.Fatal(err)
	}
	// The folder is made 0755 less the umask: as root, one of mode 0001 was written into all
	// the same, and only the node exporter (another user) failed to read it.
	if st, err := os.Stat(filepath.Dir(path)); err != nil || st.Mode().Perm()&0o700 != 0o700 {
		t.Errorf("metrics folder: %v, %v; want 0755 less the umask", st.Mode(), err)
	}
	fams := parse(t, path)
	for _, c := range []struct {
		name, label, lv string
		want            float64
	}{
		{mRows, "outcome", "ok", 2},
		{mRows, "outcome", "rejected", 1},
		{mRows, "outcome", "not_sent", 1},
		{mRows, "outcome", "unknown", 0}, // every outcome shows
		{mRuns, "exit_code", "1", 1},
		{mLastExit, "", "", 1},
		{mLastDur, "", "", 90},
		{mLastRecords, "", "", 4},
		{mLastFaults, "", "", 3},
		{mLastRate, "", "", 0.04},
		{mLastRows, "outcome", "invalid", 1},
		{mLastTime, "", "", float64(t0.Add(90 * time.Second).Unix())},
	} {
		if got := value(t, fams, c.name, c.label, c.lv); got != c.want {
			t.Errorf("%s{%s=%q} = %v, want %v", c.name, c.label, c.lv, got, c.want)
		}
	}
	if _, ok := fams[mLastSuccess]; ok {
		t.Errorf("a run with exit 1 is no success")
	}
	h := fams[mLatency].GetMetric()[0].GetHistogram()
	if h.GetSampleCount() != 2 || h.GetSampleSum() != 0.74 {
		t.Errorf("latency: %d observations summing %v, want 2 summing 0.74", h.GetSampleCount(), h.GetSampleSum())
	}
	for _, b := range h.GetBucket() {
		want := uint64(0)
		switch {
		case b.GetUpperBound() >= 1:
			want = 2
		case b.GetUpperBound() >= 0.05:
			want = 1
		}
		if b.GetCumulativeCount() != want {
			t.Errorf("bucket le=%v: %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
		}
	}

	// A second run, in a new process: the counters go on from the file, the gauges are its.
	second := outcome.Summary{Started: t0.Add(time.Hour), Finished: t0.Add(time.Hour + time.Minute), DurationMS: 60000, Rows: 5, Records: 5,
		Outcomes: map[outcome.Kind]int{outcome.OK: 5}, ExitCode: 0}
	m = NewMetrics(path)
	if err := m.Load(); err != nil {
		t.Fatal(err)
	}
	if err := m.Add(Run{Summary: second, Reports: []string{rep}, Result: "done"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Write(); err != nil {
		t.Fatal(err)
	}
	fams = parse(t, path)
	if got := value(t, fams, mRows, "outcome", "ok"); got != 7 {
		t.Errorf("ok rows over both runs: %v, want 7", got)
	}
	if got := value(t, fams, mRuns, "exit_code", "1"); got != 1 {
		t.Errorf("runs with exit 1: %v", got)
	}
	if got := value(t, fams, mFiles, "result", "done"); got != 1 {
		t.Errorf("files done: %v", got)
	}
	if got := value(t, fams, mLastSuccess, "", ""); got != float64(second.Finished.Unix()) {
		t.Errorf("last success %v", got)
	}
	if got := fams[mLatency].GetMetric()[0].GetHistogram().GetSampleCount(); got != 4 {
		t.Errorf("latency observations over both runs: %d, want 4", got)
	}

	// A third run that fails keeps the last success.
	m = NewMetrics(path)
	m.Load()
	m.Add(Run{Summary: outcome.Summary{Finished: t0.Add(2 * time.Hour), ExitCode: 2}})
	m.Write()
	if got := value(t, parse(t, path), mLastSuccess, "", ""); got != float64(second.Finished.Unix()) {
		t.Errorf("last success after a failed run: %v", got)
	}
	// No temporary file is left beside it (the textfile collector reads *.prom).
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Errorf("%d files in the metrics folder", len(ents))
	}
}

func TestMetricsBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "importer.prom")
	os.WriteFile(path, []byte("this is { not metrics\n"), 0o644)
	m := NewMetrics(path)
	if err := m.Load(); err == nil {
		t.Error("a file that is not metrics loaded")
	}
	m.Add(Run{Summary: outcome.Summary{ExitCode: 0, Outcomes: map[outcome.Kind]int{outcome.OK: 1}}})
	if err := m.Write(); err != nil {
		t.Fatal(err)
	}
	if got := value(t, parse(t, path), mRows, "outcome", "ok"); got != 1 {
		t.Errorf("ok = %v", got)
	}
}

// TestHook: the command gets the summary's path and the exit code, its output is logged, its
// failure and its timeout are errors (for the caller to log, never to exit by).
func TestHook(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "env.txt")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	h := Hook{Command: `echo "$IMPORTER_SUMMARY $IMPORTER_EXIT" > ` + envFile + `; echo said-something`, Logger: log}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // an interrupted run still runs its hook
	if err := h.Run(ctx, map[string]string{"IMPORTER_SUMMARY": "/tmp/s.json", "IMPORTER_EXIT": "1"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(envFile)
	if err != nil || string(b) != "/tmp/s.json 1\n" {
		t.Errorf("env file %q, %v", b, err)
	}
	if !strings.Contains(logs.String(), "line=said-something") {
		t.Errorf("output not logged: %s", logs.String())
	}

	// The variable holding a password is not passed on (the others are); a password the
	// output shows anyway (read from a file) is blanked in the log.
	t.Setenv("HOOK_TEST_PW", "s3nha-da-var")
	t.Setenv("HOOK_TEST_KEEP", "mantida")
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("s3nha-do-arquivo"), 0o600); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	h = Hook{Command: `echo "pw=[$HOOK_TEST_PW] keep=[$HOOK_TEST_KEEP] file=$(cat ` + pwFile + `)"`, Logger: log, Unset: []string{"HOOK_TEST_PW"}, Secrets: []string{"", "s3nha-do-arquivo"}}
	if err := h.Run(context.Background(), nil); err != nil || !strings.Contains(logs.String(), `line="pw=[] keep=[mantida] file=***"`) || strings.Contains(logs.String(), "s3nha") {
		t.Errorf("a password in the output: %v\n%s", err, logs.String())
	}

	// A line too long for the log (2 MB, no newline) is dropped, and the command is read to
	// its end: not left blocked on a full pipe until its timeout.
	logs.Reset()
	err = Hook{Command: "head -c 2000000 /dev/zero | tr '\\0' a; echo; echo depois", Timeout: 10 * time.Second, Logger: log}.Run(context.Background(), nil)
	if err != nil {
		t.Errorf("a command with a long line: %v", err)
	}

	// No command: nothing run, nothing logged.
	logs.Reset()
	if err := (Hook{Logger: log}).Run(context.Background(), nil); err != nil || logs.Len() > 0 {
		t.Errorf("no command: %v\n%s", err, &logs)
	}

	err = Hook{Command: "exit 3", Logger: log}.Run(context.Background(), nil)
	if err == nil || !strings.Contains(logs.String(), outcome.PT.LogHookFailed()) {
		t.Errorf("a failing command: %v\n%s", err, logs.String())
	}
	// The timeout kills the shell and what it started.
	marker := filepath.Join(dir, "late")
	err = Hook{Command: "sleep 30 && touch " + marker, Timeout: 100 * time.Millisecond, Logger: log}.Run(context.Background(), nil)
	if !errors.Is(err, ErrHookTimeout) {
		t.Errorf("timeout: %v", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command went on after its timeout")
	}
	// A signal while it runs (Stop closed) stops it and what it started, as the timeout
	// does: an operator's SIGTERM waited for the command to end (an operator tester).
	marker = filepath.Join(dir, "stopped")
	stop := make(chan struct{})
	time.AfterFunc(100*time.Millisecond, func() { close(stop) })
	err = Hook{Command: "sleep 30 && touch " + marker, Logger: log, Stop: stop}.Run(context.Background(), nil)
	if !errors.Is(err, ErrHookStopped) {
		t.Errorf("stopped: %v", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command went on after Stop")
	}

	// A command that exits 0 and leaves something in the background holding its output
	// (mail ... &) is done, said so, not a failure; what it left runs on.
	logs.Reset()
	marker = filepath.Join(dir, "background")
	err = Hook{Command: "(sleep 3; touch " + marker + ") & echo sent", Logger: log}.Run(context.Background(), nil)
	if err != nil || !strings.Contains(logs.String(), "level=WARN") || strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a command leaving a process in the background: %v\n%s", err, logs.String())
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, err := os.Stat(marker); err != nil && time.Now().Before(deadline); _, err = os.Stat(marker) {
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Error("what the command left in the background was stopped")
	}
}

func TestWriteSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "summary.json")
	if err := WriteSummary(path, outcome.Summary{ExitCode: 2}, errors.New("x.pdf: not a spreadsheet"), outcome.PT); err != nil {
		t.Fatal(err)
	}
	s, err := ReadSummary(path)
	if err != nil || s.ExitCode != 2 || s.Error != "x.pdf: not a spreadsheet" {
		t.Errorf("%+v, %v", s, err)
	}
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Errorf("%d files beside the summary", len(ents))
	}
	// A run that started: its counts as they are, and no error.
	ran := filepath.Join(filepath.Dir(path), "ran.json")
	if err := WriteSummary(ran, outcome.Summary{Rows: 3, Outcomes: map[outcome.Kind]int{outcome.OK: 2, outcome.Invalid: 1}, ExitCode: 1}, nil, outcome.PT); err != nil {
		t.Fatal(err)
	}
	if s, err := ReadSummary(ran); err != nil || s.Error != "" || s.Outcomes[outcome.OK] != 2 || s.Outcomes[outcome.Invalid] != 1 {
		t.Errorf("%+v, %v", s, err)
	}
	// A run that could not start counted no row: its outcomes are an empty object, not null,
	// for a monitor that reads outcomes.ok of every summary.
	var raw map[string]any
	if b, err := os.ReadFile(path); err != nil || json.Unmarshal(b, &raw) != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if o, ok := raw["outcomes"].(map[string]any); !ok || len(o) != 0 {
		t.Errorf("outcomes %#v, want {}", raw["outcomes"])
	}
}

// TestBlankSecrets: the blank can make a secret whole again of what is around it; a password
// with stars ("*000", "a***") was logged from the command's output after one blanking.
func TestBlankSecrets(t *testing.T) {
	for _, c := range []struct {
		line    string
		secrets []string
		want    string
	}{
		{"pw=s3nha-do-arquivo", []string{"", "s3nha-do-arquivo"}, "pw=***"},
		{"*000000", []string{"*000"}, "*****"},
		{"aa***", []string{"a***"}, "***"},
		{"nada", []string{"a***"}, "nada"},
	} {
		if got := outcome.Blank(c.line, c.secrets); got != c.want {
			t.Errorf("outcome.Blank(%q, %q) = %q, want %q", c.line, c.secrets, got, c.want)
		}
	}
}

// TestHookStoppedInItsLanguage: a hook killed at its timeout, or stopped by a signal, is said
// in the run's language in its log line (error=) and in the error returned, the command named;
// it was English under a Portuguese message. errors.Is still tells which.
func TestHookStoppedInItsLanguage(t *testing.T) {
	for _, c := range []struct {
		lang          outcome.Lang
		timeout, stop string
	}{
		{outcome.PT, "o comando on-finish passou do tempo limite de 100ms e foi encerrado: sleep 30", "o comando on-finish foi parado por um sinal: sleep 30"},
		{outcome.EN, "on-finish command timed out after 100ms: sleep 30", "on-finish command stopped by a signal: sleep 30"},
	} {
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		err := Hook{Command: "sleep 30", Timeout: 100 * time.Millisecond, Logger: log, Lang: c.lang}.Run(context.Background(), nil)
		if !errors.Is(err, ErrHookTimeout) || err.Error() != c.timeout || !strings.Contains(logs.String(), `error="`+c.timeout+`"`) {
			t.Errorf("%s, timeout: %v\n%s", c.lang, err, &logs)
		}
		logs.Reset()
		stop := make(chan struct{})
		time.AfterFunc(100*time.Millisecond, func() { close(stop) })
		err = Hook{Command: "sleep 30", Logger: log, Lang: c.lang, Stop: stop}.Run(context.Background(), nil)
		if !errors.Is(err, ErrHookStopped) || err.Error() != c.stop || !strings.Contains(logs.String(), `error="`+c.stop+`"`) {
			t.Errorf("%s, stopped: %v\n%s", c.lang, err, &logs)
		}
	}
}
