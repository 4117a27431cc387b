package templates

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func render(t *testing.T, p *Port, lang string) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderXLSX(p, &buf, lang); err != nil {
		t.Fatalf("%s: %v", p.Name, err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("%s: %v", p.Name, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// numFmt is a style's number format as text, whether excelize stored it as built-in or custom.
func numFmt(t *testing.T, f *excelize.File, id int) string {
	t.Helper()
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	switch st.NumFmt {
	case 0:
		return "General"
	case 1:
		return "0"
	case 49:
		return "@"
	}
	return fmt.Sprintf("builtin %d", st.NumFmt)
}

// TestRenderXLSXSheetsAndHeaders: the data sheets of Layout in order, only their header row,
// then the visible help sheet; a port's rows never land on a data sheet.
func TestRenderXLSXSheetsAndHeaders(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Ports() {
		for _, lang := range []string{"pt", "en"} {
			f := render(t, p, lang)
			layout := Layout(p)
			var visible []string
			for _, s := range f.GetSheetList() {
				if v, _ := f.GetSheetVisible(s); v {
					visible = append(visible, s)
				}
			}
			if len(visible) != len(layout)+1 || visible[len(visible)-1] != HelpSheet(lang) {
				t.Fatalf("%s %s: visible sheets %q", p.Name, lang, visible)
			}
			for i, sh := range layout {
				if visible[i] != sh.Name {
					t.Fatalf("%s: sheet %d is %q, want %q", p.Name, i, visible[i], sh.Name)
				}
				rows, err := f.GetRows(sh.Name)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != 1 {
					t.Errorf("%s/%s: %d rows; a data sheet holds only its header", p.Name, sh.Name, len(rows))
				}
				var want []string
				for _, c := range sh.Columns {
					want = append(want, c.Header)
				}
				if strings.Join(rows[0], ",") != strings.Join(want, ",") {
					t.Errorf("%s/%s header %q, want %q", p.Name, sh.Name, rows[0], want)
				}
			}
			if !IsHelpSheet(HelpSheet(lang)) {
				t.Errorf("IsHelpSheet(%q) = false", HelpSheet(lang))
			}
		}
	}
	p := c.Port("GravarOrcamentos")
	vc := Layout(p)[2]
	var got []string
	for _, col := range vc.Columns[:6] {
		got = append(got, col.Header)
	}
	if vc.Name != "valoresComplementares" || strings.Join(got, ",") != "codEmp,numOct,verOct,itens.seqOci,codTvc,desTvc" {
		t.Fatalf("valoresComplementares: %s %q", vc.Name, got)
	}
}

// TestRenderXLSXFormatsAndWidths: every column's style carries its number format; codes are
// text, dates dd/mm/yyyy, numbers the field's decimals; widths fit the headers.
func TestRenderXLSXFormatsAndWidths(t *testing.T) {
	c, _ := Default()
	known := map[string]string{ // port/sheet/column → number format
		"GravarOrcamentos/orcamento/codCli":                          "@",
		"GravarOrcamentos/orcamento/codCpg":                          "@",
		"GravarOrcamentos/orcamento/tipOpe":                          "@",
		"GravarOrcamentos/orcamento/numOct":                          "0",
		"GravarOrcamentos/orcamento/vlrBru":                          "#,##0.00",
		"GravarOrcamentos/orcamento/perDsc":                          "#,##0.00",
		"GravarOrcamentos/itens/codPro":                              "@",
		"GravarOrcamentos/itens/datOci":                              "dd/mm/yyyy",
		"GravarOrcamentos/itens/qtdOci":                              "#,##0.00000",
		"GravarOrcamentos/itens/vlrUni":                              "#,##0.0000000000",
		"GravarOrcamentos/componentes/vlrTot":                        "#,##0.000000",
		"GravarOrcamentos/valoresComplementares/vlrIvc":              "General",
		"setContas/setContas/ContaCnpj":                              "@",
		"setContas/setContas/ContaCpf":                               "@",
		"setContas/setContas/ContaCep":                               "@",
		"setContas/setContas/ContaAniversario":                       "dd/mm/yyyy",
		"setContas/ContaCaracteristica/ContaCaracteristicaDataDesde": "dd/mm/yyyy",
		"setCompromissos/setCompromissos/CompromissosHoraInicio":     "hh:mm",
		"setCompromissos/setCompromissos/CompromissosData":           "dd/mm/yyyy",
	}
	seen := 0
	for _, p := range c.Ports() {
		f := render(t, p, "pt")
		for _, sh := range Layout(p) {
			for i, col := range sh.Columns {
				name, _ := excelize.ColumnNumberToName(i + 1)
				id, err := f.GetColStyle(sh.Name, name)
				if err != nil {
					t.Fatal(err)
				}
				got := numFmt(t, f, id)
				if got != col.NumberFormat() {
					t.Errorf("%s/%s/%s: column format %q, want %q", p.Name, sh.Name, col.Header, got, col.NumberFormat())
				}
				if want, ok := known[p.Name+"/"+sh.Name+"/"+col.Header]; ok {
					seen++
					if got != want {
						t.Errorf("%s/%s/%s: format %q, want %q", p.Name, sh.Name, col.Header, got, want)
					}
				}
				w, err := f.GetColWidth(sh.Name, name)
				if err != nil {
					t.Fatal(err)
				}
				if min := float64(utf8.RuneCountInString(col.Header) + 2); w < min || w > 42 {
					t.Errorf("%s/%s/%s: width %.1f, want between %.0f and 42", p.Name, sh.Name, col.Header, w, min)
				}
			}
			if pane, err := f.GetPanes(sh.Name); err != nil || !pane.Freeze || pane.YSplit != 1 {
				t.Errorf("%s/%s: header row not frozen (%+v, %v)", p.Name, sh.Name, pane, err)
			}
		}
	}
	if seen != len(known) {
		t.Errorf("checked %d of the %d known formats: a column moved", seen, len(known))
	}
}

// TestRenderXLSXNotes: every header has a note naming the column, whether it is required,
// Senior's format (or, for CRM, the type and what the importer knows) and the values.
func TestRenderXLSXNotes(t *testing.T) {
	c, _ := Default()
	for _, p := range c.Ports() {
		for _, lang := range []string{"pt", "en"} {
			f := render(t, p, lang)
			tw := wordsFor(lang)
			for _, sh := range Layout(p) {
				comments, err := f.GetComments(sh.Name)
				if err != nil {
					t.Fatal(err)
				}
				byCell := map[string]string{}
				for _, cm := range comments {
					var b strings.Builder
					b.WriteString(cm.Text)
					for _, r := range cm.Paragraph {
						b.WriteString(r.Text)
					}
					byCell[cm.Cell] = b.String()
				}
				if len(byCell) != len(sh.Columns) {
					t.Errorf("%s/%s %s: %d notes for %d columns", p.Name, sh.Name, lang, len(byCell), len(sh.Columns))
				}
				for i, col := range sh.Columns {
					cell, _ := excelize.CoordinatesToCellName(i+1, 1)
					note := byCell[cell]
					req := tw.optional
					if col.Required {
						req = tw.required
					}
					must := []string{col.Header + " — " + req}
					if p.Product == ProductCRM {
						must = append(must, "String")
					} else {
						must = append(must, formatText(col.Field))
					}
					if d := col.Field.Description; d != "" {
						must = append(must, d)
					}
					for _, v := range col.Field.List {
						must = append(must, Choice(v))
					}
					if col.Kind() == KindDate {
						must = append(must, map[string]string{"pt": "DD/MM/AAAA", "en": "DD/MM/YYYY"}[lang])
					}
					if col.Kind() == KindTime {
						must = append(must, "HH:MM")
					}
					for _, m := range must {
						if !strings.Contains(note, m) {
							t.Errorf("%s/%s/%s %s: note %q lacks %q", p.Name, sh.Name, col.Header, lang, note, m)
						}
					}
				}
			}
		}
	}
	// What the CRM notes say beyond Senior's page, in Portuguese.
	p := c.Port("setContas")
	f := render(t, p, "pt")
	comments, _ := f.GetComments("setContas")
	text := func(cell string) string {
		for _, cm := range comments {
			if cm.Cell == cell {
				s := cm.Text
				for _, r := range cm.Paragraph {
					s += r.Text
				}
				return s
			}
		}
		return ""
	}
	for cell, want := range map[string]string{
		"A1": "Chave do registro: o importador exige",
		"B1": "o tamanho não é documentado",
		"V1": "Data: DD/MM/AAAA",
		"S1": "os zeros à esquerda ficam",
	} {
		if got := text(cell); !strings.Contains(got, want) {
			t.Errorf("setContas %s note %q lacks %q", cell, got, want)
		}
	}
}

// TestRenderXLSXDropDowns: every list field has a drop-down over its whole column with the
// "code - label" choices; inline lists stay within Excel's 255 characters.
func TestRenderXLSXDropDowns(t *testing.T) {
	c, _ := Default()
	lists := 0
	for _, p := range c.Ports() {
		f := render(t, p, "pt")
		for _, sh := range Layout(p) {
			dvs, err := f.GetDataValidations(sh.Name)
			if err != nil {
				t.Fatal(err)
			}
			bySqref := map[string]*excelize.DataValidation{}
			for _, dv := range dvs {
				bySqref[dv.Sqref] = dv
			}
			for i, col := range sh.Columns {
				name, _ := excelize.ColumnNumberToName(i + 1)
				dv := bySqref[fmt.Sprintf("%s2:%s1048576", name, name)]
				if len(col.Field.List) == 0 {
					if dv != nil {
						t.Errorf("%s/%s/%s: a drop-down on a field without a list", p.Name, sh.Name, col.Header)
					}
					continue
				}
				lists++
				if dv == nil || dv.Type != "list" {
					t.Errorf("%s/%s/%s: no drop-down (have %v)", p.Name, sh.Name, col.Header, bySqref)
					continue
				}
				if len(dv.Formula1) > maxListInline+2 {
					t.Errorf("%s/%s/%s: inline list of %d characters", p.Name, sh.Name, col.Header, len(dv.Formula1))
				}
				for _, v := range col.Field.List {
					if !strings.Contains(dv.Formula1, Choice(v)) {
						t.Errorf("%s/%s/%s: list %s lacks %q", p.Name, sh.Name, col.Header, dv.Formula1, Choice(v))
					}
				}
				if dv.ErrorStyle == nil || *dv.ErrorStyle != "warning" {
					t.Errorf("%s/%s/%s: a value outside the list must warn, not refuse (the importer takes codes and labels too)", p.Name, sh.Name, col.Header)
				}
			}
		}
	}
	if lists < 10 {
		t.Fatalf("only %d drop-downs in the catalogue's templates", lists)
	}
}

// TestRenderXLSXLongList: a list longer than Excel's inline limit goes through a range of a
// hidden sheet, written once even when several columns use it.
func TestRenderXLSXLongList(t *testing.T) {
	var entries []string
	for i := 1; i <= 40; i++ {
		entries = append(entries, fmt.Sprintf("%02d=Rotina número %d, com vírgula", i, i))
	}
	list := strings.Join(entries, ";")
	y := "name: Longa\nproduct: g5\noperation: Longa\naccess: write\nkey: [a]\nfields:\n" +
		"  - {name: a, type: Integer, format: \"Number(004)\", required: true}\n" +
		"  - {name: rot, type: Integer, format: \"Number(002)\", values: \"" + list + "\"}\n" +
		"  - {name: rot2, type: Integer, format: \"Number(002)\", values: \"" + list + "\"}\n" +
		"  - {name: sn, type: String, format: \"String(001)\", values: \"S=Sim;N=Não\"}\n"
	p, err := ParsePort([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	f := render(t, p, "pt")
	if v, err := f.GetSheetVisible("Listas"); err != nil || v {
		t.Fatalf("sheet Listas: visible %v, %v; want hidden", v, err)
	}
	dvs, _ := f.GetDataValidations("Longa")
	got := map[string]string{}
	for _, dv := range dvs {
		got[dv.Sqref] = dv.Formula1
	}
	want := "'Listas'!$A$2:$A$41"
	if got["B2:B1048576"] != want || got["C2:C1048576"] != want {
		t.Fatalf("long lists: %q; want both %s", got, want)
	}
	if got["D2:D1048576"] != `"S - Sim,N - Não"` {
		t.Fatalf("short list: %q", got["D2:D1048576"])
	}
	cols, _ := f.GetCols("Listas")
	if len(cols) != 1 || len(cols[0]) != 41 || cols[0][1] != "01 - Rotina número 1, com vírgula" || cols[0][40] != "40 - Rotina número 40, com vírgula" {
		t.Fatalf("Listas: %q", cols)
	}
	if ex := ExampleOf(p); ex != nil {
		t.Fatal("an example for a port of the user's")
	}
}

// TestRenderXLSXHelpSheet: the help sheet explains the colours, lists every field, shows
// the port's example (never on the data sheets), and prints on A4, landscape, one page wide.
func TestRenderXLSXHelpSheet(t *testing.T) {
	c, _ := Default()
	for _, p := range c.Ports() {
		for _, lang := range []string{"pt", "en"} {
			f := render(t, p, lang)
			tw := wordsFor(lang)
			help := HelpSheet(lang)
			rows, err := f.GetRows(help)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, r := range rows {
				all = append(all, strings.Join(r, "\t"))
			}
			text := strings.Join(all, "\n")
			// The commands it shows name a file the importer can tell the port of (they said
			// ARQUIVO.xlsx, and the guide's orcamentos-nov.xlsx was refused: a docs tester).
			for _, want := range []string{p.Name, tw.legend, tw.legendRequired, tw.legendOptional, tw.example, "importer validate " + p.Name + "-nov.xlsx"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s %s: help sheet lacks %q", p.Name, lang, want)
				}
			}
			for _, sh := range Layout(p) {
				for _, col := range sh.Columns {
					if !strings.Contains(text, col.Header+"\t") {
						t.Errorf("%s %s: help sheet does not list %s", p.Name, lang, col.Header)
					}
				}
			}
			// The example's values, as the sheet shows them (formatted cells).
			ex := ExampleOf(p)
			for _, es := range ex.Sheets {
				for _, row := range es.Rows[:min(len(es.Rows), maxExampleRows)] {
					for j, v := range row {
						if v == "" {
							continue
						}
						col := column(t, p, es.Sheet, es.Columns[j])
						shown := v
						switch col.Kind() {
						case KindDate:
							d, _ := time.Parse("2006-01-02", v)
							shown = d.Format("02/01/2006")
						case KindNumber:
							continue // shown with the locale's separators; checked below
						}
						for _, lv := range col.Field.List {
							if lv.Code == v {
								shown = Choice(lv)
							}
						}
						if !strings.Contains(text, shown) {
							t.Errorf("%s %s: example value %q (%s) not on the help sheet", p.Name, lang, shown, es.Columns[j])
						}
					}
				}
			}
			// Widths: readable columns.
			for col, min := range map[string]float64{"A": 20, "B": 12, "C": 15, "D": 40, "E": 40} {
				if w, _ := f.GetColWidth(help, col); w < min {
					t.Errorf("%s: help column %s width %.1f < %.0f", p.Name, col, w, min)
				}
			}
			pl, err := f.GetPageLayout(help)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" ||
				pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("%s: help page layout %+v; want A4 (9), landscape, one page wide", p.Name, pl)
			}
			props, _ := f.GetSheetProps(help)
			if props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s: help sheet not fitted to the page", p.Name)
			}
		}
	}
	// A number of the example is a number cell with its format on the help sheet.
	p := c.Port("GravarOrcamentos")
	f := render(t, p, "pt")
	found := false
	rows, _ := f.GetRows(HelpSheet("pt"), excelize.Options{RawCellValue: true})
	for i, r := range rows {
		if len(r) > 1 && r[0] == "vlrBru" && r[1] == "10013.25" {
			cell := fmt.Sprintf("B%d", i+1)
			typ, _ := f.GetCellType(HelpSheet("pt"), cell)
			st, _ := f.GetCellStyle(HelpSheet("pt"), cell)
			if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("vlrBru example is a %v cell, want a number", typ)
			}
			if got := numFmt(t, f, st); got != "#,##0.00" {
				t.Errorf("vlrBru example format %q", got)
			}
			found = true
		}
	}
	if !found {
		t.Error("GravarOrcamentos help sheet: no vlrBru example 10013.25")
	}
}

func column(t *testing.T, p *Port, sheet, header string) Column {
	t.Helper()
	for _, sh := range Layout(p) {
		if sh.Name != sheet {
			continue
		}
		for _, c := range sh.Columns {
			if c.Header == header {
				return c
			}
		}
	}
	t.Fatalf("%s: no column %s/%s", p.Name, sheet, header)
	return Column{}
}

// TestExamples: every embedded port has an example whose sheets and columns are the
// template's, whose values have the form the column takes, whose list values are codes of
// the list, and whose CNPJ and CPF have correct check digits.
func TestExamples(t *testing.T) {
	c, _ := Default()
	digits := regexp.MustCompile(`\D`)
	for _, p := range c.Ports() {
		ex := ExampleOf(p)
		if ex == nil {
			t.Errorf("%s: no example", p.Name)
			continue
		}
		if len(ex.Sheets) == 0 || ex.Sheets[0].Sheet != Layout(p)[0].Name {
			t.Errorf("%s: the example does not start with the record sheet", p.Name)
		}
		for _, es := range ex.Sheets {
			order := -1
			for j, name := range es.Columns {
				col := column(t, p, es.Sheet, name)
				for k, c := range Layout(p) {
					if c.Name != es.Sheet {
						continue
					}
					for n, cc := range Layout(p)[k].Columns {
						if cc.Header == name {
							if n < order {
								t.Errorf("%s/%s: example column %s out of the sheet's order", p.Name, es.Sheet, name)
							}
							order = n
						}
					}
				}
				for i, row := range es.Rows {
					if len(row) != len(es.Columns) {
						t.Fatalf("%s/%s row %d: %d values for %d columns", p.Name, es.Sheet, i+2, len(row), len(es.Columns))
					}
					v := row[j]
					if v == "" {
						if col.Required {
							t.Errorf("%s/%s row %d: required %s empty", p.Name, es.Sheet, i+2, name)
						}
						continue
					}
					switch {
					case len(col.Field.List) > 0:
						ok := false
						for _, lv := range col.Field.List {
							ok = ok || lv.Code == v
						}
						if !ok {
							t.Errorf("%s/%s/%s: %q is not a code of the list", p.Name, es.Sheet, name, v)
						}
					case col.Kind() == KindDate:
						if _, err := time.Parse("2006-01-02", v); err != nil {
							t.Errorf("%s/%s/%s: %q is not YYYY-MM-DD", p.Name, es.Sheet, name, v)
						}
					case col.Kind() == KindTime:
						if _, err := time.Parse("15:04", v); err != nil {
							t.Errorf("%s/%s/%s: %q is not HH:MM", p.Name, es.Sheet, name, v)
						}
					case col.Kind() == KindNumber:
						if !regexp.MustCompile(`^-?\d+(\.\d+)?$`).MatchString(v) {
							t.Errorf("%s/%s/%s: %q is not a plain number", p.Name, es.Sheet, name, v)
						}
					}
					lname := strings.ToLower(name)
					switch {
					case strings.HasSuffix(lname, "cnpj") && !validCNPJ(digits.ReplaceAllString(v, "")):
						t.Errorf("%s: CNPJ %s has wrong check digits", p.Name, v)
					case strings.HasSuffix(lname, "cpf") && !validCPF(digits.ReplaceAllString(v, "")):
						t.Errorf("%s: CPF %s has wrong check digits", p.Name, v)
					}
				}
			}
		}
	}
	// The checkers themselves.
	for _, c := range []struct {
		s    string
		cnpj bool
		ok   bool
	}{{"11222333000181", true, true}, {"11222333000182", true, false}, {"52998224725", false, true}, {"52998224726", false, false}, {"11111111111", false, false}} {
		if got := map[bool]func(string) bool{true: validCNPJ, false: validCPF}[c.cnpj](c.s); got != c.ok {
			t.Errorf("check digits of %s: %v", c.s, got)
		}
	}
}

func validCNPJ(s string) bool {
	if len(s) != 14 {
		return false
	}
	dv := func(n int) int {
		w := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}[13-n:]
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(s[i]-'0') * w[i]
		}
		if r := sum % 11; r >= 2 {
			return 11 - r
		}
		return 0
	}
	return dv(12) == int(s[12]-'0') && dv(13) == int(s[13]-'0')
}

