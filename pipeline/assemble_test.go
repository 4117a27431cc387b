package pipeline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"seniorimporter/outcome"
	"seniorimporter/soap"
	"seniorimporter/templates"
	"seniorimporter/values"
)

// Test ports: small, so each case reads clearly; shaped like GravarOrcamentos (a record set
// with nested sets and child keys) and like a CRM set port.
const testQuote = `
name: GravarTeste
product: g5
service: com.senior.g5.co.mcm.ven.orcamento
operation: GravarTeste
version: 1
access: write
order: 40
record: orcamento
key: [codEmp, numOct, verOct]
answer: {within: result, refused_login: '(?i)credenciais\s+inv[aá]lidas'}
fields:
  - name: orcamento
    type: Set
    fields:
      - {name: codEmp, type: Integer, format: "Number(004)", description: "Código da empresa"}
      - {name: numOct, type: Integer, format: "Number(009)", description: "Número do orçamento"}
      - {name: verOct, type: Integer, format: "Number(003)"}
      - {name: tipOpe, type: String, format: "Number(001)", values: "1=Incluir;2=Alterar;3=Excluir", required: true}
      - {name: datEmi, type: String, format: "Date(DD/MM/YYYY)", description: "Data de emissão"}
      - name: itens
        type: Set
        key: [seqOci]
        fields:
          - {name: seqOci, type: Integer, format: "Number(004)"}
          - {name: codPro, type: String, format: "String(014)", required: true}
          - {name: preUni, type: Double, format: "Number(015,2)", description: "Preço unitário"}
          - name: valoresComplementares
            type: Set
            key: [codTvc]
            fields:
              - {name: codTvc, type: Integer, format: "Number(004)"}
              - {name: vlrTvc, type: Double, format: "Number(015,2)"}
      - name: observacoes
        type: Set
        key: [seqObs]
        fields:
          - {name: seqObs, type: Integer, format: "Number(004)"}
          - {name: txtObs, type: String, format: "String(010)"}
`

const testConta = `
name: setContaTeste
product: crm
operation: ContaTesteDados
version: 1
access: write
order: 20
key: [ContaIdERP]
login: [UsuarioLogin, UsuarioSenha]
answer: {accept: "nonempty:idRegistro"}
fields:
  - {name: ContaIdERP, type: String, required: true}
  - {name: ContaNome, type: String}
  - {name: ContaAniversario, type: String, temporal: date}
  - {name: ContaCodigo, type: String, format: "String(006)"}
  - {name: ContaObs, type: String}
  - name: ContaResponsavel
    type: Set
    fields:
      - {name: ContasResponsavelUsuarioId, type: String}
`

