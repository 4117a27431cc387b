package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/templates"
)

// The samples of samples/ (written by samples/generate.go) are what `make demo` imports; their
// README lists every deliberately bad row. The golden files under testdata/ are what the demo
// reports of them, with what varies from run to run (latencies, times, the paths' prefix)
// normalised: go test ./pipeline -run TestRunEveryPort -update rewrites them.

// plantedRow is one bad row of samples/README.md's table "The bad rows".
type plantedRow struct {
	file, sheet string
	row         int
	outcome     outcome.Kind
	says        string // a part of the row's message, as quoted in the table
}

func (p plantedRow) id() string { return fmt.Sprintf("%s|%s|%d", p.file, p.sheet, p.row) }

// readPlanted reads the table of bad rows from samples/README.md.
func readPlanted(t *testing.T) map[string]plantedRow {
	t.Helper()
	f, err := os.Open("../samples/README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	planted := map[string]plantedRow{}
	in := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			in = line == "## The bad rows"
			continue
		case !in || !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| file ") || strings.HasPrefix(line, "| ---"):
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) != 8 {
			t.Fatalf("samples/README.md:%d: %d cells, want 6: %s", n, len(cells)-2, line)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		row, err := strconv.Atoi(cells[3])
		says, ok := strings.CutPrefix(cells[6], "`")
		says, ok2 := strings.CutSuffix(says, "`")
		if err != nil || !ok || !ok2 || says == "" {
			t.Fatalf("samples/README.md:%d: want | file | sheet | row | outcome | planted | `message` |: %s", n, line)
		}
		p := plantedRow{file: cells[1], sheet: cells[2], row: row, outcome: outcome.Kind(cells[4]), says: says}
		if _, dup := planted[p.id()]; dup {
			t.Fatalf("samples/README.md:%d: %s listed twice", n, p.id())
		}
		planted[p.id()] = p
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(planted) == 0 {
		t.Fatal("samples/README.md: no table of bad rows under \"## The bad rows\"")
	}
	return planted
}

// sampleFiles lists the CSV and XLSX files of samples/.
func sampleFiles(t *testing.T) []string {
	t.Helper()
	all, err := filepath.Glob("../samples/*")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, s := range all {
		if strings.HasSuffix(s, ".csv") || strings.HasSuffix(s, ".xlsx") {
			files = append(files, s)
		}
	}
	if len(files) == 0 {
		t.Fatal("no samples in ../samples")
	}
	return files
}

var (
	// The JSONL writer pads a line with spaces so that it does not straddle a page; the
	// padding follows the lengths of the lines before, latencies included.
	padJSON     = regexp.MustCompile(`(?m)^ +`)
	latencyJSON = regexp.MustCompile(`"latency_ms":\d+`)
	latencyCSV  = regexp.MustCompile(`;\d+(\r?\n)`) // the CSV report's last column
)

// TestRunEveryPortAgainstSimulator imports every sample into the project's simulator, as
// `make demo` does, and holds what comes out: every port has an accepted row; exactly the rows
// samples/README.md plants are invalid or rejected, each with the message it quotes; invalid
// rows never reach Senior; the JSONL and CSV reports, the summary and what the simulator
// stored are the golden files under testdata/.
func TestRunEveryPortAgainstSimulator(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	cfg := e.settings(dir, sampleFiles(t)...)
	cfg.Timeout = 10 * time.Second // no retries on a loaded machine: attempts stay 1
	cfg.Reports = append(cfg.Reports, filepath.Join(dir, "report.csv"), filepath.Join(dir, "report.xlsx"))
	cfg.Summary = filepath.Join(dir, "summary.json")
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	outs := readJSONL(t, filepath.Join(dir, "report.jsonl"))
	if sum.Rows != len(outs) {
		t.Errorf("summary counts %d rows, report has %d lines", sum.Rows, len(outs))
	}
	if sum.ExitCode != outcome.ExitSomeFailed {
		t.Errorf("exit code %d, want 1 (samples hold bad rows)", sum.ExitCode)
	}

	// Every port of the catalogue has at least one accepted row in the samples.
	byPort := map[string]map[outcome.Kind]int{}
	for _, o := range outs {
		if byPort[o.Port] == nil {
			byPort[o.Port] = map[outcome.Kind]int{}
		}
		byPort[o.Port][o.Outcome]++
	}
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range cat.Ports() {
		if byPort[p.Name][outcome.OK] == 0 {
			t.Errorf("port %s: no row accepted; outcomes %v", p.Name, byPort[p.Name])
		}
	}

	// Exactly the planted rows are bad, each as the README says; every other row is accepted.
	planted := readPlanted(t)
	seen := map[string]bool{}
	for _, o := range outs {
		id := fmt.Sprintf("%s|%s|%d", filepath.Base(o.File), o.Sheet, o.Row)
		p, isPlanted := planted[id]
		switch {
		case !isPlanted && o.Outcome != outcome.OK:
			t.Errorf("%s: %s (%s), but samples/README.md plants no bad row there", id, o.Outcome, o.Message)
		case isPlanted && o.Outcome != p.outcome:
			t.Errorf("%s: %s (%s), want %s as samples/README.md says", id, o.Outcome, o.Message, p.outcome)
		case isPlanted && !strings.Contains(o.Message, p.says):
			t.Errorf("%s: message %q does not say %q (samples/README.md)", id, o.Message, p.says)
		}
		seen[id] = true
	}
	for _, id := range slices.Sorted(maps.Keys(planted)) {
		if !seen[id] {
			t.Errorf("%s: planted in samples/README.md, but the report has no such row", id)
		}
	}

	// Invalid rows never reach Senior: the simulator saw no invalid request.
	if s := e.stats(); s.Invalid != 0 {
		t.Errorf("simulator saw %d invalid requests; checks should have stopped them", s.Invalid)
	}

	// What the simulator stored, port by port.
	var stored strings.Builder
	for _, p := range cat.Ports() {
		if p.Access != "write" {
			continue
		}
		b, err := json.MarshalIndent(e.sim.Records(p.Name), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&stored, "== %s\n%s\n", p.Name, b)
	}
	golden(t, "testdata/samples-stored.golden", stored.String())

	// The reports as the demo writes them, paths as the demo gives them (samples/...).
	samplePaths := strings.NewReplacer("../samples/", "samples/")
	jsonl, err := os.ReadFile(filepath.Join(dir, "report.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	jsonl = padJSON.ReplaceAll(latencyJSON.ReplaceAll(jsonl, []byte(`"latency_ms":0`)), nil)
	golden(t, "testdata/samples-report.jsonl.golden", samplePaths.Replace(string(jsonl)))
	csvReport, err := os.ReadFile(filepath.Join(dir, "report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/samples-report.csv.golden", samplePaths.Replace(latencyCSV.ReplaceAllString(string(csvReport), ";0$1")))

	// The summary: counts, causes, charsets, hidden rows and the reconciliation with the
	// workbook's TOTAL row; times, speed and the final concurrency limit vary.
	b, err := os.ReadFile(cfg.Summary)
	if err != nil {
		t.Fatal(err)
	}
	var s outcome.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	s.Started, s.Finished, s.DurationMS, s.RowsPerS, s.Limit = time.Time{}, time.Time{}, 0, 0, 0
	b, err = json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/samples-summary.golden", samplePaths.Replace(string(b))+"\n")
}
