package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/spf13/pflag"
	"github.com/xuri/excelize/v2"

	"seniorimporter/job"
	"seniorimporter/monitor"
	"seniorimporter/outcome"
	"seniorimporter/scratch"
	"seniorimporter/simulator"
	"seniorimporter/templates"
)

// simServer serves the project's simulator on a loopback port and returns it too, for its
// counters and what it stored.
func simServer(t *testing.T, latency time.Duration) (string, *simulator.Server) {
	t.Helper()
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	sim, err := simulator.New(simulator.Config{User: "demo", Password: testPassword, CRMPath: "/crm/ws", Catalogue: cat, Latency: latency})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, sim
}

func write(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// outcomesOf counts a JSONL report's outcomes.
func outcomesOf(t *testing.T, path string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var l outcome.Line
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[string(l.Outcome)]++
	}
	return out
}

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli(context.Background(), args, envFor(&stdout, &stderr, withState(t, env)))
	return code, stdout.String(), stderr.String()
}

func envFor(stdout, stderr *bytes.Buffer, vars map[string]string) env {
	return env{stdout: stdout, stderr: stderr, getenv: func(k string) string { return vars[k] }}
}

const servicos = "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n"

// TestJobFile runs a job file of two steps end to end against the simulator: a glob of files
// whose names tell their port, then a file named freely whose port, column names (a mapping)
// and company (a constant) come from its step; flags on the command line win over the file's
// keys; validate checks the job and sends nothing.
func TestJobFile(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "in", "setCategoriaServico-a.csv"), servicos+"S1;Manutenção;1\nS2;Instalação;1\n")
	write(t, filepath.Join(dir, "in", "setCategoriaServico-b.csv"), servicos+"S3;Consultoria;1\n")
	write(t, filepath.Join(dir, "in", "produtos.csv"), "Codigo;Nome\nP1;Máquinas\nP2;Peças\n")
	write(t, filepath.Join(dir, "maps", "produtos.yaml"), "columns:\n  Codigo: CategoriaProdutoId\n  Nome: CategoriaProdutoDescricao\n")
	jobFile := write(t, filepath.Join(dir, "job.yaml"), `# two steps
endpoint: `+base+`
user: demo
password-env: PW
workers: 2
lang: en
summary: out/summary.json
report: [out/report.jsonl]
reimport: out/corrigir
steps:
  - name: servicos
    file: in/setCategoriaServico-*.csv
  - name: produtos
    file: in/produtos.csv
    op: setCategoriaProduto
    mapping: maps/produtos.yaml
    constants:
      CategoriaProdutoEmpresaId: 7
`)
	vars := map[string]string{"PW": testPassword}

	// validate: the whole job checked, nothing sent, the endpoint key left to run; the job's
	// outputs (its last run's results) left alone, a report asked on the command line written.
	checked := filepath.Join(t.TempDir(), "checked.jsonl")
	code, _, stderr := runCLI(t, vars, "validate", jobFile, "--quiet", "--report", checked)
	if code != 0 {
		t.Fatalf("validate: exit %d\n%s", code, stderr)
	}
	if n := sim.Stats().Requests; n != 0 {
		t.Fatalf("validate sent %d requests", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("validate wrote the job's outputs (%v)", err)
	}
	if !strings.Contains(stderr, `keys="summary, report, reimport"`) {
		t.Errorf("validate does not say which outputs it left alone:\n%s", stderr)
	}
	if got := outcomesOf(t, strings.TrimSuffix(checked, ".jsonl")+".produtos.jsonl"); got["valid"] != 2 {
		t.Errorf("validate's produtos report: %v", got)
	}

	// run, with flags that win over the file's keys: --summary elsewhere, --lang pt.
	cliSummary := filepath.Join(t.TempDir(), "cli-summary.json")
	code, _, stderr = runCLI(t, vars, "run", jobFile, "--summary", cliSummary, "--lang", "pt", "--quiet")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	if got := outcomesOf(t, filepath.Join(dir, "out", "report.servicos.jsonl")); got["ok"] != 3 || len(got) != 1 {
		t.Errorf("servicos: %v", got)
	}
	if got := outcomesOf(t, filepath.Join(dir, "out", "report.produtos.jsonl")); got["ok"] != 2 || len(got) != 1 {
		t.Errorf("produtos: %v", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "summary.json")); err == nil {
		t.Error("the job's summary key won over --summary")
	}
	var sum outcome.Summary
	b, err := os.ReadFile(cliSummary)
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(b, &sum)
	if sum.Rows != 5 || sum.Outcomes[outcome.OK] != 5 || sum.ExitCode != 0 || len(sum.Steps) != 2 ||
		!sum.Steps[0].Ran || sum.Steps[0].Name != "servicos" || sum.Steps[0].Rows != 3 || len(sum.Steps[0].Files) != 2 ||
		!sum.Steps[1].Ran || sum.Steps[1].Rows != 2 {
		t.Errorf("the job's summary (both steps): %s", b)
	}
	// Each step is a run of its own in the journal: the steps name theirs, the job none.
	if sum.Run != 0 || sum.Steps[0].Run == 0 || sum.Steps[1].Run != sum.Steps[0].Run+1 {
		t.Errorf("the job's runs: job %d, steps %d and %d", sum.Run, sum.Steps[0].Run, sum.Steps[1].Run)
	}

	// history names each step's run by the job and the step (it said "run" for each).
	code, stdout, stderr := runCLI(t, nil, "history")
	if code != 0 || !strings.Contains(stdout, "job job.yaml, step servicos") || !strings.Contains(stdout, "job job.yaml, step produtos") {
		t.Errorf("history: exit %d\n%s%s", code, stdout, stderr)
	}

	// A step that cannot start (Senior refuses the login) stops the job: the summary names
	// the step not run, whose rows are in no count.
	stopped := filepath.Join(t.TempDir(), "stopped.json")
	code, _, stderr = runCLI(t, map[string]string{"PW": "wrong"}, "run", jobFile, "--summary", stopped, "--quiet", "--force")
	if code != 2 {
		t.Fatalf("run with a refused login: exit %d\n%s", code, stderr)
	}
	b, err = os.ReadFile(stopped)
	if err != nil {
		t.Fatal(err)
	}
	sum = outcome.Summary{}
	json.Unmarshal(b, &sum)
	if len(sum.Steps) != 2 || !sum.Steps[0].Ran || sum.Steps[0].ExitCode != 2 || sum.Steps[1].Ran || sum.Steps[1].Name != "produtos" {
		t.Errorf("the stopped job's summary: %s", b)
	}
	// Its one step that ran is a run of the journal's, named under steps; the job is none.
	if sum.Run != 0 || sum.Steps[0].Run == 0 {
		t.Errorf("the stopped job's runs: job %d, step %d", sum.Run, sum.Steps[0].Run)
	}
	// The log ends with the job's own line, its exit code the job's (the job file says lang: en).
	logLines := strings.Split(strings.TrimSpace(stderr), "\n")
	if last := logLines[len(logLines)-1]; !strings.Contains(last, `msg="`+outcome.EN.LogJobEnded()+`"`) || !strings.Contains(last, "exit_code=2 steps=2 steps_run=1") {
		t.Errorf("the job's log does not end with its own line:\n%s", stderr)
	}
	for _, step := range []string{"servicos", "produtos"} {
		if _, err := os.Stat(stepPath(cliSummary, step)); err != nil {
			t.Errorf("no summary of step %s: %v", step, err)
		}
	}
	stored := sim.Records("setCategoriaProduto")
	if len(stored) != 2 {
		t.Fatalf("simulator holds %d produtos", len(stored))
	}
	for _, r := range stored {
		if r.Values["CategoriaProdutoEmpresaId"] != "7" || r.Values["CategoriaProdutoDescricao"] == "" {
			t.Errorf("stored %+v: the constant or the mapping did not reach Senior", r)
		}
	}
	if n := len(sim.Records("setCategoriaServico")); n != 3 {
		t.Errorf("simulator holds %d servicos", n)
	}
}

// TestJobPasswordFromTheCommandLine: the README's cron and systemd lines give
// --password-file to a job file whose key is password-env: the command line wins, as it does
// for every other key (the run stopped, exit 2: "by environment variable or by file, not both").
func TestJobPasswordFromTheCommandLine(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	pwFile := write(t, filepath.Join(dir, "password"), testPassword+"\n")
	jobFile := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nsteps:\n  - file: setCategoriaServico.csv\n")
	code, _, stderr := runCLI(t, nil, "run", jobFile, "--password-file", pwFile, "--quiet", "--no-journal")
	if code != 0 {
		t.Fatalf("--password-file over the job's password-env: exit %d\n%s", code, stderr)
	}
	jobFile = write(t, filepath.Join(dir, "job2.yaml"), "endpoint: "+base+"\nuser: demo\npassword-file: password\nsteps:\n  - file: setCategoriaServico.csv\n")
	code, _, stderr = runCLI(t, map[string]string{"PW": testPassword}, "run", jobFile, "--password-env", "PW", "--quiet", "--no-journal")
	if code != 0 {
		t.Fatalf("--password-env over the job's password-file: exit %d\n%s", code, stderr)
	}
}

