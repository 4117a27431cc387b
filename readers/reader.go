// Package readers turns input files (XLSX, CSV) into a stream of rows of typed cells. It knows
// nothing of Senior: no field names, no formats. A cell keeps what the file said (its raw text
// and what kind of cell it was), so numbers and dates are parsed later by package values, never
// by a display format.
//
// Hostile or damaged files are bounded, never trusted: a row that cannot be read as written
// comes out with a *RowError (Row.Err) and reading goes on, so every input line is accounted
// for; a file that cannot be read safely at all (a zip bomb, a workbook without sheets, a
// text file named .xlsx) is refused with a *FileError. Memory stays bounded whatever the
// input (see the caps in csv.go and xlsx.go).
package readers

import (
	"context"
	"os"
)

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
	// Percent is true for a Number cell whose number format shows a percentage (built-in
	// formats 9 and 10, or a code with % outside quotes and escapes): Raw holds the fraction
	// (0.05 for 5%).
	Percent bool
	// Format is the cell's number format code ("General", "0.00%", "dd/mm/yyyy",
	// "#,##0.00" ...), to write the cell back as it was; "" for CSV. Built-in formats whose
	// code depends on the locale are given as Excel in Portuguese (Brazil) shows them (14 is
	// "dd/mm/yyyy").
	Format string
	// Formula is the cell's formula without "=" when it has one; for a shared formula, the
	// text is on its first cell only (the others hold "").
	Formula string
}

// Row is one non-empty row of a sheet, or one row that could not be read as written.
type Row struct {
	// Line is the number the user sees: Excel's row number, or for CSV the line on which the
	// record starts (the header being line 1).
	Line  int
	Cells []Cell
	// Hidden is true for an XLSX row hidden in the sheet (<row hidden="1">).
	Hidden bool
	// Err is set when the row could not be read as written; Cells then hold what could be
	// read (nil when nothing could: a line too long, too many columns).
	Err *RowError
	// PaddedBlock is true, in a CSV file, for a row that ends in an empty field as the row
	// before it or the one after it (rows with nothing in them aside) does, with as many
	// fields. Excel writes a sheet's empty trailing fields (a ; at each line's end) for blocks
	// of rows at a time, those whose block holds something in that column: its rows differ
	// in width block by block, and a row of more fields than the header, empty past it, is
	// one of a block, not alone as a row whose fields a delimiter shifted.
	PaddedBlock bool
	// Trailer is true, in a CSV file, for a line of one field (no delimiter) among the last
	// lines of the file, under rows of more than one field (the header and one row at
	// least), with nothing after it but such lines: perhaps a note an export writes under its
	// table ("Total de registros: 1234", "Gerado em 01/12/2026"). In a worksheet, likewise
	// for a row whose one value is in its first column ("Fonte: planilha do comercial" in
	// A, under the table). The pipeline decides.
	Trailer bool
	// WordyAbove is, for a Trailer row, the line of the last row of more fields above it
	// whose first field holds several words ("ACME LTDA": the file's first column holds
	// names, as the trailer row's text may be one); 0 for none. The header may be that row.
	WordyAbove int
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
	// or the context is cancelled. Memory stays bounded whatever the sheet's size. In a
	// workbook, a merged range that spans rows gives its first value to each of its rows, as
	// Excel shows it (merge.go).
	// A row that cannot be read as written comes with Row.Err and reading goes on; the
	// returned error is fn's, the context's, or a *FileError for damage found in a sheet.
	Rows(ctx context.Context, sheet string, fn func(Row) error) error
	// Charset is what a CSV file was read as: "utf-8", "windows-1252", "utf-16le" or
	// "utf-16be"; "" for XLSX.
	Charset() string
	Close() error
}

// ReadInfo is what a Source whose file it reads (not a copy) can tell: the file as its last
// Rows call left it (its descriptor's stat as the reading ended), nil before any. A file
// moved or removed after it was read is still what was read: its path alone said
// "changed while read" of an archived input whose every row went.
type ReadInfo interface {
	ReadInfo() os.FileInfo
}

// Delimited is what a CSV Source can tell: the delimiter its fields are split by (Options'
// own, a first line "sep=;", or sniffed), and TableLine, the line the table starts on when
// the delimiter was sniffed by setting title lines above it aside (0 otherwise: no line was).
// A header of one field found above that line is a line taken for a title, and says the
// delimiter is a wrong guess (sniff).
type Delimited interface {
	Delimiter() rune
	TableLine() int
}
