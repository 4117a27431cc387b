package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// queueServer is a server of virtual time that works on capacity requests at once (0: no
// limit), each for between 0.5 and 1.5 × latency, and queues the rest in order, as a Senior
// application server does. It drives an adaptive limiter as the sender would: a request
// goes whenever the limiter gives a slot, and its round trip is reported when it ends.
type queueServer struct {
	t        testing.TB
	now      time.Time
	capacity int
	latency  time.Duration
	rnd      *rand.Rand
	working  []vjob // being worked on, with their end
	waiting  []vjob // queued, in order
	maxHeld  int    // the most requests held at once (working + waiting)
	rtts     []time.Duration
	// Answers of 503 (overloaded), each in a tenth of L, not worked on: passing ones at
	// random, as a load balancer's node restarting gives, at this rate; and, when rejects,
	// every request that finds Senior's capacity taken, instead of queueing it.
	busyRate float64
	rejects  bool
	busyTime time.Duration // how long a 503 takes (0: a tenth of L)
	busy     int           // 503 answers given
	// slowShare of the requests take ten times as long (a tail of slow answers: a lock, a
	// collection, a lost packet), not queued.
	slowShare float64
}

// windowCounter counts the limiter's windows (its "limit window" debug records) and keeps
// the lowest limit they were at (0: none yet).
type windowCounter struct {
	n      int
	lowest float64
}

func (w *windowCounter) Enabled(context.Context, slog.Level) bool { return true }
func (w *windowCounter) WithAttrs([]slog.Attr) slog.Handler       { return w }
func (w *windowCounter) WithGroup(string) slog.Handler            { return w }
func (w *windowCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "limit window" {
		w.n++
		r.Attrs(func(at slog.Attr) bool {
			if at.Key == "limit" && (w.lowest == 0 || at.Value.Float64() < w.lowest) {
				w.lowest = at.Value.Float64()
			}
			return true
		})
	}
	return nil
}

type vjob struct {
	sent, end time.Time
	p         *permit
	busy      bool // answered 503, not worked on
}

func newQueueServer(t testing.TB, capacity int, latency time.Duration, seed uint64) *queueServer {
	return &queueServer{t: t, now: time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC), capacity: capacity, latency: latency, rnd: rand.New(rand.NewPCG(seed, 2))}
}

func (q *queueServer) clock() time.Time { return q.now }

func (q *queueServer) work() time.Duration {
	if q.slowShare > 0 && q.rnd.Float64() < q.slowShare {
		return time.Duration(float64(q.latency) * 10 * (0.5 + q.rnd.Float64()))
	}
	return time.Duration(float64(q.latency) * (0.5 + q.rnd.Float64()))
}

// run sends requests through a until n were worked on, and returns the virtual time they took.
func (q *queueServer) run(a *adaptiveLimiter, n int) time.Duration {
	began := q.now
	done := 0
	for done < n {
		for done+a.inFlight() < n && a.inFlight() < a.limit() {
			p, err := a.acquire(context.Background(), 0)
			if err != nil {
				q.t.Fatal(err)
			}
			j := vjob{sent: q.now, p: p}
			switch full := q.capacity > 0 && q.workedOn() >= q.capacity; {
			case (q.busyRate > 0 && q.rnd.Float64() < q.busyRate) || (q.rejects && full):
				j.busy, j.end = true, q.now.Add(cmp.Or(q.busyTime, q.latency/10))
				q.working = append(q.working, j)
			case !full:
				j.end = q.now.Add(q.work())
				q.working = append(q.working, j)
			default:
				q.waiting = append(q.waiting, j)
			}
			q.maxHeld = max(q.maxHeld, len(q.working)+len(q.waiting))
		}
		// The next request to end.
		first := 0
		for i, j := range q.working {
			if j.end.Before(q.working[first].end) {
				first = i
			}
		}
		j := q.working[first]
		q.working = append(q.working[:first], q.working[first+1:]...)
		q.now = j.end
		if len(q.waiting) > 0 && (q.capacity == 0 || q.workedOn() < q.capacity) {
			w := q.waiting[0]
			q.waiting = q.waiting[1:]
			w.end = q.now.Add(q.work())
			q.working = append(q.working, w)
		}
		if j.busy {
			q.busy++
			j.p.release(q.now.Sub(j.sent), overloaded)
			continue
		}
		q.rtts = append(q.rtts, q.now.Sub(j.sent))
		j.p.release(q.now.Sub(j.sent), answered)
		done++
	}
	return q.now.Sub(began)
}

// workedOn is the number of requests being worked on (not those answered 503).
func (q *queueServer) workedOn() int {
	n := 0
	for _, j := range q.working {
		if !j.busy {
			n++
		}
	}
	return n
}

// afterDrop sets the server's capacity, sends n requests (about a second's worth), and returns
// the median latency, in L, of the next n: how soon the limit followed.
func (q *queueServer) afterDrop(a *adaptiveLimiter, capacity, n int) float64 {
	q.capacity = capacity
	q.run(a, n)
	q.rtts = nil
	q.run(a, n)
	slices.Sort(q.rtts)
	return float64(q.rtts[len(q.rtts)/2]) / float64(q.latency)
}

// TestAdaptiveLimiter: against a server of capacity C and latency L in virtual time, the limit
// rises while no queue shows and settles near C (not at its ceiling of 64), rises to the
// ceiling when nothing queues, and follows a capacity that halves; throughput stays near C/L.
// virtualRun sends n requests through a new adaptive limiter (ceiling 64, --workers' default)
// to a server of virtual time of that capacity and latency, and returns them with the
// throughput as a fraction of bound/latency and the median round trip in latencies.
func virtualRun(t testing.TB, capacity int, latency time.Duration, seed uint64, n, bound int) (*queueServer, *adaptiveLimiter, float64, float64) {
	return virtualRunUpTo(t, 64, capacity, latency, seed, n, bound)
}

// virtualRunUpTo is virtualRun with the limiter's ceiling (--workers) given.
func virtualRunUpTo(t testing.TB, ceiling, capacity int, latency time.Duration, seed uint64, n, bound int) (*queueServer, *adaptiveLimiter, float64, float64) {
	q := newQueueServer(t, capacity, latency, seed)
	a, ofBound, p50 := virtualRunOn(q, ceiling, n, bound)
	return q, a, ofBound, p50
}

// virtualRunOn is virtualRunUpTo against a server already set up (a tail of slow answers, say).
func virtualRunOn(q *queueServer, ceiling, n, bound int) (*adaptiveLimiter, float64, float64) {
	a := newAdaptiveLimiter(ceiling, q.clock, slog.New(slog.DiscardHandler))
	took := q.run(a, n)
	ofBound := float64(n) / took.Seconds() / (float64(bound) / q.latency.Seconds())
	slices.Sort(q.rtts)
	return a, ofBound, float64(q.rtts[len(q.rtts)/2]) / float64(q.latency)
}

// TestAdaptiveLimiterFirstSlowStartNoStall: the first window's unloaded round trip is the
// first quartile of eight requests, low by chance now and then; the next windows then read as
// queued, the limit is cut, and the probe after the cut finds round trips no shorter at half
// the limit. The cut is then taken back and the first slow start goes on. It grew a tenth a
// window from where the cut left it: over 200 seeds of three seconds, the lowest run reached
// 0.70 of C/L at C = 64 and 0.75 at C = 32 (0.82 and 0.86 since; the same seed, 53, here).
func TestAdaptiveLimiterFirstSlowStartNoStall(t *testing.T) {
	const latency = 20 * time.Millisecond
	for _, c := range []int{32, 64} {
		lowest, at := 2.0, uint64(0)
		for seed := uint64(1); seed <= 100; seed++ { // seed 53 stalled at both
			_, _, r, _ := virtualRunUpTo(t, 64, c, latency, seed, c*150, c)
			if r < lowest {
				lowest, at = r, seed
			}
		}
		if lowest < 0.8 {
			t.Errorf("C = %d: seed %d reached %.2f of C/L over three seconds, want 0.8 at least in every seed", c, at, lowest)
		}
	}
}

