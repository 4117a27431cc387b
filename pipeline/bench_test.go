package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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

func benchSettings(base, dir string, files ...string) Settings {
	return Settings{
		Files: files, Endpoint: base, CRMEndpoint: base + "/crm/ws",
		G5:      soap.Credentials{User: "demo", Password: "demo"},
		CRM:     soap.Credentials{User: "demo", Password: "demo"},
		Timeout: 10 * time.Second, Retries: 3, Backoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
		Reports: []string{filepath.Join(dir, "report.jsonl")}, Quiet: true,
	}
}

// BenchmarkRunLatencyBound: simulator latency 20 ms, 64 workers, one record per request.
// The bound is 64 / 20 ms = 3200 rows/s; the metric "of_bound" is the fraction reached.
func BenchmarkRunLatencyBound(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	base := startSimProcess(b, bin, "--latency", "20ms")
	const rows = 16000
	f := writeCategorias(b, dir, rows)
	st := benchSettings(base, dir, f)
	st.Workers = 64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		sum, err := Run(context.Background(), st)
		if err != nil || sum.Outcomes["ok"] != rows {
			b.Fatalf("run: %v %v", err, sum.Outcomes)
		}
		rps := float64(rows) / time.Since(start).Seconds()
		b.ReportMetric(rps, "rows/s")
		b.ReportMetric(rps/3200, "of_bound")
	}
}

// BenchmarkRunVsBareLoop: no injected latency; the importer's rows/s against a bare loop
// posting one pre-built envelope over the same number of connections, same simulator, same run.
func BenchmarkRunVsBareLoop(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	base := startSimProcess(b, bin)
	const rows = 40000
	const workers = 16
	f := writeCategorias(b, dir, rows)
	cat, err := templates.Default()
	if err != nil {
		b.Fatal(err)
	}
	port := cat.Port("setCategoriaServico")
	rec := soap.NewRecord()
	rec.Set("CategoriaServicoId", "BARE")
	rec.Set("CategoriaServicoDescricao", "Serviço de manutenção nº 1")
	rec.Set("CategoriaServicoEmpresaId", "1")
	var env bytes.Buffer
	if err := soap.Encode(&env, port, soap.Credentials{User: "demo", Password: "demo"}, rec); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := benchSettings(base, dir, f)
		st.Workers = workers
		start := time.Now()
		sum, err := Run(context.Background(), st)
		if err != nil || sum.Outcomes["ok"] != rows {
			b.Fatalf("run: %v %v", err, sum.Outcomes)
		}
		importer := float64(rows) / time.Since(start).Seconds()

		st.defaults()
		client, _ := newHTTPClient(st)
		var next atomic.Int64
		var wg sync.WaitGroup
		start = time.Now()
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= rows {
					req, _ := http.NewRequest(http.MethodPost, base+"/crm/ws", bytes.NewReader(env.Bytes()))
					req.Header.Set("Content-Type", "text/xml; charset=utf-8")
					req.Header.Set("SOAPAction", `""`)
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = bufio.NewReader(resp.Body).WriteTo(discard{})
					resp.Body.Close()
				}
			}()
		}
		wg.Wait()
		bare := float64(rows) / time.Since(start).Seconds()
		b.ReportMetric(importer, "importer_rows/s")
		b.ReportMetric(bare, "bare_rows/s")
		b.ReportMetric(importer/bare, "ratio")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

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
		cmd := exec.Command(bin, "run", "--endpoint", base, "--user", "demo", "--password-env", "BENCH_PW",
			"--workers", "32", "--quiet", "--report", filepath.Join(dir, "report.jsonl"), f)
		cmd.Env = append(os.Environ(), "BENCH_PW=demo")
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("importer: %v", err)
		}
		el := time.Since(start)
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak_rss_MB")
		b.ReportMetric(float64(rows)/el.Seconds(), "rows/s")
	}
}

// validateBench runs `importer validate` (read + map + check, nothing sent) on one file as
// its own process and reports rows/s and the process's peak RSS.
func validateBench(b *testing.B, bin, file string, rows int) {
	b.Helper()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "validate", "--quiet", file)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("importer validate: %v", err)
		}
		el := time.Since(start)
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak_rss_MB")
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
