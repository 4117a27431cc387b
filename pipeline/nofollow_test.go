package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/templates"
)

// folderOf is dir held open, as the watcher holds its processing/ (readers.Folder).
func folderOf(t *testing.T, dir string) readers.Folder {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return readers.Folder{Dir: dir, Root: r}
}

// TestRunNoFollow: a run whose inputs are read through a readers.Folder (the watcher's) refuses
// a record file or a set file that is a link, saying so, and nothing of the file it points to
// reaches the report, the summary or Senior; the journal's hash and the progress count open
// the file the same way.
func TestRunNoFollow(t *testing.T) {
	e := startSim(t, nil, nil)
	for _, c := range []struct {
		name, file, set string
		folder          bool // the link is to a folder holding a file of the port's name
	}{
		{"record file", "setCategoriaServico.csv", "", false},
		{"set file", "GravarOrcamentos-x.csv", "GravarOrcamentos-x.itens.csv", false},
		{"link to a folder", "setCategoriaServico.csv", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			secret := writeFile(t, t.TempDir(), "password", "S3cretS3cret\n")
			if c.folder {
				// Another drop folder's done/, say: its files were read as the folder
				// given to run is, and their rows sent.
				secret = filepath.Dir(writeFile(t, t.TempDir(), "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS3cret;Segredo;1\n"))
			}
			in := filepath.Join(dir, c.file)
			link := in
			if c.set != "" {
				writeFile(t, dir, c.file, "codEmp;numOct;verOct;codCli;datEmi;tipOpe\n1;1;1;1;01/01/2026;1\n")
				link = filepath.Join(dir, c.set)
			}
			if err := os.Symlink(secret, link); err != nil {
				t.Skip(err)
			}
			cfg := e.settings(dir, in)
			cfg.Input.Files = folderOf(t, dir)
			cfg.Journal = openJournal(t)
			cfg.Summary = filepath.Join(dir, "summary.json")
			sum, err := Run(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), "é um link") {
				t.Fatalf("a link read: %v, %+v", err, sum.Outcomes)
			}
			for _, out := range []string{cfg.Reports[0], cfg.Summary} {
				if b, _ := os.ReadFile(out); strings.Contains(string(b), "S3cret") {
					t.Errorf("%s shows the link's target:\n%s", out, b)
				}
			}
			if n := e.sim.Stats().Requests; n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "in.csv")
	if err := os.Symlink(writeFile(t, dir, "other.csv", "a\n1\n"), link); err != nil {
		t.Skip(err)
	}
	if _, _, err := hashFile(folderOf(t, dir), link); !errors.Is(err, readers.ErrLink) {
		t.Errorf("hashFile of a link: %v", err)
	}
	if _, err := countLines(folderOf(t, dir), link); !errors.Is(err, readers.ErrLink) {
		t.Errorf("countLines of a link: %v", err)
	}
	if _, _, err := hashFile(readers.OS{}, link); err != nil {
		t.Errorf("hashFile of a link, followed: %v", err)
	}
}

