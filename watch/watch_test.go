package watch

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"seniorimporter/outcome"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func touch(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// clock is a clock the test moves.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// testWatcher is a watcher of o that logs to log, as Watch makes one.
func testWatcher(o Options, log *slog.Logger) *watcher {
	return &watcher{o: o, log: log, pending: map[string]*seen{}, stuck: map[string]seen{}}
}

// polls moves the clock on by the watcher's 2 s poll n times, and takes what each scan finds
// ready.
func polls(w *watcher, c *clock, n int) {
	for range n {
		c.now = c.now.Add(2 * time.Second)
		ready, _ := w.scan()
		for _, g := range ready {
			w.take(context.Background(), g)
		}
	}
}

func names(gs []group) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.record+"+"+strings.Join(g.sets, ","))
	}
	return out
}

// TestScanSettles: a file is ready once unchanged for the settle time; a change starts the
// wait again; lock files and hidden files are never taken; a set file goes with its record
// file and holds it back until it too has settled; a set file alone waits.
func TestScanSettles(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens", "observacoes"}, Now: c.Now},
		discard())
	step := func(d time.Duration) []string {
		c.now = c.now.Add(d)
		ready, _ := w.scan()
		return names(ready)
	}
	touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n")
	touch(t, filepath.Join(dir, "~$vendas.xlsx"), "lock")
	touch(t, filepath.Join(dir, ".vendas.xlsx.part"), "partial")
	touch(t, filepath.Join(dir, "orfao.itens.csv"), "x\n")
	if got := step(0); len(got) != 0 {
		t.Fatalf("ready at once: %v", got)
	}
	if got := step(time.Second); len(got) != 0 {
		t.Fatalf("ready after 1s of 2: %v", got)
	}
	// It grows: the wait starts again (the modification time may not move within the second:
	// the size does).
	touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;2\n")
	if got := step(1500 * time.Millisecond); len(got) != 0 {
		t.Fatalf("ready though it changed: %v", got)
	}
	if got := step(1000 * time.Millisecond); len(got) != 0 {
		t.Fatalf("ready 1s after a change: %v", got)
	}
	// Its set file arrives: it holds the record file back until it settles too.
	touch(t, filepath.Join(dir, "VENDAS.itens.csv"), "x\n")
	if got := step(0); len(got) != 0 { // noticed now
		t.Fatalf("ready with a set file just noticed: %v", got)
	}
	if got := step(1500 * time.Millisecond); len(got) != 0 {
		t.Fatalf("ready while its set file settles: %v", got)
	}
	if got := step(time.Second); !slices.Equal(got, []string{"vendas.csv+VENDAS.itens.csv"}) {
		t.Fatalf("ready: %v", got)
	}
	// The lone set file never is; nor the lock and partial files.
	for _, n := range []string{"orfao.itens.csv", "~$vendas.xlsx", ".vendas.xlsx.part"} {
		for _, g := range step(time.Minute) {
			if g == n+"+" {
				t.Errorf("%s taken", n)
			}
		}
	}
	if w.pending["~$vendas.xlsx"] != nil || w.pending[".vendas.xlsx.part"] != nil {
		t.Error("ignored files are tracked")
	}
}

// A set file alone whose record file was imported just before it came (or while it waited)
// is taken, to be refused with why (Task.Refused), not left to wait for good; one whose record
// file of the same name was imported long before (last month's) still waits; the record
// imported under another name (NAME_2.csv: the name was taken) counts.
func TestLateSetFile(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens"}, Now: c.Now, Lang: outcome.PT},
		discard())
	summary := func(name string, at time.Time) {
		p := filepath.Join(dir, Done, name+".summary.json")
		touch(t, p, "{}")
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	summary("jan.csv", c.now.Add(-time.Minute))     // just before
	summary("fev_2.csv", c.now.Add(time.Second))    // while it waits, under a free name
	summary("mar.csv", c.now.Add(-30*24*time.Hour)) // last month's
	// A record file that went to failed/ (a row refused) was imported as much: its set file
	// late is refused as well, not left to wait for good.
	failed := filepath.Join(dir, Failed, "mai.csv.summary.json")
	touch(t, failed, "{}")
	if err := os.Chtimes(failed, c.now.Add(-time.Minute), c.now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	// A name imported every month: this month's import counts, not last month's (failed).
	summary("jun.csv", c.now.Add(-time.Minute))
	old := filepath.Join(dir, Failed, "jun.csv.summary.json")
	touch(t, old, "{}")
	if err := os.Chtimes(old, c.now.Add(-30*24*time.Hour), c.now.Add(-30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"jan.itens.csv", "fev.itens.csv", "mar.itens.csv", "abr.itens.csv", "mai.itens.csv", "jun.itens.csv"} {
		touch(t, filepath.Join(dir, n), "x\n")
	}
	w.scan()
	c.now = c.now.Add(3 * time.Second)
	ready, _ := w.scan()
	var got []string
	for _, g := range ready {
		got = append(got, g.record+"→"+g.late)
	}
	slices.Sort(got)
	if want := []string{"fev.itens.csv→fev.csv", "jan.itens.csv→jan.csv", "jun.itens.csv→jun.csv", "mai.itens.csv→mai.csv"}; !slices.Equal(got, want) {
		t.Errorf("ready %v, want %v (mar and abr wait)", got, want)
	}
	// abr's record file is imported while it waits: seen at the scan after that import (and
	// not looked for at every poll before).
	summary("abr.csv", c.now)
	c.now = c.now.Add(3 * time.Second)
	if ready, _ := w.scan(); slices.ContainsFunc(ready, func(g group) bool { return g.record == "abr.itens.csv" }) {
		t.Error("looked in done/ again with no import ended")
	}
	w.imports++
	ready, _ = w.scan()
	if !slices.ContainsFunc(ready, func(g group) bool { return g.record == "abr.itens.csv" && g.late == "abr.csv" }) {
		t.Errorf("after an import: ready %v", names(ready))
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// startedLogger closes started when the watcher logs that it is watching.
func startedLogger(started chan struct{}) *slog.Logger {
	return slog.New(&onMessage{msg: outcome.PT.LogWatching(), fn: func() { close(started) }})
}

type onMessage struct {
	msg string
	fn  func()
}

func (h *onMessage) Enabled(context.Context, slog.Level) bool { return true }
func (h *onMessage) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.fn()
	}
	return nil
}
func (h *onMessage) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *onMessage) WithGroup(string) slog.Handler      { return h }

// within fails the test if fn does not return within d: the bugs it guards against loop for
// good.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %s", d)
	}
}

// TestFreeName: a name taken is not overwritten; a name too long for its reports' names is
// cut, on a character's boundary, keeping its extension and the _N; an error other than "no
// such file" ends the search (it was taken as "name taken", for good: a name of 243 bytes
// made every NAME_N.report.jsonl too long, and the watcher looked forever).
func TestFreeName(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	clk := &clock{now: time.Date(2026, 12, 1, 20, 15, 0, 0, time.UTC)}
	w := &watcher{o: Options{Dir: dir, Now: clk.Now}}
	g := group{record: "vendas.csv", sets: []string{"vendas.itens.csv"}}
	// An hourly export of a fixed name, six weeks on: vendas.csv to vendas_1000.csv taken.
	taken := func(stem string) []string { // in done/, stem cut to fit the reports' names
		var out []string
		for i := 1; i <= freeTries; i++ {
			suffix := ""
			if i > 1 {
				suffix = fmt.Sprintf("_%d", i)
			}
			out = append(out, "done/"+cutName(stem, 255-13-4-len(suffix))+suffix+".csv")
		}
		return out
	}
	thousand := taken("vendas")
	long := "setCategoriaDespesa-" + strings.Repeat("y", 219) + ".csv" // 243 bytes
	longest := strings.Repeat("y", 251) + ".csv"                       // 255
	accents := strings.Repeat("ç", 120) + ".xlsx"                      // 245: ç is 2 bytes
	longSet := group{record: strings.Repeat("v", 240) + ".csv", sets: []string{strings.Repeat("v", 240) + ".observacoes-itens.csv"}}
	cases := []struct {
		name   string
		g      group
		exist  []string // paths under dir
		dest   string
		failed bool
		want   string // "" when an error is wanted
	}{
		{"free", g, nil, Done, false, "vendas.csv"},
		{"the file is there", g, []string{"done/vendas.csv"}, Done, false, "vendas_2.csv"},
		{"only its report is there", g, []string{"done/vendas.csv.report.xlsx"}, Done, false, "vendas_2.csv"},
		{"its set file's name is taken", g, []string{"done/vendas.itens.csv"}, Done, false, "vendas_2.csv"},
		{"_2 taken too", g, []string{"done/vendas.csv", "done/vendas_2.csv.summary.json"}, Done, false, "vendas_3.csv"},
		{"rows to fix of that name", g, []string{"failed/corrigir/vendas.csv"}, Failed, true, "vendas_2.csv"},
		{"the other folder does not count", g, []string{"failed/vendas.csv"}, Done, false, "vendas.csv"},
		{"_2 to _1000 taken: the date and time", g, thousand, Done, false, "vendas_20261201-201500.csv"},
		{"that too: then _2", g, append(slices.Clone(thousand), "done/vendas_20261201-201500.csv.report.xlsx"), Done, false, "vendas_20261201-201500_2.csv"},
		{"_1000 taken, _5 removed since: the date and time, the thousand not looked through", g, slices.DeleteFunc(slices.Clone(thousand), func(p string) bool { return p == "done/vendas_5.csv" }), Done, false, "vendas_20261201-201500.csv"},
		{"255 bytes, _2 to _1000 taken: cut to fit the date and time", group{record: longest}, taken(strings.TrimSuffix(longest, ".csv")), Done, false, longest[:255-13-4-len("_20261201-201500")] + "_20261201-201500.csv"},
		{"243 bytes: cut so NAME.report.jsonl fits", group{record: long}, nil, Failed, true, long[:255-13-4] + ".csv"},
		{"255 bytes, taken: cut, _2 kept", group{record: longest}, []string{"done/" + longest[:255-13-4] + ".csv.summary.json"}, Done, false, longest[:255-13-4-2] + "_2.csv"},
		{"cut between characters, not within one", group{record: accents}, nil, Done, false, strings.Repeat("ç", 118) + ".xlsx"},
		{"its set file's name is the longest", longSet, nil, Done, false, strings.Repeat("v", 255-len(".observacoes-itens.csv")) + ".csv"},
		{"an extension as long as a name is cut too", group{record: "a." + strings.Repeat("x", 250)}, nil, Done, false, ("a." + strings.Repeat("x", 250))[:255-13]},
		{"done/ is a file: an error, not a name taken", g, []string{"done"}, Done, false, ""},
		{"done/ is a link out of the folder", g, []string{"done@"}, Done, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os.RemoveAll(filepath.Join(dir, Done))
			os.RemoveAll(filepath.Join(dir, Failed))
			for _, p := range c.exist {
				if l, ok := strings.CutSuffix(p, "@"); ok {
					if err := os.Symlink(outside, filepath.Join(dir, l)); err != nil {
						t.Skip(err)
					}
					continue
				}
				touch(t, filepath.Join(dir, p), "")
			}
			var got string
			var err error
			within(t, 10*time.Second, func() { got, err = w.freeName(context.Background(), r, c.dest, c.g, c.failed, nil) })
			switch {
			case c.want == "" && err == nil:
				t.Errorf("%s, want an error", got)
			case c.want != "" && (got != c.want || err != nil):
				t.Errorf("%q, %v; want %q", got, err, c.want)
			}
			if got != "" && (len(got)+len(".report.jsonl") > maxName || !utf8.ValidString(got)) {
				t.Errorf("%q (%d bytes) does not fit", got, len(got))
			}
			for _, s := range c.g.sets {
				if n := renamed(s, c.g.record, got); len(n) > maxName {
					t.Errorf("set file %q (%d bytes) does not fit", n, len(n))
				}
			}
			if ents, _ := os.ReadDir(outside); len(ents) != 0 {
				t.Errorf("made in the link's folder: %v", ents)
			}
		})
	}
}

