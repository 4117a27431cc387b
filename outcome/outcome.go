package outcome

import "encoding/json"

// Kind is what became of an input row (DESIGN.md "Outcomes").
type Kind string

// The outcomes, one per input row.
const (
	OK       Kind = "ok"       // Senior accepted the record
	Rejected Kind = "rejected" // Senior answered with a business error; never retried
	Invalid  Kind = "invalid"  // failed a check before sending
	Failed   Kind = "failed"   // transport errors outlasted the retries
	Unknown  Kind = "unknown"  // may have landed; a read-back could not settle it
	NotSent  Kind = "not_sent" // the run stopped before this record went out
	Queued   Kind = "queued"   // accepted by an asynchronous or scheduled endpoint
	Valid    Kind = "valid"    // validate only: passed every check
	Skipped  Kind = "skipped"  // already in Senior with the same values
)

// Kinds lists every outcome in the order summaries show them: successes first.
var Kinds = []Kind{OK, Queued, Valid, Skipped, Rejected, Invalid, Failed, Unknown, NotSent}

// Success reports whether the row needs nothing more from the user.
func (k Kind) Success() bool {
	switch k {
	case OK, Queued, Valid, Skipped:
		return true
	}
	return false
}

// Problem is one reason a row is invalid: the field, the column and cell as the user sees
// them, the value as written, and the reason in the run's language.
type Problem struct {
	Field  string `json:"field"`
	Column string `json:"column"`
	Cell   string `json:"cell,omitempty"` // the cell reference ("F3") where one is known
	Value  string `json:"value"`
	Reason string `json:"reason"`
	// AsText: the value came from a number cell and the reason asks for it to be typed again
	// as text (leading zeros dropped, digits past the 15th lost): the re-import file formats
	// the cell as text, so that the value typed into it stays text.
	AsText bool `json:"-"`
}

// Line is what happened to one input row: one line of every report.
type Line struct {
	File      string    `json:"file"`
	Sheet     string    `json:"sheet"`
	Row       int       `json:"row"`
	Key       string    `json:"key"`
	Port      string    `json:"port"`
	Outcome   Kind      `json:"outcome"`
	Code      string    `json:"code"`
	Message   string    `json:"message"`
	Problems  []Problem `json:"problems,omitempty"`
	ID        string    `json:"id"`
	Attempts  int       `json:"attempts"`
	LatencyMS int64     `json:"latency_ms"`
	// Answer is Senior's whole answer for read ports (JSONL only), as nested maps and lists.
	Answer any `json:"answer,omitempty"`

	// Header and Cells are the row's original columns (CSV and XLSX reports and re-import
	// files put them first). Not in JSONL.
	Header []string `json:"-"`
	Cells  []Cell   `json:"-"`

	// Sent is true when the row's record went out to Senior (its request was written): the
	// summary's rows_sent and the reconciliation's sums sent count it. Not in reports.
	Sent bool `json:"-"`
	// Amounts are the row's money cells, for the summary's reconciliation. Not in reports.
	Amounts []Amount `json:"-"`
	// SetRows, on a record's own row, are how many rows each of its sets read from their own
	// sheet or file gave it (an item sheet's rows of this quote). A re-import file writes them
	// in its SetRowsColumn, so that the record coming back without those rows (its workbook
	// saved as CSV: only the sheet on screen) is refused, not sent bare. Not in reports.
	SetRows []SetRows `json:"-"`
}

// SetRows is how many rows of a set, read from the set's own sheet or file, a record had.
type SetRows struct {
	Set  string // the set's name as the catalogue spells it ("itens")
	Rows int
}

// Amount is one money cell of a row, for the reconciliation: the column as the user named it,
// the field it fills, and its value as an exact decimal with a point ("1234.56", "-0.5"), or
// "" when the cell held no number (it is counted as unreadable, not summed).
type Amount struct {
	Column string
	Field  string
	Value  string
	// Repeated: a record's own money cell on a later row of the record (its children's rows
	// repeat its columns). Not in the sums read, sent or accepted (a record counts once), but
	// in the sum by row, which a SUM under the column in the sheet adds (TotalCheck.PerRow).
	Repeated bool
	// Cell is the cell's reference ("I6") and Row its row, to name it when a totals row of
	// the sheet leaves it out (TotalCheck.TextCells, TotalCheck.HiddenRows).
	Cell string
	Row  int
	// Text: a workbook's cell holding the number as text (typed with a leading apostrophe,
	// pasted, "R$ 1.234,56"): the sheet's SUM or SUBTOTAL leaves it out, the importer reads it.
	Text bool
	// Hidden: its row was hidden in the sheet (a filter, or by hand): a SUBTOTAL leaves it
	// out, the importer reads it.
	Hidden bool
}

// CellKind is what kind of cell an original cell was in its file.
type CellKind uint8

// Cell kinds. A CSV cell is always text.
const (
	CellText CellKind = iota
	CellNumber
	CellDate
	CellBool
)

// Cell is one original cell of a row, so that a report or a re-import file can write it back
// as the user had it: its text as the user saw it, and for spreadsheet cells its kind, its
// value and its number format.
type Cell struct {
	// Text is the cell as the user saw it: numbers in the run's locale without grouping (a
	// re-import reads them back the same), dates DD/MM/YYYY; for text cells, the text.
	Text string   `json:"t,omitempty"`
	Kind CellKind `json:"k,omitempty"`
	// Value is a number cell's stored number ("0.05", as Excel shows it: 15 significant
	// digits), a date cell's date ("2026-12-31" or "2026-12-31T08:30:00"), a bool "TRUE" or
	// "FALSE"; "" for text.
	Value string `json:"v,omitempty"`
	// Format is the original cell's number format code ("0.00%", "dd/mm/yyyy"), "" for CSV.
	Format string `json:"f,omitempty"`
}

// full is a Line with its original columns, as the journal keeps it: enough to write any
// report of the run again.
type full struct {
	*Line
	Header []string `json:"header,omitempty"`
	Cells  []Cell   `json:"cells,omitempty"`
}

// MarshalFull encodes the line with its original cells, which the report's JSON leaves out,
// and its sheet's header when header is true (a journal keeps it once per sheet).
func (l *Line) MarshalFull(header bool) ([]byte, error) {
	f := full{Line: l, Cells: l.Cells}
	if header {
		f.Header = l.Header
	}
	return json.Marshal(f)
}

// UnmarshalFull decodes what MarshalFull wrote (or a JSONL report line, which has no original
// columns).
func UnmarshalFull(b []byte) (*Line, error) {
	f := full{Line: &Line{}}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	f.Line.Header, f.Line.Cells = f.Header, f.Cells
	return f.Line, nil
}
