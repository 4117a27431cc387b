package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
)

// TestFileProblemsLogged: what reading a file found goes to the log under one message for
// every file, with the file and the text as attributes, so that a log store groups the lines
// (each file's text as the message made one kind of line per file and per problem).
func TestFileProblemsLogged(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	empty := writeFile(t, dir, "setCategoriaDespesa.csv", "")
	cfg := e.settings(dir, empty, categorias(t, dir, 2, 0))
	var logs bytes.Buffer
	cfg.Logger = slog.New(slog.NewJSONHandler(&syncWriter{w: &logs}, nil))
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
		var l map[string]any
		if err := json.Unmarshal(line, &l); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if l["file"] != empty {
			continue
		}
		found = true
		if l["msg"] != "um arquivo não pôde ser importado" || l["level"] != "ERROR" || l["problem"] != "vazio, sem nem mesmo o cabeçalho: nada a importar (uma exportação ou cópia que falhou?)" {
			t.Errorf("%s", line)
		}
	}
	if !found {
		t.Errorf("no log line names %s:\n%s", empty, logs.Bytes())
	}
}
