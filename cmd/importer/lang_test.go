package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFlagRefusalsInTheRunsLanguage: what the flag parser refuses (an unknown flag, a flag
// with no value, a value its type cannot take, a long flag with one dash) is said in the
// run's language, Portuguese by default and English with --lang en wherever it is on the
// command line (the parser stops at the flag it refuses, before a --lang after it), naming
// the flag and the value, with the hint to --help in the same language. pflag's English came
// out whatever --lang said. A command with no --lang (simulate) keeps English.
func TestFlagRefusalsInTheRunsLanguage(t *testing.T) {
	dir := t.TempDir()
	good := writeCSV(t, dir, "setCategoriaServico.csv", servicos+"S1;Manutenção;1\n")
	cases := []struct {
		name   string
		args   []string
		pt, en string // stderr, whole
	}{
		{"an unknown flag", []string{"run", "--wokers", "4", good},
			"importer run: opção desconhecida: --wokers (quis dizer --workers?)\nVeja 'importer run --help' para o uso.\n",
			"importer run: unknown flag: --wokers (did you mean --workers?)\nRun 'importer run --help' for usage.\n"},
		{"a flag of other commands", []string{"validate", "--endpoint", "http://127.0.0.1:9", good},
			"importer validate: opção desconhecida: --endpoint (--endpoint é uma opção de importer run e watch, não de validate)\nVeja 'importer validate --help' para o uso.\n",
			"importer validate: unknown flag: --endpoint (--endpoint is a flag of importer run and watch, not of validate)\nRun 'importer validate --help' for usage.\n"},
		{"a whole number that is not one", []string{"run", "--workers", "muitos", good},
			"importer run: --workers \"muitos\": não é um número inteiro\nVeja 'importer run --help' para o uso.\n",
			"importer run: --workers \"muitos\": is not a whole number\nRun 'importer run --help' for usage.\n"},
		{"a whole number too large", []string{"validate", "--header-row", "99999999999999999999", good},
			"importer validate: --header-row \"99999999999999999999\": é grande demais\nVeja 'importer validate --help' para o uso.\n",
			"importer validate: --header-row \"99999999999999999999\": is too large\nRun 'importer validate --help' for usage.\n"},
		{"a number that is not one", []string{"run", "--rate", "dez", good},
			"importer run: --rate \"dez\": não é um número\nVeja 'importer run --help' para o uso.\n",
			"importer run: --rate \"dez\": is not a number\nRun 'importer run --help' for usage.\n"},
		{"a duration that is not one", []string{"run", "--timeout", "30", good},
			"importer run: --timeout \"30\": não é uma duração: escreva como 30s, 5m ou 1h30m\nVeja 'importer run --help' para o uso.\n",
			"importer run: --timeout \"30\": is not a duration: write it as 30s, 5m or 1h30m\nRun 'importer run --help' for usage.\n"},
		{"a size that is not one", []string{"run", "--max-answer", "16 megas", good},
			"importer run: --max-answer \"16 megas\": não é um tamanho: escreva como 16MiB, 512KiB ou um número de bytes\nVeja 'importer run --help' para o uso.\n",
			"importer run: --max-answer \"16 megas\": is not a size: write it as 16MiB, 512KiB or a number of bytes\nRun 'importer run --help' for usage.\n"},
		{"a switch given a word", []string{"validate", "--quiet=sim", good},
			"importer validate: --quiet \"sim\": não é true nem false\nVeja 'importer validate --help' para o uso.\n",
			"importer validate: --quiet \"sim\": is neither true nor false\nRun 'importer validate --help' for usage.\n"},
		{"a long flag with no value", []string{"history", "--journal"},
			"importer history: falta o valor da opção --journal\nVeja 'importer history --help' para o uso.\n",
			"importer history: flag needs an argument: --journal\nRun 'importer history --help' for usage.\n"},
		{"a letter with no value", []string{"report", "1", "-o"},
			"importer report: falta o valor da opção 'o' em -o\nVeja 'importer report --help' para o uso.\n",
			"importer report: flag needs an argument: 'o' in -o\nRun 'importer report --help' for usage.\n"},
		{"a long flag with one dash", []string{"validate", "-locale", "en-US", good},
			"importer validate: opção curta desconhecida: 'l' em -locale (uma opção longa leva dois traços: --locale)\nVeja 'importer validate --help' para o uso.\n",
			"importer validate: unknown shorthand flag: 'l' in -locale (a long flag takes two dashes: --locale)\nRun 'importer validate --help' for usage.\n"},
		{"a long flag misspelt with one dash", []string{"run", "-wokers", "4", good},
			"importer run: opção curta desconhecida: 'w' em -wokers (uma opção longa leva dois traços; quis dizer --workers?)\nVeja 'importer run --help' para o uso.\n",
			"importer run: unknown shorthand flag: 'w' in -wokers (a long flag takes two dashes; did you mean --workers?)\nRun 'importer run --help' for usage.\n"},
		{"a password glued to a letter, not repeated", []string{"run", "-p" + testPassword, good},
			"importer run: opção curta desconhecida: 'p' em -p…\nVeja 'importer run --help' para o uso.\n",
			"importer run: unknown shorthand flag: 'p' in -p…\nRun 'importer run --help' for usage.\n"},
		{"three dashes", []string{"watch", "---op", "setContas", dir},
			"importer watch: opção mal escrita: ---op\nVeja 'importer watch --help' para o uso.\n",
			"importer watch: bad flag syntax: ---op\nRun 'importer watch --help' for usage.\n"},
		{"prune's age not a flag's", []string{"prune", "--older", "90d"},
			"importer prune: opção desconhecida: --older (quis dizer --older-than?)\nVeja 'importer prune --help' para o uso.\n",
			"importer prune: unknown flag: --older (did you mean --older-than?)\nRun 'importer prune --help' for usage.\n"},
		{"history's limit not a number", []string{"history", "--limit", "todas"},
			"importer history: --limit \"todas\": não é um número inteiro\nVeja 'importer history --help' para o uso.\n",
			"importer history: --limit \"todas\": is not a whole number\nRun 'importer history --help' for usage.\n"},
	}
	for _, c := range cases {
		// Portuguese: the default, and --lang pt; English: --lang en after the flag refused,
		// and --lang=en before it.
		for _, v := range []struct {
			name, want string
			args       []string
		}{
			{"pt", c.pt, c.args},
			{"pt explicit", c.pt, append([]string{c.args[0], "--lang", "pt"}, c.args[1:]...)},
			{"en after", c.en, append(append([]string{}, c.args...), "--lang", "en")},
			{"en before", c.en, append([]string{c.args[0], "--lang=en"}, c.args[1:]...)},
		} {
			if v.name == "en after" && strings.HasPrefix(c.name, "a ") && strings.HasSuffix(c.name, "with no value") {
				continue // a flag with no value is the last argument: a --lang after it is its value
			}
			t.Run(c.name+"/"+v.name, func(t *testing.T) {
				code, stdout, stderr := runCLI(t, nil, v.args...)
				if code != 2 || stderr != v.want || stdout != "" {
					t.Errorf("%q: exit %d\nstderr %q\nwant   %q\nstdout %q", v.args, code, stderr, v.want, stdout)
				}
			})
		}
	}
	// simulate has no --lang: its refusals are English, as the rest of what it says.
	code, _, stderr := runCLI(t, nil, "simulate", "--adr", "127.0.0.1:0")
	if want := "importer simulate: unknown flag: --adr (did you mean --addr?)\nRun 'importer simulate --help' for usage.\n"; code != 2 || stderr != want {
		t.Errorf("simulate: exit %d\n%q\nwant %q", code, stderr, want)
	}
}

// TestJournalCommandsInTheRunsLanguage: history and prune say what they print and what they
// refuse in the run's language, Portuguese by default and English with --lang en, as run
// does: their tables' headings, a killed or pruned run, a prune's account, and a journal that
// is missing or damaged, a run that is not in it or was pruned, a bad RUN, AGE or --lang.
// They were English whatever the operator's language (but for the in-flight note, which
// was Portuguese with no --lang to change it).
func TestJournalCommandsInTheRunsLanguage(t *testing.T) {
	base, _ := simServer(t, 0)
	dir := t.TempDir()
	input := writeCSV(t, dir, "setCategoriaServico.csv", servicos+"S1;Manutenção;1\n;Sem código;1\n")
	env := withState(t, map[string]string{"PW": testPassword})
	if code, _, stderr := runCLI(t, env, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", input); code != 1 {
		t.Fatalf("run: exit %d, want 1 (a row without its key)\n%s", code, stderr)
	}
	missing := filepath.Join(dir, "jornal.db")
	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, []byte(strings.Repeat("not sqlite ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	type check struct {
		name     string
		args     []string
		code     int
		stdout   bool   // the text is on stdout, else on stderr
		pt, en   string // a part of it
		ptN, enN int    // how many times (0: at least once)
	}
	before := []check{
		{"the runs", []string{"history"}, 0, true,
			"EXECUÇÃO  INÍCIO", "RUN  STARTED", 0, 0},
		{"a run's rows that did not succeed", []string{"history", "1"}, 0, true,
			"ARQUIVO                  PLANILHA  LINHA  CHAVE  RESULTADO  MENSAGEM", "FILE                     SHEET  ROW  KEY  OUTCOME  MESSAGE", 0, 0},
		{"a run not in the journal", []string{"history", "7"}, 2, false,
			"importer history: não há execução 7 no diário de execuções ", "importer history: no run 7 in the journal ", 0, 0},
		{"a run not in the journal, for report", []string{"report", "7", "-o", filepath.Join(dir, "r.csv")}, 2, false,
			"importer report: não há execução 7 no diário de execuções ", "importer report: no run 7 in the journal ", 0, 0},
		{"a RUN that is no number", []string{"history", "ontem"}, 2, false,
			"importer history: RUN \"ontem\": dê o número de uma execução, como o history as lista\nVeja 'importer history --help' para o uso.\n",
			"importer history: RUN \"ontem\": give a run's number, as history lists them\nRun 'importer history --help' for usage.\n", 0, 0},
		{"two runs", []string{"history", "1", "2"}, 2, false,
			"importer history: no máximo um argumento, o número RUN de uma execução: importer history [RUN] [flags] (2 dados)\nVeja",
			"importer history: at most one argument, a run's number RUN: importer history [RUN] [flags] (2 given)\nRun", 0, 0},
		{"a missing journal", []string{"history", "--journal", missing}, 2, false,
			"importer history: nenhum diário de execuções em " + missing + ": nenhuma execução guardou um ali (--journal indica outro)\n",
			"importer history: no journal at " + missing + ": no run has kept one there (--journal names another)\n", 0, 0},
		{"a damaged journal", []string{"history", "--journal", damaged}, 2, false,
			"importer history: o diário de execuções " + damaged + " está danificado ou não é um diário: tire-o do lugar",
			"importer history: the journal " + damaged + " is damaged or is no journal: move it aside", 0, 0},
		{"prune of a damaged journal", []string{"prune", "--older-than", "90d", "--journal", damaged}, 2, false,
			"importer prune: o diário de execuções " + damaged + " está danificado",
			"importer prune: the journal " + damaged + " is damaged", 0, 0},
		{"prune without its age", []string{"prune"}, 2, false,
			"importer prune: falta --older-than AGE: a idade das execuções a expurgar (90d, 26w, 2160h)\nVeja 'importer prune --help' para o uso.\n",
			"importer prune: --older-than AGE is needed (90d, 26w, 2160h)\nRun 'importer prune --help' for usage.\n", 0, 0},
		{"prune's age as an argument", []string{"prune", "90d"}, 2, false,
			"importer prune: \"90d\": o prune não aceita argumentos; a idade vai em --older-than AGE (importer prune --older-than 90d)\nVeja",
			"importer prune: \"90d\": prune takes no argument; the age is given as --older-than AGE (importer prune --older-than 90d)\nRun", 0, 0},
		{"prune of no age", []string{"prune", "--older-than", "noventa dias"}, 2, false,
			"importer prune: --older-than \"noventa dias\": dê dias (90d), semanas (26w) ou uma duração do Go (2160h)\nVeja",
			"importer prune: --older-than \"noventa dias\": give days (90d), weeks (26w) or a Go duration (2160h)\nRun", 0, 0},
		{"prune of an age of zero", []string{"prune", "--older-than", "0d"}, 2, false,
			"importer prune: --older-than \"0d\": a idade precisa ser maior que zero\n",
			"importer prune: --older-than \"0d\": the age must be more than zero\n", 0, 0},
		{"prune of months", []string{"prune", "--older-than", "3m"}, 2, false,
			"importer prune: --older-than \"3m\": m são minutos numa duração do Go, não meses: dê dias (90d) ou semanas (13w); para minutos, 3m0s\n",
			"importer prune: --older-than \"3m\": m is minutes in a Go duration, not months: give days (90d) or weeks (13w); for minutes, 3m0s\n", 0, 0},
	}
	after := []check{
		{"the runs, pruned", []string{"history"}, 0, true,
			", expurgada", ", pruned", 2, 2},
		{"a pruned run's rows", []string{"history", "1"}, 2, false,
			"importer history: as linhas de relatório da execução 1 foram expurgadas em ", "importer history: run 1's report lines were pruned on ", 0, 0},
	}
	do := func(cs []check) {
		for _, c := range cs {
			for _, lang := range []string{"pt", "en"} {
				t.Run(c.name+"/"+lang, func(t *testing.T) {
					args, want, n, other := c.args, c.pt, c.ptN, c.en
					if lang == "en" {
						args, want, n, other = append(append([]string{}, c.args...), "--lang", "en"), c.en, c.enN, c.pt
					}
					code, stdout, stderr := runCLI(t, env, args...)
					text := stderr
					if c.stdout {
						text = stdout
					}
					if code != c.code || !strings.Contains(text, want) || (n > 0 && strings.Count(text, want) != n) || strings.Contains(text, other) {
						t.Errorf("%q: exit %d (want %d), want %q (%d times)\nstdout %s\nstderr %s", args, code, c.code, want, n, stdout, stderr)
					}
				})
			}
		}
	}
	do(before)
	// No --journal, and no folder to find the default one in (a cron line under env -i).
	for _, c := range []struct{ lang, want string }{
		{"pt", "importer prune: nem XDG_STATE_HOME nem HOME estão definidos no ambiente do importador (cron, systemd e env -i podem não definir nenhum): indique o diário com --journal PATH\n"},
		{"en", "importer prune: neither XDG_STATE_HOME nor HOME is set in the importer's environment (cron, systemd and env -i may set neither): name the journal with --journal PATH\n"},
	} {
		var stdout, stderr bytes.Buffer
		code := cli(context.Background(), []string{"prune", "--older-than", "90d", "--lang", c.lang}, envFor(&stdout, &stderr, map[string]string{}))
		if code != 2 || stderr.String() != c.want {
			t.Errorf("prune with no home, %s: exit %d\n%q\nwant %q", c.lang, code, stderr.String(), c.want)
		}
	}
	// The prune forgets run 1 (and its account is said in the run's language); the run of
	// this import, now, is run 2, started after the cut.
	if code, _, stderr := runCLI(t, env, "run", "--endpoint", base, "--user", "demo", "--password-env", "PW", "--quiet", input); code != 1 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, env, "prune", "--older-than", "1ns")
	if want := "execuções iniciadas antes de "; code != 0 || !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, ": 2 expurgadas agora; ") || !regexp.MustCompile(`: \d+,\d MiB → \d+,\d MiB\n$`).MatchString(stdout) {
		t.Errorf("prune: exit %d, want %q...\n%s%s", code, want, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, env, "prune", "--older-than", "1ns", "--lang", "en")
	if want := "runs started before "; code != 0 || !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, ": 0 pruned now; ") || !regexp.MustCompile(`: \d+\.\d MiB → \d+\.\d MiB\n$`).MatchString(stdout) {
		t.Errorf("prune --lang en: exit %d, want %q...\n%s%s", code, want, stdout, stderr)
	}
	do(after)
	// A --lang neither pt nor en is refused, as run refuses it (in Portuguese, the default).
	for _, args := range [][]string{{"history", "--lang", "es"}, {"prune", "--older-than", "90d", "--lang", "es"}, {"report", "2", "-o", filepath.Join(dir, "r.csv"), "--lang", "es"}} {
		code, _, stderr := runCLI(t, env, args...)
		if want := "importer " + args[0] + ": --lang \"es\": use pt ou en\nVeja 'importer " + args[0] + " --help' para o uso.\n"; code != 2 || stderr != want {
			t.Errorf("%q: exit %d\n%q\nwant %q", args, code, stderr, want)
		}
	}
}

