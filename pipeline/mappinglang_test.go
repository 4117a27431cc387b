package pipeline

import (
	"path/filepath"
	"strings"
	"testing"

	"seniorimporter/outcome"
)

// TestMappingRefusalsInTheRunsLanguage: a mapping file that cannot be read (its kind, a CSV
// row, a YAML key or shape, a locale or separator) or applied (a column's or a constant's
// field the port does not have, a constant its field cannot take) is refused in the run's
// language, Portuguese or English; it was English whatever --lang said, in the log line of a
// run that could not start and in the report's row messages.
func TestMappingRefusalsInTheRunsLanguage(t *testing.T) {
	cat := testCatalogue(t)
	data := "codEmp;numOct;verOct;tipOpe;itens.seqOci;Produto\n1;7;1;1;1;P1\n"
	cases := []struct {
		name, file, mapping string
		pt, en              string // a part of the refusal (PATH: the mapping's path)
	}{
		{"neither YAML nor CSV", "m.txt", "x",
			"--mapping PATH: use um arquivo .yaml ou .csv", "--mapping PATH: use a .yaml or .csv file"},
		{"strip neither yes nor no", "m.csv", "column;field;strip\n;itens.codPro;talvez\n",
			`--mapping PATH linha 2: strip "talvez": use sim ou não`, `--mapping PATH line 2: strip "talvez": use sim or não`},
		{"strip with no field", "m.csv", "column;field;strip\nProduto;;sim\n",
			"--mapping PATH linha 2: strip precisa do campo a que se aplica", "--mapping PATH line 2: strip needs the field it applies to"},
		{"a separator with no field", "m.csv", "column,field,value,locale,separator\nValor,,,,comma\n",
			"--mapping PATH linha 2: um separador precisa do campo a que se aplica", "--mapping PATH line 2: a separator needs the field it applies to"},
		{"a constant with no field", "m.csv", "column;field;value\n;;1\n",
			"--mapping PATH linha 2: uma constante precisa de um campo e de um valor", "--mapping PATH line 2: a constant needs a field and a value"},
		{"a value past the header", "m.csv", "field\nitens.preUni=12,50\n",
			`--mapping PATH linha 2: "50" está além da última coluna do cabeçalho (field): um valor com ',' vai entre aspas`,
			`--mapping PATH line 2: "50" is past the header's last column (field): a value holding ',' goes in quotes`},
		{"an unknown key near one", "m.yaml", "colunas:\n  a: b\n",
			`--mapping PATH: linha 1: chave desconhecida "colunas": as chaves de um arquivo de mapeamento são columns, constants, locales, separators, strip (columns?)`,
			`--mapping PATH: line 1: unknown key "colunas": a mapping file's keys are columns, constants, locales, separators, strip (columns?)`},
		{"a constant outside constants", "m.yaml", "codEmp: 1\n",
			"(a constante de um campo vai em constants:, o nome de uma coluna em columns:)", "(a field's constant goes under constants:, a column's name under columns:)"},
		{"one value for a list", "m.yaml", "strip: codPro\n",
			"linha 1: um valor `codPro` onde vai uma lista (- um por linha, ou [a, b])", "line 1: one value `codPro` where a list (- one per line, or [a, b]) goes"},
		{"a list for one value", "m.yaml", "constants:\n  codEmp: [1, 2]\n",
			"linha 2: uma lista onde vai um valor", "line 2: a list where one value goes"},
		{"a list for keys and values", "m.yaml", "columns:\n  - Empresa\n",
			"linha 2: uma lista onde vai chaves e valores (um por linha: Nome: valor)", "line 2: a list where keys and values (one per line: Name: value) goes"},
		{"an unknown locale", "m.yaml", "locales:\n  Valor: fr-FR\n",
			`--mapping PATH: locale "fr-FR" da coluna "Valor": use pt-BR ou en-US`, `--mapping PATH: locale "fr-FR" of column "Valor": use pt-BR or en-US`},
		{"an unknown separator", "m.yaml", "separators:\n  preUni: virgula\n",
			`--mapping PATH: separador "virgula" do campo "preUni": use point ou comma`, `--mapping PATH: separator "virgula" of field "preUni": use point or comma`},
		{"a constant for no field", "m.yaml", "constants:\n  nada: \"1\"\n",
			"OPEN: --mapping: constante nada: GravarTeste não tem esse campo\n", "OPEN: --mapping: constant nada: GravarTeste has no such field\n"},
		{"a constant's field in another case", "m.yaml", "constants:\n  TIPOPE: \"1\"\n",
			"OPEN: --mapping: constante TIPOPE: GravarTeste não tem esse campo (quis dizer tipOpe?)\n", "OPEN: --mapping: constant TIPOPE: GravarTeste has no such field (did you mean tipOpe?)\n"},
		{"a constant its field cannot take", "m.yaml", "constants:\n  itens.seqOci: \"um\"\n",
			`OPEN: --mapping: constante itens.seqOci="um": não é um número`, `OPEN: --mapping: constant itens.seqOci="um": is not a number`},
		{"a column's field in another case", "m.yaml", "columns:\n  Produto: Itens.CODPRO\n",
			`--mapping: coluna "Produto" → "Itens.CODPRO": GravarTeste não tem esse campo (quis dizer itens.codPro?)`,
			`--mapping: column "Produto" → "Itens.CODPRO": GravarTeste has no such field (did you mean itens.codPro?)`},
	}
	for _, c := range cases {
		for _, lang := range []outcome.Lang{outcome.PT, outcome.EN} {
			t.Run(c.name+"/"+string(lang), func(t *testing.T) {
				dir, files := writeFiles(t, map[string]string{"GravarTeste.csv": data, c.file: c.mapping})
				path := filepath.Join(dir, c.file)
				want, other := c.pt, c.en
				if lang == outcome.EN {
					want, other = c.en, c.pt
				}
				want, other = strings.ReplaceAll(want, "PATH", path), strings.ReplaceAll(other, "PATH", path)
				var got string
				if m, err := LoadMapping(path, lang); err != nil {
					got = err.Error()
				} else {
					got, _ = readAll(t, cat, files[:1], InputOptions{Mapping: m, Lang: lang})
				}
				if !strings.Contains(got, want) || strings.Contains(got, other) {
					t.Errorf("got:\n%s\nwant a part:\n%s", got, want)
				}
			})
		}
	}
}
