//go:build unix

package watch

import "syscall"

// nonBlock opens a pipe without waiting for a writer (no effect on a regular file).
const nonBlock = syscall.O_NONBLOCK
