package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
)

// TestClearFixed: a file of rows to fix dropped back takes its copy in failed/corrigir/ (and
// its set file's) with it only when it goes to done/ with every row ok and as many rows, and
// as many rows from the file to fix, as failed/NAME's run left to fix; else the copy, still
// to fix, stays.
func TestClearFixed(t *testing.T) {
	const left = `{"exit_code": 1, "rows": 3, "outcomes": {"ok": 1, "rejected": 2}}` // two rows to fix
	cases := []struct {
		name      string
		failedSum string            // failed/vendas.csv.summary.json: the run that left the rows
		exist     map[string]string // more files in the folder
		rows      int               // of the file dropped back, every one ok
		fixedRows int               // Result.FixedRows
		appendTo  bool              // the file written to after it was taken: failed/
		dest      string
		removed   bool
	}{
		{"both rows fixed", left, nil, 2, 2, false, Done, true},
		// The second row's cells emptied rather than the row deleted: its "#linha original"
		// still filled (FixedRows counts it), the row blank (the summary does not): still to fix.
		{"a row emptied, not fixed", left, nil, 1, 2, false, Done, false},
		{"failed/'s run left nothing to fix", `{"exit_code": 1, "rows": 3, "outcomes": {"ok": 3}}`, nil, 2, 2, false, Done, false},
		// Written to after it was taken: failed/ (as vendas_2.csv), whatever the import said.
		// done/vendas_2.csv is another drop's, every row ok: it says nothing of this one.
		{"to failed/, done/ holding another drop of its name", left, map[string]string{
			"done/vendas.csv": "x\n", "done/vendas_2.csv": "x\n",
			"done/vendas_2.csv.summary.json": `{"exit_code": 0, "rows": 2, "outcomes": {"ok": 2}}`,
		}, 2, 2, true, Failed, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			touch(t, filepath.Join(dir, Failed, "vendas.csv"), "a;b\n")
			touch(t, filepath.Join(dir, Failed, "vendas.csv.summary.json"), c.failedSum)
			corr := []string{filepath.Join(dir, Failed, Corrigir, "vendas.csv"), filepath.Join(dir, Failed, Corrigir, "vendas.itens.csv")}
			for _, p := range corr {
				touch(t, p, "a;b;#motivo;#linha original\n")
			}
			for p, body := range c.exist {
				touch(t, filepath.Join(dir, p), body)
			}
			touch(t, filepath.Join(dir, "vendas.csv"), "a;b;#motivo;#linha original\n1;2;;3\n")
			takeFirst(t, Options{Dir: dir, Lang: outcome.PT, SetNames: []string{"itens"},
				Import: func(_ context.Context, tk Task) Result {
					touch(t, tk.Summary, fmt.Sprintf(`{"exit_code": 0, "rows": %d, "outcomes": {"ok": %d}}`, c.rows, c.rows))
					if c.appendTo {
						f, err := os.OpenFile(tk.File, os.O_APPEND|os.O_WRONLY, 0)
						if err != nil {
							t.Fatal(err)
						}
						f.WriteString("4;5;;\n")
						f.Close()
					}
					return Result{Fixed: true, FixedRows: c.fixedRows}
				}})
			dest := "vendas.csv"
			if c.dest == Failed {
				dest = "vendas_2.csv"
			}
			if _, err := os.Stat(filepath.Join(dir, c.dest, dest)); err != nil {
				t.Fatalf("not sorted into %s/%s: %v", c.dest, dest, err)
			}
			for _, p := range corr {
				if _, err := os.Stat(p); (err == nil) == c.removed {
					t.Errorf("%s: %v; want removed %v", p, err, c.removed)
				}
			}
		})
	}
}

