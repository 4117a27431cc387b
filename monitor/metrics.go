package monitor

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"seniorimporter/outcome"
)

// The metric families, as node_exporter serves them (DESIGN.md "Unattended runs"). The
// *_total counters and the latency histogram go on from the values the file already holds, so
// that they grow across runs as Prometheus expects of counters; the last_run gauges are the
// last run's.
const (
	mRows        = "importer_rows_total"
	mRuns        = "importer_runs_total"
	mFiles       = "importer_watch_files_total"
	mLatency     = "importer_senior_latency_seconds"
	mLastSuccess = "importer_last_success_timestamp_seconds"
	mLastTime    = "importer_last_run_timestamp_seconds"
	mLastDur     = "importer_last_run_duration_seconds"
	mLastExit    = "importer_last_run_exit_code"
	mLastRows    = "importer_last_run_rows"
	mLastRecords = "importer_last_run_records"
	mLastRate    = "importer_last_run_rows_per_second"
	mLastFaults  = "importer_last_run_passing_faults"
)

// latencyBuckets are the histogram's upper bounds in seconds: Senior answers in tens of
// milliseconds to tens of seconds.
func latencyBuckets() []float64 {
	return []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}
}

// Metrics are the counts a metrics file shows: those it held already (Load) plus the runs
// added since. Not safe for concurrent use: runs are added one after the other.
type Metrics struct {
	path        string
	rows        map[string]float64 // outcome → rows
	runs        map[string]float64 // exit code → runs
	files       map[string]float64 // done or failed → dropped files
	lastSuccess float64            // Unix seconds; 0: none known
	last        *outcome.Summary

	bounds []float64
	counts []uint64 // per bucket, not cumulative; the last one is +Inf
	sum    float64
	count  uint64
}

// Run is one finished run as the metrics count it.
type Run struct {
	Summary outcome.Summary
	Reports []string // the run's JSONL reports: each record's latency_ms is read from them
	Result  string   // the drop folder: "done" or "failed"; "" for run
}

// NewMetrics starts metrics for the file at path, all counts at zero; Load carries over the
// counts it already holds.
func NewMetrics(path string) *Metrics {
	b := latencyBuckets()
	return &Metrics{path: path, rows: map[string]float64{}, runs: map[string]float64{}, files: map[string]float64{},
		bounds: b, counts: make([]uint64, len(b)+1)}
}

// Load reads the counters, the latency histogram and the last success time from the metrics
// file as an earlier run left it. A missing file is no error; an unreadable one is, and the
// counts stay at zero.
func (m *Metrics) Load() error {
	f, err := os.Open(m.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bufio.NewReader(f))
	if err == nil {
		err = counting(fams)
	}
	if err != nil {
		return fmt.Errorf("metrics file %s: %w", m.path, err)
	}
	carry := func(name, label string, into map[string]float64) {
		for _, mt := range fams[name].GetMetric() {
			into[labelOf(mt, label)] += mt.GetCounter().GetValue()
		}
	}
	carry(mRows, "outcome", m.rows)
	carry(mRuns, "exit_code", m.runs)
	carry(mFiles, "result", m.files)
	if ms := fams[mLastSuccess].GetMetric(); len(ms) > 0 {
		m.lastSuccess = ms[0].GetGauge().GetValue()
	}
	if ms := fams[mLatency].GetMetric(); len(ms) > 0 {
		h := ms[0].GetHistogram()
		var bounds []float64
		var cum []uint64
		for _, b := range h.GetBucket() {
			if math.IsInf(b.GetUpperBound(), +1) {
				continue // the count is the +Inf bucket
			}
			bounds = append(bounds, b.GetUpperBound())
			cum = append(cum, b.GetCumulativeCount())
		}
		// Buckets of another shape (another version's) cannot be added to: start again.
		if slices.Equal(bounds, m.bounds) {
			var prev uint64
			for i, c := range cum {
				m.counts[i] = c - prev
				prev = c
			}
			m.counts[len(m.bounds)] = h.GetSampleCount() - prev
			m.sum, m.count = h.GetSampleSum(), h.GetSampleCount()
		}
	}
	return nil
}

