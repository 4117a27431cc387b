//go:build unix

package monitor

import (
	"os/exec"
	"syscall"
)

// ownGroup starts the command in a process group of its own and has the timeout kill the
// whole group: sh -c 'curl …' leaves curl running otherwise.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
