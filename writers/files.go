package writers

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Files makes, looks at and lists the outputs of a run by their paths: the reports, the
// summary and the re-import folder's files (each written under a temporary name and renamed
// into place, a JSON Lines report opened at its place).
type Files interface {
	OpenFile(path string, flag int, perm fs.FileMode) (*os.File, error)
	MkdirAll(dir string, perm fs.FileMode) error
	Rename(from, to string) error
	Remove(path string) error
	Stat(path string) (fs.FileInfo, error)
	Lstat(path string) (fs.FileInfo, error)
	ReadDir(dir string) ([]fs.DirEntry, error)
}

// OS is the system's paths, links followed: a user's own command line (importer run's
// --report, --summary, --reimport, --out) names where its outputs go, links included.
type OS struct{}

func (OS) OpenFile(path string, flag int, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag, perm)
}
func (OS) MkdirAll(dir string, perm fs.FileMode) error { return os.MkdirAll(dir, perm) }
func (OS) Rename(from, to string) error                { return os.Rename(from, to) }
func (OS) Remove(path string) error                    { return os.Remove(path) }
func (OS) Stat(path string) (fs.FileInfo, error)       { return os.Stat(path) }
func (OS) Lstat(path string) (fs.FileInfo, error)      { return os.Lstat(path) }
func (OS) ReadDir(dir string) ([]fs.DirEntry, error)   { return os.ReadDir(dir) }

// ErrLink: a link on the way to an output in a Folder leads out of it (the system refused to
// follow it); the *fs.PathError holding it names the link.
var ErrLink = errors.New("a link leading out of the folder the outputs are written in, never followed")

// ErrNotInFolder: a Folder was asked for a path outside its folder.
var ErrNotInFolder = errors.New("not in the folder the outputs are written to")

// Folder is the outputs under one folder, made through Root, an os.Root opened on it (by
// descriptor): every file and folder is made in the folder Root was opened on, whatever Dir's
// path leads to by then. The watcher's work folder renamed away and a link to another folder
// (the server's) put in its place is never written through: the outputs go on in the folder
// held. A link inside it that leads out of it (corrigir/ made a link to /etc) is refused by
// the system, however late it comes; a file that is a link is replaced, never written through
// (outputs are made as new files, O_EXCL, and renamed into place). Temporary files that a
// killed run left are not swept: the watcher empties its work folder at every start.
type Folder struct {
	Dir  string   // the folder's path, as the outputs' paths name it
	Root *os.Root // opened on Dir
}

// name is path's name in the folder ("." for Dir itself).
func (d Folder) name(op, path string) (string, error) {
	rel, err := filepath.Rel(filepath.Clean(d.Dir), filepath.Clean(path))
	if err != nil || filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", &fs.PathError{Op: op, Path: path, Err: ErrNotInFolder}
	}
	return rel, nil
}

// pathError names path (the whole path, as the caller gave it) in a Root's error, which
// names it in the folder.
func pathError(op, path string, err error) error {
	if err == nil {
		return nil
	}
	return &fs.PathError{Op: op, Path: path, Err: cause(err)}
}

// fail is the error of an op on n (path's name in the folder) that failed with err: ErrLink,
// naming the link, when a link on the way to n leads out of the folder (what the system
// refused), else err naming path.
func (d Folder) fail(op, path, n string, err error) error {
	if err == nil {
		return nil
	}
	p := ""
	for _, part := range strings.Split(n, string(filepath.Separator)) {
		p = filepath.Join(p, part)
		fi, lerr := d.Root.Lstat(p)
		if lerr != nil {
			break
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if _, serr := d.Root.Stat(p); serr != nil { // it leads out (or nowhere)
				return &fs.PathError{Op: op, Path: filepath.Join(d.Dir, p), Err: ErrLink}
			}
			break
		}
	}
	return pathError(op, path, err)
}

// cause is a Root's *fs.PathError's or *os.LinkError's cause.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

func (d Folder) OpenFile(path string, flag int, perm fs.FileMode) (*os.File, error) {
	n, err := d.name("open", path)
	if err != nil {
		return nil, err
	}
	f, err := d.Root.OpenFile(n, flag, perm)
	return f, d.fail("open", path, n, err)
}

func (d Folder) MkdirAll(dir string, perm fs.FileMode) error {
	n, err := d.name("mkdir", dir)
	if err != nil {
		return err
	}
	if n == "." {
		return nil
	}
	return d.fail("mkdir", dir, n, d.Root.MkdirAll(n, perm))
}

func (d Folder) Rename(from, to string) error {
	f, err := d.name("rename", from)
	if err != nil {
		return err
	}
	t, err := d.name("rename", to)
	if err != nil {
		return err
	}
	if err := d.Root.Rename(f, t); err != nil {
		if lerr := d.fail("rename", to, t, err); errors.Is(lerr, ErrLink) {
			return lerr
		}
		if lerr := d.fail("rename", from, f, err); errors.Is(lerr, ErrLink) {
			return lerr
		}
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: cause(err)}
	}
	return nil
}

func (d Folder) Remove(path string) error {
	n, err := d.name("remove", path)
	if err != nil {
		return err
	}
	return d.fail("remove", path, n, d.Root.Remove(n))
}

func (d Folder) Stat(path string) (fs.FileInfo, error) {
	n, err := d.name("stat", path)
	if err != nil {
		return nil, err
	}
	fi, err := d.Root.Stat(n)
	return fi, d.fail("stat", path, n, err)
}

func (d Folder) Lstat(path string) (fs.FileInfo, error) {
	n, err := d.name("lstat", path)
	if err != nil {
		return nil, err
	}
	fi, err := d.Root.Lstat(n)
	return fi, d.fail("lstat", path, n, err)
}

func (d Folder) ReadDir(dir string) ([]fs.DirEntry, error) {
	n, err := d.name("readdir", dir)
	if err != nil {
		return nil, err
	}
	ents, err := fs.ReadDir(d.Root.FS(), filepath.ToSlash(n))
	return ents, d.fail("readdir", dir, n, err)
}

// orOS is files, or OS when nil.
func orOS(files Files) Files {
	if files == nil {
		return OS{}
	}
	return files
}
