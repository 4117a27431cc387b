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
	texts    []string // every cell as the user wrote it
	vals     []string // per plan column: the wire value ("" when empty or invalid)
	bad      []bool   // per plan column: the cell had a problem
	problems []outcome.Problem
	key      string   // record sheet: the record key; set sheet: the parent's record key part
	keyVals  []string // set sheet: per keyCol, the normalised value
}

func (r *parsedRow) source() SourceRow {
	return SourceRow{File: r.pl.file, Sheet: r.pl.sheet, Line: r.line, Header: r.pl.header, Cells: r.texts}
}

// parse normalises every mapped cell of a row, noting every problem (all of them, not only
// the first).
func (in *Input) parse(pl *sheetPlan, r readers.Row) *parsedRow {
	lang := in.opt.Lang
	pr := &parsedRow{pl: pl, line: r.Line, texts: make([]string, len(r.Cells)), vals: make([]string, len(pl.cols)), bad: make([]bool, len(pl.cols))}
	for i, c := range r.Cells {
		pr.texts[i] = cellText(c, in.opt.Values.Locale)
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
			pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: pr.texts[col.idx], Reason: reasonOf(err, lang)})
			continue
		}
		pr.vals[j] = v
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

// cellText is a cell as the user saw it, for reports and re-import files: numbers in the
// run's locale without grouping (so a re-import reads them back the same), dates DD/MM/YYYY.
func cellText(c readers.Cell, loc values.Locale) string {
	switch c.Kind {
	case readers.Number:
		d, err := values.ExcelNumber(c.Raw)
		if err != nil {
			return c.Raw
		}
		s := d.Text('f')
		if loc != values.EnUS {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	case readers.Date:
		t, err := values.DateFromSerial(c.Raw, c.Date1904)
		if err != nil {
			return c.Raw
		}
		if t.Hour() != 0 || t.Minute() != 0 {
			if t.Year() <= 1900 {
				return t.Format("15:04")
			}
			return t.Format("02/01/2006 15:04")
		}
		return t.Format("02/01/2006")
	}
	return c.Raw
}

func displayKey(k string) string {
	return strings.ReplaceAll(strings.TrimPrefix(k, "\x00"), "\x1f", "/")
}

func textAt(ts []string, i int) string {
	if i < len(ts) {
		return ts[i]
	}
	return ""
}
