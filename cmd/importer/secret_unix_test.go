//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"seniorimporter/outcome"
)

// TestPasswordFileReadsItsFirstLineOnly: a password file is read up to its first line end, and
// never past 64 KiB. The whole file was read to take its first line: --password-file
// /dev/zero grew the importer by gigabytes a second, deaf to SIGTERM, until the machine ran
// out of memory. Here a pipe offers 4 MiB with no line end; what the reader takes of it before
// refusing stays near 64 KiB (and the pipe's buffer), never all of it.
func TestPasswordFileReadsItsFirstLineOnly(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "password")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	const offered = 4 << 20
	var written int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		chunk := []byte(strings.Repeat("x", 4096))
		for written < offered {
			n, err := w.Write(chunk)
			written += n
			if err != nil {
				return // the reader closed its end: EPIPE
			}
		}
	}()
	_, err := secret(outcome.EN, "--password-env", "", "--password-file", fifo, func(string) string { return "" }, "")
	wg.Wait()
	if err == nil || !strings.Contains(err.Error(), "is over 64 KiB") {
		t.Errorf("error %v, want the first line over 64 KiB refused", err)
	}
	if written >= offered {
		t.Errorf("the writer wrote all %d bytes: the password file was read past its first 64 KiB", written)
	}
}

// mkfifo makes a named pipe at path (TestSignal's password file nobody writes); fifo_other_test.go
// has none to make.
func mkfifo(path string) error { return syscall.Mkfifo(path, 0o600) }

// fifoWriter opens a FIFO for writing without waiting: ENXIO until a reader has it open.
func fifoWriter(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
}
