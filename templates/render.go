package templates

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Header colours: required, optional, and a parent's key repeated in a set's sheet.
const (
	colorRequired  = "F8CBAD"
	colorOptional  = "DDEBF7"
	colorParentKey = "C6E0B4"
	colorHeading   = "D9D9D9"
)

// fontFamily is every cell's font: Excel's default, named so that no program falls back
// to a serif font for styled cells.
const fontFamily = "Calibri"

// maxListInline is Excel's limit on a drop-down list typed into the validation itself
// (UTF-16 units, separators included); longer lists go through a hidden sheet's range.
const maxListInline = 255

// lastRow is Excel's last row: drop-downs and column formats cover the whole column.
const lastRow = 1048576

// HelpSheet is the name of a template's help sheet in language lang ("Leia-me", "Read me").
// Readers may skip it without a warning.
func HelpSheet(lang string) string { return wordsFor(lang).help }

// IsHelpSheet reports whether a sheet name is a template's help sheet or its hidden sheet
// of drop-down lists, in any language.
func IsHelpSheet(name string) bool {
	for _, lang := range []string{"pt", "en"} {
		t := wordsFor(lang)
		if strings.EqualFold(name, t.help) || strings.EqualFold(name, t.lists) {
			return true
		}
	}
	return false
}

// RenderXLSX writes an input template for port p that a user can fill without help:
//
//   - the data sheets of Layout(p): the record sheet, then one sheet per nested set; header
//     cells coloured by required, optional and repeated parent key, each with a note that
//     says what the column takes (description, Senior's format, required or not, values);
//   - column formats that keep what the user types: text for codes and lists, dd/mm/yyyy for
//     dates, the field's decimals for numbers; widths that fit the headers; a frozen header;
//   - a drop-down for every field with a value list ("1 - Incluir"), through a hidden sheet
//     when the list is longer than Excel's inline limit;
//   - a help sheet ("Leia-me") after the data sheets: how to fill, the colour legend, every
//     field, and a filled example of every sheet, set up to print on A4.
//
// lang is "pt" (the default) or "en".
func RenderXLSX(p *Port, w io.Writer, lang string) error {
	if lang != "en" {
		lang = "pt"
	}
	r := &renderer{p: p, lang: lang, t: wordsFor(lang), f: excelize.NewFile(), styles: map[string]int{},
		listRefs: map[string]string{}, crm: p.Product == ProductCRM}
	defer r.f.Close()
	sheets := Layout(p)
	for i, sh := range sheets {
		if err := r.dataSheet(sh, i == 0); err != nil {
			return fmt.Errorf("template %s, sheet %s: %w", p.Name, sh.Name, err)
		}
	}
	if err := r.helpSheet(sheets); err != nil {
		return fmt.Errorf("template %s, help sheet: %w", p.Name, err)
	}
	r.f.SetActiveSheet(0)
	return r.f.Write(w)
}

type renderer struct {
	p        *Port
	lang     string
	t        *words
	f        *excelize.File
	crm      bool
	styles   map[string]int    // by a key that names the style
	listRefs map[string]string // drop-down source range on the hidden sheet, by list
	listCols int               // columns used on the hidden sheet
}

// style returns the id of a style built once per key.
func (r *renderer) style(key string, build func() *excelize.Style) (int, error) {
	if id, ok := r.styles[key]; ok {
		return id, nil
	}
	id, err := r.f.NewStyle(build())
	if err != nil {
		return 0, err
	}
	r.styles[key] = id
	return id, nil
}

func thin(color string) []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: color, Style: 1}, {Type: "right", Color: color, Style: 1},
		{Type: "top", Color: color, Style: 1}, {Type: "bottom", Color: color, Style: 1},
	}
}

// headerStyle is a header cell's style: coloured by what the column is.
func (r *renderer) headerStyle(c Column) (int, error) { return r.headerStyleAt(c, "center") }

// headerStyleAt is headerStyle with the given vertical alignment (the help sheet's tables
// align to the top).
func (r *renderer) headerStyleAt(c Column, vertical string) (int, error) {
	color, bold := colorOptional, false
	switch {
	case c.ParentKey:
		color, bold = colorParentKey, true
	case c.Required:
		color, bold = colorRequired, true
	}
	return r.style("header/"+color+"/"+vertical, func() *excelize.Style {
		return &excelize.Style{
			Font:      &excelize.Font{Family: fontFamily, Bold: bold},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Border:    thin("A6A6A6"),
			Alignment: &excelize.Alignment{Vertical: vertical},
		}
	})
}

