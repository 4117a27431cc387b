// Package writers writes what became of every input row: the reports (CSV, XLSX, JSONL), the
// re-import files (the user's own files holding only the rows to fix), and the run's summary
// (printed, and as JSON).
//
// The XLSX report and the re-import workbooks are written by workbook.go, part by part, so
// that a report of a million rows needs no more memory than one of a hundred. Every output
// but the JSONL report is written beside its path under a temporary name and renamed into
// place when complete; the JSONL report is written a whole line at a time as the run goes.
package writers
