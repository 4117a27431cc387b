package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/scratch"
	"seniorimporter/templates"
	"seniorimporter/writers"
)

// Run imports (or validates) the files and writes the reports. It returns the summary; its
// ExitCode is the process's exit code. An error is returned only when the run could not start
// (exit 2); every row's fate is in the reports.
func Run(ctx context.Context, cfg Settings) (outcome.Summary, error) {
	cfg.defaults()
	started := cfg.Now()
	runID := new(atomic.Int64)
	cfg.Logger = slog.New(runTagged{cfg.Logger.Handler(), runID})
	r := &run{cfg: cfg, tally: outcome.NewTally(started), logRun: runID}
	sum, err := r.do(ctx)
	if cfg.peak != nil {
		*cfg.peak = r.peak
	}
	if err != nil {
		cfg.Logger.Error(cfg.Lang.LogRunNotStarted(), "error", err)
		// Interrupted meanwhile (while it waited for the journal, say), the run is what a run
		// interrupted is, 130, as one that started is: an operator's stop is no broken setting.
		code := outcome.ExitAborted
		if interruptedBy(ctx) != "" {
			code = outcome.ExitInterrupted
		}
		return outcome.Summary{Started: started, Finished: cfg.Now(), ExitCode: code}, err
	}
	return sum, nil
}

// run is one run's state: what stages share while records flow from the inputs to the
// reports.
type run struct {
	cfg     Settings
	tally   *outcome.Tally
	reports []writers.Writer
	sender  *sender

	mu          sync.Mutex // guards the ordered emission (emit.go)
	next        int
	waiting     map[int][]*outcome.Line
	emitted     *sync.Cond    // signalled (with mu) when next moves on
	peak        int           // most records ever waiting (tests check the window holds)
	werrs       []error       // per report writer, its first failure (with mu)
	closed      []atomic.Bool // per report writer, closed whole (abandon leaves it be)
	summaryDone atomic.Bool   // the summary file written, or tried (abandon leaves it be)
	written     []string      // the reports written whole, once closed

	journal    *journaling           // nil: the run keeps no journal
	logRun     *atomic.Int64         // the run's number in the journal, on every log line once set (runTagged)
	journalErr atomic.Pointer[error] // the journal's first failure

	rowsDone atomic.Int64
	rowsBad  atomic.Int64
	aborted  atomic.Bool
	// stopFirst stops the run before anything is sent (the journal's lock never came): every
	// record not_sent, saying why.
	stopFirst *stopError
	shown     int
}