func testCatalogue(t testing.TB) *templates.Catalogue {
	t.Helper()
	cat, err := templates.LoadFS(fstest.MapFS{
		"ports/gravarteste.yaml":   {Data: []byte(testQuote)},
		"ports/setcontateste.yaml": {Data: []byte(testConta)},
	}, "ports")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// render describes records compactly: "<sheet>:<rows> key=<key> <wire>" or the problems.
func render(recs []*Record) string {
	var b strings.Builder
	for _, r := range recs {
		var rows []string
		for _, row := range r.Rows {
			s := fmt.Sprint(row.Line)
			switch {
			case row.Sheet != "":
				s = row.Sheet + ":" + s
			case row.File != r.Rows[0].File: // a CSV set file: name its set
				stem := strings.TrimSuffix(filepath.Base(row.File), filepath.Ext(row.File))
				s = stem[strings.LastIndex(stem, ".")+1:] + ":" + s
			}
			rows = append(rows, s)
		}
		fmt.Fprintf(&b, "[%s] key=%s", strings.Join(rows, ","), r.Key)
		if r.Invalid() {
			b.WriteString(" INVALID")
			idx := make([]int, 0, len(r.Problems))
			for i := range r.Problems {
				idx = append(idx, i)
			}
			sort.Ints(idx)
			for _, i := range idx {
				for _, p := range r.Problems[i] {
					fmt.Fprintf(&b, "\n  row %d: %s", r.Rows[i].Line, outcome.EN.Problem(p))
				}
			}
		} else {
			b.WriteString(" " + wire(r.Wire))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func wire(r *soap.Record) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(r.Values)) {
		parts = append(parts, k+"="+r.Values[k])
	}
	for _, k := range slices.Sorted(maps.Keys(r.Sets)) {
		for _, c := range r.Sets[k] {
			parts = append(parts, k+wire(c))
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func readAll(t *testing.T, cat *templates.Catalogue, files []string, opt InputOptions) (string, []string) {
	t.Helper()
	if opt.Lang == "" {
		opt.Lang = "en"
	}
	if opt.Values.Locale == "" {
		opt.Values = values.Options{Locale: values.PtBR, Rounding: values.RoundReject}
	}
	ins, err := OpenInputs(context.Background(), cat, files, opt)
	if err != nil {
		return "OPEN: " + err.Error() + "\n", nil
	}
	var recs []*Record
	var warns []string
	for _, in := range ins {
		if err := in.Records(context.Background(), func(r *Record) error { recs = append(recs, r); return nil }); err != nil {
			t.Fatalf("Records: %v", err)
		}
		warns = append(warns, in.Warnings...) // at opening, and what reading found
		if u := in.Unimportable(); u != "" {
			warns = append(warns, "UNIMPORTABLE: "+u)
		}
		in.Close()
	}
	return render(recs), warns
}

func writeFiles(t *testing.T, files map[string]string) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	var names []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	sort.Strings(names)
	return dir, names
}

func TestAssembleCSV(t *testing.T) {
	cat := testCatalogue(t)
	cases := []struct {
		name  string
		files map[string]string
		opt   InputOptions
		want  string
		warn  string
	}{
		{
			name: "dotted headers, one row per item, parent columns repeated",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe;datEmi;itens.seqOci;itens.codPro;itens.preUni\n" +
				"1;1001;1;Incluir;31/12/2026;1;P1;1.234,56\n" +
				"1;1001;1;Incluir;31/12/2026;2;P2;350,2\n" +
				"001;1002;1;1;2026-01-05;1;P9;10\n"},
			want: "[2,3] key=1/1001/1 {codEmp=1 datEmi=31/12/2026 numOct=1001 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.56 seqOci=1} itens{codPro=P2 preUni=350.20 seqOci=2}}\n" +
				"[4] key=1/1002/1 {codEmp=1 datEmi=05/01/2026 numOct=1002 tipOpe=1 verOct=1 itens{codPro=P9 preUni=10.00 seqOci=1}}\n",
		},
		{
			name: "headers matched without case, accents, spaces and _; descriptions as aliases; # notes ignored",
			files: map[string]string{"gravarteste-nov.csv": "Código da empresa,NUM_OCT,ver oct,TipOpe,# nota,Data de emissão\n" +
				"1,7,1,incluir,qualquer coisa,1/2/26\n"},
			want: "[2] key=1/7/1 {codEmp=1 datEmi=01/02/2026 numOct=7 tipOpe=1 verOct=1}\n",
		},
		{
			name: "every problem of a row at once; the other rows of the record name the row at fault",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe;datEmi;itens.seqOci;itens.codPro;itens.preUni\n" +
				"1;1001;1;Incluir;31/12/2026;1;P1;1,00\n" +
				"1;1001;1;Incluir;31/12/2026;2;P2;12.50\n" +
				"1;1002;1;Mudar;31/02/2026;1;P1;1,00\n"},
			want: "[2,3] key=1/1001/1 INVALID\n" +
				"  row 3: column \"itens.preUni\" (H3), value \"12.50\": " + reason(t, "itens.preUni", "12.50") + "\n" +
				"[4] key=1/1002/1 INVALID\n" +
				"  row 4: column \"tipOpe\" (D4), value \"Mudar\": " + reason(t, "tipOpe", "Mudar") + "\n" +
				"  row 4: column \"datEmi\" (E4), value \"31/02/2026\": " + reason(t, "datEmi", "31/02/2026") + "\n",
		},
		{
			name: "a parent whose repeated columns disagree",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe;datEmi;itens.seqOci;itens.codPro\n" +
				"1;1001;1;1;31/12/2026;1;P1\n" +
				"1;1001;1;1;30/12/2026;2;P2\n"},
			want: "[2,3] key=1/1001/1 INVALID\n" +
				"  row 3: column \"datEmi\" (E3), value \"30/12/2026\": differs from row 2 of the same record (\"31/12/2026\"): the parent's columns must repeat unchanged\n",
		},
		{
			name: "a duplicate child key names both rows",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n" +
				"1;1001;1;1;1;P1\n" +
				"1;1001;1;1;1;P2\n"},
			want: "[2,3] key=1/1001/1 INVALID\n" +
				"  row 3: itens key 1 repeated (already on row 2)\n",
		},
		{
			name: "a record without its key; a child without its key; a required child field",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n" +
				"1;;1;1;1;P1\n" +
				"1;5;1;1;;P1\n" +
				"1;6;1;1;1;\n"},
			want: "[2] key=1//1 INVALID\n" +
				"  row 2: column \"numOct\" (B2): record without its key: numOct empty\n" +
				"[3] key=1/5/1 INVALID\n" +
				"  row 3: itens without its key (seqOci empty)\n" +
				"[4] key=1/6/1 INVALID\n" +
				"  row 4: column \"itens.codPro\" (F4): required field itens.codPro is empty\n", // the empty cell named: a re-import workbook reds it
		},
		{
			name:  "missing required columns: one file-level error listing them all, every row invalid",
			files: map[string]string{"GravarTeste.csv": "codEmp;numOct;itens.codPro\n1;2;P\n1;3;Q\n"},
			want: "[2] key= INVALID\n  row 2: " + "GravarTeste.csv: required columns are missing: verOct, tipOpe, itens.seqOci\n" +
				"[3] key= INVALID\n  row 3: GravarTeste.csv: required columns are missing: verOct, tipOpe, itens.seqOci\n",
		},
		{
			// A set's file that holds its parent's keys and nothing of its own still names the
			// set: its required columns are missing (its rows would be children of nothing).
			name: "a set file of the parent's keys alone: the set's required columns are missing",
			files: map[string]string{
				"GravarTeste.csv":       "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n",
				"GravarTeste.itens.csv": "codEmp;numOct;verOct\n1;1;1\n",
			},
			want: "[2] key= INVALID\n  row 2: GravarTeste.csv: required columns are missing: itens.seqOci, itens.codPro\n" +
				"[2] key= INVALID\n  row 2: GravarTeste.csv: required columns are missing: itens.seqOci, itens.codPro\n",
		},
		{
			name: "a set file without its parent's key columns",
			files: map[string]string{
				"GravarTeste.csv":       "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n",
				"GravarTeste.itens.csv": "seqOci;codPro\n1;P1\n",
			},
			want: "[2] key= INVALID\n  row 2: GravarTeste.itens.csv: the columns naming the parent record are missing (codEmp, numOct, verOct)\n" + "[2] key= INVALID\n  row 2: GravarTeste.itens.csv: the columns naming the parent record are missing (codEmp, numOct, verOct)\n",
		},
		{
			name: "a nested set's file without its enclosing set's key column",
			files: map[string]string{
				"GravarTeste.csv":                       "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n",
				"GravarTeste.itens.csv":                 "codEmp;numOct;seqOci;codPro\n1;1;1;P1\n",
				"GravarTeste.valoresComplementares.csv": "codEmp;numOct;codTvc;vlrTvc\n1;1;7;1,5\n",
			},
			want: "[2] key= INVALID\n  row 2: GravarTeste.valoresComplementares.csv: the columns naming the parent record are missing (codEmp, numOct, verOct, itens.seqOci)\n" + "[2] key= INVALID\n  row 2: GravarTeste.valoresComplementares.csv: the columns naming the parent record are missing (codEmp, numOct, verOct, itens.seqOci)\n" + "[2] key= INVALID\n  row 2: GravarTeste.valoresComplementares.csv: the columns naming the parent record are missing (codEmp, numOct, verOct, itens.seqOci)\n",
		},
		{
			name: "set files beside the record file, keyed by the parent's key (verOct left out)",
			files: map[string]string{
				"GravarTeste.csv":                       "codEmp;numOct;verOct;tipOpe\n1;1001;1;1\n1;1002;1;1\n",
				"GravarTeste.itens.csv":                 "codEmp;numOct;seqOci;codPro\n1;1001;1;P1\n1;1001;2;P2\n1;1002;1;P3\n",
				"GravarTeste.valoresComplementares.csv": "codEmp;numOct;seqOci;codTvc;vlrTvc\n1;1001;2;7;1,5\n",
				"GravarTeste.observacoes.csv":           "codEmp;numOct;verOct;seqObs;txtObs\n1;1002;1;1;olá\n",
			},
			want: "[2,itens:2,itens:3,valoresComplementares:2] key=1/1001/1 {codEmp=1 numOct=1001 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1} itens{codPro=P2 seqOci=2 valoresComplementares{codTvc=7 vlrTvc=1.50}}}\n" +
				"[3,itens:4,observacoes:2] key=1/1002/1 {codEmp=1 numOct=1002 tipOpe=1 verOct=1 itens{codPro=P3 seqOci=1} observacoes{seqObs=1 txtObs=olá}}\n",
		},
		{
			name: "a child with no parent: no record with its key, and no item with its seqOci",
			files: map[string]string{
				"GravarTeste.csv":                       "codEmp;numOct;verOct;tipOpe\n1;1001;1;1\n",
				"GravarTeste.itens.csv":                 "codEmp;numOct;seqOci;codPro\n1;1001;1;P1\n1;9999;1;P9\n",
				"GravarTeste.valoresComplementares.csv": "codEmp;numOct;seqOci;codTvc;vlrTvc\n1;1001;5;7;1,5\n",
			},
			want: "[2,itens:2,valoresComplementares:2] key=1/1001/1 INVALID\n" +
				"  row 2: child with no parent: no itens with key 5 in this record\n" +
				"[3] key=1/9999 INVALID\n" +
				"  row 3: no record with key 1/9999: a child row with no parent\n",
		},
		{
			name: "set rows out of order are held until their record comes",
			files: map[string]string{
				"GravarTeste.csv":       "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n1;2;1;1\n1;3;1;1\n",
				"GravarTeste.itens.csv": "codEmp;numOct;seqOci;codPro\n1;3;1;C\n1;1;1;A\n1;2;1;B\n1;1;2;A2\n",
			},
			want: "[2,itens:3,itens:5] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1 itens{codPro=A seqOci=1} itens{codPro=A2 seqOci=2}}\n" +
				"[3,itens:4] key=1/2/1 {codEmp=1 numOct=2 tipOpe=1 verOct=1 itens{codPro=B seqOci=1}}\n" +
				"[4,itens:2] key=1/3/1 {codEmp=1 numOct=3 tipOpe=1 verOct=1 itens{codPro=C seqOci=1}}\n",
		},
		{
			name: "without verOct in a set file, two versions of one quote are ambiguous",
			files: map[string]string{
				"GravarTeste.csv":       "codEmp;numOct;verOct;tipOpe\n1;1;1;1\n1;1;2;1\n",
				"GravarTeste.itens.csv": "codEmp;numOct;seqOci;codPro\n1;1;1;A\n",
			},
			want: "[2,itens:2] key=1/1/1 {codEmp=1 numOct=1 tipOpe=1 verOct=1 itens{codPro=A seqOci=1}}\n" +
				"[3] key=1/1/2 INVALID\n" +
				"  row 3: GravarTeste.itens.csv: the rows of key 1/1 were already given to the record at row 2; a key must not repeat when its sets are in their own sheets\n",
		},
		{
			name: "CRM: several children per record, dates and constants from the mapping",
			files: map[string]string{
				"setContaTeste.csv":                  "ContaIdERP,ContaAniversario\nA1,28/02/1980\nA2,30/02/1980\n",
				"setContaTeste.ContaResponsavel.csv": "ContaIdERP,ContasResponsavelUsuarioId\nA1,u1\nA1,u2\n",
			},
			opt: InputOptions{Mapping: &Mapping{cols: map[string]string{}, Constants: map[string]string{"ContaNome": "Cliente"}}},
			want: "[2,ContaResponsavel:2,ContaResponsavel:3] key=A1 {ContaAniversario=28/02/1980 ContaIdERP=A1 ContaNome=Cliente ContaResponsavel{ContasResponsavelUsuarioId=u1} ContaResponsavel{ContasResponsavelUsuarioId=u2}}\n" +
				"[3] key=A2 INVALID\n" +
				"  row 3: column \"ContaAniversario\" (B3), value \"30/02/1980\": " + reason(t, "ContaAniversario", "30/02/1980") + "\n",
		},
		{
			name:  "--ignore-unknown-columns: a column that names no field is a warning",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;Cor favorita\nA1;azul\n"},
			opt:   InputOptions{IgnoreUnknownColumns: true},
			want:  "[2] key=A1 {ContaIdERP=A1}\n",
			warn:  "columns ignored, they name no field of setContaTeste: Cor favorita",
		},
		{
			name:  "a column that names no field and is near none makes every row invalid",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;Cor favorita\nA1;azul\nA2;verde\n"},
			want: "[2] key= INVALID\n  row 2: setContaTeste.csv: column \"Cor favorita\": no field has that name (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)\n" +
				"[3] key= INVALID\n  row 3: setContaTeste.csv: column \"Cor favorita\": no field has that name (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)\n",
		},
		{
			name: "misnamed columns: the nearest names, abbreviations and descriptions; # notes and the parent's keys are not unknown",
			files: map[string]string{
				"GravarTeste.csv":       "codEmp;numOct;verOct;tipOpe;Data emissao;#nota;Preço unitário do item\n1;1;1;1;1/1/26;x;2\n",
				"GravarTeste.itens.csv": "codEmp;numOct;verOct;seqoc;codPro;Preco\n1;1;1;1;P;2\n",
			},
			want: "[2] key= INVALID\n  row 2: GravarTeste.csv: column \"Data emissao\": no field has that name; did you mean datEmi (Data de emissão)?; " +
				"column \"Preço unitário do item\": no field has that name; did you mean itens.preUni (Preço unitário)? (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)" +
				"; GravarTeste.itens.csv: column \"seqoc\": no field has that name; did you mean seqOci?; column \"Preco\": no field has that name; did you mean preUni (Preço unitário)? (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)" +
				"; GravarTeste.csv: required columns are missing: itens.seqOci\n" +
				"[2] key= INVALID\n  row 2: GravarTeste.csv: column \"Data emissao\": no field has that name; did you mean datEmi (Data de emissão)?; " +
				"column \"Preço unitário do item\": no field has that name; did you mean itens.preUni (Preço unitário)? (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)" +
				"; GravarTeste.itens.csv: column \"seqoc\": no field has that name; did you mean seqOci?; column \"Preco\": no field has that name; did you mean preUni (Preço unitário)? (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)" +
				"; GravarTeste.csv: required columns are missing: itens.seqOci\n",
		},
		{
			name:  "a CSV value past the header's columns makes its row invalid (a delimiter in a value shifted the fields)",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;ContaNome\nA1;Ana\nA2;Silva; Ana\nA3;Bia\n"},
			want: "[2] key=A1 {ContaIdERP=A1 ContaNome=Ana}\n" +
				"[3] key=A2 INVALID\n  row 3: value \" Ana\": the row has 3 fields and the header 2 columns: this one (C3) is under no header; a delimiter inside a value shifts the fields after it: put that value in quotes (a note there needs a header that starts with #)\n" +
				"[4] key=A3 {ContaIdERP=A3 ContaNome=Bia}\n",
		},
		{
			// The last field empty, the shifted value lands in it and the field pushed past
			// the end is empty: the row went out with " kit" as the code.
			name:  "a CSV row longer than the file's others, empty past the header, is shifted too",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;ContaObs;ContaCodigo\nA1;Ana;C1\nA2;Peças; kit;\nA3;Bia;C3\nA4;Rua A; 10;;\n"},
			want: "[2] key=A1 {ContaCodigo=C1 ContaIdERP=A1 ContaObs=Ana}\n" +
				"[3] key=A2 INVALID\n  row 3: the row has 4 fields where the file's other rows have 3, the last ones empty from this one (D3) on: a delimiter inside a value not in quotes shifts the fields after it, each into the next field; put that value in quotes (if no value holds one, the line ends in a delimiter too many: delete it)\n" +
				"[4] key=A3 {ContaCodigo=C3 ContaIdERP=A3 ContaObs=Bia}\n" +
				"[5] key=A4 INVALID\n  row 5: the row has 5 fields where the file's other rows have 3, the last ones empty from this one (D5) on: a delimiter inside a value not in quotes shifts the fields after it, each into the next field; put that value in quotes (if no value holds one, the line ends in a delimiter too many: delete it)\n",
		},
		{
			name:  "rows that end in an empty field (a trailing ;) are fine where most rows do",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;ContaObs;ContaCodigo\nA1;Ana;C1;\nA2;Peças; kit;;\nA3;Bia;;\nA4;Clo;C4;\n"},
			want: "[2] key=A1 {ContaCodigo=C1 ContaIdERP=A1 ContaObs=Ana}\n" +
				"[3] key=A2 INVALID\n  row 3: the row has 5 fields where the file's other rows have 4, the last ones empty from this one (E3) on: a delimiter inside a value not in quotes shifts the fields after it, each into the next field; put that value in quotes (if no value holds one, the line ends in a delimiter too many: delete it)\n" +
				"[4] key=A3 {ContaIdERP=A3 ContaObs=Bia}\n" +
				"[5] key=A4 {ContaCodigo=C4 ContaIdERP=A4 ContaObs=Clo}\n",
		},
		{
			// Excel (KB 77295; Stata's FAQ "How Excel writes empty cells") writes the trailing
			// empty fields of a block of rows only where the block holds something in that
			// column: a space typed to clear D6 gave rows 5 to 7 a fourth field and not the
			// others. The rows of such a block are good data; a shifted row is alone.
			name: "rows of a block that Excel wrote with a trailing ; are fine; a row alone is not",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;ContaObs;ContaCodigo\r\nA1;Ana;C1\r\nA2;Bia;C2\r\nA3;Clo;C3\r\n" +
				"A4;Dan;C4;\r\nA5;Eva;; \r\nA6;Fil;C6;\r\nA7;Gil;C7\r\nA8;Peças; kit;\r\nA9;Ivo;C9\r\n"},
			want: "[2] key=A1 {ContaCodigo=C1 ContaIdERP=A1 ContaObs=Ana}\n" +
				"[3] key=A2 {ContaCodigo=C2 ContaIdERP=A2 ContaObs=Bia}\n" +
				"[4] key=A3 {ContaCodigo=C3 ContaIdERP=A3 ContaObs=Clo}\n" +
				"[5] key=A4 {ContaCodigo=C4 ContaIdERP=A4 ContaObs=Dan}\n" +
				"[6] key=A5 {ContaIdERP=A5 ContaObs=Eva}\n" +
				"[7] key=A6 {ContaCodigo=C6 ContaIdERP=A6 ContaObs=Fil}\n" +
				"[8] key=A7 {ContaCodigo=C7 ContaIdERP=A7 ContaObs=Gil}\n" +
				"[9] key=A8 INVALID\n  row 9: the row has 4 fields where the file's other rows have 3, the last ones empty from this one (D9) on: a delimiter inside a value not in quotes shifts the fields after it, each into the next field; put that value in quotes (if no value holds one, the line ends in a delimiter too many: delete it)\n" +
				"[10] key=A9 {ContaCodigo=C9 ContaIdERP=A9 ContaObs=Ivo}\n",
		},
		{
			name:  "the header's own trailing ; counts as a column",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;ContaObs;\nA1;Ana;\nA2;Bia;\n"},
			want:  "[2] key=A1 {ContaIdERP=A1 ContaObs=Ana}\n[3] key=A2 {ContaIdERP=A2 ContaObs=Bia}\n",
		},
		{
			name:  "--header-row: the rows under it tell their width too",
			files: map[string]string{"setContaTeste.csv": "Contas;;\nContaIdERP;ContaObs;ContaCodigo\nA1;Ana;C1;\nA2;Peças; kit;;\nA3;Bia;C3;\n"},
			opt:   InputOptions{HeaderRow: 2},
			want: "[3] key=A1 {ContaCodigo=C1 ContaIdERP=A1 ContaObs=Ana}\n" +
				"[4] key=A2 INVALID\n  row 4: the row has 5 fields where the file's other rows have 4, the last ones empty from this one (E4) on: a delimiter inside a value not in quotes shifts the fields after it, each into the next field; put that value in quotes (if no value holds one, the line ends in a delimiter too many: delete it)\n" +
				"[5] key=A3 {ContaCodigo=C3 ContaIdERP=A3 ContaObs=Bia}\n",
		},
		{
			name:  "a row that repeats the header is invalid (files joined one after the other)",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;ContaNome\nA1;Ana\n ContaIdERP;ContaNome\nA2;Bia\n"},
			want: "[2] key=A1 {ContaIdERP=A1 ContaNome=Ana}\n" +
				"[3] key= INVALID\n  row 3: the row repeats the header (files joined one after the other?): delete it\n" +
				"[4] key=A2 {ContaIdERP=A2 ContaNome=Bia}\n",
		},
		{
			// Excel's "CSV UTF-8" files start with a byte-order mark, and joined with cat or
			// copy /b the second one's is in front of its header, mid-file: that header was
			// read as a record (key "ContaIdERP", name "ContaNome") and sent.
			name:  "a repeated header behind the joined file's byte-order mark is invalid too",
			files: map[string]string{"setContaTeste.csv": "\uFEFFContaIdERP;ContaNome\r\nA1;Ana\r\n\uFEFFContaIdERP;ContaNome\r\nA2;Bia\r\n"},
			want: "[2] key=A1 {ContaIdERP=A1 ContaNome=Ana}\n" +
				"[3] key= INVALID\n  row 3: the row repeats the header (files joined one after the other?): delete it\n" +
				"[4] key=A2 {ContaIdERP=A2 ContaNome=Bia}\n",
		},
		{
			name:  "a file with a header and no row is unimportable when its header has problems",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;Cor favorita\n"},
			want:  "",
			warn:  "UNIMPORTABLE: setContaTeste.csv: no data row, nothing to import; and its header: ",
		},
		{
			name:  "an empty export (a sound header, no row) only warns",
			files: map[string]string{"setContaTeste.csv": "ContaIdERP;ContaNome\n"},
			want:  "",
			warn:  "setContaTeste.csv: no data row, nothing to import",
		},
		{
			name:  "an empty file cannot be imported (an export that failed)",
			files: map[string]string{"setContaTeste.csv": ""},
			want:  "",
			warn:  "UNIMPORTABLE: setContaTeste.csv: empty, not even a header",
		},
		{
			name:  "a file named after no port",
			files: map[string]string{"clientes.csv": "a;b\n1;2\n"},
			want:  "OPEN: clientes.csv: cannot tell which port it is for: its name starts with no port's name (GravarTeste, setContaTeste); rename the file to start with its port's name (setContas-novembro.xlsx), or name the port with --op\n",
		},
	}
	// Each case twice: set rows read ahead held in memory, and every one of them held on disk
	// (maxHeldRows 0): the records are the same.
	for _, held := range []int{maxHeldRows, 0} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/held %d", c.name, held), func(t *testing.T) {
				defer func(n int) { maxHeldRows = n }(maxHeldRows)
				maxHeldRows = held
				dir, files := writeFiles(t, c.files)
				got, warns := readAll(t, cat, files, c.opt)
				got = strings.ReplaceAll(got, dir+string(filepath.Separator), "")
				if got != c.want {
					t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
				}
				if c.warn != "" && !strings.Contains(strings.ReplaceAll(strings.Join(warns, "\n"), dir+string(filepath.Separator), ""), c.warn) {
					t.Errorf("warnings %q lack %q", warns, c.warn)
				}
			})
		}
	}
}

