package readers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a byte-level XML tokenizer for the two big parts of a workbook, the sheets
// and the shared strings, where encoding/xml's Token took most of the reading time. It
// yields start tags (local name, raw attributes), end tags and raw text, pointing into its
// buffer (valid until the next call), and builds nothing else. It does not check that a
// document is well formed (tags that match, names that are names): the reader that uses it
// is held to excelize, which reads with encoding/xml, by FuzzSheetDifferential.
//
// Long text comes in pieces, each cut where no entity or "\r\n" is split, so the scanner's
// memory is its buffer whatever the document holds; a single tag may grow the buffer to
// maxTag.
type xmlScanner struct {
	r     io.Reader
	buf   []byte
	pos   int
	end   int
	eof   bool
	rerr  error
	base  int64 // offset in the stream of buf[0]
	cdata bool  // inside a CDATA section
}

const (
	scanBuf = 128 << 10
	maxTag  = 1 << 20
)

type tokKind uint8

const (
	tkEOF tokKind = iota
	tkStart
	tkEnd
	tkText
)

type xmlTok struct {
	kind  tokKind
	name  []byte // local name (after any prefix)
	attrs []byte // a start tag's raw attributes
	empty bool   // <x/>: no end tag will follow
	text  []byte // raw text: entities not yet decoded (unless cdata)
	cdata bool
}

var errXML = errors.New("malformed XML")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, scanBuf)}
}

// offset is where in the stream the scanner is, for error messages.
func (s *xmlScanner) offset() int64 { return s.base + int64(s.pos) }

// fill reads more, keeping buf[pos:end]; it grows the buffer (up to maxTag) when what is
// kept fills it. It returns false at the end of the stream.
func (s *xmlScanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.end = n
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTag {
			s.rerr = fmt.Errorf("%w: a tag longer than %d bytes", errXML, maxTag)
			s.eof = true
			return false
		}
		nb := make([]byte, min(2*len(s.buf), maxTag))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.rerr = io.ErrNoProgress
	s.eof = true
	return false
}

// next reads the next token into t.
func (s *xmlScanner) next(t *xmlTok) error {
	*t = xmlTok{}
	for {
		if s.pos == s.end && !s.fill() {
			if s.rerr != nil {
				return s.rerr
			}
			if s.cdata {
				return fmt.Errorf("%w: unclosed CDATA section", errXML)
			}
			t.kind = tkEOF
			return nil
		}
		if s.cdata {
			return s.cdataText(t)
		}
		b := s.buf[s.pos:s.end]
		if b[0] != '<' {
			i := bytes.IndexByte(b, '<')
			if i >= 0 {
				t.kind, t.text = tkText, b[:i]
				s.pos += i
				return nil
			}
			if !s.eof && len(b) < 4096 && s.fill() {
				continue
			}
			b = s.buf[s.pos:s.end]
			cut := len(b)
			if !s.eof {
				cut = safeCut(b)
				if cut == 0 {
					if !s.fill() && s.rerr != nil {
						return s.rerr
					}
					if len(s.buf[s.pos:s.end]) > 64 && safeCut(s.buf[s.pos:s.end]) == 0 {
						return fmt.Errorf("%w: an entity that does not end", errXML)
					}
					continue
				}
			}
			t.kind, t.text = tkText, b[:cut]
			s.pos += cut
			return nil
		}
		if len(b) < 2 {
			if !s.fill() {
				return s.tail()
			}
			continue
		}
		switch b[1] {
		case '/':
			i := bytes.IndexByte(b, '>')
			if i < 0 {
				if !s.fill() {
					return s.tail()
				}
				continue
			}
			name := b[2:i]
			for len(name) > 0 && isSpace(name[len(name)-1]) {
				name = name[:len(name)-1]
			}
			t.kind, t.name = tkEnd, localName(name)
			s.pos += i + 1
			return nil
		case '?':
			if err := s.skipPast("?>"); err != nil {
				return err
			}
			continue
		case '!':
			if len(b) < 9 && !s.eof {
				s.fill()
				continue
			}
			switch {
			case bytes.HasPrefix(b, []byte("<!--")):
				s.pos += 4
				if err := s.skipPast("-->"); err != nil {
					return err
				}
			case bytes.HasPrefix(b, []byte("<![CDATA[")):
				s.pos += 9
				s.cdata = true
			default: // a DOCTYPE, which no workbook part has: skipped with its brackets
				if err := s.skipDoctype(); err != nil {
					return err
				}
			}
			continue
		}
		// A start tag: find its '>' outside quoted attribute values.
		end, q := -1, byte(0)
		for i := 1; i < len(b); i++ {
			c := b[i]
			switch {
			case q != 0:
				if c == q {
					q = 0
				}
			case c == '"' || c == '\'':
				q = c
			case c == '>':
				end = i
			}
			if end >= 0 {
				break
			}
		}
		if end < 0 {
			if !s.fill() {
				return s.tail()
			}
			continue
		}
		tag := b[1:end]
		if n := len(tag); n > 0 && tag[n-1] == '/' {
			t.empty = true
			tag = tag[:n-1]
		}
		n := 0
		for n < len(tag) && !isSpace(tag[n]) {
			n++
		}
		if n == 0 {
			return fmt.Errorf("%w at byte %d: a tag without a name", errXML, s.offset())
		}
		if !nameStart(tag[0]) {
			// "<<row r="6">": read as an element named "<row" and skipped, its row's cells
			// taken for the row before's, or lost, where encoding/xml (and so excelize)
			// refuses the part.
			return fmt.Errorf("%w at byte %d: a tag whose name starts with %q", errXML, s.offset(), tag[0])
		}
		t.kind, t.name, t.attrs = tkStart, localName(tag[:n]), tag[n:]
		s.pos += end + 1
		return nil
	}
}

