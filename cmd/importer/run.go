package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"seniorimporter/outcome"
	"seniorimporter/pipeline"
	"seniorimporter/readers"
	"seniorimporter/soap"
	"seniorimporter/templates"
	"seniorimporter/values"
)

// runOptions are the flags and arguments of run and validate (DESIGN.md "Command line"). A new
// flag is a field here and a line in addFlags.
type runOptions struct {
	env
	validate bool
	files    []string

	op, endpoint, crmEndpoint                string
	user, passwordEnv, passwordFile          string
	crmUser, crmPasswordEnv, crmPasswordFile string
	encryption                               int
	mode                                     string
	workers                                  int
	rate                                     float64
	timeout                                  time.Duration
	retries                                  int
	backoff, maxBackoff                      time.Duration
	batch                                    int
	reports                                  []string
	reimport                                 string
	locale, round, lang                      string
	decimalSeparator                         string
	catalogue, mapping                       string
	sheets                                   []string
	headerRow                                int
	delimiter, charset                       string
	strict, ignoreUnknownColumns             bool
	summary                                  string
	quiet                                    bool
	logFormat                                string
	caFile                                   string
	insecure                                 bool
	grace                                    time.Duration
	showEnvelopes                            int
	fixedWorkers                             bool
	giveUpAfter                              time.Duration
	maxAnswer                                byteSize

	unattendedOptions // a job file in place of the files, --out, --metrics-file, --on-finish (job.go)
	journalOptions    // --journal, --no-journal, --force, --on-existing (journal.go)
}

