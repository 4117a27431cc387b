package writers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var xEscape = regexp.MustCompile(`_x([0-9A-Fa-f]{4})_`)

// unescapeX undoes Excel's _xHHHH_ escapes, as Excel reads a cell's text.
func unescapeX(s string) string {
	return xEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 16)
		return string(rune(n))
	})
}

// FuzzCellText: any text written into a cell is well-formed XML, and read back as Excel reads
// it (XML, then _xHHHH_ escapes) it is the text written.
func FuzzCellText(f *testing.F) {
	for _, s := range []string{"Ação & Cia; \"Ltda\"", " lead", "a\r\nb", "x\x01y", "_x0041_", "<t>", "", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := append([]byte("<si>"), appendT(nil, s)...)
		doc = append(doc, "</si>"...)
		var si struct {
			T string `xml:"t"`
		}
		if err := xml.Unmarshal(doc, &si); err != nil {
			t.Fatalf("%q: %s is not XML: %v", s, doc, err)
		}
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\uFFFE\uFFFF") {
			return // replaced by U+FFFD
		}
		if got := unescapeX(si.T); got != s {
			t.Fatalf("%q written, %q read (%s)", s, got, doc)
		}
	})
}

// Column letters and cell references go both ways for every column Excel has.
func TestColumns(t *testing.T) {
	for n := range 16384 {
		ref := string(appendColumn(nil, n)) + "7"
		if got := columnIndex(ref); got != n {
			t.Fatalf("%d → %s → %d", n, ref, got)
		}
	}
}

// FuzzCSVRecord: a record the CSV report and corrigir writers write reads back field by field,
// as encoding/csv reads it with ";" (a line break as written, its CR dropped as encoding/csv's
// own writer drops it) and, where no field holds a line break, as LibreOffice opens the file
// unless told otherwise (comma, semicolon and tab all separators): the same fields in the same
// columns.
func FuzzCSVRecord(f *testing.F) {
	for _, r := range [][3]string{{"1234,56", "Peças, parafusos", "a\tb"}, {" x", `"q"`, "l1\nl2"}, {`\.`, "", ";"}, {"Ação", "R$ 1.234,56", "x\r\ny"}} {
		f.Add(r[0], r[1], r[2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		rec := []string{a, b, c}
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		if err := writeRecord(w, rec); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		r := csv.NewReader(bytes.NewReader(buf.Bytes()))
		r.Comma = ';'
		got, err := r.Read()
		if err != nil {
			t.Fatalf("%q written as %q: %v", rec, buf.Bytes(), err)
		}
		want := make([]string, len(rec))
		breaks := false
		for i, s := range rec {
			want[i] = strings.ReplaceAll(s, "\r", "")
			breaks = breaks || strings.ContainsAny(s, "\r\n")
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q written as %q, read back as %q", rec, buf.Bytes(), got)
		}
		if breaks || !utf8.ValidString(a+b+c) {
			return
		}
		lo := loDefaultFields(t, buf.Bytes())
		if len(lo) != 1 || !slices.Equal(lo[0], rec) {
			t.Errorf("%q written as %q, opened by LibreOffice's defaults as %q", rec, buf.Bytes(), lo)
		}
	})
}
