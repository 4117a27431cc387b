package writers

import (
	"encoding/csv"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"seniorimporter/outcome"

	"github.com/xuri/excelize/v2"
)

// A row refused for a field left empty (a required field, a record's key) names only the
// field (pipeline/tree.go gives the problem its Field, no Column nor Cell): the re-import
// workbook still fills red, with the reason in its note, the empty cell of the column that
// names the field, as the importer reads headers; and only that.
func TestReimportEmptyFieldCells(t *testing.T) {
	required := func(field string) outcome.Problem {
		return outcome.Problem{Field: field, Reason: outcome.PT.Required(field)}
	}
	for _, c := range []struct {
		name    string
		sheet   string
		header  []string
		cells   []outcome.Cell
		problem outcome.Problem
		red     []string // the cells filled red, each with the reason as its note
		motivo  string
	}{
		{
			name: "required field empty", sheet: "orcamento",
			header: []string{"tipOpe", "codEmp", "numOct", "desOct"}, cells: texts("", "1", "1008", "Painel"),
			problem: required("tipOpe"), red: []string{"A2"},
			motivo: `coluna "tipOpe" (A2): campo obrigatório tipOpe vazio`,
		},
		{
			name: "the row ends before the column", sheet: "orcamento",
			header: []string{"codEmp", "numOct", "tipOpe"}, cells: texts("1", "1008"),
			problem: required("tipOpe"), red: []string{"C2"},
			motivo: `coluna "tipOpe" (C2): campo obrigatório tipOpe vazio`,
		},
		{
			name: "a header written otherwise (case, accents, spaces)", sheet: "orcamento",
			header: []string{"codEmp", "Tip Opê"}, cells: texts("1", " "),
			problem: required("tipOpe"), red: []string{"B2"},
			motivo: `coluna "Tip Opê" (B2): campo obrigatório tipOpe vazio`,
		},
		{
			name: "a set's field on the set's own sheet", sheet: "itens",
			header: []string{"codEmp", "numOct", "codPro", "qtdOci"}, cells: texts("1", "1008", "", "2"),
			problem: required("itens.codPro"), red: []string{"C2"},
			motivo: `coluna "codPro" (C2): campo obrigatório itens.codPro vazio`,
		},
		{
			// A note column's dot ("#obs.") makes no dotted sheet: the set's field is still
			// found by its bare name.
			name: "a set's field on its own sheet with a note column", sheet: "itens",
			header: []string{"#obs. interna", "numOct", "codPro"}, cells: texts("ver", "1008", ""),
			problem: required("itens.codPro"), red: []string{"C2"},
			motivo: `coluna "codPro" (C2): campo obrigatório itens.codPro vazio`,
		},
		{
			// A problem of a value is not one of a field left empty: the field's empty cell
			// in this row is not it (the value came from elsewhere).
			name: "a problem of a value that names no column", sheet: "orcamento",
			header: []string{"codEmp", "tipOpe"}, cells: texts("1", ""),
			problem: outcome.Problem{Field: "tipOpe", Value: "Z", Reason: "não é I, A nem E"},
			motivo:  `valor "Z": não é I, A nem E`,
		},
		{
			name: "a set's field by its dotted header", sheet: "",
			header: []string{"numOct", "codPro", "itens.codPro"}, cells: texts("1008", "", ""),
			problem: required("itens.codPro"), red: []string{"C2"},
			motivo: `coluna "itens.codPro" (C2): campo obrigatório itens.codPro vazio`,
		},
		{
			name: "a dotted sheet: no set field by its bare name", sheet: "",
			header: []string{"numOct", "codPro", "itens.qtdOci"}, cells: texts("1008", "", "2"),
			problem: required("itens.codPro"),
			motivo:  "campo obrigatório itens.codPro vazio",
		},
		{
			name: "a record without its key: every empty key cell", sheet: "orcamento",
			header: []string{"codEmp", "numOct", "verOct", "desOct"}, cells: texts("", "", "1", "Painel"),
			problem: outcome.Problem{Field: "codEmp,numOct", Reason: outcome.PT.NoKey("codEmp, numOct")},
			red:     []string{"A2", "B2"},
			motivo:  "registro sem chave: codEmp, numOct vazio",
		},
		{
			name: "no column names the field", sheet: "orcamento",
			header: []string{"codEmp", "numOct"}, cells: texts("1", "1008"),
			problem: required("tipOpe"),
			motivo:  "campo obrigatório tipOpe vazio",
		},
		{
			name: "no column names the field, the first cell empty", sheet: "orcamento",
			header: []string{"desOct", "numOct"}, cells: texts("", "1008"),
			problem: required("tipOpe"),
			motivo:  "campo obrigatório tipOpe vazio",
		},
		{
			name: "the column so named holds a value: not the field's", sheet: "orcamento",
			header: []string{"codEmp", "tipOpe"}, cells: texts("1", "I"),
			problem: required("tipOpe"),
			motivo:  "campo obrigatório tipOpe vazio",
		},
		{
			name: "a problem that names its column, not its cell", sheet: "orcamento",
			header: []string{"codEmp", "numOct", "desOct"}, cells: texts("1", "1008", "Painel"),
			problem: outcome.Problem{Field: "desOct", Column: "desOct", Reason: "passa de 3 caracteres"},
			red:     []string{"C2"},
			motivo:  `coluna "desOct" (C2): passa de 3 caracteres`,
		},
		{
			name: "a problem of the first column, by its name", sheet: "orcamento",
			header: []string{"tipOpe", "codEmp"}, cells: texts("X", "1"),
			problem: outcome.Problem{Field: "tipOpe", Column: "tipOpe", Reason: "não é I, A nem E"},
			red:     []string{"A2"},
			motivo:  `coluna "tipOpe" (A2): não é I, A nem E`,
		},
		{
			name: "a problem of the first column, by its cell", sheet: "orcamento",
			header: []string{"tipOpe", "codEmp"}, cells: texts("X", "1"),
			problem: outcome.Problem{Field: "tipOpe", Cell: "A12", Reason: "não é I, A nem E"},
			red:     []string{"A2"},
			motivo:  "não é I, A nem E",
		},
		{
			// Not a field left empty (that names no column): nothing to guess by the field.
			name: "a problem of a column the sheet lacks", sheet: "orcamento",
			header: []string{"codEmp", "tipOpe"}, cells: texts("1", ""),
			problem: outcome.Problem{Field: "tipOpe", Column: "Operação", Reason: "coluna de outra planilha"},
			motivo:  `coluna "Operação": coluna de outra planilha`,
		},
		{
			name: "a problem of the record, not of a field", sheet: "orcamento",
			header: []string{"codEmp", "numOct"}, cells: texts("", ""),
			problem: outcome.Problem{Reason: "Orçamento 1/1008/1 repetido"},
			motivo:  "Orçamento 1/1008/1 repetido",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			file := "in/GravarOrcamentos-nov.xlsx"
			w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: file, Sheet: c.sheet, Header: c.header}}})
			if err != nil {
				t.Fatal(err)
			}
			l := &outcome.Line{File: file, Sheet: c.sheet, Row: 12, Port: "GravarOrcamentos", Outcome: outcome.Invalid, Header: c.header, Cells: c.cells,
				Problems: []outcome.Problem{c.problem}, Message: outcome.PT.Problems([]outcome.Problem{c.problem})}
			if err := w.Write(l); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(nil); err != nil {
				t.Fatal(err)
			}
			f := openBook(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx"))
			sheet := f.GetSheetList()[0]
			rows, _ := f.GetRows(sheet)
			if len(rows) != 2 || len(rows[1]) < len(c.header)+2 {
				t.Fatalf("rows %q", rows)
			}
			if got := rows[1][len(c.header)]; got != c.motivo {
				t.Errorf("#motivo %q, want %q", got, c.motivo)
			}
			comments, err := f.GetComments(sheet)
			if err != nil {
				t.Fatal(err)
			}
			notes := map[string]string{}
			for _, n := range comments {
				notes[n.Cell] = n.Text
				if n.Text == "" && len(n.Paragraph) > 0 {
					notes[n.Cell] = n.Paragraph[0].Text
				}
			}
			if got := slices.Sorted(maps.Keys(notes)); !slices.Equal(got, c.red) {
				t.Errorf("notes on %q, want %q", got, c.red)
			}
			// Excel opens a workbook's notes only by their part's content type: one for a sheet
			// of a single note too.
			if ct := zipPart(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx"), "[Content_Types].xml"); strings.Contains(ct, "/xl/comments1.xml") != (len(c.red) > 0) {
				t.Errorf("%d notes; content types %s", len(c.red), ct)
			}
			// And the sheet names a drawing of notes only when it has some (Excel repairs a
			// file whose sheet names one it lacks).
			if drawn := strings.Contains(sheetXML(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx"), 1), "<legacyDrawing"); drawn != (len(c.red) > 0) {
				t.Errorf("%d notes; the sheet names a drawing of notes: %v", len(c.red), drawn)
			}
			for _, cell := range c.red {
				if notes[cell] != c.problem.Reason {
					t.Errorf("note %s %q, want %q", cell, notes[cell], c.problem.Reason)
				}
			}
			for j := range c.header {
				cell := string(appendColumn(nil, j)) + "2"
				want := ""
				if slices.Contains(c.red, cell) {
					want = badFill
				}
				if got := fillOf(t, f, sheet, cell); got != want {
					t.Errorf("%s (%s) fill %q, want %q", cell, strings.TrimSpace(c.header[j]), got, want)
				}
			}
		})
	}
}