// addFlags defines the flags of validate (validate true) or run on fs, bound to o.
func (o *runOptions) addFlags(fs *pflag.FlagSet, validate bool) {
	fs.StringVar(&o.op, "op", "", "`PORT` of every file (setContas, GravarOrcamentos, CarregarOrcamentos_3, ...); default: by file name")
	fs.StringVar(&o.locale, "locale", "pt-BR", "how text numbers are read: pt-BR (1.234,56) or en-US (1,234.56)")
	fs.StringVar(&o.round, "round", "reject", "more decimals than a field allows: reject, half-even or half-up")
	fs.StringVar(&o.decimalSeparator, "decimal-separator", "", "decimal separator of every number sent: point or comma (default: Senior's rule, a point for Double and Integer fields, a comma for String ones; per field: --mapping)")
	fs.StringVar(&o.lang, "lang", "pt", "language of row messages and report headers: pt or en")
	fs.StringVar(&o.catalogue, "catalogue", "", "`DIR` of extra port files (*.yaml) added to the embedded catalogue, one port a file, written as templates/ports/*.yaml (README: Catalogue files)")
	fs.StringVar(&o.mapping, "mapping", "", "mapping `FILE` (CSV or YAML): extra column names, constants (codEmp=1), per-column locales")
	fs.StringArrayVar(&o.sheets, "sheet", nil, "`NAME` of a sheet to read (repeatable; hidden ones too); the visible sheets of the port's sets are read with it, no other")
	fs.IntVar(&o.headerRow, "header-row", 0, "row number of the header (default: the row, among the first 30, that names the most fields; rows above it are titles, not data)")
	fs.StringVar(&o.delimiter, "delimiter", "", "CSV delimiter `C` (default: sniffed among ; , tab |)")
	fs.StringVar(&o.charset, "charset", "", "CSV charset: utf-8, windows-1252 (Excel's \"CSV\"), cp850 (Excel's \"CSV (MS-DOS)\") or macintosh (Excel's \"CSV (Macintosh)\", Excel for Mac's \"CSV\") (default: detected; a UTF-16 file, Excel's \"Texto Unicode\", is read as such whatever this says)")
	fs.BoolVar(&o.ignoreUnknownColumns, "ignore-unknown-columns", false, "a column that names no field is a warning and its values are ignored (default: every row of its file is invalid, the message naming the fields it may have meant)")
	fs.BoolVar(&o.strict, "strict", false, "accepted for old scripts; changes nothing: a column that names no field is already an error (see --ignore-unknown-columns)")
	fs.StringArrayVar(&o.reports, "report", nil, "report `PATH`; format by extension .csv .xlsx .jsonl (repeatable)")
	fs.StringVar(&o.reimport, "reimport", "", "write the rows that did not succeed into this `DIR`, in files named and shaped like the inputs, ready to fix and import again")
	fs.StringVar(&o.summary, "summary", "", "write the run summary as JSON to this `PATH`")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress and no printed summary")
	fs.StringVar(&o.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.StringVar(&o.user, "user", "", "G5 user")
	fs.StringVar(&o.passwordEnv, "password-env", "", "`NAME` of the environment variable holding the G5 password")
	fs.StringVar(&o.passwordFile, "password-file", "", "`FILE` holding the G5 password (first line)")
	fs.StringVar(&o.crmUser, "crm-user", "", "CRM user (default: --user)")
	fs.StringVar(&o.crmPasswordEnv, "crm-password-env", "", "`NAME` of the environment variable holding the CRM password (default: the G5 one)")
	fs.StringVar(&o.crmPasswordFile, "crm-password-file", "", "`FILE` holding the CRM password (default: the G5 one)")
	fs.IntVar(&o.encryption, "encryption", 0, "G5 encryption: 0 plain password, 2 integrated-logon token")
	o.unattendedOptions.addFlags(fs, validate)
	if validate {
		fs.IntVar(&o.showEnvelopes, "show-envelopes", 0, "print the exact envelopes of the first `N` records (password masked)")
		return
	}
	fs.StringVar(&o.endpoint, "endpoint", "", "G5 base `URL` (e.g. https://senior.example:8443)")
	fs.StringVar(&o.crmEndpoint, "crm-endpoint", "", "CRM web service full `URL` (default: the --endpoint URL + /crm/ws, where the simulator serves it)")
	fs.StringVar(&o.mode, "mode", "sync", "G5 execution mode: sync, async or scheduled")
	fs.IntVar(&o.workers, "workers", 64, "most requests in flight: the importer finds how many Senior takes at once, up to `N` (1 to 1024)")
	fs.BoolVar(&o.fixedWorkers, "fixed-workers", false, "keep exactly --workers requests in flight instead of finding Senior's capacity")
	fs.Float64Var(&o.rate, "rate", 0, "at most this many requests per second (0: no limit)")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "timeout of one request")
	fs.IntVar(&o.retries, "retries", 6, "retries of a request after a passing fault (5xx, 429, timeout, dropped connection)")
	fs.DurationVar(&o.backoff, "backoff", 500*time.Millisecond, "retry delay: the first retry waits ten round trips (at most this), the second this, doubling each retry after, with jitter")
	fs.DurationVar(&o.maxBackoff, "max-backoff", 30*time.Second, "longest retry delay (Retry-After is honoured while Senior sheds load; a lone 503 among answers is retried on the backoff)")
	fs.IntVar(&o.batch, "batch", 1, "orçamentos per GravarOrcamentos request (1 to 1000); a request refused for its size (HTTP 413: a proxy's limit) goes one orçamento at a time")
	fs.StringVar(&o.caFile, "ca-file", "", "PEM `FILE` of the CA that signs Senior's certificate")
	fs.BoolVar(&o.insecure, "insecure", false, "skip TLS verification (explicit only; never the default)")
	fs.DurationVar(&o.grace, "grace", 10*time.Second, "on SIGINT, SIGTERM or SIGHUP, time given to in-flight requests (a second interrupt ends it; 0: none, they are cancelled at once)")
	o.journalOptions.addFlags(fs)
	fs.DurationVar(&o.giveUpAfter, "give-up-after", 5*time.Minute, "Senior unreachable this long (or another run holding the journal): stop, exit 2, the rest not_sent")
	o.maxAnswer = soap.DefaultMaxAnswer
	fs.Var(&o.maxAnswer, "max-answer", "most of an answer read (`SIZE`: 16MiB, 512KiB, bytes); a longer answer settles its rows without a retry: failed, or unknown for an include (Senior may have stored it)")
}

