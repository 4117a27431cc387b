package readers

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestNoFollow: with NoFollow (the watcher's), an input that is a symbolic link is refused,
// ErrLink, whether it was one when opened or was put in the file's place before its rows were
// read; without it, a link is read as the file it points to (a user's own link on the command
// line).
func TestNoFollow(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no O_NOFOLLOW on Windows")
	}
	for _, name := range []string{"utf8-semicolon.csv", "libreoffice.xlsx"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			target, err := filepath.Abs(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(dir, name)
			if err := os.Symlink(target, link); err != nil {
				t.Skip(err)
			}
			src, err := Open(link, Options{})
			if err != nil {
				t.Fatalf("a link without NoFollow: %v", err)
			}
			src.Close()
			if src, err := Open(link, Options{NoFollow: true}); !errors.Is(err, ErrLink) {
				if src != nil {
					src.Close()
				}
				t.Fatalf("a link with NoFollow: %v", err)
			}
		})
	}
	// A CSV file opened whole, then a link put in its place before its rows are read (the
	// watcher's window): its rows are never read from the link's target.
	t.Run("swapped", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(p, []byte("a;b\n1;2\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		src, err := Open(p, Options{NoFollow: true})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		secret := filepath.Join(dir, "secret.csv")
		if err := os.WriteFile(secret, []byte("a;b\nS3cret;x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(secret, p); err != nil {
			t.Skip(err)
		}
		var read []string
		err = src.Rows(context.Background(), src.Sheets()[0].Name, func(r Row) error {
			for _, c := range r.Cells {
				read = append(read, c.Raw)
			}
			return nil
		})
		if !errors.Is(err, ErrLink) || len(read) > 0 {
			t.Errorf("rows of a link: %v, read %q", err, read)
		}
	})
}
