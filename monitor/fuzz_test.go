package monitor

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
)

// FuzzMetricsLoad: whatever an earlier run, another program or a person left in the metrics
// file, Load never panics, and what a run then writes is a file Prometheus reads whose
// counters are finite and not negative, and whose latency histogram counts up bucket by
// bucket to its count: a node exporter serves it as it is, and an alert's rate() over a
// counter that went negative or a bucket above the next fires for nothing.
func FuzzMetricsLoad(f *testing.F) {
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.prom")
	m := NewMetrics(seed)
	m.Add(Run{Summary: outcome.Summary{ExitCode: 0, Finished: time.Unix(1e9, 0), Outcomes: map[outcome.Kind]int{outcome.OK: 3}}})
	m.observe(0.02)
	m.observe(7)
	if err := m.Write(); err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile(seed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("# TYPE importer_rows_total counter\nimporter_rows_total{outcome=\"ok\"} -5\n"))
	f.Add([]byte("# TYPE importer_runs_total counter\nimporter_runs_total{exit_code=\"0\"} NaN\n"))
	// The file as the importer writes it, one bucket's count below the one before.
	broken := strings.Replace(string(b), `importer_senior_latency_seconds_bucket{file="seed.prom",le="0.05"} 1`, `importer_senior_latency_seconds_bucket{file="seed.prom",le="0.05"} 0`, 1)
	if broken == string(b) {
		f.Fatalf("the seed file has no bucket le=0.05 holding 1:\n%s", b)
	}
	f.Add([]byte(broken))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "importer.prom")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m := NewMetrics(path)
		if err := m.Load(); err != nil {
			return // said in the log; the counts start at zero
		}
		m.Add(Run{Summary: outcome.Summary{ExitCode: 1, Finished: time.Unix(2e9, 0), Outcomes: map[outcome.Kind]int{outcome.OK: 1, outcome.Invalid: 1}}})
		m.observe(0.3)
		if err := m.Write(); err != nil {
			t.Fatalf("Write after Load: %v", err)
		}
		fams := parse(t, path)
		for name, fam := range fams {
			for _, mt := range fam.GetMetric() {
				if c := mt.GetCounter(); c != nil {
					if v := c.GetValue(); math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
						t.Errorf("%s{%v} = %v", name, mt.GetLabel(), v)
					}
				}
				if h := mt.GetHistogram(); h != nil {
					var prev uint64
					for _, b := range h.GetBucket() {
						if b.GetCumulativeCount() < prev {
							t.Errorf("%s: bucket le=%v holds %d, below the one before (%d)", name, b.GetUpperBound(), b.GetCumulativeCount(), prev)
						}
						prev = b.GetCumulativeCount()
					}
					if h.GetSampleCount() < prev {
						t.Errorf("%s: count %d below its last bucket (%d)", name, h.GetSampleCount(), prev)
					}
					if s := h.GetSampleSum(); math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
						t.Errorf("%s: sum %v", name, s)
					}
				}
			}
		}
	})
}

// FuzzBlankSecrets: no secret of four bytes or more (the importer passes no shorter one) is
// left in a line of the command's output that is logged, whatever the line and the secrets;
// a line that held none is logged as it is. The line is built from the fuzz bytes out of
// pieces of the secrets, the blank and free text, so that the fuzzer explores how they meet.
func FuzzBlankSecrets(f *testing.F) {
	f.Add("s3nha-do-arquivo", "", []byte{3, 0}, "pw=")
	f.Add("abab", "ba", []byte{0, 0, 1, 2}, "ab")
	f.Fuzz(func(t *testing.T, a, b string, plan []byte, text string) {
		if len(a) < 4 || len(b) > 0 && len(b) < 4 || len(a) > 64 || len(b) > 64 || len(plan) > 64 || len(text) > 256 {
			return
		}
		var sb strings.Builder
		for i, c := range plan {
			k := int(c>>3) % (len(a) + 1)
			switch c % 6 {
			case 0:
				sb.WriteString(a)
			case 1:
				sb.WriteString(b)
			case 2:
				sb.WriteString(a[:k])
			case 3:
				sb.WriteString(text[min(i, len(text)):])
			case 4:
				sb.WriteString("***")
			case 5:
				sb.WriteString(a[k:])
			}
		}
		line := sb.String()
		out := outcome.Blank(line, []string{a, b})
		held := strings.Contains(line, a) || b != "" && strings.Contains(line, b)
		if !held && out != line {
			t.Fatalf("secrets %q %q: %q held none, logged %q", a, b, line, out)
		}
		if strings.Contains(out, a) || b != "" && strings.Contains(out, b) {
			t.Fatalf("secrets %q %q: %q logged %q, which still holds one", a, b, line, out)
		}
	})
}
