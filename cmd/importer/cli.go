package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"seniorimporter/outcome"
	"seniorimporter/pipeline"
	"seniorimporter/simulator"
	"seniorimporter/soap"
	"seniorimporter/templates"
	"seniorimporter/values"
)

// env is what the process gives the command: streams, environment, whether stderr is a terminal.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	terminal       bool
}

const exitHelp = `Exit codes:
  0    every row ok, queued, valid or skipped
  1    some rows were not (see the report)
  2    could not start or aborted (configuration, unreadable input, refused login)
  130  interrupted (SIGINT/SIGTERM): in-flight requests finished, every report written
`

const usage = `importer: load spreadsheets and CSV files into Senior's CRM and ERP (G5) web services.

Usage:
  importer run [flags] FILE...        import
  importer validate [flags] FILE...   every check, no sending; same report, outcome "valid"
  importer template OP -o FILE.xlsx   an input template for a port
  importer simulate --addr HOST:PORT  the embedded Senior simulator (prints 127.0.0.1:PORT first)
  importer version

Run "importer COMMAND --help" for a command's flags.

` + exitHelp

func cli(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return outcome.ExitAborted
	}
	switch args[0] {
	case "run":
		return runCmd(ctx, args[1:], e, false)
	case "validate":
		return runCmd(ctx, args[1:], e, true)
	case "template":
		return templateCmd(args[1:], e)
	case "simulate":
		return simulator.Command(ctx, args[1:], e.stdout, e.stderr, e.getenv)
	case "version":
		fmt.Fprintln(e.stdout, "importer", version())
		return 0
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, usage)
		return 0
	default:
		fmt.Fprintf(e.stderr, "importer: unknown command %q\n\n%s", args[0], usage)
		return outcome.ExitAborted
	}
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// runOptions are the flags of run and validate (DESIGN.md "Command line").
type runOptions struct {
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
	reports                                  listFlag
	reimport                                 string
	locale, round, lang                      string
	decimalSeparator                         string
	catalogue, mapping                       string
	sheets                                   listFlag
	headerRow                                int
	delimiter, charset                       string
	strict                                   bool
	summary                                  string
	quiet                                    bool
	logFormat                                string
	caFile                                   string
	insecure                                 bool
	grace                                    time.Duration
	showEnvelopes                            int
}

func (o *runOptions) addFlags(fs *flag.FlagSet, validate bool) {
	fs.StringVar(&o.op, "op", "", "port for every file (setContas, GravarOrcamentos, CarregarOrcamentos_3, ...); default: by file name")
	fs.StringVar(&o.locale, "locale", "pt-BR", "how text numbers are read: pt-BR (1.234,56) or en-US (1,234.56)")
	fs.StringVar(&o.round, "round", "reject", "more decimals than a field allows: reject, half-even or half-up")
	fs.StringVar(&o.decimalSeparator, "decimal-separator", "", "decimal separator of every number sent: point or comma (default: Senior's rule, a point for Double and Integer fields, a comma for String ones; per field: --mapping)")
	fs.StringVar(&o.lang, "lang", "pt", "language of row messages and report headers: pt or en")
	fs.StringVar(&o.catalogue, "catalogue", "", "directory of extra port files (*.yaml) added to the embedded catalogue")
	fs.StringVar(&o.mapping, "mapping", "", "mapping file (CSV or YAML): extra column names, constants (codEmp=1), per-column locales")
	fs.Var(&o.sheets, "sheet", "sheet to read (repeatable; also reads hidden sheets)")
	fs.IntVar(&o.headerRow, "header-row", 0, "row number of the header (default: the first non-empty row)")
	fs.StringVar(&o.delimiter, "delimiter", "", "CSV delimiter (default: sniffed among ; , tab |)")
	fs.StringVar(&o.charset, "charset", "", "CSV charset: utf-8 or windows-1252 (default: detected)")
	fs.BoolVar(&o.strict, "strict", false, "unknown columns are an error instead of a warning")
	fs.Var(&o.reports, "report", "report path; format by extension .csv .xlsx .jsonl (repeatable)")
	fs.StringVar(&o.reimport, "reimport", "", "write the rows that did not succeed into this directory, in files named and shaped like the inputs, ready to fix and import again")
	fs.StringVar(&o.summary, "summary", "", "write the run summary as JSON to this path")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress and no printed summary")
	fs.StringVar(&o.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.StringVar(&o.user, "user", "", "G5 user")
	fs.StringVar(&o.passwordEnv, "password-env", "", "name of the environment variable holding the G5 password")
	fs.StringVar(&o.passwordFile, "password-file", "", "file holding the G5 password (first line)")
	fs.StringVar(&o.crmUser, "crm-user", "", "CRM user (default: --user)")
	fs.StringVar(&o.crmPasswordEnv, "crm-password-env", "", "environment variable holding the CRM password (default: the G5 one)")
	fs.StringVar(&o.crmPasswordFile, "crm-password-file", "", "file holding the CRM password (default: the G5 one)")
	fs.IntVar(&o.encryption, "encryption", 0, "G5 encryption: 0 plain password, 2 integrated-logon token")
	if validate {
		fs.IntVar(&o.showEnvelopes, "show-envelopes", 0, "print the exact envelopes of the first N records (password masked)")
		return
	}
	fs.StringVar(&o.endpoint, "endpoint", "", "G5 base URL (e.g. https://senior.example:8443)")
	fs.StringVar(&o.crmEndpoint, "crm-endpoint", "", "CRM web service full URL (default: <endpoint>/crm/ws, where the simulator serves it)")
	fs.StringVar(&o.mode, "mode", "sync", "G5 execution mode: sync, async or scheduled")
	fs.IntVar(&o.workers, "workers", 8, "concurrent requests")
	fs.Float64Var(&o.rate, "rate", 0, "at most this many requests per second (0: no limit)")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "timeout of one request")
	fs.IntVar(&o.retries, "retries", 5, "retries of a request after a passing fault (5xx, 429, timeout, dropped connection)")
	fs.DurationVar(&o.backoff, "backoff", 500*time.Millisecond, "first retry delay (doubles each retry, with jitter)")
	fs.DurationVar(&o.maxBackoff, "max-backoff", 30*time.Second, "longest retry delay (Retry-After is honoured)")
	fs.IntVar(&o.batch, "batch", 1, "orçamentos per GravarOrcamentos request")
	fs.StringVar(&o.caFile, "ca-file", "", "PEM file of the CA that signs Senior's certificate")
	fs.BoolVar(&o.insecure, "insecure", false, "skip TLS verification (explicit only; never the default)")
	fs.DurationVar(&o.grace, "grace", 10*time.Second, "on SIGINT/SIGTERM, time given to in-flight requests")
}

