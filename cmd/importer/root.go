package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"seniorimporter/outcome"
	"seniorimporter/values"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// env is what the process gives every command: streams, environment, whether stderr is a
// terminal. Tests give their own.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	terminal       bool
	hurry          <-chan struct{} // closed on a second interrupt
	// args is the command line (without the program name): what a refusal of the flag parser
	// needs to know before its flags are parsed (the language of the run, langOfArgs).
	args []string
	// describe is the language the commands are described in (their Short and Long): the
	// command line's, English for the generated reference (newRootCmdIn sets it).
	describe outcome.Lang
}

// cli runs the command line args (without the program name) and returns the exit code.
func cli(ctx context.Context, args []string, e env) int {
	e.args = args
	root := newRootCmd(e)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	return exitCode(cmd, sayCobraError(cmd, err, args), e.stderr)
}

// exitCode turns what a command returned into the process's exit code, printing the error:
// a usage error (unknown command or flag, bad flag value, missing argument) as one line and a
// hint to --help; a failure as one line; an exitStatus silently.
func exitCode(cmd *cobra.Command, err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var status exitStatus
	if errors.As(err, &status) {
		return int(status)
	}
	var lg *loggedError
	if errors.As(err, &lg) {
		return outcome.ExitAborted
	}
	name := "importer"
	if cmd != nil {
		name = cmd.CommandPath()
	}
	var f *failure
	if errors.As(err, &f) {
		if errors.Is(f.err, context.Canceled) && cmd != nil && cmd.Context() != nil && cmd.Context().Err() != nil {
			// SIGINT, SIGTERM or SIGHUP stopped a command that reads or rewrites the journal
			// (report, prune, history): interrupted, exit 130 as the help says, not a failure
			// said as Go's "context canceled". A report is renamed into place only when whole;
			// a prune's forgetting is one transaction, its rewrite (VACUUM) another. Only when
			// the command's own context ended: a cancellation of something inside is a failure.
			fmt.Fprintf(stderr, "%s: %s (%v)\n", name, cmdLang(cmd).CommandInterrupted(), f.err)
			return outcome.ExitInterrupted
		}
		fmt.Fprintf(stderr, "%s: %v\n", name, f.err)
		if f.interrupted {
			return outcome.ExitInterrupted
		}
		return outcome.ExitAborted
	}
	// Anything else is a usage error: ours (usageError) or cobra's (unknown command, wrong
	// number of arguments).
	hint := outcome.EN
	if u := (*usageError)(nil); errors.As(err, &u) && u.lang != "" {
		hint = u.lang // "Veja ... para o uso" after a Portuguese message, not "Run ... for usage"
	}
	fmt.Fprintf(stderr, "%s: %v\n%s\n", name, err, hint.UsageHint(name))
	return outcome.ExitAborted
}

// exitStatus ends the process with that code; whatever needed saying was said.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// loggedError is an error the run's log already holds as a JSON line (--log-format json):
// not printed again as text, which a log shipper reading stderr could not parse.
type loggedError struct{ err error }

func (l *loggedError) Error() string { return l.err.Error() }
func (l *loggedError) Unwrap() error { return l.err }

// inLog marks err as logged when the log is JSON (see loggedError).
func inLog(format string, err error) error {
	if err == nil || format != "json" {
		return err
	}
	return &loggedError{err}
}

// failure is an error met while working (an unreadable input, a refused login): printed
// without the hint to --help.
type failure struct {
	err error
	// interrupted: the run was stopped by a signal as it could not start (it waited for the
	// journal, then would have replaced a report another run writes): exit 130, not 2.
	interrupted bool
}

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

// usageError is a command line that cannot work: a bad flag value, a missing argument. lang
// is the language it is said in, "" for English (an error of cobra's or pflag's own that no
// message of outcome says): the hint to --help that follows it is in the same language.
type usageError struct {
	err  error
	lang outcome.Lang
}

func (u *usageError) Error() string { return u.err.Error() }
func (u *usageError) Unwrap() error { return u.err }

// result turns a runXxx's (exit code, error) into what a cobra RunE returns.
func result(code int, err error) error {
	var u *usageError
	switch {
	case errors.As(err, &u):
		return err
	case err != nil:
		return &failure{err: err, interrupted: code == outcome.ExitInterrupted}
	case code != 0:
		return exitStatus(code)
	}
	return nil
}

// newRootCmd is the importer's commands, cobra's texts in the command line's language
// (langOfArgs: Portuguese unless --lang en).
func newRootCmd(e env) *cobra.Command { return newRootCmdIn(e, langOfArgs(e.args)) }

