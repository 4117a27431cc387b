package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"seniorimporter/job"
	"seniorimporter/monitor"
	"seniorimporter/outcome"
	"seniorimporter/pipeline"
	"seniorimporter/readers"
	"seniorimporter/templates"
	"seniorimporter/watch"
	"seniorimporter/writers"
)

// watchOptions are the flags and argument of watch: run's flags, less those that say where
// outputs go (each file's go beside it), plus its own.
type watchOptions struct {
	runOptions
	dir          string
	jobFile      string
	settle, poll time.Duration
}

// watchGiveUpAfter is watch's --give-up-after: see newWatchCmd.
const watchGiveUpAfter = 24 * time.Hour

// watchTakes tells run's flags that watch takes too: not those that say where outputs go, as
// it puts each file's beside it.
func watchTakes(flag string) bool {
	switch flag {
	case "report", "summary", "reimport", "out":
		return false
	}
	return true
}

// addOwnFlags defines watch's own flags (job-file keys too).
func (w *watchOptions) addOwnFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&w.settle, "settle", 2*time.Second, "take a file once its size and modification time have not changed for this long (raise it for slow network copies)")
	fs.DurationVar(&w.poll, "poll", 2*time.Second, "list the folder this often, events or not (SMB and NFS mounts send no file events)")
}

func newWatchCmd(e env) *cobra.Command {
	o := &watchOptions{runOptions: runOptions{env: e}}
	cmd := &cobra.Command{
		Use:   "watch [flags] DIR",
		Short: e.describe.CommandShort("watch"),
		Long:  e.describe.CommandLong("watch"),
		Example: "  export SENIOR_PASSWORD=...\n" +
			"  importer watch --endpoint https://senior.example:8443 --user integra --password-env SENIOR_PASSWORD \\\n" +
			"    --op GravarOrcamentos /srv/financeiro/orcamentos\n" +
			"  importer watch --job /etc/importer/job.yaml --settle 10s /mnt/financeiro/entrada",
		Args:              oneArg(outcome.Lang.ArgDropFolder),
		ValidArgsFunction: dirs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = args[0]
			return result(runWatch(cmd.Context(), cmd.Flags(), o))
		},
	}
	all := pflag.NewFlagSet("", pflag.ContinueOnError)
	o.runOptions.addFlags(all, false)
	all.VisitAll(func(f *pflag.Flag) {
		if watchTakes(f.Name) {
			cmd.Flags().AddFlag(f)
		}
	})
	// A file waits for a Senior that is down (a maintenance night) rather than failing after
	// run's five minutes, every file dropped meanwhile failing in turn: the others wait in DIR
	// and all go once Senior answers. Past a day something else is wrong: the file fails.
	if f := cmd.Flags().Lookup("give-up-after"); f != nil {
		o.giveUpAfter = watchGiveUpAfter
		f.DefValue = watchGiveUpAfter.String()
		f.Usage = "Senior unreachable this long (or another run holding the journal): the file being imported fails, the rows it has not sent not_sent (until then it waits, and the files dropped meanwhile wait their turn)"
	}
	o.addOwnFlags(cmd.Flags())
	cmd.Flags().StringVar(&o.jobFile, "job", "", "job `FILE` (YAML): the settings, and steps as rules for the dropped files' names")
	for name, f := range runCompletions() {
		if cmd.Flags().Lookup(name) != nil {
			cobra.CheckErr(cmd.RegisterFlagCompletionFunc(name, f))
		}
	}
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("job", extensions("yaml", "yml")))
	return cmd
}

// runWatch checks the settings once (so that a bad one stops here, not at every file) and
// watches the folder until ctx is cancelled. A watcher that cannot start (the share not
// mounted yet, the password file or the journal unreadable, a setting at fault) says why in
// its log, as a run does (JSON with --log-format json): its log held only its start line and
// the error went to stderr as text, which a log shipper reading the service's JSON drops.
func runWatch(ctx context.Context, fs *pflag.FlagSet, o *watchOptions) (int, error) {
	var log *slog.Logger
	code, err := watchFolder(ctx, fs, o, &log)
	if err == nil {
		return code, nil
	}
	if log == nil {
		var lerr error
		if log, lerr = newLogger(outcome.Lang(o.lang), o.logFormat, o.stderr, o.getenv); lerr != nil {
			log = slog.New(slog.NewTextHandler(o.stderr, nil))
		}
	}
	log.Error(outcome.Lang(o.lang).LogWatchNotStarted(), "error", err)
	return code, inLog(o.logFormat, err)
}

