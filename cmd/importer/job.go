package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"seniorimporter/job"
	"seniorimporter/monitor"
	"seniorimporter/outcome"
	"seniorimporter/pipeline"
	"seniorimporter/scratch"
	"seniorimporter/writers"
)

// unattendedOptions are what run and validate take for runs nobody watches (DESIGN.md
// "Unattended runs"): a job file in place of the files, --out, and for run --metrics-file and
// --on-finish.
type unattendedOptions struct {
	out             string
	metricsFile     string
	onFinish        string
	onFinishTimeout time.Duration
	// onFinishDir is the job file's folder when on-finish is its key (not the command
	// line's): the command runs there, as the file's paths are read from there.
	onFinishDir string

	job *job.Job        // the job file given in place of the files
	cli map[string]bool // flags given on the command line (they win over the job's keys and steps)
	// notWritten are the job's output keys validate left out (see applyJob).
	notWritten []string
}

// outputKeys are the job keys that say where a run's results go.
var outputKeys = map[string]bool{"report": true, "summary": true, "reimport": true, "out": true}

// addFlags defines --out (run and validate) and the monitoring flags (run).
func (u *unattendedOptions) addFlags(fs *pflag.FlagSet, validate bool) {
	fs.StringVar(&u.out, "out", "", "put the outputs in a new folder `DIR`/AAAA-MM-DD_HH-MM-SS/ (local time): report.xlsx, report.jsonl, summary.json and corrigir/")
	if validate {
		return
	}
	fs.StringVar(&u.metricsFile, "metrics-file", "", "after the run, write Prometheus metrics (rows per outcome, duration, last success, Senior's latency) to this `PATH`, atomically: a .prom file in node_exporter's textfile folder")
	fs.StringVar(&u.onFinish, "on-finish", "", "after the run, run `COMMAND` with sh -c, with IMPORTER_SUMMARY (the summary file), IMPORTER_EXIT (the exit code) and IMPORTER_RUN (the run's number in the journal) in its environment; its failure is logged and never changes the exit code")
	fs.DurationVar(&u.onFinishTimeout, "on-finish-timeout", time.Minute, "kill the --on-finish command after this long")
}

// jobKeys is a flag set with every flag a job file may set: run's, validate's and watch's
// own (a key the command at hand does not take is left alone). Job files are checked against
// it, so a flag added to a command is a job key with no more code.
func jobKeys() *pflag.FlagSet {
	fs := pflag.NewFlagSet("job", pflag.ContinueOnError)
	for _, validate := range []bool{false, true} {
		var o runOptions
		each := pflag.NewFlagSet("", pflag.ContinueOnError)
		o.addFlags(each, validate)
		fs.AddFlagSet(each)
	}
	var w watchOptions
	w.addOwnFlags(fs)
	return fs
}

// loadJob reads the job file when it is the command's one argument and sets from it the flags
// the command line did not set. Its refusals are in lang, the command line's --lang (the job
// file's own is not read yet).
func (u *unattendedOptions) loadJob(fs *pflag.FlagSet, args []string, validate bool, lang outcome.Lang) error {
	var named []string
	for _, a := range args {
		if job.IsJobFile(a) {
			named = append(named, a)
		}
		// A job written in JSON, named so: it was taken for an input, and the run said that
		// --endpoint was needed (the job's endpoint unread) or that its name named no port.
		if strings.EqualFold(filepath.Ext(a), ".json") {
			return &usageError{errors.New(lang.JobJSONNotInput(a)), lang}
		}
	}
	if len(named) == 0 {
		return nil
	}
	if len(args) > 1 {
		return &usageError{errors.New(lang.JobFileAlone(named[0])), lang}
	}
	return u.applyJob(fs, args[0], validate, lang)
}

// applyJob loads the job file at path and applies its keys to fs. validate checks a job and
// does not write where the job's runs write: its report, summary, corrigir and out keys are
// left out (an operator checking tonight's job after an edit found last night's report and
// summary replaced by rows 'valid'); --report and --out on the command line still apply.
func (u *unattendedOptions) applyJob(fs *pflag.FlagSet, path string, validate bool, lang outcome.Lang) error {
	keys := jobKeys()
	j, err := job.Load(path, keys)
	if err != nil {
		if !validate {
			// The run could not start, and says so where it was told to: the job's
			// metrics file and on-finish command, when those keys read (a typo elsewhere
			// in the file left the night's alert unsaid, the metrics at the night before).
			onCLI := fs.Changed("on-finish")
			job.Salvage(path, jobKeys(), monitorKeys...).Apply(fs)
			if !onCLI {
				u.onFinishDir = jobDir(path)
			}
		}
		return jobRefusal(lang, err)
	}
	u.cli = map[string]bool{}
	fs.Visit(func(f *pflag.Flag) { u.cli[f.Name] = true })
	if !u.cli["on-finish"] {
		u.onFinishDir = jobDir(path)
	}
	applied := *j
	applied.Settings = nil
	for _, st := range j.Settings {
		if validate && outputKeys[st.Key] {
			u.notWritten = append(u.notWritten, st.Key)
			continue
		}
		if other, ok := passwordPair[st.Key]; ok && u.cli[other] {
			// The command line wins over the file: its --password-file over the job's
			// password-env (the README's cron and systemd lines give one to a job file
			// that says the other), and the other way round.
			continue
		}
		applied.Settings = append(applied.Settings, st)
	}
	if _, err := applied.Apply(fs); err != nil {
		return jobRefusal(lang, err)
	}
	u.job = j
	return nil
}