// TestJobFileRefused: a job file that cannot work stops before anything is sent, naming the
// line, and never shows a password it holds.
func TestJobFileRefused(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	head := "endpoint: " + base + "\nuser: demo\n"
	// Each in English (--lang en) and in Portuguese (the default): pt is "" where the part
	// looked for is the same in both.
	cases := []struct {
		name, job, stderr, pt string
	}{
		{"unknown key", head + "password-env: PW\nwokers: 2\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:4: wokers: unknown key (job keys are spelled as the command's flags, plus steps); did you mean workers?",
			"job.yaml:4: wokers: chave desconhecida (as chaves de uma tarefa se escrevem como as opções do comando, mais steps); quis dizer workers?"},
		{"a step's unknown key", head + "password-env: PW\nsteps:\n  - file: setCategoriaServico.csv\n    fiel: x.csv\n", "job.yaml:6: fiel: unknown key (job keys are spelled as the command's flags, plus steps): a step takes name, file, op, mapping, constants, sheet; did you mean file?",
			"job.yaml:6: fiel: chave desconhecida (as chaves de uma tarefa se escrevem como as opções do comando, mais steps): uma etapa aceita name, file, op, mapping, constants, sheet; quis dizer file?"},
		{"a password", head + "password: " + testPassword + "\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:3: password: a job file never holds a password", "job.yaml:3: password: um arquivo de tarefa nunca contém uma senha"},
		{"the password as the variable's name", head + "password-env: " + testPassword + "\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:3: password-env: not an environment variable name", "job.yaml:3: password-env: não é um nome de variável de ambiente"},
		{"a key twice", head + "password-env: PW\nworkers: 2\nworkers: 3\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:5: workers: given twice (first on line 4)", "job.yaml:5: workers: dada duas vezes (a primeira na linha 4)"},
		{"a list for one value", head + "password-env: PW\nworkers: [2, 3]\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:4: workers: wrong shape: takes one value, not a list", "job.yaml:4: workers: formato errado: aceita um valor, não uma lista"},
		{"a bad value", head + "password-env: PW\nworkers: muitos\nsteps:\n  - file: setCategoriaServico.csv\n", `job.yaml:4: workers: --workers "muitos": is not a whole number`, `job.yaml:4: workers: --workers "muitos": não é um número inteiro`},
		{"a step that matches nothing", head + "password-env: PW\nsteps:\n  - file: setCategoriaServico.csv\n  - file: nada-*.csv\n", `job.yaml:6: file: "nada-*.csv" matches no file`, `job.yaml:6: file: "nada-*.csv" não corresponde a nenhum arquivo`},
		{"a step's unknown port", head + "password-env: PW\nsteps:\n  - file: setCategoriaServico.csv\n  - file: setCategoriaServico.csv\n    op: setNada\n", `job.yaml:6: step step2: --op "setNada" is not a known port`, `job.yaml:6: etapa step2: --op "setNada" não é uma porta conhecida`},
		{"no steps", head + "password-env: PW\n", "no steps", "nenhuma etapa"},
		{"a value the run refuses, said at its key's line (not the step's)", head + "password-env: PW\nworkers: 0\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:4: workers: --workers 0: must be at least 1", "job.yaml:4: workers: --workers 0: precisa ser pelo menos 1"},
		{"a password's variable not set, said at its key's line (not the step's)", head + "password-env: SENHA_NAO_DEFINIDA\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:3: password-env: the variable named by --password-env is not set", "job.yaml:3: password-env: a variável indicada por --password-env não está definida"},
		{"a password file missing, at its key's line", head + "password-file: senha-nao-existe\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:3: password-file: the file named by --password-file cannot be read: no such file", "job.yaml:3: password-file: o arquivo indicado por --password-file não pode ser lido: arquivo não encontrado"},
		{"an endpoint the run refuses, at its line", "user: demo\npassword-env: PW\nendpoint: senior.example:8443\nsteps:\n  - file: setCategoriaServico.csv\n", "job.yaml:3: endpoint: --endpoint: ", ""},
		{"an empty file", "# written tomorrow\n", "job.yaml:1: empty job file", "job.yaml:1: arquivo de tarefa vazio"},
		{"a second document", head + "password-env: PW\nsteps:\n  - file: setCategoriaServico.csv\n---\nworkers: 0\n", "job.yaml:6: a second YAML document", "job.yaml:6: um segundo documento YAML"},
	}
	for _, c := range cases {
		for _, lang := range []string{"en", "pt"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				jobFile := write(t, filepath.Join(dir, "job.yaml"), c.job)
				want := c.stderr
				if lang == "pt" && c.pt != "" {
					want = c.pt
				}
				code, stdout, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", jobFile, "--lang", lang)
				if code != 2 || !strings.Contains(stderr, want) {
					t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, stderr)
				}
				if strings.Contains(stdout+stderr, testPassword) {
					t.Errorf("the password shows:\n%s%s", stdout, stderr)
				}
			})
		}
	}
	if n := sim.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent", n)
	}
	code, _, stderr := runCLI(t, nil, "run", "--lang", "en", filepath.Join(dir, "job.yaml"), filepath.Join(dir, "setCategoriaServico.csv"))
	if code != 2 || !strings.Contains(stderr, "is the only argument") {
		t.Errorf("a job file and a file: exit %d\n%s", code, stderr)
	}
	// A job written in JSON and named so was taken for an input: "--endpoint ... is needed"
	// (its endpoint unread), or its name named no port.
	jsonJob := write(t, filepath.Join(dir, "job.json"), `{"endpoint": "`+base+`", "user": "demo", "password-env": "PW", "steps": [{"file": "setCategoriaServico.csv"}]}`)
	code, _, stderr = runCLI(t, map[string]string{"PW": testPassword}, "run", "--lang", "en", jsonJob)
	if code != 2 || !strings.Contains(stderr, jsonJob+": not an input (.xlsx, .csv) nor a job file (.yaml, .yml): a job file written in JSON is read as it is once named .yaml") {
		t.Errorf("a JSON job file: exit %d\n%s", code, stderr)
	}
	if n := sim.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestJobAndOutRefusalsInTheRunsLanguage: a job file or --out that cannot work is refused in
// the run's language, Portuguese unless --lang en, in the log's line and on stderr, as every
// other reason a run could not start is (they were English whatever --lang said: "a job file
// (job.yaml) is the only argument" under "a execução não pôde começar").
func TestJobAndOutRefusalsInTheRunsLanguage(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	head := "endpoint: " + base + "\nuser: demo\npassword-env: PW\n"
	jobFile := write(t, filepath.Join(dir, "job.yaml"), head+"steps:\n  - file: setCategoriaServico.csv\n")
	noSteps := write(t, filepath.Join(dir, "nosteps.yaml"), head)
	jsonJob := write(t, filepath.Join(dir, "job.json"), `{"endpoint": "`+base+`"}`)
	aFile := write(t, filepath.Join(dir, "a-file"), "x")
	write(t, filepath.Join(dir, "sem-porta.csv"), "a;b\n1;2\n")
	twoSteps := write(t, filepath.Join(dir, "two.yaml"), head+"no-journal: true\nsteps:\n  - file: sem-porta.csv\n    name: um\n  - file: setCategoriaServico.csv\n    name: dois\n")
	flags := []string{"--endpoint", base, "--user", "demo", "--password-env", "PW", "--no-journal"}
	cases := []struct {
		name   string
		args   []string
		pt, en string
	}{
		{"a JSON job file", []string{jsonJob}, jsonJob + ": não é uma entrada (.xlsx, .csv) nem um arquivo de tarefa", jsonJob + ": not an input (.xlsx, .csv) nor a job file"},
		{"a job file and a file", []string{jobFile, in}, "um arquivo de tarefa (" + jobFile + ") é o único argumento", "a job file (" + jobFile + ") is the only argument"},
		{"a job of no steps", []string{noSteps}, noSteps + ": nenhuma etapa", noSteps + ": no steps"},
		{"--out with --summary", append([]string{"--out", filepath.Join(dir, "out"), "--summary", filepath.Join(dir, "s.json"), in}, flags...), "--out põe summary.json e corrigir/ na pasta dele", "--out puts summary.json and corrigir/ in its folder"},
		// The step's name before the run's own words, in their language ("step um: sem-porta.csv: não se sabe ...").
		{"a step that cannot start", []string{twoSteps}, "etapa um: " + filepath.Join(dir, "sem-porta.csv") + ": ", "step um: " + filepath.Join(dir, "sem-porta.csv") + ": "},
		{"--out under a file", append([]string{"--out", filepath.Join(aFile, "out"), in}, flags...), "--out " + filepath.Join(aFile, "out") + ": a pasta não pode ser escrita", "--out " + filepath.Join(aFile, "out") + ": its folder cannot be written"},
	}
	for _, c := range cases {
		for _, lang := range []string{"pt", "en"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				want, other, notStarted := c.pt, c.en, "a execução não pôde começar"
				if lang == "en" {
					want, other, notStarted = c.en, c.pt, "the run could not start"
				}
				args := append([]string{"run"}, c.args...)
				if lang == "en" {
					args = append(args, "--lang", "en")
				}
				code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, args...)
				if code != 2 || !strings.Contains(stderr, want) || strings.Contains(stderr, other) || !strings.Contains(stderr, notStarted) {
					t.Errorf("exit %d, want %q (not %q) after %q:\n%s", code, want, other, notStarted, stderr)
				}
				// A step that could not start: the job's own line, the night's last, says
				// why it exits 2 (it said exit_code=2 steps_run=1 and nothing else).
				if c.name == "a step that cannot start" {
					jobEnded := outcome.Lang(lang).LogJobEnded()
					var line string
					for _, l := range strings.Split(stderr, "\n") {
						if strings.Contains(l, `msg="`+jobEnded+`"`) {
							line = l
						}
					}
					if !strings.Contains(line, `error="`+want) {
						t.Errorf("the job's end line does not say why (%q):\n%s", want, line)
					}
				}
				// A refusal of the command line is followed by the hint to --help, in its
				// language ("Run 'importer run --help' for usage." followed Portuguese).
				hint, otherHint := outcome.PT.UsageHint("importer run"), outcome.EN.UsageHint("importer run")
				if lang == "en" {
					hint, otherHint = otherHint, hint
				}
				if strings.Contains(stderr, otherHint) || strings.Contains(stderr, "--help") && !strings.Contains(stderr, hint) {
					t.Errorf("the hint to --help is not %q:\n%s", hint, stderr)
				}
			})
		}
	}
	if n := sim.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestEveryRunFlagIsAJobKey: each flag of run and validate, spelled as the flag, is a key a