func (r *run) do(ctx context.Context) (outcome.Summary, error) {
	cfg := r.cfg
	started := cfg.Now()
	if err := CheckOutputsEarly(cfg); err != nil {
		return outcome.Summary{}, err
	}
	// The temporary folder, before anything is read or sent (a TMPDIR that is missing was
	// found half-way, blamed on a workbook "damaged"); made now, it also sweeps what killed
	// runs left there. Only a run of workbooks needs it for sure (shared strings, report
	// parts): a CSV run, which needs it for a UTF-16 file only, is warned and goes on.
	if _, err := scratch.Dir(); err != nil {
		why := fmt.Errorf("%s: %w", cfg.Lang.TempFolderUnusable(os.TempDir(), tempCause(err)), err)
		if slices.ContainsFunc(append(slices.Clone(cfg.Files), cfg.Reports...), readers.IsWorkbook) {
			return outcome.Summary{}, &ConfigError{why}
		}
		cfg.Logger.Warn(why.Error())
	}
	cat, err := templates.Load(cfg.CatalogueDir)
	if err != nil {
		return outcome.Summary{}, &ConfigError{err}
	}
	for _, rp := range cat.Replaced() {
		w := cfg.Lang.PortReplaced(filepath.Join(rp.Dir, rp.File), rp.Port)
		cfg.Logger.Warn(w)
		r.tally.AddWarning(filepath.Join(rp.Dir, rp.File), w)
	}
	if len(cfg.Files) == 0 {
		return outcome.Summary{}, &ConfigError{errors.New("no input files")}
	}
	// Opening reads only headers; an interrupt meanwhile is handled by process, which reports
	// every row not_sent, so opening does not stop for it.
	cfg.Input.KeepCells = cfg.Reimport != "" || cfg.Journal != nil && !cfg.Validate || slices.ContainsFunc(cfg.Reports, writers.NeedsCells)
	inputs, err := OpenInputs(context.WithoutCancel(ctx), cat, cfg.Files, cfg.Input)
	if err != nil {
		return outcome.Summary{}, &ConfigError{err}
	}
	defer func() {
		for _, in := range inputs {
			in.Close()
		}
	}()
	if err := CheckOutputs(inputs, cfg); err != nil {
		return outcome.Summary{}, err
	}
	// Dependency order: categories, contas, compromissos, orçamentos, then the read ports.
	slices.SortStableFunc(inputs, func(a, b *Input) int { return a.Port.Order - b.Port.Order })
	// A field a port file adds to a port and not to its read-back's answer: said for the
	// ports this run imports (it was said on every run, of contas as of quotes).
	for _, u := range cat.Unread() {
		if slices.ContainsFunc(inputs, func(in *Input) bool { return in.Port.Name == u.Port }) {
			w := cfg.Lang.FieldNotReadBack(u.Port, u.Field, u.ReadPort)
			cfg.Logger.Warn(w)
			r.tally.AddWarning(cfg.CatalogueDir, w)
		}
	}
	var sources []writers.SourceInfo
	for _, in := range inputs {
		sources = append(sources, in.Sources()...)
		for _, w := range in.Warnings {
			cfg.Logger.Warn(cfg.Lang.LogFileWarning(), fileAttrs(in.File, "warning", w)...)
			r.tally.AddWarning(in.File, w)
		}
		for _, p := range in.Unread {
			cfg.Logger.Error(cfg.Lang.LogFileProblem(), fileAttrs(p.File, "problem", p.Message)...)
			r.tally.AddFileProblem(p.File, p.Message)
		}
		for file, cs := range in.Charsets() {
			r.tally.SetCharset(file, cs)
		}
	}
	journalStarts := false
	if !cfg.Validate {
		// Each request in flight holds a connection: no more of them than the limit on open
		// files leaves room for.
		limitOf := cfg.openFiles
		if limitOf == nil {
			limitOf = openFileLimit
		}
		limit, known := limitOf()
		if most := fitWorkers(cfg.Workers, limit, known); most < cfg.Workers {
			w := cfg.Lang.FewOpenFiles(limit, cfg.Workers, most, uint64(cfg.Workers)+filesBesideRequests)
			cfg.Logger.Warn(w)
			r.tally.AddWarning("", w)
			cfg.Workers = most
		}
		if r.sender, err = newSender(cfg, cat); err != nil {
			return outcome.Summary{}, &ConfigError{err}
		}
		defer r.sender.close()
		defer adoptStdLog(cfg.Logger, cfg.Lang, r.sender.redact)()
		if r.sender.proxy != nil {
			for _, v := range unreadProxies(os.Getenv, cfg.Endpoint, cfg.CRMEndpoint) {
				w := cfg.Lang.ProxyVariableUnread(v)
				cfg.Logger.Warn(w, "variable", v)
				r.tally.AddWarning("", w)
			}
		}
		if cfg.Journal != nil {
			release, ok, err := r.lockJournal(ctx)
			if err != nil {
				return outcome.Summary{}, err
			}
			defer release()
			journalStarts = ok
		}
	}
	// The reports are opened once the journal is this run's (or was waited for in vain): a run
	// that waited for another holding it (cron starting the night's run while the night
	// before's still goes), with the same --report, replaced the other's JSON Lines report
	// as it opened its own; the other went on writing into a file no longer at the path, and
	// the path held this run's lines. One that would still replace a report another run
	// writes (it gave up waiting) does not start.
	if err := r.openReports(sources); err != nil {
		return outcome.Summary{}, &ConfigError{err}
	}
	abandon := r.abandon
	abandoning.Store(&abandon)
	defer abandoning.CompareAndSwap(&abandon, nil)
	if journalStarts {
		if err := r.startJournal(inputs, started); err != nil {
			r.closeReports(nil)
			return outcome.Summary{}, err
		}
	}
	r.waiting = map[int][]*outcome.Line{}
	r.emitted = sync.NewCond(&r.mu)

	stopProgress := r.progress(ctx, inputs)
	interrupted := r.process(ctx, inputs)
	stopProgress()
	if r.sender != nil {
		r.tally.SetLimit(r.sender.lim.limit())
		r.tally.SetPassingFaults(r.sender.passingFaults())
	}

	sum := r.tally.Summary(cfg.Now(), 10)
	if r.journal != nil {
		sum.Run = r.journal.run
	}
	switch {
	case interrupted:
		sum.ExitCode = outcome.ExitInterrupted
	case r.aborted.Load():
		sum.ExitCode = outcome.ExitAborted
	}
	// The reports close with the summary (a workbook report's first sheet shows it); a failed
	// write (a full disk) is logged with its report and how to write it again from the
	// journal, and turns a clean exit code into 1.
	failed := r.closeReports(&sum)
	asked := cfg.asked()
	reimportFailed := false
	for i, err := range failed {
		if err == nil {
			if i < len(asked) {
				r.written = append(r.written, cfg.Reports[i])
			}
			continue
		}
		if i >= len(asked) && i < len(cfg.Reports) {
			// The caller's own report (the metrics' latencies): its loss is the caller's to
			// say; no report the user asked for failed, and the exit code stays.
			cfg.Logger.Warn(cfg.Lang.LogOwnReportFailed(), "error", err)
			continue
		}
		args := []any{"error", err}
		// In the summary file too: what reads it (an --on-finish command, a monitor) saw exit 1
		// and nothing saying a report was missing.
		lost := outcome.FileProblem{File: cfg.Reimport, Message: err.Error()}
		if pe := (*fs.PathError)(nil); errors.Is(err, writers.ErrLink) && errors.As(err, &pe) {
			// A link put on its way, by whoever writes to the watcher's share: said in words.
			lost.Message = cfg.Lang.OutputThroughLink(pe.Path)
		}
		if i < len(cfg.Reports) {
			lost.File = cfg.Reports[i]
			args = append([]any{"report", cfg.Reports[i]}, args...)
			if r.journal != nil {
				again := fmt.Sprintf("importer report %d --journal %s -o %s", r.journal.run, shellWord(cfg.Journal.Path()), shellWord(cfg.Reports[i]))
				args = append(args, "again", again)
				lost.Message += "; " + again
			}
		} else {
			args = append([]any{"reimport", cfg.Reimport}, args...)
			reimportFailed = true
		}
		sum.ReportsNotWritten = append(sum.ReportsNotWritten, lost)
		cfg.Logger.Error(cfg.Lang.LogReportFailed(), tooLargeHint(cfg.Lang, err, args)...)
		if sum.ExitCode == outcome.ExitOK {
			sum.ExitCode = outcome.ExitSomeFailed
		}
	}
	// The summary file likewise (it is written before the journal and the log take the exit
	// code, so that they tell the same).
	summaryFailed := false
	if cfg.Summary != "" {
		err := writers.WriteSummaryIn(cfg.Outputs, cfg.Summary, sum, cfg.Lang)
		r.summaryDone.Store(true)
		if err != nil {
			summaryFailed = true
			cfg.Logger.Error(cfg.Lang.LogSummaryFailed(), tooLargeHint(cfg.Lang, err, []any{"summary", cfg.Summary, "error", err})...)
			if sum.ExitCode == outcome.ExitOK {
				sum.ExitCode = outcome.ExitSomeFailed
			}
			// Said in what the run returns (and the journal keeps), not in the file that could
			// not be written: --on-finish was handed its path all the same (nothing there, or
			// the night before's), and a job's end line left it out of not_written.
			sum.ReportsNotWritten = append(sum.ReportsNotWritten, outcome.FileProblem{File: cfg.Summary, Message: err.Error()})
		}
	}
	r.finishJournal(sum)
	r.logEnd(sum, summaryFailed, interruptedBy(ctx))
	if !cfg.Quiet {
		writers.PrintSummary(cfg.Stdout, sum, cfg.Lang)
		for i, p := range asked {
			if i < len(failed) && failed[i] != nil {
				fmt.Fprintln(cfg.Stdout, cfg.Lang.ReportNotWritten(p))
			} else {
				fmt.Fprintln(cfg.Stdout, cfg.Lang.ReportAt(p))
			}
		}
		if summaryFailed {
			fmt.Fprintln(cfg.Stdout, cfg.Lang.SummaryNotWritten(cfg.Summary))
		}
		// A folder whose files were not all put in place holds some of the rows to fix, or
		// none, or an earlier run's: named as where they are, it was fixed and imported again,
		// and the rest of the rows forgotten.
		switch {
		case reimportFailed:
			fmt.Fprintln(cfg.Stdout, cfg.Lang.RowsToFixNotWritten(cfg.Reimport))
		case cfg.Reimport != "" && r.rowsBad.Load() > 0:
			fmt.Fprintln(cfg.Stdout, cfg.Lang.RowsToFixAt(cfg.Reimport))
		}
		if len(asked) == 0 && r.rowsBad.Load() > 0 {
			var history, report string
			if r.journal != nil {
				j := shellWord(cfg.Journal.Path())
				history = fmt.Sprintf("importer history %d --journal %s", r.journal.run, j)
				report = fmt.Sprintf("importer report %d --journal %s -o %s", r.journal.run, j, cfg.Lang.ReportName())
			}
			fmt.Fprintln(cfg.Stdout, cfg.Lang.NoReportAsked(history, report, cfg.Validate))
		}
	}
	return sum, nil
}

