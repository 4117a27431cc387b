package readers

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

// TestXMLTextPiecesKeepWhatIsWhole: a long text comes in pieces; a piece never ends between
// the CR and LF of a line end (read apart, they were two line ends) nor inside an entity,
// however the stream's reads fall (here one byte at a time, the 4,096th byte of the text a
// CR, then an entity's first half).
func TestXMLTextPiecesKeepWhatIsWhole(t *testing.T) {
	for name, text := range map[string]string{
		"CR LF":     strings.Repeat("a", 4095) + "\r\nb",
		"an entity": strings.Repeat("a", 4094) + "&amp;b",
	} {
		t.Run(name, func(t *testing.T) {
			sc := newXMLScanner(iotest.OneByteReader(strings.NewReader("<t>" + text + strings.Repeat("c", 5000) + "</t>")))
			var tok xmlTok
			var got []byte
			for {
				if err := sc.next(&tok); err != nil {
					t.Fatal(err)
				}
				if tok.kind == tkEOF {
					break
				}
				if tok.kind == tkText {
					var err error
					if got, err = appendText(got, tok.text); err != nil {
						t.Fatal(err)
					}
				}
			}
			want := strings.NewReplacer("\r\n", "\n", "&amp;", "&").Replace(text) + strings.Repeat("c", 5000)
			if string(got) != want {
				t.Fatalf("got %d bytes, want %d; around the cut: %q", len(got), len(want), got[4090:4100])
			}
		})
	}
}

// TestXMLCharsAndEscapes: a character reference must name an XML character (a control
// character or a surrogate is damage, as for encoding/xml and excelize), and OOXML's _xHHHH_
// escapes are four hex digits between "_x" and "_": text that only looks like one (a file name
// "arquivo_x1.txt", "_xzzzz_") is text.
func TestXMLCharsAndEscapes(t *testing.T) {
	for ref, ok := range map[string]bool{
		"&#9;": true, "&#10;": true, "&#13;": true, "&#32;": true, "&#xD7FF;": true, "&#xE000;": true, "&#xFFFD;": true, "&#x10000;": true,
		"&#0;": false, "&#1;": false, "&#;": false, "&#x;": false, "&#xB;": false, "&#xD800;": false, "&#xDFFF;": false, "&#xFFFE;": false, "&#x110000;": false,
	} {
		if _, err := appendText(nil, []byte("a"+ref)); (err == nil) != ok {
			t.Errorf("%s: %v, want valid %v", ref, err, ok)
		}
	}
	for in, want := range map[string]string{
		"arquivo_x1.txt":     "arquivo_x1.txt",
		"_xzzzz_ e _xGGGG_":  "_xzzzz_ e _xGGGG_",
		"_x":                 "_x",
		"a_x000D_b_x005F_c_": "a\rb_c_",
		"_x0041__x0042_":     "AB",
		"_x0041X":            "_x0041X", // no closing _: no escape
		"a_xD800_b":          "ab",      // a lone surrogate is no character: dropped, as excelize does
	} {
		if got := string(appendBSTR(nil, []byte(in))); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// A tag whose name does not start as an XML name ("<<row", a stray '<' before a tag) makes
// the sheet damaged: it was read as an element named "<row" and skipped, and the row's cells
// were lost (row 6 in no report, the file valid, exit 0: the mutation tester's). encoding/xml,
// and so excelize, refuses the part.
func TestXMLTagNameRefused(t *testing.T) {
	for _, bad := range []string{`<<row r="6">`, `<1row r="6">`, `<-row r="6">`} {
		path := diffBook(`<row r="5"><c r="A5"><v>5</v></c></row>` + bad + `<c r="A6"><v>6</v></c></row><row r="7"><c r="A7"><v>7</v></c></row>`).write(t)
		rows, err := readBook(t, path)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Kind != Corrupt {
			var lines []int
			for _, r := range rows {
				lines = append(lines, r.Line)
			}
			t.Errorf("%s: rows %v, err %v; want the sheet refused as damaged", bad, lines, err)
		}
	}
}
