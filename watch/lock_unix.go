//go:build unix

package watch

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"syscall"

	"seniorimporter/outcome"
)

// lock takes an exclusive lock on path (created if need be) for as long as the watcher runs,
// so that a second watcher on the same folder stops at once instead of racing the first for
// files. The lock goes with the process, however it ends.
func lock(path string, log *slog.Logger, lang outcome.Lang) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another watcher is using this folder (%s is locked)", path)
		}
		// Some network mounts take no locks: go on without, and say so.
		log.Warn(lang.LogNoLock(), "error", err)
		return func() {}, nil
	}
	return func() { f.Close() }, nil
}
