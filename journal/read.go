package journal

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// readStmts are the read pool's prepared statements and the scope ids it has seen (a scope's
// id never changes once committed).
type readStmts struct {
	db     *sql.DB
	mu     sync.Mutex
	stmts  map[stmtKind]*sql.Stmt // LastMany and History by number of keys
	scopes map[scopeKey]int64
}

// stmtKind is a prepared statement: which one, for how many keys.
type stmtKind struct {
	history bool // History's (every state) rather than LastMany's (the last)
	keys    int
}

func (r *readStmts) close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var err error
	for _, s := range r.stmts {
		err = errors.Join(err, s.Close())
	}
	r.stmts = nil
	return err
}

// Keys per LastMany statement: a batch is cut into statements of 256 keys and the rest
// padded up to a power of two (repeating its last key), so a handful of statements serve
// every batch size.
const maxKeysPerStatement = 256

func (r *readStmts) keysStmt(ctx context.Context, kind stmtKind) (*sql.Stmt, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.stmts[kind]; ok {
		return s, nil
	}
	s, err := r.db.PrepareContext(ctx, keysQuery(kind))
	if err != nil {
		return nil, err
	}
	if r.stmts == nil {
		r.stmts = map[stmtKind]*sql.Stmt{}
	}
	r.stmts[kind] = s
	return s, nil
}

// keysQuery is the statement of LastMany (or History) for kind.keys keys.
func keysQuery(kind stmtKind) string {
	// For each key, its row with the highest id (the latest run, then the latest place in
	// it), found in records_by_key; or, for History, all its rows in id order. The keys
	// come first, the scope last: parameters are anonymous (see writer.go).
	var q strings.Builder
	q.WriteString("WITH k(key) AS (VALUES (?)")
	q.WriteString(strings.Repeat(", (?)", kind.keys-1))
	q.WriteString(")\n")
	if kind.history {
		// Without the values and the answer: a key in every row of a big file has as many
		// states, and History's callers look for a step, not at what it sent.
		// CROSS JOIN: the keys outside, each found in records_by_key. With JOIN, SQLite read
		// the scope's every record in index order, to spare the ORDER BY its sort: 0.8 s a
		// statement in a journal of 95,000 records, a resume of 200 rows a second.
		q.WriteString(`SELECT r.key, r.run, u.started, r.seq, r.outcome, r.value_hash, NULL, r.remote_id, NULL, r.attempts, r.at_ms, r.origin, o.started, r.place
FROM (SELECT DISTINCT key FROM k) k
CROSS JOIN records r ON r.scope = ? AND r.key = k.key
JOIN runs u ON u.id = r.run
LEFT JOIN runs o ON o.id = r.origin
ORDER BY r.key, r.id`)
	} else {
		q.WriteString(`SELECT r.key, r.run, u.started, r.seq, r.outcome, r.value_hash, r.wire_values, r.remote_id, r.answer, r.attempts, r.at_ms, r.origin, o.started, r.place
FROM (SELECT DISTINCT key FROM k) k
JOIN records r ON r.id = (SELECT max(x.id) FROM records x WHERE x.scope = ? AND x.key = k.key)
JOIN runs u ON u.id = r.run
LEFT JOIN runs o ON o.id = r.origin`)
	}
	return q.String()
}

func (r *readStmts) scopeID(ctx context.Context, target, port string) (int64, bool, error) {
	k := scopeKey{target, port}
	r.mu.Lock()
	id, ok := r.scopes[k]
	r.mu.Unlock()
	if ok {
		return id, true, nil
	}
	err := r.db.QueryRowContext(ctx, "SELECT id FROM scopes WHERE target = ? AND port = ?", target, port).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil // not cached: it may come
	}
	if err != nil {
		return 0, false, err
	}
	r.mu.Lock()
	if r.scopes == nil {
		r.scopes = map[scopeKey]int64{}
	}
	r.scopes[k] = id
	r.mu.Unlock()
	return id, true, nil
}

