//go:build unix

package writers

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestJSONLAtAPipe: a pipe at the JSON Lines report's name. By path (OS) it is the user's own
// (a program reading the report as it is written) and is written through. In a Folder (the
// watcher's work folder, which whoever writes to the share can write) it is replaced by the
// report: opened, it waited for a reader for ever, and the watcher with it.
func TestJSONLAtAPipe(t *testing.T) {
	for _, c := range []struct {
		name    string
		folder  bool
		through bool // the lines go into the pipe, which stays
	}{
		{"by path", false, true},
		{"in a Folder", true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			work := t.TempDir()
			path := filepath.Join(work, "report.jsonl")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skip(err)
			}
			// A reader, so that a writer opening the pipe goes on: the test fails rather
			// than hangs.
			r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			o := Options{Sources: sources}
			if c.folder {
				root, err := os.OpenRoot(work)
				if err != nil {
					t.Fatal(err)
				}
				defer root.Close()
				o.Files = Folder{Dir: work, Root: root}
			}
			w, err := Open(path, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range outcomes() {
				if err := w.Write(l); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(nil); err != nil {
				t.Fatal(err)
			}
			piped, _ := io.ReadAll(r)
			fi, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			if through := fi.Mode()&os.ModeNamedPipe != 0 && len(piped) > 0; through != c.through {
				t.Errorf("written through the pipe: %v (%d bytes read from it, %v at its name); want %v", through, len(piped), fi.Mode(), c.through)
			}
			if !c.through && (!fi.Mode().IsRegular() || fi.Size() == 0) {
				t.Errorf("report.jsonl is %v of %d bytes; want the report, a regular file", fi.Mode(), fi.Size())
			}
		})
	}
}
