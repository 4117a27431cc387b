package readers

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// cellsOf is every cell's raw text of a source's first sheet, row by row.
func cellsOf(src Source) ([]string, error) {
	var read []string
	err := src.Rows(context.Background(), src.Sheets()[0].Name, func(r Row) error {
		for _, c := range r.Cells {
			read = append(read, c.Raw)
		}
		return nil
	})
	return read, err
}

// TestFolder: a Folder (the watcher's processing/, held open) reads the file that was in the
// folder it was opened on, whatever the folder's path leads to at each open: the folder renamed
// away and a link to another folder, holding a file of the same name with other rows (another
// team's, the server's), put in its place before the first open or between the first open and
// the rows' (a CSV file and a released workbook are opened again) still reads the team's file,
// never the link's. A file that is a link is refused (ErrLink) at either open. Without a
// Folder (OS: a user's own paths, links followed), the folder swapped reads the other file:
// the case the watcher had.
func TestFolder(t *testing.T) {
	others := map[string]string{"utf8-semicolon.csv": "", "libreoffice.xlsx": "openpyxl.xlsx"}
	cases := []struct {
		name string
		// swap: "folder": the folder renamed away, a link in its place; "file": a link in the
		// file's place (to the other folder's file); "file inside": a relative link to another
		// file of the folder, which an os.Root follows
		swap   string
		before bool // swapped before the first open, else between it and the rows'
		os     bool // OS, not a Folder
		// want: "ours", "link" (ErrLink), or "not ours" (the other file's rows, or a workbook
		// refused as changed: its reopen checks it is the file first opened)
		want string
	}{
		{"folder swapped before the open", "folder", true, false, "ours"},
		{"folder swapped between the opens", "folder", false, false, "ours"},
		{"file a link at the open", "file", true, false, "link"},
		{"file a link between the opens", "file", false, false, "link"},
		{"file a link within the folder at the open", "file inside", true, false, "link"},
		{"file a link within the folder between the opens", "file inside", false, false, "link"},
		{"OS: folder swapped before the open", "folder", true, true, "not ours"},
		{"OS: folder swapped between the opens", "folder", false, true, "not ours"},
	}
	for _, name := range []string{"utf8-semicolon.csv", "libreoffice.xlsx"} {
		ours, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		theirs := []byte("codigo;descricao;valor\nS3cret;da outra equipe;9\n")
		if o := others[name]; o != "" {
			if theirs, err = os.ReadFile(filepath.Join("testdata", o)); err != nil {
				t.Fatal(err)
			}
		}
		read := func(b []byte) []string {
			p := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			src, err := Open(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			cells, err := cellsOf(src)
			if err != nil {
				t.Fatal(err)
			}
			return cells
		}
		mine := read(ours)
		if slices.Equal(mine, read(theirs)) {
			t.Fatalf("%s: the two files read alike", name)
		}
		for _, c := range cases {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				base := t.TempDir()
				proc, other := filepath.Join(base, "processing"), filepath.Join(base, "outra")
				for _, d := range []string{proc, other} {
					if err := os.Mkdir(d, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				p := filepath.Join(proc, name)
				if err := os.WriteFile(p, ours, 0o644); err != nil {
					t.Fatal(err)
				}
				for _, q := range []string{filepath.Join(other, name), filepath.Join(proc, "outro"+filepath.Ext(name))} {
					if err := os.WriteFile(q, theirs, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				o := Options{}
				if !c.os {
					r, err := os.OpenRoot(proc)
					if err != nil {
						t.Fatal(err)
					}
					defer r.Close()
					o.Files = Folder{Dir: proc, Root: r}
				}
				swap := func() {
					var err error
					switch c.swap {
					case "folder":
						if err = os.Rename(proc, filepath.Join(base, "antigo")); err == nil {
							err = os.Symlink(other, proc)
						}
					case "file":
						if err = os.Remove(p); err == nil {
							err = os.Symlink(filepath.Join(other, name), p)
						}
					case "file inside":
						if err = os.Remove(p); err == nil {
							err = os.Symlink("outro"+filepath.Ext(name), p)
						}
					}
					if err != nil {
						t.Skip(err) // no symbolic links here (Windows without the right)
					}
				}
				if c.before {
					swap()
				}
				src, err := Open(p, o)
				var cells []string
				if err == nil {
					defer src.Close()
					if r, ok := src.(interface{ Release() error }); ok {
						r.Release() // the workbook opened again for its rows, as a run does
					}
					if !c.before {
						swap()
					}
					cells, err = cellsOf(src)
				}
				switch {
				case c.want == "link":
					if !errors.Is(err, ErrLink) || len(cells) > 0 {
						t.Errorf("got %v, read %q; want ErrLink and nothing read", err, cells)
					}
				case c.want == "not ours":
					if err == nil && slices.Equal(cells, mine) {
						t.Errorf("read the team's file through the swapped folder: %q", cells)
					}
				case err != nil:
					t.Errorf("got %v; want the team's rows", err)
				case !slices.Equal(cells, mine):
					t.Errorf("read %q; want the team's: %q", cells, mine)
				}
			})
		}
	}
}

// TestFolderOnlyItsFiles: a Folder reads only the files directly in its folder; a path
// elsewhere, or in a folder within it, is refused without being looked at.
func TestFolderOnlyItsFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a.csv", filepath.Join("sub", "b.csv")} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte("a;b\n1;2\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f := Folder{Dir: dir, Root: r}
	if src, err := Open(filepath.Join(dir, "a.csv"), Options{Files: f}); err != nil {
		t.Errorf("a file of the folder: %v", err)
	} else {
		src.Close()
	}
	if fi, err := f.Stat(filepath.Join(dir, "a.csv")); err != nil || fi.Size() != 8 {
		t.Errorf("Stat of a file of the folder: %v, %v", fi, err)
	}
	if _, err := f.Stat(filepath.Join(dir, "gone.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a file not there: %v", err)
	}
	for _, p := range []string{filepath.Join(dir, "sub", "b.csv"), filepath.Join(filepath.Dir(dir), "a.csv"), "a.csv"} {
		if _, err := f.Open(p); !errors.Is(err, ErrNotInFolder) {
			t.Errorf("Open(%s): %v; want ErrNotInFolder", p, err)
		}
		if _, err := f.Stat(p); !errors.Is(err, ErrNotInFolder) {
			t.Errorf("Stat(%s): %v; want ErrNotInFolder", p, err)
		}
	}
	if _, err := f.ReadDir(filepath.Join(dir, "sub")); !errors.Is(err, ErrNotInFolder) {
		t.Errorf("ReadDir of a folder within: %v", err)
	}
	if ents, err := f.ReadDir(dir); err != nil || len(ents) != 2 {
		t.Errorf("ReadDir: %v, %v", ents, err)
	}
}