// job file may hold, and applying it sets the flag; the only keys that are not are steps and
// watch's own.
func TestEveryRunFlagIsAJobKey(t *testing.T) {
	for _, validate := range []bool{false, true} {
		cmd := newRunCmd(env{}, validate)
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" {
				return
			}
			value := f.DefValue
			switch {
			case f.Value.Type() == "bool":
				value = "true"
			case value == "" || value == "[]":
				value = "x"
			case f.Value.Type() == "int":
				value = "3"
			}
			if strings.HasSuffix(f.Name, "-env") {
				value = "SOME_VARIABLE"
			}
			src := []byte(f.Name + ": " + value + "\n")
			j, err := job.Parse("job.yaml", src, jobKeys())
			if err != nil {
				t.Errorf("%s: flag --%s is not a job key: %v", cmd.Name(), f.Name, err)
				return
			}
			fresh := newRunCmd(env{}, validate)
			if _, err := j.Apply(fresh.Flags()); err != nil {
				t.Errorf("%s: applying %s: %v", cmd.Name(), src, err)
			}
			if !fresh.Flags().Changed(f.Name) {
				t.Errorf("%s: key %s did not set --%s", cmd.Name(), f.Name, f.Name)
			}
		})
	}
	// And watch's flags, less --job.
	newWatchCmd(env{}).Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" && f.Name != "job" && jobKeys().Lookup(f.Name) == nil {
			t.Errorf("watch: flag --%s is not a job key", f.Name)
		}
	})
}

// TestOut: --out puts a run's outputs in a new dated folder, another for the next run.
func TestOut(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n;Sem código;1\n")
	outDir := filepath.Join(dir, "results", "nightly") // made as needed
	args := []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--out", outDir, in}
	vars := map[string]string{"PW": testPassword}
	for i := 0; i < 2; i++ {
		if code, _, stderr := runCLI(t, vars, args...); code != 1 {
			t.Fatalf("exit %d, want 1 (a row without its key)\n%s", code, stderr)
		}
	}
	ents, err := os.ReadDir(outDir)
	if err != nil || len(ents) != 2 {
		t.Fatalf("%d run folders, %v", len(ents), err)
	}
	stamp := regexp.MustCompile(`^\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d(_\d+)?$`)
	for _, e := range ents {
		if !stamp.MatchString(e.Name()) {
			t.Errorf("folder %s is not AAAA-MM-DD_HH-MM-SS", e.Name())
		}
		for _, f := range []string{"report.xlsx", "report.jsonl", "summary.json", "corrigir/setCategoriaServico.csv"} {
			if _, err := os.Stat(filepath.Join(outDir, e.Name(), f)); err != nil {
				t.Errorf("%s: %v", e.Name(), err)
			}
		}
	}
	// The printed summary ends with the run's folder, in the run's language like the lines
	// above it (it said "outputs:" in a Portuguese summary).
	for lang, want := range map[string]string{"pt": "\nsaídas: " + outDir, "en": "\noutputs: " + outDir} {
		noQuiet := append([]string{"run", "--lang", lang}, slices.DeleteFunc(slices.Clone(args[1:]), func(a string) bool { return a == "--quiet" })...)
		if code, stdout, stderr := runCLI(t, vars, noQuiet...); code != 1 || !strings.Contains(stdout, want) {
			t.Errorf("--lang %s: exit %d, want %q in the printed summary:\n%s%s", lang, code, want, stdout, stderr)
		}
	}
	code, _, stderr := runCLI(t, vars, append(args, "--lang", "en", "--summary", filepath.Join(dir, "s.json"))...)
	if code != 2 || !strings.Contains(stderr, "--out puts summary.json") {
		t.Errorf("--out with --summary: exit %d\n%s", code, stderr)
	}
	// In a job file, the command line's --out wins over the job's summary key, and the
	// command line's --summary over the job's out key.
	jobFile := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nsummary: job-summary.json\n"+
		"steps:\n  - file: setCategoriaServico.csv\n")
	cliOut := filepath.Join(dir, "cli-out")
	if code, _, stderr := runCLI(t, vars, "run", jobFile, "--quiet", "--out", cliOut); code != 1 {
		t.Fatalf("job with --out: exit %d\n%s", code, stderr)
	}
	if ents, _ := os.ReadDir(cliOut); len(ents) != 1 || exists(filepath.Join(dir, "job-summary.json")) {
		t.Errorf("--out on the command line did not win over the job's summary")
	}
	write(t, jobFile, "endpoint: "+base+"\nuser: demo\npassword-env: PW\nout: job-out\nsteps:\n  - file: setCategoriaServico.csv\n")
	cliSummary := filepath.Join(dir, "cli-summary.json")
	if code, _, stderr = runCLI(t, vars, "run", jobFile, "--quiet", "--summary", cliSummary); code != 1 {
		t.Fatalf("job with --summary: exit %d\n%s", code, stderr)
	}
	if !exists(cliSummary) || exists(filepath.Join(dir, "job-out")) {
		t.Errorf("--summary on the command line did not win over the job's out")
	}
	if strings.Contains(stderr, "job-out") { // the start line named the folder set aside
		t.Errorf("the log names the job's out, not made:\n%s", stderr)
	}
}

// TestOutOfARunThatCouldNotStart: a run with --out that could not start once its folder was
// made (a journal that cannot be opened, here a folder) writes its summary, exit 2 and why,
// in that folder: the night's folder was left empty, and no summary said why anywhere.
func TestOutOfARunThatCouldNotStart(t *testing.T) {
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	journal := filepath.Join(dir, "journal.db")
	if err := os.Mkdir(journal, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", "--endpoint", "http://127.0.0.1:9", "--user", "demo", "--password-env", "PW",
		"--quiet", "--journal", journal, "--out", out, in)
	if code != 2 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 1 {
		t.Fatalf("--out holds %d folders, want the run's one", len(ents))
	}
	b, err := os.ReadFile(filepath.Join(out, ents[0].Name(), "summary.json"))
	var sum struct {
		ExitCode int    `json:"exit_code"`
		Error    string `json:"error"`
	}
	if err != nil || json.Unmarshal(b, &sum) != nil || sum.ExitCode != 2 || !strings.Contains(sum.Error, journal) {
		t.Errorf("the dated folder's summary: %v\n%s", err, b)
	}
}

// TestNewOutDir: the same second twice gives _2, then _3.
func TestNewOutDir(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 30, 2, 0, 5, 0, time.Local)
	var got []string
	for i := 0; i < 3; i++ {
		p, err := newOutDir(outcome.PT, dir, at)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.Base(p))
	}
	want := []string{"2026-11-30_02-00-05", "2026-11-30_02-00-05_2", "2026-11-30_02-00-05_3"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%v, want %v", got, want)
	}
}

