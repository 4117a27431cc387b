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
//     }
//  2. readersGiveExtras becomes true: the tests that build workbooks then check the same
//     outcomes through the real readers, not only through a test's extras.
//
// (Row.Err, the readers' *RowError, is not read yet: see the report of the inputs branch.)
const readersGiveExtras = false

// readerExtras reads what readers do not say yet (see above). Tests give their own, from the
// workbook they wrote, through InputOptions.extras.
type readerExtras struct {
	percent func(readers.Cell) bool   // a numeric cell whose number format is a percentage
	format  func(readers.Cell) string // the cell's number format code ("0.00%")
	formula func(readers.Cell) string // the cell's formula without "=" ("SUM(F5:F14)")
	hidden  func(readers.Row) bool    // the row is hidden in its sheet
}

func defaultExtras() *readerExtras {
	return &readerExtras{
		percent: func(readers.Cell) bool { return false },
		format:  func(readers.Cell) string { return "" },
		formula: func(readers.Cell) string { return "" },
		hidden:  func(readers.Row) bool { return false },
	}
}