// Last returns a record's last state, whatever the run (the state of the latest run that
// touched it); false when the journal has none. Writes not yet committed are not seen.
func (j *Journal) Last(ctx context.Context, k Key) (State, bool, error) {
	m, err := j.LastMany(ctx, []Key{k})
	if err != nil {
		return State{}, false, err
	}
	s, ok := m[k]
	return s, ok, nil
}

// LastMany is Last for many records at once, in a few statements; records the journal does
// not know are absent from the map.
func (j *Journal) LastMany(ctx context.Context, ks []Key) (map[Key]State, error) {
	out := make(map[Key]State, len(ks))
	err := j.eachState(ctx, ks, false, func(k Key, s State) { out[k] = s })
	return out, err
}

// History returns every state the journal holds of each record, over all runs, oldest
// first (in run order, then by place in the run), without its Values and Answer; records it
// does not know are absent.
// It is for the few records whose last state alone does not say what to do: a record keeps
// a state per run that touched it.
func (j *Journal) History(ctx context.Context, ks []Key) (map[Key][]State, error) {
	out := map[Key][]State{}
	err := j.eachState(ctx, ks, true, func(k Key, s State) { out[k] = append(out[k], s) })
	return out, err
}

// eachState gives fn the last state of each key (history: every state, in order), a
// statement per scope and per 256 keys.
func (j *Journal) eachState(ctx context.Context, ks []Key, history bool, fn func(Key, State)) error {
	byScope := map[scopeKey][]string{}
	var order []scopeKey
	seen := make(map[Key]bool, len(ks))
	for _, k := range ks {
		if seen[k] {
			continue // asked twice: its states once
		}
		seen[k] = true
		sk := scopeKey{k.Target, k.Port}
		if _, ok := byScope[sk]; !ok {
			order = append(order, sk)
		}
		byScope[sk] = append(byScope[sk], k.Key)
	}
	args := make([]any, 0, maxKeysPerStatement+1)
	for _, sk := range order {
		id, ok, err := j.reads.scopeID(ctx, sk.target, sk.port)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		keys := byScope[sk]
		for len(keys) > 0 {
			n := min(len(keys), maxKeysPerStatement)
			size := 1
			for size < n {
				size *= 2
			}
			st, err := j.reads.keysStmt(ctx, stmtKind{history: history, keys: size})
			if err != nil {
				return err
			}
			args = args[:0]
			for i := range size {
				args = append(args, keys[min(i, n-1)])
			}
			args = append(args, id)
			if err := scanStates(ctx, st, args, func(key string, s State) {
				fn(Key{sk.target, sk.port, key}, s)
			}); err != nil {
				return err
			}
			keys = keys[n:]
		}
	}
	return nil
}

func scanStates(ctx context.Context, st *sql.Stmt, args []any, fn func(string, State)) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		s, err := scanState(rows, &key)
		if err != nil {
			return err
		}
		fn(key, s)
	}
	return rows.Err()
}

type scanner interface{ Scan(...any) error }

// scanState scans the columns key (into key), run, started, seq, outcome, value_hash,
// wire_values, remote_id, answer, attempts, at_ms, origin, the origin's started, place; more
// destinations go first. A state without a place (written before 0006) has its seq.
func scanState(sc scanner, key *string, more ...any) (State, error) {
	var (
		s                               State
		started                         string
		hash, id, answer, originStarted sql.NullString
		values                          []byte
		attempts, origin, place         sql.NullInt64
		atMs                            int64
	)
	dest := append(more, key, &s.Run, &started, &s.Seq, &s.Outcome, &hash, &values, &id, &answer, &attempts, &atMs, &origin, &originStarted, &place)
	if err := sc.Scan(dest...); err != nil {
		return State{}, err
	}
	t, err := parseTime(started)
	if err != nil {
		return State{}, fmt.Errorf("journal: run %d started %q: %w", s.Run, started, err)
	}
	s.RunStarted = t
	if origin.Valid && originStarted.Valid {
		if t, err := parseTime(originStarted.String); err == nil {
			s.Origin, s.OriginStarted = origin.Int64, t
		}
	}
	s.ValueHash, s.Values, s.ID, s.Answer = hash.String, values, id.String, answer.String
	s.Attempts = int(attempts.Int64)
	s.Place, s.SeqPlace = place.Int64, !place.Valid
	if s.SeqPlace {
		s.Place = s.Seq
	}
	s.At = time.UnixMilli(atMs).UTC()
	return s, nil
}

