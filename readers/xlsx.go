package readers

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// xlsxSource reads a workbook. excelize opens it (OpenFile, which keeps large parts in temp
// files rather than memory) and tells what it knows of the workbook: sheets and their
// visibility, the 1900/1904 date system and the number format of every cell style.
//
// The cells themselves are read by a small streaming decoder of the sheet's XML, beside
// excelize: excelize's streaming Rows.Columns() gives each cell only as a string, without
// its type (shared string, number, boolean, error, formula without a cached value) or its
// style, so it cannot tell a number from text that looks like one ("00123"), a date from a
// number, or an error cell from text "#N/A". The decoder reads one <row> at a time, so
// memory stays bounded whatever the sheet's size; the shared strings table is loaded once.
type xlsxSource struct {
	path     string
	xf       *excelize.File
	zr       *zip.ReadCloser
	sheets   []Sheet
	parts    map[string]string // sheet name → zip part
	date1904 bool

	stylesOnce sync.Once
	dateStyle  []bool // by cell style index: its number format shows a date or time

	sstOnce sync.Once
	sst     []string
	sstErr  error
}

func openXLSX(p string) (Source, error) {
	xf, err := excelize.OpenFile(p, excelize.Options{UnzipXMLSizeLimit: 4 << 20})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	s := &xlsxSource{path: p, xf: xf, parts: map[string]string{}}
	if props, err := xf.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	s.zr, err = zip.OpenReader(p)
	if err != nil {
		xf.Close()
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	parts, err := s.sheetParts()
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	for _, name := range xf.GetSheetList() {
		visible, _ := xf.GetSheetVisible(name)
		s.sheets = append(s.sheets, Sheet{Name: name, Hidden: !visible})
		s.parts[name] = parts[name]
	}
	return s, nil
}

// sheetParts maps sheet names to their XML parts through workbook.xml and its relations
// (excelize keeps this mapping private).
func (s *xlsxSource) sheetParts() (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := s.decodePart("xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := s.decodePart("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string]string{}
	for _, sh := range wb.Sheets {
		out[sh.Name] = target[sh.RID]
	}
	return out, nil
}

func (s *xlsxSource) open(name string) (io.ReadCloser, error) {
	for _, f := range s.zr.File {
		if strings.EqualFold(f.Name, name) {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("part %s not found", name)
}

func (s *xlsxSource) decodePart(name string, v any) error {
	rc, err := s.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

func (s *xlsxSource) Path() string    { return s.path }
func (s *xlsxSource) Sheets() []Sheet { return s.sheets }
func (s *xlsxSource) Close() error {
	var err error
	if s.zr != nil {
		err = s.zr.Close()
	}
	if cerr := s.xf.Close(); err == nil { // removes excelize's temp files
		err = cerr
	}
	return err
}

// loadStyles asks excelize for every cell style's number format.
func (s *xlsxSource) loadStyles() {
	for i := 0; ; i++ {
		st, err := s.xf.GetStyle(i)
		if err != nil || st == nil {
			return
		}
		custom := ""
		if st.CustomNumFmt != nil {
			custom = *st.CustomNumFmt
		}
		s.dateStyle = append(s.dateStyle, isDateFormat(st.NumFmt, custom))
		if i > 1<<16 {
			return
		}
	}
}

// isDateFormat reports whether a number format shows a date or a time: the built-in ids
// 14–22, 27–36, 45–47, 50–58, or a custom code with d, m, y, h or s outside quotes,
// escapes and [colour] brackets ([h] and [mm] elapsed-time brackets count).
func isDateFormat(id int, custom string) bool {
	if custom == "" {
		return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
	}
	code := custom
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if strings.Trim(inner, "hms") == "" && inner != "" {
				return true
			}
			i += j
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			case 'e':
				if strings.HasPrefix(strings.ToLower(code[i:]), "e+") || strings.HasPrefix(strings.ToLower(code[i:]), "e-") {
					return false
				}
			}
		}
	}
	return false
}

func (s *xlsxSource) loadSST() {
	rc, err := s.open("xl/sharedStrings.xml")
	if err != nil {
		return // a workbook without shared strings
	}
	defer rc.Close()
	d := xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10))
	var cur strings.Builder
	depthSI, inT, inRPh := false, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			s.sstErr = fmt.Errorf("shared strings: %w", err)
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				depthSI = true
				cur.Reset()
			case "t":
				inT = depthSI && !inRPh
			case "rPh":
				inRPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				s.sst = append(s.sst, cur.String())
				depthSI = false
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
}

// Rows streams a sheet's non-empty rows. Rows of different sheets may be read at once.
func (s *xlsxSource) Rows(ctx context.Context, sheet string, fn func(Row) error) error {
	part, ok := s.parts[sheet]
	if !ok || part == "" {
		return fmt.Errorf("%s: no sheet %q", s.path, sheet)
	}
	s.stylesOnce.Do(s.loadStyles)
	s.sstOnce.Do(s.loadSST)
	if s.sstErr != nil {
		return fmt.Errorf("%s: %w", s.path, s.sstErr)
	}
	rc, err := s.open(part)
	if err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	defer rc.Close()
	err = decodeSheet(ctx, bufio.NewReaderSize(rc, 64<<10), s.cellOf, fn)
	if err != nil {
		return fmt.Errorf("%s, sheet %s: %w", s.path, sheet, err)
	}
	return nil
}

