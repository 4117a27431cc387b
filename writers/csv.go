package writers

import (
	"seniorimporter/outcome"

	"bufio"
	"encoding/csv"
	"os"
)

// csvWriter writes UTF-8 with a BOM, ";" and CRLF, so Excel set to Portuguese opens it
// right. Values are written exactly as they are (no formula guard): a report is data to be
// read back, and a leading apostrophe would change it.
type csvWriter struct {
	f       *os.File
	b       *bufio.Writer
	w       *csv.Writer
	columns []string
}

func newCSV(path string, header []string) (*csvWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriterSize(f, 256<<10)
	b.WriteString("\uFEFF")
	w := csv.NewWriter(b)
	w.Comma = ';'
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		f.Close()
		return nil, err
	}
	return &csvWriter{f: f, b: b, w: w}, nil
}

func openCSV(path string, o Options) (Writer, error) {
	cols := unionHeader(o.Sources)
	c, err := newCSV(path, append(append([]string{}, cols...), o.Lang.ReportColumns()...))
	if err != nil {
		return nil, err
	}
	c.columns = cols
	return c, nil
}

func (c *csvWriter) Write(o *outcome.Line) error {
	return c.w.Write(append(originalCells(c.columns, o), outcomeCells(o)...))
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	err := c.w.Error()
	if ferr := c.b.Flush(); err == nil {
		err = ferr
	}
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}
