package journal

import (
	"fmt"
	"strings"
)

// sizeLimit is the limit on the size of the files this process writes (ulimit -f; a unit's
// LimitFSIZE=) that a write SQLite refused with no cause of its own ("disk I/O error", the
// errno lost on the way) may come from: the kernel enforces it with EFBIG, and an operator
// would never think of it from that text. 0 when msg is another error or no limit is set.
func sizeLimit(msg string) uint64 {
	if !strings.Contains(msg, "disk I/O error") {
		return 0
	}
	n, ok := fileSizeLimit()
	if !ok {
		return 0
	}
	return n
}

// writeHint says sizeLimit's limit, in English, for the callers that say errors as they
// come; "" when there is none. A caller that speaks the operator's language says it itself,
// from OpenError's and WriteError's SizeLimit.
func writeHint(msg string) string {
	n := sizeLimit(msg)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (this process may write files of at most %d bytes: ulimit -f, a systemd unit's LimitFSIZE=; lift that limit for the importer)", n)
}