// jobRefusal is a job file's refusal (a *job.Error: its line, key and why) as a usage error
// in lang; it was English whatever --lang said ("job.yaml:4: wokers: unknown key ...").
// A value its flag's type refuses (workers: muitos) is said as on the command line; YAML's
// words stay as they are.
func jobRefusal(lang outcome.Lang, err error) error {
	if je := (*job.Error)(nil); errors.As(err, &je) {
		msg := je.In(lang)
		if bad := (*pflag.InvalidValueError)(nil); errors.As(je.Err, &bad) && je.Key != "" {
			msg = fmt.Sprintf("%s:%d: %s: %s", je.File, je.Line, je.Key, badValue(lang, bad))
		}
		return &usageError{&saidError{msg, err}, lang}
	}
	return &usageError{err, ""}
}

// jobDir is the folder of the job file at path, absolute ("" when it cannot be made so: the
// command then runs where the importer does).
func jobDir(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return filepath.Dir(a)
	}
	return ""
}

// monitorKeys are the keys a job file that does not load is still read for.
var monitorKeys = []string{"metrics-file", "on-finish", "on-finish-timeout"}

// passwordPair is, for each key that says where a password comes from, the flag that says
// it another way: the two are never both given.
var passwordPair = map[string]string{
	"password-env": "password-file", "password-file": "password-env",
	"crm-password-env": "crm-password-file", "crm-password-file": "crm-password-env",
}

// A plannedStep is one pipeline run of a job (a plain run is a job of one step).
type plannedStep struct {
	label string
	cfg   pipeline.Settings
}