// TestReimportStaleFiles: an input of this run with no row to fix now leaves no re-import
// file, and the one an earlier run left for it goes (the folder held a night before's rows
// that had all gone since); one of an input not in this run stays, and so does the file an
// input with rows to fix writes.
func TestReimportStaleFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"setCategoriaServico.csv", "GravarOrcamentos-nov.xlsx", "GravarOrcamentos-dez.xlsx", "setContas.csv", "setCategoriaDespesa.csv", "setCategoriaServico-parcial.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("old rows\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	head := []string{"CategoriaDespesaId", "CategoriaDespesaDescricao"}
	w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{
		{File: "in/setCategoriaServico.csv", Header: []string{"CategoriaServicoId"}},
		{File: "in/GravarOrcamentos-nov.xlsx", Sheet: "orcamento", Header: []string{"numOct"}},
		{File: "in/GravarOrcamentos-nov.xlsx", Sheet: "itens", Header: []string{"codPro"}},
		{File: "in/GravarOrcamentos-dez.xlsm", Sheet: "orcamento", Header: []string{"numOct"}}, // its re-import file is a .xlsx
		{File: "in/setCategoriaDespesa.csv", Header: head},
		{File: "in/setCategoriaServico-parcial.csv", Header: []string{"CategoriaServicoId"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Read whole: all but setCategoriaServico-parcial.csv, which broke off (its earlier file
	// may hold rows past the break, never read: a reviewer).
	w.(interface{ ReadWhole(...string) }).ReadWhole("in/setCategoriaServico.csv", "in/GravarOrcamentos-nov.xlsx", "in/GravarOrcamentos-dez.xlsm", "in/setCategoriaDespesa.csv")
	line := &outcome.Line{File: "in/setCategoriaDespesa.csv", Row: 2, Header: head, Outcome: outcome.Invalid, Message: "x",
		Cells: []outcome.Cell{{Text: "D1"}, {Text: "a"}}}
	if err := w.Write(line); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"setCategoriaServico.csv": false, "GravarOrcamentos-nov.xlsx": false, "GravarOrcamentos-dez.xlsx": false, "setContas.csv": true, "setCategoriaDespesa.csv": true, "setCategoriaServico-parcial.csv": true} {
		_, err := os.Stat(filepath.Join(dir, name))
		if (err == nil) != want {
			t.Errorf("%s: present %v, want %v", name, err == nil, want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "setCategoriaDespesa.csv")); strings.Contains(string(b), "old rows") {
		t.Errorf("setCategoriaDespesa.csv is the earlier run's: %q", b)
	}

	// One input alone (a night's one file), fixed: its earlier file goes too.
	if err := os.WriteFile(filepath.Join(dir, "setContas.csv"), []byte("old rows\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// setContasFixed is a run of setContas.csv alone, read whole, every row fixed.
	setContasFixed := func() {
		w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: "in/setContas.csv", Header: []string{"ContaIdERP"}}}})
		if err != nil {
			t.Fatal(err)
		}
		w.(interface{ ReadWhole(...string) }).ReadWhole("in/setContas.csv")
		if err := w.Close(nil); err != nil {
			t.Fatal(err)
		}
	}
	setContasFixed()
	if _, err := os.Stat(filepath.Join(dir, "setContas.csv")); err == nil {
		t.Errorf("the one input's earlier re-import file is still there")
	}

	// The earlier file a link (a folder kept in step by links): the link goes, what it
	// pointed to stays.
	target := filepath.Join(t.TempDir(), "setContas.csv")
	if err := os.WriteFile(target, []byte("old rows\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "setContas.csv")); err == nil {
		setContasFixed()
		if _, err := os.Lstat(filepath.Join(dir, "setContas.csv")); err == nil {
			t.Errorf("the one input's earlier re-import link is still there")
		}
		if _, err := os.Stat(target); err != nil {
			t.Errorf("the file the link pointed to: %v", err)
		}
	}

	// An input of the same name that was not read whole keeps the file (a/x.csv went whole,
	// b/x.csv came empty: x.csv may hold b's rows to fix; a reviewer).
	if err := os.WriteFile(filepath.Join(dir, "setCompromissos.csv"), []byte("old rows\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err = OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{
		{File: "a/setCompromissos.csv", Header: []string{"CompromissosId"}}, {File: "b/setCompromissos.csv", Header: []string{"CompromissosId"}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.(interface{ ReadWhole(...string) }).ReadWhole("a/setCompromissos.csv")
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "setCompromissos.csv")); err != nil {
		t.Errorf("another input of the name, not read whole, lost its file: %v", err)
	}

	// A validation sent nothing: the rows Senior refused in an earlier run may still be
	// wrong, and their file stays (a tester's validate removed it).
	if err := os.WriteFile(filepath.Join(dir, "setContas.csv"), []byte("old rows\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err = OpenReimport(dir, Options{Lang: outcome.PT, Validated: true, Sources: []SourceInfo{{File: "in/setContas.csv", Header: []string{"ContaIdERP"}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.(interface{ ReadWhole(...string) }).ReadWhole("in/setContas.csv")
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "setContas.csv")); err != nil {
		t.Errorf("validate removed an earlier run's file: %v", err)
	}
}

// TestReimportSameBaseName: two inputs of one name in different folders each get their own
// re-import file (the second numbered), each with its rows: one file for both kept only the
// rows of the input written last.
func TestReimportSameBaseName(t *testing.T) {
	dir := t.TempDir()
	head := []string{"ContaIdERP", "ContaNome"}
	w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: "a/setContas.csv", Header: head}, {File: "b/setContas.csv", Header: head}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"a/setContas.csv", "b/setContas.csv"} {
		l := &outcome.Line{File: f, Row: 2, Header: head, Outcome: outcome.Invalid, Message: "x", Cells: texts("C1", "conta de "+f)}
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"setContas.csv": "conta de a/setContas.csv", "setContas-2.csv": "conta de b/setContas.csv"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s: %q, %v; want the row %q", name, b, err, want)
		}
	}
}

