package readers

import (
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