// TestLongName: a file dropped with a name of 243 bytes or more (its NAME.report.jsonl is too
// long for any folder) goes to failed/ under a name cut to fit, its reports beside it, and the
// watcher goes on to the next file and stops when told; one left in processing/ by a watcher
// that stopped is finished at the next start. It wedged the watcher for good, at every start.
func TestLongName(t *testing.T) {
	dir := t.TempDir()
	left := "GravarOrcamentos-" + strings.Repeat("ç", 115) + ".xlsx" // 252 bytes
	dropped := "setCategoriaDespesa-" + strings.Repeat("y", 219) + ".csv"
	touch(t, filepath.Join(dir, Processing, left), "x")
	touch(t, filepath.Join(dir, dropped), "a;b\n")
	touch(t, filepath.Join(dir, "depois.csv"), "a;b\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var finished []string
	errc := make(chan error, 1)
	go func() {
		errc <- Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond,
			Import: func(ctx context.Context, t Task) Result {
				os.WriteFile(t.Reports[1], []byte("{}\n"), 0o644)
				os.WriteFile(t.Summary, []byte("{}\n"), 0o644)
				return Result{ExitCode: 1}
			},
			Finished: func(_ context.Context, f Finish) {
				finished = append(finished, f.Name)
				if len(finished) == 3 {
					cancel()
				}
			},
		})
	}()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("wedged; finished %d files", len(finished))
	}
	slices.Sort(finished)
	if want := []string{left, "depois.csv", dropped}; !slices.Equal(finished, want) {
		t.Errorf("finished %v", finished)
	}
	for _, n := range []string{left, dropped} {
		ext := filepath.Ext(n)
		cut := cutName(strings.TrimSuffix(n, ext), maxName-len(".report.jsonl")-len(ext)) + ext
		for _, p := range []string{cut, cut + ".report.jsonl", cut + ".summary.json"} {
			if _, err := os.Stat(filepath.Join(dir, Failed, p)); err != nil {
				t.Error(err)
			}
		}
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, Processing)); len(ents) != 1 || ents[0].Name() != ".lock" {
		t.Errorf("processing/ still holds %v", ents)
	}
}

func TestRenamed(t *testing.T) {
	cases := []struct{ name, record, newRecord, want string }{
		{"vendas.xlsx", "vendas.xlsx", "vendas_2.xlsx", "vendas_2.xlsx"},
		{"vendas.itens.csv", "vendas.csv", "vendas_2.csv", "vendas_2.itens.csv"},
		{"VENDAS.itens.csv", "vendas.csv", "vendas_2.csv", "vendas_2.itens.csv"},
		{"vendas2.itens.csv", "vendas.csv", "vendas_2.csv", "vendas2.itens.csv"},
		{"outro.csv", "vendas.csv", "vendas_2.csv", "outro.csv"},
	}
	for _, c := range cases {
		if got := renamed(c.name, c.record, c.newRecord); got != c.want {
			t.Errorf("renamed(%s, %s, %s) = %s, want %s", c.name, c.record, c.newRecord, got, c.want)
		}
	}
}

// TestSetFileOf: the files of rows to fix clearFixed removes with NAME.csv are its set files
// (NAME.itens.csv), never another input's of the same stem (vendas.csv beside vendas.xlsx).
func TestSetFileOf(t *testing.T) {
	for _, c := range []struct {
		name, record string
		want         bool
	}{
		{"vendas.itens.csv", "vendas.csv", true},
		{"VENDAS.observacoes.CSV", "vendas.csv", true},
		{"vendas.csv", "vendas.xlsx", false},
		{"vendas.itens.csv", "vendas.xlsx", false},
		{"vendas2.itens.csv", "vendas.csv", false},
		{"vendas..csv", "vendas.csv", false},
		{"vendas.a.b.csv", "vendas.csv", false},
		{"vendas.csv", "vendas.csv", false},
	} {
		if got := setFileOf(c.name, c.record); got != c.want {
			t.Errorf("setFileOf(%s, %s) = %v, want %v", c.name, c.record, got, c.want)
		}
	}
}

// TestGivesUp: a file that a watcher stopped on MaxStarts times, each start getting no further
// than the one before, is not tried again: it goes to failed/ with a summary saying why, and
// the watcher goes on to the next.
func TestGivesUp(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, Processing, "veneno.xlsx"), "kills the importer")
	touch(t, filepath.Join(dir, Processing, ".veneno.xlsx.work", "starts"), "3\n")
	touch(t, filepath.Join(dir, Processing, ".veneno.xlsx.work", "reached"), "1\n") // as far as the third got
	touch(t, filepath.Join(dir, Processing, "orfao.itens.csv"), "x\n")              // its record never came
	// What the third start, killed, had written: no report of the file.
	touch(t, filepath.Join(dir, Processing, ".veneno.xlsx.work", "report.jsonl"), `{"row":2,"outcome":"ok"}`+"\n")
	var imported []string
	var refused []error
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, SetNames: []string{"itens"},
			Import: func(ctx context.Context, t Task) Result {
				// As the importer does: a refused file is not read, its summary and report say why.
				if t.Refused != nil {
					refused = append(refused, t.Refused)
					os.WriteFile(t.Summary, []byte(`{"exit_code":2,"error":"`+t.Refused.Error()+`"}`), 0o644)
					return Result{ExitCode: 2, Err: t.Refused}
				}
				imported = append(imported, t.Name)
				return Result{}
			},
			Finished: func(context.Context, Finish) { cancel() },
		})
	}()
	waitFinished(t, errc)
	if len(imported) != 0 {
		t.Errorf("imported %v", imported)
	}
	if len(refused) != 1 || refused[0].Error() != outcome.PT.WatchGaveUp(3) {
		t.Errorf("refused %v, want once: %s", refused, outcome.PT.WatchGaveUp(3))
	}
	if _, err := os.Stat(filepath.Join(dir, Failed, "veneno.xlsx.report.jsonl")); err == nil {
		t.Error("the killed start's report.jsonl went to failed/ as the file's report")
	}
	var s struct {
		ExitCode int    `json:"exit_code"`
		Error    string `json:"error"`
	}
	b, err := os.ReadFile(filepath.Join(dir, Failed, "veneno.xlsx.summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(b, &s)
	if s.ExitCode != 2 || !strings.Contains(s.Error, outcome.PT.WatchGaveUp(3)) {
		t.Errorf("summary %s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, Failed, "veneno.xlsx")); err != nil {
		t.Error("the file is not in failed/")
	}
	if _, err := os.Stat(filepath.Join(dir, "orfao.itens.csv")); err != nil {
		t.Error("the set file without its record was not moved back to the folder")
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, Processing)); len(ents) != 1 || ents[0].Name() != ".lock" {
		t.Errorf("processing/ still holds %v", ents)
	}
}

// TestLastStartImports: a file found in processing/ after two starts (MaxStarts 3) is
// imported at the third, not given up on: the watcher gives up after MaxStarts starts, not
// at the last one.
func TestLastStartImports(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, Processing, "vendas.csv"), "x\n")
	touch(t, filepath.Join(dir, Processing, ".vendas.csv.work", "starts"), "2\n")
	tasks := sortOneTasks(t, Options{Dir: dir, MaxStarts: 3}, Result{})
	if len(tasks) != 1 || !tasks[0].Recovered || tasks[0].Refused != nil {
		t.Fatalf("tasks %+v; want vendas.csv imported once, recovered, not refused", tasks)
	}
	if _, err := os.Stat(filepath.Join(dir, Done, "vendas.csv")); err != nil {
		t.Errorf("vendas.csv not in done/: %v", err)
	}
}

// TestRecoversEverySetFile: a file a stopped watcher left in processing/ with two set files
// is imported again at the next start with both, and all three go to done/. (Its group was
// made anew for each set file, the mutant said: the import would go without the first.)
func TestRecoversEverySetFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"vendas.csv", "vendas.itens.csv", "vendas.observacoes.csv"} {
		touch(t, filepath.Join(dir, Processing, n), "x\n")
	}
	tasks := sortOneTasks(t, Options{Dir: dir, SetNames: []string{"itens", "observacoes"}}, Result{})
	if len(tasks) != 1 || !tasks[0].Recovered || tasks[0].Name != "vendas.csv" {
		t.Fatalf("tasks %+v; want vendas.csv imported once, recovered", tasks)
	}
	want := []string{filepath.Join(dir, Processing, "vendas.itens.csv"), filepath.Join(dir, Processing, "vendas.observacoes.csv")}
	if got := slices.Sorted(slices.Values(tasks[0].SetFiles)); !slices.Equal(got, want) {
		t.Errorf("set files %q, want %q", got, want)
	}
	for _, n := range []string{"vendas.csv", "vendas.itens.csv", "vendas.observacoes.csv"} {
		if _, err := os.Stat(filepath.Join(dir, Done, n)); err != nil {
			t.Errorf("%s not in done/: %v", n, err)
		}
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, Processing)); len(ents) != 1 || ents[0].Name() != ".lock" {
		t.Errorf("processing/ still holds %v", ents)
	}
}

// TestRecoversMisnamedSetFile: a record file and its set file under another name
// (GravarOrcamentos-dez-itens.csv, taken together: TestMisnamedSetFileTravels) left in
// processing/ by a stopped watcher are imported again together. Each was finished alone, the
// set file first ("-" sorts before "."), and the record file was then imported with no such
// file beside it: its quotes went without their items, to done/.
func TestRecoversMisnamedSetFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"GravarOrcamentos-dez.csv", "GravarOrcamentos-dez-itens.csv"} {
		touch(t, filepath.Join(dir, Processing, n), "x\n")
	}
	tasks := sortOneTasks(t, Options{Dir: dir, SetNames: []string{"itens", "observacoes"}}, Result{ExitCode: 1})
	want := []string{filepath.Join(dir, Processing, "GravarOrcamentos-dez-itens.csv")}
	if len(tasks) != 1 || !tasks[0].Recovered || tasks[0].Name != "GravarOrcamentos-dez.csv" || !slices.Equal(tasks[0].SetFiles, want) {
		t.Fatalf("tasks %+v; want GravarOrcamentos-dez.csv imported once, recovered, with %q", tasks, want)
	}
	for _, n := range []string{"GravarOrcamentos-dez.csv", "GravarOrcamentos-dez-itens.csv"} {
		if _, err := os.Stat(filepath.Join(dir, Failed, n)); err != nil {
			t.Errorf("%s not in failed/: %v", n, err)
		}
	}
}

