package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"seniorimporter/outcome"
)

// TestFooterNoteUnderCSVTable: an ERP's CSV export often ends with a note line or two under
// its table ("Registros exportados: 3", "Gerado em 01/12/2026 10:00 por ERP"): one field, no
// delimiter. Each was read as a record whose key was the note: a conta "Gerado em
// 01/12/2026 10:00 por ERP" upserted into the CRM, reported ok, exit 0 (a quote file's
// reported invalid, exit 1). Now such a line, at the file's end, of several words, in a file
// whose header names two columns or more, is no record: no report line, nothing sent, and a
// warning names it. What may be a record stays one, with its report line: a line of one word
// (a key written without its delimiters), a line with its delimiters, a note line with
// rows after it, a value valid for its field that takes only some texts ("1 - Incluir"
// under tipOpe), and the lines of a file of one column. A line of several words under rows
// whose first column, a free text field, holds names too ("ACME LTDA") may be a record as
// much as a note: it was taken for a note, left out of the report (a warning said so), exit
// 0; it now has its report line, invalid saying both readings (refused), and is not sent.
func TestFooterNoteUnderCSVTable(t *testing.T) {
	contas := "Código ERP;Razão Social;CEP\r\nC1;Indústria Ação;89201-000\r\nC2;Beta;89201-000\r\nC3;Gama;89201-000\r\n"
	cases := []struct {
		name, file, body string
		rows             []string // report lines: row|outcome
		stored           []string // the port's keys the simulator keeps
		notes            []string // in the warning
		refused          int      // the row refused as a note or a record (FooterOrRecord)
	}{
		{
			name: "notes under a windows-1252 export", file: "setContas-erp.csv",
			body: contas + "\r\nRegistros exportados: 3\r\nGerado em 01/12/2026 10:00 por ERP\r\n",
			rows: []string{"2|ok", "3|ok", "4|ok"}, stored: []string{"C1", "C2", "C3"},
			notes: []string{`linha 6 "Registros exportados: 3"`, `linha 7 "Gerado em 01/12/2026 10:00 por ERP"`},
		},
		{
			name: "a key without its delimiters is a record", file: "setContas-erp.csv",
			body: contas + "C4\r\nGerado em 01/12/2026\r\n",
			rows: []string{"2|ok", "3|ok", "4|ok", "5|ok"}, stored: []string{"C1", "C2", "C3", "C4"},
			notes: []string{`linha 6 "Gerado em 01/12/2026"`},
		},
		{
			name: "a line with its delimiters is a record", file: "setContas-erp.csv",
			body: contas + "Conta da filial;;\r\n",
			rows: []string{"2|ok", "3|ok", "4|ok", "5|ok"}, stored: []string{"C1", "C2", "C3", "Conta da filial"},
		},
		{
			name: "a line of one field with rows after it is a record", file: "setContas-erp.csv",
			body: contas + "Conta da filial\r\nC5;Delta;89201-000\r\n",
			rows: []string{"2|ok", "3|ok", "4|ok", "5|ok", "6|ok"}, stored: []string{"C1", "C2", "C3", "C5", "Conta da filial"},
		},
		{
			name: "a value its field takes is a record", file: "GravarOrcamentos-erp.csv",
			body: "tipOpe;codEmp;numOct;verOct;desOct\r\n1 - Incluir;1;7001;1;Mesas\r\n1 - Incluir\r\nGerado em 01/12/2026\r\n",
			rows: []string{"2|ok", "3|invalid"}, stored: []string{"1/7001/1"},
			notes: []string{`linha 4 "Gerado em 01/12/2026"`},
		},
		{
			name: "a name without its delimiters under names is refused, not sent", file: "setContas-erp.csv",
			body: "ContaIdERP;ContaRazaoSocial;ContaCep\r\nACME LTDA;Acme;89201-000\r\nC2;Beta;89201-000\r\nBETA SA\r\n",
			rows: []string{"2|ok", "3|ok", "4|invalid"}, stored: []string{"ACME LTDA", "C2"}, refused: 4,
		},
		{
			name: "a note under names is refused too", file: "setContas-erp.csv",
			body: "ContaIdERP;ContaRazaoSocial;ContaCep\r\nACME LTDA;Acme;89201-000\r\nGerado em 01/12/2026\r\n",
			rows: []string{"2|ok", "3|invalid"}, stored: []string{"ACME LTDA"}, refused: 3,
		},
		{
			name: "a file of one column has no notes", file: "setContas-erp.csv",
			body: "ContaIdERP\r\nC1\r\nConta da filial\r\n",
			rows: []string{"2|ok", "3|ok"}, stored: []string{"C1", "Conta da filial"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			dir := t.TempDir()
			body, err := charmap.Windows1252.NewEncoder().String(c.body)
			if err != nil {
				t.Fatal(err)
			}
			f := writeFile(t, dir, c.file, body)
			cfg := e.settings(dir, f)
			if strings.HasPrefix(c.body, "Código") { // the ERP's headers, mapped
				m, err := LoadMapping(writeFile(t, dir, "mapa.yaml", "columns:\n  \"Código ERP\": ContaIdERP\n  \"Razão Social\": ContaRazaoSocial\n  \"CEP\": ContaCep\n"), outcome.EN)
				if err != nil {
					t.Fatal(err)
				}
				cfg.Input.Mapping = m
			}
			sum, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if rows := noteReportRows(t, dir, outcome.PT.FooterOrRecord(false), c.refused); !slices.Equal(rows, c.rows) {
				t.Errorf("report lines %v, want %v", rows, c.rows)
			}
			port := "setContas"
			if strings.HasPrefix(c.file, "GravarOrcamentos") {
				port = "GravarOrcamentos"
			}
			if stored := storedKeys(e, port); !slices.Equal(stored, c.stored) {
				t.Errorf("stored %q, want %q", stored, c.stored)
			}
			warned := noteWarnings(sum)
			if len(c.notes) == 0 && len(warned) > 0 {
				t.Errorf("warned %q, want no note", warned)
			}
			for _, n := range c.notes {
				if len(warned) != 1 || !strings.Contains(warned[0], n) {
					t.Errorf("warnings %q, want one naming %s", warned, n)
				}
			}
		})
	}
}

