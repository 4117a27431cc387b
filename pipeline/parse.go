package pipeline

import (
	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/values"
	"strings"
)

// parsedRow is one input row with every mapped cell normalised (or its problem noted).
type parsedRow struct {
	pl       *sheetPlan
	line     int
	cells    []outcome.Cell // every cell as the user had it
	amounts  []outcome.Amount
	vals     []string // per plan column: the wire value ("" when empty or invalid)
	bad      []bool   // per plan column: the cell had a problem
	problems []outcome.Problem
	key      string   // record sheet: the record key; set sheet: the parent's record key part
	keyVals  []string // set sheet: per keyCol, the normalised value
}

func (r *parsedRow) source() SourceRow {
	return SourceRow{File: r.pl.file, Sheet: r.pl.sheet, Line: r.line, Header: r.pl.header, Cells: r.cells, Amounts: r.amounts}
}

// parse normalises every mapped cell of a row, noting every problem (all of them, not only
// the first).
func (in *Input) parse(pl *sheetPlan, r readers.Row) *parsedRow {
	lang := in.opt.Lang
	pr := &parsedRow{pl: pl, line: r.Line, cells: originals(r.Cells, in.opt.Values.Locale), vals: make([]string, len(pl.cols)), bad: make([]bool, len(pl.cols))}
	if r.Err != nil {
		// A row the file does not let us read as written is never sent: its record is invalid.
		pr.problems = append(pr.problems, in.rowProblem(pl, r.Err))
	}
	for j, col := range pl.cols {
		if col.idx >= len(r.Cells) {
			continue
		}
		c := r.Cells[col.idx]
		if c.Kind == readers.Empty || (c.Kind == readers.Text && strings.TrimSpace(c.Raw) == "") {
			continue
		}
		if c.Kind == readers.Error {
			pr.bad[j] = true
			pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: c.Raw, Reason: lang.ErrorCell(c.Raw)})
			continue
		}
		v, err := values.Normalise(col.field, cellInput(c), col.opts)
		if err != nil {
			pr.bad[j] = true
			pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: pr.cells[col.idx].Text, Reason: reasonOf(err, lang)})
			continue
		}
		pr.vals[j] = v
	}
	for j, col := range pl.cols {
		if col.field.Money() && col.idx < len(r.Cells) && !(r.Cells[col.idx].Kind == readers.Empty) {
			// The wire text of a String-declared number has a decimal comma: the sums want a point.
			pr.amounts = append(pr.amounts, outcome.Amount{Column: col.header, Field: col.path, Value: strings.Replace(pr.vals[j], ",", ".", 1)})
		}
	}
	if pl.set == nil {
		pr.key = in.recordKey(pl, pr)
	} else {
		pr.key = in.parentKey(pl, r.Cells)
		pr.keyVals = make([]string, len(pl.keyCols))
		for i, k := range pl.keyCols {
			pr.keyVals[i] = in.keyValue(k, r.Cells)
		}
	}
	return pr
}

// rowProblem is a row the reader could not read as written, as the user reads it.
func (in *Input) rowProblem(pl *sheetPlan, e *readers.RowError) outcome.Problem {
	lang := in.opt.Lang
	p := outcome.Problem{Value: e.Excerpt}
	if e.Column >= 0 {
		p.Cell = readers.CellRef(e.Column, e.Line)
		if e.Column < len(pl.header) {
			p.Column = pl.header[e.Column]
		}
	}
	switch e.Kind {
	case readers.UnpairedQuote:
		p.Reason = lang.UnpairedQuote()
	case readers.InvalidUTF8:
		p.Reason = lang.NotUTF8Bytes(e.Offset)
	case readers.LooksUTF8:
		p.Reason = lang.LooksUTF8()
	case readers.LineTooLong:
		p.Reason = lang.LineTooLong(e.Limit)
	case readers.FieldTooLong:
		p.Reason = lang.FieldTooLong(e.Limit)
	case readers.TooManyColumns:
		p.Reason = lang.TooManyColumns(e.Limit)
	case readers.RowTooLarge:
		p.Reason = lang.RowTooLarge(e.Limit)
	default:
		p.Reason = e.Error()
	}
	return p
}