// TestSecondWatcher: one watcher per folder.
func TestSecondWatcher(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Dir: dir, Poll: 10 * time.Millisecond, Import: func(context.Context, Task) Result { return Result{} },
			Logger: startedLogger(started)})
	}()
	<-started
	err := Run(context.Background(), Options{Dir: dir, Lang: outcome.EN, Import: func(context.Context, Task) Result { return Result{} }})
	if err == nil || !strings.Contains(err.Error(), "another watcher") {
		t.Errorf("second watcher: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestLinksAreNeverRead: a link in the folder is left alone, said once in the log; a file
// swapped for a link between the look and the claim goes to failed/ unread. A link could
// otherwise make the reports show a file of the server's (its password file) to whoever can
// write to the share.
func TestLinksAreNeverRead(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "password")
	touch(t, secret, "S3nha-do-servidor\n")
	if err := os.Symlink(secret, filepath.Join(dir, "setCategoriaServico.csv")); err != nil {
		t.Skip(err)
	}
	var logs strings.Builder
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	var imported []string
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: c.Now, MaxStarts: 3,
		Import: func(_ context.Context, t Task) Result { imported = append(imported, t.Name); return Result{} }},
		slog.New(slog.NewTextHandler(&logs, nil)))
	for range 3 {
		c.now = c.now.Add(2 * time.Second)
		if ready, _ := w.scan(); len(ready) != 0 {
			t.Fatalf("a link is ready: %v", names(ready))
		}
	}
	if n := strings.Count(logs.String(), "não é um arquivo comum"); n != 1 {
		t.Errorf("said %d times:\n%s", n, logs.String())
	}
	// The swap: the claim moves whatever the name holds by then.
	for _, d := range []string{Processing, Done, Failed} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	w.take(context.Background(), group{record: "setCategoriaServico.csv"})
	if len(imported) != 0 {
		t.Errorf("imported %v", imported)
	}
	b, err := os.ReadFile(filepath.Join(dir, Failed, "setCategoriaServico.csv.summary.json"))
	if err != nil || !strings.Contains(string(b), "não é um arquivo comum") || strings.Contains(string(b), "S3nha") {
		t.Errorf("summary %s, %v", b, err)
	}
	if fi, err := os.Lstat(filepath.Join(dir, Failed, "setCategoriaServico.csv")); err != nil || fi.Mode().IsRegular() {
		t.Errorf("failed/ holds %v, %v; want the link itself", fi, err)
	}
}

// TestFolderAway: a folder that cannot be listed (a share unmounted) is said once, then every
// 5 minutes, not at every poll; its return is said once, and the watcher goes on.
func TestFolderAway(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "entrada")
	touch(t, filepath.Join(dir, "x.csv"), "a;b\n")
	var logs strings.Builder
	c := &clock{now: time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: 2 * time.Second, Now: c.Now},
		slog.New(slog.NewTextHandler(&logs, nil)))
	if err := os.Rename(dir, dir+".away"); err != nil {
		t.Fatal(err)
	}
	for range 300 { // ten minutes of polls
		c.now = c.now.Add(2 * time.Second)
		w.scan()
	}
	if n := strings.Count(logs.String(), "a listagem da pasta falhou"); n != 2 {
		t.Errorf("said %d times in ten minutes, want 2 (at first and 5 minutes later):\n%s", n, logs.String())
	}
	if err := os.Rename(dir+".away", dir); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		c.now = c.now.Add(2 * time.Second)
		w.scan()
	}
	if n := strings.Count(logs.String(), "a pasta pode ser listada de novo"); n != 1 || !strings.Contains(logs.String(), "away=10m0s") {
		t.Errorf("the return said %d times:\n%s", n, logs.String())
	}
	if w.pending["x.csv"] == nil {
		t.Error("the file in the folder was not noticed after its return")
	}
}

// TestClaimRetriedUnchanged: a file that cannot be claimed (on a Windows share, a workbook
// still open in Excel cannot be moved) is tried again every minute although it does not
// change, said once in the log; it was left in the folder until the watcher restarted.
func TestClaimRetriedUnchanged(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "setCategoriaServico.csv"), "CategoriaServicoId;CategoriaServicoDescricao\nS1;Um\n")
	for _, d := range []string{Processing, Done, Failed} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	// What stands in the claim's way: a folder of the same name, not empty, in processing/
	// (held there as a file that could not be moved out would be).
	blocker := filepath.Join(dir, Processing, "setCategoriaServico.csv")
	touch(t, filepath.Join(blocker, "x"), "x")
	var logs strings.Builder
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	var imported []string
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: 2 * time.Second, Now: c.Now, MaxStarts: 3,
		Import: func(_ context.Context, t Task) Result { imported = append(imported, t.Name); return Result{} }},
		slog.New(slog.NewTextHandler(&logs, nil)))
	poll := func(seconds int) { polls(w, c, seconds/2) }
	poll(150) // two and a half minutes: tried at first and again twice, each time refused
	if len(imported) != 0 {
		t.Fatalf("imported %v through the blocker", imported)
	}
	if n := strings.Count(logs.String(), outcome.PT.LogNameInProcessing()); n != 1 {
		t.Errorf("the failed claim said %d times, want once:\n%s", n, logs.String())
	}
	os.RemoveAll(blocker) // Excel closed the workbook: the file is as it was
	poll(70)
	if !slices.Equal(imported, []string{"setCategoriaServico.csv"}) {
		t.Fatalf("imported %v after the file could be claimed; want it once\n%s", imported, logs.String())
	}
}

// outsideFolder is a folder of the server's, outside the drop folder (its ~/.ssh, where its
// password is), and a check that the watcher left it as it was.
func outsideFolder(t *testing.T) (string, func()) {
	t.Helper()
	out := t.TempDir()
	touch(t, filepath.Join(out, "password"), "S3nha-do-servidor\n")
	touch(t, filepath.Join(out, "job.yaml"), "password-file: password\n")
	return out, func() {
		t.Helper()
		var got []string
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if p != out {
				got = append(got, strings.TrimPrefix(p, out+string(filepath.Separator)))
			}
			return nil
		})
		if want := []string{"job.yaml", "password"}; !slices.Equal(got, want) {
			t.Errorf("the folder outside holds %v, want %v", got, want)
		}
	}
}

// TestOwnFolderIsALink: a folder of the watcher's (processing/, done/, failed/,
// failed/corrigir/, the lock) that is a link, or not a folder, stops it at the start, saying
// which and to remove it; nothing is moved or written there. processing/ as a link to a folder
// of the server's had its files taken as left by a stopped watcher and moved to failed/ for the
// share to read; failed/ as a link to ~/.ssh took a dropped authorized_keys there.
func TestOwnFolderIsALink(t *testing.T) {
	cases := []struct {
		name string
		path string // in the drop folder
		to   string // the link's target: "outside", a folder in the drop folder, or "" for a file
		says string
	}{
		{"processing/ a link out", Processing, "outside", "processing is a link"},
		{"done/ a link out", Done, "outside", "done is a link"},
		{"failed/ a link out", Failed, "outside", "failed is a link"},
		{"failed/corrigir/ a link out", filepath.Join(Failed, Corrigir), "outside", filepath.Join(Failed, Corrigir) + " is a link"},
		{"failed/ a link into the drop folder", Failed, "arquivo", "failed is a link"},
		{"the lock a link", filepath.Join(Processing, ".lock"), "outside/authorized_keys", ".lock is a link"},
		{"done/ a file", Done, "", "done is not a folder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			out, unchanged := outsideFolder(t)
			os.MkdirAll(filepath.Join(dir, "arquivo"), 0o755)
			os.MkdirAll(filepath.Join(dir, filepath.Dir(c.path)), 0o755)
			touch(t, filepath.Join(dir, "authorized_keys"), "ssh-ed25519 AAAA atacante\n")
			switch to := c.to; {
			case to == "":
				touch(t, filepath.Join(dir, c.path), "")
			default:
				if rest, ok := strings.CutPrefix(to, "outside"); ok {
					to = out + rest
				}
				if err := os.Symlink(to, filepath.Join(dir, c.path)); err != nil {
					t.Skip(err)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var imported []string
			var err error
			within(t, 10*time.Second, func() {
				err = Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, Lang: outcome.EN,
					Import: func(_ context.Context, t Task) Result {
						imported = append(imported, t.Name)
						return Result{ExitCode: 1}
					}})
			})
			if err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "remove") {
				t.Errorf("Run: %v; want it to say %q and to remove it", err, c.says)
			}
			if len(imported) != 0 {
				t.Errorf("imported %v", imported)
			}
			unchanged()
		})
	}
}

// TestDropFolderRefusedInTheRunsLanguage: a drop folder the watcher cannot start on (missing:
// a share not mounted yet; a file; one of its own folders a link) is refused in the run's
// language, naming the folder and what to do. It said "drop folder: stat /srv/entrada: no
// such file or directory" under "o vigia não pôde começar".
func TestDropFolderRefusedInTheRunsLanguage(t *testing.T) {
	base := t.TempDir()
	missing := filepath.Join(base, "montagem")
	file := filepath.Join(base, "arquivo")
	touch(t, file, "")
	linked := filepath.Join(base, "entrada")
	os.MkdirAll(linked, 0o755)
	if err := os.Symlink(base, filepath.Join(linked, Done)); err != nil {
		t.Skip(err)
	}
	for _, c := range []struct {
		name, dir string
		pt, en    string
	}{
		{"missing", missing, "a pasta de entrada " + missing + " não existe (um compartilhamento ainda não montado?", "the drop folder " + missing + " does not exist (a share not mounted yet?"},
		{"a file", file, "a pasta de entrada " + file + " é um arquivo, não uma pasta", "the drop folder " + file + " is a file, not a folder"},
		{"done/ a link", linked, "pasta de entrada " + linked + ": done é um link (para " + base + "), não uma pasta: remova o link", "drop folder " + linked + ": done is a link (to " + base + "), not a folder: remove the link"},
	} {
		for _, lang := range []outcome.Lang{outcome.PT, outcome.EN} {
			t.Run(c.name+"/"+string(lang), func(t *testing.T) {
				err := Run(context.Background(), Options{Dir: c.dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, Lang: lang,
					Import: func(context.Context, Task) Result { return Result{} }})
				want := c.pt
				if lang == outcome.EN {
					want = c.en
				}
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("Run: %v; want %q", err, want)
				}
			})
		}
	}
}

