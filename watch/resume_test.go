package watch

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestStopsAreNoCrashes: a watcher stopped (SIGTERM: a deploy, a reboot) while it imported a
// file leaves it in processing/ and imports it again at the next start; stops are not the
// file killing the importer, so however many there were, the file is not given up on.
func TestStopsAreNoCrashes(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;2\n")
	run := func(stop bool) []Task {
		t.Helper()
		var tasks []Task
		sortOne(t, Options{Dir: dir, MaxStarts: 3}, func(_ context.Context, tk Task, stopWatcher func()) Result {
			tasks = append(tasks, tk)
			if stop {
				stopWatcher() // stopped while the rows went: the import ends interrupted
				return Result{ExitCode: exitInterrupted}
			}
			return Result{}
		})
		return tasks
	}
	for i := range 4 {
		if tasks := run(true); len(tasks) != 1 || tasks[0].Refused != nil {
			t.Fatalf("stop %d: tasks %+v", i+1, tasks)
		}
		if _, err := os.Stat(filepath.Join(dir, Processing, "vendas.csv")); err != nil {
			t.Fatalf("stop %d: not left in processing/: %v", i+1, err)
		}
	}
	if tasks := run(false); len(tasks) != 1 || tasks[0].Refused != nil || !tasks[0].Recovered {
		t.Fatalf("after four stops: tasks %+v; want it imported", tasks)
	}
	if _, err := os.Stat(filepath.Join(dir, Done, "vendas.csv")); err != nil {
		t.Errorf("not in done/: %v", err)
	}
}

// TestSortFinishedOnlyUnderAFreeName: a watcher killed while it sorted a file finishes the
// sort at its next start under the name it had chosen, unless a file of that name is there
// by now (put in done/ by hand, a copy from a backup): that one is never moved over; the file
// is imported again and sorted under the next free name.
func TestSortFinishedOnlyUnderAFreeName(t *testing.T) {
	dir := t.TempDir()
	work := filepath.Join(dir, Processing, ".vendas.csv.work")
	touch(t, filepath.Join(dir, Processing, "vendas.csv"), "segundo\n")
	touch(t, filepath.Join(work, "starts"), "1\n")
	touch(t, filepath.Join(work, "sorting"), "done\nvendas.csv\n0\n")
	touch(t, filepath.Join(dir, Done, "vendas.csv"), "primeiro\n")
	var imported []string
	sortOne(t, Options{Dir: dir}, func(_ context.Context, tk Task, _ func()) Result {
		imported = append(imported, tk.Name)
		return Result{}
	})
	wantFiles(t, dir, map[string]string{filepath.Join(Done, "vendas.csv"): "primeiro\n", filepath.Join(Done, "vendas_2.csv"): "segundo\n"})
	if len(imported) != 1 {
		t.Errorf("imported %v; want it once", imported)
	}
}

// TestReadSorting: the sorting file of a work folder (in processing/, which the share's users
// can write) names a file in done/ or failed/ and nothing else: another folder, a path, a
// hidden name or a bad exit code is no sort to finish.
func TestReadSorting(t *testing.T) {
	dir := t.TempDir()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cases := []struct {
		body string
		ok   bool
	}{
		{"done\nvendas.csv\n0\n", true},
		{"failed\nvendas_2.csv\n1\n", true},
		{"failed\nvendas.csv\n1", true}, // no final newline
		{"processing\nvendas.csv\n0\n", false},
		{"done\n../vendas.csv\n0\n", false},
		{"done\ncorrigir/vendas.csv\n0\n", false},
		{"done\n\n0\n", false},
		{"done\n.lock\n0\n", false},
		{"done\n..\n0\n", false},
		{"done\nvendas.csv\nzero\n", false},
		{"done\nvendas.csv\n", false},
		{"done\nvendas.csv\n0\nmore\n", false},
	}
	for _, c := range cases {
		touch(t, filepath.Join(dir, "w", "sorting"), c.body)
		dest, final, code, ok := readSorting(r, "w")
		if ok != c.ok {
			t.Errorf("%q: %q %q %d %v; want ok %v", c.body, dest, final, code, ok, c.ok)
		}
	}
}

// killed is the panic crashAt raises in tests: the watcher killed at that point.
type killed string

