package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"seniorimporter/outcome"
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

// TestHelpSheetsNeverWarned: a template's help sheets ("Leia-me" first, "#ajuda" last) are
// neither taken for the record sheet nor warned about; another stray sheet still is.
func TestHelpSheetsNeverWarned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "setContaTeste.xlsx")
	writeBook(t, path, []bookSheet{
		{name: "Leia-me", rows: [][]any{{"Como preencher"}, {"campo", "descrição"}, {"ContaIdERP", "código da conta"}}},
		{name: "contas", rows: [][]any{{"ContaIdERP", "ContaNome"}, {"A1", "Ana"}}},
		{name: "#ajuda", rows: [][]any{{"sheet", "field"}, {"contas", "ContaIdERP"}}},
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

// TestHugeHeaderMessageIsCapped (12.8): a header of 20,000 columns that name no field gives a
// message of a few lines, not one naming them all.
func TestHugeHeaderMessageIsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("CategoriaServicoId")
	for i := range 20000 {
		fmt.Fprintf(&b, ";coluna sem nome %d", i)
	}
	b.WriteString("\nS1\n")
	f := writeFile(t, t.TempDir(), "setCategoriaServico.csv", b.String())
	code, lines := validate(t, "", InputOptions{}, f)
	if code != outcome.ExitSomeFailed || len(lines) != 1 {
		t.Fatalf("exit %d, lines %d; want 1 and one line", code, len(lines))
	}
	want := `coluna "coluna sem nome 4": nenhum campo tem esse nome; +19.995 mais (uma coluna que é só anotação`
	if !strings.Contains(lines[0], want) || len(lines[0]) > 1000 {
		t.Errorf("message of %d bytes, want under 1,000 and %q:\n%.2000s", len(lines[0]), want, lines[0])
	}
}
