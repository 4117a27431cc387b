package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"seniorimporter/journal"
	"seniorimporter/outcome"
	"seniorimporter/writers"
)

// journalOptions are run's (and watch's) flags about the journal: where it is, whether to
// keep one, and what an earlier run's word counts for.
type journalOptions struct {
	journalPath string
	noJournal   bool
	force       bool
	onExisting  string

	jn *journal.Journal // opened once per command, shared by its runs
}

func (j *journalOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&j.journalPath, "journal", "", "the journal `PATH` (default: $XDG_STATE_HOME/senior-importer/journal.db, ~/.local/state/... when unset)")
	fs.BoolVar(&j.noJournal, "no-journal", false, "keep no journal: a run then knows nothing of earlier runs and sends every record")
	fs.BoolVar(&j.force, "force", false, "send every record, whatever the journal says an earlier run did with it")
	fs.StringVar(&j.onExisting, "on-existing", "error", "a G5 include imported before with other values: error (report it invalid) or alter (send it as an alteration)")
}

// open opens the journal unless the run keeps none; the caller closes it (close). A journal
// it may not write is refused here, before anything is sent, saying where, why and what to do
// (SQLite's own words were "unable to open database file").
func (j *journalOptions) open(ctx context.Context, getenv func(string) string, lang outcome.Lang) error {
	if j.onExisting != "error" && j.onExisting != "alter" {
		return &usageError{errors.New(lang.FlagChoice("--on-existing", j.onExisting, "error", "alter")), lang}
	}
	if j.noJournal {
		return nil
	}
	path, err := journalPath(j.journalPath, getenv)
	if err == nil {
		j.jn, err = journal.Open(ctx, path, journal.ForWriting()) // its errors name the journal
	}
	if err == nil {
		return nil
	}
	if abs, aerr := filepath.Abs(path); aerr == nil && path != "" {
		path = abs // a cron job's working folder is nobody's guess
	}
	oe := (*journal.OpenError)(nil)
	errors.As(err, &oe)
	if cause := journalCause(err, path, lang); cause != "" {
		if oe != nil { // the system's words alone, not their English "journal PATH: " again
			return &saidError{fmt.Sprintf("%s (%s)", lang.JournalNotWritable(path, cause), journalReason(oe, lang)), err}
		}
		return fmt.Errorf("%s (%w)", lang.JournalNotWritable(path, cause), err)
	}
	// The journal package's own words are English: said in the run's language, what to do
	// included (a damaged journal's advice came out in English under "a execução não pôde
	// começar").
	switch {
	case errors.Is(err, journal.ErrDamaged):
		return &saidError{lang.JournalDamaged(path), err}
	case errors.Is(err, journal.ErrIsFolder):
		return &saidError{lang.JournalIsFolder(path, filepath.Join(path, "journal.db")), err}
	}
	if ne := (*journal.NewerSchemaError)(nil); errors.As(err, &ne) {
		return &saidError{lang.JournalNewer(path, ne.Schema, ne.Known), err}
	}
	if oe != nil {
		return &saidError{lang.JournalError(path, journalReason(oe, lang)), err}
	}
	return err
}

// journalReason is why Open failed, the system's or SQLite's words, with what to do in lang
// when a limit on the size of files is the likely cause (the journal says it in English:
// "diário de execuções ...: disk I/O error (778) (this process may write files ...)").
func journalReason(oe *journal.OpenError, lang outcome.Lang) string {
	if oe.SizeLimit == 0 {
		return oe.Reason()
	}
	return fmt.Sprintf("%v (%s)", oe.Err, lang.JournalSizeLimit(oe.SizeLimit))
}

// saidError is err said another way (in the run's language, with what to do).
type saidError struct {
	msg string
	err error
}

func (e *saidError) Error() string { return e.msg }
func (e *saidError) Unwrap() error { return e.err }