// TestRunHookPathsAbsolute: a run given --out (or --summary) as a relative path hands its
// on-finish command absolute ones, as the watcher does: a command that changes folder (cd)
// still finds them. They were passed as typed (saidas/2026-12-01_10-00-00/summary.json).
func TestRunHookPathsAbsolute(t *testing.T) {
	base, _ := simServer(t, 0)
	wd := t.TempDir()
	t.Chdir(wd)
	in := write(t, filepath.Join(wd, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	hook := filepath.Join(t.TempDir(), "hook.txt")
	code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW",
		"--quiet", "--out", "saidas",
		"--on-finish", `cd / && for v in "$IMPORTER_SUMMARY" "$IMPORTER_OUT"; do case "$v" in /*) test -e "$v" && echo "found $v";; *) echo "relative $v";; esac; done > `+hook, in)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b, _ := os.ReadFile(hook)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	out := "found " + filepath.Join(wd, "saidas") + string(filepath.Separator)
	if len(lines) != 2 || !strings.HasPrefix(lines[0], out) || !strings.HasSuffix(lines[0], "summary.json") || !strings.HasPrefix(lines[1], out) {
		t.Errorf("the hook saw\n%s", b)
	}
}

// TestMetricsAndOnFinish: after a run, the metrics file parses as Prometheus text with the
// run's counts, and the on-finish command gets the summary and the exit code; a failing
// command changes nothing.
func TestMetricsAndOnFinish(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\nS2;Instalação;1\n;Sem código;1\n")
	prom := filepath.Join(dir, "textfile", "importer.prom")
	envOut := filepath.Join(dir, "hook.env")
	summary := filepath.Join(dir, "summary.json")
	vars := map[string]string{"PW": testPassword}
	code, _, stderr := runCLI(t, vars, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--summary", summary,
		"--metrics-file", prom, "--on-finish", `printf '%s %s\n' "$IMPORTER_SUMMARY" "$IMPORTER_EXIT" > `+envOut+`; exit 9`, in)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the hook's exit 9 changes nothing)\n%s", code, stderr)
	}
	if !strings.Contains(stderr, outcome.PT.LogHookFailed()) {
		t.Errorf("the hook's failure is not logged:\n%s", stderr)
	}
	b, err := os.ReadFile(envOut)
	if err != nil || string(b) != summary+" 1\n" {
		t.Errorf("hook env: %q, %v", b, err)
	}
	fams := parseProm(t, prom)
	for _, c := range []struct {
		name, outcome string
		want          float64
	}{
		{"importer_rows_total", "ok", 2},
		{"importer_rows_total", "invalid", 1},
		{"importer_last_run_rows", "ok", 2},
		{"importer_last_run_exit_code", "", 1},
	} {
		if got := promValue(t, fams, c.name, c.outcome); got != c.want {
			t.Errorf("%s{outcome=%q} = %v, want %v", c.name, c.outcome, got, c.want)
		}
	}
	if n := fams["importer_senior_latency_seconds"].GetMetric()[0].GetHistogram().GetSampleCount(); n != 2 {
		t.Errorf("latency of %d records, want 2 (the invalid row was not sent)", n)
	}
}

// TestJobOnFinishRunsInItsFolder: a job file's on-finish command runs in the job file's
// folder, where its paths are read from, whatever the importer's working folder (cron's: the
// user's home). "on-finish: ./alerta.sh" beside the job file worked by hand from that folder
// and, under cron, failed every night ("sh: 1: ./alerta.sh: not found"), the alert unsent.
// So does a job file that does not load (its on-finish still runs, saying exit 2). The
// command line's --on-finish runs where the importer does, as before.
func TestJobOnFinishRunsInItsFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sh")
	}
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	write(t, filepath.Join(dir, "alerta.sh"), "#!/bin/sh\necho \"$IMPORTER_EXIT $PWD\" > alerta.out\n")
	if err := os.Chmod(filepath.Join(dir, "alerta.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	head := "endpoint: " + base + "\nuser: demo\npassword-env: PW\nno-journal: true\nquiet: true\non-finish: ./alerta.sh\n"
	vars := map[string]string{"PW": testPassword}
	for _, c := range []struct {
		name, body string
		code       int
	}{
		{"loaded", head + "steps:\n  - file: setCategoriaServico.csv\n", 0},
		{"a typo", head + "wokers: 3\nsteps:\n  - file: setCategoriaServico.csv\n", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "alerta.out"))
			job := write(t, filepath.Join(dir, "job.yaml"), c.body)
			code, _, stderr := runCLI(t, vars, "run", job)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, stderr)
			}
			b, err := os.ReadFile(filepath.Join(dir, "alerta.out"))
			if want := fmt.Sprintf("%d %s\n", c.code, dir); err != nil || string(b) != want {
				t.Errorf("on-finish wrote %q (%v), want %q\n%s", b, err, want, stderr)
			}
		})
	}
	// The command line's runs where the importer runs (this test's folder).
	wd := must(os.Getwd())
	out := filepath.Join(dir, "cli.out")
	job := write(t, filepath.Join(dir, "job.yaml"), head+"steps:\n  - file: setCategoriaServico.csv\n")
	if code, _, stderr := runCLI(t, vars, "run", job, "--on-finish", `echo "$PWD" > `+out); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || string(b) != wd+"\n" {
		t.Errorf("--on-finish ran in %q (%v), want %q", b, err, wd)
	}
}

// TestJobThatDoesNotLoadStillAlerts: a job file with a typo (exit 2, the run could not start)
// still writes the metrics file and runs the on-finish command its own keys name, each saying
// exit 2, as a run that could not start for another reason does; a job's keys the command line
// set (--metrics-file) win. The typo left both undone: the metrics stayed at the night before
// (exit 0), and no alert said the load did not happen until SeniorImportMissed a day later.
func TestJobThatDoesNotLoadStillAlerts(t *testing.T) {
	dir := t.TempDir()
	hook := filepath.Join(dir, "hook.env")
	job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: http://127.0.0.1:9\nuser: demo\npassword-env: PW\n"+
		"metrics-file: textfile/importer.prom\non-finish: echo \"$IMPORTER_EXIT\" > "+hook+"\nwokers: 3\n"+
		"steps:\n  - file: setCategoriaServico.csv\n")
	vars := map[string]string{"PW": testPassword}
	code, _, stderr := runCLI(t, vars, "run", job, "--quiet")
	if code != 2 || !strings.Contains(stderr, "wokers") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if b, err := os.ReadFile(hook); err != nil || string(b) != "2\n" {
		t.Errorf("on-finish: %q, %v", b, err)
	}
	fams := parseProm(t, filepath.Join(dir, "textfile", "importer.prom"))
	if got := promValue(t, fams, "importer_last_run_exit_code", ""); got != 2 {
		t.Errorf("importer_last_run_exit_code = %v, want 2", got)
	}
	// The command line's --metrics-file wins over the salvaged key, as over a loaded one.
	cli := filepath.Join(dir, "cli.prom")
	if code, _, stderr := runCLI(t, vars, "run", job, "--quiet", "--metrics-file", cli); code != 2 || !exists(cli) {
		t.Errorf("exit %d, %s written: %v\n%s", code, cli, exists(cli), stderr)
	}
	// validate writes no metrics and runs no command, loaded or not.
	os.Remove(hook)
	if code, _, _ := runCLI(t, vars, "validate", job); code != 2 || exists(hook) {
		t.Errorf("validate of a job that does not load: exit %d, hook ran: %v", code, exists(hook))
	}
}

// TestOnFinishAfterASecondSignal: a run whose grace a second signal ended (exit 130) still
// runs --on-finish, to report it; the spent signal does not stop the command before it
// starts (a reviewer found it never ran, logged "stopped by a signal").
func TestOnFinishAfterASecondSignal(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "hook-ran")
	hurry := make(chan struct{})
	close(hurry)
	var logs bytes.Buffer
	o := &runOptions{env: env{stdout: io.Discard, stderr: &logs, getenv: func(string) string { return "" }, hurry: hurry}}
	o.onFinish = "echo $IMPORTER_EXIT > " + marker
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the run was interrupted
	o.finish(ctx, slog.New(slog.NewTextHandler(&logs, nil)), outcome.PT, monitor.Run{Summary: outcome.Summary{ExitCode: outcome.ExitInterrupted}}, "", nil, nil)
	if b, err := os.ReadFile(marker); err != nil || string(b) != "130\n" {
		t.Errorf("the hook did not run: %q %v\n%s", b, err, logs.String())
	}
}

// TestMetricsWithoutReport: the JSONL report a run writes for its metrics alone is neither
// printed nor logged as the run's report (it named a deleted temporary file), and a run of
// no report asked for says how to see its rows from the journal.
func TestMetricsWithoutReport(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n;Sem código;1\n")
	code, stdout, stderr := runCLI(t, map[string]string{"PW": testPassword, "XDG_STATE_HOME": filepath.Join(dir, "state")},
		"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--metrics-file", filepath.Join(dir, "i.prom"), in)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if strings.Contains(stdout+stderr, "importer-metrics-") || strings.Contains(stderr, "reports=") {
		t.Errorf("the metrics' own report is named:\n%s\n%s", stdout, stderr)
	}
	if !strings.Contains(stdout, "nenhum relatório foi pedido (--report): as linhas que não deram certo: importer history 1") {
		t.Errorf("no way to the rows from the journal:\n%s", stdout)
	}
}

