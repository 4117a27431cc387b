package readers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// csvSource is a CSV file: one sheet named after the file. Rows reopens the file each time,
// so it never holds more than one record in memory.
type csvSource struct {
	path    string
	delim   rune
	charset string // "utf-8" or "windows-1252"
	bom     bool
}

const sniffSize = 64 << 10

func openCSV(path string, o Options) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, sniffSize)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	s := &csvSource{path: path}
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		s.bom = true
		head = head[3:]
	}
	switch strings.ToLower(strings.ReplaceAll(o.Charset, "_", "-")) {
	case "":
		s.charset = "utf-8"
		if !validUTF8Prefix(head, n == sniffSize) {
			s.charset = "windows-1252"
		}
	case "utf-8", "utf8":
		s.charset = "utf-8"
	case "windows-1252", "cp1252", "iso-8859-1", "latin1", "latin-1":
		s.charset = "windows-1252"
	default:
		return nil, fmt.Errorf("%s: unknown charset %q (use utf-8 or windows-1252)", path, o.Charset)
	}
	if o.Delimiter != 0 {
		s.delim = o.Delimiter
	} else {
		text := head
		if s.charset != "utf-8" {
			text, _ = charmap.Windows1252.NewDecoder().Bytes(head)
		}
		s.delim = sniff(text, n == sniffSize)
	}
	return s, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut at the end of a sample.
func validUTF8Prefix(b []byte, cut bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !cut {
		return false
	}
	for i := 1; i <= 3 && i < len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return true
		}
	}
	return false
}

// sniff picks the delimiter among ; , tab | that gives every sampled row the same width
// (more than one column); among those, the widest; ties go in that order, so ";" (Excel in
// Portuguese) wins over ",".
func sniff(sample []byte, cut bool) rune {
	if cut { // drop the last, possibly partial, line
		if i := bytes.LastIndexByte(sample, '\n'); i > 0 {
			sample = sample[:i+1]
		}
	}
	best, bestWidth := ';', 0
	for _, d := range []rune{';', ',', '\t', '|'} {
		r := csv.NewReader(bytes.NewReader(sample))
		r.Comma = d
		r.FieldsPerRecord = -1
		width, ok := 0, true
		rows := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				ok = false
				break
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			rows++
			if width == 0 {
				width = len(rec)
			} else if len(rec) != width {
				ok = false
				break
			}
		}
		if ok && rows > 0 && width > 1 && width > bestWidth {
			best, bestWidth = d, width
		}
	}
	return best
}

func (s *csvSource) Path() string { return s.path }

func (s *csvSource) Sheets() []Sheet {
	base := filepath.Base(s.path)
	return []Sheet{{Name: strings.TrimSuffix(base, filepath.Ext(base))}}
}

func (s *csvSource) Close() error { return nil }

// Rows streams the records; Line is the line on which each starts (the header is line 1).
func (s *csvSource) Rows(ctx context.Context, sheet string, fn func(Row) error) error {
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	var rd io.Reader = bufio.NewReaderSize(f, 256<<10)
	if s.bom {
		if _, err := io.ReadFull(rd, make([]byte, 3)); err != nil {
			return err
		}
	}
	if s.charset != "utf-8" {
		rd = transform.NewReader(rd, charmap.Windows1252.NewDecoder())
	}
	r := csv.NewReader(rd)
	r.Comma = s.delim
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return fmt.Errorf("%s: line %d, column %d: %v", s.path, pe.Line, pe.Column, pe.Err)
			}
			return fmt.Errorf("%s: %w", s.path, err)
		}
		line, _ := r.FieldPos(0)
		empty := true
		for _, v := range rec {
			if strings.TrimSpace(v) != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		if s.charset == "utf-8" {
			for i, v := range rec {
				if !utf8.ValidString(v) {
					return fmt.Errorf("%s: line %d, column %s: not UTF-8 text (use --charset windows-1252)", s.path, line, ColumnName(i))
				}
			}
		}
		cells := make([]Cell, len(rec))
		for i, v := range rec {
			cells[i] = Cell{Kind: Text, Raw: v, Ref: CellRef(i, line)}
		}
		if err := fn(Row{Line: line, Cells: cells}); err != nil {
			return err
		}
	}
}
