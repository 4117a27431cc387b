package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"

	"seniorimporter/monitor"
)

// TestOnFinishGetsASummaryOnAFullDisk: a night whose --out folder is on a full disk imports
// every row (the journal is elsewhere) and cannot write its reports nor its summary; the
// --on-finish command, the operator's alert, was still handed the summary's path, where
// nothing was ("mail ... < $IMPORTER_SUMMARY": no such file, the mail never sent, on the one
// night it mattered), and the job's end line did not name a step's summary among what was
// not written. It now gets a summary written for it, which says what was not written, as
// when no summary was asked for. It needs a disk of its own: a tmpfs, mounted as root on
// Linux; skipped otherwise.
func TestOnFinishGetsASummaryOnAFullDisk(t *testing.T) {
	full := t.TempDir()
	if err := syscall.Mount("tmpfs", full, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("a tmpfs of its own could not be mounted (root on Linux only): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(full, syscall.MNT_DETACH) })
	// Filled to its last byte: the dated folder and empty files can still be made.
	f, err := os.Create(filepath.Join(full, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	for chunk := make([]byte, 4096); ; {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	f.Close()

	base, _ := simServer(t, 0)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	hook := filepath.Join(dir, "hook.json")
	for _, c := range []struct {
		name, steps string
	}{
		{"one step", "  - name: a\n    file: setCategoriaServico.csv\n"},
		{"two steps", "  - name: a\n    file: setCategoriaServico.csv\n  - name: b\n    file: setCategoriaServico.csv\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.Remove(hook)
			job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: en\nout: "+full+"\n"+
				"journal: "+filepath.Join(dir, "j.db")+"\nquiet: true\nlog-format: json\n"+
				`on-finish: 'cat "$IMPORTER_SUMMARY" > `+hook+"'\nsteps:\n"+c.steps)
			code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", job)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (every row ok, the outputs not written)\n%s", code, stderr)
			}
			b, err := os.ReadFile(hook)
			if err != nil || len(b) == 0 {
				t.Fatalf("--on-finish read no summary (%v):\n%s", err, stderr)
			}
			sum, err := monitor.ReadSummary(hook)
			if err != nil {
				t.Fatalf("%v: %s", err, b)
			}
			var lost []string
			for _, p := range sum.ReportsNotWritten {
				lost = append(lost, p.File)
			}
			if sum.ExitCode != 1 || !strings.Contains(strings.Join(lost, " "), "summary") {
				t.Errorf("--on-finish's summary: exit %d, not written %q; want exit 1 and the summary among them", sum.ExitCode, lost)
			}
			// The job's end line names what was not written, the summaries too.
			for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
				var m struct {
					Msg        string
					NotWritten []string `json:"not_written"`
				}
				if json.Unmarshal([]byte(l), &m) == nil && (m.Msg == "job ended" || m.Msg == "run ended") && !strings.Contains(strings.Join(m.NotWritten, " "), "summary") {
					t.Errorf("%s: not_written %q lacks the summary", m.Msg, m.NotWritten)
				}
			}
		})
	}
}

