//go:build unix

package watch

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWorkFolderPipes: a pipe put at the name of one of a work folder's files (processing/ is
// the share's: whoever writes to it can make one) is refused, not opened for reading: the
// watcher waited for a writer for ever, deaf to SIGTERM, and again at each start. A writer
// comes by (with what the file would hold) so that the test fails rather than hangs.
func TestWorkFolderPipes(t *testing.T) {
	const work = "processing/.vendas.csv.work"
	for _, c := range []struct {
		name, file, holds string
		read              func(r *os.Root) string // "" when the pipe was refused
	}{
		{"starts", "starts", "7\n", func(r *os.Root) string {
			if n := readStarts(r, work); n != 0 {
				return "starts " + string(rune('0'+n))
			}
			return ""
		}},
		{"sorting", "sorting", "done\nvendas.csv\n0\n", func(r *os.Root) string {
			if dest, final, _, ok := readSorting(r, work); ok {
				return dest + "/" + final
			}
			return ""
		}},
		{"report.jsonl", "report.jsonl", "{\"outcome\":\"ok\"}\n", func(r *os.Root) string {
			if n := reportedRows(r, work); n != 0 {
				return "rows reported"
			}
			return ""
		}},
		{"summary amended", "summary.json", "{}\n", func(r *os.Root) string {
			if err := addProblem(r, filepath.Join(work, "summary.json"), "vendas.csv", "x"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
				return "amended: " + errString(err)
			}
			return ""
		}},
		{"summary handed over", "summary.json", "{}\n", func(r *os.Root) string {
			if p, err := heldCopy(r, filepath.Join(work, "summary.json")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
				os.Remove(p)
				return "copied: " + errString(err)
			}
			return ""
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, work), 0o755); err != nil {
				t.Fatal(err)
			}
			fifo := filepath.Join(dir, work, c.file)
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip(err)
			}
			defer writerComesBy(fifo, c.holds)()
			r, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if got := c.read(r); got != "" {
				t.Errorf("the pipe was read (%s); want it refused", got)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

// writerComesBy opens the pipe for writing every 10 ms and writes holds, until the function it
// returns is called: a reader blocked in opening it (the bug) reads holds and goes on.
func writerComesBy(fifo, holds string) (stop func()) {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.WriteString(holds)
				f.Close()
			}
		}
	}()
	return func() { close(done) }
}
