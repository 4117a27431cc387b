package simulator

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Tuning is the latency and capacity in force: Config's until Reconfigure or POST /_config
// changes them.
type Tuning struct {
	Latency  time.Duration // mean work time of a request; 0 = none
	Capacity int           // requests worked on at once; 0 = no limit
}

// Update changes the tuning during a run (Reconfigure, POST /_config); nil fields stay as they
// are.
type Update struct {
	Latency  *time.Duration
	Capacity *int
	// ResetMaxInFlight restarts max_in_flight and max_working from the current counts, and
	// first_arrival and last_departure, so that a test or benchmark can measure one phase of a
	// run.
	ResetMaxInFlight bool
}

// gate holds the requests inside the server and lets at most capacity of them be worked on
// at once; the others wait their turn, first come first served, as on an application server
// with a fixed pool of workers. Capacity and latency change during a run: a new capacity
// reaches the waiting requests at once (a lower one holds them until enough work ends; work
// already started is never cut), and the work not yet done goes on at the new latency.
type gate struct {
	mu       sync.Mutex
	capacity int           // 0: no limit
	latency  time.Duration // mean work time
	changed  chan struct{} // closed, then replaced, when the latency changes
	queue    []*turn       // requests waiting for a slot, in arrival order

	inFlight, working       int       // requests inside the server; those of them worked on
	maxInFlight, maxWorking int       // the most at once since the start or the last reset
	first, last             time.Time // the first request's arrival, the last one's departure, since then

	// lead is how much earlier than its work's end a request's timer is set: the timers'
	// mean lateness seen so far (see nextLead). late and ended add up how far past its drawn
	// time each request's work ended, since the start or the last reset.
	lead  time.Duration
	late  time.Duration
	ended int64
	// worked adds up the work time each of those requests was drawn (its share of the
	// latency, at the latency in force while it worked).
	worked time.Duration
}

// maxLead bounds the timers' lead: Go's timers on Linux wake up to a millisecond late, since
// the runtime waits for them in epoll_wait, whose timeout is whole milliseconds
// (golang/go#44343). A request drawn to work 20 ms then worked about 21 on average: 5% more
// than drawn, so that no client, not even a bare loop, could reach C/L. The lead makes up for
// that granularity, never for a machine too loaded to wake the server in time.
const maxLead = 2 * time.Millisecond

// nextLead is the lead after a timer set for a time woke late by over (negative: early): the
// mean lateness, weighed 1/8 towards the newest, kept between 0 and maxLead.
func nextLead(lead, over time.Duration) time.Duration {
	over = min(max(over, 0), maxLead)
	return lead + (over-lead)/8
}

// turn is one waiting request's place in the queue.
type turn struct {
	ready chan struct{} // closed when the request is given its slot
	given bool          // set before ready is closed, under gate.mu
	at    time.Time     // when the slot was given: the work starts then, not when the request wakes
}

func newGate(t Tuning) *gate {
	return &gate{capacity: t.Capacity, latency: t.Latency, changed: make(chan struct{})}
}

func (t Tuning) check() error {
	if t.Latency < 0 {
		return fmt.Errorf("%w: latency %v is negative", ErrConfig, t.Latency)
	}
	if t.Capacity < 0 {
		return fmt.Errorf("%w: capacity %d is negative (0 means no limit)", ErrConfig, t.Capacity)
	}
	return nil
}

// enter counts a request in; leave counts it out.
func (g *gate) enter() {
	g.mu.Lock()
	g.inFlight++
	g.maxInFlight = max(g.maxInFlight, g.inFlight)
	if g.first.IsZero() {
		g.first = time.Now()
	}
	g.mu.Unlock()
}

func (g *gate) leave() {
	g.mu.Lock()
	g.inFlight--
	g.last = time.Now()
	g.mu.Unlock()
}

