package writers

import (
	"bufio"
	"encoding/csv"
	"strconv"
	"strings"

	"seniorimporter/outcome"
)

// csvWriter writes UTF-8 with a BOM, ";" and CRLF, so Excel set to Portuguese opens it
// right. The original columns are written exactly as they were read (no formula guard): they
// are data to be read back, and a leading apostrophe would change them. What Senior answered
// (code, message, id) is guarded (see guardFormula): a server's text must not become a
// formula in the finance team's Excel. The file appears at its path at Close.
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
	cells := outcomeCells(o)
	for _, i := range answerCells {
		cells[i] = guardFormula(cells[i])
	}
	return c.write(append(c.place.texts(len(c.columns), o), cells...))
}

// guardFormula puts an apostrophe before a text that a spreadsheet would take for a formula
// (it starts with =, +, -, @, a tab or a CR), unless it is a plain number ("-1", a code), so
// that Excel shows it as text and runs nothing (OWASP's CSV injection advice).
func guardFormula(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eEnN") {
		return s // a number, not a formula
	}
	return "'" + s
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