// TestAdaptiveLimiterProofByRatio: at a capacity of 4, a first window (eight requests at a
// limit of 4) whose first quartile read high by chance (23 ms at 20 ms ± 50%) widened the
// slack a queue must pass (a third of that), and the window at 8, queued by a quarter, read
// as calm and proved the unloaded round trip: no probe came before the regular ones, and the
// limit swung between 6 and 9 against a capacity of 4 (a median of 1.9 to 2.0 L over three
// seconds in these seeds; 22 of 200 seeds over 1.5 L). Only a window calm by the ratio proves
// it now; a cut after one that is not brings the probe that finds the unloaded round trip (12
// seeds of 200 over 1.5 L).
func TestAdaptiveLimiterProofByRatio(t *testing.T) {
	for _, seed := range []uint64{95, 130, 173} {
		_, _, r, p50 := virtualRunUpTo(t, 64, 4, 20*time.Millisecond, seed, 600, 4)
		if p50 > 1.5 || r < 0.9 {
			t.Errorf("seed %d: %.2f of C/L, median %.2f L over three seconds at C = 4; want 0.9 at least, 1.5 L at most", seed, r, p50)
		}
	}
}

// TestAdaptiveLimiterFirstWindowSeed: the first window decides after one round trip at the
// first limit (four answers), not two (eight): the first doubling is never a judgement (the
// window is its own unloaded round trip), and the round trip more at a limit of 4 cost a
// point of 16/L in three seconds. The requests it sent meanwhile are not lost to the unloaded
// round trip: their answers join the first window's, and the quartile of all of them (the
// seed) is the first unloaded round trip, steadier than eight answers were. Over 200 seeds of
// three seconds, runs with a median over 1.5 L went from 8 to 5 at C = 2, 12 to 7 at C = 4;
// the mean at --workers 16 with no capacity limit from 0.973 to 0.978 of 16/L.
func TestAdaptiveLimiterFirstWindowSeed(t *testing.T) {
	now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	a := newAdaptiveLimiter(64, func() time.Time { return now }, slog.New(slog.DiscardHandler))
	take := func() *permit {
		t.Helper()
		p, err := a.acquire(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	var first []*permit
	for range 4 {
		first = append(first, take())
	}
	// The first four answers, slow by chance; each freed slot sends another request of the
	// first window.
	var more []*permit
	for i, p := range first {
		p.release(time.Duration(23+i)*time.Millisecond, answered)
		if i < 3 {
			more = append(more, take())
		}
	}
	if got := a.limit(); got != 8 {
		t.Fatalf("limit %d after the first four answers, want 8 (the first window is a round trip at 4)", got)
	}
	// The first window's other three answer after it decided: 12, 13 and 14 ms.
	for i, p := range more {
		p.release(time.Duration(12+i)*time.Millisecond, answered)
	}
	// The second window: eight answers of 16 ms.
	var second []*permit
	for range 8 {
		second = append(second, take())
	}
	for _, p := range second {
		p.release(16*time.Millisecond, answered)
	}
	// Seven answers of the first window: 12, 13, 14, 23, 24, 25, 26 ms; their quartile is 13 ms.
	if got := a.unloaded(); got != 13*time.Millisecond {
		t.Errorf("unloaded round trip %v after the second window, want 13ms (the quartile of the first window's seven answers, not of its first four: 24ms)", got)
	}
}

// TestAdaptiveLimiterThreeWindowsAtTheCeiling: a queue read in two windows running (first
// quartiles 1.4 times the unloaded round trip) cuts a limit below its ceiling, but one at the
// ceiling only in a third: there a queue can only be Senior's capacity falling (another load
// arrived), and with no capacity limit two noisy windows cut --workers 16 once or twice a
// run of three seconds (in virtual time 0.978 of 16/L over 200 seeds, 0.981 since).
func TestAdaptiveLimiterThreeWindowsAtTheCeiling(t *testing.T) {
	for _, c := range []struct {
		name          string
		ceiling       int
		lim           float64
		windowsBefore int // windows that leave the limit where it is
	}{
		{"below the ceiling", 64, 16, 1},
		{"at the ceiling", 16, 16, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
			a := newAdaptiveLimiter(c.ceiling, func() time.Time { return now }, slog.New(slog.DiscardHandler))
			a.quartiles = []stamped{{at: now, v: 0.020}} // unloaded: 20 ms
			a.proven, a.probeAt, a.slowPace, a.seeding = true, now.Add(time.Hour), false, false
			a.set(c.lim)
			window := func() {
				for range 24 {
					p, err := a.acquire(context.Background(), 0)
					if err != nil {
						t.Fatal(err)
					}
					p.release(28*time.Millisecond, answered) // 1.4 times 20 ms, 8 ms of queue
				}
			}
			for w := range c.windowsBefore {
				if window(); a.limit() != int(c.lim) {
					t.Fatalf("limit %d after window %d, want %d still", a.limit(), w+1, int(c.lim))
				}
			}
			if window(); a.limit() >= int(c.lim) {
				t.Errorf("limit %d after window %d, want it cut", a.limit(), c.windowsBefore+1)
			}
		})
	}
}

// TestAdaptiveLimiterProbeLiftsALowUnloaded: a probe's window (half the limit, so no queue)
// whose round trips are no shorter says the unloaded round trip read from few windows was
// low: it is then halfway up to the probe's quartile. Before, it stayed at the lowest window
// quartile, and at a capacity of 4 a noisy pair of windows below the capacity read as a
// queue (see unloaded).
func TestAdaptiveLimiterProbeLiftsALowUnloaded(t *testing.T) {
	now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	a := newAdaptiveLimiter(64, func() time.Time { return now }, slog.New(slog.DiscardHandler))
	a.quartiles = []stamped{{at: now, v: 0.012}, {at: now, v: 0.015}, {at: now, v: 0.016}} // the lowest: 12 ms
	a.slowPace, a.seeding, a.probeAt = false, false, now                                   // a probe is due
	a.set(4)
	window := func(n int, rtt time.Duration) {
		for range n {
			p, err := a.acquire(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			p.release(rtt, answered)
		}
	}
	window(24, 15*time.Millisecond) // a calm window; the probe begins: half the limit
	if a.probing == 0 {
		t.Fatalf("no probe began (limit %d)", a.limit())
	}
	window(16, 14*time.Millisecond) // no shorter than before: the old round trips queued not
	if a.probing != 0 || a.limit() != 4 {
		t.Fatalf("after the probe: probing %v, limit %d; want it over and the limit back at 4", a.probing, a.limit())
	}
	if got := a.unloaded(); got != 13*time.Millisecond {
		t.Errorf("unloaded round trip %v after the probe, want 13ms (halfway from 12 ms up to its 14)", got)
	}
}

// TestEmptied: a cut takes a slot at least (but never the second of two), and below 5 it is
// no more than the whole slots it rounds to (2.2 is 2), so that the next slot is tried after
// two windows of a quarter of a request, not the next one.
func TestEmptied(t *testing.T) {
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	for _, c := range []struct {
		name       string
		size       int
		med, queue float64 // ms
		want       float64
	}{
		{"3 slots at a capacity of 2: 2.6 keeps 3, a slot fewer", 3, 33, 7, 2},
		{"a share that lands between slots: whole ones", 3, 30, 10, 2},
		{"2 slots: not to 1 for a share that keeps 2", 2, 22, 5.4, 2 * 16.6 / 22 * 1.1},
		{"20 slots rounding to 20: 19", 20, 40, 4, 19},
		{"16 slots: the share as it is", 16, 40, 8, 16 * 0.8 * 1.1},
		{"8 slots queued four deep: 2", 8, 85, 63, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := emptied(c.size, ms(c.med), ms(c.queue)); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("emptied(%d, %vms, %vms) = %.4f, want %.4f", c.size, c.med, c.queue, got, c.want)
			}
		})
	}
}

// limiterAt is an adaptive limiter at lim, past its first slow start, with an unloaded first
// quartile and median, and its clock stopped.
func limiterAt(lim float64, quartile, median time.Duration, proven bool, probeAt time.Duration) *adaptiveLimiter {
	now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	a := newAdaptiveLimiter(64, func() time.Time { return now }, slog.New(slog.DiscardHandler))
	a.quartiles = []stamped{{at: now, v: quartile.Seconds(), m: median.Seconds()}}
	a.proven, a.probeAt, a.slowPace, a.seeding = proven, now.Add(probeAt), false, false
	a.set(lim)
	return a
}