// TestMissingArgumentInTheRunsLanguage: watch without its folder and report without its run
// say what is missing in the run's language, as their other refusals; they said it in
// English whatever --lang said.
func TestMissingArgumentInTheRunsLanguage(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args   []string
		pt, en string
	}{
		{[]string{"watch", "--op", "setContas"},
			"importer watch: um argumento, a pasta de entrada DIR: importer watch [flags] DIR (0 dados)\nVeja 'importer watch --help' para o uso.\n",
			"importer watch: one argument, the drop folder DIR: importer watch [flags] DIR (0 given)\nRun 'importer watch --help' for usage.\n"},
		{[]string{"watch", dir, dir},
			"importer watch: um argumento, a pasta de entrada DIR: importer watch [flags] DIR (2 dados)\nVeja 'importer watch --help' para o uso.\n",
			"importer watch: one argument, the drop folder DIR: importer watch [flags] DIR (2 given)\nRun 'importer watch --help' for usage.\n"},
		{[]string{"report", "-o", filepath.Join(dir, "r.csv")},
			"importer report: um argumento, o número RUN da execução (importer history lista as execuções): importer report RUN -o FILE [flags] (0 dados)\nVeja 'importer report --help' para o uso.\n",
			"importer report: one argument, the run's number RUN (importer history lists them): importer report RUN -o FILE [flags] (0 given)\nRun 'importer report --help' for usage.\n"},
	} {
		for _, lang := range []string{"pt", "en"} {
			args, want := c.args, c.pt
			if lang == "en" {
				args, want = append(append([]string{}, c.args...), "--lang", "en"), c.en
			}
			code, stdout, stderr := runCLI(t, nil, args...)
			if code != 2 || stderr != want || stdout != "" {
				t.Errorf("%q: exit %d\n%q\nwant %q", args, code, stderr, want)
			}
		}
	}
}

