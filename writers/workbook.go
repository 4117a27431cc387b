package writers

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"seniorimporter/scratch"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// This file writes .xlsx workbooks itself, part by part, instead of through excelize: a report
// of a million rows must not be held in memory (excelize's SaveAs builds the whole zip in a
// bytes.Buffer, and its StreamWriter needs one sheet at a time while report rows arrive
// interleaved across sheets), number cells must keep the digits they were read with, and the
// rows are many enough that every byte of XML per cell counts. Each sheet's XML goes through
// deflate into a temporary file as rows arrive; at save the compressed parts are copied into
// the zip as they are (zip.Writer.CreateRaw), so nothing is compressed twice.

// cellKind is how a cell is written.
type cellKind uint8

const (
	cEmpty  cellKind = iota // no value (a style only)
	cText                   // a string
	cNumber                 // s is a number literal ("0.05", "-12")
	cDate                   // s is a serial ("46387", "46387.5")
	cBool                   // s is "1" or "0"
)

// cellv is one cell to write.
type cellv struct {
	kind  cellKind
	s     string
	style int
	width int // display width in characters, when the writer knows better than len(s)
}

// workbook is an .xlsx file being written.
type workbook struct {
	styles styleSet
	sst    sharedStrings
	sheets []*wsheet
	parts  *partSet // shared by the workbooks of one writer (re-import files)
}

func newWorkbook() *workbook {
	return &workbook{styles: newStyleSet(), sst: sharedStrings{idx: map[string]int{}}, parts: &partSet{}}
}

// headRows is how many rows of a sheet are held before its column widths are fixed: <cols>
// comes before <sheetData> in a sheet's XML.
const headRows = 100

// sheetRows is the most rows a worksheet holds, the header included: Excel's limit (and
// LibreOffice's). A report sheet that would hold more goes on in another. A variable so tests
// can split small sheets.
var sheetRows = 1 << 20

// maxWidth caps a column's width (characters).
const maxWidth = 60

// wsheet is one worksheet being written.
type wsheet struct {
	wb     *workbook
	name   string // given at save
	freeze bool   // freeze the first row
	filter bool   // autofilter over the first row and the data
	paper  paper  // how it prints
	across int    // pages across the sheet prints on (decided at fix; 0 for paperPlain)
	ncols  int
	nrows  int   // rows written so far (the last row's number)
	widths []int // display widths seen in the first rows
	floors []int // least widths, from what the columns hold
	head   []byte
	fixed  bool
	buf    []byte
	part   *deflatePart
	// comments (re-import files): a comments part and its legacy VML drawing
	comments, vml *deflatePart
	ncomments     int
	share         []shareStat // per column
	hdr           []cellv     // the first row, written at fix
	numeric       []uint8     // per column of the first rows: 1 numbers seen, 2 others
	err           error
}

// paper is how a sheet prints.
type paper uint8

const (
	paperPlain   paper = iota // the spreadsheet program's defaults (re-import files)
	paperTable                // a table under its header row (report and answer sheets)
	paperSummary              // the report's summary
)

// Printing. A report or summary sheet prints landscape on A4 between narrow margins (0.25"
// at the sides: 842 - 36 points across), its pages numbered and headed by the sheet's name;
// a table prints its gridlines and its header row atop every page. Its columns are fitted to
// the width of the fewest pages across on which they print at printScale or more (never
// enlarged): one page when they fit so, else pages side by side, each band of rows going on to
// the pages at its right before the next band (overThenDown), so that a row reads on. Excel's
// fit to one page wide, which the report had, printed 28 columns at 24%: text of 2.6 points.
const (
	printWidth     = 842 - 2*18 // points across an A4 landscape page between narrow margins
	pointsPerWidth = 5.25       // points a unit of column width takes (7 pixels: Calibri 11's digit)
	printScale     = 75         // percent: Calibri 11 printed at 8.25 points, the least read with ease
)

// pagesAcross is how many pages across columns of these widths (as written in <cols>) take
// printed at printScale, a page holding whole columns.
func pagesAcross(widths []float64) int {
	pages, used := 1, 0.0
	for _, w := range widths {
		pt := w * pointsPerWidth * printScale / 100
		if used > 0 && used+pt > printWidth {
			pages++
			used = 0
		}
		used += pt
	}
	return pages
}

// addSheet starts a sheet; floors are least column widths (may be nil).
func (wb *workbook) addSheet(floors []int) *wsheet {
	s := &wsheet{wb: wb, floors: floors}
	wb.sheets = append(wb.sheets, s)
	return s
}