func runCmd(ctx context.Context, args []string, e env, validate bool) int {
	name := "run"
	if validate {
		name = "validate"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var o runOptions
	o.addFlags(fs, validate)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: importer %s [flags] FILE...\n\nFlags:\n", name)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, "\nPasswords come only from --password-env or --password-file, never from a flag value.\n\n"+exitHelp)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return outcome.ExitAborted
	}
	st, err := o.settings(fs.Args(), e, validate)
	if err != nil {
		fmt.Fprintf(e.stderr, "importer %s: %v\n", name, err)
		return outcome.ExitAborted
	}
	sum, err := pipeline.Run(ctx, st)
	if err != nil {
		fmt.Fprintf(e.stderr, "importer %s: %v\n", name, err)
		return outcome.ExitAborted
	}
	return sum.ExitCode
}

func (o *runOptions) settings(files []string, e env, validate bool) (pipeline.Settings, error) {
	var st pipeline.Settings
	if len(files) == 0 {
		return st, errors.New("no input files")
	}
	loc := values.Locale(o.locale)
	if loc != values.PtBR && loc != values.EnUS {
		return st, fmt.Errorf("--locale %q: use pt-BR or en-US", o.locale)
	}
	rnd := values.Rounding(o.round)
	if rnd != values.RoundReject && rnd != values.RoundHalfEven && rnd != values.RoundHalfUp {
		return st, fmt.Errorf("--round %q: use reject, half-even or half-up", o.round)
	}
	sep := values.Separator(o.decimalSeparator)
	if sep != values.SepAuto && sep != values.SepPoint && sep != values.SepComma {
		return st, fmt.Errorf("--decimal-separator %q: use point or comma", o.decimalSeparator)
	}
	if o.lang != "pt" && o.lang != "en" {
		return st, fmt.Errorf("--lang %q: use pt or en", o.lang)
	}
	var delim rune
	if o.delimiter != "" {
		d := o.delimiter
		if d == `\t` || strings.EqualFold(d, "tab") {
			d = "\t"
		}
		if utf8.RuneCountInString(d) != 1 {
			return st, fmt.Errorf("--delimiter %q: one character", o.delimiter)
		}
		delim, _ = utf8.DecodeRuneInString(d)
	}
	var mapping *pipeline.Mapping
	if o.mapping != "" {
		m, err := pipeline.LoadMapping(o.mapping)
		if err != nil {
			return st, err
		}
		mapping = m
	}
	logger, err := newLogger(o.logFormat, e.stderr)
	if err != nil {
		return st, err
	}
	st = pipeline.Settings{
		Validate:      validate,
		ShowEnvelopes: o.showEnvelopes,
		Files:         files,
		CatalogueDir:  o.catalogue,
		Input: pipeline.InputOptions{
			Op: o.op, Sheets: o.sheets, HeaderRow: o.headerRow, Delimiter: delim, Charset: o.charset,
			Mapping: mapping, Strict: o.strict, Lang: outcome.Lang(o.lang),
			Values: values.Options{Locale: loc, Rounding: rnd, Separator: sep},
		},
		Reports: o.reports, Reimport: o.reimport, Summary: o.summary, Lang: outcome.Lang(o.lang), Quiet: o.quiet,
		Stdout: e.stdout, Stderr: e.stderr, Logger: logger, Terminal: e.terminal,
	}
	if o.op != "" {
		cat, err := templates.Load(o.catalogue)
		if err != nil {
			return st, err
		}
		if cat.Port(o.op) == nil {
			var names []string
			for _, p := range cat.Ports() {
				names = append(names, p.Name)
			}
			return st, fmt.Errorf("--op %q is not a known port (%s)", o.op, strings.Join(names, ", "))
		}
	}
	pw, err := secret(o.passwordEnv, o.passwordFile, e.getenv, "")
	if err != nil {
		return st, err
	}
	crmPw, err := secret(o.crmPasswordEnv, o.crmPasswordFile, e.getenv, pw)
	if err != nil {
		return st, err
	}
	crmUser := o.crmUser
	if crmUser == "" {
		crmUser = o.user
	}
	if o.encryption != 0 && o.encryption != 2 {
		return st, fmt.Errorf("--encryption %d: use 0 (plain password) or 2 (integrated-logon token)", o.encryption)
	}
	st.G5 = soap.Credentials{User: o.user, Password: pw, Encryption: o.encryption}
	st.CRM = soap.Credentials{User: crmUser, Password: crmPw}
	if validate {
		return st, nil
	}
	if o.endpoint == "" && o.crmEndpoint == "" {
		return st, errors.New("--endpoint (G5 base URL) or --crm-endpoint is needed to send")
	}
	if o.user == "" {
		return st, errors.New("--user is needed to send")
	}
	if o.passwordEnv == "" && o.passwordFile == "" {
		return st, errors.New("a password is needed: --password-env NAME or --password-file PATH")
	}
	mode := soap.Mode(o.mode)
	if mode != soap.ModeSync && mode != soap.ModeAsync && mode != soap.ModeScheduled {
		return st, fmt.Errorf("--mode %q: use sync, async or scheduled", o.mode)
	}
	if o.encryption == 2 && mode != soap.ModeSync {
		return st, errors.New("--encryption 2 (integrated-logon token) works only with --mode sync")
	}
	if o.workers < 1 || o.batch < 1 || o.retries < 0 || o.rate < 0 {
		return st, errors.New("--workers and --batch must be at least 1; --retries and --rate not negative")
	}
	crm := o.crmEndpoint
	if crm == "" {
		crm = strings.TrimRight(o.endpoint, "/") + "/crm/ws"
	}
	st.Endpoint, st.CRMEndpoint, st.Mode = o.endpoint, crm, mode
	st.Workers, st.Rate, st.Timeout, st.Retries, st.Batch = o.workers, o.rate, o.timeout, o.retries, o.batch
	st.Backoff, st.MaxBackoff, st.Grace = o.backoff, o.maxBackoff, o.grace
	st.CAFile, st.Insecure = o.caFile, o.insecure
	if o.insecure {
		logger.Warn("--insecure: TLS certificates are not verified")
	}
	return st, nil
}

