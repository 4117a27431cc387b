package journal

import (
	"context"
	"fmt"
	"maps"
	"slices"
)

// StartRun records a run's start and returns its id. It returns once the run is committed.
func (j *Journal) StartRun(ctx context.Context, info RunInfo) (int64, error) {
	if info.Command == "" {
		return 0, fmt.Errorf("%w: a run needs its command", ErrInvalid)
	}
	started := info.Started
	if started.IsZero() {
		started = j.now()
	}
	var id int64
	fn := func(t *wtx) error {
		var err error
		id, err = t.queryInt("INSERT INTO runs (command, started) VALUES (?, ?) RETURNING id",
			info.Command, formatTime(started))
		if err != nil {
			return err
		}
		for _, name := range slices.Sorted(maps.Keys(info.Settings)) {
			if _, err := t.exec("INSERT INTO run_settings (run, name, value) VALUES (?, ?, ?)",
				id, name, info.Settings[name]); err != nil {
				return err
			}
		}
		for n, in := range info.Inputs {
			if _, err := t.exec("INSERT INTO run_inputs (run, n, path, sha256, size) VALUES (?, ?, ?, ?, ?)",
				id, n, in.Path, in.SHA256, in.Size); err != nil {
				return err
			}
		}
		return nil
	}
	if err := j.waitFor(ctx, op{kind: opFunc, fn: fn}); err != nil {
		return 0, err
	}
	return id, nil
}

// FinishRun records a run's end, after every write of the run queued before it; it returns
// once all of them are committed. ErrNoRun when the run is unknown.
func (j *Journal) FinishRun(ctx context.Context, id int64, end RunEnd) error {
	finished := end.Finished
	if finished.IsZero() {
		finished = j.now()
	}
	missing := false
	fn := func(t *wtx) error {
		n, err := t.exec("UPDATE runs SET finished = ?, rows = ?, records = ?, exit_code = ? WHERE id = ?",
			formatTime(finished), end.Rows, end.Records, end.ExitCode, id)
		if err != nil {
			return err
		}
		if n == 0 {
			missing = true
			return nil
		}
		if _, err := t.exec("DELETE FROM run_outcomes WHERE run = ?", id); err != nil {
			return err
		}
		for _, o := range slices.Sorted(maps.Keys(end.Outcomes)) {
			if _, err := t.exec("INSERT INTO run_outcomes (run, outcome, count) VALUES (?, ?, ?)",
				id, o, end.Outcomes[o]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := j.waitFor(ctx, op{kind: opFunc, fn: fn}); err != nil {
		return err
	}
	if missing {
		return fmt.Errorf("%w: %d", ErrNoRun, id)
	}
	return nil
}

// InFlight marks a record in flight in run: its request is about to go out with values
// (opaque, kept as text) whose hash is valueHash. It returns only once the mark is committed,
// so a request sent after it returns is never unknown to the journal. If ctx ends first,
// InFlight returns ctx's error and the mark is committed later all the same.
func (j *Journal) InFlight(ctx context.Context, run int64, k Key, valueHash string, values []byte) error {
	if err := checkKey(run, k); err != nil {
		return err
	}
	return j.waitFor(ctx, op{
		kind: opPut, run: run, target: k.Target, port: k.Port, key: k.Key,
		outcome: OutcomeInFlight, valueHash: valueHash, values: clone(values),
		attempts: -1, atMs: j.now().UnixMilli(),
	})
}

// Settle records a record's state in run: s.Outcome, s.ID, s.Answer and s.Attempts replace
// what the record had in that run; an empty s.ValueHash and nil s.Values keep those InFlight
// stored; a zero s.At is now (s.Run and s.RunStarted are ignored). It returns before the
// commit: the state is committed with the next group, and surely by Flush or Close.
func (j *Journal) Settle(ctx context.Context, run int64, k Key, s State) error {
	if err := checkKey(run, k); err != nil {
		return err
	}
	if s.Outcome == "" {
		return fmt.Errorf("%w: a state needs its outcome", ErrInvalid)
	}
	at := s.At
	if at.IsZero() {
		at = j.now()
	}
	attempts := max(s.Attempts, 0)
	_, err := j.w.add(op{
		kind: opPut, run: run, target: k.Target, port: k.Port, key: k.Key,
		outcome: s.Outcome, valueHash: s.ValueHash, values: clone(s.Values),
		id: s.ID, answer: s.Answer, attempts: attempts, atMs: at.UnixMilli(),
	})
	return err
}

// AddLines records the report lines of one record of run (or of an invalid record, or of a
// row that is no record at all), as written to the JSONL report; seq is the record's place in
// the run's input, which orders Lines. A second call with the same seq replaces the lines of
// the first that share their place. Lines are copied; like Settle, AddLines returns before the
// commit.
func (j *Journal) AddLines(ctx context.Context, run int64, seq int64, lines [][]byte) error {
	if run <= 0 {
		return fmt.Errorf("%w: run %d", ErrInvalid, run)
	}
	if len(lines) == 0 {
		return nil
	}
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	buf := make([]byte, 0, size)
	ops := make([]op, len(lines))
	for n, l := range lines {
		start := len(buf)
		buf = append(buf, l...)
		ops[n] = op{kind: opLine, run: run, seq: seq, n: n, line: buf[start:len(buf):len(buf)]}
	}
	_, err := j.w.add(ops...)
	return err
}

// Flush returns once every write queued before it is committed.
func (j *Journal) Flush(ctx context.Context) error {
	return j.waitFor(ctx, op{kind: opFunc})
}

func (j *Journal) waitFor(ctx context.Context, o op) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := j.w.add(o)
	if err != nil {
		return err
	}
	return b.wait(ctx)
}

func checkKey(run int64, k Key) error {
	if run <= 0 {
		return fmt.Errorf("%w: run %d", ErrInvalid, run)
	}
	if k.Key == "" {
		return fmt.Errorf("%w: a record needs its key", ErrInvalid)
	}
	return nil
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}