// TestRowsBeingFixedStay: a failed file whose name is free in failed/ (the team moved
// failed/vendas.csv away) but not in failed/corrigir/ (its rows to fix are still being
// fixed there) is sorted under the next name, vendas_2.csv, its rows to fix beside the first
// ones: under its own name they were moved over the file the team was fixing.
func TestRowsBeingFixedStay(t *testing.T) {
	dir := t.TempDir()
	being := filepath.Join(dir, Failed, Corrigir, "vendas.csv")
	touch(t, being, "a;b;#motivo\n1;2;corrigido pela equipe\n")
	touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;x\n")
	takeFirst(t, Options{Dir: dir, Lang: outcome.PT,
		Import: func(_ context.Context, tk Task) Result {
			touch(t, filepath.Join(tk.Reimport, "vendas.csv"), "a;b;#motivo\n1;x;b inválido\n")
			return Result{ExitCode: 1}
		}})
	wantFiles(t, dir, map[string]string{
		filepath.Join(Failed, Corrigir, "vendas.csv"):   "a;b;#motivo\n1;2;corrigido pela equipe\n",
		filepath.Join(Failed, Corrigir, "vendas_2.csv"): "a;b;#motivo\n1;x;b inválido\n",
		filepath.Join(Failed, "vendas_2.csv"):           "a;b\n1;x\n",
	})
}

// TestRowsToFixOfAnotherExtension: a workbook's rows to fix are written as NAME.xlsx whatever
// the workbook's extension (vendas.XLSX saved on Windows, vendas.xlsm): failed/'s name for it
// is one under which that file too is free in failed/corrigir/. vendas.XLSX, failed after
// vendas.xlsx, was sorted as vendas.XLSX (free in failed/) and its rows to fix, vendas.xlsx,
// renamed over the first file's, which the team was fixing.
func TestRowsToFixOfAnotherExtension(t *testing.T) {
	for _, name := range []string{"vendas.XLSX", "vendas.xlsm"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			being := filepath.Join(dir, Failed, Corrigir, "vendas.xlsx")
			touch(t, being, "as linhas da vendas.xlsx, sendo corrigidas\n")
			touch(t, filepath.Join(dir, Failed, "vendas.xlsx"), "a primeira\n")
			touch(t, filepath.Join(dir, name), "a segunda\n")
			takeFirst(t, Options{Dir: dir, Lang: outcome.PT,
				Import: func(_ context.Context, tk Task) Result {
					touch(t, filepath.Join(tk.Reimport, "vendas.xlsx"), "as linhas da "+name+"\n") // as writers.OpenReimport names it
					return Result{ExitCode: 1}
				}})
			final := "vendas_2" + filepath.Ext(name)
			wantFiles(t, dir, map[string]string{
				filepath.Join(Failed, Corrigir, "vendas.xlsx"):   "as linhas da vendas.xlsx, sendo corrigidas\n",
				filepath.Join(Failed, Corrigir, "vendas_2.xlsx"): "as linhas da " + name + "\n",
				filepath.Join(Failed, final):                     "a segunda\n",
			})
		})
	}
}

