package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/pipeline"
)

// TestOverlappingRunKeepsTheOthersReport: cron starts the night's run while the one before
// still goes, the same journal and the same --report r.jsonl. The second waited for the
// journal, but had opened its reports first: its JSON Lines report replaced the first's at
// the path, the first went on writing into a file no longer there, and when the second gave
// up waiting (exit 2) the path held its 4,000 lines, every one not_sent, under the first's
// "relatório: r.jsonl", exit 0, every row ok (its CSV report said ok). Now a run opens its
// reports once the journal is its own, and one that would still replace a report another
// run is writing does not start (exit 2, saying so; 130 when it was interrupted as it
// waited): the path keeps the first run's report.
func TestOverlappingRunKeepsTheOthersReport(t *testing.T) {
	base, _ := simServer(t, 20*time.Millisecond)
	dir := t.TempDir()
	const rows = 300 // one request at a time, 10 to 30 ms each: 3 s at the least
	var b strings.Builder
	b.WriteString(servicos)
	for i := range rows {
		fmt.Fprintf(&b, "S%d;Serviço %d;1\n", i, i)
	}
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), b.String())
	report, journal := filepath.Join(dir, "r.jsonl"), filepath.Join(dir, "j.db")
	args := []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet",
		"--journal", journal, "--report", report, "--fixed-workers", "--workers", "1"}
	env := map[string]string{"PW": testPassword}
	first := make(chan int, 1)
	go func() {
		code, _, _ := runCLI(t, env, append(args, in)...)
		first <- code
	}()
	// The first run holds the journal and writes its report.
	for give := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(report); err == nil && strings.Contains(string(b), `"outcome":"ok"`) {
			break
		}
		if time.Now().After(give) {
			t.Fatal("the first run never wrote a line of its report")
		}
	}
	code, _, stderr := runCLI(t, env, append(args, "--give-up-after", "300ms", in)...)
	if code != outcome.ExitAborted || !strings.Contains(stderr, outcome.PT.ReportInUse(report)) {
		t.Errorf("the second run: exit %d, want 2 saying the report is another run's\n%s", code, stderr)
	}
	// Interrupted while it waits (systemd stopping it), it is interrupted: 130, as the help
	// says, not 2.
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(pipeline.Interrupted("SIGTERM"))
	var stdout, errs bytes.Buffer
	if code := cli(ctx, append(args, in), envFor(&stdout, &errs, withState(t, env))); code != outcome.ExitInterrupted || !strings.Contains(errs.String(), outcome.PT.ReportInUse(report)) {
		t.Errorf("the second run, interrupted as it waits: exit %d, want 130 saying the report is another run's\n%s", code, errs.String())
	}
	if code := <-first; code != 0 {
		t.Fatalf("the first run: exit %d", code)
	}
	if got := outcomesOf(t, report); got["ok"] != rows || len(got) != 1 {
		t.Errorf("the report at its path: %v, want the first run's %d rows ok", got, rows)
	}
}
