package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"seniorimporter/outcome"
)

// TestJournalUnderFileSizeLimit: a journal SQLite cannot write under a limit on the size of
// the files the process writes (ulimit -f; a unit's LimitFSIZE=), at the run's start or in
// its middle, is said with that limit and what to do in the run's language. The journal's
// own hint is English, and a Portuguese run printed "diário de execuções ...: disk I/O error
// (778) (this process may write files of at most 65536 bytes: ...; lift that limit for the
// importer)" and logged "o diário de execuções falhou" with it. The importer runs in this
// test binary run again under the limit.
func TestJournalUnderFileSizeLimit(t *testing.T) {
	if args := os.Getenv("IMPORTER_TEST_JOURNAL_FSIZE_CHILD"); args != "" {
		var l syscall.Rlimit
		syscall.Getrlimit(syscall.RLIMIT_FSIZE, &l)
		var stdout, stderr bytes.Buffer
		code := cli(context.Background(), strings.Split(args, "\n"), envFor(&stdout, &stderr, map[string]string{"PW": testPassword}))
		fmt.Printf("LIMIT %d\nEXIT %d\n%s", l.Cur, code, stderr.String())
		return
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	var in strings.Builder
	in.WriteString(servicos)
	for i := range 3000 {
		fmt.Fprintf(&in, "S%d;Serviço %d;1\n", i, i)
	}
	file := write(t, filepath.Join(dir, "setCategoriaServico.csv"), in.String())
	for _, c := range []struct {
		name   string
		blocks int // ulimit -f: 512 or 1024 bytes each, as the shell counts
		lang   outcome.Lang
		line   string // the log line that says it
	}{
		{"at the start", 40, outcome.PT, outcome.PT.LogRunNotStarted()},
		{"at the start, in English", 40, outcome.EN, outcome.EN.LogRunNotStarted()},
		{"mid-run", 800, outcome.PT, outcome.PT.LogJournalFailed()},
		{"mid-run, in English", 800, outcome.EN, outcome.EN.LogJournalFailed()},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet",
				"--lang", string(c.lang), "--journal", filepath.Join(t.TempDir(), "j.db"), file}
			cmd := exec.Command(sh, "-c", fmt.Sprintf(`ulimit -f %d && exec "$0" -test.run='^TestJournalUnderFileSizeLimit$' -test.count=1`, c.blocks), os.Args[0])
			cmd.Env = append(os.Environ(), "IMPORTER_TEST_JOURNAL_FSIZE_CHILD="+strings.Join(args, "\n"))
			out, _ := cmd.CombinedOutput()
			var limit uint64
			fmt.Sscanf(string(out), "LIMIT %d", &limit)
			if limit == 0 || !strings.Contains(string(out), "EXIT 2\n") {
				t.Fatalf("under ulimit -f %d the run did not stop (exit 2):\n%s", c.blocks, out)
			}
			if !logHas(string(out), `msg="`+c.line+`"`, c.lang.JournalSizeLimit(limit)) {
				t.Errorf("no %q line saying the limit in %s:\n%s", c.line, c.lang, out)
			}
			if c.lang == outcome.PT && strings.Contains(string(out), "lift that limit") {
				t.Errorf("English in a Portuguese run:\n%s", out)
			}
		})
	}
}
