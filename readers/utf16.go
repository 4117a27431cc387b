package readers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"seniorimporter/scratch"
	"unicode/utf16"
	"unicode/utf8"
)

// openUTF16 reads a UTF-16 file (Excel's "Unicode Text", tab-separated, or another program's
// UTF-16 CSV; little- or big-endian, with or without a byte-order mark): it is copied as
// UTF-8 to a temporary file beside the other temporary files (Options.TempDir), which is read
// as any UTF-8 CSV file and removed by Close. Its lines stay the file's lines. A code unit
// that is no character (a lone surrogate half, an odd last byte) refuses the file, naming
// the byte: nothing is replaced by a guess.
func openUTF16(ctx context.Context, f *os.File, head []byte, name string, o Options) (Source, error) {
	var order binary.ByteOrder = binary.LittleEndian
	skip := int64(0)
	switch {
	case bytes.HasPrefix(head, []byte("\xFF\xFE")):
		skip = 2
	case bytes.HasPrefix(head, []byte("\xFE\xFF")):
		order, skip = binary.BigEndian, 2
	case len(head) > 0 && head[0] == 0:
		order = binary.BigEndian // "\x00a": the high byte first
	}
	if _, err := f.Seek(skip, io.SeekStart); err != nil {
		return nil, err
	}
	tmp, err := scratch.CreateTemp(o.TempDir, "importer-utf16-*.csv")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	r := bufio.NewReaderSize(f, 64<<10)
	w := bufio.NewWriterSize(tmp, 64<<10)
	var buf []byte
	off := skip
	bad := func(at int64, what string) error {
		return &FileError{Path: name, Kind: UnsupportedCharset, Err: fmt.Errorf("not UTF-16 text at byte %d: %s", at, what)}
	}
	for n := 0; ; n++ {
		if n%(1<<20) == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var u [2]byte
		k, err := io.ReadFull(r, u[:])
		if err == io.EOF {
			break
		}
		if err == io.ErrUnexpectedEOF {
			return nil, bad(off, "an odd last byte")
		}
		if err != nil {
			return nil, err
		}
		c := rune(order.Uint16(u[:k]))
		switch {
		case utf16.IsSurrogate(c) && c < 0xDC00: // a high half: its low half must follow
			var l [2]byte
			if _, err := io.ReadFull(r, l[:]); err != nil {
				return nil, bad(off, "half of a character at the end")
			}
			c = utf16.DecodeRune(c, rune(order.Uint16(l[:])))
			if c == utf8.RuneError {
				return nil, bad(off, "half of a character")
			}
			off += 2
		case utf16.IsSurrogate(c):
			return nil, bad(off, "half of a character")
		}
		off += 2
		buf = utf8.AppendRune(buf[:0], c)
		if _, err := w.Write(buf); err != nil {
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	path := f.Name()
	src, err := openCSV(ctx, tmp.Name(), Options{Delimiter: o.Delimiter, Charset: "utf-8", TempDir: o.TempDir, Name: name})
	if err != nil {
		return nil, err
	}
	cs := src.(*csvSource)
	cs.temp, cs.shown, cs.orig = true, "utf-16le", path
	if fi, err := f.Stat(); err == nil {
		cs.read = fi // the file given, as its copy was made whole (ReadInfo)
	}
	if order == binary.BigEndian {
		cs.shown = "utf-16be"
	}
	ok = true
	return cs, nil
}

// utf16NoMark: UTF-16 text without a byte-order mark, which some exports write: every other
// byte of its first 4 KiB is zero (the high byte of Latin text), and the bytes between are
// not. Read as UTF-8, its header would be "C\x00a\x00t\x00..." and every row invalid with NUL
// bytes in the report. A stray zero byte or two in a text file is left to its row (U+0000 is
// no XML character); a run of zero bytes, a short file's zero tail, is on both sides.
func utf16NoMark(head []byte) bool {
	b := head[:min(len(head), 4096)]
	var zeros [2]int
	for i, c := range b {
		if c == 0 {
			zeros[i%2]++
		}
	}
	half := len(b) / 2
	return len(b) >= 4 && max(zeros[0], zeros[1]) > half*3/4 && min(zeros[0], zeros[1]) < half/4
}
