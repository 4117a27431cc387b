package writers

import (
	"bufio"
	"encoding/csv"
	"errors"
	"os"
	"strconv"
	"strings"

	"seniorimporter/outcome"
)

// csvWriter writes UTF-8 with a BOM, ";" and CRLF, so Excel set to Portuguese opens it
// right. The original columns are written exactly as they were read (no formula guard): they
// are data to be read back, and a leading apostrophe would change them. What Senior answered
// (code, message, id) and the file's and sheet's names are guarded (see guardFormula): a
// server's text, or a dropped file's name, must not become a formula in the finance team's
// Excel. The file appears at its path at Close.
type csvWriter struct {
	f       *atomicFile
	b       *bufio.Writer
	w       *csv.Writer
	columns []string
	place   *placer
	err     error
}

// parked tells whether the file is closed until written again (re-import files, park).
func (c *csvWriter) parked() bool { return c.w == nil }

func newCSV(path string, header []string) (*csvWriter, error) {
	f, err := createAtomic(path)
	if err != nil {
		return nil, err
	}
	c := &csvWriter{f: f}
	c.attach(bufio.NewWriterSize(f, 256<<10))
	c.b.WriteString("\uFEFF")
	if err := c.w.Write(header); err != nil {
		f.abort()
		return nil, err
	}
	return c, nil
}

// attach gives the writer a buffer over its file.
func (c *csvWriter) attach(b *bufio.Writer) {
	b.Reset(c.f.File)
	c.b = b
	c.w = csv.NewWriter(b)
	c.w.Comma = ';'
	c.w.UseCRLF = true
}

// park writes out what is buffered and closes the file, which stays under its temporary name;
// it returns the buffer, for another file. A re-import writer parks the files it is not
// writing, so a run of many inputs does not hold a file open (and 256 KiB) for each.
func (c *csvWriter) park() (*bufio.Writer, error) {
	c.w.Flush()
	err := errors.Join(c.w.Error(), c.b.Flush(), c.f.File.Close())
	if c.err == nil {
		c.err = err
	}
	b := c.b
	c.b, c.w = nil, nil
	return b, err
}

// unpark opens a parked file again, to append to it through b.
func (c *csvWriter) unpark(b *bufio.Writer) error {
	f, err := os.OpenFile(c.f.Name(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		c.err = err
		return err
	}
	c.f.File = f
	c.attach(b)
	return nil
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
	for _, i := range guardedCells {
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
	if c.parked() {
		if err := c.unpark(bufio.NewWriterSize(nil, 4<<10)); err != nil {
			os.Remove(c.f.Name())
			return err
		}
	}
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
