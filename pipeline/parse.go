package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cockroachdb/apd/v3"

	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/templates"
	"seniorimporter/values"
)

// parsedRow is one input row with every mapped cell normalised (or its problem noted).
type parsedRow struct {
	pl       *sheetPlan
	line     int
	raw      []readers.Cell // the row's cells as read
	in       *Input
	cells    []outcome.Cell // every cell as the user had it, when a report or the journal keeps them
	amounts  []outcome.Amount
	vals     []string // per plan column: the wire value ("" when empty or invalid)
	bad      []bool   // per plan column: the cell had a problem
	problems []outcome.Problem
	faulty   bool     // readers could not read the row as written: its problem says why
	key      string   // record sheet: the record key; set sheet: the parent's record key part
	keyVals  []string // set sheet: per keyCol, the normalised value
}

// badAt reports a cell of this row, in the column of field path, that had a problem (a
// constant does not take its place: the row says otherwise, or something unreadable).
func (r *parsedRow) badAt(path string) bool {
	for j, c := range r.pl.cols {
		if c.path == path {
			return r.bad[j]
		}
	}
	return false
}

// cellOf is the header and the cell of this row in the column of field path ("", "" when
// its sheet has none).
func (r *parsedRow) cellOf(path string) (header, cell string) {
	if r.pl == nil {
		return "", ""
	}
	for _, c := range r.pl.cols {
		if c.path == path {
			return c.header, readers.CellRef(c.idx, r.line)
		}
	}
	return "", ""
}

func (r *parsedRow) source() SourceRow {
	return SourceRow{File: r.pl.file, Sheet: r.pl.sheet, Line: r.line, Header: r.pl.header, Cells: r.cells, Amounts: r.amounts}
}

