package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"seniorimporter/outcome"
)

// Hostile or sloppy CSV files (issue 12, items 3, 4 and 8): every row keeps its one report
// line, a line that cannot be read as written is invalid with its reason, nothing garbled is
// sent, and reading goes on after it.
func TestRunBadCSVRows(t *testing.T) {
	header := "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n"
	rows := func(n int, at int, bad string) string {
		var b strings.Builder
		b.WriteString(header)
		for i := 2; i <= n; i++ {
			if i == at {
				b.WriteString(bad)
				continue
			}
			fmt.Fprintf(&b, "S%05d;Manutenção nº %d;1\n", i, i)
		}
		return b.String()
	}
	cases := []struct {
		name     string
		content  string
		rows     int
		badRow   int
		reason   string
		wantDesc string // what the simulator must have stored for row 2
	}{
		{"a stray quote on line 5,002 of 5,101", rows(5101, 5002, "S05002;Tubo 3/4\" de cobre;1\n"), 5100, 5002, "aspas sem par", "Manutenção nº 2"},
		{"one invalid byte in a UTF-8 file", rows(300, 150, "S00150;Conex\xe3o;1\n"), 299, 150, "bytes que não são UTF-8 no byte", "Manutenção nº 2"},
		{"UTF-8 past the first MiB of a Windows-1252 file", cp1252Then(wide(1100), "S99999;Ação;1\n"), 1100, 1101, "texto UTF-8 num arquivo lido como Windows-1252", "Manutenção nº 2 " + strings.Repeat("x", 1000)},
		{"a line over 1 MiB", rows(50, 20, "S00020;"+strings.Repeat("x", 2<<20)+";1\n"), 49, 20, "linha com mais de 1048576 bytes", "Manutenção nº 2"},
		{"a field over 32,767 characters", rows(50, 21, "S00021;"+strings.Repeat("é", 40000)+";1\n"), 49, 21, "mais de 32767 caracteres", "Manutenção nº 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			dir := t.TempDir()
			f := writeFile(t, dir, "setCategoriaServico.csv", tc.content)
			cfg := e.settings(dir, f)
			sum, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			lines := readJSONL(t, filepath.Join(dir, "report.jsonl"))
			if len(lines) != tc.rows || sum.ExitCode != outcome.ExitSomeFailed || sum.Outcomes[outcome.Invalid] != 1 || sum.Outcomes[outcome.OK] != tc.rows-1 {
				t.Fatalf("%d report lines, exit %d, outcomes %v; want %d lines, one invalid", len(lines), sum.ExitCode, sum.Outcomes, tc.rows)
			}
			for _, l := range lines {
				if (l.Row == tc.badRow) != (l.Outcome == outcome.Invalid) {
					t.Fatalf("row %d is %s: %s", l.Row, l.Outcome, l.Message)
				}
				if l.Row == tc.badRow && !strings.Contains(l.Message, tc.reason) {
					t.Fatalf("row %d: %q does not say %q", l.Row, l.Message, tc.reason)
				}
			}
			if got := e.sim.Records("setCategoriaServico")[0].Values["CategoriaServicoDescricao"]; got != tc.wantDesc {
				t.Fatalf("stored %q, want %q: the text reached Senior garbled", got, tc.wantDesc)
			}
		})
	}
}

// wide is a CSV of n rows (header included) of about a kilobyte each, accented.
func wide(n int) string {
	var b strings.Builder
	b.WriteString("CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n")
	for i := 2; i <= n; i++ {
		fmt.Fprintf(&b, "S%05d;Manutenção nº %d %s;1\n", i, i, strings.Repeat("x", 1000))
	}
	return b.String()
}

// cp1252Then turns a UTF-8 text of Latin-1 characters into Windows-1252 bytes and appends a
// line that is plainly UTF-8.
func cp1252Then(s, utf8Line string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteByte(byte(r))
	}
	return b.String() + utf8Line
}
