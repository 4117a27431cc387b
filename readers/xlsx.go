package readers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Caps on a workbook's parts. Real workbooks compress about 5-20:1; a zip bomb, 1,000:1.
const (
	bombSize     = 64 << 20 // past this, a part must not inflate more than bombRatio times
	bombRatio    = 100
	maxPart      = 4 << 30 // no part past this, whatever its ratio
	maxWorkbook  = 64 << 20
	maxStyles    = 64 << 20
	maxDirectory = 8 << 20 // the zip's central directory (archive/zip holds it whole)
	maxSheets    = 10000
)

// xlsxSource reads a workbook straight from its zip, without excelize: workbook.xml (sheets,
// their visibility, the 1900/1904 date system), its relations, styles.xml (the number format
// of every cell style) and the shared strings are read at Open; a sheet's XML is read by
// sheetScan each time Rows is called, inflated as it is read, never held whole.
//
// Sizes are checked at Open, before any row, from the zip's directory: every part's declared
// size and ratio (ZipBomb, PartTooLarge), the workbook and styles parts (64 MiB). The bytes
// actually inflated are then counted as each part is read: archive/zip stops a part at its
// declared size (and checks its CRC at the end), so a part that lies about its size never
// inflates past the declared - already capped - size. Parts read at Open (workbook,
// relations, styles, shared strings) are therefore checked whole at Open; a sheet that lies
// is caught while Rows reads it (a *FileError SizeMismatch or Corrupt after the rows before
// it), rather than inflating every sheet once more at Open to find out: that would double
// the inflating, the largest cost of reading a big sheet, for a damage that memory and disk
// are already safe from.
type xlsxSource struct {
	path     string
	name     string    // in messages (Options.Name)
	file     *os.File  // while Open checks the file; then lazy holds it
	lazy     *lazyFile // what the zip reads
	zr       *zip.Reader
	sheets   []Sheet
	parts    map[string]*zip.File // sheet name → its part
	date1904 bool
	styles   *styleTable
	sst      *sharedStrings

	// foundMu guards what readings found of the sheets, read by Rows of several sheets at once
	// (a record sheet and its set sheets): their merged ranges and hidden columns.
	foundMu sync.Mutex
	merges  map[string]*mergeSet // sheet name → its merged ranges, found at its first reading
	late    map[string]*mergeSet // the same, for sheets larger than maxPrescan: not filled
	hidCols map[string][][2]int  // sheet name → the column ranges it hides, found at its first reading
}

// limits are the caps that tests lower to reach them with small files.
type limits struct {
	sstMemory  int   // shared strings held in memory, index included, before spilling
	sharedText int64 // shared strings in all (SharedStringsTooLarge)
}

func openXLSX(ctx context.Context, p string, o Options) (Source, error) {
	s, err := openXLSXLimits(ctx, p, o, limits{sstMemory: sstMemory, sharedText: maxSharedText})
	if err != nil { // not a nil *xlsxSource in a non-nil Source
		return nil, err
	}
	return s, nil
}