// parse normalises every mapped cell of a row, noting every problem (all of them, not only
// the first).
func (in *Input) parse(pl *sheetPlan, r readers.Row) *parsedRow {
	lang := in.opt.Lang
	pr := &parsedRow{pl: pl, line: r.Line, raw: r.Cells, in: in, cells: in.originals(r.Cells), vals: make([]string, len(pl.cols)), bad: make([]bool, len(pl.cols))}
	if r.Err != nil {
		// A row the file does not let us read as written is never sent: its record is
		// invalid, and what could be read of it is not checked (it may be garbled).
		pr.faulty = true
		pr.problems = append(pr.problems, in.rowProblem(pl, r.Err))
	}
	if r.Line < pl.headerLine { // data above the header (strayAbove): never sent from there
		pr.problems = append(pr.problems, outcome.Problem{Reason: lang.AboveHeader(pl.headerLine)})
	}
	if !pr.faulty && pl.sheet == "" {
		pr.problems = append(pr.problems, in.beyondHeader(pl, r)...)
	}
	if !pr.faulty && in.footerOrRecord(pl, r) {
		pr.problems = append(pr.problems, outcome.Problem{Column: pl.header[0], Cell: r.Cells[0].Ref, Value: r.Cells[0].Raw,
			Reason: lang.FooterOrRecord(pl.sheet != "")})
	}
	if !pr.faulty && repeatsHeader(pl, r) {
		// Checked cell by cell it may pass (a category's fields are all text), and go to
		// Senior as a record named "CategoriaServicoId".
		pr.faulty = true
		pr.problems = append(pr.problems, outcome.Problem{Reason: in.opt.Lang.RepeatsHeader()})
	}
	var twoWaysBuf [4]int
	readTwoWays := twoWaysBuf[:0] // columns whose value read two ways was read the run's way (see below)
	for _, u := range pl.unheaded {
		if !pr.faulty && u.idx < len(r.Cells) && !blank(r.Cells[u.idx]) {
			if u.rows.n == 0 {
				u.column = strings.TrimRight(r.Cells[u.idx].Ref, "0123456789")
			}
			u.rows.add(r.Line)
		}
	}
	for j, col := range pl.cols {
		if pr.faulty {
			break
		}
		if col.idx >= len(r.Cells) {
			continue
		}
		c := r.Cells[col.idx]
		if c.Kind == readers.Empty || (c.Kind == readers.Text && strings.TrimSpace(c.Raw) == "") {
			continue
		}
		if col.hidden != nil {
			col.hidden.add(r.Line)
		}
		if c.Kind == readers.Text && errorText(c.Raw) {
			// A CSV saved from a spreadsheet writes an error cell as its text: "#N/D" is no
			// product code or description.
			c.Kind, c.Raw = readers.Error, strings.TrimSpace(c.Raw)
		}
		if c.Kind == readers.Text && hashes(c.Raw) {
			// Excel saves a CSV file as its cells show, and a date or a number in a column too
			// narrow for it shows as ####.
			pr.bad[j] = true
			pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: c.Raw, Reason: lang.NarrowColumn()})
			continue
		}
		if c.Kind == readers.Error {
			pr.bad[j] = true
			pb := outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: c.Raw, Reason: lang.ErrorCell(c.Raw)}
			if c.Raw == noCachedValue {
				pb.Value, pb.Reason = "", lang.FormulaNoValue()
				if f := c.Formula; f != "" {
					pb.Value = "=" + f
				}
			}
			pr.problems = append(pr.problems, pb)
			continue
		}
		if col.seen != nil {
			col.seen.note(c, col.field, r.Line)
		}
		twoWays, readDay := false, false // a date that reads two ways, in a file written month first or not yet known to be
		if col.order != nil {
			if c.Kind == readers.Text {
				twoWays, readDay = col.order.note(c.Raw, r.Line, col.header)
			}
		}
		vin := in.cellInput(c)
		v, err := values.Normalise(col.field, vin, col.opts)
		if col.clock != nil && err == nil && values.ShowsSeconds(vin) {
			col.clock.add(r.Line)
		}
		if twoWays && err == nil {
			if why := col.order.refusal(v, lang); why != "" {
				pr.bad[j] = true
				pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: pr.text(col.idx), Reason: why})
				continue
			}
		}
		if readDay && err == nil {
			readTwoWays = append(readTwoWays, j)
		}
		if col.seps != nil && c.Kind == readers.Text {
			why, read := col.seps.note(c.Raw, err, col.opts.Locale, r.Line, col.header, lang)
			if why != "" {
				pr.bad[j] = true
				pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: pr.text(col.idx), Reason: why})
				continue
			}
			if read {
				readTwoWays = append(readTwoWays, j)
			}
		}
		if err != nil {
			pr.bad[j] = true
			pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: pr.text(col.idx), Reason: reasonOf(err, lang), AsText: values.AsText(err)})
			continue
		}
		if col.fixed != nil && v != *col.fixed {
			// A constant fills the cells left empty; one that says otherwise is the file
			// and the mapping disagreeing (company 2 in the file, codEmp=1 in the job), and
			// sending either would be a guess.
			pr.bad[j] = true
			pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: pr.text(col.idx), Reason: lang.ConstantDiffers(col.path, *col.fixed)})
			continue
		}
		if col.order != nil {
			// After its checks: a refused date (31/02/2026 08:30, a time-only cell) is its
			// row's error, not a date whose time is left out.
			col.order.noteTime(c, r.Line)
		}
		pr.vals[j] = v
	}
	// A value read two ways left of the cell that, on this same row, made the other way hold:
	// the row is refused for that cell anyway, and this one goes with it into the re-import
	// file's reasons rather than into a warning (fixed there alone, it would read the run's
	// way again, the sign gone).
	for _, j := range readTwoWays {
		col := pl.cols[j]
		why := ""
		switch {
		case col.seps != nil && col.seps.written.holds() && col.seps.written.tip == r.Line:
			why = col.seps.refusal(r.Cells[col.idx].Raw, col.opts.Locale, lang)
			col.seps.read.undo(r.Line)
		case col.order != nil && col.order.monthFirst.holds() && col.order.monthFirst.tip == r.Line:
			why = col.order.refusal(pr.vals[j], lang)
			col.order.either.undo(r.Line)
			if timeOfDay(r.Cells[col.idx]) {
				col.order.timed.undo(r.Line)
			}
		}
		if why != "" {
			pr.bad[j], pr.vals[j] = true, ""
			pr.problems = append(pr.problems, outcome.Problem{Field: col.path, Column: col.header, Cell: r.Cells[col.idx].Ref, Value: pr.text(col.idx), Reason: why})
		}
	}
	for _, col := range pl.cols {
		if col.field.Money() && col.idx < len(r.Cells) && !blank(r.Cells[col.idx]) { // a CSV's empty field is an empty text
			c := r.Cells[col.idx]
			pr.amounts = append(pr.amounts, outcome.Amount{Column: col.header, Field: col.path, Value: amountRead(c, col.opts.Locale),
				Cell: c.Ref, Row: r.Line, Text: pl.sheet != "" && c.Kind == readers.Text, Hidden: r.Hidden})
		}
	}
	if pl.set == nil {
		pr.key = in.recordKey(pl, pr)
	} else {
		pr.keyVals = make([]string, len(pl.keyCols))
		parts := make([]string, 0, len(pl.keyCols))
		for i, k := range pl.keyCols {
			var differs bool
			pr.keyVals[i], differs = in.keyCell(k, r.Cells)
			if differs {
				c := r.Cells[k.idx]
				pr.problems = append(pr.problems, outcome.Problem{Field: k.path, Column: pl.header[k.idx], Cell: c.Ref, Value: pr.text(k.idx), Reason: lang.ConstantDiffers(k.path, in.consts[k.path])})
			}
			if setPath(in.Port, k.field) == "" {
				parts = append(parts, pr.keyVals[i]) // as parentKey joins them
			}
		}
		pr.key = strings.Join(parts, "\x1f")
	}
	// The row is parsed: when its cells are kept as the user had them, what it was read as is
	// no longer needed (text reads them), and a set row read ahead of its record is held, so
	// it holds no more than it must.
	if pr.cells != nil {
		pr.raw = nil
	}
	return pr
}

