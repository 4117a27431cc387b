package readers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Caps that keep a CSV file's memory bounded and its rows within what Excel (and Senior's
// string fields) can hold.
const (
	// csvMaxLine is the longest line read: a longer one is a LineTooLong row, skipped up to
	// its newline without being held in memory.
	csvMaxLine = 1 << 20
	// csvMaxRecord caps a record that spans lines (a quoted field holding newlines). A quoted
	// field may run over several lines, but the record is given up - and its first line
	// reported as an UnpairedQuote - as soon as a following line cannot continue it (a quote
	// in it that closes nothing, a line too long), the record passes this size, or the file
	// ends. Reading then resumes at the line after the record's first, so an opening quote
	// that is never closed costs one row, never the rest of the file.
	csvMaxRecord = 1 << 20
	// MaxFieldChars is Excel's cap on a cell's text.
	MaxFieldChars = 32767
	// MaxColumns is Excel's last column (XFD).
	MaxColumns = 16384
	// charsetSample is how much of a file decides its charset.
	charsetSample = 1 << 20
	// sniffSize is how much of a file picks its delimiter.
	sniffSize = 64 << 10
)

// csvSource is a CSV file: one sheet named after the file. Rows reopens the file each time,
// so it never holds more than one record in memory.
type csvSource struct {
	path    string
	name    string // in messages (Options.Name)
	files   Files  // Options.Files, for every open of path
	delim   rune
	dbytes  []byte     // the delimiter as it is written in the file's charset
	charset string     // "utf-8", or a single-byte charset's name (singleByte)
	bom     int        // bytes of byte-order mark to skip
	table   *[256]rune // a single-byte charset's runes; nil for UTF-8
	crLines bool       // lines end in CR alone (see crReader)
	// temp: path is the UTF-8 copy of the UTF-16 file orig (see openUTF16), removed by
	// Close; shown is the charset orig was written in.
	temp  bool
	shown string
	orig  string
	// tableLine: the line the table starts on, when sniff set title lines aside (TableLine).
	tableLine int

	readMu sync.Mutex
	read   os.FileInfo // the file given as the last Rows (or a UTF-16 copy) left it (ReadInfo)
}

func openCSV(ctx context.Context, path string, o Options) (Source, error) {
	f, err := o.files().Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(charsetSample)
	if fi, err := f.Stat(); err == nil {
		size = min(size, fi.Size())
	}
	head := make([]byte, size)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	s := &csvSource{path: path, name: o.name(path), files: o.files()}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, oleMagic):
		return nil, &FileError{Path: s.name, Kind: NotText}
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")), utf16NoMark(head):
		return openUTF16(ctx, f, head, s.name, o)
	}
	if n, err := zeroTail(f); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, &FileError{Path: s.name, Kind: ZeroTail, Limit: n}
	}
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		s.bom = 3
	}
	switch strings.ToLower(strings.ReplaceAll(o.Charset, "_", "-")) {
	case "":
		s.charset = decideCharset(head)
		if s.charset == "" {
			// The first MiB is ASCII, which both charsets read alike: the first byte past
			// ASCII further on decides, so that a UTF-8 export whose first accent comes on
			// row 30,000 is not read as Windows-1252 and its accented rows refused.
			if s.charset, err = decideAfter(ctx, f); err != nil {
				return nil, err
			}
		}
	default:
		var ok bool
		if s.charset, ok = charsetNamed(o.Charset); !ok {
			return nil, fmt.Errorf("%s: unknown charset %q (use utf-8, windows-1252, cp850 or macintosh)", s.name, o.Charset)
		}
	}
	var cm *charmap.Charmap
	if s.charset != "utf-8" {
		sb, _ := singleByteNamed(s.charset)
		s.table, cm = sb.table(), sb.cm
	}
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		s.crLines = true
		head = bytes.ReplaceAll(head, []byte{'\r'}, []byte{'\n'})
	}
	sample := head[s.bom:min(len(head), s.bom+sniffSize)]
	switch d, ok := sepLine(sample); {
	case o.Delimiter != 0:
		s.delim = o.Delimiter
	case ok:
		s.delim = d
	default:
		s.delim, s.tableLine = sniff([]byte(s.decode(sample)), n > s.bom+sniffSize || n == charsetSample)
	}
	if s.delim == '"' || s.delim == '\r' || s.delim == '\n' || !utf8.ValidRune(s.delim) || s.delim == utf8.RuneError {
		return nil, fmt.Errorf("%s: %q cannot be a delimiter", s.name, s.delim)
	}
	if s.charset == "utf-8" {
		s.dbytes = utf8.AppendRune(nil, s.delim)
	} else {
		b, ok := cm.EncodeRune(s.delim)
		if !ok {
			return nil, fmt.Errorf("%s: %q cannot be written in %s", s.name, s.delim, s.charset)
		}
		s.dbytes = []byte{b}
	}
	return s, nil
}

// sepLine reads Excel's delimiter line: a first line "sep=;" (or "sep=," or "sep=" and a tab)
// names the delimiter, and Excel takes the line for no data. Here it is a title line above the
// header (which the header's search passes over) and the delimiter it names is not guessed.
func sepLine(b []byte) (rune, bool) {
	line, _, _ := bytes.Cut(b, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	rest, ok := bytes.CutPrefix(line, []byte("sep="))
	if !ok || len(rest) != 1 || rest[0] >= utf8.RuneSelf {
		return 0, false
	}
	return rune(rest[0]), true
}

// crReader reads a file whose lines end in CR alone, as Excel for Mac's "CSV (Macintosh)"
// writes them, as if they ended in LF: encoding/csv and the framer know only LF and CRLF,
// and read such a file as a single line, its header, with no rows at all. Byte for byte, so
// every offset is still the file's. A file is read so when its first MiB has a CR and no LF.
type crReader struct{ f *os.File }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.f.Read(p)
	for b := p[:n]; ; {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			break
		}
		b[i] = '\n'
		b = b[i+1:]
	}
	return n, err
}