// runSteps runs the job's steps (or the command line's files as one step) one after the other,
// each a pipeline run with its own port, mapping, constants and sheets, then writes the
// metrics file and runs the on-finish command. It returns the job's exit code: the worst of
// its steps' (130 over 2 over 1 over 0).
//
// A step that could not start (exit 2) or was interrupted (130) stops a run: the steps after
// it are not run. validate goes on through every step, to show every problem at once.
func runSteps(ctx context.Context, o *runOptions) (int, error) {
	if log, err := newLogger(outcome.Lang(o.lang), o.logFormat, o.stderr, o.getenv); err == nil { // a bad --log-format: plan says so
		command, inputs := "run", o.files
		if o.validate {
			command = "validate"
		}
		if o.job != nil {
			inputs = nil // the job file, named; each step's line names its files
		}
		o.logStart(log, command, inputs)
	}
	steps, outDir, err := o.plan()
	if err != nil {
		return o.notStarted(ctx, err)
	}
	// Past plan, --out's dated folder is made: the summary saying why the run could not start
	// goes in it. The night's folder was left empty, nothing in it or anywhere saying why
	// (the summary of a run with --out is its folder's).
	notStarted := func(err error) (int, error) {
		if outDir != "" {
			o.summary = filepath.Join(outDir, "summary.json")
		}
		return o.notStarted(ctx, err)
	}
	if !o.validate {
		if err := o.checkMetrics(outcome.Lang(o.lang)); err != nil {
			return notStarted(err)
		}
		if err := o.journalOptions.open(ctx, o.getenv, outcome.Lang(o.lang)); err != nil && (ctx.Err() == nil || !errors.Is(err, context.Canceled)) {
			return notStarted(err)
		}
		// Interrupted while the journal opened (a loaded machine, a migration): nothing may
		// go now, and the run goes on without it, as one interrupted while it waits for the
		// journal's lock: every row read, checked and reported not_sent, exit 130. Before, it
		// "could not start" (exit 2, "context canceled", no report).
		defer o.journalOptions.close()
		for i := range steps {
			steps[i].cfg.Journal = o.jn
			if o.jn != nil {
				steps[i].cfg.Reads = append(steps[i].cfg.Reads, pipeline.NamedPath{Flag: "--journal", Path: o.jn.Path()})
			}
		}
	}
	log := steps[0].cfg.Logger
	if o.validate && len(o.notWritten) > 0 {
		log.Info(outcome.Lang(o.lang).LogJobOutputsNotWritten(), "keys", strings.Join(o.notWritten, ", "))
	}
	var sums []outcome.Summary
	var errs []error
	var jsonl []string
	var temps []string
	defer func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}()
	for i, st := range steps {
		cfg := st.cfg
		if o.job != nil {
			// history's COMMAND: the job file and the step, so a night's steps read as one
			// (each is a run of its own; "run" on each said nothing of the job).
			cfg.Command = "job " + filepath.Base(o.job.Path)
			if len(steps) > 1 {
				cfg.Command += ", step " + st.label
			}
		}
		if len(steps) > 1 {
			// Every line of the step's run carries its name: its end line, its warnings, Senior
			// down while it ran. Grepped or filtered by level, 'execução concluída exit_code=1'
			// did not say which step.
			cfg.Logger = cfg.Logger.With("step", st.label)
			log.Info(outcome.Lang(o.lang).LogStep(), "n", i+1, "of", len(steps), "name", st.label, "files", strings.Join(cfg.Files, ", "))
		}
		reports := jsonlOf(cfg.Reports)
		if o.metricsFile != "" && len(reports) == 0 {
			// Senior's latency comes from the report lines: a JSONL report only for the metrics.
			t, err := tempPath("importer-metrics-*.jsonl")
			if err != nil {
				return outcome.ExitAborted, err
			}
			temps = append(temps, t)
			cfg.Reports = append(slices.Clone(cfg.Reports), t)
			cfg.OwnReports = 1
			reports = []string{t}
		}
		jsonl = append(jsonl, reports...)
		sum, err := pipeline.Run(ctx, cfg)
		if err != nil {
			errs = append(errs, stepError(o, st.label, len(steps), err))
			if len(steps) > 1 { // the step's name beside its error, in the log too (JSON logs print nothing else)
				log.Error(outcome.Lang(o.lang).LogStep(), "name", st.label, "error", err)
			}
			if cfg.Summary != "" && !pipeline.Conflicts(err, cfg.Summary) {
				if werr := monitor.WriteSummary(cfg.Summary, sum, err, outcome.Lang(o.lang)); werr != nil {
					log.Error(outcome.Lang(o.lang).LogSummaryFailed(), "error", werr)
				}
			}
		}
		sums = append(sums, sum)
		stop := sum.ExitCode == outcome.ExitInterrupted || (!o.validate && sum.ExitCode == outcome.ExitAborted)
		if stop && i+1 < len(steps) {
			var left, moved []string
			for _, s := range steps[i+1:] {
				left = append(left, s.label)
				// A step not run writes no report: the night before's at its paths (report.
				// contas.csv, summary.contas.json; with out, each run's folder is new) were
				// read in the morning as the night's. Moved out of the way, and said.
				for _, p := range append(s.cfg.Asked(), s.cfg.Summary) {
					if p == "" {
						continue
					}
					if m := writers.Abandon(s.cfg.Outputs, p, false, outcome.Lang(o.lang)); m != "" {
						moved = append(moved, m)
					}
				}
			}
			args := []any{"step", st.label, "exit_code", sum.ExitCode, "not_run", strings.Join(left, ", ")}
			if len(moved) > 0 {
				args = append(args, "moved", strings.Join(moved, "; "))
			}
			log.Error(outcome.Lang(o.lang).LogJobStopped(), args...)
			break
		}
	}
	total, failed := combine(sums), errors.Join(errs...)
	if len(steps) > 1 {
		// A job of several steps is no run of the journal's: each step's is under Steps. The
		// one step that ran of a job stopped after it is combined as itself, and the job's
		// summary said its run as the job's.
		total.Run = 0
		for i, st := range steps {
			sr := outcome.StepRun{Name: st.label, Files: st.cfg.Files}
			if i < len(sums) {
				sr.Ran, sr.ExitCode, sr.Rows, sr.Run = true, sums[i].ExitCode, sums[i].Rows, sums[i].Run
			}
			total.Steps = append(total.Steps, sr)
		}
	}
	summary := o.summary
	if outDir != "" {
		summary = filepath.Join(outDir, "summary.json")
	}
	if len(steps) > 1 {
		// One line for the whole job, after the steps' own: an alert on the last end line
		// saw the last step's exit 0 where the job exited 1 (an operator tester).
		level := slog.LevelInfo
		switch total.ExitCode {
		case outcome.ExitOK:
		case outcome.ExitSomeFailed:
			level = slog.LevelWarn
		default:
			level = slog.LevelError
		}
		args := []any{"exit_code", total.ExitCode, "steps", len(steps), "steps_run", len(sums), "rows", total.Rows, "records", total.Records}
		if !total.Started.IsZero() && total.Finished.After(total.Started) {
			args = append(args, "duration", total.Finished.Sub(total.Started).Round(time.Millisecond).String())
		}
		for _, k := range outcome.Kinds {
			if n := total.Outcomes[k]; n > 0 {
				args = append(args, string(k), n)
			}
		}
		// The job's most frequent cause, as a run's end line says its own: an alert on this
		// line (the night's last) had exit_code=1 and no why.
		if msg, rows, ok := total.FirstCause(); ok {
			args = append(args, "first_cause", msg)
			if rows > 0 {
				args = append(args, "first_cause_rows", rows)
			}
		}
		// Why a step could not start, when one could not: the job's exit 2 (the job's line,
		// the night's last, said exit_code=2 steps_run=1 and no why; the step's own line,
		// "a execução não pôde começar", was lines above).
		if len(errs) > 0 {
			args = append(args, "error", errs[0].Error())
		}
		// Where the job's outputs are: its --out folder, or its summary (the steps' end lines
		// name their reports). The job's line said neither.
		if outDir != "" {
			args = append(args, "out", outDir)
		} else if summary != "" && !pipeline.Conflicts(failed, summary) {
			args = append(args, "summary", summary)
		}
		// And what of them is missing: a job whose rows all ended ok exits 1 when a step's
		// report could not be written, and this line said no why.
		if len(total.ReportsNotWritten) > 0 {
			var lost []string
			for _, p := range total.ReportsNotWritten {
				lost = append(lost, p.File)
			}
			args = append(args, "not_written", lost)
		}
		log.Log(ctx, level, outcome.Lang(o.lang).LogJobEnded(), args...)
		if !o.quiet {
			fmt.Fprintf(o.stdout, "\n%s\n", outcome.Lang(o.lang).JobStepsRun(o.job.Path, len(sums), len(steps)))
			writers.PrintSummary(o.stdout, total, outcome.Lang(o.lang))
		}
		if summary != "" && !pipeline.Conflicts(failed, summary) {
			if err := monitor.WriteSummary(summary, total, failed, outcome.Lang(o.lang)); err != nil {
				log.Error(outcome.Lang(o.lang).LogJobSummaryFailed(), "error", err)
				total.ReportsNotWritten = append(total.ReportsNotWritten, outcome.FileProblem{File: summary, Message: err.Error()})
			}
		}
	}
	if outDir != "" && !o.quiet {
		fmt.Fprintln(o.stdout, outcome.Lang(o.lang).OutputsAt(outDir))
	}
	if pipeline.Conflicts(failed, o.metricsFile) {
		o.metricsFile = "" // refused as a file the run reads: not written over it
	}
	if pipeline.Conflicts(failed, summary) {
		summary = "" // nor given to --on-finish as the summary: a temporary one is
	}
	o.finish(ctx, log, outcome.Lang(o.lang), monitor.Run{Summary: total, Reports: jsonl}, summary, map[string]string{"IMPORTER_OUT": outDir}, failed)
	return total.ExitCode, inLog(o.logFormat, failed) // each step logged its own
}

