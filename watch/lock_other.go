//go:build !unix

package watch

import (
	"log/slog"

	"seniorimporter/outcome"
)

// lock: elsewhere, one watcher per folder is the operator's to keep.
func lock(string, *slog.Logger, outcome.Lang) (func(), error) { return func() {}, nil }
