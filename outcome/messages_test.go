package outcome

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestListsAreCapped: whatever a message lists (columns, fields, rows at fault, a row's
// problems), it names the first few and says how many more there are.
func TestListsAreCapped(t *testing.T) {
	million := make([]string, 1_000_000)
	for i := range million {
		million[i] = fmt.Sprint(i + 2)
	}
	long := strings.Repeat("x", 100)
	many := make([]Problem, 25)
	for i := range many {
		many[i] = Problem{Column: fmt.Sprint("c", i), Value: strings.Repeat("v", 300), Reason: "r"}
	}
	cases := []struct {
		name, got, want string
	}{
		{"count pt", PT.Count(999990), "999.990"},
		{"count en", EN.Count(1234567), "1,234,567"},
		{"count small", PT.Count(12), "12"},
		{"a few names", PT.Names([]string{"a", "b"}), "a, b"},
		{"ten names", EN.Names(million[:10]), "2, 3, 4, 5, 6, 7, 8, 9, 10, 11"},
		{"rows at fault pt", PT.RowAtFault(million), "registro inválido por causa da(s) linha(s) 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, +999.990 mais"},
		{"rows at fault en", EN.RowAtFault(million), "record invalid because of row(s) 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, +999,990 more"},
		{"a long name is cut", EN.Names([]string{long}), strings.Repeat("x", 80) + "…"},
		{"missing columns", EN.MissingColumns("f.csv", million[:12]), "f.csv: required columns are missing: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, +2 more"},
		{"a row's problems", EN.Problems(many), strings.Repeat(`column "cN", value "`+strings.Repeat("v", 200)+`…": r; `, 10) + "+15 more"},
		{"unknown columns", EN.UnknownColumns("f.csv", []string{"A", "B"}, 1_000_000), "f.csv: A; B; +999,998 more (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)"},
		{"delimiter hint en, tab", EN.DelimiterHint("f.csv", ';', '\t', 3, 4, 0, true), "f.csv: read with semicolon (;) as the delimiter, no row names the fields the port needs; with tab, row 3 names them all: use --delimiter tab"},
		{"delimiter hint en, more", EN.DelimiterHint("f.csv", ',', '|', 2, 2, 1, false), `f.csv: read with comma (,) as the delimiter, no row names every field the port needs; with vertical bar (|), row 2 names more of them (2, against 1): try --delimiter "|"`},
		{"delimiter hint pt, |", PT.DelimiterHint("f.csv", '\t', '|', 2, 3, 0, true), `f.csv: lido com tabulação como delimitador, nenhuma linha nomeia os campos que a porta exige; com barra vertical (|), a linha 2 nomeia todos: use --delimiter "|"`},
		{"a long unknown column", EN.UnknownColumn(long, nil), `column "` + strings.Repeat("x", 80) + `…": no field has that name`},
	}
	for _, c := range cases {
		got := c.got
		if c.name == "a row's problems" {
			for i := range 10 {
				got = strings.Replace(got, fmt.Sprintf(`"c%d"`, i), `"cN"`, 1)
			}
		}
		if got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestStamp: a moment in the reports is this machine's local time with its zone named by its
// offset: a report written on a server on UTC and read in São Paulo said 00:01 for 21:01.
func TestStamp(t *testing.T) {
	saved := time.Local
	t.Cleanup(func() { time.Local = saved })
	at := time.Date(2026, 12, 2, 0, 1, 0, 0, time.UTC)
	for _, c := range []struct {
		loc  *time.Location
		at   time.Time
		want string
	}{
		{time.UTC, at, "02/12/2026 00:01 UTC"},
		{time.FixedZone("-03", -3*3600), at, "01/12/2026 21:01 UTC-3"},
		{time.FixedZone("IST", 5*3600+1800), at, "02/12/2026 05:31 UTC+5:30"},
		{time.FixedZone("", -(9*3600 + 1800)), at, "01/12/2026 14:31 UTC-9:30"},
	} {
		time.Local = c.loc
		if got := Stamp(c.at); got != c.want {
			t.Errorf("%s: %q, want %q", c.loc, got, c.want)
		}
	}
	if sp, err := time.LoadLocation("America/Sao_Paulo"); err == nil {
		time.Local = sp // Brazil's summer time of 2018: UTC-2
		if got, want := Stamp(time.Date(2018, 11, 4, 12, 0, 0, 0, time.UTC)), "04/11/2018 10:00 UTC-2"; got != want {
			t.Errorf("São Paulo in summer time: %q, want %q", got, want)
		}
	}
	time.Local = time.FixedZone("-03", -3*3600)
	if got, want := PT.AlreadyImported(3, at), "já importado na execução 3 em 01/12/2026 21:01 UTC-3 com os mesmos valores: não enviado de novo"; got != want {
		t.Errorf("message: %q, want %q", got, want)
	}
}

// TestReconciliationSums: a column is followed by its field where it names it otherwise, and
// not repeated where it is the field ("vlrBru (vlrBru)", the finance tester).
func TestReconciliationSums(t *testing.T) {
	for _, c := range []struct {
		column, field, want string
	}{
		{"vlrBru", "vlrBru", "vlrBru: lido 1,00 · enviado 1,00 · aceito 1,00"},
		{"VLRBRU", "vlrBru", "VLRBRU: lido 1,00 · enviado 1,00 · aceito 1,00"},
		{"vlrBru", "itens.vlrBru", "vlrBru (itens.vlrBru): lido 1,00 · enviado 1,00 · aceito 1,00"},
		{"Valor bruto", "vlrBru", "Valor bruto (vlrBru): lido 1,00 · enviado 1,00 · aceito 1,00"},
	} {
		if got := PT.ReconciliationSums(c.column, c.field, "1,00", "1,00", "1,00", ""); got != c.want {
			t.Errorf("%q, %q: %q, want %q", c.column, c.field, got, c.want)
		}
	}
	// A re-run's rows already in Senior: their sum after the accepted one.
	if got, want := PT.ReconciliationSums("vlrBru", "vlrBru", "3,00", "1,00", "1,00", "2,00"), "vlrBru: lido 3,00 · enviado 1,00 · aceito 1,00 · já importado 2,00"; got != want {
		t.Errorf("already: %q, want %q", got, want)
	}
}

// TestSetRowsSet: the count columns a re-import file writes are told in either language, as
// a spreadsheet may have left them (case, spaces around), and no other column is: a user's
// note "#linhas" or "#linhas em" names no set.
func TestSetRowsSet(t *testing.T) {
	for _, c := range []struct {
		header, set string
	}{
		{PT.SetRowsColumn("itens"), "itens"},
		{EN.SetRowsColumn("observacoes"), "observacoes"},
		{" #Linhas em itens ", "itens"},
		{"#ROWS IN itens", "itens"},
		{"#linhas em  valoresComplementares", "valoresComplementares"},
		{"#linhas", ""},
		{"#linhas em", ""},
		{"#linhas em ", ""},
		{"#motivo", ""},
		{"linhas em itens", ""}, // not a note column: a field's header, if any
		{"#linhas de itens", ""},
	} {
		set, ok := SetRowsSet(c.header)
		if set != c.set || ok != (c.set != "") {
			t.Errorf("SetRowsSet(%q) = %q, %v; want %q", c.header, set, ok, c.set)
		}
	}
}

// TestSetRowsMissingSaysWhatToDrop: the message names the files to drop again by the input's
// name (its set file with the input's extension), tells a sheet deleted from a workbook, and
// holds no count but its advice's 0 (the summary's causes group every quote's alike).
func TestSetRowsMissingSaysWhatToDrop(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		file string
		csv  bool
		has  []string
	}{
		{PT, "entrada/GravarOrcamentos-nov.csv", true, []string{"sem as suas linhas em itens", "salvo como CSV", "(GravarOrcamentos-nov.xlsx, com a planilha itens)", "ou GravarOrcamentos-nov.csv com GravarOrcamentos-nov.itens.csv ao lado", "escreva 0 nesta célula"}},
		{PT, `C:\drop\Orc.CSV`, true, []string{"Orc.CSV com Orc.itens.CSV ao lado"}},
		{PT, "GravarOrcamentos-nov.xlsx", false, []string{"GravarOrcamentos-nov.xlsx não tem a planilha itens"}},
		{EN, "GravarOrcamentos-nov.csv", true, []string{"saved as CSV", "GravarOrcamentos-nov.csv with GravarOrcamentos-nov.itens.csv beside it"}},
		{PT, "", false, []string{"nenhuma linha de GravarOrcamentos-nov.xlsx [itens] tem a chave deste registro", "escreva 0 nesta célula"}},
		{EN, "", true, []string{"no row of GravarOrcamentos-nov.itens.csv holds this record's key"}},
	} {
		m := c.lang.SetRowsMissing(c.file, "itens", c.csv, true)
		if c.file == "" { // its set's sheet or file there, its rows with another key
			where := "GravarOrcamentos-nov.xlsx [itens]"
			if c.csv {
				where = "GravarOrcamentos-nov.itens.csv"
			}
			m = c.lang.SetRowsOtherKey("itens", where)
		}
		for _, h := range c.has {
			if !strings.Contains(m, h) {
				t.Errorf("%s %s: %q lacks %q", c.lang, c.file, m, h)
			}
		}
		// An empty cell (a record whose rows were never looked for) is no count to point at.
		if empty := c.lang.SetRowsMissing(c.file, "itens", c.csv, false); c.file != "" && (strings.Contains(empty, "diz quantas") || strings.Contains(empty, "says how many") || !strings.Contains(m, "(")) {
			t.Errorf("%s %s: counted %q, empty cell %q", c.lang, c.file, m, empty)
		}
		if strings.ContainsAny(strings.ReplaceAll(m, " 0 ", " "), "123456789") {
			t.Errorf("%s %s: %q holds a number: a count in it splits the summary's causes", c.lang, c.file, m)
		}
	}
}

// TestRowsAsOriginal: in a re-import file, rows the importer's reason names by number are the
// input's (the file numbers its rows anew), one row or several: "linhas 3, 4" (the rows of no
// record a held record names) was left as it was, and sent the user to other rows. Words that
// only start alike, rows not followed by a number and quoted values are left alone.
func TestRowsAsOriginal(t *testing.T) {
	for _, c := range []struct {
		lang     Lang
		in, want string
	}{
		{PT, "já na linha 8", "já na linha original 8"},
		{PT, "chave 1/20/1 (linhas 3, 4 e mais 2)", "chave 1/20/1 (linhas originais 3, 4 e mais 2)"},
		{PT, "chave 1/20/1 (linhas 3, 4), chave 1/21/1 (linha 6)", "chave 1/20/1 (linhas originais 3, 4), chave 1/21/1 (linha original 6)"},
		{PT, "tem linhas que não são de nenhum registro", "tem linhas que não são de nenhum registro"},
		{PT, `valor "linhas 3, 4": difere`, `valor "linhas 3, 4": difere`},
		{PT, "entrelinhas 3", "entrelinhas 3"},
		{EN, "key 1/20/1 (rows 3, 4), key 1/21/1 (row 6)", "key 1/20/1 (original rows 3, 4), key 1/21/1 (original row 6)"},
		{EN, "has rows that name no record", "has rows that name no record"},
		{EN, "arrows 3", "arrows 3"},
	} {
		if got := c.lang.RowsAsOriginal(c.in); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}