// journalCause says why the journal at path could not be opened for writing, "" for any
// other error of Open (a damaged journal, one of a newer importer: those say their own).
func journalCause(err error, path string, lang outcome.Lang) string {
	at := path
	var pe *fs.PathError
	if errors.As(err, &pe) {
		at = pe.Path
	}
	if _, serr := os.Lstat(at); errors.Is(serr, fs.ErrNotExist) && at != "" {
		at = filepath.Dir(at) // a file not made: its folder is at fault
	}
	switch msg := err.Error(); {
	case errors.Is(err, journal.ErrNoHome):
		return lang.JournalNoHome()
	case errors.Is(err, syscall.EROFS):
		return lang.JournalReadOnly(at)
	case errors.Is(err, fs.ErrPermission):
		return lang.JournalNoPermission(userName(), at)
	case errors.Is(err, fs.ErrNotExist):
		return lang.JournalFolderMissing(at)
	case errors.Is(err, syscall.ENOTDIR):
		return lang.JournalNotAFolder(at)
	case strings.Contains(msg, "unable to open database file") || strings.Contains(msg, "readonly database"):
		return lang.JournalCannotOpen()
	}
	return ""
}

// userName is the user the importer runs as, by name where the system knows it.
func userName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "uid " + strconv.Itoa(os.Getuid())
}

func (j *journalOptions) close() error {
	if j.jn == nil {
		return nil
	}
	err := j.jn.Close()
	j.jn = nil
	return err
}

func journalPath(flag string, getenv func(string) string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	return journal.DefaultPath(getenv)
}

// historyOptions are the flags of history and report.
type historyOptions struct {
	env
	journalPath string
	limit       int
	output      string
	lang        string
}

func newHistoryCmd(e env) *cobra.Command {
	o := &historyOptions{env: e}
	cmd := &cobra.Command{
		Use:   "history [RUN]",
		Short: e.describe.CommandShort("history"),
		Long:  e.describe.CommandLong("history"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				lang := outcome.Lang(o.lang)
				return &usageError{errors.New(lang.HistoryArgs(cmd.UseLine(), len(args))), lang}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return result(0, runHistory(cmd.Context(), o, args))
		},
	}
	cmd.Flags().StringVar(&o.journalPath, "journal", "", "the journal `PATH` (default: the run's default)")
	cmd.Flags().IntVar(&o.limit, "limit", 20, "show the last `N` runs (0: every run)")
	cmd.Flags().StringVar(&o.lang, "lang", "pt", "language of the tables and messages: pt or en")
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("lang", fixed("pt", "en")))
	return cmd
}

func newReportCmd(e env) *cobra.Command {
	o := &historyOptions{env: e}
	cmd := &cobra.Command{
		Use:   "report RUN -o FILE",
		Short: e.describe.CommandShort("report"),
		Long:  e.describe.CommandLong("report"),
		Args:  oneArg(outcome.Lang.ArgRunNumber),
		RunE: func(cmd *cobra.Command, args []string) error {
			return result(0, runReport(cmd.Context(), o, args[0]))
		},
	}
	cmd.Flags().StringVar(&o.journalPath, "journal", "", "the journal `PATH` (default: the run's default)")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "the report `FILE` (.xlsx, .csv or .jsonl)")
	cmd.Flags().StringVar(&o.lang, "lang", "pt", "language of the report's headers: pt or en")
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("lang", fixed("pt", "en")))
	return cmd
}

// checkLang refuses a --lang that is neither pt nor en (langFlag).
func (o *historyOptions) checkLang() error {
	_, err := langFlag(o.lang)
	return err
}

// langFlag is a command's --lang, refused in Portuguese (the default) as run refuses it when it
// is neither pt nor en.
func langFlag(s string) (outcome.Lang, error) {
	lang, err := outcome.ParseLang(s)
	if err != nil {
		return outcome.PT, &usageError{errors.New(outcome.PT.FlagChoice("--lang", s, "pt", "en")), outcome.PT}
	}
	return lang, nil
}

