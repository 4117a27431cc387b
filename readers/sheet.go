package readers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxRowBytes caps the text one XLSX row may hold (its cells together): past it the row is a
// RowTooLarge row without cells, so a hostile row of 16,384 cells of 32,767 characters
// never sits in memory.
const maxRowBytes = 4 << 20

// errRowOrder: a row whose number is not past the previous one's. Excel never writes one;
// excelize would number it by its place, this reader refuses the sheet as damaged.
var errRowOrder = errors.New("rows out of order")

// errCellTwice: a row that holds one cell twice. Excel never writes one; excelize keeps the
// last, this reader refuses the sheet as damaged.
var errCellTwice = errors.New("a cell given twice in its row")

// maxRows is Excel's last row.
const maxRows = 1 << 20

// keepBytes is how much of one text is kept: enough for MaxFieldChars characters.
const keepBytes = 4*MaxFieldChars + 8

// Cell types, from <c t="...">.
const (
	tNumber = iota // absent, "n", or a type Excel does not write
	tShared        // "s"
	tInline        // "inlineStr"
	tStr           // "str": a formula's text result
	tBool          // "b"
	tErr           // "e"
	tDate          // "d": an ISO 8601 date, written as text
)

type span struct{ start, end int }

// pcell is one <c> as the sheet has it, its texts in the row's arena.
type pcell struct {
	col, style  int
	typ         int
	v, f, is    span
	hasV, hasF  bool
	hasIS, long bool
}

// sheetScan reads one sheet's XML, a row at a time, with xmlScanner. It follows excelize's
// streaming reader (Rows, Columns) where a sheet is read the same way by both: a cell is any
// <c> inside a <row>, its value the direct text of a <v> anywhere inside it, a formula's
// text that of its <f>, an inline string that of <is> read as a shared-string item; the cell
// ends at the first </c>. Where excelize's answer is an accident of its loop (cells out of
// column order, rows out of order), this reader keeps the cell's own column, and refuses rows
// out of order as a damaged file.
type sheetScan struct {
	name, part string // the file as messages call it, the sheet's part
	sc         *xmlScanner
	styles     *styleTable
	sst        *sstView
	date1904   bool

	tok      xmlTok
	line     int
	last     int
	hidden   bool
	inRow    bool
	cells    []pcell
	arena    []byte
	tooLarge bool
	tooMany  bool
	nextCol  int
	// the inline string of the cell being read
	tBuf, runT, runs []byte
	tOver            bool
	// merged fills the rows of merged ranges that span rows (merge.go); nil when none.
	merged *mergeFill
	// late, when set, receives the merged ranges read after the rows (a sheet too large to
	// be looked at for them beforehand).
	late func(*mergeSet)
	// colsHidden, when set, receives each range of columns the sheet hides (<cols>, before
	// its rows): 0-based, inclusive.
	colsHidden func(from, to int)
}

// hiddenCol reads a <col min max hidden> element.
func (r *sheetScan) hiddenCol() {
	var from, to int
	hidden := false
	for name, val := range attrs(r.tok.attrs) {
		switch string(name) {
		case "min":
			from, _ = strconv.Atoi(string(val))
		case "max":
			to, _ = strconv.Atoi(string(val))
		case "hidden":
			hidden, _ = strconv.ParseBool(string(val))
		}
	}
	if hidden && from >= 1 && to >= from && r.colsHidden != nil {
		r.colsHidden(from-1, min(to, MaxColumns)-1)
	}
}

func (r *sheetScan) corrupt(err error) error {
	return &FileError{Path: r.name, Part: r.part, Kind: Corrupt, Err: err}
}

