//go:build unix

package writers

import (
	"errors"
	"os"
	"syscall"
)

// lockWriting takes an exclusive flock on f, a JSON Lines report being written, without
// waiting; it is let go when f is closed (or the process ends). A file system that takes no
// locks leaves it unlocked.
func lockWriting(f *os.File) {
	for errors.Is(syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB), syscall.EINTR) {
	}
}

// writing tells whether another open file (another run's, in this process or another) holds
// f's exclusive flock: a shared lock is asked for and let go at once.
func writing(f *os.File) bool {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
		switch {
		case err == nil:
			syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			return false
		case errors.Is(err, syscall.EINTR):
			continue
		}
		return errors.Is(err, syscall.EWOULDBLOCK)
	}
}