// openJournal opens the journal history, report and prune read: one that is not there is an
// error, never made anew by a command that only reads it (a misspelt --journal). What keeps
// it from opening is said in the command's language, naming the journal (the journal
// package's words are English).
func (o *historyOptions) openJournal(ctx context.Context) (*journal.Journal, error) {
	lang := outcome.Lang(o.lang)
	path, err := journalPath(o.journalPath, o.getenv)
	if errors.Is(err, journal.ErrNoHome) {
		return nil, &saidError{lang.JournalNoHomeRead(), err}
	}
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New(lang.JournalMissing(path))
	}
	j, err := journal.Open(ctx, path)
	if err != nil {
		if abs, aerr := filepath.Abs(path); aerr == nil {
			path = abs
		}
		oe := (*journal.OpenError)(nil)
		ne := (*journal.NewerSchemaError)(nil)
		switch {
		case errors.Is(err, context.Canceled):
			return nil, err // interrupted: said as such (exitCode)
		case errors.Is(err, journal.ErrDamaged):
			return nil, &saidError{lang.JournalDamagedRead(path), err}
		case errors.Is(err, journal.ErrIsFolder):
			return nil, &saidError{lang.JournalIsFolderRead(path, filepath.Join(path, "journal.db")), err}
		case errors.As(err, &ne):
			return nil, &saidError{lang.JournalNewerRead(path, ne.Schema, ne.Known), err}
		case errors.As(err, &oe):
			return nil, &saidError{lang.JournalError(path, oe.Reason()), err}
		}
		return nil, err
	}
	// history, report and prune print what they read on stdout: the upgrade is said on stderr.
	if up := j.TakeUpgrade(); up.Kept != "" {
		fmt.Fprintf(o.stderr, "importer: %s (%s): %s\n", lang.LogJournalUpgraded(), lang.SchemaChange(up.From, up.To), up.Kept)
	} else if up.From > 0 {
		fmt.Fprintf(o.stderr, "importer: %s (%s): %v\n", lang.LogJournalNotKept(), lang.SchemaChange(up.From, up.To), up.Err)
	}
	return j, nil
}

// shortNames are the names history shows for a run's files: their base names, unless two of
// them share one (a/contas.csv, b/contas.csv), then as the run named them.
func shortNames(paths []string) func(string) string {
	seen := map[string]string{}
	same := false
	for _, p := range paths {
		b := filepath.Base(p)
		if q, ok := seen[b]; ok && q != p {
			same = true
		}
		seen[b] = p
	}
	return func(p string) string {
		if !same {
			p = filepath.Base(p)
		}
		return oneLine(p)
	}
}

// oneLine keeps a table's cell on its line: a name or message holding a line break or another
// control character (a dropped file's name can) is shown quoted, as Go writes it.
func oneLine(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

func runID(lang outcome.Lang, arg string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &usageError{errors.New(lang.RunNumberBad(arg)), lang}
	}
	return id, nil
}

// readError names the journal j in an error met reading it (SQLite's words, English: "database
// is locked"), in lang; an interruption stays one.
func readError(lang outcome.Lang, j *journal.Journal, err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	return &saidError{lang.JournalError(j.Path(), strings.TrimPrefix(err.Error(), "journal: ")), err}
}

func runHistory(ctx context.Context, o *historyOptions, args []string) error {
	if err := o.checkLang(); err != nil {
		return err
	}
	lang := outcome.Lang(o.lang)
	var id int64
	if len(args) > 0 {
		var err error
		if id, err = runID(lang, args[0]); err != nil {
			return err
		}
	}
	j, err := o.openJournal(ctx)
	if err != nil {
		return err
	}
	defer j.Close()
	if len(args) == 0 {
		runs, err := j.Runs(ctx, o.limit)
		if err != nil {
			return readError(lang, j, err)
		}
		running, _ := j.Running()
		return writeRuns(o.stdout, lang, runs, running)
	}
	run, err := j.Run(ctx, id)
	if errors.Is(err, journal.ErrNoRun) {
		return &saidError{lang.RunNotInJournal(id, j.Path()), err}
	}
	if err != nil {
		return readError(lang, j, err)
	}
	if !run.Pruned.IsZero() {
		return prunedError(lang, run)
	}
	var paths []string
	for _, in := range run.Inputs {
		paths = append(paths, in.Path)
	}
	name := shortNames(paths)
	tw := newStreamTable(o.stdout)
	tw.row(lang.HistoryRowsHeader()...)
	err = j.Lines(ctx, id, func(_ int64, raw []byte) error {
		l, err := outcome.UnmarshalFull(raw)
		if err != nil || l.Outcome.Success() {
			return err
		}
		return tw.row(name(l.File), oneLine(l.Sheet), strconv.Itoa(l.Row), oneLine(l.Key), string(l.Outcome), oneLine(l.Message))
	})
	if err != nil {
		return readError(lang, j, err)
	}
	if running, _ := j.Running(); run.ExitCode == nil && running != id {
		// A killed run's records left in flight have no report line (their row is not known
		// here): an operator after a crash saw an empty list.
		msg := lang.InFlightWhenKilled()
		err = j.RecordsOf(ctx, id, []string{journal.OutcomeInFlight}, func(k journal.Key, _ journal.State) error {
			return tw.row("-", "-", "-", oneLine(k.Key), journal.OutcomeInFlight, msg)
		})
		if err != nil {
			return readError(lang, j, err)
		}
	}
	return tw.flush()
}

