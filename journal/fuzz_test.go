package journal

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzLinesRoundTrip: a record's report lines, joined into one column and split again when a
// run's report is read back, are the lines given (less a final newline each), for any lines
// that hold no other newline; lines that do are refused, never stored torn.
func FuzzLinesRoundTrip(f *testing.F) {
	f.Add([]byte(`{"row":2}`), []byte(`{"row":3,"message":"a\\nb"}`+"\n"), []byte(""))
	f.Add([]byte(""), []byte("\n"), []byte("x\ny"))
	f.Add([]byte("\nx"), []byte("x\ny\n"), []byte("x"))
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		in := [][]byte{a, b, c}
		joined, err := joinLines(in)
		inner := false
		for _, l := range in {
			if i := bytes.IndexByte(l, '\n'); i >= 0 && i != len(l)-1 {
				inner = true
			}
		}
		if inner {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("lines %q with an inner newline: %v, want ErrInvalid", in, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var out [][]byte
		splitLines(joined, func(l []byte) error {
			out = append(out, bytes.Clone(l))
			return nil
		})
		if len(out) != len(in) {
			t.Fatalf("%q: %d lines back, want %d", in, len(out), len(in))
		}
		for i := range in {
			if want := bytes.TrimSuffix(in[i], []byte{'\n'}); !bytes.Equal(out[i], want) {
				t.Errorf("line %d: %q, want %q", i, out[i], want)
			}
		}
	})
}