// shellWord quotes a path for a command line to be pasted into a shell, where needed.
func shellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// logEnd logs the run's end in one line, for a log read unattended (--quiet --log-format json
// prints no summary): rows, records, rows per outcome, duration, exit code, the most frequent
// cause and the reports; at Warn when rows need fixing, at Error when the run stopped short.
func (r *run) logEnd(sum outcome.Summary, summaryFailed bool, signal string) {
	args := []any{"exit_code", sum.ExitCode, "rows", sum.Rows, "records", sum.Records, "rows_sent", sum.RowsSent,
		"duration", time.Duration(sum.DurationMS * int64(time.Millisecond)).String()}
	for _, k := range outcome.Kinds {
		if n := sum.Outcomes[k]; n > 0 {
			args = append(args, string(k), n)
		}
	}
	if sum.ExitCode == outcome.ExitInterrupted && signal != "" {
		args = append(args, "signal", signal) // who stopped it: systemd (SIGTERM), a dropped session (SIGHUP), Ctrl-C
	}
	if msg, rows, ok := sum.FirstCause(); ok {
		args = append(args, "first_cause", msg)
		if rows > 0 {
			args = append(args, "first_cause_rows", rows)
		}
	}
	if n := len(sum.FileProblems); n > 0 {
		args = append(args, "unimportable_files", n)
	}
	if n := sum.PassingFaultsTotal(); n > 0 {
		args = append(args, "passing_faults", n)
	}
	if r.cfg.Command != "watch" { // the watcher names them where it moves them
		if len(r.written) > 0 {
			args = append(args, "reports", r.written)
		}
		// Where the summary (what --on-finish and a monitor read) and the rows to fix went:
		// the end line named the reports only.
		if r.cfg.Summary != "" && !summaryFailed {
			args = append(args, "summary", r.cfg.Summary)
		}
		// Why a night whose rows all ended ok exits 1: the line said exit_code=1 ok=3000 and
		// nothing else (its reports on a full disk were named in lines before it, among a
		// shipper's thousands, and a rule alerting on this line had no reason to show).
		lost := notWritten(sum.ReportsNotWritten) // the summary among them when it failed
		if len(lost) > 0 {
			args = append(args, "not_written", lost)
		}
		if r.cfg.Reimport != "" && r.rowsBad.Load() > 0 && !slices.Contains(lost, r.cfg.Reimport) {
			args = append(args, "reimport", r.cfg.Reimport)
		}
		// Rows that never got an answer are no spreadsheet's to fix: the end line of a night
		// interrupted, stopped or under faults said how many, not what to do with them.
		if r.journal != nil && sum.Outcomes[outcome.NotSent]+sum.Outcomes[outcome.Unknown]+sum.Outcomes[outcome.Failed] > 0 {
			args = append(args, "next", r.cfg.Lang.LogRunAgain())
		}
	}
	level := slog.LevelInfo
	switch {
	case sum.ExitCode == outcome.ExitSomeFailed:
		level = slog.LevelWarn
	case sum.ExitCode != outcome.ExitOK:
		level = slog.LevelError
	}
	r.cfg.Logger.Log(context.Background(), level, r.cfg.Lang.LogRunEnded(), args...)
}

