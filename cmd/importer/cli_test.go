package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"seniorimporter/simulator"
	"seniorimporter/templates"
)

const testPassword = "Tr0ub4dor-s3cret"

// startSim serves the project's simulator on a loopback port for the command's tests.
func startSim(t *testing.T) string {
	t.Helper()
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	sim, err := simulator.New(simulator.Config{User: "demo", Password: testPassword, CRMPath: "/crm/ws", Catalogue: cat})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

func writeCSV(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCLI runs the command as main does, with its streams and environment, and checks exit
// codes, what it prints, and that the password never shows anywhere.
func TestCLI(t *testing.T) {
	base := startSim(t)
	dir := t.TempDir()
	good := writeCSV(t, dir, "setCategoriaServico.csv",
		"CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Manutenção;1\nS2;Instalação;1\n")
	bad := writeCSV(t, filepath.Join(t.TempDir()), "setCategoriaServico.csv",
		"CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Manutenção;1\n;Instalação;1\n")
	pwFile := writeCSV(t, dir, "pw.txt", testPassword+"\n")
	report := filepath.Join(dir, "report.csv")
	send := []string{"--endpoint", base, "--user", "demo", "--quiet"}

	cases := []struct {
		name       string
		args       []string
		env        map[string]string
		code       int
		stdout     string // substring expected on stdout
		stderr     string // substring expected on stderr
		reportHas  string // substring expected in the CSV report, when one is written
		wantReport bool
	}{
		{name: "no command", args: nil, code: 2, stderr: "Usage:"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
		{name: "help", args: []string{"--help"}, code: 0, stdout: "importer run"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "importer "},
		{name: "run help lists exit codes", args: []string{"run", "--help"}, code: 0, stderr: "130  interrupted"},
		{name: "password as a flag value is refused", args: append([]string{"run", "--password", testPassword}, good), code: 2, stderr: "flag provided but not defined: -password"},
		{name: "no files", args: []string{"run", "--endpoint", base}, code: 2, stderr: "no input files"},
		{name: "no endpoint", args: []string{"run", "--user", "demo", "--password-env", "PW", good}, env: map[string]string{"PW": testPassword}, code: 2, stderr: "--endpoint"},
		{name: "no password", args: append(append([]string{"run"}, send...), good), code: 2, stderr: "a password is needed"},
		{name: "empty password variable", args: append(append([]string{"run", "--password-env", "NOPE"}, send...), good), code: 2, stderr: "NOPE is empty or not set"},
		{name: "bad locale", args: []string{"validate", "--locale", "fr-FR", good}, code: 2, stderr: "--locale"},
		{name: "unknown port", args: []string{"validate", "--op", "setNada", good}, code: 2, stderr: `--op "setNada" is not a known port`},
		{name: "every row ok", args: append(append([]string{"run", "--password-env", "PW", "--report", report}, send...), good), env: map[string]string{"PW": testPassword}, code: 0, wantReport: true, reportHas: ";ok;"},
		{name: "password from a file", args: append(append([]string{"run", "--password-file", pwFile, "--report", report}, send...), good), code: 0, wantReport: true, reportHas: ";ok;"},
		{name: "a bad row exits 1", args: append(append([]string{"run", "--password-env", "PW", "--report", report}, send...), bad), env: map[string]string{"PW": testPassword}, code: 1, wantReport: true, reportHas: ";invalid;"},
		{name: "refused login exits 2", args: append(append([]string{"run", "--password-env", "PW", "--report", report}, send...), good), env: map[string]string{"PW": "wrong"}, code: 2, wantReport: true, reportHas: ";not_sent;"},
		{name: "validate shows masked envelopes", args: []string{"validate", "--user", "demo", "--password-env", "PW", "--show-envelopes", "1", "--quiet", good}, env: map[string]string{"PW": testPassword}, code: 0, stdout: "<UsuarioSenha>********</UsuarioSenha>"},
		{name: "template", args: []string{"template", "setContas", "-o", filepath.Join(dir, "setContas.xlsx")}, code: 0, stdout: "setContas.xlsx"},
		{name: "template of an unknown port", args: []string{"template", "setNada", "-o", filepath.Join(dir, "x.xlsx")}, code: 2, stderr: "not a known port"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os.Remove(report)
			var stdout, stderr bytes.Buffer
			code := cli(context.Background(), c.args, env{
				stdout: &stdout, stderr: &stderr,
				getenv: func(k string) string { return c.env[k] },
			})
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), c.stdout) {
				t.Errorf("stdout lacks %q:\n%s", c.stdout, stdout.String())
			}
			if !strings.Contains(stderr.String(), c.stderr) {
				t.Errorf("stderr lacks %q:\n%s", c.stderr, stderr.String())
			}
			var rep []byte
			if c.wantReport {
				var err error
				if rep, err = os.ReadFile(report); err != nil {
					t.Fatalf("no report: %v", err)
				}
				if !strings.Contains(string(rep), c.reportHas) {
					t.Errorf("report lacks %q:\n%s", c.reportHas, rep)
				}
			}
			for what, text := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String(), "report": string(rep)} {
				if strings.Contains(text, testPassword) {
					t.Errorf("the password shows in %s", what)
				}
			}
		})
	}
}

// TestSignal runs the built command as a process and stops it with SIGTERM and SIGINT mid-run:
// exit 130, and a report with one line for every input row.
func TestSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "importer")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	sim, err := simulator.New(simulator.Config{User: "demo", Password: testPassword, CRMPath: "/crm/ws", Catalogue: cat, Latency: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	var b strings.Builder
	b.WriteString("CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n")
	const n = 400
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "S%04d;Serviço %d;1\n", i, i)
	}
	input := writeCSV(t, dir, "setCategoriaServico.csv", b.String())
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			report := filepath.Join(t.TempDir(), "report.csv")
			cmd := exec.Command(bin, "run", "--endpoint", srv.URL, "--user", "demo", "--password-env", "PW",
				"--workers", "2", "--quiet", "--report", report, input)
			cmd.Env = append(os.Environ(), "PW="+testPassword)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			before := sim.Stats().Accepted
			for give := time.Now().Add(time.Minute); sim.Stats().Accepted < before+5; { // let it get going
				if time.Now().After(give) {
					cmd.Process.Kill()
					t.Fatalf("the import never got going\n%s", stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 130 {
				t.Fatalf("exit %d (%v), want 130\n%s", code, err, stderr.String())
			}
			rep, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimRight(string(rep), "\r\n"), "\r\n")
			if len(lines) != n+1 {
				t.Fatalf("report has %d lines, want a header and %d rows", len(lines), n)
			}
			if !strings.Contains(string(rep), ";not_sent;") || !strings.Contains(string(rep), ";ok;") {
				t.Errorf("want some rows ok and the rest not_sent")
			}
		})
	}
}