// Set rows read ahead past maxHeldRows wait on disk and come back as they were, in sheet
// order, whatever order they were held in; a row that cannot be read back stops the file
// (the stream's err) rather than leave its record without it.
func TestSetRowsHeldOnDisk(t *testing.T) {
	defer func(n int) { maxHeldRows = n }(maxHeldRows)
	maxHeldRows = 1
	row := func(key string, line int) *parsedRow {
		return &parsedRow{key: key, line: line, vals: []string{key, fmt.Sprint(line)}, bad: []bool{false, line == 6},
			cells: []outcome.Cell{{Text: "ç" + key}}, problems: []outcome.Problem{{Reason: "r" + key}}}
	}
	s := newSetStream(&sheetPlan{}, nil)
	s.ch = make(chan *parsedRow, 8)
	for k, n := range map[string]int32{"A": 3, "B": 2, "C": 1} {
		s.counts[s.hash(k)] = n
	}
	defer s.spill.remove()
	for _, r := range []*parsedRow{row("C", 2), row("A", 3), row("B", 4), row("A", 5), row("B", 6), row("A", 7)} {
		s.ch <- r
	}
	close(s.ch)
	lines := func(rows []*parsedRow) string {
		var b strings.Builder
		for _, r := range rows {
			fmt.Fprintf(&b, "%s%d%v%v%q%s;", r.key, r.line, r.vals, r.bad, r.cells[0].Text, r.problems[0].Reason)
		}
		return b.String()
	}
	if got, want := lines(s.take("A")), `A3[A 3][false false]"çA"rA;A5[A 5][false false]"çA"rA;A7[A 7][false false]"çA"rA;`; got != want {
		t.Errorf("A: %s, want %s", got, want)
	}
	if s.spill.off == 0 || len(s.spans) != 1 || len(s.spans["B"]) != 2 || s.inMem != 1 {
		t.Fatalf("held on disk: %d bytes, spans %v, %d in memory", s.spill.off, s.spans, s.inMem)
	}
	if got, want := lines(s.take("B")), `B4[B 4][false false]"çB"rB;B6[B 6][false true]"çB"rB;`; got != want || s.err != nil {
		t.Errorf("B: %s, %v; want %s", got, s.err, want)
	}
	if got := lines(s.take("C")); got != `C2[C 2][false false]"çC"rC;` {
		t.Errorf("C: %s", got)
	}

	// The file gone under the stream: the row is not given, and err says why.
	s2 := newSetStream(&sheetPlan{}, nil)
	s2.ch = make(chan *parsedRow, 2)
	s2.counts[s2.hash("A")], s2.counts[s2.hash("B")] = 1, 1
	s2.ch <- row("B", 2)
	s2.ch <- row("A", 3)
	close(s2.ch)
	maxHeldRows = 0
	s2.take("A")
	s2.spill.remove()
	s2.spill.f, s2.spill.w = mustTemp(t), bufio.NewWriter(io.Discard)
	if rows := s2.take("B"); len(rows) != 0 || s2.err == nil {
		t.Errorf("a row that cannot be read back: %d rows, err %v", len(rows), s2.err)
	}
	s2.spill.remove()
}