// nameStart reports whether c may begin an XML name: a letter, '_' or ':', or a byte of a
// character past ASCII (checked no further: encoding/xml's wider rule refuses none a workbook
// writer makes).
func nameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func (s *xmlScanner) tail() error {
	if s.rerr != nil {
		return s.rerr
	}
	return fmt.Errorf("%w: the document ends inside a tag", errXML)
}

// cdataText gives the text of a CDATA section, in pieces.
func (s *xmlScanner) cdataText(t *xmlTok) error {
	for {
		b := s.buf[s.pos:s.end]
		if i := bytes.Index(b, []byte("]]>")); i >= 0 {
			t.kind, t.text, t.cdata = tkText, b[:i], true
			s.pos += i + 3
			s.cdata = false
			return nil
		}
		if len(b) > 2+4096 || s.eof {
			n := len(b) - 2 // keep what could start "]]>"
			if s.eof {
				return fmt.Errorf("%w: unclosed CDATA section", errXML)
			}
			t.kind, t.text, t.cdata = tkText, b[:n], true
			s.pos += n
			return nil
		}
		if !s.fill() {
			if s.rerr != nil {
				return s.rerr
			}
			return fmt.Errorf("%w: unclosed CDATA section", errXML)
		}
	}
}

// skipPast drops everything up to and including seq.
func (s *xmlScanner) skipPast(seq string) error {
	for {
		b := s.buf[s.pos:s.end]
		if i := bytes.Index(b, []byte(seq)); i >= 0 {
			s.pos += i + len(seq)
			return nil
		}
		if len(b) > len(seq) {
			s.pos = s.end - (len(seq) - 1)
		}
		if !s.fill() {
			if s.rerr != nil {
				return s.rerr
			}
			return fmt.Errorf("%w: %q never comes", errXML, seq)
		}
	}
}

func (s *xmlScanner) skipDoctype() error {
	depth := 0
	for {
		b := s.buf[s.pos:s.end]
		for i, c := range b {
			switch c {
			case '[':
				depth++
			case ']':
				depth--
			case '>':
				if depth <= 0 {
					s.pos += i + 1
					return nil
				}
			}
		}
		s.pos = s.end
		if !s.fill() {
			if s.rerr != nil {
				return s.rerr
			}
			return fmt.Errorf("%w: unclosed DOCTYPE", errXML)
		}
	}
}

