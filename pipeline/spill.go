package pipeline

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"

	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/scratch"
)

// maxHeldRows is how many set rows read ahead of their record a set sheet holds in memory
// (about 1.5 KB each with their cells kept); past it they wait in a temporary file, and only
// where each lies (16 bytes, and its parent's key once) stays in memory. An item sheet sorted
// by something else than its quotes' keys (by product, by the item's own id) has nearly every
// row read ahead: 300,000 such rows took 915 MB and, the heap far past its soft limit, two to
// three and a half minutes to validate. A variable: tests lower it.
var maxHeldRows = 5_000

// maxRecordRows is how many rows of one set sheet one record takes at most: a record's rows
// are assembled whole in memory, and no Senior record has that many children (a quote's
// items are numbered with four digits). More is a parent key column copied down, and the
// file is refused. A variable: tests lower it.
var maxRecordRows = 100_000

// rowSpill is the temporary file of a set sheet's rows held on disk, each row as encodeRow
// writes it.
type rowSpill struct {
	f   *os.File
	w   *bufio.Writer
	off int64 // where the next row goes
	buf []byte
}

// span is where one row lies in the spill file.
type span struct {
	off int64
	n   int
}

// put writes a row to the file (made on first use) and tells where it lies.
func (s *rowSpill) put(pr *parsedRow) (span, error) {
	if s.f == nil {
		f, err := scratch.CreateTemp("", "importer-setrows-*")
		if err != nil {
			return span{}, err
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 256<<10)
	}
	s.buf = encodeRow(s.buf[:0], pr)
	if _, err := s.w.Write(s.buf); err != nil {
		return span{}, err
	}
	sp := span{off: s.off, n: len(s.buf)}
	s.off += int64(len(s.buf))
	return sp, nil
}

// get reads a row back as parsed, for sheet pl of input in.
func (s *rowSpill) get(sp span, pl *sheetPlan, in *Input) (*parsedRow, error) {
	if s.w.Buffered() > 0 {
		if err := s.w.Flush(); err != nil {
			return nil, err
		}
	}
	if cap(s.buf) < sp.n {
		s.buf = make([]byte, sp.n)
	}
	b := s.buf[:sp.n]
	if _, err := s.f.ReadAt(b, sp.off); err != nil {
		return nil, fmt.Errorf("set rows held in %s: %w", s.f.Name(), err)
	}
	pr, err := decodeRow(b)
	if err != nil {
		return nil, fmt.Errorf("set rows held in %s: %w", s.f.Name(), err)
	}
	pr.pl, pr.in = pl, in
	return pr, nil
}

// remove closes and removes the file.
func (s *rowSpill) remove() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f, s.w = nil, nil
	}
}

// encodeRow appends a parsed row (without its sheet and input) to b: numbers as uvarints,
// strings and lists as their length and contents, a list's length plus one so that a nil list
// (cells not kept) comes back nil. JSON took 47 µs a row to read back, most of a shuffled item
// sheet's time.
func encodeRow(b []byte, pr *parsedRow) []byte {
	u := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	str := func(ss ...string) {
		for _, s := range ss {
			u(len(s))
			b = append(b, s...)
		}
	}
	flag := func(v bool) {
		if v {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	count := func(n int, isNil bool) {
		if isNil {
			u(0)
		} else {
			u(n + 1)
		}
	}
	u(pr.line)
	count(len(pr.raw), pr.raw == nil)
	for _, c := range pr.raw {
		u(int(c.Kind))
		flag(c.Date1904)
		flag(c.Percent)
		str(c.Raw, c.Ref, c.Format, c.Formula)
	}
	count(len(pr.cells), pr.cells == nil)
	for _, c := range pr.cells {
		str(c.Text)
		u(int(c.Kind))
		str(c.Value, c.Format)
	}
	count(len(pr.amounts), pr.amounts == nil)
	for _, a := range pr.amounts {
		str(a.Column, a.Field, a.Value, a.Cell)
		u(a.Row)
		flag(a.Repeated)
		flag(a.Text)
		flag(a.Hidden)
	}
	count(len(pr.vals), pr.vals == nil)
	str(pr.vals...)
	count(len(pr.bad), pr.bad == nil)
	for _, v := range pr.bad {
		flag(v)
	}
	count(len(pr.problems), pr.problems == nil)
	for _, p := range pr.problems {
		str(p.Field, p.Column, p.Cell, p.Value, p.Reason)
		flag(p.AsText)
	}
	flag(pr.faulty)
	str(pr.key)
	count(len(pr.keyVals), pr.keyVals == nil)
	str(pr.keyVals...)
	return b
}

var errSpillShort = errors.New("a row cut short")

// decodeRow reads what encodeRow wrote. Its strings share one copy of b.
func decodeRow(b []byte) (*parsedRow, error) {
	all := string(b)
	i := 0
	bad := false
	u := func() int {
		v, n := binary.Uvarint(b[i:])
		if n <= 0 || v > math.MaxInt32 {
			bad = true
			return 0
		}
		i += n
		return int(v)
	}
	str := func() string {
		n := u()
		if bad || n > len(b)-i {
			bad = true
			return ""
		}
		s := all[i : i+n]
		i += n
		return s
	}
	flag := func() bool {
		if i >= len(b) {
			bad = true
			return false
		}
		i++
		return b[i-1] == 1
	}
	// count is a list's length and whether it is nil; a length no row can have is refused.
	count := func() (int, bool) {
		n := u()
		if n > len(b) {
			bad = true
			return 0, true
		}
		return n - 1, n == 0
	}
	pr := &parsedRow{line: u()}
	if n, isNil := count(); !isNil && !bad {
		pr.raw = make([]readers.Cell, n)
		for j := range pr.raw {
			c := &pr.raw[j]
			c.Kind = readers.Kind(u())
			c.Date1904, c.Percent = flag(), flag()
			c.Raw, c.Ref, c.Format, c.Formula = str(), str(), str(), str()
		}
	}
	if n, isNil := count(); !isNil && !bad {
		pr.cells = make([]outcome.Cell, n)
		for j := range pr.cells {
			c := &pr.cells[j]
			c.Text = str()
			c.Kind = outcome.CellKind(u())
			c.Value, c.Format = str(), str()
		}
	}
	if n, isNil := count(); !isNil && !bad {
		pr.amounts = make([]outcome.Amount, n)
		for j := range pr.amounts {
			a := &pr.amounts[j]
			a.Column, a.Field, a.Value, a.Cell = str(), str(), str(), str()
			a.Row = u()
			a.Repeated, a.Text, a.Hidden = flag(), flag(), flag()
		}
	}
	if n, isNil := count(); !isNil && !bad {
		pr.vals = make([]string, n)
		for j := range pr.vals {
			pr.vals[j] = str()
		}
	}
	if n, isNil := count(); !isNil && !bad {
		pr.bad = make([]bool, n)
		for j := range pr.bad {
			pr.bad[j] = flag()
		}
	}
	if n, isNil := count(); !isNil && !bad {
		pr.problems = make([]outcome.Problem, n)
		for j := range pr.problems {
			p := &pr.problems[j]
			p.Field, p.Column, p.Cell, p.Value, p.Reason = str(), str(), str(), str(), str()
			p.AsText = flag()
		}
	}
	pr.faulty = flag()
	pr.key = str()
	if n, isNil := count(); !isNil && !bad {
		pr.keyVals = make([]string, n)
		for j := range pr.keyVals {
			pr.keyVals[j] = str()
		}
	}
	if bad || i != len(b) {
		return nil, errSpillShort
	}
	return pr, nil
}
