package journal

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"
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
	j.lock.mu.Lock()
	j.lock.note(fmt.Sprintf("run %d, ", id))
	j.lock.mu.Unlock()
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
		var summary any // NULL when none is given
		if end.Summary != nil {
			summary = string(end.Summary)
		}
		n, err := t.exec("UPDATE runs SET finished = ?, rows = ?, records = ?, exit_code = ?, summary = ? WHERE id = ?",
			formatTime(finished), end.Rows, end.Records, end.ExitCode, summary, id)
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

// AmendEnd sets a finished run's exit code and kept summary again, where what came after its
// end changed them: a watched file changed or deleted after it was taken goes to failed/, exit
// 1, though its run ended 0 (history said 0). A run without an end (killed) is left as it is.
func (j *Journal) AmendEnd(ctx context.Context, id int64, exitCode int, summary []byte) error {
	return j.waitFor(ctx, op{kind: opFunc, fn: func(t *wtx) error {
		_, err := t.exec("UPDATE runs SET exit_code = ?, summary = ? WHERE id = ? AND exit_code IS NOT NULL", exitCode, string(summary), id)
		return err
	}})
}

// Mark is a record about to be sent.
type Mark struct {
	Seq int64 // the record's place in the run's input: it names the record in the run
	// Place is the record's place among the run's records of its port, in input order (0 for
	// the first): unlike Seq, it does not move when the run imports other ports' files with
	// it, or fewer of their rows. State.Place gives it back.
	Place     int64
	Key       Key
	ValueHash string
	Values    []byte // the values sent, opaque (JSON): kept as text
}

// Settlement is what became of a record in a run.
type Settlement struct {
	Seq       int64
	Place     int64 // as Mark.Place; a record settled over its mark keeps the mark's
	Key       Key
	Outcome   string
	ValueHash string // empty: keep the one InFlight stored
	Values    []byte // nil: keep the ones InFlight stored
	ID        string
	Answer    string
	Attempts  int
	At        time.Time // zero: now
	// Lines are the record's report lines as written to the JSONL report (a final newline is
	// dropped); nil leaves the lines the record has (see AddLines).
	Lines [][]byte
	// Origin is, for a record found already imported (skipped), the run whose accepted state
	// it was found by (State.Origin); 0 for any other.
	Origin int64
	// Withdrawn is a record marked in flight that never went (the run stopped before its
	// request was written): its mark is taken back, its row keeping the Lines and no state
	// (Outcome and the rest are not stored), so that the key's last state is again the one
	// before the mark. A state settled over the mark (not sent) would hide what that one
	// said: a record an earlier, killed run left in flight would be sent again without being
	// read back first, one accepted before included again rather than altered or skipped.
	Withdrawn bool
}

// Largest seq and run: a record's row id is run * 2^40 + seq.
const (
	seqBits = 40
	maxSeq  = 1<<seqBits - 1
	maxRun  = 1<<(63-seqBits) - 1
)

func recordID(run, seq int64) int64 { return run<<seqBits | seq }

// InFlight marks records in flight in run: their requests are about to go out. It returns
// only once the marks are committed, so a request sent after it returns is never unknown to
// the journal. Marking a record that is then not sent is safe (it reads as unknown), so a
// caller may mark records ahead of sending them, many in one call, and wait once. If ctx
// ends first, InFlight returns ctx's error and the marks are committed later all the same.
func (j *Journal) InFlight(ctx context.Context, run int64, ms ...Mark) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	at := j.now().UnixMilli()
	ops := make([]op, len(ms))
	for i, m := range ms {
		if err := checkRecord(run, m.Seq, m.Place, m.Key); err != nil {
			return err
		}
		ops[i] = op{
			kind: opMark, id: recordID(run, m.Seq), run: run, seq: m.Seq, place: m.Place,
			target: m.Key.Target, port: m.Key.Port, key: m.Key.Key,
			valueHash: m.ValueHash, values: clone(m.Values), atMs: at,
		}
	}
	if len(ops) == 0 {
		return nil
	}
	b, err := j.w.add(true, ops...)
	if err != nil {
		return err
	}
	return b.wait(ctx)
}

