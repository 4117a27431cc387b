// Package readers turns input files (XLSX, CSV) into a stream of rows of typed cells. It knows
// nothing of Senior: no field names, no formats. A cell keeps what the file said (its raw text
// and what kind of cell it was), so numbers and dates are parsed later by package values, never
// by a display format.
package readers

import "context"

// Kind tells what a cell held in the file.
type Kind int

const (
	Empty  Kind = iota // no value
	Text               // a string (shared or inline in XLSX; every CSV cell)
	Number             // a numeric cell: Raw is its stored text ("1234.5599999999999")
	Date               // a numeric cell styled as a date or time: Raw is the serial ("45291.5")
	Bool               // a boolean cell: Raw is "TRUE" or "FALSE"
	Error              // an error cell (#N/A, #DIV/0!, #REF!...) or a formula without cached value
)

// Cell is one cell as read from the file.
type Cell struct {
	Kind Kind
	// Raw is the text as stored: the string, the number's stored digits, the date serial,
	// TRUE/FALSE, or the error code.
	Raw string
	// Date1904 is true when a Date (or Number) cell's serial is in the 1904 date system.
	Date1904 bool
	// Ref is the cell's reference as the user sees it ("C7"), for messages.
	Ref string
}

// Row is one non-empty row of a sheet.
type Row struct {
	// Line is the number the user sees: Excel's row number, or for CSV the line on which the
	// record starts (the header being line 1).
	Line  int
	Cells []Cell
}

// Sheet is one table of a file: an XLSX worksheet, or a whole CSV file.
type Sheet struct {
	Name   string // the worksheet's name; for CSV the file's base name without extension
	Hidden bool
}

// Source is an opened input file. Sheets lists its tables in file order; Rows streams one.
// Close must always be called.
type Source interface {
	Path() string
	Sheets() []Sheet
	// Rows calls fn for every non-empty row of the sheet, in order, until fn returns an error
	// or the context is cancelled. Memory stays bounded whatever the sheet's size.
	Rows(ctx context.Context, sheet string, fn func(Row) error) error
	Close() error
}