// streamTableBlock is how many lines a streamTable holds before writing them.
const streamTableBlock = 1000

// streamTable is a tabwriter flushed every streamTableBlock lines: the rows of a run that did
// not succeed may be all of its hundreds of thousands, which one tabwriter held in memory until
// the end (450 MB and nothing printed for half a minute for 600,000 rows). Each block is
// aligned on its own: columns may shift where a block holds a wider cell than the one before.
type streamTable struct {
	tw *tabwriter.Writer
	n  int
}

func newStreamTable(w io.Writer) *streamTable {
	return &streamTable{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
}

func (t *streamTable) row(cells ...string) error {
	if _, err := io.WriteString(t.tw, strings.Join(cells, "\t")+"\n"); err != nil {
		return err
	}
	if t.n++; t.n%streamTableBlock == 0 {
		return t.tw.Flush()
	}
	return nil
}

func (t *streamTable) flush() error { return t.tw.Flush() }

// listedInputs is the most inputs a run's line of history names; past it, the first ones and
// how many more.
const listedInputs = 3

// writeRuns lists runs in lang; running is the run going on now (0: none), whose missing exit
// code is not a kill. The outcomes are their codes (ok=3 invalid=1), as the JSONL and CSV
// reports and the summary's counts name them, in either language.
func writeRuns(w io.Writer, lang outcome.Lang, runs []journal.RunSummary, running int64) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(lang.HistoryRunsHeader(), "\t"))
	for _, r := range runs {
		var inputs []string
		for _, in := range r.Inputs {
			inputs = append(inputs, in.Path)
		}
		name := shortNames(inputs)
		for i, p := range inputs {
			inputs[i] = name(p)
		}
		if len(inputs) > listedInputs {
			// A folder's dozen files would make each line hundreds of characters wide (the
			// run's report names them all).
			inputs = append(inputs[:listedInputs-1], lang.HistoryMoreInputs(len(inputs)-listedInputs+1))
		}
		counts, exit, rows := r.Outcomes, lang.HistoryKilled(), strconv.Itoa(r.Rows)
		if r.ID == running {
			exit = lang.HistoryRunning()
		}
		if r.ExitCode != nil {
			exit = strconv.Itoa(*r.ExitCode)
		} else {
			// Records, not rows: a killed run never counted its rows (0 beside 40,000
			// records settled read as a run that read nothing).
			counts, rows = r.Settled, "-"
		}
		if !r.Pruned.IsZero() {
			exit += ", " + lang.HistoryPruned()
		}
		var parts []string
		for _, k := range slices.Sorted(mapsKeys(counts)) {
			parts = append(parts, fmt.Sprintf("%s=%d", k, counts[k]))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Started.Local().Format(time.DateTime)+" "+outcome.Zone(r.Started), r.Command,
			strings.Join(inputs, ", "), rows, strings.Join(parts, " "), exit)
	}
	return tw.Flush()
}

// prunedError: importer prune dropped the run's report lines.
func prunedError(lang outcome.Lang, r journal.RunSummary) error {
	return errors.New(lang.RunPruned(r.ID, r.Pruned.Local().Format(time.DateTime)+" "+outcome.Zone(r.Pruned)))
}

