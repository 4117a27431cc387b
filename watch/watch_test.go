package watch

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"seniorimporter/outcome"
	"slices"
	"strings"
	"testing"
	"time"
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
	w := &watcher{o: Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens", "observacoes"}, Now: c.Now},
		log: discard(), pending: map[string]*seen{}, stuck: map[string]seen{}}
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
	w := &watcher{o: Options{Dir: dir, Settle: 2 * time.Second, Poll: 2 * time.Second, SetNames: []string{"itens"}, Now: c.Now, Lang: outcome.PT},
		log: discard(), pending: map[string]*seen{}, stuck: map[string]seen{}}
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
	for _, n := range []string{"jan.itens.csv", "fev.itens.csv", "mar.itens.csv", "abr.itens.csv"} {
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
	if want := []string{"fev.itens.csv→fev.csv", "jan.itens.csv→jan.csv"}; !slices.Equal(got, want) {
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

func TestFreeName(t *testing.T) {
	dir := t.TempDir()
	w := &watcher{o: Options{Dir: dir}}
	done := filepath.Join(dir, Done)
	failed := filepath.Join(dir, Failed)
	g := group{record: "vendas.csv", sets: []string{"vendas.itens.csv"}}
	cases := []struct {
		name   string
		exist  []string // paths under dir
		dest   string
		failed bool
		want   string
	}{
		{"free", nil, done, false, "vendas.csv"},
		{"the file is there", []string{"done/vendas.csv"}, done, false, "vendas_2.csv"},
		{"only its report is there", []string{"done/vendas.csv.report.xlsx"}, done, false, "vendas_2.csv"},
		{"its set file's name is taken", []string{"done/vendas.itens.csv"}, done, false, "vendas_2.csv"},
		{"_2 taken too", []string{"done/vendas.csv", "done/vendas_2.csv.summary.json"}, done, false, "vendas_3.csv"},
		{"rows to fix of that name", []string{"failed/corrigir/vendas.csv"}, failed, true, "vendas_2.csv"},
		{"the other folder does not count", []string{"failed/vendas.csv"}, done, false, "vendas.csv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os.RemoveAll(done)
			os.RemoveAll(failed)
			for _, p := range c.exist {
				touch(t, filepath.Join(dir, p), "")
			}
			if got := w.freeName(c.dest, g, c.failed); got != c.want {
				t.Errorf("%s, want %s", got, c.want)
			}
		})
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

// TestGivesUp: a file that a watcher stopped on MaxStarts times is not tried again: it goes to
// failed/ with a summary saying why, and the watcher goes on to the next.
func TestGivesUp(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, Processing, "veneno.xlsx"), "kills the importer")
	touch(t, filepath.Join(dir, Processing, ".veneno.xlsx.work", "starts"), "3\n")
	touch(t, filepath.Join(dir, Processing, "orfao.itens.csv"), "x\n") // its record never came
	var imported []string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, SetNames: []string{"itens"},
			Import: func(ctx context.Context, t Task) Result {
				imported = append(imported, t.Name)
				return Result{}
			},
			Finished: func(context.Context, Finish) { cancel() },
		})
	}()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the watcher did not finish the file")
	}
	if len(imported) != 0 {
		t.Errorf("imported %v", imported)
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
	err := Run(context.Background(), Options{Dir: dir, Import: func(context.Context, Task) Result { return Result{} }})
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
	w := &watcher{o: Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: c.Now, MaxStarts: 3,
		Import: func(_ context.Context, t Task) Result { imported = append(imported, t.Name); return Result{} }},
		log: slog.New(slog.NewTextHandler(&logs, nil)), pending: map[string]*seen{}, stuck: map[string]seen{}}
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
	w := &watcher{o: Options{Dir: dir, Settle: time.Second, Poll: 2 * time.Second, Now: c.Now},
		log: slog.New(slog.NewTextHandler(&logs, nil)), pending: map[string]*seen{}, stuck: map[string]seen{}}
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
	// What stands in the claim's way: a folder of the same name, not empty, in processing/.
	blocker := filepath.Join(dir, Processing, "setCategoriaServico.csv")
	touch(t, filepath.Join(blocker, "x"), "x")
	var logs strings.Builder
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	var imported []string
	w := &watcher{o: Options{Dir: dir, Settle: time.Second, Poll: 2 * time.Second, Now: c.Now, MaxStarts: 3,
		Import: func(_ context.Context, t Task) Result { imported = append(imported, t.Name); return Result{} }},
		log: slog.New(slog.NewTextHandler(&logs, nil)), pending: map[string]*seen{}, stuck: map[string]seen{}}
	poll := func(seconds int) {
		for range seconds / 2 {
			c.now = c.now.Add(2 * time.Second)
			ready, _ := w.scan()
			for _, g := range ready {
				w.take(context.Background(), g)
			}
		}
	}
	poll(150) // two and a half minutes: tried at first and again twice, each time refused
	if len(imported) != 0 {
		t.Fatalf("imported %v through the blocker", imported)
	}
	if n := strings.Count(logs.String(), "não foi possível tomar o arquivo"); n != 1 {
		t.Errorf("the failed claim said %d times, want once:\n%s", n, logs.String())
	}
	os.RemoveAll(blocker) // Excel closed the workbook: the file is as it was
	poll(70)
	if !slices.Equal(imported, []string{"setCategoriaServico.csv"}) {
		t.Fatalf("imported %v after the file could be claimed; want it once\n%s", imported, logs.String())
	}
}
