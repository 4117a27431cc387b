package readers

import (
	"strings"
	"testing"
)

// TestNumberFormats: which number formats show a date or a time (a cell's serial then read as
// a date, never sent as the number it is) and which a percentage: Excel's built-in ids at
// their edges, and custom codes whose letters sit in quotes, escapes, padding, fills, colour
// and condition brackets, exponents or a later section.
func TestNumberFormats(t *testing.T) {
	for _, c := range []struct {
		id   int
		date bool
	}{
		{0, false}, {13, false}, {14, true}, {22, true}, {23, false}, {26, false}, {27, true}, {36, true},
		{37, false}, {44, false}, {45, true}, {47, true}, {48, false}, {49, false}, {50, true}, {58, true}, {59, false},
	} {
		if got := isDateFormat(c.id, ""); got != c.date {
			t.Errorf("built-in %d: date %v, want %v", c.id, got, c.date)
		}
	}
	for _, c := range []struct {
		code          string
		date, percent bool
	}{
		{"dd/mm/yyyy", true, false},
		{"d-mmm", true, false},
		{"yyyy", true, false},
		{"h:mm", true, false},
		{"ss", true, false},
		{"DD/MM/YYYY HH:MM", true, false},
		{"[h]:mm:ss", true, false},
		{"[mm]:ss", true, false},
		{"[s]", true, false},
		{"[$-416]dd/mm", true, false},
		{"0.00", false, false},
		{"General", false, false},
		{"@", false, false},
		{`"R$" #,##0.00`, false, false},
		{`"dia" 0`, false, false},
		{`\d0`, false, false},
		{`_d0`, false, false},
		{`*d0`, false, false},
		{"[Red]0.00", false, false},
		{"[>=100]0;0", false, false},
		{"[]0", false, false},
		{"[h", false, false},
		{"0.00E+00", false, false},
		{"0.0e-0", false, false},
		{"#,##0;[Red]dd", false, false},
		{`0.0 "h"`, false, false},
		{"0.00%", false, true},
		{"0%;-0%", false, true},
		{`0.00\%`, false, false},
		{`"%"0`, false, false},
		{`_%0`, false, false},
		{`*%0`, false, false},
		{"[%]0", false, false},
		{"[Blue0", false, false},
		{"dd%", true, true},
	} {
		if got := isDateFormat(164, c.code); got != c.date {
			t.Errorf("%q: date %v, want %v", c.code, got, c.date)
		}
		if got := isPercentFormat(c.code); got != c.percent {
			t.Errorf("%q: percent %v, want %v", c.code, got, c.percent)
		}
	}
}

// TestStylesReadCellFormatsOnly: the number formats of cell styles are those of <numFmts> and
// <cellXfs>; a differential format (<dxfs>, conditional formatting's) of the same id or an
// <xf> of another list (<cellStyleXfs>) is not a cell's format.
func TestStylesReadCellFormatsOnly(t *testing.T) {
	st, err := readStyles(strings.NewReader(`<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>` +
		`<cellStyleXfs count="1"><xf numFmtId="10"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>` +
		`<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0%"/></dxf></dxfs></styleSheet>`))
	if err != nil {
		t.Fatal(err)
	}
	if f := st.format(0); f.code != "General" || f.date || f.percent {
		t.Errorf("style 0: %+v, want General", *f)
	}
	if f := st.format(1); f.code != "dd/mm/yyyy" || !f.date || f.percent {
		t.Errorf("style 1: %+v, want the date of <numFmts>", *f)
	}
	if f := st.format(2); f.code != "General" {
		t.Errorf("style 2 (none): %+v, want General", *f)
	}
}
