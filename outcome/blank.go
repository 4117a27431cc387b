package outcome

import "strings"

// Blanked is what stands in a text where a password stood.
const Blanked = "***"

// Blank is s with every secret replaced by Blanked, wherever it goes out (a report, the log,
// the journal, an on-finish command's output). The blank can make a secret whole again of
// what is around it: a password with stars ("*000") in "*000000" blanked once is "***000",
// which holds it, and went so into the report and the log. So a secret longer than the blank
// is blanked until none is left, each pass shortening s, so that it ends. A shorter one is
// blanked once, first: blanked again and again, a "*" would grow s without end (the importer
// blanks none that short: see pipeline's minSecret).
func Blank(s string, secrets []string) string {
	for _, p := range secrets {
		if p != "" && len(p) <= len(Blanked) {
			s = strings.ReplaceAll(s, p, Blanked)
		}
	}
	for again := true; again; {
		again = false
		for _, p := range secrets {
			if len(p) > len(Blanked) && strings.Contains(s, p) {
				s = strings.ReplaceAll(s, p, Blanked)
				again = true
			}
		}
	}
	return s
}
