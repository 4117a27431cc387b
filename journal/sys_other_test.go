//go:build !unix

package journal

import (
	"testing"
	"time"
)

// cpuTime cannot tell here (no getrusage): the benchmarks' CPU figures read 0.
func cpuTime(*testing.B) time.Duration { return 0 }

func withUmask(t *testing.T, _ int) { t.Skip("no umask here") }
