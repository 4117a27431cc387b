package soap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
)

// parse reads a whole answer into nodes named by local name. Errors are passing faults:
// Truncated when the document ends before its root closes, NotXML for anything else that is
// not one well-formed UTF-8 XML document.
//
// It is a small hand-written scanner rather than encoding/xml because it runs once per
// request on the importer's hot path. Measured for issue 11 (2026-11-30, 2 shared cores, the
// simulator on the same cores, 100,000 rows, 16 workers, no journal): with encoding/xml the
// importer holds 0.674/0.771/0.707 of a bare loop's rate (under the 0.8 that would retire
// the scanner), with the scanner 0.680/0.825/0.734; in the profile, parsing is 12.9% of the
// importer's CPU with encoding/xml and 4.3% with the scanner; in eight interleaved runs of
// the two binaries against one simulator, 11.35 s against 10.55 s of CPU, 8,069 against
// 8,425 rows/s. Against a real Senior, whose answers take milliseconds, it matters little.
// It reads what SOAP answers contain (an optional
// declaration, elements, attributes, which it skips, text with the five predefined and
// numeric character references, CDATA, comments and processing instructions) and refuses a
// DOCTYPE, as SOAP does. FuzzParseMatchesEncodingXML holds it to encoding/xml's verdict and
// tree on arbitrary input.
func parse(body []byte) (*node, error) {
	body = asUTF8(body)
	trim := bytes.TrimSpace(body)
	if len(trim) == 0 {
		return nil, &TransientError{Kind: NotXML, Err: errors.New("empty answer")}
	}
	if trim[0] != '<' {
		return nil, &TransientError{Kind: NotXML, Err: fmt.Errorf("answer is not XML: %q", snippet(trim))}
	}
	if !utf8.Valid(body) {
		return nil, notXML("answer is not valid UTF-8")
	}
	s := scanner{b: body}
	n, err := s.document()
	if err == errNonASCIIName {
		n, err = parseStd(body)
	}
	if te, ok := err.(*TransientError); ok {
		// The scanner's errors are shared values (errEOF...), and the caller fills in the
		// answer's status and that the request was written: each answer gets its own copy
		// (two workers wrote the one errEOF at once: a data race, and a status of one answer
		// said of another).
		c := *te
		return n, &c
	}
	return n, err
}

// asUTF8 gives an answer whose XML declaration names a single-byte charset (ISO-8859-1 or
// windows-1252, the default of some Java stacks and of proxies that re-encode) in UTF-8, its
// declaration then saying so: read as it was, every answer of such a Senior was refused as
// not XML, and every record it had stored was sent again (read back, for an include) until its
// retries ran out. Any other declared charset is left for the declaration check to refuse. A
// UTF-8 byte-order mark, which XML allows (.NET gateways write one), is dropped.
func asUTF8(body []byte) []byte {
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	t := bytes.TrimLeft(body, " \t\r\n")
	if !bytes.HasPrefix(t, []byte("<?xml ")) {
		return body
	}
	end := bytes.Index(t, []byte("?>"))
	if end < 0 {
		return body
	}
	decl := t[len("<?xml"):end]
	if bytes.Contains(decl, []byte("UTF-8")) || bytes.Contains(decl, []byte("utf-8")) {
		return body // the usual answer, read with no copy of its declaration
	}
	enc := procInst("encoding", string(decl))
	if enc == "" || strings.EqualFold(enc, "utf-8") {
		return body
	}
	// A declaration of UTF-16 read in one byte a character is no UTF-16 (a UTF-16 answer is
	// converted before: inCharset): .NET's XML written to a string says utf-16 and goes out as
	// UTF-8. Refused, every answer of such a gateway left the records Senior had stored
	// unknown. Bytes that are UTF-8 under a single-byte charset's declaration (text in one is
	// not, but for ASCII, which reads the same either way) are a template's declaration left
	// unchanged by a stack that writes UTF-8: read as declared, "Orçamento 1/2001/1 já
	// cadastrado." became "OrÃ§amento ... jÃ¡ cadastrado.", no longer known for "already
	// exists", and the include of a resumed run was rejected, not read back and skipped.
	rest := t[end:]
	if l := strings.ToLower(enc); !strings.HasPrefix(l, "utf-16") && l != "unicode" {
		e, err := ianaindex.IANA.Encoding(enc)
		cm, ok := e.(*charmap.Charmap)
		if err != nil || !ok {
			return body
		}
		if !utf8.Valid(rest) {
			if rest, err = cm.NewDecoder().Bytes(rest); err != nil {
				return body
			}
		}
	}
	out := bytes.Replace(t[:end], []byte(enc), []byte("UTF-8"), 1)
	return append(out, rest...)
}