// safeCut is how much of a text piece can be given without splitting an entity or a
// "\r\n"; 0 when none can.
func safeCut(b []byte) int {
	n := len(b)
	if i := bytes.LastIndexByte(b, '&'); i >= 0 && bytes.IndexByte(b[i:], ';') < 0 {
		n = i
	}
	if n > 0 && b[n-1] == '\r' {
		n--
	}
	return n
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func localName(b []byte) []byte {
	if i := bytes.LastIndexByte(b, ':'); i >= 0 {
		return b[i+1:]
	}
	return b
}

// attrs is the attributes of raw attribute bytes, in order, as nextAttr reads them one after
// the other: it ends at the end, or at one that is malformed.
func attrs(a []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(name, val []byte) bool) {
		for {
			name, val, rest, ok := nextAttr(a)
			if !ok || !yield(name, val) {
				return
			}
			a = rest
		}
	}
}

// nextAttr reads one attribute from raw attribute bytes: its local name, its raw value
// (entities not decoded) and the rest. ok is false when there is none (or it is malformed).
func nextAttr(a []byte) (name, val, rest []byte, ok bool) {
	i := 0
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	j := i
	for j < len(a) && a[j] != '=' && !isSpace(a[j]) {
		j++
	}
	if j == i {
		return nil, nil, nil, false
	}
	name = localName(a[i:j])
	for j < len(a) && isSpace(a[j]) {
		j++
	}
	if j >= len(a) || a[j] != '=' {
		return nil, nil, nil, false
	}
	j++
	for j < len(a) && isSpace(a[j]) {
		j++
	}
	if j >= len(a) || (a[j] != '"' && a[j] != '\'') {
		return nil, nil, nil, false
	}
	q := a[j]
	k := bytes.IndexByte(a[j+1:], q)
	if k < 0 {
		return nil, nil, nil, false
	}
	return name, a[j+1 : j+1+k], a[j+2+k:], true
}

// appendText decodes raw XML text (or an attribute value) onto dst as encoding/xml does:
// the five named entities and character references, "\r\n" and "\r" as "\n". A piece cut
// by safeCut never splits what this needs whole.
func appendText(dst, raw []byte) ([]byte, error) {
	for len(raw) > 0 {
		i := 0
		for i < len(raw) && raw[i] != '&' && raw[i] != '\r' {
			i++
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if len(raw) == 0 {
			break
		}
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 {
			return dst, fmt.Errorf("%w: an entity without ';'", errXML)
		}
		ent := raw[1:semi]
		raw = raw[semi+1:]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "apos":
			dst = append(dst, '\'')
		case "quot":
			dst = append(dst, '"')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return dst, fmt.Errorf("%w: unknown entity &%s;", errXML, ent)
			}
			var n uint64
			var err error
			if ent[1] == 'x' {
				n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
			} else {
				n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			}
			if err != nil || !isXMLChar(rune(n)) {
				return dst, fmt.Errorf("%w: bad character reference &%s;", errXML, ent)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
	return dst, nil
}

// isXMLChar is XML 1.0's Char production, which encoding/xml holds character references to.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendBSTR decodes OOXML's _xHHHH_ escapes (for characters XML cannot hold) the way
// excelize does: every _xHHHH_ becomes its character (a surrogate, nothing), and _x005F_
// a literal underscore, matched left to right without overlap.
func appendBSTR(dst []byte, s []byte) []byte {
	for len(s) > 0 {
		i := bytes.Index(s, []byte("_x"))
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		if len(s) >= 7 && isHex4(s[2:6]) && s[6] == '_' {
			v, _ := strconv.ParseUint(string(s[2:6]), 16, 32)
			if v == 0x5F {
				dst = append(dst, '_')
			} else if r := rune(v); utf8.ValidRune(r) {
				dst = utf8.AppendRune(dst, r)
			}
			s = s[7:]
			continue
		}
		dst = append(dst, s[0])
		s = s[1:]
	}
	return dst
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