// TestOwnFolderBecomesALink: a folder of the watcher's swapped for a link while it runs makes
// the move fail, the file left where it was and the log saying why; the link is not followed,
// whether it leads out of the drop folder or into it.
func TestOwnFolderBecomesALink(t *testing.T) {
	cases := []struct {
		name   string
		folder string
		to     string // "outside" or a folder in the drop folder
		exit   int    // the import's: 0 to done/, 1 to failed/
		stays  string // where the file is left, in the drop folder
		says   string // in the log
		during bool   // swapped during the import, not before the file is taken
	}{
		{"processing/ a link out", Processing, "outside", 0, "authorized_keys", "não foi possível tomar o arquivo", false},
		{"done/ a link out", Done, "outside", 0, filepath.Join(Processing, "authorized_keys"), "done is a link", false},
		{"failed/ a link out", Failed, "outside", 1, filepath.Join(Processing, "authorized_keys"), "failed is a link", false},
		{"failed/ a link to done/", Failed, Done, 1, filepath.Join(Processing, "authorized_keys"), "failed is a link", false},
		{"processing/ a link out during the import", Processing, "outside", 1, filepath.Join("antigo", "authorized_keys"), "processing is a link", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			out, unchanged := outsideFolder(t)
			for _, d := range []string{Processing, Done, filepath.Join(Failed, Corrigir)} {
				os.MkdirAll(filepath.Join(dir, d), 0o755)
			}
			to := c.to
			if to == "outside" {
				to = out
			}
			swap := func() {
				os.Rename(filepath.Join(dir, c.folder), filepath.Join(dir, "antigo"))
				if err := os.Symlink(to, filepath.Join(dir, c.folder)); err != nil {
					t.Skip(err)
				}
			}
			if !c.during {
				swap()
			}
			touch(t, filepath.Join(dir, "authorized_keys"), "ssh-ed25519 AAAA atacante\n")
			var logs strings.Builder
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			var finished []Finish
			var handed []byte // the summary Finished was given, as --on-finish reads it
			var work string   // the file's summary in its work folder
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, MaxStarts: 3, Lang: outcome.PT,
				Import: func(_ context.Context, t Task) Result {
					if c.during {
						swap() // and no report written: Import's own writes are not the watcher's
					} else {
						os.WriteFile(t.Summary, []byte("{\"rows\": 1}\n"), 0o644)
						work = t.Summary
					}
					return Result{ExitCode: c.exit}
				},
				Finished: func(_ context.Context, f Finish) {
					finished = append(finished, f)
					// The file stays in processing/, which the share's users write: its
					// summary there made a link to the service's password file before
					// --on-finish reads it.
					if work != "" {
						os.Remove(work)
						os.Symlink(filepath.Join(out, "password"), work)
					}
					handed, _ = os.ReadFile(f.Summary)
				}},
				slog.New(slog.NewTextHandler(&logs, nil)))
			within(t, 10*time.Second, func() { polls(w, clk, 3) })
			if _, err := os.Lstat(filepath.Join(dir, c.stays)); err != nil {
				t.Errorf("not left in %s: %v", c.stays, err)
			}
			if !strings.Contains(logs.String(), c.says) {
				t.Errorf("the log does not say %q:\n%s", c.says, logs.String())
			}
			if _, err := os.Lstat(filepath.Join(dir, Done, "authorized_keys")); err == nil {
				t.Error("moved through the link into done/")
			}
			// A file imported and stuck in processing/ is a failure to monitoring (the hook,
			// the metrics) as any other, its summary saying why; one not claimed is no news.
			claimed := c.stays != "authorized_keys"
			switch {
			case !claimed && len(finished) != 0:
				t.Errorf("finished %+v", finished)
			case claimed && (len(finished) != 1 || finished[0].Result != Failed || finished[0].ExitCode < 1 ||
				finished[0].File != filepath.Join(dir, Processing, "authorized_keys")):
				t.Errorf("finished %+v; want once, failed, in processing/", finished)
			case claimed && !c.during:
				var s struct {
					ExitCode     int                   `json:"exit_code"`
					Rows         int                   `json:"rows"`
					FileProblems []outcome.FileProblem `json:"file_problems"`
				}
				b := handed
				err := json.Unmarshal(b, &s)
				if err != nil || s.ExitCode != 1 || s.Rows != 1 || len(s.FileProblems) != 1 ||
					!strings.Contains(s.FileProblems[0].Message, "não pôde ser tirado de processing/") {
					t.Errorf("summary %s, %v", b, err)
				}
			}
			unchanged()
		})
	}
}

// TestProcessingSwappedWhileImported: processing/ renamed away while a file is imported and
// another folder put in its place, holding a file of the same name (whoever writes to the
// share: a real folder, or a link to one in the drop folder). The import reads the file it was
// given (Task.Folder, processing/ as the file was taken into it), never the other one; nothing
// is moved out by processing/'s path (the other file went to done/ as the team's, their
// reports left behind, the team's file in the folder renamed): the file and the other stay
// where they are, the log says why, monitoring hears of a failed file.
func TestProcessingSwappedWhileImported(t *testing.T) {
	const ours, theirs = "codigo;valor\nNOSSO;1\n", "codigo;valor\nOUTRO;9\n"
	for _, kind := range []string{"folder", "link into the drop folder"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			for _, d := range []string{Processing, Done, filepath.Join(Failed, Corrigir)} {
				os.MkdirAll(filepath.Join(dir, d), 0o755)
			}
			touch(t, filepath.Join(dir, "vendas.csv"), ours)
			// The folder put in processing/'s place holds, where the file's summary would be,
			// a link to the service's password file: --on-finish read it as IMPORTER_SUMMARY.
			out, unchanged := outsideFolder(t)
			swap := func() error {
				if err := os.Rename(filepath.Join(dir, Processing), filepath.Join(dir, "antigo")); err != nil {
					return err
				}
				other := Processing
				if kind != "folder" {
					other = "arquivo"
				}
				touch(t, filepath.Join(dir, other, "vendas.csv"), theirs)
				os.MkdirAll(filepath.Join(dir, other, workName("vendas.csv")), 0o755)
				if err := os.Symlink(filepath.Join(out, "password"), filepath.Join(dir, other, workName("vendas.csv"), "summary.json")); err != nil {
					return err
				}
				if kind == "folder" {
					return nil
				}
				return os.Symlink("arquivo", filepath.Join(dir, Processing))
			}
			var logs strings.Builder
			clk := &clock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
			var finished []Finish
			var handed []byte // the summary Finished was given, as --on-finish reads it
			var read string
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, MaxStarts: 3, Lang: outcome.PT,
				Import: func(_ context.Context, task Task) Result {
					if err := swap(); err != nil {
						t.Skip(err)
					}
					b, err := task.Folder.ReadFile(filepath.Base(task.File))
					if err != nil {
						t.Errorf("the file is not in Task.Folder: %v", err)
					}
					read = string(b)
					os.WriteFile(filepath.Join(dir, "antigo", workName(task.Name), "summary.json"), []byte("{\"rows\": 1}\n"), 0o644)
					return Result{}
				},
				Finished: func(_ context.Context, f Finish) {
					finished = append(finished, f)
					handed, _ = os.ReadFile(f.Summary)
				}},
				slog.New(slog.NewTextHandler(&logs, nil)))
			within(t, 10*time.Second, func() { polls(w, clk, 2) })
			if read != ours {
				t.Errorf("the import read %q, want the team's file", read)
			}
			if b, err := os.ReadFile(filepath.Join(dir, "antigo", "vendas.csv")); string(b) != ours {
				t.Errorf("the team's file not left in the folder renamed: %q, %v", b, err)
			}
			if b, err := os.ReadFile(filepath.Join(dir, Processing, "vendas.csv")); string(b) != theirs {
				t.Errorf("the other file moved: %q, %v", b, err)
			}
			for _, d := range []string{Done, Failed} {
				if ents, _ := os.ReadDir(filepath.Join(dir, d)); len(ents) > 1 || len(ents) == 1 && ents[0].Name() != Corrigir {
					t.Errorf("%s/ holds %v", d, ents)
				}
			}
			if !strings.Contains(logs.String(), "not the folder the file was taken into") && !strings.Contains(logs.String(), "processing is a link") {
				t.Errorf("the log does not say why:\n%s", logs.String())
			}
			if len(finished) != 1 || finished[0].Result != Failed || finished[0].ExitCode < 1 {
				t.Errorf("finished %+v; want once, failed", finished)
			}
			var sum struct {
				FileProblems []outcome.FileProblem `json:"file_problems"`
			}
			b, _ := os.ReadFile(filepath.Join(dir, "antigo", workName("vendas.csv"), "summary.json"))
			if json.Unmarshal(b, &sum) != nil || len(sum.FileProblems) != 1 || !strings.Contains(sum.FileProblems[0].Message, "não pôde ser tirado de processing/") {
				t.Errorf("its summary (in the folder renamed) does not say why: %s", b)
			}
			if !bytes.Equal(handed, b) {
				t.Errorf("Finished was handed the summary %q, want the file's (in the folder renamed): %s", handed, b)
			}
			unchanged()
		})
	}
}

