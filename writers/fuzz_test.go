package writers

import (
	"encoding/xml"
	"regexp"
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
