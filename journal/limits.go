package journal

import (
	"fmt"
	"strings"
)

// writeHint says what a write SQLite refused with no cause of its own ("disk I/O error", the
// errno lost on the way) may come from: a limit on the size of the files this process
// writes (ulimit -f; a unit's LimitFSIZE=), which the kernel enforces with EFBIG, and which
// an operator would never think of from that text. "" when no such limit is set.
func writeHint(msg string) string {
	if !strings.Contains(msg, "disk I/O error") {
		return ""
	}
	n, ok := fileSizeLimit()
	if !ok {
		return ""
	}
	return fmt.Sprintf(" (this process may write files of at most %d bytes: ulimit -f, a systemd unit's LimitFSIZE=; lift that limit for the importer)", n)
}
