package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"seniorimporter/outcome"
)

// cobra's own texts, said in the run's language: the usage's headings ("Usage:", "Flags:"),
// the flags' help lines (and pflag's "(default X)" in them), the help flag, the help and
// completion commands cobra adds, an unknown command and a wrong number of arguments. cobra
// writes them in English; each is reached through one of its
// hooks: the usage function, the commands it adds (changed once added), and the errors it
// returns, said again (sayCobraError). simulate, with no --lang, keeps cobra's English, as
// the rest of what it says; the root, help, completion and version commands take a hidden
// --lang (the help's language) so that 'importer --help --lang en' is English.

// localize says cobra's texts of root's tree in lang (the command line's, langOfArgs); called
// once every command is added, cobra's help and completion commands too.
func localize(root *cobra.Command, lang outcome.Lang) {
	root.SuggestionsMinimumDistance = 2 // cobra's default, set here: SuggestionsFor reads it
	root.SetUsageFunc(func(c *cobra.Command) error {
		return writeUsage(c.OutOrStderr(), c, frameLang(c, lang))
	})
	helpLang(root)
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			localizeHelpCmd(c, lang)
		case "completion":
			localizeCompletionCmd(c, lang)
		case "version":
			helpLang(c) // its output has no words: its help and refusals are the run's language
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		l := frameLang(c, lang)
		c.Flags().VisitAll(func(f *pflag.Flag) { f.Usage = l.FlagUsage(f.Usage) })
		c.InitDefaultHelpFlag()
		c.Flags().Lookup("help").Usage = l.HelpFlag(c.Name())
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// frameLang is the language of cobra's texts for c: lang, or English for a command that has
// no --lang (its output is English: simulate).
func frameLang(c *cobra.Command, lang outcome.Lang) outcome.Lang {
	if c.Flags().Lookup("lang") == nil {
		return outcome.EN
	}
	return lang
}

// helpLang gives c a hidden --lang: the language of its help and of its refusals.
func helpLang(c *cobra.Command) {
	c.Flags().String("lang", "pt", "language of the help: pt or en")
	cobra.CheckErr(c.Flags().MarkHidden("lang"))
}

// localizeHelpCmd says the help command cobra adds in lang, its unknown topic too.
func localizeHelpCmd(help *cobra.Command, lang outcome.Lang) {
	root := help.Root().Name()
	help.Short, help.Long = lang.HelpCommandShort(), lang.HelpCommandLong(root)
	helpLang(help)
	run := help.Run
	help.Run = func(c *cobra.Command, args []string) {
		if cmd, _, err := c.Root().Find(args); cmd == nil || err != nil {
			// cobra's own words, exit 0 and the root's usage after them, as cobra does.
			c.Println(lang.UnknownHelpTopic(args))
			cobra.CheckErr(c.Root().Usage())
			return
		}
		run(c, args)
	}
}

// localizeCompletionCmd says the completion command cobra adds, and its shells', in lang.
func localizeCompletionCmd(comp *cobra.Command, lang outcome.Lang) {
	root := comp.Root().Name()
	comp.Short, comp.Long = lang.CompletionShort(), lang.CompletionLong(root)
	helpLang(comp)
	for _, sh := range comp.Commands() {
		sh.Short = lang.CompletionShellShort(sh.Name())
		if long := lang.CompletionShellLong(sh.Name(), root); long != "" {
			sh.Long = long
		}
		if f := sh.Flags().Lookup("no-descriptions"); f != nil {
			f.Usage = lang.CompletionNoDescriptions()
		}
		helpLang(sh)
	}
}

// writeUsage writes c's usage in lang, as cobra's default usage function writes it in
// English (command.go's defaultUsageFunc: the same layout, line for line).
func writeUsage(w io.Writer, c *cobra.Command, lang outcome.Lang) error {
	var b strings.Builder
	b.WriteString(lang.UsageHeading())
	if c.Runnable() {
		fmt.Fprintf(&b, "\n  %s", c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s [command]", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\n\n%s\n  %s", lang.AliasesHeading(), c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\n%s\n%s", lang.ExamplesHeading(), c.Example)
	}
	listed := func(sub *cobra.Command) bool { return sub.IsAvailableCommand() || sub.Name() == "help" }
	line := func(sub *cobra.Command) { fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short) }
	if c.HasAvailableSubCommands() {
		if len(c.Groups()) == 0 {
			fmt.Fprintf(&b, "\n\n%s", lang.CommandsHeading())
			for _, sub := range c.Commands() {
				if listed(sub) {
					line(sub)
				}
			}
		} else {
			for _, g := range c.Groups() {
				fmt.Fprintf(&b, "\n\n%s", g.Title)
				for _, sub := range c.Commands() {
					if sub.GroupID == g.ID && listed(sub) {
						line(sub)
					}
				}
			}
			if !c.AllChildCommandsHaveGroup() {
				fmt.Fprintf(&b, "\n\n%s", lang.MoreCommandsHeading())
				for _, sub := range c.Commands() {
					if sub.GroupID == "" && listed(sub) {
						line(sub)
					}
				}
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", lang.FlagsHeading(), flagUsages(c.LocalFlags(), lang))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", lang.GlobalFlagsHeading(), flagUsages(c.InheritedFlags(), lang))
	}
	if c.HasHelpSubCommands() {
		b.WriteString("\n\n" + lang.HelpTopicsHeading())
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), sub.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + lang.MoreHelp(c.CommandPath()))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// flagUsages are the help lines of fs's flags as pflag writes them, its "(default X)" said in
// lang (the usages themselves are said in lang by localize).
func flagUsages(fs *pflag.FlagSet, lang outcome.Lang) string {
	s := strings.TrimRightFunc(fs.FlagUsages(), unicode.IsSpace)
	if lang == outcome.EN {
		return s
	}
	return strings.ReplaceAll(s, " (default ", " ("+lang.FlagDefault()+" ")
}

// sayCobraError says again in the run's language an error cobra made (an unknown command, a
// wrong number of arguments), as a usage error in that language; any other error is returned
// as it is. cobra's errors have no type: each is known by its fixed English form. An unknown
// command is found before any command runs (Command.Find), so no hook of a command sees it.
func sayCobraError(cmd *cobra.Command, err error, args []string) error {
	var (
		u  *usageError
		f  *failure
		s  exitStatus
		lg *loggedError
	)
	if err == nil || cmd == nil || errors.As(err, &u) || errors.As(err, &f) || errors.As(err, &s) || errors.As(err, &lg) {
		return err
	}
	lang := flagLang(cmd, args)
	said := func(msg string) error { return &usageError{&saidError{msg, err}, lang} }
	msg := err.Error()
	if name, path, meant, ok := unknownCommand(cmd, msg); ok {
		return said(lang.UnknownCommand(name, path, meant))
	}
	var n, m, got int
	switch {
	case scan(msg, "requires at least %d arg(s), only received %d", &n, &got):
		return said(lang.ArgsAtLeast(n, got))
	case scan(msg, "accepts at most %d arg(s), received %d", &n, &got):
		return said(lang.ArgsAtMost(n, got))
	case scan(msg, "accepts %d arg(s), received %d", &n, &got):
		return said(lang.ArgsExactly(n, got))
	case scan(msg, "accepts between %d and %d arg(s), received %d", &n, &m, &got):
		return said(lang.ArgsBetween(n, m, got))
	}
	return err
}

// unknownCommand reads cobra's `unknown command "NAME" for "PATH"`, and the commands it
// suggests after it (recomputed: cobra's are in its words), as cmd's.
func unknownCommand(cmd *cobra.Command, msg string) (name, path string, meant []string, ok bool) {
	rest, ok := strings.CutPrefix(msg, "unknown command ")
	if !ok {
		return "", "", nil, false
	}
	q, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return "", "", nil, false
	}
	rest, ok = strings.CutPrefix(rest[len(q):], " for ")
	if !ok {
		return "", "", nil, false
	}
	p, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return "", "", nil, false
	}
	name, _ = strconv.Unquote(q)
	path, _ = strconv.Unquote(p)
	if strings.Contains(rest[len(p):], "Did you mean this?") {
		meant = cmd.SuggestionsFor(name)
	}
	return name, path, meant, true
}

// scan reads msg whole as format, one of cobra's messages, into args.
func scan(msg, format string, args ...any) bool {
	n, err := fmt.Sscanf(msg, format, args...)
	return err == nil && n == len(args) && fmt.Sprintf(format, deref(args)...) == msg
}

func deref(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = *a.(*int)
	}
	return out
}
