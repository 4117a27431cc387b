package writers

import (
	"seniorimporter/outcome"

	"bufio"
	"encoding/csv"
)

// csvWriter writes UTF-8 with a BOM, ";" and CRLF, so Excel set to Portuguese opens it
// right. Values are written exactly as they are (no formula guard): a report is data to be
// read back, and a leading apostrophe would change it. The file appears at its path at Close.
type csvWriter struct {
	f       *atomicFile
	b       *bufio.Writer
	w       *csv.Writer
	columns []string
	place   *placer
	err     error
}

func newCSV(path string, header []string) (*csvWriter, error) {
	f, err := createAtomic(path)
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriterSize(f, 256<<10)
	b.WriteString("\uFEFF")
	w := csv.NewWriter(b)
	w.Comma = ';'
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		f.abort()
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
	c.place = newPlacer(cols)
	return c, nil
}

func (c *csvWriter) Write(o *outcome.Line) error {
	return c.write(append(c.place.texts(len(c.columns), o), outcomeCells(o)...))
}

func (c *csvWriter) write(rec []string) error {
	if c.err != nil {
		return c.err
	}
	c.err = c.w.Write(rec)
	return c.err
}

// Close writes the rest and puts the file in place; after a failed write it leaves whatever
// was at the path.
func (c *csvWriter) Close(*outcome.Summary) error {
	c.w.Flush()
	err := c.err
	if err == nil {
		err = c.w.Error()
	}
	if err == nil {
		err = c.b.Flush()
	}
	if err != nil {
		c.f.abort()
		return err
	}
	return c.f.commit()
}