// answer sends and answers one request a round trip of each rtt, n times over.
func answer(t *testing.T, a *adaptiveLimiter, n int, rtts ...time.Duration) {
	t.Helper()
	for range n {
		for _, rtt := range rtts {
			p, err := a.acquire(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			p.release(rtt, answered)
		}
	}
}

// TestAdaptiveLimiterMedianAtFewSlots: at 3 slots or fewer a window whose first quartile reads
// no queue (18 ms over 15: 1.2, 3 ms) but whose median does (30 ms over 20: 1.5) is a queue,
// and two such windows cut the limit; at 4 slots the quartile alone decides. Before, at a
// capacity of 2, three slots read calm by their quartiles and the median round trip of a run
// was 1.6 L against the simulator.
func TestAdaptiveLimiterMedianAtFewSlots(t *testing.T) {
	for _, c := range []struct {
		slots, want int
	}{
		{3, 2},
		{4, 4},
	} {
		t.Run(fmt.Sprintf("%d slots", c.slots), func(t *testing.T) {
			a := limiterAt(float64(c.slots), 15*time.Millisecond, 20*time.Millisecond, true, time.Hour)
			for range 2 {
				// Sorted: six of 16 ms, six of 18 (the quartile), twelve of 30 (the median).
				answer(t, a, 6, 16*time.Millisecond, 18*time.Millisecond, 30*time.Millisecond, 30*time.Millisecond)
			}
			if got := a.limit(); got != c.want {
				t.Errorf("limit %d after two windows (%.2f), want %d", got, a.lim, c.want)
			}
		})
	}
}

// TestAdaptiveLimiterProbeBackBelowAQueue: a probe that finds round trips no shorter at half
// the limit (the unloaded one was right) after a window that queued by it sends the limit back
// to where that window's queue empties, not to the limit that queued. Before, at a capacity
// of 2, the limit went back to 4, queued there two windows more, and the run's median round
// trip was 1.6 L against the simulator.
func TestAdaptiveLimiterProbeBackBelowAQueue(t *testing.T) {
	a := limiterAt(4, 16*time.Millisecond, 21*time.Millisecond, false, 0) // a probe is due
	// A window at 4: quartile 26 ms (1.6 over 16), median 36. The probe begins: 2 slots.
	answer(t, a, 6, 24*time.Millisecond, 26*time.Millisecond, 36*time.Millisecond, 36*time.Millisecond)
	if a.probing == 0 || a.limit() != 2 {
		t.Fatalf("probing %v, limit %d after the window at 4; want a probe at 2", a.probing, a.limit())
	}
	// The probe's window: quartile 18.5 ms, 26/18.5 = 1.4, not plainly shorter (1.5).
	answer(t, a, 4, 17*time.Millisecond, 18500*time.Microsecond, 24*time.Millisecond, 24*time.Millisecond)
	// Unloaded 17.25 ms (16 lifted halfway to 18.5); the window at 4 queued 8.75 ms of its
	// 36: 4 × 0.757 × 1.1 = 3.3, 3 slots.
	if a.probing != 0 || a.limit() != 3 {
		t.Errorf("probing %v, limit %d (%.2f) after the probe; want it over and 3 slots", a.probing, a.limit(), a.lim)
	}
}

// TestAdaptiveLimiterProbeAtOnceWhenDoubled: a cut where round trips doubled over an unloaded
// round trip not yet proven, held by its floor (half the limit) above where the queue would
// empty, begins the probe at once, and the probe that finds no queue at the half sends the
// limit to where the cut window's queue empties. Before, a window of 24 ran at the limit the
// cut left (at a capacity of 2, 4: one request queued behind every two), then the probe, then
// the limit went back to 4. A cut that lands where the queue empties (a capacity of 4) runs
// its window first, as before: there the probe at once read its 16 answers from the short
// draws at the start of the simulator's seed 1, and 3 to 5 slots then read as a queue.
func TestAdaptiveLimiterProbeAtOnceWhenDoubled(t *testing.T) {
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	for _, c := range []struct {
		name     string
		low, med float64 // ms, of the window at 8
		probing  float64 // after it
		slots    int
	}{
		// 8 × 22/86 × 1.1 = 2.25: under the floor of 4. A probe at 2, from 4.
		{"capacity 2", 80, 86, 4, 2},
		// 8 × 22/42 × 1.1 = 4.6: 5 slots, no probe yet.
		{"capacity 4", 36, 42, 0, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := limiterAt(8, 16*time.Millisecond, 21*time.Millisecond, false, time.Hour)
			answer(t, a, 12, ms(c.low), ms(c.med))
			if a.probing != c.probing || a.limit() != c.slots {
				t.Fatalf("probing %v, limit %d (%.2f) after the cut; want probing %v, %d slots", a.probing, a.limit(), a.lim, c.probing, c.slots)
			}
			if c.probing == 0 {
				return
			}
			// The probe's window: 18.5 ms, no shorter than the unloaded 16. The window at 8
			// queued 62.75 ms of its 86 (unloaded 17.25): 8 × 0.27 × 1.1 = 2.4, 2 slots.
			answer(t, a, 8, 18500*time.Microsecond, 22*time.Millisecond)
			if a.probing != 0 || a.limit() != 2 {
				t.Errorf("probing %v, limit %d (%.2f) after the probe; want it over and 2 slots", a.probing, a.limit(), a.lim)
			}
		})
	}
}

// TestAdaptiveLimiterProbeHalvesOnlyWhenSaturated: at a capacity of 3, a probe from 5 slots to
// 2 finds the first quartile halved (a queue adds its wait to every request, the short ones
// too) but the rate down to 0.7 of the one at 5: Senior was not busy at the half, and the
// probe does not go on to 1 slot. Before, in these seeds, it did, and the limit climbed back
// from 2 a quarter of a request a window: 0.82 to 0.87 of C/L over three seconds.
func TestAdaptiveLimiterProbeHalvesOnlyWhenSaturated(t *testing.T) {
	const latency = 20 * time.Millisecond
	for _, seed := range []uint64{29, 41, 43, 95} {
		q := newQueueServer(t, 3, latency, seed)
		var windows windowCounter
		a := newAdaptiveLimiter(64, q.clock, slog.New(&windows))
		took := q.run(a, 450)
		ofBound := 450 / took.Seconds() / (3 / latency.Seconds())
		t.Logf("seed %d: lowest limit %.2f, %.2f of C/L", seed, windows.lowest, ofBound)
		if windows.lowest < 1.5 {
			t.Errorf("seed %d: the limit fell to %.2f (1 slot) at a capacity of 3", seed, windows.lowest)
		}
	}
}

// capacitySeed is a server's capacity and the seed of its draws.
type capacitySeed struct{ capacity, seed int }

// threeSeconds runs each case for three seconds of work at C/L (150 requests a slot, L = 20
// ms) in virtual time and has check say what is wrong with its fraction of C/L and median
// latency in L ("" for nothing).
func threeSeconds(t *testing.T, cases []capacitySeed, checks ...func(ofBound, p50 float64) string) {
	t.Helper()
	runSeeds(t, 64, 20*time.Millisecond, 150, cases, checks...)
}

// threeSecondsUpTo is threeSeconds with the limiter's ceiling (--workers) given.
func threeSecondsUpTo(t *testing.T, ceiling int, cases []capacitySeed, checks ...func(ofBound, p50 float64) string) {
	t.Helper()
	runSeeds(t, ceiling, 20*time.Millisecond, 150, cases, checks...)
}

// threeSecondsAt is threeSeconds with requests of latency L (150 round trips a slot: three
// seconds at 20 ms).
func threeSecondsAt(t *testing.T, latency time.Duration, cases []capacitySeed, checks ...func(ofBound, p50 float64) string) {
	t.Helper()
	runSeeds(t, 64, latency, 150, cases, checks...)
}

