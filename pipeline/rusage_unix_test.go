//go:build unix

package pipeline

import (
	"os"
	"syscall"
)

// maxRSSKB is a finished process's peak resident size in KiB (Linux's unit for Maxrss).
func maxRSSKB(ps *os.ProcessState) float64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss)
	}
	return 0
}
