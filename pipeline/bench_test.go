package pipeline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"seniorimporter/soap"
	"seniorimporter/templates"
)

// The benchmarks of the run (make bench) run the simulator in its own process, built from
// this module, so importer and simulator do not share a scheduler or a heap.

// buildImporter builds cmd/importer once per benchmark into dir.
func buildImporter(b *testing.B, dir string) string {
	b.Helper()
	bin := filepath.Join(dir, "importer")
	cmd := exec.Command("go", "build", "-o", bin, "seniorimporter/cmd/importer")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("go build: %v", err)
	}
	return bin
}

// startSimProcess starts `importer simulate` on a free loopback port and returns its base URL.
func startSimProcess(b *testing.B, bin string, args ...string) string {
	b.Helper()
	cmd := exec.Command(bin, append([]string{"simulate", "--addr", "127.0.0.1:0", "--user", "demo", "--password-env", "BENCH_PW"}, args...)...)
	cmd.Env = append(os.Environ(), "BENCH_PW=demo")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatalf("simulator: %v", err)
	}
	return "http://" + strings.TrimSpace(line)
}

func writeCategorias(b *testing.B, dir string, n int) string {
	b.Helper()
	p := filepath.Join(dir, "setCategoriaServico.csv")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "S%07d;Serviço de manutenção nº %d;1\n", i, i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return p
}

// importerRun runs `importer run` as its own process (with a new journal unless extra says
// otherwise) (as users run it: its own heap and GC
// settings) over file with the given workers and a JSONL report, checks from its JSON summary
// that every row is ok, and returns rows/s measured around the process and its peak RSS in MB.
func importerRun(b *testing.B, bin, base, dir, file string, rows, workers int, extra ...string) (float64, float64) {
	b.Helper()
	summary := filepath.Join(dir, "summary.json")
	args := []string{"run", "--endpoint", base, "--user", "demo", "--password-env", "BENCH_PW",
		"--workers", fmt.Sprint(workers), "--retries", "3", "--backoff", "10ms", "--max-backoff", "100ms",
		"--quiet", "--report", filepath.Join(dir, "report.jsonl"), "--summary", summary}
	if !slices.ContainsFunc(extra, func(a string) bool { return a == "--journal" || a == "--no-journal" }) {
		// The journal is on, as by default, and new: every run is a first run.
		args = append(args, "--journal", filepath.Join(b.TempDir(), "journal.db"))
	}
	aged(file)
	cmd := exec.Command(bin, append(append(args, extra...), file)...)
	cmd.Env = append(os.Environ(), "BENCH_PW=demo")
	var stderr bytes.Buffer // its log lines would break the benchmark's table; shown on failure
	cmd.Stderr = &stderr
	el, rss, err := runMeasured(cmd)
	if err != nil {
		b.Fatalf("importer: %v\n%s", err, stderr.Bytes())
	}
	var sum struct {
		Outcomes map[string]int `json:"outcomes"`
	}
	raw, err := os.ReadFile(summary)
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(raw, &sum); err != nil || sum.Outcomes["ok"] != rows {
		b.Fatalf("summary: %v %s\n%s", err, raw, stderr.Bytes())
	}
	return float64(rows) / el.Seconds(), rss
}

// bareEnvelope is one pre-built setCategoriaServico envelope.
func bareEnvelope(b *testing.B) []byte {
	b.Helper()
	cat, err := templates.Default()
	if err != nil {
		b.Fatal(err)
	}
	rec := soap.NewRecord()
	rec.Set("CategoriaServicoId", "BARE")
	rec.Set("CategoriaServicoDescricao", "Serviço de manutenção nº 1")
	rec.Set("CategoriaServicoEmpresaId", "1")
	var env bytes.Buffer
	if err := soap.Encode(&env, cat.Port("setCategoriaServico"), soap.Credentials{User: "demo", Password: "demo"}, rec); err != nil {
		b.Fatal(err)
	}
	return env.Bytes()
}

