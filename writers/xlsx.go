package writers

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"seniorimporter/outcome"
	"seniorimporter/scratch"
)

// The XLSX report: a first sheet summarising the run ("Resumo"), one sheet per input sheet
// (its original columns as the user had them, then the outcome columns), every row coloured
// by its outcome, and for read ports the answers, one sheet per port and nested set.

// outcomeFill colours a row by its outcome: green for success, red for errors, yellow for
// unknown, grey for not sent.
var outcomeFill = map[outcome.Kind]string{
	outcome.OK: "C6EFCE", outcome.Valid: "C6EFCE", outcome.Queued: "C6EFCE", outcome.Skipped: "C6EFCE",
	outcome.Rejected: "FFC7CE", outcome.Invalid: "FFC7CE", outcome.Failed: "FFC7CE",
	outcome.Unknown: "FFEB9C", outcome.NotSent: "D9D9D9",
}

const (
	headerFill = "DDEBF7" // header rows
	badFill    = "FFC7CE" // a re-import file's cells at fault
)

// kindIndex numbers the outcomes for style caches (len(outcome.Kinds) for anything else).
func kindIndex(k outcome.Kind) int {
	if i := slices.Index(outcome.Kinds, k); i >= 0 {
		return i
	}
	return len(outcome.Kinds)
}

// repSheet is a report sheet: one input sheet's lines.
type repSheet struct {
	title []string // name parts (file, sheet), shortened at save
	cols  []string
	place *placer
	ws    *wsheet   // nil until the first line
	full  []*wsheet // sheets it filled before ws, Excel's rows each
	floor []int
}

// sheets are the sheets of rs's lines in order, and their names' parts: the title, and when
// the lines took more than one sheet, "(2)", "(3)", ... after the first.
func (rs *repSheet) sheets() ([]*wsheet, [][]string) {
	if rs.ws == nil {
		return nil, nil
	}
	all := append(slices.Clone(rs.full), rs.ws)
	return all, partTitles(rs.title, len(all))
}

func partTitles(title []string, n int) [][]string {
	out := make([][]string, n)
	for i := range out {
		out[i] = title
		if i > 0 {
			out[i] = append(slices.Clone(title), fmt.Sprintf("(%d)", i+1))
		}
	}
	return out
}

// xlsxWriter is the XLSX report.
type xlsxWriter struct {
	out     *atomicFile
	wb      *workbook
	lang    outcome.Lang
	bySrc   map[string]*repSheet
	order   []*repSheet
	all     []SourceInfo
	other   *repSheet
	answers *answerBook
	tally   *outcome.Tally // summarises when Close is given no summary
	cells   []cellv
	// Styles per outcome, each at the top of its row (beside a wrapped message).
	fmts    map[string]*[10]int // per number format
	plain   [10]int             // General
	date    [10]int             // dd/mm/yyyy
	stamp   [10]int             // dd/mm/yyyy hh:mm
	wrapped [10]int             // General, wrapped within its column: the message
	words   [10]string
	err     error
}

func srcKey(file, sheet string) string { return file + "\x00" + sheet }

func openXLSX(path string, o Options) (Writer, error) {
	out, err := createAtomic(o.Files, path)
	if err != nil {
		return nil, err
	}
	out.lang, out.stale = o.Lang, true
	x := &xlsxWriter{out: out, wb: newWorkbook(), lang: o.Lang, bySrc: map[string]*repSheet{}, all: o.Sources,
		tally: outcome.NewTally(time.Now()), fmts: map[string]*[10]int{}}
	x.answers = &answerBook{lang: o.Lang, sheets: map[string]*answerSheet{}}
	for i := range x.plain {
		k := outcome.Kind("?")
		if i < len(outcome.Kinds) {
			k = outcome.Kinds[i]
		}
		fill := outcomeFill[k]
		x.plain[i] = x.wb.styles.id(style{fill: fill, top: true})
		x.date[i] = x.wb.styles.id(style{fill: fill, numFmt: "dd/mm/yyyy", top: true})
		x.stamp[i] = x.wb.styles.id(style{fill: fill, numFmt: "dd/mm/yyyy hh:mm", top: true})
		x.wrapped[i] = x.wb.styles.id(style{fill: fill, wrap: true})
		x.words[i] = x.lang.OutcomeWord(k)
	}
	// A report of one file (a drop folder's, most runs') names its sheets as the file does:
	// "orcamento", "itens". The file's name before them told apart the sheets of several
	// files, and in one file's report only made the tabs long, cut to 31 characters at
	// that: "GravarOrcament… GravarOrcament…" for the one sheet of a CSV file saved as a
	// workbook, named as the file.
	files := map[string]bool{}
	for _, s := range o.Sources {
		files[s.File] = true
	}
	for _, s := range o.Sources {
		if _, ok := x.bySrc[srcKey(s.File, s.Sheet)]; ok {
			continue
		}
		title := []string{strings.TrimSuffix(filepath.Base(s.File), filepath.Ext(s.File))}
		switch {
		case s.Sheet != "" && len(files) == 1:
			title = []string{s.Sheet}
		case s.Sheet != "":
			title = append(title, s.Sheet)
		}
		rs := x.newSheet(title, unionHeader([]SourceInfo{s}))
		rs.floor = formatFloors(s, rs.cols)
		x.bySrc[srcKey(s.File, s.Sheet)] = rs
	}
	return x, nil
}

