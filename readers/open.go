package readers

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Options are the reading choices a user can force.
type Options struct {
	Delimiter rune   // CSV: 0 = sniffed among ; , tab |
	Charset   string // CSV: "" = decided from the file's first MiB (see decideCharset)
	// TempDir is where a large shared-strings table is spilled while a workbook is open
	// ("" = the process's own temporary folder, scratch.Dir()). The file is removed by Close
	// and never passes the 1 GiB cap.
	TempDir string
	// Name is what messages and errors call the file ("" = its path): the watcher reads a
	// file in its processing/ folder but names it as it was dropped.
	Name string
	// NoFollow refuses the file, ErrLink, when its path is a symbolic link at any of the times
	// it is opened. The watcher sets it: whoever writes to the drop folder's share could put a
	// link in a file's place after the watcher looked at it, and the report would show a file
	// of the server's (the password file) to whoever reads failed/.
	NoFollow bool
}

// ErrLink: a file opened with NoFollow was a symbolic link.
var ErrLink = errors.New("the file is a link, which is never followed here")

// OpenFile opens path to read, refusing a symbolic link (ErrLink) when noFollow is set (where
// the system can: not on Windows).
func OpenFile(path string, noFollow bool) (*os.File, error) {
	if !noFollow {
		return os.Open(path)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|oNoFollow, 0)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, &fs.PathError{Op: "open", Path: path, Err: ErrLink}
		}
		return nil, err
	}
	return f, nil
}

// name is what messages call the file at path.
func (o Options) name(path string) string {
	if o.Name != "" {
		return o.Name
	}
	return path
}

// Readable tells whether Open reads a file of this name: .xlsx (also .xlsm) or .csv (also
// .txt, .tsv).
func Readable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm", ".csv", ".txt", ".tsv":
		return true
	}
	return false
}

// IsWorkbook tells whether Open reads a file of this name as a workbook: .xlsx or .xlsm.
func IsWorkbook(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return true
	}
	return false
}

// SpreadsheetNotRead tells whether a file of this name is a spreadsheet that Open does not read
// (.xls, .xlsb, .ods, .numbers): it refuses it saying how to save it as .xlsx.
func SpreadsheetNotRead(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xls", ".xlsb", ".ods", ".numbers":
		return true
	}
	return false
}

// Open opens an input file by its extension: .xlsx (also .xlsm) or .csv (also .txt, .tsv).
func Open(path string, o Options) (Source, error) {
	return OpenContext(context.Background(), path, o)
}

// OpenContext is Open with a context: opening a workbook reads its shared strings and
// checks its parts, which can take a while for a large one.
func OpenContext(ctx context.Context, path string, o Options) (Source, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return openXLSX(ctx, path, o)
	case ".csv", ".txt", ".tsv":
		return openCSV(ctx, path, o)
	case ".xls":
		return nil, &FileError{Path: o.name(path), Kind: FormatNotRead, Looks: LooksXLS}
	case ".ods":
		return nil, &FileError{Path: o.name(path), Kind: FormatNotRead, Looks: LooksODS}
	case ".xlsb":
		return nil, &FileError{Path: o.name(path), Kind: FormatNotRead, Looks: LooksXLSB}
	case ".numbers":
		return nil, &FileError{Path: o.name(path), Kind: FormatNotRead, Looks: LooksNumbers}
	}
	return nil, &FileError{Path: o.name(path), Kind: FormatNotRead}
}

// ColumnName is the spreadsheet name of a 0-based column index (0 → A, 26 → AA).
func ColumnName(i int) string {
	var b [8]byte
	return string(appendColumn(b[:0], i))
}

func appendColumn(dst []byte, i int) []byte {
	var b [8]byte
	n := len(b)
	for i++; i > 0 && n > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return append(dst, b[n:]...)
}

// CellRef is the reference of a 0-based column in a row ("C7").
func CellRef(col, line int) string {
	var b [24]byte
	return string(strconv.AppendInt(appendColumn(b[:0], col), int64(line), 10))
}