// inCharset gives in UTF-8 an answer written in another charset that only its HTTP header, or
// its first bytes, say: UTF-16, known by its byte-order mark or by the "<" it starts with (XML's
// own rule; .NET and some Java stacks answer so), and bytes that are not UTF-8 in the
// single-byte charset the Content-Type names (text/xml; charset=ISO-8859-1, with no declaration
// saying so, or one left saying UTF-8: an old Java stack's default, a proxy that re-encodes).
// Read as UTF-8, every UTF-16 answer was taken for a page that is not Senior's, stopping the
// run at its first answer, and every ISO-8859-1 one with an accent in it ("Orçamento ...
// incluído.") was refused as not XML: each quote Senior had stored was left unknown. The
// declaration of a converted answer is dropped (it names the charset it was in). An answer
// that is valid UTF-8 is left as it is, whatever its header says.
func inCharset(body []byte, contentType string) []byte {
	var dec *encoding.Decoder
	switch {
	case bytes.HasPrefix(body, []byte{0xff, 0xfe}), bytes.HasPrefix(body, []byte{0xfe, 0xff}):
		dec = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder() // the mark says which
	case bytes.HasPrefix(body, []byte{'<', 0}):
		dec = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
	case bytes.HasPrefix(body, []byte{0, '<'}):
		dec = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
	case utf8.Valid(body):
		return body
	default:
		_, params, err := mime.ParseMediaType(contentType)
		if err != nil || params["charset"] == "" {
			return body
		}
		e, err := ianaindex.IANA.Encoding(params["charset"])
		cm, ok := e.(*charmap.Charmap)
		if err != nil || !ok {
			return body
		}
		dec = cm.NewDecoder()
	}
	out, err := dec.Bytes(body)
	if err != nil {
		return body
	}
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	if t := bytes.TrimLeft(out, " \t\r\n"); bytes.HasPrefix(t, []byte("<?xml ")) {
		if end := bytes.Index(t, []byte("?>")); end >= 0 {
			return t[end+2:]
		}
	}
	return out
}

// errNonASCIIName sends a document to parseStd.
var errNonASCIIName = errors.New("non-ASCII name")

type scanner struct {
	b     []byte
	i     int
	stack []*node
	names [][]byte           // qualified names of the open elements, to match their ends
	more  []*strings.Builder // per open element: its text when it comes in several pieces
	nodes int
}

// maxNodes bounds the elements of one answer: a read-back of a quote with a thousand items
// is some 30,000; a hostile answer of empty elements would otherwise hold some hundred bytes
// of tree per four bytes of answer.
const maxNodes = 200_000

// maxDepth bounds an answer's nesting: Senior's go a dozen deep, and a hostile one of 190,000
// nested elements took 44 times its size to hold (58 MB for 1.3 MB), where as many flat
// elements take 14 times.
const maxDepth = 100

var errTooManyNodes = &TransientError{Kind: NotXML, Err: fmt.Errorf("answer of more than %d elements", maxNodes)}

var errTooDeep = &TransientError{Kind: NotXML, Err: fmt.Errorf("answer nested more than %d deep", maxDepth)}

var errEOF = &TransientError{Kind: Truncated, Err: errors.New("answer ends before its envelope closes")}

func notXML(format string, args ...any) error {
	return &TransientError{Kind: NotXML, Err: fmt.Errorf(format, args...)}
}

