//go:build unix

package journal

import "syscall"

// fileSizeLimit is the most bytes a file this process writes may hold (RLIMIT_FSIZE), and
// whether there is such a limit.
func fileSizeLimit() (uint64, bool) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &l); err != nil || uint64(l.Cur) >= 1<<62 {
		return 0, false // none (RLIM_INFINITY), or not known
	}
	return uint64(l.Cur), true
}
