package journal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestPrune: runs older than the cut lose their report lines and the states a later run
// replaced (and lines-only records), and the file shrinks; every record's last state stays,
// however old, with its hash, values and id, so a later run still skips it; runs after the cut
// are untouched; the summaries stay, marked pruned; a second prune finds nothing.
// TestPrune, with every batch size: a run forgotten in one transaction, in a few, and in some
// three hundred, the WAL started over between them (a transaction of the whole run's changes
// needed the journal's size free on the disk, which a prune run to relieve a full one lacks).
func TestPrune(t *testing.T) {
	for _, batch := range []int64{pruneBatch, 7, 1 << 40} {
		t.Run(fmt.Sprint(batch), func(t *testing.T) {
			defer func(was int64) { pruneBatch = was }(pruneBatch)
			pruneBatch = batch
			testPrune(t)
		})
	}
}

func testPrune(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	j := openTemp(t, WithClock(func() time.Time { return now }))
	key := func(i int) Key { return Key{"https://erp.example/crm demo", "setContas", fmt.Sprintf("C%04d", i)} }
	line := func(i int) [][]byte {
		return [][]byte{[]byte(fmt.Sprintf(`{"row":%d,"message":"%s"}`, i, strings.Repeat("x", 400)))}
	}
	const n = 2000
	start := func(at time.Time) int64 {
		id, err := j.StartRun(ctx, RunInfo{Command: "run", Started: at})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	old := start(now.AddDate(0, 0, -120))
	for i := range n {
		if err := j.InFlight(ctx, old, Mark{Seq: int64(i), Key: key(i), ValueHash: "h", Values: []byte(`{"v":1}`)}); err != nil {
			t.Fatal(err)
		}
		outcome := "ok"
		if i == 1 {
			outcome = OutcomeInFlight // left in flight by a killed run: it must be read back, however old
		}
		if outcome != OutcomeInFlight {
			if err := j.Settle(ctx, old, Settlement{Seq: int64(i), Key: key(i), Outcome: outcome, ID: fmt.Sprint(i), Attempts: 1, Lines: line(i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := j.AddLines(ctx, old, n, line(n)); err != nil { // an invalid row: lines only
		t.Fatal(err)
	}
	if err := j.FinishRun(ctx, old, RunEnd{Finished: now.AddDate(0, 0, -120), Rows: n + 1, Records: n, ExitCode: 1}); err != nil {
		t.Fatal(err)
	}
	// A recent run skipped the first half again.
	recent := start(now.AddDate(0, 0, -1))
	for i := range n / 2 {
		if i == 1 {
			continue
		}
		if err := j.Settle(ctx, recent, Settlement{Seq: int64(i), Key: key(i), Outcome: "skipped", ValueHash: "h", Values: []byte(`{"v":1}`), ID: fmt.Sprint(i), Lines: line(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.FinishRun(ctx, recent, RunEnd{Finished: now, Rows: n / 2, Records: n / 2}); err != nil {
		t.Fatal(err)
	}
	lastBefore := map[Key]State{}
	for i := range n {
		st, ok, err := j.Last(ctx, key(i))
		if err != nil || !ok {
			t.Fatal(err, ok)
		}
		lastBefore[key(i)] = st
	}
	recentLines := countLines(t, j, recent)

	p, err := j.Prune(ctx, now.AddDate(0, 0, -90))
	if err != nil {
		t.Fatal(err)
	}
	// Removed: the old run's states the recent one replaced (n/2 - 1) and its lines-only record;
	// lines dropped: those of the old states that stay (the second half; the one in flight had none).
	if p.Runs != 1 || p.States != n/2-1+1 || p.Lines != n/2 || !p.Vacuumed || p.After >= p.Before*3/4 {
		t.Errorf("pruned %+v", p)
	}
	for i := range n {
		st, ok, err := j.Last(ctx, key(i))
		if err != nil || !ok {
			t.Fatalf("%v: no last state after the prune (%v)", key(i), err)
		}
		b := lastBefore[key(i)]
		if st.Run != b.Run || st.Seq != b.Seq || st.Outcome != b.Outcome || st.ValueHash != b.ValueHash || string(st.Values) != string(b.Values) || st.ID != b.ID {
			t.Fatalf("%v: last state %+v after the prune, %+v before", key(i), st, b)
		}
	}
	if err := j.Lines(ctx, old, func(int64, []byte) error { return nil }); !errors.Is(err, ErrPruned) {
		t.Errorf("the old run's lines: %v, want ErrPruned", err)
	}
	if got := countLines(t, j, recent); got != recentLines || got != n/2-1 {
		t.Errorf("the recent run has %d lines after the prune, %d before", got, recentLines)
	}
	runs, err := j.Runs(ctx, 0)
	if err != nil || len(runs) != 2 || runs[1].ID != old || !runs[1].Pruned.Equal(now) || !runs[0].Pruned.IsZero() || runs[1].Rows != n+1 {
		t.Errorf("runs after the prune: %+v, %v", runs, err)
	}
	again, err := j.Prune(ctx, now.AddDate(0, 0, -90))
	if err != nil || again.Runs != 0 || again.States != 0 || again.Lines != 0 || again.Vacuumed {
		t.Errorf("a second prune: %+v, %v", again, err)
	}
}

func countLines(t *testing.T, j *Journal, run int64) int {
	t.Helper()
	n := 0
	if err := j.Lines(context.Background(), run, func(int64, []byte) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}
