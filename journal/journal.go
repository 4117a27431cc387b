package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no C toolchain
	sqlite3 "modernc.org/sqlite/lib"
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
	// ErrPruned: the run's report lines were dropped by Prune.
	ErrPruned = errors.New("journal: the run's report lines were pruned")
	// ErrInvalid: a call's arguments make no sense (an empty outcome, a run id of 0).
	ErrInvalid = errors.New("journal: invalid argument")
	// ErrDamaged: Open found a file that is no SQLite database, or a damaged one.
	ErrDamaged = errors.New("it is damaged or is no journal; move it aside and run again (the next run is then a first run: an include Senior already has is read back, and skipped when its values are the same)")
	// ErrIsFolder: Open was given a folder where the journal's file goes.
	ErrIsFolder = errors.New("a folder, not a file")
)

// WriteError is returned once a group commit has failed (disk full, file removed, ...): the
// failed group's writes are lost, so the journal refuses every later write with the same
// error; reads still work.
type WriteError struct {
	Err error
	// SizeLimit is the limit on the size of the files this process writes (ulimit -f) that Err
	// may come from (SQLite says only "disk I/O error"); 0 when none. Error says it in
	// English; a caller that speaks another language says it itself, with Err alone.
	SizeLimit uint64
}

func (e *WriteError) Error() string {
	msg := e.Err.Error()
	return "journal: write failed: " + msg + writeHint(msg)
}
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
	// Summary is the caller's summary of the run, kept as it is (JSON) for RunSummary.Summary.
	Summary []byte
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
	Seq        int64 // the record's place in that run's input, every port's together
	// Place is the record's place among that run's records of its port (Mark.Place). For a
	// state written before the journal kept it (schema 5 or older) it is Seq, and SeqPlace
	// is set: such a place counted the records of every port of its run.
	Place     int64
	SeqPlace  bool
	Outcome   string // OutcomeInFlight or the caller's outcome word
	ValueHash string
	// Values are the values sent, opaque (JSON): what InFlight was given, unless Settle gave
	// others. They let a caller name the fields that differ from an accepted state.
	Values   []byte
	ID       string // the id the remote system gave the record
	Answer   string // the remote system's answer or message
	Attempts int
	At       time.Time
	// Origin is, for a skipped state, the run whose accepted state it was skipped by, and
	// OriginStarted when that run started; 0 for other states (and skipped states older than
	// the column).
	Origin        int64
	OriginStarted time.Time
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
	Pruned   time.Time      // zero: whole; else when Prune dropped its report lines
	// Summary is RunEnd.Summary as FinishRun kept it (Run only; nil: never finished, or none
	// given).
	Summary []byte
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
	ckpt  *checkpointer
	reads readStmts
	lock  runLock // the lock for runs, while LockRuns holds it

	upgradeMu sync.Mutex
	upgrade   Upgrade // what opening did to a journal of an older schema (TakeUpgrade)

	closeOnce sync.Once
	closeErr  error
}

// Option changes how Open opens a journal.
type Option func(*options)

type options struct {
	now      func() time.Time
	maxQueue int
	maxDelay time.Duration
	// checkpointEvery is how long the checkpointer lets commits gather before it copies them
	// into the database file.
	checkpointEvery time.Duration
	walRestart      int // bytes of WAL past which the WAL starts over
	pageSize        int
	forWriting      bool
}

// ForWriting has Open refuse a journal this process could only read (see checkWritable),
// for the commands that write it (run, watch); history and report read one they may only
// read.
func ForWriting() Option { return func(o *options) { o.forWriting = true } }

func withCheckpoints(every time.Duration, walRestart int) Option {
	return func(o *options) { o.checkpointEvery, o.walRestart = every, walRestart }
}

// The page size of a new journal. A record's row (its state and report lines) is about
// 600 bytes; with 16 KiB pages a commit of a few hundred records writes fewer WAL frames and
// rebalances pages less often than with SQLite's 4 KiB: about 20% less CPU per record in
// BenchmarkGroupCommit/ahead.
const pageSize = 16384