func validCPF(s string) bool {
	if len(s) != 11 || strings.Count(s, s[:1]) == 11 {
		return false
	}
	dv := func(n int) int {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(s[i]-'0') * (n + 1 - i)
		}
		if r := sum * 10 % 11; r != 10 {
			return r
		}
		return 0
	}
	return dv(9) == int(s[9]-'0') && dv(10) == int(s[10]-'0')
}

// TestWritePortList: every port, in run order, with its description in the language asked.
func TestWritePortList(t *testing.T) {
	c, _ := Default()
	for _, lang := range []string{"pt", "en"} {
		var b bytes.Buffer
		if err := WritePortList(&b, c, lang); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, p := range c.Ports() {
			desc := p.Description
			if lang == "en" {
				desc = englishDescription(p)
				if desc == p.Description {
					t.Errorf("%s: no English description", p.Name)
				}
			}
			re := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(p.Name) + ` +(CRM|ERP G5) +\S.* ` + regexp.QuoteMeta(desc) + `$`)
			if !re.MatchString(out) {
				t.Errorf("%s: no line for %s with %q in\n%s", lang, p.Name, desc, out)
			}
		}
		// Run order: categories before contas before compromissos before orçamentos.
		order := []string{"setCategoriaDespesa", "setContas", "setCompromissos", "GravarOrcamentos", "CarregarOrcamentos"}
		pos := -1
		for _, n := range order {
			i := strings.Index(out, "  "+n+" ")
			if i < pos {
				t.Errorf("%s: %s listed out of run order", lang, n)
			}
			pos = i
		}
	}
}

