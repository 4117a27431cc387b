package main

import (
	"io"
	"os"
	"os/exec"
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
	if root && os.Getenv(asUserEnv) == "" {
		// CI runs as root, where the permission cases cannot be made: they run again, in a
		// copy of this test binary started as an ordinary user (nobody). Skipped as root, the
		// cases of a folder or a journal file it may not write never ran where the tests run.
		t.Run("as an ordinary user", func(t *testing.T) {
			out := runAsUser(t, "^TestJournalItMayNotWrite$")
			for _, c := range []string{"folder_it_may_not_write,_journal_there", "folder_it_may_not_write,_new_journal", "journal_file_it_may_not_write"} {
				if !strings.Contains(out, "--- PASS: TestJournalItMayNotWrite/"+c+" ") {
					t.Errorf("as nobody, %s did not pass:\n%s", c, out)
				}
			}
		})
	}
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

// asUserEnv marks a test binary started again as an ordinary user by runAsUser.
const asUserEnv = "IMPORTER_TEST_AS_USER"

// runAsUser runs the tests matching pattern again in a copy of this test binary started as the
// user nobody (root only): the permission cases root cannot meet (root writes anywhere). The
// copy sits in a folder nobody may read, as the go tool's own folder is its user's alone. It
// returns the copy's verbose output.
func runAsUser(t *testing.T, pattern string) string {
	self, err := os.Executable()
	if err != nil {
		t.Skipf("this test binary cannot be found to start it again: %v", err)
	}
	dir, err := os.MkdirTemp("", "asuser")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "test")
	if err := copyFile(self, bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", pattern, "-test.count", "1", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asUserEnv+"=1", "HOME="+dir, "TMPDIR=/tmp")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Skipf("the test binary could not be started as nobody: %v", err)
		}
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	return string(out)
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