// watchFolder is runWatch's work; its log, once made, in *logp. Every error it returns is one
// that kept the watcher from starting.
func watchFolder(ctx context.Context, fs *pflag.FlagSet, o *watchOptions, logp **slog.Logger) (int, error) {
	if o.jobFile != "" {
		if err := o.applyJob(fs, o.jobFile, false, outcome.Lang(o.lang)); err != nil {
			return outcome.ExitAborted, err
		}
	}
	log, err := newLogger(outcome.Lang(o.lang), o.logFormat, o.stderr, o.getenv)
	if err != nil {
		return outcome.ExitAborted, err
	}
	*logp = log
	o.logStart(log, "watch", []string{o.dir})
	// One journal for the watcher's life: a file dropped twice is not imported twice.
	if err := o.journalOptions.open(ctx, o.getenv, outcome.Lang(o.lang)); err != nil {
		return outcome.ExitAborted, err
	}
	defer o.journalOptions.close()
	if o.job != nil {
		var ignored []string
		for _, s := range o.job.Settings {
			if fs.Lookup(s.Key) == nil {
				ignored = append(ignored, s.Key)
			}
		}
		if len(ignored) > 0 {
			log.Warn(outcome.Lang(o.lang).LogWatchIgnoresKeys(), "keys", strings.Join(ignored, ", "))
		}
	}
	steps := []*job.Step{nil}
	if o.job != nil {
		for i := range o.job.Steps {
			steps = append(steps, &o.job.Steps[i])
		}
	}
	for _, st := range steps {
		so := o.forStep(st)
		so.files = []string{"(a dropped file)"}
		if _, err := so.settings(); err != nil {
			if o.job != nil {
				err = wrapKeep(err, o.whereInJob(err, st, ""))
			}
			return outcome.ExitAborted, err
		}
	}
	if o.settle <= 0 || o.poll <= 0 {
		return outcome.ExitAborted, &usageError{errors.New(outcome.Lang(o.lang).SettlePollPositive()), outcome.Lang(o.lang)}
	}
	if err := o.checkMetrics(outcome.Lang(o.lang)); err != nil {
		return outcome.ExitAborted, err
	}
	cat, err := templates.Load(o.catalogue)
	if err != nil {
		return outcome.ExitAborted, err
	}
	var setNames []string
	for _, p := range cat.Ports() {
		for _, s := range p.Sets() {
			setNames = append(setNames, s.Name)
		}
	}
	err = watch.Run(ctx, watch.Options{
		Dir: o.dir, Settle: o.settle, Poll: o.poll, SetNames: setNames, Logger: log, Lang: outcome.Lang(o.lang),
		Import:   func(ctx context.Context, t watch.Task) watch.Result { return o.importFile(ctx, t) },
		Finished: func(ctx context.Context, f watch.Finish) { o.fileFinished(ctx, log, f) },
	})
	if err != nil {
		return outcome.ExitAborted, err
	}
	return outcome.ExitOK, nil
}

// fileFinished reports a file the watcher sorted: the metrics file and the on-finish command.
// A file sorted into failed/ for what the watcher saw after its run (written to or deleted from
// processing/ meanwhile) has its run's end amended in the journal as its summary was: history
// said exit 0 of a file in failed/.
func (o *watchOptions) fileFinished(ctx context.Context, log *slog.Logger, f watch.Finish) {
	lang := outcome.Lang(o.lang)
	sum, err := monitor.ReadSummary(f.Summary)
	if err != nil {
		log.Error(lang.LogFileSummaryUnreadable(), "file", f.File, "error", err)
		sum.ExitCode = f.ExitCode
	} else if jn := o.journalOptions.jn; jn != nil && sum.Run > 0 && f.Result == watch.Failed {
		b, _ := json.Marshal(sum.Summary)
		// A stop arriving meanwhile does not leave history saying 0: the write is a moment's.
		if err := jn.AmendEnd(context.WithoutCancel(ctx), sum.Run, sum.ExitCode, b); err != nil {
			log.Error(lang.LogJournalFailed(), "file", f.File, "error", err)
		}
	}
	o.finish(ctx, log, lang, monitor.Run{Summary: sum.Summary, Reports: jsonlOf(f.Reports), Result: f.Result}, f.Summary,
		map[string]string{"IMPORTER_FILE": f.File, "IMPORTER_RESULT": f.Result}, nil)
}

// watchProgressEvery is how often a watcher's file says its progress in the log.
var watchProgressEvery = 30 * time.Second

