// Package writers turns outcomes (one per input row) into reports: CSV (UTF-8 with BOM and
// ";", for Excel in Portuguese), XLSX (streamed), JSON Lines, the re-import file of rows that
// did not succeed, and the run summary. It knows only outcomes: nothing of Senior or files.
package writers

// Outcome values (DESIGN.md "Outcomes").
const (
	OK       = "ok"
	Rejected = "rejected"
	Invalid  = "invalid"
	Failed   = "failed"
	Unknown  = "unknown"
	NotSent  = "not_sent"
	Queued   = "queued"
	Valid    = "valid"
	Skipped  = "skipped"
)

// Problem is one reason a row is invalid.
type Problem struct {
	Field  string `json:"field"`
	Column string `json:"column"`
	Cell   string `json:"cell,omitempty"` // the cell reference ("F3") where one is known
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// Outcome is what happened to one input row.
type Outcome struct {
	File      string    `json:"file"`
	Sheet     string    `json:"sheet"`
	Row       int       `json:"row"`
	Key       string    `json:"key"`
	Port      string    `json:"port"`
	Outcome   string    `json:"outcome"`
	Code      string    `json:"code"`
	Message   string    `json:"message"`
	Problems  []Problem `json:"problems,omitempty"`
	ID        string    `json:"id"`
	Attempts  int       `json:"attempts"`
	LatencyMS int64     `json:"latency_ms"`
	// Answer is Senior's whole answer for read ports (JSONL only), as nested maps/lists.
	Answer any `json:"answer,omitempty"`

	// Header and Cells are the row's original columns (CSV/XLSX reports and re-import
	// files put them first). Not in JSONL.
	Header []string `json:"-"`
	Cells  []string `json:"-"`
}
