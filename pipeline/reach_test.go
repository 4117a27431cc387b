package pipeline

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/failsafe-go/failsafe-go/circuitbreaker"

	"seniorimporter/outcome"
	"seniorimporter/soap"
)

// TestOutageNotEndedByAnOldAnswer: Senior stops answering with requests in flight; one of them
// answers after the breaker opened. The log said "o Senior voltou a responder" (down_for=0s)
// three milliseconds after "o Senior não responde", then "não responde" again ten seconds on
// (the log tester, stopping the simulator under a 50,000-row run). An answer to a request that
// left before the outage began ends nothing; one that left since does, and says how long.
func TestOutageNotEndedByAnOldAnswer(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	now := t0
	var log strings.Builder
	s := &sender{
		log: slog.New(slog.NewTextHandler(&log, nil)), lang: outcome.EN, now: func() time.Time { return now },
		giveUpAfter: 5 * time.Minute, timeout: time.Minute,
		breaker: circuitbreaker.NewBuilder[any]().WithFailureThreshold(10).WithSuccessThreshold(1).WithDelay(2 * time.Second).Build(),
	}
	refused := &soap.TransientError{Kind: soap.Connection, Err: errors.New("connect: connection refused")}
	old := t0 // a request leaves; Senior goes
	now = t0.Add(time.Second)
	for range 10 {
		s.noteReach(refused, now)
	}
	now = now.Add(3 * time.Millisecond)
	s.noteReach(nil, old) // the old request's answer
	now = t0.Add(5 * time.Second)
	s.noteReach(nil, t0.Add(4*time.Second)) // a request that left since: Senior is back
	got := logLines(&log)
	if len(got) != 2 || !strings.HasPrefix(got[0], `"`+outcome.EN.LogUnreachable()+`"`) || got[1] != `"`+outcome.EN.LogReachableAgain()+`" down_for=4s` {
		t.Errorf("log: %q", got)
	}
}

// TestFaultStormSaid: Senior failing a part of the requests (a 503 in three, the simulator's
// http503=0.3) went unsaid for the 1m37s it lasted: "andamento" lines at limit=1 and a count
// at the end. The log says it once it fills a window, again every ten minutes while it lasts,
// and once when a window passes without it; a fault now and then, and the failed connections
// of an outage the breaker tells of, are no storm.
func TestFaultStormSaid(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	now := t0
	var log strings.Builder
	s := &sender{
		log: slog.New(slog.NewTextHandler(&log, nil)), lang: outcome.EN, now: func() time.Time { return now },
		lim: newFixedLimiter(4),
	}
	busy := &soap.TransientError{Kind: soap.HTTP, Status: 503, Err: errors.New("HTTP 503")}
	reset := &soap.TransientError{Kind: soap.Connection, Err: errors.New("connection reset by peer")}
	// window sends n requests over a window's time, one in every of them failing with err.
	window := func(n, every int, err error) {
		for i := range n {
			now = now.Add(stormWindow / time.Duration(n))
			var e error
			if every > 0 && i%every == 0 {
				e = err
			}
			s.noteFault(e, true)
		}
	}
	lines := func() []string { return logLines(&log) }
	// Each window is closed by the next one's first request.
	window(400, 100, busy) // 4 faults in 400: no storm
	window(400, 0, nil)
	window(400, 4, busy) // one in four
	if got := lines(); len(got) != 0 {
		t.Fatalf("a fault now and then was said: %q", got)
	}
	window(400, 4, busy)
	got := lines()
	if len(got) != 1 || got[0] != `"`+outcome.EN.LogFaultStorm()+`" faults=100 requests=400 window=10s kinds.http_503=100 limit=4` {
		t.Fatalf("the storm's beginning: %q", got)
	}
	for range 59 { // ten minutes of it, resets among the 503s
		window(200, 4, busy)
		window(200, 5, reset)
	}
	got = lines()
	if len(got) != 1 || !strings.HasPrefix(got[0], `"`+outcome.EN.LogFaultStormGoesOn()+`"`) || !strings.Contains(got[0], "since=2026-12-02T03:00:20.") {
		t.Fatalf("ten minutes on: %q", got)
	}
	window(400, 0, nil)
	window(400, 0, nil)
	got = lines()
	if len(got) != 1 || !strings.HasPrefix(got[0], `"`+outcome.EN.LogFaultStormOver()+`" lasted=20m0s faults=`) {
		t.Fatalf("the storm's end: %q", got)
	}
	// Refusals the breaker has told of as an outage are its to say, not a storm.
	s.saidDown = now
	window(50, 1, reset)
	window(50, 1, reset)
	window(50, 1, reset)
	if got := lines(); len(got) != 0 {
		t.Fatalf("an outage told of was said a storm too: %q", got)
	}
	// A request the breaker refused before it went counts in no window.
	s.saidDown = time.Time{}
	s.storm = storm{}
	for range 100 {
		now = now.Add(time.Second)
		s.noteFault(&errBreakerOpen{wait: time.Second}, false)
	}
	if s.storm.requests != 0 {
		t.Fatalf("requests that never went counted: %d", s.storm.requests)
	}
}

// logLines is what each line of a text log says from its message on, and empties the log.
func logLines(log *strings.Builder) []string {
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		if l != "" {
			_, msg, _ := strings.Cut(l, "msg=")
			got = append(got, msg)
		}
	}
	log.Reset()
	return got
}
