package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

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
