package writers

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"seniorimporter/outcome"
)

// SourceInfo is one input sheet (for CSV, Sheet is "") and its original header.
type SourceInfo struct {
	File   string
	Sheet  string
	Header []string
}

// Options are what every report needs to know beforehand.
type Options struct {
	Lang    outcome.Lang // report headers
	Sources []SourceInfo
}

// Writer writes report lines. Write is called from one goroutine, in report order.
type Writer interface {
	Write(l *outcome.Line) error
	Close() error
}

// Open opens a report by its extension: .csv, .xlsx, .jsonl (or .json).
func Open(path string, o Options) (Writer, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return openCSV(path, o)
	case ".xlsx":
		return openXLSX(path, o)
	case ".jsonl", ".json", ".ndjson":
		return openJSONL(path)
	}
	return nil, fmt.Errorf("report %s: unknown format (use .csv, .xlsx or .jsonl)", path)
}

// outcomeCells are a line's values under outcome.Lang.ReportColumns.
func outcomeCells(l *outcome.Line) []string {
	return []string{l.File, l.Sheet, strconv.Itoa(l.Row), l.Key, l.Port, string(l.Outcome), l.Code, l.Message, l.ID, strconv.Itoa(l.Attempts), strconv.FormatInt(l.LatencyMS, 10)}
}

// unionHeader is the original columns of every source, in order of first appearance,
// without note columns ("#…").
func unionHeader(sources []SourceInfo) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sources {
		for _, h := range s.Header {
			if strings.HasPrefix(strings.TrimSpace(h), "#") || seen[h] {
				continue
			}
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// originalCells places a row's cells under the given columns.
func originalCells(columns []string, o *outcome.Line) []string {
	out := make([]string, len(columns))
	idx := make(map[string]int, len(columns))
	for i, c := range columns {
		if _, ok := idx[c]; !ok {
			idx[c] = i
		}
	}
	for i, h := range o.Header {
		if j, ok := idx[h]; ok && i < len(o.Cells) && out[j] == "" {
			out[j] = o.Cells[i].Text
		}
	}
	return out
}