// notStarted ends a run that could not start (a flag at fault, the password's variable not
// set, a job file or the journal that cannot be read) as a run that started and stopped ends:
// its log line (JSON with --log-format json), its summary (--summary), the metrics file and
// --on-finish, each told exit 2 and why. The metrics file of a night whose password
// variable was not set kept the night before's exit 0, and the alert on
// importer_last_run_exit_code never fired. Neither output is written over a file the run
// reads (CheckOutputsEarly, every step's files; nor where err refused it); a metrics file
// that cannot be written is an error in the log.
func (o *runOptions) notStarted(ctx context.Context, err error) (int, error) {
	lang := outcome.PT
	if o.lang == string(outcome.EN) {
		lang = outcome.EN
	}
	log, lerr := newLogger(lang, o.logFormat, o.stderr, o.getenv)
	if lerr != nil {
		log = slog.New(slog.NewTextHandler(o.stderr, nil))
	}
	log.Error(lang.LogRunNotStarted(), "error", err)
	now := time.Now()
	sum := outcome.Summary{Started: now, Finished: now, ExitCode: outcome.ExitAborted}
	// What the run would have read, as far as it can be told: the inputs (patterns expanded,
	// each step's), the mappings and password files, the job file and the journal.
	cfg := pipeline.Settings{Summary: o.summary, Lang: lang}
	cfg.Reads, cfg.Writes = o.otherFiles()
	expand := func(pats []string, resolve func(string) string) {
		for _, pat := range pats {
			m, gerr := filepath.Glob(resolve(pat))
			if gerr != nil || len(m) == 0 {
				m = []string{resolve(pat)}
			}
			cfg.Files = append(cfg.Files, m...)
		}
	}
	expand(o.files, func(s string) string { return s })
	if o.job != nil {
		for i := range o.job.Steps {
			expand(o.job.Steps[i].Files, o.job.Resolve)
			so := o.forStep(&o.job.Steps[i])
			reads, _ := so.otherFiles()
			cfg.Reads = append(cfg.Reads, reads...)
		}
	}
	if !o.noJournal {
		if jp, jerr := journalPath(o.journalPath, o.getenv); jerr == nil {
			cfg.Reads = append(cfg.Reads, pipeline.NamedPath{Flag: "--journal", Path: jp})
		}
	}
	clash := pipeline.CheckOutputsEarly(cfg)
	// And, the configuration being at fault, never over a file that is not one of these
	// outputs already (a summary, a metrics file): a path mistyped onto anything else.
	refused := func(path string, looks string) bool {
		return pipeline.Conflicts(err, path) || pipeline.Conflicts(clash, path) || !emptyOr(path, looks)
	}
	summary := o.summary
	if o.validate || refused(summary, "{") {
		summary = ""
	}
	if summary != "" {
		if werr := monitor.WriteSummary(summary, sum, err, lang); werr != nil {
			log.Error(lang.LogSummaryFailed(), "error", werr)
			summary = ""
		}
	}
	if o.validate || refused(o.metricsFile, "# HELP ") {
		o.metricsFile = ""
	}
	o.finish(ctx, log, lang, monitor.Run{Summary: sum}, summary, nil, err)
	if lerr == nil {
		err = inLog(o.logFormat, err)
	}
	return outcome.ExitAborted, err
}