// runSeeds runs each case for trips round trips a slot at the ceiling and latency given, has
// each check say what is wrong with its fraction of C/L and median latency in L, and returns the
// cases' mean fraction of C/L.
func runSeeds(t *testing.T, ceiling int, latency time.Duration, trips int, cases []capacitySeed, checks ...func(ofBound, p50 float64) string) float64 {
	t.Helper()
	sum := 0.0
	for _, c := range cases {
		_, _, ofBound, p50 := virtualRunUpTo(t, ceiling, c.capacity, latency, uint64(c.seed), c.capacity*trips, c.capacity)
		sum += ofBound
		t.Logf("--workers %d, L = %v, C = %d, seed %d: %.2f of C/L, median %.2f L", ceiling, latency, c.capacity, c.seed, ofBound, p50)
		for _, check := range checks {
			if wrong := check(ofBound, p50); wrong != "" {
				t.Errorf("--workers %d, L = %v, C = %d, seed %d: %s", ceiling, latency, c.capacity, c.seed, wrong)
			}
		}
	}
	return sum / float64(len(cases))
}

// ofCL wants at least min of C/L.
func ofCL(min float64) func(ofBound, p50 float64) string {
	return func(ofBound, _ float64) string {
		if ofBound < min {
			return fmt.Sprintf("%.2f of C/L, want at least %.2f", ofBound, min)
		}
		return ""
	}
}

// medianAtMost wants the median latency at most max L.
func medianAtMost(max float64) func(ofBound, p50 float64) string {
	return func(_, p50 float64) string {
		if p50 > max {
			return fmt.Sprintf("median %.2f L, want at most %g L", p50, max)
		}
		return ""
	}
}

// TestAdaptiveLimiterShorterProbeGoesWhereTheQueueEmpties: a probe from 5 slots to 2 that
// finds round trips plainly shorter, Senior not busy at the half, sends the limit at once to
// where the window at 5 would have emptied its queue (4 slots at a capacity of 4). Before, it
// stayed at 2 until a window there read calm, and in these seeds one read 1.3 to 1.4 by
// chance: 0.78 to 0.90 of C/L over three seconds.
func TestAdaptiveLimiterShorterProbeGoesWhereTheQueueEmpties(t *testing.T) {
	threeSeconds(t, []capacitySeed{{3, 108}, {4, 108}, {4, 153}, {5, 125}}, ofCL(0.92))
}

// TestAdaptiveLimiterDoubtfulCutKeptAfterASlowWindow: a cut made on the first windows'
// unloaded round trip is taken back when the probe after it finds round trips no shorter than
// that one, but not when the window that made the cut was plainly slower than the probe's: it
// queued, and the probe's quartile read high by chance. Before, in these seeds the cut was
// taken back, the limit went to 8 again, and the median was 1.52 to 1.65 L over three seconds.
func TestAdaptiveLimiterDoubtfulCutKeptAfterASlowWindow(t *testing.T) {
	threeSeconds(t, []capacitySeed{{4, 184}, {5, 14}, {5, 32}}, medianAtMost(1.5))
}

// TestAdaptiveLimiterSlowStartProofChecked: at a capacity of 5 or 6, the first window's
// quartile read 21 to 22 ms by chance (15 is the true one), the window at 8 (queued) read about
// as much and proved it, and the cut at 16 landed back at 8. One probe after that cut finds
// the shorter round trips. Before, the limit stayed at 8 to 12 until the probe 30 s on: the
// median 1.7 to 1.9 L over three seconds in these seeds.
func TestAdaptiveLimiterSlowStartProofChecked(t *testing.T) {
	threeSeconds(t, []capacitySeed{{5, 38}, {5, 99}, {5, 182}, {6, 189}}, medianAtMost(1.5))
}

// TestAdaptiveLimiterStartsAtHalfALowCeiling: under --workers 8 the slow start begins at half
// the ceiling, so that its second window doubles the first. At --workers 5 and 6 and a
// capacity of 2 and 3 it began at 4 slots, queued from the first window on, and the window at
// the ceiling read 1.3 to 1.8 over that one, not the doubling that cuts at once: three windows
// at the ceiling before the cut, the median 1.6 to 1.85 L over three seconds in these seeds.
func TestAdaptiveLimiterStartsAtHalfALowCeiling(t *testing.T) {
	threeSecondsUpTo(t, 5, []capacitySeed{{2, 7}, {2, 58}}, medianAtMost(1.4))
	threeSecondsUpTo(t, 6, []capacitySeed{{3, 12}, {3, 76}}, medianAtMost(1.4))
}

// TestAdaptiveLimiterProbeAtALowCeiling: with --workers under 16 the first slow start cannot
// double past the window that proves the unloaded round trip, or cannot prove it at all, and
// nothing checked the round trip of the first windows: the limit stayed at the ceiling, its
// windows read calm against them, until the probe three seconds on (the median 1.6 L in
// these seeds at --workers 5 and a capacity of 3, and at --workers 8 and a capacity of 5).
// One probe when the slow start reaches such a ceiling finds the shorter round trips.
func TestAdaptiveLimiterProbeAtALowCeiling(t *testing.T) {
	threeSecondsUpTo(t, 5, []capacitySeed{{3, 7}, {3, 49}, {3, 59}}, medianAtMost(1.4))
	threeSecondsUpTo(t, 8, []capacitySeed{{5, 99}, {5, 142}}, medianAtMost(1.4))
}

// TestAdaptiveLimiterProofCheckedBelowTheCeiling: at --workers 10 and a capacity of 5, the
// first window's quartile read high by chance, the window at 8 proved it, and the window at the
// ceiling of 10, queued by half, did not read as round trips doubled: the cut from there
// brought no probe, and the limit swung between 7 and 10, the median 1.55 to 1.8 L. Under a
// ceiling of 16, the first cut after the proof brings the probe, whatever its ratio.
func TestAdaptiveLimiterProofCheckedBelowTheCeiling(t *testing.T) {
	threeSecondsUpTo(t, 10, []capacitySeed{{5, 98}, {5, 108}, {5, 173}, {5, 182}}, medianAtMost(1.4))
}

// TestAdaptiveLimiterProbeKeepsTwoSlots: a probe from 3 slots goes to 2, not 1. At --workers 5
// and 6 and a capacity of 4, the cut from the ceiling landed at 3 and the probe after it held
// one request in flight for its 16 answers: 16 round trips at a quarter of the rate, 0.87 to
// 0.90 of C/L over three seconds. Two slots are as far below any capacity of 2 or more.
func TestAdaptiveLimiterProbeKeepsTwoSlots(t *testing.T) {
	threeSecondsUpTo(t, 6, []capacitySeed{{4, 3}, {4, 15}, {4, 16}}, ofCL(0.92))
	threeSecondsUpTo(t, 5, []capacitySeed{{4, 6}, {4, 22}, {4, 24}}, ofCL(0.92))
}

// TestAdaptiveLimiterBackToTheCutsEmptying: a first window's quartile low by chance made the
// window at twice the limit read as round trips doubled, and the cut halved the limit; the
// probe after the next window found the unloaded round trip right and no queue at the half.
// The limit then grew a quarter of a request a window from the half: at --workers 4 and a
// capacity of 3, 2 slots for four windows (0.86 to 0.89 of C/L over three seconds), and at
// --workers 7 and a capacity of 5, 3 slots for as long (0.86). Now it goes at once to where
// the window that made the cut would have emptied its queue.
func TestAdaptiveLimiterBackToTheCutsEmptying(t *testing.T) {
	threeSecondsUpTo(t, 4, []capacitySeed{{3, 37}, {3, 103}, {3, 129}, {3, 180}}, ofCL(0.9), medianAtMost(1.5))
	threeSecondsUpTo(t, 7, []capacitySeed{{5, 56}}, ofCL(0.9), medianAtMost(1.5))
}

// TestAdaptiveLimiterFewSlots: at a few slots a window is measured against the last one at
// fewer by the mean round trip of its fastest three quarters. After a probe at 2 slots at a
// capacity of 2, the windows at 3 read calm on the first quartile and on the low median of the
// last minute (taken from windows that queued themselves), and the median of the run was 1.66
// to 1.84 L; at a capacity of 3, the limit swung up to 6 and 7 slots (1.57 to 1.61 L).
func TestAdaptiveLimiterFewSlots(t *testing.T) {
	threeSeconds(t, []capacitySeed{{2, 57}, {2, 114}, {3, 8}, {3, 99}}, medianAtMost(1.5))
}