// remove deletes every temporary file.
func (wb *workbook) remove() {
	for _, s := range wb.sheets {
		for _, p := range []*deflatePart{s.part, s.comments, s.vml} {
			p.remove()
		}
	}
}

// header sets the sheet's first row, written when the column widths are fixed: a header over
// a column whose first rows hold only numbers or dates is aligned right, over its values.
func (s *wsheet) header(cells []cellv) {
	s.hdr = cells
	s.nrows = 1
	s.ncols = max(s.ncols, len(cells))
	s.measure(cells)
}

// row writes the next row (numbered nrows+1) with the row's cells from column A.
func (s *wsheet) row(cells []cellv) error {
	if s.err != nil {
		return s.err
	}
	s.nrows++
	s.ncols = max(s.ncols, len(cells))
	if !s.fixed {
		s.head = s.appendRow(s.head, s.nrows, cells)
		s.measure(cells)
		s.kinds(cells)
		if s.nrows >= headRows {
			return s.fix()
		}
		return nil
	}
	s.buf = s.appendRow(s.buf, s.nrows, cells)
	if len(s.buf) >= 64<<10 {
		return s.flush()
	}
	return nil
}

// kinds notes which columns of the first rows hold numbers only.
func (s *wsheet) kinds(cells []cellv) {
	for len(s.numeric) < len(cells) {
		s.numeric = append(s.numeric, 0)
	}
	for i, c := range cells {
		switch c.kind {
		case cNumber, cDate, cBool: // shown aligned right (booleans too, in LibreOffice)
			s.numeric[i] |= 1
		case cText:
			s.numeric[i] |= 2
		}
	}
}

func (s *wsheet) appendRow(b []byte, n int, cells []cellv) []byte {
	b = append(b, `<row r="`...)
	b = strconv.AppendInt(b, int64(n), 10)
	if lines := s.wrappedLines(cells); lines > 1 {
		b = append(b, `" ht="`...)
		b = strconv.AppendInt(b, int64(min(lines*rowPoints, maxRowPoints)), 10)
		b = append(b, `" customHeight="1`...)
	}
	b = append(b, `">`...)
	// A cell without r="" sits in the column after the previous one: only a cell after a
	// gap names itself, which saves a fifth of the XML.
	next := 0
	for i := range cells {
		c := &cells[i]
		if c.kind == cEmpty && c.style == 0 {
			continue
		}
		b = append(b, `<c`...)
		if i != next {
			b = append(b, ` r="`...)
			b = appendColumn(b, i)
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, '"')
		}
		next = i + 1
		if c.style != 0 {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(c.style), 10)
			b = append(b, '"')
		}
		switch c.kind {
		case cEmpty:
			b = append(b, `/>`...)
		case cNumber, cDate:
			b = append(b, `><v>`...)
			b = append(b, c.s...)
			b = append(b, `</v></c>`...)
		case cBool:
			b = append(b, ` t="b"><v>`...)
			b = append(b, c.s...)
			b = append(b, `</v></c>`...)
		case cText:
			c.s = clipCell(c.s)
			if i, ok := s.shared(i, c.s); ok {
				b = append(b, ` t="s"><v>`...)
				b = strconv.AppendInt(b, int64(i), 10)
				b = append(b, `</v></c>`...)
			} else {
				b = append(b, ` t="inlineStr"><is>`...)
				b = appendT(b, c.s)
				b = append(b, `</is></c>`...)
			}
		}
	}
	return append(b, `</row>`...)
}

// cellChars is the most characters (UTF-16 code units) Excel lets a cell hold: a workbook
// with a longer text opens only through Excel's "repair", which cuts it anyway.
const cellChars = 32767

// Row heights of wrapped text. Neither LibreOffice nor every Excel fits a row's height to its
// wrapped text when it opens a file: a row keeps one line's height and its lines overlap the
// rows below. A row holding wrapped text is therefore written as tall as its longest such
// text's lines, counted at wrapChars to a line: a column holding text longer than maxWidth
// is maxWidth wide, and a shorter text fits its column's width. Proportional text takes
// less than one digit's width per character (Calibri, or LibreOffice's fallback font): a
// maxWidth column holds 70 to 80 of a message's characters to a line, fewer at a word-wrapped
// line's end; counting maxWidth makes a row a line too tall now and then rather than one whose
// text is hidden. A text that is not wrapped takes a line for each of its line breaks
// (LibreOffice shows them all; a description typed with Alt+Enter, copied from the input):
// a row of one line's height let its second line lie over the next row's text.
const (
	wrapChars    = maxWidth
	rowPoints    = 15  // a line of Calibri 11
	maxRowPoints = 409 // the tallest row Excel allows
)

