package pipeline

import "seniorimporter/readers"

// What the readers branch adds to what a cell and a row say — readers.Cell.Percent, .Format
// and .Formula, readers.Row.Hidden — is read here and only here, so the pipeline's side of it
// (percent cells, totals rows, hidden rows, formats written back) is done and tested before
// it lands.
//
// Until then the default gives the zero values: no cell is a percentage, none has a format or
// a formula, no row is hidden. When the readers branch is merged:
//
//  1. defaultExtras returns
//     &readerExtras{
//     percent: func(c readers.Cell) bool { return c.Percent },
//     format:  func(c readers.Cell) string { return c.Format },
//     formula: func(c readers.Cell) string { return c.Formula },
//     hidden:  func(r readers.Row) bool { return r.Hidden },
//     fault: func(r readers.Row) *rowFault {
//     if r.Err == nil {
//     return nil
//     }
//     return &rowFault{kind: faultKind(r.Err.Kind), column: r.Err.Column, offset: r.Err.Offset,
//     limit: r.Err.Limit, excerpt: r.Err.Excerpt}
//     },
//     }
//     (faultKind's values are readers.RowErrorKind's, in the same order.)
//  2. readersGiveExtras becomes true: the tests that build workbooks then check the same
//     outcomes through the real readers, not only through a test's extras.
const readersGiveExtras = false

// readerExtras reads what readers do not say yet (see above). Tests give their own, from the
// workbook they wrote, through InputOptions.extras.
type readerExtras struct {
	percent func(readers.Cell) bool   // a numeric cell whose number format is a percentage
	format  func(readers.Cell) string // the cell's number format code ("0.00%")
	formula func(readers.Cell) string // the cell's formula without "=" ("SUM(F5:F14)")
	hidden  func(readers.Row) bool    // the row is hidden in its sheet
	fault   func(readers.Row) *rowFault
}

// rowFault is a row readers could not read as written (readers.RowError): it is invalid,
// never sent, and says why.
type rowFault struct {
	kind    faultKind
	column  int    // 0-based column of the fault; -1 unknown
	offset  int64  // CSV: the byte in the file; -1 unknown
	limit   int    // the cap passed, for the "too long/large/many" kinds
	excerpt string // what was found there, for the message
}

// faultKind is why (readers.RowErrorKind: same values, same order).
type faultKind int

const (
	faultUnpairedQuote  faultKind = iota + 1 // a CSV record whose quotes do not pair up
	faultInvalidUTF8                         // bytes that are not UTF-8 in a UTF-8 file
	faultLooksUTF8                           // UTF-8 text in a file read as Windows-1252
	faultLineTooLong                         // a CSV line past the cap: not read
	faultFieldTooLong                        // a cell past 32,767 characters
	faultTooManyColumns                      // more than 16,384 columns
	faultRowTooLarge                         // an XLSX row holding too much text: not read
)

func defaultExtras() *readerExtras {
	return &readerExtras{
		percent: func(readers.Cell) bool { return false },
		format:  func(readers.Cell) string { return "" },
		formula: func(readers.Cell) string { return "" },
		hidden:  func(readers.Row) bool { return false },
		fault:   func(readers.Row) *rowFault { return nil },
	}
}

// orDefault fills what a test's extras leave out with the default.
func (x *readerExtras) orDefault() *readerExtras {
	d := defaultExtras()
	if x == nil {
		return d
	}
	out := *x
	if out.percent == nil {
		out.percent = d.percent
	}
	if out.format == nil {
		out.format = d.format
	}
	if out.formula == nil {
		out.formula = d.formula
	}
	if out.hidden == nil {
		out.hidden = d.hidden
	}
	if out.fault == nil {
		out.fault = d.fault
	}
	return &out
}