// beyondHeader is the problem of a CSV row with a value past the header's last column: a
// delimiter inside a value that is not in quotes ("Peças; parafusos") splits it and shifts
// every field after it, and the shifted row may well pass its checks with the wrong values
// in the wrong fields. The first such value is named. (A workbook's cells past the header are
// notes beside the data and are left alone: nothing there shifts.) The header ends at its last
// named column: LibreOffice saves a file whose rows were shifted so with empty header fields
// to their width ("codEmp;numOct;vlrBru;vlrDsc;;"), and the row's last value under one went
// as a warning while vlrBru 1234 and vlrDsc 56 (1234,56 split at its comma) went to Senior.
func (in *Input) beyondHeader(pl *sheetPlan, r readers.Row) []outcome.Problem {
	named := namedWidth(pl.header)
	last := -1
	for i := named; i < len(r.Cells); i++ {
		if !blank(r.Cells[i]) {
			last = i
		}
	}
	if last < 0 {
		if len(r.Cells) > max(pl.rowWidth, len(pl.header)) && !r.PaddedBlock {
			// Empty past the header, and one field or more longer than the file's rows: a
			// delimiter inside a value not in quotes ("S2;Peças; parafusos;" where the last
			// field was empty) moved every field after it into the next one. Not so a row
			// beside one as wide, empty at its end too: Excel writes trailing empty fields
			// for blocks of rows, those whose block has something in that column (a space
			// typed to clear a cell), and a file's rows differ in width block by block.
			c := r.Cells[max(pl.rowWidth, len(pl.header))]
			return []outcome.Problem{{Cell: c.Ref, Reason: in.opt.Lang.ShiftedRow(len(r.Cells), max(pl.rowWidth, len(pl.header)), c.Ref)}}
		}
		return nil
	}
	first := named
	for blank(r.Cells[first]) {
		first++
	}
	c := r.Cells[first]
	return []outcome.Problem{{Cell: c.Ref, Value: c.Raw, Reason: in.opt.Lang.BeyondHeader(last+1, named, c.Ref)}}
}

// namedWidth is the header's width to its last named column (empty header fields after it are
// no columns).
func namedWidth(header []string) int {
	n := len(header)
	for n > 0 && header[n-1] == "" {
		n--
	}
	return n
}

// repeatsHeader: the row holds the header's names again, each in its column (files joined
// one after the other, each with its header); two names at least, and nothing else. A
// byte-order mark in front counts for nothing: Excel's "CSV UTF-8" files start with one, and
// joined with cat or copy /b, the second file's is in front of its header, mid-file.
func repeatsHeader(pl *sheetPlan, r readers.Row) bool {
	same := 0
	for i, c := range r.Cells {
		if blank(c) {
			continue
		}
		if i >= len(pl.header) || c.Kind != readers.Text || strings.TrimSpace(strings.TrimPrefix(c.Raw, "\uFEFF")) != pl.header[i] { // the header is trimmed when read
			return false
		}
		same++
	}
	return same >= 2
}