// The WAL starts over once it holds this much (see checkpointer); journal_size_limit in
// writePragmas then cuts the file back to it.
const walRestartBytes = 64 << 20

// WithClock sets the clock that stamps states and lines (default time.Now).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// withMaxQueue bounds the writes waiting for the writer; callers beyond it wait for a commit.
func withMaxQueue(n int) Option { return func(o *options) { o.maxQueue = n } }

// WithMaxDelay bounds how long a Settle or AddLines may wait for its commit when no InFlight
// or Flush brings one sooner (default 50 ms): what a killed process can lose of them, which
// then reads as in flight.
func WithMaxDelay(d time.Duration) Option { return func(o *options) { o.maxDelay = d } }

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

// Pragmas of the write connections (the writer's and the checkpointer's). WAL with
// synchronous=NORMAL commits without fsync (a commit is in the WAL file when it returns, so
// it survives a killed process); the busy timeout covers another process writing the same
// journal; temp_store and cache_size keep big groups in memory (16 MiB: 32 took the import of
// a million rows to 159 MB peak, over its 150 MB goal, for no rows per second); checkpoints are the
// checkpointer's (wal_autocheckpoint 0). Open adds journal_size_limit: a WAL file that grew
// past walRestartBytes is cut back when it starts over.
const writePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-16384)&_txlock=immediate" +
	"&_pragma=wal_autocheckpoint(0)"

// Pragmas of the read pool: query_only, so a read connection can never write.
const readPragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=query_only(1)&_pragma=cache_size(-8192)"

// Open opens the journal at path, creating it (and its missing directories) readable by the
// user only: directories 0700, the file 0600 (SQLite gives its -wal and -shm files the
// database file's mode), whatever the umask. It brings the schema up to date.
func Open(ctx context.Context, path string, opts ...Option) (j *Journal, err error) {
	defer func() {
		if err != nil {
			err = openError(path, err)
		}
	}()
	o := options{now: time.Now, maxQueue: 16384, maxDelay: 50 * time.Millisecond, pageSize: pageSize,
		checkpointEvery: 200 * time.Millisecond, walRestart: walRestartBytes}
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
	if o.forWriting {
		if err := checkWritable(abs); err != nil {
			return nil, err
		}
	}
	u := url.URL{Scheme: "file", Path: abs}
	// A page size holds only if set before the file has its first page, which switching it
	// to WAL writes; the DSN's pragmas run in an order of their own, so a new file gets its
	// page size and WAL mode here first.
	if o.pageSize > 0 {
		if err := firstPage(ctx, u.String(), abs, o.pageSize); err != nil {
			return nil, err
		}
	}
	wdb, err := sql.Open("sqlite", fmt.Sprintf("%s?%s&_pragma=journal_size_limit(%d)", u.String(), writePragmas, o.walRestart))
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(2) // the writer's, the checkpointer's
	wdb.SetMaxIdleConns(2)
	wdb.SetConnMaxLifetime(0)
	wdb.SetConnMaxIdleTime(0)
	up, err := migrate(ctx, wdb, migrationFiles, abs)
	if err != nil {
		wdb.Close()
		return nil, err
	}
	rdb, err := sql.Open("sqlite", u.String()+"?"+readPragmas)
	if err != nil {
		wdb.Close()
		return nil, err
	}
	rdb.SetMaxOpenConns(4)
	rdb.SetMaxIdleConns(4)
	w, err := startWriter(ctx, wdb, o.maxQueue, o.maxDelay)
	if err != nil {
		rdb.Close()
		wdb.Close()
		return nil, err
	}
	ckpt := startCheckpointer(wdb, o.checkpointEvery, o.walRestart/(o.pageSize+24), func() { w.restart.Store(true) })
	w.committed = ckpt.committed
	j = &Journal{path: abs, now: o.now, wdb: wdb, rdb: rdb, w: w, ckpt: ckpt, upgrade: up}
	j.reads.db = rdb
	return j, nil
}

