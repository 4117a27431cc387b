package writers

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"seniorimporter/outcome"
	"seniorimporter/scratch"
)

// atomicFile is an output written beside its path under a temporary name and renamed into
// place only when complete, so that a crash or a failed write never leaves a half file where
// a good one was. It is created with mode 0666 less the umask, like any file the user writes
// (os.CreateTemp would make it 0600; excelize's SaveAs makes 0777 less the umask: 0755).
type atomicFile struct {
	*os.File
	files Files        // where it is made
	path  string       // where it goes
	tmp   string       // where it is written
	lang  outcome.Lang // of what moveStale says
	stale bool         // a file at path is moved out of it when this one fails (moveStale)
}

// createAtomic creates path's folder if missing and a temporary file beside path, in files
// (nil: OS).
func createAtomic(files Files, path string) (*atomicFile, error) {
	files = orOS(files)
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if err := files.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	// A run killed while writing (SIGKILL, out of memory) left its temporary file here, as large
	// as its report had grown: removed now, if its process is gone, whatever the output it was
	// for (a cron job's dated reports, report-2026-12-01.csv, never write the same name again).
	// A Folder's are not (it is the watcher's work folder, emptied at every start).
	prefix := "." + short(base) + ".tmp-"
	if _, ok := files.(OS); ok {
		sweepFolder(dir)
	}
	for range 100 {
		tmp := filepath.Join(dir, scratch.Name(prefix))
		f, err := files.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &atomicFile{File: f, files: files, path: path, tmp: tmp}, nil
	}
	return nil, &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
}

// short is a name cut to 160 bytes (at a character's start), for a temporary name made of it:
// with its dot, host and process a name of 225 bytes or more passed the 255 a name may have,
// and an output of that name (a drop folder's long file name) was never written.
func short(name string) string {
	const most = 160
	if len(name) <= most {
		return name
	}
	n := most
	for n > 0 && !utf8.RuneStart(name[n]) {
		n--
	}
	return name[:n]
}

// SweepKilled removes, in dir and in its folders one level down, the temporary files that
// runs killed while writing an output there left (createAtomic's, whatever the output's
// name), when their process is gone. createAtomic sweeps its own output's only: with --out
// each run writes into a new dated folder, and a killed run's half report, as large as the
// report had grown, stayed in its folder for good.
func SweepKilled(dir string) {
	sweepFolder(dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() {
			sweepFolder(filepath.Join(dir, e.Name()))
		}
	}
}

// sweepFolder removes the temporary files of outputs in d (createAtomic's) whose process is
// gone.
func sweepFolder(d string) {
	entries, err := os.ReadDir(d)
	if err != nil {
		return
	}
	swept := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if i := strings.Index(name, ".tmp-"); i > 0 && name[0] == '.' && !e.IsDir() && !swept[name[:i]] {
			swept[name[:i]] = true
			scratch.Sweep(d, name[:i+len(".tmp-")])
		}
	}
}

// What Writable says of a path that stands for the wrong kind of thing.
var (
	ErrIsFolder  = fmt.Errorf("a folder stands at this path: %w", syscall.EISDIR)
	ErrNotFolder = fmt.Errorf("a file stands at this path: %w", syscall.ENOTDIR)
)

// Refusal is the message of an output Writable refused (err), naming its flag and path: a
// folder where a file goes, a file where a folder goes, or a folder that cannot be written.
func Refusal(lang outcome.Lang, flag, path string, err error) string {
	switch {
	case errors.Is(err, ErrIsFolder):
		return lang.OutputIsFolder(flag, path)
	case errors.Is(err, ErrNotFolder):
		return lang.OutputIsFile(flag, path)
	case errors.Is(err, ErrLink):
		link := path
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			link = pe.Path
		}
		return lang.OutputThroughLink(link)
	}
	return lang.OutputNotWritable(flag, path, err.Error())
}

// Writable tells, before a run sends anything, whether an output can be written at path (a
// folder of outputs when dir): its folder is made if missing and a file created in it, then
// removed. It says nothing of room on the disk. A folder standing at path itself, where a
// file is to go (not dir), is ErrIsFolder (a file where a folder is to go, ErrNotFolder): the run wrote every row, then failed to rename
// its report onto the folder. The error is the system's reason (permission denied, read-only
// file system).
// Folders it made are removed again: a clean run writes no re-import file, and left an empty
// folder where it had none.
func Writable(path string, dir bool) error { return WritableIn(nil, path, dir) }