// TestNoPartialReportOnAFullDisk: a night whose reports fill their disk leaves no report at
// any report's path that is not whole. The JSONL report, written line by line at its path,
// stayed there cut after its last line that fitted (950 lines of 3,000), each whole, reading
// as the night's whole report to what picks it up in the morning; it is now cut back to a
// whole line and renamed NAME.incompleto, and the summary and the log say so. The CSV and
// XLSX reports (written under a temporary name and renamed when whole) are held to the same.
// It needs a disk of its own: a tmpfs, mounted as root on Linux; skipped otherwise.
func TestNoPartialReportOnAFullDisk(t *testing.T) {
	full := t.TempDir()
	if err := syscall.Mount("tmpfs", full, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("a tmpfs of its own could not be mounted (root on Linux only): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(full, syscall.MNT_DETACH) })
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	const rows = 3000 // some 600 KB of JSONL report, 300 KB of CSV: past its buffer's 256 KiB, written mid-run
	var b strings.Builder
	b.WriteString(servicos)
	for i := range rows {
		fmt.Fprintf(&b, "S%d;Manutenção predial número %d;1\n", i, i)
	}
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), b.String())
	jsonl, csv, xlsx := filepath.Join(full, "r.jsonl"), filepath.Join(full, "r.csv"), filepath.Join(full, "r.xlsx")
	summary := filepath.Join(dir, "summary.json")
	// The night before's reports at the same paths (a cron job's fixed --report): whole and
	// well formed, they stayed, and were read in the morning as the night's.
	for _, p := range []string{csv, xlsx} {
		write(t, p, "ontem")
	}
	code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", "--endpoint", base, "--user", "demo",
		"--password-env", "PW", "--quiet", "--no-journal", "--report", jsonl, "--report", csv, "--report", xlsx, "--summary", summary, in)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (every row ok, reports not written)\n%s", code, stderr)
	}
	// A report at its path is whole: rows lines (and a CSV's header).
	for _, c := range []struct {
		path  string
		lines int
	}{{jsonl, rows}, {csv, rows + 1}} {
		if got, err := os.ReadFile(c.path); err == nil {
			if n := strings.Count(string(got), "\n"); n != c.lines {
				t.Errorf("%s stayed at its path with %d lines of %d", c.path, n, c.lines)
			}
		}
	}
	if _, err := os.Stat(xlsx); err == nil {
		f, err := excelize.OpenFile(xlsx)
		if err != nil {
			t.Errorf("%s stayed at its path, not a workbook: %v", xlsx, err)
		} else {
			f.Close()
		}
	}
	// The JSONL report cannot have fitted: what it wrote is NAME.incompleto, whole lines.
	part, err := os.ReadFile(jsonl + ".incompleto")
	if err != nil {
		t.Fatalf("no %s.incompleto: %v\n%s", jsonl, err, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(string(part), "\n"), "\n")
	if len(lines) == 0 || len(lines) >= rows {
		t.Errorf("%d lines in the partial report", len(lines))
	}
	for i, l := range lines {
		var v struct{ Outcome string }
		if err := json.Unmarshal([]byte(l), &v); err != nil || v.Outcome != "ok" {
			t.Fatalf("line %d of the partial report is not whole (%v): %q", i+1, err, l)
		}
	}
	sum, err := monitor.ReadSummary(summary)
	if err != nil {
		t.Fatal(err)
	}
	said := false
	for _, p := range sum.ReportsNotWritten {
		said = said || p.File == jsonl && strings.Contains(p.Message, jsonl+".incompleto") && strings.Contains(p.Message, fmt.Sprintf("depois de %d linhas", len(lines)))
	}
	if !said {
		t.Errorf("the summary does not say where the partial report went: %+v", sum.ReportsNotWritten)
	}
	if !strings.Contains(stderr, jsonl+".incompleto") {
		t.Errorf("the log does not say where the partial report went:\n%s", stderr)
	}
	// The night before's CSV and XLSX reports are out of the way, NAME.anterior, and the
	// summary and the log say so.
	for _, p := range []string{csv, xlsx} {
		if b, err := os.ReadFile(p); err == nil && string(b) == "ontem" {
			t.Errorf("%s: the night before's report stayed at its path", p)
		}
		if b, err := os.ReadFile(p + ".anterior"); err != nil || string(b) != "ontem" {
			t.Errorf("%s.anterior: %q %v, want the night before's report", p, b, err)
		}
		said := false
		for _, n := range sum.ReportsNotWritten {
			said = said || n.File == p && strings.Contains(n.Message, "de uma execução anterior, foi renomeado para "+p+".anterior")
		}
		if !said {
			t.Errorf("the summary does not say where the night before's %s went: %+v", p, sum.ReportsNotWritten)
		}
		if !strings.Contains(stderr, p+".anterior") {
			t.Errorf("the log does not say where the night before's %s went:\n%s", p, stderr)
		}
	}
}
