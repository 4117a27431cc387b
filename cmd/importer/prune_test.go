package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPruneCommand: after `importer prune` forgot every run (an age of 1ns), the same import
// again still sends nothing (every row skipped: the last states stay), history marks the runs
// pruned, and a pruned run's report says why it cannot be written. Bad ages are usage errors.
func TestPruneCommand(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(servicos)
	for i := range 50 {
		fmt.Fprintf(&b, "S%03d;Serviço %d;1\n", i, i)
	}
	input := writeCSV(t, dir, "setCategoriaServico.csv", b.String())
	env := withState(t, map[string]string{"PW": testPassword})
	run := func() (int, string) {
		report := filepath.Join(t.TempDir(), "report.csv")
		code, _, stderr := runCLI(t, env, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--report", report, input)
		return code, stderr
	}
	if code, stderr := run(); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	if code, stderr := run(); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, env, "prune", "--older-than", "1ns")
	if code != 0 || !strings.Contains(stdout, ": 2 expurgadas agora; 50 estados de registros e as linhas de relatório de 50 registros removidos;") {
		t.Fatalf("prune: exit %d\n%s%s", code, stdout, stderr)
	}
	requests := sim.Stats().Requests
	if code, stderr := run(); code != 0 || sim.Stats().Requests != requests {
		t.Fatalf("the import after the prune: exit %d, %d requests sent\n%s", code, sim.Stats().Requests-requests, stderr)
	}
	code, stdout, _ = runCLI(t, env, "history")
	if code != 0 || strings.Count(stdout, ", expurgada") != 2 || !strings.Contains(stdout, "skipped=50") {
		t.Fatalf("history: exit %d\n%s", code, stdout)
	}
	code, _, stderr = runCLI(t, env, "report", "1", "-o", filepath.Join(dir, "r1.csv"))
	if code != 2 || !strings.Contains(stderr, "as linhas de relatório da execução 1 foram expurgadas em ") {
		t.Fatalf("report of a pruned run: exit %d\n%s", code, stderr)
	}
	if code, _, _ := runCLI(t, env, "report", "3", "-o", filepath.Join(dir, "r3.csv")); code != 0 {
		t.Fatalf("report of the run after the prune: exit %d", code)
	}
	for _, age := range []string{"", "0d", "-3d", "ninety days", "99999999d"} {
		args := []string{"prune"}
		if age != "" {
			args = append(args, "--older-than", age)
		}
		if code, _, stderr := runCLI(t, env, args...); code != 2 || !strings.Contains(stderr, "--older-than") {
			t.Errorf("prune %q: exit %d\n%s", age, code, stderr)
		}
	}
	// "6m" meant as six months pruned every run older than six minutes: it is refused, saying
	// what to write.
	code, _, stderr = runCLI(t, env, "prune", "--older-than", "6m")
	if want := `importer prune: --older-than "6m": m são minutos numa duração do Go, não meses: dê dias (180d) ou semanas (26w); para minutos, 6m0s`; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("prune 6m: exit %d, want %q\n%s", code, want, stderr)
	}
}

// TestJournalCommandsInterrupted: report and prune stopped by an interrupt (their context
// cancelled) exit 130, saying so in the run's language, as the help's exit codes say; before,
// they exited 2 with "context canceled" (the crash-consistency tester's SIGTERM to `importer
// report` and `importer prune`). The journal is left whole: the next report is written.
func TestJournalCommandsInterrupted(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	input := writeCSV(t, dir, "setCategoriaServico.csv", servicos+"S1;Manutenção;1\nS2;Instalação;1\n")
	env := withState(t, map[string]string{"PW": testPassword})
	if code, _, stderr := runCLI(t, env, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", input); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"report", "1", "-o", filepath.Join(dir, "r.xlsx")},
		{"prune", "--older-than", "1ns"},
	} {
		// In the run's language: Portuguese by default, English with --lang en.
		for _, c := range []struct {
			lang, want string
		}{{"pt", ": interrompido ("}, {"en", ": interrupted ("}} {
			var stdout, stderr bytes.Buffer
			code := cli(ctx, append(append([]string{}, args...), "--lang", c.lang), envFor(&stdout, &stderr, env))
			if want := "importer " + args[0] + c.want; code != 130 || !strings.HasPrefix(stderr.String(), want) {
				t.Errorf("%s interrupted, --lang %s: exit %d, want %q\n%s", args[0], c.lang, code, want, stderr.String())
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "r.xlsx")); err == nil {
		t.Error("an interrupted report left its file")
	}
	if code, _, stderr := runCLI(t, env, "report", "1", "-o", filepath.Join(dir, "r.xlsx")); code != 0 {
		t.Errorf("report after: exit %d\n%s", code, stderr)
	}
}

// TestRunInterruptedOpeningJournal: a run interrupted while its journal opens (its context
// cancelled) sends nothing and ends as an interrupted run: exit 130, every row not_sent in
// its report. Before, it "could not start": exit 2, "context canceled", no report (the
// crash-consistency tester's SIGTERM 0.1 s into a run on a loaded machine).
func TestRunInterruptedOpeningJournal(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	input := writeCSV(t, dir, "setCategoriaServico.csv", servicos+"S1;Manutenção;1\nS2;Instalação;1\n")
	env := withState(t, map[string]string{"PW": testPassword})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	report := filepath.Join(dir, "r.jsonl")
	var stdout, stderr bytes.Buffer
	code := cli(ctx, []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--report", report, input}, envFor(&stdout, &stderr, env))
	if code != 130 || sim.Stats().Requests != 0 {
		t.Fatalf("exit %d, %d requests\n%s", code, sim.Stats().Requests, stderr.String())
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), `"outcome":"not_sent"`); n != 2 {
		t.Errorf("%d rows not_sent in the report, want 2:\n%s", n, b)
	}
}