// recordKey is a record sheet row's key: its key fields' wire values, "" when one is missing.
func (in *Input) recordKey(pl *sheetPlan, pr *parsedRow) string {
	parts := make([]string, len(in.Port.Key))
	for i, k := range in.Port.Key {
		v := in.consts[k]
		for j, c := range pl.cols {
			if c.path == k {
				if pr.vals[j] != "" {
					v = pr.vals[j]
				} else if pr.bad[j] {
					return ""
				}
			}
		}
		if v == "" && in.Port.Access == "write" {
			return ""
		}
		parts[i] = v
	}
	return strings.Join(parts, "\x1f")
}

// parentKey computes a set row's parent record key part from its raw cells (pass 1 and 2
// must agree, so both go through here).
func (in *Input) parentKey(pl *sheetPlan, cells []readers.Cell) string {
	parts := make([]string, 0, len(pl.keyCols))
	for _, k := range pl.keyCols {
		if setPath(in.Port, k.field) != "" {
			continue
		}
		parts = append(parts, in.keyValue(k, cells))
	}
	return strings.Join(parts, "\x1f")
}

func (in *Input) keyValue(k *keyCol, cells []readers.Cell) string {
	if k.idx < 0 {
		return in.consts[k.path]
	}
	if k.idx >= len(cells) {
		return ""
	}
	v, err := values.Normalise(k.field, cellInput(cells[k.idx]), k.opts)
	if err != nil {
		return "\x00" + strings.TrimSpace(cells[k.idx].Raw)
	}
	return v
}

func cellInput(c readers.Cell) values.Input {
	in := values.Input{Text: c.Raw, Date1904: c.Date1904}
	switch c.Kind {
	case readers.Number:
		in.Source = values.FromNumber
	case readers.Date:
		in.Source = values.FromDate
	case readers.Bool:
		in.Source = values.FromBool
	}
	return in
}

// original is a cell as the user had it, for reports and re-import files: its text with
// numbers in the run's locale without grouping (so a re-import reads them back the same) and
// dates DD/MM/YYYY, and for spreadsheet cells its kind and value.
func original(c readers.Cell, loc values.Locale) outcome.Cell {
	switch c.Kind {
	case readers.Number:
		d, err := values.ExcelNumber(c.Raw)
		if err != nil {
			return outcome.Cell{Text: c.Raw}
		}
		v := d.Text('f')
		text := v
		if loc != values.EnUS {
			text = strings.Replace(v, ".", ",", 1)
		}
		return outcome.Cell{Text: text, Kind: outcome.CellNumber, Value: v, Format: c.Format}
	case readers.Date:
		t, err := values.DateFromSerial(c.Raw, c.Date1904)
		if err != nil {
			return outcome.Cell{Text: c.Raw}
		}
		cell := outcome.Cell{Kind: outcome.CellDate, Text: t.Format("02/01/2006"), Value: t.Format("2006-01-02"), Format: c.Format}
		if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
			cell.Value = t.Format("2006-01-02T15:04:05")
			cell.Text = t.Format("02/01/2006 15:04")
			if t.Year() <= 1900 {
				cell.Text = t.Format("15:04")
			}
		}
		return cell
	case readers.Bool:
		return outcome.Cell{Text: c.Raw, Kind: outcome.CellBool, Value: c.Raw}
	}
	return outcome.Cell{Text: c.Raw}
}

// originals is every cell of a row as the user had it.
func originals(cells []readers.Cell, loc values.Locale) []outcome.Cell {
	out := make([]outcome.Cell, len(cells))
	for i, c := range cells {
		out[i] = original(c, loc)
	}
	return out
}

func displayKey(k string) string {
	return strings.ReplaceAll(strings.TrimPrefix(k, "\x00"), "\x1f", "/")
}

func textAt(cells []outcome.Cell, i int) string {
	if i < len(cells) {
		return cells[i].Text
	}
	return ""
}