// amountRead is a money cell's value as the file holds it, with a point, for the
// reconciliation's "read" sums: what the sheet's own SUM adds up, even where the value cannot
// be sent (too many decimals); "" when it is no number at all. A text with a % is none: SUM
// passes a text by, and "15%" is no amount of 15 reais (the reviewer: the read sum counted
// it as 15 while the row was refused for it).
func amountRead(c readers.Cell, loc values.Locale) string {
	var d *apd.Decimal
	var err error
	switch c.Kind {
	case readers.Number:
		d, err = values.ExcelNumber(c.Raw)
	case readers.Text:
		if strings.Contains(c.Raw, "%") {
			return ""
		}
		d, err = values.ParseDecimal(c.Raw, loc)
	default:
		return ""
	}
	if err != nil {
		return ""
	}
	return d.Text('f')
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
		p.Reason = lang.LooksUTF8(pl.src.Charset())
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

// fileRefused is why the readers refused a whole file, as the user reads it: the reason in
// the run's language, then the part at fault and the reader's own words (technical, for
// whoever looks into it) in parentheses.
func fileRefused(lang outcome.Lang, e *readers.FileError) string {
	var reason string
	switch e.Kind {
	case readers.ZipBomb:
		reason = lang.FileZipBomb()
	case readers.PartTooLarge, readers.WorkbookTooLarge, readers.StylesTooLarge, readers.SharedStringsTooLarge:
		reason = lang.FilePartTooLarge(e.Limit)
	case readers.SizeMismatch:
		reason = lang.FileSizeMismatch()
	case readers.TooManyParts:
		reason = lang.FileTooManyParts()
	case readers.TooManySheets:
		reason = lang.FileTooManySheets(e.Limit)
	case readers.NoSheet:
		reason = lang.FileNoSheet()
	case readers.NotSpreadsheet:
		switch e.Looks {
		case readers.LooksEmpty:
			reason = lang.NotWorkbookEmpty()
		case readers.LooksHTML:
			reason = lang.NotWorkbookHTML()
		case readers.LooksText:
			reason = lang.NotWorkbookText()
		case readers.LooksODS:
			reason = lang.NotWorkbookODS()
		case readers.LooksZipOnly:
			reason = lang.NotWorkbookZipOnly()
		case readers.LooksCutShort:
			reason = lang.NotWorkbookCutShort()
		default:
			reason = lang.NotWorkbook()
		}
	case readers.FormatNotRead:
		switch e.Looks {
		case readers.LooksXLS:
			reason = lang.FormatXLS()
		case readers.LooksODS:
			reason = lang.FormatODS()
		case readers.LooksXLSB:
			reason = lang.FormatXLSB()
		case readers.LooksNumbers:
			reason = lang.FormatNumbers()
		default:
			reason = lang.FormatUnknown()
		}
	case readers.EncryptedOrXLS:
		reason = lang.FileEncryptedOrXLS()
	case readers.Corrupt:
		reason = lang.FileCorrupt()
	case readers.TempFolder:
		reason = lang.TempFolderUnusable(os.TempDir(), tempCause(e.Err))
	case readers.NotText:
		reason = lang.FileNotText()
	case readers.UnsupportedCharset:
		reason = lang.FileNotUTF16()
	case readers.Changed:
		reason = lang.FileChanged()
	case readers.ZeroTail:
		reason = lang.FileZeroTail(e.Limit, e.Limit >= readers.ZeroTailScan)
	default:
		return strings.TrimPrefix(e.Error(), e.Path+": ")
	}
	var detail []string
	if e.Part != "" {
		detail = append(detail, e.Part)
	}
	if e.Err != nil {
		detail = append(detail, e.Err.Error())
	}
	if len(detail) == 0 {
		return reason
	}
	return reason + " (" + strings.Join(detail, ": ") + ")"
}

// saidError is an error in the words the user reads; Unwrap keeps the one it says.
type saidError struct {
	msg string
	err error
}

func (e *saidError) Error() string { return e.msg }
func (e *saidError) Unwrap() error { return e.err }

// sayFile is err from reading a file, after where (the file, and its sheet): a file the
// readers refused, or one missing or forbidden, in the run's language; any other error as
// it is.
func sayFile(lang outcome.Lang, where string, err error) error {
	var fe *readers.FileError
	switch {
	case errors.As(err, &fe):
		return &saidError{msg: where + ": " + fileRefused(lang, fe), err: err}
	case errors.Is(err, fs.ErrNotExist):
		return &saidError{msg: where + ": " + lang.FileMissing(), err: err}
	case errors.Is(err, readers.ErrLink):
		return &saidError{msg: where + ": " + lang.FileIsLink(), err: err}
	case errors.Is(err, fs.ErrPermission):
		return &saidError{msg: where + ": " + lang.FileNoPermission(), err: err}
	case strings.Contains(err.Error(), where): // names the file already ("open x.csv: ...")
		return err
	}
	return fmt.Errorf("%s: %w", where, err)
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
	v, _ := in.keyCell(k, cells)
	return v
}

// keyCell is a key column's value in a set row: the constant the mapping gives its field
// where the cell is empty; the key of no record where the cell cannot be read or says other
// than the constant (differs: parse says so).
func (in *Input) keyCell(k *keyCol, cells []readers.Cell) (v string, differs bool) {
	c, fixed := in.consts[k.path]
	if k.idx < 0 || k.idx >= len(cells) {
		return c, false
	}
	v, err := values.Normalise(k.field, in.cellInput(cells[k.idx]), k.opts)
	switch {
	case err != nil:
		return "\x00" + strings.TrimSpace(cells[k.idx].Raw), false
	case fixed && v == "":
		return c, false
	case fixed && v != c:
		return "\x00" + strings.TrimSpace(cells[k.idx].Raw), true
	}
	return v, false
}

func (in *Input) cellInput(c readers.Cell) values.Input {
	v := values.Input{Text: c.Raw, Date1904: c.Date1904, Format: c.Format}
	switch c.Kind {
	case readers.Number:
		v.Source = values.FromNumber
		v.Percent = c.Percent
	case readers.Date:
		v.Source = values.FromDate
	case readers.Bool:
		v.Source = values.FromBool
	}
	return v
}

// original is a cell as the user had it, for reports and re-import files: its text with
// numbers in the run's locale without grouping (so a re-import reads them back the same; a
// percent cell as its percentage, "5,123%") and dates DD/MM/YYYY, and for spreadsheet cells
// its kind, value and number format.
func (in *Input) original(c readers.Cell) outcome.Cell {
	loc := in.opt.Values.Locale
	switch c.Kind {
	case readers.Number:
		d, err := values.ExcelNumber(c.Raw)
		if err != nil {
			return outcome.Cell{Text: c.Raw}
		}
		cell := outcome.Cell{Text: values.FormatDecimal(d, loc, false), Kind: outcome.CellNumber, Value: d.Text('f'), Format: c.Format}
		if p, ok := values.ZeroPadded(c.Raw, c.Format); ok {
			cell.Text = p // a code shown with its zeros, 01310-100
		}
		if c.Percent {
			var pct apd.Decimal
			if _, err := apd.BaseContext.WithPrecision(100).Mul(&pct, d, apd.New(100, 0)); err == nil {
				pct.Reduce(&pct)
				cell.Text = values.FormatDecimal(&pct, loc, false) + "%"
			}
		}
		return cell
	case readers.Date:
		t, err := values.DateFromSerial(c.Raw, c.Date1904)
		if err != nil {
			return outcome.Cell{Text: c.Raw}
		}
		cell := outcome.Cell{Kind: outcome.CellDate, Text: t.Format("02/01/2006"), Value: t.Format("2006-01-02"), Format: c.Format}
		if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
			cell.Value = t.Format("2006-01-02T15:04:05")
		}
		if shown, err := values.DateText(c.Raw, c.Format, c.Date1904); err == nil {
			cell.Text = shown
		}
		return cell
	case readers.Bool:
		return outcome.Cell{Text: c.Raw, Kind: outcome.CellBool, Value: c.Raw}
	}
	return outcome.Cell{Text: c.Raw}
}

