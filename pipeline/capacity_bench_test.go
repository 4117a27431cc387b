package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The benchmarks of issue 14 ("Find Senior's capacity without flooding it"): the simulator in
// its own process works on C requests at once (--capacity) for 0.5–1.5 × L each and queues
// the rest, as a Senior application server does; the importer runs as its own process.

// latencies reads every row's latency from a JSONL report.
func latencies(b *testing.B, path string) []float64 {
	b.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var out []float64
	for _, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		var l struct {
			LatencyMS float64 `json:"latency_ms"`
		}
		if err := json.Unmarshal(bytes.TrimSpace(line), &l); err != nil {
			b.Fatalf("%v: %s", err, line)
		}
		out = append(out, l.LatencyMS)
	}
	slices.Sort(out)
	return out
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// simStats reads the simulator's counters.
func simStats(b *testing.B, base string) map[string]any {
	b.Helper()
	resp, err := http.Get(base + "/_stats")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		b.Fatal(err)
	}
	return m
}

// sendingSpan is how long the simulator served requests since the last reset: from the first
// arrival to the last departure, without the importer's start (reading the catalogue, opening
// the journal) and end (reports, the journal closed).
func sendingSpan(b *testing.B, base string) time.Duration {
	b.Helper()
	st := simStats(b, base)
	var span [2]time.Time
	for i, k := range []string{"first_arrival", "last_departure"} {
		v, _ := st[k].(string)
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			b.Fatalf("/_stats %s = %q: %v", k, v, err)
		}
		span[i] = t
	}
	return span[1].Sub(span[0])
}

// reportCapacity reports a run of rows against the simulator at base: its rows/s (rps, the
// whole process) and the sending span's as fractions of ideal requests/s under the name
// of (e.g. "of_C/L"), and the rows' median and 95th-percentile latency in multiples of L from
// the JSONL report in dir.
func reportCapacity(b *testing.B, base, dir string, rows int, rps, ideal float64, latency time.Duration, of string) {
	b.Helper()
	lat := latencies(b, filepath.Join(dir, "report.jsonl"))
	b.ReportMetric(rps/ideal, of)
	b.ReportMetric(float64(rows)/sendingSpan(b, base).Seconds()/ideal, "sending_"+of)
	// Against the work the simulator drew for these requests (its mean, work_ms, in place of
	// L), the same fractions leave the draws' luck out.
	drawn := simStats(b, base)["work_ms"].(float64) / float64(latency.Milliseconds())
	b.ReportMetric(rps/ideal*drawn, of+"_drawn")
	b.ReportMetric(drawn, "drawn/L")
	b.ReportMetric(quantile(lat, 0.5)/float64(latency.Milliseconds()), "p50/L")
	b.ReportMetric(quantile(lat, 0.95)/float64(latency.Milliseconds()), "p95/L")
	// The simulator's own timekeeping: how far past its drawn time a request's work ended,
	// on average (see the simulator's maxLead): were it 1 ms at L = 20 ms, no client could
	// reach more than 0.95 of C/L.
	b.ReportMetric(simStats(b, base)["work_late_ms"].(float64), "sim_late_ms")
}

// draws is the simulator's configuration that resets its counters before a measured run, and
// its draws to those of seed: every run the benchmarks compare (fixed and adaptive, one count
// and the next) gets the same work times. Without it the mean of 2,400 draws moved by half a
// percent from run to run, and the runs at the same place in every benchmark got the same slow
// draws: --workers 16 with no capacity limit read 0.94 in the second and third runs of each,
// 0.96 in the others, fixed or adaptive alike.
func draws(seed int) string {
	return fmt.Sprintf(`{"reset_max_in_flight": true, "seed": %d}`, seed)
}

func simConfig(b *testing.B, base, body string) {
	b.Helper()
	resp, err := http.Post(base+"/_config", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("/_config %s: %v %v", body, err, resp)
	}
	resp.Body.Close()
}

// BenchmarkCapacity: for C ∈ {4, 16, 64} at L = 20 ms, a fixed 8 workers, a fixed 64 and the
// adaptive limit (--workers 64): the fraction of C/L reached over the whole run (ramp-up
// included), the median and 95th-percentile latency per row, and the most requests the
// simulator held at once. Each run is about three seconds of work at C/L. Then, against a
// server with no capacity limit, --workers 16, adaptive and fixed: the fraction of 16/L. One
// draw of the simulator (seed 1); BENCH_SEEDS=N runs N of them, but fixed 8's one (see
// benchSeeds).
func BenchmarkCapacity(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	const latency = 20 * time.Millisecond
	seeds := benchSeeds(b, 1)
	modes := []capMode{fixed64, auto64}
	if seeds == 1 {
		modes = append([]capMode{fixed8}, modes...)
	}
	for _, c := range []int{4, 16, 64} {
		capacityCase(b, bin, dir, latency, c, modes, seeds)
	}
	// No capacity limit: --workers 16 (adaptive, as by default) must still reach 16/L; fixed 16,
	// against the same simulator, is what the importer's start and end and this machine's
	// round trips leave of it with no limit to find.
	capacityCase(b, bin, dir, latency, 0, []capMode{auto16, fixed16}, seeds)
}