func (c crReader) Seek(off int64, whence int) (int64, error) { return c.f.Seek(off, whence) }

// zeroTail is how many zero bytes a file ends in. No text ends so; a file does when a copy to a
// share was cut short, or a crash left its last blocks allocated and never written (the
// rows before them may be cut too): such a file is refused whole, not read up to its zeros
// with its last row perhaps half there. (A UTF-16 file, which may end in a zero byte, is
// read before this is asked.) It counts ZeroTailScan bytes at most: a file of zeros as large
// as a disk (a sparse one) is not read to its start.
func zeroTail(f *os.File) (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	var last [1]byte
	if fi.Size() == 0 {
		return 0, nil
	}
	if _, err := f.ReadAt(last[:], fi.Size()-1); err != nil || last[0] != 0 {
		return 0, err // the usual file: one byte read
	}
	var n int64
	buf := make([]byte, 64<<10)
	for end := fi.Size(); end > 0 && n < ZeroTailScan; {
		start := max(0, end-int64(len(buf)))
		b := buf[:end-start]
		if _, err := f.ReadAt(b, start); err != nil && err != io.EOF {
			return 0, err
		}
		i := len(b)
		for i > 0 && b[i-1] == 0 {
			i--
		}
		n += int64(len(b) - i)
		if i > 0 {
			break
		}
		end = start
	}
	return n, nil
}

// ZeroTailScan is the most of a file's zero tail zeroTail counts: a FileError of kind ZeroTail
// whose Limit is this much says "at least".
const ZeroTailScan = 16 << 20

// oleMagic starts an OLE compound file: an old .xls, or a password-protected workbook.
var oleMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")

// decideCharset reads a file's first MiB: a UTF-8 byte-order mark, or any valid multi-byte
// UTF-8 sequence (even beside bytes that are not UTF-8) makes it UTF-8; other bytes past
// ASCII make it one of the single-byte charsets Excel saves CSV files in, Windows-1252 ("CSV"
// in Excel in Portuguese) unless its text could not be Portuguese and another's could
// (singleByte). A row that contradicts the decision is then a row error (InvalidUTF8,
// LooksUTF8), never garbled text. ASCII alone decides nothing: "".
func decideCharset(head []byte) string {
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		return "utf-8"
	}
	i := firstNonASCII(head)
	if i < 0 {
		return ""
	}
	for ; i < len(head); i++ {
		if head[i] < utf8.RuneSelf {
			continue
		}
		if r, n := utf8.DecodeRune(head[i:]); r != utf8.RuneError || n > 1 {
			return "utf-8"
		}
	}
	return singleByte(head)
}

// decideAfter reads on from where the first MiB ended to the first byte past ASCII and
// decides by the MiB from there; a file of ASCII alone is UTF-8 (as it is Windows-1252: the
// text is the same). The file is read once more for it, at the speed of the disk (13 ms for 43
// MB): the rows are read more slowly than that anyway. ctx ends it between MiBs: an interrupt
// does not wait for the end of a file of many gigabytes.
func decideAfter(ctx context.Context, r io.Reader) (string, error) {
	buf := make([]byte, charsetSample)
	keep := 0
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		n, err := io.ReadFull(r, buf[keep:])
		end := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !end {
			return "", err
		}
		b := buf[:keep+n]
		if i := firstNonASCII(b); i >= 0 {
			// A sequence cut by the buffer's end is read whole before it decides.
			if len(b)-i >= utf8.UTFMax || end {
				return decideCharset(b[i:]), nil
			}
			keep = copy(buf, b[i:])
			continue
		}
		if end {
			return "utf-8", nil
		}
		keep = 0
	}
}

// firstNonASCII is the index of the first byte of b past ASCII, or -1; eight bytes at a time.
func firstNonASCII(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// decode turns bytes of the file into text; bytes that are not UTF-8 in a UTF-8 file
// become U+FFFD.
func (s *csvSource) decode(b []byte) string {
	if s.table == nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s.appendDecoded(nil, b))
}

func (s *csvSource) appendDecoded(dst, b []byte) []byte {
	for _, c := range b {
		if c < utf8.RuneSelf {
			dst = append(dst, c)
		} else {
			dst = utf8.AppendRune(dst, s.table[c])
		}
	}
	return dst
}

