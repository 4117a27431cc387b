package soap

import (
	"fmt"
	"strings"
)

// sameTree compares two parsed trees by names, texts and children.
func sameTree(a, b *node) bool {
	if a.name != b.name || a.text != b.text || len(a.kids) != len(b.kids) {
		return false
	}
	for i := range a.kids {
		if !sameTree(a.kids[i], b.kids[i]) {
			return false
		}
	}
	return true
}

func dump(n *node) string {
	var b strings.Builder
	var walk func(*node, int)
	walk = func(n *node, depth int) {
		fmt.Fprintf(&b, "%s%s %q\n", strings.Repeat("  ", depth), n.name, n.text)
		for _, k := range n.kids {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}
