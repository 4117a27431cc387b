package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"seniorimporter/journal"
	"seniorimporter/simulator"
)

// TestKilledRunsResume kills `importer run` with SIGKILL at random instants and runs it again
// until it ends by itself (issue 13, "What must show"): the simulator then holds every record
// exactly once, no include reached it twice, and the last run's report has every row ok or
// skipped. `importer report` of a killed run gives a line for every record it settled. What
// the killed runs left in the temporary folder and beside the reports (scratch) is gone once a
// run ends.
func TestKilledRunsResume(t *testing.T) {
	bin := buildCommand(t, "builds the command and kills it several times")
	dir := t.TempDir()
	base, sim := simServer(t, 10*time.Millisecond)
	const n = 400
	var b strings.Builder
	b.WriteString("tipOpe;codEmp;numOct;verOct;desOct;vlrBru;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "1;1;%d;1;Orçamento %d;%d,50;1;P%d;2;10,25\n", 90000+i, i, i, i)
	}
	input := writeCSV(t, dir, "GravarOrcamentos-retomada.csv", b.String())
	// A migration file written well before its runs: the first run, killed within half a
	// second, does not spend a tenth of it making sure the file is not still being written.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(input, old, old); err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	report := filepath.Join(dir, "report.jsonl")
	tmp := t.TempDir()
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet",
			"--workers", "8", "--report", report, "--report", filepath.Join(dir, "report.xlsx"), input)
		cmd.Env = append(os.Environ(), "PW="+testPassword, "XDG_STATE_HOME="+state, "TMPDIR="+tmp)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 13))
	// left lists the temporary files and folders of runs: those of the reports beside them,
	// and the runs' folders in TMPDIR.
	left := func() []string {
		var l []string
		for _, pattern := range []string{filepath.Join(dir, ".report.*.tmp-*"), filepath.Join(tmp, "*")} {
			m, _ := filepath.Glob(pattern)
			l = append(l, m...)
		}
		return l
	}
	kills, leftByKills := 0, 0
	for runs := 1; ; runs++ {
		cmd := run()
		if kills < 4 {
			wait := time.Duration(150+rng.IntN(400)) * time.Millisecond
			if runs == 1 {
				// The first run's report is written again from the journal below: it must have
				// settled something before it is killed, and the journal commits outcomes within
				// 50 ms. On two loaded cores under -race, a run killed half a second after it
				// started could still be starting (its report then had no line).
				for deadline := time.Now().Add(20 * time.Second); sim.Stats().Stored < 5 && time.Now().Before(deadline); {
					time.Sleep(5 * time.Millisecond)
				}
				wait = time.Duration(150+rng.IntN(150)) * time.Millisecond // well within its 400 quotes
			}
			time.Sleep(wait)
			if err := cmd.Process.Kill(); err == nil {
				kills++
			}
			cmd.Wait()
			leftByKills = max(leftByKills, len(left()))
			continue
		}
		if err := cmd.Wait(); err != nil {
			t.Fatalf("run %d after %d kills: %v", runs, kills, err)
		}
		break
	}
	if l := left(); len(l) > 0 || leftByKills == 0 {
		t.Errorf("the killed runs left %d temporary files or folders at most; after the last run: %q", leftByKills, l)
	}
	st := sim.Stats()
	if st.Stored != n || st.DuplicateIncludes != 0 {
		t.Fatalf("after %d kills: %d stored, %d includes of a stored quote; want %d and 0", kills, st.Stored, st.DuplicateIncludes, n)
	}
	got := outcomesOf(t, report)
	if got["ok"]+got["skipped"] != n || got["skipped"] == 0 {
		t.Fatalf("the last run's report: %v; want every row ok or skipped", got)
	}

	// The first run was killed: its report, from the journal, has a line for every record it
	// settled, and none for those it left in flight.
	j, err := journal.Open(context.Background(), filepath.Join(state, "senior-importer", "journal.db"))
	if err != nil {
		t.Fatal(err)
	}
	settled := 0
	err = j.RecordsOf(context.Background(), 1, nil, func(_ journal.Key, s journal.State) error {
		if s.Outcome != journal.OutcomeInFlight {
			settled++
		}
		return nil
	})
	j.Close()
	if err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "run1.jsonl")
	code, stdout, stderr := runCLI(t, map[string]string{"XDG_STATE_HOME": state}, "report", "1", "-o", again)
	if code != 0 {
		t.Fatalf("importer report 1: exit %d\n%s%s", code, stdout, stderr)
	}
	lines := 0
	for _, c := range outcomesOf(t, again) {
		lines += c
	}
	if lines != settled || settled == 0 {
		t.Fatalf("the killed run's report has %d lines; it settled %d records (one row each)", lines, settled)
	}
	code, stdout, _ = runCLI(t, map[string]string{"XDG_STATE_HOME": state}, "history")
	if code != 0 || !strings.Contains(stdout, "interrompida") {
		t.Fatalf("history: exit %d\n%s", code, stdout)
	}
	t.Logf("after %d kills:\n%s", kills, stdout)
}