// counting refuses what no run of the importer writes and Prometheus reads as a reset or
// worse: a counter (or the latency histogram's sum) negative, NaN or infinite, a histogram
// bucket below the one before it or above the count. Carried on, one such value (a file
// edited by hand, a disk's garbage) stayed in every later run's file: a counter for ever NaN,
// a histogram Prometheus's histogram_quantile reads as nonsense.
func counting(fams map[string]*dto.MetricFamily) error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	for _, name := range []string{mRows, mRuns, mFiles, mLatency} {
		for _, mt := range fams[name].GetMetric() {
			if c := mt.GetCounter(); c != nil && bad(c.GetValue()) {
				return fmt.Errorf("%s%s is %v: a count is never negative, NaN or infinite", name, labelsOf(mt), c.GetValue())
			}
			h := mt.GetHistogram()
			if h == nil {
				continue
			}
			if bad(h.GetSampleSum()) {
				return fmt.Errorf("%s_sum is %v: a sum of latencies is never negative, NaN or infinite", name, h.GetSampleSum())
			}
			var prev uint64
			for _, b := range h.GetBucket() {
				if b.GetCumulativeCount() < prev {
					return fmt.Errorf("%s_bucket{le=\"%v\"} is %d, below the bucket before it (%d)", name, b.GetUpperBound(), b.GetCumulativeCount(), prev)
				}
				prev = b.GetCumulativeCount()
			}
			if h.GetSampleCount() < prev {
				return fmt.Errorf("%s_count is %d, below its buckets (%d)", name, h.GetSampleCount(), prev)
			}
		}
	}
	return nil
}

// labelsOf is a metric's labels as the text format writes them ({outcome="ok"}).
func labelsOf(mt *dto.Metric) string {
	if len(mt.GetLabel()) == 0 {
		return ""
	}
	var b strings.Builder
	for i, l := range mt.GetLabel() {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", l.GetName(), l.GetValue())
	}
	return "{" + b.String() + "}"
}

func labelOf(mt *dto.Metric, name string) string {
	for _, l := range mt.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// Add counts a finished run. An error reading a report leaves its latencies out; the rest is
// counted.
func (m *Metrics) Add(r Run) error {
	s := r.Summary
	m.last = &s
	for k, n := range s.Outcomes {
		m.rows[string(k)] += float64(n)
	}
	m.runs[strconv.Itoa(s.ExitCode)]++
	if r.Result != "" {
		m.files[r.Result]++
	}
	if s.ExitCode == outcome.ExitOK && !s.Finished.IsZero() {
		m.lastSuccess = float64(s.Finished.UnixMilli()) / 1000
	}
	var errs []error
	for _, p := range r.Reports {
		errs = append(errs, m.readLatencies(p))
	}
	return errors.Join(errs...)
}

// readLatencies observes the latency of every record sent in a JSONL report: a record's rows
// share its request, so consecutive lines of one port and key count once; rows never sent
// (attempts 0, or not_sent) not at all. A not_sent row may carry an attempt and a latency: a
// night Senior was down, each record's first request met a refused connection and its
// latency ran on until --give-up-after (6 s of 5 s give-up each, 73 of them); observed, they
// were "Senior's answer time" of a Senior that answered nothing, and the next day's
// SeniorSlow alert fired beside SeniorImportDidNotRun.
//
// A report that is not there holds none, and is no error: a run that could not start (an
// input that is a workbook named .csv, TMPDIR missing) wrote no report, and its night's log
// said so, then warned "métricas: um relatório não pôde ser lido" of the report.jsonl its
// --out folder never got, a second line for an alert to match.
func (m *Metrics) readLatencies(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	type line struct {
		Port      string `json:"port"`
		Key       string `json:"key"`
		Outcome   string `json:"outcome"`
		Attempts  int    `json:"attempts"`
		LatencyMS int64  `json:"latency_ms"`
	}
	var prev line
	dec := json.NewDecoder(bufio.NewReaderSize(f, 64<<10))
	for {
		var l line
		if err := dec.Decode(&l); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("report %s: %w", path, err)
		}
		// A record's rows are consecutive, its set files' rows among them.
		same := l.Key != "" && l.Port == prev.Port && l.Key == prev.Key
		prev = l
		if l.Attempts == 0 || l.Outcome == string(outcome.NotSent) || same {
			continue
		}
		m.observe(float64(l.LatencyMS) / 1000)
	}
}