// runCompletions completes the flags of run and validate whose values are a closed list, a
// port, or a file of known kinds.
func runCompletions() map[string]cobra.CompletionFunc {
	return map[string]cobra.CompletionFunc{
		"op":                completePortFlag,
		"locale":            fixed("pt-BR", "en-US"),
		"round":             fixed("reject", "half-even", "half-up"),
		"decimal-separator": fixed("point", "comma"),
		"lang":              fixed("pt", "en"),
		"charset":           fixed("utf-8", "windows-1252", "cp850", "macintosh"),
		"log-format":        fixed("text", "json"),
		"encryption":        fixed("0", "2"),
		"mode":              fixed("sync", "async", "scheduled"),
		"catalogue":         dirs,
		"reimport":          dirs,
		"mapping":           extensions("csv", "yaml", "yml"),
		"report":            extensions("csv", "xlsx", "jsonl"),
	}
}

func fixed(choices ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(choices, cobra.ShellCompDirectiveNoFileComp)
}

func extensions(ext ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(ext, cobra.ShellCompDirectiveFilterFileExt)
}

func dirs(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

func newRunCmd(e env, validate bool) *cobra.Command {
	o := &runOptions{env: e, validate: validate}
	cmd := &cobra.Command{
		Use:   "run [flags] FILE... | JOB.yaml",
		Short: e.describe.CommandShort("run"),
		Long:  e.describe.CommandLong("run") + "\n\n" + e.describe.JobHelp() + "\n\n" + e.describe.ExitHelp(),
		Example: "  export SENIOR_PASSWORD=...\n" +
			"  importer run --endpoint https://senior.example:8443 --user integra --password-env SENIOR_PASSWORD \\\n" +
			"    GravarOrcamentos-nov.xlsx setContas.csv --report out/report.xlsx --reimport out/corrigir",
		ValidArgsFunction: extensions("xlsx", "csv"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.files = args
			if err := o.loadJob(cmd.Flags(), args, o.validate, outcome.Lang(o.lang)); err != nil {
				return result(o.notStarted(cmd.Context(), err))
			}
			return result(runRun(cmd.Context(), o))
		},
	}
	if validate {
		cmd.Use = "validate [flags] FILE... | JOB.yaml"
		cmd.Short = e.describe.CommandShort("validate")
		cmd.Long = e.describe.CommandLong("validate") + "\n\n" + e.describe.JobHelp() + "\n\n" + e.describe.ExitHelp()
		cmd.Example = "  importer validate --show-envelopes 2 GravarOrcamentos-nov.xlsx --report v.jsonl"
	}
	o.addFlags(cmd.Flags(), validate)
	for name, f := range runCompletions() {
		if cmd.Flags().Lookup(name) != nil {
			cobra.CheckErr(cmd.RegisterFlagCompletionFunc(name, f))
		}
	}
	return cmd
}

// runRun imports (or, for validate, checks) o.files and returns the run's exit code, or an
// error when it could not start.
func runRun(ctx context.Context, o *runOptions) (int, error) {
	return runSteps(ctx, o) // job.go: a job's steps, or the files as one step
}

// otherFiles are the files a run reads besides its inputs (the mapping, password files, the
// job file) and those it writes besides its reports and summary (the metrics file).
func (o *runOptions) otherFiles() (reads, writes []pipeline.NamedPath) {
	for _, r := range []pipeline.NamedPath{{Flag: "--mapping", Path: o.mapping}, {Flag: "--password-file", Path: o.passwordFile}, {Flag: "--crm-password-file", Path: o.crmPasswordFile}} {
		if r.Path != "" {
			reads = append(reads, r)
		}
	}
	if o.job != nil {
		reads = append(reads, pipeline.NamedPath{Flag: "--job", Path: o.job.Path})
	}
	if o.metricsFile != "" {
		writes = append(writes, pipeline.NamedPath{Flag: "--metrics-file", Path: o.metricsFile})
	}
	return reads, writes
}

// checkEndpoint refuses, before anything is read or sent, an endpoint that cannot be
// Senior's: "http://" with no host was retried for every row until --give-up-after, each row
// "failed". A user name or password in it would be written to the log and the summary with
// the endpoint (a password goes by --password-env or --password-file only); a base URL
// (--endpoint) has the ports' paths added to it, so a query or fragment would end up in the
// middle of them. The messages do not repeat the URL: a mistyped one may hold a password
// ("integra:senha@senior:8443" parses as a URL of scheme "integra"). A base URL that already
// holds G5's services path (a web service's address copied from its WSDL page) would have it
// twice, and every request would meet a 404: refused, naming the base to give.
func checkEndpoint(lang outcome.Lang, flag, v string, base bool) error {
	u, err := url.Parse(v)
	what, b := "", ""
	switch {
	case err != nil: // not repeated: it may hold a password
		what = "not-url"
	case u.User != nil:
		what = "user"
	case u.Scheme != "http" && u.Scheme != "https":
		what = "scheme"
	case u.Host == "" || u.Hostname() == "":
		what = "host"
	case base && strings.Contains(strings.ToLower(u.Path), "/g5-senior-services"):
		c := *u
		c.Path, c.RawPath, c.RawQuery, c.Fragment = u.Path[:strings.Index(strings.ToLower(u.Path), "/g5-senior-services")], "", "", ""
		what, b = "service", c.String()
	case u.Fragment != "" || base && u.RawQuery != "":
		what = "query"
	default:
		return nil
	}
	return &usageError{errors.New(lang.EndpointRefused(flag, what, b)), lang}
}

// The most --workers and --batch take: a run holds a goroutine per worker and a window of
// records 64 times as wide, so a typo such as --workers 1000000 would take gigabytes before
// the first request.
const (
	maxWorkers = 1024
	maxBatch   = 1000
)

// settings checks the options and turns them into the pipeline's settings. A bad flag value is
// a usageError.
func (o *runOptions) settings() (pipeline.Settings, error) {
	var cfg pipeline.Settings
	// Refusals in the run's language (an unknown --lang reads as Portuguese, the default).
	lang := outcome.Lang(o.lang)
	refuse := func(msg string) error { return &usageError{errors.New(msg), lang} }
	if len(o.files) == 0 {
		return cfg, refuse(lang.NoInputFiles())
	}
	loc := values.Locale(o.locale)
	if loc != values.PtBR && loc != values.EnUS {
		return cfg, refuse(lang.FlagChoice("--locale", o.locale, "pt-BR", "en-US"))
	}
	rnd := values.Rounding(o.round)
	if rnd != values.RoundReject && rnd != values.RoundHalfEven && rnd != values.RoundHalfUp {
		return cfg, refuse(lang.FlagChoice("--round", o.round, "reject", "half-even", "half-up"))
	}
	sep := values.Separator(o.decimalSeparator)
	if sep != values.SepAuto && sep != values.SepPoint && sep != values.SepComma {
		return cfg, refuse(lang.FlagChoice("--decimal-separator", o.decimalSeparator, "point", "comma"))
	}
	if o.lang != "pt" && o.lang != "en" {
		return cfg, refuse(lang.FlagChoice("--lang", o.lang, "pt", "en"))
	}
	if o.headerRow < 0 { // it was read as 0, the header found, saying nothing
		return cfg, refuse(lang.HeaderRowNegative(o.headerRow))
	}
	var delim rune
	if o.delimiter != "" {
		d := o.delimiter
		if d == `\t` || strings.EqualFold(d, "tab") {
			d = "\t"
		}
		if utf8.RuneCountInString(d) != 1 {
			return cfg, refuse(lang.DelimiterOneChar(o.delimiter))
		}
		delim, _ = utf8.DecodeRuneInString(d)
	}
	if !readers.KnownCharset(o.charset) { // the reader's refusal is English, and comes only with a CSV file
		return cfg, refuse(lang.FlagChoice("--charset", o.charset, "utf-8", "windows-1252", "cp850", "macintosh"))
	}
	var mapping *pipeline.Mapping
	if o.mapping != "" {
		m, err := pipeline.LoadMapping(o.mapping, lang)
		if err != nil {
			return cfg, err
		}
		mapping = m
	}
	logger, err := newLogger(lang, o.logFormat, o.stderr, o.getenv)
	if err != nil {
		return cfg, err
	}
	cfg = pipeline.Settings{
		Validate:      o.validate,
		ShowEnvelopes: o.showEnvelopes,
		Files:         o.files,
		CatalogueDir:  o.catalogue,
		Input: pipeline.InputOptions{
			Op: o.op, Sheets: o.sheets, HeaderRow: o.headerRow, Delimiter: delim, Charset: o.charset,
			Mapping: mapping, IgnoreUnknownColumns: o.ignoreUnknownColumns, Lang: outcome.Lang(o.lang),
			Values: values.Options{Locale: loc, Rounding: rnd, Separator: sep},
		},
		Reports: o.reports, Reimport: o.reimport, Summary: o.summary, Lang: outcome.Lang(o.lang), Quiet: o.quiet,
		Stdout: o.stdout, Stderr: o.stderr, Logger: logger, Terminal: o.terminal,
	}
	if o.op != "" {
		cat, err := templates.Load(o.catalogue)
		if err != nil {
			return cfg, err
		}
		if cat.Port(o.op) == nil {
			return cfg, refuse(lang.UnknownOp(o.op, portNames(cat)))
		}
	}
	// What else the run reads, and writes after it: no report or summary may be one of them.
	cfg.Reads, cfg.Writes = o.otherFiles()
	pw, crmPw, err := o.readPasswords()
	if err != nil {
		return cfg, err
	}
	crmUser := o.crmUser
	if crmUser == "" {
		crmUser = o.user
	}
	if o.encryption != 0 && o.encryption != 2 {
		return cfg, refuse(lang.EncryptionChoice(o.encryption))
	}
	cfg.G5 = soap.Credentials{User: o.user, Password: pw, Encryption: o.encryption}
	cfg.CRM = soap.Credentials{User: crmUser, Password: crmPw}
	if o.validate {
		return cfg, nil
	}
	// Spaces around a URL pasted from a mail or a wiki (or quoted with them in a job file)
	// are no part of it.
	o.endpoint, o.crmEndpoint = strings.TrimSpace(o.endpoint), strings.TrimSpace(o.crmEndpoint)
	if o.endpoint == "" && o.crmEndpoint == "" {
		return cfg, refuse(lang.EndpointNeeded())
	}
	for _, e := range []struct {
		flag, v string
		base    bool
	}{{"--endpoint", o.endpoint, true}, {"--crm-endpoint", o.crmEndpoint, false}} {
		if e.v == "" {
			continue
		}
		if err := checkEndpoint(lang, e.flag, e.v, e.base); err != nil {
			return cfg, err
		}
	}
	if o.user == "" {
		return cfg, refuse(lang.UserNeeded())
	}
	if o.passwordEnv == "" && o.passwordFile == "" {
		return cfg, refuse(lang.PasswordNeeded())
	}
	mode := soap.Mode(o.mode)
	if mode != soap.ModeSync && mode != soap.ModeAsync && mode != soap.ModeScheduled {
		return cfg, refuse(lang.FlagChoice("--mode", o.mode, "sync", "async", "scheduled"))
	}
	if o.encryption == 2 && mode != soap.ModeSync {
		return cfg, refuse(lang.EncryptionSyncOnly())
	}
	// Each bad number is named with its value (a job file's key is spelled as its flag).
	for _, c := range []struct {
		bad  bool
		flag string
		v    any
		rule string
	}{
		{o.workers < 1, "--workers", o.workers, lang.RuleAtLeast(1)},
		{o.workers > maxWorkers, "--workers", o.workers, lang.RuleMostWorkers(maxWorkers)},
		{o.batch < 1, "--batch", o.batch, lang.RuleAtLeast(1)},
		{o.batch > maxBatch, "--batch", o.batch, lang.RuleMostBatch(maxBatch)},
		{o.retries < 0, "--retries", o.retries, lang.RuleZeroOrMore()},
		{!(o.rate >= 0), "--rate", o.rate, lang.RuleNoLimitOrMore()}, // NaN too
		{o.timeout <= 0, "--timeout", o.timeout, lang.RuleMoreThanZero()},
		{o.backoff <= 0, "--backoff", o.backoff, lang.RuleMoreThanZero()},
		{o.maxBackoff < o.backoff, "--max-backoff", o.maxBackoff, lang.RuleAtLeastFlag("--backoff", o.backoff.String())},
		{o.grace < 0, "--grace", o.grace, lang.RuleZeroOrMore()},
		{o.giveUpAfter <= 0, "--give-up-after", o.giveUpAfter, lang.RuleMoreThanZero()},
		// 0 or less was a minute, silently: read as "no limit", a hung command would not be.
		{o.onFinishTimeout <= 0, "--on-finish-timeout", o.onFinishTimeout, lang.RuleMoreThanZero()},
	} {
		if c.bad {
			return cfg, refuse(lang.FlagMust(c.flag, c.v, c.rule))
		}
	}
	crm := o.crmEndpoint
	if crm == "" {
		crm = strings.TrimRight(o.endpoint, "/") + "/crm/ws"
	}
	cfg.Endpoint, cfg.CRMEndpoint, cfg.Mode = o.endpoint, crm, mode
	cfg.Workers, cfg.Rate, cfg.Timeout, cfg.Retries, cfg.Batch = o.workers, o.rate, o.timeout, o.retries, o.batch
	cfg.Backoff, cfg.MaxBackoff, cfg.Grace = o.backoff, o.maxBackoff, o.grace
	if o.grace == 0 {
		cfg.Grace = pipeline.NoGrace // --grace 0: none, not the default
	}
	cfg.FixedWorkers, cfg.GiveUpAfter, cfg.MaxAnswer, cfg.Hurry = o.fixedWorkers, o.giveUpAfter, int64(o.maxAnswer), o.hurry
	cfg.Journal, cfg.Force, cfg.OnExisting = o.jn, o.force, o.onExisting
	cfg.CAFile, cfg.Insecure = o.caFile, o.insecure
	if o.insecure {
		logger.Warn(outcome.Lang(o.lang).LogInsecure())
	}
	return cfg, nil
}

// secret reads a password from an environment variable or a file; never from a flag value.
// Errors never repeat the flags' arguments: operators paste the password itself there. They
// are in lang, and a *secretError that names the flag (a job file's refusal names its key's
// line by it).
func secret(lang outcome.Lang, envFlag, envName, fileFlag, file string, getenv func(string) string, fallback string) (string, error) {
	switch {
	case envName != "" && file != "":
		return "", &usageError{errors.New(lang.PasswordEnvAndFile()), lang}
	case envName != "":
		// A line end is no part of a password (an EnvironmentFile edited on Windows, a value
		// read with its newline).
		v := strings.TrimRight(getenv(envName), "\r\n")
		if v == "" {
			// The classic trap of a scheduled run: a variable exported in a login shell's profile,
			// which cron and systemd never read.
			return "", &secretError{envFlag, lang.PasswordEnvNotSet(envFlag, strings.Replace(envFlag, "-env", "-file", 1)), nil}
		}
		if !utf8.ValidString(v) {
			return "", &secretError{envFlag, lang.PasswordEnvNotUTF8(envFlag), nil}
		}
		return v, sendable(lang, envFlag, v)
	case file != "":
		b, err := readFirstLine(file)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is the flag's argument: not repeated
			}
			reason := err.Error()
			switch {
			case errors.Is(err, fs.ErrNotExist):
				reason = lang.FileMissing()
			case errors.Is(err, fs.ErrPermission):
				reason = lang.FileNoPermission()
			}
			return "", &secretError{fileFlag, lang.PasswordFileUnreadable(fileFlag, reason), err}
		}
		if len(b) > maxPasswordLine && !bytes.Contains(b, []byte("\n")) { // b holds at most maxPasswordLine+1 bytes
			return "", &secretError{fileFlag, lang.PasswordFileTooLong(fileFlag), nil}
		}
		if bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
			return "", &secretError{fileFlag, lang.PasswordFileUTF16(fileFlag), nil}
		}
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // Notepad's UTF-8 mark is no part of the password
		line, _, _ := strings.Cut(string(b), "\n")
		line = strings.TrimRight(line, "\r")
		switch {
		case line == "":
			return "", &secretError{fileFlag, lang.PasswordFileEmpty(fileFlag), nil}
		case !utf8.ValidString(line) || strings.ContainsRune(line, 0):
			return "", &secretError{fileFlag, lang.PasswordFileNotUTF8(fileFlag), nil}
		}
		return line, sendable(lang, fileFlag, line)
	}
	return fallback, nil
}