// TestClearFixedOfAnotherExtension: the rows to fix of vendas.XLSX or vendas.xlsm, written as
// vendas.xlsx, fixed and dropped back as vendas.xlsx, take their copy in failed/corrigir/ with
// them as any others do: the run that left them is failed/vendas.XLSX's (vendas.xlsm's),
// whose summary is looked for, there being no failed/vendas.xlsx.
func TestClearFixedOfAnotherExtension(t *testing.T) {
	// Both there (sorted before freeName knew a workbook's rows to fix are NAME.xlsx): which
	// one's rows these are is not known, and the copy stays.
	for _, failed := range [][]string{{"vendas.XLSX"}, {"vendas.xlsm"}, {"vendas.XLSX", "vendas.xlsm"}} {
		t.Run(strings.Join(failed, "+"), func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range failed {
				touch(t, filepath.Join(dir, Failed, f), "a;b\n")
				touch(t, filepath.Join(dir, Failed, f+".summary.json"), `{"exit_code": 1, "rows": 3, "outcomes": {"ok": 1, "invalid": 2}}`)
			}
			fix := filepath.Join(dir, Failed, Corrigir, "vendas.xlsx")
			touch(t, fix, "as linhas a corrigir\n")
			touch(t, filepath.Join(dir, "vendas.xlsx"), "as linhas corrigidas\n")
			takeFirst(t, Options{Dir: dir, Lang: outcome.PT,
				Import: func(_ context.Context, tk Task) Result {
					touch(t, tk.Summary, `{"exit_code": 0, "rows": 2, "outcomes": {"ok": 2}}`)
					return Result{Fixed: true, FixedRows: 2}
				}})
			if _, err := os.Stat(filepath.Join(dir, Done, "vendas.xlsx")); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(fix); (err == nil) != (len(failed) > 1) {
				t.Errorf("failed/corrigir/vendas.xlsx: %v; want it removed %v", err, len(failed) == 1)
			}
			for _, f := range failed {
				if _, err := os.Stat(filepath.Join(dir, Failed, f)); err != nil {
					t.Errorf("failed/%s went: %v", f, err)
				}
			}
		})
	}
}

// TestClearFixedSomeStillWrong: a file of rows to fix dropped back with some rows fixed and
// some still wrong goes to failed/ as vendas_2.csv, the rows still wrong in
// failed/corrigir/vendas_2.csv; the copy it came from, failed/corrigir/vendas.csv (and its set
// file), goes, its fixed rows being in Senior and the others in the new file. It stayed: two
// files of rows to fix for one, the first one's fixed rows still red. It stays when rows were
// left out of the file dropped back, or when the new rows to fix were not (all) written.
func TestClearFixedSomeStillWrong(t *testing.T) {
	const left = `{"exit_code": 1, "rows": 3, "outcomes": {"ok": 1, "rejected": 2}}` // two rows to fix
	cases := []struct {
		name      string
		summary   string // of the file dropped back
		fixedRows int    // Result.FixedRows
		writes    bool   // its rows to fix written
		removed   bool
	}{
		{"one fixed, one still wrong", `{"exit_code": 1, "rows": 2, "outcomes": {"ok": 1, "invalid": 1}}`, 2, true, true},
		{"none fixed", `{"exit_code": 1, "rows": 2, "outcomes": {"invalid": 2}}`, 2, true, true},
		{"a row left out", `{"exit_code": 1, "rows": 1, "outcomes": {"invalid": 1}}`, 1, true, false},
		{"a row left out, another added", `{"exit_code": 1, "rows": 2, "outcomes": {"ok": 1, "invalid": 1}}`, 1, true, false},
		{"rows to fix not written", `{"exit_code": 1, "rows": 2, "outcomes": {"ok": 1, "invalid": 1}}`, 2, false, false},
		{"rows to fix not all written", `{"exit_code": 1, "rows": 2, "outcomes": {"ok": 1, "invalid": 1},
			"reports_not_written": [{"file": "corrigir", "message": "disco cheio"}]}`, 2, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			touch(t, filepath.Join(dir, Failed, "vendas.csv"), "a;b\n")
			touch(t, filepath.Join(dir, Failed, "vendas.csv.summary.json"), left)
			corr := []string{filepath.Join(dir, Failed, Corrigir, "vendas.csv"), filepath.Join(dir, Failed, Corrigir, "vendas.itens.csv")}
			for _, p := range corr {
				touch(t, p, "a;b;#motivo;#linha original\n1;x;b inválido;2\n2;y;b inválido;3\n")
			}
			touch(t, filepath.Join(dir, "vendas.csv"), "a;b;#motivo;#linha original\n1;2;;2\n2;y;;3\n")
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, Lang: outcome.PT, SetNames: []string{"itens"},
				Import: func(_ context.Context, tk Task) Result {
					touch(t, tk.Summary, c.summary)
					if c.writes {
						touch(t, filepath.Join(tk.Reimport, "vendas.csv"), "a;b;#motivo;#linha original\n2;y;b inválido;3\n")
					}
					return Result{ExitCode: 1, Fixed: true, FixedRows: c.fixedRows}
				}},
				discard())
			takeTheOne(t, w, clk)
			if _, err := os.Stat(filepath.Join(dir, Failed, "vendas_2.csv")); err != nil {
				t.Fatalf("not sorted into failed/vendas_2.csv: %v", err)
			}
			if c.writes {
				if b, err := os.ReadFile(filepath.Join(dir, Failed, Corrigir, "vendas_2.csv")); err != nil || !strings.Contains(string(b), "2;y;b inválido;3") {
					t.Errorf("failed/corrigir/vendas_2.csv: %q, %v; want the row still to fix", b, err)
				}
			}
			for _, p := range corr {
				if _, err := os.Stat(p); (err == nil) == c.removed {
					t.Errorf("%s: %v; want removed %v", p, err, c.removed)
				}
			}
		})
	}
}