func mapsKeys(m map[string]int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func runReport(ctx context.Context, o *historyOptions, arg string) error {
	if err := o.checkLang(); err != nil {
		return err
	}
	lang := outcome.Lang(o.lang)
	if o.output == "" {
		return &usageError{errors.New(lang.ReportOutputNeeded()), lang}
	}
	id, err := runID(lang, arg)
	if err != nil {
		return err
	}
	j, err := o.openJournal(ctx)
	if err != nil {
		return err
	}
	defer j.Close()
	run, err := j.Run(ctx, id)
	if errors.Is(err, journal.ErrNoRun) {
		return &saidError{lang.RunNotInJournal(id, j.Path()), err}
	}
	if err != nil {
		return readError(lang, j, err)
	}
	if !run.Pruned.IsZero() {
		return prunedError(lang, run)
	}
	if oi, err := os.Stat(o.output); err == nil {
		if oi.IsDir() { // found after every line was written, as "rename …: file exists"
			return errors.New(lang.ReportOutputIsFolder(o.output))
		}
		for _, in := range run.Inputs {
			if fi, err := os.Stat(in.Path); err == nil && os.SameFile(fi, oi) {
				return errors.New(lang.ReportOutputIsInput(o.output, id))
			}
		}
	}
	// Two passes over the run's lines, so that a run of any size is written in bounded
	// memory: the first finds every sheet's header (the journal keeps it on one line of the
	// sheet), the second writes the report.
	var sources []writers.SourceInfo
	headers := map[string][]string{}
	err = j.Lines(ctx, id, func(_ int64, raw []byte) error {
		l, err := outcome.UnmarshalFull(raw)
		if err != nil {
			return err
		}
		k := l.File + "\x00" + l.Sheet
		if _, ok := headers[k]; !ok {
			sources = append(sources, writers.SourceInfo{File: l.File, Sheet: l.Sheet})
		}
		if len(l.Header) > 0 || headers[k] == nil {
			headers[k] = l.Header
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, s := range sources {
		sources[i].Header = headers[s.File+"\x00"+s.Sheet]
	}
	w, err := writers.Open(o.output, writers.Options{Lang: lang, Sources: sources})
	if err != nil {
		return err
	}
	tally := outcome.NewTally(run.Started)
	err = j.Lines(ctx, id, func(_ int64, raw []byte) error {
		l, err := outcome.UnmarshalFull(raw)
		if err != nil {
			return err
		}
		l.Header = headers[l.File+"\x00"+l.Sheet]
		tally.Add(l)
		return w.Write(l)
	})
	if err != nil {
		w.Close(nil)
		return err
	}
	finished := run.Finished
	if finished.IsZero() {
		finished = run.Started
	}
	sum := tally.Summary(finished, 10)
	if run.ExitCode != nil {
		sum.ExitCode = *run.ExitCode
		// The lines do not say how many records their rows made; the run's end did. Without
		// it a run of an importer before journal schema 3 (which kept no summary) had
		// "Registros 0" under its 1,400 rows (the upgrade tester).
		sum.Records = run.Records
	}
	// A finished run kept its summary: the Resumo is the run's own (its warnings, files
	// refused, charsets, hidden rows and totals checked are not in the report lines).
	if run.Summary != nil {
		var kept outcome.Summary
		if err := json.Unmarshal(run.Summary, &kept); err == nil {
			sum = kept
		}
	}
	sum.Run = id // a killed run's, and one kept before summaries named their run
	if run.ExitCode == nil {
		// No end was written: its exit code and counts are only what its lines say, and the
		// Resumo said "Código de saída 1" of a killed run as if it had ended so.
		running, _ := j.Running()
		sum.Warnings = append([]outcome.FileProblem{{Message: lang.ReportOfUnfinishedRun(running == id)}}, sum.Warnings...)
	}
	if err := w.Close(&sum); err != nil {
		return err
	}
	fmt.Fprintln(o.stdout, lang.ReportAt(o.output))
	return nil
}