func openXLSXLimits(ctx context.Context, p string, o Options, lim limits) (_ *xlsxSource, err error) {
	f, err := o.files().Open(p)
	if err != nil {
		return nil, err
	}
	s := &xlsxSource{path: p, name: o.name(p), file: f, parts: map[string]*zip.File{}}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := s.checkZip(fi.Size()); err != nil {
		return nil, err
	}
	s.lazy = &lazyFile{path: p, name: s.name, files: o.files(), f: f, info: fi}
	s.zr, err = zip.NewReader(s.lazy, fi.Size())
	if err != nil {
		return nil, &FileError{Path: s.name, Kind: NotSpreadsheet, Err: err}
	}
	byName := map[string]*zip.File{}
	for _, zf := range s.zr.File {
		if err := s.checkSize(zf); err != nil {
			return nil, err
		}
		byName[partKey(zf.Name)] = zf
	}
	wbPart := "xl/workbook.xml"
	if rels := byName[partKey("_rels/.rels")]; rels != nil {
		rs, err := s.readRels(rels)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPart = resolve("", r.Target)
				break
			}
		}
	}
	wb := byName[partKey(wbPart)]
	if wb == nil {
		looks := LooksZipOnly
		if mt := byName[partKey("mimetype")]; mt != nil && mt.UncompressedSize64 < 100 {
			if rc, err := mt.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 100))
				rc.Close()
				if strings.HasPrefix(string(b), "application/vnd.oasis.opendocument.spreadsheet") {
					looks = LooksODS
				}
			}
		}
		return nil, &FileError{Path: s.name, Kind: NotSpreadsheet, Looks: looks}
	}
	if wb.UncompressedSize64 > maxWorkbook {
		return nil, &FileError{Path: s.name, Part: wb.Name, Kind: WorkbookTooLarge, Declared: int64(wb.UncompressedSize64), Limit: maxWorkbook}
	}
	sheets, err := s.readWorkbook(wb)
	if err != nil {
		return nil, err
	}
	relsPart := path.Join(path.Dir(wbPart), "_rels", path.Base(wbPart)+".rels")
	targets := map[string]rel{}
	stylesPart, sstPart := path.Join(path.Dir(wbPart), "styles.xml"), path.Join(path.Dir(wbPart), "sharedStrings.xml")
	if zf := byName[partKey(relsPart)]; zf != nil {
		if zf.UncompressedSize64 > maxWorkbook {
			return nil, &FileError{Path: s.name, Part: zf.Name, Kind: WorkbookTooLarge, Declared: int64(zf.UncompressedSize64), Limit: maxWorkbook}
		}
		rs, err := s.readRels(zf)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			r.Target = resolve(path.Dir(wbPart), r.Target)
			targets[r.ID] = r
			switch {
			case strings.HasSuffix(r.Type, "/styles"):
				stylesPart = r.Target
			case strings.HasSuffix(r.Type, "/sharedStrings"):
				sstPart = r.Target
			}
		}
	}
	worksheets := 0
	for _, sh := range sheets {
		r, ok := targets[sh.rid]
		zf := byName[partKey(r.Target)]
		if !ok || zf == nil {
			return nil, &FileError{Path: s.name, Part: r.Target, Kind: Corrupt, Err: fmt.Errorf("sheet %q has no part", sh.name)}
		}
		if strings.HasSuffix(r.Type, "/worksheet") {
			worksheets++
		}
		s.sheets = append(s.sheets, Sheet{Name: sh.name, Hidden: sh.hidden})
		s.parts[sh.name] = zf
	}
	if worksheets == 0 {
		return nil, &FileError{Path: s.name, Kind: NoSheet}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.styles = newStyleTable(nil, nil)
	if zf := byName[partKey(stylesPart)]; zf != nil {
		if zf.UncompressedSize64 > maxStyles {
			return nil, &FileError{Path: s.name, Part: zf.Name, Kind: StylesTooLarge, Declared: int64(zf.UncompressedSize64), Limit: maxStyles}
		}
		rc, err := s.openPart(zf)
		if err != nil {
			return nil, err
		}
		s.styles, err = readStyles(rc)
		rc.Close()
		if err != nil {
			return nil, s.partError(zf, err)
		}
	}
	if zf := byName[partKey(sstPart)]; zf != nil {
		rc, err := s.openPart(zf)
		if err != nil {
			return nil, err
		}
		s.sst, err = readSharedStrings(ctx, rc, o.TempDir, lim, int64(zf.UncompressedSize64))
		rc.Close()
		if errors.Is(err, errSSTTooLarge) {
			return nil, &FileError{Path: s.name, Part: zf.Name, Kind: SharedStringsTooLarge, Declared: int64(zf.UncompressedSize64), Limit: lim.sharedText}
		}
		var te *tempError
		if errors.As(err, &te) {
			return nil, &FileError{Path: s.name, Part: zf.Name, Kind: TempFolder, Err: te.err}
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, s.partError(zf, err)
		}
	}
	return s, nil
}

// partKey is how a part is looked up: part names are case-insensitive, and some writers use
// backslashes or a leading slash.
func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

// resolve a relationship's target against the folder of the part that holds it.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return strings.TrimPrefix(path.Join(dir, target), "/")
}