// TestWorkSwappedWhileImported: the file's work folder (processing/.NAME.work) renamed away
// while the file is imported, and a link to a folder of the server's (or another folder) put
// in its place. Import writes its outputs through Task.Outputs, the folder as the watcher made
// it: nothing goes through the link, the outputs are put back in place, and the file goes to
// failed/ with them, its summary saying why; the link's folder is left as it was.
func TestWorkSwappedWhileImported(t *testing.T) {
	for _, kind := range []string{"link out", "folder"} {
		t.Run(kind, func(t *testing.T) {
			dir, outside := t.TempDir(), t.TempDir()
			touch(t, filepath.Join(outside, "authorized_keys"), "do servidor\n")
			for _, d := range []string{Processing, Done, filepath.Join(Failed, Corrigir)} {
				os.MkdirAll(filepath.Join(dir, d), 0o755)
			}
			touch(t, filepath.Join(dir, "vendas.csv"), "codigo;valor\nNOSSO;1\n")
			var finished []Finish
			var logs strings.Builder
			clk := &clock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, MaxStarts: 3, Lang: outcome.PT,
				Import: func(_ context.Context, task Task) Result {
					work := filepath.Dir(task.Summary)
					if task.Outputs == nil {
						t.Fatal("no Task.Outputs")
					}
					err := os.Rename(work, filepath.Join(dir, "antigo"))
					if err == nil && kind == "folder" {
						err = os.Mkdir(work, 0o755)
					} else if err == nil {
						err = os.Symlink(outside, work)
					}
					if err != nil {
						t.Skip(err) // links need privileges on Windows
					}
					for name, body := range map[string]string{"summary.json": "{\"rows\": 1, \"exit_code\": 0}\n",
						"report.jsonl": `{"row":2,"key":"NOSSO"}` + "\n", filepath.Join(Corrigir, "vendas.csv"): "codigo;valor\nNOSSO;1\n"} {
						if err := task.Outputs.MkdirAll(filepath.Dir(name), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := task.Outputs.WriteFile(name, []byte(body), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					return Result{}
				},
				Finished: func(_ context.Context, f Finish) { finished = append(finished, f) }},
				slog.New(slog.NewTextHandler(&logs, nil)))
			within(t, 10*time.Second, func() { polls(w, clk, 2) })
			if ents, _ := os.ReadDir(outside); len(ents) != 1 {
				t.Errorf("the link's folder holds %v", ents)
			}
			if b, _ := os.ReadFile(filepath.Join(outside, "authorized_keys")); string(b) != "do servidor\n" {
				t.Errorf("the link's folder's file: %q", b)
			}
			if len(finished) != 1 || finished[0].Result != Failed || finished[0].ExitCode < 1 || len(finished[0].Reports) != 1 {
				t.Errorf("finished %+v; want once, failed, with its report", finished)
			}
			in := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
			if b, _ := os.ReadFile(in(Failed, "vendas.csv.report.jsonl")); !strings.Contains(string(b), "NOSSO") {
				t.Errorf("its report: %q", b)
			}
			if b, _ := os.ReadFile(in(Failed, Corrigir, "vendas.csv")); !strings.Contains(string(b), "NOSSO") {
				t.Errorf("its rows to fix: %q", b)
			}
			var sum struct {
				Rows         int                   `json:"rows"`
				ExitCode     int                   `json:"exit_code"`
				FileProblems []outcome.FileProblem `json:"file_problems"`
			}
			b, _ := os.ReadFile(in(Failed, "vendas.csv.summary.json"))
			if json.Unmarshal(b, &sum) != nil || sum.Rows != 1 || sum.ExitCode != 1 || len(sum.FileProblems) != 1 ||
				!strings.Contains(sum.FileProblems[0].Message, "pasta de trabalho") {
				t.Errorf("its summary does not say why: %s", b)
			}
			if ents, _ := os.ReadDir(in("antigo")); len(ents) != 0 {
				t.Errorf("the folder renamed still holds %v", ents)
			}
			if ents, _ := os.ReadDir(in(Processing)); len(ents) != 0 {
				t.Errorf("processing/ holds %v", ents)
			}
			if !strings.Contains(logs.String(), outcome.PT.LogWorkSwapped()) {
				t.Errorf("the log does not say why:\n%s", logs.String())
			}
		})
	}
}

// TestSetFileThatIsALink: a record file whose set file is a link or a pipe is refused with
// why (Task.Refused), not imported without its set: the quotes went with no items, ok.
func TestSetFileThatIsALink(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "GravarOrcamentos-l.csv"), "tipOpe;codEmp;numOct;verOct\n1;1;7;1\n")
	real := filepath.Join(t.TempDir(), "itens.csv")
	touch(t, real, "codEmp;numOct;seqOci;codPro\n1;7;1;P1\n")
	if err := os.Symlink(real, filepath.Join(dir, "GravarOrcamentos-l.itens.csv")); err != nil {
		t.Skip(err)
	}
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	var tasks []Task
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: c.Now, MaxStarts: 3, Lang: outcome.EN, SetNames: []string{"itens"},
		Import: func(_ context.Context, t Task) Result {
			tasks = append(tasks, t)
			return Result{ExitCode: 2, Err: t.Refused}
		}},
		slog.New(slog.DiscardHandler))
	w.scan()
	c.now = c.now.Add(2 * time.Second)
	ready, _ := w.scan()
	if len(ready) != 1 || ready[0].record != "GravarOrcamentos-l.csv" {
		t.Fatalf("ready %v", names(ready))
	}
	for _, d := range []string{Processing, Done, Failed} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	w.take(context.Background(), ready[0])
	if len(tasks) != 1 || tasks[0].Refused == nil || tasks[0].Refused.Error() != "GravarOrcamentos-l.itens.csv is not a regular file (link): not read" {
		t.Fatalf("tasks %+v", tasks)
	}
	if _, err := os.Stat(filepath.Join(dir, Failed, "GravarOrcamentos-l.csv")); err != nil {
		t.Errorf("the record file is not in failed/: %v", err)
	}
}

// TestClaimNeverReplaces: a file of the same name still in processing/ (one that could not be
// moved out) is never replaced by a newcomer's claim, nor its work folder's reports: the
// newcomer waits in the folder, said in the log. A work folder left by another file of the
// same name counts no start of a freshly claimed one. The newcomer was renamed over the
// first, its reports destroyed, and the starts counted on across the two files.
func TestClaimNeverReplaces(t *testing.T) {
	cases := []struct {
		name       string
		processing map[string]string // files in processing/, and their contents
		want       string            // the newcomer: "waits" or "imported"
		starts     string            // the starts file as Import sees it (imported)
	}{
		{"the same name is in processing/", map[string]string{"vendas.csv": "antigo\n", ".vendas.csv.work/summary.json": "{\"rows\":7}\n"}, "waits", ""},
		{"its set file's name is", map[string]string{"vendas.itens.csv": "antigo\n"}, "waits", ""},
		{"the whole group is", map[string]string{"vendas.csv": "antigo\n", "vendas.itens.csv": "antigo itens\n"}, "waits", ""},
		{"only a work folder of that name", map[string]string{".vendas.csv.work/starts": "2\n", ".vendas.csv.work/summary.json": "{}\n"}, "imported", "1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, body := range c.processing {
				touch(t, filepath.Join(dir, Processing, p), body)
			}
			touch(t, filepath.Join(dir, "vendas.csv"), "novo\n")
			touch(t, filepath.Join(dir, "vendas.itens.csv"), "novo itens\n")
			var logs strings.Builder
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			var imported []string
			starts := ""
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, MaxStarts: 3, Lang: outcome.PT, SetNames: []string{"itens"},
				Import: func(_ context.Context, t Task) Result {
					imported = append(imported, t.Name)
					b, _ := os.ReadFile(filepath.Join(filepath.Dir(t.Summary), "starts"))
					starts = strings.TrimSpace(string(b))
					return Result{}
				}},
				slog.New(slog.NewTextHandler(&logs, nil)))
			takeTheOne(t, w, clk)
			switch c.want {
			case "waits":
				if len(imported) != 0 {
					t.Errorf("imported %v", imported)
				}
				for p, body := range c.processing {
					if b, err := os.ReadFile(filepath.Join(dir, Processing, p)); err != nil || string(b) != body {
						t.Errorf("processing/%s: %q, %v; want %q", p, b, err, body)
					}
				}
				for _, n := range []string{"vendas.csv", "vendas.itens.csv"} {
					if b, err := os.ReadFile(filepath.Join(dir, n)); err != nil || !strings.HasPrefix(string(b), "novo") {
						t.Errorf("the newcomer %s is not in the folder: %q, %v", n, b, err)
					}
				}
				if !strings.Contains(logs.String(), outcome.PT.LogNameInProcessing()) {
					t.Errorf("the log does not say why:\n%s", logs.String())
				}
				// Tried again a minute later, and still not over the first.
				clk.now = clk.now.Add(stuckRetry + time.Second)
				w.scan()
				polls(w, clk, 1)
				if len(imported) != 0 {
					t.Errorf("imported %v on the retry", imported)
				}
				if n := strings.Count(logs.String(), outcome.PT.LogNameInProcessing()); n != 1 {
					t.Errorf("said %d times", n)
				}
			case "imported":
				if !slices.Equal(imported, []string{"vendas.csv"}) || starts != c.starts {
					t.Errorf("imported %v, starts %q; want starts %q", imported, starts, c.starts)
				}
			}
		})
	}
}

// TestEmptyFileWaits: an empty file (a program's output redirected into the folder, before it
// prints) is taken only once it has content and settled, or has stayed empty for
// emptySettle: it was taken after the settle time, to failed/ as empty, and filled there.
func TestEmptyFileWaits(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, Now: c.Now},
		discard())
	touch(t, filepath.Join(dir, "vazio.csv"), "")
	touch(t, filepath.Join(dir, "lento.csv"), "")
	steps := []struct {
		after time.Duration // since the start
		fill  string        // a file written just before this scan
		want  []string
	}{
		{0, "", nil},
		{3 * time.Second, "", nil},                    // settled, were they not empty
		{10 * time.Second, "lento.csv", nil},          // the program prints
		{11 * time.Second, "", nil},                   // 1s after
		{13 * time.Second, "", []string{"lento.csv"}}, // settled with its content
		{59 * time.Second, "", nil},                   // empty for 59s
		{61 * time.Second, "", []string{"vazio.csv"}}, // empty for over a minute: taken as it is
	}
	start := c.now
	for _, st := range steps {
		c.now = start.Add(st.after)
		if st.fill != "" {
			touch(t, filepath.Join(dir, st.fill), "a;b\n1;2\n")
		}
		ready, _ := w.scan()
		var got []string
		for _, g := range ready {
			got = append(got, g.record)
			delete(w.pending, g.record) // taken
			os.Remove(filepath.Join(dir, g.record))
		}
		if !slices.Equal(got, st.want) {
			t.Errorf("at %s: ready %v, want %v", st.after, got, st.want)
		}
	}
	if got := emptySettle(10 * time.Second); got != 100*time.Second {
		t.Errorf("emptySettle(10s) = %s, want 100s", got)
	}
}

// TestChangedAfterTaken: a file (or its set file) written after the watcher took it, while its
// rows went, is sorted into failed/ whatever its import said, its summary saying it changed;
// the problem the pipeline already reported is not said twice. A CSV whose writer paused
// longer than the settle time at a line's end went to done/ with the rows written so far.
func TestChangedAfterTaken(t *testing.T) {
	cases := []struct {
		name     string
		write    string // the file Import appends to: "" none
		exit     int    // Import's
		summary  string // Import's summary
		dest     string
		problems int // "changed while read" in the summary
		// keepTime puts the file's modification time back after the write: a share whose
		// times move by the second (SMB, FAT) shows a line appended within it so; replace
		// writes a file of the same size in its place, its time kept (a copy with -p).
		keepTime, replace bool
		// again writes the file over in place, the same length, its time a second later (a
		// program that writes its output twice).
		again bool
	}{
		{"unchanged", "", 0, `{"exit_code": 0}`, Done, 0, false, false, false},
		{"appended to while imported", "vendas.csv", 0, `{"exit_code": 0, "rows": 1}`, Failed, 1, false, false, false},
		{"its set file appended to", "vendas.itens.csv", 0, `{"exit_code": 0}`, Failed, 1, false, false, false},
		{"no summary written", "vendas.csv", 0, "", Failed, 1, false, false, false},
		{"the pipeline said it already", "vendas.csv", 1, `{"exit_code": 1, "file_problems": [{"file": "vendas.csv", "message": "` + outcome.PT.FileWrittenWhileRead() + `"}]}`, Failed, 1, false, false, false},
		{"appended to within its time's second", "vendas.csv", 0, `{"exit_code": 0}`, Failed, 1, true, false, false},
		{"replaced by a file of its size and time", "vendas.csv", 0, `{"exit_code": 0}`, Failed, 1, true, true, false},
		{"written again in place, the same length", "vendas.csv", 0, `{"exit_code": 0}`, Failed, 1, false, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;2\n")
			touch(t, filepath.Join(dir, "vendas.itens.csv"), "a;c\n1;3\n")
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			var finished []Finish
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, MaxStarts: 3, Lang: outcome.PT, SetNames: []string{"itens"},
				Import: func(_ context.Context, tk Task) Result {
					if c.summary != "" {
						os.WriteFile(tk.Summary, []byte(c.summary), 0o644)
					}
					if c.write != "" {
						p := filepath.Join(dir, Processing, c.write)
						was, _ := os.Stat(p)
						if c.replace {
							touch(t, p+".novo", "a;b\n9;9\n")
							os.Rename(p+".novo", p)
						} else if c.again {
							f, err := os.OpenFile(p, os.O_WRONLY, 0)
							if err != nil {
								t.Error(err)
								return Result{ExitCode: c.exit}
							}
							f.WriteString("a;b\n9;9\n")
							f.Close()
							later := was.ModTime().Add(time.Second)
							os.Chtimes(p, later, later)
						} else {
							f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
							if err != nil {
								t.Error(err)
								return Result{ExitCode: c.exit}
							}
							f.WriteString("3;4\n") // the writer goes on after its pause
							f.Close()
						}
						if c.keepTime && was != nil {
							os.Chtimes(p, was.ModTime(), was.ModTime())
						}
					}
					return Result{ExitCode: c.exit}
				},
				Finished: func(_ context.Context, f Finish) { finished = append(finished, f) }},
				discard())
			takeTheOne(t, w, clk)
			if _, err := os.Stat(filepath.Join(dir, c.dest, "vendas.csv")); err != nil {
				t.Errorf("not in %s/: %v", c.dest, err)
			}
			if len(finished) != 1 || finished[0].Result != c.dest {
				t.Fatalf("finished %+v", finished)
			}
			var s struct {
				ExitCode     int                   `json:"exit_code"`
				FileProblems []outcome.FileProblem `json:"file_problems"`
			}
			b, err := os.ReadFile(finished[0].Summary)
			if err == nil {
				err = json.Unmarshal(b, &s)
			}
			n := 0
			for _, p := range s.FileProblems {
				if p.Message == outcome.PT.FileWrittenWhileRead() && p.File == cmp.Or(c.write, "vendas.csv") {
					n++
				}
			}
			if err != nil || n != c.problems || (c.dest == Failed) != (s.ExitCode >= 1) || (c.dest == Failed) != (finished[0].ExitCode >= 1) {
				t.Errorf("summary %s, %v; finished %+v", b, err, finished[0])
			}
		})
	}
}

