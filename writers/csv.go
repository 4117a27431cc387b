package writers

import (
	"bufio"
	"errors"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	b       *bufio.Writer // nil while parked
	columns []string
	place   *placer
	err     error
}

// parked tells whether the file is closed until written again (re-import files, park).
func (c *csvWriter) parked() bool { return c.b == nil }

func newCSV(files Files, path string, header []string, lang outcome.Lang) (*csvWriter, error) {
	f, err := createAtomic(files, path)
	if err != nil {
		return nil, err
	}
	f.lang, f.stale = lang, true
	c := &csvWriter{f: f}
	c.attach(bufio.NewWriterSize(f, 256<<10))
	c.b.WriteString("\uFEFF")
	if err := writeRecord(c.b, header); err != nil {
		f.abort()
		return nil, err
	}
	return c, nil
}

// attach gives the writer a buffer over its file.
func (c *csvWriter) attach(b *bufio.Writer) {
	b.Reset(c.f.File)
	c.b = b
}

// writeRecord writes a record as encoding/csv does with ";" and CRLF (a field holding ";", a
// quote or a line break, or starting with a space, in quotes; a line break within one as
// CRLF), and quotes a field holding a comma too. LibreOffice opens a CSV file with comma,
// semicolon and tab all taken as separators unless told otherwise (its default): a corrigir
// file's 1234,56 became two cells, 1234 and 56, shifting the row's later fields one column
// right, and saved and dropped again the row went with vlrBru 1234 and vlrDsc 56 (the last
// field under the header's empty cell LibreOffice added, a warning only). A quoted field is
// one cell in LibreOffice, and a quoted number a number in Excel and LibreOffice alike.
func writeRecord(b *bufio.Writer, rec []string) error {
	for i, f := range rec {
		if i > 0 {
			b.WriteByte(';')
		}
		if !needsQuotes(f) {
			b.WriteString(f)
			continue
		}
		b.WriteByte('"')
		for j := 0; j < len(f); j++ {
			switch ch := f[j]; ch {
			case '"':
				b.WriteString(`""`)
			case '\r': // a line break goes as CRLF, from its \n
			case '\n':
				b.WriteString("\r\n")
			default:
				b.WriteByte(ch)
			}
		}
		b.WriteByte('"')
	}
	_, err := b.WriteString("\r\n") // a bufio.Writer's first error stays: this returns it
	return err
}

// needsQuotes is encoding/csv's rule for ";" (fieldNeedsQuotes) with the comma and the tab,
// LibreOffice's other default separators, added.
func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` || strings.ContainsAny(f, ";,\t\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}

// park writes out what is buffered and closes the file, which stays under its temporary name;
// it returns the buffer, for another file. A re-import writer parks the files it is not
// writing, so a run of many inputs does not hold a file open (and 256 KiB) for each.
func (c *csvWriter) park() (*bufio.Writer, error) {
	err := errors.Join(c.b.Flush(), c.f.File.Close())
	if c.err == nil {
		c.err = err
	}
	b := c.b
	c.b = nil
	return b, err
}

// unpark opens a parked file again, to append to it through b.
func (c *csvWriter) unpark(b *bufio.Writer) error {
	f, err := c.f.files.OpenFile(c.f.tmp, os.O_WRONLY|os.O_APPEND, 0)
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
	c, err := newCSV(o.Files, path, append(append([]string{}, cols...), o.Lang.ReportColumns()...), o.Lang)
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
	c.err = writeRecord(c.b, rec)
	return c.err
}

// Close writes the rest and puts the file in place; after a failed write it moves whatever
// was at the path out of it (atomicFile.fail).
func (c *csvWriter) Close(*outcome.Summary) error {
	if c.parked() {
		if err := c.unpark(bufio.NewWriterSize(nil, 4<<10)); err != nil {
			c.f.files.Remove(c.f.tmp)
			return moveStale(c.f.files, c.f.path, c.f.lang, err)
		}
	}
	err := c.err
	if err == nil {
		err = c.b.Flush()
	}
	if err != nil {
		return c.f.fail(err)
	}
	return c.f.commit()
}