// TestAdaptiveLimiterProbeBelowAQueuedStart: at a capacity of 3 the first windows run at 4
// slots, one over, and their round trip is the unloaded one. The probe from 8 slots to 4
// halved round trips against the window at 8 at the same rate, but read no shorter than that
// queued unloaded round trip, and was the last: no window ran at 3 slots or fewer, and the
// limit swung between 4 and 6 (medians 1.69 to 1.87 L). It now halves again.
func TestAdaptiveLimiterProbeBelowAQueuedStart(t *testing.T) {
	threeSeconds(t, []capacitySeed{{3, 38}, {3, 120}, {3, 132}}, medianAtMost(1.5))
}

// TestAdaptiveLimiterSlowTail: a tail of slow answers is no queue. With 3% of requests ten
// times as long, the fast mean at a few slots (see fewSlots) leaves the fraction of C/L where it
// was over 40 seeds; the mean of every answer read the tail as a queue at 3 and 4 slots and cut
// the limit for it.
func TestAdaptiveLimiterSlowTail(t *testing.T) {
	for _, c := range []int{3, 4} {
		mean := 0.0
		for seed := uint64(1); seed <= 40; seed++ {
			q := newQueueServer(t, c, 20*time.Millisecond, seed)
			q.slowShare = 0.03
			_, ofBound, _ := virtualRunOn(q, 64, c*150, c)
			mean += ofBound / 40
		}
		// The work's mean is 0.97 × L + 0.03 × 10 L = 1.27 L: at most 0.787 of C/L.
		t.Logf("C = %d, 3%% of requests ten times as long: %.4f of C/L over 40 seeds", c, mean)
		if mean < 0.735 {
			t.Errorf("C = %d, 3%% of requests ten times as long: %.4f of C/L over 40 seeds, want 0.735 at least", c, mean)
		}
	}
}

// TestAdaptiveLimiterShortRoundTrips: against a Senior of round trips well under 20 ms, a
// queue's least time is a third of a median round trip, not 5 ms: at L = 5 ms that was a
// queue of a round trip, and the limit settled near twice the capacity (a median of 1.54 to
// 1.97 L in these seeds over three seconds; at L = 2 ms, 3.5 to 3.7 L).
func TestAdaptiveLimiterShortRoundTrips(t *testing.T) {
	threeSecondsAt(t, 5*time.Millisecond, []capacitySeed{{4, 2}, {4, 3}, {8, 2}, {8, 3}, {8, 4}, {16, 1}, {16, 2}, {16, 3}}, ofCL(0.9), medianAtMost(1.5))
	threeSecondsAt(t, 2*time.Millisecond, []capacitySeed{{4, 1}, {8, 1}}, ofCL(0.9), medianAtMost(1.5))
}

// TestAdaptiveLimiterShortRoundTripsSmallCapacity: under 15 ms a queue's least time is a
// quarter of the low median round trip, as 5 ms is of 20. A third (1327a11) let a queue of one
// request behind two or three pass at capacities of 2 and 3: a median of 1.53 to 2.18 L over
// three seconds in these seeds.
func TestAdaptiveLimiterShortRoundTripsSmallCapacity(t *testing.T) {
	threeSecondsAt(t, 5*time.Millisecond, []capacitySeed{{2, 24}, {2, 33}, {3, 80}, {3, 98}}, ofCL(0.9), medianAtMost(1.45))
	threeSecondsAt(t, 10*time.Millisecond, []capacitySeed{{3, 90}}, ofCL(0.9), medianAtMost(1.45))
}

// TestAdaptiveLimiterSlowerFromAQueue: Senior's round trips double while the limit is at the
// top of its swing, a third over the capacity of 16: the window that starts the chain of cuts
// measures the new round trips and a queue, and the windows after the cuts keep the first
// (10 to 19 ms over the unloaded one) but not 60% of what that window measured (35 ms).
// Before, the limit went on down to 1 and stayed there until the unloaded round trip of
// before was a minute old (BenchmarkCapacitySlowsMidway: 0.31 to 0.48 of the ideal in 5 runs
// of 20 against the simulator; in virtual time 0.28 to 0.79 of 16/L in these seeds). What
// is left after a cut of a third or more of the slots is measured against the window that
// made the last cut too.
func TestAdaptiveLimiterSlowerFromAQueue(t *testing.T) {
	const latency = 20 * time.Millisecond
	for _, seed := range []uint64{18, 33, 43, 107, 175} {
		q := newQueueServer(t, 16, latency, seed)
		a := newAdaptiveLimiter(64, q.clock, slog.New(slog.DiscardHandler))
		q.run(a, 4000)
		for i := 0; i < 200 && a.limit() < 22; i++ {
			q.run(a, 8) // on to the top of the swing
		}
		lim := a.limit()
		q.latency = 2 * latency
		took := q.run(a, 4000)
		r := 4000 / took.Seconds() / (16 / q.latency.Seconds())
		t.Logf("seed %d: limit %d when the round trips doubled, %.2f of 16/L after", seed, lim, r)
		if r < 0.8 {
			t.Errorf("seed %d: %.2f of 16/L after the round trips doubled (limit %d then), want at least 0.8", seed, r, lim)
		}
	}
}

// TestAdaptiveLimiterSlowSenior: against a Senior whose requests take 2 s (a slow ERP, or one a
// long way off) the limit finds the capacity as against one of 20 ms: its probes and memories
// count round trips, and a queue must add a third of the unloaded round trip. Before, the
// first probe came at 3 s, in the middle of the first slow start, and ended it at a limit of
// 8: with no capacity limit 0.20-0.50 of 64/L over 3,000 requests, at a capacity of 16
// 0.35-0.85 of C/L (the importer against the simulator: 300 quotes in 2 min 16 s, 13 s with
// 64 fixed workers).
func TestAdaptiveLimiterSlowSenior(t *testing.T) {
	const latency = 2 * time.Second
	for _, tc := range []struct {
		name       string
		capacity   int
		n          int
		minOfBound float64
	}{
		{"no capacity limit", 0, 3000, 0.8},
		{"capacity 16", 16, 1000, 0.85},
		{"capacity 2", 2, 300, 0.9},
	} {
		for seed := uint64(1); seed <= 5; seed++ {
			t.Run(fmt.Sprintf("%s/seed %d", tc.name, seed), func(t *testing.T) {
				bound := 64
				if tc.capacity > 0 {
					bound = tc.capacity
				}
				_, _, rate, p50 := virtualRun(t, tc.capacity, latency, seed, tc.n, bound)
				t.Logf("%.2f of C/L, median latency %.2f L", rate, p50)
				if rate < tc.minOfBound || p50 > 1.5 {
					t.Errorf("%.2f of C/L, median %.2f L; want at least %.2f, at most 1.5 L", rate, p50, tc.minOfBound)
				}
			})
		}
	}
}