// newRootCmdIn is the importer's commands, cobra's texts (the usage's headings, the help and
// completion commands) in lang.
func newRootCmdIn(e env, lang outcome.Lang) *cobra.Command {
	e.describe = lang
	root := &cobra.Command{
		Use:   "importer",
		Short: lang.CommandShort("importer"),
		Long:  lang.CommandLong("importer") + "\n\n" + lang.ExitHelp(),
		// Without a command: the usage on stderr, exit 2.
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprint(e.stderr, cmd.UsageString())
			return exitStatus(outcome.ExitAborted)
		},
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true,
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return flagError(cmd, err, flagLang(cmd, e.args))
	})
	root.AddCommand(
		newRunCmd(e, false),
		newRunCmd(e, true),
		newWatchCmd(e),
		newHistoryCmd(e),
		newReportCmd(e),
		newPruneCmd(e),
		newTemplateCmd(e),
		newPortsCmd(e),
		newSimulateCmd(e),
		newVersionCmd(e),
		newGenDocsCmd(e),
	)
	// Added here rather than on Execute so that the generated docs show them too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	localize(root, lang)
	return root
}

// oneArg takes exactly one argument and says which (what, in the command's language) when it
// is missing or doubled: cobra's own message was "accepts 1 arg(s), received 0" ('importer
// watch --job job.yaml' without its folder).
func oneArg(what func(outcome.Lang) string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			lang := cmdLang(cmd)
			return &usageError{errors.New(lang.OneArgument(what(lang), cmd.UseLine(), len(args))), lang}
		}
		return nil
	}
}

// cmdLang is the language of a command whose flags are parsed (its arguments are checked
// after them): its --lang, Portuguese unless en; English for a command that has none.
func cmdLang(cmd *cobra.Command) outcome.Lang {
	f := cmd.Flags().Lookup("lang")
	switch {
	case f == nil:
		return outcome.EN
	case outcome.Lang(f.Value.String()) == outcome.EN:
		return outcome.EN
	}
	return outcome.PT
}

// flagLang is the language a refusal of the flag parser is said in: the run's, as --lang in
// args gives it (Portuguese by default), for a command that has --lang (the root, help,
// completion and version have a hidden one: cobratexts.go); English for one that has none
// (simulate: its output is English).
func flagLang(cmd *cobra.Command, args []string) outcome.Lang {
	if cmd.Flags().Lookup("lang") == nil {
		return outcome.EN
	}
	return langOfArgs(args)
}

// langOfArgs is the language --lang sets in args, looked for before the flags are parsed: the
// parser stops at the first flag it refuses, which may come before --lang ('run --wokers 4
// --lang en'). The last --lang wins, as when parsed; "--" ends the flags. Anything but en is
// Portuguese, the default. A job file's own lang key is not read here (a job file's refusals
// are in the command line's language too).
func langOfArgs(args []string) outcome.Lang {
	lang := outcome.PT
	for i := 0; i < len(args); i++ {
		v, ok := strings.CutPrefix(args[i], "--lang=")
		switch {
		case args[i] == "--":
			return lang
		case args[i] == "--lang" && i+1 < len(args):
			v, ok = args[i+1], true
			i++
		}
		if ok {
			lang = outcome.PT
			if outcome.Lang(v) == outcome.EN {
				lang = outcome.EN
			}
		}
	}
	return lang
}