// sniff picks a file's delimiter among ; , tab | from its first rows (sample, decoded; cut: the
// sample ends inside the file, and its last line, perhaps partial, is left out).
//
// First, the delimiter that gives every row of the sample the same width, more than one
// column; among those, the widest; ties go in that order, so ";" (Excel in Portuguese) wins
// over ",".
//
// When none does, the sample may be a table under title lines, as report tools export it
// ("Relatório de categorias de despesa - dezembro" above the header), and perhaps over note
// lines ("Total de registros: 2"): such a line has no delimiter, or fewer than the table's
// (Excel pads its title lines with delimiters to the table's width, and the first rule finds
// those). A delimiter is then taken when the rows it splits into more than one field make one
// run of the same width, the table, and every line above and below that run has fewer fields
// than the table under each of the four delimiters: a title is no row of the table, whichever
// way it is read. So "Relatório; dezembro, 2026" above a table of three columns is a title,
// while the header "valor;total" of a semicolon file whose values hold commas (1,5;2,5 is
// three fields at the commas) is not. The table must hold two rows at least, and at least
// half the sample's rows. Among the delimiters that find a table, the one whose table starts
// first wins (the fewer lines set aside), then the widest, then the order above. A header
// one field narrower than its rows, each of which ends in a delimiter (a trailing ","), is
// set aside too, and the table starts under it.
//
// When no delimiter gives one width either way, ";" it is: a file of one column is read so.
// A file this misreads has a header that names no field, and is refused with a message that
// names the --delimiter under which its header would (pipeline.delimiterHint).
//
// table is the line the table starts on when the second rule found it (0 when the first
// did, or neither). Syntax alone cannot tell a title over a table of two columns from a file of one
// column whose every value holds a comma ("vlr" over 1,50 and 2,75; "descricao" over "Peças,
// azul"): the header can. One the pipeline finds above the table, of one field, refutes the
// guess, and the file is read at ";" (pipeline.readHeader).
func sniff(sample []byte, cut bool) (delim rune, table int) {
	if cut { // drop the last, possibly partial, line
		if i := bytes.LastIndexByte(sample, '\n'); i > 0 {
			sample = sample[:i+1]
		}
	}
	delims := [...]rune{';', ',', '\t', '|'}
	lines := bytes.Count(sample, []byte{'\n'}) + 1
	var split [len(delims)][]sniffRow // nil for a delimiter the sample cannot be read with
	for i, d := range delims {
		split[i], _ = sniffSplit(sample, d, lines)
	}
	best, bestWidth := ';', int32(0)
	for i, d := range delims {
		rows := split[i]
		if len(rows) == 0 {
			continue
		}
		width := rows[0].width
		for _, r := range rows {
			if r.width != width {
				width = 0
				break
			}
		}
		if width > 1 && width > bestWidth {
			best, bestWidth = d, width
		}
	}
	if bestWidth > 0 {
		return best, 0
	}

	// wide[line]: the most fields the record that starts on line has under any delimiter.
	wide := make([]int32, lines+1)
	for _, rows := range split {
		for _, r := range rows {
			wide[r.line] = max(wide[r.line], r.width)
		}
	}
	found, bestStart := false, int32(0)
	for i, d := range delims {
		start, width, ok := sniffTable(split[i], wide)
		if ok && (!found || start < bestStart || start == bestStart && width > bestWidth) {
			best, bestStart, bestWidth, found = d, start, width, true
		}
	}
	return best, int(bestStart)
}

// sniffRow is a record of sniff's sample as one delimiter splits it: the line it starts on
// and its number of fields.
type sniffRow struct{ line, width int32 }

// sniffSplit splits sniff's sample (of so many lines at most) by d, rows with nothing in them
// left out; ok is false when the sample cannot be read so.
func sniffSplit(sample []byte, d rune, lines int) (rows []sniffRow, ok bool) {
	rows = make([]sniffRow, 0, lines)
	r := csv.NewReader(bytes.NewReader(sample))
	r.Comma = d
	r.FieldsPerRecord = -1
	r.LazyQuotes = true // a stray quote must not hide the delimiter
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, true
		}
		if err != nil {
			return nil, false
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, sniffRow{line: int32(line), width: int32(len(rec))})
	}
}

// sniffTable finds, in rows split by one delimiter, the table sniff looks for under title
// lines and over note lines: the line its first row starts on, and its width.
// wide holds each line's most fields under any delimiter.
func sniffTable(rows []sniffRow, wide []int32) (start, width int32, ok bool) {
	n := len(rows)
	// above[k]: the widest of rows[:k] under any delimiter; below[k]: of rows[k:]; runEnd[k]:
	// where the run of rows as wide as rows[k] that starts there ends.
	above, below, runEnd := make([]int32, n+1), make([]int32, n+1), make([]int, n)
	for k, r := range rows {
		above[k+1] = max(above[k], wide[r.line])
	}
	for k := n - 1; k >= 0; k-- {
		below[k] = max(below[k+1], wide[rows[k].line])
		runEnd[k] = k + 1
		if k+1 < n && rows[k+1].width == rows[k].width {
			runEnd[k] = runEnd[k+1]
		}
	}
	for k, r := range rows {
		w, end := r.width, runEnd[k]
		if w < 2 || above[k] >= w || below[end] >= w {
			continue
		}
		if table := end - k; table < 2 || 2*table < n {
			continue
		}
		return r.line, w, true
	}
	return 0, 0, false
}

// ReadInfo is the file as the last Rows left it (readers.ReadInfo); for a UTF-16 file read
// through its copy, the file as the copy was made.
func (s *csvSource) ReadInfo() os.FileInfo {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	return s.read
}

// Delimiter is the delimiter the fields are split by (readers.Delimited).
func (s *csvSource) Delimiter() rune { return s.delim }

// TableLine is the line the table starts on, when title lines were set aside to sniff the
// delimiter; 0 when none were (readers.Delimited).
func (s *csvSource) TableLine() int { return s.tableLine }

// Path is the file given (a UTF-16 file, not the copy it is read from).
func (s *csvSource) Path() string {
	if s.orig != "" {
		return s.orig
	}
	return s.path
}

