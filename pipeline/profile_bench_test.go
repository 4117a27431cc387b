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
	"seniorimporter/values"
)

// The importer has no profile flag, so where a process benchmark shows a goal missed, a
// benchmark here runs the same work in this process with Run and can keep its profiles:
// with BENCH_PROFILE_DIR set, NAME.cpu.pprof (the whole run) and NAME.heap.pprof (the heap
// profile as it stood when the live heap was highest) go to that folder, for
// `go tool pprof -top`. Without it the benchmarks still run and report their peak heap.

// inProcess runs cfg with Run in this process, sampling the live heap every 10 ms, and
// reports the peak ("peak_heap_MB") and the run's time ("s").
func inProcess(b *testing.B, name string, cfg Settings) outcome.Summary {
	b.Helper()
	out := os.Getenv("BENCH_PROFILE_DIR")
	cpu := false
	if out != "" {
		f, err := os.Create(filepath.Join(out, name+".cpu.pprof"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		// Refused when the benchmark runs with -cpuprofile: that profile then serves.
		cpu = pprof.StartCPUProfile(f) == nil
	}
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
				if out != "" && v > kept+16<<20 {
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
	if out != "" {
		if err := os.WriteFile(filepath.Join(out, name+".heap.pprof"), heap.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MB")
	b.ReportMetric(el.Seconds(), "s")
	return sum
}

// inputDefaults are the input options cmd/importer gives when no flag says otherwise.
func inputDefaults() InputOptions {
	return InputOptions{Lang: outcome.PT,
		Values: values.Options{Locale: values.PtBR, Rounding: values.RoundReject, Separator: values.SepAuto}}
}

// BenchmarkEndlessAnswersInProcess is BenchmarkHostileEndlessAnswers in this process (64
// fixed workers, endless answers, --max-answer at its default), for its heap profile.
func BenchmarkEndlessAnswersInProcess(b *testing.B) {
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