func TestAdaptiveLimiter(t *testing.T) {
	const latency = 20 * time.Millisecond
	for _, tc := range []struct {
		name             string
		capacity         int
		n                int
		minLim, maxLim   int
		minOfBound       float64 // throughput as a fraction of capacity/latency
		maxHeldAtMost    int
		boundForCapacity int
		maxP50           float64 // median latency, in L
	}{
		{"capacity 2", 2, 2000, 2, 6, 0.9, 8, 2, 1.5},
		{"capacity 4", 4, 4000, 3, 10, 0.9, 16, 4, 1.5},
		{"capacity 16", 16, 16000, 12, 32, 0.9, 48, 16, 1.5},
		{"capacity 48", 48, 48000, 36, 64, 0.9, 64, 48, 1.5},
		{"no capacity limit", 0, 16000, 64, 64, 0.9, 64, 64, 1.5},
		// Three seconds of work, as BenchmarkCapacity runs: the ramp and the first probe
		// weigh. Over 20 seeds: C = 2 0.84-0.98 of C/L, median 1.16-1.42 L; C = 4 0.88-0.98,
		// 1.13-1.41 L; C = 8 0.93-1.0; C = 16 0.94-0.99; C = 32 0.94-0.97; C = 64 and no
		// limit 0.93-0.96 (the ramp from 4 to 64). Issue 14 asks 0.9, not met in
		// every seed at C = 2 and 4. These bounds fail the limiter before the first probe came
		// right after the first cut (C = 2 held a queued round trip as the unloaded one for
		// three seconds: median 1.77-2.93 L) and the one whose probe halved to 3 slots of 5
		// (C = 2: 0.77-0.94 of C/L).
		{"capacity 2, 3 s", 2, 300, 1, 6, 0.8, 8, 2, 1.5},
		{"capacity 4, 3 s", 4, 600, 2, 10, 0.85, 16, 4, 1.5},
		{"capacity 8, 3 s", 8, 1200, 4, 16, 0.9, 64, 8, 1.5},
		{"capacity 16, 3 s", 16, 2400, 8, 32, 0.9, 48, 16, 1.5},
		{"capacity 32, 3 s", 32, 4800, 16, 64, 0.9, 64, 32, 1.5},
		{"capacity 64, 3 s", 64, 9600, 32, 64, 0.9, 64, 64, 1.5},
		{"no capacity limit, 3 s", 0, 9600, 64, 64, 0.9, 64, 64, 1.5},
	} {
		for seed := uint64(1); seed <= 5; seed++ {
			t.Run(fmt.Sprintf("%s/seed %d", tc.name, seed), func(t *testing.T) {
				q, a, ofBound, p50 := virtualRun(t, tc.capacity, latency, seed, tc.n, tc.boundForCapacity)
				t.Logf("%.2f of %d/L, median latency %.2f L, limit %d at the end, %d held at most", ofBound, tc.boundForCapacity, p50, a.limit(), q.maxHeld)
				if p50 > tc.maxP50 {
					t.Errorf("median latency %.2f L, want at most %.1f L", p50, tc.maxP50)
				}
				if lim := a.limit(); lim < tc.minLim || lim > tc.maxLim {
					t.Errorf("limit %d at the end, want %d to %d", lim, tc.minLim, tc.maxLim)
				}
				if ofBound < tc.minOfBound {
					t.Errorf("%.2f of %d/L, want at least %.2f", ofBound, tc.boundForCapacity, tc.minOfBound)
				}
				if q.maxHeld > tc.maxHeldAtMost {
					t.Errorf("the server held %d requests at once, want at most %d", q.maxHeld, tc.maxHeldAtMost)
				}
			})
		}
	}

	for seed := uint64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprintf("capacity halves midway/seed %d", seed), func(t *testing.T) {
			q := newQueueServer(t, 16, latency, seed)
			a := newAdaptiveLimiter(64, q.clock, slog.New(slog.DiscardHandler))
			q.run(a, 8000)
			if lim := a.limit(); lim < 12 || lim > 32 {
				t.Fatalf("limit %d before the drop, want 12 to 32", lim)
			}
			// The limit follows within seconds: in the second after the first one, requests
			// wait at most half a round trip in the median.
			if p50 := q.afterDrop(a, 8, 400); p50 > 1.5 {
				t.Errorf("median latency %.2f L in the second second after the capacity fell to 8, want at most 1.5 L", p50)
			}
			q.maxHeld, q.rtts = 0, nil
			took := q.run(a, 4000)
			slices.Sort(q.rtts)
			if p50 := float64(q.rtts[len(q.rtts)/2]) / float64(latency); p50 > 1.5 {
				t.Errorf("median latency %.2f L after the drop, want at most 1.5 L", p50)
			}
			if lim := a.limit(); lim < 6 || lim > 16 {
				t.Errorf("limit %d at the end, want 6 to 16", lim)
			}
			if r := 4000 / took.Seconds() / (8 / latency.Seconds()); r < 0.9 {
				t.Errorf("%.2f of 8/L after the drop, want at least 0.9", r)
			}
		})
	}

	// At the ceiling with no queue every window asks to double and gets the same slots: the
	// answers of the requests in flight still count, and a window is one round trip of 64
	// answers, not two (the limiter before this test threw them away).
	t.Run("at the ceiling every answer counts", func(t *testing.T) {
		q := newQueueServer(t, 0, latency, 1)
		var windows windowCounter
		a := newAdaptiveLimiter(64, q.clock, slog.New(&windows))
		q.run(a, 4000)
		if lim := a.limit(); lim != 64 {
			t.Fatalf("limit %d, want the ceiling of 64", lim)
		}
		windows.n = 0
		q.run(a, 6400)
		if want := 6400 / 64 * 9 / 10; windows.n < want {
			t.Errorf("%d windows in 6,400 answers at a limit of 64, want at least %d", windows.n, want)
		}
		// And a queue that builds up there is seen within a few round trips: Senior now takes
		// 16 at once, and in the second after the first, requests wait at most half a round
		// trip in the median.
		if p50 := q.afterDrop(a, 16, 800); p50 > 1.5 {
			t.Errorf("median latency %.2f L in the second second after the capacity fell from none to 16, want at most 1.5 L", p50)
		}
	})

	// A cut is Little's law over the requests that were in flight: at a limit of 4.5 (5 slots),
	// a window whose median of 71 ms holds 25 ms of queue says Senior works on 0.65 of them,
	// 3.25 requests: the limit becomes 3.6, 4 slots. Taken of the limit (4.5 × 0.65 × 1.1 =
	// 3.2) it fell to 3 slots, a quarter of the rate at a capacity of 4.
	t.Run("a cut is a share of the slots in use", func(t *testing.T) {
		now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
		a := newAdaptiveLimiter(64, func() time.Time { return now }, slog.New(slog.DiscardHandler))
		a.quartiles = []stamped{{at: now, v: 0.020}} // unloaded: 20 ms
		a.proven, a.probeAt, a.slowPace = true, now.Add(time.Hour), false
		a.set(4.5)
		for i := range 24 {
			p, err := a.acquire(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			rtt := 45 * time.Millisecond // the window's first quartile (ratio 2.25: cut at once)
			if i >= 7 {
				rtt = 71430 * time.Microsecond // its median: 25 ms of queue is 0.35 of it
			}
			p.release(rtt, answered)
		}
		if got := a.limit(); got != 4 {
			t.Errorf("%d slots after the cut (limit %.2f), want 4 (5 × 0.65 × 1.1 = 3.6)", got, a.lim)
		}
	})

	// Senior slows down without queueing (another load takes its CPU: every request takes
	// twice as long, it still works on 16 at once): the limit must not read the longer round
	// trips as a queue and fall to 1 until the unloaded round trip of before is a minute old
	// (against the simulator: 3.4 times the run's time).
	for seed := uint64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprintf("latency doubles, capacity the same, then back/seed %d", seed), func(t *testing.T) {
			q := newQueueServer(t, 16, latency, seed)
			a := newAdaptiveLimiter(64, q.clock, slog.New(slog.DiscardHandler))
			q.run(a, 8000)
			q.latency = 2 * latency
			q.rtts = nil
			took := q.run(a, 4000) // about 10 s
			r := 4000 / took.Seconds() / (16 / q.latency.Seconds())
			slices.Sort(q.rtts)
			p50 := float64(q.rtts[len(q.rtts)/2]) / float64(q.latency)
			t.Logf("%.2f of 16/L after the latency doubled, median %.2f L, limit %d at the end", r, p50, a.limit())
			// Over 20 seeds 0.84-0.98 (the cuts before it is told from a queue, then a probe
			// every 3 s); 0.12-0.14 before slower.
			if r < 0.8 {
				t.Errorf("%.2f of 16/L after the latency doubled, want at least 0.8 (limit %d at the end)", r, a.limit())
			}
			if p50 > 1.5 {
				t.Errorf("median latency %.2f of the new L, want at most 1.5", p50)
			}
			// And fast again: the unloaded round trip taken while Senior was slow is too long
			// now, a queue of twice the capacity reads as none; the probes after a slowdown
			// come every 3 s, and in the second 5 s the median is back under 1.5 L (over 20
			// seeds 1.14-1.46; 1.91-2.35 with a probe every 30 s).
			q.latency = latency
			q.run(a, 4000)
			q.rtts = nil
			q.run(a, 4000)
			slices.Sort(q.rtts)
			if p50 := float64(q.rtts[len(q.rtts)/2]) / float64(latency); p50 > 1.5 {
				t.Errorf("median latency %.2f L in the second 5 s after the latency came back, want at most 1.5 L", p50)
			}
		})
	}

	// Passing 503s (a load balancer's node restarting) are not a queue: each cuts the limit,
	// and the windows after it, calm, take it back. Before, the limit fell by a quarter with
	// each and grew a tenth a window after: at 2% of 503s it sank to 1 or 2 against a
	// capacity of 16 (against the simulator, 5% of faults made a run 5.7 times as long).
	// A Senior that answers 503 past its capacity, instead of queueing, keeps the limit near
	// it, a few 503s in a hundred requests. A load balancer's node that is down answers 503
	// to a share of the requests whatever the limit: at 10% or more the limit sank to 1 or 2
	// (0.06 to 0.09 of C/L at a capacity of 16, 0.015 of 64/L with none); cuts that cost
	// answers and left the 503s as common are taken back (see shed). Over 20 seeds: 10% 0.53
	// of C/L on average (0.09 before), 15% 0.88, 30% 0.96, 50% 0.95, 30% with none 0.82 of
	// 64/L (0.02).
	for _, tc := range []struct {
		name     string
		capacity int
		rate     float64
		rejects  bool
		min      float64 // of C/L
		maxBusy  float64 // 503s per request worked on
		busyTime time.Duration
	}{
		{"2% passing 503s, capacity 16", 16, 0.02, false, 0.85, 0.03, 0},
		{"5% passing 503s, capacity 16", 16, 0.05, false, 0.8, 0.07, 0},
		{"5% passing 503s, no capacity limit", 0, 0.05, false, 0.8, 0.07, 0},
		{"503 past capacity 16", 16, 0, true, 0.85, 0.1, 0},
		{"503 past capacity 4", 4, 0, true, 0.8, 0.15, 0},
		{"10% passing 503s, capacity 16", 16, 0.1, false, 0.3, 0.13, 0},
		{"15% passing 503s, capacity 16", 16, 0.15, false, 0.8, 0.2, 0},
		{"30% passing 503s, capacity 16", 16, 0.3, false, 0.9, 0.45, 0},
		{"30% passing 503s, no capacity limit", 0, 0.3, false, 0.7, 0.45, 0},
		{"50% passing 503s, capacity 16", 16, 0.5, false, 0.9, 1.05, 0},
		// A gateway's 503 comes back at once: a first window of four answers with none among
		// them ended the check's pause, and the limit sank to 1 anyway, its windows never
		// ending (each 503 began a new one).
		{"30% passing 503s at once, capacity 16", 16, 0.3, false, 0.9, 0.45, 50 * time.Microsecond},
	} {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%s/seed %d", tc.name, seed), func(t *testing.T) {
				q := newQueueServer(t, tc.capacity, latency, seed)
				q.busyRate, q.rejects, q.busyTime = tc.rate, tc.rejects, tc.busyTime
				a := newAdaptiveLimiter(64, q.clock, slog.New(slog.DiscardHandler))
				const n = 8000
				took := q.run(a, n)
				c := tc.capacity
				if c == 0 {
					c = 64
				}
				r := n / took.Seconds() / (float64(c) / latency.Seconds())
				busy := float64(q.busy) / n
				t.Logf("%.2f of %d/L, %.3f 503s per request, limit %d at the end", r, c, busy, a.limit())
				if r < tc.min {
					t.Errorf("%.2f of %d/L, want at least %.2f (limit %d at the end)", r, c, tc.min, a.limit())
				}
				if busy > tc.maxBusy {
					t.Errorf("%.3f 503s per request worked on, want at most %.2f", busy, tc.maxBusy)
				}
			})
		}
	}

	// A Senior that answers nothing but 503s (stopped, or full) stays cut: its answers fell
	// to none, and the check that takes back cuts that cost answers (see shed) leaves it.
	t.Run("only 503s keep the limit cut", func(t *testing.T) {
		q := newQueueServer(t, 0, latency, 1)
		a := newAdaptiveLimiter(64, q.clock, slog.New(slog.DiscardHandler))
		q.run(a, 4000)
		for range 400 {
			p, err := a.acquire(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			q.now = q.now.Add(latency / 8)
			p.release(latency, overloaded)
		}
		if got := a.limit(); got > 2 {
			t.Errorf("limit %d after 400 503s in a row over 1 s, want at most 2", got)
		}
	})

	// One 503 in many answers is a passing fault and leaves the limit; 503s that come in
	// numbers (Senior stopped, or full) cut it at once, by a quarter, within a window's worth.
	t.Run("overloaded answers in numbers cut at once", func(t *testing.T) {
		q := newQueueServer(t, 0, latency, 1)
		a := newAdaptiveLimiter(64, q.clock, slog.New(slog.DiscardHandler))
		q.run(a, 4000)
		before := a.limit()
		n := 0
		for a.limit() == before && n < 64 {
			p, err := a.acquire(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			p.release(latency, overloaded)
			n++
		}
		if n < 2 || n > 12 {
			t.Errorf("the limit moved after %d 503s in a row, want 2 to 12 (a share of 0.15 of the last %d answers)", n, before)
		}
		if after := a.limit(); after != int(float64(before)*0.75) {
			t.Errorf("limit %d after the 503s, want %d (three quarters of %d)", after, int(float64(before)*0.75), before)
		}
	})
}

// TestSlotsEarliestRecordFirst: a freed slot goes to the waiting request of the earliest
// record in the file, then to the one that came first, not to whichever wakes first; a
// waiter whose context ends leaves the queue.
func TestSlotsEarliestRecordFirst(t *testing.T) {
	s := newSlots(1)
	if err := s.take(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	s.mu.Unlock()
	queued := func(n int) {
		t.Helper()
		l := -1
		for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(time.Millisecond) {
			s.mu.Lock()
			l = len(s.queue)
			s.mu.Unlock()
			if l == n {
				return
			}
		}
		t.Fatalf("%d requests waiting, want %d", l, n)
	}
	order := make(chan int, 8)
	gone, leave := context.WithCancel(context.Background())
	left := make(chan error, 1)
	places := []int64{5, 3, 0, 3, 1, 7} // the third one's context ends
	for i, place := range places {
		ctx := context.Background()
		if i == 2 {
			ctx = gone
		}
		go func() {
			err := s.take(ctx, place)
			if err == nil {
				s.mu.Unlock()
				order <- i
			}
			if i == 2 {
				left <- err
			}
		}()
		queued(i + 1)
	}
	leave()
	if err := <-left; err == nil {
		t.Fatal("a waiter whose context ended got a slot")
	}
	queued(5)
	var got []int
	for range 5 {
		s.mu.Lock()
		s.give()
		s.mu.Unlock()
		got = append(got, <-order)
	}
	if want := []int{4, 1, 3, 0, 5}; !slices.Equal(got, want) {
		t.Errorf("slots went to %v, want %v", got, want)
	}
}

// BenchmarkAdaptiveLimiterSeeds: TestAdaptiveLimiter's three-second runs (L = 20 ms, ceiling
// 64) over 200 seeds each, in virtual time: the lowest, the 5th percentile and the mean of the
// fraction of C/L reached, and the median and 95th percentile of the runs' median latency in
// L. A few seeds in a hundred lose a second or more: the first slow start's window of eight
// requests reads a first quartile well below the true one by chance, the next windows then
// read as a queue, the limit is cut, and its probe, at half the limit, does not shorten the
// round trips (there was no queue), so it grows back a tenth a window. The tails this
// reports are what a change to the limiter must not lengthen (2026-12-02: C = 64 lowest 0.70,
// 5th percentile 0.94, mean 0.95; 2026-12-03, at --workers 16 with no capacity limit, as
// BenchmarkCapacity's C=none/auto16: lowest 0.83, 5th percentile 0.96, mean 0.973 of 16/L).
// The rows named workers run --workers a little over the capacity, a ceiling under 16
// (2026-12-03, before the limiter's changes for them: the 95th percentile of the medians 2.03
// L at C=2/workers4, 1.69 L at C=3/workers5 and 1.68 L at C=5/workers10; C=4/workers6 5th
// percentile 0.88 of C/L). The rows named L=5ms run requests of 2.5 to 7.5 ms (before the
// limiter's slack scaled to them: the median of the runs' medians 1.60 L at C=4/L=5ms, 1.76 L
// at C=16/L=5ms).
func BenchmarkAdaptiveLimiterSeeds(b *testing.B) {
	const latency = 20 * time.Millisecond
	for _, c := range []struct {
		name                     string
		capacity, ceiling, bound int
		latency                  time.Duration // L (20 ms when 0)
	}{
		{"C=2", 2, 64, 2, 0}, {"C=3", 3, 64, 3, 0}, {"C=4", 4, 64, 4, 0}, {"C=5", 5, 64, 5, 0}, {"C=6", 6, 64, 6, 0}, {"C=8", 8, 64, 8, 0}, {"C=16", 16, 64, 16, 0}, {"C=32", 32, 64, 32, 0},
		{"C=64", 64, 64, 64, 0}, {"C=0", 0, 64, 64, 0},
		// BenchmarkCapacity's C=none/auto16: --workers 16, no capacity limit, 16/L.
		{"C=none/workers16", 0, 16, 16, 0},
		// --workers a little over the capacity: a ceiling under 16 (see the limiter's probe).
		{"C=2/workers4", 2, 4, 2, 0}, {"C=3/workers5", 3, 5, 3, 0}, {"C=4/workers6", 4, 6, 4, 0}, {"C=5/workers10", 5, 10, 5, 0},
		// Round trips well under 20 ms (see the limiter's slack).
		{"C=4/L=5ms", 4, 64, 4, 5 * time.Millisecond}, {"C=16/L=5ms", 16, 64, 16, 5 * time.Millisecond},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				var rates, p50s []float64
				for seed := uint64(1); seed <= 200; seed++ {
					_, _, r, p50 := virtualRunUpTo(b, c.ceiling, c.capacity, cmp.Or(c.latency, latency), seed, c.bound*150, c.bound)
					rates, p50s = append(rates, r), append(p50s, p50)
				}
				slices.Sort(rates)
				slices.Sort(p50s)
				mean := 0.0
				for _, r := range rates {
					mean += r / float64(len(rates))
				}
				b.ReportMetric(rates[0], "min_of_C/L")
				b.ReportMetric(rates[len(rates)/20], "p5_of_C/L")
				b.ReportMetric(mean, "mean_of_C/L")
				b.ReportMetric(p50s[len(p50s)/2], "p50/L")
				b.ReportMetric(p50s[len(p50s)*95/100], "p95_of_p50/L")
			}
		})
	}
}