func (m *Metrics) observe(seconds float64) {
	i, _ := slices.BinarySearch(m.bounds, seconds) // le: the first bound ≥ seconds
	m.counts[i]++
	m.sum += seconds
	m.count++
}

// Write writes the metrics file atomically (client_golang's WriteToTextfile: a temporary
// file renamed over it), creating its folder.
func (m *Metrics) Write() error {
	if err := os.MkdirAll(filepath.Dir(m.path), 0o755); err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	if err := reg.Register(collector{m}); err != nil {
		return err
	}
	return prometheus.WriteToTextfile(m.path, reg)
}

// collector hands the registry the metrics as they stand. It describes nothing (an unchecked
// collector): which last-run metrics exist depends on whether a run was counted.
type collector struct{ m *Metrics }

func (collector) Describe(chan<- *prometheus.Desc) {}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	m := c.m
	// Every series names its file, as node_exporter's node_textfile_mtime_seconds does: the
	// nightly job's importer.prom and the drop folder's importer-financeiro.prom (README's
	// own two examples, one textfile folder) held the same series, and node_exporter serves
	// one series once ("collected before with the same name and label values"): the files
	// read first won, and the nightly's exit code 2 never reached an alert.
	file := prometheus.Labels{"file": filepath.Base(m.path)}
	labelled := func(name, help, label string, vt prometheus.ValueType, values map[string]float64) {
		d := prometheus.NewDesc(name, help, []string{label}, file)
		for _, k := range slices.Sorted(maps.Keys(values)) {
			ch <- prometheus.MustNewConstMetric(d, vt, values[k], k)
		}
	}
	gauge := func(name, help string, v float64) {
		ch <- prometheus.MustNewConstMetric(prometheus.NewDesc(name, help, nil, file), prometheus.GaugeValue, v)
	}
	rows := map[string]float64{}
	for _, k := range outcome.Kinds {
		rows[string(k)] = 0 // every outcome shows, so that an alert on one needs no absent()
	}
	for k, v := range m.rows {
		rows[k] = v
	}
	labelled(mRows, "Input rows by outcome, over every run counted in this file.", "outcome", prometheus.CounterValue, rows)
	labelled(mRuns, "Runs by exit code (0 every row ok, 1 some rows not, 2 could not start or aborted, 130 interrupted).", "exit_code", prometheus.CounterValue, m.runs)
	if len(m.files) > 0 {
		labelled(mFiles, "Files taken from the drop folder, by where they went (done or failed).", "result", prometheus.CounterValue, m.files)
	}
	cum := map[float64]uint64{}
	var acc uint64
	for i, b := range m.bounds {
		acc += m.counts[i]
		cum[b] = acc
	}
	ch <- prometheus.MustNewConstHistogram(prometheus.NewDesc(mLatency,
		"Seconds Senior took to answer a record's request (the reports' latency_ms; one observation per record sent).", nil, file),
		m.count, m.sum, cum)
	if m.lastSuccess > 0 {
		gauge(mLastSuccess, "When the last run with exit code 0 finished (Unix seconds).", m.lastSuccess)
	}
	if s := m.last; s != nil {
		gauge(mLastTime, "When the last run finished (Unix seconds).", float64(s.Finished.UnixMilli())/1000)
		gauge(mLastDur, "How long the last run took (seconds).", float64(s.DurationMS)/1000)
		gauge(mLastExit, "The last run's exit code.", float64(s.ExitCode))
		gauge(mLastRecords, "Records in the last run.", float64(s.Records))
		gauge(mLastRate, "Rows per second in the last run.", s.RowsPerS)
		gauge(mLastFaults, "Requests of the last run that met a passing fault (connection dropped, timeout, 5xx, 429, SOAP Fault, answer cut short), each tried again: Senior failing while every row still ended ok.", float64(s.PassingFaultsTotal()))
		last := map[string]float64{}
		for _, k := range outcome.Kinds {
			last[string(k)] = float64(s.Outcomes[k])
		}
		labelled(mLastRows, "Input rows by outcome in the last run.", "outcome", prometheus.GaugeValue, last)
	}
}
