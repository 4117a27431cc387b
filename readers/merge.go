package readers

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
)

// Merged cells. A finance sheet often merges a value down over the rows it applies to (the
// company of several accounts, a quote's number over its items): Excel shows it on each of
// those rows but stores it in the range's first cell only, and the others read empty: rows
// that would go to Senior without the value the user sees on them. A range that spans rows is
// therefore filled down: each of its rows gets the first cell's value where its own cell is
// empty, as the user sees it. A range within one row (a title across columns) stays as
// stored. The ranges are written after the rows (<mergeCells> follows <sheetData>), so a
// sheet's are found once, before its rows are first read: its XML inflated and searched for
// the end of the rows without being parsed, then the little that follows parsed.

// mergeSpan is a merged range that spans rows: column col (its first), rows from..to.
type mergeSpan struct{ col, from, to int }

// mergeSet is what a sheet's merged ranges fill: the spans sorted by first row, and the first
// ranges as written ("E2:E4") with how many there are, for the warning.
type mergeSet struct {
	spans  []mergeSpan
	ranges []string
	n      int
}

const (
	// maxMerges is how many merged ranges of a sheet are kept; past it, the rest stay as
	// stored.
	maxMerges = 100_000
	// maxActive is how many ranges fill one row at most: a quote merges a few parent columns;
	// a sheet that merges thousands of columns down a million rows would make filling, not
	// reading, the work.
	maxActive = 64
	// maxGrow is how many cells a row grows by at most to take a merged value past its last
	// cell: a range in column XFD would otherwise make every row 16,384 cells wide.
	maxGrow = 256
	// rangesNamed is how many ranges the warning names.
	rangesNamed = 10
)

// maxPrescan is the largest sheet XML looked at for merged ranges before its rows are read:
// inflating it once more costs about a fifth of reading it (0.26 s against 1.37 s for 500,000
// rows, 92 MB), at most 45 ms here. Sheets with merged cells are made by hand and small
// (16 MiB is some 90,000 rows of three columns); a larger sheet's ranges are found after its
// rows, said, and not filled. A variable: tests lower it.
var maxPrescan uint64 = 16 << 20

// Merged tells the merged ranges that span rows in a sheet whose rows were read (Rows): the
// first few as written ("E2:E4") and how many there are; filled is whether each of their rows
// got the range's first value (false for a sheet larger than maxPrescan, whose ranges were
// found only after its rows).
func (s *xlsxSource) Merged(sheet string) (ranges []string, n int, filled bool) {
	s.foundMu.Lock()
	defer s.foundMu.Unlock()
	if m := s.merges[sheet]; m != nil {
		return slices.Clone(m.ranges), m.n, true
	}
	if m := s.late[sheet]; m != nil {
		return slices.Clone(m.ranges), m.n, false
	}
	return nil, 0, false
}

// lateMerges keeps the merged ranges found after the rows of a sheet that was not looked at
// beforehand.
func (s *xlsxSource) lateMerges(sheet string, m *mergeSet) {
	s.foundMu.Lock()
	defer s.foundMu.Unlock()
	if s.late == nil {
		s.late = map[string]*mergeSet{}
	}
	s.late[sheet] = m
}