// secretError is a password that cannot be read or sent, said in the run's language; flag
// is the flag (or job key) that says where it comes from.
type secretError struct {
	flag string
	msg  string
	err  error
}

func (e *secretError) Error() string { return e.msg }
func (e *secretError) Unwrap() error { return e.err }

// maxPasswordLine is the longest first line a password file may have: far more than any
// password, far less than what a wrong path may name.
const maxPasswordLine = 64 << 10

// readFirstLine reads the file at path up to its first line end, and never more than
// maxPasswordLine+1 bytes: the whole file was read to take its first line, and a wrong path
// (--password-file /dev/zero, /dev/urandom, a log) grew the process by gigabytes a second,
// deaf to SIGTERM, until the machine ran out of memory.
func readFirstLine(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, 0, 512)
	for len(b) <= maxPasswordLine {
		n, err := f.Read(b[len(b):min(cap(b), maxPasswordLine+1)])
		if bytes.IndexByte(b[len(b):len(b)+n], '\n') >= 0 {
			return b[:len(b)+n], nil
		}
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = slices.Grow(b, cap(b))
		}
	}
	return b, nil
}

// sendable refuses a password no request can carry: one holding a character XML 1.0 forbids
// (a control character pasted with it, an escape sequence). Sent, every request was
// malformed XML that Senior could not read, every answer was taken for a passing fault, and
// after its retries every row ended unknown ("pode ter sido gravado"), exit 1, nothing said
// of the password. The character is named, never the password.
func sendable(lang outcome.Lang, flag, pw string) error {
	for _, r := range pw {
		if r != '\t' && r != '\n' && r != '\r' && r < 0x20 || r == 0xFFFE || r == 0xFFFF {
			return &secretError{flag, lang.PasswordForbiddenChar(flag, r), nil}
		}
	}
	return nil
}