// importFile imports one dropped file with the settings of the first job step that matches its
// name (the job's own settings when none does, or without a job).
func (o *watchOptions) importFile(ctx context.Context, t watch.Task) watch.Result {
	var st *job.Step
	if o.job != nil {
		// A file of rows to fix dropped back keeps the name its file was sorted under, which
		// may be one the watcher gave it (contas_2.csv, the second contas.csv): the step of the
		// name it came as applies, or it would be refused as a file of no port.
		for name, ok := t.Name, true; st == nil && ok; name, ok = watch.Unsuffixed(name) {
			for i := range o.job.Steps {
				if o.job.Steps[i].Matches(name) {
					st = &o.job.Steps[i]
					break
				}
			}
		}
	}
	so := o.forStep(st)
	so.files = []string{t.File}
	so.reports, so.summary, so.reimport, so.out = t.Reports, t.Summary, t.Reimport, ""
	// The watcher's log says what became of each file; the printed summary and the progress
	// bar of run are for a person at a terminal, and name paths in processing/.
	logProgress := !so.quiet // the watcher's (or its job's) own --quiet
	so.quiet = true
	// The outputs are made in the work folder as the watcher holds it open, never by their
	// paths: whoever writes to the share can rename it away and put a link to another folder
	// in its place while the file is imported (the reports, the summary and the rows to fix,
	// their values the dropper's, were written there).
	var outputs writers.Files // nil: by path
	if t.Outputs != nil {
		outputs = writers.Folder{Dir: filepath.Dir(t.Summary), Root: t.Outputs}
	}
	fail := func(sum outcome.Summary, err error) watch.Result {
		sum.ExitCode = outcome.ExitAborted
		if sum.Started.IsZero() {
			sum.Started = time.Now()
			sum.Finished = sum.Started
		}
		if werr := monitor.WriteSummaryIn(outputs, t.Summary, sum, err, outcome.Lang(o.lang)); werr != nil {
			o.stderrLog().Error(outcome.Lang(o.lang).LogSummaryFailed(), "file", t.Name, "error", werr)
		}
		// The workbook report the finance team opens says why too, though it has no row.
		lstat := os.Lstat
		if outputs != nil {
			lstat = outputs.Lstat
		}
		for _, rep := range t.Reports {
			if _, serr := lstat(rep); strings.EqualFold(filepath.Ext(rep), ".xlsx") && errors.Is(serr, fs.ErrNotExist) {
				if werr := monitor.WriteRefusedReport(outputs, rep, outcome.Lang(o.lang), t.Name, sum, err); werr != nil {
					o.stderrLog().Error(outcome.Lang(o.lang).LogSummaryFailed(), "file", t.Name, "error", werr)
				}
			}
		}
		return watch.Result{ExitCode: outcome.ExitAborted, Err: err}
	}
	if t.Refused != nil {
		return fail(outcome.Summary{}, t.Refused)
	}
	cfg, err := so.settings()
	if err != nil {
		return fail(outcome.Summary{}, err)
	}
	o.addConstants(&cfg, st)
	cfg.Command = "watch"
	cfg.Outputs = outputs
	// Every line of the file's run names it: among a night's files, "andamento", a warning
	// or Senior failing said which file they were of only by their order.
	cfg.Logger = slog.New(fileTag{cfg.Logger.Handler(), t.Name})
	// A file of many rows says how far it is, less often than a run: a night's log holds
	// many files.
	cfg.LogProgress, cfg.ProgressEvery = logProgress, watchProgressEvery
	// Reports and messages name the files as dropped, not by their place in processing/,
	// where they no longer are when someone reads the report.
	proc := filepath.Dir(t.File)
	// The files are read in processing/ as the watcher holds it open, never by their paths:
	// whoever writes to the share can put a link in a file's place after the watcher looked
	// (refused when opened: its report would show a file of the server's in failed/), or
	// rename processing/ away and put a link to another folder in its place (its file of the
	// same name was read, and its rows sent to Senior).
	if t.Folder != nil {
		cfg.Input.Files = readers.Folder{Dir: proc, Root: t.Folder}
	}
	cfg.Input.Name = func(p string) string {
		if filepath.Dir(p) == proc {
			return filepath.Base(p)
		}
		return p
	}
	sum, err := pipeline.Run(ctx, cfg)
	if err != nil {
		return fail(sum, err)
	}
	var counts []string
	for _, k := range outcome.Kinds {
		if n := sum.Outcomes[k]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s=%d", k, n))
		}
	}
	cfg.Logger.Info(cfg.Lang.LogRows(), "rows", sum.Rows, "outcomes", strings.Join(counts, " "), "took", time.Duration(sum.DurationMS)*time.Millisecond)
	res := watch.Result{ExitCode: sum.ExitCode}
	if sum.ExitCode == 0 || sum.ExitCode == 1 {
		// Exit 1 too: a file of rows to fix that comes back with some still wrong goes to
		// failed/, and the copy it came from is done with all the same (watch's clearFixed).
		res.Fixed, res.FixedRows = rowsToFix(ctx, append([]string{t.File}, t.SetFiles...), cfg.Input.Files)
	}
	return res
}