// Parent keys of one hash cost time, never rows: every key made to collide, each take still
// gives exactly its key's rows, in sheet order, held in memory or on disk.
func TestSetRowsKeysCollide(t *testing.T) {
	for _, held := range []int{100, 0} {
		defer func(n int) { maxHeldRows = n }(maxHeldRows)
		maxHeldRows = held
		s := newSetStream(&sheetPlan{}, nil)
		s.hash = func(string) uint64 { return 7 }
		s.ch = make(chan *parsedRow, 16)
		order := []string{"B", "A", "C", "B", "A", "B"}
		for i, k := range order {
			s.ch <- &parsedRow{key: k, line: i + 2, vals: []string{k}}
			s.counts[s.hash(k)]++
		}
		close(s.ch)
		taken := map[string]bool{}
		for _, k := range []string{"A", "C", "A", "B"} { // A twice: the second time, nothing
			var got []string
			for _, r := range s.take(k) {
				got = append(got, fmt.Sprint(r.key, r.line))
			}
			want := map[string][]string{"A": {"A3", "A6"}, "B": {"B2", "B5", "B7"}, "C": {"C4"}}[k]
			if taken[k] {
				want = nil
			}
			taken[k] = true
			if !slices.Equal(got, want) {
				t.Errorf("held %d: take(%s) = %v, want %v", held, k, got, want)
			}
		}
		if len(s.counts) != 0 || s.inMem != 0 || len(s.spans) != 0 {
			t.Errorf("held %d: left counts %v, %d in memory, spans %v", held, s.counts, s.inMem, s.spans)
		}
		s.spill.remove()
	}
}

// A set sheet that gives one record more rows than a record takes (its key column copied
// down) refuses the file: every row of both sheets is reported invalid with why, streamed,
// and none is assembled; at the limit, the record is assembled as any other.
func TestTooManyRowsForOneRecord(t *testing.T) {
	defer func(n, c int) { maxRecordRows, oversizeChunk = n, c }(maxRecordRows, oversizeChunk)
	maxRecordRows, oversizeChunk = 3, 5
	cat := testCatalogue(t)
	items := func(n int) string {
		var b strings.Builder
		b.WriteString("codEmp;numOct;seqOci;codPro\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "1;1001;%d;P%d\n", i, i)
		}
		return b.String() + "1;1002;1;Q\n"
	}
	for _, c := range []struct {
		n       int
		refused bool
	}{{3, false}, {4, true}} {
		dir, files := writeFiles(t, map[string]string{
			"GravarTeste.csv":       "codEmp;numOct;verOct;tipOpe\n1;1001;1;1\n1;1002;1;1\n",
			"GravarTeste.itens.csv": items(c.n),
		})
		got, _ := readAll(t, cat, files, InputOptions{})
		got = strings.ReplaceAll(got, dir+string(filepath.Separator), "")
		why := outcome.EN.TooManyChildRows("GravarTeste.itens.csv", "1/1001", c.n, 3)
		if n := strings.Count(got, why); c.refused != (n == 2+c.n+1) || !c.refused && (n != 0 || strings.Count(got, "INVALID") != 0) {
			t.Errorf("%d item rows: the reason %d times in\n%s", c.n, n, got)
		}
	}

	// Dotted set columns: the record's rows are found as they come; past the limit they go out
	// invalid (in chunks), and the records around it are assembled as any other.
	for _, n := range []int{3, 4, 25} {
		var b strings.Builder
		b.WriteString("codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n1;1000;1;1;1;A\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "1;1001;1;1;%d;P\n", i)
		}
		b.WriteString("1;1002;1;1;1;B\n")
		_, files := writeFiles(t, map[string]string{"GravarTeste.csv": b.String()})
		got, _ := readAll(t, cat, files, InputOptions{})
		why := outcome.EN.TooManyRecordRows("1/1001/1", 3)
		if m := strings.Count(got, why); (n > 3) != (m == n) || n <= 3 && m != 0 ||
			!strings.Contains(got, "key=1/1000/1 {") || !strings.Contains(got, "key=1/1002/1 {") {
			t.Errorf("%d rows of one record: the reason %d times in\n%s", n, m, got)
		}
	}
}

func mustTemp(t *testing.T) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "empty-*")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// reason is what package values says about a value, so these cases test assembly and
// message composition, not the normalisers' wording (tested in package values).
func reason(t *testing.T, path, in string) string {
	t.Helper()
	p := testCatalogue(t).Port("GravarTeste")
	f := p.RecordField(path)
	if f == nil {
		f = testCatalogue(t).Port("setContaTeste").RecordField(path)
	}
	_, err := values.Normalise(f, values.Input{Text: in}, values.Options{Locale: values.PtBR, Rounding: values.RoundReject})
	if err == nil {
		t.Fatalf("%s %q: no error", path, in)
	}
	return reasonOf(err, "en")
}