// notZip says what a file named .xlsx that is no zip looks like, by its first bytes: an HTML
// table (what some systems export as "Excel"), text (a CSV file renamed), or neither.
func notZip(r io.ReaderAt) Looks {
	head := make([]byte, 512)
	n, _ := r.ReadAt(head, 0)
	head = bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf"))
	lower := bytes.ToLower(head)
	switch {
	case n == 0:
		return LooksEmpty
	case bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<table")):
		return LooksHTML
	case !bytes.ContainsRune(head, 0) && (utf8.Valid(head) || printable(head)):
		return LooksText
	}
	return LooksUnknown
}

// printable: no control bytes but line ends and tabs (Windows-1252 text, say).
func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

// checkZip looks at the file before archive/zip reads its directory: an OLE file (an old
// .xls, or a password-protected workbook), something that is not a zip, or a directory too
// large to hold.
func (s *xlsxSource) checkZip(size int64) error {
	var magic [8]byte
	n, _ := s.file.ReadAt(magic[:], 0)
	switch {
	case bytes.Equal(magic[:n], oleMagic):
		return &FileError{Path: s.name, Kind: EncryptedOrXLS}
	case n < 4 || string(magic[:2]) != "PK":
		return &FileError{Path: s.name, Kind: NotSpreadsheet, Looks: notZip(s.file)}
	}
	// The end of central directory record: within the last 64 KiB + 22 bytes.
	tail := make([]byte, min(size, 65557))
	if _, err := s.file.ReadAt(tail, size-int64(len(tail))); err != nil {
		return &FileError{Path: s.name, Kind: NotSpreadsheet, Err: err}
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || len(tail)-i < 22 {
		if string(magic[:min(n, 4)]) == "PK\x03\x04" { // a zip's first part, and no end
			return &FileError{Path: s.name, Kind: NotSpreadsheet, Looks: LooksCutShort}
		}
		return &FileError{Path: s.name, Kind: NotSpreadsheet, Err: errors.New("not a zip file (no directory)")}
	}
	entries := uint64(binary.LittleEndian.Uint16(tail[i+10:]))
	dirSize := uint64(binary.LittleEndian.Uint32(tail[i+12:]))
	if (entries == 0xFFFF || dirSize == 0xFFFFFFFF) && i >= 20 && string(tail[i-20:i-16]) == "PK\x06\x07" {
		off := int64(binary.LittleEndian.Uint64(tail[i-20+8:]))
		var rec [56]byte
		if _, err := s.file.ReadAt(rec[:], off); err == nil && string(rec[:4]) == "PK\x06\x06" {
			entries = binary.LittleEndian.Uint64(rec[32:])
			dirSize = binary.LittleEndian.Uint64(rec[40:])
		}
	}
	if dirSize > maxDirectory || entries > maxDirectory/46 {
		return &FileError{Path: s.name, Kind: TooManyParts, Declared: int64(min(dirSize, 1<<62)), Limit: maxDirectory}
	}
	return nil
}

// checkSize refuses a part by its declared size: past 4 GiB, or past 64 MiB at a ratio
// above 100:1.
func (s *xlsxSource) checkSize(zf *zip.File) error {
	u, c := zf.UncompressedSize64, zf.CompressedSize64
	switch {
	case u > maxPart:
		return &FileError{Path: s.name, Part: zf.Name, Kind: PartTooLarge, Declared: int64(min(u, 1<<62)), Limit: maxPart}
	case u > bombSize && u > bombRatio*c:
		return &FileError{Path: s.name, Part: zf.Name, Kind: ZipBomb, Declared: int64(u), Limit: bombSize}
	}
	return nil
}

// countingReader counts what a part inflates to and stops it past its declared size, its
// caps, whatever archive/zip does.
type countingReader struct {
	rc    io.ReadCloser
	n     int64
	limit int64
	s     *xlsxSource
	zf    *zip.File
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		return n, &FileError{Path: c.s.name, Part: c.zf.Name, Kind: SizeMismatch, Declared: int64(c.zf.UncompressedSize64), Inflated: c.n}
	}
	if err != nil && err != io.EOF {
		return n, c.s.partErrorAt(c.zf, err, c.n)
	}
	return n, err
}

func (c *countingReader) Close() error { return c.rc.Close() }

