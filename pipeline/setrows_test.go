package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"seniorimporter/outcome"
	"seniorimporter/templates"
	"seniorimporter/values"
)

// TestSetRowsChecked: a re-import file's "#linhas em SET" column (the rows of a set, in its
// own sheet or file, that the record had when the file was written) is checked against the
// rows the record comes with. A quote that comes back with none (its workbook saved as CSV:
// only the sheet on screen; its item sheet deleted) or with fewer is refused, naming the
// cell; more rows (items added), a count of 0, an empty cell, or no such column (a file the
// importer did not write) change nothing. Each record's counts are what its next re-import
// file writes: the rows it came with, or its count when fewer came (refused, it keeps
// asking for them).
func TestSetRowsChecked(t *testing.T) {
	cat := testCatalogue(t)
	const head = "codEmp;numOct;verOct;tipOpe;#motivo;#linha original;"
	itens := "codEmp;numOct;verOct;seqOci;codPro\n1;1;1;1;P1\n1;1;1;2;P2\n"
	missing := func(file, set string, csv bool) string {
		if file == "" {
			return outcome.EN.SetRowsFewer(set)
		}
		return outcome.EN.SetRowsMissing(file, set, csv, true)
	}
	cases := []struct {
		name  string
		files map[string]string
		book  []bookSheet // a workbook GravarTeste.xlsx instead of files
		want  string
		rows  string // the record's counts, as "set=n ..."
	}{
		{
			name:  "items all there",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2;2\n", "GravarTeste.itens.csv": itens},
			want:  "[2,itens:2,itens:3] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1} itens{codPro=P2 seqOci=2}}\n",
			rows:  "itens=2",
		},
		{
			name:  "the quote sheet saved as CSV alone",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2;2\n"},
			want: "[2] key=1/1/1 INVALID\n  row 2: column \"#linhas em itens\" (G2), value \"2\": " +
				missing("GravarTeste.csv", "itens", true) + "\n",
			rows: "itens=2",
		},
		{
			name:  "the count column in the other language, the file written by a run in Portuguese",
			files: map[string]string{"GravarTeste.csv": head + "#rows in itens\n1;1;1;1;motivo;2;2\n"},
			want: "[2] key=1/1/1 INVALID\n  row 2: column \"#rows in itens\" (G2), value \"2\": " +
				missing("GravarTeste.csv", "itens", true) + "\n",
			rows: "itens=2",
		},
		{
			name:  "an item row taken out",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2;3\n", "GravarTeste.itens.csv": itens},
			want: "[2,itens:2,itens:3] key=1/1/1 INVALID\n  row 2: column \"#linhas em itens\" (G2), value \"3\": " +
				missing("", "itens", true) + "\n",
			rows: "itens=3",
		},
		{
			name:  "an item added",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2;1\n", "GravarTeste.itens.csv": itens},
			want:  "[2,itens:2,itens:3] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1} itens{codPro=P2 seqOci=2}}\n",
			rows:  "itens=2",
		},
		{
			name:  "the items taken out on purpose: the count written 0",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2;0\n"},
			want:  "[2] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1}\n",
			rows:  "itens=0",
		},
		{
			name:  "the count emptied, the items there: how many is not checked",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2; \n", "GravarTeste.itens.csv": itens},
			want:  "[2,itens:2,itens:3] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1} itens{codPro=P2 seqOci=2}}\n",
			rows:  "itens=2",
		},
		{
			name:  "the count emptied, the quote sheet saved as CSV alone: that there were items is known",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2; \n"},
			want: "[2] key=1/1/1 INVALID\n  row 2: column \"#linhas em itens\" (G2): " +
				outcome.EN.SetRowsMissing("GravarTeste.csv", "itens", true, false) + "\n",
		},
		{
			// Its items never looked for: 0 in its re-import file would say "none", and that
			// CSV, its key fixed, would send it bare (a reviewer).
			name:  "a quote whose key is bad, its items in their file: its count left empty",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe\n1;9oo2;1;1\n", "GravarTeste.itens.csv": itens},
			want: "[2] key=1//1 INVALID\n  row 2: column \"numOct\" (B2), value \"9oo2\": is not a number\n" +
				"[2,3] key=1/1/1 INVALID\n  row 2: no record with key 1/1/1: a child row with no parent\n  row 3: no record with key 1/1/1: a child row with no parent\n",
		},
		{
			name:  "a count that is no number",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2;dois\n"},
			want: "[2] key=1/1/1 INVALID\n  row 2: column \"#linhas em itens\" (G2), value \"dois\": " +
				outcome.EN.SetRowsNotCount("itens") + "\n",
		},
		{
			name:  "a file the importer did not write: no count column, no items, as before",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe;#linhas\n1;1;1;1;2\n"},
			want:  "[2] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1}\n",
		},
		{
			name:  "a file the importer did not write, with its set file: counted for its re-import file",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n", "GravarTeste.itens.csv": itens},
			want:  "[2,itens:2,itens:3] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1} itens{codPro=P2 seqOci=2}}\n",
			rows:  "itens=2",
		},
		{
			name:  "a count column of no set of the port is a note",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em parcelas\n1;1;1;1;motivo;2;2\n"},
			want:  "[2] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1}\n",
		},
		{
			name: "a nested set's file left behind, its parent's there",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens;#linhas em valoresComplementares\n1;1;1;1;motivo;2;2;1\n",
				"GravarTeste.itens.csv": itens},
			want: "[2,itens:2,itens:3] key=1/1/1 INVALID\n  row 2: column \"#linhas em valoresComplementares\" (H2), value \"1\": " +
				missing("GravarTeste.csv", "valoresComplementares", true) + "\n",
			rows: "itens=2 valoresComplementares=1",
		},
		{
			name:  "a record without its key: said, the count not checked",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;;1;1;motivo;2;2\n"},
			want:  "[2] key=1//1 INVALID\n  row 2: column \"numOct\" (B2): " + outcome.EN.NoKey("numOct") + "\n",
			rows:  "itens=2",
		},
		{
			name:  "a file refused whole (a required column missing): its counts kept for its next re-import file",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;#motivo;#linha original;#linhas em itens\n1;1;1;motivo;2;2\n"},
			want:  "[2] key= INVALID\n  row 2: " + outcome.EN.MissingColumns("GravarTeste.csv", []string{"tipOpe"}) + "\n",
			rows:  "itens=2",
		},
		{
			name: "a workbook whose item sheet was deleted",
			book: []bookSheet{{name: "orcamento", rows: [][]any{{"codEmp", "numOct", "verOct", "tipOpe", "#motivo", "#linha original", "#linhas em itens"}, {1, 1, 1, 1, "motivo", 2, 2}}}},
			want: "[orcamento:2] key=1/1/1 INVALID\n  row 2: column \"#linhas em itens\" (G2), value \"2\": " +
				missing("GravarTeste.xlsx", "itens", false) + "\n",
			rows: "itens=2",
		},
		{
			name: "a workbook whose quote's key was changed on its own row, not on its items'",
			book: []bookSheet{
				{name: "orcamento", rows: [][]any{{"codEmp", "numOct", "verOct", "tipOpe", "#motivo", "#linha original", "#linhas em itens"}, {1, 5, 1, 1, "motivo", 2, 1}}},
				{name: "itens", rows: [][]any{{"codEmp", "numOct", "verOct", "seqOci", "codPro"}, {1, 1, 1, 1, "P1"}}},
			},
			want: "[orcamento:2] key=1/5/1 INVALID\n  row 2: column \"#linhas em itens\" (G2), value \"1\": " +
				outcome.EN.SetRowsOtherKey("itens", "GravarTeste.xlsx [itens]") + "\n" +
				"[itens:2] key=1/1/1 INVALID\n  row 2: no record with key 1/1/1: a child row with no parent\n",
			rows: "itens=1",
		},
		{
			name:  "the items file there, its rows' key changed",
			files: map[string]string{"GravarTeste.csv": head + "#linhas em itens\n1;1;1;1;motivo;2;2\n", "GravarTeste.itens.csv": strings.ReplaceAll(itens, "1;1;1;", "1;7;1;")},
			want: "[2] key=1/1/1 INVALID\n  row 2: column \"#linhas em itens\" (G2), value \"2\": " +
				outcome.EN.SetRowsOtherKey("itens", "GravarTeste.itens.csv") + "\n" +
				"[2,3] key=1/7/1 INVALID\n  row 2: no record with key 1/7/1: a child row with no parent\n  row 3: no record with key 1/7/1: a child row with no parent\n",
			rows: "itens=2",
		},
		{
			name: "a workbook with its item sheet, a row of it deleted",
			book: []bookSheet{
				{name: "orcamento", rows: [][]any{{"codEmp", "numOct", "verOct", "tipOpe", "#motivo", "#linha original", "#linhas em itens"}, {1, 1, 1, 1, "motivo", 2, 2}}},
				{name: "itens", rows: [][]any{{"codEmp", "numOct", "verOct", "seqOci", "codPro"}, {1, 1, 1, 1, "P1"}}},
			},
			want: "[orcamento:2,itens:2] key=1/1/1 INVALID\n  row 2: column \"#linhas em itens\" (G2), value \"2\": " +
				missing("", "itens", false) + "\n",
			rows: "itens=2",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var dir string
			var files []string
			if c.book != nil {
				dir = t.TempDir()
				files = []string{filepath.Join(dir, "GravarTeste.xlsx")}
				writeBook(t, files[0], c.book)
			} else {
				dir, files = writeFiles(t, c.files)
				files = files[:1] // the record file: its set files come with it
			}
			opt := InputOptions{Lang: "en", Values: values.Options{Locale: values.PtBR, Rounding: values.RoundReject}}
			recs := readRecords(t, cat, files, opt)
			got := strings.ReplaceAll(render(recs), dir+string(filepath.Separator), "")
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
			var rows []string
			for _, r := range recs {
				for _, n := range r.SetRows {
					rows = append(rows, fmt.Sprintf("%s=%d", n.Set, n.Rows))
				}
			}
			if got := strings.Join(rows, " "); got != c.rows {
				t.Errorf("counts %q, want %q", got, c.rows)
			}
		})
	}
}

