package main

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDocsUpToDate regenerates the command reference and the man pages from the commands'
// definitions and fails when docs/cli/ differs, so docs and --help cannot disagree.
func TestDocsUpToDate(t *testing.T) {
	const committed = "../../docs/cli"
	dir := t.TempDir()
	if err := genDocs(docsRoot(env{}), dir); err != nil {
		t.Fatal(err)
	}
	want, got := readTree(t, dir), readTree(t, committed)
	if len(want) < 2 {
		t.Fatalf("genDocs wrote %d files", len(want))
	}
	var stale []string
	all := maps.Clone(want)
	maps.Copy(all, got)
	for _, name := range slices.Sorted(maps.Keys(all)) {
		if md, _ := path.Match("importer*.md", name); !md && !strings.HasPrefix(name, "man/importer") {
			continue // not a generated page (a hand-written note may sit beside them)
		}
		w, inWant := want[name]
		g, inGot := got[name]
		switch {
		case !inGot:
			stale = append(stale, name+" is missing")
		case !inWant:
			stale = append(stale, name+" is not generated any more")
		case !bytes.Equal(w, g):
			stale = append(stale, name+" differs")
		}
	}
	if len(stale) > 0 {
		t.Errorf("docs/cli/ is out of date with the commands (run `make docs`):\n  %s", strings.Join(stale, "\n  "))
	}
	// Generating twice gives the same bytes (no date, no map order).
	again := t.TempDir()
	if err := genDocs(docsRoot(env{}), again); err != nil {
		t.Fatal(err)
	}
	for name, b := range readTree(t, again) {
		if !bytes.Equal(b, want[name]) {
			t.Errorf("%s differs between two generations", name)
		}
	}
}

// TestGenDocsRemovesStalePages: a page of a command that no longer exists goes, other files stay.
func TestGenDocsRemovesStalePages(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"importer_gone.md", "man/importer-gone.1", "README.md"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := genDocs(docsRoot(env{}), dir); err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, dir)
	for _, gone := range []string{"importer_gone.md", "man/importer-gone.1"} {
		if _, ok := tree[gone]; ok {
			t.Errorf("%s is still there", gone)
		}
	}
	for _, kept := range []string{"README.md", "importer_run.md", "man/importer-run.1"} {
		if _, ok := tree[kept]; !ok {
			t.Errorf("%s is missing", kept)
		}
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