// TestFolderSwapped: the watcher's file read through its processing/ held open
// (readers.Folder). A link put in the file's place after the import opened it, before the
// journal's hash or the rows are read, is refused in the run's words, naming the file as
// dropped: it said "open /srv/entrada/processing/x.csv: the file is a link, which is never
// followed here" (English, and a path in processing/) in the summary's error and the log. The
// folder itself renamed away and a link to another folder holding a file of the same name put
// in its place, before the import opens the file or between its opens (the journal's hash,
// the rows), is not followed: the team's rows are read, never the other folder's (they were,
// and went to Senior: processing/ was opened by its path at each open).
func TestFolderSwapped(t *testing.T) {
	cat, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	const header = "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n"
	link := "setCategoriaServico.csv: " + outcome.PT.FileIsLink()
	for _, c := range []struct {
		swap  string // "file" or "folder"
		phase string // swapped before: "open", "journal" (its hash), "rows"
		err   string // the error wanted, "" for none and the team's rows read
	}{
		{"file", "journal", link},
		{"file", "rows", link},
		{"folder", "open", ""},
		{"folder", "journal", ""},
		{"folder", "rows", ""},
	} {
		t.Run(c.swap+" before "+c.phase, func(t *testing.T) {
			base := t.TempDir()
			proc := filepath.Join(base, "processing")
			if err := os.Mkdir(proc, 0o755); err != nil {
				t.Fatal(err)
			}
			in := writeFile(t, proc, "setCategoriaServico.csv", header+"S1;Manutenção;1\n")
			other := filepath.Join(base, "outra")
			if err := os.Mkdir(other, 0o755); err != nil {
				t.Fatal(err)
			}
			theirs := writeFile(t, other, "setCategoriaServico.csv", header+"S3cret;Segredo;1\n")
			swap := func() {
				var err error
				if c.swap == "file" {
					if err = os.Remove(in); err == nil {
						err = os.Symlink(theirs, in)
					}
				} else if err = os.Rename(proc, filepath.Join(base, "antigo")); err == nil {
					err = os.Symlink(other, proc)
				}
				if err != nil {
					t.Skip(err)
				}
			}
			opt := InputOptions{Lang: outcome.PT, Files: folderOf(t, proc), Name: func(p string) string {
				if filepath.Dir(p) == proc {
					return filepath.Base(p)
				}
				return p
			}}
			if c.phase == "open" {
				swap()
			}
			inputs, err := OpenInputs(context.Background(), cat, []string{in}, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer inputs[0].Close()
			if c.phase != "open" {
				swap()
			}
			var read []string
			r := &run{cfg: Settings{Lang: outcome.PT, Journal: openJournal(t), Command: "watch", Logger: slog.New(slog.DiscardHandler)}}
			err = r.startJournal(inputs, time.Now())
			if err == nil {
				err = inputs[0].Records(context.Background(), func(rec *Record) error {
					read = append(read, rec.Key)
					return nil
				})
			}
			switch {
			case c.err != "":
				if err == nil || !errors.Is(err, readers.ErrLink) || err.Error() != c.err {
					t.Errorf("got %v, want %q", err, c.err)
				}
				if len(read) > 0 {
					t.Errorf("records read through the link: %q", read)
				}
			case err != nil:
				t.Errorf("got %v, want the team's rows", err)
			case !slices.Equal(read, []string{"S1"}):
				t.Errorf("read %q, want the team's [S1]", read)
			}
			if changed := inputs[0].changed(); len(changed) > 0 && c.err == "" {
				t.Errorf("said changed: %q", changed)
			}
		})
	}
}

// TestFolderFileBecameFolder: the watcher's file, put in processing/ as a folder after the
// watcher looked (whoever writes to the share), is not listed by its path as a folder given to
// run is: that listing went outside processing/ held open (readers.Folder), by a path that
// processing/ renamed away and a link put in its place leads elsewhere. It is refused as no
// file, nothing in it read or sent.
func TestFolderFileBecameFolder(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	in := filepath.Join(dir, "setCategoriaServico.csv")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, in, "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS3cret;Segredo;1\n")
	cfg := e.settings(dir, in)
	cfg.Input.Files = folderOf(t, dir)
	cfg.Summary = filepath.Join(dir, "summary.json")
	sum, err := Run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "setCategoriaServico.csv não é um arquivo comum (uma pasta)") {
		t.Errorf("a folder in the file's place: %v, %+v", err, sum.Outcomes)
	}
	for _, out := range []string{cfg.Reports[0], cfg.Summary} {
		if b, _ := os.ReadFile(out); strings.Contains(string(b), "S3cret") {
			t.Errorf("%s shows the folder's file:\n%s", out, b)
		}
	}
	if n := e.sim.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
