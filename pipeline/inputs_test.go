package pipeline

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"seniorimporter/outcome"
	"seniorimporter/templates"
	"seniorimporter/values"
)

// TestOutputsOverInputs: an output that is an input, or a re-import folder that holds one, is
// refused before anything is written (exit 2), and the input is left as it was.
func TestOutputsOverInputs(t *testing.T) {
	const rec = "tipOpe;codEmp;numOct;verOct\n1;1;7;1\n"
	const items = "codEmp;numOct;seqOci;codPro\n1;7;1;P1\n"
	cases := []struct {
		name string
		// set returns the outputs of the run, given the folder of the inputs and another one.
		set  func(in, other string, s *Settings)
		want string // the message, with IN for the inputs' folder and OUT for the other one
	}{
		{"a report that is the input", func(in, other string, s *Settings) {
			s.Reports = []string{filepath.Join(other, "r.jsonl"), filepath.Join(in, "GravarOrcamentos.csv")}
		}, "--report IN/GravarOrcamentos.csv is the input IN/GravarOrcamentos.csv: writing it would destroy the input before it is read; choose another path"},
		{"a report spelt another way", func(in, other string, s *Settings) {
			s.Reports = []string{in + "/../" + filepath.Base(in) + "/GravarOrcamentos.csv"}
		}, "--report IN/../" + "BASE/GravarOrcamentos.csv is the input IN/GravarOrcamentos.csv: writing it would destroy the input before it is read; choose another path"},
		{"a report that is a link to the input", func(in, other string, s *Settings) {
			link := filepath.Join(other, "link.csv")
			if err := os.Symlink(filepath.Join(in, "GravarOrcamentos.csv"), link); err != nil {
				t.Skip(err)
			}
			s.Reports = []string{link}
		}, "--report OUT/link.csv is the input IN/GravarOrcamentos.csv: writing it would destroy the input before it is read; choose another path"},
		{"a summary that is a set file beside the CSV", func(in, other string, s *Settings) {
			s.Summary = filepath.Join(in, "GravarOrcamentos.itens.csv")
		}, "--summary IN/GravarOrcamentos.itens.csv is the input IN/GravarOrcamentos.itens.csv: writing it would destroy the input before it is read; choose another path"},
		{"a re-import folder that holds the input", func(in, other string, s *Settings) {
			s.Reimport = in + string(filepath.Separator) + "."
		}, "--reimport IN/. holds the input IN/GravarOrcamentos.csv: the failed rows would overwrite it; choose another folder"},
		{"a report that is the mapping file", func(in, other string, s *Settings) {
			m := writeFile(t, other, "mapa.csv", "x=tipOpe\n")
			s.Reads = []NamedPath{{Flag: "--mapping", Path: m}}
			s.Reports = []string{filepath.Join(other, ".", "mapa.csv")}
		}, "--report OUT/mapa.csv is the file of --mapping: writing it would destroy that file; choose another path"},
		{"a summary that is the journal", func(in, other string, s *Settings) {
			j := writeFile(t, other, "journal.db", "")
			s.Reads = []NamedPath{{Flag: "--journal", Path: j}}
			s.Summary = j
		}, "--summary OUT/journal.db is the file of --journal: writing it would destroy that file; choose another path"},
		{"a metrics file that is the input", func(in, other string, s *Settings) {
			s.Writes = []NamedPath{{Flag: "--metrics-file", Path: filepath.Join(in, "GravarOrcamentos.csv")}}
		}, "--metrics-file IN/GravarOrcamentos.csv is the input IN/GravarOrcamentos.csv: writing it would destroy the input before it is read; choose another path"},
		{"outputs elsewhere", func(in, other string, s *Settings) {
			s.Reports = []string{filepath.Join(other, "r.jsonl")}
			s.Summary = filepath.Join(other, "s.json")
			s.Reimport = filepath.Join(other, "corrigir")
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, other := t.TempDir(), t.TempDir()
			f := writeFile(t, in, "GravarOrcamentos.csv", rec)
			writeFile(t, in, "GravarOrcamentos.itens.csv", items)
			s := Settings{Validate: true, Files: []string{f}, Quiet: true, Lang: outcome.EN}
			c.set(in, other, &s)
			sum, err := Run(context.Background(), s)
			if c.want == "" {
				if err != nil || sum.ExitCode != outcome.ExitOK {
					t.Fatalf("exit %d, %v; want 0", sum.ExitCode, err)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || sum.ExitCode != outcome.ExitAborted {
				t.Fatalf("exit %d, %v; want 2 and a *ConfigError", sum.ExitCode, err)
			}
			want := strings.NewReplacer("IN", in, "OUT", other, "BASE", filepath.Base(in)).Replace(c.want)
			if err.Error() != want {
				t.Errorf("message\n got %s\nwant %s", err, want)
			}
			for name, body := range map[string]string{"GravarOrcamentos.csv": rec, "GravarOrcamentos.itens.csv": items} {
				if b, err := os.ReadFile(filepath.Join(in, name)); err != nil || string(b) != body {
					t.Errorf("input %s changed: %q %v", name, b, err)
				}
			}
		})
	}
}

// validate runs validate on files (Portuguese, unless lang says otherwise) and returns the
// exit code and the report's lines as "file|sheet|row|outcome|message".
func validate(t *testing.T, lang outcome.Lang, opt InputOptions, files ...string) (int, []string) {
	t.Helper()
	dir := t.TempDir()
	if lang == "" {
		lang = outcome.PT
	}
	opt.Lang = lang
	s := Settings{Validate: true, Files: files, Quiet: true, Lang: lang, Input: opt,
		Reports: []string{filepath.Join(dir, "r.jsonl")}}
	sum, err := Run(context.Background(), s)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var lines []string
	for _, l := range readJSONL(t, filepath.Join(dir, "r.jsonl")) {
		lines = append(lines, strings.Join([]string{filepath.Base(l.File), l.Sheet, fmt.Sprint(l.Row), string(l.Outcome), l.Message}, "|"))
	}
	return sum.ExitCode, lines
}

// TestMisnamedColumns (12.12): a column that names no field makes every row of its file
// invalid, in validate as in run, with the fields it may have meant; --ignore-unknown-columns
// brings back the warning.
func TestMisnamedColumns(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "GravarOrcamentos.csv", "tipOpe;codEmp;numOct;verOct;Valor bruto;# conferido\n1;1;7;1;1.234,50;sim\n1;1;8;1;10;não\n")
	// The items' vlrBru is described "Valor bruto do item orçamento": as near, it comes second.
	msg := f + `: coluna "Valor bruto": nenhum campo tem esse nome; quis dizer vlrBru (Soma dos valores brutos dos itens do orçamento) ou itens.vlrBru (Valor bruto do item orçamento)? ` +
		`(uma coluna que é só anotação pode começar com #; --ignore-unknown-columns ignora essas colunas)`
	code, lines := validate(t, "", InputOptions{}, f)
	want := []string{"GravarOrcamentos.csv||2|invalid|" + msg, "GravarOrcamentos.csv||3|invalid|" + msg}
	if code != outcome.ExitSomeFailed || strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, lines:\n%s\nwant exit 1 and:\n%s", code, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	code, lines = validate(t, "", InputOptions{IgnoreUnknownColumns: true}, f)
	if code != outcome.ExitOK || len(lines) != 2 || !strings.HasSuffix(lines[0], "|valid|") {
		t.Errorf("--ignore-unknown-columns: exit %d, lines %q; want 0 and two valid rows", code, lines)
	}
}

// A CRM field has no description, and its name is words joined: a header that is one of them
// ("Descrição", "empresa") suggests the field; one that names none ("Cor") suggests nothing.
func TestMisnamedColumnsByNameWords(t *testing.T) {
	f := writeFile(t, t.TempDir(), "setCategoriaDespesa.csv", "CategoriaDespesaId;Descrição;empresa;Cor\nD1;Táxi;1;azul\n")
	_, lines := validate(t, "", InputOptions{}, f)
	want := `coluna "Descrição": nenhum campo tem esse nome; quis dizer CategoriaDespesaDescricao?; ` +
		`coluna "empresa": nenhum campo tem esse nome; quis dizer CategoriaDespesaEmpresaId?; coluna "Cor": nenhum campo tem esse nome (`
	if len(lines) != 1 || !strings.Contains(lines[0], want) {
		t.Errorf("lines %q; want one with %s", lines, want)
	}
}

// TestHelpSheetsNeverWarned: a template's help sheets ("Leia-me" first, "#ajuda" last) are
// neither taken for the record sheet nor warned about; another stray sheet still is.
func TestHelpSheetsNeverWarned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "setContaTeste.xlsx")
	writeBook(t, path, []bookSheet{
		// A sheet whose name starts with #, of any name: notes, not the records (first, it
		// was taken for them).
		{name: "#conferência", rows: [][]any{{"conferido por", "Ana"}}},
		{name: "Leia-me", rows: [][]any{{"Como preencher"}, {"campo", "descrição"}, {"ContaIdERP", "código da conta"}}},
		{name: "contas", rows: [][]any{{"ContaIdERP", "ContaNome"}, {"A1", "Ana"}}},
		{name: "#ajuda", rows: [][]any{{"sheet", "field"}, {"contas", "ContaIdERP"}}},
		// A template's sheet of drop-down lists, shown; a help sheet named by hand.
		{name: "Listas", rows: [][]any{{"ContaTipo"}, {"F"}, {"J"}}},
		{name: "LEIA ME", rows: [][]any{{"ContaIdERP", "ContaNome"}, {"código", "nome"}}},
		{name: "Plan2", rows: [][]any{{"x"}}},
	})
	got, warns := readAll(t, testCatalogue(t), []string{path}, InputOptions{})
	if want := "[contas:2] key=A1 {ContaIdERP=A1 ContaNome=Ana}\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if want := []string{`sheet "Plan2" ignored: it is named after no set of setContaTeste`}; strings.Join(warns, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings %q, want %q", warns, want)
	}
}

// TestStraySheetsOneWarning: however many stray sheets a workbook has, one warning names the
// first ten and counts the rest (300 sheets made 300 warnings, in the log and the summary).
func TestStraySheetsOneWarning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "setContaTeste.xlsx")
	sheets := []bookSheet{{name: "contas", rows: [][]any{{"ContaIdERP", "ContaNome"}, {"A1", "Ana"}}}}
	for i := range 25 {
		sheets = append(sheets, bookSheet{name: fmt.Sprintf("Plan%d", i+2), rows: [][]any{{"x"}}})
	}
	writeBook(t, path, sheets)
	_, warns := readAll(t, testCatalogue(t), []string{path}, InputOptions{})
	want := `25 sheets ignored: they are named after no set of setContaTeste: Plan2, Plan3, Plan4, Plan5, Plan6, Plan7, Plan8, Plan9, Plan10, Plan11, +15 more`
	if strings.Join(warns, "\n") != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), want)
	}
}

type bookSheet struct {
	name   string
	hidden bool
	rows   [][]any
}

