package outcome

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Exit codes (DESIGN.md): 0 every row ok, queued, valid or skipped; 1 some rows not; 2 could
// not start or aborted (configuration, unreadable input, refused login); 130 interrupted.
const (
	ExitOK          = 0
	ExitSomeFailed  = 1
	ExitAborted     = 2
	ExitInterrupted = 130
)

// ExitCode is ExitOK when every counted row succeeded (no rows is success), else
// ExitSomeFailed.
func ExitCode(counts map[Kind]int) int {
	for k, n := range counts {
		if n > 0 && !k.Success() {
			return ExitSomeFailed
		}
	}
	return ExitOK
}

// Cause is a frequent reason rows did not succeed.
type Cause struct {
	Message string `json:"message"`
	Count   int    `json:"count"`
}

// Summary is the end of a run (DESIGN.md: printed, and --summary PATH as JSON).
type Summary struct {
	Started    time.Time    `json:"started"`
	Finished   time.Time    `json:"finished"`
	DurationMS int64        `json:"duration_ms"`
	Rows       int          `json:"rows"`
	Records    int          `json:"records"`
	Outcomes   map[Kind]int `json:"outcomes"`
	Causes     []Cause      `json:"causes"`
	RowsPerS   float64      `json:"rows_per_s"`
	ExitCode   int          `json:"exit_code"`
}

// Tally counts rows, records, outcomes and causes; safe for concurrent use.
type Tally struct {
	mu       sync.Mutex
	started  time.Time
	rows     int
	records  int
	outcomes map[Kind]int
	causes   map[string]int
}

// NewTally starts counting.
func NewTally(started time.Time) *Tally {
	return &Tally{started: started, outcomes: map[Kind]int{}, causes: map[string]int{}}
}

// Add counts one row. Causes group the rows that did not succeed: an invalid row counts
// once per problem, as "column: reason" (the value and cell left out so that equal reasons
// group); other rows by their message.
func (t *Tally) Add(l *Line) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows++
	t.outcomes[l.Outcome]++
	if l.Outcome.Success() {
		return
	}
	prefix := string(l.Outcome) + ": "
	if len(l.Problems) > 0 {
		for _, p := range l.Problems {
			c := p.Reason
			if p.Column != "" {
				c = p.Column + ": " + c
			}
			t.causes[prefix+c]++
		}
		return
	}
	if l.Message != "" {
		t.causes[prefix+l.Message]++
	} else {
		t.causes[string(l.Outcome)]++
	}
}

// AddRecord counts one record.
func (t *Tally) AddRecord() {
	t.mu.Lock()
	t.records++
	t.mu.Unlock()
}

// Summary returns the counts so far with the top most frequent causes (all when top ≤ 0).
func (t *Tally) Summary(finished time.Time, top int) Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := Summary{Started: t.started, Finished: finished, Rows: t.rows, Records: t.records, Outcomes: map[Kind]int{}}
	for k, v := range t.outcomes {
		s.Outcomes[k] = v
	}
	d := finished.Sub(t.started)
	s.DurationMS = d.Milliseconds()
	if d > 0 {
		s.RowsPerS = float64(t.rows) / d.Seconds()
	}
	for m, n := range t.causes {
		s.Causes = append(s.Causes, Cause{Message: m, Count: n})
	}
	slices.SortFunc(s.Causes, func(a, b Cause) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Message, b.Message)
	})
	if top > 0 && len(s.Causes) > top {
		s.Causes = s.Causes[:top]
	}
	s.ExitCode = ExitCode(s.Outcomes)
	return s
}