// benchSeeds is how many draws of the simulator a capacity benchmark runs: def, or
// BENCH_SEEDS. A draw decides much of a three-second run (its first answers fast or slow by
// chance, and the limit's first windows with them), and one or three draws are too few to say
// how often a goal is missed: BENCH_SEEDS=30 says it in about ten minutes a benchmark. With
// several, fixed 8 is left out of BenchmarkCapacity (at C = 64 a run of it takes 25 s).
func benchSeeds(b *testing.B, def int) int {
	b.Helper()
	v := os.Getenv("BENCH_SEEDS")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("BENCH_SEEDS=%q: want a number of draws, 1 or more", v)
	}
	return n
}

// BenchmarkCapacity40ms: the same runs at L = 40 ms, where three seconds of work are 75 round
// trips, not 150, and the start weighs twice as much: the importer's own (about 25 ms before
// the first request), the first request alone (a refused login costs one request, not 64) and
// the adaptive limit's slow start from 4 slots, each step a round trip and a half. C = 24 is
// the issue's own example (the default of 8 workers reached a third of C/L); C = 64 and no
// capacity limit (--workers 16) are the cases nearest the goal. Three draws of the simulator
// each (seeds 1 to 3; BENCH_SEEDS=N for N of them, see benchSeeds), fixed 8 one: it runs
// three times as long.
func BenchmarkCapacity40ms(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	const latency = 40 * time.Millisecond
	seeds := benchSeeds(b, 3)
	capacityCase(b, bin, dir, latency, 24, []capMode{fixed8}, 1)
	capacityCase(b, bin, dir, latency, 24, []capMode{fixed64, auto64}, seeds)
	capacityCase(b, bin, dir, latency, 64, []capMode{fixed64, auto64}, seeds)
	capacityCase(b, bin, dir, latency, 0, []capMode{auto16, fixed16}, seeds)
}

// benchWork is how long a capacity benchmark's run works at its bound: three seconds, or
// BENCH_WORK (a Go duration). At 40 ms three seconds are 75 round trips, and the slow start
// and a first window fast by chance weigh twice what they do at 20 ms: BENCH_WORK=6s gives
// them the 150 round trips three seconds are at 20 ms.
func benchWork(b *testing.B) time.Duration {
	b.Helper()
	v := os.Getenv("BENCH_WORK")
	if v == "" {
		return 3 * time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second {
		b.Fatalf("BENCH_WORK=%q: want a duration of a second or more (6s)", v)
	}
	return d
}

// capMode is how a capacity benchmark runs the importer: --workers, and --fixed-workers or not.
type capMode struct {
	name    string
	workers int
	extra   []string
}

var (
	fixed8  = capMode{"fixed8", 8, []string{"--fixed-workers"}}
	fixed16 = capMode{"fixed16", 16, []string{"--fixed-workers"}}
	fixed64 = capMode{"fixed64", 64, []string{"--fixed-workers"}}
	auto16  = capMode{"auto16", 16, nil}
	auto64  = capMode{"auto", 64, nil}
)

// capacityCase runs each mode against a simulator in its own process that works on c
// requests at once for 0.5–1.5 × latency each (c = 0: no capacity limit, and the modes'
// --workers, 16, is the bound), over three seconds of work at the bound (see benchWork), once
// for each of the simulator's draws 1 to seeds (see draws; every mode gets the same
// draws, and the sub-benchmarks are named …/seed=N when there are several). It reports the
// fraction of the bound (of_C/L, or of_16/L), the latencies and the most requests the
// simulator held at once.
func capacityCase(b *testing.B, bin, dir string, latency time.Duration, c int, modes []capMode, seeds int) {
	b.Helper()
	args, bound, name, of := []string{"--latency", latency.String(), "--quiet"}, c, fmt.Sprintf("C=%d/", c), "of_C/L"
	if c == 0 {
		bound, name, of = 16, "C=none/", "of_16/L"
	} else {
		args = append(args, "--capacity", fmt.Sprint(c))
	}
	base := startSimProcess(b, bin, args...)
	rows := bound * int(benchWork(b)/latency)
	f := writeCategorias(b, dir, rows)
	ideal := float64(bound) / latency.Seconds()
	for _, mode := range modes {
		for seed := 1; seed <= seeds; seed++ {
			sub := name + mode.name
			if seeds > 1 {
				sub += fmt.Sprintf("/seed=%d", seed)
			}
			b.Run(sub, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					simConfig(b, base, draws(seed))
					rps, _ := importerRun(b, bin, base, dir, f, rows, mode.workers, mode.extra...)
					reportCapacity(b, base, dir, rows, rps, ideal, latency, of)
					b.ReportMetric(simStats(b, base)["max_in_flight"].(float64), "max_in_flight")
				}
			})
		}
	}
}