func (s *scanner) document() (*node, error) {
	var root *node
	for s.i < len(s.b) {
		c := s.b[s.i]
		if c != '<' {
			start := s.i
			j := bytes.IndexByte(s.b[s.i:], '<')
			if j < 0 {
				if len(s.stack) > 0 {
					// The answer ends inside an element's text: cut short, whatever the
					// text holds (an entity cut in two, "&am", is no malformed XML).
					return nil, errEOF
				}
				s.i = len(s.b)
			} else {
				s.i += j
			}
			text, err := s.text(s.b[start:s.i])
			if err != nil {
				return nil, err
			}
			if len(s.stack) == 0 {
				continue // text outside the root carries nothing (encoding/xml reads it too)
			}
			// Text in pieces (around comments, CDATA, children) is joined in a builder, not
			// by concatenation, which a hostile answer of many pieces would make quadratic.
			top, k := s.stack[len(s.stack)-1], len(s.stack)-1
			switch {
			case top.text == "" && s.more[k] == nil:
				top.text = text
			case s.more[k] == nil:
				s.more[k] = &strings.Builder{}
				s.more[k].WriteString(top.text)
				fallthrough
			default:
				s.more[k].WriteString(text)
			}
			continue
		}
		if s.i+1 >= len(s.b) {
			return nil, errEOF
		}
		switch s.b[s.i+1] {
		case '?':
			if err := s.pi(); err != nil {
				return nil, err
			}
		case '!':
			if err := s.bang(); err != nil {
				return nil, err
			}
		case '/':
			// end refuses an end element that closes nothing open, as one before any start.
			if err := s.end(); err != nil {
				return nil, err
			}
		default:
			n, empty, err := s.start()
			if err != nil {
				return nil, err
			}
			if s.nodes++; s.nodes > maxNodes {
				return nil, errTooManyNodes
			}
			if len(s.stack) >= maxDepth {
				return nil, errTooDeep
			}
			if len(s.stack) > 0 {
				p := s.stack[len(s.stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			} else {
				return nil, notXML("two root elements")
			}
			if !empty {
				s.stack = append(s.stack, n)
				s.more = append(s.more, nil)
			}
		}
	}
	if len(s.stack) > 0 || root == nil {
		return nil, errEOF
	}
	return root, nil
}

// pi skips <?target ...?>; an XML declaration must say version 1.0 and UTF-8 (or nothing).
func (s *scanner) pi() error {
	s.i += 2
	target, err := s.name()
	if err != nil {
		return err
	}
	j := bytes.Index(s.b[s.i:], []byte("?>"))
	if j < 0 {
		return errEOF
	}
	content := string(s.b[s.i : s.i+j])
	s.i += j + 2
	if string(target) == "xml" {
		if v := procInst("version", content); v != "" && v != "1.0" {
			return notXML("answer declares XML version %q", v)
		}
		if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return notXML("answer declares encoding %q", enc)
		}
	}
	return nil
}

// procInst reads param="value" (or 'value') out of a declaration, as encoding/xml does.
func procInst(param, s string) string {
	param += "="
	for i := 0; i < len(s); {
		k := strings.Index(s[i:], param)
		if k < 0 || i+k+len(param) >= len(s) {
			return ""
		}
		i += k + len(param)
		if q := s[i]; q == '\'' || q == '"' {
			if e := strings.IndexByte(s[i+1:], q); e >= 0 {
				return s[i+1 : i+1+e]
			}
			return ""
		}
	}
	return ""
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-'
}

// bang reads a comment or CDATA; anything else (DOCTYPE) is refused.
func (s *scanner) bang() error {
	rest := s.b[s.i:]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		// "--" may appear in a comment only as the start of its end.
		j := bytes.Index(rest[4:], []byte("--"))
		if j < 0 || 4+j+2 >= len(rest) {
			return errEOF
		}
		if rest[4+j+2] != '>' {
			return notXML("'--' inside a comment")
		}
		s.i += 4 + j + 3
		return nil
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		if len(s.stack) == 0 {
			return notXML("CDATA outside the root element")
		}
		j := bytes.Index(rest[9:], []byte("]]>"))
		if j < 0 {
			return errEOF
		}
		text := rest[9 : 9+j]
		if err := checkChars(text); err != nil {
			return err
		}
		s.stack[len(s.stack)-1].text += normaliseNewlines(text)
		s.i += 9 + j + 3
		return nil
	case len(rest) < 9 && (bytes.HasPrefix([]byte("<![CDATA["), rest) || bytes.HasPrefix([]byte("<!--"), rest)):
		return errEOF
	}
	return notXML("answer has a DOCTYPE or markup declaration")
}