// run calls fn for every row, in order.
func (r *sheetScan) run(ctx context.Context, fn func(Row) error) error {
	for n := 0; ; n++ {
		if n&8191 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := r.sc.next(&r.tok); err != nil {
			return r.readErr(err)
		}
		switch r.tok.kind {
		case tkEOF:
			return r.flush(fn)
		case tkStart:
			switch string(r.tok.name) {
			case "row":
				if err := r.flush(fn); err != nil {
					return err
				}
				if err := r.startRow(); err != nil {
					return err
				}
				if r.tok.empty {
					if err := r.flush(fn); err != nil {
						return err
					}
				}
			case "col":
				if !r.inRow && r.last == 0 {
					r.hiddenCol()
				}
			case "c":
				if r.inRow {
					if err := r.cell(); err != nil {
						return err
					}
				} else if !r.tok.empty {
					// A cell outside a row is not read; its content is skipped like any.
				}
			}
		case tkEnd:
			switch string(r.tok.name) {
			case "row":
				if err := r.flush(fn); err != nil {
					return err
				}
			case "sheetData":
				if err := r.flush(fn); err != nil || r.late == nil {
					return err
				}
				m := &mergeSet{}
				if err := m.parseFrom(r.sc); err != nil {
					return r.readErr(err)
				}
				if m.n > 0 {
					r.late(m)
				}
				return nil
			}
		}
	}
}

// cellsOnce refuses a row that holds a cell twice (two <c r="J2">): a damaged workbook, as
// one row twice is; read, the last would silently win (a value of 10,00 sent as 99,99).
// Cells come in column order; only a row that does not is checked cell by cell.
func (r *sheetScan) cellsOnce(line, width int) error {
	ordered := true
	for i := 1; i < len(r.cells) && ordered; i++ {
		ordered = r.cells[i].col > r.cells[i-1].col
	}
	if ordered {
		return nil
	}
	seen := make([]bool, width)
	for i := range r.cells {
		col := r.cells[i].col
		if seen[col] {
			return r.corrupt(fmt.Errorf("%w: %s", errCellTwice, CellRef(col, line)))
		}
		seen[col] = true
	}
	return nil
}

func (r *sheetScan) readErr(err error) error {
	if fe, ok := err.(*FileError); ok {
		return fe
	}
	return r.corrupt(fmt.Errorf("near byte %d: %w", r.sc.offset(), err))
}

func (r *sheetScan) startRow() error {
	r.inRow, r.hidden, r.tooLarge, r.tooMany = true, false, false, false
	r.cells, r.arena, r.nextCol = r.cells[:0], r.arena[:0], 0
	r.line = r.last + 1
	// Per row and per cell: the loop is written out (the attrs iterator costs 7 to 12 % of
	// reading a 1,000,000-row sheet, BenchmarkXLSX1M).
	for a := r.tok.attrs; ; {
		name, val, rest, ok := nextAttr(a)
		if !ok {
			break
		}
		a = rest
		switch string(name) {
		case "r":
			if n, err := strconv.Atoi(string(val)); err == nil && n > 0 {
				r.line = n
			}
		case "hidden":
			r.hidden, _ = strconv.ParseBool(string(val)) // xsd:boolean, read as excelize does
		}
	}
	if r.line > maxRows {
		return r.corrupt(fmt.Errorf("row %d past Excel's last row", r.line))
	}
	if r.line <= r.last {
		return r.corrupt(fmt.Errorf("%w: row %d after row %d", errRowOrder, r.line, r.last))
	}
	r.last = r.line
	return nil
}

// cell reads one <c> up to its end.
func (r *sheetScan) cell() error {
	c := pcell{col: r.nextCol}
	r.tBuf, r.runs, r.tOver = r.tBuf[:0], r.runs[:0], false
	isLong := false
	// Per row and per cell: the loop is written out (the attrs iterator costs 7 to 12 % of
	// reading a 1,000,000-row sheet, BenchmarkXLSX1M).
	for a := r.tok.attrs; ; {
		name, val, rest, ok := nextAttr(a)
		if !ok {
			break
		}
		a = rest
		switch string(name) {
		case "r":
			if col, ok := parseCol(val); ok {
				c.col = col
			}
		case "s":
			c.style, _ = strconv.Atoi(string(val))
		case "t":
			switch string(val) {
			case "s":
				c.typ = tShared
			case "inlineStr":
				c.typ = tInline
			case "str":
				c.typ = tStr
			case "b":
				c.typ = tBool
			case "e":
				c.typ = tErr
			case "d":
				c.typ = tDate
			default:
				c.typ = tNumber
			}
		}
	}
	r.nextCol = c.col + 1
	if !r.tok.empty {
	loop:
		for {
			if err := r.sc.next(&r.tok); err != nil {
				return r.readErr(err)
			}
			switch r.tok.kind {
			case tkEOF:
				return r.corrupt(fmt.Errorf("the sheet ends inside a cell"))
			case tkStart:
				switch string(r.tok.name) {
				case "v":
					sp, long, err := r.direct()
					if err != nil {
						return err
					}
					c.v, c.hasV, c.long = sp, true, long
				case "f":
					sp, _, err := r.direct()
					if err != nil {
						return err
					}
					c.f, c.hasF = sp, true
				case "is":
					long, err := r.inline()
					if err != nil {
						return err
					}
					c.hasIS, isLong = true, isLong || long
				case "c":
					if r.tok.empty { // its end is a </c>: excelize ends the cell there
						break loop
					}
				}
			case tkEnd:
				if string(r.tok.name) == "c" {
					break loop
				}
			}
		}
	}
	if c.hasIS {
		var long bool
		c.is, long = r.endInline(isLong)
		c.long = c.long || long
	}
	if c.col >= MaxColumns || len(r.cells) >= MaxColumns {
		r.tooMany = true
		return nil
	}
	r.cells = append(r.cells, c)
	return nil
}