// TestReimportSheetsInInputOrder: a corrigir workbook's sheets are in the input's order,
// whichever sheet's rows to fix came first (a quote's items are often refused before it).
func TestReimportSheetsInInputOrder(t *testing.T) {
	dir := t.TempDir()
	file := "in/GravarOrcamentos-nov.xlsx"
	sheets := []string{"orcamento", "itens", "impostos"}
	var srcs []SourceInfo
	for _, s := range sheets {
		srcs = append(srcs, SourceInfo{File: file, Sheet: s, Header: []string{"numOct"}})
	}
	w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: srcs})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"impostos", "itens", "orcamento"} {
		l := &outcome.Line{File: file, Sheet: s, Row: 2, Header: []string{"numOct"}, Outcome: outcome.Rejected, Message: "x", Cells: texts("1008")}
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	if got := openBook(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx")).GetSheetList(); !slices.Equal(got, sheets) {
		t.Errorf("sheets %q, want %q", got, sheets)
	}
}

// TestReimportCloseFails: a re-import file that could not be put in place is an error of
// Close (the run says so), not a silent folder without the rows to fix: here the folder went
// while the run wrote it (a CSV's rows were in it; a workbook's are written at Close, into
// the folder made again, unless a file took its place).
func TestReimportCloseFails(t *testing.T) {
	for i, name := range []string{"in/setContas.csv", "in/setContas.xlsx", "in/setContas.xlsx"} {
		blocked := i == 2
		dir := filepath.Join(t.TempDir(), "corrigir")
		head := []string{"ContaIdERP"}
		w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: name, Header: head}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&outcome.Line{File: name, Row: 2, Header: head, Outcome: outcome.Rejected, Message: "x", Cells: texts("C1")}); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".xlsx") && blocked {
			// A file where the folder was: the workbook cannot be put in place either.
			if err := os.WriteFile(dir, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		err = w.Close(nil)
		if _, serr := os.Stat(filepath.Join(dir, filepath.Base(name))); (err == nil) != (serr == nil) || blocked && err == nil {
			t.Errorf("%s: Close %v, the re-import file %v", name, err, serr)
		}
	}
}