// killAt makes the n-th call of crashAt whose point starts with prefix kill the watcher (a
// panic that take's caller recovers, see takeKilled), for the rest of the test.
func killAt(t *testing.T, prefix string, n int) {
	t.Helper()
	old := crashAt
	t.Cleanup(func() { crashAt = old })
	calls := 0
	crashAt = func(point string) {
		if strings.HasPrefix(point, prefix) {
			if calls++; calls == n {
				panic(killed(point))
			}
		}
	}
}

// takeKilled takes the one group w finds ready as takeTheOne does, the watcher killed on the
// way (killAt); the point where it was, "" if it was not.
func takeKilled(t *testing.T, w *watcher, clk *clock) (at string) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			k, ok := p.(killed)
			if !ok {
				panic(p)
			}
			at = string(k)
		}
	}()
	takeTheOne(t, w, clk)
	return ""
}

// restart runs a watcher over dir, no longer killed, until it has sorted one file, imp
// answering its imports.
func restart(t *testing.T, dir string, imp func(context.Context, Task) Result) {
	t.Helper()
	crashAt = func(string) {}
	sortOne(t, Options{Dir: dir, SetNames: []string{"itens"}}, func(ctx context.Context, tk Task, _ func()) Result { return imp(ctx, tk) })
}

// filesIn lists the files under dir (slash-separated paths), the lock aside.
func filesIn(dir string) []string {
	var got []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != ".lock" {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	return got
}

// TestKilledMidClaim: a watcher killed between the moves that claim a record file and its
// set file leaves in processing/ the set file alone, never the record file alone: the next
// start moves the set file back and the two go together. The record file alone in
// processing/ would be imported at the next start without its set file, its quotes sent
// without their items.
func TestKilledMidClaim(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;2\n")
	touch(t, filepath.Join(dir, "vendas.itens.csv"), "a;c\n1;3\n")
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	var tasks []Task
	imp := func(_ context.Context, tk Task) Result {
		tasks = append(tasks, tk)
		return Result{}
	}
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, SetNames: []string{"itens"}, Import: imp}, discard())
	killAt(t, "claimed ", 1)
	if at := takeKilled(t, w, clk); at == "" {
		t.Fatal("not killed")
	}
	restart(t, dir, imp)
	if len(tasks) != 1 || tasks[0].Name != "vendas.csv" || len(tasks[0].SetFiles) != 1 || filepath.Base(tasks[0].SetFiles[0]) != "vendas.itens.csv" {
		t.Fatalf("imported %+v; want vendas.csv once, with vendas.itens.csv", tasks)
	}
	if got, want := filesIn(dir), []string{"done/vendas.csv", "done/vendas.csv.summary.json", "done/vendas.itens.csv"}; !slices.Equal(got, want) {
		t.Errorf("the folder holds %v, want %v", got, want)
	}
}

// TestKilledMidSort: a watcher killed after any of the moves that sort a failed file (its
// reports, summary, rows to fix, set file, then the file) finishes the sort at the next
// start: everything under the file's name in failed/, imported once, nothing left in
// processing/. (Killed after the file itself moved, only its emptied work folder is left,
// which the next start removes.)
func TestKilledMidSort(t *testing.T) {
	want := []string{"failed/corrigir/vendas.csv", "failed/vendas.csv", "failed/vendas.csv.report.jsonl", "failed/vendas.csv.report.xlsx",
		"failed/vendas.csv.summary.json", "failed/vendas.itens.csv"}
	for n := 1; n <= 6; n++ {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			dir := t.TempDir()
			touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;x\n")
			touch(t, filepath.Join(dir, "vendas.itens.csv"), "a;c\n1;3\n")
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			imports := 0
			imp := func(_ context.Context, tk Task) Result {
				imports++
				for _, p := range append(slices.Clone(tk.Reports), tk.Summary, filepath.Join(tk.Reimport, "vendas.csv")) {
					touch(t, p, "x\n")
				}
				return Result{ExitCode: 1}
			}
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, SetNames: []string{"itens"}, Import: imp}, discard())
			killAt(t, "sorted ", n)
			at := takeKilled(t, w, clk)
			if at == "" {
				t.Fatal("not killed")
			}
			if at != "sorted failed/vendas.csv" {
				restart(t, dir, imp)
			} else { // the file moved last: nothing left to sort, a start only looks
				r, err := os.OpenRoot(dir)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				testWatcher(Options{Dir: dir, Import: imp}, discard()).recover(context.Background(), r)
			}
			if got := filesIn(dir); !slices.Equal(got, want) || imports != 1 {
				t.Errorf("killed after %q: imported %d times, the folder holds\n%v\nwant\n%v", at, imports, got, want)
			}
		})
	}
}

