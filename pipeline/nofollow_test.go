package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/templates"
)

// TestRunNoFollow: a run whose inputs must not be links (the watcher's) refuses a record file
// or a set file that is one, saying so, and nothing of the file it points to reaches the
// report, the summary or Senior; the journal's hash and the progress count open the file
// the same way.
func TestRunNoFollow(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no O_NOFOLLOW on Windows")
	}
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
			cfg.Input.NoFollow = true
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
	if _, _, err := hashFile(link, true); !errors.Is(err, readers.ErrLink) {
		t.Errorf("hashFile of a link: %v", err)
	}
	if _, err := countLines(link, true); !errors.Is(err, readers.ErrLink) {
		t.Errorf("countLines of a link: %v", err)
	}
	if _, _, err := hashFile(link, false); err != nil {
		t.Errorf("hashFile of a link, followed: %v", err)
	}
}

// TestNoFollowSwappedAfterOpen: a link put in the watcher's file's place after the import
// opened it, before the journal's hash or the rows are read, is refused in the run's words,
// naming the file as dropped: it said "open /srv/entrada/processing/x.csv: the file is a
// link, which is never followed here" (English, and a path in processing/) in the summary's
// error and the log.
func TestNoFollowSwappedAfterOpen(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no O_NOFOLLOW on Windows")
	}
	cat, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	want := "setCategoriaServico.csv: " + outcome.PT.FileIsLink()
	for _, phase := range []string{"journal", "rows"} {
		t.Run(phase, func(t *testing.T) {
			proc := filepath.Join(t.TempDir(), "processing")
			if err := os.Mkdir(proc, 0o755); err != nil {
				t.Fatal(err)
			}
			in := writeFile(t, proc, "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Manutenção;1\n")
			secret := writeFile(t, t.TempDir(), "password", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS3cret;Segredo;1\n")
			opt := InputOptions{Lang: outcome.PT, NoFollow: true, Name: func(p string) string {
				if filepath.Dir(p) == proc {
					return filepath.Base(p)
				}
				return p
			}}
			inputs, err := OpenInputs(context.Background(), cat, []string{in}, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer inputs[0].Close()
			if err := os.Remove(in); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(secret, in); err != nil {
				t.Skip(err)
			}
			var read []string
			switch phase {
			case "journal":
				r := &run{cfg: Settings{Lang: outcome.PT, Journal: openJournal(t), Command: "watch"}}
				err = r.startJournal(inputs, time.Now())
			case "rows":
				err = inputs[0].Records(context.Background(), func(rec *Record) error {
					read = append(read, rec.Key)
					return nil
				})
			}
			if err == nil || !errors.Is(err, readers.ErrLink) || err.Error() != want {
				t.Errorf("got %v, want %q", err, want)
			}
			if len(read) > 0 {
				t.Errorf("records read through the link: %q", read)
			}
		})
	}
}