// notWritten lists the paths of the reports (and re-import folder) that could not be written.
func notWritten(l []outcome.FileProblem) []string {
	var paths []string
	for _, p := range l {
		paths = append(paths, p.File)
	}
	return paths
}

// openReports opens every report and the re-import folder's writer.
func (r *run) openReports(sources []writers.SourceInfo) error {
	wopts := writers.Options{Lang: r.cfg.Lang, Sources: sources, Validated: r.cfg.Validate, Files: r.cfg.Outputs}
	// Before any is opened: a report opened and closed again on the way out is written, empty.
	for _, p := range r.cfg.Reports {
		if err := writers.InUse(r.cfg.Outputs, p); err != nil {
			return errors.New(r.cfg.Lang.ReportInUse(p))
		}
	}
	for _, p := range r.cfg.Reports {
		w, err := writers.Open(p, wopts)
		if err != nil {
			r.closeReports(nil)
			return err
		}
		r.reports = append(r.reports, w)
	}
	if r.cfg.Reimport != "" {
		w, err := writers.OpenReimport(r.cfg.Reimport, wopts)
		if err != nil {
			r.closeReports(nil)
			return err
		}
		r.reports = append(r.reports, w)
	}
	r.werrs = make([]error, len(r.reports))
	r.closed = make([]atomic.Bool, len(r.reports))
	return nil
}

