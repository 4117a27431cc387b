package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"slices"
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

// TestLogLinesNameTheRun: from the journal's first line on, every log line of a run names its
// number in the journal, the one `importer history` and `importer report N` take, so that two
// runs writing to one log can be told apart; a run with no journal names none.
func TestLogLinesNameTheRun(t *testing.T) {
	e := startSim(t, map[string]float64{"http503": 0.3}, nil)
	dir := t.TempDir()
	j := openJournal(t)
	var logs bytes.Buffer
	var runs []int64
	for i, journaled := range []bool{true, true, false} {
		cfg := e.settings(dir, categorias(t, dir, 6+i, 0))
		cfg.Logger = slog.New(slog.NewJSONHandler(&syncWriter{w: &logs}, nil))
		if journaled {
			cfg.Journal = j
		}
		sum, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, sum.Run)
		logs.WriteString("{\"msg\":\"-- next run\"}\n")
	}
	if runs[0] == 0 || runs[1] == runs[0] || runs[2] != 0 {
		t.Fatalf("runs %v: want two journal runs, then none", runs)
	}
	run, tagged := 0, map[int]int{}
	var since bool // the journal's line of this run came
	for _, line := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
		var l map[string]any
		if err := json.Unmarshal(line, &l); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if l["msg"] == "-- next run" {
			run, since = run+1, false
			continue
		}
		if bytes.Count(line, []byte(`"run":`)) > 1 {
			t.Errorf("run named twice: %s", line)
		}
		got, has := l["run"].(float64)
		if has && int64(got) == runs[run] && runs[run] != 0 {
			since = true
			tagged[run]++
		} else if has || since {
			t.Errorf("run %d (journal %d): %s", run+1, runs[run], line)
		}
	}
	// The journal's line, the requests Senior refused with 503 and the end of the run at least.
	if tagged[0] < 2 || tagged[1] < 2 || tagged[2] != 0 {
		t.Errorf("lines naming their run: %v\n%s", tagged, logs.Bytes())
	}
}

// TestFileAttrs: a file's message as a log line's attributes, the sheet it names in its own.
func TestFileAttrs(t *testing.T) {
	for _, c := range []struct {
		file, text string
		want       []any
	}{
		{"a.csv", "a.csv: vazio", []any{"file", "a.csv", "warning", "vazio"}},
		{"q.xlsx", "q.xlsx [itens]: colunas ignoradas: X", []any{"file", "q.xlsx", "sheet", "itens", "warning", "colunas ignoradas: X"}},
		// A sheet's name holds no bracket (Excel refuses them): the first "]: " ends it.
		{"q.xlsx", "q.xlsx [a]: b]: texto", []any{"file", "q.xlsx", "sheet", "a", "warning", "b]: texto"}},
		{"q.xlsx", "q.xlsx [a[b]: texto", []any{"file", "q.xlsx", "warning", "q.xlsx [a[b]: texto"}},
		{"q.xlsx", "outro.xlsx: texto", []any{"file", "q.xlsx", "warning", "outro.xlsx: texto"}},
		{"q.xlsx", "q.xlsx [itens] sem dois-pontos", []any{"file", "q.xlsx", "warning", "q.xlsx [itens] sem dois-pontos"}},
	} {
		if got := fileAttrs(c.file, "warning", c.text); !slices.Equal(got, c.want) {
			t.Errorf("fileAttrs(%q, %q) = %q, want %q", c.file, c.text, got, c.want)
		}
	}
}