// formatStyle is the style of a column's cells: its number format.
func (r *renderer) formatStyle(format string, extra string) (int, error) {
	return r.style("format/"+format+"/"+extra, func() *excelize.Style {
		s := &excelize.Style{}
		if format != "General" {
			s.CustomNumFmt = &format
		}
		if extra == "example" {
			s.Border = thin("BFBFBF")
			s.Alignment = &excelize.Alignment{Vertical: "top", Horizontal: "left", WrapText: true}
		}
		return s
	})
}

// dataSheet writes one data sheet: headers, notes, column formats and widths, drop-downs.
func (r *renderer) dataSheet(sh SheetLayout, first bool) error {
	f := r.f
	if first {
		if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(sh.Name); err != nil {
		return err
	}
	for i, c := range sh.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		fs, err := r.formatStyle(c.NumberFormat(), "")
		if err != nil {
			return err
		}
		// Column styles, not cell writes: every row the user adds gets the format.
		if err := f.SetColStyle(sh.Name, col, fs); err != nil {
			return err
		}
		if err := f.SetColWidth(sh.Name, col, col, c.width(r.crm)); err != nil {
			return err
		}
	}
	for i, c := range sh.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		cell := col + "1"
		if err := f.SetCellStr(sh.Name, cell, c.Header); err != nil {
			return err
		}
		hs, err := r.headerStyle(c)
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sh.Name, cell, cell, hs); err != nil {
			return err
		}
		if err := r.note(sh, c, cell); err != nil {
			return err
		}
		if len(c.Field.List) > 0 {
			if err := r.dropDown(sh.Name, col, c); err != nil {
				return err
			}
		}
	}
	if err := f.SetRowHeight(sh.Name, 1, 20); err != nil {
		return err
	}
	total := 0.0
	for _, c := range sh.Columns {
		total += c.width(r.crm)
	}
	// Fitted to one page's width only while the text stays readable (at least about half
	// size); wider sheets print over several pages, the header row repeated on each.
	if err := r.printSetup(sh.Name, total <= 260, true); err != nil {
		return err
	}
	return f.SetPanes(sh.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// noteLines are a header's note: a first line (field and required) and the rest.
func (r *renderer) noteLines(sh SheetLayout, c Column) (string, []string) {
	t := r.t
	req := t.optional
	if c.Required {
		req = t.required
	}
	head := c.Header + " — " + req
	var body []string
	if d := strings.TrimSpace(c.Field.Description); d != "" {
		body = append(body, d)
	}
	if r.crm {
		body = append(body, fmt.Sprintf(t.seniorType, c.Field.Type))
	} else {
		body = append(body, fmt.Sprintf(t.seniorFormat, formatText(c.Field)))
	}
	body = append(body, t.how(c, r.crm, r.lang, false))
	if k := t.keyNote(r.p, sh, c); k != "" {
		body = append(body, k)
	}
	return head, body
}

// note adds the header's note (a cell comment): Excel shows it when the mouse rests on the
// header.
func (r *renderer) note(sh SheetLayout, c Column, cell string) error {
	head, body := r.noteLines(sh, c)
	const width, charsPerLine = 320, 50 // pixels; characters of 9-point text on a line
	lines := 1
	for _, b := range body {
		lines += wrappedLines(b, charsPerLine)
	}
	runs := []excelize.RichTextRun{{Text: head + "\n", Font: &excelize.Font{Family: fontFamily, Bold: true, Size: 9, Color: "000000"}}}
	runs = append(runs, excelize.RichTextRun{Text: strings.Join(body, "\n"), Font: &excelize.Font{Family: fontFamily, Size: 9, Color: "000000"}})
	return r.f.AddComment(sh.Name, excelize.Comment{
		Cell: cell, Author: "importer", Paragraph: runs,
		Width: width, Height: uint(16*lines + 12),
	})
}

// wrappedLines estimates how many lines text takes at n characters a line.
func wrappedLines(text string, n int) int {
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines += max(1, (utf8.RuneCountInString(para)+n-1)/n)
	}
	return lines
}