// Runs returns the latest runs, newest first; limit <= 0 returns them all.
func (j *Journal) Runs(ctx context.Context, limit int) ([]RunSummary, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := j.rdb.QueryContext(ctx,
		"SELECT id, command, started, finished, rows, records, exit_code, pruned FROM runs ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, err
	}
	var out []RunSummary
	for rows.Next() {
		s, err := scanRun(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := j.runDetails(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Run returns one run; ErrNoRun when the journal has no run of that id.
func (j *Journal) Run(ctx context.Context, id int64) (RunSummary, error) {
	s, err := scanRun(j.rdb.QueryRowContext(ctx,
		"SELECT id, command, started, finished, rows, records, exit_code, pruned FROM runs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return RunSummary{}, fmt.Errorf("%w: %d", ErrNoRun, id)
	}
	if err != nil {
		return RunSummary{}, err
	}
	if err := j.runDetails(ctx, &s); err != nil {
		return RunSummary{}, err
	}
	var summary sql.NullString
	if err := j.rdb.QueryRowContext(ctx, "SELECT summary FROM runs WHERE id = ?", id).Scan(&summary); err != nil {
		return RunSummary{}, err
	}
	if summary.Valid {
		s.Summary = []byte(summary.String)
	}
	return s, nil
}

func scanRun(sc scanner) (RunSummary, error) {
	var (
		s                 RunSummary
		started           string
		finished, pruned  sql.NullString
		nrows, nrec, exit sql.NullInt64
	)
	if err := sc.Scan(&s.ID, &s.Command, &started, &finished, &nrows, &nrec, &exit, &pruned); err != nil {
		return RunSummary{}, err
	}
	if pruned.Valid {
		t, err := parseTime(pruned.String)
		if err != nil {
			return RunSummary{}, fmt.Errorf("journal: run %d pruned %q: %w", s.ID, pruned.String, err)
		}
		s.Pruned = t
	}
	var err error
	if s.Started, err = parseTime(started); err != nil {
		return RunSummary{}, fmt.Errorf("journal: run %d started %q: %w", s.ID, started, err)
	}
	if finished.Valid {
		if s.Finished, err = parseTime(finished.String); err != nil {
			return RunSummary{}, fmt.Errorf("journal: run %d finished %q: %w", s.ID, finished.String, err)
		}
	}
	s.Rows, s.Records = int(nrows.Int64), int(nrec.Int64)
	if exit.Valid {
		c := int(exit.Int64)
		s.ExitCode = &c
	}
	return s, nil
}

func (j *Journal) runDetails(ctx context.Context, s *RunSummary) error {
	err := j.each(ctx, "SELECT name, value FROM run_settings WHERE run = ? ORDER BY name", []any{s.ID},
		func(rows *sql.Rows) error {
			var name, value string
			if err := rows.Scan(&name, &value); err != nil {
				return err
			}
			if s.Settings == nil {
				s.Settings = map[string]string{}
			}
			s.Settings[name] = value
			return nil
		})
	if err != nil {
		return err
	}
	err = j.each(ctx, "SELECT path, sha256, size FROM run_inputs WHERE run = ? ORDER BY n", []any{s.ID},
		func(rows *sql.Rows) error {
			var in Input
			if err := rows.Scan(&in.Path, &in.SHA256, &in.Size); err != nil {
				return err
			}
			s.Inputs = append(s.Inputs, in)
			return nil
		})
	if err != nil {
		return err
	}
	count := func(m *map[string]int) func(*sql.Rows) error {
		return func(rows *sql.Rows) error {
			var o string
			var n int
			if err := rows.Scan(&o, &n); err != nil {
				return err
			}
			if *m == nil {
				*m = map[string]int{}
			}
			(*m)[o] = n
			return nil
		}
	}
	if err := j.each(ctx, "SELECT outcome, count FROM run_outcomes WHERE run = ?", []any{s.ID}, count(&s.Outcomes)); err != nil {
		return err
	}
	if s.ExitCode == nil {
		lo, hi := runRange(s.ID)
		return j.each(ctx, "SELECT outcome, count(*) FROM records WHERE id BETWEEN ? AND ? AND outcome IS NOT NULL GROUP BY outcome",
			[]any{lo, hi}, count(&s.Settled))
	}
	return nil
}

func (j *Journal) each(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := j.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (j *Journal) runExists(ctx context.Context, run int64) error {
	var one int
	err := j.rdb.QueryRowContext(ctx, "SELECT 1 FROM runs WHERE id = ?", run).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %d", ErrNoRun, run)
	}
	return err
}

// runRange is the range of record ids of a run.
func runRange(run int64) (lo, hi int64) { return recordID(run, 0), recordID(run, maxSeq) }

// Lines calls fn with every report line of a run, in input order (by seq, then by the line's
// place in its record): the run's JSONL report again, also for a killed run (every line it
// had committed). line is valid only during the call. ErrNoRun when the run is unknown,
// ErrPruned when Prune dropped its lines.
func (j *Journal) Lines(ctx context.Context, run int64, fn func(seq int64, line []byte) error) error {
	var pruned sql.NullString
	err := j.rdb.QueryRowContext(ctx, "SELECT pruned FROM runs WHERE id = ?", run).Scan(&pruned)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %d", ErrNoRun, run)
	case err != nil:
		return err
	case pruned.Valid:
		return fmt.Errorf("%w: run %d, on %s", ErrPruned, run, pruned.String)
	}
	lo, hi := runRange(run)
	rows, err := j.rdb.QueryContext(ctx, "SELECT seq, lines FROM records WHERE id BETWEEN ? AND ? AND lines IS NOT NULL ORDER BY id", lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var lines sql.RawBytes
		if err := rows.Scan(&seq, &lines); err != nil {
			return err
		}
		if err := splitLines(lines, func(line []byte) error { return fn(seq, line) }); err != nil {
			return err
		}
	}
	return rows.Err()
}

// splitLines calls fn with each line of a record's lines as joinLines joined them.
func splitLines(lines []byte, fn func([]byte) error) error {
	for {
		line, rest, more := bytes.Cut(lines, []byte{'\n'})
		if err := fn(line); err != nil {
			return err
		}
		if !more {
			return nil
		}
		lines = rest
	}
}

// RecordsOf calls fn with the records of a run whose state in that run has one of outcomes
// (every state when outcomes is empty), in input order. ErrNoRun when the run is unknown.
func (j *Journal) RecordsOf(ctx context.Context, run int64, outcomes []string, fn func(Key, State) error) error {
	if err := j.runExists(ctx, run); err != nil {
		return err
	}
	lo, hi := runRange(run)
	q := `SELECT s.target, s.port, r.key, r.run, u.started, r.seq, r.outcome, r.value_hash, r.wire_values, r.remote_id, r.answer, r.attempts, r.at_ms, r.origin, o.started, r.place
FROM records r JOIN scopes s ON s.id = r.scope JOIN runs u ON u.id = r.run LEFT JOIN runs o ON o.id = r.origin
WHERE r.id BETWEEN ? AND ?`
	args := []any{lo, hi}
	if len(outcomes) > 0 {
		q += " AND r.outcome IN (?" + strings.Repeat(", ?", len(outcomes)-1) + ")"
		for _, o := range outcomes {
			args = append(args, o)
		}
	}
	q += " ORDER BY r.id"
	rows, err := j.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k Key
		s, err := scanState(rows, &k.Key, &k.Target, &k.Port)
		if err != nil {
			return err
		}
		if err := fn(k, s); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Targets returns the targets under which the journal holds records of port. Writes not yet
// committed are not seen.
func (j *Journal) Targets(ctx context.Context, port string) ([]string, error) {
	var out []string
	err := j.each(ctx, `SELECT s.target FROM scopes s
WHERE s.port = ? AND EXISTS (SELECT 1 FROM records r WHERE r.scope = s.id) ORDER BY s.target`, []any{port}, func(rows *sql.Rows) error {
		var t string
		if err := rows.Scan(&t); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}
