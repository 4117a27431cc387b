package writers

import (
	"seniorimporter/outcome"

	"bytes"
	"encoding/json"
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
type jsonlWriter struct {
	f    *os.File
	buf  bytes.Buffer
	out  []byte
	enc  *json.Encoder
	off  int64 // bytes written so far: the file's size
	page int
}

func openJSONL(files Files, path string) (Writer, error) {
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
	j := &jsonlWriter{f: f, page: os.Getpagesize()}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j, nil
}

func (j *jsonlWriter) Write(o *outcome.Line) error {
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
	j.off += int64(n)
	return err
}

func (j *jsonlWriter) Close(*outcome.Summary) error { return j.f.Close() }