// BenchmarkCapacityLong: the adaptive limit as in BenchmarkCapacity over 30 s of work instead
// of 3, where the ramp and the first windows weigh a tenth as much: what a migration of hours
// sees.
func BenchmarkCapacityLong(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	const latency = 20 * time.Millisecond
	for _, c := range []int{4, 16, 64, 0} {
		name, workers, bound := fmt.Sprintf("C=%d/auto", c), 64, c
		args := []string{"--latency", latency.String(), "--quiet"}
		if c == 0 {
			name, workers, bound = "C=none/auto16", 16, 16
		} else {
			args = append(args, "--capacity", fmt.Sprint(c))
		}
		b.Run(name, func(b *testing.B) {
			base := startSimProcess(b, bin, args...)
			rows := bound * 1500
			f := writeCategorias(b, dir, rows)
			ideal := float64(bound) / latency.Seconds()
			for i := 0; i < b.N; i++ {
				simConfig(b, base, draws(1))
				rps, _ := importerRun(b, bin, base, dir, f, rows, workers)
				reportCapacity(b, base, dir, rows, rps, ideal, latency, "of_C/L")
			}
		})
	}
}

// BenchmarkCapacityHalvesMidway: C = 16, L = 20 ms, adaptive; when half the rows are in, the
// server's capacity drops to 8 (another load arrived). It reports the fraction of the ideal
// (16/L for the first half, 8/L for the second) and the median latency of the second half:
// the limit must follow within seconds, not keep 16 requests queueing.
func BenchmarkCapacityHalvesMidway(b *testing.B) {
	const latency = 20 * time.Millisecond
	midway(b, `{"capacity": 8, "reset_max_in_flight": true}`, 8, latency)
}

// BenchmarkCapacitySlowsMidway: C = 16, L = 20 ms, adaptive; when half the rows are in, every
// request takes twice as long (40 ms: another load took Senior's CPU) while Senior still works
// on 16 at once. The ideal is 16/L, then 16/2L: the longer round trips are no queue, and the
// limit must not fall for them (before 5795409 it fell to 1 for a minute).
func BenchmarkCapacitySlowsMidway(b *testing.B) {
	midway(b, `{"latency": "40ms", "reset_max_in_flight": true}`, 16, 40*time.Millisecond)
}

// midway runs 4,000 categories against a simulator of capacity 16 and latency 20 ms whose
// configuration becomes change when half of them are in, and reports the fraction of the ideal
// (16/20 ms, then capacity/latency) and the second half's median latency in its own L.
func midway(b *testing.B, change string, capacity int, latency time.Duration) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	const first = 20 * time.Millisecond
	base := startSimProcess(b, bin, "--latency", first.String(), "--capacity", "16", "--quiet")
	const rows = 16 * 250
	f := writeCategorias(b, dir, rows)
	ideal := float64(rows/2)/(16/first.Seconds()) + float64(rows/2)/(float64(capacity)/latency.Seconds())
	for i := 0; i < b.N; i++ {
		simConfig(b, base, `{"capacity": 16, "latency": "20ms", "reset_max_in_flight": true, "seed": 1}`)
		start := simStats(b, base)["requests"].(float64)
		done := make(chan struct{})
		go func() {
			defer close(done)
			for simStats(b, base)["requests"].(float64)-start < rows/2 {
				time.Sleep(5 * time.Millisecond)
			}
			simConfig(b, base, change)
		}()
		began := time.Now()
		importerRun(b, bin, base, dir, f, rows, 64)
		took := time.Since(began).Seconds()
		<-done
		second := []float64{}
		raw, _ := os.ReadFile(filepath.Join(dir, "report.jsonl"))
		for n, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
			if n >= rows/2 {
				var l struct {
					LatencyMS float64 `json:"latency_ms"`
				}
				json.Unmarshal(line, &l)
				second = append(second, l.LatencyMS)
			}
		}
		slices.Sort(second)
		b.ReportMetric(ideal/took, "of_ideal")
		b.ReportMetric(quantile(second, 0.5)/float64(latency.Milliseconds()), "second_half_p50/L")
		b.ReportMetric(simStats(b, base)["max_in_flight"].(float64), "max_in_flight_after_change")
	}
}

