package journal

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func benchJournal(b *testing.B) *Journal {
	b.Helper()
	dir, err := os.MkdirTemp(b.TempDir(), "j")
	if err != nil {
		b.Fatal(err)
	}
	j, err := Open(context.Background(), filepath.Join(dir, "journal.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { j.Close() })
	return j
}

var (
	benchValues = []byte(`{"codEmp":"1","codFil":"1","numOrc":"123456","datEmi":"03/11/2025","codCli":"4242","vlrBru":"1234.56","perDsc":"0.00","obsOrc":"entrega em novembro"}`)
	benchLine   = []byte(`{"file":"GravarOrcamentos-nov.csv","sheet":"","row":123456,"key":"1|1|123456","port":"GravarOrcamentos","outcome":"ok","code":"","message":"","id":"987654","attempts":1,"latency_ms":21,"answer":"","problems":[]}` + strings.Repeat(" ", 80))
)

func benchKey(n int64) Key {
	return Key{"https://erp.example/g5/services demo", "GravarOrcamentos", "1|1|" + strconv.FormatInt(n, 10)}
}

// record does what the pipeline does for one record: mark it in flight (waiting for the
// commit), send it (request), settle it with its report line (or settle it, then add its
// line: separate). It returns how long InFlight waited.
func record(ctx context.Context, b *testing.B, j *Journal, run int64, n int64, request time.Duration, separate bool) time.Duration {
	start := time.Now()
	if err := j.InFlight(ctx, run, Mark{Seq: n, Key: benchKey(n), ValueHash: "3f2a9c41d0e8b7a6", Values: benchValues}); err != nil {
		b.Fatal(err)
	}
	wait := time.Since(start)
	if request > 0 {
		time.Sleep(request)
	}
	settle(ctx, b, j, run, n, separate)
	return wait
}

func settle(ctx context.Context, b *testing.B, j *Journal, run int64, n int64, separate bool) {
	s := Settlement{Seq: n, Key: benchKey(n), Outcome: "ok", ID: strconv.FormatInt(n, 10), Answer: "Orçamento gravado", Attempts: 1}
	if !separate {
		s.Lines = [][]byte{benchLine}
	}
	if err := j.Settle(ctx, run, s); err != nil {
		b.Fatal(err)
	}
	if separate {
		if err := j.AddLines(ctx, run, n, [][]byte{benchLine}); err != nil {
			b.Fatal(err)
		}
	}
}

// ahead is the pattern the journal is built for: one dispatcher marks the next records in
// flight, window at a time, waiting once per window, and hands them to workers that send
// them and settle them with their report lines. The workers never wait for the journal
// unless the dispatcher falls behind.
func ahead(ctx context.Context, b *testing.B, j *Journal, run int64, total, window, workers int, request time.Duration) {
	todo := make(chan int64, window)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for n := range todo {
				if request > 0 {
					time.Sleep(request)
				}
				settle(ctx, b, j, run, n, false)
			}
		})
	}
	marks := make([]Mark, 0, window)
	for first := 1; first <= total; first += window {
		marks = marks[:0]
		for n := first; n < first+window && n <= total; n++ {
			marks = append(marks, Mark{Seq: int64(n), Key: benchKey(int64(n)), ValueHash: "3f2a9c41d0e8b7a6", Values: benchValues})
		}
		if err := j.InFlight(ctx, run, marks...); err != nil {
			b.Fatal(err)
		}
		for _, m := range marks {
			todo <- m.Seq
		}
	}
	close(todo)
	wg.Wait()
}

// BenchmarkGroupCommit: per record InFlight, then Settle with one report line of ~300 bytes
// (lines=separate: Settle, then AddLines), from 16 and 64 goroutines as fast as they go; and
// ahead=256: one dispatcher marking 256 records per InFlight for 16 workers that settle them.
// ns/op is wall time per record; records/s, cpu_us/record (user+system CPU of the whole
// process per record) and records/commit show the journal's cost.
func BenchmarkGroupCommit(b *testing.B) {
	for _, c := range []struct {
		name     string
		workers  int
		window   int
		separate bool
	}{
		{"goroutines=16", 16, 0, false},
		{"goroutines=64", 64, 0, false},
		{"goroutines=64/lines=separate", 64, 0, true},
		{"ahead=256/goroutines=16", 16, 256, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			j := benchJournal(b)
			run, err := j.StartRun(ctx, RunInfo{Command: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			commits0 := j.w.batches.Load()
			b.ReportAllocs()
			b.ResetTimer()
			cpu0, t0 := cpuTime(b), time.Now()
			if c.window > 0 {
				ahead(ctx, b, j, run, b.N, c.window, c.workers, 0)
			} else {
				var next atomic.Int64
				var wg sync.WaitGroup
				for range c.workers {
					wg.Go(func() {
						for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
							record(ctx, b, j, run, n, 0, c.separate)
						}
					})
				}
				wg.Wait()
			}
			if err := j.Flush(ctx); err != nil {
				b.Fatal(err)
			}
			elapsed, cpu := time.Since(t0), cpuTime(b)-cpu0
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu_us/record")
			b.ReportMetric(float64(b.N)/float64(j.w.batches.Load()-commits0), "records/commit")
			if fi, err := os.Stat(j.Path() + "-wal"); err == nil {
				b.ReportMetric(float64(fi.Size())/(1<<20), "wal_MiB")
			}
			b.ReportMetric(float64(j.ckpt.runs.Load()), "checkpoints")
		})
	}
}

