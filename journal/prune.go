package journal

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"time"
)

// Pruned is what Prune removed.
type Pruned struct {
	Runs     int   // runs pruned now (their summaries stay)
	States   int64 // record states removed: replaced by a later run's, or report lines only
	Lines    int64 // records whose report lines were dropped
	Before   int64 // the file's size before, in bytes (with its WAL)
	After    int64 // and after
	Vacuumed bool  // the file was rewritten to give the space back
}

// Prune forgets what runs started before t alone hold, so that a journal kept by nightly runs
// does not grow without end: their report lines (importer report can no longer write them)
// and every state of theirs that a later state of the same record replaced, or that was only
// report lines (an invalid row). Each record's last state stays, whatever its age, so a later
// run still skips what was imported and reads back what was in flight; the runs' summaries
// stay too (history lists them, marked pruned). Then the file is rewritten (VACUUM) to give
// the space back. The caller holds the lock for runs (LockRuns), so no run writes meanwhile.
func (j *Journal) Prune(ctx context.Context, t time.Time) (Pruned, error) {
	var p Pruned
	p.Before = j.size()
	cut := formatTime(t)
	fn := func(tx *wtx) error {
		old := "SELECT id FROM runs WHERE started < ?"
		n, err := tx.exec("DELETE FROM records WHERE run IN ("+old+") AND (scope IS NULL OR "+
			"id < (SELECT max(x.id) FROM records x WHERE x.scope = records.scope AND x.key = records.key))", cut)
		if err != nil {
			return err
		}
		p.States = n
		if p.Lines, err = tx.exec("UPDATE records SET lines = NULL WHERE run IN ("+old+") AND lines IS NOT NULL", cut); err != nil {
			return err
		}
		runs, err := tx.exec("UPDATE runs SET pruned = ? WHERE started < ? AND pruned IS NULL", formatTime(j.now()), cut)
		p.Runs = int(runs)
		return err
	}
	if err := j.waitFor(ctx, op{kind: opFunc, fn: fn}); err != nil {
		return p, err
	}
	if p.States > 0 || p.Lines > 0 {
		if err := j.vacuum(ctx); err != nil {
			return p, err
		}
		p.Vacuumed = true
	}
	p.After = j.size()
	return p, nil
}

// vacuum rewrites the file without its free pages, on a connection of its own (VACUUM runs
// outside any transaction), then empties the WAL.
func (j *Journal) vacuum(ctx context.Context) error {
	u := url.URL{Scheme: "file", Path: j.path}
	db, err := sql.Open("sqlite", u.String()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("journal: VACUUM: %w", err)
	}
	// The journal's own checkpointer may be copying the WAL at this moment: SQLite then
	// answers busy at once (its busy handler is not asked), and the WAL, which holds the whole
	// rewritten file, would stay as large as the journal. Tried again for a while.
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		var busy, frames, copied int
		if err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied); err != nil || busy == 0 || wait > 2*time.Second {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// size is the journal's bytes on disk, its WAL included.
func (j *Journal) size() int64 {
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(j.path + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n
}
