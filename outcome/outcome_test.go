package outcome

import (
	"testing"
	"time"
)

func TestExitCode(t *testing.T) {
	cases := []struct {
		in   map[Kind]int
		want int
	}{
		{map[Kind]int{}, ExitOK},
		{map[Kind]int{OK: 3, Queued: 1, Valid: 2, Skipped: 1}, ExitOK},
		{map[Kind]int{OK: 3, Invalid: 1}, ExitSomeFailed},
		{map[Kind]int{OK: 3, NotSent: 1}, ExitSomeFailed},
		{map[Kind]int{OK: 3, Unknown: 0}, ExitOK},
	}
	for _, c := range cases {
		if got := ExitCode(c.in); got != c.want {
			t.Errorf("%v: %d", c.in, got)
		}
	}
}

func TestEveryKindIsLabelled(t *testing.T) {
	for _, k := range Kinds {
		if PT.Label(k) == "" || EN.Label(k) == "" {
			t.Errorf("%s has no label", k)
		}
	}
}

// Causes group rows that fail for the same reason: an invalid row once per problem, by column
// and reason (not by value), other rows by message.
func TestTallyCauses(t *testing.T) {
	start := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	tl := NewTally(start)
	tl.Add(&Line{Outcome: OK})
	tl.Add(&Line{Outcome: Invalid, Problems: []Problem{{Column: "preUni", Value: "1.2", Reason: "x"}, {Reason: "y"}}})
	tl.Add(&Line{Outcome: Invalid, Problems: []Problem{{Column: "preUni", Value: "9.9", Reason: "x"}}})
	tl.Add(&Line{Outcome: Rejected, Message: "m"})
	tl.Add(&Line{Outcome: Failed})
	s := tl.Summary(start.Add(time.Second), 0)
	want := []Cause{{"invalid: preUni: x", 2}, {"failed", 1}, {"invalid: y", 1}, {"rejected: m", 1}}
	if len(s.Causes) != len(want) {
		t.Fatalf("%+v", s.Causes)
	}
	for i := range want {
		if s.Causes[i] != want[i] {
			t.Fatalf("cause %d: %+v, want %+v", i, s.Causes[i], want[i])
		}
	}
	if s.Rows != 5 || s.ExitCode != ExitSomeFailed || s.Outcomes[Invalid] != 2 {
		t.Fatalf("%+v", s)
	}
}
