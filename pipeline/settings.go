package pipeline

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"seniorimporter/journal"
	"seniorimporter/outcome"
	"seniorimporter/soap"
	"seniorimporter/writers"
)

// NoGrace as Settings.Grace: an interrupt cancels the requests in flight at once (--grace 0).
const NoGrace time.Duration = -1

// Settings is everything a run needs; cmd/importer builds it from flags and the environment.
type Settings struct {
	Validate      bool // validate: every check, no sending; outcome valid
	ShowEnvelopes int  // validate: print the first N envelopes (password masked)
	Files         []string
	Input         InputOptions
	CatalogueDir  string

	Endpoint    string // G5 base URL
	CRMEndpoint string // CRM full URL
	G5          soap.Credentials
	CRM         soap.Credentials
	Mode        soap.Mode
	// Workers is the most requests in flight: the importer finds how many Senior takes, up
	// to it (FixedWorkers: exactly it).
	Workers      int
	FixedWorkers bool
	GiveUpAfter  time.Duration // Senior unreachable this long: the run stops (exit 2)
	MaxAnswer    int64         // bytes of an answer read at most (0: soap.DefaultMaxAnswer)

	// Journal keeps what every run did (nil: no journal: validate, --no-journal); the caller
	// opens and closes it. Force sends every record whatever the journal says; OnExisting
	// ("error", the default, or "alter") is what happens to an include of a record imported
	// before with other values. Command names the run in the journal ("run", "watch").
	Journal    *journal.Journal
	Force      bool
	OnExisting string
	Command    string
	Rate       float64 // requests per second; 0 = unlimited
	Timeout    time.Duration
	Retries    int
	Backoff    time.Duration // first retry delay
	MaxBackoff time.Duration // cap
	Batch      int
	Grace      time.Duration // time in-flight requests get after an interrupt; 0: 10 s; NoGrace: none
	CAFile     string
	Insecure   bool

	Reports []string // report paths, format by extension
	// OwnReports: the last OwnReports of Reports are the caller's own (a temporary JSONL report
	// the metrics file is made from): written like the others, but neither printed nor
	// logged as the run's reports, and a run of no other report is one with no report asked
	// for (the summary says how to write one from the journal).
	OwnReports int
	Reimport   string // re-import directory ("" = none): failed rows in files named like the inputs
	Summary    string // summary JSON path ("" = none)
	// Outputs is where Reports, Summary and Reimport are made (nil: by their paths, links
	// followed, as a user's command line means them). The watcher gives a writers.Folder on
	// a dropped file's work folder, held open: whoever writes to the drop folder's share could
	// put a link to another folder in its place while the file is imported, and the reports,
	// the rows' values the dropper chose in them, went there. A Folder takes only paths in its
	// folder: a report elsewhere (an OwnReports in the temporary folder) is refused.
	Outputs writers.Files
	// Reads are the files the run reads besides its inputs (the mapping, a password file, the
	// journal), Writes the outputs others write after it (--metrics-file): no output may be
	// one of them, nor an input (CheckOutputs).
	Reads, Writes []NamedPath
	Lang          outcome.Lang
	Quiet         bool
	// LogProgress logs the progress lines of a run that is Quiet otherwise (a watcher's
	// file: no printed summary, no bar; a 20,000-row file against a slow Senior was minutes
	// without a line).
	LogProgress bool

	Stdout, Stderr io.Writer
	Logger         *slog.Logger
	Terminal       bool            // stderr is a terminal: show a progress bar
	ProgressEvery  time.Duration   // plain log lines when not a terminal; 0 = 10s
	HTTPClient     *http.Client    // tests may pass their own; nil = soap.NewHTTPClient
	Hurry          <-chan struct{} // closed on a second interrupt: end the grace period at once
	Now            func() time.Time

	window int         // tests: how far sending may run ahead of the report (0: dispatcher.window)
	settle settleTimes // tests: shorter waits for a file being written (settle.go)
	peak   *int        // tests: receives the most records that ever waited for the report
	// tests: the limit on open files in place of the process's (nil: openFileLimit)
	openFiles func() (uint64, bool)
}

func (s *Settings) defaults() {
	if s.Workers <= 0 {
		s.Workers = 64
	}
	if s.GiveUpAfter <= 0 {
		s.GiveUpAfter = 5 * time.Minute
	}
	if s.Timeout <= 0 {
		s.Timeout = 60 * time.Second
	}
	if s.Backoff <= 0 {
		s.Backoff = 500 * time.Millisecond
	}
	if s.MaxBackoff <= 0 {
		s.MaxBackoff = 30 * time.Second
	}
	if s.Batch <= 0 {
		s.Batch = 1
	}
	if s.Grace == 0 {
		s.Grace = 10 * time.Second
	}
	if s.Mode == "" {
		s.Mode = soap.ModeSync
	}
	if s.OnExisting == "" {
		s.OnExisting = "error"
	}
	if s.Command == "" {
		s.Command = "run"
	}
	if s.Lang == "" {
		s.Lang = outcome.PT
	}
	if s.Input.Lang == "" {
		s.Input.Lang = s.Lang
	}
	if s.Stdout == nil {
		s.Stdout = io.Discard
	}
	if s.Stderr == nil {
		s.Stderr = io.Discard
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.NewTextHandler(s.Stderr, nil))
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.ProgressEvery <= 0 {
		s.ProgressEvery = 10 * time.Second
	}
}

// ConfigError is a problem with the run's settings or inputs that stops it before it starts.
type ConfigError struct{ Err error }

// NamedPath is a file path with the flag that named it (--mapping, --metrics-file).
type NamedPath struct{ Flag, Path string }

// OutputConflict is CheckOutputs' refusal of outputs that name files the run reads (every
// one of them, not the first alone): the caller must not write those outputs either, not
// even a refused run's summary there, nor name one to --on-finish as the summary.
type OutputConflict struct {
	Paths []string // the outputs refused, as given
	msg   string
}

func (e *OutputConflict) Error() string { return e.msg }

// Conflicts reports whether err refused the output path (an *OutputConflict naming it).
func Conflicts(err error, path string) bool {
	var oc *OutputConflict
	return path != "" && errors.As(err, &oc) && slices.Contains(oc.Paths, path)
}

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// asked are the reports the user asked for (Reports less the caller's own).
func (s Settings) asked() []string {
	return s.Reports[:len(s.Reports)-min(max(s.OwnReports, 0), len(s.Reports))]
}

// Asked are the reports the user asked for (Reports less the caller's own): a job's step not
// run has them moved out of the way (see writers.Abandon).
func (s Settings) Asked() []string { return s.asked() }
