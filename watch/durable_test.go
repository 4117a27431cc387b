package watch

import (
	"context"
	"fmt"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"seniorimporter/pipeline"
	"seniorimporter/readers"
	"seniorimporter/simulator"
	"seniorimporter/soap"
	"seniorimporter/templates"
	"seniorimporter/writers"
)

// step is one step the test saw: durableAt's (sync, syncdir, rename, remove), or the
// import's start and Finished's call, which rely on what came before them.
type step struct {
	op   string
	a, b string
}

func (s step) String() string { return strings.TrimSpace(s.op + " " + s.a + " " + s.b) }

// recordSteps makes durableAt append to steps for the rest of the test.
func recordSteps(t *testing.T, steps *[]step) {
	t.Helper()
	old := durableAt
	t.Cleanup(func() { durableAt = old })
	durableAt = func(op string, paths ...string) {
		s := step{op: op, a: paths[0]}
		if len(paths) > 1 {
			s.b = paths[1]
		}
		*steps = append(*steps, s)
	}
}

// simImport is an Import that runs the pipeline against the project's simulator, as
// cmd/importer's watch does: the file read in processing/ as held, its outputs made in its
// work folder as held.
func simImport(t *testing.T, steps *[]step) func(context.Context, Task) Result {
	t.Helper()
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	sim, err := simulator.New(simulator.Config{User: "demo", Password: "s3cret", CRMPath: "/crm/ws", Catalogue: cat})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	creds := soap.Credentials{User: "demo", Password: "s3cret"}
	return func(ctx context.Context, tk Task) Result {
		*steps = append(*steps, step{op: "import", a: tk.Name})
		sum, err := pipeline.Run(ctx, pipeline.Settings{
			Files: []string{tk.File}, Endpoint: srv.URL, CRMEndpoint: srv.URL + "/crm/ws", G5: creds, CRM: creds,
			Workers: 2, Timeout: 10 * time.Second, Retries: 3, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
			Reports: tk.Reports, Summary: tk.Summary, Reimport: tk.Reimport, Command: "watch", Quiet: true,
			Outputs: writers.Folder{Dir: filepath.Dir(tk.Summary), Root: tk.Outputs},
			Input:   pipeline.InputOptions{Lang: "pt", Files: readers.Folder{Dir: filepath.Dir(tk.File), Root: tk.Folder}},
		})
		return Result{ExitCode: sum.ExitCode, Err: err}
	}
}

// TestDurableOrder: a power cut cannot be made in a test, so the order of the steps that make
// a sort survive one is checked instead, for a watcher that imports real files against the
// simulator (one to done/, one to failed/ with rows to fix, one with a set file). Every
// rename has its file's content synced before it (the dropped file, a state file of the work
// folder, a report), and the folder it lands in synced after it, before the next step that
// relies on it: the next rename (the outputs moved out are one batch, synced once before the
// file moves), the import, the work folder's removal or Finished. A dropped file's moves sync
// the folder it left as well: lost there, it was imported again from the drop folder (a claim)
// or from processing/ under the next free name (a sort). Without the syncs a power cut could
// leave an empty state file, a file in done/ with empty or lost reports, or a file imported
// twice.
func TestDurableOrder(t *testing.T) {
	samples := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "samples", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const servicos = "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		dest  string
		out   []string // besides the file, in dest
	}{
		{"done", map[string]string{"setCategoriaServico-bom.csv": servicos + "S1;Manutenção;1\nS2;Instalação;1\n"},
			Done, []string{".report.xlsx", ".report.jsonl", ".summary.json"}},
		{"failed with rows to fix", map[string]string{"setCategoriaServico-ruim.csv": servicos + "S3;Pintura;1\n;Sem código;1\n"},
			Failed, []string{".report.xlsx", ".report.jsonl", ".summary.json", "corrigir/"}},
		{"set file", map[string]string{"GravarOrcamentos-dez.csv": samples("GravarOrcamentos-dez.csv"),
			"GravarOrcamentos-dez.observacoes.csv": samples("GravarOrcamentos-dez.observacoes.csv")},
			Failed, []string{".report.xlsx", ".report.jsonl", ".summary.json", "corrigir/"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			record := ""
			for n, body := range c.files {
				touch(t, filepath.Join(dir, n), body)
				if record == "" || len(n) < len(record) {
					record = n
				}
			}
			var steps []step
			recordSteps(t, &steps)
			clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, SetNames: []string{"observacoes"},
				Import:   simImport(t, &steps),
				Finished: func(_ context.Context, f Finish) { steps = append(steps, step{op: "finished", a: f.Name}) }}, discard())
			takeTheOne(t, w, clk)

			for n := range c.files {
				if _, err := os.Stat(filepath.Join(dir, c.dest, n)); err != nil {
					t.Errorf("%s not in %s/: %v", n, c.dest, err)
				}
			}
			for _, o := range c.out {
				p := filepath.Join(dir, c.dest, record+o)
				if o == "corrigir/" {
					p = filepath.Join(dir, Failed, Corrigir, record)
				}
				if _, err := os.Stat(p); err != nil {
					t.Errorf("output missing: %v", err)
				}
			}
			log := func() string {
				var b strings.Builder
				for i, s := range steps {
					fmt.Fprintf(&b, "\n%4d %s", i, s)
				}
				return b.String()
			}
			problems := checkDurable(steps, record)
			// Not passed for want of steps: the claims, the state, the outputs and the sort are seen.
			files := slices.Sorted(maps.Keys(c.files))
			var claims, sorts, states, outputs int
			for _, s := range steps {
				switch {
				case s.op != "rename":
				case slices.Contains(files, s.a) && s.b == filepath.Join(Processing, s.a):
					claims++
				case s.a == filepath.Join(Processing, record):
					sorts++
				case strings.HasSuffix(s.a, ".tmp"):
					states++
				case filepath.Dir(filepath.Dir(s.a)) == Processing:
					outputs++
				}
			}
			if claims != len(files) || sorts != 1 || states < 3 || outputs < 3 {
				problems = append(problems, fmt.Sprintf("saw %d claims of %d files, %d moves of %s out of processing/, %d state files written, %d outputs moved: "+
					"want every file claimed, the file sorted, starts, reached and sorting written, 3 outputs or more", claims, len(files), sorts, record, states, outputs))
			}
			for _, p := range problems {
				t.Error(p)
			}
			if len(problems) > 0 {
				t.Logf("steps:%s", log())
			}
		})
	}
}

