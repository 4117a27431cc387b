package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"seniorimporter/outcome"
)

// TestSecondSheetOfRecordsRefused: a workbook of month tabs ("Novembro", "Dezembro"), each
// with the records' header and none named after the records, had the first tab's quotes
// sent and the second's in no report at all: the file in done/, exit 0, and a warning saying
// only that "Dezembro" is named after no set (a finance team's workbook saved by LibreOffice:
// 2 of its 4 quotes never reached Senior). Now the file is refused, nothing sent, every row
// naming both sheets and what to do; a copy beside the sheet named after the records
// ("orcamento (2)") is still only ignored with a warning, and so is a sheet of notes.
func TestSecondSheetOfRecordsRefused(t *testing.T) {
	header := []any{"tipOpe", "codEmp", "numOct", "verOct", "desOct", "vlrBru"}
	nov := [][]any{header, {"1 - Incluir", 1, 401, 1, "novembro A", 10}, {"1 - Incluir", 1, 402, 1, "novembro B", 20}}
	dez := [][]any{header, {"1 - Incluir", 1, 411, 1, "dezembro A", 30}, {"1 - Incluir", 1, 412, 1, "dezembro B", 40}}
	notes := [][]any{{"numOct", "observação"}, {411, "confirmar o desconto"}}
	refusal := `: as planilhas "Novembro" e "Dezembro" têm, as duas, as colunas dos registros de GravarOrcamentos, e uma planilha só de registros é lida (a chamada orcamento ou, sem ela, a primeira): as linhas de "Dezembro" não iriam ao Senior. Junte as linhas numa planilha só (ou ponha cada planilha num arquivo), ou oculte "Dezembro", se as linhas dela não forem para importar`
	for _, tc := range []struct {
		name   string
		sheets []bookSheet
		stored []string // keys Senior holds after the run
		lines  []string // sheet|row|outcome|message
		warn   string   // in the summary's warnings
	}{
		{"month tabs", []bookSheet{{name: "Novembro", rows: nov}, {name: "Dezembro", rows: dez}, {name: "Notas", rows: notes}}, nil,
			[]string{"Novembro|2|invalid|" + refusal, "Novembro|3|invalid|" + refusal, "Dezembro|2|invalid|" + refusal, "Dezembro|3|invalid|" + refusal},
			`planilha "Notas" ignorada`},
		{"the second tab hidden", []bookSheet{{name: "Novembro", rows: nov}, {name: "Dezembro", rows: dez, hidden: true}}, []string{"1/401/1", "1/402/1"},
			[]string{"Novembro|2|ok|Orçamento 1/401/1 incluído.", "Novembro|3|ok|Orçamento 1/402/1 incluído."}, ""},
		{"a copy beside the records' sheet", []bookSheet{{name: "orcamento", rows: nov}, {name: "orcamento (2)", rows: dez}}, []string{"1/401/1", "1/402/1"},
			[]string{"orcamento|2|ok|Orçamento 1/401/1 incluído.", "orcamento|3|ok|Orçamento 1/402/1 incluído."}, `planilha "orcamento (2)" ignorada`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			dir := t.TempDir()
			f := filepath.Join(dir, "GravarOrcamentos-meses.xlsx")
			writeBook(t, f, tc.sheets)
			sum, err := Run(context.Background(), e.settings(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
				// The message of a file refused names it as given (its path).
				lines = append(lines, strings.Join([]string{l.Sheet, strconv.Itoa(l.Row), string(l.Outcome), strings.TrimPrefix(l.Message, f)}, "|"))
			}
			if !slices.Equal(lines, tc.lines) {
				t.Errorf("report:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(tc.lines, "\n"))
			}
			var stored []string
			for _, r := range e.sim.Records("GravarOrcamentos") {
				stored = append(stored, r.Key)
			}
			slices.Sort(stored)
			if !slices.Equal(stored, tc.stored) {
				t.Errorf("Senior holds %v, want %v", stored, tc.stored)
			}
			wantExit := outcome.ExitOK
			if tc.stored == nil {
				wantExit = outcome.ExitSomeFailed
			}
			if sum.ExitCode != wantExit {
				t.Errorf("exit %d, want %d", sum.ExitCode, wantExit)
			}
			var warns []string
			for _, w := range sum.Warnings {
				warns = append(warns, w.Message)
			}
			if got := strings.Join(warns, "\n"); tc.warn != "" && !strings.Contains(got, tc.warn) || tc.warn == "" && strings.Contains(got, "ignorada") {
				t.Errorf("warnings %q, want one with %q", got, tc.warn)
			}
		})
	}
}

// TestMonthTabsReimportKeepsTheOtherTab: the month tabs refused, the second tab's rows were in
// no report, and the re-import file held the first tab's rows only: dropped back as it is (as
// the README says of corrigir files), it imported clean, exit 0, and the second tab's quotes
// were never sent nor reported. Now the second tab's rows are reported with the refusal (one
// line each) and kept in the re-import file, under their own sheet, so that it comes back
// refused until the tabs are one sheet (or the other hidden).
func TestMonthTabsReimportKeepsTheOtherTab(t *testing.T) {
	header := []any{"tipOpe", "codEmp", "numOct", "verOct", "desOct", "vlrBru"}
	dir := t.TempDir()
	f := filepath.Join(dir, "GravarOrcamentos-meses.xlsx")
	writeBook(t, f, []bookSheet{
		{name: "Novembro", rows: [][]any{header, {"1 - Incluir", 1, 401, 1, "novembro A", 10}, {"1 - Incluir", 1, 402, 1, "novembro B", 20}}},
		{name: "Dezembro", rows: [][]any{header, {"1 - Incluir", 1, 411, 1, "dezembro A", 30}, {"1 - Incluir", 1, 412, 1, "dezembro B", 40}, {"TOTAL", nil, nil, nil, nil, 70}}},
	})
	fix := filepath.Join(dir, "corrigir")
	if _, err := Run(context.Background(), Settings{Validate: true, Files: []string{f}, Quiet: true, Reimport: fix}); err != nil {
		t.Fatal(err)
	}
	back := filepath.Join(fix, "GravarOrcamentos-meses.xlsx")
	report := filepath.Join(dir, "r.jsonl")
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{back}, Quiet: true, Reports: []string{report}})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range readJSONL(t, report) {
		lines = append(lines, fmt.Sprintf("%s|%d|%s", l.Sheet, l.Row, l.Outcome))
	}
	want := []string{"Novembro|2|invalid", "Novembro|3|invalid", "Dezembro|2|invalid", "Dezembro|3|invalid"}
	if !slices.Equal(lines, want) || sum.Outcomes[outcome.Valid] != 0 {
		t.Errorf("the re-import file dropped back: %v (outcomes %v), want %v", lines, sum.Outcomes, want)
	}
}