// emptyOr reports whether path is free to write a run's output to: absent, empty, or a
// regular file whose text starts with prefix (after white space), as that output's does.
func emptyOr(path, prefix string) bool {
	if path == "" {
		return true
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	t := bytes.TrimLeft(head[:n], " \t\r\n")
	return len(t) == 0 || bytes.HasPrefix(t, []byte(prefix))
}

// stepError names the step of a job in an error that stopped it.
func stepError(o *runOptions, label string, steps int, err error) error {
	if o.job == nil || steps == 1 {
		return err
	}
	return fmt.Errorf("%s %s: %w", outcome.Lang(o.lang).LogStep(), label, err)
}

// checkMetrics refuses, before anything is sent, a --metrics-file whose folder cannot be
// written: found after the run, it was an error in the log and the run still exited 0, while
// the monitoring that reads the file saw every night as missed.
func (u *unattendedOptions) checkMetrics(lang outcome.Lang) error {
	if u.metricsFile == "" {
		return nil
	}
	if err := writers.Writable(u.metricsFile, false); err != nil {
		return errors.New(writers.Refusal(lang, "--metrics-file", u.metricsFile, err))
	}
	return nil
}

// finish writes the metrics file and runs the on-finish command after a run (or a dropped
// file): r is the run (its summary and JSONL reports), summary its summary file ("" when none
// was asked for: a temporary one is written for the command, with runErr), vars more of the
// command's environment.
func (o *runOptions) finish(ctx context.Context, log *slog.Logger, lang outcome.Lang, r monitor.Run, summary string, vars map[string]string, runErr error) {
	u := &o.unattendedOptions
	sum := r.Summary
	u.writeMetrics(log, lang, r)
	if u.onFinish == "" {
		return
	}
	if slices.ContainsFunc(sum.ReportsNotWritten, func(p outcome.FileProblem) bool { return p.File == summary }) {
		// The summary could not be written (a full disk): the command gets one written for
		// it, as when none was asked for. Handed the path, it read nothing there ("mail ... <
		// $IMPORTER_SUMMARY": no such file, the night's alert unsent) or, at a --summary path
		// of its own, the night before's.
		summary = ""
	}
	if summary == "" {
		t, err := tempPath("importer-summary-*.json")
		if err == nil {
			defer os.Remove(t)
			err = monitor.WriteSummary(t, sum, runErr, lang)
		}
		if err != nil {
			log.Error(lang.LogHookSummaryFailed(), "error", err)
		}
		summary = t
	}
	// Paths are absolute, as the watcher's are: a command that changes folder (cd) still finds
	// a --summary or --out given relative to where the run started.
	env := map[string]string{"IMPORTER_SUMMARY": absolute(summary), "IMPORTER_EXIT": strconv.Itoa(sum.ExitCode)}
	if sum.Run > 0 {
		// The run's number in the journal, for `importer report "$IMPORTER_RUN" -o ...`
		// without reading the summary's JSON.
		env["IMPORTER_RUN"] = strconv.FormatInt(sum.Run, 10)
	}
	for k, v := range vars {
		if v != "" {
			if k == "IMPORTER_OUT" || k == "IMPORTER_FILE" {
				v = absolute(v)
			}
			env[k] = v
		}
	}
	// The command needs no password: the variables holding them are not passed on, and a
	// password its output shows anyway (read from a file, say) is blanked in the log.
	var secrets []string
	for _, p := range o.passwords() {
		if len(p) >= 4 { // as the pipeline's redactor: blanking every "123" would protect little
			secrets = append(secrets, p)
		}
	}
	// A second signal stops the command, as it ends an interrupted run's grace at once: an
	// operator's kill waited up to --on-finish-timeout. The first lets it finish (a watcher
	// stopped by systemd still reports the file it just took). A second signal that came
	// during the run has been spent: the command runs, to report the run, until its timeout.
	stop := o.hurry
	select {
	case <-o.hurry:
		stop = nil
	default:
	}
	monitor.Hook{Command: u.onFinish, Timeout: u.onFinishTimeout, Logger: log, Lang: lang,
		Unset: []string{o.passwordEnv, o.crmPasswordEnv}, Secrets: secrets, Stop: stop, Dir: u.onFinishDir}.Run(ctx, env)
}

// absolute is path made absolute, or path itself when it cannot be (no working folder).
func absolute(path string) string {
	if a, err := filepath.Abs(path); err == nil && path != "" {
		return a
	}
	return path
}

// passwords are the passwords the run was given, as read (none that cannot be read).
func (o *runOptions) passwords() []string {
	var out []string
	for _, s := range [][2]string{{o.passwordEnv, o.passwordFile}, {o.crmPasswordEnv, o.crmPasswordFile}} {
		if p, err := secret(outcome.EN, "", s[0], "", s[1], o.getenv, ""); err == nil && p != "" {
			out = append(out, p)
		}
	}
	return out
}

// writeMetrics adds a run to the metrics file: the counts it holds, read again each time
// (so the drop folder's counters survive a restart), plus this run.
func (u *unattendedOptions) writeMetrics(log *slog.Logger, lang outcome.Lang, r monitor.Run) {
	if u.metricsFile == "" {
		return
	}
	m := monitor.NewMetrics(u.metricsFile)
	if err := m.Load(); err != nil {
		log.Warn(lang.LogMetricsUnreadable(), "error", err)
	}
	if err := m.Add(r); err != nil {
		log.Warn(lang.LogMetricsReport(), "error", err)
	}
	if err := m.Write(); err != nil {
		log.Error(lang.LogMetricsFailed(), "path", u.metricsFile, "error", err)
	}
}

func tempPath(pattern string) (string, error) {
	f, err := scratch.CreateTemp("", pattern)
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

func jsonlOf(reports []string) []string {
	var out []string
	for _, p := range reports {
		switch strings.ToLower(filepath.Ext(p)) {
		case ".jsonl", ".json", ".ndjson":
			out = append(out, p)
		}
	}
	return out
}

// outGivesWay: the command line's --summary or --reimport wins over the job file's out key
// (and its dated folder is not made).
func (o *runOptions) outGivesWay() bool {
	return o.job != nil && (o.cli["summary"] || o.cli["reimport"]) && !o.cli["out"]
}

// plan checks every step's settings before anything runs (so that a bad step 3 does not
// leave steps 1 and 2 done) and makes the --out folder.
func (o *runOptions) plan() ([]plannedStep, string, error) {
	if o.out != "" && (o.summary != "" || o.reimport != "") {
		// The command line wins over the job file: its --out over the job's summary and
		// reimport, its --summary or --reimport over the job's out.
		switch cliOut, cliOther := o.cli["out"], o.cli["summary"] || o.cli["reimport"]; {
		case o.job != nil && cliOut && !cliOther:
			o.summary, o.reimport = "", ""
		case o.outGivesWay():
			o.out = ""
		default:
			return nil, "", &usageError{errors.New(outcome.Lang(o.lang).OutWithSummary()), outcome.Lang(o.lang)}
		}
	}
	type spec struct {
		label string
		opts  runOptions
		step  *job.Step
	}
	var specs []spec
	if o.job == nil {
		specs = append(specs, spec{opts: *o})
	} else {
		if len(o.job.Steps) == 0 {
			return nil, "", &usageError{errors.New(outcome.Lang(o.lang).JobNoSteps(o.job.Path)), outcome.Lang(o.lang)}
		}
		for i, st := range o.job.Steps {
			so := o.forStep(&st)
			files, err := o.job.Files(st)
			if err != nil {
				return nil, "", jobRefusal(outcome.Lang(o.lang), err)
			}
			so.files = files
			label := st.Name
			if label == "" {
				label = "step" + strconv.Itoa(i+1)
			}
			specs = append(specs, spec{label: label, opts: so, step: &o.job.Steps[i]})
		}
	}
	var steps []plannedStep
	for _, sp := range specs {
		cfg, err := sp.opts.settings()
		if err != nil {
			if sp.step != nil {
				err = wrapKeep(err, o.whereInJob(err, sp.step, sp.label))
			}
			return nil, "", err
		}
		o.addConstants(&cfg, sp.step)
		steps = append(steps, plannedStep{label: sp.label, cfg: cfg})
	}
	outDir := ""
	if o.out != "" {
		var err error
		if outDir, err = newOutDir(outcome.Lang(o.lang), o.out, time.Now()); err != nil {
			return nil, "", err
		}
		for i := range steps {
			c := &steps[i].cfg
			c.Reports = append([]string{filepath.Join(outDir, "report.xlsx"), filepath.Join(outDir, "report.jsonl")}, c.Reports...)
			c.Summary = filepath.Join(outDir, "summary.json")
			c.Reimport = filepath.Join(outDir, "corrigir")
		}
	}
	if len(steps) > 1 {
		// Each step is a run with reports of its own: its name goes into theirs.
		for i := range steps {
			c := &steps[i].cfg
			c.Reports = slices.Clone(c.Reports)
			for k, p := range c.Reports {
				c.Reports[k] = stepPath(p, steps[i].label)
			}
			if c.Summary != "" {
				c.Summary = stepPath(c.Summary, steps[i].label)
			}
			if o.summary != "" { // the job's own summary, written after the last step
				c.Writes = append(c.Writes, pipeline.NamedPath{Flag: "--summary", Path: o.summary})
			}
		}
	}
	// Every step's outputs can be written, and none is a file a step reads, before the first
	// step sends anything (each run checks its own again, its folders expanded; a later
	// step's would be found after the earlier ones had sent: a metrics file that was the
	// last step's input).
	lang := outcome.Lang(o.lang)
	all := pipeline.Settings{Lang: lang}
	for _, st := range steps {
		c := st.cfg
		all.Files, all.Reads, all.Reports = append(all.Files, c.Files...), append(all.Reads, c.Reads...), append(all.Reports, c.Reports...)
		all.Writes = append(all.Writes, c.Writes...)
		if c.Summary != "" {
			all.Writes = append(all.Writes, pipeline.NamedPath{Flag: "--summary", Path: c.Summary})
		}
	}
	if err := pipeline.CheckOutputsEarly(all); err != nil {
		return nil, "", err
	}
	for _, st := range steps {
		for _, p := range st.cfg.Reports {
			if err := writers.Writable(p, false); err != nil {
				return nil, "", errors.New(writers.Refusal(lang, "--report", p, err))
			}
		}
		for _, out := range []struct {
			flag, path string
			dir        bool
		}{{"--summary", st.cfg.Summary, false}, {"--reimport", st.cfg.Reimport, true}} {
			if out.path == "" {
				continue
			}
			if err := writers.Writable(out.path, out.dir); err != nil {
				return nil, "", errors.New(writers.Refusal(lang, out.flag, out.path, err))
			}
		}
	}
	return steps, outDir, nil
}

// whereInJob is where in the job file the value a step's settings refused (err) was written:
// the line of its key ("job.yaml:4: workers"), when err names a flag (--workers 0: ...) that
// the job file set and neither the command line nor the step did; else the step's line (st
// nil, the job's own settings: the file). A bad workers: at the top of the file was said at
// the line of the first step's file (watch: with no file or line at all).
//
// A password's error names its flag inside ("the variable named by --password-env is not
// set"): it is said at that key's line too. It was said at the first step's ("job.yaml:11:
// step categorias: the variable named by --password-env ..."), a line with no password on it.
func (o *runOptions) whereInJob(err error, st *job.Step, label string) string {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "--")
	if se := (*secretError)(nil); errors.As(err, &se) && se.flag != "" {
		name, ok = strings.TrimPrefix(se.flag, "--"), true // in either language
	}
	if ok {
		name, _, _ = strings.Cut(name, " ")
		name = strings.TrimSuffix(name, ":")
		if st == nil || st.KeyLine(name) == st.Line { // not a key of the step
			for _, set := range o.job.Settings {
				if set.Key == name && !o.cli[name] {
					return fmt.Sprintf("%s:%d: %s", o.job.Path, set.Line, name)
				}
			}
		}
	}
	if st == nil {
		return o.job.Path
	}
	return strings.TrimSuffix(fmt.Sprintf("%s:%d: %s %s", o.job.Path, st.Line, outcome.Lang(o.lang).LogStep(), label), " ")
}

// forStep is o with a job step's port, mapping and sheets, where the command line did not
// give them (st nil: o as it is).
func (o *runOptions) forStep(st *job.Step) runOptions {
	so := *o
	if st == nil {
		return so
	}
	if st.Op != "" && !o.cli["op"] {
		so.op = st.Op
	}
	if st.Mapping != "" && !o.cli["mapping"] {
		so.mapping = o.job.Resolve(st.Mapping)
	}
	if len(st.Sheets) > 0 && !o.cli["sheet"] {
		so.sheets = st.Sheets
	}
	return so
}

// addConstants adds a job step's constants to the run's mapping (pipeline.Mapping's
// Constants), over the mapping file's; a mapping given on the command line wins over the step,
// its constants included.
func (o *runOptions) addConstants(cfg *pipeline.Settings, st *job.Step) {
	if st == nil || len(st.Constants) == 0 {
		return
	}
	m := cfg.Input.Mapping
	if m == nil {
		m = &pipeline.Mapping{}
	}
	if m.Constants == nil {
		m.Constants = map[string]string{}
	}
	for k, v := range st.Constants {
		if _, set := m.Constants[k]; set && o.cli["mapping"] {
			continue
		}
		m.Constants[k] = v
	}
	cfg.Input.Mapping = m
}

// wrapKeep prefixes an error, keeping a usage error a usage error.
func wrapKeep(err error, prefix string) error {
	var u *usageError
	if errors.As(err, &u) {
		return &usageError{fmt.Errorf("%s: %w", prefix, u.err), u.lang}
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

// stepPath is a step's own report or summary path: report.xlsx → report.contas.xlsx.
func stepPath(p, label string) string {
	ext := filepath.Ext(p)
	return strings.TrimSuffix(p, ext) + "." + label + ext
}

// newOutDir makes a new folder DIR/AAAA-MM-DD_HH-MM-SS (local time), DIR/…_2, _3 when taken.
func newOutDir(lang outcome.Lang, dir string, now time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", errors.New(writers.Refusal(lang, "--out", dir, err))
	}
	// The runs before wrote into folders of their own: a killed one's half report is there.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			writers.SweepKilled(filepath.Join(dir, e.Name()))
		}
	}
	base := filepath.Join(dir, now.Local().Format("2006-01-02_15-04-05"))
	for i := 1; ; i++ {
		p := base
		if i > 1 {
			p = base + "_" + strconv.Itoa(i)
		}
		err := os.Mkdir(p, 0o755)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", errors.New(writers.Refusal(lang, "--out", dir, err))
		}
	}
}