// acquire waits for a slot, in turn. It returns when the slot was given, or the zero time
// when one was free at once, and false when ctx ended first (the request then holds no slot).
func (g *gate) acquire(ctx context.Context) (given time.Time, ok bool) {
	g.mu.Lock()
	if len(g.queue) == 0 && g.free() {
		g.start()
		g.mu.Unlock()
		return time.Time{}, true
	}
	t := &turn{ready: make(chan struct{})}
	g.queue = append(g.queue, t)
	g.mu.Unlock()
	select {
	case <-t.ready:
		return t.at, true
	case <-ctx.Done():
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.given {
		// The slot came as the client left: pass it on.
		g.working--
		g.admit()
	} else {
		g.queue = slices.DeleteFunc(g.queue, func(q *turn) bool { return q == t })
	}
	return time.Time{}, false
}

// release gives a slot back and lets the next requests in.
func (g *gate) release() {
	g.mu.Lock()
	g.working--
	g.admit()
	g.mu.Unlock()
}

// free, start and admit are called with g.mu held.
func (g *gate) free() bool { return g.capacity == 0 || g.working < g.capacity }

func (g *gate) start() {
	g.working++
	g.maxWorking = max(g.maxWorking, g.working)
}

// admit gives free slots to the waiting requests, first come first.
func (g *gate) admit() {
	for len(g.queue) > 0 && g.free() {
		t := g.queue[0]
		g.queue[0] = nil
		g.queue = g.queue[1:]
		t.given, t.at = true, time.Now()
		g.start()
		close(t.ready)
	}
}

// work waits out a request's work: factor × the latency in force, counted from start. When the
// latency changes meanwhile, the part of the work not yet done goes on at the new latency. It
// returns false when ctx ends first. Its timer is set the lead earlier than the work's end,
// so that the work ends when drawn, on average, not a timer's lateness after.
func (g *gate) work(ctx context.Context, factor float64, start time.Time) bool {
	began := start
	left := factor // work still to do, in units of the latency
	for left > 0 {
		g.mu.Lock()
		lat, changed, lead := g.latency, g.changed, g.lead
		g.mu.Unlock()
		if lat <= 0 {
			return true
		}
		due := start.Add(time.Duration(left * float64(lat)))
		set := time.Until(due) - lead
		if set <= 0 {
			g.done(began, due, time.Now(), 0, false)
			return true
		}
		t := time.NewTimer(set)
		select {
		case <-t.C:
			// The timer's own lateness: how long after the time it was set for the request
			// went on.
			now := time.Now()
			g.done(began, due, now, now.Sub(due)+lead, true)
			return true
		case <-ctx.Done():
			t.Stop()
			return false
		case <-changed:
			t.Stop()
			now := time.Now()
			left -= float64(now.Sub(start)) / float64(lat)
			start = now
		}
	}
	return true
}

// done counts a request's work begun at began and ended at now, drawn to end at due, and,
// when its timer woke (timed), learns from the timer's lateness over.
func (g *gate) done(began, due, now time.Time, over time.Duration, timed bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if timed {
		g.lead = nextLead(g.lead, over)
	}
	g.late += now.Sub(due)
	g.worked += due.Sub(began)
	g.ended++
}

func (g *gate) tuning() Tuning {
	g.mu.Lock()
	defer g.mu.Unlock()
	return Tuning{Latency: g.latency, Capacity: g.capacity}
}

// update applies u whole, or nothing of it when a value is out of range.
func (g *gate) update(u Update) (Tuning, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	next := Tuning{Latency: g.latency, Capacity: g.capacity}
	if u.Latency != nil {
		next.Latency = *u.Latency
	}
	if u.Capacity != nil {
		next.Capacity = *u.Capacity
	}
	if err := next.check(); err != nil {
		return Tuning{Latency: g.latency, Capacity: g.capacity}, err
	}
	if next.Latency != g.latency {
		g.latency = next.Latency
		close(g.changed)
		g.changed = make(chan struct{})
	}
	g.capacity = next.Capacity
	g.admit()
	if u.ResetMaxInFlight {
		g.maxInFlight, g.maxWorking = g.inFlight, g.working
		g.first, g.last = time.Time{}, time.Time{}
		g.late, g.ended, g.worked = 0, 0, 0
	}
	return next, nil
}

// counts sets the requests inside the server and worked on, now and at most, and the span
// they were served in.
func (g *gate) counts(st *Stats) {
	g.mu.Lock()
	defer g.mu.Unlock()
	st.InFlight, st.Working = int64(g.inFlight), int64(g.working)
	st.MaxInFlight, st.MaxWorking = int64(g.maxInFlight), int64(g.maxWorking)
	st.FirstArrival, st.LastDeparture = g.first, g.last
	if g.ended > 0 {
		st.WorkLateMS = (g.late / time.Duration(g.ended)).Seconds() * 1000
		st.WorkMS = (g.worked / time.Duration(g.ended)).Seconds() * 1000
	}
}
