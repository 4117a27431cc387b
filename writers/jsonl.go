package writers

import (
	"seniorimporter/outcome"

	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// jsonlWriter writes each line with one write(2) as it is emitted, so that a killed run
// leaves every line it wrote whole (and a reader of a run in progress sees lines as they
// settle). Unlike the other reports it is written at its place from the start, not renamed
// at the end: what a killed run wrote is what is left of it.
//
// One write is not quite enough: Linux copies a write into the file page by page and gives
// up between pages when the process is killed (generic_perform_write checks for a fatal
// signal before each page), so a line that straddles a page boundary can be cut there. A
// line that would straddle one is therefore preceded by spaces up to the boundary (JSON
// allows whitespace before a value): the line then lies within one page, and a kill can cut
// only between the spaces and the line, leaving at worst a tail of spaces, never part of a
// line. Lines longer than a page (a read port's large answer) cannot be kept in one page and
// may still be cut.
//
// A write that fails (a full disk, a file size limit) ends the report there: what it holds
// is cut back to its last whole line and renamed NAME.incompleto (removed when it cannot be),
// and the error says so. Left at its path, it read as the night's whole report to whatever
// picks the report up in the morning (950 lines of 3,000 on a full disk, each whole); and
// the lines after it were still written once room came back, with a gap where a line failed.
type jsonlWriter struct {
	f     *os.File
	files Files
	path  string
	own   bool // a file it made (not a pipe or a device the user named): renamed when cut
	lang  outcome.Lang
	buf   bytes.Buffer
	out   []byte
	enc   *json.Encoder
	off   int64 // bytes written so far: the file's size
	lines int   // lines written whole
	page  int
	err   error // the failure that ended the report
}

// ErrInUse: a JSON Lines report another run is writing now (cron starting a night's run
// while the night before's still goes, both with the same --report).
var ErrInUse = errors.New("another run is writing this report now")

// InUse tells, before a run opens its reports, whether the JSON Lines report at path (in
// files, nil: OS) is being written by another run: ErrInUse, in a *fs.PathError naming it.
// Opened, it was replaced: the other run went on writing into a file no longer at the path,
// its whole report lost, and the path held this run's lines (a run that waited for the
// journal in vain: every row not_sent) under the other's "relatório: r.jsonl", exit 0.
func InUse(files Files, path string) error {
	if !isJSONL(path) {
		return nil // written under a temporary name and renamed: no other run's is replaced midway
	}
	files = orOS(files)
	if fi, err := files.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	f, err := files.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil // what it is, opening it for writing says
	}
	defer f.Close()
	if writing(f) {
		return &fs.PathError{Op: "open", Path: path, Err: ErrInUse}
	}
	return nil
}

func openJSONL(files Files, path string, lang outcome.Lang) (Writer, error) {
	files = orOS(files)
	if err := files.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return nil, err
	}
	// A file of that name is replaced, not written through: a link, or a hard link, there
	// (planted in a shared folder, or a mistake) would have the report truncate the file it
	// names (a journal, a password file). O_EXCL refuses a link made in between. A link to
	// what is no file (a pipe another program reads, a device) is written through, where the
	// user's own paths name it (OS): in a Folder (the watcher's work folder, on the share) a
	// pipe is whoever writes to the share's, and opening it waited for a reader for ever, the
	// watcher with it; it is replaced as a file is.
	_, own := files.(OS)
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if fi, err := files.Stat(path); own && err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		flags = os.O_WRONLY
	} else if lfi, err := files.Lstat(path); err == nil && !lfi.IsDir() { // a file, a link to one, a dangling link
		if err := files.Remove(path); err != nil {
			return nil, err
		}
	}
	f, err := files.OpenFile(path, flags, 0o666)
	if err != nil {
		return nil, err
	}
	j := &jsonlWriter{f: f, files: files, path: path, own: flags&os.O_CREATE != 0, lang: lang, page: os.Getpagesize()}
	if j.own {
		lockWriting(f) // another run that would replace it finds it in use (InUse)
	}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j, nil
}

func (j *jsonlWriter) Write(o *outcome.Line) error {
	if j.err != nil {
		return j.err
	}
	j.buf.Reset()
	if err := j.enc.Encode(o); err != nil {
		return err
	}
	line := j.buf.Bytes()
	room := j.page - int(j.off%int64(j.page))
	if len(line) > room && len(line) <= j.page {
		j.out = append(j.out[:0], bytes.Repeat([]byte{' '}, room)...)
		line = append(j.out, line...)
		j.out = line
	}
	n, err := j.f.Write(line)
	if err != nil {
		return j.fail(err)
	}
	j.off += int64(n)
	j.lines++
	return nil
}

func (j *jsonlWriter) Close(*outcome.Summary) error {
	if j.err != nil {
		return j.err
	}
	if err := j.f.Close(); err != nil {
		j.f = nil
		return j.fail(err)
	}
	return nil
}

// fail ends the report after err: the file is cut back to its last whole line and moved out
// of the report's name (see jsonlWriter). The error returned, and every later Write's, says
// where what was written went.
func (j *jsonlWriter) fail(err error) error {
	if j.f != nil {
		if j.own {
			j.f.Truncate(j.off) // a line written in part; truncating frees room, a full disk allows it
		}
		j.f.Close()
		j.f = nil
	}
	switch {
	case !j.own:
		j.err = err
	case j.files.Rename(j.path, j.path+partialSuffix) == nil:
		j.err = fmt.Errorf("%w; %s", err, j.lang.PartialReportMoved(j.path+partialSuffix, j.lines))
	case j.files.Remove(j.path) == nil:
		j.err = fmt.Errorf("%w; %s", err, j.lang.PartialReportRemoved(j.lines))
	default:
		j.err = err
	}
	return j.err
}

// partialSuffix ends the name a report cut short by a failed write is renamed to.
const partialSuffix = ".incompleto"