// direct reads the element just started (a <v> or <f>) and keeps its direct text in the
// arena (the text of elements inside it is not its own, as for encoding/xml).
func (r *sheetScan) direct() (span, bool, error) {
	sp := span{start: len(r.arena), end: len(r.arena)}
	if r.tok.empty {
		return sp, false, nil
	}
	long := false
	for depth := 1; depth > 0; {
		if err := r.sc.next(&r.tok); err != nil {
			return sp, false, r.readErr(err)
		}
		switch r.tok.kind {
		case tkEOF:
			return sp, false, r.corrupt(fmt.Errorf("the sheet ends inside a value"))
		case tkStart:
			if !r.tok.empty {
				depth++
			}
		case tkEnd:
			depth--
		case tkText:
			if depth == 1 {
				var err error
				if long, err = r.keep(r.tok, sp.start, long); err != nil {
					return sp, false, err
				}
			}
		}
	}
	sp.end = len(r.arena)
	return sp, long, nil
}

// keep appends a text piece to the arena, within the cell and row caps.
func (r *sheetScan) keep(t xmlTok, start int, long bool) (bool, error) {
	if len(r.arena)-start >= keepBytes {
		return true, nil
	}
	if len(r.arena) >= maxRowBytes {
		r.tooLarge = true
		return long, nil
	}
	if t.cdata {
		r.arena = append(r.arena, t.text...)
		return long, nil
	}
	var err error
	r.arena, err = appendText(r.arena, t.text)
	if err != nil {
		return long, r.corrupt(err)
	}
	return long, nil
}

// inline reads an <is> as excelize reads a shared-string item (xlsxSI), into the cell's
// buffers: the direct text of its last <t> child, then that of each <r> run's last <t>. A
// second <is> in the same cell goes on from the first, as excelize's decoding does (its
// <t> replaces, its runs add); endInline puts the result in the arena.
func (r *sheetScan) inline() (bool, error) {
	if r.tok.empty {
		return false, nil
	}
	var long, rOver, inRun bool
	capture := 0
	add := func(dst []byte, t xmlTok, over *bool) ([]byte, error) {
		if len(dst) >= keepBytes {
			*over = true
			return dst, nil
		}
		if t.cdata {
			return append(dst, t.text...), nil
		}
		return appendText(dst, t.text)
	}
	for depth := 1; depth > 0; {
		if err := r.sc.next(&r.tok); err != nil {
			return false, r.readErr(err)
		}
		switch r.tok.kind {
		case tkEOF:
			return false, r.corrupt(fmt.Errorf("the sheet ends inside a string"))
		case tkStart:
			depth++
			switch {
			case depth == 2 && string(r.tok.name) == "t":
				r.tBuf, r.tOver, capture = r.tBuf[:0], false, 2
			case depth == 2 && string(r.tok.name) == "r":
				inRun, r.runT, rOver = true, r.runT[:0], false
			case inRun && depth == 3 && string(r.tok.name) == "t":
				r.runT, rOver, capture = r.runT[:0], false, 3
			}
			if !r.tok.empty {
				continue
			}
			fallthrough
		case tkEnd:
			if capture == depth {
				capture = 0
			}
			if inRun && depth == 2 {
				inRun = false
				if len(r.runs) < keepBytes {
					r.runs = append(r.runs, r.runT...)
				}
				long = long || rOver
			}
			depth--
		case tkText:
			var err error
			switch {
			case capture == 2 && depth == 2:
				r.tBuf, err = add(r.tBuf, r.tok, &r.tOver)
			case capture == 3 && depth == 3:
				r.runT, err = add(r.runT, r.tok, &rOver)
			}
			if err != nil {
				return false, r.corrupt(err)
			}
		}
	}
	return long, nil
}

