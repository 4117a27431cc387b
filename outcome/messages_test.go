package outcome

import (
	"fmt"
	"strings"
	"testing"
)

// TestListsAreCapped: whatever a message lists (columns, fields, rows at fault, a row's
// problems), it names the first few and says how many more there are.
func TestListsAreCapped(t *testing.T) {
	million := make([]string, 1_000_000)
	for i := range million {
		million[i] = fmt.Sprint(i + 2)
	}
	long := strings.Repeat("x", 100)
	many := make([]Problem, 25)
	for i := range many {
		many[i] = Problem{Column: fmt.Sprint("c", i), Value: strings.Repeat("v", 300), Reason: "r"}
	}
	cases := []struct {
		name, got, want string
	}{
		{"count pt", PT.Count(999990), "999.990"},
		{"count en", EN.Count(1234567), "1,234,567"},
		{"count small", PT.Count(12), "12"},
		{"a few names", PT.Names([]string{"a", "b"}), "a, b"},
		{"ten names", EN.Names(million[:10]), "2, 3, 4, 5, 6, 7, 8, 9, 10, 11"},
		{"rows at fault pt", PT.RowAtFault(million), "registro inválido por causa da(s) linha(s) 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, +999.990 mais"},
		{"rows at fault en", EN.RowAtFault(million), "record invalid because of row(s) 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, +999,990 more"},
		{"a long name is cut", EN.Names([]string{long}), strings.Repeat("x", 80) + "…"},
		{"missing columns", EN.MissingColumns("f.csv", million[:12]), "f.csv: required columns are missing: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, +2 more"},
		{"a row's problems", EN.Problems(many), strings.Repeat(`column "cN", value "`+strings.Repeat("v", 200)+`…": r; `, 10) + "+15 more"},
		{"unknown columns", EN.UnknownColumns("f.csv", []string{"A", "B"}, 1_000_000), "f.csv: A; B; +999,998 more (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)"},
		{"a long unknown column", EN.UnknownColumn(long, nil), `column "` + strings.Repeat("x", 80) + `…": no field has that name`},
	}
	for _, c := range cases {
		got := c.got
		if c.name == "a row's problems" {
			for i := range 10 {
				got = strings.Replace(got, fmt.Sprintf(`"c%d"`, i), `"cN"`, 1)
			}
		}
		if got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
