package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestJournalItMayNotWrite: a journal the run may not write (a read-only file system, a
// folder or file of another user's, a folder missing) stops the run before anything is sent,
// exit 2, saying in Portuguese which journal, why, and what to do (--journal elsewhere, or
// --no-journal knowing a later run resends). SQLite's own words came out instead ("unable to
// open database file" on a read-only file system, "attempt to write a readonly database"),
// and a journal file of mode 0444 failed only at the run's first write. The read-only file
// system needs a tmpfs of its own (root on Linux), the permissions an ordinary user (root
// writes anywhere): those cases skip elsewhere, saying why.
func TestJournalItMayNotWrite(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	run := func(t *testing.T, journal string) (int, string) {
		t.Helper()
		code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", "--endpoint", base, "--user", "demo",
			"--password-env", "PW", "--quiet", "--journal", journal, "--report", filepath.Join(dir, "r.jsonl"), in)
		return code, stderr
	}
	// made runs once so that the journal is there, as after the nights before.
	made := func(t *testing.T, journal string) {
		t.Helper()
		if code, stderr := run(t, journal); code != 0 {
			t.Fatalf("the first run: exit %d\n%s", code, stderr)
		}
	}
	root := os.Geteuid() == 0
	var rofs string // a tmpfs made read-only after a journal was made in it
	if root {
		rofs = filepath.Join(dir, "rofs")
		os.Mkdir(rofs, 0o755)
		if err := syscall.Mount("tmpfs", rofs, "tmpfs", 0, "size=4m"); err != nil {
			rofs = ""
		} else {
			t.Cleanup(func() { syscall.Unmount(rofs, syscall.MNT_DETACH) })
			made(t, filepath.Join(rofs, "journal.db"))
			if err := syscall.Mount("", rofs, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		name  string
		needs string // "root" (a tmpfs), "user" (permissions), "" (anyone)
		setup func(t *testing.T) (journal, cause string)
	}{
		{"folder missing", "", func(t *testing.T) (string, string) {
			gone := filepath.Join(dir, "gone")
			os.Symlink(filepath.Join(dir, "nowhere", "mnt"), gone) // a disk not mounted, a link to nowhere
			return filepath.Join(gone, "journal.db"), "a pasta " + gone + " não existe"
		}},
		{"read-only file system, journal there", "root", func(t *testing.T) (string, string) {
			j := filepath.Join(rofs, "journal.db")
			return j, j + " está num sistema de arquivos somente leitura"
		}},
		{"read-only file system, new journal", "root", func(t *testing.T) (string, string) {
			return filepath.Join(rofs, "sub", "journal.db"), rofs + " está num sistema de arquivos somente leitura"
		}},
		{"folder it may not write, journal there", "user", func(t *testing.T) (string, string) {
			d := filepath.Join(dir, "ro-folder")
			made(t, filepath.Join(d, "journal.db"))
			os.Chmod(d, 0o555)
			t.Cleanup(func() { os.Chmod(d, 0o755) })
			return filepath.Join(d, "journal.db"), "não tem permissão de gravar em " + d + "."
		}},
		{"folder it may not write, new journal", "user", func(t *testing.T) (string, string) {
			d := filepath.Join(dir, "ro-empty")
			os.Mkdir(d, 0o555)
			t.Cleanup(func() { os.Chmod(d, 0o755) })
			return filepath.Join(d, "journal.db"), "não tem permissão de gravar em " + d + "."
		}},
		{"journal file it may not write", "user", func(t *testing.T) (string, string) {
			j := filepath.Join(dir, "ro-file", "journal.db")
			made(t, j)
			os.Chmod(j, 0o444)
			return j, "não tem permissão de gravar em " + j + "."
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			switch {
			case c.needs == "root" && rofs == "":
				t.Skip("a read-only tmpfs of its own could not be mounted (root on Linux only)")
			case c.needs == "user" && root:
				t.Skip("root writes anywhere: permissions need an ordinary user")
			}
			journal, cause := c.setup(t)
			before := sim.Stats().Requests
			code, stderr := run(t, journal)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			for _, want := range []string{"o diário de execuções " + journal + " não pode ser gravado", cause, "Nada foi enviado",
				"--journal CAMINHO em outra pasta", "--no-journal"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("the message lacks %q:\n%s", want, stderr)
				}
			}
			if n := sim.Stats().Requests - before; n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}
