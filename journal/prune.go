package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
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
//
// It forgets a run at a time, at most pruneBatch records a transaction, the WAL started over
// between them: in one transaction the WAL had to hold every page changed, as much as the
// journal itself, and on the disk full that a prune is run to relieve it failed with nothing
// pruned (an operator's month of nights: 12 MB of journal, 2 MB free). A prune killed half way
// leaves runs whole or partly pruned, never a record's last state gone: the next one goes on.
// When the rewrite finds no room (it needs about the journal's size free beside it), what was
// forgotten stays forgotten and ErrNoRoomToShrink says so: the pages freed inside the file
// take the next runs' records, so it stops growing all the same.
func (j *Journal) Prune(ctx context.Context, t time.Time) (Pruned, error) {
	var p Pruned
	p.Before = j.size()
	cut := formatTime(t)
	rows, err := j.rdb.QueryContext(ctx, "SELECT id FROM runs WHERE started < ? ORDER BY id", cut)
	if err != nil {
		return p, err
	}
	var runs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return p, err
		}
		runs = append(runs, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return p, err
	}
	// batched runs stmt (one run's rows, at most pruneBatch of them, changed per transaction)
	// until a transaction changes fewer, adding what each changed to total.
	batched := func(stmt string, run int64, total *int64) error {
		for {
			var n int64
			fn := func(tx *wtx) (err error) {
				n, err = tx.exec(stmt, run, pruneBatch)
				return err
			}
			if err := j.waitFor(ctx, op{kind: opFunc, fn: fn}); err != nil {
				return err
			}
			// The WAL starts over before the next batch, so that it holds one batch at most:
			// a RESTART checkpoint copies it all in and waits for the readers (none but this
			// prune's, done) so that the next transaction writes it from its beginning. The
			// writer's own between commits may meet the checkpointer's and do nothing. A failed
			// checkpoint loses nothing: the next batch's WAL is only longer.
			if n > 0 { // a run pruned before, nothing of it changed now, wrote no WAL
				_, _ = j.wdb.ExecContext(ctx, "PRAGMA wal_checkpoint(RESTART)")
			}
			*total += n
			if n < pruneBatch {
				return nil
			}
		}
	}
	full := func(err error) error {
		if diskFull(err) {
			return fmt.Errorf("journal: the disk filled while pruning, %d of %d runs done (what is pruned stays so): free some room and prune again: %w", p.Runs, len(runs), err)
		}
		return err
	}
	for _, run := range runs {
		if err := batched("DELETE FROM records WHERE rowid IN (SELECT rowid FROM records WHERE run = ? AND (scope IS NULL OR "+
			"id < (SELECT max(x.id) FROM records x WHERE x.scope = records.scope AND x.key = records.key)) LIMIT ?)", run, &p.States); err != nil {
			return p, full(err)
		}
		if err := batched("UPDATE records SET lines = NULL WHERE rowid IN (SELECT rowid FROM records WHERE run = ? AND lines IS NOT NULL LIMIT ?)", run, &p.Lines); err != nil {
			return p, full(err)
		}
		var n int64
		fn := func(tx *wtx) (err error) {
			n, err = tx.exec("UPDATE runs SET pruned = ? WHERE id = ? AND pruned IS NULL", formatTime(j.now()), run)
			return err
		}
		if err := j.waitFor(ctx, op{kind: opFunc, fn: fn}); err != nil {
			return p, full(err)
		}
		p.Runs += int(n)
	}
	if p.States > 0 || p.Lines > 0 {
		if err := j.vacuum(ctx); err != nil {
			p.After = j.size()
			if diskFull(err) {
				return p, ErrNoRoomToShrink
			}
			return p, err
		}
		p.Vacuumed = true
	}
	p.After = j.size()
	return p, nil
}

// diskFull tells SQLite's "database or disk is full".
func diskFull(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL
}

// pruneBatch is the most records one of Prune's transactions changes: about a megabyte or two
// of WAL (a record's row is some 600 bytes; 16 KiB pages). At 10,000 a prune on a disk with
// 1 MB free failed at its first run.
var pruneBatch int64 = 1000

// ErrNoRoomToShrink: Prune forgot what it was to, but the disk had no room to rewrite the
// journal smaller (VACUUM writes a copy of it beside it first).
var ErrNoRoomToShrink = errors.New("journal: pruned, but the disk has no room to rewrite it smaller (that needs about its size free beside it); the space freed inside it takes the next runs' records, so it does not grow meanwhile")

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