func (x *xlsxWriter) newSheet(title, cols []string) *repSheet {
	rs := &repSheet{title: title, cols: cols, place: newPlacer(cols)}
	x.order = append(x.order, rs)
	return rs
}

// formatFloors are least widths from the fields' formats: a date takes 10 characters, a
// Number(p,s) its digits, a String(n) up to 20.
func formatFloors(s SourceInfo, cols []string) []int {
	if len(s.Formats) == 0 {
		return nil
	}
	p := newPlacer(cols)
	out := make([]int, len(cols))
	for i, j := range p.of(s.Header) {
		if j < 0 || i >= len(s.Formats) {
			continue
		}
		out[j] = formatWidth(s.Formats[i])
	}
	return out
}

func formatWidth(f string) int {
	name, args, ok := strings.Cut(strings.TrimSuffix(f, ")"), "(")
	if !ok {
		return 0
	}
	p, s, _ := strings.Cut(args, ",")
	n, _ := strconv.Atoi(strings.TrimSpace(p))
	d, _ := strconv.Atoi(strings.TrimSpace(s))
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "date", "datetime":
		return 10
	case "number":
		if d > 0 {
			return min(n+(n-d)/3+1, 14)
		}
		return min(n, 14)
	case "string":
		return min(n, 20)
	}
	return 0
}

// style of a cell with a number format, in a row of outcome i.
func (x *xlsxWriter) styleOf(format string, i int) int {
	c := x.fmts[format]
	if c == nil {
		c = new([10]int)
		for j := range c {
			k := outcome.Kind("?")
			if j < len(outcome.Kinds) {
				k = outcome.Kinds[j]
			}
			c[j] = x.wb.styles.id(style{numFmt: format, fill: outcomeFill[k], top: true})
		}
		x.fmts[format] = c
	}
	return c[i]
}

func (x *xlsxWriter) Write(o *outcome.Line) error {
	if x.err != nil {
		return x.err
	}
	x.tally.Add(o)
	rs := x.bySrc[srcKey(o.File, o.Sheet)]
	if rs == nil {
		if x.other == nil {
			x.other = x.newSheet([]string{x.lang.OtherSheet()}, unionHeader(x.all))
		}
		rs = x.other
	}
	if rs.ws != nil && rs.ws.nrows >= sheetRows {
		rs.full = append(rs.full, rs.ws)
		rs.ws = nil
	}
	if rs.ws == nil {
		rs.ws = x.wb.addSheet(rs.floor)
		rs.ws.freeze, rs.ws.filter, rs.ws.paper = true, true, paperTable
		writeHeader(x.wb, rs.ws, append(slices.Clone(rs.cols), x.lang.ReportColumns()...))
	}
	ki := kindIndex(o.Outcome)
	n := len(rs.cols)
	cells := x.cells[:0]
	for range n {
		cells = append(cells, cellv{style: x.plain[ki]})
	}
	for i, j := range rs.place.of(o.Header) {
		if j >= 0 && i < len(o.Cells) {
			cells[j] = x.typed(o.Cells[i], ki)
		}
	}
	text := func(s string) cellv {
		if s == "" {
			return cellv{style: x.plain[ki]}
		}
		return cellv{kind: cText, s: s, style: x.plain[ki]}
	}
	num := func(n int64) cellv { return cellv{kind: cNumber, s: strconv.FormatInt(n, 10), style: x.plain[ki]} }
	// The message wraps within its column (at most maxWidth wide): Senior's texts and the
	// reasons run past it, and all of a red row's reason must show beside the row.
	msg := text(o.Message)
	msg.style = x.wrapped[ki]
	cells = append(cells, text(o.File), text(o.Sheet), num(int64(o.Row)), text(o.Key), text(o.Port), text(x.words[ki]),
		text(o.Code), msg, text(o.ID), num(int64(o.Attempts)), num(o.LatencyMS))
	if ki == len(outcome.Kinds) {
		cells[n+5].s = string(o.Outcome)
	}
	x.cells = cells
	if err := rs.ws.row(cells); err != nil {
		x.err = err
		return err
	}
	if m, ok := o.Answer.(map[string]any); ok {
		if err := x.answers.add(o.Port, "", m, o.Row); err != nil {
			x.err = err
			return err
		}
	}
	return nil
}

