//go:build unix

package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"seniorimporter/outcome"
)

// TestSetFileThatIsAPipe: a pipe named like a set file beside its record file is refused at
// once (exit 2, naming it): opened, it waited for a writer for ever, deaf to SIGTERM.
func TestSetFileThatIsAPipe(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "GravarOrcamentos-x.csv", "tipOpe;codEmp;numOct;verOct\n1;1;7;1\n")
	fifo := filepath.Join(dir, "GravarOrcamentos-x.itens.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	defer writerComesBy(fifo)()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sum, err := Run(ctx, Settings{Validate: true, Files: []string{dir}, Quiet: true, Lang: outcome.EN})
	var ce *ConfigError
	if !errors.As(err, &ce) || sum.ExitCode != outcome.ExitAborted || err.Error() != fifo+" is not a regular file (a pipe or a device): not read" {
		t.Fatalf("exit %d, %v; want 2 naming the pipe", sum.ExitCode, err)
	}
}

// TestInputThatIsAPipe: a pipe named as the file to import is refused at once, as a set file
// that is one is (it hung, deaf to SIGTERM).
func TestInputThatIsAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "setContas-p.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	defer writerComesBy(fifo)()
	sum, err := Run(context.Background(), Settings{Validate: true, Files: []string{fifo}, Quiet: true, Lang: outcome.EN})
	var ce *ConfigError
	if !errors.As(err, &ce) || sum.ExitCode != outcome.ExitAborted || err.Error() != fifo+" is not a regular file (a pipe or a device): not read" {
		t.Fatalf("exit %d, %v; want 2 naming the pipe", sum.ExitCode, err)
	}
}

// writerComesBy opens the pipe for writing every 100 ms, until the function it returns is
// called: a run blocked in opening it (without the check under test) goes on, and the test
// fails rather than hangs.
func writerComesBy(fifo string) (stop func()) {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		}
	}()
	return func() { close(done) }
}
