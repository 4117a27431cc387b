package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"seniorimporter/outcome"
)

// TestItemRowNotTakenForTotal: a row is a totals row (no record, no report line) when its key
// columns are empty and it is marked by a SUM formula or a "total" label; the label was looked
// for in every cell. A quote's item rows typed with the quote's columns left empty under its
// first row (as finance lays a quote out) were each "registro sem chave", but the one whose
// description read "Total de 2 cadeiras" was taken for a totals row: it had no report line
// at all, and the summary said "total da planilha J3 = 100,00: não confere com a soma lida".
// The same in an items sheet, whose row named its product before the description. Now a row
// naming a set's child (itens.seqOci) is no total, and a label marks one only as the row's
// first value; the totals rows of the samples and of the other tests stay totals.
func TestItemRowNotTakenForTotal(t *testing.T) {
	dir := t.TempDir()
	csv := writeFile(t, dir, "GravarOrcamentos-cont.csv",
		"tipOpe;codEmp;numOct;verOct;desOct;vlrBru;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrBru;itens.obsOci\n"+
			"1;1;601;1;Mesas;300,00;1;P1;1;100,00;mesa\n"+
			";;;;;;2;P2;1;100,00;Total de 2 cadeiras\n"+
			";;;;;;3;P3;1;100,00;banco\n"+
			"Total geral;;;;;300,00;;;;300,00;\n")
	book := filepath.Join(dir, "GravarOrcamentos-itens.xlsx")
	writeBook(t, book, []bookSheet{
		{name: "orcamento", rows: [][]any{{"tipOpe", "codEmp", "numOct", "verOct", "vlrBru"}, {1, 1, 602, 1, 200}}},
		{name: "itens", rows: [][]any{
			{"codEmp", "numOct", "verOct", "seqOci", "codPro", "vlrBru", "obsOci"},
			{1, 602, 1, 1, "P1", 100, "mesa"},
			{nil, nil, nil, nil, "P2", 100, "Total do lote, sem chave"},
			{"TOTAL", nil, nil, nil, nil, 200, nil},
		}},
	})
	code, lines := validate(t, "", InputOptions{}, csv, book)
	var got []string
	for _, l := range lines {
		f := strings.SplitN(l, "|", 5)
		got = append(got, strings.Join(f[:4], "|"))
	}
	want := []string{
		"GravarOrcamentos-cont.csv||2|valid",
		"GravarOrcamentos-cont.csv||3|invalid",
		"GravarOrcamentos-cont.csv||4|invalid",
		"GravarOrcamentos-itens.xlsx|itens|2|valid",
		"GravarOrcamentos-itens.xlsx|itens|3|invalid",
		"GravarOrcamentos-itens.xlsx|orcamento|2|valid",
	}
	slices.Sort(got)
	if code != 1 || !slices.Equal(got, want) {
		t.Errorf("exit %d, report lines:\n%s\nwant exit 1 and:\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "GravarOrcamentos-cont.csv||3|invalid|") && !strings.Contains(l, "registro sem chave") ||
			strings.HasPrefix(l, "GravarOrcamentos-itens.xlsx|itens|3|invalid|") && !strings.Contains(l, "linha filha sem registro pai") {
			t.Errorf("row 3: %s", l)
		}
	}
}

// TestChildRowWithoutRecordSaid: a quote's item rows with the quote's columns left empty
// were each "registro sem chave: codEmp, numOct, verOct vazio", which sent the clerk to make
// up a key for an item; the message now says that the row is an item lacking its quote's
// columns, to repeat from the quote's first row. A row with no key and no item (a record's
// own row) keeps the plain message.
func TestChildRowWithoutRecordSaid(t *testing.T) {
	f := writeFile(t, t.TempDir(), "GravarOrcamentos-cont.csv",
		"tipOpe;codEmp;numOct;verOct;desOct;itens.seqOci;itens.codPro\n"+
			"1;1;601;1;Mesas;1;P1\n"+
			";;;;;2;P2\n"+
			"1;;;;Sem chave;;\n")
	_, lines := validate(t, "", InputOptions{}, f)
	want := []string{
		"GravarOrcamentos-cont.csv||2|valid|",
		`GravarOrcamentos-cont.csv||3|invalid|registro sem chave: codEmp, numOct, verOct vazio; a linha é de itens e não tem as colunas do registro: repita nela as do registro a que pertence (codEmp, numOct, verOct e as demais), como na primeira linha dele; cada linha de um registro as repete; coluna "tipOpe" (A3): campo obrigatório tipOpe vazio`,
		"GravarOrcamentos-cont.csv||4|invalid|registro sem chave: codEmp, numOct, verOct vazio",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("report lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestRecordWhoseKeyReadsTotal: a row is a totals row when its first value reads "total";
// a conta whose ContaIdERP is "TOTAL-01" or "Total Express" (its name and CEP filled
// beside it) was taken for one: no report line, nothing sent, no word, exit 0, the conta
// missing from the CRM. A totals row holds sums beside its label; a row marked by its label
// alone, in a key column, whose other values include a text field's is a record. A label
// with nothing else, or with numbers in number fields, or a label with the keys empty (as
// DESIGN has it), is still a totals row, without a report line.
func TestRecordWhoseKeyReadsTotal(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	contas := writeFile(t, dir, "setContas-total.csv", "ContaIdERP;ContaRazaoSocial;ContaCep\n"+
		"C1;Acme;89201-000\n"+
		"TOTAL-01;Total Distribuidora Ltda;89201-000\n"+
		"Total Express;Total Express Ltda;\n"+
		"Total: 3 contas;;\n"+
		";Total geral;3\n")
	quotes := writeFile(t, dir, "GravarOrcamentos-total.csv", "tipOpe;codEmp;numOct;verOct;desOct;vlrBru\n"+
		"1;1;7101;1;Mesas;300,00\n"+
		"Total geral;;;;;300,00\n")
	cfg := e.settings(dir, contas, quotes)
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		got = append(got, fmt.Sprintf("%s|%d|%s", filepath.Base(l.File), l.Row, l.Outcome))
	}
	slices.Sort(got)
	want := []string{"GravarOrcamentos-total.csv|2|ok", "setContas-total.csv|2|ok", "setContas-total.csv|3|ok", "setContas-total.csv|4|ok"}
	if !slices.Equal(got, want) {
		t.Errorf("report lines %q, want %q", got, want)
	}
	if stored, want := storedKeys(e, "setContas"), []string{"C1", "TOTAL-01", "Total Express"}; !slices.Equal(stored, want) {
		t.Errorf("stored %q, want %q", stored, want)
	}
}

// TestKeyOnlyTotalLabel: a row holding only its key, a key that reads "total", was a totals
// row with nothing to sum: in no report, nothing sent, nothing said, exit 0. A key that is a
// code ("TOTAL-01", "SUBTOTAL_2": one word with a digit) is a record, sent like "TOTAL01"
// always was; a label of words ("TOTAL", "Total: 3 contas") stays a totals row, and a
// warning names it with its line. Against the simulator: the codes are stored, the labels
// are not.
func TestKeyOnlyTotalLabel(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	cats := writeFile(t, dir, "setCategoriaProduto.csv", "CategoriaProdutoId;CategoriaProdutoDescricao;CategoriaProdutoEmpresaId\n"+
		"P-01;Cadeiras;1\n"+
		"TOTAL-01;;\n"+
		"SUBTOTAL_2;;\n"+
		"TOTAL01;;\n"+
		"TOTAL;;\n"+
		"Total: 3 categorias;;\n")
	cfg := e.settings(dir, cats)
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		got = append(got, fmt.Sprintf("%d|%s|%s", l.Row, l.Key, l.Outcome))
	}
	want := []string{"2|P-01|ok", "3|TOTAL-01|ok", "4|SUBTOTAL_2|ok", "5|TOTAL01|ok"}
	if !slices.Equal(got, want) {
		t.Errorf("report lines %q, want %q", got, want)
	}
	if stored, want := storedKeys(e, "setCategoriaProduto"), []string{"P-01", "SUBTOTAL_2", "TOTAL-01", "TOTAL01"}; !slices.Equal(stored, want) {
		t.Errorf("stored %q, want %q", stored, want)
	}
	warned := outcome.PT.TotalsRowsUnsummed(cats, outcome.PT.FooterNote(6, "TOTAL")+"; "+outcome.PT.FooterNote(7, "Total: 3 categorias"))
	if !warnedOf(sum, warned) {
		t.Errorf("warnings %+v; want %q", sum.Warnings, warned)
	}
}