// originals is every cell of a row as the user had it, when the run keeps them (nil when not:
// see InputOptions.KeepCells).
func (in *Input) originals(cells []readers.Cell) []outcome.Cell {
	if !in.opt.KeepCells {
		return nil
	}
	out := make([]outcome.Cell, len(cells))
	for i, c := range cells {
		out[i] = in.original(c)
	}
	return out
}

// displayKey is a key as reports show it: its parts joined by "/", without the NUL that marks a
// part whose cell could not be read (keyCell), wherever that part stands (in the middle, the
// NUL went into the report's key and message: a CSV report with a NUL byte in it).
func displayKey(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "\x00", ""), "\x1f", "/")
}

// text is the row's cell i as the user saw it.
func (r *parsedRow) text(i int) string {
	switch {
	case i < len(r.cells):
		return r.cells[i].Text
	case r.cells == nil && i < len(r.raw):
		return r.in.original(r.raw[i]).Text
	}
	return ""
}

// errorText tells the text of a spreadsheet's error value, as a CSV file saved from Excel or
// LibreOffice (in English or Portuguese) holds an error cell: #N/A, #N/D (Excel's in
// Portuguese), #N/DISP (LibreOffice's), #VALUE!, #VALOR!, #REF!, #DIV/0!, Err:502...
func errorText(s string) bool {
	s = strings.TrimSpace(s)
	switch {
	case len(s) < 4:
		return false
	case s[0] == 'E': // LibreOffice's "Err:502"
		return len(s) == 7 && strings.HasPrefix(s, "Err:") && strings.Trim(s[4:], "0123456789") == ""
	case s[0] != '#' || len(s) > 16:
		return false
	}
	switch strings.ToUpper(s) {
	case "#N/A", "#N/D", "#N/DISP", "#NULL!", "#NULO!", "#DIV/0!", "#VALUE!", "#VALOR!", "#REF!", "#NAME?", "#NOME?",
		"#NUM!", "#NÚM!", "#SPILL!", "#DESPEJAR!", "#CALC!", "#FIELD!", "#CAMPO!", "#BLOCKED!", "#BLOQUEADO!",
		"#CONNECT!", "#CONECTAR!", "#BUSY!", "#OCUPADO!", "#UNKNOWN!", "#DESCONHECIDO!", "#GETTING_DATA", "#OBTENDO_DADOS":
		return true
	}
	return false
}

// hashes tells a value of #s alone (two or more), what Excel shows, and saves in a CSV file,
// for a date or a number in a column too narrow for it.
func hashes(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) >= 2 && s[0] == '#' && strings.Trim(s, "#") == ""
}

// noCachedValue is the Raw readers give an Error cell that is a formula saved without its
// value (a program wrote the formula and never calculated it).
const noCachedValue = "=?"

// accidents gathers, for one column of a plain text field, what looks like an Excel
// accident, to warn once per column per file when the file is read (accidentWarnings):
//
//   - leading zeros lost: number cells holding whole numbers, in a column whose other values are
//     zero-padded digits ("00456") or whose numbers are shorter than the field's documented
//     length;
//   - dates turned into numbers: 5-digit whole numbers within the date serials of 1990–2099, in
//     a column that otherwise holds dates (date cells or text that reads as one).
//
// A column is only ever noted by the goroutine that parses its sheet.
type accidents struct {
	padded, dates  int
	numbers, short rowsNoted
	serials        rowsNoted
}

