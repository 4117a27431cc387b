package templates

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The help sheet's columns: field, required, Senior's format, how to fill, description.
// The example below them reuses the columns: field, then one row of the sheet in B:C, D, E.
const (
	helpColRequired = 14
	helpColFormat   = 19
	helpColHow      = 46
	helpColDesc     = 50
	maxExampleRows  = 3 // rows of each sheet shown in the example (B:C, D and E)
)

// helpSheet writes the help sheet after the data sheets.
func (r *renderer) helpSheet(sheets []SheetLayout) error {
	t, f := r.t, r.f
	h := &helpWriter{r: r, sheet: t.help, row: 1, height: map[int]float64{}}
	if _, err := f.NewSheet(h.sheet); err != nil {
		return err
	}
	h.widths[0] = 22
	for _, sh := range sheets {
		for _, c := range sh.Columns {
			h.widths[0] = max(h.widths[0], float64(utf8.RuneCountInString(c.Header)+3))
		}
	}
	h.widths[0] = min(h.widths[0], 40)
	h.widths[1], h.widths[2], h.widths[3], h.widths[4] = helpColRequired, helpColFormat, helpColHow, helpColDesc
	for i, w := range h.widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(h.sheet, col, col, w); err != nil {
			return err
		}
	}
	p := r.p

	// Title and what the port does.
	h.text(fmt.Sprintf(t.title, p.Name), "title")
	desc := p.Description
	if r.lang == "en" {
		desc = englishDescription(p)
	}
	h.text(fmt.Sprintf(t.about, desc), "wrap")
	product := "ERP G5"
	if r.crm {
		product = "CRM"
	}
	h.text(fmt.Sprintf(t.product, product, p.Name, p.Version), "muted")
	h.row++

	// How to fill it in.
	h.text(t.howTitle, "heading")
	n := 0
	step := func(s string) {
		n++
		h.text(fmt.Sprintf("%d. %s", n, s), "wrap")
	}
	for _, sh := range sheets {
		what := thing(p, sh.Set, r.lang)
		switch {
		case sh.Set != nil:
			parent := p.Record
			if parent == "" {
				parent = p.Name
			}
			if a := sh.Set.Parent(); a != nil && !(p.Record != "" && a.Name == p.Record && a.Parent() == nil) {
				parent = a.Name
			}
			step(fmt.Sprintf(t.stepSet, sh.Name, what, parent))
		case p.Access == "read":
			step(fmt.Sprintf(t.stepRead, sh.Name, what))
		default:
			step(fmt.Sprintf(t.stepRecord, sh.Name, what))
		}
	}
	choice := ""
	for _, sh := range sheets {
		for _, c := range sh.Columns {
			if len(c.Field.List) > 0 && choice == "" {
				choice = Choice(c.Field.List[0])
			}
		}
	}
	for i, s := range strings.Split(t.steps, "\n") {
		switch i {
		case 1:
			if choice == "" {
				continue // no drop-downs in this template
			}
			s = fmt.Sprintf(s, choice)
		case 3:
			s = fmt.Sprintf(s, p.Name) // a file named after the port: its name tells it
		}
		step(s)
	}
	h.row++

	// Legend of the header colours.
	h.text(t.legend, "heading")
	legend := []struct {
		c    Column
		word string
		text string
	}{
		{Column{Required: true}, t.legendRequired, t.legendRequiredText},
		{Column{}, t.legendOptional, t.legendOptionalText},
		{Column{Required: true, ParentKey: true}, t.legendParent, t.legendParentText},
	}
	for _, l := range legend {
		if l.c.ParentKey && len(sheets) == 1 {
			continue // no set sheets, no repeated keys
		}
		if err := h.headerCell("A", l.c, l.word); err != nil {
			return err
		}
		h.merged("B", "E", l.text, "wrap")
		h.row++
	}
	h.row++

	// Every field, sheet by sheet.
	h.text(t.fields, "heading")
	if r.crm {
		h.text(t.crmFields, "wrap")
	}
	for _, sh := range sheets {
		title := sh.Name
		if sh.Set != nil && sh.Set.Description != "" {
			title = sh.Set.Description
		} else if sh.Set == nil && desc != "" {
			title = strings.TrimSuffix(desc, ".")
		}
		h.text(fmt.Sprintf(t.sheetHead, sh.Name, title)+" ("+fmt.Sprintf(t.oneRowPer, thing(p, sh.Set, r.lang))+")", "sheet")
		h.cells("th", t.colField, t.colRequired, t.colFormat, t.colHow, t.colDes)
		for _, c := range sh.Columns {
			req := t.no
			if c.Required {
				req = t.yes
			}
			how := t.how(c, r.crm, r.lang, true)
			if k := t.keyNote(p, sh, c); k != "" {
				how += " " + k
			}
			desc := c.Field.Description
			if err := h.headerCell("A", c, c.Header); err != nil {
				return err
			}
			h.cells("td", "", req, formatText(c.Field), how, desc)
		}
		h.row++
	}

	// A filled example.
	h.text(t.example, "heading")
	ex := ExampleOf(p)
	if ex == nil {
		h.text(t.noExample, "wrap")
	} else {
		h.text(t.exampleIntro, "wrap")
		for _, es := range ex.Sheets {
			if err := h.example(sheets, es); err != nil {
				return err
			}
		}
	}
	if h.err != nil {
		return h.err
	}
	return h.page()
}