// TestReimportMacroWorkbook: an .xlsm input's rows to fix go in an .xlsx (the workbook
// written has no macros: Excel refuses an .xlsm without them).
func TestReimportMacroWorkbook(t *testing.T) {
	dir := t.TempDir()
	head := []string{"numOct"}
	w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: "in/GravarOrcamentos.xlsm", Sheet: "orcamento", Header: head}}})
	if err != nil {
		t.Fatal(err)
	}
	l := &outcome.Line{File: "in/GravarOrcamentos.xlsm", Sheet: "orcamento", Row: 2, Header: head, Outcome: outcome.Rejected, Message: "x", Cells: texts("1008")}
	writeLines(t, w, []*outcome.Line{l}, nil)
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "GravarOrcamentos.xlsx" {
		t.Errorf("corrigir holds %v, want GravarOrcamentos.xlsx", ents)
	}
}

// TestReimportRowsNamedAsOriginal: a re-import file numbers its rows anew, so a reason that
// names another row by its number (a repeated item, the date that showed the file month
// first, an earlier row of the key not imported) names it as the input's row, as the rows at
// fault are: "já na linha 8" in a file of four rows sent the user looking for a row that is
// not there. A value in quotes is the user's and stays as it was; Senior's words too.
func TestReimportRowsNamedAsOriginal(t *testing.T) {
	header := []string{"codEmp", "numOct", "seqOci", "datOci"}
	for _, c := range []struct {
		name    string
		kind    outcome.Kind
		problem *outcome.Problem // nil: the line's message alone
		message string
		motivo  string
	}{
		{
			name: "a repeated child", kind: outcome.Invalid,
			problem: &outcome.Problem{Field: "itens", Reason: outcome.PT.DuplicateChild("itens", "1", 8)},
			motivo:  "itens com chave 1 repetida (já na linha original 8)",
		},
		{
			name: "a parent column that differs", kind: outcome.Invalid,
			problem: &outcome.Problem{Field: "itens.desOct", Value: "linha 2", Reason: outcome.PT.ParentDiffers(3, "Painel da linha 3")},
			motivo:  `valor "linha 2": difere da linha original 3 do mesmo registro ("Painel da linha 3"): as colunas do registro pai devem se repetir iguais`,
		},
		{
			name: "a date read two ways, the file month first", kind: outcome.Invalid,
			problem: &outcome.Problem{Field: "itens.datOci", Column: "datOci", Cell: "D9", Value: "05/06/2026",
				Reason: outcome.PT.DateTwoWays("2026-06-05", "2026-05-06", "datOci", 7, "12/21/2026")},
			motivo: `coluna "datOci" (D2), valor "05/06/2026": lê-se de dois jeitos, com o dia primeiro (2026-06-05) ou com o mês primeiro (2026-05-06), e o arquivo tem datas escritas com o mês primeiro (coluna "datOci", linha original 7: 12/21/2026): escreva-a de um jeito só (2026-06-05 ou 2026-05-06), ou exporte as datas do arquivo como DD/MM/AAAA`,
		},
		{
			name: "held back behind an earlier row of its key", kind: outcome.NotSent,
			message: outcome.PT.HeldBack("5"),
			motivo:  "não enviado: a linha original 5, da mesma chave e anterior a esta, não foi importada (falhou, ou não se sabe se chegou): enviado agora, iria fora de ordem; importar o arquivo de novo envia as duas em ordem",
		},
		{
			// A record held for a set's rows of no record names them with their rows, two
			// here: "linhas 3, 4" sent the user to rows of the re-import file that are others.
			name: "rows of no record, several", kind: outcome.Invalid,
			problem: &outcome.Problem{Reason: outcome.PT.SetRowsOrphaned("itens", "in/GravarOrcamentos-nov.itens.csv",
				outcome.PT.FirstOf([]string{outcome.PT.OrphanRows("1/9020/1", outcome.PT.RowList([]int{3, 4}, 2)), outcome.PT.OrphanRows("1/7/1", outcome.PT.RowList([]int{6}, 1))}, 2), "#linhas em itens")},
			motivo: "este registro está sem linhas em itens, e in/GravarOrcamentos-nov.itens.csv tem linhas que não são de nenhum registro do arquivo: " +
				"chave 1/9020/1 (linhas originais 3, 4), chave 1/7/1 (linha original 6). Podem ser as dele, com a chave digitada errada nelas, e por isso ele não foi enviado: " +
				"corrija a chave nessas linhas, ou apague-as; para enviá-lo sem itens de propósito, escreva 0 na célula dele da coluna #linhas em itens (crie a coluna se não houver)",
		},
		{
			name: "Senior's words are Senior's", kind: outcome.Rejected,
			message: "Erro na linha 2 do item: produto inexistente",
			motivo:  "Erro na linha 2 do item: produto inexistente",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			file := "in/GravarOrcamentos-nov.csv"
			w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: file, Header: header}}})
			if err != nil {
				t.Fatal(err)
			}
			l := &outcome.Line{File: file, Row: 9, Port: "GravarOrcamentos", Outcome: c.kind, Header: header, Cells: texts("1", "1008", "1", "05/06/2026"), Message: c.message}
			if c.problem != nil {
				l.Problems = []outcome.Problem{*c.problem}
				l.Message = outcome.PT.Problems(l.Problems)
			}
			if err := w.Write(l); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(nil); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(dir, "GravarOrcamentos-nov.csv"))
			if err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
			r.Comma = ';'
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || len(rows[1]) != len(header)+2 {
				t.Fatalf("rows %q", rows)
			}
			if got := rows[1][len(header)]; got != c.motivo {
				t.Errorf("#motivo\n%s\nwant\n%s", got, c.motivo)
			}
		})
	}
}