// TestNotStartedMetricsQuiet: a night whose input cannot be read (a workbook named .csv) ends
// with its one line saying why, exit 2 in the metrics, and no second line: the metrics then
// warned that the report.jsonl its --out folder never got could not be read ("métricas: um
// relatório não pôde ser lido para a latência do Senior"), a WARN for an alert to match beside
// the ERROR that said it all.
func TestNotStartedMetricsQuiet(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	wb, err := os.ReadFile(filepath.Join("..", "..", "samples", "setContas.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), string(wb))
	job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nno-journal: true\nout: out\n"+
		"metrics-file: importer.prom\nlog-format: json\nquiet: true\nsteps:\n  - file: setCategoriaServico.csv\n")
	code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", job)
	if code != 2 {
		t.Fatalf("exit %d, want 2\n%s", code, stderr)
	}
	if got := promValue(t, parseProm(t, filepath.Join(dir, "importer.prom")), "importer_last_run_exit_code", ""); got != 2 {
		t.Errorf("importer_last_run_exit_code %v, want 2", got)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var line struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		if line.Level != "INFO" {
			lines = append(lines, line.Level+" "+line.Msg)
		}
	}
	if want := []string{"ERROR " + outcome.PT.LogRunNotStarted()}; !slices.Equal(lines, want) {
		t.Errorf("the log's warnings and errors: %q, want %q", lines, want)
	}
}

// TestNotStartedIsMonitored: a run that cannot start (the password's variable not set in
// cron, flags in conflict) ends as any run does: its JSON log line, its summary, the metrics
// file and --on-finish say exit 2 and why. The metrics file kept the night before's exit 0
// and the alert on importer_last_run_exit_code never fired (a docs tester). Nothing is
// written over a file the run reads.
func TestNotStartedIsMonitored(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	prom := filepath.Join(dir, "importer.prom")
	summary := filepath.Join(dir, "summary.json")
	hook := filepath.Join(dir, "hook")
	args := []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--log-format", "json",
		"--summary", summary, "--metrics-file", prom, "--on-finish", `printf '%s ' "$IMPORTER_EXIT" > ` + hook + `; cat "$IMPORTER_SUMMARY" >> ` + hook}
	if code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, append(args, in)...); code != 0 {
		t.Fatalf("the night before: exit %d\n%s", code, stderr)
	}
	for _, c := range []struct {
		name string
		vars map[string]string
		more []string
		want string
	}{
		{"the password's variable not set", nil, nil, "--password-env"},
		{"--out with --summary", map[string]string{"PW": testPassword}, []string{"--out", filepath.Join(dir, "out")}, "--out"},
		{"an input missing", map[string]string{"PW": testPassword}, []string{filepath.Join(dir, "setCategoriaServico-faltando.csv")}, "faltando"},
	} {
		t.Run(c.name, func(t *testing.T) {
			runs := promSum(parseProm(t, prom), "importer_runs_total")
			code, _, stderr := runCLI(t, c.vars, append(append(slices.Clone(args), c.more...), in)...)
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s", code, stderr)
			}
			for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if !json.Valid([]byte(l)) { // a log shipper reads stderr as JSON lines
					t.Errorf("not a JSON line in a --log-format json log: %q", l)
				}
			}
			// After the line that says what starts (when the flags were read), the line that
			// says why it could not.
			first := strings.SplitN(stderr, "\n", 2)[0]
			if strings.Contains(first, `"msg":"`+outcome.PT.LogStarted()+`"`) {
				first = strings.SplitN(stderr, "\n", 3)[1]
			}
			var line struct{ Msg, Error string }
			if err := json.Unmarshal([]byte(first), &line); err != nil || line.Msg != outcome.PT.LogRunNotStarted() || !strings.Contains(line.Error, c.want) {
				t.Errorf("first line of the log after the start %q (%v): want JSON %q naming %s", first, err, outcome.PT.LogRunNotStarted(), c.want)
			}
			fams := parseProm(t, prom)
			if got := promValue(t, fams, "importer_last_run_exit_code", ""); got != 2 {
				t.Errorf("importer_last_run_exit_code %v, want 2", got)
			}
			if got := promSum(fams, "importer_runs_total"); got != runs+1 {
				t.Errorf("importer_runs_total %v, want %v", got, runs+1)
			}
			sum := must(monitor.ReadSummary(summary))
			if sum.ExitCode != 2 || !strings.Contains(sum.Error, c.want) {
				t.Errorf("summary: exit %d error %q", sum.ExitCode, sum.Error)
			}
			if h := string(must(os.ReadFile(hook))); !strings.HasPrefix(h, "2 {") || !strings.Contains(h, c.want) {
				t.Errorf("--on-finish got %q", h)
			}
		})
	}
	// Not over a file the run reads: the metrics file and the summary named as the input, the
	// journal, a job step's mapping (a reviewer found the last two written over); nor over a
	// file that is no summary or metrics file.
	j := filepath.Join(dir, "j.db")
	if code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--journal", j, in); code != 0 {
		t.Fatalf("journal: exit %d\n%s", code, stderr)
	}
	mapping := write(t, filepath.Join(dir, "map.csv"), "Id=CategoriaServicoId\n")
	notes := write(t, filepath.Join(dir, "notas.txt"), "minhas notas\n")
	jobFile := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nsummary: map.csv\nsteps:\n"+
		"  - name: a\n    file: [setCategoriaServico.csv, nada-*.csv]\n    mapping: map.csv\n")
	for _, args := range [][]string{
		{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--summary", in, "--metrics-file", in, in},
		{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--journal", j, "--summary", j, "--metrics-file", j, in},
		{"run", jobFile},
		{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--summary", notes, "--metrics-file", notes, in},
	} {
		before := map[string]string{}
		for _, f := range []string{in, j, mapping, notes} {
			before[f] = string(must(os.ReadFile(f)))
		}
		code, _, stderr := runCLI(t, nil, args...)
		if code != 2 {
			t.Errorf("%q: exit %d\n%s", args, code, stderr)
		}
		for f, b := range before {
			if string(must(os.ReadFile(f))) != b {
				t.Errorf("%q wrote over %s:\n%s", args, f, stderr)
			}
		}
	}
}

// A --metrics-file whose folder cannot be written stops the run before anything is sent (exit
// 2), as a report's does: found after the run, the night was logged as an error and exited 0,
// and monitoring saw it missed.
func TestMetricsFileNotWritable(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	blocked := write(t, filepath.Join(dir, "a-file"), "")
	vars := map[string]string{"PW": testPassword}
	code, _, stderr := runCLI(t, vars, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet",
		"--metrics-file", filepath.Join(blocked, "importer.prom"), in)
	if code != 2 || !strings.Contains(stderr, "--metrics-file "+filepath.Join(blocked, "importer.prom")+": a pasta não pode ser escrita") {
		t.Fatalf("exit %d, want 2 naming --metrics-file\n%s", code, stderr)
	}
	if n := sim.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// An output path that is a folder where a file goes (a report, the summary, the metrics
// file), or a file where a folder goes (--reimport), stops the run before anything is sent,
// saying so: a report path that was a folder was found only when the report, written whole,
// could not be renamed onto it (every row sent, exit 1), and the check's message sent the
// operator to the permissions of a folder that could be written.
func TestOutputPathOfTheWrongKind(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	folder := filepath.Join(dir, "relatorio.xlsx")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	file := write(t, filepath.Join(dir, "corrigir"), "x")
	for _, c := range []struct {
		flag, path, want string
	}{
		{"--report", folder, " é uma pasta, não um arquivo"},
		{"--summary", folder, " é uma pasta, não um arquivo"},
		{"--metrics-file", folder, " é uma pasta, não um arquivo"},
		{"--reimport", file, " é um arquivo, não uma pasta"},
	} {
		t.Run(c.flag, func(t *testing.T) {
			code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", "--endpoint", base, "--user", "demo",
				"--password-env", "PW", "--quiet", c.flag, c.path, in)
			if code != 2 || !strings.Contains(stderr, c.flag+" "+c.path+c.want) {
				t.Errorf("exit %d, want 2 saying %q\n%s", code, c.want, stderr)
			}
			if n := sim.Stats().Requests; n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
			if entries, err := os.ReadDir(folder); err != nil || len(entries) != 0 {
				t.Errorf("the folder holds %v (%v), want nothing", entries, err)
			}
		})
	}
	// report RUN -o FOLDER: said so, not "rename …: file exists" once every line was written.
	env := map[string]string{"PW": testPassword}
	if code, _, stderr := runCLI(t, env, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", in); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	code, _, stderr := runCLI(t, env, "report", "1", "-o", folder)
	if code != 2 || !strings.Contains(stderr, "-o "+folder+" é uma pasta") {
		t.Errorf("report -o a folder: exit %d\n%s", code, stderr)
	}
}

// Two outputs of different kinds at one path (a report and the summary, a report and the
// metrics file, however spelt) stop the run before anything is sent, naming both, and nothing
// is written there: the one written last replaced the other (a JSONL report replaced by the
// metrics), and the run said both were written.
func TestOutputsCollide(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	out := filepath.Join(dir, "saida.jsonl")
	dotted := dir + string(filepath.Separator) + "." + string(filepath.Separator) + "saida.jsonl" // another spelling
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"a report and the summary", []string{"--report", out, "--summary", out}, "--summary " + out + " é também o arquivo de --report " + out},
		{"a report and the metrics file", []string{"--report", out, "--metrics-file", dotted}, "--metrics-file " + dotted + " é também o arquivo de --report " + out},
		{"the summary and the metrics file", []string{"--summary", out, "--metrics-file", out}, "é também o arquivo de"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet"}, c.args...)
			code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, append(args, in)...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want 2 saying %q\n%s", code, c.want, stderr)
			}
			if n := sim.Stats().Requests; n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
			if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s was written: %v", out, err)
			}
		})
	}
	// The same report named twice is the same file written twice: no conflict.
	if code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW",
		"--quiet", "--report", out, "--report", dotted, in); code != 0 {
		t.Errorf("a report named twice: exit %d\n%s", code, stderr)
	}
}

