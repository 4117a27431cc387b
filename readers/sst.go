package readers

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"seniorimporter/scratch"
	"slices"
	"unicode/utf8"
)

// The shared strings table. A small one (the usual case, up to sstMemory with its index) is
// one string in memory with an offset per entry, and a cell's text is a slice of it, so
// reading a shared-string cell allocates nothing. A larger one is spilled to a temporary
// file (varint length + bytes per entry) with an offset kept for every sstBlock-th entry:
// memory stays a few MiB whatever the table's size, and each reader keeps a small cache.
// Entries longer than MaxFieldChars are kept cut to it and marked, so a cell that uses
// one becomes a FieldTooLong row.
const (
	sstMemory = 32 << 20
	sstBlock  = 128
	// maxSharedText caps the whole table: text bytes plus one byte per entry, so that the
	// spill file never passes it either.
	maxSharedText = 1 << 30
)

type sharedStrings struct {
	n    int
	text string   // in memory: all entries, one after the other
	offs []uint32 // in memory: offs[i] is where entry i starts; offs[n] the end
	// spilled
	file   *os.File
	blocks []int64 // offset in file of entry k*sstBlock; blocks[len-1] the end of the file
	long   map[int]bool
}

var errSSTTooLarge = errors.New("shared strings over 1 GiB")

// sstBuilder collects entries as they are parsed.
type sstBuilder struct {
	tempDir string
	memory  int   // sstMemory, or less in tests
	limit   int64 // maxSharedText, or less in tests
	arena   []byte
	offs    []uint32
	total   int64 // text bytes + entries, for the cap
	s       sharedStrings
	w       *bufio.Writer
	written int64
}