func BenchmarkRenderXLSX(b *testing.B) {
	c, _ := Default()
	p := c.Port("GravarOrcamentos")
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := RenderXLSX(p, &buf, "pt"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/file")
}

// TestRenderXLSXStringAmount: a String field of Number(p,s) with decimals (a money field a
// --catalogue file adds to a CRM port, where every field is a String) is a number column
// with its decimals, and its help says so; it was a text column, "Texto.", though the
// importer reads and sends it as a number (1.234,56 goes 1234,56; "mil" is refused). A String
// of Number(p) without decimals stays text (a code keeps its zeros).
func TestRenderXLSXStringAmount(t *testing.T) {
	y := "name: setNovo\nproduct: crm\noperation: NovoDados\naccess: write\nkey: [Id]\nfields:\n" +
		"  - {name: Id, type: String, required: true}\n" +
		"  - {name: usu_limcre, type: String, format: \"Number(9,2)\"}\n" +
		"  - {name: usu_codfil, type: String, format: \"Number(004)\"}\n"
	p, err := ParsePort([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	f := render(t, p, "pt")
	for col, want := range map[string]string{"B": "#,##0.00", "C": "@"} {
		id, err := f.GetColStyle("setNovo", col)
		if err != nil {
			t.Fatal(err)
		}
		if got := numFmt(t, f, id); got != want {
			t.Errorf("column %s: format %q, want %q", col, got, want)
		}
	}
	rows, err := f.GetRows("Leia-me")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 3 && r[0] == "usu_limcre" {
			found = true
			if !strings.Contains(r[3], "7") || !strings.Contains(r[3], "2 casas decimais") {
				t.Errorf("usu_limcre: %q", r[3])
			}
		}
	}
	if !found {
		t.Error("usu_limcre not in the help sheet")
	}
}
