//go:build unix

package readers

import "syscall"

// oNoFollow makes an open fail (ELOOP) on a path whose last element is a symbolic link.
const oNoFollow = syscall.O_NOFOLLOW
