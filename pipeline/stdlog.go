package pipeline

import (
	"io"
	"log"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"seniorimporter/outcome"
)

// The standard library's log package is where net/http's transport says what it has to say
// on its own: "Unsolicited response received on idle HTTP channel starting with %q", quoting
// what a server sent past its answer's Content-Length (up to 4 KiB). A server that echoes the
// request there (a proxy that miscounts, a test server) put the envelope, password and all, on
// stderr, past the redactor (and as a line of plain text in a JSON log). While a run sends,
// such lines go to its log, at WARN, with every password blanked; outside a run, to where the
// package wrote before, blanked too (a line can come late: the transport's reader finds the
// stray bytes on its own time, perhaps after the run ended).
var stdLog struct {
	sync.Mutex
	prev      io.Writer // where the log package wrote before (nil: not taken over yet)
	prevFlags int
	runs      []*stdLogRun // the runs sending now, the latest last
	redact    redactor     // every password a run of this process was given
}

type stdLogRun struct {
	log  *slog.Logger // nil: the run logs through the log package itself (slog's default handler)
	lang outcome.Lang
}

// slogDefaultHandler is the type of slog's own default handler, which writes through the log
// package's standard logger. That logger holds its output's lock while it writes: a line
// taken over here and passed to a run's logger of this kind would wait on that lock, held by
// the same goroutine, for ever (net/http's reader stuck, and every later log line with it).
// Such a run's lines go where that handler writes anyway: to prev.
var slogDefaultHandler = reflect.TypeOf(slog.Default().Handler())

// stdLogTake: one run at a time takes the log package's output over (adoptStdLog).
var stdLogTake sync.Mutex

// stdLogWriter is the log package's output once a run has taken it over.
type stdLogWriter struct{}

// stdLogBusy: a line is going to a run's log. A logger whose handler writes to this writer
// directly (one made with log.Writer() once it was taken over) would come back here: that
// line goes to prev instead. One that writes through the log package (slog's default
// handler) never comes back: it would wait on the package's lock (see slogDefaultHandler).
var stdLogBusy atomic.Bool

func (stdLogWriter) Write(p []byte) (int, error) {
	stdLog.Lock()
	text := stdLog.redact.textCut(string(p))
	var run *stdLogRun
	if n := len(stdLog.runs); n > 0 {
		run = stdLog.runs[n-1]
	}
	prev, flags := stdLog.prev, stdLog.prevFlags
	stdLog.Unlock()
	if run != nil && run.log != nil && stdLogBusy.CompareAndSwap(false, true) {
		defer stdLogBusy.Store(false)
		run.log.Warn(run.lang.LogGoLibrary(), "said", strings.TrimRight(text, "\n"))
		return len(p), nil
	}
	if flags&(log.Ldate|log.Ltime) != 0 {
		text = time.Now().Format("2006/01/02 15:04:05 ") + text
	}
	if _, err := io.WriteString(prev, text); err != nil {
		return 0, err
	}
	return len(p), nil
}

// adoptStdLog sends the log package's lines to logger, with the passwords of r blanked, until
// the function it returns is called.
func adoptStdLog(logger *slog.Logger, lang outcome.Lang, r redactor) (done func()) {
	run := &stdLogRun{log: logger, lang: lang}
	if reflect.TypeOf(logger.Handler()) == slogDefaultHandler {
		run.log = nil
	}
	// The log package's lock (log.Writer, SetOutput) is taken with stdLog's not held: a line
	// being written holds the package's lock and waits on stdLog's (Write), so holding
	// stdLog's while waiting on the package's was a deadlock, both for ever (a run starting
	// while a line of an earlier run's transport was written: the watcher's next file).
	stdLogTake.Lock()
	defer stdLogTake.Unlock()
	w, flags := log.Writer(), log.Flags()
	_, ours := w.(stdLogWriter)
	stdLog.Lock()
	if !ours {
		// First time, or someone set another output since: that one is where lines go
		// outside a run.
		stdLog.prev, stdLog.prevFlags = w, flags
	}
	for _, s := range r.secrets {
		if !slices.Contains(stdLog.redact.secrets, s) {
			stdLog.redact.secrets = append(stdLog.redact.secrets, s)
		}
	}
	stdLog.runs = append(stdLog.runs, run)
	stdLog.Unlock()
	if !ours {
		log.SetOutput(stdLogWriter{})
		log.SetFlags(0) // a run's log says the time itself
	}
	return func() {
		stdLog.Lock()
		defer stdLog.Unlock()
		if i := slices.Index(stdLog.runs, run); i >= 0 {
			stdLog.runs = slices.Delete(stdLog.runs, i, i+1)
		}
	}
}
