package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The benchmarks of issues 12 (bounded memory on hostile inputs) and 14 (reading workbooks,
// writing reports) run the importer as its own process, as users run it, and take its peak
// memory from the child's rusage (ru_maxrss), as validateBench does.

// proc is what one importer process left: its wall time, peak RSS, exit code and stderr.
type proc struct {
	elapsed  time.Duration
	rssMB    float64
	exit     int
	killed   bool   // ran past its deadline and was killed
	stderr   string // the first stderrKeep bytes
	errBytes int64  // every byte written to stderr
}

const stderrKeep = 4096

// headWriter keeps the first stderrKeep bytes written to it and counts the rest, so a
// process that prints a 100 MB message costs the benchmark nothing.
type headWriter struct {
	head []byte
	n    int64
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := stderrKeep - len(w.head); room > 0 {
		w.head = append(w.head, p[:min(room, len(p))]...)
	}
	w.n += int64(len(p))
	return len(p), nil
}

// importerProcess runs bin with args as its own process (environment env added to the
// benchmark's), killing it after limit. A non-zero exit is not an error here: the hostile
// cases expect some; the caller checks the code.
func importerProcess(b *testing.B, limit time.Duration, env []string, bin string, args ...string) proc {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var errw headWriter
	cmd.Stderr = &errw
	start := time.Now()
	err := cmd.Run()
	p := proc{elapsed: time.Since(start), stderr: string(errw.head), errBytes: errw.n}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		p.exit = exitErr.ExitCode()
		p.killed = ctx.Err() != nil
	default:
		b.Fatalf("%s %s: %v", bin, strings.Join(args, " "), err)
	}
	if cmd.ProcessState != nil {
		p.rssMB = float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	}
	return p
}

// mustExit fails the benchmark unless p ended with code want (stderr shown).
func (p proc) mustExit(b *testing.B, want int) {
	b.Helper()
	if p.killed || p.exit != want {
		b.Fatalf("exit %d (killed: %v), want %d; stderr (%d bytes): %s", p.exit, p.killed, want, p.errBytes, p.stderr)
	}
}

// runSummary is the part of the JSON summary (--summary) the benchmarks read.
type runSummary struct {
	Rows     int            `json:"rows"`
	RowsSent int            `json:"rows_sent"`
	Outcomes map[string]int `json:"outcomes"`
	Causes   []struct {
		Message string `json:"message"`
		Count   int    `json:"count"`
	} `json:"causes"`
	ExitCode int `json:"exit_code"`
}

// readRunSummary reads a JSON summary; ok is false when the run wrote none (a run that
// could not start writes none).
func readRunSummary(b *testing.B, path string) (runSummary, bool) {
	b.Helper()
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return runSummary{}, false
	}
	if err != nil {
		b.Fatal(err)
	}
	var s runSummary
	if err := json.Unmarshal(raw, &s); err != nil {
		b.Fatalf("summary %s: %v", path, err)
	}
	return s, true
}

// outcomes spells a summary's counts in a stable order ("invalid=1 valid=4").
func (s runSummary) outcomes() string {
	var parts []string
	for k, n := range s.Outcomes {
		parts = append(parts, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// firstCause is the summary's most frequent cause, cut to a readable length.
func (s runSummary) firstCause() string {
	if len(s.Causes) == 0 {
		return ""
	}
	m := s.Causes[0].Message
	if len(m) > 200 {
		m = m[:200] + "…"
	}
	return fmt.Sprintf("%d × %s", s.Causes[0].Count, m)
}

// firstLine is the first line of a process's stderr, cut to a readable length.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