// typed is an original cell as the user had it: a number cell with its number and format, a
// date cell a date, text as text.
func (x *xlsxWriter) typed(c outcome.Cell, ki int) cellv {
	return typedCell(c, func(format string) int {
		switch format {
		case "":
			return x.plain[ki]
		case "dd/mm/yyyy":
			return x.date[ki]
		case "dd/mm/yyyy hh:mm":
			return x.stamp[ki]
		}
		return x.styleOf(format, ki)
	})
}

// boolFormat shows a true/false cell as TRUE or FALSE in LibreOffice too (which otherwise
// shows 1 or 0 in a styled cell); Excel shows booleans its own way whatever the format.
const boolFormat = `"TRUE";"TRUE";"FALSE"`

// typedCell writes an original cell back by its kind; styleOf gives the style of a number
// format ("" General). A cell whose value cannot be written as its kind is written as text.
func typedCell(c outcome.Cell, styleOf func(format string) int) cellv {
	switch c.Kind {
	case outcome.CellNumber:
		if numberLiteral(c.Value) {
			return cellv{kind: cNumber, s: c.Value, style: styleOf(c.Format), width: len(c.Text) + len(c.Text)/4}
		}
	case outcome.CellDate:
		if serial, ok := dateSerial(c.Value); ok {
			f := c.Format
			if f == "" {
				switch {
				case strings.HasPrefix(c.Value, "1899-12-30T"): // a time of day alone
					f = "hh:mm"
				case strings.Contains(c.Value, "T"):
					f = "dd/mm/yyyy hh:mm"
				default:
					f = "dd/mm/yyyy"
				}
			}
			return cellv{kind: cDate, s: serial, style: styleOf(f), width: len(c.Text)}
		}
	case outcome.CellBool:
		f := c.Format
		if f == "" {
			f = boolFormat
		}
		switch c.Value {
		case "TRUE":
			return cellv{kind: cBool, s: "1", style: styleOf(f), width: 5}
		case "FALSE":
			return cellv{kind: cBool, s: "0", style: styleOf(f), width: 5}
		}
	}
	if c.Text == "" {
		return cellv{style: styleOf(c.Format)}
	}
	return cellv{kind: cText, s: c.Text, style: styleOf(c.Format)}
}

// writeHeader sets a sheet's bold header row.
func writeHeader(wb *workbook, ws *wsheet, names []string) {
	ws.header(headerCells(wb, names, nil))
}

// headerCells are a header row's cells; the headers of columns that hold numbers (numeric
// may be nil) are aligned right, over their values.
func headerCells(wb *workbook, names []string, numeric func(col int) bool) []cellv {
	st := wb.styles.id(style{font: 1, fill: headerFill})
	right := wb.styles.id(style{font: 1, fill: headerFill, align: alignRight})
	cells := make([]cellv, len(names))
	for i, h := range names {
		cells[i] = cellv{kind: cText, s: h, style: st, width: textWidth(h) + 3} // bold, and a gap before the next header
		if numeric != nil && numeric(i) {
			cells[i].style = right
		}
	}
	return cells
}