// helpWriter writes the help sheet row by row; the first error sticks.
type helpWriter struct {
	r      *renderer
	sheet  string
	row    int
	widths [5]float64
	height map[int]float64 // rows made taller than the default
	err    error
}

func (h *helpWriter) fail(err error) {
	if h.err == nil && err != nil {
		h.err = err
	}
}

// helpStyle returns the help sheet's named styles.
func (h *helpWriter) helpStyle(name string) int {
	id, err := h.r.style("help/"+name, func() *excelize.Style {
		top := &excelize.Alignment{Vertical: "top", WrapText: true}
		switch name {
		case "title":
			return &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true, Size: 16}}
		case "heading":
			return &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true, Size: 13, Color: "1F4E78"}}
		case "sheet":
			return &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorHeading}}, Alignment: top}
		case "muted":
			return &excelize.Style{Font: &excelize.Font{Family: fontFamily, Italic: true, Color: "595959"}, Alignment: top}
		case "th":
			return &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true}, Border: thin("808080"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}, Alignment: top}
		case "td":
			return &excelize.Style{Border: thin("BFBFBF"), Alignment: top}
		}
		return &excelize.Style{Alignment: top}
	})
	h.fail(err)
	return id
}

// text writes a line across A:E.
func (h *helpWriter) text(s, style string) {
	h.merged("A", "E", s, style)
	h.row++
}

// merged writes s into the merged cells from..to of the current row and sizes the row.
func (h *helpWriter) merged(from, to, s, style string) {
	f := h.r.f
	a, b := fmt.Sprintf("%s%d", from, h.row), fmt.Sprintf("%s%d", to, h.row)
	h.fail(f.SetCellStr(h.sheet, a, s))
	h.fail(f.MergeCell(h.sheet, a, b))
	h.fail(f.SetCellStyle(h.sheet, a, b, h.helpStyle(style)))
	if style == "wrap" || style == "muted" || style == "sheet" {
		h.fit(h.span(from, to), s)
	}
	if style == "title" {
		h.fail(f.SetRowHeight(h.sheet, h.row, 24))
	}
}

// span is the width of columns from..to.
func (h *helpWriter) span(from, to string) float64 {
	a, _ := excelize.ColumnNameToNumber(from)
	b, _ := excelize.ColumnNameToNumber(to)
	w := 0.0
	for i := a; i <= b; i++ {
		w += h.widths[i-1]
	}
	return w
}

// fit makes the current row tall enough for s wrapped in width characters.
func (h *helpWriter) fit(width float64, s string) {
	lines := wrappedLines(s, int(width*1.2))
	want := min(float64(15*lines+3), 409) // Excel's tallest row
	if lines > 1 && want > h.height[h.row] {
		h.height[h.row] = want
		h.fail(h.r.f.SetRowHeight(h.sheet, h.row, want))
	}
}