// writeBook writes a workbook with excelize, one sheet after the other.
func writeBook(t *testing.T, path string, sheets []bookSheet) {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := x.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := x.SetSheetRow(sh.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, sh := range sheets {
		if sh.hidden {
			if err := x.SetSheetVisible(sh.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestHugeHeaderMessageIsCapped (12.8): a header of 10,000 columns that name no field gives a
// message of a few lines, not one naming them all.
func TestHugeHeaderMessageIsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("CategoriaServicoId")
	for i := range 10000 { // under a spreadsheet's 16,384 columns, past which readers refuse the row
		fmt.Fprintf(&b, ";coluna sem nome %d", i)
	}
	b.WriteString("\nS1\n")
	f := writeFile(t, t.TempDir(), "setCategoriaServico.csv", b.String())
	code, lines := validate(t, "", InputOptions{}, f)
	if code != outcome.ExitSomeFailed || len(lines) != 1 {
		t.Fatalf("exit %d, lines %d; want 1 and one line", code, len(lines))
	}
	want := `coluna "coluna sem nome 4": nenhum campo tem esse nome; +9.995 mais (uma coluna que é só anotação`
	if !strings.Contains(lines[0], want) || len(lines[0]) > 1000 {
		t.Errorf("message of %d bytes, want under 1,000 and %q:\n%.2000s", len(lines[0]), want, lines[0])
	}
}

// TestPercentAndFormulaCells (12.11, 15.8): a percent cell's value is the stored fraction × 100
// (5% → 5, 12,5% → 12.5); one with more decimals than the field takes says what it shows and
// holds; a formula saved without its value says how to fix it.
func TestPercentAndFormulaCells(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "GravarOrcamentos.xlsx")
	writeBook(t, path, []bookSheet{{name: "orcamento", rows: [][]any{
		{"tipOpe", "codEmp", "numOct", "verOct", "perDsc", "vlrBru"},
		{1, 1, 10, 1, 0.05, 100},
		{1, 1, 11, 1, 0.125, 200},
		{1, 1, 12, 1, 0.05123, 300},
		{1, 1, 13, 1, 0.1, nil},
	}}})
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pct, err := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellStyle("orcamento", "E2", "E5", pct); err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellFormula("orcamento", "F5", "SUM(F2:F4)"); err != nil { // never calculated
		t.Fatal(err)
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	x.Close()

	code, lines := validate(t, "", InputOptions{}, path)
	want := []string{
		"GravarOrcamentos.xlsx|orcamento|2|valid|",
		"GravarOrcamentos.xlsx|orcamento|3|valid|",
		`GravarOrcamentos.xlsx|orcamento|4|invalid|coluna "perDsc" (E4), valor "5,123%": a célula mostra 5,12% e guarda 0,05123: tem 3 casas decimais; o campo aceita 2 (Number(005,2)) — arredonde na planilha, ou use --round half-even`,
		`GravarOrcamentos.xlsx|orcamento|5|invalid|coluna "vlrBru" (F5), valor "=SUM(F2:F4)": a fórmula não tem valor salvo: abra e salve a planilha no Excel`,
	}
	if code != outcome.ExitSomeFailed || strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, lines:\n%s\nwant exit 1 and:\n%s", code, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := readAll(t, cat, []string{path}, InputOptions{Values: values.Options{Locale: values.PtBR, Rounding: values.RoundHalfEven}})
	for _, w := range []string{"[orcamento:2] key=1/10/1 {codEmp=1 numOct=10 perDsc=5.00 tipOpe=1 verOct=1 vlrBru=100.00}",
		"[orcamento:3] key=1/11/1 {codEmp=1 numOct=11 perDsc=12.50 tipOpe=1 verOct=1 vlrBru=200.00}",
		"[orcamento:4] key=1/12/1 {codEmp=1 numOct=12 perDsc=5.12 tipOpe=1 verOct=1 vlrBru=300.00}"} {
		if !strings.Contains(got, w) {
			t.Errorf("records lack %s:\n%s", w, got)
		}
	}
}

// TestExcelAccidents (15.9): one warning per column per file, naming a few rows, for number
// cells in a code column whose other values are zero-padded (or shorter than the documented
// length), and for dates turned into 5-digit numbers in a text column that holds dates.
func TestExcelAccidents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "setContaTeste.xlsx")
	rows := [][]any{{"ContaIdERP", "ContaCodigo", "ContaNome", "ContaObs"}}
	rows = append(rows, []any{"A1", "00123", "Ana", "15/03/2026"})
	for i := 2; i <= 9; i++ {
		rows = append(rows, []any{fmt.Sprint("A", i), 400 + i, 789, 46090 + i})
	}
	rows = append(rows, []any{"A10", "001234", "Bia", "46100"})
	writeBook(t, path, []bookSheet{{name: "contas", rows: rows}})
	got, warns := readAll(t, testCatalogue(t), []string{path}, InputOptions{})
	if !strings.Contains(got, "[contas:3] key=A2 {ContaCodigo=402 ContaIdERP=A2 ContaNome=789 ContaObs=46092}") {
		t.Errorf("the values are sent as they are:\n%s", got)
	}
	want := []string{
		path + ` [contas]: column "ContaCodigo" holds numbers where a code is expected (rows 3, 4, 5, 6, 7, +3 more) and its other values have leading zeros: Excel drops a number's leading zeros; if these codes had any, format the column as text and type them again`,
		path + ` [contas]: column "ContaObs" holds dates, and 5-digit numbers that look like dates Excel turned into numbers (rows 3, 4, 5, 6, 7, +4 more); they are sent as those numbers: format the cells as dates (DD/MM/YYYY)`,
	}
	if strings.Join(warns, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}

	// Numbers shorter than a documented String(006), with no zero-padded value beside them.
	csvPath := writeFile(t, t.TempDir(), "GravarTeste.csv", "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n1;1;1;1;1;P1\n")
	_, warns = readAll(t, testCatalogue(t), []string{csvPath}, InputOptions{})
	if len(warns) != 0 {
		t.Errorf("a CSV's text cells are never numbers: %q", warns)
	}
	path = filepath.Join(t.TempDir(), "setContaTeste.xlsx")
	writeBook(t, path, []bookSheet{{name: "contas", rows: [][]any{{"ContaIdERP", "ContaCodigo"}, {"A1", 123456}, {"A2", 1234}}}})
	_, warns = readAll(t, testCatalogue(t), []string{path}, InputOptions{})
	want = []string{path + ` [contas]: column "ContaCodigo" holds numbers where a code is expected (row 3) and the numbers are shorter than the field's documented length: Excel drops a number's leading zeros; if these codes had any, format the column as text and type them again`}
	if strings.Join(warns, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
}

// TestDaysSwapped: in a file holding more text dates that read only as month/day (refused)
// than only as day/month, a date that reads either way is refused, naming both readings: all
// of them when the first rows show it (lookAhead), else those below; those above (taken as
// day/month) are said once, naming their rows; a file of day/month dates, or with one typed
// month first among them, says nothing.
func TestDaysSwapped(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { signScan = n }(signScan)
	head := "CompromissosId;CompromissosEmpresaId;CompromissosUsuarioId;CompromissosAssunto;CompromissosData;CompromissosHoraInicio\n"
	for _, c := range []struct {
		ahead   int // rows lookAhead reads
		dates   []string
		want    string
		refused []string // "row: reason"
	}{
		{1000, []string{"12/21/2026", "05/06/2026", "15/03/2026", "07/07/2026", "11/30/2026", "02/03/2026"}, "",
			[]string{"3: " + outcome.EN.DateTwoWays("2026-06-05", "2026-05-06", "CompromissosData", 2, "12/21/2026"), "7: " + outcome.EN.DateTwoWays("2026-03-02", "2026-02-03", "CompromissosData", 2, "12/21/2026")}},
		{1000, []string{"05/06/2026", "11/04/26", "12/21/2026", "02/03/2026", "11/30/2026"}, "",
			[]string{"2: " + outcome.EN.DateTwoWays("2026-06-05", "2026-05-06", "CompromissosData", 4, "12/21/2026"),
				"3: " + outcome.EN.DateTwoWays("2026-04-11", "2026-11-04", "CompromissosData", 4, "12/21/2026"),
				"5: " + outcome.EN.DateTwoWays("2026-03-02", "2026-02-03", "CompromissosData", 4, "12/21/2026")}},
		{2, []string{"05/06/2026", "11/04/26", "12/21/2026", "02/03/2026", "11/30/2026"},
			outcome.EN.DaysSwapped("", "CompromissosData", "2, 3", "CompromissosData", 4, "12/21/2026"),
			[]string{"5: " + outcome.EN.DateTwoWays("2026-03-02", "2026-02-03", "CompromissosData", 4, "12/21/2026")}},
		{1000, []string{"21/12/2026", "05/06/2026", "15/03/2026"}, "", nil},
		{1000, []string{"12/21/2026", "13/06/2026", "07/07/2026"}, "", nil},
		// A day-first file's one date typed month first: that date is refused, the file's
		// 05/06 and 03/04 read day first.
		{1000, []string{"21/12/2026", "05/06/2026", "12/21/2026", "03/04/2026", "15/01/2026"}, "", nil},
	} {
		signScan = c.ahead
		body := head
		for i, d := range c.dates {
			body += fmt.Sprintf("C%d;1;7;Visita;%s;09:30\n", i, d)
		}
		path := writeFile(t, t.TempDir(), "setCompromissos.csv", body)
		got, warns := readAll(t, cat, []string{path}, InputOptions{})
		want := []string(nil)
		if c.want != "" {
			want = []string{path + c.want}
		}
		if !slices.Equal(warns, want) {
			t.Errorf("%v: warnings\n%s\nwant\n%s", c.dates, strings.Join(warns, "\n"), strings.Join(want, "\n"))
		}
		for _, r := range c.refused {
			row, reason, _ := strings.Cut(r, ": ")
			if !strings.Contains(got, fmt.Sprintf("(E%s), value %q: %s", row, c.dates[mustAtoi(t, row)-2], reason)) {
				t.Errorf("%v: row %s not refused with %q:\n%s", c.dates, row, reason, got)
			}
		}
		if n := strings.Count(got, "reads two ways"); n != len(c.refused) {
			t.Errorf("%v: %d dates refused as reading two ways, want %d:\n%s", c.dates, n, len(c.refused), got)
		}
	}

	// An export writes all its dates one way: an item's delivery dates tell how its other
	// dates were (here past the rows looked ahead at: the first is read, then said).
	signScan = 1
	path := writeFile(t, t.TempDir(), "GravarOrcamentos.csv", "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.datGer;itens.datOci\n"+
		"1;1;1;1;1;P1;05/06/2026;07/08/2026\n1;2;1;1;1;P1;03/04/2026;12/22/2026\n1;3;1;1;1;P1;01/02/2026;01/01/2026\n")
	got, warns := readAll(t, cat, []string{path}, InputOptions{})
	for _, want := range []string{
		`(G4), value "01/02/2026": ` + outcome.EN.DateTwoWays("2026-02-01", "2026-01-02", "itens.datOci", 3, "12/22/2026"),
		`(G3), value "03/04/2026": ` + outcome.EN.DateTwoWays("2026-04-03", "2026-03-04", "itens.datOci", 3, "12/22/2026"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if want := []string{path + outcome.EN.DaysSwapped("", "itens.datGer", "2", "itens.datOci", 3, "12/22/2026"), path + outcome.EN.DaysSwapped("", "itens.datOci", "2", "itens.datOci", 3, "12/22/2026")}; !slices.Equal(warns, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
}

// TestTimesDropped: a date column whose dates carry a time of day other than midnight (text,
// or a workbook's date-and-time cell) says so once, naming the rows: the field takes the date
// alone, and an appointment's hour would go without a word. Midnight, written or stored, is
// no time.
func TestTimesDropped(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	head := []any{"CompromissosId", "CompromissosEmpresaId", "CompromissosUsuarioId", "CompromissosAssunto", "CompromissosData", "CompromissosHoraInicio"}
	dir := t.TempDir()
	book := filepath.Join(dir, "setCompromissos.xlsx")
	writeBook(t, book, []bookSheet{{name: "agenda", rows: [][]any{head,
		{"C1", 1, 7, "A", time.Date(2026, 12, 31, 8, 30, 0, 0, time.UTC)},
		{"C2", 1, 7, "B", time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"C3", 1, 7, "C", time.Date(2026, 12, 30, 23, 59, 59, 0, time.UTC), "09:00"}}}})
	for _, c := range []struct {
		path string
		want string
	}{
		{writeFile(t, dir, "setCompromissos.csv", "CompromissosId;CompromissosEmpresaId;CompromissosUsuarioId;CompromissosAssunto;CompromissosData\n"+
			"C1;1;7;A;31/12/2026 08:30\nC2;1;7;B;31/12/2026 00:00\nC3;1;7;C;2026-12-31T00:00:00Z\nC4;1;7;D;2026-12-31T14:05:00\nC5;1;7;E;31/12/2026\n"+
			"C6;1;7;F;2026-12-31T00:00:00-03:00\nC7;1;7;G;2026-12-31T09:00:00-03:00\nC8;1;7;H;31/12/2026 12:00 AM\nC9;1;7;I;31/12/2026 2:30 PM\n"), "rows 2, 5, 8, 10"},
		{book, "rows 2, 4"},
		{writeFile(t, t.TempDir(), "setCompromissos.csv", "CompromissosId;CompromissosEmpresaId;CompromissosUsuarioId;CompromissosAssunto;CompromissosData\nC1;1;7;A;31/12/2026\n"), ""},
	} {
		got, warns := readAll(t, cat, []string{c.path}, InputOptions{})
		want := timesWarning(c.path, c.want)
		if !slices.Equal(warns, want) || strings.Contains(got, "INVALID") {
			t.Errorf("%s: warnings\n%s\nwant\n%s\n%s", c.path, strings.Join(warns, "\n"), strings.Join(want, "\n"), got)
		}
	}
}

// timesWarning is the warning of path's (an .xlsx: its sheet "agenda") dates with a time of
// day at rows (none: "").
func timesWarning(path, rows string) []string {
	if rows == "" {
		return nil
	}
	if strings.HasSuffix(path, ".xlsx") {
		path += " [agenda]"
	}
	return []string{path + `: column "CompromissosData" has dates with a time of day (` + rows + `); the field takes the date alone and the time is not sent: if it matters, put it in the time column`}
}

// TestTimesDroppedOnlyOfDatesSent: the warning names only dates that go without their time.
// A refused date (no day of the calendar, a time-only cell in a date column) is its row's
// error: warned besides, the row read as if its date went and only its hour was left out.
func TestTimesDroppedOnlyOfDatesSent(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	head := []any{"CompromissosId", "CompromissosEmpresaId", "CompromissosUsuarioId", "CompromissosAssunto", "CompromissosData"}
	dir := t.TempDir()
	book := filepath.Join(dir, "setCompromissos.xlsx")
	writeBook(t, book, []bookSheet{{name: "agenda", rows: [][]any{head,
		{"C1", 1, 7, "A", 12 * time.Hour}, // a time-only cell, no date
		{"C2", 1, 7, "B", time.Date(2026, 12, 31, 8, 30, 0, 0, time.UTC)}}}})
	for _, c := range []struct {
		path    string
		want    string // rows warned
		refused int
	}{
		{writeFile(t, dir, "setCompromissos.csv", "CompromissosId;CompromissosEmpresaId;CompromissosUsuarioId;CompromissosAssunto;CompromissosData\n"+
			"C1;1;7;A;31/02/2026 08:30\nC2;1;7;B;31/12/2026 08:30\nC3;1;7;C;12/31/2026 09:00\nC4;1;7;D;2026-02-30T10:00:00\n"), "row 3", 3},
		{writeFile(t, t.TempDir(), "setCompromissos.csv", "CompromissosId;CompromissosEmpresaId;CompromissosUsuarioId;CompromissosAssunto;CompromissosData\n"+
			"C1;1;7;A;31/02/2026 08:30\n"), "", 1},
		{book, "row 3", 1},
	} {
		got, warns := readAll(t, cat, []string{c.path}, InputOptions{})
		want := timesWarning(c.path, c.want)
		if !slices.Equal(warns, want) {
			t.Errorf("%s: warnings\n%s\nwant\n%s\n%s", c.path, strings.Join(warns, "\n"), strings.Join(want, "\n"), got)
		}
		if n := strings.Count(got, "INVALID"); n != c.refused {
			t.Errorf("%s: %d rows refused, want %d:\n%s", c.path, n, c.refused, got)
		}
	}
}

// TestUnheadedValues: values in a column whose header cell is empty go nowhere, so they are
// said once per file, with their rows: in a CSV file and a workbook one between named columns
// (a workbook's cells past the last are notes beside the data); --ignore-unknown-columns asks
// for silence. In a CSV file a value past the last named column is its row's problem, as one
// past the header's fields: LibreOffice saves a row shifted by a delimiter inside a value with
// empty header fields to its width, and the shifted values passed with a warning.
func TestUnheadedValues(t *testing.T) {
	dir := t.TempDir()
	csvPath := writeFile(t, dir, "setContaTeste.csv", "ContaIdERP;;ContaNome;\nA1;lixo;Ana;\nA2;;Bia;x\nA3;;Caio;\n")
	book := filepath.Join(dir, "setContaTeste.xlsx")
	writeBook(t, book, []bookSheet{{name: "contas", rows: [][]any{{"ContaIdERP", "", "ContaNome", "", "#nota"}, {"A1", "perdido", "Ana", "", "ok", "além"}, {"A2", "", "Bia", "nota à parte"}}}})
	for _, c := range []struct {
		path string
		opt  InputOptions
		want []string
	}{
		{csvPath, InputOptions{}, []string{
			csvPath + ": column B has no header, and values in row 2, which are not sent: give it a field's name, or a header that starts with # if it holds notes"}},
		{csvPath, InputOptions{IgnoreUnknownColumns: true}, nil},
		{book, InputOptions{IgnoreUnknownColumns: true}, nil},
	} {
		got, warns := readAll(t, testCatalogue(t), []string{c.path}, c.opt)
		if !strings.Contains(got, "ContaNome=Ana") || !slices.Equal(warns, c.want) {
			t.Errorf("%s %+v:\n%s\nwarnings:\n%s\nwant:\n%s", c.path, c.opt, got, strings.Join(warns, "\n"), strings.Join(c.want, "\n"))
		}
		// The CSV row with a value under the header's trailing empty field: refused, whatever
		// --ignore-unknown-columns says (it may be shifted); its neighbours go.
		refused := `[3] key=A2 INVALID
  row 3: value "x": the row has 4 fields and the header 3 columns: this one (D3) is under no header`
		if c.path == csvPath && (!strings.Contains(got, refused) || strings.Count(got, "INVALID") != 1) {
			t.Errorf("%s %+v: row 3 not refused as past the header:\n%s", c.path, c.opt, got)
		}
	}
	_, warns := readAll(t, testCatalogue(t), []string{book}, InputOptions{})
	if len(warns) != 2 || !strings.HasPrefix(warns[0], book+" [contas]: column B has no header, and values in row 2,") || !strings.HasPrefix(warns[1], book+" [contas]: column D has no header, and values in row 3,") {
		t.Errorf("workbook warnings:\n%s", strings.Join(warns, "\n"))
	}
}

// TestContaChecks (15.9): setContas' CNPJ, CPF, CEP and e-mail columns are checked; a row that
// fails is invalid (exit 1); what passes goes as written, trimmed.
func TestContaChecks(t *testing.T) {
	f := writeFile(t, t.TempDir(), "setContas.csv",
		"ContaIdERP;ContaCnpj;ContaCpf;ContaCep;ContaEmail;ContaEmailFinanceiro\n"+
			"C1;11.222.333/0001-81;;01310-100;compras@empresa.com.br;\n"+
			"C2;12.ABC.345/01DE-35;529.982.247-25;;;fin@empresa.com.br\n"+
			"C3;11.222.333/0001-18;529.982.247-2;1310-100;compras empresa.com.br;Fin <fin@empresa.com.br>\n")
	code, lines := validate(t, "", InputOptions{}, f)
	want := []string{
		"setContas.csv||2|valid|",
		"setContas.csv||3|valid|",
		`setContas.csv||4|invalid|coluna "ContaCnpj" (B4), valor "11.222.333/0001-18": os dígitos verificadores não conferem com o número: confira se há erro de digitação; ` +
			`coluna "ContaCpf" (C4), valor "529.982.247-2": não é um CPF: um CPF tem 11 algarismos (123.456.789-09); ` +
			`coluna "ContaCep" (D4), valor "1310-100": não é um CEP: um CEP tem 8 algarismos (12345-678); ` +
			`coluna "ContaEmail" (E4), valor "compras empresa.com.br": não é um endereço de e-mail (nome@empresa.com.br, sem nome de exibição); ` +
			`coluna "ContaEmailFinanceiro" (F4), valor "Fin <fin@empresa.com.br>": não é um endereço de e-mail (nome@empresa.com.br, sem nome de exibição)`,
	}
	if code != outcome.ExitSomeFailed || strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, lines:\n%s\nwant exit 1 and:\n%s", code, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// financeBook writes a workbook the way finance keeps it: a merged title and a "Preparado
// por" line above the header in row 4, percent cells (E), a hidden row (9), a blank row and a
// TOTAL row with =SUM(F5:F14) under the data (its cached value set too). It returns the path
// (excelize writes the formula's cell with t="str", so readers take its cached value as text.)
func financeBook(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "GravarOrcamentos-nov.xlsx")
	x := excelize.NewFile()
	defer x.Close()
	const sh = "orcamento"
	if err := x.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	set := func(cell string, v any) {
		t.Helper()
		if err := x.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "Orçamentos de novembro — Filial Joinville")
	if err := x.MergeCell(sh, "A1", "F1"); err != nil {
		t.Fatal(err)
	}
	set("A2", "Preparado por: Ana Souza (Financeiro), 28/11/2026")
	for i, h := range []string{"tipOpe", "codEmp", "numOct", "verOct", "perDsc", "vlrBru"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 4)
		set(cell, h)
	}
	discounts := []float64{0.05, 0.1, 0.125, 0, 0.025, 0.2, 0.075, 0.15, 0.0525, 0.01}
	gross := []float64{1000, 1250.5, 980, 1100, 1042, 900, 1300, 1000, 900, 1000} // 10.472,50
	for i := range 10 {
		row := 5 + i
		for j, v := range []any{1, 1, 2000 + i, 1, discounts[i], gross[i]} {
			cell, _ := excelize.CoordinatesToCellName(j+1, row)
			set(cell, v)
		}
	}
	pct, err := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellStyle(sh, "E5", "E14", pct); err != nil {
		t.Fatal(err)
	}
	if err := x.SetRowVisible(sh, 9, false); err != nil {
		t.Fatal(err)
	}
	set("A16", "TOTAL")
	set("F16", 10472.5)
	if err := x.SetCellFormula(sh, "F16", "SUM(F5:F14)"); err != nil {
		t.Fatal(err)
	}
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFinanceWorkbook (15.13, 12.11): the header is found in row 4; the title rows above it and
// the TOTAL row under the data get no report line; percent cells are read as percentages; every
// data row is valid, exit 0. The totals row and the hidden row are noted on the Input.
func TestFinanceWorkbook(t *testing.T) {
	path := financeBook(t)
	code, lines := validate(t, "", InputOptions{}, path)
	var want []string
	for row := 5; row <= 14; row++ {
		want = append(want, fmt.Sprintf("GravarOrcamentos-nov.xlsx|orcamento|%d|valid|", row))
	}
	if code != outcome.ExitOK || strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, lines:\n%s\nwant exit 0 and:\n%s", code, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	ins, err := OpenInputs(context.Background(), cat, []string{path}, InputOptions{Lang: outcome.PT, Values: values.Options{Locale: values.PtBR}})
	if err != nil {
		t.Fatal(err)
	}
	defer ins[0].Close()
	var got []string
	if err := ins[0].Records(context.Background(), func(r *Record) error {
		got = append(got, r.Wire.Values["perDsc"])
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := "5.00 10.00 12.50 0.00 2.50 20.00 7.50 15.00 5.25 1.00"; strings.Join(got, " ") != want {
		t.Errorf("perDsc sent %s, want %s", strings.Join(got, " "), want)
	}
	totals := fmt.Sprintf("%+v", ins[0].Totals())
	if want := fmt.Sprintf("[{File:%s Sheet:orcamento Line:16 Values:[{Field:vlrBru Column:vlrBru Cell:F16 Value:10472.5 Formula:SUM(F5:F14)}] Label:}]", path); totals != want {
		t.Errorf("totals %s\nwant %s", totals, want)
	}
	if n := ins[0].HiddenRows(); n != 1 {
		t.Errorf("%d hidden rows, want 1", n)
	}
}

// TestHeaderAndTotalsRows (15.13): the header is the row, among the first 30, that names the
// most fields (those naming every required one first); --header-row overrides; a totals row
// (key columns empty, a cell reading "total") is no record, in CSV files and set sheets too.
func TestHeaderAndTotalsRows(t *testing.T) {
	cat := testCatalogue(t)
	cases := []struct {
		name  string
		files map[string]string
		opt   InputOptions
		want  string
	}{
		{
			name: "title rows above the header, a totals row under the data",
			files: map[string]string{"GravarTeste.csv": "Relatório de orçamentos;;;\nEmitido em 28/11/2026;;;\n\n" +
				"codEmp;numOct;verOct;tipOpe\n1;1;1;1\n1;2;1;1\nTotal geral;;;2\n"},
			want: "[5] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1}\n[6] key=1/2/1 {codEmp=1 numOct=2 tipOpe=1 verOct=1}\n",
		},
		{
			name: "a row naming every required field wins over one naming more",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;datEmi;itens.seqOci;itens.codPro;itens.preUni\n" +
				"codEmp;numOct;verOct;tipOpe\n1;1;1;1\n"},
			want: "[3] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1}\n",
		},
		{
			name:  "--header-row overrides",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe\n1;1;1;1\ncodEmp;numOct;verOct;tipOpe\n1;2;1;1\n"},
			opt:   InputOptions{HeaderRow: 3},
			want:  "[4] key=1/2/1 {codEmp=1 numOct=2 tipOpe=1 verOct=1}\n",
		},
		{
			name:  "rows of data above the header (sorted with its header row): each invalid, none lost",
			files: map[string]string{"GravarTeste.csv": "1;1;1;1\n1;2;1;1\ncodEmp;numOct;verOct;tipOpe\n1;3;1;1\n"},
			want: "[1] key=1/1/1 INVALID\n  row 1: " + outcome.EN.AboveHeader(3) + "\n[2] key=1/2/1 INVALID\n  row 2: " + outcome.EN.AboveHeader(3) +
				"\n[4] key=1/3/1 {codEmp=1 numOct=3 tipOpe=1 verOct=1}\n",
		},
		{
			name: "title and note rows above the header fill a cell or two, or hold no key",
			files: map[string]string{"GravarTeste.csv": "Orçamentos de novembro;;;\nPreparado por;Ana;;\n1;Ana;x;y\n;;1;1\n" +
				"codEmp;numOct;verOct;tipOpe\n1;3;1;1\n"},
			want: "[6] key=1/3/1 {codEmp=1 numOct=3 tipOpe=1 verOct=1}\n",
		},
		{
			name:  "a label row above the header is a title; a row with a date, data",
			files: map[string]string{"setContaTeste.csv": "Preparado por:;Ana Souza;31/12/2026\nC0;Zero;31/12/1990\nContaIdERP;ContaNome;ContaAniversario\nC1;Um;\n"},
			want:  "[2] key=C0 INVALID\n  row 2: " + outcome.EN.AboveHeader(3) + "\n[4] key=C1 {ContaIdERP=C1 ContaNome=Um}\n",
		},
		{
			name:  "rows holding only a note, or characters no one sees, are blank rows",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe;#obs\n1;1;1;1;\n;;;;conferido\n\u200b;;\u00a0;;\n1;2;1;1;ok\n"},
			want:  "[2] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1}\n[5] key=1/2/1 {codEmp=1 numOct=2 tipOpe=1 verOct=1}\n",
		},
		{
			name:  "--header-row past the last row: said so, not taken for an empty file",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n"},
			opt:   InputOptions{HeaderRow: 5},
			want:  "OPEN: " + outcome.EN.HeaderRowPastEnd("GravarTeste.csv", 5, 2) + "\n",
		},
		{
			name:  "a row with an empty key and no total is still an invalid record",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n;;;1\n"},
			want:  "[2] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1}\n[3] key=// INVALID\n  row 3: record without its key: codEmp, numOct, verOct empty\n",
		},
		{
			name:  "a key in the row: not a totals row, whatever its text",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;ContaNome\nA1;Total Distribuidora\n"},
			want:  "[2] key=A1 {ContaIdERP=A1 ContaNome=Total Distribuidora}\n",
		},
		{
			name:  "a title row that cannot be read, above the header, is passed over",
			files: map[string]string{"GravarTeste.csv": "Orçamentos \"novembro;\n\ncodEmp;numOct;verOct;tipOpe\n1;1;1;1\n"},
			want:  "[4] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1}\n",
		},
		{
			name:  "a first row that cannot be read, and no row naming a field: the header cannot be read",
			files: map[string]string{"GravarTeste.csv": "a;b\"c;d\n1;2;3\n"},
			want:  "OPEN: GravarTeste.csv: the header row cannot be read: " + outcome.EN.UnpairedQuote() + "\n",
		},
		{
			name: "a subtotal row in a set file",
			files: map[string]string{
				"GravarTeste.csv":       "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n",
				"GravarTeste.itens.csv": "codEmp;numOct;seqOci;codPro;preUni\n1;1;1;P1;10\n1;1;2;P2;5\nSubtotal;;;;15\n",
			},
			want: "[2,itens:2,itens:3] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1 itens{codPro=P1 preUni=10.00 seqOci=1} itens{codPro=P2 preUni=5.00 seqOci=2}}\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, files := writeFiles(t, c.files)
			got, _ := readAll(t, cat, files, c.opt)
			got = strings.ReplaceAll(got, dir+string(filepath.Separator), "")
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestTextRowsAboveTheHeader: above a header whose columns all take free text (a CRM sheet),
// a title ("Categorias;Atualizado em 01/12/2026") and a row of data look alike: such rows are
// not read, and a warning names them (said as data, every title there made its file exit 1).
func TestTextRowsAboveTheHeader(t *testing.T) {
	dir, files := writeFiles(t, map[string]string{"setContaTeste.csv": "Contas;Atualizado em 01/12/2026\nContaIdERP;ContaNome\nC1;Um\n"})
	got, warns := readAll(t, testCatalogue(t), files, InputOptions{})
	want := outcome.EN.LooksAboveHeader(filepath.Join(dir, "setContaTeste.csv"), "1", 2)
	if got != "[3] key=C1 {ContaIdERP=C1 ContaNome=Um}\n" || !slices.Contains(warns, want) {
		t.Errorf("got:\n%s\nwarnings: %q\nwant the title not read, and %q", got, warns, want)
	}
}

// TestRowsAroundTheHeaderInAWorkbook: in a workbook too, a row of data above the header (an
// items sheet sorted with its header row) is reported invalid with its record, never passed
// over; a row holding only a note past the header or in a # column, or only a zero-width
// space, is a blank row.
func TestRowsAroundTheHeaderInAWorkbook(t *testing.T) {
	book := filepath.Join(t.TempDir(), "GravarTeste.xlsx")
	writeBook(t, book, []bookSheet{
		{name: "orcamento", rows: [][]any{
			{"Orçamentos de novembro"},
			{"codEmp", "numOct", "verOct", "tipOpe", "#nota"},
			{1, 1, 1, 1},
			{nil, nil, nil, nil, "conferido"},
			{"\u200b", nil, nil, nil, nil, nil, "além da tabela"},
			{1, 2, 1, 1},
		}},
		{name: "itens", rows: [][]any{
			{1, 2, 1, 2, "P2"},
			{"codEmp", "numOct", "verOct", "seqOci", "codPro"},
			{1, 1, 1, 1, "P1"},
			{1, 2, 1, 1, "P1"},
		}},
	})
	got, warns := readAll(t, testCatalogue(t), []string{book}, InputOptions{})
	want := "[orcamento:3,itens:3] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1}}\n" +
		"[orcamento:6,itens:1,itens:4] key=1/2/1 INVALID\n  row 1: " + outcome.EN.AboveHeader(2) + "\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s\nwarnings: %q", got, want, warns)
	}
}

func TestTotalsMarkers(t *testing.T) {
	for s, want := range map[string]bool{"TOTAL": true, "Total geral": true, "total:": true, "Totais": true, "SUBTOTAL": true, "  Total  R$": true,
		"Valor total": false, "Totalizador": false, "": false, "Distribuidora Total": false} {
		if isTotalLabel(s) != want {
			t.Errorf("isTotalLabel(%q) = %v", s, !want)
		}
	}
	for f, want := range map[string]bool{"SUM(F5:F14)": true, "=sum(F5:F14)": true, "SUBTOTAL(9,F5:F14)": true, "_xlfn.SUBTOTAL(109,F:F)": true,
		"SUMIF(A:A,1,F:F)": false, "AVERAGE(F5:F14)": false, "F5+F6": false, "": false} {
		if sumFormula(f) != want {
			t.Errorf("sumFormula(%q) = %v", f, !want)
		}
	}
}

// TestUnreadableRows: a row readers could not read as written has that one problem: its
// cells, perhaps garbled, are not checked, and a line with no cells at all is not also a
// record without its key.
func TestUnreadableRows(t *testing.T) {
	f := writeFile(t, t.TempDir(), "setCategoriaServico.csv",
		"CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Açúcar;1\nS2;Tubo 3/4\" cobre;1\n"+
			"S3;"+strings.Repeat("x", 2<<20)+";1\nS4;Manutenção;1\n")
	code, lines := validate(t, "", InputOptions{}, f)
	// What readers found is the value; the reason is the only problem.
	valueOnly := regexp.MustCompile(`valor "(?:[^"\\]|\\.)*": `)
	for i := range lines {
		lines[i] = valueOnly.ReplaceAllString(lines[i], `valor "…": `)
	}
	want := []string{
		"setCategoriaServico.csv||2|valid|",
		`setCategoriaServico.csv||3|invalid|coluna "CategoriaServicoDescricao" (B3), valor "…": ` + outcome.PT.UnpairedQuote(),
		`setCategoriaServico.csv||4|invalid|valor "…": ` + outcome.PT.LineTooLong(1<<20),
		"setCategoriaServico.csv||5|valid|",
	}
	if code != outcome.ExitSomeFailed || strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, lines:\n%s\nwant exit 1 and:\n%s", code, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestAmountsForReconciliation: each row carries its money cells to the summary; a record's
// own columns, repeated on its children's rows, count once; a cell that is no number (or a text
// with a %, "15%": no amount of 15 reais) counts as unreadable; a number the field cannot take (too many decimals) is summed as read, as the
// sheet's own SUM adds it. An empty CSV field (or one of spaces) is no cell at all, as an
// empty cell of a workbook: the same rows saved as CSV by LibreOffice were summed with "3
// célula(s) sem número, fora das somas" under vlrDsc, the workbook with none.
func TestAmountsForReconciliation(t *testing.T) {
	f := writeFile(t, t.TempDir(), "GravarOrcamentos.csv",
		"tipOpe;codEmp;numOct;verOct;vlrBru;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n"+
			"1;1;7;1;1.234,50;1;P1;2;10,25\n"+
			"1;1;7;1;1.234,50;2;P2;1;5\n"+
			"1;1;8;1;12.50;1;P3;1;1\n"+
			"1;1;9;1;;1;P4;1; \n"+
			"1;1;10;1;15%;1;P5;1;2\n")
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{f}, Quiet: true, Input: InputOptions{Lang: outcome.PT}})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%+v", sum.Reconciliation)
	want := fmt.Sprintf("[{File:%s Rows:5 RowsSent:0 RowsAccepted:0 RowsAlready:0 Columns:[{Column:vlrBru Field:vlrBru Read:1234.50 Sent:0.00 Accepted:0.00 Already: Unreadable:2 Total:<nil>} {Column:itens.vlrUni Field:itens.vlrUni Read:18.25 Sent:0.00 Accepted:0.00 Already: Unreadable:0 Total:<nil>}]}]", f)
	if got != want {
		t.Errorf("reconciliation\n got %s\nwant %s", got, want)
	}
}

// TestTotalsOfQuantitiesNotReconciled: a totals row's cells are reconciled in money columns
// only, the ones whose sums are read. A finance sheet's SUM under a quantity (itens.qtdOci) or
// a percent column was reported "total da planilha O9 = 1.248,5: não confere com a soma lida
// (0)": no sum is read of them, and the summary cried a mismatch where there was none (a
// GravarOrcamentos workbook typed in LibreOffice, =SUM under vlrBru, vlrLiq and qtdOci).
func TestTotalsOfQuantitiesNotReconciled(t *testing.T) {
	f := writeFile(t, t.TempDir(), "GravarOrcamentos.csv",
		"tipOpe;codEmp;numOct;verOct;perDsc;vlrBru;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n"+
			"1;1;7;1;5%;1.234,50;1;P1;2;10,25\n"+
			"1;1;8;1;10%;100;1;P3;3;1\n"+
			"Total;;;;15%;1.334,50;;;5;11,25\n")
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{f}, Quiet: true, Input: InputOptions{Lang: outcome.PT}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range sum.Reconciliation {
		for _, c := range r.Columns {
			s := fmt.Sprintf("%s read %s", c.Field, c.Read)
			if c.Total != nil {
				s += fmt.Sprintf(", total %s %s", c.Total.Cell, c.Total.Value)
			}
			got = append(got, s)
		}
	}
	if want := "vlrBru read 1334.50, total F4 1334.50; itens.vlrUni read 11.25, total J4 11.25"; strings.Join(got, "; ") != want {
		t.Errorf("reconciliation\n got %s\nwant %s", strings.Join(got, "; "), want)
	}
	if sum.Rows != 2 {
		t.Errorf("%d rows, want 2 (the totals row is none)", sum.Rows)
	}
}

// Excel's "Unicode Text" (UTF-16LE with a mark, tab-separated, saved as .txt or renamed .csv)
// imports as any CSV file: its accents reach Senior as written, the summary names its
// charset, the output guard still knows the file, and its UTF-8 copy is gone after the run.
func TestUnicodeTextFile(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	text := "CategoriaServicoId\tCategoriaServicoDescricao\tCategoriaServicoEmpresaId\r\nU1\tManutenção elétrica\t1\r\nU2\t\"Água \"\"mineral\"\"\"\t1\r\n"
	var b []byte
	b = binary.LittleEndian.AppendUint16(b, 0xFEFF)
	for _, u := range utf16.Encode([]rune(text)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	f := writeFile(t, dir, "setCategoriaServico.txt", string(b))
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	cfg := e.settings(dir, f)
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.OK] != 2 {
		t.Fatalf("exit %d, %v, %v", sum.ExitCode, sum.Outcomes, err)
	}
	got := map[string]string{}
	for _, r := range e.sim.Records("setCategoriaServico") {
		got[r.Key] = r.Values["CategoriaServicoDescricao"]
	}
	if got["U1"] != "Manutenção elétrica" || got["U2"] != `Água "mineral"` {
		t.Errorf("Senior holds %q", got)
	}
	if sum.Charsets[f] != "utf-16le" {
		t.Errorf("charsets %v", sum.Charsets)
	}
	var left []string
	filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
	cfg.Reports = []string{f}
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "é a entrada") {
		t.Errorf("a report over the UTF-16 input: %v", err)
	}
	if b2, _ := os.ReadFile(f); !bytes.Equal(b, b2) {
		t.Error("the input was overwritten")
	}
}

// TestDOSAndMacCSV: Excel's "CSV (MS-DOS)" (code page 850) and "CSV (Macintosh)" (Mac Roman,
// lines ending in CR) reach Senior with their accents as written, not as Windows-1252 reads
// their bytes ("Alimenta‡Æo"), and the summary names the charset each was read in.
func TestDOSAndMacCSV(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	enc := func(cm *charmap.Charmap, s string) string {
		b, err := cm.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	head := "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId"
	dos := writeFile(t, dir, "setCategoriaServico-dos.csv", enc(charmap.CodePage850, head+"\r\nD1;Alimentação em serviço;1\r\nD2;Manutenção elétrica;1\r\n"))
	mac := writeFile(t, dir, "setCategoriaServico-mac.csv", enc(charmap.Macintosh, head+"\rM1;Combustível & pedágios;1\rM2;Óleo lubrificante;1\r"))
	sum, err := Run(context.Background(), e.settings(dir, dos, mac))
	if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.OK] != 4 {
		t.Fatalf("exit %d, %v, %v", sum.ExitCode, sum.Outcomes, err)
	}
	got := map[string]string{}
	for _, r := range e.sim.Records("setCategoriaServico") {
		got[r.Key] = r.Values["CategoriaServicoDescricao"]
	}
	want := map[string]string{"D1": "Alimentação em serviço", "D2": "Manutenção elétrica", "M1": "Combustível & pedágios", "M2": "Óleo lubrificante"}
	if !maps.Equal(got, want) {
		t.Errorf("Senior holds %q, want %q", got, want)
	}
	if sum.Charsets[dos] != "cp850" || sum.Charsets[mac] != "macintosh" {
		t.Errorf("charsets %v", sum.Charsets)
	}
}

// TestDelimiterUnderTitles: a CSV file of commas (tabs, pipes) under a title line without
// delimiters, as report tools export it, is read at its commas; such files were read at ";"
// and refused column by column ("Relatório de categorias...": no field has that name). One
// whose delimiter the reader still cannot tell is refused with a message that names the
// --delimiter under which its header names the port's fields, unless --delimiter was given.
func TestDelimiterUnderTitles(t *testing.T) {
	const table = "CategoriaDespesaId,CategoriaDespesaDescricao,CategoriaDespesaEmpresaId\nD1,Viagens,1\nD2,Alimentação,1\n"
	hint := `setCategoriaDespesa.csv: lido com ponto e vírgula (;) como delimitador, nenhuma linha nomeia os campos que a porta exige; com vírgula (,), a linha 2 nomeia todos: use --delimiter ","; `
	cases := []struct {
		name, body string
		opt        InputOptions
		want       []string // row|outcome, and the message's start (after the path) for an invalid one
	}{
		{name: "a title over commas", body: "Relatório de categorias de despesa - dezembro\n" + table, want: []string{"3|valid|", "4|valid|"}},
		{name: "titles and a blank line over tabs", body: "Empresa X\nRelatório - dezembro\n\n" + strings.ReplaceAll(table, ",", "\t"), want: []string{"5|valid|", "6|valid|"}},
		{name: "a quoted title holding ; and , over pipes", body: "\"Relatório; dezembro, 2026\"\n" + strings.ReplaceAll(table, ",", "|"), want: []string{"3|valid|", "4|valid|"}},
		{name: "a title holding ; and , over commas", body: "Relatório; dezembro, 2026\n" + table, want: []string{"3|valid|", "4|valid|"}},
		{name: "a title with more commas than the table: hinted", body: "Relatório, dezembro, de 2026, empresa 1\n" + table, want: []string{"2|invalid|" + hint, "3|invalid|" + hint, "4|invalid|" + hint}},
		{name: "a comma file of rows of uneven width: hinted", body: table + "D3,Táxi,1,\n", want: []string{"2|invalid|" + strings.Replace(hint, "linha 2", "linha 1", 1), "3|invalid|", "4|invalid|"}},
		{name: "a header that misses a field at its commas too: hinted, as naming more", body: "Relatório, dezembro, de 2026, empresa 1\nId,CategoriaDespesaDescricao,CategoriaDespesaEmpresaId\nD1,Viagens,1\n",
			want: []string{"2|invalid|" + `setCategoriaDespesa.csv: lido com ponto e vírgula (;) como delimitador, nenhuma linha nomeia todos os campos que a porta exige; com vírgula (,), a linha 2 nomeia mais deles (2, contra 0): tente --delimiter ","; `, "3|invalid|"}},
		{name: "commas, each data line ending in one", body: strings.ReplaceAll(table, ",1\n", ",1,\n"), want: []string{"2|valid|", "3|valid|"}},
		{name: "a title over commas, each data line ending in one", body: "Relatório\n" + strings.ReplaceAll(table, ",1\n", ",1,\n"), want: []string{"3|valid|", "4|valid|"}},
		// The reader takes "CategoriaDespesaId" for a title over a table of two columns (the
		// values at their commas); the header found there refutes it: read at ";", as ever.
		{name: "one column whose every value holds a comma", body: "CategoriaDespesaId\nPeças, azul\nOutra, verde\n", want: []string{"2|valid|", "3|valid|"},
			opt: InputOptions{Mapping: &Mapping{cols: map[string]string{}, Constants: map[string]string{"CategoriaDespesaDescricao": "x", "CategoriaDespesaEmpresaId": "1"}}}},
		{name: "a title over one column whose every value holds a comma", body: "Relatório\nCategoriaDespesaId\nPeças, azul\nOutra, verde\n", want: []string{"3|valid|", "4|valid|"},
			opt: InputOptions{Mapping: &Mapping{cols: map[string]string{}, Constants: map[string]string{"CategoriaDespesaDescricao": "x", "CategoriaDespesaEmpresaId": "1"}}}},
		{name: "--delimiter given: no hint", body: "Relatório, dezembro, de 2026, empresa 1\n" + table, opt: InputOptions{Delimiter: ';'},
			want: []string{"2|invalid|" + `setCategoriaDespesa.csv: coluna "Relatório, dezembro, de 2026, empresa 1"`, "3|invalid|setCategoriaDespesa.csv: coluna", "4|invalid|setCategoriaDespesa.csv: coluna"}},
		{name: "--delimiter given, the right one", body: "Relatório, dezembro, de 2026, empresa 1\n" + table, opt: InputOptions{Delimiter: ','}, want: []string{"3|valid|", "4|valid|"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			f := writeFile(t, dir, "setCategoriaDespesa.csv", c.body)
			_, lines := validate(t, "", c.opt, f)
			var got []string
			for _, l := range lines {
				parts := strings.SplitN(l, "|", 5)
				msg := strings.ReplaceAll(parts[4], dir+string(filepath.Separator), "")
				got = append(got, parts[2]+"|"+parts[3]+"|"+msg)
			}
			ok := len(got) == len(c.want)
			for i := 0; ok && i < len(got); i++ {
				ok = strings.HasPrefix(got[i], c.want[i]) && (strings.HasSuffix(c.want[i], "|valid|") == (got[i] == c.want[i]))
			}
			if !ok {
				t.Errorf("got:\n%s\nwant (each the start of a line):\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if c.opt.Delimiter != 0 && slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, "--delimiter") }) {
				t.Errorf("--delimiter given, and hinted: %q", got)
			}
		})
	}
}

// TestTitledCSVImported: a comma file under a title line, as a report tool exports it, reaches
// Senior whole, each record from its own row.
func TestTitledCSVImported(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := writeFile(t, dir, "setCategoriaServico-dezembro.csv", "Relatório de categorias de serviço - dezembro\r\n"+
		"CategoriaServicoId,CategoriaServicoDescricao,CategoriaServicoEmpresaId\r\nS1,\"Instalação, montagem\",1\r\nS2,Calibração de instrumentos,1\r\n")
	sum, err := Run(context.Background(), e.settings(dir, f))
	if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.OK] != 2 {
		t.Fatalf("exit %d, %v, %v", sum.ExitCode, sum.Outcomes, err)
	}
	got := map[string]string{}
	for _, r := range e.sim.Records("setCategoriaServico") {
		got[r.Key] = r.Values["CategoriaServicoDescricao"] + "|" + r.Values["CategoriaServicoEmpresaId"]
	}
	if want := map[string]string{"S1": "Instalação, montagem|1", "S2": "Calibração de instrumentos|1"}; !maps.Equal(got, want) {
		t.Errorf("Senior holds %q, want %q", got, want)
	}
}

// TestFilesRefusedInTheRunsLanguage: a file refused whole (not a workbook, a format not read,
// a name that names no port, damage found in the middle of a sheet) is said in the run's
// language, naming the file once: in a drop folder its summary is all the finance team has.
func TestFilesRefusedInTheRunsLanguage(t *testing.T) {
	dir := t.TempDir()
	put := func(name string, body []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var ods bytes.Buffer
	zw := zip.NewWriter(&ods)
	w, _ := zw.Create("mimetype")
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	zw.Close()
	// A workbook whose sheet goes wrong after a few rows: found while reading.
	rows := [][]any{{"ContaIdERP", "ContaNome"}}
	for i := range 80 {
		rows = append(rows, []any{fmt.Sprintf("C%d", i), "Conta"})
	}
	good := filepath.Join(dir, "good.xlsx")
	writeBook(t, good, []bookSheet{{name: "setContaTeste", rows: rows}})
	breakAt := func(name string, line int) string {
		return put(name, rewritePart(t, good, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
			i := bytes.Index(b, fmt.Appendf(nil, `<row r="%d"`, line))
			return append(b[:i:i], fmt.Appendf(nil, `<row r="%d"><c r="A%d" t="str"><v>C2</v></c></row><row r="%d">`, line, line, line-1)...)
		}))
	}
	early := breakAt("setContaTeste-quebrada.xlsx", 10) // in the rows the header is looked for in
	late := breakAt("setContaTeste-rasgada.xlsx", 70)   // found among the records
	for _, lang := range []outcome.Lang{outcome.PT, outcome.EN} {
		cases := []struct {
			path string
			opt  InputOptions
			want string
		}{
			{put("setContaTeste-texto.xlsx", []byte("ContaIdERP;ContaNome\nC1;Conta\n")), InputOptions{}, lang.NotWorkbookText()},
			{put("setContaTeste-html.xlsx", []byte("<html><table><tr><td>ContaIdERP</td></tr></table></html>")), InputOptions{}, lang.NotWorkbookHTML()},
			{put("setContaTeste-vazia.xlsx", nil), InputOptions{}, lang.NotWorkbookEmpty()},
			{put("setContaTeste-calc.xlsx", ods.Bytes()), InputOptions{}, lang.NotWorkbookODS()},
			{put("setContaTeste-senha.xlsx", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")), InputOptions{}, lang.FileEncryptedOrXLS()},
			{put("setContaTeste-velha.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")), InputOptions{}, lang.FormatXLS()},
			{put("setContaTeste-cortada.xlsx", func() []byte { b, _ := os.ReadFile(good); return b[:len(b)/2] }()), InputOptions{}, lang.NotWorkbookCutShort()},
			{put("setContaTeste-copia.csv", []byte("ContaIdERP;ContaNome\nC1;Con\x00\x00\x00\x00")), InputOptions{}, lang.FileZeroTail(4, false)},
			{put("setContaTeste-calc.ods", ods.Bytes()), InputOptions{}, lang.FormatODS()},
			{put("setContaTeste-binaria.xlsb", []byte("PK\x03\x04rest")), InputOptions{}, lang.FormatXLSB()},
			{put("setContaTeste-mac.numbers", []byte("PK\x03\x04rest")), InputOptions{}, lang.FormatNumbers()},
			{put("setContaTeste-relatorio.pdf", []byte("%PDF-1.4")), InputOptions{}, lang.FormatUnknown()},
			{put("setContaTeste-planilha.csv", []byte("PK\x03\x04rest")), InputOptions{}, lang.FileNotText()},
			{filepath.Join(dir, "setContaTeste-sumiu.csv"), InputOptions{}, lang.FileMissing()},
			{put("clientes.csv", []byte("ContaIdERP\nC1\n")), InputOptions{}, lang.NoPortForName("clientes.csv", []string{"GravarTeste", "setContaTeste"})},
			{put("GravarTeste-dez.itens.csv", []byte("codEmp;numOct;verOct;seqOci;codPro\n1;1;1;1;P1\n")), InputOptions{}, lang.SetFileAlone("GravarTeste-dez.itens.csv", "itens", "GravarTeste-dez.csv")},
			{good, InputOptions{Op: "setContaTeste", Sheets: []string{"Contas"}}, lang.NoSheetNamed("good.xlsx", []string{"Contas"}, []string{`"setContaTeste"`})},
			{early, InputOptions{}, "setContaTeste-quebrada.xlsx [setContaTeste]: " + lang.FileCorrupt() + " (xl/worksheets/sheet1.xml: rows out of order: row 9 after row 10)"},
			{late, InputOptions{}, "setContaTeste-rasgada.xlsx [setContaTeste]: " + lang.FileCorrupt() + " (xl/worksheets/sheet1.xml: rows out of order: row 69 after row 70)"},
		}
		for _, c := range cases {
			c.opt.Lang = lang
			c.opt.Values = values.Options{Locale: values.PtBR, Rounding: values.RoundReject}
			name := filepath.Base(c.path)
			err := openAndRead(t, c.path, c.opt)
			var ce *ConfigError
			if err == nil || !errors.As(err, &ce) {
				t.Errorf("%s %s: %v, want a configuration error", lang, name, err)
				continue
			}
			msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			if !strings.HasPrefix(msg, name) || !strings.Contains(msg, c.want) || strings.Count(msg, name) != 1 {
				t.Errorf("%s %s:\n got %s\nwant it to name the file once and say %s", lang, name, msg, c.want)
			}
		}
	}
}

// openAndRead opens one input and reads its records, as a run does: what either refuses.
func openAndRead(t *testing.T, path string, opt InputOptions) error {
	t.Helper()
	ins, err := OpenInputs(context.Background(), testCatalogue(t), []string{path}, opt)
	if err != nil {
		return err
	}
	defer ins[0].Close()
	err = ins[0].Records(context.Background(), func(*Record) error { return nil })
	if err != nil {
		return &ConfigError{err}
	}
	return nil
}

// rewritePart is the workbook at path with one part's bytes changed by edit.
func rewritePart(t *testing.T, path, part string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			b = edit(b)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestKeysRepeatWarned: in a file of a port that saves over a record of the same key (a CRM
// set), rows whose key came already further up are a warning naming them and the keys (a
// wrong key column makes ten thousand rows one record, each reported ok); a port with an
// operation field (include, alter, delete in file order) is not warned, nor unique keys.
func TestKeysRepeatWarned(t *testing.T) {
	cat := testCatalogue(t)
	real, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, body string
		want       string // "": no such warning
	}{
		{"setContaTeste.csv", "ContaIdERP;ContaNome\nC1;a\nC2;b\nC1;c\nC3;d\nC2;e\nC1;f\n",
			"setContaTeste.csv: rows 4, 6, 7 repeat the key of a row above (row 4 repeats row 2, row 6 repeats row 3, row 7 repeats row 2): setContaTeste saves over the record of the same key, so in Senior only the last row of each key stays; check the key column (ContaIdERP)"},
		{"setContaTeste.csv", "ContaIdERP;ContaNome\nC1;a\nC2;b\nC3;c\n", ""},
		{"GravarOrcamentos.csv", "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n1;1;1;1;1;P1\n1;2;1;1;1;P2\n1;1;1;2;1;P2\n1;1;1;3;1;P2\n", ""},
	} {
		_, files := writeFiles(t, map[string]string{c.name: c.body})
		cat := cat
		if strings.HasPrefix(c.name, "Gravar") {
			cat = real
		}
		_, warns := readAll(t, cat, files, InputOptions{})
		var got string
		for _, w := range warns {
			if strings.Contains(w, "repeat the key") {
				got = w[strings.Index(w, c.name):]
			}
		}
		if got != c.want {
			t.Errorf("%s %q:\n got %q\nwant %q", c.name, c.body, got, c.want)
		}
	}
}

// TestRepeatsAcrossChunks: repeats kept in chunks find a repeat whatever chunk its first row
// is in, and stop noting past maxRepeatKeys records.
func TestRepeatsAcrossChunks(t *testing.T) {
	r := &repeats{seed: maphash.MakeSeed()}
	const n = 3 * repeatChunk
	for i := range n { // rows 2.. with keys K0..K(n-1), then K7 and K(n-1) again
		r.note(fmt.Sprintf("K%d", i), i+2)
	}
	r.note("K7", n+2)
	r.note(fmt.Sprintf("K%d", n-1), n+3)
	rows, pairs := r.found()
	if rows.n != 2 || !slices.Equal(rows.rows, []int{n + 2, n + 3}) || !slices.Equal(pairs, [][2]int{{n + 2, 9}, {n + 3, n + 1}}) {
		t.Errorf("rows %+v, pairs %v", rows, pairs)
	}
	r = &repeats{seed: maphash.MakeSeed()}
	for i := range maxRepeatKeys + 10 {
		r.note("same", i+2)
	}
	if rows, _ := r.found(); rows.n != maxRepeatKeys-1 {
		t.Errorf("%d repeats noted, want %d (the first maxRepeatKeys records)", rows.n, maxRepeatKeys-1)
	}
}

// TestMergedCellsRead: a value merged down over several rows (a company over its accounts)
// reaches each of those records, as Excel shows it, and the file says so in a warning; a
// dotted quote whose parent columns are merged over its item rows is one record with them.
func TestMergedCellsRead(t *testing.T) {
	dir := t.TempDir()
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", "contas")
	for i, r := range [][]any{{"ContaIdERP", "ContaNome"}, {"C1", "Matriz"}, {"C2"}, {"C3"}, {"C4", "Outra"}} {
		x.SetSheetRow("contas", fmt.Sprintf("A%d", i+1), &r)
	}
	x.MergeCell("contas", "B2", "B4")
	contas := filepath.Join(dir, "setContaTeste.xlsx")
	if err := x.SaveAs(contas); err != nil {
		t.Fatal(err)
	}
	q := excelize.NewFile()
	defer q.Close()
	for i, r := range [][]any{{"codEmp", "numOct", "verOct", "tipOpe", "itens.seqOci", "itens.codPro"}, {1, 10, 1, 1, 1, "P1"}, {nil, nil, nil, nil, 2, "P2"}, {1, 11, 1, 1, 1, "P3"}} {
		q.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r)
	}
	for _, col := range []string{"A", "B", "C", "D"} {
		q.MergeCell("Sheet1", col+"2", col+"3")
	}
	quotes := filepath.Join(dir, "GravarTeste.xlsx")
	if err := q.SaveAs(quotes); err != nil {
		t.Fatal(err)
	}
	got, warns := readAll(t, testCatalogue(t), []string{contas, quotes}, InputOptions{})
	got = strings.ReplaceAll(got, dir+string(filepath.Separator), "")
	for _, want := range []string{
		"key=C2 {ContaIdERP=C2 ContaNome=Matriz}", "key=C3 {ContaIdERP=C3 ContaNome=Matriz}", "key=C4 {ContaIdERP=C4 ContaNome=Outra}",
		"[Sheet1:2,Sheet1:3] key=1/10/1 {codEmp=1 numOct=10 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1} itens{codPro=P2 seqOci=2}}",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %s:\n%s", want, got)
		}
	}
	w := strings.ReplaceAll(strings.Join(warns, "\n"), dir+string(filepath.Separator), "")
	for _, want := range []string{
		"setContaTeste.xlsx [contas]: merged cells (B2:B4): each row of a merged range took its value",
		"GravarTeste.xlsx [Sheet1]: merged cells (A2:A3, B2:B3, C2:C3, D2:D3)",
	} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
}

// TestHiddenColumnsWarned: a column hidden in Excel whose values are read (and would go to
// Senior) is said, naming it and the rows that hold a value there; a hidden column with no
// value, and the shown ones, are not.
func TestHiddenColumnsWarned(t *testing.T) {
	dir := t.TempDir()
	x := excelize.NewFile()
	defer x.Close()
	// The last column of a hidden range is hidden as much as the first (G, of F:G).
	for i, r := range [][]any{{"ContaIdERP", "ContaNome", "# nota", nil, nil, nil, "ContaAniversario"}, {"C1", "interna", "x", nil, nil, nil, "01/01/1980"}, {"C2"}, {"C3", "outra"}} {
		x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r)
	}
	x.SetColVisible("Sheet1", "B:C", false)
	x.SetColVisible("Sheet1", "F:G", false)
	path := filepath.Join(dir, "setContaTeste.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got, warns := readAll(t, testCatalogue(t), []string{path}, InputOptions{})
	if !strings.Contains(got, "key=C1 {ContaAniversario=01/01/1980 ContaIdERP=C1 ContaNome=interna}") {
		t.Errorf("records:\n%s", got)
	}
	w := strings.ReplaceAll(strings.Join(warns, "\n"), dir+string(filepath.Separator), "")
	want := `setContaTeste.xlsx [Sheet1]: column B ("ContaNome") is hidden in Excel, and its values are read like any others (rows 2, 4)`
	if !strings.Contains(w, want) || !strings.Contains(w, `column G ("ContaAniversario") is hidden in Excel`) || strings.Count(w, "hidden in Excel") != 2 {
		t.Errorf("warnings:\n%s\nwant two: %s, and one of column G", w, want)
	}
}

// writeOn appends a row to path every 20 ms until stop is closed, or n rows if n > 0; done is
// closed when it stops.
func writeOn(t *testing.T, path string, n int, stop <-chan struct{}) (done chan struct{}) {
	done = make(chan struct{})
	go func() {
		defer close(done)
		for i := 1; n <= 0 || i <= n; i++ {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Error(err)
				return
			}
			fmt.Fprintf(f, "W%04d;Escrita depois;1\n", i)
			f.Close()
		}
	}()
	return done
}

// TestFileBeingWritten: a nightly run that starts while an export still writes its CSV file
// waits until the file has stopped changing and reads it whole: the rows written after the
// run opened it go too, and the log says it waited. One that never stops changing is not
// imported: every row invalid, saying why, nothing of it sent, exit 1.
func TestFileBeingWritten(t *testing.T) {
	t.Run("written for a while", func(t *testing.T) {
		e := startSim(t, nil, nil)
		dir := t.TempDir()
		first := writeFile(t, dir, "setCategoriaDespesa.csv", "CategoriaDespesaId;CategoriaDespesaDescricao;CategoriaDespesaEmpresaId\nD1;Primeiro;1\n")
		export := categorias(t, dir, 3, 0)
		done := writeOn(t, export, 10, nil) // 200 ms of writing
		cfg := e.settings(dir, first, export)
		cfg.settle = settleTimes{quiet: 300 * time.Millisecond, most: 10 * time.Second}
		var logs strings.Builder
		cfg.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))
		sum, err := Run(context.Background(), cfg)
		<-done
		if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.OK] != 14 {
			t.Fatalf("exit %d, %v, %v; want 14 ok (1 + 3 + 10 written meanwhile)\n%s", sum.ExitCode, sum.Outcomes, err, logs.String())
		}
		if n := len(e.sim.Records("setCategoriaServico")); n != 13 {
			t.Errorf("Senior holds %d of the export's 13 rows", n)
		}
		if !strings.Contains(logs.String(), "o arquivo está sendo gravado") {
			t.Errorf("the log does not say it waited:\n%s", logs.String())
		}
	})
	t.Run("written without end", func(t *testing.T) {
		e := startSim(t, nil, nil)
		dir := t.TempDir()
		first := writeFile(t, dir, "setCategoriaDespesa.csv", "CategoriaDespesaId;CategoriaDespesaDescricao;CategoriaDespesaEmpresaId\nD1;Primeiro;1\n")
		export := categorias(t, dir, 3, 0)
		stop := make(chan struct{})
		done := writeOn(t, export, 0, stop)
		cfg := e.settings(dir, first, export)
		cfg.settle = settleTimes{quiet: 300 * time.Millisecond, most: 600 * time.Millisecond}
		sum, err := Run(context.Background(), cfg)
		close(stop)
		<-done
		if err != nil || sum.ExitCode != outcome.ExitSomeFailed || sum.Outcomes[outcome.OK] != 1 || sum.Outcomes[outcome.Invalid] < 3 {
			t.Fatalf("exit %d, %v, %v; want the first file ok and the export's rows invalid", sum.ExitCode, sum.Outcomes, err)
		}
		if n := len(e.sim.Records("setCategoriaServico")); n != 0 {
			t.Errorf("Senior holds %d rows of a file still being written", n)
		}
		for _, o := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
			if o.File == export && (o.Outcome != outcome.Invalid || !strings.Contains(o.Message, "ainda estava sendo gravado depois de 600ms de espera")) {
				t.Errorf("row %d: %s %q", o.Row, o.Outcome, o.Message)
			}
		}
	})
}

// TestFileChangedWhileRead: an input whose file is not what it was when its rows began to
// be read is named (a problem of its file, exit 1 in a run).
func TestFileChangedWhileRead(t *testing.T) {
	dir := t.TempDir()
	f := categorias(t, dir, 3, 0)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(f, old, old)
	cat, _ := templates.Default()
	ins, err := OpenInputs(context.Background(), cat, []string{f}, InputOptions{Lang: outcome.PT})
	if err != nil {
		t.Fatal(err)
	}
	defer ins[0].Close()
	waited := false
	if still := ins[0].settle(context.Background(), settleTimes{}, func(string) { waited = true }); len(still) > 0 || waited {
		t.Fatalf("a file last written an hour ago: waited %v, still %v", waited, still)
	}
	if got := ins[0].changed(); len(got) != 0 {
		t.Fatalf("changed %v before any change", got)
	}
	os.WriteFile(f, []byte("CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nX;Y;1\n"), 0o644)
	if got := ins[0].changed(); !slices.Equal(got, []string{f}) {
		t.Fatalf("changed %v, want %s", got, f)
	}
}

// TestSetFileChangedWhileRead: a record CSV file's set file beside it is watched as the
// record file is: one written after its reading began (an export of the observations still
// being copied) is named as changed, so that its rows, read only in part, are not taken for
// the whole: the quotes would go with some of their observations, exit 0.
func TestSetFileChangedWhileRead(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "GravarOrcamentos-dez.csv", "tipOpe;codEmp;numOct;verOct;desOct\n1;1;7001;1;Um\n")
	obs := writeFile(t, dir, "GravarOrcamentos-dez.observacoes.csv", "codEmp;numOct;verOct;seqObs;tipObs;obsOct\n1;7001;1;1;M;Ligar antes\n")
	old := time.Now().Add(-time.Hour)
	os.Chtimes(f, old, old)
	os.Chtimes(obs, old, old)
	cat, _ := templates.Default()
	ins, err := OpenInputs(context.Background(), cat, []string{f}, InputOptions{Lang: outcome.PT})
	if err != nil {
		t.Fatal(err)
	}
	defer ins[0].Close()
	if got := ins[0].changed(); len(got) != 0 {
		t.Fatalf("changed %v before any change", got)
	}
	os.WriteFile(obs, []byte("codEmp;numOct;verOct;seqObs;tipObs;obsOct\n1;7001;1;1;M;Ligar antes\n1;7001;1;2;M;Levar escada\n"), 0o644)
	if got := ins[0].changed(); !slices.Equal(got, []string{obs}) {
		t.Fatalf("changed %v, want %s", got, obs)
	}
}

