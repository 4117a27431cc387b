package readers

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// RowErrorKind tells why a row could not be read as written.
type RowErrorKind int

const (
	// UnpairedQuote: a CSV record whose quotes do not pair up: a quote inside an unquoted
	// field (3/4"), text after a closing quote ("a"b), or a quoted field never closed
	// (see csvMaxRecord for how far a quoted field may run).
	UnpairedQuote RowErrorKind = iota + 1
	// InvalidUTF8: in a file read as UTF-8, bytes that are not UTF-8 (Offset is the first).
	InvalidUTF8
	// LooksUTF8: in a file read in a one-byte charset (Windows-1252, DOS 850, Mac Roman),
	// bytes that are plainly UTF-8 (Ã§ for ç): read so they would reach Senior garbled.
	LooksUTF8
	// LineTooLong: a CSV line longer than Limit bytes; it was skipped, not read.
	LineTooLong
	// FieldTooLong: a cell of more than Limit characters (Excel's own cap, 32,767).
	FieldTooLong
	// TooManyColumns: a row of more than Limit fields (Excel's 16,384 columns, XFD).
	TooManyColumns
	// RowTooLarge: an XLSX row whose cells hold more than Limit bytes of text together; its
	// cells were not kept.
	RowTooLarge
)

var rowErrorText = map[RowErrorKind]string{
	UnpairedQuote:  "unpaired quote",
	InvalidUTF8:    "bytes that are not UTF-8",
	LooksUTF8:      "UTF-8 text in a file read in a one-byte charset",
	LineTooLong:    "line too long",
	FieldTooLong:   "field too long",
	TooManyColumns: "too many columns",
	RowTooLarge:    "row too large",
}

func (k RowErrorKind) String() string {
	if s, ok := rowErrorText[k]; ok {
		return s
	}
	return fmt.Sprintf("RowErrorKind(%d)", int(k))
}

// RowError says why a row could not be read as written. The row still comes out (Row.Err),
// with the cells that could be read, so that every input line gets its report line.
type RowError struct {
	Line    int   // where the row starts (the line the user sees)
	Column  int   // 0-based column of the fault; -1 unknown
	Offset  int64 // CSV: byte offset in the file where the fault is; -1 unknown
	Kind    RowErrorKind
	Limit   int    // the cap passed, for LineTooLong, FieldTooLong, TooManyColumns, RowTooLarge
	Excerpt string // up to 40 characters of what was found there, valid UTF-8, for messages
}

// Error is English, for logs; the pipeline writes its own messages from the fields.
func (e *RowError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d", e.Line)
	if e.Column >= 0 {
		fmt.Fprintf(&b, ", column %s", ColumnName(e.Column))
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " (byte %d)", e.Offset)
	}
	b.WriteString(": ")
	b.WriteString(e.Kind.String())
	if e.Limit > 0 {
		fmt.Fprintf(&b, " (limit %d)", e.Limit)
	}
	if e.Excerpt != "" {
		fmt.Fprintf(&b, ": %q", e.Excerpt)
	}
	return b.String()
}

// FileErrorKind tells why a whole file is refused.
type FileErrorKind int

const (
	// ZipBomb: a part that inflates past 64 MiB at a ratio above 100:1.
	ZipBomb FileErrorKind = iota + 1
	// PartTooLarge: a part that inflates past 4 GiB, whatever its ratio.
	PartTooLarge
	// WorkbookTooLarge: the workbook part (or its relations) past 64 MiB.
	WorkbookTooLarge
	// StylesTooLarge: the styles part past 64 MiB.
	StylesTooLarge
	// SharedStringsTooLarge: shared strings holding more than 1 GiB of text.
	SharedStringsTooLarge
	// SizeMismatch: a part that does not inflate to the size its zip entry declares (a lie
	// about its size, or a damaged entry).
	SizeMismatch
	// TooManyParts: a zip whose directory is too large to read safely.
	TooManyParts
	// TooManySheets: a workbook that declares more than Limit sheets.
	TooManySheets
	// NoSheet: a workbook without a worksheet.
	NoSheet
	// NotSpreadsheet: not a zip, or a zip that is not an OOXML workbook.
	NotSpreadsheet
	// EncryptedOrXLS: an OLE compound file: a password-protected workbook, or an old .xls
	// renamed .xlsx.
	EncryptedOrXLS
	// Corrupt: a damaged part (bad XML, bad compressed data, a missing part, a row out of
	// order).
	Corrupt
	// NotText: a CSV that is a zip or OLE file (a workbook renamed .csv).
	NotText
	// UnsupportedCharset: a CSV whose charset cannot be read (UTF-16 bytes that are no
	// character).
	UnsupportedCharset
	// Changed: a workbook let go of between its header and its rows (Release) that is no longer
	// there, or is now another file.
	Changed
	// FormatNotRead: a file whose extension names a format that is not read (.xls, .ods, .pdf).
	FormatNotRead
	// ZeroTail: a CSV that ends in zero bytes (Limit of them, or at least ZeroTailScan), not
	// text: a copy cut short, or a file a crash left with its last blocks allocated and never
	// written.
	ZeroTail
	// TempFolder: the temporary folder (TMPDIR) could not take what the file needs there (a
	// large workbook's shared strings): missing, full, not writable. Not the file's fault.
	TempFolder
)

// tempError is a failure of the temporary folder, not of the file being read.
type tempError struct{ err error }