// closeReports closes every report with the run's summary (nil when the run did not start).
// It returns each writer's first failure, in a write or at its close (nil: written whole), in
// the order of the reports and then the re-import folder.
func (r *run) closeReports(sum *outcome.Summary) []error {
	out := make([]error, len(r.reports))
	for i, w := range r.reports {
		if i < len(r.werrs) {
			out[i] = r.werrs[i]
		}
		// Close's error holds its write's and says more (where an earlier file at the
		// report's path went: writers.moveStale); one that does not hold it says less.
		if err := w.Close(sum); err != nil && (out[i] == nil || errors.Is(err, out[i])) {
			out[i] = err
		}
		if out[i] == nil && i < len(r.closed) {
			r.closed[i].Store(true)
		}
	}
	r.reports = nil
	return out
}

// Interrupted is the cause of a run's context cancelled by a signal (context.WithCancelCause):
// the run's end line names it.
type Interrupted string

func (i Interrupted) Error() string { return "interrupted by " + string(i) }

// interruptedBy is the signal that cancelled ctx, "" when none did.
func interruptedBy(ctx context.Context) string {
	var i Interrupted
	if errors.As(context.Cause(ctx), &i) {
		return string(i)
	}
	return ""
}

// tooLargeHint adds to a log line's args what a write refused as "file too large" (EFBIG)
// comes from: a limit on the size of the files this process writes (ulimit -f, a unit's
// LimitFSIZE=) or the file system's own (FAT32's 4 GiB); the error alone names neither.
func tooLargeHint(lang outcome.Lang, err error, args []any) []any {
	if errors.Is(err, syscall.EFBIG) {
		args = append(args, "hint", lang.FileTooLargeHint())
	}
	return args
}

// fileAttrs is a file's message as a log line's attributes: the file, the text without the
// file's name in front ("a.csv: vazio…"), and the sheet it names in its own
// attribute ("q.xlsx [itens]: …" is sheet=itens; it was "q.xlsx [itens]: …" whole, so a log
// store grouping the lines by text had a kind of line per workbook). key is the text's
// attribute ("warning", "problem").
func fileAttrs(file, key, text string) []any {
	if rest, ok := strings.CutPrefix(text, file+": "); ok {
		return []any{"file", file, key, rest}
	}
	if rest, ok := strings.CutPrefix(text, file+" ["); ok {
		if sheet, rest, ok := strings.Cut(rest, "]: "); ok && !strings.ContainsAny(sheet, "[]") {
			return []any{"file", file, "sheet", sheet, key, rest}
		}
	}
	return []any{"file", file, key, text}
}