// Close writes the summary sheet first, then every sheet that had rows, and puts the file in
// place.
func (x *xlsxWriter) Close(sum *outcome.Summary) error {
	defer x.wb.remove()
	defer x.answers.remove()
	if x.err != nil {
		return x.out.fail(x.err)
	}
	if sum == nil {
		s := x.tally.Summary(time.Now(), 10)
		sum = &s
	}
	names := sheetNamer{}
	resumo := x.wb.addSheet(nil)
	resumo.name = names.name(x.lang.SummarySheet())
	resumo.paper = paperSummary
	order := []*wsheet{resumo}
	if err := x.summarySheet(resumo, sum); err != nil {
		return x.out.fail(err)
	}
	for _, rs := range x.order {
		sheets, titles := rs.sheets()
		for i, ws := range sheets {
			ws.name = names.name(titles[i]...)
			order = append(order, ws)
		}
	}
	answers, err := x.answers.write(x.wb, &names)
	if err != nil {
		return x.out.fail(err)
	}
	order = append(order, answers...)
	bw := bufio.NewWriterSize(x.out, 256<<10)
	if err := x.wb.save(bw, order); err != nil {
		return x.out.fail(err)
	}
	if err := bw.Flush(); err != nil {
		return x.out.fail(err)
	}
	return x.out.commit()
}