// endInline puts a cell's inline string in the arena.
func (r *sheetScan) endInline(long bool) (span, bool) {
	sp := span{start: len(r.arena), end: len(r.arena)}
	text := decodeBSTR(append(r.tBuf, r.runs...))
	r.tBuf = text[:0]
	text, cut := cutEntry(text, long || r.tOver || len(r.runs) >= keepBytes)
	if len(r.arena)+len(text) > maxRowBytes {
		r.tooLarge = true
		return sp, cut
	}
	r.arena = append(r.arena, text...)
	sp.end = len(r.arena)
	return sp, cut
}

// parseCol reads the column of a cell reference ("B7", "$AB$12", "ab3"); ok is false when
// it is not one (the cell then takes the column after the previous one, as in excelize).
func parseCol(ref []byte) (int, bool) {
	col, _, ok := parseRef(ref)
	return col, ok
}

// parseRef reads a cell reference's 0-based column and its row number.
func parseRef(ref []byte) (col, line int, ok bool) {
	i := 0
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c == '$':
		case 'A' <= c && c <= 'Z':
			col = min(col*26+int(c-'A'+1), MaxColumns+1)
		case 'a' <= c && c <= 'z':
			col = min(col*26+int(c-'a'+1), MaxColumns+1)
		default:
			goto digits
		}
	}
digits:
	if col == 0 || i == len(ref) {
		return 0, 0, false
	}
	row := 0
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = min(row*10+int(c-'0'), maxRows+1)
	}
	if row == 0 {
		return 0, 0, false
	}
	return col - 1, row, true
}

// flush ends the row being read and gives it to fn (unless it holds nothing).
func (r *sheetScan) flush(fn func(Row) error) error {
	if !r.inRow {
		return nil
	}
	r.inRow = false
	line := r.line
	if r.tooLarge {
		return fn(Row{Line: line, Hidden: r.hidden, Err: &RowError{Line: line, Column: -1, Offset: -1, Kind: RowTooLarge, Limit: maxRowBytes}})
	}
	if r.tooMany {
		return fn(Row{Line: line, Hidden: r.hidden, Err: &RowError{Line: line, Column: MaxColumns, Offset: -1, Kind: TooManyColumns, Limit: MaxColumns}})
	}
	if len(r.cells) == 0 {
		return nil
	}
	width := 0
	for i := range r.cells {
		width = max(width, r.cells[i].col+1)
	}
	if err := r.cellsOnce(line, width); err != nil {
		return err
	}
	// The references go in the arena too, so that the row's strings are one allocation.
	refStart := len(r.arena)
	for col := range width {
		r.arena = strconv.AppendInt(appendColumn(r.arena, col), int64(line), 10)
	}
	refEnd := len(r.arena)
	str := string(r.arena)
	refs := str[refStart:refEnd]
	cells := make([]Cell, width)
	lineDigits := len(strconv.Itoa(line))
	p := 0
	for col := range cells {
		n := colLen(col) + lineDigits
		cells[col].Ref = refs[p : p+n]
		p += n
	}
	var rowErr *RowError
	empty := true
	for i := range r.cells {
		pc := &r.cells[i]
		c, err := r.cellOf(pc, str)
		if err != nil {
			return err
		}
		c.Ref = cells[pc.col].Ref
		cells[pc.col] = c
		if rowErr == nil {
			if pc.long || (c.Kind == Text && len(c.Raw) > MaxFieldChars && utf8.RuneCountInString(c.Raw) > MaxFieldChars) {
				rowErr = &RowError{Line: line, Column: pc.col, Offset: -1, Kind: FieldTooLong, Limit: MaxFieldChars, Excerpt: excerpt([]byte(c.Raw))}
			} else if !utf8.ValidString(c.Raw) || !utf8.ValidString(c.Formula) {
				rowErr = &RowError{Line: line, Column: pc.col, Offset: -1, Kind: InvalidUTF8, Excerpt: excerpt([]byte(c.Raw))}
			}
		}
		if c.Kind != Empty && !(c.Kind == Text && strings.TrimSpace(c.Raw) == "") {
			empty = false
		}
	}
	if rowErr != nil {
		for i := range cells {
			cells[i].Raw = strings.ToValidUTF8(cells[i].Raw, "\uFFFD")
			cells[i].Formula = strings.ToValidUTF8(cells[i].Formula, "\uFFFD")
		}
	} else if empty {
		return nil
	}
	if r.merged != nil {
		cells = r.merged.fill(line, cells)
	}
	return fn(Row{Line: line, Cells: cells, Hidden: r.hidden, Err: rowErr})
}