// TestRemovedWhileImported: a file deleted from processing/ while it was imported (someone
// on the share cleaning up) is sorted as a failed file with nothing to move: its reports and
// summary go to failed/, the summary saying it was deleted, the work folder goes, the hook
// hears of it once. The watcher crashed on it (a nil error's Error in reportStuck), dying for
// good when run by hand.
func TestRemovedWhileImported(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;2\n")
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	var finished []Finish
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, MaxStarts: 3, Lang: outcome.PT,
		Import: func(_ context.Context, tk Task) Result {
			os.WriteFile(tk.Summary, []byte(`{"exit_code": 0, "rows": 1}`), 0o644)
			os.WriteFile(tk.Reports[1], []byte(`{"row": 2, "outcome": "ok"}`+"\n"), 0o644)
			if err := os.Remove(tk.File); err != nil {
				t.Error(err)
			}
			return Result{ExitCode: 0}
		},
		Finished: func(_ context.Context, f Finish) { finished = append(finished, f) }},
		discard())
	takeTheOne(t, w, clk)
	for _, n := range []string{"vendas.csv.summary.json", "vendas.csv.report.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, Failed, n)); err != nil {
			t.Errorf("%s not in failed/: %v", n, err)
		}
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, Processing)); len(ents) != 0 {
		t.Errorf("left in processing/: %v", ents)
	}
	if len(finished) != 1 || finished[0].Result != Failed || finished[0].ExitCode != 1 {
		t.Fatalf("finished %+v", finished)
	}
	b, err := os.ReadFile(filepath.Join(dir, Failed, "vendas.csv.summary.json"))
	if err != nil || !strings.Contains(string(b), outcome.PT.FileRemovedWhileImported()) {
		t.Errorf("summary %s, %v", b, err)
	}
}

// TestIgnored: Excel's lock files, hidden files and the names of downloads and copies under
// way (a browser's, a sync tool's, a program's temporary name) are left alone, in any case.
func TestIgnored(t *testing.T) {
	cases := []struct {
		name string
		want bool
	}{
		{"vendas.csv", false},
		{"vendas.xlsx", false},
		{"vendas.itens.csv", false},
		{"~$vendas.xlsx", true},
		{".vendas.csv", true},
		{"vendas.csv.part", true},
		{"vendas.xlsx.crdownload", true},
		{"vendas.csv.tmp", true},
		{"vendas.csv.TMP", true},
		{"vendas.csv.partial", true},
		{"vendas.xlsx.download", true},
		{"partial.csv", false},
		{"download.xlsx", false},
		{"tmp", false},
	}
	for _, c := range cases {
		if got := ignored(c.name); got != c.want {
			t.Errorf("ignored(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

// takeTheOne has w see its folder, then again once the file there has settled (two seconds on
// clk), and take it: the one file the test dropped.
func takeTheOne(t *testing.T, w *watcher, clk *clock) {
	t.Helper()
	w.scan()
	clk.now = clk.now.Add(2 * time.Second)
	ready, _ := w.scan()
	if len(ready) != 1 {
		t.Fatalf("ready %v", names(ready))
	}
	w.take(context.Background(), ready[0])
}

// TestStoppedWhileSorting: a watcher killed while it sorted a file (its reports moved to done/,
// the file still in processing/) finishes the sort at its next start, under the name it had
// chosen: the file is not imported again under the next free name, beside its first reports
// as if it had been dropped twice (the crash-consistency tester's kill between the renames).
func TestStoppedWhileSorting(t *testing.T) {
	for _, c := range []struct {
		dest  string
		code  int
		moved []string // outputs already in dest/ (and failed/corrigir/)
		left  []string // still in the work folder
	}{
		{Done, 0, []string{"vendas.csv.report.xlsx", "vendas.csv.report.jsonl"}, []string{"summary.json"}},
		{Done, 0, []string{"vendas.csv.report.xlsx", "vendas.csv.report.jsonl", "vendas.csv.summary.json"}, nil},
		{Failed, 1, []string{"vendas.csv.report.xlsx", "vendas.csv.report.jsonl", "vendas.csv.summary.json", "corrigir/vendas.csv"}, nil},
		{Failed, 1, []string{"vendas.csv.report.xlsx"}, []string{"report.jsonl", "summary.json", "corrigir/vendas.csv"}},
	} {
		dir := t.TempDir()
		work := filepath.Join(dir, Processing, ".vendas.csv.work")
		touch(t, filepath.Join(dir, Processing, "vendas.csv"), "x\n")
		touch(t, filepath.Join(work, "starts"), "1\n")
		touch(t, filepath.Join(work, "sorting"), fmt.Sprintf("%s\nvendas.csv\n%d\n", c.dest, c.code))
		for _, m := range c.moved {
			touch(t, filepath.Join(dir, c.dest, m), "first start's\n")
		}
		for _, l := range c.left {
			touch(t, filepath.Join(work, l), "first start's\n")
		}
		var imported []string
		var fin Finish
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			errc <- Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, Logger: discard(),
				Import: func(ctx context.Context, t Task) Result {
					imported = append(imported, t.Name)
					return Result{}
				},
				Finished: func(_ context.Context, f Finish) { fin = f; cancel() },
			})
		}()
		waitFinished(t, errc)
		cancel()
		if len(imported) != 0 {
			t.Errorf("%s: imported again: %v", c.dest, imported)
		}
		if fin.Result != c.dest || fin.ExitCode != c.code || fin.File != filepath.Join(dir, c.dest, "vendas.csv") {
			t.Errorf("%s: finished %+v", c.dest, fin)
		}
		got := filesIn(dir)
		want := []string{c.dest + "/vendas.csv", c.dest + "/vendas.csv.report.jsonl", c.dest + "/vendas.csv.report.xlsx", c.dest + "/vendas.csv.summary.json"}
		if c.dest == Failed {
			want = append([]string{"failed/corrigir/vendas.csv"}, want...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s (%v moved first): the folder holds\n%v\nwant\n%v", c.dest, c.moved, got, want)
		}
	}
}

// waitFinished waits a minute at most for the watcher whose end errc tells, failing on its
// error.
func waitFinished(t *testing.T, errc <-chan error) {
	t.Helper()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the watcher did not finish the file")
	}
}

// sortOne runs a watcher over o.Dir, with o's MaxStarts and SetNames, a 1 ms settle, a 10 ms
// poll and no log, until it has sorted one file. imp answers its imports; its stop ends the
// watcher from within one (a stop while the rows go).
func sortOne(t *testing.T, o Options, imp func(ctx context.Context, tk Task, stop func()) Result) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o.Settle, o.Poll, o.Logger = time.Millisecond, 10*time.Millisecond, discard()
	o.Import = func(ctx context.Context, tk Task) Result { return imp(ctx, tk, cancel) }
	o.Finished = func(context.Context, Finish) { cancel() }
	errc := make(chan error, 1)
	go func() { errc <- Run(ctx, o) }()
	waitFinished(t, errc)
}

// sortOneTasks is sortOne whose imports all answer res; it gives the tasks they were given.
func sortOneTasks(t *testing.T, o Options, res Result) []Task {
	t.Helper()
	var tasks []Task
	sortOne(t, o, func(_ context.Context, tk Task, _ func()) Result {
		tasks = append(tasks, tk)
		return res
	})
	return tasks
}

// takeFirst makes a watcher over o, its clock at 09:00 on 1 December 2026, a 1 s settle and
// poll, no log, and takes the one group it finds ready.
func takeFirst(t *testing.T, o Options) {
	t.Helper()
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	o.Settle, o.Poll, o.Now = time.Second, time.Second, clk.Now
	takeTheOne(t, testWatcher(o, discard()), clk)
}

// wantFiles checks that each file (a path under dir) holds what is wanted.
func wantFiles(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	for p, w := range want {
		if b, err := os.ReadFile(filepath.Join(dir, p)); err != nil || string(b) != w {
			t.Errorf("%s: %q, %v; want %q", p, b, err, w)
		}
	}
}

// TestGoneBeforeTaken: a file noticed and then removed, renamed or moved away before it
// settles is said once in the log (the soak run: "arquivo notado" and then nothing, for a
// file the team deleted mid-copy, so that the log never said why it was not imported); its
// new name, if renamed, is a file of its own; a file taken is not said to be gone.
func TestGoneBeforeTaken(t *testing.T) {
	for _, tc := range []struct {
		name    string
		away    func(t *testing.T, dir string)
		gone    []string // said gone, once each
		notGone []string
	}{
		{"removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "vendas.csv")) }, []string{"vendas.csv"}, nil},
		{"renamed", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "vendas.csv"), filepath.Join(dir, "vendas-nov.csv"))
		}, []string{"vendas.csv"}, []string{"vendas-nov.csv"}},
		{"moved out", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "vendas.csv"), filepath.Join(dir, "done-by-hand.d", "vendas.csv"))
		}, []string{"vendas.csv"}, nil},
		{"set file removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "orfao.itens.csv")) }, []string{"orfao.itens.csv"}, []string{"vendas.csv"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.Mkdir(filepath.Join(dir, "done-by-hand.d"), 0o755)
			var buf bytes.Buffer
			c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
			w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens"}, Now: c.Now, Lang: outcome.PT},
				slog.New(slog.NewTextHandler(&buf, nil)))
			touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;2\n")
			touch(t, filepath.Join(dir, "orfao.itens.csv"), "x\n")
			w.scan()
			c.now = c.now.Add(time.Second)
			tc.away(t, dir)
			for range 3 {
				c.now = c.now.Add(time.Second)
				w.scan()
			}
			said := map[string]int{}
			for _, line := range strings.Split(buf.String(), "\n") {
				if strings.Contains(line, `msg="`+outcome.PT.LogGone()+`"`) {
					_, f, _ := strings.Cut(line, " file=")
					f, _, _ = strings.Cut(f, " ")
					said[f]++
				}
			}
			for _, n := range tc.gone {
				if said[n] != 1 {
					t.Errorf("%s: said gone %d times, want once\n%s", n, said[n], buf.String())
				}
			}
			for _, n := range tc.notGone {
				if said[n] != 0 {
					t.Errorf("%s: said gone, but it is there\n%s", n, buf.String())
				}
			}
		})
	}
	// Files taken by the watcher are not said to be gone: after the first is taken the folder
	// is listed again, without it, before the second is.
	dir := t.TempDir()
	var buf bytes.Buffer
	touch(t, filepath.Join(dir, "a.csv"), "a;b\n1;2\n")
	touch(t, filepath.Join(dir, "b.csv"), "a;b\n1;2\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	finished := 0
	go func() {
		errc <- Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, Lang: outcome.PT,
			Logger: slog.New(slog.NewTextHandler(&buf, nil)),
			Import: func(context.Context, Task) Result { return Result{} },
			Finished: func(context.Context, Finish) {
				finished++
				if finished == 2 {
					cancel()
				}
			},
		})
	}()
	waitFinished(t, errc)
	if finished != 2 || strings.Contains(buf.String(), outcome.PT.LogGone()) {
		t.Errorf("%d files finished; a file taken is said gone?\n%s", finished, buf.String())
	}
}

