package writers

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
)

// pagesAcross: the fewest pages across on which the columns print at printScale (204.7 units
// of width a page), whole columns a page.
func TestPagesAcross(t *testing.T) {
	for _, c := range []struct {
		name   string
		widths []float64
		pages  int
	}{
		{"no columns", nil, 1},
		{"a few columns", []float64{10, 14, 62}, 1},
		{"just within a page", []float64{100, 104}, 1},
		{"just past a page", []float64{100, 105}, 2},
		{"one column wider than a page", []float64{300}, 1},
		{"whole columns: three of 64 a page", []float64{64, 64, 64, 64}, 2},
		{"28 columns, as the report of setContas", slices.Repeat([]float64{22.5}, 28), 4}, // 9 a page
	} {
		if got := pagesAcross(c.widths); got != c.pages {
			t.Errorf("%s: %d pages, want %d", c.name, got, c.pages)
		}
		// Printed across that many pages, the text is at printScale or more.
		total := 0.0
		for _, w := range c.widths {
			total += w
		}
		if scale := float64(c.pages*printWidth) / (total * pointsPerWidth); total > 0 && scale < printScale/100.0 && len(c.widths) > 1 {
			t.Errorf("%s: printed at %.0f%%", c.name, 100*scale)
		}
	}
}

// The report prints readably: every sheet landscape on A4 between narrow margins, fitted to
// the fewest pages across that keep its text at 75% or more (a narrow sheet on one page, a
// wide one on pages side by side, read row band by row band), pages headed by the sheet's
// name and numbered; the tables with gridlines and their header row on every page. The print
// settings of every sheet are in testdata/print-layout.txt (go test -update).
func TestXLSXPrintLayout(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, typedFile)
	writeTypedInput(t, input)
	lines := append(typedLines(t, input), outcomes()...)
	narrow := SourceInfo{File: "a.csv", Header: []string{"id"}}
	lines = append(lines, &outcome.Line{File: narrow.File, Row: 2, Key: "1", Port: "p", Outcome: outcome.OK, Header: narrow.Header, Cells: texts("1")})
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tl := outcome.NewTally(start)
	for _, l := range lines {
		tl.Add(l)
	}
	sum := tl.Summary(start.Add(time.Second), 10)
	path := filepath.Join(dir, "relatorio.xlsx")
	w, err := Open(path, Options{Lang: outcome.PT, Sources: append(append(slices.Clone(typedSources), sources...), narrow)})
	if err != nil {
		t.Fatal(err)
	}
	writeLines(t, w, lines, &sum)

	// The settings as written, sheet by sheet.
	f := openBook(t, path)
	settings := regexp.MustCompile(`<sheetPr>.*?</sheetPr>|<printOptions[^>]*/>|<pageMargins[^>]*/>|<pageSetup[^>]*/>|<headerFooter>.*?</headerFooter>`)
	var b strings.Builder
	for i, name := range f.GetSheetList() {
		fmt.Fprintf(&b, "%s\n", name)
		for _, s := range settings.FindAllString(sheetXML(t, path, i+1), -1) {
			fmt.Fprintf(&b, "\t%s\n", s)
		}
	}
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
			fmt.Fprintf(&b, "print titles of %s: %s\n", dn.Scope, dn.RefersTo)
		}
	}
	golden(t, "print-layout.txt", []byte(b.String()))

	// As a spreadsheet program reads them.
	across := map[string]int{}
	for _, name := range f.GetSheetList() {
		layout, err := f.GetPageLayout(name)
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetSheetProps(name)
		if err != nil {
			t.Fatal(err)
		}
		margins, err := f.GetPageMargins(name)
		if err != nil {
			t.Fatal(err)
		}
		if *layout.Orientation != "landscape" || *layout.Size != 9 || props.FitToPage == nil || !*props.FitToPage || layout.FitToWidth == nil || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
			t.Errorf("%s: page layout %+v, fit to page %v", name, layout, props.FitToPage)
			continue
		}
		if *margins.Left != 0.25 || *margins.Right != 0.25 {
			t.Errorf("%s: margins %v, %v", name, *margins.Left, *margins.Right)
		}
		across[name] = *layout.FitToWidth
		if wantOrder := *layout.FitToWidth > 1; (layout.PageOrder != nil && *layout.PageOrder == "overThenDown") != wantOrder {
			t.Errorf("%s: %d pages across, page order %v", name, *layout.FitToWidth, layout.PageOrder)
		}
		if hf, err := f.GetHeaderFooter(name); err != nil || hf.OddHeader != "&L&A" || hf.OddFooter != "&R&P / &N" {
			t.Errorf("%s: header and footer %+v, %v", name, hf, err)
		}
		// The tables repeat their header row; the summary has none.
		want := "'" + name + "'!$1:$1"
		if name == "Resumo" {
			want = ""
		}
		if titles[name] != want {
			t.Errorf("%s: print titles %q, want %q", name, titles[name], want)
		}
	}
	// The typed sheet's 18 columns take two pages; the narrow one's, one.
	for name, want := range map[string]int{"Lancamentos-dezemb… lancamentos": 2, "a": 1, "setContas resposta": 1} {
		if across[name] != want {
			t.Errorf("%s: %d pages across, want %d (%v)", name, across[name], want, across)
		}
	}
}