func (e *tempError) Error() string { return "temporary folder: " + e.err.Error() }
func (e *tempError) Unwrap() error { return e.err }

// Looks says what a file refused as NotSpreadsheet or FormatNotRead is instead, so that the
// message can say how to fix it.
type Looks int

const (
	LooksUnknown  Looks = iota // nothing better known
	LooksEmpty                 // an empty file
	LooksHTML                  // an HTML page or table: what some systems export as "Excel"
	LooksText                  // text: a CSV file named .xlsx
	LooksODS                   // an OpenDocument spreadsheet (LibreOffice's own format)
	LooksXLS                   // the old Excel 97-2003 format
	LooksXLSB                  // Excel's binary workbook (.xlsb)
	LooksNumbers               // an Apple Numbers document
	LooksZipOnly               // a zip without a workbook part
	LooksCutShort              // a zip's start without its end: a copy or a download cut short
)

var looksText = map[Looks]string{
	LooksEmpty:    "an empty file",
	LooksHTML:     "an HTML page (what some systems export as \"Excel\"): open it in Excel and save it as .xlsx",
	LooksText:     "text, not a workbook (a CSV file named .xlsx?): give it the .csv extension",
	LooksODS:      "an OpenDocument spreadsheet (LibreOffice's own format) named .xlsx: save it as .xlsx (Excel 2007-365)",
	LooksZipOnly:  "a zip without a workbook part",
	LooksCutShort: "a zip cut short (a copy or a download that did not finish): copy it again",
}

var fileErrorText = map[FileErrorKind]string{
	ZipBomb:               "zip bomb: a part inflates past 64 MiB at a ratio above 100:1",
	PartTooLarge:          "a part inflates past 4 GiB",
	WorkbookTooLarge:      "workbook part too large",
	StylesTooLarge:        "styles part too large",
	SharedStringsTooLarge: "shared strings too large",
	SizeMismatch:          "a part does not inflate to its declared size",
	TooManyParts:          "zip directory too large",
	TooManySheets:         "too many sheets",
	NoSheet:               "the workbook has no sheet",
	NotSpreadsheet:        "not an XLSX workbook",
	EncryptedOrXLS:        "a password-protected workbook or an old .xls file",
	Corrupt:               "damaged workbook",
	TempFolder:            "the temporary folder (TMPDIR) could not be used",
	NotText:               "not a text file (a workbook named .csv?)",
	UnsupportedCharset:    "unsupported charset",
	Changed:               "the file changed or went away while it was being read",
	FormatNotRead:         "unknown input format (use .xlsx or .csv)",
	ZeroTail:              "the file ends in zero bytes, not text (a copy cut short?)",
}

func (k FileErrorKind) String() string {
	if s, ok := fileErrorText[k]; ok {
		return s
	}
	return fmt.Sprintf("FileErrorKind(%d)", int(k))
}

// FileError refuses a whole file: nothing of it may be read or sent. Open returns it
// before any row for everything that can be seen there (sizes, ratios, structure); Rows
// returns it for damage found while reading a sheet (see xlsxSource).
type FileError struct {
	Path     string
	Part     string // the zip part at fault ("xl/worksheets/sheet1.xml"), "" for the file
	Kind     FileErrorKind
	Declared int64 // the part's declared inflated size, when known
	Inflated int64 // bytes actually inflated, when that is what failed
	Limit    int64 // the cap that was passed
	Looks    Looks // NotSpreadsheet, FormatNotRead: what the file is instead, when known
	Err      error // the underlying error, if any
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Part != "" {
		fmt.Fprintf(&b, " [%s]", e.Part)
	}
	b.WriteString(": ")
	switch {
	case e.Kind == FormatNotRead && e.Looks == LooksXLS:
		b.WriteString("the old Excel 97-2003 format (.xls) is not read; save it as .xlsx")
	case e.Kind == FormatNotRead && e.Looks == LooksODS:
		b.WriteString("an OpenDocument spreadsheet (LibreOffice's own format) is not read; save it as .xlsx (Excel 2007-365)")
	case e.Kind == FormatNotRead && e.Looks == LooksXLSB:
		b.WriteString("Excel's binary workbook (.xlsb) is not read; save it as .xlsx (Excel Workbook)")
	case e.Kind == FormatNotRead && e.Looks == LooksNumbers:
		b.WriteString("an Apple Numbers document is not read; export it as Excel (.xlsx)")
	default:
		b.WriteString(e.Kind.String())
	}
	if t := looksText[e.Looks]; t != "" && e.Kind == NotSpreadsheet {
		b.WriteString(": " + t)
	} else if e.Kind == NotSpreadsheet && e.Err == nil {
		b.WriteString(": not a zip file")
	}
	if e.Declared > 0 {
		fmt.Fprintf(&b, " (declared %d bytes)", e.Declared)
	}
	if e.Inflated > 0 {
		fmt.Fprintf(&b, " (inflated %d bytes)", e.Inflated)
	}
	if e.Limit > 0 {
		fmt.Fprintf(&b, " (limit %d)", e.Limit)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

// excerpt is up to 40 characters of b, valid UTF-8 (bad bytes become U+FFFD).
func excerpt(b []byte) string {
	const n = 40
	if len(b) > 4*n {
		b = b[:4*n]
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if utf8.RuneCountInString(s) > n {
		i := 0
		for k := 0; k < n; k++ {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
		}
		s = s[:i]
	}
	return s
}
