package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"seniorimporter/outcome"
)

// TestOutputsOverInputs: an output that is an input, or a re-import folder that holds one, is
// refused before anything is written (exit 2), and the input is left as it was.
func TestOutputsOverInputs(t *testing.T) {
	const rec = "tipOpe;codEmp;numOct;verOct\n1;1;7;1\n"
	const items = "codEmp;numOct;seqOci;codPro\n1;7;1;P1\n"
	cases := []struct {
		name string
		// set returns the outputs of the run, given the folder of the inputs and another one.
		set  func(in, other string, s *Settings)
		want string // the message, with IN for the inputs' folder and OUT for the other one
	}{
		{"a report that is the input", func(in, other string, s *Settings) {
			s.Reports = []string{filepath.Join(other, "r.jsonl"), filepath.Join(in, "GravarOrcamentos.csv")}
		}, "--report IN/GravarOrcamentos.csv is the input IN/GravarOrcamentos.csv: writing it would destroy the input before it is read; choose another path"},
		{"a report spelt another way", func(in, other string, s *Settings) {
			s.Reports = []string{in + "/../" + filepath.Base(in) + "/GravarOrcamentos.csv"}
		}, "--report IN/../" + "BASE/GravarOrcamentos.csv is the input IN/GravarOrcamentos.csv: writing it would destroy the input before it is read; choose another path"},
		{"a report that is a link to the input", func(in, other string, s *Settings) {
			link := filepath.Join(other, "link.csv")
			if err := os.Symlink(filepath.Join(in, "GravarOrcamentos.csv"), link); err != nil {
				t.Skip(err)
			}
			s.Reports = []string{link}
		}, "--report OUT/link.csv is the input IN/GravarOrcamentos.csv: writing it would destroy the input before it is read; choose another path"},
		{"a summary that is a set file beside the CSV", func(in, other string, s *Settings) {
			s.Summary = filepath.Join(in, "GravarOrcamentos.itens.csv")
		}, "--summary IN/GravarOrcamentos.itens.csv is the input IN/GravarOrcamentos.itens.csv: writing it would destroy the input before it is read; choose another path"},
		{"a re-import folder that holds the input", func(in, other string, s *Settings) {
			s.Reimport = in + string(filepath.Separator) + "."
		}, "--reimport IN/. holds the input IN/GravarOrcamentos.csv: the failed rows would overwrite it; choose another folder"},
		{"outputs elsewhere", func(in, other string, s *Settings) {
			s.Reports = []string{filepath.Join(other, "r.jsonl")}
			s.Summary = filepath.Join(other, "s.json")
			s.Reimport = filepath.Join(other, "corrigir")
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, other := t.TempDir(), t.TempDir()
			f := writeFile(t, in, "GravarOrcamentos.csv", rec)
			writeFile(t, in, "GravarOrcamentos.itens.csv", items)
			s := Settings{Validate: true, Files: []string{f}, Quiet: true, Lang: outcome.EN}
			c.set(in, other, &s)
			sum, err := Run(context.Background(), s)
			if c.want == "" {
				if err != nil || sum.ExitCode != outcome.ExitOK {
					t.Fatalf("exit %d, %v; want 0", sum.ExitCode, err)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || sum.ExitCode != outcome.ExitAborted {
				t.Fatalf("exit %d, %v; want 2 and a *ConfigError", sum.ExitCode, err)
			}
			want := strings.NewReplacer("IN", in, "OUT", other, "BASE", filepath.Base(in)).Replace(c.want)
			if err.Error() != want {
				t.Errorf("message\n got %s\nwant %s", err, want)
			}
			for name, body := range map[string]string{"GravarOrcamentos.csv": rec, "GravarOrcamentos.itens.csv": items} {
				if b, err := os.ReadFile(filepath.Join(in, name)); err != nil || string(b) != body {
					t.Errorf("input %s changed: %q %v", name, b, err)
				}
			}
		})
	}
}