// summarySheet is the report's first sheet: rows per outcome per file, the reconciliation,
// the most frequent causes, the run's facts and the charsets read.
func (x *xlsxWriter) summarySheet(ws *wsheet, sum *outcome.Summary) error {
	l := x.lang
	wb := x.wb
	title := wb.styles.id(style{font: 2})
	bold := wb.styles.id(style{font: 1})
	text := func(s string) cellv { return cellv{kind: cText, s: s} }
	num := func(n int) cellv { return cellv{kind: cNumber, s: strconv.Itoa(n)} }
	blank := func() error { return ws.row(nil) }
	section := func(s string) error {
		return ws.row([]cellv{{kind: cText, s: strings.TrimSuffix(s, ":"), style: bold, width: 1}})
	}
	took := (time.Duration(sum.DurationMS) * time.Millisecond).String()
	if err := ws.row([]cellv{{kind: cText, s: l.SummaryTitle(outcome.Stamp(sum.Started), took), style: title, width: 1}}); err != nil {
		return err
	}
	if err := blank(); err != nil {
		return err
	}

	// Rows per outcome per file.
	var kinds []outcome.Kind
	for _, k := range outcome.Kinds {
		if sum.Outcomes[k] > 0 {
			kinds = append(kinds, k)
		}
	}
	for k := range sum.Outcomes { // an outcome the summary knows and the list does not
		if !slices.Contains(outcome.Kinds, k) && sum.Outcomes[k] > 0 {
			kinds = append(kinds, k)
		}
	}
	hdr := l.FilesColumns()
	for _, k := range kinds {
		hdr = append(hdr, l.OutcomeWord(k))
	}
	if err := ws.row(headerCells(wb, hdr, func(i int) bool { return i >= 1 })); err != nil {
		return err
	}
	count := func(n int, k outcome.Kind, font int) cellv {
		c := cellv{kind: cNumber, s: strconv.Itoa(n)}
		if n > 0 || font > 0 {
			c.style = wb.styles.id(style{font: font, fill: map[bool]string{true: outcomeFill[k]}[n > 0]})
		}
		return c
	}
	for _, f := range sum.Files {
		row := []cellv{text(f.File), num(f.Rows)}
		for _, k := range kinds {
			row = append(row, count(f.Outcomes[k], k, 0))
		}
		if err := ws.row(row); err != nil {
			return err
		}
	}
	total := []cellv{{kind: cText, s: l.Total(), style: bold}, {kind: cNumber, s: strconv.Itoa(sum.Rows), style: bold}}
	for _, k := range kinds {
		total = append(total, count(sum.Outcomes[k], k, 1))
	}
	if err := ws.row(total); err != nil {
		return err
	}

	// Reconciliation.
	if len(sum.Reconciliation) > 0 {
		if err := blank(); err != nil {
			return err
		}
		if err := section(l.ReconciliationTitle()); err != nil {
			return err
		}
		// The rows already in Senior come last, after the sheet's total, and only when some
		// file has any (a resumed migration's, a re-run's): the columns before them keep their
		// places for whoever reads the table by them.
		cols := l.ReconciliationColumns()
		already := slices.ContainsFunc(sum.Reconciliation, func(r outcome.Reconciliation) bool { return r.RowsAlready > 0 })
		if !already {
			cols = cols[:len(cols)-2]
		}
		if err := ws.row(headerCells(wb, cols, func(i int) bool { return i >= 3 && i <= 10 || i >= 13 })); err != nil {
			return err
		}
		for _, r := range sum.Reconciliation {
			for _, c := range r.Columns {
				row := []cellv{text(r.File), text(c.Column), text(c.Field), num(r.Rows), num(r.RowsSent), num(r.RowsAccepted),
					x.amount(c.Read), x.amount(c.Sent), x.amount(c.Accepted), num(c.Unreadable)}
				if c.Total != nil && c.Total.NoValue {
					// Neither green nor red: nothing was compared.
					check := cellv{kind: cText, s: l.NotChecked(), style: wb.styles.id(style{wrap: true})}
					row = append(row, cellv{}, text(c.Total.Cell), check)
				} else if c.Total != nil {
					check := cellv{kind: cText, s: l.Matches(c.Total.Matches, c.Total.PerRow), style: x.plain[kindIndex(outcome.OK)]}
					if !c.Total.Matches {
						check.style = x.plain[kindIndex(outcome.Rejected)]
					}
					if len(c.Total.Subtotals) > 0 {
						check.s += ", " + l.SubtotalsAdded()
					}
					if t := c.Total; t.Difference != "" {
						// Wrapped within its column: the columns after it (already imported) cut
						// it off at the column's edge.
						check.s += ": " + l.TotalLeftOut(l.Decimal(t.Difference), t.TextCells, t.TextMore, t.HiddenRows, t.HiddenMore)
						check.style = wb.styles.id(style{fill: outcomeFill[outcome.Rejected], wrap: true})
					}
					row = append(row, x.amount(c.Total.Value), text(c.Total.Cell), check)
				}
				if already {
					for len(row) < 13 {
						row = append(row, cellv{})
					}
					row = append(row, num(r.RowsAlready))
					if c.Already != "" {
						row = append(row, x.amount(c.Already))
					}
				}
				if err := ws.row(row); err != nil {
					return err
				}
			}
		}
	}

	// A titled list of messages, one a row, in a style.
	messages := func(title string, ps []outcome.FileProblem, style int) error {
		if len(ps) == 0 {
			return nil
		}
		if err := blank(); err != nil {
			return err
		}
		if err := section(title); err != nil {
			return err
		}
		for _, p := range ps {
			if err := ws.row([]cellv{{kind: cText, s: p.Message, width: 1, style: style}}); err != nil {
				return err
			}
		}
		return nil
	}
	// Files that gave no row to say what is wrong with them; what reading the files found
	// worth a look.
	if err := messages(l.FileProblemsTitle(), sum.FileProblems, x.plain[kindIndex(outcome.Invalid)]); err != nil {
		return err
	}
	// Hidden rows were read like the others (the printed summary says so at its end): among the
	// warnings here, where the finance team that filtered rows in Excel looks.
	warnings := slices.Clone(sum.Warnings)
	for _, f := range slices.Sorted(maps.Keys(sum.HiddenRows)) {
		warnings = append(warnings, outcome.FileProblem{File: f, Message: l.HiddenRows(f, sum.HiddenRows[f])})
	}
	if err := messages(l.WarningsTitle(), warnings, 0); err != nil {
		return err
	}

	// Causes.
	if len(sum.Causes) > 0 {
		if err := blank(); err != nil {
			return err
		}
		if err := section(l.FrequentCauses()); err != nil {
			return err
		}
		if err := ws.row(headerCells(wb, l.CausesColumns(), func(i int) bool { return i == 0 })); err != nil {
			return err
		}
		for _, c := range sum.Causes {
			if err := ws.row([]cellv{num(c.Count), {kind: cText, s: c.Text(l), width: 1}}); err != nil {
				return err
			}
		}
	}

	// The run's facts.
	if err := blank(); err != nil {
		return err
	}
	facts := l.RunFacts()
	values := []int{sum.Rows, sum.Records, sum.RowsSent, sum.Limit, sum.ExitCode, int(sum.Run)}
	for i, f := range facts {
		if i == 3 && values[i] == 0 {
			continue // no request was sent: no limit to show
		}
		if i == 5 && values[i] == 0 {
			continue // no journal: no run to name
		}
		if err := ws.row([]cellv{{kind: cText, s: f, style: bold}, num(values[i])}); err != nil {
			return err
		}
	}
	if len(sum.Charsets) > 0 {
		if err := blank(); err != nil {
			return err
		}
		if err := ws.row(headerCells(wb, l.CharsetColumns(), nil)); err != nil {
			return err
		}
		for _, f := range slices.Sorted(maps.Keys(sum.Charsets)) {
			if err := ws.row([]cellv{text(f), text(sum.Charsets[f])}); err != nil {
				return err
			}
		}
	}
	return nil
}