// TestClearFixedInFile: a file of the same name as rows left to fix, no file of rows to fix
// (the team fixed the file it had dropped, not failed/corrigir/'s copy, and dropped it again),
// that goes to done/ takes failed/corrigir/NAME (and its set file) with it when every row left
// to fix is among its rows, ok or skipped, by port and key. It stayed, its rows red though in
// Senior. The next day's export under the same name, a row to fix with no key, or a report
// of the first run missing, leaves it.
func TestClearFixedInFile(t *testing.T) {
	const port = "GravarOrcamentos"
	line := func(key, port string, k outcome.Kind) string {
		return fmt.Sprintf(`{"file":"vendas.csv","row":2,"key":%q,"port":%q,"outcome":%q}`, key, port, k) + "\n"
	}
	left := line("1/1/1", port, outcome.OK) + line("1/2/1", port, outcome.Invalid) + "  " + line("1/3/1", port, outcome.Rejected)
	cases := []struct {
		name    string
		left    string // failed/vendas.csv.report.jsonl ("": none)
		now     string // the report of the file dropped again, every row ok
		removed bool
	}{
		{"every row to fix in it, ok", left, line("1/1/1", port, outcome.Skipped) + line("1/2/1", port, outcome.OK) + line("1/3/1", port, outcome.OK), true},
		{"the rows to fix alone, one skipped", left, line("1/3/1", port, outcome.Skipped) + line("1/2/1", port, outcome.OK), true},
		{"the next day's export", left, line("1/4/1", port, outcome.OK) + line("1/5/1", port, outcome.OK), false},
		{"one row to fix not in it", left, line("1/1/1", port, outcome.Skipped) + line("1/2/1", port, outcome.OK), false},
		{"the same keys of another port", left, line("1/2/1", "CarregarOrcamentos", outcome.OK) + line("1/3/1", "CarregarOrcamentos", outcome.OK), false},
		{"a row to fix without a key", line("", "setContas", outcome.Invalid), line("C1", "setContas", outcome.OK), false},
		{"no report of the run that left them", "", line("1/2/1", port, outcome.OK) + line("1/3/1", port, outcome.OK), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			touch(t, filepath.Join(dir, Failed, "vendas.csv"), "a;b\n")
			touch(t, filepath.Join(dir, Failed, "vendas.csv.summary.json"), `{"exit_code": 1, "rows": 3, "outcomes": {"ok": 1, "invalid": 1, "rejected": 1}}`)
			if c.left != "" {
				touch(t, filepath.Join(dir, Failed, "vendas.csv.report.jsonl"), c.left)
			}
			corr := []string{filepath.Join(dir, Failed, Corrigir, "vendas.csv"), filepath.Join(dir, Failed, Corrigir, "vendas.itens.csv")}
			for _, p := range corr {
				touch(t, p, "a;b;#motivo;#linha original\n")
			}
			touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;2\n")
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, Lang: outcome.PT, SetNames: []string{"itens"},
				Import: func(_ context.Context, tk Task) Result {
					n := strings.Count(c.now, "\n")
					touch(t, tk.Summary, fmt.Sprintf(`{"exit_code": 0, "rows": %d, "outcomes": {"ok": %d}}`, n, n))
					for _, rep := range tk.Reports {
						if strings.HasSuffix(rep, ".jsonl") {
							touch(t, rep, c.now)
						}
					}
					return Result{}
				}},
				discard())
			takeTheOne(t, w, clk)
			if _, err := os.Stat(filepath.Join(dir, Done, "vendas.csv")); err != nil {
				t.Fatalf("not sorted into done/: %v", err)
			}
			for _, p := range corr {
				if _, err := os.Stat(p); (err == nil) == c.removed {
					t.Errorf("%s: %v; want removed %v", p, err, c.removed)
				}
			}
		})
	}
}

