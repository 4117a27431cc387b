//go:build !unix

package watch

import (
	"log/slog"
	"os"

	"seniorimporter/outcome"
)

// lock: elsewhere, one watcher per folder is the operator's to keep.
func lock(*os.Root, string, *slog.Logger, outcome.Lang) (func(), error) { return func() {}, nil }
