package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"seniorimporter/outcome"
)

// TestCobraTextsInTheRunsLanguage: what cobra itself writes (the usage's headings, the help
// flag, the help and completion commands, an unknown command and what it may have meant, a
// wrong number of arguments, the unknown help topic), and the lines describing each command
// (in the list of commands, and atop its help, exit codes too), are in the run's language,
// Portuguese by default and English with --lang en, with the same exit codes. They were
// English whatever --lang said, under Portuguese refusals.
func TestCobraTextsInTheRunsLanguage(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout bool   // the text is on stdout, else on stderr
		whole  bool   // the text is all of it, else a part
		pt, en string // with no --lang, with --lang en after args
	}{
		{"the root's help", []string{"--help"}, 0, true, false,
			"\nUso:\n  importer [flags]\n  importer [command]\n\nComandos disponíveis:\n  completion  Gera o script de autocompletar para o shell indicado\n  help        Ajuda sobre qualquer comando\n",
			"\nUsage:\n  importer [flags]\n  importer [command]\n\nAvailable Commands:\n  completion  Generate the autocompletion script for the specified shell\n  help        Help about any command\n"},
		{"the root's flags and last line", []string{"--help"}, 0, true, false,
			"\n\nOpções:\n  -h, --help   ajuda do importer\n\nUse \"importer [command] --help\" para mais informações sobre um comando.\n",
			"\n\nFlags:\n  -h, --help   help for importer\n\nUse \"importer [command] --help\" for more information about a command.\n"},
		{"no command: the usage, exit 2", nil, 2, false, false,
			"Uso:\n  importer [flags]\n", "Usage:\n  importer [flags]\n"},
		{"a command's examples and flags", []string{"run", "--help"}, 0, true, false,
			"Uso:\n  importer run [flags] FILE... | JOB.yaml\n\nExemplos:\n  export SENIOR_PASSWORD=...\n",
			"Usage:\n  importer run [flags] FILE... | JOB.yaml\n\nExamples:\n  export SENIOR_PASSWORD=...\n"},
		{"a command's help flag", []string{"validate", "--help"}, 0, true, false,
			"\n\nOpções:\n", "\n\nFlags:\n"},
		{"a command's help flag usage", []string{"watch", "--help"}, 0, true, false,
			"  -h, --help                         ajuda do watch\n", "  -h, --help                         help for watch\n"},
		{"help COMMAND", []string{"help", "history"}, 0, true, false,
			"Uso:\n  importer history [RUN] [flags]\n", "Usage:\n  importer history [RUN] [flags]\n"},
		{"the help command's own help", []string{"help", "--help"}, 0, true, true,
			"help mostra a ajuda de qualquer comando do programa.\nDigite importer help [caminho do comando] para ver todos os detalhes.\n\nUso:\n  importer help [command] [flags]\n\nOpções:\n  -h, --help   ajuda do help\n",
			"Help provides help for any command in the application.\nSimply type importer help [path to command] for full details.\n\nUsage:\n  importer help [command] [flags]\n\nFlags:\n  -h, --help   help for help\n"},
		{"an unknown help topic, exit 0 as cobra has it", []string{"help", "frobnicate"}, 0, true, false,
			"Tópico de ajuda desconhecido [`frobnicate`]\nUso:\n  importer [flags]\n", "Unknown help topic [`frobnicate`]\nUsage:\n  importer [flags]\n"},
		{"an unknown command", []string{"frobnicate"}, 2, false, true,
			"importer: comando desconhecido \"frobnicate\" para \"importer\"\nVeja 'importer --help' para o uso.\n",
			"importer: unknown command \"frobnicate\" for \"importer\"\nRun 'importer --help' for usage.\n"},
		{"an unknown command near one", []string{"rn"}, 2, false, true,
			"importer: comando desconhecido \"rn\" para \"importer\"\n\nVocê quis dizer?\n\trun\n\nVeja 'importer --help' para o uso.\n",
			"importer: unknown command \"rn\" for \"importer\"\n\nDid you mean this?\n\trun\n\nRun 'importer --help' for usage.\n"},
		{"an unknown flag of the root", []string{"--wokers=4"}, 2, false, true,
			"importer: opção desconhecida: --wokers\nVeja 'importer --help' para o uso.\n",
			"importer: unknown flag: --wokers\nRun 'importer --help' for usage.\n"},
		{"too many arguments", []string{"template", "setContas", "setNada"}, 2, false, true,
			"importer template: aceita no máximo 1 argumento(s), recebeu 2\nVeja 'importer template --help' para o uso.\n",
			"importer template: accepts at most 1 arg(s), received 2\nRun 'importer template --help' for usage.\n"},
		{"the completion command", []string{"completion", "--help"}, 0, true, false,
			"Gera o script de autocompletar do importer para o shell indicado.\nVeja a ajuda de cada subcomando para saber como usar o script gerado.\n\nUso:\n  importer completion [command]\n\nComandos disponíveis:\n  bash        Gera o script de autocompletar para bash\n",
			"Generate the autocompletion script for importer for the specified shell.\nSee each sub-command's help for details on how to use the generated script.\n\nUsage:\n  importer completion [command]\n\nAvailable Commands:\n  bash        Generate the autocompletion script for bash\n"},
		{"a shell's completion command", []string{"completion", "fish", "--help"}, 0, true, false,
			"\nPara carregar o autocompletar na sessão atual do shell:\n\n\timporter completion fish | source\n",
			"\nTo load completions in your current shell session:\n\n\timporter completion fish | source\n"},
		{"a shell's completion flags", []string{"completion", "zsh", "--help"}, 0, true, false,
			"Opções:\n  -h, --help              ajuda do zsh\n      --no-descriptions   desativa as descrições no autocompletar\n",
			"Flags:\n  -h, --help              help for zsh\n      --no-descriptions   disable completion descriptions\n"},
		{"the commands' descriptions", []string{"--help"}, 0, true, false,
			"\n  history     Lista as execuções recentes do diário, ou as linhas de uma execução que não tiveram sucesso\n" +
				"  ports       Lista todas as portas com a descrição de cada uma\n" +
				"  prune       Esquece o que só as execuções antigas guardam, para que o diário não cresça sem fim\n" +
				"  report      Grava de novo o relatório de uma execução, a partir do diário\n" +
				"  run         Importa arquivos no Senior\n" +
				"  simulate    Roda o simulador do Senior embutido no importador\n" +
				"  template    Grava um modelo de entrada para uma porta\n" +
				"  validate    Todas as verificações, nada enviado; o mesmo relatório, resultado \"valid\"\n" +
				"  version     Mostra a versão do importador\n" +
				"  watch       Importa cada planilha ou arquivo CSV deixado numa pasta\n",
			"\n  history     List recent runs from the journal, or one run's rows that did not succeed\n" +
				"  ports       List every port with its description\n" +
				"  prune       Forget what only old runs hold, so the journal does not grow without end\n" +
				"  report      Write a run's report again from the journal\n" +
				"  run         Import files into Senior\n" +
				"  simulate    Run the embedded Senior simulator\n" +
				"  template    Write an input template for a port\n" +
				"  validate    Every check, nothing sent; the same report, outcome \"valid\"\n" +
				"  version     Print the importer's version\n" +
				"  watch       Import every spreadsheet or CSV file dropped into a folder\n"},
		{"the root's description", []string{"--help"}, 0, true, false,
			"o importer carrega planilhas e arquivos CSV nos web services SOAP de CRM e ERP (G5) da\nSenior Sistemas:",
			"importer loads spreadsheets and CSV files into Senior Sistemas' CRM and ERP (G5) SOAP web\nservices:"},
		{"the exit codes", []string{"--help"}, 0, true, false,
			"\n\nCódigos de saída:\n\n    0    todas as linhas ok, queued, valid ou skipped\n    1    algumas linhas não (veja o relatório)\n",
			"\n\nExit codes:\n\n    0    every row ok, queued, valid or skipped\n    1    some rows were not (see the report)\n"},
		{"run's description", []string{"run", "--help"}, 0, true, false,
			"Importa arquivos XLSX e CSV nos web services do Senior: cada linha verificada, enviada e\n",
			"Import XLSX and CSV files into Senior's web services: every row checked, sent, and written to\n"},
		{"a job file, in run's help", []string{"run", "--help"}, 0, true, false,
			"\n\nUm arquivo de tarefa (JOB.yaml, o único argumento) guarda as configurações,",
			"\n\nA job file (JOB.yaml, the only argument) holds the settings,"},
		{"validate's description and exit codes", []string{"validate", "--help"}, 0, true, false,
			"samples/job.yaml.\n\nCódigos de saída:\n\n    0    todas as linhas ok, queued, valid ou skipped\n",
			"samples/job.yaml.\n\nExit codes:\n\n    0    every row ok, queued, valid or skipped\n"},
		{"watch's description", []string{"watch", "--help"}, 0, true, false,
			"Importa cada planilha ou arquivo CSV deixado em DIR, um de cada vez, como o run faria:\n\n    DIR/processing/          o arquivo em importação",
			"Import every spreadsheet or CSV file dropped into DIR, one at a time, as run would:\n\n    DIR/processing/          the file being imported"},
		{"history's description", []string{"history", "--help"}, 0, true, false,
			"Sem RUN: as execuções recentes, da mais nova para a mais antiga:", "Without RUN: the recent runs, newest first:"},
		{"report's description", []string{"report", "--help"}, 0, true, false,
			"Grava de novo o relatório de uma execução, a partir do diário:", "Write the report of a run again, from the journal:"},
		{"prune's description", []string{"prune", "--help"}, 0, true, false,
			"Esquece, das execuções iniciadas há mais de AGE,", "Forget, of the runs started more than AGE ago,"},
		{"template's description", []string{"template", "--help"}, 0, true, false,
			"Grava um modelo de entrada XLSX para uma porta:", "Write an XLSX input template for a port:"},
		{"ports' description", []string{"ports", "--help"}, 0, true, false,
			"Lista todas as portas que o importador conhece", "List every port the importer knows"},
		{"a flag's help line and its default", []string{"run", "--help"}, 0, true, false,
			"      --workers N                    máximo de pedidos em andamento: o importador descobre quantos o Senior aceita ao mesmo tempo, até N (1 a 1024) (padrão 64)\n",
			"      --workers N                    most requests in flight: the importer finds how many Senior takes at once, up to N (1 to 1024) (default 64)\n"},
		{"a flag's help line with a quoted default", []string{"watch", "--help"}, 0, true, false,
			"      --lang string                  idioma das mensagens das linhas e dos cabeçalhos dos relatórios: pt ou en (padrão \"pt\")\n",
			"      --lang string                  language of row messages and report headers: pt or en (default \"pt\")\n"},
		{"a flag of prune", []string{"prune", "--help"}, 0, true, false,
			"      --older-than AGE   AGE das execuções a expurgar: dias (90d), semanas (26w) ou uma duração do Go (2160h)\n",
			"      --older-than AGE   AGE of the runs to prune: days (90d), weeks (26w) or a Go duration (2160h)\n"},
		{"the version command's help", []string{"version", "--help"}, 0, true, true,
			"Mostra a versão do importador\n\nUso:\n  importer version [flags]\n\nOpções:\n  -h, --help   ajuda do version\n",
			"Print the importer's version\n\nUsage:\n  importer version [flags]\n\nFlags:\n  -h, --help   help for version\n"},
		{"an argument to version", []string{"version", "x"}, 2, false, true,
			"importer version: comando desconhecido \"x\" para \"importer version\"\nVeja 'importer version --help' para o uso.\n",
			"importer version: unknown command \"x\" for \"importer version\"\nRun 'importer version --help' for usage.\n"},
		{"an argument to a shell's completion command", []string{"completion", "bash", "x"}, 2, false, true,
			"importer completion bash: comando desconhecido \"x\" para \"importer completion bash\"\nVeja 'importer completion bash --help' para o uso.\n",
			"importer completion bash: unknown command \"x\" for \"importer completion bash\"\nRun 'importer completion bash --help' for usage.\n"},
	}
	for _, c := range cases {
		for _, lang := range []string{"pt", "en"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				args, want, other := c.args, c.pt, c.en
				if lang == "en" {
					args, want, other = append(append([]string{}, c.args...), "--lang", "en"), c.en, c.pt
				}
				code, stdout, stderr := runCLI(t, nil, args...)
				text, quiet := stderr, stdout
				if c.stdout {
					text, quiet = stdout, stderr
				}
				if code != c.code || quiet != "" || (c.whole && text != want) || !strings.Contains(text, want) || strings.Contains(text, other) {
					t.Errorf("%q: exit %d (want %d)\ngot  %q\nwant %q\nother stream %q", args, code, c.code, text, want, quiet)
				}
			})
		}
	}
	// The shell's completion of a command's name describes it in Portuguese, the default (a
	// shell asks with the words typed so far: a --lang among them is no flag of __complete's).
	if code, stdout, _ := runCLI(t, nil, "__complete", "vers"); code != 0 || !strings.HasPrefix(stdout, "version\tMostra a versão do importador\n") {
		t.Errorf("__complete vers: exit %d\n%q", code, stdout)
	}
	// simulate has no --lang and says everything in English: cobra's texts too.
	for _, c := range []struct {
		args   []string
		stdout string
		stderr string
	}{
		{[]string{"simulate", "--help"}, "\nUsage:\n  importer simulate [flags]\n\nExamples:\n", ""},
		{[]string{"simulate", "x"}, "", "importer simulate: unknown command \"x\" for \"importer simulate\"\nRun 'importer simulate --help' for usage.\n"},
		// The commands whose --lang is only their help's (hidden) are not named as having one.
		{[]string{"simulate", "--lang", "en"}, "", "importer simulate: unknown flag: --lang (--lang is a flag of importer history and ports and prune and report and run and template and validate and watch, not of simulate)\nRun 'importer simulate --help' for usage.\n"},
	} {
		code, stdout, stderr := runCLI(t, nil, c.args...)
		if !strings.Contains(stdout, c.stdout) || stderr != c.stderr || (c.stderr == "") != (code == 0) {
			t.Errorf("%q: exit %d\nstdout %q\nstderr %q\nwant %q, %q", c.args, code, stdout, stderr, c.stdout, c.stderr)
		}
	}
}

// TestFlagUsagesTranslated: every flag of every command that speaks the run's language has its
// help line in Portuguese (outcome's FlagUsage): a flag added without one would show its
// English under Portuguese headings. simulate's are English, as everything it says.
func TestFlagUsagesTranslated(t *testing.T) {
	pt, en := newRootCmdIn(env{}, outcome.PT), newRootCmdIn(env{}, outcome.EN)
	var walk func(p, e *cobra.Command)
	walk = func(p, e *cobra.Command) {
		if p.Name() != "simulate" && !p.Hidden {
			p.Flags().VisitAll(func(f *pflag.Flag) {
				if f.Hidden {
					return
				}
				if f.Usage == e.Flags().Lookup(f.Name).Usage {
					t.Errorf("%s --%s: no Portuguese help line: %q", p.CommandPath(), f.Name, f.Usage)
				}
			})
		}
		for _, sub := range p.Commands() {
			if other, _, err := e.Find([]string{sub.Name()}); err == nil && other != e {
				walk(sub, other)
			}
		}
	}
	walk(pt, en)
}
