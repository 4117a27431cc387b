package watch

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// A kill leaves the drop folder as the watcher's last system call left it; a power cut (or
// a kernel that stops) leaves it as the disk last had it, which may be older and, between
// folders, out of order: a file renamed whose content never reached the disk (an empty
// `sorting` or `starts`, an empty report in done/), a move into done/ kept while the moves of
// its reports before it were lost. So every step the next start relies on is made durable
// before the step that relies on it, the standard way: a file's content is synced before it
// is renamed, and after a rename (or a folder made, or removed) the folder it lands in is
// synced, then the folder it left. Only there: what the next start does again anyway (a set
// file moved back, a dead work folder removed) is not synced.

// durableAt is told of each step that makes the drop folder's state survive a power cut, in
// the order they happen, the paths in the drop folder: "sync" NAME (a file's content),
// "syncdir" DIR (a folder's entries, "." the drop folder itself), "rename" FROM TO, and
// "remove" DIR (a file's work folder, once it is sorted). Tests record them to check the
// order (a power cut cannot be made in a test); it does nothing else.
var durableAt = func(op string, paths ...string) {}

// syncFile makes the content of the regular file name in the drop folder r durable before it
// is moved: a file dropped by a copy that never synced it (a share's server, a program's
// output) would otherwise come back empty after a power cut, in processing/ with its rows
// sent, or in done/ as an empty report. What is no regular file, or cannot be opened, is
// left to the move and to the import, which say why: nothing of it is sent.
func syncFile(r *os.Root, name string) error {
	fi, err := r.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	f, err := openRegular(r, name)
	if err != nil {
		return nil
	}
	err = syncRead(f)
	f.Close()
	if err = unsupported(err); err == nil {
		durableAt("sync", filepath.Clean(name))
	}
	return err
}

// syncFolder makes the entries of the folder dir in the drop folder r durable: the files
// renamed into it or out of it, the folders made in it.
func syncFolder(r *os.Root, dir string) error {
	err := unsupported(syncDir(r, dir))
	if err == nil {
		durableAt("syncdir", filepath.Clean(dir))
	}
	return err
}

// syncFolders syncs dirs in order (the folders files moved into first, then those they
// left: a power cut in between leaves a file in both, never in neither), each once. A
// failure is said in the log and the watcher goes on: the move is done, and the disk that
// refused to sync (failing, or a share gone) is the operator's to look at.
func (w *watcher) syncFolders(r *os.Root, dirs ...string) {
	done := map[string]bool{}
	for _, d := range dirs {
		d = filepath.Clean(d)
		if done[d] {
			continue
		}
		done[d] = true
		if err := syncFolder(r, d); err != nil {
			w.log.Warn(w.o.Lang.LogNotSynced(), "folder", d, "error", err)
		}
	}
}

// unsupported is err, but nil for a file system that cannot sync (some FUSE and network
// file systems answer EINVAL or ENOTSUP to fsync of a folder): there is nothing more to do.
func unsupported(err error) error {
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return err
}