// start reads <name attr="v" ...> or <name .../>.
func (s *scanner) start() (*node, bool, error) {
	s.i++ // '<'
	name, err := s.qname()
	if err != nil {
		return nil, false, err
	}
	n := &node{name: localName(name)}
	for {
		s.space() // encoding/xml, too, reads a="1"b="2"
		if s.i >= len(s.b) {
			return nil, false, errEOF
		}
		switch s.b[s.i] {
		case '>':
			s.i++
			s.names = append(s.names, name)
			return n, false, nil
		case '/':
			if s.i+1 >= len(s.b) {
				return nil, false, errEOF
			}
			if s.b[s.i+1] != '>' {
				return nil, false, notXML("bad empty element <%s/>", name)
			}
			s.i += 2
			return n, true, nil
		}
		if err := s.attr(); err != nil {
			return nil, false, err
		}
	}
}

// attr skips name="value" (or 'value'), checking its form.
func (s *scanner) attr() error {
	if _, err := s.qname(); err != nil {
		return err
	}
	s.space()
	if s.i >= len(s.b) {
		return errEOF
	}
	if s.b[s.i] != '=' {
		return notXML("attribute without a value")
	}
	s.i++
	s.space()
	if s.i >= len(s.b) {
		return errEOF
	}
	q := s.b[s.i]
	if q != '"' && q != '\'' {
		return notXML("attribute value without quotes")
	}
	j := bytes.IndexByte(s.b[s.i+1:], q)
	if j < 0 {
		return errEOF
	}
	v := s.b[s.i+1 : s.i+1+j]
	if bytes.IndexByte(v, '<') >= 0 {
		return notXML("'<' in an attribute value")
	}
	if _, err := s.text(v); err != nil {
		return err
	}
	s.i += 1 + j + 1
	return nil
}

// end reads </name> and closes the innermost open element, which must carry that name.
func (s *scanner) end() error {
	s.i += 2
	name, err := s.qname()
	if err != nil {
		return err
	}
	s.space()
	if s.i >= len(s.b) {
		return errEOF
	}
	if s.b[s.i] != '>' {
		return notXML("bad end element </%s>", name)
	}
	s.i++
	if len(s.names) == 0 || !bytes.Equal(s.names[len(s.names)-1], name) {
		return notXML("element </%s> closes nothing open", name)
	}
	k := len(s.stack) - 1
	if s.more[k] != nil {
		s.stack[k].text = s.more[k].String()
	}
	s.names, s.stack, s.more = s.names[:k], s.stack[:k], s.more[:k]
	return nil
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
			continue
		}
		break
	}
}

func (s *scanner) name() ([]byte, error) {
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		if c < utf8.RuneSelf && !isNameByte(c) {
			break
		}
		s.i++
	}
	if s.i >= len(s.b) {
		return nil, errEOF
	}
	name := s.b[start:s.i]
	for _, c := range name {
		if c >= utf8.RuneSelf {
			return nil, errNonASCIIName
		}
	}
	if !validName(name) {
		return nil, notXML("bad name %q", name)
	}
	return name, nil
}

// qname is an element or attribute name: at most one colon, between prefix and local name.
func (s *scanner) qname() ([]byte, error) {
	name, err := s.name()
	if err == nil && bytes.Count(name, []byte(":")) > 1 {
		return nil, notXML("bad name %q", name)
	}
	return name, err
}

// validName checks an ASCII name: a letter, '_' or ':' first, then also digits, '-' and '.'.
func validName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i, c := range b {
		switch {
		case c == '_' || c == ':' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		case i > 0 && (c == '-' || c == '.' || c >= '0' && c <= '9'):
		default:
			return false
		}
	}
	return true
}

// localName is the part after the prefix.
func localName(qname []byte) string {
	if i := bytes.IndexByte(qname, ':'); i >= 0 && i < len(qname)-1 && i > 0 {
		return string(qname[i+1:])
	}
	return string(qname)
}

