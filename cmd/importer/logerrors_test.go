package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestStartRefusalsInTheRunsLanguage: an error the importer makes as a run starts is said in
// the run's language both in the log line that carries it (error=) and in the line after:
// a report of no known format, a mapping file of no known kind (and its other refusals,
// pipeline's TestMappingRefusalsInTheRunsLanguage), a --charset the reader does not know. They were English under
// "a execução não pôde começar"; the charset was refused only when a CSV file was opened.
func TestStartRefusalsInTheRunsLanguage(t *testing.T) {
	dir := t.TempDir()
	good := writeCSV(t, dir, "setCategoriaServico.csv", servicos+"S1;Manutenção;1\n")
	sheet := filepath.Join(dir, "setContas.xlsx")
	if code, _, stderr := runCLI(t, nil, "template", "setContas", "-o", sheet); code != 0 {
		t.Fatalf("template: exit %d\n%s", code, stderr)
	}
	pdf := filepath.Join(dir, "r.pdf")
	mapping := writeCSV(t, dir, "mapa.txt", "Código;codEmp\n")
	cases := []struct {
		name   string
		args   []string
		pt, en string // the refusal
		hint   bool   // followed by the hint to --help
	}{
		{"a report of no known format", []string{"validate", "--quiet", "--report", pdf, good},
			"relatório " + pdf + ": formato desconhecido (use .csv, .xlsx ou .jsonl)",
			"report " + pdf + ": unknown format (use .csv, .xlsx or .jsonl)", false},
		{"a mapping neither YAML nor CSV", []string{"validate", "--quiet", "--mapping", mapping, good},
			"--mapping " + mapping + ": use um arquivo .yaml ou .csv",
			"--mapping " + mapping + ": use a .yaml or .csv file", false},
		{"an unknown charset", []string{"validate", "--quiet", "--charset", "latin9", good},
			`--charset "latin9": use utf-8, windows-1252, cp850 ou macintosh`,
			`--charset "latin9": use utf-8, windows-1252, cp850 or macintosh`, true},
		{"an unknown charset, no CSV file", []string{"validate", "--quiet", "--charset", "latin9", sheet},
			`--charset "latin9": use utf-8, windows-1252, cp850 ou macintosh`,
			`--charset "latin9": use utf-8, windows-1252, cp850 or macintosh`, true},
	}
	for _, c := range cases {
		for _, lang := range []string{"pt", "en"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				args, want, hint := c.args, c.pt, "Veja 'importer validate --help' para o uso.\n"
				if lang == "en" {
					args, want, hint = append(append([]string{}, c.args...), "--lang", "en"), c.en, "Run 'importer validate --help' for usage.\n"
				}
				if !c.hint {
					hint = ""
				}
				code, _, stderr := runCLI(t, nil, args...)
				if code != 2 || !strings.HasSuffix(stderr, "importer validate: "+want+"\n"+hint) {
					t.Errorf("%q: exit %d\n%s\nwant it to end with %q", args, code, stderr, "importer validate: "+want+"\n"+hint)
				}
				if !strings.Contains(stderr, "error="+quoteLog(want)) {
					t.Errorf("%q: the log line's error= lacks %q\n%s", args, want, stderr)
				}
			})
		}
	}
}

// quoteLog is s as slog's text handler writes a value that needs quotes.
func quoteLog(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}
