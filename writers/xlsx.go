package writers

import (
	"seniorimporter/outcome"

	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// book assembles a workbook from spooled sheets at Close.
type book struct {
	path   string
	sheets []*bookSheet
	names  map[string]bool
}

type bookSheet struct {
	name    string
	header  []string
	numeric map[int]bool // columns written as numbers
	status  int          // column whose value colours the row's cell (-1: none)
	sp      *spool
	// dynamic sheets (answers): columns discovered while writing
	dynamic bool
	colIdx  map[string]int
}

func newBook(path string) *book { return &book{path: path, names: map[string]bool{}} }

// sheetName makes a valid, unique sheet name (≤ 31 characters, none of []:*?/\).
func (b *book) sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		s = "dados"
	}
	trunc := func(s string, n int) string {
		for utf8.RuneCountInString(s) > n {
			_, size := utf8.DecodeLastRuneInString(s)
			s = s[:len(s)-size]
		}
		return s
	}
	s = strings.Trim(trunc(s, 31), "'")
	name := s
	for i := 2; b.names[strings.ToLower(name)]; i++ {
		suffix := " " + strconv.Itoa(i)
		name = trunc(s, 31-len(suffix)) + suffix
	}
	b.names[strings.ToLower(name)] = true
	return name
}

func (b *book) add(name string, header []string, numeric map[int]bool, status int) (*bookSheet, error) {
	sp, err := newSpool()
	if err != nil {
		return nil, err
	}
	s := &bookSheet{name: b.sheetName(name), header: header, numeric: numeric, status: status, sp: sp}
	b.sheets = append(b.sheets, s)
	return s, nil
}

func (b *book) remove() {
	for _, s := range b.sheets {
		s.sp.remove()
	}
}

// outcome fills by outcome: green for success, red for errors, orange for unknown, grey for
// not sent.
var outcomeFill = map[outcome.Kind]string{
	outcome.OK: "C6EFCE", outcome.Valid: "C6EFCE", outcome.Queued: "C6EFCE", outcome.Skipped: "C6EFCE",
	outcome.Rejected: "FFC7CE", outcome.Invalid: "FFC7CE", outcome.Failed: "FFC7CE",
	outcome.Unknown: "FFEB9C", outcome.NotSent: "D9D9D9",
}

// save writes every sheet: header bold and frozen, an autofilter (as a table without
// stripes), the outcome cell coloured.
func (b *book) save() error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	fills := map[outcome.Kind]int{}
	for k, color := range outcomeFill {
		id, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}})
		if err != nil {
			return err
		}
		fills[k] = id
	}
	if len(b.sheets) == 0 {
		return f.SaveAs(b.path)
	}
	for i, s := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		header := uniqueHeader(s.header)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		hrow := make([]any, len(header))
		for j, h := range header {
			hrow[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		if len(header) > 0 {
			if err := sw.SetRow("A1", hrow); err != nil {
				return err
			}
		}
		rowNum := 1
		err = s.sp.each(func(dec *json.Decoder) error {
			var cells []string
			if s.dynamic {
				var m map[string]string
				if err := dec.Decode(&m); err != nil {
					return err
				}
				cells = make([]string, len(header))
				for k, v := range m {
					cells[s.colIdx[k]] = v
				}
			} else if err := dec.Decode(&cells); err != nil {
				return err
			}
			row := make([]any, len(cells))
			for j, c := range cells {
				switch {
				case s.numeric[j]:
					if n, err := strconv.ParseInt(c, 10, 64); err == nil {
						row[j] = n
					} else {
						row[j] = c
					}
				case j == s.status:
					row[j] = excelize.Cell{StyleID: fills[outcome.Kind(c)], Value: c}
				default:
					row[j] = c
				}
			}
			rowNum++
			cell, _ := excelize.CoordinatesToCellName(1, rowNum)
			return sw.SetRow(cell, row)
		})
		if err != nil {
			return err
		}
		if len(header) > 0 {
			last, _ := excelize.CoordinatesToCellName(len(header), max(rowNum, 2))
			if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: fmt.Sprintf("t%d", i+1), StyleName: "", ShowRowStripes: boolPtr(false)}); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.SaveAs(b.path)
}

func boolPtr(b bool) *bool { return &b }