// rowsNoted counts rows and keeps the first few, for a warning.
type rowsNoted struct {
	n    int
	rows []int
}

const rowsListed = 5

func (r *rowsNoted) add(line int) {
	r.n++
	if len(r.rows) < rowsListed {
		r.rows = append(r.rows, line)
	}
}

// undo takes back the last add of line.
func (r *rowsNoted) undo(line int) {
	if r.n == 0 {
		return
	}
	r.n--
	if k := len(r.rows); k > 0 && r.rows[k-1] == line && k > r.n {
		r.rows = r.rows[:k-1]
	}
}

// dayOrder gathers, for a date column, the text dates that read either way (05/06/2026: taken
// as 5 June) and, with the sheet's other date columns, those that read only as month/day
// (12/21/2026: refused) or only as day/month (21/12/2026). Where the sheet shows more of the
// first than of the second (see sign), it was likely written month first (an export writes
// all its dates one way), and a date that reads either way is refused rather than sent
// perhaps swapped; those read before are said once per file, naming them (accidentWarnings).
type dayOrder struct {
	monthFirst *sign     // shared by the sheet's date columns: its first date that reads only month first
	start      sign      // what a reading starts from: the sign lookAhead found, if any
	either     rowsNoted // dates that read either way, read day first
	timed      rowsNoted // dates with a time of day that is not midnight: not sent
}

// noteTime notes a date that carries a time of day other than midnight ("31/12/2026 08:30",
// or a date cell whose serial has a fraction): a date field takes the date alone, and the time
// would be dropped without a word (an appointment's hour, when its time column is empty).
// Only a date that goes is noted: a refused one is its row's error, not a time left out.
func (o *dayOrder) noteTime(c readers.Cell, line int) {
	if timeOfDay(c) {
		o.timed.add(line)
	}
}

// timeOfDay tells whether a date cell carries a time of day other than midnight.
func timeOfDay(c readers.Cell) bool {
	s := strings.TrimSpace(c.Raw)
	switch c.Kind {
	case readers.Text:
		i := strings.IndexAny(s, " T")
		if i < 0 || !strings.Contains(s[i:], ":") {
			return false
		}
		clock := s[i+1:]
		if j := strings.IndexAny(clock, "Z+-"); j > 0 { // a zone after the time: not the time
			clock = clock[:j]
		}
		if t, err := values.ParseTime(clock); strings.Trim(clock, "0:. ") == "" || err == nil && t == "00:00" { // 12:00 AM too
			return false
		}
	case readers.Date, readers.Number:
		_, frac, ok := strings.Cut(s, ".")
		if !ok {
			return false
		}
		f, err := strconv.ParseFloat("0."+frac, 64)
		if err != nil || f*86400 < 0.5 || f*86400 > 86400-0.5 { // within half a second of midnight
			return false
		}
	default:
		return false
	}
	return true
}

// note looks at a text date of column; it reports a date that reads either way in a sheet
// where the month-first way holds (twoWays: refused by the caller, not counted), or where it
// does not yet (read: counted, read day first).
func (o *dayOrder) note(text string, line int, column string) (twoWays, read bool) {
	if !o.monthFirst.weighDate(text, line, column) {
		return false, false
	}
	if o.monthFirst.holds() {
		return true, false
	}
	o.either.add(line)
	return false, true
}

// refusal is why a date that reads either way (v, as normalised: DD/MM/YYYY) is refused in
// a sheet written month first; "" when v is no such date.
func (o *dayOrder) refusal(v string, lang outcome.Lang) string {
	t, err := time.Parse("02/01/2006", v)
	if err != nil {
		return ""
	}
	swapped := time.Date(t.Year(), time.Month(t.Day()), int(t.Month()), 0, 0, 0, 0, time.UTC)
	w := o.monthFirst
	return lang.DateTwoWays(t.Format(time.DateOnly), swapped.Format(time.DateOnly), w.column, w.line, w.example)
}

// separators gathers, for a number column, its text numbers that read two ways ("1.234":
// 1234 in pt-BR, 1.234 in en-US; "1,234" the other way round), and, with the sheet's other
// number columns read in the same locale, those written in the other locale's way (refused:
// "12.50", "0.750" in pt-BR) and those only the run's reads ("12,50"). Where the sheet shows
// more of the first than of the second (see sign), it was likely written in the other locale,
// and a number that reads two ways is refused rather than read a thousand times more or less
// than meant; those read before are said once per file (accidentWarnings).
type separators struct {
	written *sign     // shared by the sheet's number columns of one locale
	start   sign      // what a reading starts from: the sign lookAhead found, if any
	read    rowsNoted // numbers that read two ways, read the run's way
}