// TestGivesUpOnlyWithoutProgress: a start killed further into the file than every start before
// it (its report.jsonl holds more rows, those not sent aside) was stopped from outside while it
// went, not by the file: the file is imported again, counted as one start killed, however many
// came before. One that got no further (its extra lines an interrupt's not_sent) counts.
func TestGivesUpOnlyWithoutProgress(t *testing.T) {
	ok := `{"row":2,"outcome":"ok"}` + "\n" + `{"row":3,"outcome":"skipped"}` + "\n"
	notSent := `{"row":4,"outcome":"not_sent"}` + "\n" + `{"row":5,"outcome":"not_sent"}` + "\n"
	for _, c := range []struct {
		name, report string
		given        bool
		starts       string // the starts file once imported again
	}{
		{"further", ok, false, "2\n"},
		{"no further", `{"row":2,"outcome":"ok"}` + "\n" + notSent, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			work := filepath.Join(dir, Processing, ".vendas.csv.work")
			touch(t, filepath.Join(dir, Processing, "vendas.csv"), "x\n")
			touch(t, filepath.Join(work, "starts"), "3\n")
			touch(t, filepath.Join(work, "reached"), "1\n")
			touch(t, filepath.Join(work, "report.jsonl"), c.report)
			var tasks []Task
			var starts, reached []byte
			sortOne(t, Options{Dir: dir, MaxStarts: 3}, func(_ context.Context, tk Task, _ func()) Result {
				tasks = append(tasks, tk)
				starts, _ = os.ReadFile(filepath.Join(work, "starts"))
				reached, _ = os.ReadFile(filepath.Join(work, "reached"))
				if tk.Refused != nil {
					return Result{ExitCode: 2, Err: tk.Refused}
				}
				return Result{}
			})
			if len(tasks) != 1 || (tasks[0].Refused != nil) != c.given {
				t.Fatalf("tasks %+v; want given up: %v", tasks, c.given)
			}
			if !c.given && (string(starts) != c.starts || string(reached) != "2\n") {
				t.Errorf("imported again with starts %q, reached %q; want %q, \"2\\n\"", starts, reached, c.starts)
			}
		})
	}
}

// TestFolderDroppedSaid: a folder dropped into the drop folder (a user's month of files) is not
// read, and the log says so once, naming it; the watcher's own folders are not news.
func TestFolderDroppedSaid(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "orcamentos novembro", "GravarOrcamentos-1.csv"), "x\n")
	for _, d := range []string{Processing, Done, Failed} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	var logs strings.Builder
	c := &clock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: c.Now, MaxStarts: 3, Lang: outcome.PT,
		Import: func(_ context.Context, t Task) Result { return Result{} }},
		slog.New(slog.NewTextHandler(&logs, nil)))
	for range 3 {
		c.now = c.now.Add(2 * time.Second)
		if ready, _ := w.scan(); len(ready) != 0 {
			t.Fatalf("a folder is ready: %v", names(ready))
		}
	}
	said := strings.Count(logs.String(), outcome.PT.LogFolderNotRead())
	if said != 1 || !strings.Contains(logs.String(), `subfolder="orcamentos novembro"`) {
		t.Errorf("said %d times:\n%s", said, logs.String())
	}
	for _, d := range []string{Processing, Done, Failed} {
		if strings.Contains(logs.String(), "subfolder="+d) {
			t.Errorf("its own folder %s said:\n%s", d, logs.String())
		}
	}
}

// TestWorkDeletedWhileImported: the work folder deleted while the file was imported (its
// reports with it): the file goes to failed/, and its summary says no report was left to put
// back. It said the reports had been copied back, and none were (the reviewer).
func TestWorkDeletedWhileImported(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{Processing, Done, Failed} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	touch(t, filepath.Join(dir, "vendas.csv"), "codigo;valor\nNOSSO;1\n")
	var finished []Finish
	var logs strings.Builder
	clk := &clock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, MaxStarts: 3, Lang: outcome.PT,
		Import: func(_ context.Context, task Task) Result {
			if err := task.Outputs.WriteFile("report.jsonl", []byte(`{"row":2,"key":"NOSSO"}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.RemoveAll(filepath.Dir(task.Summary)); err != nil {
				t.Fatal(err)
			}
			return Result{}
		},
		Finished: func(_ context.Context, f Finish) { finished = append(finished, f) }},
		slog.New(slog.NewTextHandler(&logs, nil)))
	within(t, 10*time.Second, func() { polls(w, clk, 2) })
	if len(finished) != 1 || finished[0].Result != Failed {
		t.Fatalf("finished %+v; want once, failed", finished)
	}
	var sum struct {
		FileProblems []outcome.FileProblem `json:"file_problems"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, Failed, "vendas.csv.summary.json"))
	if json.Unmarshal(b, &sum) != nil || len(sum.FileProblems) != 1 ||
		!strings.Contains(sum.FileProblems[0].Message, "não restou relatório do arquivo para pôr de volta") {
		t.Errorf("its summary: %s", b)
	}
}

// TestMisnamedSetFileTravels: a record file's set file under another name (a dash, a space, no
// separator before the set's name) goes with its record file, as a set file under its own name
// does, so that the import finds it beside the record file and refuses the two, naming the
// name to give it; taken alone, the record's quotes went without it. A file of that shape
// whose record file is not there is a record file of its own, as before.
func TestMisnamedSetFileTravels(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens", "observacoes"}, Now: c.Now},
		discard())
	for _, n := range []string{"GravarOrcamentos-dez.csv", "GravarOrcamentos-dez-observacoes.csv", "GravarOrcamentos-dez Itens.csv",
		"GravarOrcamentos-nov-itens.csv", "vendas.csv"} {
		touch(t, filepath.Join(dir, n), "x\n")
	}
	w.scan()
	c.now = c.now.Add(3 * time.Second)
	ready, _ := w.scan()
	got := names(ready)
	slices.Sort(got)
	want := []string{"GravarOrcamentos-dez.csv+GravarOrcamentos-dez Itens.csv,GravarOrcamentos-dez-observacoes.csv", "GravarOrcamentos-nov-itens.csv+", "vendas.csv+"}
	if !slices.Equal(got, want) {
		t.Errorf("ready %q, want %q", got, want)
	}
	for _, c := range []struct {
		name, rec string
	}{
		{"q-itens.csv", "q.csv"}, {"Q - ITENS.CSV", "q.csv"}, {"q_itens.csv", "q.csv"}, {"qitens.csv", "q.csv"},
		{"q.itens.csv", ""}, // a set file under its own name: recordOf's
		{"q-itens.xlsx", ""}, {"itens.csv", ""}, {"r-itens.csv", ""},
	} {
		rec, ok := misnamedSetOf(c.name, []string{"itens"}, map[string]string{"q.csv": "q.csv", "q.xlsx": "q.xlsx"})
		if c.rec == "" && ok || c.rec != "" && rec != c.rec {
			t.Errorf("misnamedSetOf(%q) = %q, %v; want %q", c.name, rec, ok, c.rec)
		}
	}
}

// TestMisnamedSetFileAccents: a set file under another name is known as the import knows it
// (pipeline's misnamedBeside compares names as headers are, without regard to accents): one
// that spells the set or the record's name with accents the other has not
// (GravarOrcamentos-dez-observações.csv) goes with its record file. Taken alone, the record
// file's quotes went to Senior without their observations, exit 0, its file to done/, and the
// observations' file was refused on its own.
func TestMisnamedSetFileAccents(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens", "observacoes"}, Now: c.Now},
		discard())
	for _, n := range []string{"GravarOrcamentos-dez.csv", "GravarOrcamentos-dez-observações.csv",
		"GravarOrçamentos-nov.csv", "GravarOrcamentos-nov Itens.csv"} {
		touch(t, filepath.Join(dir, n), "x\n")
	}
	w.scan()
	c.now = c.now.Add(3 * time.Second)
	ready, _ := w.scan()
	got := names(ready)
	slices.Sort(got)
	want := []string{"GravarOrcamentos-dez.csv+GravarOrcamentos-dez-observações.csv", "GravarOrçamentos-nov.csv+GravarOrcamentos-nov Itens.csv"}
	if !slices.Equal(got, want) {
		t.Errorf("ready %q, want %q", got, want)
	}
}

// TestSetFileNamesAsTheImportReadsThem: a set file is known as the import finds it beside its
// record file (pipeline's findBeside: the set's name in any case, the record's extension,
// .txt and .tsv as .csv): vendas.ITENS.csv and compras.itens.txt go with their record files.
// Each taken alone, first or not, the set file was refused on its own, or the record file's
// rows went without it.
func TestSetFileNamesAsTheImportReadsThem(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens", "observacoes"}, Now: c.Now},
		discard())
	for _, n := range []string{"vendas.csv", "vendas.ITENS.csv", "compras.txt", "compras.itens.txt", "notas.tsv", "notas.Observacoes.tsv"} {
		touch(t, filepath.Join(dir, n), "x\n")
	}
	w.scan()
	c.now = c.now.Add(3 * time.Second)
	ready, _ := w.scan()
	got := names(ready)
	slices.Sort(got)
	want := []string{"compras.txt+compras.itens.txt", "notas.tsv+notas.Observacoes.tsv", "vendas.csv+vendas.ITENS.csv"}
	if !slices.Equal(got, want) {
		t.Errorf("ready %q, want %q", got, want)
	}
}