// rowsToFix tells a file of rows to fix dropped back (watch.Result.Fixed): among the first
// rows of one of its sheets, a header with the columns the importer writes after the input's
// in failed/corrigir/ (#motivo, #linha original; in either language). It also counts its
// rows that came from the file to fix, their "#linha original" filled, in the record file and
// its set files (watch.Result.FixedRows): a row added to the file is not one of them. The
// files are read through files, as the import read them.
func rowsToFix(ctx context.Context, paths []string, files readers.Files) (found bool, fromFix int) {
	for _, path := range paths {
		f, n := rowsToFixIn(ctx, path, files)
		found = found || f
		fromFix += n
	}
	return found, fromFix
}

func rowsToFixIn(ctx context.Context, path string, files readers.Files) (found bool, fromFix int) {
	src, err := readers.OpenContext(ctx, path, readers.Options{Files: files})
	if err != nil {
		return false, 0
	}
	defer src.Close()
	stop := errors.New("stop")
	for _, sh := range src.Sheets() {
		seen, at := 0, -1 // at: the "#linha original" column, once the header is found
		src.Rows(ctx, sh.Name, func(r readers.Row) error {
			if at >= 0 {
				if at < len(r.Cells) && strings.TrimSpace(r.Cells[at].Raw) != "" {
					fromFix++
				}
				return nil
			}
			var head []string
			for _, c := range r.Cells {
				head = append(head, strings.TrimSpace(c.Raw))
			}
			for _, l := range []outcome.Lang{outcome.PT, outcome.EN} {
				cols := l.ReimportColumns()
				if i := slices.Index(head, cols[0]); i >= 0 && i+1 < len(head) && head[i+1] == cols[1] {
					found, at = true, i+1
				}
			}
			if seen++; at < 0 && seen == 30 {
				return stop
			}
			return nil
		})
	}
	return found, fromFix
}

// stderrLog is a logger in the chosen format, for what happens outside a run.
func (o *watchOptions) stderrLog() *slog.Logger {
	log, err := newLogger(outcome.Lang(o.lang), o.logFormat, o.stderr, o.getenv)
	if err != nil {
		return slog.New(slog.NewTextHandler(o.stderr, nil))
	}
	return log
}

// fileTag names a dropped file's run on each of its lines (file=), but on a line that names a
// file itself (a reading warning, "file", in.File): Logger.With gave those two file keys,
// file=a.csv file=a.csv, as JSON an object some log stores refuse (Elasticsearch: "Duplicate
// field 'file'").
type fileTag struct {
	h    slog.Handler
	name string
}

func (f fileTag) Enabled(ctx context.Context, l slog.Level) bool { return f.h.Enabled(ctx, l) }

func (f fileTag) Handle(ctx context.Context, r slog.Record) error {
	named := false
	r.Attrs(func(a slog.Attr) bool {
		named = a.Key == "file"
		return !named
	})
	if named {
		return f.h.Handle(ctx, r)
	}
	t := slog.NewRecord(r.Time, r.Level, r.Message, r.PC) // the file first, as With put it
	t.AddAttrs(slog.String("file", f.name))
	r.Attrs(func(a slog.Attr) bool {
		t.AddAttrs(a)
		return true
	})
	return f.h.Handle(ctx, t)
}

func (f fileTag) WithAttrs(as []slog.Attr) slog.Handler {
	for _, a := range as {
		if a.Key == "file" {
			return f.h.WithAttrs(as)
		}
	}
	return fileTag{f.h.WithAttrs(as), f.name}
}

// WithGroup: the file goes before the group, as the run's, not inside it.
func (f fileTag) WithGroup(g string) slog.Handler {
	return f.h.WithAttrs([]slog.Attr{slog.String("file", f.name)}).WithGroup(g)
}
