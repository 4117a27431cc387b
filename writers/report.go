package writers

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// SourceInfo is one input sheet (for CSV, Sheet is "") and its original header.
type SourceInfo struct {
	File   string
	Sheet  string
	Header []string
}

// Options are what every report needs to know beforehand.
type Options struct {
	Lang    string // "pt" (default) or "en": report headers and summary
	Sources []SourceInfo
}

// Writer writes outcomes. Write is called from one goroutine, in report order.
type Writer interface {
	Write(o *Outcome) error
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

// Success reports whether an outcome needs nothing more from the user.
func Success(outcome string) bool {
	switch outcome {
	case OK, Queued, Valid, Skipped:
		return true
	}
	return false
}

// outcomeHeaders are the report's own columns, after the original ones.
func outcomeHeaders(lang string) []string {
	if lang == "en" {
		return []string{"#file", "#sheet", "#row", "#key", "#port", "#outcome", "#code", "#message", "#id", "#attempts", "#latency_ms"}
	}
	return []string{"#arquivo", "#planilha", "#linha", "#chave", "#porta", "#resultado", "#código", "#mensagem", "#id", "#tentativas", "#latência_ms"}
}

func outcomeCells(o *Outcome) []string {
	return []string{o.File, o.Sheet, strconv.Itoa(o.Row), o.Key, o.Port, o.Outcome, o.Code, o.Message, o.ID, strconv.Itoa(o.Attempts), strconv.FormatInt(o.LatencyMS, 10)}
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
func originalCells(columns []string, o *Outcome) []string {
	out := make([]string, len(columns))
	idx := make(map[string]int, len(columns))
	for i, c := range columns {
		if _, ok := idx[c]; !ok {
			idx[c] = i
		}
	}
	for i, h := range o.Header {
		if j, ok := idx[h]; ok && i < len(o.Cells) && out[j] == "" {
			out[j] = o.Cells[i]
		}
	}
	return out
}
