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
	// Files is where the file is opened, every time it is (a workbook's and a CSV file's
	// reopens too): nil is the system's paths, following links (a user's own). The watcher
	// gives a Folder: whoever writes to the drop folder's share could put a link in the
	// file's place, or in its folder's, after the watcher looked, and the report would show
	// a file of the server's (the password file), or another team's rows would go to Senior.
	Files Files
}

// Files opens, looks at and lists the files a run reads, by their paths.
type Files interface {
	Open(path string) (*os.File, error) // to read
	// Stat is the file Open would open: for a Files that follows no link, the link itself.
	Stat(path string) (fs.FileInfo, error)
	ReadDir(dir string) ([]fs.DirEntry, error)
}

// OS is the system's paths: links followed, as a user's own command line means them.
type OS struct{}

func (OS) Open(path string) (*os.File, error)        { return os.Open(path) }
func (OS) Stat(path string) (fs.FileInfo, error)     { return os.Stat(path) }
func (OS) ReadDir(dir string) ([]fs.DirEntry, error) { return os.ReadDir(dir) }

// ErrLink: a file a Folder was asked for is a symbolic link.
var ErrLink = errors.New("the file is a link, which is never followed here")

// ErrNotInFolder: a Folder was asked for a path that is not directly in its folder.
var ErrNotInFolder = errors.New("not in the folder being read")

// Folder is the files directly in one folder, reached through Root, an os.Root opened on it
// (by descriptor, on Linux and Windows alike): every open, look and listing happens in the
// folder Root was opened on, whatever Dir's path leads to by then. Dir renamed away and a
// link put in its place (to another team's folder, or the server's) is never followed: the
// files are still read where they were. A file that is a link is refused (ErrLink), however
// late it became one: Root.OpenFile follows a link inside its folder whatever the flags
// (O_NOFOLLOW included), so the file opened is checked to be the one the name holds, no link.
type Folder struct {
	Dir  string   // the folder's path, as the paths asked for name it
	Root *os.Root // opened on Dir
}

// name is path's name in the folder, if path is directly in it.
func (d Folder) name(op, path string) (string, error) {
	if filepath.Clean(filepath.Dir(path)) != filepath.Clean(d.Dir) {
		return "", &fs.PathError{Op: op, Path: path, Err: ErrNotInFolder}
	}
	return filepath.Base(path), nil
}

func (d Folder) Open(path string) (*os.File, error) {
	n, err := d.name("open", path)
	if err != nil {
		return nil, err
	}
	f, err := d.Root.OpenFile(n, os.O_RDONLY, 0)
	if err != nil {
		if li, lerr := d.Root.Lstat(n); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			err = ErrLink
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: unwrapPath(err)}
	}
	// Looked at after the open: a link there now, or another file than the one opened (a
	// link swapped back for a file in between), is a link followed.
	fi, ferr := f.Stat()
	li, lerr := d.Root.Lstat(n)
	switch {
	case lerr != nil:
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: unwrapPath(lerr)}
	case ferr != nil:
		f.Close()
		return nil, ferr
	case li.Mode()&fs.ModeSymlink != 0 || !os.SameFile(fi, li):
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrLink}
	}
	return f, nil
}

func (d Folder) Stat(path string) (fs.FileInfo, error) {
	n, err := d.name("lstat", path)
	if err != nil {
		return nil, err
	}
	fi, err := d.Root.Lstat(n)
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: path, Err: unwrapPath(err)}
	}
	return fi, nil
}

func (d Folder) ReadDir(dir string) ([]fs.DirEntry, error) {
	if filepath.Clean(dir) != filepath.Clean(d.Dir) {
		return nil, &fs.PathError{Op: "readdir", Path: dir, Err: ErrNotInFolder}
	}
	return fs.ReadDir(d.Root.FS(), ".")
}

// unwrapPath is a Root's *fs.PathError's cause (its path is the name in the folder: the
// caller names the file by its whole path).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// files is where the file is opened (Options.Files).
func (o Options) files() Files {
	if o.Files == nil {
		return OS{}
	}
	return o.Files
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
