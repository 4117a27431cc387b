package writers

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"seniorimporter/outcome"
)

// PrintSummary writes the summary for people, in lang.
func PrintSummary(w io.Writer, s outcome.Summary, lang outcome.Lang) {
	fmt.Fprintln(w, lang.SummaryHead(s.Rows, s.Records, (time.Duration(s.DurationMS)*time.Millisecond).String(), s.RowsPerS))
	for _, k := range outcome.Kinds {
		if n := s.Outcomes[k]; n > 0 {
			fmt.Fprintf(w, "  %-9s %8d  %s\n", k, n, lang.Label(k))
		}
	}
	if len(s.Causes) > 0 {
		fmt.Fprintln(w, lang.FrequentCauses())
		for _, c := range s.Causes {
			fmt.Fprintf(w, "  %6d × %s\n", c.Count, c.Message)
		}
	}
}

// WriteSummary writes the summary as JSON to path.
func WriteSummary(path string, s outcome.Summary) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