// rawCell is one <c> as the sheet XML has it.
type rawCell struct {
	ref, typ, style string
	v, inline       string
	hasV, hasF      bool
	col             int
}

// cellOf turns a raw cell into a typed one.
func (s *xlsxSource) cellOf(c *rawCell, line int) Cell {
	out := Cell{Raw: c.v, Ref: CellRef(c.col, line), Date1904: s.date1904}
	switch c.typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(c.v))
		if err != nil || i < 0 || i >= len(s.sst) {
			return Cell{Kind: Error, Raw: "#REF!", Ref: out.Ref}
		}
		out.Kind, out.Raw = Text, s.sst[i]
	case "inlineStr":
		out.Kind, out.Raw = Text, c.inline
	case "str":
		out.Kind = Text
	case "b":
		out.Kind = Bool
		if strings.TrimSpace(c.v) == "1" {
			out.Raw = "TRUE"
		} else {
			out.Raw = "FALSE"
		}
	case "e":
		out.Kind = Error
	case "d": // an ISO 8601 date written as text: read it as the text it is
		out.Kind = Text
	default:
		out.Kind = Number
		if st, err := strconv.Atoi(c.style); err == nil && st >= 0 && st < len(s.dateStyle) && s.dateStyle[st] {
			out.Kind = Date
		}
	}
	// An empty <v></v> (openpyxl writes one for every formula, which it never computes) is no
	// value, except for a formula's text result (t="str"), which may be an empty string.
	noValue := !c.hasV || (strings.TrimSpace(c.v) == "" && c.typ != "str" && c.typ != "s")
	if noValue && c.typ != "inlineStr" {
		if c.hasF {
			return Cell{Kind: Error, Raw: "=?", Ref: out.Ref} // a formula never calculated
		}
		return Cell{Kind: Empty, Ref: out.Ref}
	}
	return out
}

// decodeSheet streams <row> elements of a worksheet.
func decodeSheet(ctx context.Context, r io.Reader, cellOf func(*rawCell, int) Cell, fn func(Row) error) error {
	d := xml.NewDecoder(r)
	var (
		inRow, inV, inIS, inT bool
		inRPh                 bool
		line, lastLine        int
		cells                 []Cell
		raw                   []*rawCell
		cur                   *rawCell
		nextCol               int
		buf                   strings.Builder
	)
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				inRow = true
				line = lastLine + 1
				if v := attr(t, "r"); v != "" {
					if n, err := strconv.Atoi(v); err == nil && n > 0 {
						line = n
					}
				}
				raw = raw[:0]
				nextCol = 0
			case "c":
				if !inRow {
					continue
				}
				cur = &rawCell{ref: attr(t, "r"), typ: attr(t, "t"), style: attr(t, "s"), col: nextCol}
				if cur.ref != "" {
					if c, _, err := excelize.CellNameToCoordinates(cur.ref); err == nil {
						cur.col = c - 1
					}
				}
				nextCol = cur.col + 1
			case "v":
				if cur != nil {
					inV = true
					cur.hasV = true
					buf.Reset()
				}
			case "f":
				if cur != nil {
					cur.hasF = true
				}
			case "is":
				if cur != nil {
					inIS = true
				}
			case "t":
				if inIS && !inRPh {
					inT = true
				}
			case "rPh":
				inRPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				if inV && cur != nil {
					cur.v = buf.String()
				}
				inV = false
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			case "is":
				inIS = false
			case "c":
				if cur != nil {
					raw = append(raw, cur)
				}
				cur = nil
			case "row":
				inRow = false
				lastLine = line
				cells = cells[:0]
				empty := true
				for _, rc := range raw {
					c := cellOf(rc, line)
					for len(cells) < rc.col {
						cells = append(cells, Cell{Kind: Empty, Ref: CellRef(len(cells), line)})
					}
					if rc.col < len(cells) {
						cells[rc.col] = c
					} else {
						cells = append(cells, c)
					}
					if c.Kind != Empty && !(c.Kind == Text && strings.TrimSpace(c.Raw) == "") {
						empty = false
					}
				}
				if empty {
					continue
				}
				out := make([]Cell, len(cells))
				copy(out, cells)
				if err := fn(Row{Line: line, Cells: out}); err != nil {
					return err
				}
			}
		case xml.CharData:
			if inV {
				buf.Write(t)
			} else if inT && cur != nil {
				cur.inline += string(t)
			}
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// LastLine is the last row number the sheet's <dimension> declares (A1:K40 → 40), read from
// the start of its XML without reading its rows; 0 when the sheet declares none or a single
// cell. It is a hint
// (for a progress total): programs write it, nothing obliges them to write it right.
func (s *xlsxSource) LastLine(sheet string) int {
	part, ok := s.parts[sheet]
	if !ok || part == "" {
		return 0
	}
	rc, err := s.open(part)
	if err != nil {
		return 0
	}
	defer rc.Close()
	d := xml.NewDecoder(bufio.NewReaderSize(rc, 8<<10))
	for {
		tok, err := d.RawToken()
		if err != nil {
			return 0
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "sheetData":
			return 0 // the rows begin: no dimension before them
		case "dimension":
			for _, a := range se.Attr {
				if a.Name.Local == "ref" {
					// A single cell ("A1") is what excelize writes whatever the sheet holds:
					// it says nothing.
					_, last, ok := strings.Cut(a.Value, ":")
					if !ok {
						return 0
					}
					n, _ := strconv.Atoi(strings.TrimLeft(last, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$"))
					return n
				}
			}
			return 0
		}
	}
}
