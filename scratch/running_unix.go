//go:build unix

package scratch

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"syscall"
)

// running tells whether process pid runs: signal 0 checks without sending (EPERM is a
// process of another user, which runs). A zombie (killed, not yet reaped by its parent: a
// container whose first process reaps late) writes nothing more: on Linux, /proc says so.
func running(pid int) bool {
	if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true // no /proc here: taken to run
	}
	// "PID (COMMAND) STATE ...": the command may hold spaces and parentheses.
	if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) {
		return b[i+2] != 'Z'
	}
	return true
}

// mine tells whether a folder is as Dir makes it: this process's user's, and only theirs (0700).
func mine(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid() && fi.Mode().Perm() == 0o700
}
