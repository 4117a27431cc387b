package readers

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Options are the reading choices a user can force.
type Options struct {
	Delimiter rune   // CSV: 0 = sniffed among ; , tab |
	Charset   string // CSV: "" = detected (UTF-8, with or without BOM, else Windows-1252)
}

// Open opens an input file by its extension: .xlsx (also .xlsm) or .csv (also .txt, .tsv).
func Open(path string, o Options) (Source, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return openXLSX(path)
	case ".csv", ".txt", ".tsv":
		return openCSV(path, o)
	case ".xls":
		return nil, fmt.Errorf("%s: the old Excel 97-2003 format (.xls) is not read; save it as .xlsx", path)
	}
	return nil, fmt.Errorf("%s: unknown input format (use .xlsx or .csv)", path)
}

// ColumnName is the spreadsheet name of a 0-based column index (0 → A, 26 → AA).
func ColumnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// CellRef is the reference of a 0-based column in a row ("C7").
func CellRef(col, line int) string { return fmt.Sprintf("%s%d", ColumnName(col), line) }
