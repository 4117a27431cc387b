package main

import (
	"context"
	"errors"
	"fmt"
	"seniorimporter/journal"
	"seniorimporter/outcome"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// pruneOptions are the flags of prune.
type pruneOptions struct {
	env
	journalPath string
	olderThan   string
	lang        string
}

func newPruneCmd(e env) *cobra.Command {
	o := &pruneOptions{env: e}
	cmd := &cobra.Command{
		Use:     "prune --older-than AGE",
		Short:   e.describe.CommandShort("prune"),
		Long:    e.describe.CommandLong("prune"),
		Example: "  importer prune --older-than 90d\n  importer prune --older-than 26w --journal /srv/importer/journal.db",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				lang := outcome.Lang(o.lang)
				return &usageError{errors.New(lang.PruneArgs(args[0])), lang}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return result(runPrune(cmd.Context(), o))
		},
	}
	cmd.Flags().StringVar(&o.journalPath, "journal", "", "the journal `PATH` (default: the run's default)")
	cmd.Flags().StringVar(&o.olderThan, "older-than", "", "`AGE` of the runs to prune: days (90d), weeks (26w) or a Go duration (2160h)")
	cmd.Flags().StringVar(&o.lang, "lang", "pt", "language of the messages: pt or en")
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("lang", fixed("pt", "en")))
	return cmd
}

// parseAge reads 90d, 26w or a Go duration; it must be positive. Its refusals are in lang and
// name --older-than.
func parseAge(lang outcome.Lang, s string) (time.Duration, error) {
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "d"):
		unit = 24 * time.Hour
	case strings.HasSuffix(s, "w"):
		unit = 7 * 24 * time.Hour
	}
	var d time.Duration
	if unit > 0 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n > 100*366 {
			return 0, errors.New(lang.PruneAgeBad(s))
		}
		d = time.Duration(n) * unit
	} else {
		// "6m" reads as six months to the person who writes it and as six minutes to
		// ParseDuration: it pruned every run but those of the last minutes. Minutes are
		// written another way (6m0s, 360s).
		if n, ok := strings.CutSuffix(s, "m"); ok && n != "" && strings.Trim(n, "0123456789") == "" && atoi(n) > 0 {
			return 0, errors.New(lang.PruneAgeMonths(s, atoi(n)*30, atoi(n)*13/3, s+"0s"))
		}
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, errors.New(lang.PruneAgeBad(s))
		}
	}
	if d <= 0 {
		return 0, errors.New(lang.PruneAgeNotPositive(s))
	}
	return d, nil
}

// runPrune prunes the journal; its exit code is 1 when what was to be forgotten was, but the
// file could not be rewritten smaller (no room on the disk: the reason a prune is often run).
func runPrune(ctx context.Context, o *pruneOptions) (int, error) {
	h := historyOptions{env: o.env, journalPath: o.journalPath, lang: o.lang}
	if err := h.checkLang(); err != nil {
		return 0, err
	}
	lang := outcome.Lang(o.lang)
	if o.olderThan == "" {
		return 0, &usageError{errors.New(lang.PruneAgeNeeded()), lang}
	}
	age, err := parseAge(lang, o.olderThan)
	if err != nil {
		return 0, &usageError{err, lang}
	}
	j, err := h.openJournal(ctx)
	if err != nil {
		return 0, err
	}
	defer j.Close()
	release, err := j.LockRuns(ctx, func(holder string) {
		fmt.Fprintln(o.stderr, lang.PruneWaiting(holder))
	})
	switch {
	case errors.Is(err, journal.ErrNoLock):
		fmt.Fprintln(o.stderr, lang.PruneNoLock())
	case err != nil:
		return 0, err // the context ended while waiting
	}
	defer release()
	cut := time.Now().Add(-age)
	p, err := j.Prune(ctx, cut)
	full := errors.Is(err, journal.ErrNoRoomToShrink)
	if err != nil && !full {
		return 0, err // the journal package's words, English, name the journal (the disk filled)
	}
	fmt.Fprintln(o.stdout, lang.PruneDone(cut.Local().Format(time.DateTime)+" "+outcome.Zone(cut), p.Runs, p.States, p.Lines, j.Path(), lang.MiB(p.Before), lang.MiB(p.After)))
	if full {
		fmt.Fprintln(o.stderr, lang.PruneNoRoom(lang.MiB(p.Before)))
		return 1, nil
	}
	return 0, nil
}

// atoi: the digits of s as a number, saturating (for a message: a huge count is no mistake
// worth a second one).
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 1 << 20
	}
	return n
}
