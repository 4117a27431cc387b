package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"seniorimporter/outcome"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"seniorimporter/journal"
	"seniorimporter/simulator"
	"seniorimporter/templates"
)

const testPassword = "Tr0ub4dor-s3cret"

// withState gives a test's environment its own journal (XDG_STATE_HOME in a temporary folder
// of the test), unless it names one: runs of different tests never share a journal.
func withState(t *testing.T, vars map[string]string) map[string]string {
	t.Helper()
	if vars["XDG_STATE_HOME"] != "" {
		return vars
	}
	out := map[string]string{"XDG_STATE_HOME": stateDirs.dir(t)}
	for k, v := range vars {
		out[k] = v
	}
	return out
}

// stateDirs keeps one state folder per test (a test may build its environment many times).
var stateDirs = &testDirs{m: map[*testing.T]string{}}

type testDirs struct {
	mu sync.Mutex
	m  map[*testing.T]string
}

func (d *testDirs) dir(t *testing.T) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p, ok := d.m[t]; ok {
		return p
	}
	p := t.TempDir()
	d.m[t] = p
	return p
}

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
	emptyPw := writeCSV(t, dir, "empty-pw.txt", "\r\nsecond line\n")
	notepadPw := writeCSV(t, dir, "notepad-pw.txt", "\xef\xbb\xbf"+testPassword+"\r\n") // Notepad's UTF-8: a mark, CRLF
	utf16Pw := writeCSV(t, dir, "utf16-pw.txt", "\xff\xfes\x003\x00")
	ansiPw := writeCSV(t, dir, "ansi-pw.txt", "senha\xe7\r\n")
	ctrlPw := writeCSV(t, dir, "ctrl-pw.txt", "sen\vha\n")
	hugePw := writeCSV(t, dir, "huge-pw.txt", strings.Repeat("x", 1<<20)) // a log named by mistake: one line of 1 MiB
	report := filepath.Join(dir, "report.csv")
	send := []string{"--endpoint", base, "--user", "demo", "--quiet"}

	validateReport := filepath.Join(dir, "v.jsonl")
	ports := portList(t)

	cases := []struct {
		name       string
		args       []string
		env        map[string]string
		code       int
		stdout     string // substring expected on stdout
		stderr     string // substring expected on stderr
		report     string // a report the command must write (default: report)
		reportHas  string // substring expected in that report
		wantReport bool
	}{
		{name: "no command", args: nil, code: 2, stderr: "Uso:"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: `comando desconhecido "frobnicate"`},
		{name: "watch without its folder says what is missing", args: []string{"watch", "--op", "setContas", "--lang", "en"}, code: 2, stderr: "importer watch: one argument, the drop folder DIR: importer watch [flags] DIR (0 given)\n"},
		{name: "report without its run says what is missing", args: []string{"report", "-o", filepath.Join(dir, "r.csv"), "--lang", "en"}, code: 2, stderr: "importer report: one argument, the run's number RUN (importer history lists them): importer report RUN -o FILE [flags] (0 given)\n"},
		{name: "help", args: []string{"--help"}, code: 0, stdout: "Comandos disponíveis:"},
		{name: "help command", args: []string{"help", "run"}, code: 0, stdout: "importer run [flags] FILE..."},
		{name: "version", args: []string{"version"}, code: 0, stdout: "importer "},
		{name: "run help lists exit codes", args: []string{"run", "--help"}, code: 0, stdout: "130  interrompida"},
		{name: "run help shows --max-answer's default as the README gives it", args: []string{"run", "--help"}, code: 0, stdout: "(padrão 16MiB)"},
		{name: "help after the files", args: []string{"validate", good, "--help"}, code: 0, stdout: "--show-envelopes N"},
		// pflag's refusals in English with --lang en, given after the flag refused: the parser
		// stops there, and the language is looked for in the whole command line
		// (TestFlagRefusalsInTheRunsLanguage has them in Portuguese, the default).
		{name: "password as a flag value is refused", args: append([]string{"run", "--password", testPassword}, good, "--lang", "en"), code: 2, stderr: "unknown flag: --password (did you mean --password-env or --password-file?)\nRun 'importer run --help' for usage.\n"},
		{name: "a misspelt flag names the flag meant", args: []string{"run", "--wokers", "4", good, "--lang", "en"}, code: 2, stderr: "importer run: unknown flag: --wokers (did you mean --workers?)\nRun 'importer run --help' for usage.\n"},
		{name: "a flag of run given to validate names the commands that take it", args: []string{"validate", "--endpoint", base, good, "--lang=en"}, code: 2, stderr: "importer validate: unknown flag: --endpoint (--endpoint is a flag of importer run and watch, not of validate)\nRun 'importer validate --help' for usage.\n"},
		{name: "unknown flag", args: []string{"validate", "--nope", good, "--lang", "en"}, code: 2, stderr: "importer validate: unknown flag: --nope\nRun 'importer validate --help' for usage.\n"},
		{name: "bad flag value", args: []string{"run", "--workers", "many", good, "--lang", "en"}, code: 2, stderr: "importer run: --workers \"many\": is not a whole number\nRun 'importer run --help' for usage.\n"},
		{name: "long flag with one dash", args: []string{"validate", "-locale", "en-US", good, "--lang", "en"}, code: 2, stderr: "importer validate: unknown shorthand flag: 'l' in -locale (a long flag takes two dashes: --locale)\n"},
		// pflag's message repeated the argument whole: a password glued to it went to stderr.
		{name: "a value glued to a shorthand is not repeated", args: append([]string{"run", "-p" + testPassword}, good, "--lang", "en"), code: 2, stderr: "importer run: unknown shorthand flag: 'p' in -p…\n"},
		{name: "a value glued to a long flag with one dash is not repeated", args: append([]string{"run", "-password=" + testPassword}, good, "--lang", "en"), code: 2, stderr: "importer run: unknown shorthand flag: 'p' in -password (a long flag takes two dashes; did you mean --password-env or --password-file?)\n"},
		{name: "a long flag misspelt with one dash", args: []string{"run", "-wokers", "4", good, "--lang", "en"}, code: 2, stderr: "importer run: unknown shorthand flag: 'w' in -wokers (a long flag takes two dashes; did you mean --workers?)\n"},
		{name: "a long flag with one dash and its value glued", args: []string{"run", "-endpoint=http://demo:" + testPassword + "@127.0.0.1:9", good, "--lang", "en"}, code: 2, stderr: "importer run: unknown shorthand flag: 'e' in -endpoint (a long flag takes two dashes: --endpoint)\n"},
		{name: "no files", args: []string{"run", "--lang", "en", "--endpoint", base}, code: 2, stderr: "no input files"},
		{name: "no endpoint", args: []string{"run", "--user", "demo", "--password-env", "PW", good}, env: map[string]string{"PW": testPassword}, code: 2, stderr: "--endpoint"},
		{name: "an endpoint with no host", args: append([]string{"run", "--lang", "en", "--endpoint", "http://", "--user", "demo", "--password-env", "PW"}, good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --endpoint: the URL names no host\n"},
		{name: "an endpoint with no host, said in Portuguese by default", args: append([]string{"run", "--endpoint", "http://", "--user", "demo", "--password-env", "PW"}, good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --endpoint: a URL não nomeia um servidor\nVeja 'importer run --help' para o uso.\n"},
		{name: "a password in the endpoint is refused, not repeated", args: append([]string{"run", "--lang", "en", "--endpoint", "http://demo:" + testPassword + "@127.0.0.1:9", "--user", "demo", "--password-env", "PW"}, good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --endpoint: a user or password in the URL is refused"},
		{name: "an endpoint with no scheme, not repeated", args: append([]string{"run", "--lang", "en", "--crm-endpoint", "demo:" + testPassword + "@127.0.0.1:9", "--user", "demo", "--password-env", "PW"}, good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --crm-endpoint: the URL must start with http:// or https://\n"},
		{name: "a base endpoint with a service's path", args: append([]string{"run", "--lang", "en", "--endpoint", "https://Senior.example:8443/g5-senior-services/sapiens_Synccom_senior_g5_co_cad_orcamentos?wsdl", "--user", "demo", "--password-env", "PW"}, good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --endpoint: give the server's base URL (https://Senior.example:8443): the importer adds /g5-senior-services/ and each port's service to it\n"},
		{name: "a base endpoint with a query", args: append([]string{"run", "--lang", "en", "--endpoint", base + "/?x=1", "--user", "demo", "--password-env", "PW"}, good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --endpoint: a base URL has no query or fragment"},
		{name: "no password", args: append(append([]string{"run", "--lang", "en"}, send...), good), code: 2, stderr: "a password is needed"},
		{name: "no password, said in Portuguese by default", args: append(append([]string{"run"}, send...), good), code: 2, stderr: "uma senha é necessária: --password-env NOME ou --password-file CAMINHO"},
		{name: "empty password variable", args: append(append([]string{"run", "--lang", "en", "--password-env", "NOPE"}, send...), good), code: 2, stderr: "importer run: the variable named by --password-env is not set (or is empty) in the importer's environment (cron and systemd do not read a shell's profile: set it in the crontab, or in the unit's Environment= or EnvironmentFile=; or give --password-file)\n"},
		{name: "empty password variable, said in Portuguese by default", args: append(append([]string{"run", "--password-env", "NOPE"}, send...), good), code: 2, stderr: "importer run: a variável indicada por --password-env não está definida (ou está vazia) no ambiente do importador (cron e systemd não leem o perfil de um shell: defina-a no crontab, ou em Environment= ou EnvironmentFile= da unidade; ou use --password-file)\n"},
		{name: "the password pasted as --password-env is not repeated", args: append(append([]string{"run", "--lang", "en", "--password-env", testPassword}, send...), good), code: 2, stderr: "importer run: the variable named by --password-env is not set (or is empty) in the importer's environment (cron and systemd do not read a shell's profile: set it in the crontab, or in the unit's Environment= or EnvironmentFile=; or give --password-file)\n"},
		{name: "the password pasted as --crm-password-file is not repeated", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--crm-password-file", testPassword}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: the file named by --crm-password-file cannot be read: no such file\n"},
		{name: "an empty password file", args: append(append([]string{"run", "--lang", "en", "--password-file", emptyPw}, send...), good), code: 2, stderr: "importer run: the file named by --password-file is empty (the password is its first line)\n"},
		{name: "a file in a format not read names the fix, and its path once", args: []string{"validate", filepath.Join(dir, "setCategoriaServico.ods")}, code: 2, stderr: "importer validate: " + filepath.Join(dir, "setCategoriaServico.ods") + ": " + outcome.PT.FormatODS() + "\n"},
		{name: "in the run's language", args: []string{"validate", "--lang", "en", filepath.Join(dir, "setCategoriaServico.ods")}, code: 2, stderr: "importer validate: " + filepath.Join(dir, "setCategoriaServico.ods") + ": an OpenDocument spreadsheet (LibreOffice's own format) is not read; save it as .xlsx (Excel 2007-365)\n"},
		{name: "bad locale", args: []string{"validate", "--locale", "fr-FR", good}, code: 2, stderr: "--locale"},
		{name: "unknown port", args: []string{"validate", "--lang", "en", "--op", "setNada", good}, code: 2, stderr: `--op "setNada" is not a known port (CalculaImpostosOrcamento, `},
		{name: "every row ok", args: append(append([]string{"run", "--password-env", "PW", "--report", report}, send...), good), env: map[string]string{"PW": testPassword}, code: 0, wantReport: true, reportHas: ";ok;"},
		{name: "flags after the files", args: append(append([]string{"run", good}, send...), "--password-env", "PW", "--report", report), env: map[string]string{"PW": testPassword}, code: 0, wantReport: true, reportHas: ";ok;"},
		{name: "validate FILE --report", args: []string{"validate", good, "--report", validateReport, "--quiet"}, code: 0, report: validateReport, wantReport: true, reportHas: `"outcome":"valid"`},
		{name: "an endpoint pasted with spaces around it", args: append([]string{"run", "--password-env", "PW", "--report", report, "--endpoint", " " + base + " \t", "--user", "demo", "--quiet"}, good), env: map[string]string{"PW": testPassword}, code: 0, wantReport: true, reportHas: ";ok;"},
		{name: "a password variable with a CRLF", args: append(append([]string{"run", "--password-env", "PWCR", "--report", report}, send...), good), env: map[string]string{"PWCR": testPassword + "\r\n"}, code: 0, wantReport: true, reportHas: ";ok;"},
		{name: "password from a file saved by Notepad", args: append(append([]string{"run", "--password-file", notepadPw, "--report", report}, send...), good), code: 0, wantReport: true, reportHas: ";ok;"},
		{name: "no workers", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--workers", "0"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --workers 0: must be at least 1\nRun 'importer run --help' for usage.\n"},
		{name: "no workers, said in Portuguese by default", args: append(append([]string{"run", "--password-env", "PW", "--workers", "0"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --workers 0: precisa ser pelo menos 1\nVeja 'importer run --help' para o uso.\n"},
		{name: "an unknown --on-existing, said in Portuguese by default", args: append(append([]string{"run", "--password-env", "PW", "--on-existing", "talvez"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --on-existing \"talvez\": use error ou alter\nVeja 'importer run --help' para o uso.\n"},
		{name: "a watcher's --settle of zero, said in Portuguese by default", args: append(append([]string{"watch", "--password-env", "PW", "--settle", "0s"}, send...), dir), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer watch: --settle e --poll precisam ser mais que 0\nVeja 'importer watch --help' para o uso.\n"},
		{name: "a million workers, a typo that would take gigabytes", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--workers", "1000000"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --workers 1000000: must be at most 1024 (the importer finds how many requests Senior takes at once, up to --workers)\nRun 'importer run --help' for usage.\n"},
		{name: "a rate that is not a number", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--rate", "NaN"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --rate NaN: must be 0 (no limit) or more\nRun 'importer run --help' for usage.\n"},
		{name: "a batch of a million", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--batch", "1000000"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --batch 1000000: must be at most 1000 orçamentos per request\nRun 'importer run --help' for usage.\n"},
		{name: "a timeout of zero", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--timeout", "0s"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --timeout 0s: must be more than zero\nRun 'importer run --help' for usage.\n"},
		{name: "an on-finish timeout of zero (it was a minute, silently)", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--on-finish", "true", "--on-finish-timeout", "0s"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --on-finish-timeout 0s: must be more than zero\nRun 'importer run --help' for usage.\n"},
		{name: "a negative header row (it was the header found, silently)", args: []string{"validate", "--lang", "en", "--header-row", "-2", good}, code: 2, stderr: "importer validate: --header-row -2: a row number, 1 or more (leave it out to have the header found)\nRun 'importer validate --help' for usage.\n"},
		{name: "a negative on-finish timeout", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--on-finish-timeout", "-5s"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --on-finish-timeout -5s: must be more than zero\nRun 'importer run --help' for usage.\n"},
		{name: "a longest retry delay under the first", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW", "--max-backoff", "100ms"}, send...), good), env: map[string]string{"PW": testPassword}, code: 2, stderr: "importer run: --max-backoff 100ms: must be at least --backoff (500ms)\nRun 'importer run --help' for usage.\n"},
		{name: "a UTF-16 password file", args: append(append([]string{"run", "--lang", "en", "--password-file", utf16Pw}, send...), good), code: 2, stderr: "importer run: the file named by --password-file is UTF-16 (Notepad's \"Unicode\"): save it as UTF-8\n"},
		{name: "a Windows-1252 password file", args: append(append([]string{"run", "--lang", "en", "--password-file", ansiPw}, send...), good), code: 2, stderr: "importer run: the file named by --password-file is not UTF-8 text: save it as UTF-8\n"},
		{name: "a Windows-1252 password variable", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW"}, send...), good), env: map[string]string{"PW": "senha\xe7"}, code: 2, stderr: "importer run: the variable named by --password-env is not UTF-8 text (set from a file saved as Windows-1252?): save that file as UTF-8\n"},
		{name: "a password variable with a control character", args: append(append([]string{"run", "--lang", "en", "--password-env", "PW"}, send...), good), env: map[string]string{"PW": testPassword + "\x1b"}, code: 2, stderr: "importer run: the password named by --password-env holds the character U+001B, which XML 1.0 forbids, so no request to Senior can carry it: was it pasted with the password?\n"},
		{name: "a password file whose first line is over 64 KiB", args: append(append([]string{"run", "--lang", "en", "--password-file", hugePw}, send...), good), code: 2, stderr: "importer run: the first line of the file named by --password-file is over 64 KiB: is it the password file?\n"},
		{name: "a password file with a control character", args: append(append([]string{"run", "--lang", "en", "--password-file", ctrlPw}, send...), good), code: 2, stderr: "importer run: the password named by --password-file holds the character U+000B, which XML 1.0 forbids, so no request to Senior can carry it: was it pasted with the password?\n"},
		{name: "password from a file", args: append(append([]string{"run", "--password-file", pwFile, "--report", report}, send...), good), code: 0, wantReport: true, reportHas: ";ok;"},
		{name: "a bad row exits 1", args: append(append([]string{"run", "--password-env", "PW", "--report", report}, send...), bad), env: map[string]string{"PW": testPassword}, code: 1, wantReport: true, reportHas: ";invalid;"},
		{name: "refused login exits 2", args: append(append([]string{"run", "--password-env", "PW", "--report", report}, send...), good), env: map[string]string{"PW": "wrong"}, code: 2, wantReport: true, reportHas: ";not_sent;"},
		{name: "validate shows masked envelopes", args: []string{"validate", "--user", "demo", "--password-env", "PW", "--show-envelopes", "1", "--quiet", good}, env: map[string]string{"PW": testPassword}, code: 0, stdout: "<UsuarioSenha>********</UsuarioSenha>"},
		{name: "template", args: []string{"template", "setContas", "-o", filepath.Join(dir, "setContas.xlsx")}, code: 0, stdout: "setContas.xlsx"},
		{name: "template, flag first", args: []string{"template", "--output", filepath.Join(dir, "setContas2.xlsx"), "setContas"}, code: 0, stdout: "setContas2.xlsx"},
		{name: "template over an existing file", args: []string{"template", "setCategoriaServico", "-o", good}, code: 2, stderr: "já existe (uma planilha preenchida, talvez): um modelo é gravado como um arquivo novo; dê outro nome, ou use --force para substituí-lo"},
		// The importer tells a file's port by its name (a tester's orcamentos-nov.xlsx).
		{name: "template named after another port", args: []string{"template", "GravarOrcamentos", "-o", filepath.Join(dir, "setContas-nov.xlsx")}, code: 2, stderr: "setContas-nov.xlsx seria lido como um arquivo de setContas, não de GravarOrcamentos: dê a ele o nome GravarOrcamentos-....xlsx"},
		{name: "template named after no port", args: []string{"template", "GravarOrcamentos", "-o", filepath.Join(dir, "orcamentos-nov.xlsx")}, code: 0, stdout: "orcamentos-nov.xlsx", stderr: "não começa com o nome da porta: renomeie-o (GravarOrcamentos-nov.xlsx) antes de importá-lo, ou importe-o com --op GravarOrcamentos"},
		{name: "template over an existing file, forced", args: []string{"template", "setContas", "-o", filepath.Join(dir, "setContas.xlsx"), "--force"}, code: 0, stdout: "setContas.xlsx"},
		{name: "template of an unknown port", args: []string{"template", "setNada", "-o", filepath.Join(dir, "x.xlsx")}, code: 2, stderr: `"setNada" não é uma porta conhecida (CalculaImpostosOrcamento, `},
		{name: "template without a port lists them", args: []string{"template"}, code: 2, stderr: ports + "importer template: dê uma porta"},
		{name: "template without -o", args: []string{"template", "setContas"}, code: 2, stderr: "falta -o FILE.xlsx"},
		{name: "ports", args: []string{"ports"}, code: 0, stdout: ports},
		{name: "ports takes no argument", args: []string{"ports", "setContas"}, code: 2, stderr: "importer ports: \"setContas\": o ports não aceita argumentos; ele lista todas as portas (importer template PORT -o FILE.xlsx grava o modelo de uma porta)\nVeja 'importer ports --help' para o uso.\n"},
		{name: "simulate off loopback", args: []string{"simulate", "--addr", "192.0.2.1:0"}, code: 2, stderr: "not a loopback address"},
		{name: "bash completion", args: []string{"completion", "bash"}, code: 0, stdout: "__start_importer"},
		{name: "complete a port argument", args: []string{"__complete", "template", "setC"}, code: 0, stdout: "setContas\tCadastra as contas no CRM.\n"},
		{name: "complete --op", args: []string{"__complete", "validate", "x.csv", "--op", "grav"}, code: 0, stdout: "GravarOrcamentos\tInclui, altera e exclui orçamentos.\n"},
		{name: "complete --locale", args: []string{"__complete", "run", "--locale", ""}, code: 0, stdout: "pt-BR\nen-US\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.report == "" {
				c.report = report
			}
			os.Remove(c.report)
			var stdout, stderr bytes.Buffer
			code := cli(context.Background(), c.args, env{
				stdout: &stdout, stderr: &stderr,
				getenv: func(k string) string { return withState(t, c.env)[k] },
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
			if code == 2 && len(c.args) > 0 && (strings.Contains(stderr.String(), "Flags:") || strings.Contains(stderr.String(), "Opções:")) {
				t.Errorf("a usage error prints the whole usage:\n%s", stderr.String())
			}
			var rep []byte
			if c.wantReport {
				var err error
				if rep, err = os.ReadFile(c.report); err != nil {
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

// portList is what ports prints: the catalogue's own list, in Portuguese.
func portList(t *testing.T) string {
	t.Helper()
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := templates.WritePortList(&b, cat, "pt"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestHelpPerCommand: every command answers --help on stdout with exit 0, its usage under
// the heading of the run's language (Portuguese by default, English with --lang en); simulate,
// which has no --lang and says everything in English, under English's.
func TestHelpPerCommand(t *testing.T) {
	for _, cmd := range newRootCmd(env{}).Commands() {
		if cmd.Hidden {
			continue
		}
		english := cmd.Name() == "simulate"
		for _, lang := range []string{"pt", "en"} {
			if english && lang == "en" {
				continue // no --lang to give
			}
			t.Run(cmd.Name()+"/"+lang, func(t *testing.T) {
				args, heading := []string{cmd.Name(), "--help"}, "Uso:"
				if lang == "en" {
					args = append(args, "--lang", "en")
				}
				if lang == "en" || english {
					heading = "Usage:"
				}
				var stdout, stderr bytes.Buffer
				code := cli(context.Background(), args, env{stdout: &stdout, stderr: &stderr, getenv: os.Getenv})
				if code != 0 || stderr.Len() != 0 {
					t.Fatalf("exit %d, stderr %q", code, stderr.String())
				}
				if want := heading + "\n  importer " + cmd.Name(); !strings.Contains(stdout.String(), want) {
					t.Errorf("help lacks the usage line %q:\n%s", want, stdout.String())
				}
			})
		}
	}
}

// TestBashCompletionScript: the bash completion script is valid bash.
func TestBashCompletionScript(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	var stdout bytes.Buffer
	if code := cli(context.Background(), []string{"completion", "bash"}, env{stdout: &stdout, stderr: io.Discard, getenv: os.Getenv}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	script := filepath.Join(t.TempDir(), "importer.bash")
	if err := os.WriteFile(script, stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bash, "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
}

// TestSimulate runs the simulator through the command line: the flags reach it (the password
// from --password-env, the CRM path), it prints its address first and stops with the context.
func TestSimulate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int)
	go func() {
		done <- cli(ctx, []string{"simulate", "--quiet", "--crm-path", "/ws/crm", "--addr", "127.0.0.1:0", "--password-env", "SIM_PW"}, env{
			stdout: pw, stderr: &stderr,
			getenv: func(k string) string { return map[string]string{"SIM_PW": testPassword}[k] },
		})
		pw.Close()
	}()
	addr, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address: %v", err)
	}
	dir := t.TempDir()
	input := writeCSV(t, dir, "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Manutenção;1\n")
	report := filepath.Join(dir, "r.csv")
	code := cli(context.Background(), []string{"run", input, "--crm-endpoint", "http://" + strings.TrimSpace(addr) + "/ws/crm",
		"--user", "demo", "--password-env", "PW", "--quiet", "--report", report}, env{
		stdout: io.Discard, stderr: io.Discard,
		getenv: func(k string) string { return withState(t, map[string]string{"PW": testPassword})[k] },
	})
	if code != 0 {
		rep, _ := os.ReadFile(report)
		t.Fatalf("run against the simulator: exit %d\n%s", code, rep)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("simulate: exit %d\n%s", code, stderr.String())
	}
}

// TestUsageOrFailure: runRun, called as the command calls it, tells a command line that cannot
// work (a usage error, answered with a hint to --help) from one that failed while working.
func TestUsageOrFailure(t *testing.T) {
	dir := t.TempDir()
	good := writeCSV(t, dir, "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Manutenção;1\n")
	defaults := func() *runOptions {
		o := &runOptions{env: env{stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return map[string]string{"PW": "pw"}[k] }}}
		o.addFlags(pflag.NewFlagSet("run", pflag.ContinueOnError), false)
		o.files = []string{good}
		o.endpoint, o.user, o.passwordEnv = "http://127.0.0.1:1", "demo", "PW"
		return o
	}
	cases := []struct {
		name  string
		edit  func(o *runOptions)
		usage bool
	}{
		{"no files", func(o *runOptions) { o.files = nil }, true},
		{"bad round", func(o *runOptions) { o.round = "up" }, true},
		{"bad log format", func(o *runOptions) { o.logFormat = "xml" }, true},
		{"both password sources", func(o *runOptions) { o.passwordFile = "pw.txt" }, true},
		{"unknown port", func(o *runOptions) { o.op = "setNada" }, true},
		{"no workers", func(o *runOptions) { o.workers = 0 }, true},
		{"empty password variable", func(o *runOptions) { o.passwordEnv = "NOPE" }, false},
		{"missing password file", func(o *runOptions) { o.passwordEnv, o.passwordFile = "", filepath.Join(dir, "none") }, false},
		{"missing mapping file", func(o *runOptions) { o.mapping = filepath.Join(dir, "none.yaml") }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := defaults()
			c.edit(o)
			code, err := runRun(context.Background(), o)
			if code != 2 || err == nil {
				t.Fatalf("runRun: %d, %v; want 2 and an error", code, err)
			}
			var u *usageError
			if errors.As(err, &u) != c.usage {
				t.Errorf("%v: usage error %v, want %v", err, !c.usage, c.usage)
			}
			var stderr bytes.Buffer
			exitCode(nil, result(code, err), &stderr)
			if hint := strings.Contains(stderr.String(), "--help"); hint != c.usage {
				t.Errorf("hint to --help %v, want %v: %s", hint, c.usage, stderr.String())
			}
		})
	}
}

// TestSignal runs the built command as a process and stops it with SIGTERM, SIGINT and SIGHUP
// (a terminal closed) mid-run: exit 130, and a report with one line for every input row. A
// run whose stdout and stderr lead to a pipe nobody reads any more goes on to its end.
func TestSignal(t *testing.T) {
	bin := buildCommand(t, "builds the command")
	dir := t.TempDir()
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
	t.Run("output closed", func(t *testing.T) {
		dir := t.TempDir()
		report, summary := filepath.Join(dir, "report.csv"), filepath.Join(dir, "summary.json")
		cmd := exec.Command(bin, "run", "--endpoint", srv.URL, "--user", "demo", "--password-env", "PW",
			"--report", report, "--summary", summary, "--no-journal", input)
		cmd.Env = append(os.Environ(), "PW="+testPassword)
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close() // nobody reads: every write of the run to stdout or stderr meets a broken pipe
		cmd.Stdout, cmd.Stderr = w, w
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w.Close()
		err = cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("exit %d (%v), want 0: a closed output killed the run", code, err)
		}
		rep, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(string(rep), ";ok;"); got != n {
			t.Errorf("%d rows ok in the report, want %d", got, n)
		}
		if _, err := os.Stat(summary); err != nil {
			t.Errorf("no summary: %v", err)
		}
	})
	// Stuck where no cancellation reaches (a --password-file that is a pipe nobody writes:
	// opening it waits for a writer), the third signal ends it, exit 130; two did nothing.
	t.Run("a third signal", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "senha")
		if err := mkfifo(fifo); err != nil {
			t.Skip("no FIFO here:", err)
		}
		cmd := exec.Command(bin, "run", "--endpoint", srv.URL, "--user", "demo", "--password-file", fifo, "--no-journal", "--quiet", input)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Past its start for sure (its signals heard): it has the FIFO open to read, and with a
		// writer that writes nothing, its read waits.
		var w *os.File
		for give := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
			var err error
			if w, err = fifoWriter(fifo); err == nil {
				break
			}
			if time.Now().After(give) {
				cmd.Process.Kill()
				t.Fatalf("the importer never opened its password file: %v", err)
			}
		}
		defer w.Close()
		for i := 0; i < 30; i++ { // one at a time, as an operator sends them
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-done:
				if code := cmd.ProcessState.ExitCode(); code != 130 || i < 2 {
					t.Fatalf("exit %d after %d signals, want 130 after the third", code, i+1)
				}
				return
			case <-time.After(time.Second):
			}
		}
		cmd.Process.Kill()
		t.Fatal("30 SIGTERMs, and it still waits for its password file")
	})
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			report := filepath.Join(t.TempDir(), "report.csv")
			cmd := exec.Command(bin, "run", "--endpoint", srv.URL, "--user", "demo", "--password-env", "PW",
				"--workers", "2", "--quiet", "--report", report, input)
			cmd.Env = append(os.Environ(), "PW="+testPassword, "XDG_STATE_HOME="+t.TempDir()) // a journal of its own
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

// A journal with nowhere to go (a service's user without a home, or one it may not write)
// says how to give it a place.
func TestJournalWithNoPlace(t *testing.T) {
	j := journalOptions{onExisting: "error"}
	err := j.open(context.Background(), func(string) string { return "" }, outcome.PT)
	if !errors.Is(err, journal.ErrNoHome) || !strings.Contains(err.Error(), "nem XDG_STATE_HOME nem HOME") || !strings.Contains(err.Error(), "--journal CAMINHO") {
		t.Errorf("no home: %v", err)
	}
	if os.Geteuid() == 0 {
		return // root writes anywhere: the rest needs an ordinary user
	}
	ro := t.TempDir()
	os.Chmod(ro, 0o555)
	j = journalOptions{onExisting: "error", journalPath: filepath.Join(ro, "sub", "journal.db")}
	if err := j.open(context.Background(), os.Getenv, outcome.EN); !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "StateDirectory=") {
		t.Errorf("a folder it may not write: %v", err)
	}
}

// TestJournalRefusedInTheRunsLanguage: a journal that cannot be opened (a damaged file, a
// folder given as the journal, a file where its folder goes, anything else SQLite says) is
// refused in the run's language, naming it and saying what to do. The journal package's
// English came out whatever --lang said ("journal x.db: file is not a database (26): it is
// damaged or is no journal; ..." under "a execução não pôde começar").
func TestJournalRefusedInTheRunsLanguage(t *testing.T) {
	dir := t.TempDir()
	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, bytes.Repeat([]byte("not sqlite "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "state")
	os.Mkdir(folder, 0o700)
	aFile := filepath.Join(dir, "a-file")
	os.WriteFile(aFile, []byte("x"), 0o600)
	newer := filepath.Join(dir, "newer.db") // a newer importer's (schema 999)
	if j, err := journal.Open(context.Background(), newer); err != nil {
		t.Fatal(err)
	} else {
		j.Close()
	}
	if db, err := sql.Open("sqlite", newer); err != nil {
		t.Fatal(err)
	} else if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	for _, c := range []struct {
		name, path string
		is         error
		pt, en     []string
	}{
		{"a newer importer's", newer, journal.ErrNewerSchema,
			[]string{"o diário de execuções " + newer + " foi gravado por uma versão mais nova do importador (esquema 999; esta conhece até o "},
			[]string{"the journal " + newer + " was written by a newer importer (schema 999; this one knows up to "}},
		{"damaged", damaged, journal.ErrDamaged,
			[]string{"o diário de execuções " + damaged + " está danificado ou não é um diário. Nada foi enviado: tire-o do lugar"},
			[]string{"the journal " + damaged + " is damaged or is no journal. Nothing was sent: move it aside"}},
		{"a folder", folder, journal.ErrIsFolder,
			[]string{"o diário de execuções " + folder + " é uma pasta, não um arquivo. Nada foi enviado: dê o arquivo do diário (--journal " + filepath.Join(folder, "journal.db") + ")"},
			[]string{"the journal " + folder + " is a folder, not a file. Nothing was sent: name the journal's file (--journal " + filepath.Join(folder, "journal.db") + ")"}},
		{"a file where its folder goes", filepath.Join(aFile, "journal.db"), syscall.ENOTDIR,
			[]string{"o diário de execuções " + filepath.Join(aFile, "journal.db") + " não pode ser gravado: " + aFile + " é um arquivo, não uma pasta. Nada foi enviado", "(mkdir " + aFile + ": not a directory)"},
			[]string{"the journal " + filepath.Join(aFile, "journal.db") + " cannot be written: " + aFile + " is a file, not a folder. Nothing was sent", "(mkdir " + aFile + ": not a directory)"}},
	} {
		for _, lang := range []outcome.Lang{outcome.PT, outcome.EN} {
			t.Run(c.name+"/"+string(lang), func(t *testing.T) {
				j := journalOptions{onExisting: "error", journalPath: c.path}
				err := j.open(context.Background(), os.Getenv, lang)
				if err == nil {
					j.close()
					t.Fatal("opened")
				}
				want, other := c.pt, c.en
				if lang == outcome.EN {
					want, other = c.en, c.pt
				}
				for _, w := range want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("lacks %q:\n%v", w, err)
					}
				}
				if strings.Contains(err.Error(), other[0]) || (lang == outcome.PT && (strings.Contains(err.Error(), "journal "+c.path+":") || strings.Contains(err.Error(), "journal: "))) {
					t.Errorf("English in a Portuguese message, or the other way round:\n%v", err)
				}
				if !errors.Is(err, c.is) {
					t.Errorf("not %v: %v", c.is, err)
				}
			})
		}
	}
}

// buildCommand builds the importer into a temporary folder, for a test that runs it as a
// process of its own (signals, kills, a descriptor limit); such a test skips under -short,
// saying why.
func buildCommand(t *testing.T, why string) string {
	t.Helper()
	if testing.Short() {
		t.Skip(why)
	}
	bin := filepath.Join(t.TempDir(), "importer")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestHTTPSToPlainHTTP: an https:// endpoint whose server answers plain HTTP (a URL written
// https:// for a Senior served on http://) stops the run at once, exit 2, every row not_sent
// saying which flag to check and to write http://. It was retried as a dropped connection
// until --give-up-after (5 minutes; the watcher's 24 hours), logged as "Senior não responde".
func TestHTTPSToPlainHTTP(t *testing.T) {
	base, _ := simServer(t, 0)
	https := "https://" + strings.TrimPrefix(base, "http://")
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "setCategoriaServico.csv"), servicos+"S1;Manutenção;1\n")
	for _, c := range []struct {
		name  string
		flags []string
		file  string
		flag  string
	}{
		{"CRM", []string{"--endpoint", https}, in, "--crm-endpoint"},
		{"G5", []string{"--endpoint", https}, filepath.Join("..", "..", "samples", "GravarOrcamentos-dez.csv"), "--endpoint"},
	} {
		t.Run(c.name, func(t *testing.T) {
			report := filepath.Join(dir, c.name+".jsonl")
			args := append([]string{"run", "--user", "demo", "--password-env", "PW", "--quiet", "--no-journal",
				"--give-up-after", "3s", "--report", report}, c.flags...)
			start := time.Now()
			code, _, stderr := runCLI(t, map[string]string{"PW": testPassword}, append(args, c.file)...)
			if code != 2 || !strings.Contains(stderr, "o endereço de "+c.flag) || !strings.Contains(stderr, "escreva-o com http://") {
				t.Errorf("exit %d, want 2 naming %s and http://\n%s", code, c.flag, stderr)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v: retried until --give-up-after", took)
			}
			if n := outcomesOf(t, report)["not_sent"]; n == 0 {
				t.Errorf("no row not_sent: %v", outcomesOf(t, report))
			}
		})
	}
}

// TestPasswordFileAt64KiB: a password file's first line may be 64 KiB, not a byte more (a
// line of exactly 64 KiB was refused "is over 64 KiB": its line end, byte 65,537, was not looked
// at).
func TestPasswordFileAt64KiB(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		n  int
		ok bool
	}{{64 << 10, true}, {64<<10 + 1, false}} {
		file := filepath.Join(dir, fmt.Sprintf("pw-%d", c.n))
		if err := os.WriteFile(file, []byte(strings.Repeat("x", c.n)+"\nsecond line\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		pw, err := secret(outcome.EN, "--password-env", "", "--password-file", file, func(string) string { return "" }, "")
		if c.ok && (err != nil || len(pw) != c.n) || !c.ok && (err == nil || !strings.Contains(err.Error(), "is over 64 KiB")) {
			t.Errorf("a first line of %d bytes: %d bytes read, %v; want ok %v", c.n, len(pw), err, c.ok)
		}
	}
}

// TestVersionStamped: a binary `make build` made where Go records no version (-buildvcs=false)
// says the commit the Makefile stamped, not "dev": the start line and the journal name it.
func TestVersionStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the importer")
	}
	mk, err := exec.Command("make", "-s", "-n", "-C", filepath.Join("..", ".."), "build").CombinedOutput()
	if err != nil {
		t.Skipf("make: %v\n%s", err, mk)
	}
	if !strings.Contains(string(mk), "-X main.builtFrom=") {
		t.Fatalf("make build stamps no version:\n%s", mk)
	}
	// The source unpacked from a tarball inside another repository's work tree (a home
	// folder kept in git) is stamped with nothing: it was stamped with that repository's
	// commit, a version of something else in every log line and journal run.
	if _, err := exec.LookPath("git"); err == nil {
		outer := t.TempDir()
		src := filepath.Join(outer, "src")
		b, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(src, 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(src, "Makefile"), string(b))
		for _, args := range [][]string{{"init", "-q"}, {"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "outer"}} {
			cmd := exec.Command("git", args...)
			cmd.Dir = outer
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %s: %v\n%s", args[0], err, out)
			}
		}
		if mk, err := exec.Command("make", "-s", "-n", "-C", src, "build").CombinedOutput(); err != nil || !strings.Contains(string(mk), `-X main.builtFrom="`) {
			t.Errorf("make build inside another repository: %v\n%s", err, mk)
		}
	}
	bin := filepath.Join(t.TempDir(), "importer")
	if out, err := exec.Command("go", "build", "-buildvcs=false", "-ldflags", "-X main.builtFrom=abc1234-dirty", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || string(out) != "importer abc1234-dirty\n" {
		t.Errorf("version: %v %q", err, out)
	}
}