// WritableIn is Writable in files (nil: OS).
func WritableIn(files Files, path string, dir bool) error {
	files = orOS(files)
	if fi, err := files.Stat(path); err == nil && fi.IsDir() != dir {
		if dir {
			return ErrNotFolder
		}
		return ErrIsFolder
	}
	if dir {
		path = filepath.Join(path, "x")
	}
	var made []string // the missing folders, deepest first
	for d := filepath.Dir(path); ; d = filepath.Dir(d) {
		if _, err := files.Lstat(d); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		made = append(made, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	defer func() {
		for _, d := range made {
			files.Remove(d) // only ever empty: nothing else was written in it
		}
	}()
	a, err := createAtomic(files, path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && !errors.Is(err, ErrLink) { // ErrLink's names the link
			return pe.Err
		}
		return err
	}
	a.abort()
	return nil
}

// commit makes the file durable and renames it into place; when that fails, it is fail's.
func (a *atomicFile) commit() error {
	err := a.Sync()
	if cerr := a.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = a.files.Rename(a.tmp, a.path)
	}
	if err != nil {
		a.files.Remove(a.tmp)
		if a.stale {
			return moveStale(a.files, a.path, a.lang, err)
		}
		return err
	}
	return nil
}

// abort removes the temporary file; whatever was at path stays. It ends a file that was not
// to be written (Writable's probe); one whose writing failed ends with fail.
func (a *atomicFile) abort() {
	a.File.Close()
	a.files.Remove(a.tmp)
}

// fail ends a file whose writing failed with err (a full disk, a file size limit): the
// temporary file is removed, and for a report (stale) a file that stood at the path before
// (the report of the same name an earlier run wrote: a nightly run's fixed --report path)
// is moved out of it (moveStale). The error returned says where it went.
func (a *atomicFile) fail(err error) error {
	a.abort()
	if !a.stale {
		return err
	}
	return moveStale(a.files, a.path, a.lang, err)
}

// Abandon moves out of path, the path of a report (or, not report, the summary) that a
// process ends without writing (see pipeline.Abandon), what would be read as it, in files
// (nil: OS): a JSON Lines report's own file, which holds the lines written so far, to
// NAME.incompleto; another output's earlier file (this run's never reached it) to
// NAME.anterior. This process's temporary file of path, as large as the output had grown, is
// removed: the process ends by its own choice, and a later run, which sweeps those of processes
// gone, may never write into that folder again. It returns what it did, in lang ("" when
// nothing was there).
func Abandon(files Files, path string, report bool, lang outcome.Lang) string {
	files = orOS(files)
	removeOwnTemp(files, path)
	fi, err := files.Lstat(path)
	if err != nil || fi.IsDir() {
		return ""
	}
	if report && isJSONL(path) {
		if !fi.Mode().IsRegular() {
			return "" // a pipe or a device it was written through to: not the importer's
		}
		if files.Rename(path, path+partialSuffix) != nil {
			return ""
		}
		return lang.AbandonedPartial(path + partialSuffix)
	}
	return stash(files, path, lang)
}

// removeOwnTemp removes the temporary files of path that this process made (createAtomic's,
// named for its HOST.PID), in files.
func removeOwnTemp(files Files, path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := files.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + short(base) + ".tmp-" + scratch.Mark() + "-"
	for _, e := range entries {
		if !e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			files.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// stash moves the earlier file at path to path+staleSuffix (removes it when that fails) and
// says what it did in lang.
func stash(files Files, path string, lang outcome.Lang) string {
	moved := path + staleSuffix
	switch {
	case files.Rename(path, moved) == nil:
		return lang.StaleOutputMoved(path, moved)
	case files.Remove(path) == nil:
		return lang.StaleOutputRemoved(path)
	}
	return lang.StaleOutputKept(path)
}

// staleSuffix ends the name an earlier run's file is renamed to when the output of the same
// name could not be written. After the extension, as the JSONL report's partialSuffix: a
// script that picks up *.csv, or a double click, does not open it as the report.
const staleSuffix = ".anterior"

// moveStale moves the file at path (not a folder) to path+staleSuffix after the output of
// that path failed with err, and returns err with what was done. Left in place, the night
// before's CSV or XLSX report stood where the night's was expected, whole and well formed,
// and the finance team read it as the night's: the log said the report was not written, the
// file itself said nothing. Renaming needs no room on a full disk; when it fails the file is
// removed, and when that fails too the error says that the file there is an earlier one.
func moveStale(files Files, path string, lang outcome.Lang, err error) error {
	fi, lerr := files.Lstat(path)
	if lerr != nil || fi.IsDir() {
		return err
	}
	return fmt.Errorf("%w; %s", err, stash(files, path, lang))
}

// WriteFile writes data to path atomically: what was at path stays until the new file is
// whole (a failure leaves it as it was).
func WriteFile(path string, data []byte) error { return writeAtomic(nil, path, data) }

// writeAtomic writes data to path in files (nil: OS) through an atomicFile.
func writeAtomic(files Files, path string, data []byte) error {
	a, err := createAtomic(files, path)
	if err != nil {
		return err
	}
	if _, err := a.Write(data); err != nil {
		return a.fail(err)
	}
	return a.commit()
}