// combine adds up the summaries of a job's steps: counts, causes, charsets, and each file's
// outcomes and reconciliation (a step's files are its own). The exit code is the worst: 130
// over 2 over 1 over 0; the limit is the last that sent anything.
func combine(sums []outcome.Summary) outcome.Summary {
	if len(sums) == 1 {
		return sums[0]
	}
	t := outcome.Summary{Outcomes: map[outcome.Kind]int{}}
	type cause struct {
		k outcome.Kind
		m string
	}
	causes := map[cause]int{}
	for _, s := range sums {
		if !s.Started.IsZero() && (t.Started.IsZero() || s.Started.Before(t.Started)) {
			t.Started = s.Started
		}
		if s.Finished.After(t.Finished) {
			t.Finished = s.Finished
		}
		t.Rows += s.Rows
		t.RowsSent += s.RowsSent
		t.Records += s.Records
		for k, n := range s.Outcomes {
			t.Outcomes[k] += n
		}
		for f, c := range s.Charsets {
			if t.Charsets == nil {
				t.Charsets = map[string]string{}
			}
			t.Charsets[f] = c
		}
		for f, n := range s.HiddenRows {
			if t.HiddenRows == nil {
				t.HiddenRows = map[string]int{}
			}
			t.HiddenRows[f] += n
		}
		if s.Limit > 0 {
			t.Limit = s.Limit // the last step's that sent anything
		}
		for k, n := range s.PassingFaults {
			if t.PassingFaults == nil {
				t.PassingFaults = map[string]int{}
			}
			t.PassingFaults[k] += n
		}
		t.Files = append(t.Files, s.Files...)
		t.Reconciliation = append(t.Reconciliation, s.Reconciliation...)
		t.FileProblems = append(t.FileProblems, s.FileProblems...)
		t.Warnings = append(t.Warnings, s.Warnings...)
		t.ReportsNotWritten = append(t.ReportsNotWritten, s.ReportsNotWritten...)
		for _, c := range s.Causes {
			causes[cause{c.Outcome, c.Message}] += c.Count
		}
		if rank(s.ExitCode) > rank(t.ExitCode) {
			t.ExitCode = s.ExitCode
		}
	}
	d := t.Finished.Sub(t.Started)
	t.DurationMS = d.Milliseconds()
	if d > 0 {
		t.RowsPerS = float64(t.Rows) / d.Seconds()
	}
	for c, n := range causes {
		t.Causes = append(t.Causes, outcome.Cause{Outcome: c.k, Message: c.m, Count: n})
	}
	outcome.SortCauses(t.Causes)
	if len(t.Causes) > 10 {
		t.Causes = t.Causes[:10]
	}
	return t
}

func rank(code int) int {
	switch code {
	case outcome.ExitOK:
		return 0
	case outcome.ExitSomeFailed:
		return 1
	case outcome.ExitAborted:
		return 2
	}
	return 3 // interrupted
}
