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
}

func newPruneCmd(e env) *cobra.Command {
	o := &pruneOptions{env: e}
	cmd := &cobra.Command{
		Use:   "prune --older-than AGE",
		Short: "Forget what only old runs hold, so the journal does not grow without end",
		Long: "Forget, of the runs started more than AGE ago, their report lines (history RUN and report RUN\n" +
			"no longer show them) and their record states that a later run replaced. Each record's last\n" +
			"state stays, however old, so a later run still skips what was imported and reads back what\n" +
			"was left in flight; every run's summary stays too (history marks it pruned). The file is\n" +
			"then rewritten to give the space back. A run in progress is waited for. For a nightly load,\n" +
			"a weekly cron line: importer prune --older-than 90d",
		Example: "  importer prune --older-than 90d\n  importer prune --older-than 26w --journal /srv/importer/journal.db",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return result(runPrune(cmd.Context(), o))
		},
	}
	cmd.Flags().StringVar(&o.journalPath, "journal", "", "the journal `PATH` (default: the run's default)")
	cmd.Flags().StringVar(&o.olderThan, "older-than", "", "`AGE` of the runs to prune: days (90d), weeks (26w) or a Go duration (2160h)")
	return cmd
}

// parseAge reads 90d, 26w or a Go duration; it must be positive.
func parseAge(s string) (time.Duration, error) {
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
			return 0, fmt.Errorf("%q: give days (90d), weeks (26w) or a Go duration (2160h)", s)
		}
		d = time.Duration(n) * unit
	} else {
		// "6m" reads as six months to the person who writes it and as six minutes to
		// ParseDuration: it pruned every run but those of the last minutes. Minutes are
		// written another way (6m0s, 360s).
		if n, ok := strings.CutSuffix(s, "m"); ok && n != "" && strings.Trim(n, "0123456789") == "" && atoi(n) > 0 {
			return 0, fmt.Errorf("%q: m is minutes in a Go duration, not months: give days (%dd) or weeks (%dw); for minutes, %s0s", s, atoi(n)*30, atoi(n)*13/3, s)
		}
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q: give days (90d), weeks (26w) or a Go duration (2160h)", s)
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q: the age must be more than zero", s)
	}
	return d, nil
}

// runPrune prunes the journal; its exit code is 1 when what was to be forgotten was, but the
// file could not be rewritten smaller (no room on the disk: the reason a prune is often run).
func runPrune(ctx context.Context, o *pruneOptions) (int, error) {
	if o.olderThan == "" {
		return 0, usageErrorf("--older-than AGE is needed (90d, 26w, 2160h)")
	}
	age, err := parseAge(o.olderThan)
	if err != nil {
		return 0, usageErrorf("--older-than %v", err)
	}
	h := historyOptions{env: o.env, journalPath: o.journalPath}
	j, err := h.openJournal(ctx)
	if err != nil {
		return 0, err
	}
	defer j.Close()
	release, err := j.LockRuns(ctx, func(holder string) {
		fmt.Fprintf(o.stderr, "another run is using the journal (%s): waiting for it to end\n", holder)
	})
	switch {
	case errors.Is(err, journal.ErrNoLock):
		fmt.Fprintln(o.stderr, "the journal's folder takes no lock: make sure no run uses the journal while it is pruned")
	case err != nil:
		return 0, err // the context ended while waiting
	}
	defer release()
	cut := time.Now().Add(-age)
	p, err := j.Prune(ctx, cut)
	full := errors.Is(err, journal.ErrNoRoomToShrink)
	if err != nil && !full {
		return 0, err
	}
	fmt.Fprintf(o.stdout, "runs started before %s: %d pruned now; %d record states and %d records' report lines removed; %s: %s → %s\n",
		cut.Local().Format(time.DateTime)+" "+outcome.Zone(cut), p.Runs, p.States, p.Lines, j.Path(), mib(p.Before), mib(p.After))
	if full {
		fmt.Fprintf(o.stderr, "%v: free about %s (its size before) on its disk and prune again to give the space back\n", err, mib(p.Before))
		return 1, nil
	}
	return 0, nil
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// atoi: the digits of s as a number, saturating (for a message: a huge count is no mistake
// worth a second one).
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 1 << 20
	}
	return n
}