// BenchmarkInFlightLatency: 64 workers each sending requests of 20 ms (the latency-bound
// run: 64 × 20 ms ≈ 3,200 records/s) or of no time at all (saturated), marking each record in
// flight before its request (journal=on; the inflight_* metrics are the waits InFlight
// callers saw) or letting a dispatcher mark 64 or 256 ahead (journal=aheadN); journal=off is
// the same loop without the journal, the yardstick for the slowdown.
func BenchmarkInFlightLatency(b *testing.B) {
	const workers = 64
	for _, c := range []struct {
		request time.Duration
		journal string
	}{{20 * time.Millisecond, "off"}, {20 * time.Millisecond, "on"}, {20 * time.Millisecond, "ahead64"},
		{20 * time.Millisecond, "ahead256"}, {0, "on"}} {
		b.Run(fmt.Sprintf("request=%v/journal=%s", c.request, c.journal), func(b *testing.B) {
			ctx := context.Background()
			var j *Journal
			var run int64
			if c.journal != "off" {
				j = benchJournal(b)
				var err error
				if run, err = j.StartRun(ctx, RunInfo{Command: "bench"}); err != nil {
					b.Fatal(err)
				}
			}
			waits := make([]time.Duration, b.N+1)
			b.ResetTimer()
			cpu0, t0 := cpuTime(b), time.Now()
			if window, ok := strings.CutPrefix(c.journal, "ahead"); ok {
				n, _ := strconv.Atoi(window)
				ahead(ctx, b, j, run, b.N, n, workers, c.request)
			} else {
				var next atomic.Int64
				var wg sync.WaitGroup
				for range workers {
					wg.Go(func() {
						for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
							if j == nil {
								time.Sleep(c.request)
								continue
							}
							waits[n] = record(ctx, b, j, run, n, c.request, false)
						}
					})
				}
				wg.Wait()
			}
			if j != nil {
				if err := j.Flush(ctx); err != nil {
					b.Fatal(err)
				}
			}
			elapsed, cpu := time.Since(t0), cpuTime(b)-cpu0
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu_us/record")
			if c.journal != "on" {
				return
			}
			w := waits[1:]
			slices.Sort(w)
			var sum time.Duration
			for _, d := range w {
				sum += d
			}
			us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
			b.ReportMetric(us(sum/time.Duration(len(w))), "inflight_mean_us")
			b.ReportMetric(us(w[len(w)/2]), "inflight_p50_us")
			b.ReportMetric(us(w[len(w)*99/100]), "inflight_p99_us")
			b.ReportMetric(us(w[len(w)-1]), "inflight_max_us")
		})
	}
}

// BenchmarkLastMany: looking up records, 256 at a time, in a journal that holds 100,000
// records in each of two runs (the first 100,000 keys asked are known, the next 100,000 are
// not); ns/op is per record looked up.
func BenchmarkLastMany(b *testing.B) {
	benchStates(b, func(ctx context.Context, j *Journal, keys []Key) (int, error) {
		m, err := j.LastMany(ctx, keys)
		return len(m), err
	})
}

// BenchmarkHistory: History of 256 keys at a time, in a journal of 200,000 states of
// 100,000 records (a resume's steps). With JOIN instead of CROSS JOIN, SQLite read every
// record of the scope for each statement.
func BenchmarkHistory(b *testing.B) {
	benchStates(b, func(ctx context.Context, j *Journal, keys []Key) (int, error) {
		m, err := j.History(ctx, keys)
		return len(m), err
	})
}

// benchStates fills a journal of two runs of 100,000 records each and asks ask for b.N
// records, 256 at a time, half of them known.
func benchStates(b *testing.B, ask func(context.Context, *Journal, []Key) (int, error)) {
	ctx := context.Background()
	j := benchJournal(b)
	const known = 100_000
	for r := range 2 {
		run, err := j.StartRun(ctx, RunInfo{Command: "fill"})
		if err != nil {
			b.Fatal(err)
		}
		for n := range known {
			k := Key{"https://erp.example/g5/services demo", "GravarOrcamentos", "1|1|" + strconv.Itoa(n)}
			if err := j.Settle(ctx, run, Settlement{Seq: int64(n), Key: k, Lines: [][]byte{benchLine}, Outcome: "ok", ValueHash: "3f2a9c41d0e8b7a6", Values: benchValues, ID: strconv.Itoa(r), Attempts: 1}); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := j.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	keys := make([]Key, 0, 256)
	found := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for i := 0; i < b.N; i += cap(keys) {
		keys = keys[:0]
		for n := i; n < i+cap(keys) && n < b.N; n++ {
			id := n % (2 * known) // half of them past the known ones
			keys = append(keys, Key{"https://erp.example/g5/services demo", "GravarOrcamentos", "1|1|" + strconv.Itoa(id)})
		}
		n, err := ask(ctx, j, keys)
		if err != nil {
			b.Fatal(err)
		}
		found += n
	}
	if want := min(b.N, known) + max(0, b.N-2*known); b.N <= 2*known && found != want {
		b.Fatalf("found %d states of %d records, want %d", found, b.N, want)
	}
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N), "cpu_us/record")
}