// BenchmarkFaults: 5,000 quotes (GravarOrcamentos includes, one item each) at L = 20 ms with
// 32 workers, fixed and found (auto_), without faults and with 10% passing faults (resets
// before and after storing, 503 with Retry-After, 500, answers cut short) in the same run:
// the throughput ratio, and that nothing was stored twice (the simulator counts includes of
// a quote it already has).
func BenchmarkFaults(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	const rows = 5000
	var q strings.Builder
	q.WriteString("tipOpe;codEmp;numOct;verOct;desOct;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&q, "1;1;%d;1;Orçamento %d;1;P1;1;10\n", i, i)
	}
	f := filepath.Join(dir, "GravarOrcamentos-bench.csv")
	if err := os.WriteFile(f, []byte(q.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		// Fixed 32 workers, as issue 14 measured; then the default, the limit found up to 32,
		// which the faults must not sink either (503s one now and then are no overload).
		for _, mode := range []struct {
			name  string
			extra []string
		}{{"", []string{"--fixed-workers"}}, {"auto_", nil}} {
			clean := startSimProcess(b, bin, "--latency", "20ms", "--quiet")
			rpsClean, _ := importerRun(b, bin, clean, dir, f, rows, 32, mode.extra...)
			faulty := startSimProcess(b, bin, "--latency", "20ms", "--quiet", "--seed", "11",
				"--fault", "reset_before=0.02", "--fault", "reset_after=0.02", "--fault", "http503=0.02",
				"--fault", "http500=0.02", "--fault", "truncated=0.02")
			rpsFaulty, _ := importerRun(b, bin, faulty, dir, f, rows, 32, append([]string{"--retries", "10"}, mode.extra...)...)
			st := simStats(b, faulty)
			if st["duplicate_includes"].(float64) != 0 || st["stored"].(float64) != rows {
				b.Fatalf("faulty run: %v", st)
			}
			b.ReportMetric(rpsClean, mode.name+"clean_rows/s")
			b.ReportMetric(rpsFaulty, mode.name+"faults_rows/s")
			b.ReportMetric(rpsFaulty/rpsClean, mode.name+"ratio")
		}
	}
}

// BenchmarkDeadNode: 2,400 categories against a Senior of capacity 16 and L = 20 ms behind a
// load balancer one of whose nodes is down: 30% of the requests answered 503 with Retry-After
// at once, however many are in flight. The adaptive limit (--workers 64) against the same
// Senior without the dead node, in the same run: the fraction of its rows a second, and the
// limit at the end. Before the limit checked that its cuts for 503s cost no answers (see
// shed), each of those answers cut it, and it sank to 1: 72.7 s for these rows by hand.
func BenchmarkDeadNode(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	const rows = 2400
	f := writeCategorias(b, dir, rows)
	clean := startSimProcess(b, bin, "--latency", "20ms", "--capacity", "16", "--quiet")
	dead := startSimProcess(b, bin, "--latency", "20ms", "--capacity", "16", "--quiet", "--fault", "http503=0.3")
	for i := 0; i < b.N; i++ {
		rpsClean, _ := importerRun(b, bin, clean, dir, f, rows, 64)
		rpsDead, _ := importerRun(b, bin, dead, dir, f, rows, 64, "--retries", "10")
		b.ReportMetric(rpsClean, "clean_rows/s")
		b.ReportMetric(rpsDead, "dead_node_rows/s")
		b.ReportMetric(rpsDead/rpsClean, "ratio")
	}
}

// BenchmarkJournal: the latency-bound run (20 ms, 64 workers) and the CPU-bound one (no
// latency, 16 workers) with the journal on (a new one each run) and off, side by side in one
// run: issue 13 allows the journal 5% of the first and 15% of the second.
func BenchmarkJournal(b *testing.B) {
	dir := b.TempDir()
	bin := buildImporter(b, dir)
	for _, c := range []struct {
		name    string
		latency string
		workers int
		rows    int
	}{{"latency-bound", "20ms", 64, 32000}, {"cpu-bound", "0s", 16, 100000}} {
		b.Run(c.name, func(b *testing.B) {
			base := startSimProcess(b, bin, "--latency", c.latency, "--quiet")
			f := writeCategorias(b, dir, c.rows)
			importerRun(b, bin, base, dir, f, c.rows, c.workers, "--no-journal") // warm-up: the simulator holds them all
			for i := 0; i < b.N; i++ {
				off1, _ := importerRun(b, bin, base, dir, f, c.rows, c.workers, "--no-journal")
				on, _ := importerRun(b, bin, base, dir, f, c.rows, c.workers)
				off2, _ := importerRun(b, bin, base, dir, f, c.rows, c.workers, "--no-journal")
				off := (off1 + off2) / 2
				b.ReportMetric(off, "off_rows/s")
				b.ReportMetric(on, "on_rows/s")
				b.ReportMetric(1-on/off, "cost")
			}
		})
	}
}
