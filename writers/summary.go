package writers

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"seniorimporter/outcome"
)

// PrintSummary writes the summary for people, in lang.
func PrintSummary(w io.Writer, s outcome.Summary, lang outcome.Lang) {
	fmt.Fprintln(w, lang.SummaryHead(s.Rows, s.Records, (time.Duration(s.DurationMS)*time.Millisecond).String(), s.RowsPerS))
	if s.RowsSent > 0 || s.Outcomes[outcome.NotSent] > 0 {
		fmt.Fprintf(w, "  %s\n", lang.RowsSent(s.RowsSent, s.Rows))
	}
	if s.Limit > 0 {
		fmt.Fprintf(w, "  %s\n", lang.LimitAtEnd(s.Limit))
	}
	if n := s.PassingFaultsTotal(); n > 0 {
		fmt.Fprintf(w, "  %s\n", lang.PassingFaults(n, s.PassingFaults))
	}
	for _, k := range outcome.Kinds {
		if n := s.Outcomes[k]; n > 0 {
			fmt.Fprintf(w, "  %-9s %8d  %s\n", k, n, lang.Label(k))
		}
	}
	if len(s.FileProblems) > 0 {
		fmt.Fprintln(w, lang.FileProblemsTitle())
		for _, p := range s.FileProblems {
			fmt.Fprintf(w, "  %s\n", p.Message)
		}
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintln(w, lang.WarningsTitle())
		for _, p := range s.Warnings {
			fmt.Fprintf(w, "  %s\n", p.Message)
		}
	}
	if len(s.Causes) > 0 {
		fmt.Fprintln(w, lang.FrequentCauses())
		for _, c := range s.Causes {
			fmt.Fprintf(w, "  %6d × %s\n", c.Count, c.Text(lang))
		}
	}
	if len(s.Reconciliation) > 0 {
		fmt.Fprintln(w, lang.ReconciliationTitle())
		for _, r := range s.Reconciliation {
			fmt.Fprintf(w, "  %s\n", lang.ReconciliationRows(r.File, r.Rows, r.RowsSent, r.RowsAccepted))
			for _, c := range r.Columns {
				fmt.Fprintf(w, "    %s\n", lang.ReconciliationSums(c.Column, c.Field, lang.Decimal(c.Read), lang.Decimal(c.Sent), lang.Decimal(c.Accepted)))
				if c.Unreadable > 0 {
					fmt.Fprintf(w, "      %s\n", lang.Unreadable(c.Unreadable))
				}
				if c.Total != nil {
					fmt.Fprintf(w, "      %s\n", lang.TotalCheck(c.Total.Cell, lang.Decimal(c.Total.Value), c.Total.Matches, lang.Decimal(c.Read)))
				}
			}
		}
	}
	if len(s.Charsets) > 0 {
		fmt.Fprintln(w, lang.Charsets())
		for _, f := range slices.Sorted(maps.Keys(s.Charsets)) {
			fmt.Fprintf(w, "  %s: %s\n", f, s.Charsets[f])
		}
	}
	for _, f := range slices.Sorted(maps.Keys(s.HiddenRows)) {
		fmt.Fprintln(w, lang.HiddenRows(f, s.HiddenRows[f]))
	}
}

// WriteSummary writes the summary as JSON to path (its folder created if missing), replacing
// what was there only once it is whole.
func WriteSummary(path string, s outcome.Summary) error { return WriteJSON(path, s) }

// WriteJSON writes v as indented JSON to path, atomically (a reader never sees half a file),
// creating its folder.
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(b, '\n'))
}