// flagError makes a flag the command cannot parse a usage error in lang, saying so when a long
// flag was given one dash (-endpoint for --endpoint), as the flag package that came before
// cobra took it. pflag's own messages are English whatever --lang says: each of its errors
// (typed since pflag 1.0.7) is said again here, naming the flag and, for a bad value, the
// value as given.
//
// An unknown long flag names the command's flags it may have meant (--endpont, --wokers,
// --password: --password-env or --password-file), or the commands that take it (validate
// --endpoint: run and watch), so that the message points to the flag to write.
func flagError(cmd *cobra.Command, err error, lang outcome.Lang) error {
	said := func(msg string) error { return &usageError{&saidError{msg, err}, lang} }
	var (
		nx  *pflag.NotExistError
		req *pflag.ValueRequiredError
		bad *pflag.InvalidValueError
		syn *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &nx):
		if sh := nx.GetSpecifiedShortnames(); sh != "" {
			// pflag's own message repeats the whole argument, a value glued to the letters too:
			// "unknown shorthand flag: 'p' in -pS3cret" put a password on stderr (a service's
			// journal), as -password=S3cret did. The flag as far as it is one, no further.
			name, _, _ := strings.Cut(sh, "=")
			letter := []rune(sh)[0]
			if len(name) > 1 && cmd.Flags().Lookup(name) != nil {
				return said(lang.FlagUnknownShorthand(letter, name, lang.FlagTwoDashes(name)))
			}
			// A long flag misspelt with one dash (-wokers): named, when it is near a flag's
			// name (so it is no password: it reads as one of the flags).
			if near := nearFlags(cmd, name); len(name) > 1 && len(near) > 0 {
				return said(lang.FlagUnknownShorthand(letter, name, lang.FlagTwoDashesMeant(lang.FlagMeant(near))))
			}
			shown := string(letter)
			if len(sh) > len(shown) {
				shown += "…"
			}
			return said(lang.FlagUnknownShorthand(letter, shown, ""))
		}
		return said(lang.FlagUnknown("--"+nx.GetSpecifiedName(), flagHint(cmd, nx.GetSpecifiedName(), lang)))
	case errors.As(err, &req):
		if sh := req.GetSpecifiedShortnames(); sh != "" {
			return said(lang.FlagNeedsValue(lang.FlagNeedsValueShort([]rune(req.GetSpecifiedName())[0], sh)))
		}
		return said(lang.FlagNeedsValue("--" + req.GetSpecifiedName()))
	case errors.As(err, &bad):
		return said(badValue(lang, bad))
	case errors.As(err, &syn):
		return said(lang.FlagBadSyntax(syn.GetSpecifiedFlag()))
	}
	return &usageError{err, ""} // cobra's own (none known to come here): its English
}

// badValue says in lang a value a flag's type refused, naming the flag and the value as given
// (pflag's "invalid argument "many" for "--workers" flag: strconv.ParseInt: ...", English).
func badValue(lang outcome.Lang, bad *pflag.InvalidValueError) string {
	return lang.FlagBadValue("--"+bad.GetFlag().Name, bad.GetValue(), valueReason(lang, bad.GetFlag().Value.Type(), bad.Unwrap()))
}

// valueReason says why a flag's value of type typ (pflag's name for it: "int", "duration", or
// a Value's own Type) was refused; cause is what its Set said, in English, given as it is for
// a type not known here.
func valueReason(lang outcome.Lang, typ string, cause error) string {
	var ne *strconv.NumError
	switch {
	case typ == "bool":
		return lang.FlagValueNotBool()
	case typ == "duration":
		return lang.FlagValueNotDuration()
	case typ == "SIZE":
		return lang.FlagValueNotSize()
	case errors.As(cause, &ne) && errors.Is(ne.Err, strconv.ErrRange):
		return lang.FlagValueTooLarge()
	case strings.HasPrefix(typ, "int") || strings.HasPrefix(typ, "uint"):
		return lang.FlagValueNotWhole()
	case strings.HasPrefix(typ, "float"):
		return lang.NotNumber()
	case cause != nil:
		return cause.Error()
	}
	return ""
}

// nearFlags are the flags of cmd whose names start with name or are within two edits of it
// (one for a name under six letters: --nope is no --op), as --NAME.
func nearFlags(cmd *cobra.Command, name string) []string {
	var near []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		if (len(name) >= 3 && strings.HasPrefix(f.Name, name)) || values.Levenshtein([]rune(f.Name), []rune(name)) <= min(2, len(name)/3) {
			near = append(near, "--"+f.Name)
		}
	})
	return near
}

// flagHint: the flags of cmd near name (nearFlags), else the other commands that have a flag
// so named; "" when neither.
func flagHint(cmd *cobra.Command, name string, lang outcome.Lang) string {
	if near := nearFlags(cmd, name); len(near) > 0 {
		return lang.FlagMeant(near)
	}
	var others []string
	for _, c := range cmd.Root().Commands() {
		if f := c.Flags().Lookup(name); c != cmd && !c.Hidden && f != nil && !f.Hidden { // not the help's hidden --lang
			others = append(others, c.Name())
		}
	}
	if len(others) > 0 {
		return lang.FlagOfOtherCommands("--"+name, others, cmd.Name())
	}
	return ""
}

func newVersionCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: e.describe.CommandShort("version"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(e.stdout, "importer", version())
			return nil
		},
	}
}

// builtFrom is the commit `make build` stamps (git describe --always --dirty, through
// -ldflags -X): a binary built where Go records no version of its own (GOFLAGS=-buildvcs=false,
// which a clone owned by another user needs) still says in its log and the journal which source
// it is.
var builtFrom string

// version is the module's version as Go recorded it (from the VCS: a pseudo-version, "+dirty"
// when the tree had changes), else the commit the Makefile stamped, else "dev".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	if builtFrom != "" {
		return builtFrom
	}
	return "dev"
}