// cells writes a table row from column A; an empty value leaves a cell as it is.
func (h *helpWriter) cells(style string, vals ...string) {
	f := h.r.f
	for i, v := range vals {
		col, _ := excelize.ColumnNumberToName(i + 1)
		cell := fmt.Sprintf("%s%d", col, h.row)
		if v != "" {
			h.fail(f.SetCellStr(h.sheet, cell, v))
		}
		if !(i == 0 && v == "") {
			h.fail(f.SetCellStyle(h.sheet, cell, cell, h.helpStyle(style)))
		}
		h.fit(h.widths[i], v)
	}
	h.row++
}

// headerCell writes a field's name styled as its header on the data sheet.
func (h *helpWriter) headerCell(col string, c Column, name string) error {
	cell := fmt.Sprintf("%s%d", col, h.row)
	st, err := h.r.headerStyleAt(c, "top")
	if err != nil {
		return err
	}
	h.fail(h.r.f.SetCellStr(h.sheet, cell, name))
	h.fail(h.r.f.SetCellStyle(h.sheet, cell, cell, st))
	return nil
}

// example writes one sheet's example turned on its side: a row per column of the sheet, a
// column per row of the sheet (B:C, D, E), values typed as the data sheet types them.
func (h *helpWriter) example(sheets []SheetLayout, es ExampleSheet) error {
	var sh *SheetLayout
	for i := range sheets {
		if sheets[i].Name == es.Sheet {
			sh = &sheets[i]
		}
	}
	if sh == nil {
		return fmt.Errorf("example sheet %q is not a sheet of the template", es.Sheet)
	}
	t, f := h.r.t, h.r.f
	rows := es.Rows[:min(len(es.Rows), maxExampleRows)]
	h.text(fmt.Sprintf(t.exampleSheet, es.Sheet), "sheet")
	slots := [][2]string{{"B", "C"}, {"D", "D"}, {"E", "E"}}
	th := h.helpStyle("th")
	h.fail(f.SetCellStr(h.sheet, fmt.Sprintf("A%d", h.row), t.exampleCol))
	h.fail(f.SetCellStyle(h.sheet, fmt.Sprintf("A%d", h.row), fmt.Sprintf("A%d", h.row), th))
	for i := range rows {
		a, b := fmt.Sprintf("%s%d", slots[i][0], h.row), fmt.Sprintf("%s%d", slots[i][1], h.row)
		h.fail(f.SetCellStr(h.sheet, a, fmt.Sprintf(t.exampleRow, i+2)))
		if a != b {
			h.fail(f.MergeCell(h.sheet, a, b))
		}
		h.fail(f.SetCellStyle(h.sheet, a, b, th))
	}
	h.row++
	for j, name := range es.Columns {
		var col *Column
		for i := range sh.Columns {
			if sh.Columns[i].Header == name {
				col = &sh.Columns[i]
			}
		}
		if col == nil {
			return fmt.Errorf("example column %q is not a column of sheet %s", name, es.Sheet)
		}
		if err := h.headerCell("A", *col, name); err != nil {
			return err
		}
		st, err := h.r.formatStyle(col.NumberFormat(), "example")
		if err != nil {
			return err
		}
		for i, row := range rows {
			if len(row) != len(es.Columns) {
				return fmt.Errorf("example of sheet %s, row %d: %d values for %d columns", es.Sheet, i+2, len(row), len(es.Columns))
			}
			a, b := fmt.Sprintf("%s%d", slots[i][0], h.row), fmt.Sprintf("%s%d", slots[i][1], h.row)
			if err := exampleCell(f, h.sheet, a, *col, row[j]); err != nil {
				return err
			}
			if a != b {
				h.fail(f.MergeCell(h.sheet, a, b))
			}
			h.fail(f.SetCellStyle(h.sheet, a, b, st))
			h.fit(h.span(slots[i][0], slots[i][1]), row[j])
		}
		h.row++
	}
	h.row++
	return nil
}

// page sets the help sheet up to print (A4, landscape, one page wide) and hides its grid
// lines on screen.
func (h *helpWriter) page() error {
	if err := h.r.printSetup(h.sheet, true, false); err != nil {
		return err
	}
	grid := false
	return h.r.f.SetSheetView(h.sheet, 0, &excelize.ViewOptions{ShowGridLines: &grid})
}
