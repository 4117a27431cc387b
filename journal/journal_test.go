package journal

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// fixedClock returns a clock that starts at a fixed instant and moves 1 ms per call, so
// states have distinct, known times.
func fixedClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2025, 11, 3, 2, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Millisecond)
		return t
	}
}

func openTemp(t testing.TB, opts ...Option) *Journal {
	t.Helper()
	j, err := Open(context.Background(), filepath.Join(t.TempDir(), "journal.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := j.Close(); err != nil {
			t.Error(err)
		}
	})
	return j
}

func startRun(t testing.TB, j *Journal, cmd string) int64 {
	t.Helper()
	id, err := j.StartRun(context.Background(), RunInfo{Command: cmd})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// holdWriter parks the journal's writer inside a transaction that ends with fail once
// release is closed, so the writes queued meanwhile wait and then go in one batch.
func holdWriter(j *Journal, fail error) (release chan struct{}) {
	release = make(chan struct{})
	held := make(chan struct{})
	go j.w.add(true, op{kind: opFunc, fn: func(*wtx) error { close(held); <-release; return fail }})
	<-held
	return release
}

// waitQueued waits until n writes stand in the writer's queue (behind holdWriter).
func waitQueued(j *Journal, n int) {
	for {
		j.w.mu.Lock()
		queued := len(j.w.queue)
		j.w.mu.Unlock()
		if queued == n {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// step is one write of a TestLast sequence: an InFlight when outcome is empty, a Settle
// otherwise, an AddLines when lines is set and key is empty. run is an index into the runs
// the case started (0, 1, 2 ...).
type step struct {
	run      int
	seq      int64
	key      Key
	outcome  string
	hash     string
	values   string
	id       string
	answer   string
	attempts int
	lines    []string
}

func TestLast(t *testing.T) {
	a := Key{"https://erp.example/g5 demo", "GravarOrcamentos", "1|42"}
	b := Key{"https://erp.example/g5 demo", "GravarOrcamentos", "1|43"}
	otherTarget := Key{"https://test.example/g5 demo", "GravarOrcamentos", "1|42"}
	otherPort := Key{"https://erp.example/g5 demo", "setContas", "1|42"}
	type want struct {
		found    bool
		run      int
		seq      int64
		outcome  string
		hash     string
		values   string
		id       string
		answer   string
		attempts int
	}
	cases := []struct {
		name  string
		runs  int
		steps []step
		ask   Key
		want  want
	}{
		{"unknown record", 1, nil, a, want{}},
		{"in flight only: the request may have landed", 1,
			[]step{{run: 0, seq: 7, key: a, hash: "h1", values: `{"v":1}`}}, a,
			want{true, 0, 7, OutcomeInFlight, "h1", `{"v":1}`, "", "", 0}},
		{"settled keeps the hash and values of its in-flight mark", 1,
			[]step{{run: 0, seq: 7, key: a, hash: "h1", values: `{"v":1}`}, {run: 0, seq: 7, key: a, outcome: "ok", id: "77", answer: "gravado", attempts: 2}}, a,
			want{true, 0, 7, "ok", "h1", `{"v":1}`, "77", "gravado", 2}},
		{"settled with other values replaces them", 1,
			[]step{{run: 0, seq: 7, key: a, hash: "h1", values: `{"v":1}`}, {run: 0, seq: 7, key: a, outcome: "ok", hash: "h2", values: `{"v":2}`, attempts: 1}}, a,
			want{true, 0, 7, "ok", "h2", `{"v":2}`, "", "", 1}},
		{"settled without in flight (skipped)", 1,
			[]step{{run: 0, seq: 7, key: a, outcome: "skipped", hash: "h1", id: "77"}}, a,
			want{true, 0, 7, "skipped", "h1", "", "77", "", 0}},
		{"a later run's in-flight mark wins over an earlier ok", 2,
			[]step{{run: 0, seq: 7, key: a, hash: "h1"}, {run: 0, seq: 7, key: a, outcome: "ok", id: "77", attempts: 1}, {run: 1, seq: 0, key: a, hash: "h2", values: `{"v":2}`}}, a,
			want{true, 1, 0, OutcomeInFlight, "h2", `{"v":2}`, "", "", 0}},
		{"a later run's rejection wins", 2,
			[]step{{run: 0, seq: 7, key: a, outcome: "ok", hash: "h1", attempts: 1}, {run: 1, seq: 3, key: a, hash: "h2"}, {run: 1, seq: 3, key: a, outcome: "rejected", answer: "já cadastrado", attempts: 1}}, a,
			want{true, 1, 3, "rejected", "h2", "", "", "já cadastrado", 1}},
		{"in flight again in the same run clears the answer, keeps attempts", 1,
			[]step{{run: 0, seq: 7, key: a, hash: "h1"}, {run: 0, seq: 7, key: a, outcome: "failed", answer: "timeout", attempts: 3}, {run: 0, seq: 7, key: a, hash: "h1"}}, a,
			want{true, 0, 7, OutcomeInFlight, "h1", "", "", "", 3}},
		{"the highest run wins even when it settled first", 2,
			[]step{{run: 1, seq: 1, key: a, outcome: "ok", hash: "h2", attempts: 1}, {run: 0, seq: 9, key: a, outcome: "rejected", hash: "h1", attempts: 1}}, a,
			want{true, 1, 1, "ok", "h2", "", "", "", 1}},
		{"a key twice in one run: the later place in the input wins", 1,
			[]step{{run: 0, seq: 9, key: a, outcome: "ok", hash: "h9"}, {run: 0, seq: 2, key: a, outcome: "rejected", hash: "h2"}}, a,
			want{true, 0, 9, "ok", "h9", "", "", "", 0}},
		{"lines first, then the state", 1,
			[]step{{run: 0, seq: 4, lines: []string{"l"}}, {run: 0, seq: 4, key: a, outcome: "ok", hash: "h1"}}, a,
			want{true, 0, 4, "ok", "h1", "", "", "", 0}},
		{"lines alone are no state", 1,
			[]step{{run: 0, seq: 4, lines: []string{"l"}}}, a, want{}},
		{"a place settled for another key becomes that record", 1,
			[]step{{run: 0, seq: 4, key: a, hash: "h1"}, {run: 0, seq: 4, key: b, outcome: "ok", hash: "h2"}}, b,
			want{true, 0, 4, "ok", "h2", "", "", "", 0}},
		{"... and the first key is gone from it", 1,
			[]step{{run: 0, seq: 4, key: a, hash: "h1"}, {run: 0, seq: 4, key: b, outcome: "ok", hash: "h2"}}, a, want{}},
		{"another key is another record", 1,
			[]step{{run: 0, seq: 1, key: a, outcome: "ok", hash: "h1"}}, b, want{}},
		{"another target is another record", 1,
			[]step{{run: 0, seq: 1, key: a, outcome: "ok", hash: "h1"}}, otherTarget, want{}},
		{"another port is another record", 1,
			[]step{{run: 0, seq: 1, key: a, outcome: "ok", hash: "h1"}}, otherPort, want{}},
		{"each target keeps its own state", 1,
			[]step{{run: 0, seq: 1, key: a, outcome: "ok", hash: "h1"}, {run: 0, seq: 2, key: otherTarget, outcome: "rejected", hash: "h9"}}, otherTarget,
			want{true, 0, 2, "rejected", "h9", "", "", "", 0}},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			j := openTemp(t, WithClock(fixedClock()))
			var runs []int64
			for i := range c.runs {
				runs = append(runs, startRun(t, j, fmt.Sprint("run ", i)))
			}
			for _, s := range c.steps {
				var err error
				var values []byte
				if s.values != "" {
					values = []byte(s.values)
				}
				switch {
				case s.key == Key{}:
					err = j.AddLines(ctx, runs[s.run], s.seq, byteLines(s.lines...))
				case s.outcome == "":
					err = j.InFlight(ctx, runs[s.run], Mark{Seq: s.seq, Key: s.key, ValueHash: s.hash, Values: values})
				default:
					err = j.Settle(ctx, runs[s.run], Settlement{Seq: s.seq, Key: s.key, Outcome: s.outcome, ValueHash: s.hash, Values: values,
						ID: s.id, Answer: s.answer, Attempts: s.attempts})
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := j.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			got, found, err := j.Last(ctx, c.ask)
			if err != nil {
				t.Fatal(err)
			}
			if found != c.want.found {
				t.Fatalf("found = %v, want %v (%+v)", found, c.want.found, got)
			}
			if !found {
				return
			}
			w := c.want
			if got.Run != runs[w.run] || got.Seq != w.seq || got.Outcome != w.outcome || got.ValueHash != w.hash || string(got.Values) != w.values ||
				got.ID != w.id || got.Answer != w.answer || got.Attempts != w.attempts {
				t.Errorf("got run %d seq %d %q hash %q values %q id %q answer %q attempts %d\nwant run %d seq %d %q hash %q values %q id %q answer %q attempts %d",
					got.Run, got.Seq, got.Outcome, got.ValueHash, got.Values, got.ID, got.Answer, got.Attempts,
					runs[w.run], w.seq, w.outcome, w.hash, w.values, w.id, w.answer, w.attempts)
			}
			run, err := j.Run(ctx, got.Run)
			if err != nil {
				t.Fatal(err)
			}
			if !got.RunStarted.Equal(run.Started) {
				t.Errorf("RunStarted = %v, the run started %v", got.RunStarted, run.Started)
			}
			if got.At.IsZero() || got.At.Before(run.Started) {
				t.Errorf("At = %v, before the run's start %v", got.At, run.Started)
			}
		})
	}
}

func byteLines(ls ...string) [][]byte {
	var b [][]byte
	for _, l := range ls {
		b = append(b, []byte(l))
	}
	return b
}

func TestLastMany(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	r1, r2 := startRun(t, j, "one"), startRun(t, j, "two")
	// 300 keys in one scope (more than one statement's worth, and a padded rest), 3 in
	// another, keys in both runs, keys the journal never saw.
	var asked []Key
	want := map[Key]State{}
	for i := range 300 {
		k := Key{"t1", "p1", fmt.Sprintf("k%03d", i)}
		asked = append(asked, k)
		switch i % 3 {
		case 0: // never written
		case 1:
			if err := j.Settle(ctx, r1, Settlement{Seq: int64(i), Key: k, Outcome: "ok", ValueHash: fmt.Sprint("h", i), Attempts: 1}); err != nil {
				t.Fatal(err)
			}
			want[k] = State{Run: r1, Seq: int64(i), Outcome: "ok", ValueHash: fmt.Sprint("h", i), Attempts: 1}
		case 2:
			if err := j.Settle(ctx, r1, Settlement{Seq: int64(i), Key: k, Outcome: "ok", ValueHash: "old"}); err != nil {
				t.Fatal(err)
			}
			if err := j.InFlight(ctx, r2, Mark{Seq: int64(1000 - i), Key: k, ValueHash: fmt.Sprint("h", i)}); err != nil {
				t.Fatal(err)
			}
			want[k] = State{Run: r2, Seq: int64(1000 - i), Outcome: OutcomeInFlight, ValueHash: fmt.Sprint("h", i)}
		}
	}
	for i := range 3 {
		k := Key{"t2", "p1", fmt.Sprintf("k%03d", i)}
		asked = append(asked, k)
		if err := j.Settle(ctx, r2, Settlement{Seq: int64(2000 + i), Key: k, Outcome: "rejected", Answer: "no"}); err != nil {
			t.Fatal(err)
		}
		want[k] = State{Run: r2, Seq: int64(2000 + i), Outcome: "rejected", Answer: "no"}
	}
	asked = append(asked, Key{"never", "seen", "k001"}, asked[1]) // an unknown scope, a repeat
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := j.LastMany(ctx, asked)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%d states, want %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%v: missing", k)
			continue
		}
		if g.Run != w.Run || g.Seq != w.Seq || g.Outcome != w.Outcome || g.ValueHash != w.ValueHash || g.Answer != w.Answer || g.Attempts != w.Attempts {
			t.Errorf("%v: got %+v, want %+v", k, g, w)
		}
		one, ok, err := j.Last(ctx, k)
		if err != nil || !ok || one.Run != g.Run || one.Outcome != g.Outcome {
			t.Errorf("%v: Last gives %+v %v %v, LastMany %+v", k, one, ok, err, g)
		}
	}
	// History: every state of each key, oldest first (the key in both runs has two, the
	// later run's last, though its place in its run comes first).
	hist, err := j.History(ctx, asked)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != len(want) {
		t.Errorf("History: %d keys, want %d", len(hist), len(want))
	}
	for k, w := range want {
		h := hist[k]
		if len(h) == 0 || h[len(h)-1].Run != w.Run || h[len(h)-1].Seq != w.Seq || h[len(h)-1].Outcome != w.Outcome {
			t.Errorf("%v: history %+v, want it to end with %+v", k, h, w)
			continue
		}
		if w.Outcome == OutcomeInFlight && (len(h) != 2 || h[0].Run != r1 || h[0].ValueHash != "old") {
			t.Errorf("%v: history %+v, want run %d's state first", k, h, r1)
		}
		if w.Outcome != OutcomeInFlight && len(h) != 1 {
			t.Errorf("%v: history %+v, want one state", k, h)
		}
		if h[len(h)-1].Answer != "" || h[len(h)-1].Values != nil {
			t.Errorf("%v: history %+v, want no answer and no values", k, h)
		}
	}
}

func TestRuns(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t, WithClock(fixedClock()))
	t0 := time.Date(2025, 11, 1, 23, 30, 0, 0, time.FixedZone("BRT", -3*3600))
	var ids []int64
	for i := range 3 {
		id, err := j.StartRun(ctx, RunInfo{
			Command:  fmt.Sprint("send file", i),
			Settings: map[string]string{"workers": "8", "url": "https://erp.example/g5"},
			Inputs:   []Input{{Path: "b.csv", SHA256: "bb", Size: 20}, {Path: "a.xlsx", SHA256: "aa", Size: 10}},
			Started:  t0.Add(time.Duration(i) * time.Hour),
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// run 2 (the second) is killed after settling two records and leaving one in flight.
	k := func(s string) Key { return Key{"t", "p", s} }
	for i, s := range []struct {
		key, outcome string
	}{{"a", "ok"}, {"b", "rejected"}} {
		if err := j.Settle(ctx, ids[1], Settlement{Seq: int64(i), Key: k(s.key), Outcome: s.outcome}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.InFlight(ctx, ids[1], Mark{Seq: 2, Key: k("c"), ValueHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if err := j.AddLines(ctx, ids[1], 3, byteLines("an invalid row")); err != nil { // lines only: no state
		t.Fatal(err)
	}
	for _, i := range []int{0, 2} {
		var summary []byte // the first run's end gives none
		if i == 2 {
			summary = []byte(`{"warnings":[{"file":"a.xlsx","message":"1 linha oculta"}]}`)
		}
		err := j.FinishRun(ctx, ids[i], RunEnd{Finished: t0.Add(time.Duration(i)*time.Hour + time.Minute), Rows: 10 + i, Records: 5 + i,
			Outcomes: map[string]int{"ok": 9 + i, "invalid": 1}, ExitCode: i / 2, Summary: summary})
		if err != nil {
			t.Fatal(err)
		}
	}
	// An unknown run's end writes nothing, its outcomes neither: written, they would break
	// the foreign key and fail the commit, and every later write with it.
	if err := j.FinishRun(ctx, 999, RunEnd{Outcomes: map[string]int{"ok": 1}}); !errors.Is(err, ErrNoRun) {
		t.Errorf("FinishRun of an unknown run: %v, want ErrNoRun", err)
	}
	if err := j.Flush(ctx); err != nil {
		t.Errorf("a write after FinishRun of an unknown run: %v", err)
	}

	all, err := j.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids3(all); !slices.Equal(got, []int64{ids[2], ids[1], ids[0]}) {
		t.Fatalf("Runs(0) = %v, want newest first %v", got, []int64{ids[2], ids[1], ids[0]})
	}
	two, err := j.Runs(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids3(two); !slices.Equal(got, []int64{ids[2], ids[1]}) {
		t.Errorf("Runs(2) = %v", got)
	}
	first := all[2]
	if first.Command != "send file0" || !first.Started.Equal(t0) || !first.Finished.Equal(t0.Add(time.Minute)) ||
		first.Rows != 10 || first.Records != 5 || first.ExitCode == nil || *first.ExitCode != 0 || first.Settled != nil {
		t.Errorf("first run: %+v", first)
	}
	if !maps.Equal(first.Outcomes, map[string]int{"ok": 9, "invalid": 1}) {
		t.Errorf("outcomes %v", first.Outcomes)
	}
	if !maps.Equal(first.Settings, map[string]string{"workers": "8", "url": "https://erp.example/g5"}) {
		t.Errorf("settings %v", first.Settings)
	}
	if want := []Input{{"b.csv", "bb", 20}, {"a.xlsx", "aa", 10}}; !slices.Equal(first.Inputs, want) {
		t.Errorf("inputs %v, want in the order given %v", first.Inputs, want)
	}
	killed, err := j.Run(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if killed.ExitCode != nil || !killed.Finished.IsZero() || killed.Outcomes != nil {
		t.Errorf("killed run: %+v", killed)
	}
	if !maps.Equal(killed.Settled, map[string]int{"ok": 1, "rejected": 1, OutcomeInFlight: 1}) {
		t.Errorf("killed run's settled states %v", killed.Settled)
	}
	if _, err := j.Run(ctx, 999); !errors.Is(err, ErrNoRun) {
		t.Errorf("Run(999): %v, want ErrNoRun", err)
	}
	// The summary given to FinishRun comes back from Run as it was; none is nil.
	for i, want := range map[int64]string{ids[0]: "", ids[1]: "", ids[2]: `{"warnings":[{"file":"a.xlsx","message":"1 linha oculta"}]}`} {
		r, err := j.Run(ctx, i)
		if err != nil || string(r.Summary) != want || (want == "") != (r.Summary == nil) {
			t.Errorf("run %d's summary %q, %v; want %q", i, r.Summary, err, want)
		}
	}
}

func ids3(rs []RunSummary) []int64 {
	var out []int64
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// TestRunEnd: a run's start and end without a time take the journal's clock; a run finished
// again keeps its last end only (its outcomes replaced, not added to, nor refused as already
// there); AmendEnd sets a finished run's exit code and summary again and leaves a run that
// never finished (killed) as it is, without an end.
func TestRunEnd(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t, WithClock(fixedClock()))
	clock := fixedClock() // the same instants, in the same order: StartRun's, then FinishRun's
	finished, killed := startRun(t, j, "finished"), startRun(t, j, "killed")
	started := []time.Time{clock(), clock()}
	end := RunEnd{Rows: 3, Records: 3, Outcomes: map[string]int{"ok": 2, "failed": 1}, ExitCode: 1, Summary: []byte(`{"n":1}`)}
	if err := j.FinishRun(ctx, finished, end); err != nil {
		t.Fatal(err)
	}
	at := clock()
	// Sent again, the failed row went: the same run's end again, its counts as they are now.
	end.Outcomes, end.ExitCode, end.Finished = map[string]int{"ok": 3}, 0, at.Add(time.Hour)
	if err := j.FinishRun(ctx, finished, end); err != nil {
		t.Fatal(err)
	}
	if err := j.AmendEnd(ctx, finished, 1, []byte(`{"n":2}`)); err != nil {
		t.Fatal(err)
	}
	if err := j.AmendEnd(ctx, killed, 1, []byte(`{"n":3}`)); err != nil {
		t.Fatal(err)
	}
	r, err := j.Run(ctx, finished)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Started.Equal(started[0]) || !r.Finished.Equal(at.Add(time.Hour)) {
		t.Errorf("started %v finished %v, want %v and %v", r.Started, r.Finished, started[0], at.Add(time.Hour))
	}
	if !maps.Equal(r.Outcomes, map[string]int{"ok": 3}) || r.ExitCode == nil || *r.ExitCode != 1 || string(r.Summary) != `{"n":2}` {
		t.Errorf("finished run: outcomes %v exit code %v summary %s; want the last end's outcomes, amended to exit 1 and {\"n\":2}", r.Outcomes, r.ExitCode, r.Summary)
	}
	r, err = j.Run(ctx, killed)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Started.Equal(started[1]) || !r.Finished.IsZero() || r.ExitCode != nil || r.Summary != nil {
		t.Errorf("killed run: started %v finished %v exit code %v summary %s; want started %v and no end", r.Started, r.Finished, r.ExitCode, r.Summary, started[1])
	}
	// A first end without a time takes the clock's.
	if err := j.FinishRun(ctx, killed, RunEnd{}); err != nil {
		t.Fatal(err)
	}
	if r, err = j.Run(ctx, killed); err != nil || !r.Finished.Equal(clock()) {
		t.Errorf("finished %v, %v; want the clock's time", r.Finished, err)
	}
}

// TestValuesCopied: the values given to InFlight and Settle are copied before they return,
// so a caller may reuse its buffer; the journal keeps what was sent. InFlight's marks are
// committed after it returned when its context ended first: still with the values given.
func TestValuesCopied(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	run := startRun(t, j, "one")
	a, b := Key{"t", "p", "a"}, Key{"t", "p", "b"}
	buf := []byte(`{"vlrBru":"10.00"}`)
	// Hold the writer inside a transaction, so the mark waits in the queue while InFlight's
	// context ends.
	release := holdWriter(j, nil)
	interrupted, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- j.InFlight(interrupted, run, Mark{Seq: 1, Key: a, ValueHash: "h", Values: buf}) }()
	waitQueued(j, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("InFlight interrupted: %v", err)
	}
	copy(buf, `{"vlrBru":"99.99"}`)
	close(release)
	if err := j.Settle(ctx, run, Settlement{Seq: 2, Key: b, Outcome: "ok", ValueHash: "h", Values: buf}); err != nil {
		t.Fatal(err)
	}
	copy(buf, `{"vlrBru":"77.77"}`)
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := j.LastMany(ctx, []Key{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if v := string(got[a].Values); v != `{"vlrBru":"10.00"}` {
		t.Errorf("values marked in flight: %s, want those given", v)
	}
	if v := string(got[b].Values); v != `{"vlrBru":"99.99"}` {
		t.Errorf("values settled: %s, want those given", v)
	}
}

// TestLargestRunAndSeq: a record's row id holds its run and its seq side by side; at their
// largest, and at a seq with its highest bit set, records of one run and of the next stay
// apart.
func TestLargestRunAndSeq(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	j, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	// The run before the last one possible, so that the next one started is the last.
	execSQL(t, path, fmt.Sprintf("INSERT INTO runs (id, command, started) VALUES (%d, 'old', '2025-11-03T02:00:00Z')", maxRun-2))
	if j, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	r1, r2 := startRun(t, j, "one"), startRun(t, j, "two")
	if r2 != maxRun {
		t.Fatalf("runs %d and %d, want the second %d", r1, r2, int64(maxRun))
	}
	k := func(s string) Key { return Key{"t", "p", s} }
	marks := map[Key][3]int64{ // run, seq, place
		k("r1 first"): {r1, 0, 0}, k("r1 high bit"): {r1, 1 << (seqBits - 1), 1 << (seqBits - 1)}, k("r1 last"): {r1, maxSeq, maxSeq},
		k("r2 first"): {r2, 0, 0}, k("r2 last"): {r2, maxSeq, maxSeq},
	}
	for key, m := range marks {
		if err := j.InFlight(ctx, m[0], Mark{Seq: m[1], Place: m[2], Key: key, ValueHash: "h"}); err != nil {
			t.Fatalf("%s: %v", key.Key, err)
		}
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := j.LastMany(ctx, slices.Collect(maps.Keys(marks)))
	if err != nil {
		t.Fatal(err)
	}
	for key, m := range marks {
		if s, ok := got[key]; !ok || s.Run != m[0] || s.Seq != m[1] || s.Place != m[2] {
			t.Errorf("%s: %+v, %v; want run %d seq %d place %d", key.Key, s, ok, m[0], m[1], m[2])
		}
	}
	n := 0
	if err := j.RecordsOf(ctx, r1, nil, func(Key, State) error { n++; return nil }); err != nil || n != 3 {
		t.Errorf("run %d: %d records, %v; want 3", r1, n, err)
	}
	for name, err := range map[string]error{
		"seq past the largest":   j.InFlight(ctx, r1, Mark{Seq: maxSeq + 1, Key: k("x")}),
		"place past the largest": j.InFlight(ctx, r1, Mark{Seq: 1, Place: maxSeq + 1, Key: k("x")}),
		"run past the largest":   j.AddLines(ctx, maxRun+1, 1, byteLines("x")),
	} {
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func TestLines(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	r1, r2 := startRun(t, j, "one"), startRun(t, j, "two")
	k := func(s string) Key { return Key{"t", "p", s} }
	settle := func(run, seq int64, key string, lines ...string) {
		t.Helper()
		if err := j.Settle(ctx, run, Settlement{Seq: seq, Key: k(key), Outcome: "ok", Lines: byteLines(lines...)}); err != nil {
			t.Fatal(err)
		}
	}
	add := func(run, seq int64, lines ...string) {
		t.Helper()
		if err := j.AddLines(ctx, run, seq, byteLines(lines...)); err != nil {
			t.Fatal(err)
		}
	}
	// Workers settle out of order; a record has many rows; a line may hold any text but a
	// newline; rows that are no record come with AddLines; a record settled without lines
	// gets them later.
	settle(r1, 3, "c", `{"row":5}`)
	settle(r2, 1, "a", `{"other run":1}`)
	settle(r1, 1, "a", `{"row":2}`, `{"row":3}`, `{"row":4,"message":"linha\nquebrada; \"aspas\" ç"}`)
	add(r1, 2, ``)
	add(r1, 0, `{"row":1,"outcome":"invalid"}`)
	settle(r1, 5, "e")
	add(r1, 5, `{"row":7}`)
	settle(r1, 6, "f", `{"row":8,"first":true}`)
	add(r1, 6, "{\"row\":8}\n") // replaces; its final newline (json.Encoder's) is dropped
	settle(r1, 7, "g")          // no lines: none in the report
	add(r1, 3)                  // no lines: the record keeps the ones it has
	buf := []byte(`{"row":6}`)
	if err := j.AddLines(ctx, r1, 4, [][]byte{buf}); err != nil {
		t.Fatal(err)
	}
	copy(buf, "XXXXXXXX") // the caller reuses its buffer: the journal copied it
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	type line struct {
		seq  int64
		line string
	}
	var got []line
	err := j.Lines(ctx, r1, func(seq int64, l []byte) error {
		got = append(got, line{seq, string(l)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []line{{0, `{"row":1,"outcome":"invalid"}`}, {1, `{"row":2}`}, {1, `{"row":3}`},
		{1, `{"row":4,"message":"linha\nquebrada; \"aspas\" ç"}`}, {2, ``}, {3, `{"row":5}`}, {4, `{"row":6}`},
		{5, `{"row":7}`}, {6, `{"row":8}`}}
	if !slices.Equal(got, want) {
		t.Errorf("Lines:\n got %v\nwant %v", got, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := j.Lines(ctx, r1, func(int64, []byte) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("an error from fn: %v after %d lines, want it back after 1", err, n)
	}
	if err := j.Lines(ctx, 999, func(int64, []byte) error { return nil }); !errors.Is(err, ErrNoRun) {
		t.Errorf("Lines(999): %v, want ErrNoRun", err)
	}
	// A newline anywhere but at a line's end would split it in two when the report is read
	// back: refused, whether it comes first, last but one, or with the state.
	for _, l := range []string{"two\nlines", "\nafter a newline", "two\nlines\n"} {
		if err := j.AddLines(ctx, r1, 9, byteLines(l)); !errors.Is(err, ErrInvalid) {
			t.Errorf("AddLines of %q: %v, want ErrInvalid", l, err)
		}
		if err := j.Settle(ctx, r1, Settlement{Seq: 9, Key: k("i"), Outcome: "ok", Lines: byteLines(l)}); !errors.Is(err, ErrInvalid) {
			t.Errorf("Settle with the line %q: %v, want ErrInvalid", l, err)
		}
	}
}

func TestRecordsOf(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	r1, r2 := startRun(t, j, "one"), startRun(t, j, "two")
	settle := func(run, seq int64, k Key, outcome string) {
		t.Helper()
		if err := j.Settle(ctx, run, Settlement{Seq: seq, Key: k, Outcome: outcome, Answer: outcome + " " + k.Key}); err != nil {
			t.Fatal(err)
		}
	}
	settle(r1, 4, Key{"t2", "p", "a"}, "rejected")
	settle(r1, 1, Key{"t1", "p", "c"}, "ok")
	settle(r1, 3, Key{"t1", "p", "b"}, "failed")
	settle(r1, 0, Key{"t1", "o", "z"}, "unknown")
	settle(r2, 3, Key{"t1", "p", "b"}, "ok") // another run
	if err := j.InFlight(ctx, r1, Mark{Seq: 2, Key: Key{"t1", "p", "a"}, ValueHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if err := j.AddLines(ctx, r1, 5, byteLines("invalid row")); err != nil {
		t.Fatal(err)
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	collect := func(outcomes ...string) []string {
		t.Helper()
		var got []string
		err := j.RecordsOf(ctx, r1, outcomes, func(k Key, s State) error {
			if s.Run != r1 {
				t.Errorf("%v: state of run %d", k, s.Run)
			}
			got = append(got, fmt.Sprintf("%d %s/%s/%s=%s", s.Seq, k.Target, k.Port, k.Key, s.Outcome))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got, want := collect("rejected", "failed", "unknown", OutcomeInFlight),
		[]string{"0 t1/o/z=unknown", "2 t1/p/a=in_flight", "3 t1/p/b=failed", "4 t2/p/a=rejected"}; !slices.Equal(got, want) {
		t.Errorf("did not succeed: %v, want in input order %v", got, want)
	}
	if got := collect(); len(got) != 5 {
		t.Errorf("all records (lines alone are none): %v", got)
	}
	if got := collect("queued"); got != nil {
		t.Errorf("no queued records, got %v", got)
	}
	if err := j.RecordsOf(ctx, 999, nil, func(Key, State) error { return nil }); !errors.Is(err, ErrNoRun) {
		t.Errorf("RecordsOf(999): %v", err)
	}
}

// TestViews reads the journal as a person with the sqlite3 shell would: the views show each
// record's last state with readable times, and a run's lines in input order are its report.
func TestViews(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	r1, r2 := startRun(t, j, "one"), startRun(t, j, "two")
	k := Key{"https://erp.example/g5 demo", "GravarOrcamentos", "1|42"}
	at := time.Date(2025, 11, 3, 2, 0, 0, 123e6, time.UTC)
	if err := j.Settle(ctx, r1, Settlement{Seq: 0, Key: k, Outcome: "ok", ValueHash: "h1", Values: []byte(`{"vlrBru":"10.00"}`), At: at,
		Lines: byteLines(`{"row":2}`, `{"row":3}`)}); err != nil {
		t.Fatal(err)
	}
	if err := j.Settle(ctx, r2, Settlement{Seq: 0, Key: k, Outcome: "rejected", At: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := j.rdb.QueryRowContext(ctx, "SELECT count(*) FROM record_states").Scan(&n); err != nil || n != 2 {
		t.Errorf("record_states: %d rows, %v", n, err)
	}
	var target, port, key, outcome, atText string
	var run int64
	err := j.rdb.QueryRowContext(ctx, "SELECT target, port, key, run, outcome, at FROM last_states").
		Scan(&target, &port, &key, &run, &outcome, &atText)
	if err != nil {
		t.Fatal(err)
	}
	if target != k.Target || port != k.Port || key != k.Key || run != r2 || outcome != "rejected" || atText != "2025-11-03T03:00:00.123Z" {
		t.Errorf("last_states: %s %s %s %d %s %s", target, port, key, run, outcome, atText)
	}
	var typ, vals string
	if err := j.rdb.QueryRowContext(ctx, "SELECT typeof(wire_values), json_extract(wire_values, '$.vlrBru') FROM record_states WHERE run = ?", r1).
		Scan(&typ, &vals); err != nil || typ != "text" || vals != "10.00" {
		t.Errorf("wire_values stored as %s, json_extract gives %q, %v; want text that JSON functions read", typ, vals, err)
	}
	var lines string
	if err := j.rdb.QueryRowContext(ctx, "SELECT lines FROM records WHERE run = ? ORDER BY seq", r1).Scan(&lines); err != nil || lines != "{\"row\":2}\n{\"row\":3}" {
		t.Errorf("lines %q, %v: want the report's lines, one per line", lines, err)
	}
	var plan string
	if err := j.rdb.QueryRowContext(ctx, "EXPLAIN QUERY PLAN SELECT max(id) FROM records WHERE scope = 1 AND key = 'x'").Scan(new(int), new(int), new(int), &plan); err != nil || !strings.Contains(plan, "records_by_key") {
		t.Errorf("a record's last state is found by %q, %v; want records_by_key", plan, err)
	}
}

func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t, withMaxQueue(64)) // a small queue, so writers also wait for room
	run := startRun(t, j, "many")
	const workers, each = 32, 100
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				seq := int64(w*each + i)
				k := Key{"t", "p", fmt.Sprintf("%02d-%03d", w, i)}
				if i%10 == 0 {
					// Some rows are invalid: lines only.
					if err := j.AddLines(ctx, run, seq, byteLines(k.Key)); err != nil {
						t.Error(err)
						return
					}
					continue
				}
				if err := j.InFlight(ctx, run, Mark{Seq: seq, Key: k, ValueHash: "h", Values: []byte(`{"a":1}`)}); err != nil {
					t.Error(err)
					return
				}
				if err := j.Settle(ctx, run, Settlement{Seq: seq, Key: k, Outcome: "ok", ID: k.Key, Attempts: 1, Lines: byteLines(k.Key)}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := j.RecordsOf(ctx, run, []string{"ok"}, func(k Key, s State) error {
		n++
		if s.ID != k.Key || s.ValueHash != "h" || string(s.Values) != `{"a":1}` || k.Key != fmt.Sprintf("%02d-%03d", s.Seq/each, s.Seq%each) {
			t.Errorf("%v: %+v", k, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != workers*each*9/10 {
		t.Errorf("%d records ok, want %d", n, workers*each*9/10)
	}
	var prev int64 = -1
	lines := 0
	err = j.Lines(ctx, run, func(seq int64, l []byte) error {
		if seq <= prev {
			t.Errorf("seq %d after %d", seq, prev)
		}
		if want := fmt.Sprintf("%02d-%03d", seq/each, seq%each); string(l) != want {
			t.Errorf("seq %d: %q, want %q", seq, l, want)
		}
		prev = seq
		lines++
		return nil
	})
	if err != nil || lines != workers*each {
		t.Errorf("%d lines, %v", lines, err)
	}
}

// TestMarkAfterSettleInOneBatch: writes to one record apply in the order queued, even when a
// batch holds a settle and then a new in-flight mark of the same record (the marks of a
// batch otherwise go first).
func TestMarkAfterSettleInOneBatch(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	run := startRun(t, j, "one")
	k := Key{"t", "p", "k"}
	// Hold the writer inside a transaction so the next writes share one batch.
	release := holdWriter(j, nil)
	if err := j.Settle(ctx, run, Settlement{Seq: 1, Key: k, Outcome: "failed", Attempts: 3}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- j.InFlight(ctx, run, Mark{Seq: 1, Key: k, ValueHash: "h2"}) }()
	waitQueued(j, 2)
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s, ok, err := j.Last(ctx, k)
	if err != nil || !ok || s.Outcome != OutcomeInFlight || s.ValueHash != "h2" || s.Attempts != 3 {
		t.Errorf("Last = %+v, %v, %v; want in flight again with hash h2", s, ok, err)
	}
}

// TestWithdrawn: a mark taken back (the record never went) leaves the key's last state the
// one before it, an earlier run's in flight, and keeps the record's report lines; one never
// marked keeps its lines too, and a key marked only by the run that took it back is unknown.
func TestWithdrawn(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	r1, r2 := startRun(t, j, "killed"), startRun(t, j, "interrupted")
	k, other := Key{"t", "p", "k"}, Key{"t", "p", "other"}
	if err := j.InFlight(ctx, r1, Mark{Seq: 4, Key: k, ValueHash: "h1"}); err != nil {
		t.Fatal(err)
	}
	if err := j.InFlight(ctx, r2, Mark{Seq: 4, Key: k, ValueHash: "h2"}, Mark{Seq: 5, Key: other, ValueHash: "h3"}); err != nil {
		t.Fatal(err)
	}
	for seq, line := range map[int64]string{4: `{"row":5,"outcome":"not_sent"}`, 5: `{"row":6,"outcome":"not_sent"}`, 6: `{"row":7,"outcome":"not_sent"}`} {
		if err := j.Settle(ctx, r2, Settlement{Seq: seq, Key: k, Outcome: "not_sent", Withdrawn: true, Lines: byteLines(line)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := j.LastMany(ctx, []Key{k, other})
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := got[k]; !ok || s.Run != r1 || s.Outcome != OutcomeInFlight || s.ValueHash != "h1" {
		t.Errorf("last state of k: %+v, %v; want run %d's in flight", s, ok, r1)
	}
	if s, ok := got[other]; ok {
		t.Errorf("last state of other: %+v; want none", s)
	}
	var lines []string
	if err := j.Lines(ctx, r2, func(_ int64, l []byte) error { lines = append(lines, string(l)); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{`{"row":5,"outcome":"not_sent"}`, `{"row":6,"outcome":"not_sent"}`, `{"row":7,"outcome":"not_sent"}`}; !slices.Equal(lines, want) {
		t.Errorf("lines %q, want %q", lines, want)
	}
}

// A failed commit loses its group's writes, so the journal refuses every later write: a
// caller must not believe a record is in flight when it is not. Settling for a run that does
// not exist is such a failure (the foreign key refuses it).
func TestWriteErrorIsSticky(t *testing.T) {
	ctx := context.Background()
	j, err := Open(ctx, filepath.Join(t.TempDir(), "j.db"))
	if err != nil {
		t.Fatal(err)
	}
	run := startRun(t, j, "one")
	if err := j.Settle(ctx, run+1, Settlement{Key: Key{"t", "p", "k"}, Outcome: "ok"}); err != nil {
		t.Fatalf("Settle returns before the commit: %v", err)
	}
	var we *WriteError
	if err := j.Flush(ctx); !errors.As(err, &we) {
		t.Fatalf("Flush: %v, want a *WriteError", err)
	}
	if err := j.InFlight(ctx, run, Mark{Key: Key{"t", "p", "k2"}}); !errors.As(err, &we) {
		t.Errorf("InFlight after a failed commit: %v", err)
	}
	if err := j.Settle(ctx, run, Settlement{Key: Key{"t", "p", "k2"}, Outcome: "ok"}); !errors.As(err, &we) {
		t.Errorf("Settle after a failed commit: %v", err)
	}
	if err := j.AddLines(ctx, run, 1, byteLines("l")); !errors.As(err, &we) {
		t.Errorf("AddLines after a failed commit: %v", err)
	}
	// A run's start and end that were not written say so: a run that went on believing it had
	// a journal would resume nothing next time.
	if id, err := j.StartRun(ctx, RunInfo{Command: "two"}); !errors.As(err, &we) {
		t.Errorf("StartRun after a failed commit: run %d, %v", id, err)
	}
	if err := j.FinishRun(ctx, run, RunEnd{}); !errors.As(err, &we) {
		t.Errorf("FinishRun after a failed commit: %v", err)
	}
	if err := j.Flush(ctx); !errors.As(err, &we) {
		t.Errorf("a second Flush: %v", err)
	}
	if _, err := j.Runs(ctx, 0); err != nil {
		t.Errorf("reads still work: %v", err)
	}
	if err := j.Close(); !errors.As(err, &we) {
		t.Errorf("Close: %v, want the write error", err)
	}
}

func TestCloseFlushesAndRefuses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	j, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	run := startRun(t, j, "one")
	k := Key{"t", "p", "k"}
	if err := j.Settle(ctx, run, Settlement{Key: k, Outcome: "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := j.AddLines(ctx, run, 1, [][]byte{[]byte("l")}); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	// Every write after Close is refused, none dropped in silence (nor left waiting).
	for name, err := range map[string]error{
		"Settle":    j.Settle(ctx, run, Settlement{Key: k, Outcome: "ok"}),
		"withdraw":  j.Settle(ctx, run, Settlement{Seq: 2, Key: k, Withdrawn: true, Lines: byteLines("l")}),
		"AddLines":  j.AddLines(ctx, run, 1, byteLines("l")),
		"InFlight":  j.InFlight(ctx, run, Mark{Seq: 3, Key: k}),
		"Flush":     j.Flush(ctx),
		"FinishRun": j.FinishRun(ctx, run, RunEnd{}),
		"AmendEnd":  j.AmendEnd(ctx, run, 1, nil),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
	if id, err := j.StartRun(ctx, RunInfo{Command: "two"}); !errors.Is(err, ErrClosed) {
		t.Errorf("StartRun after Close: run %d, %v", id, err)
	}
	if err := j.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	j, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if s, ok, err := j.Last(ctx, k); err != nil || !ok || s.Outcome != "ok" {
		t.Errorf("after reopening: %+v %v %v", s, ok, err)
	}
}

func TestInvalidArguments(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	run := startRun(t, j, "one")
	k := Key{"t", "p", "k"}
	for name, err := range map[string]error{
		"run 0":          j.InFlight(ctx, 0, Mark{Key: k}),
		"no key":         j.InFlight(ctx, run, Mark{Key: Key{"t", "p", ""}}),
		"a negative seq": j.InFlight(ctx, run, Mark{Seq: -1, Key: k}),
		"seq too big":    j.Settle(ctx, run, Settlement{Seq: 1 << 40, Key: k, Outcome: "ok"}),
		"run too big":    j.AddLines(ctx, 1<<23, 1, byteLines("x")),
		"no outcome":     j.Settle(ctx, run, Settlement{Key: k}),
		"lines of run 0": j.AddLines(ctx, 0, 1, byteLines("x")),
	} {
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if _, err := j.StartRun(ctx, RunInfo{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a run without a command: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := j.InFlight(cancelled, run, Mark{Key: k}); !errors.Is(err, context.Canceled) {
		t.Errorf("InFlight with a cancelled context: %v", err)
	}
	if id, err := j.StartRun(cancelled, RunInfo{Command: "two"}); !errors.Is(err, context.Canceled) {
		t.Errorf("StartRun with a cancelled context: run %d, %v", id, err)
	}
	// Marking no record is done at once: there is no commit to wait for.
	if err := j.InFlight(ctx, run); err != nil {
		t.Errorf("InFlight of no record: %v", err)
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := j.Last(ctx, k); ok {
		t.Error("an InFlight refused for its context was written")
	}
	if runs, err := j.Runs(ctx, 0); err != nil || len(runs) != 1 {
		t.Errorf("runs %v, %v: a StartRun refused for its context was written", ids3(runs), err)
	}
}

func TestMigrationsOnceAndIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no embedded migrations")
	}
	for i := range 3 {
		j, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		startRun(t, j, fmt.Sprint("run ", i))
		var v, tables int
		if err := j.rdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != len(ms) {
			t.Errorf("open %d: user_version %d, want %d", i, v, len(ms))
		}
		if err := j.rdb.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'runs'").Scan(&tables); err != nil || tables != 1 {
			t.Errorf("open %d: %d tables named runs, %v", i, tables, err)
		}
		runs, err := j.Runs(ctx, 0)
		if err != nil || len(runs) != i+1 {
			t.Errorf("open %d: %d runs (the earlier ones are kept), %v", i, len(runs), err)
		}
		var mode string
		if err := j.rdb.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode %q, %v", mode, err)
		}
		var size int
		if err := j.rdb.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil || size != pageSize {
			t.Errorf("page_size %d, %v; want %d", size, err, pageSize)
		}
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
	}

	// A journal written by a newer program is refused, not damaged.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(ms)+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if j, err := Open(ctx, path); !errors.Is(err, ErrNewerSchema) {
		if err == nil {
			j.Close()
		}
		t.Errorf("newer schema: %v, want ErrNewerSchema", err)
	} else {
		// It says what to do, and that the file is as it was: not only the two numbers.
		for _, want := range []string{fmt.Sprintf("schema %d", len(ms)+1), "a newer importer wrote it", "use that version", "left the file as it was"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("newer schema: %q does not say %q", err, want)
			}
		}
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(before, after) {
		t.Errorf("the journal of a newer schema was changed by opening it (%v)", err)
	}
}

// TestOpenNewAtOnce: runs started together on a journal that does not exist yet (two cron
// jobs at 02:30 on a new machine) all open it; one used to fail with SQLITE_BUSY while another
// gave the new file its page size and WAL mode.
func TestOpenNewAtOnce(t *testing.T) {
	ctx := context.Background()
	for round := range 20 {
		path := filepath.Join(t.TempDir(), "j.db")
		const n = 4
		errs := make(chan error, n)
		var start sync.WaitGroup
		start.Add(1)
		for range n {
			go func() {
				start.Wait()
				j, err := Open(ctx, path)
				if err == nil {
					err = j.Close()
				}
				errs <- err
			}()
		}
		start.Done()
		for range n {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
}

func TestLoadMigrationsRefusesABadSet(t *testing.T) {
	sql := &fstest.MapFile{Data: []byte("CREATE TABLE x (a);")}
	cases := []struct {
		name  string
		files []string
		ok    bool
	}{
		{"in order", []string{"0001_a.sql", "0002_b.sql", "README"}, true},
		{"sorted by number, not by name", []string{"0002_a.sql", "0001_b.sql", "0003_c.sql"}, true},
		{"a gap", []string{"0001_a.sql", "0003_c.sql"}, false},
		{"a repeat", []string{"0001_a.sql", "0001_b.sql"}, false},
		{"not starting at 1", []string{"0002_b.sql"}, false},
		{"no number", []string{"init.sql"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range c.files {
				fsys["migrations/"+f] = sql
			}
			_, err := loadMigrations(fsys)
			if (err == nil) != c.ok {
				t.Errorf("err = %v, want ok %v", err, c.ok)
			}
		})
	}
}

// TestFileModes: the journal is readable by its user only whatever the umask: directories it
// creates 0700, the database and its -wal and -shm files 0600.
func TestFileModes(t *testing.T) {
	ctx := context.Background()
	for _, umask := range []int{0o000, 0o022, 0o077} {
		t.Run(fmt.Sprintf("umask %03o", umask), func(t *testing.T) {
			withUmask(t, umask)
			base := t.TempDir()
			path := filepath.Join(base, "state", "senior-importer", "journal.db")
			j, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			run := startRun(t, j, "one")
			if err := j.InFlight(ctx, run, Mark{Key: Key{"t", "p", "k"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := j.Runs(ctx, 1); err != nil { // a reader opens the -shm too
				t.Fatal(err)
			}
			for _, d := range []string{filepath.Join(base, "state"), filepath.Dir(path)} {
				if m := mode(t, d); m != 0o700 {
					t.Errorf("%s: mode %03o, want 0700", d, m)
				}
			}
			for _, f := range []string{path, path + "-wal", path + "-shm"} {
				if m := mode(t, f); m != 0o600 {
					t.Errorf("%s: mode %03o, want 0600", filepath.Base(f), m)
				}
			}
			if m := mode(t, base); m == 0o700 && umask == 0 {
				t.Logf("(the existing directory kept its own mode)")
			}
		})
	}
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestDefaultPath(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
		err  error
	}{
		{"XDG_STATE_HOME", map[string]string{"XDG_STATE_HOME": "/var/lib/me", "HOME": "/home/me"}, "/var/lib/me/senior-importer/journal.db", nil},
		{"HOME when XDG_STATE_HOME is unset", map[string]string{"HOME": "/home/me"}, "/home/me/.local/state/senior-importer/journal.db", nil},
		{"HOME when XDG_STATE_HOME is empty", map[string]string{"XDG_STATE_HOME": "", "HOME": "/home/me"}, "/home/me/.local/state/senior-importer/journal.db", nil},
		{"a relative XDG_STATE_HOME is ignored", map[string]string{"XDG_STATE_HOME": "state", "HOME": "/home/me"}, "/home/me/.local/state/senior-importer/journal.db", nil},
		{"neither", map[string]string{}, "", ErrNoHome},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := DefaultPath(func(k string) string { return c.env[k] })
			if got != c.want || !errors.Is(err, c.err) {
				t.Errorf("DefaultPath = %q, %v; want %q, %v", got, err, c.want, c.err)
			}
		})
	}
}

func TestPathWithURLCharacters(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "a?b#c%20d")
	j, err := Open(ctx, filepath.Join(dir, "jour nal.db"))
	if err != nil {
		t.Fatal(err)
	}
	startRun(t, j, "one")
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Contains(names, "jour nal.db") || len(names) != 1 {
		t.Errorf("files in %s: %s", dir, strings.Join(names, ", "))
	}
}

// TestWALStartsOver: the writer never checkpoints inside a commit, and a writer that
// commits all the time never lets a background checkpoint catch up with the WAL, which would
// then grow for as long as a run writes; once the WAL is past its bound, the checkpointer has
// the writer start it over.
func TestWALStartsOver(t *testing.T) {
	ctx := context.Background()
	const limit = 256 << 10
	j := openTemp(t, withCheckpoints(time.Millisecond, limit))
	run := startRun(t, j, "one")
	line := bytes.Repeat([]byte("x"), 5000)
	const workers, each = 8, 250 // 10 MB of lines a round, 40 times the bound, without a pause
	// A round whose WAL ends smaller than the lines written so far has started it over. On a
	// busy machine (other packages' tests, -race) the checkpointer may get its turn late: more
	// rounds, up to five, give it the time without making the test wait where it is not needed.
	rounds, written := 0, int64(0)
	for ; rounds < 5; rounds++ {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					seq := int64(rounds*workers*each + w*each + i)
					k := Key{"t", "p", strconv.FormatInt(seq, 10)}
					if err := j.InFlight(ctx, run, Mark{Seq: seq, Key: k}); err != nil {
						t.Error(err)
						return
					}
					if err := j.Settle(ctx, run, Settlement{Seq: seq, Key: k, Outcome: "ok", Lines: [][]byte{line}}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		written += int64(workers * each * len(line))
		fi, err := os.Stat(j.Path() + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		// Without a restart the WAL holds every page written (more than the lines); with one, less.
		// (How much less depends on how busy the machine is: not asserted.)
		if fi.Size() < written {
			break
		}
	}
	if rounds == 5 {
		t.Errorf("the WAL holds every page of %d bytes of lines; want it started over on the way", written)
	}
	if n := j.ckpt.runs.Load(); n == 0 {
		t.Error("no checkpoint ran")
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var count int
	if err := j.rdb.QueryRowContext(ctx, "SELECT count(*) FROM records WHERE outcome = 'ok'").Scan(&count); err != nil || count != min(rounds+1, 5)*workers*each {
		t.Errorf("%d records ok, %v; want %d", count, err, min(rounds+1, 5)*workers*each)
	}
}

// TestSQLiteShell reads a journal with the sqlite3 shell, as a person would, while the
// journal is open. It needs the sqlite3 program (Debian package sqlite3).
func TestSQLiteShell(t *testing.T) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("no sqlite3 program (apt-get install sqlite3)")
	}
	ctx := context.Background()
	j := openTemp(t, WithClock(fixedClock()))
	run, err := j.StartRun(ctx, RunInfo{Command: "send GravarOrcamentos-nov.xlsx", Started: time.Date(2025, 11, 3, 2, 0, 0, 0, time.UTC),
		Inputs: []Input{{Path: "GravarOrcamentos-nov.xlsx", SHA256: "ab12", Size: 4096}}})
	if err != nil {
		t.Fatal(err)
	}
	k := func(s string) Key { return Key{"https://erp.example/g5 demo", "GravarOrcamentos", s} }
	if err := j.AddLines(ctx, run, 0, byteLines(`{"row":2,"outcome":"invalid"}`)); err != nil {
		t.Fatal(err)
	}
	if err := j.InFlight(ctx, run, Mark{Seq: 1, Key: k("1|7"), ValueHash: "h7"}, Mark{Seq: 2, Key: k("1|8"), ValueHash: "h8"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Settle(ctx, run, Settlement{Seq: 1, Key: k("1|7"), Outcome: "ok", ID: "77", Attempts: 1,
		At: time.Date(2025, 11, 3, 2, 0, 1, 500e6, time.UTC), Lines: byteLines(`{"row":3,"outcome":"ok"}`, `{"row":4,"outcome":"ok"}`)}); err != nil {
		t.Fatal(err)
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ query, want string }{
		{"SELECT id, command, started, finished FROM runs", "1|send GravarOrcamentos-nov.xlsx|2025-11-03T02:00:00.000Z|\n"},
		{"SELECT path, sha256, size FROM run_inputs", "GravarOrcamentos-nov.xlsx|ab12|4096\n"},
		{"SELECT seq, key, outcome, remote_id, at FROM last_states ORDER BY seq", "1|1|7|ok|77|2025-11-03T02:00:01.500Z\n2|1|8|in_flight||2025-11-03T02:00:00.001Z\n"},
		{"SELECT key FROM last_states WHERE outcome = 'in_flight'", "1|8\n"},
		{"SELECT lines FROM records WHERE run = 1 AND lines IS NOT NULL ORDER BY seq",
			`{"row":2,"outcome":"invalid"}` + "\n" + `{"row":3,"outcome":"ok"}` + "\n" + `{"row":4,"outcome":"ok"}` + "\n"},
	} {
		out, err := exec.Command(shell, "-readonly", j.Path(), c.query).CombinedOutput()
		if err != nil {
			t.Fatalf("sqlite3 %q: %v: %s", c.query, err, out)
		}
		if string(out) != c.want {
			t.Errorf("sqlite3 %q:\n got %q\nwant %q", c.query, out, c.want)
		}
	}
}

// A file that is no journal, or a damaged one, is named, and the error says what to do.
func TestOpenDamaged(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, bytes.Repeat([]byte("not sqlite "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), junk)
	if err == nil || !strings.HasPrefix(err.Error(), "journal "+junk+": ") || !strings.Contains(err.Error(), "move it aside and run again") {
		t.Fatalf("%v", err)
	}
}

// A folder given as the journal (--journal ~/state) is said to be one, with the file it could
// name.
func TestOpenFolder(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "a folder, not a file") || !strings.Contains(err.Error(), filepath.Join(dir, "journal.db")) {
		t.Fatalf("%v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("the folder got %d entries", len(ents))
	}
}

// TestKeysQueriesSeekEachKey: LastMany's and History's statements find each key in
// records_by_key, never read a scope's every record. History read them all in index order
// (to spare its ORDER BY a sort): 0.8 s a statement in a journal of 95,000 records, and a
// run resumed after an interrupt went at 65 to 200 rows a second.
func TestKeysQueriesSeekEachKey(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	run := startRun(t, j, "run")
	for i := range 2000 {
		if err := j.Settle(ctx, run, Settlement{Seq: int64(i), Key: Key{"t", "p", fmt.Sprintf("k%04d", i)}, Outcome: "ok", ValueHash: "h"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for _, history := range []bool{false, true} {
		kind := stmtKind{history: history, keys: maxKeysPerStatement}
		var args []any
		for i := range kind.keys {
			args = append(args, fmt.Sprintf("k%04d", i*3))
		}
		rows, err := j.reads.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+keysQuery(kind), append(args, 1)...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		seeks := false
		for _, d := range plan {
			if strings.Contains(d, "records_by_key") {
				seeks = strings.Contains(d, "key=?")
			}
		}
		if !seeks {
			t.Errorf("history %v: the plan does not find each key:\n%s", history, strings.Join(plan, "\n"))
		}
	}
}

// TestSkippedOrigin: a skipped state keeps the run it was skipped by, read back with when that
// run started, by LastMany, History and RecordsOf alike; other states have none.
func TestSkippedOrigin(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t, WithClock(fixedClock()))
	r1, r2 := startRun(t, j, "one"), startRun(t, j, "two")
	k := Key{"t", "p", "k"}
	if err := j.Settle(ctx, r1, Settlement{Seq: 3, Key: k, Outcome: "ok", ValueHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Settle(ctx, r2, Settlement{Seq: 5, Key: k, Outcome: "skipped", ValueHash: "h", Origin: r1}); err != nil {
		t.Fatal(err)
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	runs, err := j.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	started := runs[len(runs)-1].Started // run 1's
	last, err := j.LastMany(ctx, []Key{k})
	if err != nil {
		t.Fatal(err)
	}
	if s := last[k]; s.Run != r2 || s.Origin != r1 || !s.OriginStarted.Equal(started) {
		t.Errorf("last state %+v; want run %d's, origin %d started %v", s, r2, r1, started)
	}
	hist, err := j.History(ctx, []Key{k})
	if err != nil {
		t.Fatal(err)
	}
	if h := hist[k]; len(h) != 2 || h[0].Origin != 0 || h[1].Origin != r1 {
		t.Errorf("history %+v", h)
	}
	var got []int64
	if err := j.RecordsOf(ctx, r2, nil, func(_ Key, s State) error { got = append(got, s.Origin); return nil }); err != nil || len(got) != 1 || got[0] != r1 {
		t.Errorf("RecordsOf: %v %v", got, err)
	}
}

// TestSkippedOriginMigrated: skipped states written before the origin column (0004) take the
// run of their key's last accepted state with the same values (0005), so that a run skipping
// them again names the run that imported them (an upgrade tester found the run that last
// skipped them named, for good).
func TestSkippedOriginMigrated(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	j, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	r1, r2, r3 := startRun(t, j, "one"), startRun(t, j, "two"), startRun(t, j, "three")
	k, other := Key{"t", "p", "k"}, Key{"t", "p", "other"}
	for _, s := range []struct {
		run int64
		st  Settlement
	}{
		{r1, Settlement{Seq: 1, Key: k, Outcome: "ok", ValueHash: "h"}},
		{r2, Settlement{Seq: 1, Key: k, Outcome: "skipped", ValueHash: "h"}}, // as before 0004: no origin
		{r3, Settlement{Seq: 1, Key: k, Outcome: "skipped", ValueHash: "h"}},
		{r2, Settlement{Seq: 2, Key: other, Outcome: "skipped", ValueHash: "h"}}, // its import pruned
	} {
		if err := j.Settle(ctx, s.run, s.st); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	j.Close()
	// 0005 not applied yet (nor 0006: a journal of schema 4 has no place).
	execSQL(t, path, "ALTER TABLE records DROP COLUMN place", "PRAGMA user_version = 4")
	if j, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	last, err := j.LastMany(ctx, []Key{k, other})
	if err != nil {
		t.Fatal(err)
	}
	if last[k].Run != r3 || last[k].Origin != r1 || last[other].Origin != 0 {
		t.Errorf("after 0005: %+v %+v; want k's origin %d, other's none", last[k], last[other], r1)
	}
}

// TestPlace: a record's place among its port's records (Mark.Place, Settlement.Place) is kept
// by its mark, its settle over the mark, a skipped state settled without one, a settle that
// falls back to the upsert, and given back by LastMany, History and RecordsOf. A state of a
// journal from before the column (0006) has none: it reads as its seq, SeqPlace set.
func TestPlace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	j, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	old := startRun(t, j, "before places")
	k := func(key string) Key { return Key{"t", "p", key} }
	if err := j.Settle(ctx, old, Settlement{Seq: 7, Key: k("old"), Outcome: "ok", ValueHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	j.Close()
	// As a journal of schema 5 holds it: no column place.
	execSQL(t, path, "ALTER TABLE records DROP COLUMN place", "PRAGMA user_version = 5")
	if j, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	run := startRun(t, j, "places")
	if err := j.InFlight(ctx, run, Mark{Seq: 10, Place: 2, Key: k("marked"), ValueHash: "h"}, Mark{Seq: 11, Place: 3, Key: k("other"), ValueHash: "h"}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []Settlement{
		{Seq: 10, Place: 2, Key: k("marked"), Outcome: "ok"},                                    // over its mark
		{Seq: 12, Place: 4, Key: k("skipped"), Outcome: "skipped", ValueHash: "h", Origin: old}, // no mark
		{Seq: 11, Place: 3, Key: k("moved"), Outcome: "ok", ValueHash: "h"},                     // the upsert: another key at that row
	} {
		if err := j.Settle(ctx, run, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int64{"old": {7, 7}, "marked": {10, 2}, "skipped": {12, 4}, "moved": {11, 3}}
	check := func(how string, key Key, s State) {
		t.Helper()
		w, ok := want[key.Key]
		if !ok || s.Seq != w[0] || s.Place != w[1] || s.SeqPlace != (key.Key == "old") {
			t.Errorf("%s %s: seq %d place %d (seq place %v); want %v", how, key.Key, s.Seq, s.Place, s.SeqPlace, w)
		}
	}
	keys := []Key{k("old"), k("marked"), k("skipped"), k("moved")}
	last, err := j.LastMany(ctx, keys)
	if err != nil || len(last) != 4 {
		t.Fatalf("LastMany: %v %v", last, err)
	}
	for key, s := range last {
		check("LastMany", key, s)
	}
	hist, err := j.History(ctx, keys)
	if err != nil || len(hist) != 4 {
		t.Fatalf("History: %v %v", hist, err)
	}
	for key, h := range hist {
		check("History", key, h[len(h)-1])
	}
	for _, r := range []int64{old, run} {
		if err := j.RecordsOf(ctx, r, nil, func(key Key, s State) error { check("RecordsOf", key, s); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.InFlight(ctx, run, Mark{Seq: 1, Place: -1, Key: k("x")}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a negative place: %v, want ErrInvalid", err)
	}
}

// execSQL runs statements on the journal file at path, closed (an older schema made by hand).
func execSQL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUpgradeKeepsACopy: a journal an older importer wrote is copied, as it was, beside itself
// before it is migrated, readable by the user only; the older importer opens the copy, and
// refuses the migrated journal. Before, going back after a new version's first night left only
// a fresh journal: every record of the migration unknown to it.
func TestUpgradeKeepsACopy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	j, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if up := j.TakeUpgrade(); up != (Upgrade{}) {
		t.Errorf("a new journal was upgraded: %+v", up)
	}
	startRun(t, j, "under schema 5")
	j.Close()
	older := func(t *testing.T) {
		t.Helper()
		execSQL(t, path, "ALTER TABLE records DROP COLUMN place", "PRAGMA user_version = 5")
	}
	older(t)
	// What an importer of schema 5 embeds.
	five := fstest.MapFS{}
	ms, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil || len(ms) < 6 {
		t.Fatalf("migrations %v, %v", ms, err)
	}
	for _, m := range ms[:5] {
		b, err := fs.ReadFile(migrationFiles, m)
		if err != nil {
			t.Fatal(err)
		}
		five[m] = &fstest.MapFile{Data: b}
	}
	openWith := func(fsys fs.FS, p string) error {
		db, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_, err = migrate(ctx, db, fsys, p)
		return err
	}

	if j, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	up := j.TakeUpgrade()
	kept := path + ".schema5.bak"
	if up.From != 5 || up.To != len(ms) || up.Kept != kept || up.Err != nil {
		t.Errorf("upgrade %+v; want from 5 to %d, kept at %s", up, len(ms), kept)
	}
	if again := j.TakeUpgrade(); again != (Upgrade{}) {
		t.Errorf("said twice: %+v", again)
	}
	j.Close()
	fi, err := os.Stat(kept)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the copy: %v, %v; want mode 0600", fi, err)
	}
	if err := openWith(five, path); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("the older importer on the migrated journal: %v, want ErrNewerSchema", err)
	}
	before, _ := os.ReadFile(kept)
	if err := openWith(five, kept); err != nil {
		t.Errorf("the older importer on the copy: %v", err)
	}
	var runs int
	db, _ := sql.Open("sqlite", kept)
	if err := db.QueryRow("SELECT count(*) FROM runs").Scan(&runs); err != nil || runs != 1 {
		t.Errorf("the copy holds %d runs, %v; want the one of schema 5", runs, err)
	}
	db.Close()

	// Opened again: nothing to migrate, nothing copied. Gone back (the older version ran on
	// the journal of schema 5) and upgraded again: a copy of that schema already there is left
	// as it is, and the journal as it is now copied beside it.
	if j, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	if up := j.TakeUpgrade(); up != (Upgrade{}) {
		t.Errorf("opened again: %+v", up)
	}
	j.Close()
	older(t)
	execSQL(t, path, "CREATE TABLE nights_gone_back (n)") // what the older version wrote since
	if j, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	second := path + ".schema5.2.bak"
	if up := j.TakeUpgrade(); up.Kept != second || up.Err != nil {
		t.Errorf("again from 5: %+v; want kept at %s", up, second)
	}
	j.Close()
	if after, err := os.ReadFile(kept); err != nil || !bytes.Equal(before, after) {
		t.Errorf("the copy already there was written over (%v)", err)
	}
	db, _ = sql.Open("sqlite", second)
	if err := db.QueryRow("SELECT count(*) FROM nights_gone_back").Scan(&runs); err != nil {
		t.Errorf("the second copy misses what the older version wrote since the first: %v", err)
	}
	db.Close()
}

// TestLookupsInterrupted: a lookup whose context ends says so; it does not answer that the
// journal knows nothing of the record (a resumed run would send again what landed).
func TestLookupsInterrupted(t *testing.T) {
	j := openTemp(t)
	run := startRun(t, j, "run")
	k := Key{"https://erp.example/g5", "GravarOrcamentos", "1|42"}
	if err := j.InFlight(context.Background(), run, Mark{Seq: 0, Key: k, ValueHash: "h"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, found, err := j.Last(ctx, k); err == nil {
		t.Errorf("Last: found %v, no error", found)
	}
	if m, err := j.LastMany(ctx, []Key{k}); err == nil {
		t.Errorf("LastMany: %d states, no error", len(m))
	}
	if _, found, err := j.Last(context.Background(), k); err != nil || !found {
		t.Fatalf("Last: %v %v", found, err)
	}
}

// TestMarkAfterWithdrawInOneBatch: a mark taken back and then a new mark of the same record
// in one batch apply in that order: the record is in flight (its request may be out), not
// left at the state before the first mark.
func TestMarkAfterWithdrawInOneBatch(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	r1, r2 := startRun(t, j, "killed"), startRun(t, j, "two")
	k := Key{"t", "p", "k"}
	if err := j.InFlight(ctx, r1, Mark{Seq: 1, Key: k, ValueHash: "h1"}); err != nil {
		t.Fatal(err)
	}
	if err := j.InFlight(ctx, r2, Mark{Seq: 1, Key: k, ValueHash: "h2"}); err != nil {
		t.Fatal(err)
	}
	// Hold the writer inside a transaction so the next writes share one batch.
	release := holdWriter(j, nil)
	if err := j.Settle(ctx, r2, Settlement{Seq: 1, Key: k, Withdrawn: true, Lines: byteLines(`{"row":2}`)}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- j.InFlight(ctx, r2, Mark{Seq: 1, Key: k, ValueHash: "h3"}) }()
	waitQueued(j, 2)
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s, ok, err := j.Last(ctx, k)
	if err != nil || !ok || s.Run != r2 || s.Outcome != OutcomeInFlight || s.ValueHash != "h3" {
		t.Errorf("Last = %+v, %v, %v; want run %d's in flight with hash h3", s, ok, err, r2)
	}
}

// TestWritesKeepWhatTheyDoNotGive: a mark without a hash or values, a settle without lines
// keep what the record's row holds (whichever statement writes them: the mark's upsert, the
// settle's update, its upsert over a row of lines alone), a skipped state settled over a
// mark keeps its origin, and attempts are never below 0.
func TestWritesKeepWhatTheyDoNotGive(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	r1, r2 := startRun(t, j, "one"), startRun(t, j, "two")
	k := func(s string) Key { return Key{"t", "p", s} }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Marked again without hash or values (a read-back sends it again).
	must(j.InFlight(ctx, r2, Mark{Seq: 1, Key: k("a"), ValueHash: "h1", Values: []byte(`{"v":1}`)}))
	must(j.InFlight(ctx, r2, Mark{Seq: 1, Key: k("a")}))
	// Lines first, then a settle with other values and no lines (the update).
	must(j.InFlight(ctx, r2, Mark{Seq: 2, Key: k("b"), ValueHash: "h2"}))
	must(j.AddLines(ctx, r2, 2, byteLines(`{"row":3}`)))
	must(j.Settle(ctx, r2, Settlement{Seq: 2, Key: k("b"), Outcome: "ok", ValueHash: "h2b", Attempts: -2}))
	// Lines of a record never marked, then its settle without lines (the upsert).
	must(j.AddLines(ctx, r2, 3, byteLines(`{"row":4}`)))
	must(j.Settle(ctx, r2, Settlement{Seq: 3, Key: k("c"), Outcome: "ok"}))
	// A skipped state over a mark of the same run.
	must(j.Settle(ctx, r1, Settlement{Seq: 1, Key: k("d"), Outcome: "ok", ValueHash: "h4"}))
	must(j.InFlight(ctx, r2, Mark{Seq: 4, Key: k("d"), ValueHash: "h4"}))
	must(j.Settle(ctx, r2, Settlement{Seq: 4, Key: k("d"), Outcome: "skipped", Origin: r1}))
	must(j.Flush(ctx))

	last, err := j.LastMany(ctx, []Key{k("a"), k("b"), k("c"), k("d")})
	must(err)
	if s := last[k("a")]; s.Outcome != OutcomeInFlight || s.ValueHash != "h1" || string(s.Values) != `{"v":1}` {
		t.Errorf("a: %+v; want in flight with hash h1 and its values", s)
	}
	if s := last[k("b")]; s.Outcome != "ok" || s.ValueHash != "h2b" || s.Attempts != 0 {
		t.Errorf("b: %+v; want ok with hash h2b, attempts 0 (not below)", s)
	}
	if s := last[k("c")]; s.Outcome != "ok" || s.Run != r2 {
		t.Errorf("c: %+v; want run %d's ok", s, r2)
	}
	if s := last[k("d")]; s.Outcome != "skipped" || s.Origin != r1 {
		t.Errorf("d: %+v; want skipped by run %d", s, r1)
	}
	var lines []string
	must(j.Lines(ctx, r2, func(_ int64, l []byte) error { lines = append(lines, string(l)); return nil }))
	if want := []string{`{"row":3}`, `{"row":4}`}; !slices.Equal(lines, want) {
		t.Errorf("lines %q, want %q", lines, want)
	}
}

// TestTargets: the targets holding records of a port, a record whose only mark was taken
// back (never sent) not counting.
func TestTargets(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	run := startRun(t, j, "one")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(j.InFlight(ctx, run, Mark{Seq: 1, Key: Key{"b", "p", "k"}}, Mark{Seq: 2, Key: Key{"a", "p", "k"}},
		Mark{Seq: 3, Key: Key{"w", "p", "k"}}, Mark{Seq: 4, Key: Key{"c", "q", "k"}}))
	must(j.Settle(ctx, run, Settlement{Seq: 1, Key: Key{"b", "p", "k"}, Outcome: "ok"}))
	must(j.Settle(ctx, run, Settlement{Seq: 3, Key: Key{"w", "p", "k"}, Withdrawn: true}))
	must(j.Flush(ctx))
	got, err := j.Targets(ctx, "p")
	must(err)
	if want := []string{"a", "b"}; !slices.Equal(got, want) {
		t.Errorf("Targets(p) = %q, want %q", got, want)
	}
}

// TestWritesQueuedBehindAFailedCommit: writes queued while a group's commit fails (the next
// group) are refused with its error and not written, like the writes that come after it: the
// journal never goes on past a lost group.
func TestWritesQueuedBehindAFailedCommit(t *testing.T) {
	ctx := context.Background()
	j, err := Open(ctx, filepath.Join(t.TempDir(), "j.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	run := startRun(t, j, "one")
	k := Key{"t", "p", "k"}
	// Hold the writer inside a group that then fails, while a mark queues behind it.
	release := holdWriter(j, errors.New("disk full"))
	done := make(chan error)
	go func() { done <- j.InFlight(ctx, run, Mark{Seq: 1, Key: k, ValueHash: "h"}) }()
	waitQueued(j, 1)
	close(release)
	var we *WriteError
	if err := <-done; !errors.As(err, &we) {
		t.Errorf("InFlight queued behind a failed commit: %v, want a *WriteError", err)
	}
	if s, ok, err := j.Last(ctx, k); err != nil || ok {
		t.Errorf("Last = %+v, %v, %v; want no state", s, ok, err)
	}
}

// TestSettledOnlyForAKilledRun: a run's Settled counts its records' states only while it has
// no end (a killed run, which never reported its rows' counts); a finished run's are its
// Outcomes alone, whatever records it holds.
func TestSettledOnlyForAKilledRun(t *testing.T) {
	ctx := context.Background()
	j := openTemp(t)
	done, killed := startRun(t, j, "done"), startRun(t, j, "killed")
	for _, run := range []int64{done, killed} {
		if err := j.Settle(ctx, run, Settlement{Seq: 1, Key: Key{"t", "p", "k"}, Outcome: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.FinishRun(ctx, done, RunEnd{Rows: 1, Records: 1, Outcomes: map[string]int{"ok": 1}}); err != nil {
		t.Fatal(err)
	}
	for run, want := range map[int64]map[string]int{done: nil, killed: {"ok": 1}} {
		s, err := j.Run(ctx, run)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(s.Settled, want) || (want == nil) != (s.Settled == nil) {
			t.Errorf("run %d (%s): settled %v, want %v", run, s.Command, s.Settled, want)
		}
	}
}