// appendRow adds text at the end of the file at path.
func appendRow(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// TestFileMovedWhileRead: an input moved (an archiving script) or removed once its reading
// began was read whole: it did not change (an operator tester's run of 3,000 rows, every
// one ok, exit 1 "changed while read"); one written while read did, CSV and XLSX alike.
func TestFileMovedWhileRead(t *testing.T) {
	writeXLSX := func(t *testing.T, path string, rows [][]any) string {
		x := excelize.NewFile()
		defer x.Close()
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		if err := x.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cat, _ := templates.Default()
	for _, c := range []struct {
		name    string
		file    func(dir string) string
		during  func(t *testing.T, path string) // at the first record read
		changed bool
	}{
		{"csv moved", func(dir string) string { return categorias(t, dir, 3, 0) }, func(t *testing.T, path string) {
			if err := os.Rename(path, path+".arquivado"); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"csv removed", func(dir string) string { return categorias(t, dir, 3, 0) }, func(t *testing.T, path string) { os.Remove(path) }, false},
		{"utf-16 csv moved", func(dir string) string {
			// Excel's "Unicode Text": read through a UTF-8 copy made whole at open (a reviewer).
			text := "CategoriaServicoId\tCategoriaServicoDescricao\tCategoriaServicoEmpresaId\r\nS1\ta\t1\r\nS2\tb\t1\r\n"
			b := []byte{0xFF, 0xFE}
			for _, u := range utf16.Encode([]rune(text)) {
				b = append(b, byte(u), byte(u>>8))
			}
			p := filepath.Join(dir, "setCategoriaServico.csv")
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, func(t *testing.T, path string) {
			if err := os.Rename(path, path+".arquivado"); err != nil {
				t.Fatal(err)
			}
		}, false},
		// An export written anew and renamed over the input (a tester: its new rows went
		// nowhere, exit 0): named.
		{"csv replaced", func(dir string) string { return categorias(t, dir, 3, 0) }, func(t *testing.T, path string) {
			if err := os.WriteFile(path+".new", []byte("CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nNEW;x;1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(path+".new", path); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"csv written", func(dir string) string { return categorias(t, dir, 3, 0) }, func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(f, "X;Y;1\n")
			f.Close()
		}, true},
		{"csv written, then moved", func(dir string) string { return categorias(t, dir, 3, 0) }, func(t *testing.T, path string) {
			appendRow(t, path, "X;Y;1\n")
			if err := os.Rename(path, path+".arquivado"); err != nil {
				t.Fatal(err)
			}
		}, true},
		// Written with its time put back (a copy that keeps its source's time): its size tells.
		{"csv written, its time kept", func(dir string) string { return categorias(t, dir, 3, 0) }, func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			appendRow(t, path, "X;Y;1\n")
			os.Chtimes(path, fi.ModTime(), fi.ModTime())
		}, true},
		// Written over in place with as many bytes: its time tells.
		{"csv written over, the same size", func(dir string) string { return categorias(t, dir, 3, 0) }, func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("Z")
			f.Close()
		}, true},
		// Replaced by another file of the same size and time (an export copied over it with
		// its time kept): the file itself tells.
		{"csv replaced, the same size and time", func(dir string) string { return categorias(t, dir, 3, 0) }, func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)-2] ^= 1 // another digit, or letter, before the last line's end
			if err := os.WriteFile(path+".new", b, 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(path+".new", fi.ModTime(), fi.ModTime())
			if err := os.Rename(path+".new", path); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"xlsx moved", func(dir string) string {
			return writeXLSX(t, filepath.Join(dir, "setCategoriaServico.xlsx"), [][]any{{"CategoriaServicoId", "CategoriaServicoDescricao", "CategoriaServicoEmpresaId"}, {"S1", "a", 1}, {"S2", "b", 1}})
		}, func(t *testing.T, path string) {
			if err := os.Rename(path, path+".arquivado"); err != nil {
				t.Fatal(err)
			}
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := c.file(t.TempDir())
			old := time.Now().Add(-time.Hour)
			os.Chtimes(path, old, old)
			ins, err := OpenInputs(context.Background(), cat, []string{path}, InputOptions{Lang: outcome.PT})
			if err != nil {
				t.Fatal(err)
			}
			defer ins[0].Close()
			first := true
			if err := ins[0].Records(context.Background(), func(*Record) error {
				if first {
					first = false
					c.during(t, path)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			ins[0].release()
			if got := ins[0].changed(); (len(got) > 0) != c.changed {
				t.Errorf("changed %v, want changed %v", got, c.changed)
			}
		})
	}
}

// TestTypedNumbersAreNoSign: a workbook's number cells hold their value, not the way it was
// written (12.5 is stored with a point whatever the locale): they are no sign of a file written
// the other way. Taken for one, a column of typed prices with one price typed as text, 1.234
// (1234 in pt-BR), had it refused as a number that reads two ways, in a file with no number
// written the other way at all.
func TestTypedNumbersAreNoSign(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	defer x.Close()
	rows := [][]any{
		{"codEmp", "numOct", "verOct", "tipOpe", "itens.seqOci", "itens.codPro", "itens.qtdOci"},
		{1, 1, 1, 1, 1, "P1", 12.5},
		{1, 2, 1, 1, 1, "P1", 3.25},
		{1, 3, 1, 1, 1, "P1", 7.75},
		{1, 4, 1, 1, 1, "P1", "1.234"},
	}
	for i, row := range rows {
		if err := x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "GravarOrcamentos.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got, warns := readAll(t, cat, []string{path}, InputOptions{Values: values.Options{Locale: values.PtBR, Rounding: values.RoundReject}})
	if strings.Contains(got, "itens.qtdOci\"") || len(warns) != 0 {
		t.Errorf("refused or warned:\n%s\n%s", got, strings.Join(warns, "\n"))
	}
	if !strings.Contains(got, "qtdOci=1234") {
		t.Errorf("1.234 not read as 1234:\n%s", got)
	}
}

// TestNumbersTwoWays: in a file that holds more numbers written in the other locale's way
// (refused: 12.50 in pt-BR) than in the run's (12,50), a number that reads two ways (1.234:
// 1234 here, 1.234 there) is refused: all of them when the first rows show it (lookAhead),
// else those after, the ones before said once per file; a file of the run's own numbers, or
// with one typo among them, says nothing. Both locales.
func TestNumbersTwoWays(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { signScan = n }(signScan)
	for _, c := range []struct {
		ahead   int // rows lookAhead reads
		loc     values.Locale
		numbers []string
		refused []string // "row: value"
		warn    string
	}{
		{1000, values.PtBR, []string{"1.234", "12.50", "1.000", "7", "3.5", "12.345", "1,234"},
			[]string{"2: 1.234", "3: 12.50", "4: 1.000", "6: 3.5", "7: 12.345", "8: 1,234"}, ""},
		{1, values.PtBR, []string{"1.234", "12.50", "1.000", "7", "3.5", "12.345", "1,234"},
			[]string{"3: 12.50", "4: 1.000", "6: 3.5", "7: 12.345", "8: 1,234"},
			outcome.EN.TwoWaysRead("", "itens.qtdOci", "pt-BR", "en-US", "itens.qtdOci", 3, "12.50", "2")},
		{1000, values.EnUS, []string{"1,234", "12,50", "1,000", "1.234", "7"},
			[]string{"2: 1,234", "3: 12,50", "4: 1,000", "5: 1.234"}, ""},
		{1, values.EnUS, []string{"1,234", "12,50", "1,000", "1.234", "7"},
			[]string{"3: 12,50", "4: 1,000", "5: 1.234"},
			outcome.EN.TwoWaysRead("", "itens.qtdOci", "en-US", "pt-BR", "itens.qtdOci", 3, "12,50", "2")},
		// A Portuguese file's one typo among its decimals written with a comma: the typo is
		// refused, the file's 1.234 and 1.500 read as written.
		{1000, values.PtBR, []string{"12,50", "1.234", "7,25", "12.5", "1.500", "3,10"}, []string{"5: 12.5"}, ""},
		{1000, values.PtBR, []string{"1.234", "1.000", "1.234,5", "2,5"}, nil, ""},
		{1000, values.PtBR, []string{"12.50", "7"}, []string{"2: 12.50"}, ""},
	} {
		signScan = c.ahead
		body := "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.qtdOci\n"
		for i, n := range c.numbers {
			body += fmt.Sprintf("1;%d;1;1;1;P1;%s\n", i+1, n)
		}
		path := writeFile(t, t.TempDir(), "GravarOrcamentos.csv", body)
		got, warns := readAll(t, cat, []string{path}, InputOptions{Values: values.Options{Locale: c.loc, Rounding: values.RoundReject}})
		var refused []string
		for _, line := range strings.Split(got, "\n") {
			if i := strings.Index(line, `column "itens.qtdOci"`); i >= 0 {
				refused = append(refused, line[i:])
			}
		}
		var want []string
		if c.warn != "" {
			want = []string{path + c.warn}
		}
		if !slices.Equal(warns, want) {
			t.Errorf("%s %v: warnings\n%s\nwant\n%s", c.loc, c.numbers, strings.Join(warns, "\n"), strings.Join(want, "\n"))
		}
		if len(refused) != len(c.refused) {
			t.Errorf("%s %v: refused\n%s\nwant rows %q\n%s", c.loc, c.numbers, strings.Join(refused, "\n"), c.refused, got)
			continue
		}
		for i, r := range c.refused {
			row, value, _ := strings.Cut(r, ": ")
			if !strings.Contains(refused[i], fmt.Sprintf("(G%s), value %q", row, value)) {
				t.Errorf("%s %v: refused %s, want row %s value %s", c.loc, c.numbers, refused[i], row, value)
			}
		}
	}

	// An export writes every number column of a file in its locale: a column of quantities
	// of three decimals (2.500) shows it nowhere, its column of prices (12.50) does.
	signScan = 1000
	body := "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n" +
		"1;1;1;1;1;P1;2.500;12.50\n" +
		"1;2;1;1;1;P1;1.000;7\n" +
		"1;3;1;1;1;P1;3;1.234\n"
	path := writeFile(t, t.TempDir(), "GravarOrcamentos.csv", body)
	got, warns := readAll(t, cat, []string{path}, InputOptions{})
	for _, want := range []string{
		`(G2), value "2.500": ` + outcome.EN.TwoWays(".", "pt-BR", "2500", "en-US", "2,500", "en-US", "itens.vlrUni", 2, "12.50"),
		`(H2), value "12.50": ` + outcome.EN.GroupPoint("12,50"),
		`(G3), value "1.000": ` + outcome.EN.TwoWays(".", "pt-BR", "1000", "en-US", "1,000", "en-US", "itens.vlrUni", 2, "12.50"),
		`(H4), value "1.234": ` + outcome.EN.TwoWays(".", "pt-BR", "1234", "en-US", "1,234", "en-US", "itens.vlrUni", 2, "12.50"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if len(warns) != 0 {
		t.Errorf("warnings\n%s\nwant none: the first row showed the sign", strings.Join(warns, "\n"))
	}

	// Past the rows looked ahead at, the sign's own row: the quantity left of the price is
	// refused with it (the row goes to the re-import file with both), not said in a warning.
	signScan = 1
	path = writeFile(t, t.TempDir(), "GravarOrcamentos.csv", "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n"+
		"1;1;1;1;1;P1;3;7\n1;2;1;1;1;P1;2.500;12.50\n")
	got, warns = readAll(t, cat, []string{path}, InputOptions{})
	if want := `(G3), value "2.500": ` + outcome.EN.TwoWays(".", "pt-BR", "2500", "en-US", "2,500", "en-US", "itens.vlrUni", 3, "12.50"); !strings.Contains(got, want) {
		t.Errorf("no %q in\n%s", want, got)
	}
	if len(warns) != 0 {
		t.Errorf("warnings\n%s\nwant none: the value read two ways went with its row", strings.Join(warns, "\n"))
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestErrorTextInCSV: a CSV file saved from a spreadsheet writes an error cell as its text
// (#N/D, #VALOR!, Err:502), and a date too wide for its column as ####: refused (as the
// workbook's error cell is), in any field, never sent as a code or a description; text that
// merely holds a # is text. LibreOffice in Portuguese writes #N/A as #N/DISP (a PROCV that
// found nothing), which went to Senior as a description.
func TestErrorTextInCSV(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, t.TempDir(), "setCategoriaDespesa.csv", "CategoriaDespesaId;CategoriaDespesaDescricao;CategoriaDespesaEmpresaId\n"+
		"E-1;#N/D;1\nE-2; #VALUE! ;1\n#REF!;Três;1\nE-4;Err:502;1\nE-5;Hashtag #1;1\nE-6;#N/D!;1\nE-7;########;1\nE-8;#;1\nE-9;#N/DISP;1\n")
	got, _ := readAll(t, cat, []string{path}, InputOptions{})
	for _, want := range []string{
		`(B2), value "#N/D": ` + outcome.EN.ErrorCell("#N/D"),
		`(B3), value "#VALUE!": ` + outcome.EN.ErrorCell("#VALUE!"),
		`(A4), value "#REF!": ` + outcome.EN.ErrorCell("#REF!"),
		`(B5), value "Err:502": ` + outcome.EN.ErrorCell("Err:502"),
		"CategoriaDespesaDescricao=Hashtag #1",
		"CategoriaDespesaDescricao=#N/D!",
		`(B8), value "########": ` + outcome.EN.NarrowColumn(),
		"CategoriaDespesaDescricao=# ",
		`(B10), value "#N/DISP": ` + outcome.EN.ErrorCell("#N/DISP"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if n := strings.Count(got, "INVALID"); n != 6 {
		t.Errorf("%d records invalid, want 6:\n%s", n, got)
	}
}

// TestCellsAsShown: a workbook's cells go as the sheet shows them. A code in a format that
// shows its zeros (000000, Excel's CEP, CPF and CNPJ formats) went as the bare number (1 for
// 000001, a CEP refused as one whose zeros Excel dropped); a time cell in a text field went as
// 30/12/1899; a number cell in a time field went as 00:00 (930) and a date cell as 00:00.
// Times with seconds go as HH:MM, and a warning names their rows.
func TestCellsAsShown(t *testing.T) {
	dir := t.TempDir()
	book := func(name string, rows [][]any, formats map[string]string) string {
		x := excelize.NewFile()
		defer x.Close()
		sh := x.GetSheetName(0)
		for i, row := range rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if err := x.SetCellValue(sh, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for cell, code := range formats {
			style, err := x.NewStyle(&excelize.Style{CustomNumFmt: &code})
			if err != nil {
				t.Fatal(err)
			}
			if err := x.SetCellStyle(sh, cell, cell, style); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, name)
		if err := x.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	contas := book("setContas-zeros.xlsx", [][]any{
		{"ContaIdERP", "ContaRazaoSocial", "ContaCnpj", "ContaCpf", "ContaCep"},
		{"Z1", "Zeros", 1234567000195, 1234567890, 1310100},
	}, map[string]string{"C2": `00\.000\.000\/0000\-00`, "D2": `000\.000\.000\-00`, "E2": `00000\-000`})
	quotes := book("GravarOrcamentos-zeros.xlsx", [][]any{
		{"tipOpe", "codEmp", "numOct", "verOct", "itens.seqOci", "itens.codPro", "itens.codDer"},
		{1, 1, 950, 1, 1, 1, 7},
		{1, 1, 950, 1, 2, 1234567, 7},
	}, map[string]string{"F2": "000000", "G2": "000", "F3": "000000", "G3": "000"})
	agenda := book("setCompromissos-hora.xlsx", [][]any{
		{"CompromissosId", "CompromissosData", "CompromissosHoraInicio", "CompromissosDuracao"},
		{"H1", 46387, 930, "01:30"},
		{"H2", 46387, 0.395833333333333, "01:30"},
		{"H3", 46387, 46387, "01:30"},
		{"H4", 46387, 0.396342592592593, 0.0625},
		{"H5", 46387, 0.396342592592593, 1.5},
	}, map[string]string{"B2": "dd/mm/yyyy", "B3": "dd/mm/yyyy", "B4": "dd/mm/yyyy", "B5": "dd/mm/yyyy", "B6": "dd/mm/yyyy",
		"D5": "hh:mm", "D6": "[h]:mm", "C4": "dd/mm/yyyy", "C5": "hh:mm:ss", "C6": "hh:mm"})

	ins, err := OpenInputs(context.Background(), mustCatalogue(t), []string{contas, quotes, agenda}, InputOptions{Lang: outcome.EN})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range ins {
		defer in.Close()
		if err := in.Records(context.Background(), func(r *Record) error {
			for _, probs := range r.Problems {
				for _, p := range probs {
					got = append(got, fmt.Sprintf("%s %s: %s", r.Key, p.Field, p.Reason))
				}
			}
			if len(r.Problems) == 0 && r.Wire != nil {
				v := r.Wire.Values
				switch r.Port.Name {
				case "setContas":
					got = append(got, fmt.Sprintf("%s %s %s %s", r.Key, v["ContaCnpj"], v["ContaCpf"], v["ContaCep"]))
				case "setCompromissos":
					got = append(got, fmt.Sprintf("%s %s %s %s", r.Key, v["CompromissosData"], v["CompromissosHoraInicio"], v["CompromissosDuracao"]))
				default:
					for _, it := range r.Wire.Sets["itens"] {
						got = append(got, fmt.Sprintf("%s %s %s", r.Key, it.Values["codPro"], it.Values["codDer"]))
					}
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got = append(got, in.Warnings...)
	}
	want := []string{
		"Z1 01.234.567/0001-95 012.345.678-90 01310-100",
		"1/950/1 000001 007",
		"1/950/1 1234567 007",
		"H1 CompromissosHoraInicio: is not a time of day (write HH:MM)",
		"H2 CompromissosHoraInicio: is a number, not a time: the cell is formatted as a number (as a time it would be 09:30); format it as a time, or write HH:MM",
		"H3 CompromissosHoraInicio: the cell shows 31/12/2026, not a time of day: this column takes the time alone (HH:MM)",
		"H4 31/12/2026 09:30 01:30",
		"H5 31/12/2026 09:30 36:00",
		agenda + ` [Sheet1]: column "CompromissosHoraInicio" has times with seconds (row 5); Senior keeps hours and minutes, and they go without the seconds (09:30:45 as 09:30)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTotalOfARepeatedRecordColumn: a SUM under a record's own money column in a sheet whose
// item rows repeat it adds the record's value once per row. It matches the sum read counted
// so, and is said to (per_row), where it was "não confere com a soma lida" though every
// value was right; a total matching neither way still does not match.
func TestTotalOfARepeatedRecordColumn(t *testing.T) {
	const rows = "tipOpe;codEmp;numOct;verOct;vlrBru;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n" +
		"1;1;7;1;1.234,50;1;P1;2;10,25\n" +
		"1;1;7;1;1.234,50;2;P2;1;5\n" +
		"1;1;8;1;100;1;P3;3;1\n"
	for _, c := range []struct {
		total, want string
	}{
		{"2.569,00", "read 1334.50, total E5 2569.00 matches per row"},
		{"1.334,50", "read 1334.50, total E5 1334.50 matches"},
		{"2.000,00", "read 1334.50, total E5 2000.00 does not match"},
	} {
		f := writeFile(t, t.TempDir(), "GravarOrcamentos.csv", rows+"Total;;;;"+c.total+";;;6;16,25\n")
		sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{f}, Quiet: true, Input: InputOptions{Lang: outcome.PT}})
		if err != nil {
			t.Fatal(err)
		}
		got := "no vlrBru"
		for _, r := range sum.Reconciliation {
			for _, col := range r.Columns {
				if col.Field != "vlrBru" || col.Total == nil {
					continue
				}
				got = fmt.Sprintf("read %s, total %s %s", col.Read, col.Total.Cell, col.Total.Value)
				switch {
				case col.Total.PerRow && col.Total.Matches:
					got += " matches per row"
				case col.Total.PerRow:
					got += " per row without matching"
				case col.Total.Matches:
					got += " matches"
				default:
					got += " does not match"
				}
			}
		}
		if got != c.want {
			t.Errorf("total %s: %s, want %s", c.total, got, c.want)
		}
	}
}

// TestSetSheetUnderAnotherName: a workbook whose set has no sheet of its name while another
// sheet holds its columns ("Itens (2)", Excel's name for a copied sheet; "Plan2") is refused
// whole, naming the sheet and the name to give it: the quotes validated and went to Senior
// without their items, and the items were in no report. A copy beside the set's own sheet is
// said a copy, not "ignored" (TestSetRowsBesideTheirSheet), and a sheet of other columns is
// only ignored, with a warning, as before. The refused sheet's
// rows (the sample's 12 items, 3 observations) are reported too, one line each, with the
// refusal: they were in no report at all.
func TestSetSheetUnderAnotherName(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(*excelize.File) error
		refused string // the message every row gets; "": not refused
		ignored string // the warning's sheet
		sheet   string // the sheet refused, and its rows
		rows    int
	}{
		{"items renamed as Excel names a copy", func(x *excelize.File) error { return x.SetSheetName("itens", "Itens (2)") },
			`a planilha "Itens (2)" tem as colunas de itens, e a pasta de trabalho não tem planilha chamada itens: as linhas de itens são lidas só de uma planilha com esse nome, e sem ela os registros iriam sem elas. Renomeie a planilha para itens (ou oculte-a, se as linhas dela não forem para importar)`, "", "Itens (2)", 12},
		{"observations left as Plan2", func(x *excelize.File) error { return x.SetSheetName("observacoes", "Plan2") },
			`a planilha "Plan2" tem as colunas de observacoes, e a pasta de trabalho não tem planilha chamada observacoes`, "", "Plan2", 3},
		{name: "a copy beside the items' sheet", edit: copyItems},
		// The old items' sheet hidden and a copy of it shown: the workbook has a sheet itens,
		// hidden (said), and the copy cannot take its name.
		{"the items' sheet hidden, its copy shown", func(x *excelize.File) error {
			if err := copyItems(x); err != nil {
				return err
			}
			return x.SetSheetVisible("itens", false)
		}, `a planilha "Itens (2)" tem as colunas de itens, e a planilha itens da pasta de trabalho está oculta: `, "", "Itens (2)", 12},
		// A list of one field's codes (the complementary values' types) where that set has no
		// sheet: one column, even the set's key, is no set's sheet.
		{"a list of codTvc, no valoresComplementares sheet", func(x *excelize.File) error {
			if err := x.DeleteSheet("valoresComplementares"); err != nil {
				return err
			}
			if _, err := x.NewSheet("tipos"); err != nil {
				return err
			}
			for i, v := range []string{"codTvc", "01", "02"} {
				if err := x.SetCellStr("tipos", fmt.Sprintf("A%d", i+1), v); err != nil {
					return err
				}
			}
			return nil
		}, "", "tipos", "", 0},
		// A copy of the quotes' sheet where the observations have none: it names the
		// observations' parent keys, not their own key (seqObs), and is no sheet of theirs.
		{"a copy of the quotes, no observacoes sheet", func(x *excelize.File) error {
			if err := x.DeleteSheet("observacoes"); err != nil {
				return err
			}
			from, err := x.GetSheetIndex("orcamento")
			if err != nil {
				return err
			}
			to, err := x.NewSheet("orcamento (2)")
			if err != nil {
				return err
			}
			return x.CopySheet(from, to)
		}, "", "orcamento (2)", "", 0},
		{"a sheet of notes", func(x *excelize.File) error {
			if _, err := x.NewSheet("notas"); err != nil {
				return err
			}
			return x.SetSheetRow("notas", "A1", &[]any{"conferido por", "Ana"})
		}, "", "notas", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, f := editedSample(t, c.edit)
			sum := validateOnly(t, dir, f)
			lines := readJSONL(t, filepath.Join(dir, "r.jsonl"))
			refused := 0
			for _, l := range lines {
				if c.refused != "" && strings.HasPrefix(l.Message, f+": "+c.refused) && l.Outcome == outcome.Invalid {
					refused++
				}
			}
			if n := len(slices.DeleteFunc(slices.Clone(lines), func(l outcome.Line) bool { return l.Sheet != c.sheet })); c.sheet != "" && n != c.rows {
				t.Errorf("%d lines of sheet %q, want %d", n, c.sheet, c.rows)
			}
			if c.refused != "" && (refused != len(lines) || sum.Outcomes[outcome.Valid] != 0) {
				t.Errorf("%d of %d rows refused so, outcomes %v; want every row invalid with %q", refused, len(lines), sum.Outcomes, c.refused)
			}
			if c.refused == "" && sum.Outcomes[outcome.Valid] == 0 {
				t.Errorf("outcomes %v: want the sample's valid rows valid", sum.Outcomes)
			}
			warned := warnedOf(sum, fmt.Sprintf("planilha %q ignorada", c.ignored))
			if warned != (c.ignored != "") {
				t.Errorf("warnings %v; want one that %q is ignored: %v", sum.Warnings, c.ignored, c.ignored != "")
			}
			// A sheet refused as the set's is not also said ignored.
			if c.refused != "" && warnedOf(sum, "ignorada") {
				t.Errorf("warnings %v; want none that a sheet is ignored", sum.Warnings)
			}
		})
	}
}

// editedSample is the sample quotes workbook with edit made to it, saved under its name in a
// new folder.
func editedSample(t *testing.T, edit func(*excelize.File) error) (dir, file string) {
	t.Helper()
	x, err := excelize.OpenFile(filepath.Join("..", "samples", "GravarOrcamentos-nov.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := edit(x); err != nil {
		t.Fatal(err)
	}
	return saveBook(t, x, "GravarOrcamentos-nov.xlsx")
}

// saveBook saves x as name in a new folder.
func saveBook(t *testing.T, x *excelize.File, name string) (dir, file string) {
	t.Helper()
	dir = t.TempDir()
	file = filepath.Join(dir, name)
	if err := x.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

// TestSetSheetUnderAnotherNameWithSheet: with --sheet naming the records' sheet only, a set's
// sheet under another name ("Plan2", the observations) refuses the workbook as without it:
// with --sheet, the sheets not named were not looked at, and the quotes went to Senior without
// their observations, valid. A sheet not named that is no set's (notes) is still neither read
// nor said.
func TestSetSheetUnderAnotherNameWithSheet(t *testing.T) {
	for _, c := range []struct {
		name    string
		edit    func(*excelize.File) error
		refused bool
	}{
		{"observations left as Plan2", func(x *excelize.File) error { return x.SetSheetName("observacoes", "Plan2") }, true},
		{"no observations, a sheet of notes", func(x *excelize.File) error {
			if err := x.DeleteSheet("observacoes"); err != nil {
				return err
			}
			if _, err := x.NewSheet("notas"); err != nil {
				return err
			}
			return x.SetSheetRow("notas", "A1", &[]any{"conferido por", "Ana"})
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, f := editedSample(t, c.edit)
			s := Settings{Validate: true, Files: []string{f}, Quiet: true, Reports: []string{filepath.Join(dir, "r.jsonl")},
				Input: InputOptions{Sheets: []string{"orcamento"}}}
			sum, err := Run(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			want := outcome.PT.SetSheetMisnamed(f, "Plan2", "observacoes", false)
			refused := 0
			lines := readJSONL(t, filepath.Join(dir, "r.jsonl"))
			for _, l := range lines {
				if l.Outcome == outcome.Invalid && strings.HasPrefix(l.Message, want) {
					refused++
				}
			}
			if c.refused && (refused != len(lines) || sum.Outcomes[outcome.Valid] != 0) {
				t.Errorf("%d of %d rows refused, outcomes %v; want every row invalid with %q", refused, len(lines), sum.Outcomes, want)
			}
			if !c.refused && (refused != 0 || sum.Outcomes[outcome.Valid] == 0 || len(sum.Warnings) > 1) {
				t.Errorf("outcomes %v, warnings %v: want the sample's valid rows valid, notas not said", sum.Outcomes, sum.Warnings)
			}
		})
	}
}

// TestStraySheetBesideSetColumns: a set whose rows come as dotted columns of the records' sheet
// (observacoes.seqObs) has them: a sheet of its columns beside (an old observations' sheet,
// "Plan2") is only ignored, with a warning, not taken for the set's sheet under another name.
func TestStraySheetBesideSetColumns(t *testing.T) {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", "orcamento"); err != nil {
		t.Fatal(err)
	}
	for i, row := range [][]any{{"tipOpe", "codEmp", "numOct", "verOct", "desOct", "observacoes.seqObs", "observacoes.obsOct"},
		{1, 1, 7001, 1, "Um", 1, "Ligar antes"}, {1, 1, 7002, 1, "Dois", 1, "Levar escada"}} {
		if err := x.SetSheetRow("orcamento", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := x.NewSheet("Plan2"); err != nil {
		t.Fatal(err)
	}
	for i, row := range [][]any{{"codEmp", "numOct", "verOct", "seqObs", "obsOct"}, {1, 6001, 1, 1, "antiga"}} {
		if err := x.SetSheetRow("Plan2", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	dir, f := saveBook(t, x, "GravarOrcamentos-dez.xlsx")
	sum := validateOnly(t, dir, f)
	if sum.Outcomes[outcome.Valid] != 2 || !warnedOf(sum, `planilha "Plan2" ignorada`) {
		t.Errorf("outcomes %v, warnings %v; want both quotes valid and Plan2 ignored", sum.Outcomes, sum.Warnings)
	}
}

// TestSetSheetUnderAnotherNameReimport: a workbook refused for its items' sheet under another
// name ("Itens (2)") got a re-import file of its quote rows, without that sheet (its rows
// were read as no set's). Dropped back as it is, as the README says of corrigir files, its
// quotes had no items' sheet and no count column, and the valid ones went to Senior bare:
// the loss the refusal is there to stop. The re-import file's quote sheet counts the set
// ("#linhas em itens", its cells empty: how many is not known), so that it comes back
// refused until an items' sheet comes with it. Now it holds the "Itens (2)" sheet and its
// rows too (they are reported with the refusal): dropped back as it is, it is refused again
// for that sheet's name, its items kept; with that sheet deleted, for the count.
func TestSetSheetUnderAnotherNameReimport(t *testing.T) {
	x, err := excelize.OpenFile(filepath.Join("..", "samples", "GravarOrcamentos-nov.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetSheetName("itens", "Itens (2)"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "GravarOrcamentos-nov.xlsx")
	if err := x.SaveAs(f); err != nil {
		t.Fatal(err)
	}
	fix := filepath.Join(dir, "corrigir")
	s := Settings{Validate: true, Files: []string{f}, Quiet: true, Reimport: fix}
	if _, err := Run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	back := filepath.Join(fix, "GravarOrcamentos-nov.xlsx")
	s = Settings{Validate: true, Files: []string{back}, Quiet: true, Reports: []string{filepath.Join(dir, "r.jsonl")}}
	sum, err := Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	for _, l := range readJSONL(t, filepath.Join(dir, "r.jsonl")) {
		if !strings.HasPrefix(l.Message, outcome.PT.SetSheetMisnamed(back, "Itens (2)", "itens", false)) {
			t.Errorf("%s row %d: %q, want the sheet's name refused again", l.Sheet, l.Row, l.Message)
		}
		if l.Sheet == "Itens (2)" {
			items++
		}
	}
	if n := sum.Outcomes[outcome.Valid]; n != 0 || items != 12 {
		t.Errorf("the re-import file dropped back: %d rows valid (outcomes %v), %d of the 12 items", n, sum.Outcomes, items)
	}
	// The user deletes the sheet instead of renaming it: the count column refuses its quotes.
	x, err = excelize.OpenFile(back)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.DeleteSheet("Itens (2)"); err != nil {
		t.Fatal(err)
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	if sum, err = Run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if n := sum.Outcomes[outcome.Valid]; n != 0 {
		t.Errorf("the re-import file dropped back: %d rows valid, their quotes without items (outcomes %v)", n, sum.Outcomes)
	}
	missing := 0
	for _, l := range readJSONL(t, filepath.Join(dir, "r.jsonl")) {
		if strings.Contains(l.Message, outcome.PT.SetRowsMissing(back, "itens", false, false)) {
			missing++
		}
	}
	if missing == 0 {
		t.Errorf("no row says the quote came back without its items' sheet")
	}
}

// TestHiddenRecordSheetSaid: a workbook whose records' sheet is hidden and a copy of it shown
// ("orcamento (2)", the old one hidden after the copy was made) reads the copy's rows; the
// hidden sheet's are not read and go to no report, so a warning names it: without it the
// user had no word that the rows of "orcamento" never went.
func TestHiddenRecordSheetSaid(t *testing.T) {
	x, err := excelize.OpenFile(filepath.Join("..", "samples", "GravarOrcamentos-nov.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	from, err := x.GetSheetIndex("orcamento")
	if err != nil {
		t.Fatal(err)
	}
	to, err := x.NewSheet("orcamento (2)")
	if err != nil {
		t.Fatal(err)
	}
	if err := x.CopySheet(from, to); err != nil {
		t.Fatal(err)
	}
	x.SetActiveSheet(to) // Excel hides no active sheet
	if err := x.SetSheetVisible("orcamento", false); err != nil {
		t.Fatal(err)
	}
	dir, f := saveBook(t, x, "GravarOrcamentos-nov.xlsx")
	sum := validateOnly(t, dir, f)
	if !warnedOf(sum, outcome.PT.HiddenRecordSheetIgnored("orcamento")) {
		t.Errorf("warnings %v; want one that the hidden sheet orcamento is not read", sum.Warnings)
	}
	if sum.Outcomes[outcome.Valid] == 0 {
		t.Errorf("outcomes %v: want the copy's rows read", sum.Outcomes)
	}
}

// TestHiddenCRMRecordSheetSaid: a CRM workbook whose sheet named after the port (setContas)
// is hidden, its records read from the first visible sheet, says so as a G5 workbook's hidden
// "orcamento" does: the hidden sheet's rows go to no report, and its check found only a
// sheet named after a record set, which a CRM port has none of (p.Record is ""), so the
// contas in it were left out without a word.
func TestHiddenCRMRecordSheetSaid(t *testing.T) {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", "Plan1"); err != nil {
		t.Fatal(err)
	}
	for sheet, rows := range map[string][][]any{
		"Plan1":     {{"ContaIdERP", "ContaRazaoSocial"}, {"C0009", "Nova Ltda"}},
		"setContas": {{"ContaIdERP", "ContaRazaoSocial"}, {"C0001", "Velha Ltda"}},
	} {
		if _, err := x.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			if err := x.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := x.SetSheetVisible("setContas", false); err != nil {
		t.Fatal(err)
	}
	dir, f := saveBook(t, x, "setContas.xlsx")
	sum := validateOnly(t, dir, f)
	if !warnedOf(sum, outcome.PT.HiddenRecordSheetIgnored("setContas")) {
		t.Errorf("warnings %v; want one that the hidden sheet setContas is not read", sum.Warnings)
	}
	if lines := readJSONL(t, filepath.Join(dir, "r.jsonl")); len(lines) != 1 || lines[0].Key != "C0009" || lines[0].Sheet != "Plan1" {
		t.Errorf("report %+v; want the one conta of Plan1", lines)
	}
}

// TestRecordSheetByItsName: the records are read from the sheet named after the port's record
// (orcamento) wherever it is among the sheets; a sheet of notes before it is ignored, with a
// warning. Taken as the records' sheet, the first sheet refused the file for lack of columns
// and the quotes were in no report.
func TestRecordSheetByItsName(t *testing.T) {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", "notas"); err != nil {
		t.Fatal(err)
	}
	if err := x.SetSheetRow("notas", "A1", &[]any{"conferido por", "Ana"}); err != nil {
		t.Fatal(err)
	}
	if _, err := x.NewSheet("orcamento"); err != nil {
		t.Fatal(err)
	}
	for i, row := range [][]any{{"tipOpe", "codEmp", "numOct", "verOct", "desOct"}, {1, 1, 7001, 1, "Um"}, {1, 1, 7002, 1, "Dois"}} {
		if err := x.SetSheetRow("orcamento", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	f := filepath.Join(t.TempDir(), "GravarOrcamentos-dez.xlsx")
	if err := x.SaveAs(f); err != nil {
		t.Fatal(err)
	}
	code, lines := validate(t, "", InputOptions{}, f)
	want := []string{"GravarOrcamentos-dez.xlsx|orcamento|2|valid|", "GravarOrcamentos-dez.xlsx|orcamento|3|valid|"}
	if code != outcome.ExitOK || !slices.Equal(lines, want) {
		t.Errorf("exit %d, lines:\n%s\nwant:\n%s", code, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestHeaderAtRow30: the header is looked for among the first 30 rows, the 30th too: an export
// with 29 lines of title and notes above its header is read (the records' file, and a set's
// sheet under another name found as such). One row fewer looked at, the file was refused for
// lacking every column, and the misnamed sheet went unseen, its records sent without it.
func TestHeaderAtRow30(t *testing.T) {
	body := ""
	for i := 1; i <= 29; i++ {
		body += fmt.Sprintf("Relatório de orçamentos, linha %d\n", i)
	}
	body += "tipOpe;codEmp;numOct;verOct;desOct\n1;1;7001;1;Um\n1;1;7002;1;Dois\n"
	f := writeFile(t, t.TempDir(), "GravarOrcamentos-dez.csv", body)
	code, lines := validate(t, "", InputOptions{}, f)
	want := []string{"GravarOrcamentos-dez.csv||31|valid|", "GravarOrcamentos-dez.csv||32|valid|"}
	if code != outcome.ExitOK || !slices.Equal(lines, want) {
		t.Errorf("exit %d, lines:\n%s\nwant:\n%s", code, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	x, err := excelize.OpenFile(filepath.Join("..", "samples", "GravarOrcamentos-nov.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetSheetName("observacoes", "Plan2"); err != nil {
		t.Fatal(err)
	}
	// The sample's observations' header is on row 1: 29 rows of notes put above it.
	if err := x.InsertRows("Plan2", 1, 29); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 29; i++ {
		if err := x.SetCellStr("Plan2", fmt.Sprintf("A%d", i), fmt.Sprintf("nota %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	wb := filepath.Join(t.TempDir(), "GravarOrcamentos-nov.xlsx")
	if err := x.SaveAs(wb); err != nil {
		t.Fatal(err)
	}
	_, lines = validate(t, "", InputOptions{}, wb)
	for _, l := range lines {
		if !strings.Contains(l, `|invalid|`) || !strings.Contains(l, `a planilha "Plan2" tem as colunas de observacoes`) {
			t.Errorf("%s\nwant every row refused for Plan2, the observations' sheet under another name", l)
			break
		}
	}
}

// copyItems copies a quotes workbook's itens sheet as Excel names a copy, "Itens (2)".
func copyItems(x *excelize.File) error {
	from, err := x.GetSheetIndex("itens")
	if err != nil {
		return err
	}
	to, err := x.NewSheet("Itens (2)")
	if err != nil {
		return err
	}
	return x.CopySheet(from, to)
}

// TestSetRowsBesideTheirSheet: a quotes workbook with its items' sheet and, beside it, another
// sheet of items ("Itens dezembro", the rows of another quote) read the items' sheet alone:
// the other sheet's items were in no report, their quote went to Senior without them, exit 0,
// a warning saying only that the sheet is named after no set. The workbook is now refused as
// one with two sheets of records is, every row invalid saying so, the other sheet's rows
// reported too, naming (when some of its rows are copies) a row that is not. A sheet whose
// every row repeats one of the items' (a copy to check them) is not read, and a warning says
// it is a copy. Against the simulator: nothing of a refused workbook is sent.
func TestSetRowsBesideTheirSheet(t *testing.T) {
	head := []any{"codEmp", "numOct", "verOct", "seqOci", "codPro", "qtdOci"}
	cases := []struct {
		name   string
		other  [][]any // the rows of "Itens dezembro" under head
		lines  string  // sheet:row|outcome of every report line
		differ int     // the row named as not a copy; 0: none named
		copied bool
	}{
		{"another quote's items", [][]any{{1, 7002, 1, 1, "P2", 3}},
			"Itens dezembro:2|invalid itens:2|invalid orcamento:2|invalid orcamento:3|invalid", 0, false},
		{"a copy and one item more", [][]any{{1, 7001, 1, 1, "P1", 2}, {1, 7002, 1, 1, "P2", 3}},
			"Itens dezembro:2|invalid Itens dezembro:3|invalid itens:2|invalid orcamento:2|invalid orcamento:3|invalid", 3, false},
		{"the same item of another quote", [][]any{{1, 7002, 1, 1, "P1", 2}},
			"Itens dezembro:2|invalid itens:2|invalid orcamento:2|invalid orcamento:3|invalid", 0, false},
		{"a copy", [][]any{{1, 7001, 1, 1, "P1", 2}},
			"itens:2|ok orcamento:2|ok orcamento:3|ok", 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			sheets := []bookSheet{
				{name: "orcamento", rows: [][]any{{"codEmp", "numOct", "verOct", "tipOpe", "desOct"}, {1, 7001, 1, "1 - Incluir", "Mesas"}, {1, 7002, 1, "1 - Incluir", "Cadeiras"}}},
				{name: "itens", rows: [][]any{head, {1, 7001, 1, 1, "P1", 2}}},
				{name: "Itens dezembro", rows: append([][]any{head}, c.other...)},
			}
			dir := t.TempDir()
			f := filepath.Join(dir, "GravarOrcamentos-dez.xlsx")
			writeBook(t, f, sheets)
			sum, err := Run(context.Background(), e.settings(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			want := outcome.PT.SetSheetTwice(f, "itens", "Itens dezembro", "itens", c.differ)
			var lines []string
			for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
				lines = append(lines, fmt.Sprintf("%s:%d|%s", l.Sheet, l.Row, l.Outcome))
				if l.Outcome == outcome.Invalid && !strings.Contains(l.Message, want) {
					t.Errorf("%s row %d: %q, want %q", l.Sheet, l.Row, l.Message, want)
				}
			}
			slices.Sort(lines)
			if got := strings.Join(lines, " "); got != c.lines {
				t.Errorf("report lines %s\nwant %s", got, c.lines)
			}
			if n := len(e.sim.Records("GravarOrcamentos")); c.copied != (n == 2) || !c.copied && n != 0 {
				t.Errorf("%d quotes stored", n)
			}
			said := warnedOf(sum, outcome.PT.RecordSheetCopy("Itens dezembro", "itens"))
			ignored := warnedOf(sum, "ignorada")
			if said != c.copied || ignored {
				t.Errorf("warnings %v; want the copy said: %v, no sheet said ignored", sum.Warnings, c.copied)
			}
		})
	}
}

// TestSetFileUnderAnotherName: beside a record CSV file, its set's file named with a dash
// (GravarOrcamentos-dez-observacoes.csv for GravarOrcamentos-dez.observacoes.csv) refuses the
// record file, naming the name to give it: its quotes validated and went without their
// observations, the file itself refused on its own or never read. Another file beside it
// (another month's quotes) changes nothing.
func TestSetFileUnderAnotherName(t *testing.T) {
	quotes := "tipOpe;codEmp;numOct;verOct;desOct\n1;1;7001;1;Um\n1;1;7002;1;Dois\n"
	obs := "codEmp;numOct;verOct;seqObs;tipObs;obsOct\n1;7001;1;1;M;Ligar antes\n"
	for _, c := range []struct {
		name, other string
		refused     bool
	}{
		{"dash", "GravarOrcamentos-dez-observacoes.csv", true},
		{"space, capitals", "GravarOrcamentos-dez Observacoes.csv", true},
		{"its own name", "GravarOrcamentos-dez.observacoes.csv", false},
		{"another month's quotes", "GravarOrcamentos-nov.csv", false},
		// Extensions compare as the names do, without regard to case (Windows writes .CSV);
		// a workbook of that name is no set file of a CSV record file.
		{"dash, extension in capitals", "GravarOrcamentos-dez-observacoes.CSV", true},
		{"a workbook of that name", "GravarOrcamentos-dez-observacoes.xlsx", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			f := writeFile(t, dir, "GravarOrcamentos-dez.csv", quotes)
			body := obs
			if c.name == "another month's quotes" {
				body = quotes
			}
			writeFile(t, dir, c.other, body)
			_, lines := validate(t, "", InputOptions{}, f)
			want := f + ": " + filepath.Join(dir, c.other) + ", ao lado dele, parece ser o arquivo de observacoes dele, que só é lido com o nome GravarOrcamentos-dez.observacoes.csv: " +
				"sem ele os registros iriam sem as linhas de observacoes. Renomeie-o para GravarOrcamentos-dez.observacoes.csv e importe os dois de novo"
			refused, quoteRows := 0, 0
			for _, l := range lines {
				if strings.HasPrefix(l, "GravarOrcamentos-dez.csv|") {
					quoteRows++
				}
				if strings.HasSuffix(l, "|invalid|"+want) {
					refused++
				}
			}
			if c.refused && refused != 2 || !c.refused && refused != 0 || quoteRows != 2 {
				t.Errorf("lines:\n%s\nwant both refused: %v", strings.Join(lines, "\n"), c.refused)
			}
		})
	}
}

// TestStraySheetDamaged: a workbook with no sheet of a set and a stray sheet that cannot be
// read (it may be the set's) is refused, saying which sheet is damaged, once: not the whole
// run stopped (exit 2) for a sheet that was never read before, nor the records sent bare.
func TestStraySheetDamaged(t *testing.T) {
	x, err := excelize.OpenFile(filepath.Join("..", "samples", "GravarOrcamentos-nov.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetSheetName("observacoes", "Plan2"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.xlsx")
	if err := x.SaveAs(whole); err != nil {
		t.Fatal(err)
	}
	part := fmt.Sprintf("xl/worksheets/sheet%d.xml", mustIndex(t, x, "Plan2")+1)
	f := filepath.Join(dir, "GravarOrcamentos-nov.xlsx")
	damaged := rewritePart(t, whole, part, func(b []byte) []byte {
		return bytes.Replace(b, []byte("<sheetData>"), []byte("<sheetData><row r=\"2\"><c r=\"A2\"><v>1</v></c><<"), 1)
	})
	if err := os.WriteFile(f, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	code, lines := validate(t, "", InputOptions{}, f)
	if code != outcome.ExitSomeFailed || len(lines) == 0 {
		t.Fatalf("exit %d, %d lines; want 1 and every row refused", code, len(lines))
	}
	for _, l := range lines {
		if !strings.Contains(l, "|invalid|") || strings.Count(l, "GravarOrcamentos-nov.xlsx [Plan2]: ") != 1 {
			t.Errorf("%s\nwant invalid, naming the damaged sheet Plan2 once", l)
		}
	}
	// Refused for it, the sheet is not also said ignored.
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{f}, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	if warnedOf(sum, `"Plan2" ignorada`) {
		t.Errorf("warnings %v; want none that Plan2 is ignored", sum.Warnings)
	}
}

// TestDamagedRowsAheadRefuseFirst: a workbook whose sheet breaks off within the rows looked
// ahead at (the thousand first, see lookAhead) is refused before any row goes: read row by row,
// its 43 quotes above the damage went (sent, in a run) before the file broke off.
func TestDamagedRowsAheadRefuseFirst(t *testing.T) {
	x := excelize.NewFile()
	defer x.Close()
	rows := [][]any{{"tipOpe", "codEmp", "numOct", "verOct", "desOct", "vlrBru"}}
	for i := 1; i <= 60; i++ {
		rows = append(rows, []any{1, 1, 7000 + i, 1, "Orçamento", "12,50"})
	}
	for i, r := range rows {
		if err := x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.xlsx")
	if err := x.SaveAs(whole); err != nil {
		t.Fatal(err)
	}
	// Row 45, past the rows a header is looked for in: a cell given twice.
	f := filepath.Join(dir, "GravarOrcamentos-dez.xlsx")
	damaged := rewritePart(t, whole, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		// (the row's own attributes left on an element of no meaning, <x ...>: a stray "<<"
		// there is damage of its own, refused before the cell, TestXMLTagNameRefused)
		return bytes.Replace(b, []byte(`<row r="45"`), []byte(`<row r="45"><c r="A45"><v>1</v></c><x`), 1)
	})
	if err := os.WriteFile(f, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	s := Settings{Validate: true, Files: []string{f}, Quiet: true, Reports: []string{filepath.Join(dir, "r.jsonl")}}
	_, err := Run(context.Background(), s)
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "A45") {
		t.Errorf("Run: %v; want the file refused, naming the damaged cell", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "r.jsonl")); len(b) > 0 {
		t.Errorf("rows read before the damage:\n%s", b)
	}
}

// validateOnly checks file f without sending (--validate), its report r.jsonl in dir; a run
// that ends in an error is fatal.
func validateOnly(t *testing.T, dir, f string) outcome.Summary {
	t.Helper()
	s := Settings{Validate: true, Files: []string{f}, Quiet: true, Reports: []string{filepath.Join(dir, "r.jsonl")}}
	sum, err := Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// warnedOf tells whether one of the run's warnings says text.
func warnedOf(sum outcome.Summary, text string) bool {
	return slices.ContainsFunc(sum.Warnings, func(w outcome.FileProblem) bool { return strings.Contains(w.Message, text) })
}

func mustIndex(t *testing.T, x *excelize.File, sheet string) int {
	t.Helper()
	for i, n := range x.GetSheetList() {
		if n == sheet {
			return i
		}
	}
	t.Fatalf("no sheet %q", sheet)
	return -1
}

// TestSetFileUnderAnotherNameReimport: a record CSV file refused for its set's file under
// another name (GravarOrcamentos-dez-observacoes.csv) gets a re-import file that counts that
// set ("#linhas em observacoes", its cells empty), as a workbook's does
// (TestSetSheetUnderAnotherNameReimport): dropped back alone, as the README says of corrigir
// files, its quotes would otherwise have no file of the set and go to Senior bare.
func TestSetFileUnderAnotherNameReimport(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "GravarOrcamentos-dez.csv", "tipOpe;codEmp;numOct;verOct;desOct\n1;1;7001;1;Um\n1;1;7002;1;Dois\n")
	writeFile(t, dir, "GravarOrcamentos-dez-observacoes.csv", "codEmp;numOct;verOct;seqObs;tipObs;obsOct\n1;7001;1;1;M;Ligar antes\n")
	fix := filepath.Join(dir, "corrigir")
	s := Settings{Validate: true, Files: []string{f}, Quiet: true, Reimport: fix}
	if _, err := Run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	back := filepath.Join(fix, "GravarOrcamentos-dez.csv")
	code, lines := validate(t, "", InputOptions{}, back)
	missing := 0
	for _, l := range lines {
		if strings.Contains(l, "|valid|") {
			t.Errorf("%s\nthe re-import file dropped back alone: a quote valid without its observations", l)
		}
		if strings.Contains(l, `|invalid|coluna "#linhas em observacoes"`) && strings.Contains(l, "sem as suas linhas em observacoes") {
			missing++
		}
	}
	if code != outcome.ExitSomeFailed || len(lines) != 2 || missing != 2 {
		t.Errorf("exit %d, lines:\n%s\nwant both quotes refused for want of their observations' file", code, strings.Join(lines, "\n"))
	}
}