// TestSetFileWaitsForAStuckRecord: a set file whose record file is in the folder but cannot be
// claimed yet (a file of its name still in processing/; on a share, the record file open in
// Excel) waits for it, under its own name as under another (GravarOrcamentos-dez-observacoes.csv):
// taken alone, the misnamed one was refused on its own and went to failed/, and the record
// file, claimed later without it, sent its quotes without their observations.
func TestSetFileWaitsForAStuckRecord(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"vendas.csv", "GravarOrcamentos-dez.csv"} {
		touch(t, filepath.Join(dir, Processing, n), "antigo\n")
		touch(t, filepath.Join(dir, n), "novo\n")
	}
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	var imported []string
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, SetNames: []string{"itens", "observacoes"},
		Import: func(_ context.Context, t Task) Result {
			imported = append(imported, t.Name)
			return Result{}
		}},
		discard())
	polls(w, clk, 3) // both record files found their name taken in processing/
	if len(imported) != 0 || len(w.stuck) != 2 {
		t.Fatalf("imported %v, stuck %v; want both record files stuck", imported, w.stuck)
	}
	for _, n := range []string{"vendas.itens.csv", "GravarOrcamentos-dez-observacoes.csv"} {
		touch(t, filepath.Join(dir, n), "novo\n")
	}
	polls(w, clk, 5)
	if len(imported) != 0 {
		t.Errorf("imported %v while their record files wait; want nothing", imported)
	}
	for _, n := range []string{"vendas.itens.csv", "GravarOrcamentos-dez-observacoes.csv"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s not in the folder: %v", n, err)
		}
	}
}

// TestOldestFirst: files ready at once are taken in the order they came (a group from when its
// first file came, its set file's too), those that came together by name: a night's exports,
// accounts then the commitments that refer to them, go in that order.
func TestOldestFirst(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 10 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens"}, Now: c.Now},
		discard())
	for _, batch := range [][]string{{"x.itens.csv"}, {"setContas.csv"}, {"x.csv", "setCompromissos.csv"}, {"b.csv", "a.csv"}} {
		for _, n := range batch {
			touch(t, filepath.Join(dir, n), "x\n")
		}
		w.scan()
		c.now = c.now.Add(time.Second)
	}
	c.now = c.now.Add(time.Minute)
	ready, _ := w.scan()
	want := []string{"x.csv+x.itens.csv", "setContas.csv+", "setCompromissos.csv+", "a.csv+", "b.csv+"}
	if got := names(ready); !slices.Equal(got, want) {
		t.Errorf("ready %q, want %q", got, want)
	}
}

// TestSetFileLeftInProcessingNeverReplaces: a set file a stopped watcher left in processing/
// without its record file goes back to the folder to wait for it, but not over a file of its
// name dropped there since (the user's corrected copy): that one is kept, and the old one
// stays in processing/, said in the log.
func TestSetFileLeftInProcessingNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, Processing, "vendas.itens.csv"), "antigo\n")
	touch(t, filepath.Join(dir, Processing, "compras.itens.csv"), "antigo\n")
	touch(t, filepath.Join(dir, "vendas.itens.csv"), "novo\n")
	var logs strings.Builder
	w := testWatcher(Options{Dir: dir, SetNames: []string{"itens"}, Lang: outcome.PT, Import: func(context.Context, Task) Result { return Result{} }},
		slog.New(slog.NewTextHandler(&logs, nil)))
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w.recover(context.Background(), r)
	wantFiles(t, dir, map[string]string{"vendas.itens.csv": "novo\n", filepath.Join(Processing, "vendas.itens.csv"): "antigo\n", "compras.itens.csv": "antigo\n"})
	if !strings.Contains(logs.String(), outcome.PT.LogSetLeftInProcessing()) {
		t.Errorf("the log does not say vendas.itens.csv stays in processing/:\n%s", logs.String())
	}
}

// TestStoppedAfterAWholeImport: a watcher told to stop while an import ends whole (every row
// went, exit 0 or 1: it did not see the stop) sorts the file, as any: left in processing/, it
// was imported again at the next start, its rows read and looked up again, and its first
// reports replaced.
func TestStoppedAfterAWholeImport(t *testing.T) {
	for _, code := range []int{0, 1} {
		dir := t.TempDir()
		touch(t, filepath.Join(dir, Processing, "vendas.csv"), "x\n")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		errc := make(chan error, 1)
		go func() {
			errc <- Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, Logger: discard(),
				Import: func(context.Context, Task) Result {
					cancel() // the stop comes as the import ends
					return Result{ExitCode: code}
				},
			})
		}()
		waitFinished(t, errc)
		dest := Done
		if code != 0 {
			dest = Failed
		}
		if _, err := os.Stat(filepath.Join(dir, dest, "vendas.csv")); err != nil {
			t.Errorf("exit %d: vendas.csv not in %s/: %v", code, dest, err)
		}
	}
}

// TestSettlesBySizeAndTime: a file that grows while its time stays (a share whose times move
// by the second, SMB or FAT, a copy within the second), or whose time moves while its size
// stays (written again in place, the same length), is still being written: the settle time
// starts again. Taken, a copy was imported with the rows written so far.
func TestSettlesBySizeAndTime(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, Now: c.Now}, discard())
	at := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	write := func(name, body string, mod time.Time) {
		touch(t, filepath.Join(dir, name), body)
		if err := os.Chtimes(filepath.Join(dir, name), mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	write("cresce.csv", "a;b\n", at)
	write("regravado.csv", "a;b\n1;2\n", at)
	w.scan()
	c.now = c.now.Add(1500 * time.Millisecond)
	write("cresce.csv", "a;b\n1;2\n", at)                     // grown, its time as it was
	write("regravado.csv", "a;b\n3;4\n", at.Add(time.Second)) // its size as it was
	w.scan()
	c.now = c.now.Add(1500 * time.Millisecond) // 3 s after they came, 1.5 s after they changed
	if ready, _ := w.scan(); len(ready) != 0 {
		t.Errorf("ready %v 1.5 s after a change", names(ready))
	}
	c.now = c.now.Add(time.Second)
	if ready, _ := w.scan(); len(ready) != 2 {
		t.Errorf("ready %v 2.5 s after the change; want both", names(ready))
	}
}

// TestSecondDropKeepsTheFirst: a file dropped again under the same name (vendas.csv with its
// vendas.itens.csv) goes to done/ or failed/ as vendas_2.csv, and its set file and its rows to
// fix follow that name (vendas_2.itens.csv, corrigir/vendas_2.csv): under their own names they
// were moved over the first drop's, which were lost.
func TestSecondDropKeepsTheFirst(t *testing.T) {
	for _, c := range []struct {
		dest string
		exit int
	}{{Done, 0}, {Failed, 1}} {
		t.Run(c.dest, func(t *testing.T) {
			dir := t.TempDir()
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, SetNames: []string{"itens"},
				Import: func(_ context.Context, tk Task) Result {
					b, _ := os.ReadFile(tk.File)
					touch(t, filepath.Join(tk.Reimport, "vendas.csv"), "a corrigir: "+string(b))
					touch(t, filepath.Join(tk.Reimport, "vendas.itens.csv"), "a corrigir: "+string(b))
					return Result{ExitCode: c.exit}
				}},
				discard())
			for _, drop := range []string{"primeiro", "segundo"} {
				touch(t, filepath.Join(dir, "vendas.csv"), drop+"\n")
				touch(t, filepath.Join(dir, "vendas.itens.csv"), drop+" itens\n")
				polls(w, clk, 3)
			}
			want := map[string]string{
				"vendas.csv": "primeiro\n", "vendas.itens.csv": "primeiro itens\n",
				"vendas_2.csv": "segundo\n", "vendas_2.itens.csv": "segundo itens\n",
			}
			if c.dest == Failed {
				want[filepath.Join(Corrigir, "vendas.csv")] = "a corrigir: primeiro\n"
				want[filepath.Join(Corrigir, "vendas.itens.csv")] = "a corrigir: primeiro\n"
				want[filepath.Join(Corrigir, "vendas_2.csv")] = "a corrigir: segundo\n"
				want[filepath.Join(Corrigir, "vendas_2.itens.csv")] = "a corrigir: segundo\n"
			}
			for p, body := range want {
				if b, err := os.ReadFile(filepath.Join(dir, c.dest, p)); err != nil || string(b) != body {
					t.Errorf("%s/%s: %q, %v; want %q", c.dest, p, b, err, body)
				}
			}
		})
	}
}

// TestTakenSetFileNotSaidGone: a set file taken with its record file left the folder by the
// watcher's own claim: the log does not say it went some other way ("arquivo sumiu", which
// sends someone looking for a file that is in done/).
func TestTakenSetFileNotSaidGone(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, SetNames: []string{"itens"}, Lang: outcome.PT,
		Import: func(context.Context, Task) Result { return Result{} }},
		slog.New(slog.NewTextHandler(&buf, nil)))
	touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n")
	touch(t, filepath.Join(dir, "vendas.itens.csv"), "a;c\n")
	polls(w, clk, 4)
	if _, err := os.Stat(filepath.Join(dir, Done, "vendas.itens.csv")); err != nil {
		t.Fatalf("not imported: %v", err)
	}
	if strings.Contains(buf.String(), outcome.PT.LogGone()) {
		t.Errorf("a file taken said gone:\n%s", buf.String())
	}
}

// TestStuckFileRetriedWhenItChanges: a file that could not be claimed (its name taken in
// processing/) is tried again as soon as it changes, not a minute later: saved again once
// the way is clear, it is imported at once. A share whose times move by the second may show
// only its size changed.
func TestStuckFileRetriedWhenItChanges(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, Processing, "vendas.csv"), "antigo\n")
	touch(t, filepath.Join(dir, "vendas.csv"), "novo\n")
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	var imported []string
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now,
		Import: func(_ context.Context, t Task) Result {
			imported = append(imported, t.Name)
			return Result{}
		}},
		discard())
	polls(w, clk, 2)
	if len(w.stuck) != 1 {
		t.Fatalf("stuck %v; want vendas.csv", w.stuck)
	}
	os.Remove(filepath.Join(dir, Processing, "vendas.csv"))
	fi, _ := os.Stat(filepath.Join(dir, "vendas.csv"))
	touch(t, filepath.Join(dir, "vendas.csv"), "novo, salvo de novo\n")
	os.Chtimes(filepath.Join(dir, "vendas.csv"), fi.ModTime(), fi.ModTime())
	polls(w, clk, 3) // 6 s: well within stuckRetry
	if !slices.Equal(imported, []string{"vendas.csv"}) {
		t.Errorf("imported %v; want vendas.csv, changed, tried again at once", imported)
	}
}

// TestMisnamedSetFileBesideItsOwn: a set file under another name (vendas-itens.csv, an old
// copy) beside the set's file under its own name (vendas.itens.csv) does not go with the
// record file: the import reads vendas.itens.csv and never looks for another, so it went to
// done/ with them unread, its rows in no report. It is taken alone, and refused on its own.
func TestMisnamedSetFileBesideItsOwn(t *testing.T) {
	dir := t.TempDir()
	c := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens", "observacoes"}, Now: c.Now},
		discard())
	for _, n := range []string{"vendas.csv", "vendas.itens.csv", "vendas-itens.csv", "vendas-observacoes.csv"} {
		touch(t, filepath.Join(dir, n), "x\n")
	}
	w.scan()
	c.now = c.now.Add(3 * time.Second)
	ready, _ := w.scan()
	got := names(ready)
	slices.Sort(got)
	want := []string{"vendas-itens.csv+", "vendas.csv+vendas-observacoes.csv,vendas.itens.csv"}
	if !slices.Equal(got, want) {
		t.Errorf("ready %q, want %q", got, want)
	}
}