// The on-finish command gets no password: the variable named by --password-env is not in its
// environment, and a password its output shows anyway (it reads the password file) is blanked
// in the log.
func TestOnFinishGetsNoPassword(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	t.Setenv("PW", testPassword) // in the process's own environment, which the command inherits
	pwFile := write(t, filepath.Join(dir, "crm.pw"), testPassword+"\n")
	code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", "--endpoint", base, "--user", "demo",
		"--password-env", "PW", "--crm-password-file", pwFile, "--quiet",
		"--on-finish", `env; echo "pw=[$PW]"; cat `+pwFile, in)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, testPassword) {
		t.Errorf("the log shows the password:\n%s", stderr)
	}
	if !strings.Contains(stderr, `line="pw=[]"`) || !strings.Contains(stderr, "line=***") {
		t.Errorf("the command's output is not as expected:\n%s", stderr)
	}
}

// parseProm reads a metrics file back as Prometheus does.
func parseProm(t *testing.T, path string) map[string]*dto.MetricFamily {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(f)
	if err != nil {
		t.Fatalf("%s is not Prometheus text format: %v", path, err)
	}
	return fams
}

// promValue is the value of a counter or gauge, by its one label's value ("" for none).
func promValue(t *testing.T, fams map[string]*dto.MetricFamily, name, label string) float64 {
	t.Helper()
	for _, m := range fams[name].GetMetric() {
		var own []string // the metric's own label's value: every series also names its file
		for _, l := range m.GetLabel() {
			if l.GetName() != "file" {
				own = append(own, l.GetValue())
			}
		}
		if len(own) > 0 && own[0] != label {
			continue
		}
		if m.Counter != nil {
			return m.GetCounter().GetValue()
		}
		return m.GetGauge().GetValue()
	}
	t.Fatalf("no %s{%q}", name, label)
	return 0
}

// promSum adds up a counter's values over its labels.
func promSum(fams map[string]*dto.MetricFamily, name string) float64 {
	n := 0.0
	for _, m := range fams[name].GetMetric() {
		n += m.GetCounter().GetValue()
	}
	return n
}

// TestCombine: a job's summary adds up its steps' and keeps each step's files, charsets and
// reconciliation; the worst exit code wins.
func TestCombine(t *testing.T) {
	t0 := time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)
	a := outcome.Summary{Started: t0, Finished: t0.Add(2 * time.Second), Rows: 4, RowsSent: 3, Records: 3,
		Outcomes: map[outcome.Kind]int{outcome.OK: 3, outcome.Invalid: 1}, ExitCode: 1, Limit: 8,
		PassingFaults:  map[string]int{"http_503": 2},
		Causes:         []outcome.Cause{{Outcome: outcome.Invalid, Message: "m", Count: 1}},
		Charsets:       map[string]string{"a.csv": "utf-8"},
		Files:          []outcome.FileOutcomes{{File: "a.csv", Rows: 4, Outcomes: map[outcome.Kind]int{outcome.OK: 3, outcome.Invalid: 1}}},
		Reconciliation: []outcome.Reconciliation{{File: "a.csv", Rows: 4}},
		Warnings:       []outcome.FileProblem{{File: "a.csv", Message: "w"}},
		// A step's report that could not be written is in the job's summary.json too.
		ReportsNotWritten: []outcome.FileProblem{{File: "a.jsonl", Message: "no space left on device"}}}
	b := outcome.Summary{Started: t0.Add(2 * time.Second), Finished: t0.Add(4 * time.Second), Rows: 2, RowsSent: 2, Records: 1,
		Outcomes: map[outcome.Kind]int{outcome.OK: 2}, Limit: 0,
		PassingFaults: map[string]int{"http_503": 1, "timeout": 4},
		Causes:        []outcome.Cause{{Outcome: outcome.Invalid, Message: "m", Count: 2}, {Outcome: outcome.Rejected, Message: "m", Count: 1}},
		HiddenRows:    map[string]int{"b.xlsx": 1},
		Files:         []outcome.FileOutcomes{{File: "b.xlsx", Rows: 2, Outcomes: map[outcome.Kind]int{outcome.OK: 2}}},
		FileProblems:  []outcome.FileProblem{{File: "c.csv", Message: "vazio"}}, // a job's total names them (a docs tester)
		Warnings:      []outcome.FileProblem{{File: "b.xlsx", Message: "v"}}}
	got := combine([]outcome.Summary{a, b})
	want := outcome.Summary{Started: t0, Finished: t0.Add(4 * time.Second), DurationMS: 4000, Rows: 6, RowsSent: 5, Records: 4,
		Outcomes: map[outcome.Kind]int{outcome.OK: 5, outcome.Invalid: 1}, ExitCode: 1, Limit: 8, RowsPerS: 1.5,
		PassingFaults:     map[string]int{"http_503": 3, "timeout": 4},
		Causes:            []outcome.Cause{{Outcome: outcome.Invalid, Message: "m", Count: 3}, {Outcome: outcome.Rejected, Message: "m", Count: 1}},
		Charsets:          map[string]string{"a.csv": "utf-8"},
		HiddenRows:        map[string]int{"b.xlsx": 1},
		Files:             append(slices.Clone(a.Files), b.Files...),
		Reconciliation:    a.Reconciliation,
		FileProblems:      b.FileProblems,
		Warnings:          append(slices.Clone(a.Warnings), b.Warnings...),
		ReportsNotWritten: a.ReportsNotWritten}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("combine:\n got %+v\nwant %+v", got, want)
	}
}

// TestOutputsCheckedBeforeAnyStep: a job whose steps' summaries cannot be written (a folder
// under a file; in production another user's folder or a read-only share) stops before its
// first step sends anything, naming the flag, the path and why; and the check
// leaves no folder behind where a clean run writes no re-import file.
func TestOutputsCheckedBeforeAnyStep(t *testing.T) {
	base, sim := simServer(t, 0)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	write(t, filepath.Join(dir, "setCategoriaProduto.csv"), "CategoriaProdutoId;CategoriaProdutoDescricao\nP1;Peças\n")
	blocker := write(t, filepath.Join(dir, "arquivo.txt"), "x")
	summary := filepath.Join(blocker, "resumos", "produtos.json")
	jobFile := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: SIM_PW\nsummary: "+summary+"\n"+
		"steps:\n  - file: setCategoriaServico.csv\n  - file: setCategoriaProduto.csv\n")
	code, _, stderr := runCLI(t, map[string]string{"SIM_PW": "demo"}, "run", jobFile)
	if code != 2 || !strings.Contains(stderr, "--summary "+filepath.Join(blocker, "resumos")) || !strings.Contains(stderr, ": a pasta não pode ser escrita (") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if n := sim.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent before the job stopped", n)
	}

	// An output that is a later step's input: refused before the first step (the first went,
	// then the job stopped at the second).
	produtos := filepath.Join(dir, "setCategoriaProduto.csv")
	before, _ := os.ReadFile(produtos)
	jobFile = write(t, filepath.Join(dir, "job2.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: SIM_PW\nmetrics-file: "+produtos+"\n"+
		"steps:\n  - file: "+filepath.Join(dir, "setCategoriaServico.csv")+"\n  - file: "+produtos+"\n")
	code, _, stderr = runCLI(t, map[string]string{"SIM_PW": testPassword}, "run", jobFile)
	if code != 2 || !strings.Contains(stderr, "--metrics-file "+produtos+" é a entrada") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if n := sim.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent before the job stopped", n)
	}
	if after, _ := os.ReadFile(produtos); !bytes.Equal(after, before) {
		t.Errorf("the second step's input was written over: %q", after)
	}

	reimport := filepath.Join(dir, "novo", "corrigir")
	if code, _, stderr := runCLI(t, nil, "validate", "--quiet", "--reimport", reimport, filepath.Join(dir, "setCategoriaServico.csv")); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "novo")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a clean run left %s: %v", filepath.Join(dir, "novo"), err)
	}
}

