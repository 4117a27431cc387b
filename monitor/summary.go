package monitor

import (
	"encoding/json"
	"os"
	"path/filepath"

	"seniorimporter/outcome"
)

// Summary is the summary file's content: a run's summary and, when the run could not start
// (exit 2 before any row: an unreadable or unknown file, a bad setting), why.
type Summary struct {
	outcome.Summary
	Error string `json:"error,omitempty"`
}

// WriteSummary writes s as JSON to path, creating its folder, atomically (a reader never sees
// half a file). runErr, when not nil, is the reason the run could not start.
func WriteSummary(path string, s outcome.Summary, runErr error) error {
	out := Summary{Summary: s}
	if runErr != nil {
		out.Error = runErr.Error()
	}
	if out.Outcomes == nil {
		out.Outcomes = map[outcome.Kind]int{}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(b, '\n'))
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

func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