func (b *sstBuilder) add(entry []byte, long bool) error {
	var hdr [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(hdr[:], uint64(len(entry)))
	b.total += int64(len(entry) + k) // what the temporary file holds, or would: the cap bounds it
	if b.total > b.limit {
		return errSSTTooLarge
	}
	if long {
		if b.s.long == nil {
			b.s.long = map[int]bool{}
		}
		b.s.long[b.s.n] = true
	}
	if b.s.file == nil && len(b.arena)+len(entry)+4*len(b.offs) > b.memory {
		if err := b.spill(); err != nil {
			return err
		}
	}
	if b.s.file != nil {
		if b.s.n%sstBlock == 0 {
			b.s.blocks = append(b.s.blocks, b.written)
		}
		b.w.Write(hdr[:k])
		b.w.Write(entry)
		b.written += int64(k + len(entry))
	} else {
		b.offs = append(b.offs, uint32(len(b.arena)))
		b.arena = append(b.arena, entry...)
	}
	b.s.n++
	return nil
}

// uvarintLen is the length of n written as a uvarint.
func uvarintLen(n int) int {
	var hdr [binary.MaxVarintLen64]byte
	return binary.PutUvarint(hdr[:], uint64(n))
}

// spill moves what is in memory to a temporary file, and what follows goes there too.
func (b *sstBuilder) spill() error {
	f, err := scratch.CreateTemp(b.tempDir, "readers-sst-*")
	if err != nil {
		return &tempError{err}
	}
	b.s.file = f
	b.w = bufio.NewWriterSize(f, 256<<10)
	n := b.s.n
	b.s.n = 0
	for i := range n {
		end := len(b.arena)
		if i+1 < n {
			end = int(b.offs[i+1])
		}
		long := b.s.long[i]
		b.total -= int64(end - int(b.offs[i]) + uvarintLen(end-int(b.offs[i]))) // counted already
		if err := b.add(b.arena[b.offs[i]:end], long); err != nil {
			return err
		}
	}
	b.arena, b.offs = nil, nil
	return nil
}

func (b *sstBuilder) finish() (*sharedStrings, error) {
	if b.s.file != nil {
		b.s.blocks = append(b.s.blocks, b.written)
		if err := b.w.Flush(); err != nil {
			return nil, &tempError{err} // a full temporary folder, not a damaged workbook
		}
		return &b.s, nil
	}
	b.s.text = string(b.arena)
	b.s.offs = append(b.offs, uint32(len(b.arena)))
	b.arena = nil
	return &b.s, nil
}

func (s *sharedStrings) close() error {
	if s == nil || s.file == nil {
		return nil
	}
	name := s.file.Name()
	err := s.file.Close()
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err
}

// sstView reads entries for one reader; it is not shared between goroutines.
type sstView struct {
	s        *sharedStrings
	block    int    // the block in data, -1 none
	data     []byte // that block's bytes
	at       []int  // offsets in data of its entries
	cacheIdx [1024]int
	cacheStr [1024]string
}

func (s *sharedStrings) view() *sstView {
	v := &sstView{s: s, block: -1}
	for i := range v.cacheIdx {
		v.cacheIdx[i] = -1
	}
	return v
}

// get is entry i; ok is false when there is none.
func (v *sstView) get(i int) (text string, long, ok bool, err error) {
	s := v.s
	if s == nil || i < 0 || i >= s.n {
		return "", false, false, nil
	}
	long = s.long[i]
	if s.file == nil {
		return s.text[s.offs[i]:s.offs[i+1]], long, true, nil
	}
	slot := i % len(v.cacheIdx)
	if v.cacheIdx[slot] == i {
		return v.cacheStr[slot], long, true, nil
	}
	text, err = v.read(i)
	if err != nil {
		return "", false, false, err
	}
	v.cacheIdx[slot], v.cacheStr[slot] = i, text
	return text, long, true, nil
}

const maxBlockRead = 1 << 20

func (v *sstView) read(i int) (string, error) {
	s := v.s
	b := i / sstBlock
	start, end := s.blocks[b], s.blocks[b+1]
	if end-start <= maxBlockRead {
		if v.block != b {
			v.data = slices.Grow(v.data[:0], int(end-start))[:end-start]
			if _, err := s.file.ReadAt(v.data, start); err != nil {
				return "", fmt.Errorf("shared strings spill file: %w", err)
			}
			v.at = v.at[:0]
			for p := 0; p < len(v.data); {
				l, k := binary.Uvarint(v.data[p:])
				if k <= 0 {
					return "", errors.New("shared strings spill file: damaged")
				}
				v.at = append(v.at, p)
				p += k + int(l)
			}
			v.block = b
		}
		p := v.at[i%sstBlock]
		l, k := binary.Uvarint(v.data[p:])
		return string(v.data[p+k : p+k+int(l)]), nil
	}
	// A block of long entries: walk its headers.
	off := start
	var hdr [binary.MaxVarintLen64]byte
	for j := b * sstBlock; ; j++ {
		n, err := s.file.ReadAt(hdr[:], off)
		if n == 0 {
			return "", fmt.Errorf("shared strings spill file: %w", err)
		}
		l, k := binary.Uvarint(hdr[:n])
		if k <= 0 {
			return "", errors.New("shared strings spill file: damaged")
		}
		if j == i {
			out := make([]byte, l)
			if _, err := s.file.ReadAt(out, off+int64(k)); err != nil {
				return "", fmt.Errorf("shared strings spill file: %w", err)
			}
			return string(out), nil
		}
		off += int64(k) + int64(l)
	}
}

// readSharedStrings parses sharedStrings.xml as excelize does (xlsxSI): each <si> child of
// the root is the text of its <t> child (the last one, if several) followed by the <t> of
// each <r> run; phonetic runs (<rPh>) are not text. _xHHHH_ escapes are decoded.
//
// declared is the part's inflated size as the zip declares it: a table that will not fit in
// memory goes to its temporary file from the first string, rather than growing in memory up
// to the bound first (which would make a large table's peak the bound several times over).
func readSharedStrings(ctx context.Context, r io.Reader, tempDir string, lim limits, declared int64) (*sharedStrings, error) {
	b := &sstBuilder{tempDir: tempDir, memory: lim.sstMemory, limit: lim.sharedText}
	fail := func(err error) (*sharedStrings, error) {
		b.s.close()
		return nil, err
	}
	if declared > int64(b.memory) {
		if err := b.spill(); err != nil {
			return fail(err)
		}
	} else if declared > 0 {
		b.arena = make([]byte, 0, declared) // the text is less than its XML: no growing by doubling
	}
	sc := newXMLScanner(r)
	var (
		tok                 xmlTok
		depth               int
		inSI, inRun         bool
		capture             int // depth whose direct text is captured, 0 none
		tBuf, runT, runs    []byte
		entry               []byte
		tOver, rOver, sOver bool
	)
	const keep = 4*MaxFieldChars + 8 // bytes kept of one text: enough for MaxFieldChars
	add := func(dst, raw []byte, over *bool) ([]byte, error) {
		if len(dst) >= keep {
			*over = true
			return dst, nil
		}
		return appendText(dst, raw)
	}
	for n := 0; ; n++ {
		if n%65536 == 0 && ctx.Err() != nil {
			return fail(ctx.Err())
		}
		if err := sc.next(&tok); err != nil {
			return fail(err)
		}
		switch tok.kind {
		case tkEOF:
			s, err := b.finish()
			if err != nil {
				return fail(err)
			}
			return s, nil
		case tkStart:
			depth++
			switch {
			case depth == 2 && string(tok.name) == "si":
				inSI, tBuf, runs, tOver, sOver = true, tBuf[:0], runs[:0], false, false
			case inSI && depth == 3 && string(tok.name) == "t":
				tBuf, tOver, capture = tBuf[:0], false, 3
			case inSI && depth == 3 && string(tok.name) == "r":
				inRun, runT, rOver = true, runT[:0], false
			case inRun && depth == 4 && string(tok.name) == "t":
				runT, rOver, capture = runT[:0], false, 4
			}
			if !tok.empty {
				continue
			}
			fallthrough
		case tkEnd:
			if capture == depth {
				capture = 0
			}
			switch {
			case inRun && depth == 3:
				inRun = false
				if len(runs) < keep {
					runs = append(runs, runT...)
				}
				sOver = sOver || rOver
			case inSI && depth == 2:
				inSI = false
				entry = append(append(entry[:0], tBuf...), runs...)
				e, long := cutEntry(decodeBSTR(entry), tOver || sOver || len(runs) >= keep)
				if err := b.add(e, long); err != nil {
					return fail(err)
				}
			}
			depth--
		case tkText:
			var err error
			switch {
			case capture == 3 && depth == 3:
				tBuf, err = add(tBuf, tok.text, &tOver)
			case capture == 4 && depth == 4:
				runT, err = add(runT, tok.text, &rOver)
			}
			if err != nil {
				return fail(err)
			}
		}
	}
}

// decodeBSTR decodes _xHHHH_ escapes; b itself when it holds none.
func decodeBSTR(b []byte) []byte {
	if len(b) < 7 {
		return b
	}
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '_' && b[i+1] == 'x' {
			return appendBSTR(b[:0:0], b)
		}
	}
	return b
}

// cutEntry keeps at most MaxFieldChars characters of a text; long tells it was longer.
func cutEntry(b []byte, over bool) ([]byte, bool) {
	if !over && len(b) <= MaxFieldChars {
		return b, false
	}
	n, i := 0, 0
	for i < len(b) && n < MaxFieldChars {
		_, w := utf8.DecodeRune(b[i:])
		i += w
		n++
	}
	return b[:i], over || i < len(b)
}
