package writers

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"time"
)

// Cause is a frequent reason rows did not succeed.
type Cause struct {
	Message string `json:"message"`
	Count   int    `json:"count"`
}

// Summary is the end of a run (DESIGN.md: printed, and --summary PATH as JSON).
type Summary struct {
	Started    time.Time      `json:"started"`
	Finished   time.Time      `json:"finished"`
	DurationMS int64          `json:"duration_ms"`
	Rows       int            `json:"rows"`
	Records    int            `json:"records"`
	Outcomes   map[string]int `json:"outcomes"`
	Causes     []Cause        `json:"causes"`
	RowsPerS   float64        `json:"rows_per_s"`
	ExitCode   int            `json:"exit_code"`
}

// Tally counts outcomes and causes; safe for concurrent use.
type Tally struct {
	mu       sync.Mutex
	started  time.Time
	rows     int
	records  int
	outcomes map[string]int
	causes   map[string]int
}

// NewTally starts counting.
func NewTally(started time.Time) *Tally {
	return &Tally{started: started, outcomes: map[string]int{}, causes: map[string]int{}}
}

// Add counts one row. Causes group the rows that did not succeed: an invalid row counts
// once per problem, as "column: reason" (the value and cell left out so that equal reasons
// group); other rows by their message.
func (t *Tally) Add(o *Outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows++
	t.outcomes[o.Outcome]++
	if Success(o.Outcome) {
		return
	}
	if len(o.Problems) > 0 {
		for _, p := range o.Problems {
			c := p.Reason
			if p.Column != "" {
				c = p.Column + ": " + c
			}
			t.causes[o.Outcome+": "+c]++
		}
		return
	}
	if o.Message != "" {
		t.causes[o.Outcome+": "+o.Message]++
	} else {
		t.causes[o.Outcome]++
	}
}

// AddRecord counts one record.
func (t *Tally) AddRecord() {
	t.mu.Lock()
	t.records++
	t.mu.Unlock()
}

// Summary returns the counts so far with the top most frequent causes.
func (t *Tally) Summary(finished time.Time, exit, top int) Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := Summary{Started: t.started, Finished: finished, Rows: t.rows, Records: t.records, Outcomes: map[string]int{}, ExitCode: exit}
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
	sort.Slice(s.Causes, func(i, j int) bool {
		if s.Causes[i].Count != s.Causes[j].Count {
			return s.Causes[i].Count > s.Causes[j].Count
		}
		return s.Causes[i].Message < s.Causes[j].Message
	})
	if top > 0 && len(s.Causes) > top {
		s.Causes = s.Causes[:top]
	}
	return s
}

// ExitCode is 0 when every row succeeded (ok, queued, valid, skipped; no rows is success),
// else 1.
func ExitCode(outcomes map[string]int) int {
	for k, v := range outcomes {
		if v > 0 && !Success(k) {
			return 1
		}
	}
	return 0
}

var outcomeOrder = []string{OK, Queued, Valid, Skipped, Rejected, Invalid, Failed, Unknown, NotSent}

var outcomeNamesPT = map[string]string{
	OK: "aceitas", Queued: "enfileiradas", Valid: "válidas", Skipped: "já importadas",
	Rejected: "rejeitadas pelo Senior", Invalid: "inválidas (não enviadas)", Failed: "falharam no envio",
	Unknown: "sem confirmação", NotSent: "não enviadas",
}

var outcomeNamesEN = map[string]string{
	OK: "accepted", Queued: "queued", Valid: "valid", Skipped: "already imported",
	Rejected: "rejected by Senior", Invalid: "invalid (not sent)", Failed: "failed to send",
	Unknown: "unconfirmed", NotSent: "not sent",
}

// Print writes the summary for people: "pt" (default) or "en".
func (s Summary) Print(w io.Writer, lang string) {
	names, rowsL, recL, causesL := outcomeNamesPT, "linhas", "registros", "Causas mais frequentes:"
	inL, rateL := "em", "linhas/s"
	if lang == "en" {
		names, rowsL, recL, causesL, inL, rateL = outcomeNamesEN, "rows", "records", "Most frequent causes:", "in", "rows/s"
	}
	fmt.Fprintf(w, "%d %s, %d %s %s %s (%.0f %s)\n", s.Rows, rowsL, s.Records, recL, inL,
		(time.Duration(s.DurationMS) * time.Millisecond).String(), s.RowsPerS, rateL)
	for _, k := range outcomeOrder {
		if n := s.Outcomes[k]; n > 0 {
			fmt.Fprintf(w, "  %-9s %8d  %s\n", k, n, names[k])
		}
	}
	if len(s.Causes) > 0 {
		fmt.Fprintln(w, causesL)
		for _, c := range s.Causes {
			fmt.Fprintf(w, "  %6d × %s\n", c.Count, c.Message)
		}
	}
}

// WriteJSON writes the summary as JSON to path.
func (s Summary) WriteJSON(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