// amount is an exact decimal as a number cell shown with its decimals and thousands grouped.
func (x *xlsxWriter) amount(v string) cellv {
	if !numberLiteral(v) {
		return cellv{kind: cText, s: v}
	}
	return cellv{kind: cNumber, s: v, style: x.wb.styles.id(style{numFmt: decimalFormat(v)}), width: len(v) + len(v)/3}
}

// decimalFormat shows a decimal with its own places, thousands grouped: "#,##0.00".
func decimalFormat(v string) string {
	_, frac, ok := strings.Cut(v, ".")
	if !ok || frac == "" {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", len(frac))
}

// sheetNamer gives sheets valid, distinct names: at most 31 characters (the longest part
// shortened first, marked "…"), none of Excel's forbidden []:*?/\, not starting or ending
// with an apostrophe, and never two equal but for case.
type sheetNamer map[string]bool

func (n sheetNamer) name(parts ...string) string {
	clean := make([]string, 0, len(parts))
	for _, p := range parts {
		p = strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
				return '_'
			}
			return r
		}, strings.TrimSpace(p))
		if p != "" {
			clean = append(clean, p)
		}
	}
	if len(clean) == 0 {
		clean = []string{"dados"}
	}
	name := fitName(clean, 31)
	base := clean
	for i := 2; n[strings.ToLower(name)] || strings.EqualFold(name, "History"); i++ {
		name = fitName(append(slices.Clone(base), strconv.Itoa(i)), 31)
	}
	n[strings.ToLower(name)] = true
	return name
}