// checkDurable is what is wrong with the order of steps of a watcher that took record (and
// its set files).
func checkDurable(steps []step, record string) []string {
	var out []string
	say := func(f string, args ...any) { out = append(out, fmt.Sprintf(f, args...)) }
	recordIn := filepath.Join(Processing, record)
	// batch: an output or a set file moved out in the sort, before the file itself.
	batch := func(s step) bool {
		return s.op == "rename" && s.a != recordIn && (strings.HasPrefix(s.b, Done+string(filepath.Separator)) || strings.HasPrefix(s.b, Failed+string(filepath.Separator)))
	}
	// dropped: a move of a dropped file (claim, or the file's own sort).
	dropped := func(s step) bool {
		return s.op == "rename" && !batch(s) && (filepath.Dir(s.a) == "." || filepath.Dir(s.a) == Processing)
	}
	syncedBefore := func(i int, dir string) bool {
		for k := i + 1; k < len(steps); k++ {
			s := steps[k]
			if s.op == "syncdir" && s.a == dir {
				return true
			}
			if s.op == "import" || s.op == "remove" || s.op == "finished" || s.op == "rename" && !(batch(steps[i]) && batch(s)) {
				return false
			}
		}
		return false
	}
	for i, s := range steps {
		if s.op != "rename" {
			continue
		}
		// The content synced before the rename: the last step naming the file is its sync.
		synced := false
		for k := i - 1; k >= 0; k-- {
			if p := steps[k]; p.a == s.a && p.op == "sync" {
				synced = true
				break
			} else if p.b == s.a || p.a == s.a {
				break
			}
		}
		if !synced {
			say("%s: its content was not synced before", s)
		}
		if !syncedBefore(i, filepath.Dir(s.b)) {
			say("%s: %s not synced after it, before the next step", s, filepath.Dir(s.b))
		}
		if dropped(s) && !syncedBefore(i, filepath.Dir(s.a)) {
			say("%s: %s (the folder it left) not synced after it, before the next step", s, filepath.Dir(s.a))
		}
	}
	return out
}

// TestClaimPutBackDurable: a claim that fails half-way (the record file's name held in
// processing/) puts back the set file it had moved, and that move back is durable too: lost
// to a power cut, the set file stayed in processing/ beside the file that holds its record's
// name there, and was imported with it at the next start.
func TestClaimPutBackDurable(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, Processing, "vendas.csv"), "antigo\n")
	touch(t, filepath.Join(dir, "vendas.csv"), "novo\n")
	touch(t, filepath.Join(dir, "vendas.itens.csv"), "novo itens\n")
	var steps []step
	recordSteps(t, &steps)
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	w := testWatcher(Options{Dir: dir, Settle: time.Second, Poll: time.Second, Now: clk.Now, SetNames: []string{"itens"},
		Import: func(context.Context, Task) Result { t.Error("imported"); return Result{} }}, discard())
	takeTheOne(t, w, clk)
	back := step{"rename", filepath.Join(Processing, "vendas.itens.csv"), "vendas.itens.csv"}
	if !slices.Contains(steps, back) {
		t.Fatalf("no %s in %v", back, steps)
	}
	for _, p := range checkDurable(steps, "vendas.csv") {
		t.Error(p)
	}
}
