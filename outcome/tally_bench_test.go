package outcome

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkTallyHeldRows: the tally of a file whose quotes are all held for item rows of no
// quote (rules b and c of the pipeline's orphans): every line carries the same long reason,
// full of keys and rows, that causeOf takes apart with five regular expressions.
func BenchmarkTallyHeldRows(b *testing.B) {
	reason := PT.SetRowsOrphaned("itens", "GravarOrcamentos.itens.csv",
		`chave 1/9020/1 (linhas 3, 4), chave 1/9021/1 (linha 7), chave 1/9022/1 (linhas 9, 10, 11) e +1234 mais`, "#linhas em itens")
	lines := make([]*Line, 1000)
	for i := range lines {
		lines[i] = &Line{File: "GravarOrcamentos.csv", Row: i + 2, Key: fmt.Sprintf("1/%d/1", 5000+i), Outcome: Invalid,
			Problems: []Problem{{Reason: reason}}}
	}
	b.ResetTimer()
	for b.Loop() {
		t := NewTally(time.Time{})
		for _, l := range lines {
			t.Add(l)
		}
	}
}