// secret reads a password from an environment variable or a file; never from a flag value.
func secret(envName, file string, getenv func(string) string, fallback string) (string, error) {
	switch {
	case envName != "" && file != "":
		return "", errors.New("give the password by environment variable or by file, not both")
	case envName != "":
		v := getenv(envName)
		if v == "" {
			return "", fmt.Errorf("environment variable %s is empty or not set", envName)
		}
		return v, nil
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimRight(line, "\r"), nil
	}
	return fallback, nil
}

func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}

func templateCmd(args []string, e env) int {
	fs := flag.NewFlagSet("template", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.String("o", "", "output XLSX file")
	lang := fs.String("lang", "pt", "language of header notes: pt or en")
	catDir := fs.String("catalogue", "", "directory of extra port files")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, "Usage: importer template OP -o FILE.xlsx\n\nFlags:\n")
		fs.PrintDefaults()
	}
	// Accept the port before or after the flags.
	var op string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		op, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return outcome.ExitAborted
	}
	if op == "" && fs.NArg() > 0 {
		op = fs.Arg(0)
	}
	if op == "" || *out == "" {
		fs.Usage()
		return outcome.ExitAborted
	}
	cat, err := templates.Load(*catDir)
	if err != nil {
		fmt.Fprintln(e.stderr, "importer template:", err)
		return outcome.ExitAborted
	}
	p := cat.Port(op)
	if p == nil {
		fmt.Fprintf(e.stderr, "importer template: %q is not a known port\n", op)
		return outcome.ExitAborted
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(e.stderr, "importer template:", err)
		return outcome.ExitAborted
	}
	if err := templates.RenderXLSX(p, f, *lang); err != nil {
		f.Close()
		fmt.Fprintln(e.stderr, "importer template:", err)
		return outcome.ExitAborted
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(e.stderr, "importer template:", err)
		return outcome.ExitAborted
	}
	fmt.Fprintln(e.stdout, *out)
	return 0
}