// wrappedLines is how many lines the row's tallest text cell takes: a wrapped one at
// wrapChars to a line, any one at its line breaks.
func (s *wsheet) wrappedLines(cells []cellv) int {
	most := 1
	for i := range cells {
		c := &cells[i]
		if c.kind != cText {
			continue
		}
		wrap := c.style != 0 && s.wb.styles.list[c.style].wrap
		if !strings.Contains(c.s, "\n") && (!wrap || len(c.s) <= wrapChars) {
			continue
		}
		lines := 0
		for line := range strings.SplitSeq(c.s, "\n") {
			if wrap {
				lines += max(1, (utf8.RuneCountInString(line)+wrapChars-1)/wrapChars)
			} else {
				lines++
			}
		}
		most = max(most, lines)
	}
	return most
}

// clipCell cuts a text longer than a cell may hold, marking the cut with "…". Such a value
// was refused as too long already (a row's cell, read) or is a server's message; the
// re-import CSV and the JSONL report keep it whole.
func clipCell(t string) string {
	if len(t) <= cellChars || utf16Len(t) <= cellChars { // UTF-8 takes a byte per unit at least
		return t
	}
	units := 0
	for i, r := range t {
		units += max(utf16.RuneLen(r), 1)
		if units > cellChars-1 { // room for the "…"
			return t[:i] + "…"
		}
	}
	return t
}