func (s *xlsxSource) openPart(zf *zip.File) (io.ReadCloser, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, s.partError(zf, err)
	}
	return &countingReader{rc: rc, limit: int64(min(zf.UncompressedSize64, maxPart)), s: s, zf: zf}, nil
}

func (s *xlsxSource) partError(zf *zip.File, err error) error {
	return s.partErrorAt(zf, err, 0)
}

// partErrorAt names what went wrong in a part: archive/zip says ErrFormat when a part
// inflates past its declared size and io.ErrUnexpectedEOF when it ends short of it.
func (s *xlsxSource) partErrorAt(zf *zip.File, err error, inflated int64) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	kind := Corrupt
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
		kind = SizeMismatch
	}
	return &FileError{Path: s.name, Part: zf.Name, Kind: kind, Declared: int64(zf.UncompressedSize64), Inflated: inflated, Err: err}
}

type rel struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
	Mode   string `xml:"TargetMode,attr"`
}

func (s *xlsxSource) readRels(zf *zip.File) ([]rel, error) {
	if zf.UncompressedSize64 > maxWorkbook {
		return nil, &FileError{Path: s.name, Part: zf.Name, Kind: WorkbookTooLarge, Declared: int64(zf.UncompressedSize64), Limit: maxWorkbook}
	}
	rc, err := s.openPart(zf)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var out []rel
	d := xml.NewDecoder(bufio.NewReader(rc))
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, s.partError(zf, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			if len(out) > maxSheets*4 {
				return nil, &FileError{Path: s.name, Part: zf.Name, Kind: TooManySheets, Limit: maxSheets}
			}
			r := rel{ID: xmlAttr(se, "Id"), Type: xmlAttr(se, "Type"), Target: xmlAttr(se, "Target"), Mode: xmlAttr(se, "TargetMode")}
			if r.Mode != "External" {
				out = append(out, r)
			}
		}
	}
}

type wbSheet struct {
	name, rid string
	hidden    bool
}

func (s *xlsxSource) readWorkbook(zf *zip.File) ([]wbSheet, error) {
	rc, err := s.openPart(zf)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var out []wbSheet
	d := xml.NewDecoder(bufio.NewReader(rc))
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, s.partError(zf, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			v := strings.TrimSpace(xmlAttr(se, "date1904"))
			s.date1904 = v == "1" || v == "true"
		case "sheet":
			if len(out) >= maxSheets {
				return nil, &FileError{Path: s.name, Part: zf.Name, Kind: TooManySheets, Limit: maxSheets}
			}
			sh := wbSheet{name: xmlAttr(se, "name")}
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					sh.rid = a.Value
				}
			}
			state := xmlAttr(se, "state")
			sh.hidden = state == "hidden" || state == "veryHidden"
			out = append(out, sh)
		}
	}
}

func (s *xlsxSource) Path() string    { return s.path }
func (s *xlsxSource) Sheets() []Sheet { return s.sheets }
func (s *xlsxSource) Charset() string { return "" }

// Close closes the file and removes the shared strings' spill file, if any.
func (s *xlsxSource) Close() error {
	err := s.sst.close()
	if s.lazy != nil {
		s.file = nil // the lazy file's own
		err = errors.Join(err, s.lazy.release())
	}
	if s.file != nil {
		if cerr := s.file.Close(); err == nil {
			err = cerr
		}
		s.file = nil
	}
	return err
}

// Release closes the workbook's file until its rows are read (Rows opens it again): a run
// of many workbooks opens each one's header first, and must not hold them all open (past a
// service's 1,024 files it could not start). Not while a Rows call is under way.
func (s *xlsxSource) Release() error {
	if s.lazy == nil {
		return nil
	}
	return s.lazy.release()
}

// lazyFile is a file read by offset that lets go of its descriptor when released and opens it
// again at the next read, refusing to if the path is now another file.
type lazyFile struct {
	path  string
	name  string // in messages (Options.Name)
	files Files  // Options.Files
	info  os.FileInfo
	mu    sync.RWMutex
	f     *os.File
	last  os.FileInfo // the descriptor's stat when last released (ReadInfo)
}

func (l *lazyFile) ReadAt(p []byte, off int64) (int, error) {
	l.mu.RLock()
	for l.f == nil {
		l.mu.RUnlock()
		if err := l.open(); err != nil {
			return 0, err
		}
		l.mu.RLock()
	}
	defer l.mu.RUnlock()
	return l.f.ReadAt(p, off)
}