// sign weighs how a sheet was written, by the values that read one way only: numbers only
// the other locale reads (12.50 in pt-BR) against those only the run's reads (12,50), dates
// that read only month first (12/21/2026) against those only day first (21/12/2026). Its
// columns of one kind share it. The other way holds when its values outnumber the run's: an
// English export's prices are all 12.50, a Portuguese file's one typo among its 12,50s is
// only that (refused itself, the file's other numbers read as written).
type sign struct {
	n       int    // values only the other way reads
	own     int    // values only the run's way reads
	tip     int    // the row where the other way first held
	example string // the first value only the other way reads, its row and column
	line    int
	column  string
}

// other counts a value only the other way reads.
func (w *sign) other(raw string, line int, column string) {
	if w.n == 0 {
		w.example, w.line, w.column = strings.TrimSpace(raw), line, column
	}
	w.n++
	if w.holds() && w.tip == 0 {
		w.tip = line
	}
}

// holds tells a sheet that shows the other way more than the run's.
func (w *sign) holds() bool { return w.n > w.own }

// weighDate counts a text date written D/M/Y that reads only month first (12/21/2026) or only
// day first (21/12/2026); either tells one that reads both ways (05/06/2026).
func (w *sign) weighDate(text string, line int, column string) (either bool) {
	d, m, ok := values.DayMonth(text)
	switch {
	case !ok:
	case m > 12 && m <= 31 && d >= 1 && d <= 12:
		w.other(text, line, column)
	case d > 12 && d <= 31 && m >= 1 && m <= 12:
		w.own++
	case d >= 1 && d <= 12 && m >= 1 && m <= 12 && d != m:
		return true
	}
	return false
}

// weighNumber counts a text number that only the other locale reads (read: whether loc read
// it) or only loc reads.
func (w *sign) weighNumber(raw string, read bool, loc values.Locale, line int, column string) {
	switch {
	case !read:
		if values.OtherWay(raw, loc) {
			w.other(raw, line, column)
		}
	case values.OwnOnly(raw, loc):
		w.own++
	}
}

// note looks at a text number of column and what Normalise made of it (err); it returns why
// the number is refused when it reads two ways in a sheet where the other way holds, and
// read when it reads two ways and was read the run's way (the other way does not hold yet).
func (s *separators) note(raw string, err error, loc values.Locale, line int, column string, lang outcome.Lang) (why string, read bool) {
	loc = loc.OrDefault()
	w := s.written
	if err != nil || !values.ReadsTwoWays(raw, loc) {
		w.weighNumber(raw, err == nil, loc, line, column)
		return "", false
	}
	if !w.holds() {
		s.read.add(line)
		return "", true
	}
	return s.refusal(raw, loc, lang), false
}

// refusal is why a number that reads two ways is refused in a sheet written the other way.
func (s *separators) refusal(raw string, loc values.Locale, lang outcome.Lang) string {
	loc = loc.OrDefault()
	w := s.written
	there, _ := values.TwoWays(raw, loc)
	here, _ := values.ParseDecimal(raw, loc)
	sep, groupLoc := ",", values.EnUS
	if strings.Contains(raw, ".") {
		sep, groupLoc = ".", values.PtBR
	}
	asGroup, asDec := values.FormatDecimal(here, loc, false), values.FormatDecimal(there, loc, false)
	if groupLoc != loc {
		asGroup, asDec = asDec, asGroup
	}
	return lang.TwoWays(sep, string(groupLoc), asGroup, string(groupLoc.Other()), asDec, string(loc.Other()), w.column, w.line, w.example)
}

// numeric reports whether a field reads its text as a number (values.Normalise's order).
func numeric(f *templates.Field) bool {
	return len(f.List) == 0 && !f.Date && f.Temporal == "" && (f.Number != nil || f.Type == templates.TypeDouble || f.Type == templates.TypeInteger)
}

// plainText reports whether a field takes free text: String, with no number format, date,
// value list or check of its own (a check's error already names the accident).
func plainText(f *templates.Field) bool {
	return f.Type == templates.TypeString && f.Number == nil && !f.Date && f.Temporal == "" && len(f.List) == 0 && f.Check == ""
}

// First and last date serials taken for dates turned into numbers: 01/01/1990 and 31/12/2099.
const serialFrom, serialTo = 32874, 73050

func (a *accidents) note(c readers.Cell, f *templates.Field, line int) {
	switch c.Kind {
	case readers.Date:
		a.dates++
	case readers.Text:
		s := strings.TrimSpace(c.Raw)
		digits := s != "" && strings.Trim(s, "0123456789") == ""
		switch {
		case digits && len(s) >= 2 && s[0] == '0':
			a.padded++
		case digits && len(s) == 5 && isSerial(s):
			a.serials.add(line)
		case !digits && mayBeDate(s):
			if _, err := values.ParseDate(s, 0); err == nil {
				a.dates++
			}
		}
	case readers.Number:
		// A whole number is stored as its digits ("456"); anything else (decimals, an
		// exponent, a sign) is no code that lost its zeros.
		s := strings.TrimSpace(c.Raw)
		if s == "" || strings.Trim(s, "0123456789") != "" || values.PadsZeros(c.Format) {
			return // a format that shows leading zeros keeps them
		}
		a.numbers.add(line)
		if f.Length > 0 && len(s) < f.Length {
			a.short.add(line)
		}
		if len(s) == 5 && isSerial(s) {
			a.serials.add(line)
		}
	}
}