// readPasswords are the G5 and CRM passwords, read from where the flags (or a job file's keys)
// say. validate sends nothing and reads none: a job file's password-env need not be set
// where a night's files are checked (it stopped validate, exit 2); the envelopes it shows
// mask a password given as they would a read one.
func (o *runOptions) readPasswords() (string, string, error) {
	if o.validate {
		const masked = "********"
		var pw, crmPw string
		if o.passwordEnv != "" || o.passwordFile != "" {
			pw, crmPw = masked, masked
		}
		if o.crmPasswordEnv != "" || o.crmPasswordFile != "" {
			crmPw = masked
		}
		return pw, crmPw, nil
	}
	lang := outcome.Lang(o.lang)
	pw, err := secret(lang, "--password-env", o.passwordEnv, "--password-file", o.passwordFile, o.getenv, "")
	if err != nil {
		return "", "", err
	}
	crmPw, err := secret(lang, "--crm-password-env", o.crmPasswordEnv, "--crm-password-file", o.crmPasswordFile, o.getenv, pw)
	if err != nil {
		return "", "", err
	}
	return pw, crmPw, nil
}

// openToOthers tells a file that users other than its owner may read or write (ssh refuses
// a private key so; a password file is as much a secret), and its mode as ls shows it.
func openToOthers(path string) (string, bool) { return openTo(path, 0o066) }