// TestKilledDuringFirstRequestLeavesFewInFlight: a run killed while its first request was out
// (Senior's login slow, a cold start: seconds) had marked in flight, in the journal, every
// record up to its window of 4,096 while that request was out, none of them sent; the next run
// read each back before sending it, a request each. Now the reader waits for a port's first
// answer before it marks more than its first chunk of records (128). The run is killed at a
// point the test controls: the simulator holds the first request, and has seen only it.
func TestKilledDuringFirstRequestLeavesFewInFlight(t *testing.T) {
	bin := buildCommand(t, "builds the command and kills it")
	dir := t.TempDir()
	base, sim := simServer(t, 20*time.Second) // the first request is held 10 s or more
	const n = 1000
	var b strings.Builder
	b.WriteString("tipOpe;codEmp;numOct;verOct;desOct;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "1;1;%d;1;Orçamento %d;1;P%d;2;10,25\n", 60000+i, i, i)
	}
	input := writeCSV(t, dir, "GravarOrcamentos-lento.csv", b.String())
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(input, old, old); err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	report := filepath.Join(dir, "report.jsonl")
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet",
			"--report", report, input)
		cmd.Env = append(os.Environ(), "PW="+testPassword, "XDG_STATE_HOME="+state, "TMPDIR="+t.TempDir())
		return cmd
	}
	cmd := run()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); sim.Stats().Requests < 1; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no request reached the simulator")
		}
	}
	time.Sleep(time.Second) // the reader's time to mark what it would while the request is out
	if got := sim.Stats().Requests; got != 1 {
		t.Fatalf("the simulator saw %d requests before the kill; want the first alone", got)
	}
	cmd.Process.Kill()
	cmd.Wait()

	j, err := journal.Open(context.Background(), filepath.Join(state, "senior-importer", "journal.db"))
	if err != nil {
		t.Fatal(err)
	}
	inFlight := 0
	err = j.RecordsOf(context.Background(), 1, nil, func(_ journal.Key, s journal.State) error {
		if s.Outcome == journal.OutcomeInFlight {
			inFlight++
		}
		return nil
	})
	j.Close()
	if err != nil {
		t.Fatal(err)
	}
	if inFlight == 0 || inFlight > 128 {
		t.Errorf("the run killed during its first request left %d records in flight; want its first chunk at most (128)", inFlight)
	}

	// The next run reads those back, sends the rest once, and ends with every row ok.
	fast := time.Duration(0)
	if _, err := sim.Reconfigure(simulator.Update{Latency: &fast}); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd = run()
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the run after the kill: %v\n%s", err, stderr.String())
	}
	if st := sim.Stats(); st.Stored != n || st.DuplicateIncludes != 0 {
		t.Errorf("%d stored, %d includes of a stored quote; want %d and 0", st.Stored, st.DuplicateIncludes, n)
	}
	if got := outcomesOf(t, report); got["ok"]+got["skipped"] != n {
		t.Errorf("the run after the kill: %v; want every row ok or skipped", got)
	}
}
