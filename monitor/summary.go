package monitor

import (
	"encoding/json"
	"os"
	"slices"

	"seniorimporter/outcome"
	"seniorimporter/writers"
)

// Summary is the summary file's content: a run's summary and, when the run could not start
// (exit 2 before any row: an unreadable or unknown file, a bad setting), why.
type Summary struct {
	outcome.Summary
	Error string `json:"error,omitempty"`
}

// WriteSummary writes s as JSON to path (through writers.WriteJSONIn: atomically, its folder
// created; when it cannot be, an earlier summary at path is moved out of it, said in lang).
// runErr, when not nil, is the reason the run could not start.
func WriteSummary(path string, s outcome.Summary, runErr error, lang outcome.Lang) error {
	return WriteSummaryIn(nil, path, s, runErr, lang)
}

// WriteSummaryIn is WriteSummary in files (nil: by path, writers.OS).
func WriteSummaryIn(files writers.Files, path string, s outcome.Summary, runErr error, lang outcome.Lang) error {
	out := Summary{Summary: s}
	if runErr != nil {
		out.Error = runErr.Error()
	}
	if out.Outcomes == nil {
		out.Outcomes = map[outcome.Kind]int{}
	}
	return writers.WriteJSONIn(files, path, out, lang)
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

// WriteRefusedReport writes at path a workbook report of a run that could not start: no row,
// and a summary sheet that says why, as a file that could not be imported. It is for those
// who open the report and never read the log or the summary file (a drop folder's users);
// runErr is in the run's language where it is the file's fault. It is made in files (nil: by
// path, writers.OS).
func WriteRefusedReport(files writers.Files, path string, lang outcome.Lang, file string, s outcome.Summary, runErr error) error {
	w, err := writers.Open(path, writers.Options{Lang: lang, Files: files})
	if err != nil {
		return err
	}
	s.FileProblems = append(slices.Clone(s.FileProblems), outcome.FileProblem{File: file, Message: runErr.Error()})
	if s.Outcomes == nil {
		s.Outcomes = map[outcome.Kind]int{}
	}
	return w.Close(&s)
}
