package pipeline

import (
	"context"
	"slices"
	"sync"
	"time"
)

// A limiter bounds the requests in flight. acquire blocks until the request may go; the
// permit's done reports how it went, which an adaptive limiter learns from.
type limiter interface {
	acquire(ctx context.Context) (*permit, error)
	limit() int
	inFlight() int
}

// signal is what a finished request tells the limiter.
type signal int

const (
	answered   signal = iota // an answer came back: its round trip is a sample
	overloaded               // 503/429, Retry-After or a timeout: Senior has too much
	dropped                  // says nothing of Senior's load (interrupted, refused to connect)
)

// permit is one request's slot.
type permit struct {
	release func(rtt time.Duration, s signal)
	start   time.Time
}

// done gives the slot back.
func (p *permit) done(s signal) { p.release(time.Since(p.start), s) }

// slots is a semaphore whose size can change while requests wait.
type slots struct {
	mu       sync.Mutex
	cond     *sync.Cond
	size     int
	inflight int
}

func newSlots(n int) *slots {
	s := &slots{size: n}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *slots) used() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inflight
}

// take waits for a free slot (s.mu held on return) or for ctx to end.
func (s *slots) take(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	s.mu.Lock()
	for s.inflight >= s.size {
		if err := ctx.Err(); err != nil {
			s.mu.Unlock()
			return err
		}
		s.cond.Wait()
	}
	s.inflight++
	return nil
}

// fixedLimiter keeps exactly n requests in flight at most (--fixed-workers).
type fixedLimiter struct{ s *slots }

func newFixedLimiter(n int) *fixedLimiter { return &fixedLimiter{s: newSlots(n)} }

func (f *fixedLimiter) limit() int    { return f.s.size }
func (f *fixedLimiter) inFlight() int { return f.s.used() }

func (f *fixedLimiter) acquire(ctx context.Context) (*permit, error) {
	if err := f.s.take(ctx); err != nil {
		return nil, err
	}
	f.s.mu.Unlock()
	return &permit{start: time.Now(), release: func(time.Duration, signal) {
		f.s.mu.Lock()
		f.s.inflight--
		f.s.cond.Signal()
		f.s.mu.Unlock()
	}}, nil
}

// adaptiveLimiter finds how many requests Senior takes at once, up to a ceiling. Senior
// works on a fixed number of requests and queues the rest, so past its capacity more
// requests in flight only wait longer: a request's round trip grows with the queue while
// throughput stays flat. The limiter compares the mean round trip of a window of requests
// with the unloaded one (the lowest window mean of the last ten seconds) and sets the limit
// where the queue is small: the limit × unloaded / measured, plus a tenth (Netflix's
// gradient limit, with TCP's slow start to find a large capacity in a few round trips).
// 503 and 429 answers, Retry-After and timeouts cut it at once.
//
// failsafe-go's adaptivelimiter was tried first: it moves the limit by about log10(limit) per
// sampling window of at least a second, so finding a capacity of 64 from 20 takes half a
// minute of a migration flooding or starving Senior; this one finds it in a few round trips.
type adaptiveLimiter struct {
	s        *slots // s.mu guards everything below
	lim      float64
	ceiling  float64
	gen      int  // bumped on every change: samples of older permits do not count
	slowPace bool // still in slow start: multiply while no queue shows
	samples  []time.Duration
	full     bool // some request of this window found every slot taken
	history  []windowMean
	now      func() time.Time
}

type windowMean struct {
	at   time.Time
	mean time.Duration
}

const (
	baselineAge   = 10 * time.Second // how long an unloaded measurement is remembered
	minWindow     = 24               // samples a decision needs at least
	queueTolerate = 1.15             // mean/unloaded below this: no queue worth the name
	queueAct      = 1.3              // mean/unloaded above this: cut the limit
)

func newAdaptiveLimiter(ceiling int, now func() time.Time) *adaptiveLimiter {
	start := min(ceiling, 4)
	return &adaptiveLimiter{s: newSlots(start), lim: float64(start), ceiling: float64(ceiling), slowPace: true, now: now}
}

func (a *adaptiveLimiter) inFlight() int { return a.s.used() }

func (a *adaptiveLimiter) limit() int {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	return a.s.size
}

func (a *adaptiveLimiter) acquire(ctx context.Context) (*permit, error) {
	if err := a.s.take(ctx); err != nil {
		return nil, err
	}
	gen := a.gen
	if a.s.inflight >= a.s.size {
		a.full = true // the limit, not the supply of work, held this window back
	}
	a.s.mu.Unlock()
	return &permit{start: time.Now(), release: func(rtt time.Duration, s signal) { a.record(gen, rtt, s) }}, nil
}

func (a *adaptiveLimiter) record(gen int, rtt time.Duration, s signal) {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	a.s.inflight--
	defer a.s.cond.Broadcast()
	if gen != a.gen {
		return // sent under another limit
	}
	switch s {
	case overloaded:
		a.set(a.lim * 0.75)
		a.slowPace = false
		return
	case dropped:
		return
	}
	a.samples = append(a.samples, rtt)
	if len(a.samples) < max(minWindow, a.s.size) {
		return
	}
	var sum time.Duration
	for _, d := range a.samples {
		sum += d
	}
	mean := sum / time.Duration(len(a.samples))
	now := a.now()
	a.history = slices.DeleteFunc(a.history, func(w windowMean) bool { return now.Sub(w.at) > baselineAge })
	a.history = append(a.history, windowMean{now, mean})
	unloaded := mean
	for _, w := range a.history {
		unloaded = min(unloaded, w.mean)
	}
	ratio := float64(mean) / float64(unloaded)
	switch {
	case ratio > queueAct:
		a.slowPace = false
		a.set(a.lim/ratio*1.1 + 0.5)
	case ratio < queueTolerate && a.full && a.slowPace:
		a.set(a.lim * 2)
	case ratio < queueTolerate && a.full:
		a.set(a.lim + max(1, a.lim/10))
	case ratio >= queueTolerate:
		a.slowPace = false
		a.newWindow()
	default:
		a.newWindow() // the limit did not hold anything back: no reason to raise it
	}
}

// set moves the limit (within 1 and the ceiling) and starts a new window.
func (a *adaptiveLimiter) set(lim float64) {
	a.lim = min(max(lim, 1), a.ceiling)
	a.s.size = int(a.lim)
	a.gen++
	a.newWindow()
}

func (a *adaptiveLimiter) newWindow() {
	a.samples = a.samples[:0]
	a.full = false
}