// uniqueHeader makes header names unique (a table needs it): a repeated name gets " (2)".
func uniqueHeader(h []string) []string {
	seen := map[string]int{}
	out := make([]string, len(h))
	for i, s := range h {
		if s == "" {
			s = "coluna " + strconv.Itoa(i+1)
		}
		seen[s]++
		if seen[s] > 1 {
			s = fmt.Sprintf("%s (%d)", s, seen[s])
		}
		out[i] = s
	}
	return out
}

// xlsxWriter is the XLSX report: one sheet per input sheet (original columns, then the
// outcome columns), and for read ports one sheet per answered set.
type xlsxWriter struct {
	b       *book
	lang    outcome.Lang
	bySrc   map[string]*bookSheet
	columns map[*bookSheet][]string
	other   *bookSheet
	all     []SourceInfo
	answers map[string]*bookSheet
}

func srcKey(file, sheet string) string { return file + "\x00" + sheet }

func openXLSX(path string, o Options) (Writer, error) {
	x := &xlsxWriter{b: newBook(path), lang: o.Lang, bySrc: map[string]*bookSheet{}, columns: map[*bookSheet][]string{}, all: o.Sources, answers: map[string]*bookSheet{}}
	for _, s := range o.Sources {
		if _, ok := x.bySrc[srcKey(s.File, s.Sheet)]; ok {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(s.File), filepath.Ext(s.File))
		if s.Sheet != "" {
			name += " " + s.Sheet
		}
		cols := unionHeader([]SourceInfo{s})
		sh, err := x.sheet(name, cols)
		if err != nil {
			x.b.remove()
			return nil, err
		}
		x.bySrc[srcKey(s.File, s.Sheet)] = sh
	}
	return x, nil
}

func (x *xlsxWriter) sheet(name string, cols []string) (*bookSheet, error) {
	hdr := append(append([]string{}, cols...), x.lang.ReportColumns()...)
	n := len(cols)
	sh, err := x.b.add(name, hdr, map[int]bool{n + 2: true, n + 9: true, n + 10: true}, n+5)
	if err != nil {
		return nil, err
	}
	x.columns[sh] = cols
	return sh, nil
}

func (x *xlsxWriter) Write(o *outcome.Line) error {
	sh := x.bySrc[srcKey(o.File, o.Sheet)]
	if sh == nil {
		if x.other == nil {
			var err error
			if x.other, err = x.sheet("outros", unionHeader(x.all)); err != nil {
				return err
			}
		}
		sh = x.other
	}
	if err := sh.sp.add(append(originalCells(x.columns[sh], o), outcomeCells(o)...)); err != nil {
		return err
	}
	if m, ok := o.Answer.(map[string]any); ok {
		return x.answer("resposta", m, strconv.Itoa(o.Row))
	}
	return nil
}

// answer writes one answered element into the sheet of its set: "#linha" (the input row),
// then its text fields; nested sets go to their own sheets.
func (x *xlsxWriter) answer(set string, m map[string]any, row string) error {
	sh := x.answers[set]
	if sh == nil {
		sp, err := newSpool()
		if err != nil {
			return err
		}
		first := x.lang.AnswerRowColumn()
		sh = &bookSheet{name: x.b.sheetName("resp " + set), header: []string{first}, sp: sp, status: -1, numeric: map[int]bool{0: true}, dynamic: true, colIdx: map[string]int{first: 0}}
		x.b.sheets = append(x.b.sheets, sh)
		x.answers[set] = sh
	}
	out := map[string]string{sh.header[0]: row}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch v := m[k].(type) {
		case string:
			x.col(sh, k)
			out[k] = v
		case []any:
			for _, e := range v {
				switch ev := e.(type) {
				case map[string]any:
					if err := x.answer(k, ev, row); err != nil {
						return err
					}
				case string:
					x.col(sh, k)
					if out[k] != "" {
						out[k] += "; "
					}
					out[k] += ev
				}
			}
		}
	}
	return sh.sp.add(out)
}

func (x *xlsxWriter) col(sh *bookSheet, k string) {
	if _, ok := sh.colIdx[k]; !ok {
		sh.colIdx[k] = len(sh.header)
		sh.header = append(sh.header, k)
	}
}

func (x *xlsxWriter) Close() error {
	defer x.b.remove()
	return x.b.save()
}