// BenchmarkAdaptiveLimiterSweep counts the three-second runs (200 seeds each, in virtual time)
// that miss the goal, under 0.9 of C/L or a median over 1.5 L: workers, at C = 2, 3, 4, 5, 6
// and 8 and every --workers from C + 1 to 3C (56 pairs; on 2026-12-03, 824 of 11,200 runs
// before the limiter's changes for a ceiling under 16, the worst pair 98 of 200; 376 after,
// 17); L=2ms to L=20ms, at C = 2, 3, 4, 8 and 16 with a ceiling of 64 (1,000 runs each;
// before the slack scaled down for short round trips, 1,000, 845 and 145 misses at 2, 5 and
// 10 ms; after, 148, 49 and 49; 31 at 20 ms, before and after). The heldout/ rows run the same
// on seeds 201 to 400, which no change to the limiter was tuned on (on the fourth sitting of
// 2026-12-03: workers 348, L=20ms 52, against 350 and 31 on seeds 1 to 200; since the fast mean
// at a few slots, see the limiter's fewSlots, and a probe that halves again below a queued
// start, 196 and 26 against 188 and 16).
func BenchmarkAdaptiveLimiterSweep(b *testing.B) {
	type pair struct {
		capacity, ceiling int
		latency           time.Duration
		trips             int // round trips of work: 150, three seconds at 20 ms
	}
	var workers []pair
	for _, c := range []int{2, 3, 4, 5, 6, 8} {
		for w := c + 1; w <= 3*c; w++ {
			workers = append(workers, pair{c, w, 20 * time.Millisecond, 150})
		}
	}
	short := func(l time.Duration, trips int, cs ...int) []pair {
		var ps []pair
		for _, c := range cs {
			ps = append(ps, pair{c, 64, l, trips})
		}
		return ps
	}
	few := []int{2, 3, 4, 8, 16}
	// At 40 ms, three seconds are 75 round trips: what the slow start and a probe cost counts
	// twice what it does at 20 ms (L=40ms/3s, with the capacities the issue names).
	sets := []struct {
		name  string
		pairs []pair
	}{
		{"workers", workers}, {"L=2ms", short(2*time.Millisecond, 150, few...)}, {"L=5ms", short(5*time.Millisecond, 150, few...)},
		{"L=10ms", short(10*time.Millisecond, 150, few...)}, {"L=20ms", short(20*time.Millisecond, 150, few...)},
		{"L=40ms", short(40*time.Millisecond, 150, few...)},
		{"L=40ms/3s", short(40*time.Millisecond, 75, 2, 3, 4, 6, 8, 16, 24, 32, 64)},
	}
	// Seeds 1 to 200 are the ones the limiter was tuned on; 201 to 400 (heldout/) never were.
	for _, seeds := range []struct {
		prefix string
		first  uint64
	}{{"", 1}, {"heldout/", 201}} {
		for _, s := range sets {
			b.Run(seeds.prefix+s.name, func(b *testing.B) {
				for range b.N {
					misses, worst := 0, 0
					for _, p := range s.pairs {
						n := 0
						for seed := seeds.first; seed < seeds.first+200; seed++ {
							_, _, r, p50 := virtualRunUpTo(b, p.ceiling, p.capacity, p.latency, seed, p.capacity*p.trips, p.capacity)
							if r < 0.9 || p50 > 1.5 {
								n++
							}
						}
						misses, worst = misses+n, max(worst, n)
					}
					b.ReportMetric(float64(misses), "misses")
					b.ReportMetric(float64(len(s.pairs)*200), "runs")
					b.ReportMetric(float64(worst), "worst_pair_misses")
				}
			})
		}
	}
}