// TestOutSweepsKilledRuns: with --out each run writes in a new dated folder; a run killed
// while writing left its half report (and half re-import file) in its own, where no later
// run wrote again. A new --out folder sweeps them, if their process is gone; a running one's
// and the reports themselves stay.
func TestOutSweepsKilledRuns(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no process check here: nothing is swept")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	host, _, _ := strings.Cut(scratch.Mark(), ".")
	dead, live := host+"."+strconv.Itoa(cmd.Process.Pid)+"-abc", host+"."+strconv.Itoa(os.Getppid())+"-abc"
	out := t.TempDir()
	killed := filepath.Join(out, "2026-11-30_02-00-05")
	files := map[string]bool{ // name → swept
		filepath.Join(killed, ".report.xlsx.tmp-"+dead):                 true,
		filepath.Join(killed, "corrigir", ".orcamentos.xlsx.tmp-"+dead): true,
		filepath.Join(killed, ".report.jsonl.tmp-"+live):                false,
		filepath.Join(killed, "report.csv"):                             false,
	}
	for p := range files {
		write(t, p, "x")
	}
	if _, err := newOutDir(outcome.PT, out, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	for p, swept := range files {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) != swept {
			t.Errorf("%s: swept %v, want %v", p, errors.Is(err, fs.ErrNotExist), swept)
		}
	}
}

// TestOutputsOverFilesRead: an output that names a file the run reads is refused (exit 2) and
// not written there afterwards either: a refused run's summary was written over the input it
// named, a report over the mapping file, a summary over the password file, a metrics file over
// the input; a JSONL report that is a link to the journal truncated it.
func TestOutputsOverFilesRead(t *testing.T) {
	base, sim := simServer(t, 0)
	vars := map[string]string{"PW": testPassword}
	const body = servicos + "S1;Manutenção;1\n"
	for _, c := range []struct {
		name string
		args func(dir, in string) []string
		kept string // the file that must be left as it was, besides the input
		want string
	}{
		{"validate: a summary that is the input", func(dir, in string) []string {
			return []string{"validate", "--summary", in, in}
		}, "", "é a entrada"},
		{"run: a summary that is the input", func(dir, in string) []string {
			return []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--summary", in, in}
		}, "", "é a entrada"},
		{"a report that is the mapping", func(dir, in string) []string {
			m := write(t, filepath.Join(dir, "mapa.csv"), "Id=CategoriaServicoId\n")
			return []string{"validate", "--mapping", m, "--report", m, in}
		}, "mapa.csv", "é o arquivo de --mapping"},
		{"a summary that is the password file", func(dir, in string) []string {
			pw := write(t, filepath.Join(dir, "pw"), testPassword+"\n")
			return []string{"run", "--endpoint", base, "--user", "demo", "--password-file", pw, "--summary", pw, in}
		}, "pw", "é o arquivo de --password-file"},
		{"a metrics file that is the input", func(dir, in string) []string {
			return []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--metrics-file", in, in}
		}, "", "é a entrada"},
		// Every clash is refused, not the first alone: the metrics file went over the
		// password file when a report over the input was the clash named.
		{"a report and a metrics file", func(dir, in string) []string {
			pw := write(t, filepath.Join(dir, "pw"), testPassword+"\n")
			return []string{"run", "--endpoint", base, "--user", "demo", "--password-file", pw, "--report", in, "--metrics-file", pw, in}
		}, "pw", "é o arquivo de --password-file"},
		// --on-finish is given a summary of its own, not the file refused.
		{"a summary that is the password file, and a hook", func(dir, in string) []string {
			pw := write(t, filepath.Join(dir, "pw"), testPassword+"\n")
			return []string{"run", "--endpoint", base, "--user", "demo", "--password-file", pw, "--summary", pw,
				"--on-finish", "cp \"$IMPORTER_SUMMARY\" " + filepath.Join(dir, "hook-got"), in}
		}, "pw", "é o arquivo de --password-file"},
		// A run that fails before its inputs are read (one is missing) writes no summary
		// over the mapping either.
		{"a summary that is the mapping, an input missing", func(dir, in string) []string {
			m := write(t, filepath.Join(dir, "mapa.csv"), "Id=CategoriaServicoId\n")
			return []string{"validate", "--mapping", m, "--summary", m, in, filepath.Join(dir, "setCategoriaServico-faltando.csv")}
		}, "mapa.csv", "é o arquivo de --mapping"},
		{"a report that is a link to the journal", func(dir, in string) []string {
			j := filepath.Join(dir, "j.db")
			if code, _, stderr := runCLI(t, vars, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", "--journal", j, in); code != 0 {
				t.Fatalf("first run: exit %d\n%s", code, stderr)
			}
			write(t, filepath.Join(dir, "j.keep"), string(must(os.ReadFile(j))))
			if err := os.Symlink(j, filepath.Join(dir, "r.jsonl")); err != nil {
				t.Skip(err)
			}
			return []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--journal", j, "--report", filepath.Join(dir, "r.jsonl"), in}
		}, "", "é o arquivo de --journal"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), body)
			var kept []byte
			args := c.args(dir, in)
			if c.kept != "" {
				kept = must(os.ReadFile(filepath.Join(dir, c.kept)))
			}
			before := sim.Stats().Requests
			code, _, stderr := runCLI(t, vars, append(args, "--quiet")...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, want 2 and %q\n%s", code, c.want, stderr)
			}
			if b := must(os.ReadFile(in)); string(b) != body {
				t.Errorf("the input was written over: %q", b)
			}
			if c.kept != "" {
				if b := must(os.ReadFile(filepath.Join(dir, c.kept))); !bytes.Equal(b, kept) {
					t.Errorf("%s was written over: %q", c.kept, b)
				}
			}
			if keep, err := os.ReadFile(filepath.Join(dir, "j.keep")); err == nil {
				if b := must(os.ReadFile(filepath.Join(dir, "j.db"))); !bytes.Equal(b, keep) {
					t.Errorf("the journal changed: %d bytes, was %d", len(b), len(keep))
				}
			}
			if n := sim.Stats().Requests - before; n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
			if b, err := os.ReadFile(filepath.Join(dir, "hook-got")); err == nil && (bytes.Contains(b, []byte(testPassword)) || !bytes.Contains(b, []byte(`"exit_code": 2`))) {
				t.Errorf("--on-finish got as the summary:\n%s", b)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// testGroups are the groups a file of this user may be given: its own private group (of its
// name), and one that is not (root may give any; another user one of its supplementary
// groups); -1 for none here.
func testGroups(t *testing.T) (own, shared int) {
	t.Helper()
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	own, shared = -1, -1
	if g, err := user.LookupGroup(me.Username); err == nil {
		own, _ = strconv.Atoi(g.Gid)
	}
	gids, _ := os.Getgroups()
	if os.Geteuid() == 0 {
		gids = append(gids, 1)
	}
	for _, gid := range gids {
		if g, err := user.LookupGroupId(strconv.Itoa(gid)); err == nil && g.Name != me.Username {
			shared = gid
		}
	}
	return own, shared
}

// TestPasswordFileOpenToOthers: a password file other users may read is named in a warning
// (the run goes on: it is the operator's machine); a private one is not, nor one its owner's
// own group (a user private group) may read.
func TestPasswordFileOpenToOthers(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes say nothing on Windows")
	}
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	pw := write(t, filepath.Join(dir, "password"), testPassword+"\n")
	own, shared := testGroups(t)
	for _, c := range []struct {
		mode  os.FileMode
		group int // -2: as made
		warn  bool
	}{{0o600, -2, false}, {0o400, -2, false}, {0o640, shared, true}, {0o640, own, false}, {0o644, -2, true}, {0o602, -2, true}} {
		if err := os.Chmod(pw, c.mode); err != nil {
			t.Fatal(err)
		}
		if c.group == -1 {
			t.Logf("mode %v: no such group for this user here", c.mode)
			continue
		}
		if c.group >= 0 {
			if err := os.Chown(pw, -1, c.group); err != nil {
				t.Logf("mode %v: cannot give the file that group: %v", c.mode, err)
				continue
			}
		}
		code, _, stderr := runCLI(t, nil, "run", "--endpoint", base, "--user", "demo", "--password-file", pw, "--no-journal", "--lang", "en", in)
		if code != 0 {
			t.Fatalf("mode %v: exit %d\n%s", c.mode, code, stderr)
		}
		if got := strings.Contains(stderr, "may be read by other users of this machine ("+c.mode.String()+"): chmod 600"); got != c.warn {
			t.Errorf("mode %v: warned %v, want %v:\n%s", c.mode, got, c.warn, stderr)
		}
		if strings.Contains(stderr, testPassword) {
			t.Errorf("mode %v: the password in stderr", c.mode)
		}
	}
	// Said once a command: a job of three steps said it three times before its first step ran
	// (each step's settings read the password).
	if err := os.Chmod(pw, 0o644); err != nil {
		t.Fatal(err)
	}
	jobFile := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-file: password\nno-journal: true\nlang: en\n"+
		"steps:\n  - {name: a, file: setCategoriaServico.csv}\n  - {name: b, file: setCategoriaServico.csv}\n  - {name: c, file: setCategoriaServico.csv}\n")
	code, _, stderr := runCLI(t, nil, "run", jobFile)
	if code != 0 {
		t.Fatalf("job: exit %d\n%s", code, stderr)
	}
	if n := strings.Count(stderr, "may be read by other users of this machine"); n != 1 {
		t.Errorf("a job of three steps warned %d times of its password file, want once:\n%s", n, stderr)
	}
}

