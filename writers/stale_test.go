package writers

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"seniorimporter/outcome"
)

// fullDisk is the system's paths, except that an output's temporary file, once made, is
// written to /dev/full: every write of it fails with "no space left on device", as on a disk
// that filled up while the reports were written.
type fullDisk struct{ OS }

func (fullDisk) OpenFile(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if !strings.Contains(filepath.Base(path), ".tmp-") || flag&os.O_CREATE == 0 {
		return os.OpenFile(path, flag, perm)
	}
	f, err := os.OpenFile(path, flag, perm) // made, as on a full disk: an empty file fits
	if err != nil {
		return nil, err
	}
	f.Close()
	return os.OpenFile("/dev/full", os.O_WRONLY, 0)
}

// TestStaleReportMovedOnAFullDisk: a nightly run writes its reports, rows to fix and summary
// at the same paths every night; the night the disk is full they cannot be written. The
// night before's CSV and XLSX reports (and re-import files, and summary) stayed at those
// paths, whole and well formed, and the finance team read them in the morning as the
// night's (a monitor, the summary's exit_code 0): the log said "not written", the files said
// nothing. Now each is renamed NAME.anterior, and the error (which the log and the summary's
// reports_not_written carry) says so, in the run's language.
func TestStaleReportMovedOnAFullDisk(t *testing.T) {
	if f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0); err != nil {
		t.Skipf("no /dev/full: %v", err)
	} else {
		f.Close()
	}
	for _, lang := range []outcome.Lang{outcome.PT, outcome.EN} {
		for _, c := range []struct {
			name     string
			stale    []string // the outputs, an earlier night's at each path
			reimport bool
		}{
			{"csv report", []string{"r.csv"}, false},
			{"xlsx report", []string{"r.xlsx"}, false},
			{"rows to fix", []string{"corrigir/setcontas.csv", "corrigir/GravarOrcamentos-nov.xlsx"}, true},
			{"summary", []string{"summary.json"}, false},
		} {
			t.Run(string(lang)+"/"+c.name, func(t *testing.T) {
				dir := t.TempDir()
				for _, n := range c.stale {
					p := filepath.Join(dir, n)
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, []byte("ontem"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				o := Options{Sources: sources, Files: fullDisk{}, Lang: lang}
				var err error
				if c.name == "summary" {
					err = WriteSummaryIn(fullDisk{}, filepath.Join(dir, c.stale[0]), summaryOf(outcomes()), lang)
				} else {
					var w Writer
					if c.reimport {
						w, err = OpenReimport(filepath.Join(dir, "corrigir"), o)
					} else {
						w, err = Open(filepath.Join(dir, c.stale[0]), o)
					}
					if err != nil {
						t.Fatal(err)
					}
					for _, l := range outcomes() {
						w.Write(l) // the failure is Close's to say
					}
					err = w.Close(nil)
				}
				if err == nil {
					t.Fatal("Close on a full disk: no error")
				}
				said := map[outcome.Lang]string{outcome.PT: "de uma execução anterior, foi renomeado para", outcome.EN: "an earlier run's, was renamed"}[lang]
				for _, n := range c.stale {
					p := filepath.Join(dir, n)
					if _, serr := os.Lstat(p); serr == nil {
						t.Errorf("%s: the earlier night's file is still at its path", n)
					}
					if b, rerr := os.ReadFile(p + ".anterior"); rerr != nil || string(b) != "ontem" {
						t.Errorf("%s.anterior: %q %v, want the earlier night's file", n, b, rerr)
					}
					if c.reimport {
						continue // the re-import folder's error is its first file's
					}
					if !strings.Contains(err.Error(), said) || !strings.Contains(err.Error(), p+".anterior") {
						t.Errorf("the error does not say where the earlier file went: %v", err)
					}
				}
				// Nothing else left: no temporary file.
				filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
					if err == nil && strings.Contains(d.Name(), ".tmp-") {
						t.Errorf("left %s", p)
					}
					return nil
				})
			})
		}
	}
}