// Settle records what became of a record in run: s.Outcome, s.ID, s.Answer and s.Attempts
// replace what the record had in that run. It returns before the commit: the state is
// committed with the next InFlight's group, or within WithMaxDelay, and surely by Flush,
// FinishRun or Close. A Settle lost to a killed process leaves its record in flight, which a
// resumed run reads back: safe, only slower.
func (j *Journal) Settle(ctx context.Context, run int64, s Settlement) error {
	if err := checkRecord(run, s.Seq, s.Place, s.Key); err != nil {
		return err
	}
	lines, err := joinLines(s.Lines)
	if err != nil {
		return err
	}
	if s.Withdrawn {
		_, err = j.w.add(false, op{kind: opWithdraw, id: recordID(run, s.Seq), run: run, seq: s.Seq, lines: lines})
		return err
	}
	if s.Outcome == "" {
		return fmt.Errorf("%w: a state needs its outcome", ErrInvalid)
	}
	at := s.At
	if at.IsZero() {
		at = j.now()
	}
	_, err = j.w.add(false, op{
		kind: opSettle, id: recordID(run, s.Seq), run: run, seq: s.Seq, place: s.Place,
		target: s.Key.Target, port: s.Key.Port, key: s.Key.Key,
		outcome: s.Outcome, valueHash: s.ValueHash, values: clone(s.Values),
		remoteID: s.ID, answer: s.Answer, attempts: max(s.Attempts, 0), atMs: at.UnixMilli(),
		lines: lines, origin: s.Origin,
	})
	return err
}

// AddLines sets the report lines of the record at seq in run, replacing any it had: for rows
// whose record has no state to keep (invalid rows, rows not sent), or for a caller that
// settles records before it writes their lines. Like Settle, it returns before the commit.
func (j *Journal) AddLines(ctx context.Context, run int64, seq int64, lines [][]byte) error {
	if err := checkSeq(run, seq); err != nil {
		return err
	}
	joined, err := joinLines(lines)
	if err != nil {
		return err
	}
	if joined == nil {
		return nil
	}
	_, err = j.w.add(false, op{kind: opLines, id: recordID(run, seq), run: run, seq: seq, lines: joined})
	return err
}

// joinLines joins lines with newlines; nil for no lines. A line's own final newline (as
// json.Encoder writes it) is dropped; a line must hold no other, which JSONL lines never do.
func joinLines(lines [][]byte) ([]byte, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	size := len(lines)
	for _, l := range lines {
		if i := bytes.IndexByte(l, '\n'); i >= 0 && i != len(l)-1 {
			return nil, fmt.Errorf("%w: a report line holds a newline", ErrInvalid)
		}
		size += len(l)
	}
	b := make([]byte, 0, size)
	for i, l := range lines {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, bytes.TrimSuffix(l, []byte{'\n'})...)
	}
	return b, nil
}

// Flush returns once every write queued before it is committed.
func (j *Journal) Flush(ctx context.Context) error {
	return j.waitFor(ctx, op{kind: opFunc})
}

func (j *Journal) waitFor(ctx context.Context, o op) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := j.w.add(true, o)
	if err != nil {
		return err
	}
	return b.wait(ctx)
}

func checkSeq(run, seq int64) error {
	if run <= 0 || run > maxRun {
		return fmt.Errorf("%w: run %d", ErrInvalid, run)
	}
	if seq < 0 || seq > maxSeq {
		return fmt.Errorf("%w: seq %d", ErrInvalid, seq)
	}
	return nil
}

func checkRecord(run, seq, place int64, k Key) error {
	if err := checkSeq(run, seq); err != nil {
		return err
	}
	if place < 0 || place > maxSeq {
		return fmt.Errorf("%w: place %d", ErrInvalid, place)
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