// TestSetSheetAloneSaid: a quotes file whose columns are those of the itens sheet (the
// workbook's itens sheet on screen, saved as CSV under the workbook's name) is told so, with
// the files to drop, not "did you mean itens.seqOci?" column by column (a reviewer). Columns
// that are not mostly one set's keep their suggestions.
func TestSetSheetAloneSaid(t *testing.T) {
	cat := testCatalogue(t)
	opt := InputOptions{Lang: "en", Values: values.Options{Locale: values.PtBR, Rounding: values.RoundReject}}
	for _, c := range []struct {
		name, header string
		want         string
	}{
		{"the itens sheet alone", "codEmp;numOct;verOct;seqOci;codPro;qtdOci\n",
			outcome.EN.SetSheetAlone("GravarTeste.csv", "GravarTeste.csv", "itens", []string{"seqOci", "codPro"})},
		{"one item column among others of no field", "codEmp;numOct;verOct;tipOpe;seqOci;foo;bar\n",
			outcome.EN.UnknownColumn("seqOci", nil)[:len(`column "seqOci": no field has that name`)]},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, files := writeFiles(t, map[string]string{"GravarTeste.csv": c.header + "1;1;1;1;P1;2;x\n"})
			recs := readRecords(t, cat, files[:1], opt)
			got := strings.ReplaceAll(render(recs), dir+string(filepath.Separator), "")
			if !strings.Contains(got, c.want) {
				t.Errorf("got:\n%s\nwant it to hold:\n%s", got, c.want)
			}
			if c.name == "the itens sheet alone" && strings.Contains(got, "did you mean") {
				t.Errorf("suggestions beside the set's sheet:\n%s", got)
			}
		})
	}
}

// readRecords is every record of the files, read as a run reads them.
func readRecords(t *testing.T, cat *templates.Catalogue, files []string, opt InputOptions) []*Record {
	t.Helper()
	ins, err := OpenInputs(context.Background(), cat, files, opt)
	if err != nil {
		t.Fatal(err)
	}
	var recs []*Record
	for _, in := range ins {
		if err := in.Records(context.Background(), func(r *Record) error { recs = append(recs, r); return nil }); err != nil {
			t.Fatal(err)
		}
		in.Close()
	}
	return recs
}