// firstPage gives a new, empty journal file its page size and WAL mode. Processes that open
// the same new journal at once (cron jobs started together on a new machine) race for the
// switch to WAL, which needs the file to themselves; SQLite then answers SQLITE_BUSY at once,
// without waiting out a busy timeout (both would wait for the other). The loser tries again
// shortly, for up to 10 s, and finds the work done.
func firstPage(ctx context.Context, dsn, path string, pageSize int) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		fi, err := os.Stat(path)
		if err != nil || fi.Size() > 0 {
			return nil // made by another process (or gone: the open that follows says so)
		}
		db, err := sql.Open("sqlite", dsn+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return err
		}
		_, err = db.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", pageSize))
		db.Close()
		var se *sqlite.Error
		busy := errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY // extended codes keep it in the low byte
		if !busy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(10+rand.IntN(40)) * time.Millisecond):
		}
	}
}

// openError names the journal in an error of Open, and says what to do with a file that is
// no journal, or a damaged one.
func openError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "file is not a database") || strings.Contains(msg, "database disk image is malformed") {
		return &OpenError{Path: path, Err: fmt.Errorf("%w: %w", err, ErrDamaged)}
	}
	return &OpenError{Path: path, Err: err, hint: writeHint(msg), SizeLimit: sizeLimit(msg)}
}

// OpenError is an error of Open: "journal PATH: " and why. A caller that says it in another
// language names the journal itself and gives Reason, the system's or SQLite's words.
type OpenError struct {
	Path string
	Err  error
	hint string // what to do, when the reason is a known limit (writeHint)
	// SizeLimit is as WriteError's: Reason says it in English; a caller that speaks another
	// language gives Err's words and says it itself.
	SizeLimit uint64
}

func (e *OpenError) Error() string  { return "journal " + e.Path + ": " + e.Reason() }
func (e *OpenError) Reason() string { return e.Err.Error() + e.hint }
func (e *OpenError) Unwrap() error  { return e.Err }

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// TakeUpgrade is what opening did to a journal an older importer wrote, the first time it is
// asked (a watcher's files share one journal: said once); zero when nothing was migrated.
func (j *Journal) TakeUpgrade() Upgrade {
	j.upgradeMu.Lock()
	defer j.upgradeMu.Unlock()
	up := j.upgrade
	j.upgrade = Upgrade{}
	return up
}

// Close commits the writes still queued and closes the file. It returns the first write
// error the journal met, if any.
func (j *Journal) Close() error {
	j.closeOnce.Do(func() {
		err := j.w.close()
		j.ckpt.close()
		err = errors.Join(err, j.reads.close(), j.rdb.Close(), j.wdb.Close())
		j.closeErr = err
		j.lock.mu.Lock()
		if j.lock.f != nil {
			j.lock.f.Close()
			j.lock.f = nil
		}
		j.lock.mu.Unlock()
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
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			return fmt.Errorf("%w: name the journal's file (%s)", ErrIsFolder, filepath.Join(path, "journal.db"))
		}
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

// checkWritable finds, before SQLite does, a journal this process may only read: a file it
// may not write, a folder it may not write (WAL mode makes the -wal and -shm files beside the
// journal), a read-only file system. SQLite said only "unable to open database file" or
// "attempt to write a readonly database", or opened the file read-only and failed at the
// run's first write; the error here is the system's, naming the file or folder and its cause
// (permission, read-only file system, a folder missing), for the caller to say what to do.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".probe-*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			pe.Path = filepath.Dir(path) // the folder, not the probe's made-up name
		}
		return err
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

func mkdirUserOnly(dir string) error {
	fi, err := os.Stat(dir)
	if err == nil {
		if !fi.IsDir() {
			return &fs.PathError{Op: "mkdir", Path: dir, Err: syscall.ENOTDIR} // a file where a folder goes
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