// TestLogFormatRefusedInTheRunsLanguage: a --log-format neither text nor json is refused in the
// run's language, as --round or --mode are, with the hint to --help in it; it was English
// under "a execução não pôde começar".
func TestLogFormatRefusedInTheRunsLanguage(t *testing.T) {
	dir := t.TempDir()
	good := writeCSV(t, dir, "setCategoriaServico.csv", servicos+"S1;Manutenção;1\n")
	for _, args := range [][]string{{"validate", "--log-format", "xml", good}, {"watch", "--log-format", "xml", "--op", "setContas", dir}} {
		for _, lang := range []string{"pt", "en"} {
			want := "importer " + args[0] + ": --log-format \"xml\": use text ou json\nVeja 'importer " + args[0] + " --help' para o uso.\n"
			a := args
			if lang == "en" {
				a = append(append([]string{}, args...), "--lang", "en")
				want = "importer " + args[0] + ": --log-format \"xml\": use text or json\nRun 'importer " + args[0] + " --help' for usage.\n"
			}
			code, _, stderr := runCLI(t, nil, a...)
			if code != 2 || !strings.HasSuffix(stderr, want) {
				t.Errorf("%q: exit %d\n%s\nwant it to end with %q", a, code, stderr, want)
			}
		}
	}
}

