package main

import (
	"strings"
	"testing"
)

// TestCobraTextsInTheRunsLanguage: what cobra itself writes (the usage's headings, the help
// flag, the help and completion commands, an unknown command and what it may have meant, a
// wrong number of arguments, the unknown help topic) is in the run's language, Portuguese by
// default and English with --lang en, with the same exit codes. It was English whatever
// --lang said, under Portuguese refusals.
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
	// simulate and version have no --lang and say everything in English: cobra's texts too.
	for _, c := range []struct {
		args   []string
		stdout string
		stderr string
	}{
		{[]string{"simulate", "--help"}, "\nUsage:\n  importer simulate [flags]\n\nExamples:\n", ""},
		{[]string{"version", "--help"}, "Usage:\n  importer version [flags]\n\nFlags:\n  -h, --help   help for version\n", ""},
		{[]string{"version", "x"}, "", "importer version: unknown command \"x\" for \"importer version\"\nRun 'importer version --help' for usage.\n"},
	} {
		code, stdout, stderr := runCLI(t, nil, c.args...)
		if !strings.Contains(stdout, c.stdout) || stderr != c.stderr || (c.stderr == "") != (code == 0) {
			t.Errorf("%q: exit %d\nstdout %q\nstderr %q\nwant %q, %q", c.args, code, stdout, stderr, c.stdout, c.stderr)
		}
	}
}
