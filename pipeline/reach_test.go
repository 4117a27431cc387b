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
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		_, msg, _ := strings.Cut(l, "msg=")
		got = append(got, msg)
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], `"`+outcome.EN.LogUnreachable()+`"`) || got[1] != `"`+outcome.EN.LogReachableAgain()+`" down_for=4s` {
		t.Errorf("log:\n%s", log.String())
	}
}