// loDefaultFields splits a CSV file as LibreOffice's Text Import does unless told otherwise:
// comma, semicolon and tab all separators (its configuration's default, ",;\t"), quotes kept
// as quotes. The file's fields hold no line breaks.
func loDefaultFields(t *testing.T, b []byte) [][]string {
	t.Helper()
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(string(b), "\ufeff"), "\r\n"), "\r\n") {
		var row []string
		var f strings.Builder
		quoted := false
		for i := 0; i < len(line); i++ {
			switch c := line[i]; {
			case c == '"' && quoted && i+1 < len(line) && line[i+1] == '"':
				f.WriteByte('"')
				i++
			case c == '"':
				quoted = !quoted
			case !quoted && strings.IndexByte(",;\t", c) >= 0:
				row = append(row, f.String())
				f.Reset()
			default:
				f.WriteByte(c)
			}
		}
		rows = append(rows, append(row, f.String()))
	}
	return rows
}

// TestReimportCSVOpensInLibreOffice: a corrigir CSV file keeps each value in its column when
// LibreOffice opens it with its default separators (comma, semicolon and tab): an unquoted
// 1234,56 or "Peças, parafusos" was split in two there, each later field moved a column
// right, and the file saved back and dropped again sent vlrBru 1234 and vlrDsc 56. Fields
// with a comma (or a tab) are quoted; the report CSV is written the same way.
func TestReimportCSVOpensInLibreOffice(t *testing.T) {
	header := []string{"tipOpe", "codEmp", "numOct", "verOct", "desOct", "vlrBru", "vlrDsc"}
	cells := []string{"1", "1", "9601", "1", "Peças, parafusos\tcaixa", "1234,56", ""}
	dir := t.TempDir()
	file := "in/GravarOrcamentos-virg.csv"
	w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: file, Header: header}}})
	if err != nil {
		t.Fatal(err)
	}
	l := &outcome.Line{File: file, Row: 2, Port: "GravarOrcamentos", Outcome: outcome.Invalid, Header: header, Cells: texts(cells...),
		Problems: []outcome.Problem{{Field: "codCli", Column: "codCli", Cell: "H2", Value: "x", Reason: "não é um número"}}}
	l.Message = outcome.PT.Problems(l.Problems)
	writeLines(t, w, []*outcome.Line{l}, nil)
	path := filepath.Join(dir, "GravarOrcamentos-virg.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := loDefaultFields(t, b)
	if len(rows) != 2 || len(rows[1]) != len(header)+2 || !slices.Equal(rows[1][:len(cells)], cells) {
		t.Errorf("as LibreOffice opens it: %q\nfile:\n%s", rows, b)
	}
	// Encoding/csv reads it as before (the importer's reader is another, tested with it).
	read := func(name string, b []byte) {
		t.Helper()
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
		r.Comma = ';'
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil || len(recs) != 2 || len(recs[1]) < len(cells) || !slices.Equal(recs[1][:len(cells)], cells) {
			t.Errorf("%s, read as ; CSV: %q %v\n%s", name, recs, err, b)
		}
	}
	read("as written", b)
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: the file opened with its default separators and saved is not tried")
	}
	out := t.TempDir()
	// Opened as LibreOffice opens a CSV file by default (comma, semicolon and tab), saved with ";".
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+t.TempDir(), "--headless", "--infilter=CSV:44/59/9,34,76,1,,1046",
		"--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,1046", "--outdir", out, path)
	cmd.Env = append(os.Environ(), "LC_ALL=pt_BR.UTF-8", "LANG=pt_BR.UTF-8") // its numbers written as a Brazilian's
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	saved, err := os.ReadFile(filepath.Join(out, "GravarOrcamentos-virg.csv"))
	if err != nil {
		t.Fatal(err)
	}
	read("saved by LibreOffice", saved)
}

