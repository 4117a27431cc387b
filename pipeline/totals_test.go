package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"seniorimporter/outcome"
	"seniorimporter/writers"
)

// TestTotalLeftOutSaid: a formula total that does not match says which cells its formula
// leaves out and the importer reads. testdata/GravarOrcamentos-filtro.xlsx was typed in
// LibreOffice Calc and saved as .xlsx: an AutoFilter with row 4 (quote 103, 2.500,00) hidden
// by it; E3 and F3 numbers in text cells ("R$ 1.234,56", "1.234,56"); a TOTAL row 6 with
// =SUBTOTAL(9;E2:E5) under vlrBru (150: E2 + E5, the text and the hidden row left out),
// =SUM(F2:F5) under vlrLiq (2.640: the hidden row in, the text out) and 14 typed under
// vlrDsc (15 read). The Resumo said "não confere" under vlrBru and vlrLiq and no more: the
// clerk's total was right for the rows on screen, and nothing said that row 4 and the text
// cells were read (and would go to Senior) though the sheet's total left them out. Now the
// difference is named: the text cell and the hidden row for the SUBTOTAL, the text cell
// alone for the SUM (a SUM adds hidden rows), nothing for a total typed by hand.
func TestTotalLeftOutSaid(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "report.xlsx")
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{filepath.Join("testdata", "GravarOrcamentos-filtro.xlsx")},
		Reports: []string{report}, Quiet: true, Input: InputOptions{Lang: outcome.PT}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Reconciliation) != 1 {
		t.Fatalf("reconciliation %+v", sum.Reconciliation)
	}
	var got []string
	for _, c := range sum.Reconciliation[0].Columns {
		s := fmt.Sprintf("%s read %s", c.Field, c.Read)
		if tc := c.Total; tc != nil {
			s += fmt.Sprintf(", total %s %s matches %v difference %q text %v hidden %v", tc.Cell, tc.Value, tc.Matches, tc.Difference, tc.TextCells, tc.HiddenRows)
		}
		got = append(got, s)
	}
	want := []string{
		`vlrBru read 3884.56, total E6 150 matches false difference "3734.56" text [E3] hidden [4]`,
		`vlrLiq read 3874.56, total F6 2640 matches false difference "1234.56" text [F3] hidden []`,
		`vlrDsc read 15, total G6 14 matches false difference "" text [] hidden []`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("reconciliation:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// What the clerk reads: the printed summary and the Resumo's Conferência cells.
	var b bytes.Buffer
	writers.PrintSummary(&b, sum, outcome.PT)
	wantText := []string{
		"total da planilha E6 = 150: não confere com a soma lida (3.884,56); a diferença, 3.734,56, é a da célula E3, um número escrito como texto, que a fórmula do total não soma, e a da linha 4, oculta na planilha, que o SUBTOTAL não soma; o importador as lê como as demais: converta em número as células de texto, para que o total as some; apague, em vez de ocultar, as linhas que não devem ir",
		"total da planilha F6 = 2.640: não confere com a soma lida (3.874,56); a diferença, 1.234,56, é a da célula F3, um número escrito como texto, que a fórmula do total não soma; o importador as lê como as demais: converta em número as células de texto, para que o total as some\n",
		"total da planilha G6 = 14: não confere com a soma lida (15)\n",
	}
	for _, w := range wantText {
		if !strings.Contains(b.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, b.String())
		}
	}
	x, err := excelize.OpenFile(report)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("Resumo")
	if err != nil {
		t.Fatal(err)
	}
	var checks []string
	for i, r := range rows {
		for j, c := range r {
			if !strings.HasPrefix(c, "não confere") {
				continue
			}
			checks = append(checks, c)
			// The explanation wraps within its column (the columns after it cut it off).
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			id, err := x.GetCellStyle("Resumo", ref)
			if err != nil {
				t.Fatal(err)
			}
			st, err := x.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if wrap := st.Alignment != nil && st.Alignment.WrapText; wrap != (c != "não confere") {
				t.Errorf("Resumo %s %q: wrapped %v", ref, c, wrap)
			}
		}
	}
	wantChecks := []string{
		"não confere: a diferença, 3.734,56, é a da célula E3, um número escrito como texto, que a fórmula do total não soma, e a da linha 4, oculta na planilha, que o SUBTOTAL não soma; o importador as lê como as demais: converta em número as células de texto, para que o total as some; apague, em vez de ocultar, as linhas que não devem ir",
		"não confere: a diferença, 1.234,56, é a da célula F3, um número escrito como texto, que a fórmula do total não soma; o importador as lê como as demais: converta em número as células de texto, para que o total as some",
		"não confere",
	}
	if !slices.Equal(checks, wantChecks) {
		t.Errorf("Resumo's checks:\n%s\nwant:\n%s", strings.Join(checks, "\n"), strings.Join(wantChecks, "\n"))
	}
}

