package writers

import (
	"slices"
	"testing"
)

// recent keeps the order of last use and gives back the least recent past openParts.
func TestRecent(t *testing.T) {
	defer func(n int) { openParts = n }(openParts)
	openParts = 3
	var r recent[string]
	for _, c := range []struct {
		use    string
		parked string // "" none
		after  []string
	}{
		{"a", "", []string{"a"}},
		{"b", "", []string{"a", "b"}},
		{"a", "", []string{"b", "a"}},
		{"a", "", []string{"b", "a"}}, // already the last
		{"c", "", []string{"b", "a", "c"}},
		{"d", "b", []string{"a", "c", "d"}},
		{"c", "", []string{"a", "d", "c"}},
		{"b", "a", []string{"d", "c", "b"}},
	} {
		p, ok := r.use(c.use)
		if (c.parked != "") != ok || p != c.parked || !slices.Equal(r, c.after) {
			t.Fatalf("use(%s): parked %q %v, list %v; want %q, %v", c.use, p, ok, r, c.parked, c.after)
		}
	}
	r.drop("c")
	r.drop("x")
	if !slices.Equal(r, []string{"d", "b"}) {
		t.Errorf("after drop: %v", r)
	}
}
