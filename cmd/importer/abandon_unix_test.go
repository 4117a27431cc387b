//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"seniorimporter/outcome"
)

// TestThirdSignalSaysWhatItLeaves: a run ended by a third interrupt (exit 130 at once, its
// reports not written) ended without a word after "interrompida: concluindo os envios em
// andamento", and left at the outputs' paths what was read in the morning as the night's:
// the night before's CSV report and summary, and this run's JSON Lines report of the rows
// reached (5,120 of 60,000 in a run by hand, each line whole). Now its log says which
// outputs were not written and the command that writes the reports from the journal; the
// earlier files are NAME.anterior, the JSON Lines report NAME.incompleto. The run is held
// where no cancellation reaches, as the third signal is for: writing its lines into a pipe
// (a report the user named) whose reader reads nothing. The temporary files of the reports it
// did not write are removed, as its temporary folder is.
func TestThirdSignalSaysWhatItLeaves(t *testing.T) {
	bin := buildCommand(t, "builds the command")
	base := startSim(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(servicos)
	for i := range 3000 { // some 600 KB of JSON Lines: well past a pipe's 64 KiB
		fmt.Fprintf(&b, "S%04d;Serviço %d;1\n", i, i)
	}
	input := write(t, filepath.Join(dir, "setCategoriaServico.csv"), b.String())
	csv, jsonl, pipe := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.jsonl"), filepath.Join(dir, "pipe.jsonl")
	summary := filepath.Join(dir, "summary.json")
	write(t, csv, "ontem")
	write(t, summary, `{"exit_code": 0}`)
	if err := mkfifo(pipe); err != nil {
		t.Skip("no FIFO here:", err)
	}
	reader, err := os.OpenFile(pipe, os.O_RDONLY|syscall.O_NONBLOCK, 0) // opened, never read
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	journal := filepath.Join(dir, "j.db")
	cmd := exec.Command(bin, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet",
		"--journal", journal, "--summary", summary, "--report", csv, "--report", jsonl, "--report", pipe, input)
	cmd.Env = append(os.Environ(), "PW="+testPassword)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	// Held: the pipe full, its JSON Lines report stops growing.
	last := int64(-1)
	for give := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		fi, err := os.Stat(jsonl)
		if err == nil && fi.Size() > 0 && fi.Size() == last {
			break
		}
		if err == nil {
			last = fi.Size()
		}
		select {
		case <-done:
			t.Fatalf("the run ended (exit %d) before it was held:\n%s", cmd.ProcessState.ExitCode(), stderr.String())
		default:
		}
		if time.Now().After(give) {
			cmd.Process.Kill()
			t.Fatal("the run was never held by its pipe")
		}
	}
	for i := 0; i < 3; i++ {
		cmd.Process.Signal(syscall.SIGTERM)
		time.Sleep(100 * time.Millisecond)
	}
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("three SIGTERMs, and it goes on")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	log := stderr.String()
	if !logHas(log, `msg="`+outcome.PT.LogAbandoned()+`"`, csv, jsonl, "importer report 1 --journal "+journal) {
		t.Errorf("no line saying which reports were not written and how to write them again:\n%s", log)
	}
	if _, err := os.Stat(csv); err == nil {
		t.Errorf("%s: the night before's report is still at its path", csv)
	}
	if got, err := os.ReadFile(csv + ".anterior"); err != nil || string(got) != "ontem" {
		t.Errorf("%s.anterior: %q %v, want the night before's report", csv, got, err)
	}
	if got, err := os.ReadFile(summary + ".anterior"); err != nil || string(got) != `{"exit_code": 0}` {
		t.Errorf("%s.anterior: %q %v, want the night before's summary", summary, got, err)
	}
	if _, err := os.Stat(jsonl); err == nil {
		t.Errorf("%s: the rows reached are still at the report's path", jsonl)
	}
	if fi, err := os.Stat(jsonl + ".incompleto"); err != nil || fi.Size() == 0 {
		t.Errorf("%s.incompleto: %v, want the rows reached", jsonl, err)
	}
	if fi, err := os.Lstat(pipe); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe the user named was moved: %v", err)
	}
	// The CSV report's temporary file, as large as the report had grown, was left beside it
	// until a later run wrote into the folder: the process ends by its own choice, not killed.
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left beside the reports: %q", left)
	}
}
