package journal

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A journal that cannot grow for a limit on the size of the files the process writes (ulimit
// -f, LimitFSIZE=) says so and what to do: SQLite says only "disk I/O error (778)". The journal
// is opened by this test binary run again under the limit.
func TestOpenUnderFileSizeLimit(t *testing.T) {
	if path := os.Getenv("JOURNAL_TEST_FSIZE_CHILD"); path != "" {
		j, err := Open(context.Background(), path)
		if err == nil {
			j.Close()
		}
		fmt.Printf("OPEN: %v\n", err)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the limit as Linux enforces it")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	cmd := exec.Command(sh, "-c", `ulimit -f 40 && exec "$0" -test.run='^TestOpenUnderFileSizeLimit$' -test.count=1`, os.Args[0])
	cmd.Env = append(os.Environ(), "JOURNAL_TEST_FSIZE_CHILD="+path)
	out, _ := cmd.CombinedOutput()
	_, said, ok := strings.Cut(string(out), "OPEN: ")
	said, _, _ = strings.Cut(said, "\n")
	if !ok || !strings.Contains(said, "disk I/O error") {
		t.Fatalf("under ulimit -f 40 (20 or 40 KiB, as the shell counts) the journal opened, or failed otherwise: %s", out)
	}
	if !strings.Contains(said, "may write files of at most ") || !strings.Contains(said, "ulimit -f") || !strings.Contains(said, "LimitFSIZE=") {
		t.Fatalf("%q: want the limit named, and how it is set", said)
	}
}

// With no limit on the size of files, a disk I/O error is said as SQLite says it.
func TestWriteHintOnlyForItsError(t *testing.T) {
	if _, limited := fileSizeLimit(); limited {
		t.Skip("this process runs under a limit on the size of files")
	}
	for _, msg := range []string{"disk I/O error (778)", "database or disk is full (13)", "attempt to write a readonly database (8)"} {
		if h := writeHint(msg); h != "" {
			t.Errorf("writeHint(%q) = %q, want none", msg, h)
		}
	}
}
