package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"seniorimporter/outcome"
)

// TestRetypeAsTextCellFormatted: a code refused because its number cell dropped the leading
// zero (the sample's CEP 01310-100 typed as a number, a CNPJ 06.177.788/0001-92 pasted as
// 6177788000192) is told "formate a coluna como texto e digite de novo"; in the corrigir
// file its cell kept the old format (General), and the clerk who typed 01310100 over the
// red cell, as the guide says to fix the red cells, got a number again in Excel and
// LibreOffice: the fixed file was refused as the first. The corrigir cell is now formatted
// as text (@), so that what is typed into it stays text; other red cells keep their format,
// and the file dropped back unchanged is refused as before. Then the value typed as text
// (as a cell formatted @ takes it) goes to Senior.
func TestRetypeAsTextCellFormatted(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := filepath.Join(dir, "setContas-dez.xlsx")
	writeBook(t, f, []bookSheet{{name: "contas", rows: [][]any{
		{"ContaIdERP", "ContaRazaoSocial", "ContaCep", "ContaCnpj", "ContaEmail"},
		{"40001", "Padaria Pão Paulista Ltda", 1310100, "84.417.632/0001-45", "padaria@paopaulista.com.br"},
		{"40002", "Ótica São Sebastião", "88010-060", 6177788000192, "Márcia <marcia@otica.com.br>"},
	}}})
	corrigir := filepath.Join(dir, "corrigir")
	cfg := e.settings(dir, f)
	cfg.Reimport = corrigir
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Invalid] != 2 {
		t.Fatalf("outcomes %v, %v", sum.Outcomes, err)
	}
	fixed := filepath.Join(corrigir, "setContas-dez.xlsx")
	x, err := excelize.OpenFile(fixed)
	if err != nil {
		t.Fatal(err)
	}
	format := func(cell string) int {
		id, err := x.GetCellStyle("contas", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := x.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st.NumFmt
	}
	// C2 the CEP, D3 the CNPJ: text (49, "@"); E3 the e-mail, a text cell refused for its
	// value: its format as it was (General).
	for cell, want := range map[string]int{"C2": 49, "D3": 49, "E3": 0} {
		if got := format(cell); got != want {
			t.Errorf("corrigir %s: number format %d, want %d", cell, got, want)
		}
	}
	if v, _ := x.GetCellValue("contas", "C2"); v != "1310100" {
		t.Errorf("corrigir C2 holds %q, want the number as it was", v)
	}
	x.Close()

	// Dropped back unchanged: refused as before, for the same reason.
	cfg = e.settings(t.TempDir(), fixed)
	cfg.Reports = []string{filepath.Join(dir, "again.jsonl")}
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.Invalid] != 2 {
		t.Fatalf("unchanged: outcomes %v, %v", sum.Outcomes, err)
	}
	// The clerk types the values into the red cells, as text in the cells formatted so.
	x, err = excelize.OpenFile(fixed)
	if err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]string{"C2": "01310100", "D3": "06177788000192", "E3": "marcia@otica.com.br"} {
		if err := x.SetCellStr("contas", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	x.Close()
	cfg.Reports = []string{filepath.Join(dir, "fixed.jsonl")}
	if sum, err := Run(context.Background(), cfg); err != nil || sum.ExitCode != outcome.ExitOK {
		t.Fatalf("fixed: exit %d, outcomes %v, %v", sum.ExitCode, sum.Outcomes, err)
	}
	got := map[string][2]string{}
	for _, r := range e.sim.Records("setContas") {
		got[r.Key] = [2]string{r.Values["ContaCep"], r.Values["ContaCnpj"]}
	}
	if got["40001"] != [2]string{"01310100", "84.417.632/0001-45"} || got["40002"] != [2]string{"88010-060", "06177788000192"} {
		t.Errorf("Senior holds %q", got)
	}
}