// open opens the file again, if released, provided it is still the file first opened.
func (l *lazyFile) open() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		return nil
	}
	f, err := l.files.Open(l.path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path may be a work folder's (watch): the file is named as shown
		}
		return &FileError{Path: l.name, Kind: Changed, Err: err}
	}
	if fi, err := f.Stat(); err != nil || !os.SameFile(fi, l.info) || fi.Size() != l.info.Size() {
		f.Close()
		return &FileError{Path: l.name, Kind: Changed}
	}
	l.f = f
	return nil
}

func (l *lazyFile) release() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	if fi, err := l.f.Stat(); err == nil {
		l.last = fi
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// ReadInfo is the workbook as it was when its file was last released, after its rows were
// read (readers.ReadInfo); nil before.
func (s *xlsxSource) ReadInfo() os.FileInfo {
	if s.lazy == nil {
		return nil
	}
	s.lazy.mu.RLock()
	defer s.lazy.mu.RUnlock()
	return s.lazy.last
}

// Rows streams a sheet's non-empty rows. Rows of different sheets (or of one sheet) may be
// read at once, each by its own call.
func (s *xlsxSource) Rows(ctx context.Context, sheet string, fn func(Row) error) error {
	zf, ok := s.parts[sheet]
	if !ok {
		return fmt.Errorf("%s: no sheet %q", s.name, sheet)
	}
	merged, err := s.mergesOf(ctx, sheet)
	if err != nil {
		return err
	}
	rc, err := s.openPart(zf)
	if err != nil {
		return err
	}
	defer rc.Close()
	r := &sheetScan{name: s.name, part: zf.Name, sc: newXMLScanner(rc), styles: s.styles, sst: s.sst.view(), date1904: s.date1904, merged: newMergeFill(merged)}
	if zf.UncompressedSize64 > maxPrescan {
		r.late = func(m *mergeSet) { s.lateMerges(sheet, m) }
	}
	var hid [][2]int
	r.colsHidden = func(from, to int) {
		if len(hid) < MaxColumns { // a sheet has no more columns; a hostile one no more ranges
			hid = append(hid, [2]int{from, to})
		}
	}
	// Rows of one value in column A at the sheet's end go as Row.Trailer, as in a CSV file.
	tail := trailer{one: firstValueOnly}
	stopped := false // fn said stop: it is not called again
	call := func(row Row) error {
		err := fn(row)
		stopped = stopped || err != nil
		return err
	}
	err = r.run(ctx, func(row Row) error { return tail.pass(row, call) })
	switch {
	case err == nil:
		err = tail.end(call)
	case !stopped && ctx.Err() == nil:
		// The sheet broke off (damaged past them): the rows held were read, and go before
		// the error as they did before rows were held.
		if ferr := tail.flush(call, false); ferr != nil {
			err = ferr
		}
	}
	s.foundMu.Lock()
	if s.hidCols == nil {
		s.hidCols = map[string][][2]int{}
	}
	if _, seen := s.hidCols[sheet]; !seen || len(hid) > 0 {
		s.hidCols[sheet] = hid
	}
	s.foundMu.Unlock()
	return err
}

// HiddenColumns are the ranges of columns a sheet whose rows were read (Rows) hides in Excel
// (0-based, inclusive): their values are read like any others.
func (s *xlsxSource) HiddenColumns(sheet string) [][2]int {
	s.foundMu.Lock()
	defer s.foundMu.Unlock()
	return slices.Clone(s.hidCols[sheet])
}

// LastLine is the last row number the sheet's <dimension> declares (A1:K40 → 40), read from
// the start of its XML without reading its rows; 0 when the sheet declares none or a single
// cell. It is a hint (for a progress total): programs write it, nothing obliges them to
// write it right.
func (s *xlsxSource) LastLine(sheet string) int {
	zf, ok := s.parts[sheet]
	if !ok {
		return 0
	}
	rc, err := s.openPart(zf)
	if err != nil {
		return 0
	}
	defer rc.Close()
	return lastLine(newXMLScanner(rc))
}