// TestSubtotalsWithoutGrandTotal: testdata/GravarOrcamentos-subtotais.xlsx, saved by
// LibreOffice, groups its quotes by branch, a "Subtotal Norte" row under the first group
// (F4 =SUBTOTAL(9,F2:F3), 1.334,66) and a "Subtotal Sul" row under the second (F8, 2.010,84),
// no grand total. The reconciliation compared the last subtotal with the sum of every row and
// said "total da planilha F8 = 2.010,84: não confere com a soma lida (3.345,50)". The subtotals
// add up to the sum read: they match together, named so in the summary and the Resumo.
func TestSubtotalsWithoutGrandTotal(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "report.xlsx")
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{filepath.Join("testdata", "GravarOrcamentos-subtotais.xlsx")},
		Reports: []string{report}, Quiet: true, Input: InputOptions{Lang: outcome.PT}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 5 || len(sum.Reconciliation) != 1 || len(sum.Reconciliation[0].Columns) != 1 {
		t.Fatalf("%d rows, reconciliation %+v", sum.Rows, sum.Reconciliation)
	}
	c := sum.Reconciliation[0].Columns[0]
	want := outcome.TotalCheck{Cell: "F4 + F8", Value: "3345.50", Matches: true, Subtotals: []string{"F4", "F8"}}
	if c.Read != "3345.50" || c.Total == nil || !slices.Equal(c.Total.Subtotals, want.Subtotals) || c.Total.Cell != want.Cell || c.Total.Value != want.Value || !c.Total.Matches {
		t.Fatalf("read %s, total %+v; want %+v", c.Read, c.Total, want)
	}
	var b bytes.Buffer
	writers.PrintSummary(&b, sum, outcome.PT)
	if w := "subtotais da planilha F4 + F8 = 3.345,50: conferem, somados (não há linha de total geral)\n"; !strings.Contains(b.String(), w) {
		t.Errorf("summary lacks %q:\n%s", w, b.String())
	}
	rows := rowsOfSheet(t, report, "Resumo")
	if !slices.ContainsFunc(rows, func(r []string) bool {
		return slices.Contains(r, "F4 + F8") && slices.Contains(r, "confere, "+outcome.PT.SubtotalsAdded())
	}) {
		t.Errorf("the Resumo says nothing of the subtotals: %q", rows)
	}
}

// rowsOfSheet is the rows of sheet in the workbook at path, as excelize reads them.
func rowsOfSheet(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestTotalWithoutSavedValue: a workbook written by a program that does not calculate
// formulas (a library, a system's export; Excel and LibreOffice save each formula's value)
// holds its TOTAL row's =SUM with no value. The reconciliation compared that empty value with
// the sum read and said "total da planilha E4 = : não confere com a soma lida (1.234,56)", a
// false alarm with a blank where the total goes. Now the total is not compared, and the
// summary and the Resumo say why and how to have it checked. The workbook is written here by
// excelize, which saves formulas without their values, as such programs do.
func TestTotalWithoutSavedValue(t *testing.T) {
	dir := t.TempDir()
	x := excelize.NewFile()
	sh := x.GetSheetName(0)
	for i, row := range [][]any{
		{"tipOpe", "codEmp", "numOct", "verOct", "vlrBru", "itens.seqOci", "itens.codPro", "itens.qtdOci", "itens.vlrUni"},
		{1, 1, 9101, 1, 1000.5, 1, "P1", 1, 1000.5},
		{1, 1, 9102, 1, 234.06, 1, "P2", 1, 234.06},
		{nil, nil, nil, "TOTAL"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sh, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.SetCellFormula(sh, "E4", "SUM(E2:E3)"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "GravarOrcamentos-gerado.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.xlsx")
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{path},
		Reports: []string{report}, Quiet: true, Input: InputOptions{Lang: outcome.PT}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Outcomes[outcome.Valid] != 2 || len(sum.Reconciliation) != 1 {
		t.Fatalf("outcomes %v, reconciliation %+v", sum.Outcomes, sum.Reconciliation)
	}
	var tc *outcome.TotalCheck
	for _, c := range sum.Reconciliation[0].Columns {
		if c.Field == "vlrBru" {
			tc = c.Total
		}
	}
	if tc == nil || !tc.NoValue || tc.Matches || tc.Cell != "E4" {
		t.Fatalf("vlrBru's total: %+v; want E4, not compared (NoValue)", tc)
	}
	var b bytes.Buffer
	writers.PrintSummary(&b, sum, outcome.PT)
	if !strings.Contains(b.String(), outcome.PT.TotalNoValue("E4")) || strings.Contains(b.String(), "não confere") {
		t.Errorf("summary:\n%s\nwant %q and no \"não confere\"", b.String(), outcome.PT.TotalNoValue("E4"))
	}
	r, err := excelize.OpenFile(report)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, err := r.GetRows("Resumo")
	if err != nil {
		t.Fatal(err)
	}
	said := false
	for _, row := range rows {
		for _, c := range row {
			said = said || c == outcome.PT.NotChecked()
			if strings.HasPrefix(c, "não confere") {
				t.Errorf("Resumo says %q", c)
			}
		}
	}
	if !said {
		t.Errorf("Resumo does not say the total was not checked: %q", rows)
	}
}