// TestClearFixedInFileSomeStillWrong: the file itself, fixed in part and dropped again, goes to
// failed/ as vendas_2.csv, its rows still wrong in failed/corrigir/vendas_2.csv; holding every
// row left to fix (by port and key, whatever its outcome now), it takes failed/corrigir/vendas.csv
// with it: the rows fixed are in Senior, the others in the new file. Without one of those rows
// (the next day's export), or without new rows to fix written, the copy stays.
func TestClearFixedInFileSomeStillWrong(t *testing.T) {
	line := func(key string, k outcome.Kind) string {
		return fmt.Sprintf(`{"file":"vendas.csv","row":2,"key":%q,"port":"GravarOrcamentos","outcome":%q}`, key, k) + "\n"
	}
	cases := []struct {
		name    string
		now     string
		writes  bool
		removed bool
	}{
		{"one fixed, one still wrong", line("1/1/1", outcome.Skipped) + line("1/2/1", outcome.OK) + line("1/3/1", outcome.Invalid), true, true},
		{"one row to fix not in it", line("1/1/1", outcome.Skipped) + line("1/3/1", outcome.Invalid), true, false},
		{"rows to fix not written", line("1/2/1", outcome.OK) + line("1/3/1", outcome.Invalid), false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			touch(t, filepath.Join(dir, Failed, "vendas.csv"), "a;b\n")
			touch(t, filepath.Join(dir, Failed, "vendas.csv.summary.json"), `{"exit_code": 1, "rows": 3, "outcomes": {"ok": 1, "invalid": 2}}`)
			touch(t, filepath.Join(dir, Failed, "vendas.csv.report.jsonl"), line("1/1/1", outcome.OK)+line("1/2/1", outcome.Invalid)+line("1/3/1", outcome.Invalid))
			old := filepath.Join(dir, Failed, Corrigir, "vendas.csv")
			touch(t, old, "a;b;#motivo;#linha original\n")
			touch(t, filepath.Join(dir, "vendas.csv"), "a;b\n1;2\n")
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, Lang: outcome.PT,
				Import: func(_ context.Context, tk Task) Result {
					touch(t, tk.Summary, `{"exit_code": 1, "rows": 3, "outcomes": {"ok": 2, "invalid": 1}}`)
					for _, rep := range tk.Reports {
						if strings.HasSuffix(rep, ".jsonl") {
							touch(t, rep, c.now)
						}
					}
					if c.writes {
						touch(t, filepath.Join(tk.Reimport, "vendas.csv"), "a;b;#motivo;#linha original\n3;x;b inválido;4\n")
					}
					return Result{ExitCode: 1}
				}},
				discard())
			takeTheOne(t, w, clk)
			if _, err := os.Stat(filepath.Join(dir, Failed, "vendas_2.csv")); err != nil {
				t.Fatalf("not sorted into failed/vendas_2.csv: %v", err)
			}
			if _, err := os.Stat(old); (err == nil) == c.removed {
				t.Errorf("failed/corrigir/vendas.csv: %v; want removed %v", err, c.removed)
			}
		})
	}
}