// warnWritableByOthers warns of a job file, a mapping, or a catalogue folder or file, that
// users other than its owner may change: whoever writes the job file chooses the --on-finish command,
// run as the importer's user, and the endpoint the password is sent to; whoever writes a
// catalogue file changes what is sent and how answers are read (what counts as accepted: the
// reports would say ok of what Senior refused). So is a file in a
// folder others may write (not sticky): they may put another file in its place. A warning,
// as for a password file others may read: the run goes on (the machine is the operator's).
//
// A password file others may read is said here too, once a command: said where it was read,
// it was said once for every step of a job before the first ran (three identical WARN lines
// at the start of a night of three steps) and again for every file a watcher took.
func (o *runOptions) warnWritableByOthers(log *slog.Logger) {
	lang := outcome.Lang(o.lang)
	if !o.validate { // validate reads no password
		for _, p := range []pipeline.NamedPath{{Flag: "--password-file", Path: o.passwordFile}, {Flag: "--crm-password-file", Path: o.crmPasswordFile}} {
			if mode, open := openToOthers(p.Path); open {
				log.Warn(lang.LogPasswordFileOpen(mode), "flag", p.Flag, "file", p.Path)
			}
		}
	}
	if o.job != nil {
		for _, p := range []string{o.job.Path, filepath.Dir(o.job.Path)} {
			if mode, open := writableByOthers(p); open {
				log.Warn(lang.LogJobFileWritable(mode), "job", o.job.Path, "path", p)
			}
		}
	}
	// A mapping decides which column goes to which field, and the constants sent (codEmp).
	mappings := []string{o.mapping}
	if o.job != nil {
		for _, st := range o.job.Steps {
			if st.Mapping != "" {
				mappings = append(mappings, o.job.Resolve(st.Mapping))
			}
		}
	}
	slices.Sort(mappings)
	for _, p := range slices.Compact(mappings) {
		if mode, open := writableByOthers(p); open {
			log.Warn(lang.LogMappingWritable(mode), "mapping", p)
		}
	}
	if o.catalogue == "" {
		return
	}
	// Every file the catalogue reads: *.yml too (templates.LoadFS).
	yaml, _ := filepath.Glob(filepath.Join(o.catalogue, "*.yaml"))
	yml, _ := filepath.Glob(filepath.Join(o.catalogue, "*.yml"))
	for _, p := range slices.Concat([]string{o.catalogue}, yaml, yml) {
		if mode, open := writableByOthers(p); open {
			log.Warn(lang.LogCatalogueWritable(mode), "catalogue", o.catalogue, "path", p)
		}
	}
}

