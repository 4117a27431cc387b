//go:build !unix

package watch

import "log/slog"

// lock: elsewhere, one watcher per folder is the operator's to keep.
func lock(string, *slog.Logger) (func(), error) { return func() {}, nil }