// Charset is what the file was read as ("utf-16le" for a UTF-16 file read through its copy).
func (s *csvSource) Charset() string {
	if s.shown != "" {
		return s.shown
	}
	return s.charset
}

func (s *csvSource) Sheets() []Sheet {
	base := filepath.Base(s.name)
	return []Sheet{{Name: strings.TrimSuffix(base, filepath.Ext(base))}}
}

func (s *csvSource) Close() error {
	if s.temp {
		s.temp = false // a second Close has nothing to remove
		return os.Remove(s.path)
	}
	return nil
}

// Rows streams the records; Line is the line on which each starts (the header is line 1).
// Every line of the file ends in one row, one row error, a blank line (skipped), or part of
// a record that spans lines.
func (s *csvSource) Rows(ctx context.Context, sheet string, fn func(Row) error) error {
	f, err := s.files.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	if s.orig == "" { // the file given, not a copy
		defer func() {
			if fi, err := f.Stat(); err == nil {
				s.readMu.Lock()
				s.read = fi
				s.readMu.Unlock()
			}
		}()
	}
	if _, err := f.Seek(int64(s.bom), io.SeekStart); err != nil {
		return err
	}
	var r io.ReadSeeker = f
	if s.crLines {
		r = crReader{f}
	}
	fr := newFramer(r, int64(s.bom), s.dbytes)
	sp := newSplitter(s.delim)
	var dec []byte
	// Each row goes to fn once the next one is read, to say whether it ends in an empty field
	// as a row beside it of as many fields does (Row.PaddedBlock).
	var held Row
	holding, before := false, -1 // before: padded(the row before the one held)
	var tail trailer
	pass := func(next int) error {
		if !holding {
			return nil
		}
		w := padded(held)
		held.PaddedBlock = w > 0 && (w == before || w == next)
		before, holding = w, false
		return tail.pass(held, fn)
	}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := fr.next()
		if err == io.EOF {
			if err := pass(-1); err != nil {
				return err
			}
			return tail.end(fn)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		row, ok := s.row(&rec, sp, &dec)
		if !ok {
			continue
		}
		if err := pass(padded(row)); err != nil {
			return err
		}
		held, holding = row, true
	}
}

// maxTrailer is how many lines of one field at the end of a CSV file (rows of one value in its
// first column at the end of a worksheet) are held to be told (Row.Trailer): more of them in a
// run are rows of the file, a column of their own.
const maxTrailer = 20

// trailer holds, while a CSV file or a sheet is read, the rows of one field (one value) that
// come after its rows of more than one, until a wider row says they were rows among others
// (they go on as they are) or the file ends with them (they go on as Row.Trailer).
type trailer struct {
	// one tells a row of one field (CSV: no delimiter) or of one value, in its first column
	// (a worksheet); nil: a row of one field.
	one   func(Row) bool
	wide  int   // rows of more than one field so far (the header is one)
	held  []Row // rows of one field since the last of them
	long  bool  // the run of such rows passed maxTrailer: rows, whatever comes next
	wordy int   // the last wider row whose first field holds several words (Row.WordyAbove)
}

func (t *trailer) pass(r Row, fn func(Row) error) error {
	one := r.Err == nil && len(r.Cells) == 1
	if t.one != nil {
		one = r.Err == nil && t.one(r)
	}
	if !one {
		if err := t.flush(fn, false); err != nil {
			return err
		}
		t.long = false
		if r.Err == nil {
			t.wide++
			if len(r.Cells) > 0 && r.Cells[0].Kind == Text && severalWords(r.Cells[0].Raw) {
				t.wordy = r.Line
			}
		}
		return fn(r)
	}
	if t.wide < 2 || t.long {
		return fn(r)
	}
	t.held = append(t.held, r)
	if len(t.held) > maxTrailer {
		t.long = true
		return t.flush(fn, false)
	}
	return nil
}

// end passes the rows held at the end of the file, as Row.Trailer.
func (t *trailer) end(fn func(Row) error) error { return t.flush(fn, true) }