// TestCheckSheetBesideRecords: a CRM workbook (its records' sheet named after the port, as the
// template names it) with a "Conferir" sheet repeating the records' columns, formulas
// =setCategoriaDespesa!A2 filled down (testdata: saved by LibreOffice, its values cached), was
// refused as month tabs, every row invalid, though nothing in it was left unread. A sheet whose
// every row of data repeats a row of the records' sheet (formulas or values pasted, some rows
// only, in another order, a totals row under them) is now a warning and the records go; the
// sheet named after the port is the records' one wherever it is. A sheet with a row the records
// lack (a value changed there, another month) is refused as before, its rows reported, the
// message naming that row when the others are copies.
func TestCheckSheetBesideRecords(t *testing.T) {
	header := []any{"CategoriaDespesaId", "CategoriaDespesaDescricao"}
	recs := [][]any{header, {101, "Viagens"}, {102, "Alimentação"}, {103, "Hospedagem e diárias"}}
	copied := [][]any{header, {103, "Hospedagem e diárias"}, {101, "Viagens"}, {"Total: 2 categorias"}}
	changed := [][]any{header, {101, "Viagens"}, {102, "Alimentação e bebidas"}}
	other := [][]any{header, {201, "Fretes"}, {202, "Correios"}}
	const port = "setCategoriaDespesa"
	ok := []string{port + "|2|ok", port + "|3|ok", port + "|4|ok"}
	refused := func(other string, rows ...int) []string {
		out := []string{port + "|2|invalid", port + "|3|invalid", port + "|4|invalid"}
		for _, r := range rows {
			out = append(out, fmt.Sprintf("%s|%d|invalid", other, r))
		}
		return out
	}
	const copyWarn = `planilha "Conferir" não lida: cada linha dela repete uma de "setCategoriaDespesa" (uma cópia para conferência)`
	for _, tc := range []struct {
		name    string
		fixture string // a file of testdata, else the sheets written by excelize
		sheets  []bookSheet
		lines   []string // sheet|row|outcome
		warn    string   // in the summary's warnings
		message string   // in every row's message
	}{
		{name: "formulas saved by LibreOffice", fixture: "setCategoriaDespesa-conferir.xlsx", lines: ok, warn: copyWarn},
		{name: "values pasted, some rows, a total", sheets: []bookSheet{{name: port, rows: recs}, {name: "Conferir", rows: copied}}, lines: ok, warn: copyWarn},
		{name: "the check sheet first", sheets: []bookSheet{{name: "Conferir", rows: copied}, {name: port, rows: recs}}, lines: ok, warn: copyWarn},
		{name: "a value changed in the check sheet", sheets: []bookSheet{{name: port, rows: recs}, {name: "Conferir", rows: changed}}, lines: refused("Conferir", 2, 3),
			message: `as linhas de "Conferir" não iriam ao Senior. Junte as linhas numa planilha só (ou ponha cada planilha num arquivo), ou oculte "Conferir", se as linhas dela não forem para importar (a linha 3 de "Conferir" não está em "setCategoriaDespesa": uma planilha que só repete linhas de "setCategoriaDespesa", feita para conferência, não é lida, e sai num aviso)`},
		{name: "another month", sheets: []bookSheet{{name: port, rows: recs}, {name: "Dezembro", rows: other}}, lines: refused("Dezembro", 2, 3),
			message: `as linhas de "Dezembro" não iriam ao Senior. Junte as linhas numa planilha só (ou ponha cada planilha num arquivo), ou oculte "Dezembro", se as linhas dela não forem para importar`},
		// The records are read from the sheet named after the port, wherever it is: the
		// refusal said "(a primeira)", the first sheet, which is not the one read.
		{name: "a month tab before the template's sheet", sheets: []bookSheet{{name: "Novembro", rows: other}, {name: port, rows: [][]any{header}}},
			lines:   []string{"Novembro|2|invalid", "Novembro|3|invalid"},
			message: `uma planilha só de registros é lida (a chamada setCategoriaDespesa ou, sem ela, a primeira): as linhas de "Novembro" não iriam ao Senior. Junte as linhas numa planilha só (ou ponha cada planilha num arquivo), ou oculte "Novembro", se as linhas dela não forem para importar`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			dir := t.TempDir()
			f := filepath.Join(dir, port+"-nov.xlsx")
			if tc.fixture != "" {
				b, err := os.ReadFile(filepath.Join("testdata", tc.fixture))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(f, b, 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				writeBook(t, f, tc.sheets)
			}
			sum, err := Run(context.Background(), e.settings(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
				lines = append(lines, fmt.Sprintf("%s|%d|%s", l.Sheet, l.Row, l.Outcome))
				if tc.message != "" && !strings.HasSuffix(l.Message, tc.message) {
					t.Errorf("row %s %d: %q, want it to end with %q", l.Sheet, l.Row, l.Message, tc.message)
				}
			}
			if !slices.Equal(lines, tc.lines) {
				t.Errorf("report:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(tc.lines, "\n"))
			}
			if n := len(e.sim.Records(port)); tc.message == "" && n != 3 || tc.message != "" && n != 0 {
				t.Errorf("Senior holds %d categories", n)
			}
			var warns []string
			for _, w := range sum.Warnings {
				warns = append(warns, w.Message)
			}
			if got := strings.Join(warns, "\n"); tc.warn != "" && !strings.Contains(got, tc.warn) || tc.warn == "" && strings.Contains(got, "Conferir") {
				t.Errorf("warnings %q, want %q", got, tc.warn)
			}
		})
	}
}