// TestNoteUnderSheet: a note typed in column A under a sheet's table ("Fonte: planilha do
// comercial") was read as a record whose key was the note: under a CRM sheet, a conta of
// that name upserted into the CRM, reported ok, exit 0; under a quotes sheet, invalid
// ("codEmp: não é um número"), exit 1, for a row that is no quote. Such a row is now told as
// a CSV file's note line is (TestFooterNoteUnderCSVTable): no report line, nothing sent, a
// warning naming it. A row of one word in column A (a key with its other cells empty) is
// still a record; under names in column A ("ACME LTDA"), a row of words may be a record or
// a note: refused, saying both, not sent.
func TestNoteUnderSheet(t *testing.T) {
	contas := []any{"ContaIdERP", "ContaRazaoSocial", "ContaCep"}
	quotes := []any{"codEmp", "numOct", "verOct", "tipOpe", "desOct"}
	cases := []struct {
		name, file, sheet string
		rows              [][]any
		lines             []string // report lines: row|outcome
		stored            []string
		note              string // in the warning
		refused           int    // the row refused as a note or a record
	}{
		{
			name: "a note under contas", file: "setContas.xlsx", sheet: "setContas",
			rows:  [][]any{contas, {"C1", "Alfa", "89201-000"}, {"C2", "Beta", "89201-000"}, nil, {"Fonte: planilha do comercial"}},
			lines: []string{"2|ok", "3|ok"}, stored: []string{"C1", "C2"}, note: `linha 5 "Fonte: planilha do comercial"`,
		},
		{
			name: "a note under quotes", file: "GravarOrcamentos.xlsx", sheet: "orcamento",
			rows:  [][]any{quotes, {1, 7001, 1, "1 - Incluir", "Mesas"}, {"Fonte: planilha do comercial"}},
			lines: []string{"2|ok"}, stored: []string{"1/7001/1"}, note: `linha 3 "Fonte: planilha do comercial"`,
		},
		{
			name: "a key alone is a record", file: "setContas.xlsx", sheet: "setContas",
			rows:  [][]any{contas, {"C1", "Alfa", "89201-000"}, {"C3"}},
			lines: []string{"2|ok", "3|ok"}, stored: []string{"C1", "C3"},
		},
		{
			name: "under names, refused", file: "setContas.xlsx", sheet: "setContas",
			rows:  [][]any{contas, {"ACME LTDA", "Acme", "89201-000"}, {"BETA SA"}},
			lines: []string{"2|ok", "3|invalid"}, stored: []string{"ACME LTDA"}, refused: 3,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			x := excelize.NewFile()
			defer x.Close()
			if err := x.SetSheetName("Sheet1", c.sheet); err != nil {
				t.Fatal(err)
			}
			for i, r := range c.rows {
				if r != nil {
					if err := x.SetSheetRow(c.sheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
						t.Fatal(err)
					}
				}
			}
			dir, f := saveBook(t, x, c.file)
			sum, err := Run(context.Background(), e.settings(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			if lines := noteReportRows(t, dir, outcome.PT.FooterOrRecord(true), c.refused); !slices.Equal(lines, c.lines) {
				t.Errorf("report lines %v, want %v", lines, c.lines)
			}
			if stored := storedKeys(e, strings.TrimSuffix(c.file, ".xlsx")); !slices.Equal(stored, c.stored) {
				t.Errorf("stored %q, want %q", stored, c.stored)
			}
			warned := noteWarnings(sum)
			if c.note == "" && len(warned) > 0 || c.note != "" && (len(warned) != 1 || !strings.Contains(warned[0], c.note) ||
				!strings.Contains(warned[0], "nota numa só célula, na coluna A")) {
				t.Errorf("warnings %q, want one naming %q", warned, c.note)
			}
		})
	}
}

// noteReportRows gives the report.jsonl in dir as row|outcome lines, sorted, and checks that
// the note-or-record reason (said, FooterOrRecord's) stands on row refused and on no other.
func noteReportRows(t *testing.T, dir, said string, refused int) []string {
	t.Helper()
	var rows []string
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		rows = append(rows, fmt.Sprintf("%d|%s", l.Row, l.Outcome))
		if strings.Contains(l.Message, said) != (l.Row == refused) {
			t.Errorf("row %d: %q; want the note-or-record reason on row %d only", l.Row, l.Message, refused)
		}
	}
	slices.Sort(rows)
	return rows
}

// noteWarnings gives the run's warnings about notes under a table.
func noteWarnings(sum outcome.Summary) []string {
	var warned []string
	for _, w := range sum.Warnings {
		if strings.Contains(w.Message, "sob a tabela") {
			warned = append(warned, w.Message)
		}
	}
	return warned
}
