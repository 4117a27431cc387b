package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/soap"
	"seniorimporter/values"
)

// The importer has no profile flag, so where a process benchmark shows a goal missed, a
// benchmark here runs the same work in this process with Run and keeps its profiles in the
// folder BENCH_PROFILE_DIR names: NAME.cpu.pprof (the whole run) and NAME.heap.pprof (the
// heap profile as it stood when the live heap was highest), for `go tool pprof -top`. They
// are tools, not measures of the importer as users run it (this process has the test's GC
// settings, not the importer's), so they skip unless BENCH_PROFILE_DIR is set:
//
//	mkdir -p /tmp/prof && BENCH_PROFILE_DIR=/tmp/prof go test -run '^$' -bench InProcess -benchtime 1x ./pipeline
//	go tool pprof -top -sample_index=inuse_space /tmp/prof/endless.heap.pprof

// inProcess runs cfg with Run in this process, sampling the live heap every 10 ms, and
// reports the peak ("peak_heap_MB") and the run's time ("s").
func inProcess(b *testing.B, name string, cfg Settings) outcome.Summary {
	b.Helper()
	out := os.Getenv("BENCH_PROFILE_DIR")
	f, err := os.Create(filepath.Join(out, name+".cpu.pprof"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	// Refused when the benchmark runs with -cpuprofile: that profile then serves.
	cpu := pprof.StartCPUProfile(f) == nil
	runtime.GC()
	stop, done := make(chan struct{}), make(chan struct{})
	var peak uint64
	var heap bytes.Buffer
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var kept uint64
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak {
				peak = v
				// The heap profile is that of the last collection: take it again each time
				// the peak has grown by 16 MiB since the one kept.
				if v > kept+16<<20 {
					heap.Reset()
					pprof.Lookup("heap").WriteTo(&heap, 0)
					kept = v
				}
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	sum, err := Run(context.Background(), cfg)
	el := time.Since(start)
	close(stop)
	<-done
	if cpu {
		pprof.StopCPUProfile()
	}
	if err != nil {
		b.Fatalf("Run: %v", err)
	}
	if err := os.WriteFile(filepath.Join(out, name+".heap.pprof"), heap.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MB")
	b.ReportMetric(el.Seconds(), "s")
	return sum
}

func needProfileDir(b *testing.B) {
	if os.Getenv("BENCH_PROFILE_DIR") == "" {
		b.Skip("a profiling tool: set BENCH_PROFILE_DIR to the folder for its profiles")
	}
}

// inputDefaults are the input options cmd/importer gives when no flag says otherwise.
func inputDefaults() InputOptions {
	return InputOptions{Lang: outcome.PT,
		Values: values.Options{Locale: values.PtBR, Rounding: values.RoundReject, Separator: values.SepAuto}}
}

// BenchmarkEndlessAnswersInProcess is BenchmarkHostileEndlessAnswers in this process (64
// fixed workers, endless answers, --max-answer at its default), for its heap profile.
func BenchmarkEndlessAnswersInProcess(b *testing.B) {
	needProfileDir(b)
	dir := b.TempDir()
	const rows = 256
	srv, _, _ := endlessServer(b)
	p := filepath.Join(dir, "setCategoriaServico-endless.csv")
	writeCSV(b, p, categoriaHeader, rows/2, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sum := inProcess(b, "endless", Settings{Files: []string{p}, Input: inputDefaults(),
			Endpoint: srv.URL, CRMEndpoint: srv.URL + "/crm/ws", Workers: 64, FixedWorkers: true,
			Retries: 3, Backoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, Quiet: true})
		if sum.Outcomes[outcome.Failed] != rows {
			b.Errorf("outcomes %v, want failed=%d", sum.Outcomes, rows)
		}
	}
}

// BenchmarkValidateXLSXInProcess is the importer's side of BenchmarkValidateXLSX1M in this
// process (validate of the 1,000,000-row workbook), for its CPU and heap profiles.
func BenchmarkValidateXLSXInProcess(b *testing.B) {
	needProfileDir(b)
	const rows = 1_000_000
	dir := b.TempDir()
	p := writeCompromissosXLSX(b, dir, rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sum := inProcess(b, "validate-xlsx", Settings{Validate: true, Files: []string{p}, Input: inputDefaults(), Quiet: true})
		if sum.Outcomes[outcome.Valid] != rows {
			b.Errorf("outcomes %v, want valid=%d", sum.Outcomes, rows)
		}
	}
}

// BenchmarkRunInProcess is the importer's side of BenchmarkRunVsBareLoop in this process
// (100,000 rows, 16 fixed workers, no journal, the simulator in its own process), for its CPU
// profile.
func BenchmarkRunInProcess(b *testing.B) {
	needProfileDir(b)
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	base := startSimProcess(b, bin)
	const rows = 100000
	f := writeCategorias(b, dir, rows)
	cfg := Settings{Files: []string{f}, Input: inputDefaults(), Endpoint: base, CRMEndpoint: base + "/crm/ws",
		G5: soap.Credentials{User: "demo", Password: "demo"}, CRM: soap.Credentials{User: "demo", Password: "demo"},
		Workers: 16, FixedWorkers: true, Retries: 3, Backoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
		Reports: []string{filepath.Join(dir, "report.jsonl")}, Quiet: true}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sum := inProcess(b, "run", cfg)
		if sum.Outcomes[outcome.OK] != rows {
			b.Errorf("outcomes %v, want ok=%d", sum.Outcomes, rows)
		}
	}
}