// text decodes character data: references resolved, newlines normalised.
func (s *scanner) text(raw []byte) (string, error) {
	if err := checkChars(raw); err != nil {
		return "", err
	}
	if bytes.Contains(raw, []byte("]]>")) {
		return "", notXML("']]>' in text")
	}
	if bytes.IndexByte(raw, '&') < 0 {
		return normaliseNewlines(raw), nil
	}
	// Literal newlines are normalised before references are resolved: &#xD; stays a \r.
	if bytes.IndexByte(raw, '\r') >= 0 {
		raw = []byte(normaliseNewlines(raw))
	}
	var out []byte
	for len(raw) > 0 {
		j := bytes.IndexByte(raw, '&')
		if j < 0 {
			out = append(out, raw...)
			break
		}
		out = append(out, raw[:j]...)
		raw = raw[j+1:]
		k := bytes.IndexByte(raw, ';')
		if k < 0 {
			return "", notXML("unterminated character reference")
		}
		ref := string(raw[:k])
		raw = raw[k+1:]
		switch ref {
		case "amp":
			out = append(out, '&')
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			r, ok := charRef(ref)
			if !ok {
				return "", notXML("unknown reference &%s;", ref)
			}
			out = utf8.AppendRune(out, r)
		}
	}
	return string(out), nil
}

func charRef(ref string) (rune, bool) {
	if !strings.HasPrefix(ref, "#") || len(ref) < 2 {
		return 0, false
	}
	var n uint64
	var err error
	if ref[1] == 'x' {
		if len(ref) < 3 || strings.ContainsAny(ref[2:], "+-") {
			return 0, false
		}
		n, err = strconv.ParseUint(ref[2:], 16, 32)
	} else {
		if strings.ContainsAny(ref[1:], "+-") {
			return 0, false
		}
		n, err = strconv.ParseUint(ref[1:], 10, 32)
	}
	if err != nil || !isChar(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// checkChars refuses characters XML 1.0 forbids (the input is valid UTF-8 already).
func checkChars(b []byte) error {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return notXML("illegal character code %U", rune(c))
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRune(b[i:])
			if !isChar(r) {
				return notXML("illegal character code %U", r)
			}
			i += size - 1
		}
	}
	return nil
}

func isChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// normaliseNewlines turns \r\n and lone \r into \n, as XML parsers do.
func normaliseNewlines(b []byte) string {
	if bytes.IndexByte(b, '\r') < 0 {
		return string(b)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// parseStd is the same reader built on encoding/xml: the reference the scanner is fuzzed
// against, and its fallback for element names beyond ASCII, whose Unicode classes it leaves
// to encoding/xml.
func parseStd(body []byte) (*node, error) {
	body = asUTF8(body)
	trim := bytes.TrimSpace(body)
	if len(trim) == 0 {
		return nil, &TransientError{Kind: NotXML, Err: errors.New("empty answer")}
	}
	if trim[0] != '<' {
		return nil, &TransientError{Kind: NotXML, Err: fmt.Errorf("answer is not XML: %q", snippet(trim))}
	}
	// RawToken skips namespace translation (answers are matched by local name anyway); the
	// nesting that Token would check is checked here, by prefix and local name.
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	type open struct {
		n    *node
		name xml.Name
		text []byte // the element's character data, every piece of it
	}
	var stack []open
	var root *node
	nodes := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(stack) > 0 || root == nil {
				return nil, &TransientError{Kind: Truncated, Err: errors.New("answer ends before its envelope closes")}
			}
			return root, nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF") {
				return nil, &TransientError{Kind: Truncated, Err: errors.New("answer ends before its envelope closes")}
			}
			return nil, &TransientError{Kind: NotXML, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if nodes++; nodes > maxNodes {
				return nil, errTooManyNodes
			}
			if len(stack) >= maxDepth {
				return nil, errTooDeep
			}
			n := &node{name: t.Name.Local}
			if len(stack) > 0 {
				p := stack[len(stack)-1].n
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			} else {
				return nil, &TransientError{Kind: NotXML, Err: errors.New("two root elements")}
			}
			stack = append(stack, open{n: n, name: t.Name})
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1].name != t.Name {
				return nil, &TransientError{Kind: NotXML, Err: fmt.Errorf("element </%s> closes nothing open", t.Name.Local)}
			}
			top := stack[len(stack)-1]
			top.n.text = string(top.text)
			stack = stack[:len(stack)-1]
		case xml.Directive:
			return nil, &TransientError{Kind: NotXML, Err: errors.New("DOCTYPE")}
		case xml.CharData:
			if len(stack) > 0 {
				top := &stack[len(stack)-1]
				top.text = append(top.text, t...)
			}
		}
	}
}
