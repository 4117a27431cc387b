package writers

import (
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"seniorimporter/outcome"
)

// SourceInfo is one input sheet (for CSV, Sheet is "") and its original header.
type SourceInfo struct {
	File   string
	Sheet  string
	Header []string
	// Formats are, per header column, Senior's format of the field the column fills
	// ("String(090)", "Number(015,2)", "Date(DD/MM/YYYY)"), "" where none; optional. Workbook
	// reports use them as least column widths.
	Formats []string
	// Sets are, on a record sheet, the sets the record's rows have in sheets or files of
	// their own ("itens"): a re-import file gives each its count column (outcome.Line.SetRows).
	Sets []string
}

// Options are what every report needs to know beforehand.
type Options struct {
	Lang    outcome.Lang // report headers
	Sources []SourceInfo
	// Validated: the run sent nothing (validate). A re-import folder then keeps the files
	// earlier runs left: only a run that sent its rows knows none of them is left to fix.
	Validated bool
	// Files is where the reports and the re-import folder's files are made (nil: OS, by their
	// paths). The watcher gives a Folder on a file's work folder, held open: whoever writes to
	// the drop folder's share could put a link to another folder in its place while the file
	// is imported, and the reports, with the rows' values the dropper chose, went there.
	Files Files
}

// Writer writes report lines. Write is called from one goroutine, in report order. Close
// ends the report; sum is the run's summary (a workbook report's first sheet shows it), nil
// when there is none, and then a report summarises the lines it saw. A report file appears
// at its path only when Close succeeds (except JSONL, written line by line as it goes).
type Writer interface {
	Write(l *outcome.Line) error
	Close(sum *outcome.Summary) error
}

// Open opens a report by its extension: .csv, .xlsx, .jsonl (or .json, .ndjson). Its folder
// is created if missing.
func Open(path string, o Options) (Writer, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return openCSV(path, o)
	case ".xlsx":
		return openXLSX(path, o)
	case ".jsonl", ".json", ".ndjson":
		return openJSONL(o.Files, path, o.Lang)
	}
	return nil, errors.New(o.Lang.ReportUnknownFormat(path))
}

// isJSONL tells a JSON Lines report's path (Open's extensions for it).
func isJSONL(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".json", ".ndjson":
		return true
	}
	return false
}

// NeedsCells reports whether the report at path writes the rows' original cells (CSV and
// XLSX do; JSON Lines does not).
func NeedsCells(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".json", ".ndjson":
		return false
	}
	return true
}

// guardedCells are the places in outcomeCells that the CSV report guards against formulas:
// the file's and the sheet's names (a dropped file may be named "=HYPERLINK(...).csv") and
// what Senior answered (code, message, id).
var guardedCells = []int{0, 1, 6, 7, 8}

// outcomeCells are a line's values under outcome.Lang.ReportColumns.
func outcomeCells(l *outcome.Line) []string {
	return []string{l.File, l.Sheet, strconv.Itoa(l.Row), l.Key, l.Port, string(l.Outcome), l.Code, l.Message, l.ID, strconv.Itoa(l.Attempts), strconv.FormatInt(l.LatencyMS, 10)}
}

// unionHeader is the original columns of every source, in order of first appearance, the
// user's note columns ("# anotação") among them, without the importer's own (a re-import
// file's "#motivo", a report's "#resultado", in either language): a file fixed and dropped
// again keeps the team's notes on the rows they fix, and gets its reasons anew, not twice.
func unionHeader(sources []SourceInfo) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sources {
		for _, h := range s.Header {
			if isOwnColumn(h, s.Sets) || seen[h] {
				continue
			}
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// isOwnColumn tells a column the importer adds to reports and re-import files: a re-import
// file fixed and imported again, and again not all good, gets them anew, not twice. A
// "#linhas em SET" column is the importer's only on a record sheet whose sets holds SET (the
// pipeline read it as a count, or the sheet's records have SET in a sheet of its own): a
// user's own note named alike ("#linhas em destaque") stays with its values, as any note.
func isOwnColumn(h string, sets []string) bool {
	if ownColumns[strings.TrimSpace(h)] {
		return true
	}
	set, ok := outcome.SetRowsSet(h)
	return ok && slices.ContainsFunc(sets, func(s string) bool { return strings.EqualFold(s, set) })
}

// ownColumns are the fixed columns the importer adds to reports and re-import files.
var ownColumns = func() map[string]bool {
	own := map[string]bool{}
	for _, l := range []outcome.Lang{outcome.PT, outcome.EN} {
		for _, h := range append(append(l.ReportColumns(), l.ReimportColumns()...), l.AnswerRowColumn()) {
			own[h] = true
		}
	}
	return own
}()

// placer puts a row's cells under a report's columns. Rows of one sheet share their header
// slice, so the placement is worked out once per header, not once per row.
type placer struct {
	idx   map[string]int
	last  []string // the header the placement was worked out for
	place []int    // per original cell: its column, or -1
}

func newPlacer(columns []string) *placer {
	p := &placer{idx: make(map[string]int, len(columns))}
	for i, c := range columns {
		if _, ok := p.idx[c]; !ok {
			p.idx[c] = i
		}
	}
	return p
}

// of returns, per original cell of the header, the column it goes to (-1: none). A header
// naming a column twice places its first cell.
func (p *placer) of(header []string) []int {
	if len(header) == len(p.last) && (len(header) == 0 || &header[0] == &p.last[0]) {
		return p.place
	}
	p.last = header
	p.place = make([]int, len(header))
	taken := map[int]bool{}
	for i, h := range header {
		p.place[i] = -1
		if j, ok := p.idx[h]; ok && !taken[j] {
			p.place[i] = j
			taken[j] = true
		}
	}
	return p.place
}

// column returns a header name's column, or -1.
func (p *placer) column(name string) int {
	if j, ok := p.idx[name]; ok {
		return j
	}
	return -1
}

// texts places a row's cells' texts under n columns.
func (p *placer) texts(n int, o *outcome.Line) []string {
	out := make([]string, n)
	for i, j := range p.of(o.Header) {
		if j >= 0 && i < len(o.Cells) {
			out[j] = o.Cells[i].Text
		}
	}
	return out
}