// mergesOf finds a sheet's merged ranges once (see above); nil for a sheet larger than
// maxPrescan, whose ranges are only found after its rows (lateMerges) and not filled. The
// sheet is inflated without the lock held: a set sheet read meanwhile does not wait for it.
func (s *xlsxSource) mergesOf(ctx context.Context, sheet string) (*mergeSet, error) {
	s.foundMu.Lock()
	m, ok := s.merges[sheet]
	s.foundMu.Unlock()
	if ok {
		return m, nil
	}
	zf := s.parts[sheet]
	if zf.UncompressedSize64 > maxPrescan {
		return nil, nil
	}
	rc, err := s.openPart(zf)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	m, err = scanMerges(ctx, rc)
	if err != nil {
		if fe, ok := err.(*FileError); ok {
			return nil, fe
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &FileError{Path: s.name, Part: zf.Name, Kind: Corrupt, Err: err}
	}
	s.foundMu.Lock()
	defer s.foundMu.Unlock()
	if first, ok := s.merges[sheet]; ok { // the same sheet, looked at meanwhile
		return first, nil
	}
	if s.merges == nil {
		s.merges = map[string]*mergeSet{}
	}
	s.merges[sheet] = m
	return m, nil
}

// scanMerges reads a sheet's XML to the end of its rows and parses what follows for
// <mergeCell ref="A2:A5"/>.
func scanMerges(ctx context.Context, r io.Reader) (*mergeSet, error) {
	const size, keep = 256 << 10, 64 // a chunk, and how much of its end the next one starts with
	m := &mergeSet{}
	buf := make([]byte, keep+size)
	carried := 0 // the end of the last chunk, at buf's start, in case the tag is cut between two
	for n := 0; ; n++ {
		if n&63 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		k, err := io.ReadFull(r, buf[carried:carried+size])
		chunk := buf[:carried+k]
		if i := endOfRows(chunk); i >= 0 {
			return m, m.parse(io.MultiReader(bytes.NewReader(chunk[i:]), r))
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return m, nil // no end of the rows: nothing merged to find
		}
		if err != nil {
			return nil, err
		}
		carried = copy(buf, chunk[len(chunk)-min(keep, len(chunk)):])
	}
}

// endOfRows is where the end tag of sheetData ends in b ("</sheetData>", or with a prefix:
// "</x:sheetData>", or with spaces before its '>', which XML allows and the rows' reader
// takes: "</sheetData >"), -1 when it is not there. Not found, the ranges would be neither
// filled nor said.
func endOfRows(b []byte) int {
	const name = "sheetData"
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte(name))
		if i < 0 {
			return -1
		}
		i += off
		k := i + len(name)
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		j := i - 1
		if j >= 0 && b[j] == ':' { // a prefix: go back over it
			j--
			for j >= 0 && isNameByte(b[j]) {
				j--
			}
		}
		if k < len(b) && b[k] == '>' && j >= 1 && b[j] == '/' && b[j-1] == '<' {
			return k + 1
		}
		off = i + 1
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// parse reads the mergeCell elements that follow the rows.
func (m *mergeSet) parse(r io.Reader) error {
	return m.parseFrom(newXMLScanner(r))
}

// parseFrom reads the mergeCell elements up to the end of the sheet's XML. What follows the
// rows and cannot be parsed keeps the ranges read before it: the rows were whole, and were
// read before merged cells were looked at; only damage to the file (a FileError: a part that
// inflates wrong or past its caps) is an error.
func (m *mergeSet) parseFrom(sc *xmlScanner) error {
	defer m.sortSpans()
	var tok xmlTok
	for {
		if err := sc.next(&tok); err != nil {
			if fe, ok := err.(*FileError); ok {
				return fe
			}
			return nil
		}
		switch {
		case tok.kind == tkEOF:
			return nil
		case tok.kind == tkStart && string(tok.name) == "mergeCell":
			for name, val := range attrs(tok.attrs) {
				if string(name) == "ref" {
					m.add(string(val))
				}
			}
		}
	}
}

func (m *mergeSet) sortSpans() {
	slices.SortStableFunc(m.spans, func(a, b mergeSpan) int { return a.from - b.from })
}

// add keeps a range that spans rows ("E2:E4", "B3:D9"), filled down its first column.
func (m *mergeSet) add(ref string) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok || len(m.spans) >= maxMerges {
		return
	}
	c1, r1, ok1 := parseRef([]byte(a))
	_, r2, ok2 := parseRef([]byte(b))
	if !ok1 || !ok2 || r2 <= r1 {
		return
	}
	m.spans = append(m.spans, mergeSpan{col: c1, from: r1, to: r2})
	if m.n++; len(m.ranges) < rangesNamed {
		m.ranges = append(m.ranges, ref)
	}
}

// mergeFill fills one reading of a sheet's rows, which come in order.
type mergeFill struct {
	set    *mergeSet
	next   int          // the first span not begun
	active []activeSpan // spans begun and not over
}

type activeSpan struct {
	mergeSpan
	v  Cell // its first cell
	ok bool // the first cell was read and holds a value
}

func newMergeFill(set *mergeSet) *mergeFill {
	if set == nil || len(set.spans) == 0 {
		return nil
	}
	return &mergeFill{set: set}
}

// fill gives the row's empty cells within a span its first cell's value; cells is the row,
// as wide as its last cell, and may grow. It returns the row.
func (f *mergeFill) fill(line int, cells []Cell) []Cell {
	kept := f.active[:0]
	for _, a := range f.active {
		if a.to >= line {
			kept = append(kept, a)
		}
	}
	f.active = kept
	for ; f.next < len(f.set.spans) && f.set.spans[f.next].from <= line; f.next++ {
		sp := f.set.spans[f.next]
		if sp.to < line || len(f.active) >= maxActive {
			continue // over already (its rows were empty), or too many at once
		}
		a := activeSpan{mergeSpan: sp}
		if sp.from == line && sp.col < len(cells) && cells[sp.col].Kind != Empty {
			a.v, a.ok = cells[sp.col], true
		}
		f.active = append(f.active, a) // begun on a row not read: nothing to fill with
	}
	for _, a := range f.active {
		if !a.ok || a.from == line || a.col < len(cells) && cells[a.col].Kind != Empty || a.col >= len(cells)+maxGrow {
			continue
		}
		for len(cells) <= a.col {
			cells = append(cells, Cell{Ref: CellRef(len(cells), line)})
		}
		ref := cells[a.col].Ref
		cells[a.col] = a.v
		cells[a.col].Ref = ref
	}
	return cells
}
