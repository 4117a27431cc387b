package writers

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"seniorimporter/outcome"
)

// benchLines is how many lines BenchmarkReports writes: 1,000,000 (the capacity goal), or
// WRITERS_BENCH_LINES for a quick look.
func benchLines() int {
	if n, err := strconv.Atoi(os.Getenv("WRITERS_BENCH_LINES")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// reportRun writes n lines of a 3-column input (a code, a name, an amount cell) to w: one
// row in twenty invalid with its message, the rest accepted with an id.
func reportRun(b *testing.B, w Writer, n int) {
	header := []string{"ContaIdERP", "ContaRazaoSocial", "ContaValor"}
	cells := make([]outcome.Cell, 3)
	l := &outcome.Line{File: "in/setContas.xlsx", Sheet: "contas", Port: "setContas", Header: header, Attempts: 1}
	for i := range n {
		id := strconv.Itoa(100000 + i)
		cells[0] = outcome.Cell{Text: "C" + id}
		cells[1] = outcome.Cell{Text: "Empresa " + id + " Comércio Ltda"}
		v := strconv.Itoa(i%100000) + ".5"
		cells[2] = outcome.Cell{Text: v, Kind: outcome.CellNumber, Value: v, Format: "#,##0.00"}
		l.Row, l.Key, l.Cells, l.LatencyMS = i+2, "C"+id, cells, int64(20+i%13)
		l.Outcome, l.ID, l.Message, l.Problems = outcome.OK, id, "", nil
		if i%20 == 7 {
			l.Outcome, l.ID = outcome.Invalid, ""
			l.Problems = []outcome.Problem{{Field: "ContaValor", Column: "ContaValor", Cell: "C" + strconv.Itoa(i+2), Value: v, Reason: "tem 3 casas decimais; o campo aceita 2"}}
			l.Message = outcome.PT.Problems(l.Problems)
		}
		if err := w.Write(l); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(nil); err != nil {
		b.Fatal(err)
	}
}

// peakHeap samples the heap in use every 5 ms while fn runs and returns fn's time and the
// largest sample.
func peakHeap(fn func()) (time.Duration, uint64) {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	fn()
	took := time.Since(start)
	close(done)
	wg.Wait()
	return took, peak.Load()
}

// BenchmarkReports writes the same 1,000,000 lines as a CSV and as an XLSX report in the same
// run and reports each one's time and peak heap, and the ratio of the times (goal: XLSX ≤ 3 ×
// CSV, under 150 MB). Run it alone: go test ./writers -run '^$' -bench Reports -benchtime 1x
func BenchmarkReports(b *testing.B) {
	n := benchLines()
	dir := b.TempDir()
	src := []SourceInfo{{File: "in/setContas.xlsx", Sheet: "contas", Header: []string{"ContaIdERP", "ContaRazaoSocial", "ContaValor"}}}
	for b.Loop() {
		csvTime, csvPeak := peakHeap(func() {
			w, err := Open(filepath.Join(dir, "r.csv"), Options{Lang: outcome.PT, Sources: src})
			if err != nil {
				b.Fatal(err)
			}
			reportRun(b, w, n)
		})
		xlsxTime, xlsxPeak := peakHeap(func() {
			w, err := Open(filepath.Join(dir, "r.xlsx"), Options{Lang: outcome.PT, Sources: src})
			if err != nil {
				b.Fatal(err)
			}
			reportRun(b, w, n)
		})
		csvSize, xlsxSize := fileSize(filepath.Join(dir, "r.csv")), fileSize(filepath.Join(dir, "r.xlsx"))
		b.ReportMetric(csvTime.Seconds(), "csv-s")
		b.ReportMetric(xlsxTime.Seconds(), "xlsx-s")
		b.ReportMetric(xlsxTime.Seconds()/csvTime.Seconds(), "xlsx/csv")
		b.ReportMetric(float64(csvPeak)/(1<<20), "csv-peak-MB")
		b.ReportMetric(float64(xlsxPeak)/(1<<20), "xlsx-peak-MB")
		b.ReportMetric(float64(csvSize)/(1<<20), "csv-file-MB")
		b.ReportMetric(float64(xlsxSize)/(1<<20), "xlsx-file-MB")
	}
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return st.Size()
}

// BenchmarkXLSX100k is the XLSX report alone, 100,000 lines, for profiles.
func BenchmarkXLSX100k(b *testing.B) {
	src := []SourceInfo{{File: "in/setContas.xlsx", Sheet: "contas", Header: []string{"ContaIdERP", "ContaRazaoSocial", "ContaValor"}}}
	for b.Loop() {
		w, err := Open(filepath.Join(b.TempDir(), "r.xlsx"), Options{Lang: outcome.PT, Sources: src})
		if err != nil {
			b.Fatal(err)
		}
		reportRun(b, w, 100_000)
	}
}
