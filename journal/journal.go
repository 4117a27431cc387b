package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no C toolchain
)

// OutcomeInFlight is the state of a record whose request may be out: marked durably before
// it goes, replaced by an outcome when its answer is known. A record whose last state is
// in flight may or may not have landed.
const OutcomeInFlight = "in_flight"

// Errors callers may test with errors.Is.
var (
	// ErrNoRun: no run has that id.
	ErrNoRun = errors.New("journal: no such run")
	// ErrClosed: the journal was closed.
	ErrClosed = errors.New("journal: closed")
	// ErrNewerSchema: the file was written by a newer version of the program.
	ErrNewerSchema = errors.New("journal: the database has a newer schema than this program knows")
	// ErrNoHome: neither XDG_STATE_HOME nor HOME says where the default journal goes.
	ErrNoHome = errors.New("journal: neither XDG_STATE_HOME nor HOME is set")
	// ErrInvalid: a call's arguments make no sense (an empty outcome, a run id of 0).
	ErrInvalid = errors.New("journal: invalid argument")
)

// WriteError is returned once a group commit has failed (disk full, file removed, ...): the
// failed group's writes are lost, so the journal refuses every later write with the same
// error; reads still work.
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return "journal: write failed: " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// RunInfo describes a run when it starts.
type RunInfo struct {
	Command  string
	Settings map[string]string // no secrets: the caller filters them
	Inputs   []Input
	Started  time.Time
}

// Input is one input file of a run.
type Input struct {
	Path   string
	SHA256 string
	Size   int64
}

// RunEnd describes a run when it finishes.
type RunEnd struct {
	Finished time.Time
	Rows     int
	Records  int
	Outcomes map[string]int // rows per outcome
	ExitCode int
}

// Key names a record: target (opaque: the endpoint's host and path and the user), port and
// the record's key. A target is never another target: the same port and key under another
// target is another record.
type Key struct {
	Target, Port, Key string
}

// State is a record's state in one run.
type State struct {
	Run        int64
	RunStarted time.Time
	Outcome    string // OutcomeInFlight or the caller's outcome word
	ValueHash  string
	// Values are the values sent, opaque (JSON): what InFlight was given, unless Settle gave
	// others. They let a caller name the fields that differ from an accepted state.
	Values   []byte
	ID       string // the id the remote system gave the record
	Answer   string // the remote system's answer or message
	Attempts int
	At       time.Time
}

// RunSummary is what the journal knows of a run.
type RunSummary struct {
	ID       int64
	Command  string
	Settings map[string]string
	Inputs   []Input
	Started  time.Time
	Finished time.Time      // zero: never finished
	Rows     int            // as given to FinishRun
	Records  int            // as given to FinishRun
	Outcomes map[string]int // rows per outcome, as given to FinishRun
	ExitCode *int           // nil: never finished (killed)
	// Settled counts, for a run that never finished, its records by their state in that run
	// (records, not rows: a killed run never reported its rows' counts). Nil for a finished
	// run.
	Settled map[string]int
}

// Journal is an open journal file. Its methods are safe for concurrent use.
type Journal struct {
	path  string
	now   func() time.Time
	wdb   *sql.DB // one connection, owned by the writer goroutine
	rdb   *sql.DB // the read pool
	w     *writer
	reads readStmts

	closeOnce sync.Once
	closeErr  error
}

// Option changes how Open opens a journal.
type Option func(*options)

type options struct {
	now      func() time.Time
	maxQueue int
}

// WithClock sets the clock that stamps states and lines (default time.Now).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// withMaxQueue bounds the writes waiting for the writer; callers beyond it wait for a commit.
func withMaxQueue(n int) Option { return func(o *options) { o.maxQueue = n } }

// DefaultPath is where the journal lives when no path is given:
// $XDG_STATE_HOME/senior-importer/journal.db, else ~/.local/state/senior-importer/journal.db.
// A relative XDG_STATE_HOME is ignored, as the XDG specification asks.
func DefaultPath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "senior-importer", "journal.db"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", ErrNoHome
	}
	return filepath.Join(home, ".local", "state", "senior-importer", "journal.db"), nil
}

// Pragmas of the write connection. WAL with synchronous=NORMAL commits without fsync (a
// commit is in the WAL file when it returns, so it survives a killed process); the busy
// timeout covers another process writing the same journal; temp_store and cache_size keep
// big groups in memory.
const writePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32768)&_txlock=immediate"

// Pragmas of the read pool: query_only, so a read connection can never write.
const readPragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=query_only(1)&_pragma=cache_size(-8192)"

// Open opens the journal at path, creating it (and its missing directories) readable by the
// user only: directories 0700, the file 0600 (SQLite gives its -wal and -shm files the
// database file's mode), whatever the umask. It brings the schema up to date.
func Open(ctx context.Context, path string, opts ...Option) (*Journal, error) {
	o := options{now: time.Now, maxQueue: 8192}
	for _, f := range opts {
		f(&o)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := createUserOnly(abs); err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: abs}
	wdb, err := sql.Open("sqlite", u.String()+"?"+writePragmas)
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	wdb.SetConnMaxIdleTime(0)
	if err := migrate(ctx, wdb, migrationFiles); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("journal %s: %w", abs, err)
	}
	rdb, err := sql.Open("sqlite", u.String()+"?"+readPragmas)
	if err != nil {
		wdb.Close()
		return nil, err
	}
	rdb.SetMaxOpenConns(4)
	rdb.SetMaxIdleConns(4)
	w, err := startWriter(ctx, wdb, o.maxQueue)
	if err != nil {
		rdb.Close()
		wdb.Close()
		return nil, fmt.Errorf("journal %s: %w", abs, err)
	}
	j := &Journal{path: abs, now: o.now, wdb: wdb, rdb: rdb, w: w}
	j.reads.db = rdb
	return j, nil
}

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Close commits the writes still queued and closes the file. It returns the first write
// error the journal met, if any.
func (j *Journal) Close() error {
	j.closeOnce.Do(func() {
		err := j.w.close()
		err = errors.Join(err, j.reads.close(), j.rdb.Close(), j.wdb.Close())
		j.closeErr = err
	})
	return j.closeErr
}

// createUserOnly creates the file's missing directories with mode 0700 and the file itself
// with mode 0600, both set by chmod so the umask cannot widen or narrow them. An existing
// file or directory is left as it is: its mode is its owner's choice.
func createUserOnly(path string) error {
	if err := mkdirUserOnly(filepath.Dir(path)); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func mkdirUserOnly(dir string) error {
	fi, err := os.Stat(dir)
	if err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("journal: %s is not a directory", dir)
		}
		return nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := mkdirUserOnly(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil // made by someone else meanwhile: theirs
		}
		return err
	}
	return os.Chmod(dir, 0o700)
}

// Times of runs are stored as ISO-8601 text in UTC with milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