// TestTemplateAndPortsInTheRunsLanguage: template's and ports' refusals are in the language of
// their --lang, as the port list and the header notes they write: Portuguese by default,
// English with --lang en. They were English under a Portuguese list.
func TestTemplateAndPortsInTheRunsLanguage(t *testing.T) {
	dir := t.TempDir()
	filled := writeCSV(t, dir, "setContas-filled.xlsx", "not a workbook")
	cases := []struct {
		args   []string
		pt, en string // the end of stderr
	}{
		{[]string{"template"},
			"importer template: dê uma porta: importer template PORT -o FILE.xlsx\nVeja 'importer template --help' para o uso.\n",
			"importer template: name a port: importer template PORT -o FILE.xlsx\nRun 'importer template --help' for usage.\n"},
		{[]string{"template", "setNada", "-o", filepath.Join(dir, "x.xlsx")},
			"importer template: \"setNada\" não é uma porta conhecida (CalculaImpostosOrcamento, ",
			"importer template: \"setNada\" is not a known port (CalculaImpostosOrcamento, "},
		{[]string{"template", "setContas"},
			"importer template: falta -o FILE.xlsx: o arquivo do modelo\nVeja 'importer template --help' para o uso.\n",
			"importer template: -o FILE.xlsx is needed\nRun 'importer template --help' for usage.\n"},
		{[]string{"template", "GravarOrcamentos", "-o", filepath.Join(dir, "setContas-nov.xlsx")},
			"importer template: " + filepath.Join(dir, "setContas-nov.xlsx") + " seria lido como um arquivo de setContas, não de GravarOrcamentos: dê a ele o nome GravarOrcamentos-....xlsx\nVeja",
			"importer template: " + filepath.Join(dir, "setContas-nov.xlsx") + " would be read as a file of setContas, not GravarOrcamentos: name it GravarOrcamentos-....xlsx\nRun"},
		{[]string{"template", "setContas", "-o", filled},
			"importer template: " + filled + " já existe (uma planilha preenchida, talvez): um modelo é gravado como um arquivo novo; dê outro nome, ou use --force para substituí-lo\n",
			"importer template: " + filled + " exists (a sheet filled in, perhaps): a template is written as a new file; name another, or give --force to replace it\n"},
		{[]string{"ports", "setContas"},
			"importer ports: \"setContas\": o ports não aceita argumentos; ele lista todas as portas (importer template PORT -o FILE.xlsx grava o modelo de uma porta)\nVeja 'importer ports --help' para o uso.\n",
			"importer ports: \"setContas\": ports takes no argument; it lists every port (importer template PORT -o FILE.xlsx writes a port's template)\nRun 'importer ports --help' for usage.\n"},
	}
	for _, c := range cases {
		for _, lang := range []string{"pt", "en"} {
			args, want := c.args, c.pt
			if lang == "en" {
				args, want = append(append([]string{}, c.args...), "--lang", "en"), c.en
			}
			code, _, stderr := runCLI(t, nil, args...)
			if code != 2 || !strings.Contains(stderr, want) || (strings.HasSuffix(want, "\n") && !strings.HasSuffix(stderr, want)) {
				t.Errorf("%q: exit %d\n%s\nwant %q", args, code, stderr, want)
			}
		}
	}
	if b, _ := os.ReadFile(filled); string(b) != "not a workbook" {
		t.Errorf("a file there was written over: %q", b)
	}
	// A --lang neither pt nor en is refused, as run refuses it.
	for _, args := range [][]string{{"ports", "--lang", "es"}, {"template", "setContas", "-o", filepath.Join(dir, "setContas-es.xlsx"), "--lang", "es"}} {
		code, _, stderr := runCLI(t, nil, args...)
		if want := "importer " + args[0] + ": --lang \"es\": use pt ou en\nVeja 'importer " + args[0] + " --help' para o uso.\n"; code != 2 || stderr != want {
			t.Errorf("%q: exit %d\n%q\nwant %q", args, code, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "setContas-es.xlsx")); err == nil {
		t.Error("a template written with --lang es")
	}
}
