package pipeline

import (
	"seniorimporter/outcome"
	"seniorimporter/soap"
	"seniorimporter/templates"
)

// SourceRow is one input row as the user sees it: where it is and what its cells said.
type SourceRow struct {
	File    string
	Sheet   string
	Line    int
	Header  []string         // the sheet's header cells, as written
	Cells   []outcome.Cell   // the row's cells as written (for reports and re-import files)
	Amounts []outcome.Amount // the row's money cells, for the summary's reconciliation
}

// Record is one record assembled from one or more input rows (a quote and its items, an
// account and its responsibles) and checked against the catalogue. It is either ready for
// the wire (Wire set, Problems empty) or invalid (Problems lists every problem found, for every
// row involved, all at once).
type Record struct {
	Port *templates.Port
	// Rows are the input rows the record came from, in file order; Rows[0] is the record's own.
	Rows []SourceRow
	// Key is the record key as shown in reports ("1/1234/1").
	Key string
	// Wire holds the normalised values in Senior's exact text; nil when invalid.
	Wire *soap.Record
	// Problems are keyed by the index in Rows of the row at fault; a problem of the record as a
	// whole (a missing key, a set whose parent is absent) is reported on every row it involves.
	Problems map[int][]outcome.Problem
	// SetRows are the rows each set read from its own sheet or file gave the record (see
	// checkSetRows), for its re-import file.
	SetRows []outcome.SetRows
	// keyWhole: every key field has a valid value (Key names the record, invalid or not).
	keyWhole bool
}

// Invalid reports whether the record failed a check.
func (r *Record) Invalid() bool { return len(r.Problems) > 0 }