// utf16Len is how many UTF-16 code units t takes (an invalid byte, as its replacement: one).
func utf16Len(t string) int {
	n := 0
	for _, r := range t {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// shared returns a text's index in the shared strings, unless its column's texts are
// unique: a column whose first texts were mostly new (keys, ids, names) is written inline
// from then on, which spares a map look-up per cell and keeps the table for the texts that
// repeat (files, ports, outcomes, messages).
func (s *wsheet) shared(col int, t string) (int, bool) {
	for len(s.share) <= col {
		s.share = append(s.share, shareStat{})
	}
	st := &s.share[col]
	if st.inline {
		return 0, false
	}
	i, found, ok := s.wb.sst.index(t)
	st.looked++
	if found {
		st.found++
	}
	if st.looked == 1000 && st.found < 250 {
		st.inline = true
	}
	return i, ok
}

type shareStat struct {
	looked, found int
	inline        bool
}

// measure notes the display width of a head row's cells.
func (s *wsheet) measure(cells []cellv) {
	for len(s.widths) < len(cells) {
		s.widths = append(s.widths, 0)
	}
	for i, c := range cells {
		w := c.width
		if w == 0 {
			switch c.kind {
			case cText:
				w = textWidth(c.s)
			case cNumber:
				w = len(c.s) + len(c.s)/3
			case cDate:
				w = 10
				if strings.Contains(c.s, ".") {
					w = 16
				}
			case cBool:
				w = 5
			}
		}
		s.widths[i] = max(s.widths[i], w)
	}
}

// textWidth is the widest line of a text, in characters.
func textWidth(t string) int {
	w := 0
	for line := range strings.SplitSeq(t, "\n") {
		w = max(w, utf8.RuneCountInString(line))
	}
	return w
}

func (s *wsheet) flush() error {
	if s.err != nil {
		return s.err
	}
	if len(s.buf) > 0 {
		if _, err := s.part.Write(s.buf); err != nil {
			s.err = err
			return err
		}
		s.buf = s.buf[:0]
	}
	return nil
}

// fix writes the sheet's XML up to its rows, column widths now known, then the rows held.
func (s *wsheet) fix() error {
	if s.fixed {
		return s.err
	}
	s.fixed = true
	p, err := s.wb.parts.newPart()
	if err != nil {
		s.err = err
		return err
	}
	s.part = p
	widths := s.colWidths()
	if s.paper != paperPlain {
		s.across = pagesAcross(widths)
	}
	b := append(s.buf[:0], xmlHeader...)
	b = append(b, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`...)
	if s.across > 0 {
		b = append(b, `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`...)
	}
	b = append(b, `<sheetViews><sheetView workbookViewId="0">`...)
	if s.freeze {
		b = append(b, `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>`...)
	}
	b = append(b, `</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`...)
	if len(widths) > 0 {
		b = append(b, `<cols>`...)
		for i, width := range widths {
			b = append(b, `<col min="`...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			b = append(b, `" max="`...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			b = append(b, `" width="`...)
			b = strconv.AppendFloat(b, width, 'f', -1, 64)
			b = append(b, `" customWidth="1"/>`...)
		}
		b = append(b, `</cols>`...)
	}
	b = append(b, `<sheetData>`...)
	if s.hdr != nil {
		for i := range s.hdr {
			if i < len(s.numeric) && s.numeric[i] == 1 {
				st := s.wb.styles.list[s.hdr[i].style]
				st.align = alignRight
				s.hdr[i].style = s.wb.styles.id(st)
			}
		}
		b = s.appendRow(b, 1, s.hdr)
	}
	b = append(b, s.head...)
	s.head = nil
	s.buf = b
	return s.flush()
}

// colWidths are the columns' widths as written, from what the first rows hold.
func (s *wsheet) colWidths() []float64 {
	n := max(len(s.widths), len(s.floors))
	out := make([]float64, n)
	for i := range out {
		w := 0
		if i < len(s.widths) {
			w = s.widths[i]
		}
		if i < len(s.floors) {
			w = max(w, s.floors[i])
		}
		out[i] = float64(min(max(w, 6), maxWidth)) + 2
		if s.filter && i < len(s.widths) {
			out[i] += 2 // the filter button sits over the header's end
		}
	}
	return out
}

// close ends the sheet's XML.
func (s *wsheet) close() error {
	if err := s.fix(); err != nil {
		return err
	}
	b := append(s.buf, `</sheetData>`...)
	if s.filter && s.ncols > 0 {
		b = append(b, `<autoFilter ref="`...)
		b = append(b, s.filterRange(false)...)
		b = append(b, `"/>`...)
	}
	b = s.appendPrint(b)
	if s.ncomments > 0 {
		b = append(b, `<legacyDrawing r:id="rId2"/>`...)
	}
	b = append(b, `</worksheet>`...)
	s.buf = b
	if err := s.flush(); err != nil {
		return err
	}
	if err := s.part.finish(); err != nil {
		return err
	}
	if s.ncomments > 0 {
		if _, err := io.WriteString(s.comments, `</commentList></comments>`); err != nil {
			return err
		}
		if _, err := io.WriteString(s.vml, `</xml>`); err != nil {
			return err
		}
		if err := s.comments.finish(); err != nil {
			return err
		}
		return s.vml.finish()
	}
	return nil
}

// appendPrint appends the sheet's print settings: options, margins, page setup, header and
// footer (the header's &A is the sheet's name, the footer's &P / &N the page and the count).
func (s *wsheet) appendPrint(b []byte) []byte {
	if s.paper == paperPlain {
		return append(b, `<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`...)
	}
	if s.paper == paperTable {
		b = append(b, `<printOptions gridLines="1"/>`...)
	}
	b = append(b, `<pageMargins left="0.25" right="0.25" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`...)
	b = fmt.Appendf(b, `<pageSetup paperSize="9" fitToWidth="%d" fitToHeight="0"`, s.across)
	if s.across > 1 {
		b = append(b, ` pageOrder="overThenDown"`...)
	}
	b = append(b, ` orientation="landscape"/>`...)
	return append(b, `<headerFooter><oddHeader>&amp;L&amp;A</oddHeader><oddFooter>&amp;R&amp;P / &amp;N</oddFooter></headerFooter>`...)
}

// printTitles reports whether the sheet's header row is printed atop every page.
func (s *wsheet) printTitles() bool {
	return s.paper == paperTable && s.hdr != nil
}

// filterRange is the autofilter's range: the header and every row ("A1:N100"), absolute for
// a defined name.
func (s *wsheet) filterRange(absolute bool) string {
	last := max(s.nrows, 2)
	if absolute {
		return "$A$1:$" + string(appendColumn(nil, s.ncols-1)) + "$" + strconv.Itoa(last)
	}
	return "A1:" + string(appendColumn(nil, s.ncols-1)) + strconv.Itoa(last)
}

// comment attaches a note to a cell (0-based column, 1-based row).
func (s *wsheet) comment(col, row int, text string) error {
	if s.comments == nil {
		var err error
		if s.comments, err = s.wb.parts.newPart(); err != nil {
			return err
		}
		if s.vml, err = s.wb.parts.newPart(); err != nil {
			return err
		}
		if _, err := io.WriteString(s.comments, xmlHeader+`<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>importer</author></authors><commentList>`); err != nil {
			return err
		}
		if _, err := io.WriteString(s.vml, vmlHeader); err != nil {
			return err
		}
	}
	s.ncomments++
	b := append([]byte(nil), `<comment ref="`...)
	b = appendColumn(b, col)
	b = strconv.AppendInt(b, int64(row), 10)
	b = append(b, `" authorId="0"><text><r><rPr><sz val="9"/></rPr>`...)
	b = appendT(b, text)
	b = append(b, `</r></text></comment>`...)
	if _, err := s.comments.Write(b); err != nil {
		return err
	}
	lines := strings.Count(text, "\n") + 1 + utf8.RuneCountInString(text)/40
	v := fmt.Sprintf(`<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:2pt;width:240pt;height:%dpt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
		1024+s.ncomments, 14*min(lines+1, 20), s.ncomments, col+1, row-1, col+5, row+2, row-1, col)
	_, err := io.WriteString(s.vml, v)
	return err
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const vmlHeader = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`

// appendColumn appends a 0-based column's letters (0 → A, 26 → AA).
func appendColumn(b []byte, i int) []byte {
	if i >= 26 {
		b = appendColumn(b, i/26-1)
	}
	return append(b, byte('A'+i%26))
}

// appendT appends a text run: <t>, escaped, with xml:space="preserve" when spaces at its ends
// would otherwise be lost. Characters XML 1.0 cannot carry are written as Excel writes them,
// _xHHHH_ (and a literal "_x" that would read as one is escaped itself).
func appendT(b []byte, t string) []byte {
	if t != strings.TrimSpace(t) {
		b = append(b, `<t xml:space="preserve">`...)
	} else {
		b = append(b, `<t>`...)
	}
	b = appendEscaped(b, t)
	return append(b, `</t>`...)
}

func appendEscaped(b []byte, t string) []byte {
	last := 0
	for i := 0; i < len(t); {
		c := t[i]
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(t[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
				b = append(b, t[last:i]...)
				b = append(b, "\uFFFD"...)
				i += size
				last = i
				continue
			}
			i += size
			continue
		}
		var esc string
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"':
			esc = "&quot;"
		case c == '\r':
			esc = "&#13;"
		case c < 0x20 && c != '\t' && c != '\n':
			esc = fmt.Sprintf("_x%04X_", c)
		case c == '_' && isXEscape(t[i:]):
			esc = "_x005F_"
		default:
			i++
			continue
		}
		b = append(b, t[last:i]...)
		b = append(b, esc...)
		i++
		last = i
	}
	return append(b, t[last:]...)
}

// isXEscape reports whether t starts with what Excel would read as an _xHHHH_ escape once
// written: _xHHHH_ itself, or _xHHHH before a control character, whose own escape brings the
// closing _ ("_x0000" then U+0001 was written _x0000_x0001_, read back as U+0000 "x0001_").
func isXEscape(t string) bool {
	if len(t) < 7 || t[1] != 'x' {
		return false
	}
	if c := t[6]; c != '_' && (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
		return false
	}
	for _, c := range []byte(t[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// numberLiteral reports whether s can go in a cell's <v> as a number (xsd:double, finite).
func numberLiteral(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0)
}

// dateSerial turns "2026-12-31" or "2026-12-31T08:30:00" into Excel's 1900-system serial
// ("46387", "46387.354166666667"); ok is false for anything else. Days before 1 March 1900
// count from 31 December 1899, as Excel (which believes in 29 February 1900) numbers them.
func dateSerial(v string) (string, bool) {
	t, err := time.Parse("2006-01-02T15:04:05", v)
	if err != nil {
		if t, err = time.Parse("2006-01-02", v); err != nil {
			return "", false
		}
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if t.Year() == 1900 && t.Month() <= 2 {
		epoch = epoch.AddDate(0, 0, 1)
	}
	secs := t.Sub(epoch) / time.Second
	if secs < 0 {
		return "", false
	}
	days, rest := int64(secs)/86400, int64(secs)%86400
	if rest == 0 {
		return strconv.FormatInt(days, 10), true
	}
	return strconv.FormatFloat(float64(days)+float64(rest)/86400, 'f', -1, 64), true
}

// sharedStrings is the workbook's table of strings, bounded: strings seen once the table is
// full are written inline. Repeated values (file names, ports, outcomes) come early and are
// shared; a column of unique texts fills the table only up to its bounds.
type sharedStrings struct {
	idx   map[string]int
	list  []string
	bytes int
	refs  int // cells referring to the table
}

const (
	maxShared      = 1 << 16
	maxSharedBytes = 8 << 20
	maxSharedLen   = 256
)

// index returns s's index, adding it when there is room; found tells whether it was there.
func (t *sharedStrings) index(s string) (i int, found, ok bool) {
	if i, ok := t.idx[s]; ok {
		t.refs++
		return i, true, true
	}
	if len(t.list) >= maxShared || t.bytes+len(s) > maxSharedBytes || len(s) > maxSharedLen {
		return 0, false, false
	}
	i = len(t.list)
	t.idx[s] = i
	t.list = append(t.list, s)
	t.bytes += len(s)
	t.refs++
	return i, false, true
}

// style is one cell format: number format code ("" General), fill colour ("" none), font.
type style struct {
	numFmt string
	fill   string
	font   int // 0 normal, 1 bold, 2 title
	align  uint8
	wrap   bool // wrapped within its column, at its top
	top    bool // at the top of its row (beside a wrapped cell; Excel's default is the bottom)
}

// Horizontal alignments.
const (
	alignGeneral uint8 = iota
	alignRight
)

// styleSet numbers the styles cells use; written as styles.xml at save.
type styleSet struct {
	ids     map[style]int
	list    []style
	fills   map[string]int
	fillOrd []string
	fmts    map[string]int
	fmtOrd  []string
}

func newStyleSet() styleSet {
	s := styleSet{ids: map[style]int{}, fills: map[string]int{}, fmts: map[string]int{}}
	s.id(style{})
	return s
}

// builtinFormats are the number formats Excel knows by id.
var builtinFormats = map[string]int{
	"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "0.00E+00": 11,
	"# ?/?": 12, "# ??/??": 13, "mm-dd-yy": 14, "d-mmm-yy": 15, "d-mmm": 16, "mmm-yy": 17,
	"h:mm AM/PM": 18, "h:mm:ss AM/PM": 19, "h:mm": 20, "h:mm:ss": 21, "m/d/yy h:mm": 22,
	"mm:ss": 45, "[h]:mm:ss": 46, "mmss.0": 47, "##0.0E+0": 48, "@": 49,
}

func (s *styleSet) id(st style) int {
	if st.numFmt == "General" {
		st.numFmt = ""
	}
	if i, ok := s.ids[st]; ok {
		return i
	}
	i := len(s.list)
	s.ids[st] = i
	s.list = append(s.list, st)
	if st.fill != "" {
		if _, ok := s.fills[st.fill]; !ok {
			s.fills[st.fill] = 2 + len(s.fillOrd)
			s.fillOrd = append(s.fillOrd, st.fill)
		}
	}
	if _, ok := builtinFormats[st.numFmt]; st.numFmt != "" && !ok {
		if _, ok := s.fmts[st.numFmt]; !ok {
			s.fmts[st.numFmt] = 164 + len(s.fmtOrd)
			s.fmtOrd = append(s.fmtOrd, st.numFmt)
		}
	}
	return i
}

func (s *styleSet) xml() []byte {
	b := []byte(xmlHeader + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if len(s.fmtOrd) > 0 {
		b = fmt.Appendf(b, `<numFmts count="%d">`, len(s.fmtOrd))
		for _, code := range s.fmtOrd {
			b = fmt.Appendf(b, `<numFmt numFmtId="%d" formatCode="`, s.fmts[code])
			b = appendEscaped(b, code)
			b = append(b, `"/>`...)
		}
		b = append(b, `</numFmts>`...)
	}
	b = append(b, `<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>`...)
	b = fmt.Appendf(b, `<fills count="%d"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>`, 2+len(s.fillOrd))
	for _, c := range s.fillOrd {
		b = fmt.Appendf(b, `<fill><patternFill patternType="solid"><fgColor rgb="FF%s"/><bgColor indexed="64"/></patternFill></fill>`, c)
	}
	b = append(b, `</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`...)
	b = fmt.Appendf(b, `<cellXfs count="%d">`, len(s.list))
	for _, st := range s.list {
		nf, ok := builtinFormats[st.numFmt]
		if !ok {
			nf = s.fmts[st.numFmt]
		}
		fill := 0
		if st.fill != "" {
			fill = s.fills[st.fill]
		}
		b = fmt.Appendf(b, `<xf numFmtId="%d" fontId="%d" fillId="%d" borderId="0" xfId="0"`, nf, st.font, fill)
		if nf != 0 {
			b = append(b, ` applyNumberFormat="1"`...)
		}
		if st.font != 0 {
			b = append(b, ` applyFont="1"`...)
		}
		if fill != 0 {
			b = append(b, ` applyFill="1"`...)
		}
		if st.align == alignGeneral && !st.wrap && !st.top {
			b = append(b, `/>`...)
			continue
		}
		b = append(b, ` applyAlignment="1"><alignment`...)
		if st.align == alignRight {
			b = append(b, ` horizontal="right"`...)
		}
		if st.wrap || st.top {
			b = append(b, ` vertical="top"`...)
		}
		if st.wrap {
			b = append(b, ` wrapText="1"`...)
		}
		b = append(b, `/></xf>`...)
	}
	b = append(b, `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`...)
	return b
}

// openParts is how many parts of a workbook (or of a writer's workbooks) hold an open file and a compressor at once (about
// 1 MB each): a report of many inputs has a sheet each, and a run of 1,500 files held 1,500
// files open (past a service's limit of 1,024) and 340 MB. The part written least recently is
// parked past it: its compressed data flushed to a byte boundary and its file closed; written
// again, it goes on with a fresh compressor appending to the file, which leaves one valid
// deflate stream (a sync flush ends no stream, and blocks may follow it from any compressor).
// A variable so tests can park often.
var openParts = 16

// partSet is a workbook's parts, the open ones in the order they were last written, and the
// compressors and buffers parked parts gave back, for reuse.
type partSet struct {
	open recent[*deflatePart]
	fws  []*flate.Writer
	bws  []*bufio.Writer
}

// deflatePart is a zip entry's data compressed into a temporary file as it is written.
type deflatePart struct {
	set  *partSet
	path string
	f    *os.File // nil while parked
	bw   *bufio.Writer
	fw   *flate.Writer
	crc  uint32
	n    uint64
	done bool // the stream is ended (finish)
}

func (ps *partSet) newPart() (*deflatePart, error) {
	f, err := scratch.CreateTemp("", "importer-part-*")
	if err != nil {
		return nil, err
	}
	p := &deflatePart{set: ps, path: f.Name()}
	if err := p.attach(f); err != nil {
		f.Close()
		os.Remove(p.path)
		return nil, err
	}
	return p, nil
}

// attach gives the part its file, a buffer and a compressor, and makes it the most recently
// written, parking the least recent one past openParts.
func (p *deflatePart) attach(f *os.File) error {
	ps := p.set
	p.f = f
	if n := len(ps.bws); n > 0 {
		p.bw, ps.bws = ps.bws[n-1], ps.bws[:n-1]
		p.bw.Reset(f)
	} else {
		p.bw = bufio.NewWriterSize(f, 64<<10)
	}
	if n := len(ps.fws); n > 0 {
		p.fw, ps.fws = ps.fws[n-1], ps.fws[:n-1]
		p.fw.Reset(p.bw)
	} else {
		fw, err := flate.NewWriter(p.bw, flate.BestSpeed)
		if err != nil {
			return err
		}
		p.fw = fw
	}
	if old, ok := ps.open.use(p); ok {
		return old.park()
	}
	return nil
}

// park flushes the part's data to its file and closes it, giving back its buffer and
// compressor.
func (p *deflatePart) park() error {
	if p.f == nil {
		return nil
	}
	ps := p.set
	ps.open.drop(p)
	var err error
	if !p.done {
		err = p.fw.Flush()
	}
	err = errors.Join(err, p.bw.Flush(), p.f.Close())
	ps.fws, ps.bws = append(ps.fws, p.fw), append(ps.bws, p.bw)
	p.f, p.bw, p.fw = nil, nil, nil
	return err
}

// unpark opens a parked part's file again, to append to it.
func (p *deflatePart) unpark() error {
	if p.f != nil {
		p.set.open.use(p) // open, so in the list: it does not grow, nothing is parked
		return nil
	}
	f, err := os.OpenFile(p.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	return p.attach(f)
}

func (p *deflatePart) Write(b []byte) (int, error) {
	if err := p.unpark(); err != nil {
		return 0, err
	}
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.n += uint64(len(b))
	return p.fw.Write(b)
}

// finish ends the part's stream and parks it: a finished part holds no file open.
func (p *deflatePart) finish() error {
	if err := p.unpark(); err != nil {
		return err
	}
	if err := p.fw.Close(); err != nil {
		return err
	}
	p.done = true
	return p.park()
}

// copyTo adds the finished part to the zip as it is, already compressed.
func (p *deflatePart) copyTo(zw *zip.Writer, name string) error {
	f, err := os.Open(p.path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: p.crc, CompressedSize64: uint64(fi.Size()), UncompressedSize64: p.n, Modified: time.Now()})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, bufio.NewReaderSize(f, 64<<10))
	return err
}

func (p *deflatePart) remove() {
	if p == nil || p.path == "" {
		return
	}
	if p.f != nil {
		p.set.open.drop(p)
		p.f.Close()
		p.f = nil
	}
	os.Remove(p.path)
	p.path = ""
}

// save writes the workbook, its sheets in the given order with their names, to w.
func (wb *workbook) save(w io.Writer, order []*wsheet) error {
	for _, s := range order {
		if err := s.close(); err != nil {
			return err
		}
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	put := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	var ct, rels, sheets, names []byte
	ct = append(ct, xmlHeader+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`...)
	rels = append(rels, xmlHeader+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`...)
	for i, s := range order {
		n := i + 1
		ct = fmt.Appendf(ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		if s.ncomments > 0 {
			ct = fmt.Appendf(ct, `<Override PartName="/xl/comments%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`, n)
		}
		rels = fmt.Appendf(rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		sheets = fmt.Appendf(sheets, `<sheet name="`)
		sheets = appendEscaped(sheets, s.name)
		sheets = fmt.Appendf(sheets, `" sheetId="%d" r:id="rId%d"/>`, n, n)
		quoted := "'" + strings.ReplaceAll(s.name, "'", "''") + "'!"
		if s.filter && s.ncols > 0 {
			names = fmt.Appendf(names, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">`, i)
			names = appendEscaped(names, quoted+s.filterRange(true))
			names = append(names, `</definedName>`...)
		}
		if s.printTitles() {
			names = fmt.Appendf(names, `<definedName name="_xlnm.Print_Titles" localSheetId="%d">`, i)
			names = appendEscaped(names, quoted+"$1:$1")
			names = append(names, `</definedName>`...)
		}
	}
	ct = append(ct, `</Types>`...)
	rels = fmt.Appendf(rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>`, len(order)+1, len(order)+2, len(order)+3)
	book := []byte(xmlHeader + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	book = append(book, sheets...)
	book = append(book, `</sheets>`...)
	if len(names) > 0 {
		book = append(book, `<definedNames>`...)
		book = append(book, names...)
		book = append(book, `</definedNames>`...)
	}
	book = append(book, `</workbook>`...)
	sst := fmt.Appendf([]byte(xmlHeader), `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, wb.sst.refs, len(wb.sst.list))
	for _, s := range wb.sst.list {
		sst = append(sst, `<si>`...)
		sst = appendT(sst, s)
		sst = append(sst, `</si>`...)
	}
	sst = append(sst, `</sst>`...)
	now := time.Now().UTC().Format("2006-01-02T15:04:05Z")
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", ct},
		{"_rels/.rels", []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`)},
		{"docProps/app.xml", []byte(xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>seniorimporter</Application></Properties>`)},
		{"docProps/core.xml", []byte(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>seniorimporter</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">` + now + `</dcterms:created></cp:coreProperties>`)},
		{"xl/workbook.xml", book},
		{"xl/_rels/workbook.xml.rels", rels},
		{"xl/styles.xml", wb.styles.xml()},
		{"xl/sharedStrings.xml", sst},
		{"xl/theme/theme1.xml", []byte(xmlHeader + theme)},
	}
	for _, p := range parts {
		if err := put(p.name, p.data); err != nil {
			return err
		}
	}
	for i, s := range order {
		n := i + 1
		if err := s.part.copyTo(zw, fmt.Sprintf("xl/worksheets/sheet%d.xml", n)); err != nil {
			return err
		}
		if s.ncomments == 0 {
			continue
		}
		srels := fmt.Sprintf(xmlHeader+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments%d.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing%d.vml"/></Relationships>`, n, n)
		if err := put(fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", n), []byte(srels)); err != nil {
			return err
		}
		if err := s.comments.copyTo(zw, fmt.Sprintf("xl/comments%d.xml", n)); err != nil {
			return err
		}
		if err := s.vml.copyTo(zw, fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", n)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// theme is the smallest complete Office theme: programs that resolve colours through the
// theme (excelize does) need one.
const theme = `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements>` +
	`<a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="5B9BD5"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="4472C4"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>` +
	`<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>` +
	`<a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>` +
	`<a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>` +
	`<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>` +
	`<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme>` +
	`</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>`
