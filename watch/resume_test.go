package watch

import (
	"context"
	"os"
	"path/filepath"
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
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		errc := make(chan error, 1)
		go func() {
			errc <- Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, MaxStarts: 3, Logger: discard(),
				Import: func(ctx context.Context, t Task) Result {
					tasks = append(tasks, t)
					if stop {
						cancel() // stopped while the rows went: the import ends interrupted
						return Result{ExitCode: exitInterrupted}
					}
					return Result{}
				},
				Finished: func(context.Context, Finish) { cancel() },
			})
		}()
		waitFinished(t, errc)
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
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- Run(ctx, Options{Dir: dir, Settle: time.Millisecond, Poll: 10 * time.Millisecond, Logger: discard(),
			Import: func(ctx context.Context, t Task) Result {
				imported = append(imported, t.Name)
				return Result{}
			},
			Finished: func(context.Context, Finish) { cancel() },
		})
	}()
	waitFinished(t, errc)
	for p, want := range map[string]string{"vendas.csv": "primeiro\n", "vendas_2.csv": "segundo\n"} {
		if b, err := os.ReadFile(filepath.Join(dir, Done, p)); err != nil || string(b) != want {
			t.Errorf("done/%s: %q, %v; want %q", p, b, err, want)
		}
	}
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
