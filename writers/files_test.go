package writers

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"seniorimporter/outcome"
	"slices"
	"strings"
	"testing"
)

// TestFolderFollowsNoLink writes every kind of output through a Folder (the watcher's work
// folder, held open) while links stand where a user of the drop folder's share could put them:
// the folder itself renamed away and a link to another folder put in its place, or links
// inside it (an output's name, the re-import folder) to a folder of the server's. Nothing is
// written there; the outputs are in the folder held. Written by path (OS), the first case
// wrote them all into the link's folder.
func TestFolderFollowsNoLink(t *testing.T) {
	for _, c := range []struct {
		name  string
		plant func(work, outside string) error // the links
		held  string                           // where the outputs end, relative to work's parent
		fails []string                         // outputs refused (a link leading out)
	}{
		{"folder swapped", func(work, outside string) error {
			if err := os.Rename(work, work+".old"); err != nil {
				return err
			}
			return os.Symlink(outside, work)
		}, "work.old", nil},
		{"links inside", func(work, outside string) error {
			for _, n := range []string{"report.csv", "report.xlsx", "report.jsonl", "summary.json"} {
				if err := os.Symlink(filepath.Join(outside, n), filepath.Join(work, n)); err != nil {
					return err
				}
			}
			return os.Symlink(outside, filepath.Join(work, "corrigir"))
		}, "work", []string{"corrigir"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent, outside := t.TempDir(), t.TempDir()
			work := filepath.Join(parent, "work")
			if err := os.Mkdir(work, 0o755); err != nil {
				t.Fatal(err)
			}
			root, err := os.OpenRoot(work)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			// The outside files a link names: never written.
			for _, n := range []string{"report.csv", "report.xlsx", "report.jsonl", "summary.json"} {
				if err := os.WriteFile(filepath.Join(outside, n), []byte("do servidor"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.plant(work, outside); err != nil {
				t.Skip(err) // links need privileges on Windows
			}
			files := Folder{Dir: work, Root: root}
			o := Options{Sources: sources, Files: files}
			failed := map[string]error{}
			for _, n := range []string{"report.csv", "report.xlsx", "report.jsonl", "corrigir"} {
				var w Writer
				if n == "corrigir" {
					w, err = OpenReimport(filepath.Join(work, n), o)
				} else {
					w, err = Open(filepath.Join(work, n), o)
				}
				if err == nil {
					for _, l := range outcomes() {
						if werr := w.Write(l); werr != nil && err == nil {
							err = werr
						}
					}
					if cerr := w.Close(nil); err == nil {
						err = cerr
					}
				}
				if err != nil {
					failed[n] = err
				}
			}
			if err := WriteSummaryIn(files, filepath.Join(work, "summary.json"), summaryOf(outcomes()), outcome.PT); err != nil {
				failed["summary.json"] = err
			}
			for n, err := range failed {
				if !slices.Contains(c.fails, n) {
					t.Errorf("%s: %v", n, err)
				}
			}
			for _, n := range c.fails {
				// Found before anything is sent (pipeline.CheckOutputs), said in words.
				err := WritableIn(files, filepath.Join(work, n), true)
				if msg := Refusal(outcome.PT, "--reimport", filepath.Join(work, n), err); !strings.Contains(msg, filepath.Join(work, n)+" é um link") {
					t.Errorf("Writable: %v: %s", err, msg)
				}
				var pe *fs.PathError
				if !errors.Is(failed[n], ErrLink) || !errors.As(failed[n], &pe) || pe.Path != filepath.Join(work, n) {
					t.Errorf("%s through a link out of the folder: %v, want ErrLink naming the link", n, failed[n])
				}
			}
			filepath.WalkDir(outside, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				if b, _ := os.ReadFile(p); string(b) != "do servidor" {
					t.Errorf("written through a link: %s", p)
				}
				return nil
			})
			ents, _ := os.ReadDir(outside)
			if len(ents) != 4 {
				t.Errorf("the outside folder holds %d files, want the 4 it had", len(ents))
			}
			held := filepath.Join(parent, c.held)
			for _, n := range []string{"report.csv", "report.xlsx", "report.jsonl", "summary.json"} {
				fi, err := os.Lstat(filepath.Join(held, n))
				if err != nil || !fi.Mode().IsRegular() {
					t.Errorf("%s not written in the folder held: %v", n, err)
				}
			}
			if c.fails == nil {
				b, err := os.ReadFile(filepath.Join(held, "corrigir", "setcontas.csv"))
				if err != nil || !strings.Contains(string(b), "Cidade não encontrada") {
					t.Errorf("rows to fix: %q %v", b, err)
				}
			}
			// No temporary file left behind.
			filepath.WalkDir(held, func(p string, d fs.DirEntry, err error) error {
				if err == nil && strings.Contains(d.Name(), ".tmp-") {
					t.Errorf("left %s", p)
				}
				return nil
			})
		})
	}
	// A path out of the folder is refused, not written by path.
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := WriteJSONIn(Folder{Dir: dir, Root: root}, filepath.Join(dir, "..", "fora.json"), 1, outcome.PT); err == nil || !strings.Contains(err.Error(), ErrNotInFolder.Error()) {
		t.Errorf("a path out of the folder: %v", err)
	}
}