// dropDown adds the column's list of choices, from row 2 to the end of the sheet. A value
// typed outside the list gets a warning, not a refusal: the importer also takes the code or
// the label alone.
func (r *renderer) dropDown(sheet, col string, c Column) error {
	list := c.Field.List
	choices := make([]string, len(list))
	inline := true
	total := 0
	for i, v := range list {
		choices[i] = Choice(v)
		total += utf16Len(choices[i]) + 1
		if strings.ContainsAny(choices[i], `,"`) {
			inline = false
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, lastRow)
	if inline && total-1 <= maxListInline {
		if err := dv.SetDropList(choices); err != nil {
			return err
		}
	} else {
		ref, err := r.listRange(c.Header, choices)
		if err != nil {
			return err
		}
		dv.SetSqrefDropList(ref)
	}
	first := list[0]
	dv.SetError(excelize.DataValidationErrorStyleWarning, r.t.listErrTitle,
		truncateUTF16(fmt.Sprintf(r.t.listErr, c.Header, first.Code, first.Label, Choice(first)), 255))
	return r.f.AddDataValidation(sheet, dv)
}

// listRange writes a long list once on the hidden sheet and returns its range.
func (r *renderer) listRange(name string, choices []string) (string, error) {
	key := strings.Join(choices, "\x00")
	if ref, ok := r.listRefs[key]; ok {
		return ref, nil
	}
	sheet := r.t.lists
	if r.listCols == 0 {
		if _, err := r.f.NewSheet(sheet); err != nil {
			return "", err
		}
		if err := r.f.SetSheetVisible(sheet, false); err != nil {
			return "", err
		}
	}
	r.listCols++
	col, _ := excelize.ColumnNumberToName(r.listCols)
	if err := r.f.SetCellStr(sheet, col+"1", name); err != nil {
		return "", err
	}
	for i, ch := range choices {
		if err := r.f.SetCellStr(sheet, fmt.Sprintf("%s%d", col, i+2), ch); err != nil {
			return "", err
		}
	}
	ref := fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheet, col, col, len(choices)+1)
	r.listRefs[key] = ref
	return ref, nil
}

func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		n++
		if c >= 0x10000 {
			n++
		}
	}
	return n
}

func truncateUTF16(s string, n int) string {
	out, used := []rune{}, 0
	for _, c := range s {
		w := utf16Len(string(c))
		if used+w > n {
			break
		}
		out = append(out, c)
		used += w
	}
	return string(out)
}

// exampleCell writes one example value into a cell of the column's kind: numbers and dates as
// number cells (never through float64), list codes as the drop-down's choice, text as text.
func exampleCell(f *excelize.File, sheet, cell string, c Column, v string) error {
	if v == "" {
		return nil
	}
	switch c.Kind() {
	case KindNumber:
		return f.SetCellDefault(sheet, cell, v)
	case KindDate:
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			return fmt.Errorf("example %s: %w", c.Header, err)
		}
		return f.SetCellDefault(sheet, cell, serialOf(d))
	case KindTime:
		t, err := time.Parse("15:04", v)
		if err != nil {
			return fmt.Errorf("example %s: %w", c.Header, err)
		}
		return f.SetCellDefault(sheet, cell, timeSerial(t.Hour(), t.Minute()))
	}
	for _, lv := range c.Field.List {
		if lv.Code == v {
			return f.SetCellStr(sheet, cell, Choice(lv))
		}
	}
	return f.SetCellStr(sheet, cell, v)
}

// serialOf is the Excel serial number (1900 date system) of a day, as text.
func serialOf(d time.Time) string {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	return fmt.Sprint(int(day.Sub(base).Hours() / 24))
}

// timeSerial is the Excel serial of a time of day (a fraction of a day), to 15 digits.
func timeSerial(h, m int) string {
	return fmt.Sprintf("%.15g", float64(h*60+m)/1440)
}

// printSetup sets a sheet up to print on A4 landscape, as wide as one page when fit; a data
// sheet repeats its header row on every page.
func (r *renderer) printSetup(sheet string, fit, header bool) error {
	f := r.f
	size, orient := 9, "landscape" // paper size 9: A4
	opts := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient}
	if fit {
		fitW, fitH := 1, 0
		opts.FitToWidth, opts.FitToHeight = &fitW, &fitH
	}
	if err := f.SetPageLayout(sheet, opts); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	m := 0.5
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: fmt.Sprintf(r.t.footer, r.p.Name+" — "+sheet)}); err != nil {
		return err
	}
	if !header {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("'%s'!$1:$1", sheet)})
}
