//go:build unix

package scratch

import (
	"errors"
	"syscall"
)

// running tells whether process pid exists (signal 0 checks without sending: EPERM is a
// process of another user, which runs).
func running(pid int) bool {
	return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
