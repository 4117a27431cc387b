package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHistoryReadsOnly: history, report and prune read the journal and never make one (a
// misspelt --journal is said, not created empty); history tells files of the same name apart
// and keeps a name holding a line break on its line; report refuses to write over an input of
// the run.
func TestHistoryReadsOnly(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "a"), 0o755)
	os.Mkdir(filepath.Join(dir, "b"), 0o755)
	a := writeCSV(t, filepath.Join(dir, "a"), "setCategoriaServico.csv", servicos+"S1;Manutenção;1\n;Sem código;1\n")
	b := writeCSV(t, filepath.Join(dir, "b"), "setCategoriaServico.csv", servicos+"S2;Instalação;1\n")
	odd := writeCSV(t, dir, "setCategoriaServico\nlevel=ERROR.csv", servicos+"S3;Pintura;1\n")
	env := withState(t, map[string]string{"PW": testPassword})
	for _, files := range [][]string{{a, b}, {odd}} {
		args := append([]string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet"}, files...)
		if code, _, stderr := runCLI(t, env, args...); code > 1 {
			t.Fatalf("run %v: exit %d\n%s", files, code, stderr)
		}
	}

	missing := filepath.Join(dir, "jornal.db")
	for _, args := range [][]string{{"history"}, {"history", "1"}, {"report", "1", "-o", filepath.Join(dir, "r.csv")}, {"prune", "--older-than", "1d"}} {
		code, _, stderr := runCLI(t, env, append(args, "--journal", missing)...)
		if code != 2 || !strings.Contains(stderr, "no journal at "+missing) {
			t.Errorf("%v of a missing journal: exit %d\n%s", args, code, stderr)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a missing journal was made: %v", err)
	}

	code, stdout, _ := runCLI(t, env, "history")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 3 || !strings.Contains(stdout, a+", "+b) || !strings.Contains(stdout, `"setCategoriaServico\nlevel=ERROR.csv"`) {
		t.Errorf("history: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = runCLI(t, env, "history", "1")
	if code != 0 || !strings.Contains(stdout, a) {
		t.Errorf("history 1 names the bad row's file without its folder: exit %d\n%s", code, stdout)
	}

	before, _ := os.ReadFile(a)
	code, _, stderr := runCLI(t, env, "report", "1", "-o", a)
	if after, _ := os.ReadFile(a); code != 2 || !strings.Contains(stderr, "is an input of run 1") || string(after) != string(before) {
		t.Errorf("report over an input: exit %d\n%s", code, stderr)
	}
}
