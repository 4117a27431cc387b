//go:build unix

package pipeline

import "syscall"

// openFileLimit is the most files this process may hold open (RLIMIT_NOFILE; Go raised the
// soft limit to the hard one when the process started), and whether it is known.
func openFileLimit() (uint64, bool) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, false
	}
	return uint64(l.Cur), true
}