// TestMappingFiles: a mapping file (YAML or CSV) names columns, gives constants, a locale per
// column and a decimal separator per field; --decimal-separator sets one for every field.
func TestMappingFiles(t *testing.T) {
	cat := testCatalogue(t)
	data := "Empresa;Orçamento;verOct;Produto;itens.seqOci;Preço US$;Valor\n1;7;1;P1;1;1,234.5;2,5\n"
	cases := []struct {
		name, file, mapping string
		data                string // the data file ("" = the one above)
		sep                 values.Separator
		want                string // rendered records, or "ERR: <message part>"
		warn, warn2         string // warnings of the run, when set
	}{
		{
			name: "YAML",
			file: "m.yaml",
			mapping: "columns:\n  Empresa: codEmp\n  Orçamento: numOct\n  Produto: itens.codPro\n  Preço US$: itens.preUni\n  Valor: itens.valoresComplementares.vlrTvc\n" +
				"constants:\n  tipOpe: Incluir\n  itens.valoresComplementares.codTvc: \"9\"\n" +
				"locales:\n  Preço US$: en-US\nseparators:\n  itens.preUni: comma\n",
			want: "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234,50 seqOci=1 valoresComplementares{codTvc=9 vlrTvc=2.50}}}\n",
		},
		{
			name: "CSV",
			file: "m.csv",
			mapping: "column;field;value;locale;separator\nEmpresa;codEmp;;;\nOrçamento;numOct;;;\nProduto;itens.codPro;;;\nPreço US$;itens.preUni;;en-US;\n" +
				"Valor;itens.valoresComplementares.vlrTvc;;;comma\n;tipOpe=1;;;\n;itens.valoresComplementares.codTvc;9;;\n",
			want: "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.50 seqOci=1 valoresComplementares{codTvc=9 vlrTvc=2,50}}}\n",
		},
		{
			name:    "--decimal-separator comma for every field; a bare field name in the mapping wins",
			file:    "m.yaml",
			mapping: "columns:\n  Empresa: codEmp\n  Orçamento: numOct\n  Produto: itens.codPro\n  Preço US$: itens.preUni\n  Valor: itens.valoresComplementares.vlrTvc\nconstants:\n  tipOpe: \"1\"\n  itens.valoresComplementares.codTvc: \"9\"\nlocales:\n  Preço US$: en-US\nseparators:\n  vlrTvc: point\n",
			sep:     values.SepComma,
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234,50 seqOci=1 valoresComplementares{codTvc=9 vlrTvc=2.50}}}\n",
		},
		{
			name: "CSV with ';' whose headers hold commas, rows stopping after their last cell",
			file: "m.csv",
			data: "Empresa, filial;Orçamento;verOct;Produto;itens.seqOci;Preço, US$;Valor\n1;7;1;P1;1;1,234.5;2,5\n",
			mapping: "column;field;value;locale\nEmpresa, filial;codEmp\nOrçamento;numOct\nProduto;itens.codPro\n\"Preço, US$\";itens.preUni;;en-US\n" +
				"Valor;itens.valoresComplementares.vlrTvc\n;tipOpe=1\n;itens.valoresComplementares.codTvc;9\n",
			want: "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.50 seqOci=1 valoresComplementares{codTvc=9 vlrTvc=2.50}}}\n",
		},
		{
			name:    "YAML strip: a field sent with its letters and digits only",
			file:    "m.yaml",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n1;7;1;1;1;AB-12.3/4\n",
			mapping: "strip:\n  - codPro\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=AB1234 seqOci=1}}\n",
		},
		{
			name:    "CSV strip",
			file:    "m.csv",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n1;7;1;1;1;AB-12.3/4\n",
			mapping: "column;field;strip\n;itens.codPro;sim\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=AB1234 seqOci=1}}\n",
		},
		{name: "CSV strip neither yes nor no", file: "m.csv", mapping: "column;field;strip\n;itens.codPro;talvez\n", want: `ERR: line 2: strip "talvez": use sim or não`},
		{
			name:    "CSV: one row maps a column and strips its field (true)",
			file:    "m.csv",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;Produto\n1;7;1;1;1;AB-12.3/4\n",
			mapping: "column;field;strip\nProduto;itens.codPro;true\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=AB1234 seqOci=1}}\n",
		},
		{
			// As a YAML locale by its field reads the field's constant: the row's locale was
			// dropped, and en-US's 2,000 went as 2.00.
			name:    "CSV: a constant's row's locale reads the constant",
			file:    "m.csv",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.preUni\n1;7;1;1;1;P1;\n",
			mapping: "column;field;value;locale\n;itens.preUni;2,000;en-US\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=2000.00 seqOci=1}}\n",
		},
		{
			name:    "CSV: a constant's row's locale reads the constant, field=value",
			file:    "m.csv",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.preUni\n1;7;1;1;1;P1;\n",
			mapping: "column;field;value;locale\n;itens.preUni=2,000;;en-US\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=2000.00 seqOci=1}}\n",
		},
		// A file of one column has no delimiter to sniff: ',' it is, and a pt-BR decimal in a
		// constant was cut at its comma (12,50 sent as 12) without a word.
		{name: "CSV: a constant's comma past the header's one column", file: "m.csv", mapping: "field\nitens.preUni=12,50\n", want: `ERR: line 2: "50" is past the header's last column (field): a value holding ',' goes in quotes`},
		{name: "CSV: a value's comma past the header's columns", file: "m.csv", mapping: "field,value\nitens.codPro,P1\nitens.preUni,12,50\n", want: `ERR: line 3: "50" is past the header's last column (value)`},
		{
			name:    "CSV: empty cells past the header's columns are nothing",
			file:    "m.csv",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n1;7;1;1;1;AB-12.3/4\n",
			mapping: "column;field;strip\n;itens.codPro;sim;; \n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=AB1234 seqOci=1}}\n",
		},
		{
			name: "CSV with tabs",
			file: "m.csv",
			mapping: "column\tfield\tvalue\tlocale\nEmpresa\tcodEmp\nOrçamento\tnumOct\nProduto\titens.codPro\nPreço US$\titens.preUni\t\ten-US\n" +
				"Valor\titens.valoresComplementares.vlrTvc\n\ttipOpe=1\n\titens.valoresComplementares.codTvc\t9\n",
			want: "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.50 seqOci=1 valoresComplementares{codTvc=9 vlrTvc=2.50}}}\n",
		},
		{name: "a separator that is neither point nor comma", file: "m.yaml", mapping: "separators:\n  preUni: virgula\n", want: `ERR: separator "virgula" of field "preUni": use point or comma`},
		{name: "a locale that is not known", file: "m.yaml", mapping: "locales:\n  Valor: fr-FR\n", want: `ERR: locale "fr-FR" of column "Valor": use pt-BR or en-US`},
		{name: "an unknown YAML key", file: "m.yaml", mapping: "colunas:\n  a: b\n", want: `ERR: line 1: unknown key "colunas": a mapping file's keys are columns, constants, locales, separators, strip (columns?)`},
		{name: "a constant outside constants", file: "m.yaml", mapping: "codEmp: 1\n", want: `ERR: unknown key "codEmp": a mapping file's keys are columns, constants, locales, separators, strip (a field's constant goes under constants:`},
		{name: "a constant of two values", file: "m.yaml", mapping: "constants:\n  codEmp: [1, 2]\n", want: "ERR: line 2: a list where one value goes"},
		{name: "a list for the whole file", file: "m.yaml", mapping: "- columns\n", want: "ERR: line 1: a list where keys and values (one per line: Name: value) goes"},
		{name: "a list for columns", file: "m.yaml", mapping: "columns:\n  - Empresa\n", want: "ERR: line 2: a list where keys and values (one per line: Name: value) goes"},
		{name: "an unknown YAML key three letters from any", file: "m.yaml", mapping: "colors:\n  a: b\n", want: `ERR: line 1: unknown key "colors": a mapping file's keys are columns, constants, locales, separators, strip (a field's constant goes under constants:`},
		{name: "strip of one field, not a list", file: "m.yaml", mapping: "strip: codPro\n", want: "ERR: line 1: one value `codPro` where a list (- one per line, or [a, b]) goes"},
		{name: "a CSV separator with no field", file: "m.csv", mapping: "column,field,value,locale,separator\nValor,,,,comma\n", want: "ERR: line 2: a separator needs the field it applies to"},
		{name: "a constant for no field", file: "m.yaml", mapping: "constants:\n  nada: \"1\"\n", want: "OPEN: --mapping: constant nada: GravarTeste has no such field\n"},
		{name: "a constant's field in another case", file: "m.yaml", mapping: "constants:\n  TIPOPE: \"1\"\n", want: "OPEN: --mapping: constant TIPOPE: GravarTeste has no such field (did you mean tipOpe?)\n"},
		{name: "a column's field in another case", file: "m.yaml", data: "codEmp;numOct;verOct;tipOpe;Produto\n1;7;1;1;P1\n", mapping: "columns:\n  Produto: Itens.CODPRO\n",
			want: "[2] key= INVALID\n  row 2: --mapping: column \"Produto\" → \"Itens.CODPRO\": GravarTeste has no such field (did you mean itens.codPro?)\n"},
		{name: "a set's field in another case", file: "m.yaml", mapping: "constants:\n  Itens.CodPro: P1\n", want: "OPEN: --mapping: constant Itens.CodPro: GravarTeste has no such field (did you mean itens.codPro?)\n"},
		{
			// As separators and strip name a field: "1,234" was read as 1.234, in pt-BR.
			name:    "a locale by its field's name",
			file:    "m.yaml",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.preUni\n1;7;1;1;1;P1;1,234\n1;8;1;1;1;P1;2,000\n",
			mapping: "locales:\n  preUni: en-US\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.00 seqOci=1}}\n[3] key=1/8/1 {codEmp=1 numOct=8 tipOpe=1 verOct=1 itens{codPro=P1 preUni=2000.00 seqOci=1}}\n",
		},
		{
			name:    "a locale by its field's dotted path",
			file:    "m.yaml",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;Preço\n1;7;1;1;1;P1;1,234\n",
			mapping: "columns:\n  Preço: itens.preUni\nlocales:\n  ITENS.PREUNI: en-US\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.00 seqOci=1}}\n",
		},
		{
			name:    "a separator that names no field is a warning",
			file:    "m.yaml",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.preUni\n1;7;1;1;1;P1;1,5\n",
			mapping: "separators:\n  itens.preUnx: comma\n  preUni: comma\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1,50 seqOci=1}}\n",
			warn:    "--mapping: separators names itens.preUnx, which is no field of the files read (name a field as the documentation spells it, by its name or its dotted path): that separator was applied to nothing, and the numbers went by Senior's rule",
		},
		{
			name:    "a locale by its field reads the field's constant too",
			file:    "m.yaml",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.preUni\n1;7;1;1;1;P1;\n1;8;1;1;1;P1;1,234.5\n",
			mapping: "locales:\n  itens.preUni: en-US\nconstants:\n  itens.preUni: \"1,234.5\"\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.50 seqOci=1}}\n[3] key=1/8/1 {codEmp=1 numOct=8 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.50 seqOci=1}}\n",
		},
		{
			name:    "a locale that names no column is a warning",
			file:    "m.yaml",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.preUni\n1;7;1;1;1;P1;1,5\n",
			mapping: "locales:\n  itens.preUnx: en-US\n  Preço: en-US\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1.50 seqOci=1}}\n",
			warn:    "--mapping: locales names Preço, itens.preUnx, which is no column of the files read (name a column by its header as written in the file, or by its field): that locale was applied to nothing, and the numbers were read in the run's locale",
		},
		{
			name:    "a locale a column took by its header is not warned of, beside one no column took",
			file:    "m.yaml",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;Preço\n1;7;1;1;1;P1;1,234.5\n",
			mapping: "columns:\n  Preço: itens.preUni\nlocales:\n  Preço: en-US\n  Valor US$: en-US\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1234.50 seqOci=1}}\n",
			warn:    "--mapping: locales names Valor US$, which is no column of the files read (name a column by its header as written in the file, or by its field): that locale was applied to nothing, and the numbers were read in the run's locale",
		},
		{
			// One mapping for the ports of a drop folder: another port's fields are no typo.
			name:    "a shared mapping's keys for another port's fields are not warned of",
			file:    "m.yaml",
			data:    "codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro;itens.preUni\n1;7;1;1;1;P1;1,5\n",
			mapping: "locales:\n  itens.preUnx: en-US\n  ContaNome: en-US\n  contaresponsavel.ContasResponsavelUsuarioId: en-US\nseparators:\n  ContaNome: comma\n  itens.preUnx: comma\n",
			want:    "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 preUni=1.50 seqOci=1}}\n",
			warn:    "--mapping: locales names itens.preUnx, which is no column of the files read (name a column by its header as written in the file, or by its field): that locale was applied to nothing, and the numbers were read in the run's locale",
			warn2:   "--mapping: separators names itens.preUnx, which is no field of the files read (name a field as the documentation spells it, by its name or its dotted path): that separator was applied to nothing, and the numbers went by Senior's rule",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := data
			if c.data != "" {
				body = c.data
			}
			dir, files := writeFiles(t, map[string]string{"GravarTeste.csv": body, c.file: c.mapping})
			m, err := LoadMapping(filepath.Join(dir, c.file), outcome.EN)
			if err != nil {
				if !strings.HasPrefix(c.want, "ERR: ") || !strings.Contains(err.Error(), strings.TrimPrefix(c.want, "ERR: ")) {
					t.Fatalf("LoadMapping: %v; want %s", err, c.want)
				}
				return
			}
			if strings.HasPrefix(c.want, "ERR: ") {
				t.Fatalf("LoadMapping accepted it; want %s", c.want)
			}
			opt := InputOptions{Mapping: m, Values: values.Options{Locale: values.PtBR, Rounding: values.RoundReject, Separator: c.sep}}
			got, warns := readAll(t, cat, files[:1], opt)
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
			if c.warn2 != "" && !slices.Contains(warns, c.warn2) {
				t.Errorf("warnings %q; want %q", warns, c.warn2)
			}
			if c.warn != "" && !slices.Contains(warns, c.warn) {
				t.Errorf("warnings %q; want %q", warns, c.warn)
			}
		})
	}
}

