package readers

import (
	"strings"
	"testing"
)

// TestExcerpt: what a row error shows of what was found (the report's value for a row that
// could not be read) is its first 40 characters, whatever their width in UTF-8, with bytes
// that are not UTF-8 shown as U+FFFD.
func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"short", "1;cano 3/4\" PVC", "1;cano 3/4\" PVC"},
		{"40 characters", strings.Repeat("a", 40), strings.Repeat("a", 40)},
		{"41 characters", strings.Repeat("a", 40) + "b", strings.Repeat("a", 40)},
		{"a long line", strings.Repeat("0123456789", 100), strings.Repeat("0123456789", 4)},
		{"two bytes each", strings.Repeat("ção;", 30), strings.Repeat("ção;", 10)},
		{"four bytes each", strings.Repeat("😀", 50), strings.Repeat("😀", 40)},
		{"not UTF-8", "d\x92água", "d\uFFFDágua"},
	} {
		if got := excerpt([]byte(c.in)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