// TestJobFileWritableByOthers: a job file, or its folder, that other users may write is named
// in a warning (whoever changes it chooses the on-finish command and where the password goes);
// so is a catalogue folder or port file. A sticky folder (/tmp's) and files only their owner
// writes are not. The run goes on.
func TestJobFileWritableByOthers(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes say nothing on Windows")
	}
	base, _ := simServer(t, 0)
	own, shared := testGroups(t)
	for _, c := range []struct {
		name                      string
		jobMode, dirMode, catMode os.FileMode
		warnJob, warnCat          bool
		portFile                  string // the catalogue's port file; default setcategoriaservico.yaml
		group                     *int   // the job file's group, when given
	}{
		{"private", 0o644, 0o755, 0o644, false, false, "", nil},
		{"job group-writable, a group others are in", 0o664, 0o755, 0o644, true, false, "", &shared},
		// A user private group (umask 002: every file 0664) holds no one else: each start
		// warned of every job and catalogue file.
		{"job group-writable, its owner's own group", 0o664, 0o755, 0o644, false, false, "", &own},
		{"job world-writable", 0o666, 0o755, 0o644, true, false, "", nil},
		{"folder world-writable", 0o644, 0o777, 0o644, true, false, "", nil},
		{"folder sticky", 0o644, 0o777 | os.ModeSticky, 0o644, false, false, "", nil},
		{"catalogue file writable", 0o644, 0o755, 0o666, false, true, "", nil},
		// The catalogue reads *.yml as well: one others may write was not warned of.
		{"catalogue .yml file writable", 0o644, 0o755, 0o666, false, true, "setcategoriaservico.yml", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "job")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
			cat := filepath.Join(t.TempDir(), "cat")
			if err := os.Mkdir(cat, 0o755); err != nil {
				t.Fatal(err)
			}
			port := write(t, filepath.Join(cat, cmp.Or(c.portFile, "setcategoriaservico.yaml")), string(must(os.ReadFile(filepath.Join("..", "..", "templates", "ports", "setcategoriaservico.yaml")))))
			job := write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: en\ncatalogue: "+cat+"\nsteps:\n  - file: setCategoriaServico.csv\n")
			for p, m := range map[string]os.FileMode{job: c.jobMode, dir: c.dirMode, port: c.catMode} {
				if err := os.Chmod(p, m); err != nil {
					t.Fatal(err)
				}
			}
			if c.group != nil {
				if *c.group < 0 {
					t.Skip("no such group for this user here")
				}
				if err := os.Chown(job, -1, *c.group); err != nil {
					t.Skip("cannot give the job file that group:", err)
				}
			}
			code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, "run", job, "--no-journal")
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			if got := strings.Contains(stderr, "the job file may be changed by other users of this machine"); got != c.warnJob {
				t.Errorf("job file warned %v, want %v:\n%s", got, c.warnJob, stderr)
			}
			if got := strings.Contains(stderr, "the catalogue may be changed by other users of this machine (-rw-rw-rw-)"); got != c.warnCat {
				t.Errorf("catalogue warned %v, want %v:\n%s", got, c.warnCat, stderr)
			}
		})
	}
}

// TestMappingWritableByOthers: a mapping file (--mapping, or a job step's) others may write is
// warned of, as a job file is: it decides which column goes to which field and the constants
// sent. It was not.
func TestMappingWritableByOthers(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes say nothing on Windows")
	}
	base, _ := simServer(t, 0)
	for _, c := range []struct {
		name string
		mode os.FileMode
		job  bool // given by a job step, not --mapping
		warn bool
	}{
		{"private", 0o644, false, false},
		{"world-writable", 0o666, false, true},
		{"a job step's, world-writable", 0o666, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), "Codigo;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Manutenção;1\n")
			m := write(t, filepath.Join(dir, "mapa.csv"), "column,field\nCodigo,CategoriaServicoId\n")
			if err := os.Chmod(m, c.mode); err != nil {
				t.Fatal(err)
			}
			args := []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--no-journal", "--mapping", m, in}
			if c.job {
				args = []string{"run", write(t, filepath.Join(dir, "job.yaml"), "endpoint: "+base+"\nuser: demo\npassword-env: PW\nlang: en\nsteps:\n  - file: setCategoriaServico.csv\n    mapping: mapa.csv\n"), "--no-journal"}
			}
			code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, append(args, "--lang", "en")...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			if got := strings.Contains(stderr, "the mapping file may be changed by other users of this machine (-rw-rw-rw-)"); got != c.warn {
				t.Errorf("warned %v, want %v:\n%s", got, c.warn, stderr)
			}
		})
	}
}

// TestValidateJobWithoutItsPassword: validate sends nothing, so a job file's password-env
// need not be set where a night's files are checked (it stopped validate, exit 2: the log
// tester); run still needs it. --show-envelopes masks the password as it would a read one.
func TestValidateJobWithoutItsPassword(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	jobFile := write(t, filepath.Join(dir, "job.yaml"), "endpoint: http://127.0.0.1:1\nuser: demo\npassword-env: UNSET_PW\nsteps:\n  - file: setCategoriaServico.csv\n")
	code, stdout, stderr := runCLI(t, nil, "validate", jobFile, "--show-envelopes", "1")
	if code != 0 || !strings.Contains(stdout, "********") {
		t.Fatalf("validate without the job's password variable: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "run", jobFile, "--no-journal"); code != 2 || !strings.Contains(stderr, outcome.PT.PasswordEnvNotSet("--password-env", "--password-file")) {
		t.Fatalf("run without it: exit %d\n%s", code, stderr)
	}
}

// TestSummaryNamesItsRun: summary.json says the run's number in the journal, the one
// `importer report N` takes (an --on-finish command had only the run's time to find it by);
// a run without a journal has none.
func TestSummaryNamesItsRun(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n;Sem código;1\n")
	vars := withState(t, map[string]string{"PW": testPassword})
	summary := filepath.Join(dir, "summary.json")
	read := func() map[string]any {
		t.Helper()
		b, err := os.ReadFile(summary)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	hook := filepath.Join(dir, "hook.txt")
	args := []string{"run", "--endpoint", base, "--crm-endpoint", base + "/crm/ws", "--user", "demo", "--password-env", "PW", "--quiet", "--summary", summary,
		"--on-finish", `printf '[%s]' "${IMPORTER_RUN-unset}" > ` + hook}
	hooked := func() string {
		t.Helper()
		b, err := os.ReadFile(hook)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for want := 1.0; want <= 2; want++ {
		if code, _, stderr := runCLI(t, vars, append(args, in)...); code != 1 {
			t.Fatalf("run: exit %d\n%s", code, stderr)
		}
		if got := read()["run"]; got != want {
			t.Errorf("run %v: summary says %v", want, got)
		}
		if got := hooked(); got != fmt.Sprintf("[%v]", want) {
			t.Errorf("run %v: the --on-finish command got IMPORTER_RUN %s", want, got)
		}
	}
	again := filepath.Join(dir, "again.jsonl")
	if code, _, stderr := runCLI(t, vars, "report", "2", "-o", again); code != 0 {
		t.Fatalf("report 2: exit %d\n%s", code, stderr)
	}
	if got := outcomesOf(t, again); got["skipped"] != 1 || got["invalid"] != 1 {
		t.Errorf("report 2: %v", got)
	}
	if code, _, stderr := runCLI(t, vars, append(append(args, "--no-journal"), in)...); code != 1 {
		t.Fatalf("run --no-journal: exit %d\n%s", code, stderr)
	}
	if got, ok := read()["run"]; ok {
		t.Errorf("a run without a journal says run %v", got)
	}
	if got := hooked(); got != "[unset]" {
		t.Errorf("a run without a journal: the --on-finish command got IMPORTER_RUN %s", got)
	}
	// The workbook's Resumo names it too, for the finance team asking for it again; a run
	// without a journal has none to name.
	for _, c := range []struct {
		name  string
		extra []string
		want  string
	}{{"journal", nil, "3"}, {"no-journal", []string{"--no-journal"}, ""}} {
		book := filepath.Join(dir, c.name+".xlsx")
		if code, _, stderr := runCLI(t, vars, append(append(append(args, c.extra...), "--report", book), in)...); code != 1 {
			t.Fatalf("run (%s): exit %d\n%s", c.name, code, stderr)
		}
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Resumo")
		f.Close()
		got := ""
		for _, r := range rows {
			if len(r) > 1 && strings.HasPrefix(r[0], "Execução no diário") {
				got = r[1]
			}
		}
		if got != c.want {
			t.Errorf("%s: the Resumo names run %q, want %q", c.name, got, c.want)
		}
	}
}