func (t *trailer) flush(fn func(Row) error, trailer bool) error {
	for _, r := range t.held {
		r.Trailer = trailer
		if trailer {
			r.WordyAbove = t.wordy
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	t.held = t.held[:0]
	return nil
}

// severalWords tells a text of two words or more (a name, "ACME LTDA"; not a code).
func severalWords(s string) bool {
	if strings.IndexByte(s, ' ') < 0 && strings.IndexByte(s, '\t') < 0 && strings.IndexByte(s, 0xC2) < 0 {
		return false // the usual case, a code, told without looking at its runes (0xC2: U+00A0)
	}
	return len(strings.Fields(s)) >= 2
}

// firstValueOnly tells a worksheet's row whose one value is in its first column (cells past
// it empty or blank): a note typed in column A under the table, or a record with only its
// first field filled.
func firstValueOnly(r Row) bool {
	if len(r.Cells) == 0 || blankCell(r.Cells[0]) {
		return false
	}
	for _, c := range r.Cells[1:] {
		if !blankCell(c) {
			return false
		}
	}
	return true
}

func blankCell(c Cell) bool {
	return c.Kind == Empty || c.Kind == Text && strings.TrimSpace(c.Raw) == ""
}

// padded is the number of fields of a row that ends in an empty one, 0 for another.
func padded(r Row) int {
	if n := len(r.Cells); n > 0 && strings.TrimSpace(r.Cells[n-1].Raw) == "" {
		return n
	}
	return 0
}

// row turns a framed record into a row; ok is false for a row with nothing in it.
func (s *csvSource) row(rec *csvRecord, sp *splitter, dec *[]byte) (Row, bool) {
	rowErr := func(kind RowErrorKind, col int, off int64, limit int, ex string) *RowError {
		return &RowError{Line: rec.line, Column: col, Offset: off, Kind: kind, Limit: limit, Excerpt: ex}
	}
	switch rec.kind {
	case recBlank:
		return Row{}, false
	case recTooLong:
		return Row{Line: rec.line, Err: rowErr(LineTooLong, -1, rec.off, csvMaxLine, excerpt([]byte(s.decode(rec.raw))))}, true
	case recTooLarge:
		return Row{Line: rec.line, Err: rowErr(RowTooLarge, -1, rec.off, csvMaxRecord, excerpt([]byte(s.decode(rec.raw))))}, true
	case recBadQuote:
		from := min(max(int(rec.errFrom-rec.off), 0), len(rec.raw))
		cells := s.cells(sp.unpaired(s.decode(rec.raw[:from]), s.decode(rec.raw[from:])), rec.line)
		at := int(rec.errOff - rec.off)
		return Row{Line: rec.line, Cells: cells, Err: rowErr(UnpairedQuote, rec.errCol, rec.errOff, 0, excerpt([]byte(s.decode(rec.raw[max(0, at-20):]))))}, true
	}
	if rec.fields > MaxColumns {
		return Row{Line: rec.line, Err: rowErr(TooManyColumns, MaxColumns, rec.errOff, MaxColumns, excerpt([]byte(s.decode(rec.raw))))}, true
	}
	var bad *RowError
	text := rec.raw
	if s.table == nil {
		if !utf8.Valid(text) {
			at := firstInvalidUTF8(text)
			bad = rowErr(InvalidUTF8, fieldAt(text[:at], s.dbytes), rec.off+int64(at), 0, excerpt(text[max(0, at-20):]))
		}
	} else {
		if at := looksUTF8(text); at >= 0 {
			bad = rowErr(LooksUTF8, fieldAt(text[:at], s.dbytes), rec.off+int64(at), 0, excerpt([]byte(s.decode(text[max(0, at-10):]))))
			// The cells are what the text plainly is (UTF-8), for the report: the row is
			// not sent.
		} else {
			*dec = s.appendDecoded((*dec)[:0], text)
			text = *dec
		}
	}
	fields, err := sp.split(text)
	if err != nil { // the framing let through a record that encoding/csv refuses
		return Row{Line: rec.line, Cells: s.cells(sp.lazy([]byte(s.decode(rec.raw))), rec.line), Err: rowErr(UnpairedQuote, -1, rec.off, 0, excerpt([]byte(s.decode(rec.raw))))}, true
	}
	if bad == nil {
		for i, v := range fields {
			if len(v) > MaxFieldChars && utf8.RuneCountInString(v) > MaxFieldChars {
				bad = rowErr(FieldTooLong, i, -1, MaxFieldChars, excerpt([]byte(v)))
				break
			}
		}
	}
	cells := s.cells(fields, rec.line)
	if bad == nil {
		empty := true
		for _, c := range cells {
			if strings.TrimSpace(c.Raw) != "" {
				empty = false
				break
			}
		}
		if empty {
			return Row{}, false
		}
	}
	return Row{Line: rec.line, Cells: cells, Err: bad}, true
}

func (s *csvSource) cells(fields []string, line int) []Cell {
	cells := make([]Cell, len(fields))
	for i, v := range fields {
		v = excelTextField(v)
		cells[i] = Cell{Kind: Text, Raw: strings.ToValidUTF8(v, "\uFFFD"), Ref: CellRef(i, line)}
	}
	return cells
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// looksUTF8 finds, in bytes read in a one-byte charset, a sequence that is plainly UTF-8 text:
// Latin-1 letters (Ã§ Ã£ Ã© ...: C3 80-BF), Latin-1 signs (Âº Â°: C2 A0-BF), typographic
// punctuation (â€“ â€œ: E2 80 80-BF) or the euro sign (â‚¬). In Portuguese text written in
// Windows-1252 these pairs do not occur; an accented capital followed by a curly quote
// (É”) is valid UTF-8 too, which is why the test is not simply utf8.Valid. -1 when none.
func looksUTF8(b []byte) int {
	for i := 0; i+1 < len(b); i++ {
		c := b[i]
		if c < 0xC2 {
			continue
		}
		d := b[i+1]
		switch {
		case c == 0xC3 && d >= 0x80 && d <= 0xBF,
			c == 0xC2 && d >= 0xA0 && d <= 0xBF,
			c == 0xE2 && i+2 < len(b) && d == 0x80 && b[i+2] >= 0x80 && b[i+2] <= 0xBF,
			c == 0xE2 && i+2 < len(b) && d == 0x82 && b[i+2] == 0xAC:
			return i
		}
	}
	return -1
}

// fieldAt is the 0-based field in which a record's prefix ends.
func fieldAt(prefix []byte, delim []byte) int {
	var q quoteState
	q.scan(prefix, delim, 0)
	if q.field > MaxColumns {
		return MaxColumns
	}
	return q.field
}

// splitter splits a framed record into fields with encoding/csv: the record is fed to one
// csv.Reader (ReuseRecord) through feeder, so encoding/csv decides what a field holds
// (quotes, "" escapes, CRLF in quoted fields) and nothing is allocated per record but the
// fields.
type splitter struct {
	delim rune
	feed  *feeder
	r     *csv.Reader
	fed   int64 // bytes given to r since it was made
}

type feeder struct{ b []byte }

func (f *feeder) Read(p []byte) (int, error) {
	if len(f.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, f.b)
	f.b = f.b[n:]
	return n, nil
}

func newSplitter(delim rune) *splitter {
	sp := &splitter{delim: delim, feed: &feeder{}}
	sp.reset()
	return sp
}

func (sp *splitter) reset() {
	sp.r = csv.NewReader(sp.feed)
	sp.r.Comma = sp.delim
	sp.r.FieldsPerRecord = -1
	sp.r.ReuseRecord = true
	sp.fed = 0
}

// split reads one record (which ends in a newline, or the file does); the slice is reused
// by the next call.
func (sp *splitter) split(rec []byte) ([]string, error) {
	sp.feed.b = rec
	sp.fed += int64(len(rec))
	fields, err := sp.r.Read()
	if err != nil || len(sp.feed.b) > 0 || sp.r.InputOffset() != sp.fed {
		sp.feed.b = nil
		sp.reset()
		if err == nil {
			err = errors.New("record not consumed whole")
		}
		return nil, err
	}
	return fields, nil
}

// unpaired splits a line whose quotes do not pair up, for the report and the re-import file,
// from its text before the field at fault and from that field on. The fields before it are
// whole; the one at fault runs to the next delimiter, its quotes as they are; the rest is
// split with lazy quotes. encoding/csv's lazy quotes alone read a field that opens a quote
// and never closes it, or has text after its closing quote, as running to the end of the line
// (`S4;"Revisão;1` gave S4 | Revisão;1, and the re-import file a column short).
func (sp *splitter) unpaired(before, from string) []string {
	from = strings.TrimRight(from, "\r\n")
	d := string(sp.delim)
	var fields []string
	if before != "" {
		fields = sp.lazy([]byte(strings.TrimSuffix(before, d)))
	}
	fault, rest, more := strings.Cut(from, d)
	fields = append(fields, fault)
	if more {
		fields = append(fields, sp.lazy([]byte(rest))...)
	}
	return fields
}

// lazy splits a malformed line as best it can (encoding/csv with LazyQuotes), for the
// report and the re-import file. The line is text (decoded from the file's charset).
func (sp *splitter) lazy(raw []byte) []string {
	line := bytes.TrimRight(raw, "\r\n")
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma = sp.delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	fields, err := r.Read()
	if err != nil && len(fields) == 0 {
		return []string{string(line)}
	}
	return fields
}

// The framing: physical lines, grouped into records by the quote state. Only this is
// written by hand; what the fields hold is left to encoding/csv (splitter).

type recKind int

const (
	recRecord   recKind = iota // a record, raw (one or more lines, with their newlines)
	recBlank                   // a blank line
	recTooLong                 // a line over csvMaxLine: raw holds its first bytes only
	recBadQuote                // a line whose quotes do not pair up (errOff, errCol)
	recTooLarge                // a record over csvMaxRecord whose quotes closed: raw holds its first line
)

type csvRecord struct {
	kind    recKind
	line    int   // first line
	endLine int   // last line (>= line)
	off     int64 // byte offset of the first line
	raw     []byte
	fields  int   // recRecord: how many fields
	errOff  int64 // recBadQuote: where the fault is; recRecord: where field MaxColumns+1 starts
	errCol  int
	errFrom int64 // recBadQuote: where the field at fault starts
}

// physLine is one line of the file.
type physLine struct {
	raw     []byte // with its terminator; for a line too long, its first bytes
	line    int
	off     int64
	tooLong bool
	last    bool // the file ends without a newline after this line
}

// lineReader splits the file into lines without ever holding more than csvMaxLine of one.
type lineReader struct {
	br   *bufio.Reader
	off  int64
	line int
	acc  []byte
	err  error // a failure to read the file again (seek): the next line returns it
}

func (lr *lineReader) next() (physLine, error) {
	if lr.err != nil {
		return physLine{}, lr.err
	}
	pl := physLine{line: lr.line + 1, off: lr.off}
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.acc = append(lr.acc[:0], b...)
		for err == bufio.ErrBufferFull && len(lr.acc) <= csvMaxLine+2 {
			b, err = lr.br.ReadSlice('\n')
			lr.acc = append(lr.acc, b...)
		}
		size := int64(len(lr.acc))
		for err == bufio.ErrBufferFull { // too long: skip to the newline
			b, err = lr.br.ReadSlice('\n')
			size += int64(len(b))
		}
		if size > csvMaxLine+int64(lengthEOL(lr.acc)) {
			pl.raw = lr.acc[:min(len(lr.acc), 4*40)]
			pl.tooLong = true
			lr.off += size
			lr.line++
			if err == io.EOF {
				err = nil
			}
			return pl, err
		}
		b = lr.acc
	}
	if err != nil && err != io.EOF {
		return pl, err
	}
	n := len(b)
	if err == io.EOF {
		// DOS's end-of-file mark (Ctrl-Z), which exports of older systems still end with
		// (CP/M's padding, several), is no character of the last line.
		b = bytes.TrimRight(b, "\x1a")
	}
	if len(b) == 0 && err == io.EOF {
		return pl, io.EOF
	}
	pl.raw = b
	pl.last = err == io.EOF
	lr.off += int64(n)
	lr.line++
	return pl, nil
}

// lengthEOL is how many bytes of a line are its terminator ("\n" or "\r\n").
func lengthEOL(b []byte) int {
	n := len(b)
	if n > 0 && b[n-1] == '\n' {
		if n > 1 && b[n-2] == '\r' {
			return 2
		}
		return 1
	}
	return 0
}

// content is a line without its terminator, as encoding/csv sees it (a trailing "\r" at
// the end of the file is dropped).
func (pl *physLine) content() []byte {
	b := pl.raw[:len(pl.raw)-lengthEOL(pl.raw)]
	if pl.last && len(b) > 0 && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	return b
}

// quoteState follows encoding/csv's reading of quotes (without LazyQuotes) across a record.
type quoteState struct {
	st       byte
	field    int   // 0-based index of the current field
	openOff  int64 // where the current quoted field's opening quote is
	fieldOff int64 // where the current field starts
	manyOff  int64 // where field MaxColumns+1 starts
}

const (
	stStart    = iota // at the start of a field
	stUnquoted        // in a field that did not start with a quote
	stQuoted          // in a quoted field
	stQuote           // in a quoted field, just after a quote: an escape ("") or the close
)

// scan runs the state over a line's content (base is its offset in the file). It returns
// the index of the byte at fault, or -1. At the end, st == stQuoted means the record goes
// on on the next line.
func (q *quoteState) scan(b []byte, delim []byte, base int64) int {
	d0 := delim[0]
	isDelim := func(i int) bool {
		return b[i] == d0 && (len(delim) == 1 || bytes.HasPrefix(b[i:], delim))
	}
	nextField := func(i int) int {
		q.field++
		if q.field == MaxColumns {
			q.manyOff = base + int64(i+len(delim))
		}
		q.st = stStart
		return i + len(delim) - 1
	}
	for i := 0; i < len(b); i++ {
		switch q.st {
		case stStart:
			q.fieldOff = base + int64(i)
			if b[i] == '"' {
				q.st = stQuoted
				q.openOff = base + int64(i)
				continue
			}
			q.st = stUnquoted
			fallthrough
		case stUnquoted:
			switch {
			case b[i] == '"':
				return i
			case isDelim(i):
				i = nextField(i)
			}
		case stQuoted:
			j := bytes.IndexByte(b[i:], '"')
			if j < 0 {
				return -1
			}
			i += j
			q.st = stQuote
		case stQuote:
			switch {
			case b[i] == '"':
				q.st = stQuoted
			case isDelim(i):
				i = nextField(i)
			default:
				return i - 1
			}
		}
	}
	return -1
}

// excelText frames a line whose only quote faults are Excel's text formulas: ="00123", which
// Excel and the systems that export for it write in a CSV file to keep a code's leading
// zeros, and which Excel shows as 00123. Each is rewritten as the quoted field it stands for
// ("00123"); ok is false when the line has another fault or its quotes go on past it (the
// line is then an unpaired quote, as it was). Offsets in the rewritten line are the line's
// less the = signs taken out: they serve nothing but the framing.
func excelText(c, delim []byte, base int64) (out []byte, q quoteState, ok bool) {
	out = bytes.Clone(c)
	for from := 0; ; {
		at := q.scan(out[from:], delim, base+int64(from))
		if at < 0 {
			return out, q, q.st != stQuoted
		}
		at += from
		if out[at] != '"' || at == 0 || out[at-1] != '=' || q.fieldOff != base+int64(at-1) {
			return nil, q, false
		}
		out = append(out[:at-1], out[at:]...)
		q.st, from = stStart, at-1
	}
}

// excelTextField is the text of Excel's text formula quoted as a field ("=""00123""" in the
// file, ="00123" once split): what Excel shows, 00123. Any other field is itself.
func excelTextField(v string) string {
	if len(v) >= 3 && v[0] == '=' && v[1] == '"' && v[len(v)-1] == '"' && strings.IndexByte(v[2:len(v)-1], '"') < 0 {
		return v[2 : len(v)-1]
	}
	return v
}

// framer groups lines into records. A record that spans lines is held (at most
// csvMaxRecord) until it closes; when it cannot, its first line is a recBadQuote and the
// lines after it are read again from the held copy.
type framer struct {
	src     io.Seeker // the file, to read again from a record's second line (see overflow)
	lr      lineReader
	delim   []byte
	replay  []physLine // lines to read again, owned copies
	pending []physLine // lines of the record being read, owned copies
	size    int
	q       quoteState
	first   quoteState // the state at the end of the pending record's first line
	buf     []byte
	// overflow: the pending record passed csvMaxRecord inside its quotes. Its lines are no
	// longer held, only followed: if its quotes close, it is one recTooLarge row and reading
	// goes on after it; if they cannot, its first line is a recBadQuote and the file is read
	// again from its second line (resume, from the file: nothing is held).
	overflow bool
	resume   physLine // the pending record's second line (offset and number)
}

func newFramer(r io.ReadSeeker, off int64, delim []byte) *framer {
	return &framer{src: r, lr: lineReader{br: bufio.NewReaderSize(r, 64<<10), off: off}, delim: delim}
}

func (f *framer) line() (physLine, error) {
	if len(f.replay) > 0 {
		pl := f.replay[0]
		f.replay = f.replay[1:]
		return pl, nil
	}
	return f.lr.next()
}

func own(pl physLine) physLine {
	pl.raw = bytes.Clone(pl.raw)
	return pl
}

// giveUp ends the pending record: its first line is a recBadQuote, and the others (then
// pl, unless it is the end of the file) are read again.
func (f *framer) giveUp(pl *physLine) csvRecord {
	first := f.pending[0]
	if f.overflow {
		return f.giveUpOverflow()
	}
	rest := append([]physLine(nil), f.pending[1:]...)
	if pl != nil {
		rest = append(rest, own(*pl))
	}
	f.replay = append(rest, f.replay...)
	f.pending = f.pending[:0]
	f.size = 0
	return csvRecord{kind: recBadQuote, line: first.line, endLine: first.line, off: first.off, raw: first.raw, errOff: f.first.openOff, errCol: f.first.field, errFrom: f.first.openOff}
}

// giveUpOverflow ends a record that overflowed and whose quotes cannot close: its first line
// is a recBadQuote, and the file is read again from its second line.
func (f *framer) giveUpOverflow() csvRecord {
	first := f.pending[0]
	f.pending, f.size, f.overflow, f.replay = f.pending[:0], 0, false, nil
	if _, err := f.src.Seek(f.resume.off, io.SeekStart); err != nil {
		f.lr.err = err
	}
	f.lr.br.Reset(f.src.(io.Reader))
	f.lr.off, f.lr.line = f.resume.off, f.resume.line-1
	return csvRecord{kind: recBadQuote, line: first.line, endLine: first.line, off: first.off, raw: first.raw, errOff: f.first.openOff, errCol: f.first.field, errFrom: f.first.openOff}
}

func (f *framer) next() (csvRecord, error) {
	for {
		pl, err := f.line()
		if err == io.EOF {
			if len(f.pending) > 0 {
				return f.giveUp(nil), nil
			}
			return csvRecord{}, io.EOF
		}
		if err != nil {
			return csvRecord{}, err
		}
		if len(f.pending) == 0 {
			if pl.tooLong {
				return csvRecord{kind: recTooLong, line: pl.line, endLine: pl.line, off: pl.off, raw: bytes.Clone(pl.raw)}, nil
			}
			c := pl.content()
			if len(c) == 0 {
				return csvRecord{kind: recBlank, line: pl.line, endLine: pl.line, off: pl.off}, nil
			}
			f.q = quoteState{}
			if bytes.IndexByte(c, '"') < 0 { // the usual line: no quotes
				f.q.field = bytes.Count(c, f.delim)
				if f.q.field >= MaxColumns { // scan again to find where the cap is passed
					f.q = quoteState{}
					f.q.scan(c, f.delim, pl.off)
				}
				return f.record(pl, pl), nil
			}
			if at := f.q.scan(c, f.delim, pl.off); at >= 0 {
				if out, q, ok := excelText(c, f.delim, pl.off); ok {
					raw := append(out, pl.raw[len(c):]...)
					return csvRecord{kind: recRecord, line: pl.line, endLine: pl.line, off: pl.off, raw: raw, fields: q.field + 1, errOff: q.manyOff}, nil
				}
				return csvRecord{kind: recBadQuote, line: pl.line, endLine: pl.line, off: pl.off, raw: bytes.Clone(pl.raw), errOff: pl.off + int64(at), errCol: f.q.field, errFrom: f.q.fieldOff}, nil
			}
			if f.q.st != stQuoted || pl.last {
				if f.q.st == stQuoted { // the file ends inside the quotes
					return csvRecord{kind: recBadQuote, line: pl.line, endLine: pl.line, off: pl.off, raw: bytes.Clone(pl.raw), errOff: f.q.openOff, errCol: f.q.field, errFrom: f.q.openOff}, nil
				}
				return f.record(pl, pl), nil
			}
			f.first = f.q
			f.pending = append(f.pending, own(pl))
			f.size = len(pl.raw)
			continue
		}
		// A line that continues a quoted field.
		if pl.tooLong {
			return f.giveUp(&pl), nil
		}
		if !f.overflow && f.size+len(pl.raw) > csvMaxRecord {
			// Too much to hold: follow the quotes without holding the lines.
			f.overflow = true
			if len(f.pending) > 1 {
				f.resume = f.pending[1]
			} else {
				f.resume = pl
			}
			f.pending = f.pending[:1]
		}
		if f.overflow {
			if at := f.q.scan(pl.content(), f.delim, pl.off); at >= 0 {
				return f.giveUpOverflow(), nil
			}
			if f.q.st == stQuoted {
				if pl.last {
					return f.giveUpOverflow(), nil
				}
				continue
			}
			first := f.pending[0]
			f.pending, f.size, f.overflow = f.pending[:0], 0, false
			return csvRecord{kind: recTooLarge, line: first.line, endLine: pl.line, off: first.off, raw: first.raw}, nil
		}
		if at := f.q.scan(pl.content(), f.delim, pl.off); at >= 0 {
			return f.giveUp(&pl), nil
		}
		if f.q.st == stQuoted {
			if pl.last {
				return f.giveUp(&pl), nil
			}
			f.pending = append(f.pending, own(pl))
			f.size += len(pl.raw)
			continue
		}
		f.buf = f.buf[:0]
		for _, p := range f.pending {
			f.buf = append(f.buf, p.raw...)
		}
		first := f.pending[0]
		f.pending = f.pending[:0]
		f.size = 0
		return f.record(first, pl), nil
	}
}

// record is a complete record from first to last (the lines between are in f.buf already
// when first != last).
func (f *framer) record(first, last physLine) csvRecord {
	raw := last.raw
	if first.line != last.line {
		f.buf = append(f.buf, last.raw...)
		raw = f.buf
	}
	return csvRecord{kind: recRecord, line: first.line, endLine: last.line, off: first.off, raw: raw, fields: f.q.field + 1, errOff: f.q.manyOff}
}