// TestReimportCountsSetRows: a record sheet whose records have sets in sheets or files of
// their own gets, after #motivo and #linha original, one "#linhas em SET" column holding the
// record's rows of that set, on the record's own row (a child's row on the record sheet has
// none): a workbook saved as CSV keeps only the sheet on screen, and the importer tells the
// quotes that came back without their items by it (pipeline checkSetRows). A sheet of a set,
// and a record sheet without sets in sheets of their own, get no such column.
func TestReimportCountsSetRows(t *testing.T) {
	srcs := []SourceInfo{
		{File: "in/GravarOrcamentos-dez.csv", Header: []string{"tipOpe", "codEmp", "numOct", "verOct", "#nota"}, Sets: []string{"itens", "observacoes"}},
		{File: "in/GravarOrcamentos-dez.itens.csv", Header: []string{"codEmp", "numOct", "seqOci", "vlrUni"}},
		{File: "in/GravarOrcamentos-nov.xlsx", Sheet: "orcamento", Header: []string{"tipOpe", "codEmp", "numOct", "verOct", "itens.seqOci"}, Sets: []string{"observacoes"}},
		{File: "in/setcontas.csv", Header: []string{"ContaIdERP", "ContaRazaoSocial"}},
	}
	dir := filepath.Join(t.TempDir(), "corrigir")
	w, err := OpenReimport(dir, Options{Sources: srcs})
	if err != nil {
		t.Fatal(err)
	}
	atFault := outcome.PT.RowAtFault([]string{"GravarOrcamentos-dez.itens.csv 3"})
	bad := []outcome.Problem{{Field: "itens.vlrUni", Column: "vlrUni", Cell: "D3", Value: "12.50", Reason: "não é um número"}}
	lines := []*outcome.Line{
		{File: srcs[0].File, Row: 2, Key: "1/20/1", Outcome: outcome.Invalid, Header: srcs[0].Header, Cells: texts("1", "1", "20", "1", "conferir"), Message: atFault,
			SetRows: []outcome.SetRows{{Set: "itens", Rows: 2}, {Set: "observacoes", Rows: 0}}},
		{File: srcs[1].File, Row: 2, Key: "1/20/1", Outcome: outcome.Invalid, Header: srcs[1].Header, Cells: texts("1", "20", "1", "10"), Message: atFault},
		{File: srcs[1].File, Row: 3, Key: "1/20/1", Outcome: outcome.Invalid, Header: srcs[1].Header, Cells: texts("1", "20", "2", "12.50"), Problems: bad, Message: outcome.PT.Problems(bad)},
		// Sent and refused: its items' rows come back with it.
		{File: srcs[0].File, Row: 3, Key: "1/21/1", Outcome: outcome.Rejected, Header: srcs[0].Header, Cells: texts("1", "1", "21", "1", ""), Message: "Produto P9 não cadastrado",
			SetRows: []outcome.SetRows{{Set: "itens", Rows: 1}, {Set: "observacoes", Rows: 3}}},
		{File: srcs[1].File, Row: 4, Key: "1/21/1", Outcome: outcome.Rejected, Header: srcs[1].Header, Cells: texts("1", "21", "1", "9"), Message: "Produto P9 não cadastrado"},
		// A workbook: the count a number, on the record's first row only.
		{File: srcs[2].File, Sheet: "orcamento", Row: 5, Key: "1/30/1", Outcome: outcome.Failed, Header: srcs[2].Header, Cells: texts("1", "1", "30", "1", "1"), Message: "sem resposta",
			SetRows: []outcome.SetRows{{Set: "observacoes", Rows: 4}}},
		{File: srcs[2].File, Sheet: "orcamento", Row: 6, Key: "1/30/1", Outcome: outcome.Failed, Header: srcs[2].Header, Cells: texts("1", "1", "30", "1", "2"), Message: "sem resposta"},
		// Refused for its count (it came back without its observacoes): the count's cell is
		// the one at fault, red with the reason, named where it now sits.
		{File: srcs[2].File, Sheet: "orcamento", Row: 7, Key: "1/31/1", Outcome: outcome.Invalid, Header: srcs[2].Header, Cells: texts("1", "1", "31", "1", ""),
			Problems: []outcome.Problem{{Column: "#linhas em observacoes", Cell: "I7", Value: "2", Reason: "nenhuma chegou"}}, SetRows: []outcome.SetRows{{Set: "observacoes", Rows: 2}}},
		{File: srcs[3].File, Row: 2, Key: "C1", Outcome: outcome.Rejected, Header: srcs[3].Header, Cells: texts("C1", "Ação"), Message: "Cidade não encontrada"},
	}
	for _, l := range lines {
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, name := range []string{"GravarOrcamentos-dez.csv", "GravarOrcamentos-dez.itens.csv", "setcontas.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		all = append(append(append(all, "== "+name+"\n"...), b...), '\n')
	}
	golden(t, "reimport-setrows.csv", all)

	f := openBook(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx"))
	rows, err := f.GetRows("orcamento")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "tipOpe,codEmp,numOct,verOct,itens.seqOci,#motivo,#linha original,#linhas em observacoes" {
		t.Errorf("header %s", got)
	}
	if len(rows) != 4 || len(rows[1]) != 8 || rows[1][7] != "4" || len(rows[2]) > 7 || rows[3][7] != "2" {
		t.Fatalf("rows %q: want the count 4 on the record's first row only, 2 on the next record's", rows)
	}
	// The record's other rows have no count: no cell, not a number cell with no number.
	if x := sheetXML(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx"), 1); strings.Contains(x, "<v></v>") {
		t.Errorf("a number cell with no number: %s", x)
	}
	if typ, _ := f.GetCellType("orcamento", "H2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("H2 is %v, want a number", typ)
	}
	if want := `coluna "#linhas em observacoes" (H4), valor "2": nenhuma chegou`; rows[3][5] != want {
		t.Errorf("#motivo %q, want %q", rows[3][5], want)
	}
	if fillOf(t, f, "orcamento", "H4") == "" || fillOf(t, f, "orcamento", "H2") != "" {
		t.Errorf("fills H2 %q, H4 %q: want only the count at fault red", fillOf(t, f, "orcamento", "H2"), fillOf(t, f, "orcamento", "H4"))
	}
	comments, err := f.GetComments("orcamento")
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != 1 || comments[0].Cell != "H4" {
		t.Errorf("notes %+v, want one on H4", comments)
	}
}

// TestReimportCountColumnsOnce: a re-import file imported again, and again not all good,
// gets its "#linhas em SET" columns anew, not its old ones kept as original columns beside
// them (nor in a report: they are the importer's, like #motivo), in either language. A note
// of the user's named alike, of no set the sheet counts ("#linhas em destaque", or a count
// column on a set's own sheet), is a note: kept with its values, in the corrigir file and
// the report (it was dropped, and a user's "revisar com o cliente" with it).
func TestReimportCountColumnsOnce(t *testing.T) {
	header := []string{"codEmp", "#motivo", "#linha original", "#linhas em itens", "#rows in observacoes", "#Linhas em Itens", "#linhas", "#nota", "#linhas em destaque"}
	for _, c := range []struct {
		sets []string
		want []string
	}{
		{[]string{"itens", "observacoes"}, []string{"codEmp", "#linhas", "#nota", "#linhas em destaque"}},
		{nil, []string{"codEmp", "#linhas em itens", "#rows in observacoes", "#Linhas em Itens", "#linhas", "#nota", "#linhas em destaque"}},
	} {
		got := unionHeader([]SourceInfo{{Header: header, Sets: c.sets}})
		if !slices.Equal(got, c.want) {
			t.Errorf("sets %q: got %q, want %q", c.sets, got, c.want)
		}
	}
}

// TestReimportCountCellRedAnyCase: a record refused for its count, whose count column the
// user's file spells in another case ("#Linhas em Itens", read as the count all the same),
// gets its count's cell red with the reason in the next corrigir workbook, as
// "#linhas em itens" does: the cell was left white, the reason only in #motivo.
func TestReimportCountCellRedAnyCase(t *testing.T) {
	src := SourceInfo{File: "in/GravarOrcamentos-nov.xlsx", Sheet: "orcamento", Header: []string{"tipOpe", "codEmp", "numOct", "verOct", "#Linhas em Itens"}, Sets: []string{"itens"}}
	dir := filepath.Join(t.TempDir(), "corrigir")
	w, err := OpenReimport(dir, Options{Sources: []SourceInfo{src}})
	if err != nil {
		t.Fatal(err)
	}
	l := &outcome.Line{File: src.File, Sheet: "orcamento", Row: 2, Key: "1/31/1", Outcome: outcome.Invalid, Header: src.Header, Cells: texts("1", "1", "31", "1", "2"),
		Problems: []outcome.Problem{{Column: "#Linhas em Itens", Cell: "E2", Value: "2", Reason: "nenhuma chegou"}}, SetRows: []outcome.SetRows{{Set: "itens", Rows: 2}}}
	if err := w.Write(l); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, filepath.Join(dir, "GravarOrcamentos-nov.xlsx"))
	rows, err := f.GetRows("orcamento")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "tipOpe,codEmp,numOct,verOct,#motivo,#linha original,#linhas em itens" {
		t.Fatalf("header %s", got)
	}
	if fillOf(t, f, "orcamento", "G2") == "" {
		t.Errorf("the count's cell G2 is not red: %q", rows)
	}
}

// TestReimportOnlyRowsToFix: the re-import file holds the rows that did not succeed, and
// only those (a row ok, queued, valid or skipped needs nothing more); a row with no message
// says its outcome in the run's language (a rejected row's said "rejected" in a Portuguese
// file: Senior refusing a quote with an empty retorno); a record of an input the writer was not told of keeps its sets' counts.
func TestReimportOnlyRowsToFix(t *testing.T) {
	dir := t.TempDir()
	w, err := OpenReimport(dir, Options{Lang: outcome.PT})
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"codEmp", "numOct"}
	var lines []*outcome.Line
	for i, k := range outcome.Kinds {
		lines = append(lines, &outcome.Line{File: "in/GravarOrcamentos-dez.csv", Row: i + 2, Key: "1/" + string(k), Outcome: k, Header: header,
			Cells: texts("1", string(k)), SetRows: []outcome.SetRows{{Set: "itens", Rows: i}}})
	}
	writeLines(t, w, lines, nil)
	b, err := os.ReadFile(filepath.Join(dir, "GravarOrcamentos-dez.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffcodEmp;numOct;#motivo;#linha original;#linhas em itens\r\n" +
		"1;rejected;recusada pelo Senior;6;4\r\n" +
		"1;invalid;inválida;7;5\r\n" +
		"1;failed;falhou;8;6\r\n" +
		"1;unknown;sem confirmação;9;7\r\n" +
		"1;not_sent;não enviada;10;8\r\n"
	if string(b) != want {
		t.Errorf("re-import file:\n%q\nwant\n%q", b, want)
	}
}

// A cell with two problems, one asking for its value typed again as text: the cell is
// formatted as text, whichever problem comes last.
func TestReimportAsTextOfAnyProblem(t *testing.T) {
	dir := t.TempDir()
	file := "in/setClientes.xlsx"
	header := []string{"codCli", "CEP"}
	w, err := OpenReimport(dir, Options{Lang: outcome.PT, Sources: []SourceInfo{{File: file, Sheet: "clientes", Header: header}}})
	if err != nil {
		t.Fatal(err)
	}
	ps := []outcome.Problem{
		{Field: "cepCli", Column: "CEP", Value: "1310100", Reason: "o Excel apaga os zeros à esquerda", AsText: true},
		{Field: "cepCli", Column: "CEP", Value: "1310100", Reason: "tem 7 dígitos"},
	}
	l := &outcome.Line{File: file, Sheet: "clientes", Row: 3, Outcome: outcome.Invalid, Header: header, Problems: ps, Message: outcome.PT.Problems(ps),
		Cells: []outcome.Cell{{Text: "7", Kind: outcome.CellNumber, Value: "7"}, {Text: "1310100", Kind: outcome.CellNumber, Value: "1310100"}}}
	writeLines(t, w, []*outcome.Line{l}, nil)
	f := openBook(t, filepath.Join(dir, "setClientes.xlsx"))
	if got := numFmtOf(t, f, "clientes", "B2"); got != "@" {
		t.Errorf("B2 formatted %q, want @ (text)", got)
	}
	if got := numFmtOf(t, f, "clientes", "A2"); got == "@" {
		t.Errorf("A2 formatted as text, no problem asked it")
	}
}
