//go:build unix

package watch

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"

	"seniorimporter/outcome"
)

// lock takes an exclusive lock on name in the drop folder r (created if need be) for as long
// as the watcher runs, so that a second watcher on the same folder stops at once instead of
// racing the first for files. The lock goes with the process, however it ends. A link there is
// refused, not followed: opening it would create the file it names. (r refuses one that leads
// out of the drop folder however late it comes; Root.OpenFile follows one inside it whatever
// the flags, which could only lock another file of the folder.)
func lock(r *os.Root, name string, log *slog.Logger, lang outcome.Lang) (func(), error) {
	path := filepath.Join(r.Name(), name)
	if fi, err := r.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return nil, errors.New(lang.DropFolderLockLink(name))
	}
	f, err := r.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errors.New(lang.DropFolderBusy(path))
		}
		// Some network mounts take no locks: go on without, and say so.
		log.Warn(lang.LogNoLock(), "error", err)
		return func() {}, nil
	}
	return func() { f.Close() }, nil
}