// TestConstantsAndCells: a mapping's (or a job step's) constant fills the cells of its field
// left empty, in the record's rows, in a set sheet's key columns and in a set's own fields; a
// cell that says otherwise (company 2 where the job says codEmp=1) makes its row invalid,
// naming the cell and the constant, and neither value goes (an auditor found the file's 2 sent
// without a word where the job said "whatever the file says").
func TestConstantsAndCells(t *testing.T) {
	cat := testCatalogue(t)
	cases := []struct {
		name    string
		files   map[string]string
		mapping string
		want    string
	}{
		{
			name:    "record field: empty, equal, other",
			files:   map[string]string{"GravarTeste.csv": "tipOpe;codEmp;numOct;verOct\n1;;7;1\n1;01;8;1\n1;2;9;1\n"},
			mapping: "constants:\n  codEmp: \"1\"\n",
			want: "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1}\n[3] key=1/8/1 {codEmp=1 numOct=8 tipOpe=1 verOct=1}\n" +
				// Not also "record without its key: codEmp empty": the cell holds 2, its problem says why
				// the key lacks it (the docs tester).
				"[4] key=/9/1 INVALID\n  row 4: column \"codEmp\" (B4), value \"2\": differs from the constant codEmp=1 of the mapping or the job: empty the cell (it then takes the constant) or drop the constant\n",
		},
		{
			name: "a set sheet's key column: empty takes the constant, other is no key of a record",
			files: map[string]string{
				"GravarTeste.csv":       "tipOpe;numOct;verOct\n1;7;1\n",
				"GravarTeste.itens.csv": "codEmp;numOct;verOct;seqOci;codPro\n;7;1;1;P1\n1;7;1;2;P2\n2;7;1;3;P3\n",
			},
			mapping: "constants:\n  codEmp: \"1\"\n",
			want: "[2,itens:2,itens:3] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1} itens{codPro=P2 seqOci=2}}\n" +
				"[4] key=2/7/1 INVALID\n  row 4: column \"codEmp\" (A4), value \"2\": differs from the constant codEmp=1 of the mapping or the job: empty the cell (it then takes the constant) or drop the constant\n  row 4: no record with key 2/7/1: a child row with no parent\n",
		},
		{
			name:    "a set's field",
			files:   map[string]string{"GravarTeste.csv": "tipOpe;codEmp;numOct;verOct;itens.seqOci;itens.codPro\n1;1;7;1;1;P1\n1;1;8;1;1;P9\n"},
			mapping: "constants:\n  itens.codPro: P1\n",
			want: "[2] key=1/7/1 {codEmp=1 numOct=7 tipOpe=1 verOct=1 itens{codPro=P1 seqOci=1}}\n" +
				"[3] key=1/8/1 INVALID\n  row 3: column \"itens.codPro\" (F3), value \"P9\": differs from the constant itens.codPro=P1 of the mapping or the job: empty the cell (it then takes the constant) or drop the constant\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.files["m.yaml"] = c.mapping
			dir, _ := writeFiles(t, c.files)
			m, err := LoadMapping(filepath.Join(dir, "m.yaml"), outcome.EN)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := readAll(t, cat, []string{filepath.Join(dir, "GravarTeste.csv")}, InputOptions{Mapping: m})
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestAssembleXLSXSheets: the record sheet is the first visible one (or the one named after
// the port's top set), a sheet named after a set holds it, and hidden sheets are ignored
// unless named with --sheet.
func TestAssembleXLSXSheets(t *testing.T) {
	cat := testCatalogue(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "setContaTeste.xlsx")
	x := excelize.NewFile()
	sheets := []struct {
		name   string
		hidden bool
		rows   [][]any
	}{
		{"rascunho", true, [][]any{{"ContaIdERP", "ContaNome"}, {"X9", "não enviar"}}},
		{"dados", false, [][]any{{"ContaIdERP", "ContaNome", "ContaAniversario"}, {"A1", "Ana", 29221}}},
		{"ContaResponsavel", true, [][]any{{"ContaIdERP", "ContasResponsavelUsuarioId"}, {"A1", "u1"}}},
	}
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
	style, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	x.SetCellStyle("dados", "C2", "C2", style)
	x.SetActiveSheet(1)
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
	x.Close()

	got, warns := readAll(t, cat, []string{path}, InputOptions{})
	if want := "[dados:2] key=A1 {ContaAniversario=01/01/1980 ContaIdERP=A1 ContaNome=Ana}\n"; got != want {
		t.Errorf("hidden sheets not ignored:\ngot:\n%s\nwant:\n%s", got, want)
	}
	// The hidden set sheet is said not read, its rows not sent (a tester's hidden itens
	// sheet: quotes went without items, exit 0, after "ignorada"); the draft says nothing.
	if w := strings.Join(warns, "\n"); !strings.Contains(w, outcome.EN.HiddenSheetIgnored("ContaResponsavel")) || strings.Contains(w, "rascunho") {
		t.Errorf("warnings: %q", warns)
	}
	got, _ = readAll(t, cat, []string{path}, InputOptions{Sheets: []string{"dados", "ContaResponsavel"}})
	if want := "[dados:2,ContaResponsavel:2] key=A1 {ContaAniversario=01/01/1980 ContaIdERP=A1 ContaNome=Ana ContaResponsavel{ContasResponsavelUsuarioId=u1}}\n"; got != want {
		t.Errorf("a hidden set sheet named with --sheet:\ngot:\n%s\nwant:\n%s", got, want)
	}
	got, _ = readAll(t, cat, []string{path}, InputOptions{Sheets: []string{"DADOS", "Dados 2"}})
	if want := `OPEN: setContaTeste.xlsx: no sheet named Dados 2 (its sheets: "rascunho", "dados", "ContaResponsavel")`; !strings.HasPrefix(strings.ReplaceAll(got, dir+string(filepath.Separator), ""), want) {
		t.Errorf("a --sheet the workbook does not have:\n%s\nwant %s", got, want)
	}
}

// FuzzLoadMapping: any mapping file is read or refused with an error, never a panic; what is
// read can be applied to a file's headers.
func FuzzLoadMapping(f *testing.F) {
	f.Add("columns:\n  Empresa: codEmp\nconstants:\n  tipOpe: \"1\"\nlocales:\n  Valor: en-US\nseparators:\n  preUni: comma\n", true)
	f.Add("column;field;value;locale;separator\nEmpresa;codEmp;;;\n;tipOpe=1;;;\nValor;itens.preUni;;en-US;comma\n", false)
	f.Add("columns: [", true)
	f.Add("column,field\n\"a,b\n", false)
	cat := testCatalogue(f)
	dir := f.TempDir()
	data := filepath.Join(dir, "GravarTeste.csv")
	if err := os.WriteFile(data, []byte("Empresa;numOct;verOct;tipOpe;Valor\n1;2;1;1;3\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string, yaml bool) {
		name := filepath.Join(t.TempDir(), "m.csv")
		if yaml {
			name = filepath.Join(filepath.Dir(name), "m.yaml")
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := LoadMapping(name, outcome.EN)
		if err != nil {
			return
		}
		ins, err := OpenInputs(context.Background(), cat, []string{data}, InputOptions{Mapping: m, Lang: "en",
			Values: values.Options{Locale: values.PtBR, Rounding: values.RoundReject}})
		if err != nil {
			return
		}
		for _, in := range ins {
			_ = in.Records(context.Background(), func(*Record) error { return nil })
			in.Close()
		}
	})
}

// TestOpenInputsFolder: a folder given as input is the files in it that are read, in name
// order, a link to a file among them; an earlier run's report there (no port's name) is skipped
// and said once, lock files, hidden files, other extensions and subfolders are left alone; a set file goes with its
// record file; a folder with nothing to import is an error.
func TestOpenInputsFolder(t *testing.T) {
	cat := testCatalogue(t)
	dir, _ := writeFiles(t, map[string]string{
		"setContaTeste-b.csv":     "ContaIdERP\nB1\n",
		"setContaTeste-a.csv":     "ContaIdERP\nA1\n",
		"GravarTeste.csv":         "codEmp;numOct;verOct;tipOpe;datEmi;itens.seqOci;itens.codPro\n1;1;1;1;1/1/26;1;P\n",
		"report.csv":              "a;b\n1;2\n",
		"~$setContaTeste-c.xlsx":  "lock",
		".setContaTeste-d.csv":    "ContaIdERP\nD1\n",
		"setContaTeste-notes.pdf": "%PDF",
		"setContaTeste-velha.xls": "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest",
		"setContaTeste-calc.ods":  "PK\x03\x04rest",
		"notas.ods":               "PK\x03\x04rest",
	})
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "sub", "setContaTeste-e.csv"), []byte("ContaIdERP\nE1\n"), 0o644)
	if err := os.Symlink(filepath.Join(dir, "sub", "setContaTeste-e.csv"), filepath.Join(dir, "setContaTeste-link.csv")); err != nil {
		t.Fatal(err)
	}
	ins, err := OpenInputs(context.Background(), cat, []string{dir}, InputOptions{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var names, warns, unread []string
	for _, in := range ins {
		names = append(names, filepath.Base(in.File))
		warns = append(warns, in.Warnings...)
		for _, p := range in.Unread {
			unread = append(unread, p.File+" | "+p.Message)
		}
		in.Close()
	}
	// A spreadsheet named after a port in a format not read was meant to be imported: each is a
	// problem of the run, not passed over (a spreadsheet named after none is left alone).
	calc, velha := filepath.Join(dir, "setContaTeste-calc.ods"), filepath.Join(dir, "setContaTeste-velha.xls")
	if want := []string{calc + " | " + calc + ": " + outcome.EN.FormatODS(), velha + " | " + velha + ": " + outcome.EN.FormatXLS()}; !slices.Equal(unread, want) {
		t.Errorf("unread %q, want %q", unread, want)
	}
	if want := []string{"GravarTeste.csv", "setContaTeste-a.csv", "setContaTeste-b.csv", "setContaTeste-link.csv"}; !slices.Equal(names, want) {
		t.Errorf("inputs %q, want %q", names, want)
	}
	if want := []string{dir + ": files skipped, their names start with no port's name: report.csv"}; !slices.Equal(warns, want) {
		t.Errorf("warnings %q, want %q", warns, want)
	}

	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "README.md"), []byte("notes"), 0o644)
	_, err = OpenInputs(context.Background(), cat, []string{empty}, InputOptions{Lang: "en"})
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), empty+": no file to import in this folder") {
		t.Errorf("a folder with nothing to import: %v, want a configuration error", err)
	}
	os.WriteFile(filepath.Join(empty, "setContaTeste.xlsb"), []byte("PK\x03\x04rest"), 0o644)
	_, err = OpenInputs(context.Background(), cat, []string{empty}, InputOptions{Lang: "en"})
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), outcome.EN.FormatXLSB()) {
		t.Errorf("a folder with only an .xlsb to import: %v, want a configuration error saying why", err)
	}
}

