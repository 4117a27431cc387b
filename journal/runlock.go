package journal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// ErrNoLock: the journal's file system takes no locks (some network mounts), or this system
// has none: LockRuns could not keep a second run out, and the caller should say so.
var ErrNoLock = errors.New("journal: the file system takes no locks")

// runLock is the journal's lock for runs while this Journal holds it.
type runLock struct {
	mu   sync.Mutex
	f    *os.File // nil: not held
	what string   // who holds it, as written in the lock file
}

// lockPoll is how often a waiting run tries the lock again; lockRemind, how often it says
// again that it waits (a variable for tests).
const lockPoll = 100 * time.Millisecond

var lockRemind = 5 * time.Minute

// LockRuns takes the journal's lock for runs, waiting while another run holds it: one run at
// a time sends with a journal, so two runs of the same records (a nightly job started again
// while the last one still runs, the same file in two terminals, a watcher and a run by hand)
// never both send them; the second waits its turn, then finds them done. Reading the journal
// (history, report) takes no lock. The lock is a file beside the journal (its name with
// ".lock"), locked with flock, so it goes with its process however that ends: a killed run
// never leaves it held.
//
// waiting, if not nil, is called with what the lock file says of the run holding it ("run 12,
// pid 3456 on host, since 2026-11-30T16:05:03Z") when LockRuns has to wait, and again every
// five minutes while it waits, so that a log read later shows a wait that lasts. It
// returns ctx's error when ctx ends first, and ErrNoLock (with a release that does nothing)
// when the file system takes no locks. release gives the lock back; StartRun writes the run's
// number into the lock file meanwhile.
func (j *Journal) LockRuns(ctx context.Context, waiting func(holder string)) (release func(), err error) {
	real, err := filepath.EvalSymlinks(j.path)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(real+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	var tick *time.Ticker
	var told time.Time
	for {
		held, err := tryLock(f)
		if err != nil {
			f.Close()
			return func() {}, fmt.Errorf("%w: %v", ErrNoLock, err)
		}
		if held {
			break
		}
		if tick == nil {
			tick = time.NewTicker(lockPoll)
			defer tick.Stop()
		}
		if waiting != nil && (told.IsZero() || time.Since(told) >= lockRemind) {
			told = time.Now()
			waiting(holder(f))
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
	j.lock.mu.Lock()
	j.lock.f = f
	j.lock.what = fmt.Sprintf("pid %d", os.Getpid())
	if host, err := os.Hostname(); err == nil {
		j.lock.what += " on " + host
	}
	j.lock.what += ", since " + j.now().UTC().Format(time.RFC3339)
	j.lock.note("")
	j.lock.mu.Unlock()
	return func() {
		j.lock.mu.Lock()
		defer j.lock.mu.Unlock()
		if j.lock.f == f {
			f.Truncate(0)
			f.Close() // closing the last descriptor lets the lock go
			j.lock.f = nil
		}
	}, nil
}

// note writes who holds the lock into the lock file, for a run waiting on it (run: "run 12, "
// once the run has its number). Called with mu held; a failure only leaves the note older.
func (l *runLock) note(run string) {
	if l.f == nil {
		return
	}
	if err := l.f.Truncate(0); err == nil {
		l.f.WriteAt([]byte(run+l.what+"\n"), 0)
	}
}

// holder is what the lock file says of its holder, on one line.
func holder(f *os.File) string {
	b := make([]byte, 256)
	n, _ := f.ReadAt(b, 0)
	s := strings.TrimSpace(strings.ToValidUTF8(string(b[:n]), "?"))
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "?"
	}
	return s
}

// Running is the run that holds the journal's lock for runs now, if one does (a run waiting
// for Senior for hours is not one that was killed); ok is false when none does or it cannot
// be told (no lock file, a file system without locks). The lock is looked at, not taken.
func (j *Journal) Running() (run int64, ok bool) {
	real, err := filepath.EvalSymlinks(j.path)
	if err != nil {
		return 0, false
	}
	f, err := os.Open(real + ".lock")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	if held, err := heldByAnother(f); err != nil || !held {
		return 0, false
	}
	var n int64
	if _, err := fmt.Sscanf(holder(f), "run %d,", &n); err != nil {
		return 0, false
	}
	return n, true
}