// writableByOthers tells a file, or a folder without the sticky bit, that users other than
// its owner may write, and its mode as ls shows it.
func writableByOthers(path string) (string, bool) { return openTo(path, 0o022) }

// openTo tells a file whose mode grants users other than its owner one of the permissions of
// mask (group and others bits), and its mode as ls shows it; judged through a link, as it is
// read. A folder with the sticky bit (/tmp) lets no one replace another's file. The group's
// bits count only when the group is not the owner's own: with a user private group (Debian's
// and Fedora's, umask 002) every file a user makes is 0664, and each start warned of the job
// file, its folder and every catalogue file though no one else could write them. On Windows,
// modes say nothing.
func openTo(path string, mask fs.FileMode) (string, bool) {
	if path == "" || runtime.GOOS == "windows" {
		return "", false
	}
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() && fi.Mode()&fs.ModeSticky != 0 {
		return "", false
	}
	perm := fi.Mode().Perm() & mask
	if perm&0o007 == 0 && ownGroup(fi) {
		perm = 0
	}
	if perm == 0 {
		return "", false
	}
	return fi.Mode().String(), true
}

// newLogger builds the run's logger, refusing in lang a --log-format it does not know;
// IMPORTER_LOG_LEVEL=debug in the environment adds the debug lines (every decision of the
// adaptive limit, for one).
func newLogger(lang outcome.Lang, format string, w io.Writer, getenv func(string) string) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{ReplaceAttr: durationText}
	if strings.EqualFold(getenv("IMPORTER_LOG_LEVEL"), "debug") {
		opts.Level = slog.LevelDebug
	}
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, &usageError{errors.New(lang.FlagChoice("--log-format", format, "text", "json")), lang}
}

// durationText writes a duration as the text format does (1m4s), in the JSON format too,
// where slog writes nanoseconds: Senior "voltou a responder" with "down_for":25000000000, a
// watcher's "settle":2000000000.
func durationText(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		return slog.String(a.Key, a.Value.Duration().String())
	}
	return a
}

// byteSize is a flag value of bytes written as 16MiB, 512KiB, 2GiB or a plain number.
type byteSize int64

// String is the size as --help shows its default: in the largest binary unit that divides it
// (16MiB, not 16777216), which Set reads back.
func (b *byteSize) String() string {
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n := int64(*b); n != 0 && n%u.mult == 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(*b), 10)
}
func (b *byteSize) Type() string { return "SIZE" }
func (b *byteSize) Set(s string) error {
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range units {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("%q: write a size such as 16MiB, 512KiB or a number of bytes", s)
	}
	*b = byteSize(n * mult)
	return nil
}
