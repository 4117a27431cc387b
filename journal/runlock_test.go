package journal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLockRuns: two journals open on the same file (two runs, as two processes would have
// them) take the lock for runs one after the other: the second waits, is told who holds it
// (once, within lockRemind), and goes once the first lets go; a wait ends with its context; a
// link to the journal is the same journal.
func TestLockRuns(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	a, err := Open(ctx, path, WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, link)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	releaseA, err := a.LockRuns(ctx, func(h string) { t.Errorf("the first run waited for %q", h) })
	if err != nil {
		t.Fatal(err)
	}
	run := startRun(t, a, "first")
	if fi, err := os.Stat(path + ".lock"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("lock file: %v, %v", fi, err)
	}

	// A wait that ends with its context.
	short, cancel := context.WithTimeout(ctx, 3*lockPoll)
	defer cancel()
	if _, err := b.LockRuns(short, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("LockRuns while held, context ended: %v, want DeadlineExceeded", err)
	}

	told := make(chan string, 2)
	got := make(chan error, 1)
	var releaseB func()
	go func() {
		var err error
		releaseB, err = b.LockRuns(ctx, func(h string) { told <- h })
		got <- err
	}()
	var h string
	select {
	case h = <-told:
	case err := <-got:
		t.Fatalf("the second run took the lock while the first held it (%v)", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the second run was not told it waits")
	}
	host, _ := os.Hostname()
	want := "run " + strconv.FormatInt(run, 10) + ", pid " + strconv.Itoa(os.Getpid()) + " on " + host + ", since 2025-11-03T02:00:00Z"
	if !strings.HasPrefix(h, want) {
		t.Errorf("holder %q, want it to start with %q", h, want)
	}
	select {
	case err := <-got:
		t.Fatalf("the second run went on while the first held the lock (%v)", err)
	case <-time.After(5 * lockPoll):
	}
	releaseA()
	releaseA() // twice is once
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second run did not get the lock once the first let go")
	}
	if len(told) != 0 {
		t.Errorf("waiting was called again before lockRemind: %q", <-told)
	}
	// Closing a journal lets its lock go too.
	b.Close()
	if release, err := a.LockRuns(ctx, func(h string) { t.Errorf("closed journal's lock still held by %q", h) }); err != nil {
		t.Fatal(err)
	} else {
		release()
	}
	releaseB() // after Close: nothing to do
}

// A wait that lasts is said again every lockRemind.
func TestLockRunsReminds(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	defer func(d time.Duration) { lockRemind = d }(lockRemind)
	lockRemind = 3 * lockPoll
	ctx := context.Background()
	a, b := twoJournals(t)
	release, err := a.LockRuns(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	told := 0
	wait, cancel := context.WithTimeout(ctx, 10*lockRemind+lockRemind/2)
	defer cancel()
	if _, err := b.LockRuns(wait, func(string) { told++ }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
	if told < 2 || told > 12 { // more than once, and far fewer than the ~30 polls
		t.Errorf("told %d times over about 10 reminders", told)
	}
}

// TestRunning: the run that holds the lock is the one going on, told from another journal
// (history in another process); none before it starts, and none once it lets go; looking
// does not take the lock.
func TestRunning(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	ctx := context.Background()
	a, b := twoJournals(t)
	if n, ok := b.Running(); ok {
		t.Fatalf("running %d before any lock", n)
	}
	release, err := a.LockRuns(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	run := startRun(t, a, "first")
	for range 2 { // looking again finds the same, and leaves the lock where it is
		if n, ok := b.Running(); !ok || n != run {
			t.Errorf("running %d, %v; want %d", n, ok, run)
		}
	}
	release()
	if n, ok := b.Running(); ok {
		t.Errorf("running %d after the lock was let go", n)
	}
	r2, err := b.LockRuns(ctx, func(h string) { t.Errorf("looking kept the lock: %q", h) })
	if err != nil {
		t.Fatal(err)
	}
	r2()
}

// twoJournals opens one new journal twice, as two processes would (the first on a fixed
// clock); both are closed when the test ends.
func twoJournals(t *testing.T) (a, b *Journal) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	var err error
	if a, err = Open(context.Background(), path, WithClock(fixedClock())); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if b, err = Open(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}