// TestClaimPutsBackOnlyItsOwn: a claim that fails half-way (the record file's name still held
// in processing/ by one that could not be moved out) puts back the set file it had moved, and
// only that: never over a newer copy dropped under its name meanwhile, and never the file
// that holds the name in processing/, whose reports are in its work folder, though the
// newcomer of its name was deleted meanwhile.
func TestClaimPutsBackOnlyItsOwn(t *testing.T) {
	cases := []struct {
		name      string
		meanwhile func(dir string) // as the set file is claimed
		want      map[string]string
	}{
		{"a newer set file dropped", func(dir string) { touch(t, filepath.Join(dir, "vendas.itens.csv"), "mais novo\n") }, map[string]string{
			"vendas.itens.csv": "mais novo\n", "vendas.csv": "novo\n",
			filepath.Join(Processing, "vendas.csv"): "antigo\n", filepath.Join(Processing, "vendas.itens.csv"): "novo itens\n",
		}},
		{"the record file deleted", func(dir string) { os.Remove(filepath.Join(dir, "vendas.csv")) }, map[string]string{
			"vendas.itens.csv": "novo itens\n", filepath.Join(Processing, "vendas.csv"): "antigo\n",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			touch(t, filepath.Join(dir, Processing, "vendas.csv"), "antigo\n")
			touch(t, filepath.Join(dir, "vendas.csv"), "novo\n")
			touch(t, filepath.Join(dir, "vendas.itens.csv"), "novo itens\n")
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, SetNames: []string{"itens"},
				Import: func(context.Context, Task) Result { t.Error("imported"); return Result{} }}, discard())
			old := crashAt
			t.Cleanup(func() { crashAt = old })
			crashAt = func(point string) {
				if point == "claimed vendas.itens.csv" {
					c.meanwhile(dir)
				}
			}
			takeTheOne(t, w, clk)
			wantFiles(t, dir, c.want)
		})
	}
}

// TestListsAgainAfterEachImport: files found settled together are imported one at a time, the
// folder listed again after each import: one that a copy began to write over meanwhile (the
// team dropping a newer vendas.csv while compras.csv was imported) is taken only once that
// copy has settled, never as it stands half-written. The clock moves on two seconds at each
// look, and the copy writes a line at each look from the first import on, four in all.
func TestListsAgainAfterEachImport(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "a-compras.csv"), "a;b\n1;2\n")
	touch(t, filepath.Join(dir, "b-vendas.csv"), "a;b\n")
	var mu sync.Mutex
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	copying, lines := false, 0
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(2 * time.Second)
		if copying && lines < 4 {
			lines++
			f, err := os.OpenFile(filepath.Join(dir, "b-vendas.csv"), os.O_APPEND|os.O_WRONLY, 0)
			if err == nil {
				f.WriteString(strconv.Itoa(lines) + ";x\n")
				f.Close()
			}
		}
		return now
	}
	got := map[string]string{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- Run(ctx, Options{Dir: dir, Settle: time.Second, Poll: 5 * time.Millisecond, Now: clock, Logger: discard(),
			Import: func(_ context.Context, tk Task) Result {
				b, _ := os.ReadFile(tk.File)
				got[tk.Name] = string(b)
				if tk.Name == "a-compras.csv" {
					mu.Lock()
					copying = true // the newer copy starts as this one is imported
					mu.Unlock()
				}
				return Result{}
			},
			Finished: func(_ context.Context, f Finish) {
				if f.Name == "b-vendas.csv" {
					cancel()
				}
			}})
	}()
	waitFinished(t, errc)
	if want := "a;b\n1;x\n2;x\n3;x\n4;x\n"; got["b-vendas.csv"] != want {
		t.Errorf("b-vendas.csv imported as %q, want it whole, %q", got["b-vendas.csv"], want)
	}
}