func colLen(col int) int {
	n := 1
	for col >= 26 {
		col = col/26 - 1
		n++
	}
	return n
}

// cellOf turns a raw cell into a typed one; str holds the row's arena as a string.
func (r *sheetScan) cellOf(c *pcell, str string) (Cell, error) {
	f := r.styles.format(c.style)
	out := Cell{Format: f.code, Date1904: r.date1904}
	if c.hasF {
		out.Formula = str[c.f.start:c.f.end]
	}
	v := str[c.v.start:c.v.end]
	blank := strings.TrimSpace(v) == ""
	noValue := false
	switch c.typ {
	case tShared:
		if v == "" {
			noValue = true
			break
		}
		// An index of blanks is no number either (below: #REF!); excelize reads it as 0, the
		// workbook's first string, which no cell said.
		i, err := strconv.Atoi(strings.TrimSpace(v))
		text, long, ok, rerr := r.sst.get(i)
		if rerr != nil {
			return out, &FileError{Path: r.name, Part: "shared strings", Kind: Corrupt, Err: rerr}
		}
		if err != nil || !ok {
			out.Kind, out.Raw = Error, "#REF!"
			break
		}
		out.Kind, out.Raw = Text, text
		c.long = c.long || long
	case tInline:
		switch {
		case c.hasIS:
			out.Kind, out.Raw = Text, str[c.is.start:c.is.end]
		case v != "":
			out.Kind, out.Raw = Text, v
		default:
			noValue = true
		}
	case tStr:
		out.Kind, out.Raw = Text, v
		noValue = !c.hasV
	case tBool:
		// ECMA-376 writes 1 and 0; a producer writing xsd:boolean's other form, true, meant
		// TRUE, which excelize reads FALSE (and a yes/no field then went to Senior as N).
		out.Kind, out.Raw = Bool, "FALSE"
		if b := strings.TrimSpace(v); b == "1" || strings.EqualFold(b, "true") {
			out.Raw = "TRUE"
		}
		noValue = blank
	case tErr:
		out.Kind, out.Raw = Error, v
		noValue = blank
	case tDate: // an ISO 8601 date written as text: read as the text it is
		out.Kind, out.Raw = Text, v
		noValue = blank
	default:
		out.Kind, out.Raw = Number, v
		if f.date {
			out.Kind = Date
		}
		out.Percent = f.percent && out.Kind == Number
		noValue = blank
	}
	if noValue {
		// An empty <v></v> (openpyxl writes one for every formula, which it never computes)
		// is no value, except for a formula's text result (t="str").
		if c.hasF {
			return Cell{Kind: Error, Raw: "=?", Format: f.code, Formula: out.Formula}, nil
		}
		return Cell{Kind: Empty, Format: f.code}, nil
	}
	return out, nil
}

// lastLine reads the start of a sheet for its <dimension ref="A1:K40">: 40. 0 when the sheet
// declares none before its rows, or a single cell.
func lastLine(sc *xmlScanner) int {
	var t xmlTok
	for {
		if err := sc.next(&t); err != nil || t.kind == tkEOF {
			return 0
		}
		if t.kind != tkStart {
			continue
		}
		switch string(t.name) {
		case "sheetData":
			return 0
		case "dimension":
			for name, val := range attrs(t.attrs) {
				if string(name) != "ref" {
					continue
				}
				// A single cell ("A1") is what excelize writes whatever the sheet holds: it
				// says nothing.
				_, last, ok := bytes.Cut(val, []byte(":"))
				if !ok {
					return 0
				}
				n, _ := strconv.Atoi(strings.TrimLeft(string(last), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$"))
				return n
			}
			return 0
		}
	}
}
