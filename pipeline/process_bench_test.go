package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"seniorimporter/outcome"
	"sort"
	"strings"
	"testing"
	"time"
)

// The benchmarks of issues 12 (bounded memory on hostile inputs) and 14 (reading workbooks,
// writing reports) run the importer as its own process, as users run it, and take its peak
// memory with runMeasured.

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
	elapsed, rss, err := runMeasured(cmd)
	p := proc{elapsed: elapsed, rssMB: rss, stderr: string(errw.head), errBytes: errw.n}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		p.exit = exitErr.ExitCode()
		p.killed = ctx.Err() != nil
	default:
		b.Fatalf("%s %s: %v", bin, strings.Join(args, " "), err)
	}
	return p
}

// runMeasured runs cmd and returns its wall time and its own peak RSS in MB.
//
// The child's rusage (ru_maxrss) will not do: Go starts a child with vfork, and Linux carries
// the high-water mark of the memory the child was started from (the benchmark's own, which
// has just read the workbook with excelize) into the child's across exec, so ru_maxrss is
// at least the benchmark's RSS. The peak is read instead from /proc/PID/status (VmHWM, the
// new program's own high-water mark) every 5 ms while it runs; a mark only grows, so only
// growth in its last few milliseconds could be missed. Where there is no /proc, rusage.
func runMeasured(cmd *exec.Cmd) (time.Duration, float64, error) {
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done := make(chan struct{})
	peak := make(chan float64, 1)
	go func() {
		var kb float64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if v, ok := vmHWM(status); ok && v > kb {
				kb = v
			}
			select {
			case <-done:
				peak <- kb
				return
			case <-t.C:
			}
		}
	}()
	err := cmd.Wait()
	elapsed := time.Since(start)
	close(done)
	kb := <-peak
	if kb == 0 && cmd.ProcessState != nil {
		kb = maxRSSKB(cmd.ProcessState)
	}
	return elapsed, kb / 1024, err
}

// vmHWM reads the VmHWM line (kB) of a /proc/PID/status file.
func vmHWM(status string) (float64, bool) {
	raw, err := os.ReadFile(status)
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(raw)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			if _, err := fmt.Sscan(rest, &kb); err == nil {
				return kb, true
			}
		}
	}
	return 0, false
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
		Outcome string `json:"outcome"`
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
	m := s.Causes[0].Outcome + ": " + s.Causes[0].Message
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

// BenchmarkValidateLargeQuote: validate of one quote of N items (dotted columns, one row per
// item), one of them invalid so that every row says which row is at fault. Time per item
// should stay flat from 2,000 to 20,000 items: looking each new item's key up among all the
// others, and listing the rows at fault anew on every row, made the 20,000 take 20 s (0.9 s
// for 5,000, 6.5 s for 10,000).
func BenchmarkValidateLargeQuote(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			var q strings.Builder
			q.WriteString("tipOpe;codEmp;numOct;verOct;desOct;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n")
			for i := 1; i <= n; i++ {
				fmt.Fprintf(&q, "1;1;777;1;Grande;%d;P%d;1;10,50\n", i%9999+1, i)
			}
			q.WriteString("1;1;777;1;Grande;1;PX;1;dez\n")
			f := filepath.Join(dir, "GravarOrcamentos-grande.csv")
			if err := os.WriteFile(f, []byte(q.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			cfg := Settings{Files: []string{f}, Validate: true, Quiet: true, Input: inputDefaults(), Stdout: io.Discard, Stderr: io.Discard}
			b.ResetTimer()
			for range b.N {
				sum, err := Run(context.Background(), cfg)
				if err != nil || sum.Outcomes[outcome.Invalid] != n+1 {
					b.Fatalf("%v %v", err, sum.Outcomes)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n+1), "µs/item")
		})
	}
}