// bareLoop posts env rows times over workers connections of one tuned client (the importer's
// own transport settings), discarding each answer unread, and returns requests/s.
func bareLoop(b *testing.B, base string, env []byte, rows, workers int) float64 {
	b.Helper()
	client, err := soap.NewHTTPClient(soap.TransportOptions{Timeout: 10 * time.Second, Conns: workers})
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(rows) {
				req, _ := http.NewRequest(http.MethodPost, base+"/crm/ws", bytes.NewReader(env))
				req.Header.Set("Content-Type", "text/xml; charset=utf-8")
				req.Header.Set("SOAPAction", `""`)
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	return float64(rows) / time.Since(start).Seconds()
}

// BenchmarkRunLatencyBound: simulator latency 20 ms, 64 workers, one record per request.
// The bound is 64 / 20 ms = 3200 rows/s; the metric "of_bound" is the fraction reached.
func BenchmarkRunLatencyBound(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	base := startSimProcess(b, bin, "--latency", "20ms")
	const rows = 32000
	f := writeCategorias(b, dir, rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rps, _ := importerRun(b, bin, base, dir, f, rows, 64)
		b.ReportMetric(rps, "rows/s")
		b.ReportMetric(rps/3200, "of_bound")
		// What a bare loop reaches against the same simulator: the ceiling that the
		// simulator's own timers and the loopback leave.
		b.ReportMetric(bareLoop(b, base, bareEnvelope(b), rows, 64)/3200, "bare_of_bound")
	}
}

// BenchmarkRunVsBareLoop: no injected latency; the importer's rows/s against a bare loop
// posting one pre-built envelope over the same number of connections, same simulator, same
// run. The bare loop reuses one pooled HTTP client and discards each answer unread. The
// importer's rate is that of the whole process: start, read, check, send, decode, report,
// with 16 fixed workers as the loop has, and no journal (BenchmarkJournal measures its cost).
func BenchmarkRunVsBareLoop(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	base := startSimProcess(b, bin)
	const rows = 100000
	const workers = 16
	f := writeCategorias(b, dir, rows)
	env := bareEnvelope(b)
	// Warm-up: the simulator then already holds every record, so in the measured runs it does
	// the same work for the importer's rows as for the bare loop's one record (a CRM upsert
	// of an existing id), and both sides' connections and caches are warm.
	importerRun(b, bin, base, dir, f, rows, workers)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Bare, importer, bare: the bare rate is the mean of the runs either side, so a
		// drift of the machine during the benchmark favours neither side.
		bare1 := bareLoop(b, base, env, rows, workers)
		importer, _ := importerRun(b, bin, base, dir, f, rows, workers, "--no-journal", "--fixed-workers")
		bare := (bare1 + bareLoop(b, base, env, rows, workers)) / 2
		b.ReportMetric(importer, "importer_rows/s")
		b.ReportMetric(bare, "bare_rows/s")
		b.ReportMetric(importer/bare, "ratio")
	}
}

// BenchmarkRunMemory1M: peak RSS of the importer process importing a 1,000,000-row CSV
// (target < 150 MB). The importer runs as its own process so its peak RSS is its own.
func BenchmarkRunMemory1M(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	base := startSimProcess(b, bin)
	const rows = 1_000_000
	f := writeCategorias(b, dir, rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rps, rss := importerRun(b, bin, base, dir, f, rows, 32)
		b.ReportMetric(rss, "peak_rss_MB")
		b.ReportMetric(rps, "rows/s")
	}
}

// aged dates file, and the files beside it of the same name, an hour back: a file to import
// was not written a moment before its run, and one written in the last 2 s is watched a
// tenth of a second for a writer still at it (settle.go), which is no part of what these
// benchmarks measure.
func aged(file string) {
	old := time.Now().Add(-time.Hour)
	files, _ := filepath.Glob(strings.TrimSuffix(file, filepath.Ext(file)) + "*")
	for _, f := range files {
		os.Chtimes(f, old, old)
	}
}

// validateBench runs `importer validate` (read + map + check, nothing sent) on one file as
// its own process and reports rows/s and the process's peak RSS.
func validateBench(b *testing.B, bin, file string, rows int) {
	b.Helper()
	aged(file)
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "validate", "--quiet", file)
		cmd.Stderr = os.Stderr
		el, rss, err := runMeasured(cmd)
		if err != nil {
			b.Fatalf("importer validate: %v", err)
		}
		b.ReportMetric(rss, "peak_rss_MB")
		b.ReportMetric(float64(rows)/el.Seconds(), "rows/s")
	}
}

// BenchmarkReadMapCheckCSV1M reads, maps and checks a generated 1,000,000-row CSV
// (target: under 100 MB whatever the file size).
func BenchmarkReadMapCheckCSV1M(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	const rows = 1_000_000
	f := writeCategorias(b, dir, rows)
	b.ResetTimer()
	validateBench(b, bin, f, rows)
}

// BenchmarkReadMapCheckXLSX200k does the same for a generated 200,000-row XLSX.
func BenchmarkReadMapCheckXLSX200k(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	const rows = 200_000
	p := filepath.Join(dir, "setCategoriaServico.xlsx")
	x := excelize.NewFile()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"CategoriaServicoId", "CategoriaServicoDescricao", "CategoriaServicoEmpresaId"}); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < rows; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{fmt.Sprintf("S%07d", i), fmt.Sprintf("Serviço de manutenção nº %d", i), 1}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := x.SaveAs(p); err != nil {
		b.Fatal(err)
	}
	x.Close()
	b.ResetTimer()
	validateBench(b, bin, p, rows)
}