// TestAdaptiveLimiterLittleVeto: at a capacity of 4 and round trips of 40 ms (20 to 60), the
// unloaded quartile read low by chance (23 to 25 ms where it is 30), and windows at 3 and 4
// slots, no queue by Little's law (their fast mean no longer than the probe's at 2), read as
// queued against it: the limit was cut to 2 and 3 slots. Three seconds of work, four seeds
// where it did: 0.69, 0.77, 0.84 and 0.70 of C/L; 0.89, 0.82, 0.91 and 0.92 since.
func TestAdaptiveLimiterLittleVeto(t *testing.T) {
	cases := []capacitySeed{{4, 28}, {4, 41}, {4, 91}, {4, 156}}
	if mean := runSeeds(t, 64, 40*time.Millisecond, 75, cases, ofCL(0.8), medianAtMost(1.5)); mean < 0.86 {
		t.Errorf("%.3f of C/L on average; want 0.86 at least", mean)
	}
}

// TestAdaptiveLimiterFirstWindowVeto: with round trips of 40 ms (20 to 60) and no queue below
// 24 or 64 slots, the first window's quartile read 21 to 24 ms where it is 30, and the whole
// windows at 8 or 16 slots that followed a small one's hint read 1.3 to 1.6 over it, twice
// running: the limit was cut, a probe at 3 slots found nothing shorter, and the first slow start
// began again. Their fast mean was no longer than the first window's (see fewSlots). Three
// seconds of work: 0.73 to 0.80 of C/L in these seeds before, 0.91 to 0.93 since.
func TestAdaptiveLimiterFirstWindowVeto(t *testing.T) {
	cases := []capacitySeed{{24, 24}, {24, 103}, {24, 180}, {64, 24}, {64, 103}, {64, 147}}
	runSeeds(t, 64, 40*time.Millisecond, 75, cases, ofCL(0.9), medianAtMost(1.5))
}

// TestAdaptiveLimiterUpCheck: at 40 ms and a capacity of 64, the first window's quartile read
// low by chance, and whole windows at 8 or 16 slots read 1.3 to 1.6 over it with no queue (their
// fast mean more than queueTolerate over the first window's, so no veto); two of them cut the
// limit, which came back after a probe at 3 slots or a tenth a window: 0.72 to 0.87 of C/L over
// three seconds in these seeds. A window at half as many slots again, whose fast mean stayed
// where the checked one's was, now tells no queue (see upCheckable): 0.88 to 0.92.
func TestAdaptiveLimiterUpCheck(t *testing.T) {
	cases := []capacitySeed{{64, 46}, {64, 53}, {64, 70}, {64, 71}, {64, 91}, {64, 112}}
	runSeeds(t, 64, 40*time.Millisecond, 75, cases, ofCL(0.87), medianAtMost(1.5))
}