// TestOpenInputsPattern: a pattern that reaches the importer unexpanded (a systemd unit, a
// quoted cron line) stands for the files it matches, sorted, as a shell's would; one that
// matches nothing stops the run, as in a job file; a file whose name holds a * is itself; a
// missing file is missing, whatever its name.
func TestOpenInputsPattern(t *testing.T) {
	cat := testCatalogue(t)
	dir, _ := writeFiles(t, map[string]string{
		"setContaTeste-b.csv": "ContaIdERP\nB1\n",
		"setContaTeste-a.csv": "ContaIdERP\nA1\n",
		"setContaTeste-*.csv": "ContaIdERP\nS1\n",
		"GravarTeste.csv":     "codEmp;numOct;verOct;tipOpe;datEmi;itens.seqOci;itens.codPro\n1;1;1;1;1/1/26;1;P\n",
	})
	names := func(files ...string) []string {
		t.Helper()
		ins, err := OpenInputs(context.Background(), cat, files, InputOptions{Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, in := range ins {
			out = append(out, filepath.Base(in.File))
			in.Close()
		}
		return out
	}
	if got, want := names(filepath.Join(dir, "setContaTeste-[a-z].csv")), []string{"setContaTeste-a.csv", "setContaTeste-b.csv"}; !slices.Equal(got, want) {
		t.Errorf("a pattern: inputs %q, want %q", got, want)
	}
	if got, want := names(filepath.Join(dir, "setContaTeste-*.csv")), []string{"setContaTeste-*.csv"}; !slices.Equal(got, want) {
		t.Errorf("a file named like a pattern: inputs %q, want %q", got, want)
	}
	if got, want := names(filepath.Join(dir, "set*-b.csv"), filepath.Join(dir, "*.csv")), []string{"setContaTeste-b.csv", "GravarTeste.csv", "setContaTeste-*.csv", "setContaTeste-a.csv"}; !slices.Equal(got, want) {
		t.Errorf("two patterns: inputs %q, want %q", got, want)
	}
	var ce *ConfigError
	for _, tc := range []struct{ file, want string }{
		{filepath.Join(dir, "setContaTeste-2027*.csv"), outcome.EN.NoFileMatches(filepath.Join(dir, "setContaTeste-2027*.csv"))},
		{filepath.Join(dir, "notas*.csv"), outcome.EN.NoFileMatches(filepath.Join(dir, "notas*.csv"))},
		{filepath.Join(dir, "notas.csv"), filepath.Join(dir, "notas.csv") + ": " + outcome.EN.FileMissing()},
	} {
		_, err := OpenInputs(context.Background(), cat, []string{tc.file}, InputOptions{Lang: "en"})
		if !errors.As(err, &ce) || err.Error() != tc.want {
			t.Errorf("%s: %v, want a configuration error %q", filepath.Base(tc.file), err, tc.want)
		}
	}
}

// TestManyChildren: past indexFrom children of one set, a child's key is looked up in an
// index: a repeated key is still found (naming the first row that had it), a later key that
// is new is still a new child, and a set file's rows still find their item among many.
func TestManyChildren(t *testing.T) {
	const n = 3 * indexFrom
	var quote, extras strings.Builder
	quote.WriteString("codEmp;numOct;verOct;tipOpe;itens.seqOci;itens.codPro\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&quote, "1;1001;1;1;%d;P%d\n", i, i)
	}
	fmt.Fprintf(&quote, "1;1001;1;1;%d;P%d\n", 3, 99)   // row n+2: seqOci 3 again (row 4)
	fmt.Fprintf(&quote, "1;1001;1;1;%d;P%d\n", n+1, 99) // row n+3: a new one after the index
	fmt.Fprintf(&quote, "1;1001;1;1;%d;P%d\n", n+1, 98) // row n+4: that one again
	extras.WriteString("codEmp;numOct;seqOci;codTvc;vlrTvc\n")
	fmt.Fprintf(&extras, "1;1001;%d;7;1,5\n", n-1) // an item among the many: found
	fmt.Fprintf(&extras, "1;1001;%d;7;1,5\n", n+9) // no such item
	_, files := writeFiles(t, map[string]string{"GravarTeste.csv": quote.String(), "GravarTeste.valoresComplementares.csv": extras.String()})
	got, _ := readAll(t, testCatalogue(t), files, InputOptions{})
	for _, want := range []string{
		fmt.Sprintf("row %d: itens key 3 repeated (already on row 4)", n+2),
		fmt.Sprintf("row %d: itens key %d repeated (already on row %d)", n+4, n+1, n+3),
		fmt.Sprintf("row 3: child with no parent: no itens with key %d in this record", n+9),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if c := strings.Count(got, "\n  row "); c != 3 {
		t.Errorf("%d problems, want 3:\n%s", c, got)
	}
}

// TestFolderSpreadsheetNotRead: a nightly `run pasta/` where someone saved setContas as .xls
// imports the rest and ends with exit 1, the file named with how to save it, not exit 0 with
// the file passed over.
func TestFolderSpreadsheetNotRead(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Serviço;1\n")
	old := writeFile(t, dir, "setContas.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{dir}, Quiet: true, Input: InputOptions{Lang: outcome.PT}})
	if err != nil {
		t.Fatal(err)
	}
	want := []outcome.FileProblem{{File: old, Message: old + ": " + outcome.PT.FormatXLS()}}
	if sum.ExitCode != outcome.ExitSomeFailed || sum.Outcomes[outcome.Valid] != 1 || !slices.Equal(sum.FileProblems, want) {
		t.Errorf("exit %d, %v, file problems %q; want exit 1, 1 valid, %q", sum.ExitCode, sum.Outcomes, sum.FileProblems, want)
	}
}

// TestPortNamed: a file is its port's when its name starts with the port's name compared as
// headers are, so a Brazilian who writes the port's Portuguese words with their accents
// (GravarOrçamentos, setCategoriaServiço; macOS spells them decomposed) or a space is not told
// the file is nobody's.
func TestPortNamed(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"CarregarOrcamentos_3.csv":        "CarregarOrcamentos_3",
		"carregarorcamentos.xlsx":         "CarregarOrcamentos",
		"CarregarOrcamentos-3.csv":        "CarregarOrcamentos",
		"in/GravarOrcamentos-nov.xlsx":    "GravarOrcamentos",
		"GravarOrçamentos-jan.xlsx":       "GravarOrcamentos",
		"GravarOrc\u0327amentos-jan.xlsx": "GravarOrcamentos", // NFD, as macOS writes it
		"GravarOr\xe7amentos-jan.csv":     "GravarOrcamentos", // Windows-1252, as it came by FTP
		"setCategoriaServi\xe7o.csv":      "setCategoriaServico",
		"Or\xe7amentos-setContas.csv":     "",
		"setcontas.csv":                   "setContas",
		"setContasX.csv":                  "setContas",
		"SETCATEGORIASERVICO 2026.csv":    "setCategoriaServico",
		"setCategoriaServiço.csv":         "setCategoriaServico",
		"Set Categoria Despesa.csv":       "setCategoriaDespesa",
		"clientes.csv":                    "",
		"Orçamentos-setContas.csv":        "",
	}
	for file, want := range cases {
		got := ""
		if p := PortNamed(cat, file); p != nil {
			got = p.Name
		}
		if got != want {
			t.Errorf("%s: %q, want %q", file, got, want)
		}
	}
	// A folder's files so named are imported, not passed over as named after no port.
	dir := t.TempDir()
	writeFile(t, dir, "setCategoriaServiço-dez.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Serviço;1\n")
	writeFile(t, dir, "GravarOrc\u0327amentos-dez.csv", "codEmp;numOct;verOct;tipOpe;codCli;datEmi\n1;7;1;1;5;01/12/2026\n")
	writeFile(t, dir, "GravarOr\xe7amentos-nov.csv", "codEmp;numOct;verOct;tipOpe;codCli;datEmi\n1;8;1;1;5;01/11/2026\n")
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{dir}, Quiet: true, Input: InputOptions{Lang: outcome.PT}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 3 || len(sum.Warnings) != 0 {
		t.Errorf("%d rows, %v, warnings %v; want the three files read", sum.Rows, sum.Outcomes, sum.Warnings)
	}
}

// TestAssembleXLSXSheetsNamed: --sheet reads the sheets named and the visible sheets of the
// port's sets, whatever their order; no other sheet. A named sheet once found was forgotten
// and every sheet after it read: with the set's sheet first, the accounts went without their
// responsibles, with it last, with them, and a sheet of notes after the named one was read.
func TestAssembleXLSXSheetsNamed(t *testing.T) {
	cat := testCatalogue(t)
	sheets := map[string][][]any{
		"dados":            {{"ContaIdERP", "ContaNome"}, {"A1", "Ana"}},
		"ContaResponsavel": {{"ContaIdERP", "ContasResponsavelUsuarioId"}, {"A1", "u1"}},
		"notas":            {{"ContaIdERP", "ContaNome"}, {"N1", "não importar"}},
		"oculta":           {{"ContaIdERP", "ContaNome"}, {"H1", "oculta"}},
	}
	const withChild = "[dados:2,ContaResponsavel:2] key=A1 {ContaIdERP=A1 ContaNome=Ana ContaResponsavel{ContasResponsavelUsuarioId=u1}}\n"
	for _, c := range []struct {
		order  []string
		hidden string
		sheets []string
		want   string
	}{
		{[]string{"ContaResponsavel", "dados", "notas"}, "", []string{"dados"}, withChild},
		{[]string{"dados", "notas", "ContaResponsavel"}, "", []string{"dados"}, withChild},
		{[]string{"notas", "dados", "ContaResponsavel"}, "", []string{"dados"}, withChild},
		// The set's rows are read with the sheet named, and said to have no parent there:
		// every row of a sheet read ends in a report line. The record named, with none of
		// them, may be theirs (its key mistyped on them): not sent.
		{[]string{"dados", "ContaResponsavel", "notas"}, "", []string{"notas"},
			"[notas:2] key=N1 INVALID\n  row 2: " + outcome.EN.SetRowsOrphaned("ContaResponsavel", "setContaTeste.xlsx [ContaResponsavel]",
				outcome.EN.OrphanRows("A1", "2"), "#rows in ContaResponsavel") +
				"\n[ContaResponsavel:2] key=A1 INVALID\n  row 2: no record with key A1: a child row with no parent\n"},
		// A hidden set sheet goes only when named, as without --sheet.
		{[]string{"dados", "ContaResponsavel"}, "ContaResponsavel", []string{"dados"}, "[dados:2] key=A1 {ContaIdERP=A1 ContaNome=Ana}\n"},
		{[]string{"dados", "ContaResponsavel"}, "ContaResponsavel", []string{"dados", "contaresponsavel"}, withChild},
		{[]string{"dados", "oculta"}, "oculta", []string{"oculta"}, "[oculta:2] key=H1 {ContaIdERP=H1 ContaNome=oculta}\n"},
	} {
		t.Run(strings.Join(c.order, ",")+"/"+strings.Join(c.sheets, ","), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "setContaTeste.xlsx")
			x := excelize.NewFile()
			for i, name := range c.order {
				if i == 0 {
					if err := x.SetSheetName("Sheet1", name); err != nil {
						t.Fatal(err)
					}
				} else if _, err := x.NewSheet(name); err != nil {
					t.Fatal(err)
				}
				for r, row := range sheets[name] {
					cell, _ := excelize.CoordinatesToCellName(1, r+1)
					if err := x.SetSheetRow(name, cell, &row); err != nil {
						t.Fatal(err)
					}
				}
			}
			if c.hidden != "" {
				if err := x.SetSheetVisible(c.hidden, false); err != nil {
					t.Fatal(err)
				}
			}
			if err := x.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			x.Close()
			got, warns := readAll(t, cat, []string{path}, InputOptions{Sheets: c.sheets})
			got = strings.ReplaceAll(got, filepath.Dir(path)+string(filepath.Separator), "")
			if got != c.want {
				t.Errorf("--sheet %q read:\n%s\nwant:\n%s(warnings %q)", c.sheets, got, c.want, warns)
			}
		})
	}
}

// TestReportTitle: the summary sheet's title is known with its time zone and, in a report
// written before it had one, without.
func TestReportTitle(t *testing.T) {
	for title, want := range map[string]bool{
		"Importação de 02/12/2026 00:01 UTC (183ms)":    true,
		"Importação de 01/12/2026 21:01 UTC-3 (2s)":     true,
		"Import of 02/12/2026 05:31 UTC+5:30 (1m2s)":    true,
		"Importação de 02/12/2026 00:01 (183ms)":        true,
		"Importação de 02/12/2026 (183ms)":              false,
		"Importação de dezembro":                        false,
		"Import of 02/12/2026 00:01 UTC+ (1s)":          false,
		"Resumo: Importação de 02/12/2026 00:01 (1s)":   false,
		"Importação de 02/12/2026 00:01 UTC-3:30 (1s)":  true,
		"Importação de 02/12/2026 00:01 UTC-123 (1s)":   false,
		"Importação de 02/12/2026 00:01 America/X (1s)": false,
	} {
		if got := reportTitle.MatchString(title); got != want {
			t.Errorf("%q: %v, want %v", title, got, want)
		}
	}
}

// TestSniffComma: a mapping file's delimiter is the most frequent of ';', ',' and tab in its
// header line outside quotes; ',' when none is there or on a tie with ','.
func TestSniffComma(t *testing.T) {
	for header, want := range map[string]rune{
		"column;field;value": ';', "column,field,value": ',', "column\tfield\tvalue": '\t', "field": ',',
		`column,field,"notas; a; b; c"`: ',', // quoted: not counted
		"column,field,value;obs":        ',', // fewer ';' than ','
		"column;field;value,obs":        ';',
		"column;field,value":            ',', // a tie: ','
	} {
		if got := sniffComma([]byte(header)); got != want {
			t.Errorf("sniffComma(%q) = %q, want %q", header, got, want)
		}
	}
}

// TestUnreadableKeyShown: set rows whose parent key has a part that cannot be read (numOct
// "9oo2") are reported under the key as written, wherever that part stands: in the middle
// of the key, a NUL byte went into the report's key and message.
func TestUnreadableKeyShown(t *testing.T) {
	cat := testCatalogue(t)
	for _, c := range []struct{ row, key string }{
		{"1;9oo2;1", "1/9oo2/1"},
		{"x1;2;1", "x1/2/1"},
		{"1;2;v1", "1/2/v1"},
	} {
		t.Run(c.key, func(t *testing.T) {
			_, files := writeFiles(t, map[string]string{"GravarTeste.csv": "codEmp;numOct;verOct;tipOpe\n",
				"GravarTeste.itens.csv": "codEmp;numOct;verOct;seqOci;codPro\n" + c.row + ";1;P1\n"})
			recs := readRecords(t, cat, files[:1], InputOptions{Lang: "en"})
			want := "[2] key=" + c.key + " INVALID\n  row 2: " + outcome.EN.Orphan(c.key) + "\n"
			if got := render(recs); got != want {
				t.Errorf("got:\n%q\nwant:\n%q", got, want)
			}
		})
	}
}
