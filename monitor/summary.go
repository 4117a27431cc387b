package monitor

import (
	"encoding/json"
	"os"

	"seniorimporter/outcome"
	"seniorimporter/writers"
)

// Summary is the summary file's content: a run's summary and, when the run could not start
// (exit 2 before any row: an unreadable or unknown file, a bad setting), why.
type Summary struct {
	outcome.Summary
	Error string `json:"error,omitempty"`
}

// WriteSummary writes s as JSON to path (through writers.WriteSummary: atomically, its folder
// created). runErr, when not nil, is the reason the run could not start.
func WriteSummary(path string, s outcome.Summary, runErr error) error {
	out := Summary{Summary: s}
	if runErr != nil {
		out.Error = runErr.Error()
	}
	if out.Outcomes == nil {
		out.Outcomes = map[outcome.Kind]int{}
	}
	return writers.WriteJSON(path, out)
}

// ReadSummary reads a summary file.
func ReadSummary(path string) (Summary, error) {
	var s Summary
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	err = json.Unmarshal(b, &s)
	return s, err
}
