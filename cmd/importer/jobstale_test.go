package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"seniorimporter/outcome"
	"seniorimporter/pipeline"
)

// TestStoppedJobMovesTheStepsNotRun: a nightly job whose reports go to fixed paths (no out)
// stopped at its first step (interrupted, or Senior refusing the login): the step after it
// ran not, and the night before's report.produtos.csv and summary.produtos.json stayed at
// their paths, read in the morning as the night's. They are now NAME.anterior, and the job's
// "stopped" log line says so. The step that ran writes its own as ever.
func TestStoppedJobMovesTheStepsNotRun(t *testing.T) {
	base, _ := simServer(t, 0)
	for _, c := range []struct {
		name string
		pw   string
		stop func() (context.Context, context.CancelCauseFunc)
		code int
	}{
		{"interrupted", testPassword, func() (context.Context, context.CancelCauseFunc) {
			ctx, cancel := context.WithCancelCause(context.Background())
			cancel(pipeline.Interrupted("SIGTERM")) // before the first request: every row of the step not_sent
			return ctx, cancel
		}, outcome.ExitInterrupted},
		{"refused login", "errada", func() (context.Context, context.CancelCauseFunc) {
			return context.WithCancelCause(context.Background())
		}, outcome.ExitAborted},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
			write(t, filepath.Join(dir, "setCategoriaProduto.csv"), "CategoriaProdutoId;CategoriaProdutoDescricao;CategoriaProdutoEmpresaId\nP1;Máquinas;1\n")
			job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: pt\n"+
				"journal: "+filepath.Join(dir, "j.db")+"\nreport: [out/report.csv, out/report.jsonl]\nsummary: out/summary.json\n"+
				"steps:\n  - name: servicos\n    file: setCategoriaServico.csv\n  - name: produtos\n    file: setCategoriaProduto.csv\n")
			earlier := []string{"report.produtos.csv", "report.produtos.jsonl", "summary.produtos.json"}
			for _, n := range earlier {
				write(t, filepath.Join(dir, "out", n), "ontem")
			}
			ctx, cancel := c.stop()
			defer cancel(nil)
			var stdout, stderr bytes.Buffer
			code := cli(ctx, []string{"run", "--quiet", job}, envFor(&stdout, &stderr, map[string]string{"PW": c.pw}))
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, stderr.String())
			}
			for _, n := range earlier {
				p := filepath.Join(dir, "out", n)
				if b, err := os.ReadFile(p); err == nil && string(b) == "ontem" {
					t.Errorf("%s: the night before's file is still at its path", n)
				}
				if b, err := os.ReadFile(p + ".anterior"); err != nil || string(b) != "ontem" {
					t.Errorf("%s.anterior: %q %v, want the night before's file", n, b, err)
				}
				if !logHas(stderr.String(), `msg="`+outcome.PT.LogJobStopped()+`"`, "not_run=produtos", p+".anterior") {
					t.Errorf("the job's stopped line does not say where %s went:\n%s", n, stderr.String())
				}
			}
			// The step that ran wrote its own.
			if b, err := os.ReadFile(filepath.Join(dir, "out", "report.servicos.jsonl")); err != nil || !strings.Contains(string(b), `"row":2`) {
				t.Errorf("the step that ran: %q %v", b, err)
			}
		})
	}
}
