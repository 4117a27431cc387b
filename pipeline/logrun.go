package pipeline

import (
	"context"
	"log/slog"
	"sync/atomic"
)

// runTagged is a log handler that adds the run's number in the journal ("run") to every line
// once the journal gave it one (startJournal). Two runs writing to one log (a night's job
// steps appended to one file, a watcher's imports, a cron run overlapping the next) had only
// their times to tell their lines apart, and only the journal's first line named the run that
// `importer history` and `importer report N` know. Lines before the journal opens (the inputs
// read, their warnings) and runs with no journal carry none: the number does not exist yet.
type runTagged struct {
	slog.Handler
	id *atomic.Int64
}

func (h runTagged) Handle(ctx context.Context, rec slog.Record) error {
	if id := h.id.Load(); id > 0 {
		rec = rec.Clone()
		rec.AddAttrs(slog.Int64("run", id))
	}
	return h.Handler.Handle(ctx, rec)
}

func (h runTagged) WithAttrs(as []slog.Attr) slog.Handler {
	return runTagged{h.Handler.WithAttrs(as), h.id}
}

func (h runTagged) WithGroup(name string) slog.Handler {
	return runTagged{h.Handler.WithGroup(name), h.id}
}
