package writers

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"seniorimporter/outcome"
)

// PrintSummary writes the summary for people, in lang, on a terminal or a log.
func PrintSummary(w io.Writer, s outcome.Summary, lang outcome.Lang) {
	// Each line is one: a file name's newline or escape sequence (ESC[2J) cannot fake a line
	// or move the cursor.
	put := func(indent, text string) { fmt.Fprintf(w, "%s%s\n", indent, printable(text)) }
	put("", lang.SummaryHead(s.Rows, s.Records, (time.Duration(s.DurationMS)*time.Millisecond).String(), s.RowsPerS))
	if s.RowsSent > 0 || s.Outcomes[outcome.NotSent] > 0 {
		put("  ", lang.RowsSent(s.RowsSent, s.Rows))
	}
	// The limit a run ends with says how many requests Senior took at once; a run that sent
	// no row (every one already imported, or a wait for the journal interrupted) ends with
	// the limit it started with, which read as a Senior that took only 4.
	if s.Limit > 0 && s.RowsSent > 0 {
		put("  ", lang.LimitAtEnd(s.Limit))
	}
	if n := s.PassingFaultsTotal(); n > 0 {
		put("  ", lang.PassingFaults(n, s.PassingFaults))
	}
	for _, k := range outcome.Kinds {
		if n := s.Outcomes[k]; n > 0 {
			put("  ", fmt.Sprintf("%-9s %8d  %s", k, n, lang.Label(k)))
		}
	}
	if len(s.FileProblems) > 0 {
		put("", lang.FileProblemsTitle())
		for _, p := range s.FileProblems {
			put("  ", p.Message)
		}
	}
	if len(s.Warnings) > 0 {
		put("", lang.WarningsTitle())
		for _, p := range s.Warnings {
			put("  ", p.Message)
		}
	}
	if len(s.Causes) > 0 {
		put("", lang.FrequentCauses())
		for _, c := range s.Causes {
			put("  ", fmt.Sprintf("%6d × %s", c.Count, c.Text(lang)))
		}
	}
	if len(s.Reconciliation) > 0 {
		put("", lang.ReconciliationTitle())
		for _, r := range s.Reconciliation {
			put("  ", lang.ReconciliationRows(r.File, r.Rows, r.RowsSent, r.RowsAccepted, r.RowsAlready))
			for _, c := range r.Columns {
				already := ""
				if c.Already != "" {
					already = lang.Decimal(c.Already)
				}
				put("    ", lang.ReconciliationSums(c.Column, c.Field, lang.Decimal(c.Read), lang.Decimal(c.Sent), lang.Decimal(c.Accepted), already))
				if c.Unreadable > 0 {
					put("      ", lang.Unreadable(c.Unreadable))
				}
				if c.Total != nil && c.Total.NoValue {
					put("      ", lang.TotalNoValue(c.Total.Cell))
				} else if c.Total != nil {
					check := lang.TotalCheck(c.Total.Cell, lang.Decimal(c.Total.Value), c.Total.Matches, c.Total.PerRow, lang.Decimal(c.Read), len(c.Total.Subtotals) > 0)
					if t := c.Total; t.Difference != "" {
						check += "; " + lang.TotalLeftOut(lang.Decimal(t.Difference), t.TextCells, t.TextMore, t.HiddenRows, t.HiddenMore)
					}
					put("      ", check)
				}
			}
		}
	}
	if len(s.Charsets) > 0 {
		put("", lang.Charsets())
		for _, f := range slices.Sorted(maps.Keys(s.Charsets)) {
			put("  ", f+": "+s.Charsets[f])
		}
	}
	for _, f := range slices.Sorted(maps.Keys(s.HiddenRows)) {
		put("", lang.HiddenRows(f, s.HiddenRows[f]))
	}
}

// printable is text fit for one line of a terminal: control characters (a newline, ESC) and
// the marks that reorder a line (U+202E) written as Go escapes them ("\\x1b", "\\n").
func printable(text string) string {
	unsafe := func(r rune) bool {
		return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
	}
	if strings.IndexFunc(text, unsafe) < 0 {
		return text
	}
	var b strings.Builder
	for _, r := range text {
		if unsafe(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// WriteSummary writes the summary as JSON to path (its folder created if missing), replacing
// what was there only once it is whole.
func WriteSummary(path string, s outcome.Summary) error { return WriteJSON(path, s) }

// WriteSummaryIn is WriteSummary in files (nil: OS), for a run in lang: see WriteJSONIn.
func WriteSummaryIn(files Files, path string, s outcome.Summary, lang outcome.Lang) error {
	return WriteJSONIn(files, path, s, lang)
}

// WriteJSON writes v as indented JSON to path, atomically (a reader never sees half a file),
// creating its folder.
func WriteJSON(path string, v any) error { return WriteJSONIn(nil, path, v, outcome.PT) }

// WriteJSONIn is WriteJSON in files (nil: OS), for a run in lang. A summary that cannot be
// written (a full disk) moves the file at its path, an earlier run's summary, out of it
// (NAME.anterior, see moveStale), and the error says so in lang: left there, what reads the
// night's summary at its fixed path (a monitor, a script) read the night before's, its
// exit_code 0 among it.
func WriteJSONIn(files Files, path string, v any, lang outcome.Lang) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	a, err := createAtomic(files, path)
	if err != nil {
		return err
	}
	a.lang, a.stale = lang, true
	if _, err := a.Write(append(b, '\n')); err != nil {
		return a.fail(err)
	}
	return a.commit()
}