// mayBeDate is a cheap look before ParseDate, which most text of a text column is not worth:
// a digit first, a date separator within the first five characters, and short.
func mayBeDate(s string) bool {
	return len(s) >= 6 && len(s) <= 30 && s[0] >= '0' && s[0] <= '9' && strings.ContainsAny(s[:5], "/-.")
}

func isSerial(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= serialFrom && n <= serialTo
}

// accidentWarnings adds to the input's warnings what its columns' accidents say.
func (in *Input) accidentWarnings() {
	lang := in.opt.Lang
	for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
		for _, c := range pl.cols {
			a := c.seen
			if a == nil {
				continue
			}
			switch {
			case a.numbers.n > 0 && a.padded > 0:
				in.Warnings = append(in.Warnings, lang.ZerosLost(where(pl), c.header, lang.RowList(a.numbers.rows, a.numbers.n), true))
			case a.short.n > 0:
				in.Warnings = append(in.Warnings, lang.ZerosLost(where(pl), c.header, lang.RowList(a.short.rows, a.short.n), false))
			}
			if a.serials.n > 0 && (a.dates > 0 || namesDate(c)) {
				in.Warnings = append(in.Warnings, lang.DatesAsNumbers(where(pl), c.header, lang.RowList(a.serials.rows, a.serials.n)))
			}
			c.seen = &accidents{} // a second reading starts afresh
		}
		for _, c := range pl.cols {
			if o := c.order; o != nil {
				if w := o.monthFirst; w.holds() && o.either.n > 0 {
					in.Warnings = append(in.Warnings, lang.DaysSwapped(where(pl), c.header, lang.RowList(o.either.rows, o.either.n), w.column, w.line, w.example))
				}
				if o.timed.n > 0 {
					in.Warnings = append(in.Warnings, lang.TimeDropped(where(pl), c.header, lang.RowList(o.timed.rows, o.timed.n)))
				}
			}
			if c.clock != nil && c.clock.n > 0 {
				in.Warnings = append(in.Warnings, lang.SecondsDropped(where(pl), c.header, lang.RowList(c.clock.rows, c.clock.n)))
				c.clock = &rowsNoted{} // a second reading starts afresh
			}
			if s := c.seps; s != nil {
				if w := s.written; w.holds() && s.read.n > 0 {
					loc := c.opts.Locale.OrDefault()
					in.Warnings = append(in.Warnings, lang.TwoWaysRead(where(pl), c.header, string(loc), string(loc.Other()), w.column, w.line, w.example, lang.RowList(s.read.rows, s.read.n)))
				}
			}
		}
		for _, c := range pl.cols {
			// A second reading starts afresh, from what lookAhead found; the sheet's columns
			// share their signs.
			if s := c.seps; s != nil {
				*s.written, s.read = s.start, rowsNoted{}
			}
			if o := c.order; o != nil {
				*o.monthFirst, o.either, o.timed = o.start, rowsNoted{}, rowsNoted{}
			}
		}
		for _, c := range pl.cols {
			if c.hidden != nil && c.hidden.n > 0 {
				in.Warnings = append(in.Warnings, lang.HiddenColumnRead(where(pl), readers.ColumnName(c.idx), c.header, lang.RowList(c.hidden.rows, c.hidden.n)))
				c.hidden = &rowsNoted{} // a second reading starts afresh
			}
		}
		if ms, ok := pl.src.(interface {
			Merged(string) ([]string, int, bool)
		}); ok {
			if ranges, n, filled := ms.Merged(pl.srcSheet); n > 0 {
				in.Warnings = append(in.Warnings, lang.MergedCells(where(pl), ranges, n, filled))
			}
		}
		for _, u := range pl.unheaded {
			if u.rows.n > 0 {
				in.Warnings = append(in.Warnings, lang.UnheadedValues(where(pl), u.column, lang.RowList(u.rows.rows, u.rows.n)))
			}
			u.rows = rowsNoted{}
		}
	}
}

// namesDate: the column's header or field name says it holds dates.
func namesDate(c *column) bool {
	for _, s := range []string{alnum(c.header), alnum(c.field.Name)} {
		if strings.Contains(s, "data") || strings.Contains(s, "date") {
			return true
		}
	}
	return false
}

// tempCause is why the temporary folder could not be used, from the system's error.
func tempCause(err error) outcome.TempCause {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return outcome.TempMissing
	case errors.Is(err, syscall.ENOSPC):
		return outcome.TempFull
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return outcome.TempReadOnly
	}
	return outcome.TempOther
}