// fitName joins parts with spaces within limit UTF-16 units, shortening the longest parts
// (but never the last, a number when names collide) and marking each shortened one with "…".
func fitName(parts []string, limit int) string {
	runes := make([][]rune, len(parts))
	cut := make([]bool, len(parts))
	for i, p := range parts {
		runes[i] = []rune(p)
	}
	size := func() int {
		n := len(runes) - 1
		for i, r := range runes {
			n += len(utf16.Encode(r))
			if cut[i] {
				n++
			}
		}
		return n
	}
	for size() > limit {
		longest := -1
		for i, r := range runes {
			if len(runes) > 1 && i == len(runes)-1 && isNumber(string(r)) {
				continue
			}
			if len(r) > 1 && (longest < 0 || len(r) > len(runes[longest])) {
				longest = i
			}
		}
		if longest < 0 {
			break
		}
		runes[longest] = runes[longest][:len(runes[longest])-1]
		cut[longest] = true
	}
	out := make([]string, len(runes))
	for i, r := range runes {
		out[i] = strings.TrimSpace(string(r))
		if cut[i] {
			out[i] += "…"
		}
	}
	return strings.Trim(strings.Join(out, " "), "'")
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// answerBook holds read ports' answers until the report is saved: their columns are known
// only once every answer is in, and a sheet's header comes first. One sheet per port (its
// answer's own fields) and per nested set, rows spooled on disk.
type answerBook struct {
	lang   outcome.Lang
	sheets map[string]*answerSheet
	order  []*answerSheet
}

type answerSheet struct {
	port, set string
	cols      []string
	colIdx    map[string]int
	f         *os.File
	w         *bufio.Writer
	rows      int
	buf       []byte
}

// add spools one answered element: the input row, then its text fields; nested sets go to
// their own sheets.
func (a *answerBook) add(port, set string, m map[string]any, row int) error {
	k := port + "\x00" + set
	sh := a.sheets[k]
	if sh == nil {
		f, err := scratch.CreateTemp("", "importer-answers-*")
		if err != nil {
			return err
		}
		first := a.lang.AnswerRowColumn()
		sh = &answerSheet{port: port, set: set, cols: []string{first}, colIdx: map[string]int{first: 0}, f: f, w: bufio.NewWriterSize(f, 64<<10)}
		a.sheets[k] = sh
		a.order = append(a.order, sh)
	}
	vals := map[int]string{0: strconv.Itoa(row)}
	for _, key := range slices.Sorted(maps.Keys(m)) {
		switch v := m[key].(type) {
		case string:
			vals[sh.col(key)] = v
		case []any:
			for _, e := range v {
				switch ev := e.(type) {
				case map[string]any:
					if err := a.add(port, key, ev, row); err != nil {
						return err
					}
				case string:
					c := sh.col(key)
					if vals[c] != "" {
						vals[c] += "; "
					}
					vals[c] += ev
				}
			}
		}
	}
	// A row: the count of cells, then per cell its column and its text, length-prefixed.
	b := binary.AppendUvarint(sh.buf[:0], uint64(len(vals)))
	for _, c := range slices.Sorted(maps.Keys(vals)) {
		b = binary.AppendUvarint(b, uint64(c))
		b = binary.AppendUvarint(b, uint64(len(vals[c])))
		b = append(b, vals[c]...)
	}
	sh.buf = b
	sh.rows++
	_, err := sh.w.Write(b)
	return err
}

func (sh *answerSheet) col(k string) int {
	i, ok := sh.colIdx[k]
	if !ok {
		i = len(sh.cols)
		sh.colIdx[k] = i
		sh.cols = append(sh.cols, k)
	}
	return i
}

// write adds a sheet per port and set answered to wb.
func (a *answerBook) write(wb *workbook, names *sheetNamer) ([]*wsheet, error) {
	var out []*wsheet
	for _, sh := range a.order {
		// A sheet, and another each time one is full.
		var ws *wsheet
		parts := 0
		part := func() {
			parts++
			ws = wb.addSheet(nil)
			ws.freeze, ws.filter, ws.paper = true, true, paperTable
			ws.name = names.name(partTitles([]string{a.lang.AnswerSheet(sh.port, sh.set)}, parts)[parts-1]...)
			out = append(out, ws)
			writeHeader(wb, ws, sh.cols)
		}
		part()
		if err := sh.w.Flush(); err != nil {
			return nil, err
		}
		if _, err := sh.f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		r := bufio.NewReaderSize(sh.f, 64<<10)
		cells := make([]cellv, len(sh.cols))
		for range sh.rows {
			clear(cells)
			n, err := binary.ReadUvarint(r)
			if err != nil {
				return nil, err
			}
			for range n {
				c, err := binary.ReadUvarint(r)
				if err != nil {
					return nil, err
				}
				size, err := binary.ReadUvarint(r)
				if err != nil {
					return nil, err
				}
				v := make([]byte, size)
				if _, err := io.ReadFull(r, v); err != nil {
					return nil, err
				}
				cells[c] = answerCell(wb, string(v))
			}
			if ws.nrows >= sheetRows {
				part()
			}
			if err := ws.row(cells); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// answerCell writes an answer's value: a plain decimal ("12.50", "12,50", "-3") as a number
// shown with its decimals (in the reader's locale: 12,50 in a Portuguese Excel), anything
// else as text: codes with leading zeros, long identifiers (more than 9 digits), dates.
func answerCell(wb *workbook, v string) cellv {
	if lit, places, ok := plainDecimal(v); ok {
		f := ""
		if places > 0 {
			f = "#,##0." + strings.Repeat("0", places)
		}
		return cellv{kind: cNumber, s: lit, style: wb.styles.id(style{numFmt: f}), width: len(v) + len(v)/3}
	}
	if v == "" {
		return cellv{}
	}
	return cellv{kind: cText, s: v}
}

// plainDecimal reads "-12,50" or "12.50" (one decimal separator, no grouping) as a number
// literal with its decimal places.
func plainDecimal(v string) (lit string, places int, ok bool) {
	digits := strings.TrimPrefix(v, "-")
	whole, frac, hasFrac := strings.Cut(strings.Replace(digits, ",", ".", 1), ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" || hasFrac && frac == "" {
		return "", 0, false
	}
	if len(whole) > 1 && whole[0] == '0' || !hasFrac && len(whole) > 9 || len(whole)+len(frac) > 15 {
		return "", 0, false
	}
	lit = whole
	if hasFrac {
		lit += "." + frac
	}
	if strings.HasPrefix(v, "-") {
		lit = "-" + lit
	}
	return lit, len(frac), true
}

func (a *answerBook) remove() {
	for _, sh := range a.order {
		sh.f.Close()
		os.Remove(sh.f.Name())
	}
}
