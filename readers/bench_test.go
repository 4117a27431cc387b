package readers

import (
	"archive/zip"
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The big files are made once per test binary, in a folder TestMain removes.
var bigFiles struct {
	once sync.Once
	dir  string
	mu   sync.Mutex
	made map[string]string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigFiles.dir != "" {
		os.RemoveAll(bigFiles.dir)
	}
	os.Exit(code)
}

// bigFile makes (once) a file with make, named name.
func bigFile(b *testing.B, name string, make func(path string) error) string {
	b.Helper()
	bigFiles.once.Do(func() {
		bigFiles.dir, _ = os.MkdirTemp("", "readers-bench-")
		bigFiles.made = map[string]string{}
	})
	bigFiles.mu.Lock()
	defer bigFiles.mu.Unlock()
	if p, ok := bigFiles.made[name]; ok {
		return p
	}
	p := filepath.Join(bigFiles.dir, name)
	if err := make(p); err != nil {
		b.Fatal(err)
	}
	bigFiles.made[name] = p
	return p
}

// writeBigBook writes a workbook of rows × 8 columns as Excel writes one: a number, two
// shared strings (one distinct per row, one of 50 categories), a date, a decimal, a
// percentage, a boolean and a text, in a sheet "dados" with a header.
func writeBigBook(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(bufio.NewWriterSize(f, 1<<20))
	b := newBook("", "", `<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs>`)
	for _, p := range b.parts() {
		if p.name == "xl/worksheets/sheet1.xml" || p.name == "xl/sharedStrings.xml" {
			continue
		}
		w, _ := zw.Create(p.name)
		w.Write(p.data)
	}
	w, _ := zw.Create("xl/sharedStrings.xml")
	sw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintf(sw, `<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" uniqueCount="%d">`, nsMain, rows*2, rows+58)
	for _, h := range []string{"codigo", "descricao", "categoria", "data", "valor", "desconto", "ativo", "obs"} {
		fmt.Fprintf(sw, `<si><t>%s</t></si>`, h)
	}
	for i := range 50 {
		fmt.Fprintf(sw, `<si><t>Categoria %02d ção</t></si>`, i)
	}
	for i := range rows {
		fmt.Fprintf(sw, `<si><t>Produto número %d</t></si>`, i)
	}
	sw.WriteString(`</sst>`)
	sw.Flush()
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	sw = bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintf(sw, `<?xml version="1.0" encoding="UTF-8"?><worksheet %s><dimension ref="A1:H%d"/><sheetData><row r="1">`, nsMain, rows+1)
	for c := range 8 {
		fmt.Fprintf(sw, `<c r="%s1" t="s"><v>%d</v></c>`, ColumnName(c), c)
	}
	sw.WriteString(`</row>`)
	for i := range rows {
		r := i + 2
		fmt.Fprintf(sw, `<row r="%d" spans="1:8"><c r="A%d"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c>`+
			`<c r="D%d" s="1"><v>%d</v></c><c r="E%d" s="2"><v>%d.%02d</v></c><c r="F%d" s="3"><v>0.%03d</v></c><c r="G%d" t="b"><v>%d</v></c>`+
			`<c r="H%d" t="str"><v>obs %d</v></c></row>`,
			r, r, 100000+i, r, 58+i, r, 8+i%50, r, 45000+i%3000, r, i%100000, i%100, r, i%1000, r, i%2, r, i%977)
	}
	sw.WriteString(`</sheetData></worksheet>`)
	sw.Flush()
	return zw.Close()
}

// peakHeap samples the live heap while it runs, and tells the highest it saw.
type peakHeap struct {
	stop chan struct{}
	done chan uint64
}

func startPeak() *peakHeap {
	runtime.GC()
	p := &peakHeap{stop: make(chan struct{}), done: make(chan uint64)}
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-p.stop:
				p.done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peakHeap) report(b *testing.B) {
	close(p.stop)
	b.ReportMetric(float64(<-p.done)/(1<<20), "peak-heap-MB")
}

const bigRows = 1_000_000

func bigBook(b *testing.B) string {
	return bigFile(b, "1M.xlsx", func(p string) error { return writeBigBook(p, bigRows) })
}

// BenchmarkXLSX1M reads the 1,000,000 × 8 workbook with this package.
func BenchmarkXLSX1M(b *testing.B) {
	path := bigBook(b)
	b.ReportAllocs()
	peak := startPeak()
	b.ResetTimer()
	for range b.N {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n, cells := 0, 0
		err = s.Rows(context.Background(), "dados", func(r Row) error {
			n++
			cells += len(r.Cells)
			return nil
		})
		s.Close()
		if err != nil || n != bigRows+1 || cells != 8*n {
			b.Fatalf("%d rows, %d cells: %v", n, cells, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bigRows), "ns/row")
	peak.report(b)
}

// BenchmarkExcelize1M reads the same workbook with excelize's own streaming reader (Rows,
// Columns with raw values), in the same run.
func BenchmarkExcelize1M(b *testing.B) {
	path := bigBook(b)
	b.ReportAllocs()
	peak := startPeak()
	b.ResetTimer()
	for range b.N {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("dados")
		if err != nil {
			b.Fatal(err)
		}
		n, cells := 0, 0
		for rows.Next() {
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				b.Fatal(err)
			}
			n++
			cells += len(cols)
		}
		rows.Close()
		f.Close()
		if n != bigRows+1 || cells != 8*n {
			b.Fatalf("%d rows, %d cells", n, cells)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bigRows), "ns/row")
	peak.report(b)
}

// BenchmarkHugeSharedStrings: 400 MB of shared strings (4,000,000 entries), spilled to a
// temporary file: the peak heap is the in-memory table before it spills (sstMemory, with
// the growth of its buffer), not the table.
func BenchmarkHugeSharedStrings(b *testing.B) {
	path := bigFile(b, "sst.xlsx", func(p string) error {
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zw := zip.NewWriter(f)
		for _, part := range newBook(`<row r="1"><c r="A1" t="s"><v>3999999</v></c></row>`, "", "").parts() {
			if part.name == "xl/sharedStrings.xml" {
				continue
			}
			w, _ := zw.Create(part.name)
			w.Write(part.data)
		}
		w, _ := zw.Create("xl/sharedStrings.xml")
		sw := bufio.NewWriterSize(w, 1<<20)
		sw.WriteString(`<sst>`)
		pad := strings.Repeat("abcdefghij", 9)
		for i := range 4_000_000 {
			fmt.Fprintf(sw, `<si><t>%08d%s</t></si>`, i, pad)
		}
		sw.WriteString(`</sst>`)
		sw.Flush()
		return zw.Close()
	})
	b.ReportAllocs()
	peak := startPeak()
	b.ResetTimer()
	for range b.N {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		var got string
		s.Rows(context.Background(), "dados", func(r Row) error { got = r.Cells[0].Raw; return nil })
		s.Close()
		if !strings.HasPrefix(got, "03999999") {
			b.Fatalf("got %q", got)
		}
	}
	b.StopTimer()
	peak.report(b)
}

// BenchmarkCSVLongLine: a 100 MB line with no delimiter among normal lines is one
// LineTooLong row, read without holding it.
func BenchmarkCSVLongLine(b *testing.B) {
	path := bigFile(b, "long.csv", func(p string) error {
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		w.WriteString("a;b\n1;2\n")
		line := strings.Repeat("x", 1<<20)
		for range 100 {
			w.WriteString(line)
		}
		w.WriteString("\n3;4\n")
		return w.Flush()
	})
	b.ReportAllocs()
	peak := startPeak()
	b.ResetTimer()
	for range b.N {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		var kinds []string
		s.Rows(context.Background(), "long", func(r Row) error {
			if r.Err != nil {
				kinds = append(kinds, r.Err.Kind.String())
			} else {
				kinds = append(kinds, r.Cells[0].Raw)
			}
			return nil
		})
		if strings.Join(kinds, ",") != "a,1,line too long,3" {
			b.Fatalf("%v", kinds)
		}
	}
	b.StopTimer()
	peak.report(b)
}

// BenchmarkCSV1M reads a 1,000,000-line CSV of 8 fields, for comparison with XLSX.
func BenchmarkCSV1M(b *testing.B) {
	path := bigFile(b, "1M.csv", func(p string) error {
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		defer f.Close()
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString("codigo;descricao;categoria;data;valor;desconto;ativo;obs\n")
		for i := range bigRows {
			fmt.Fprintf(w, "%d;Produto número %d;Categoria %02d ção;%02d/%02d/2024;%d,%02d;%d%%;S;\"obs; %d\"\n", 100000+i, i, i%50, 1+i%28, 1+i%12, i%100000, i%100, i%100, i%977)
		}
		return w.Flush()
	})
	b.ReportAllocs()
	peak := startPeak()
	b.ResetTimer()
	for range b.N {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		err = s.Rows(context.Background(), "1M", func(r Row) error {
			if r.Err != nil || len(r.Cells) != 8 {
				return fmt.Errorf("line %d: %v %d", r.Line, r.Err, len(r.Cells))
			}
			n++
			return nil
		})
		if err != nil || n != bigRows+1 {
			b.Fatalf("%d rows: %v", n, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bigRows), "ns/row")
	peak.report(b)
}
