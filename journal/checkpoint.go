package journal

import (
	"database/sql"
	"sync/atomic"
	"time"
)

// checkpointer copies committed pages from the WAL into the database file in the
// background. SQLite's automatic checkpoint runs inside the commit that crosses its
// threshold and syncs both files (milliseconds, tens of them on a busy disk), so every
// InFlight caller of that commit would wait for it; here the writer's commits never wait for
// a checkpoint (the write connection's wal_autocheckpoint is 0). A PASSIVE checkpoint takes
// no lock that a writer or reader needs.
//
// The WAL starts over from its beginning only when a checkpoint has caught up with it as the
// writer begins a transaction, which a writer that commits all the time rarely lets happen:
// so once the WAL holds more than restartFrames, the checkpointer asks the writer to run one
// checkpoint itself between two commits (it then copies only what came since the
// checkpointer's last one), after which its next transaction starts the WAL over.
type checkpointer struct {
	db            *sql.DB
	every         time.Duration
	restartFrames int
	restart       func()        // asks the writer for a checkpoint of its own
	kick          chan struct{} // the writer committed
	stop          chan struct{}
	done          chan struct{}

	runs atomic.Int64 // checkpoints done, for the benchmarks
	errs atomic.Int64 // checkpoints failed (busy, I/O): the next one tries again
}

func startCheckpointer(db *sql.DB, every time.Duration, restartFrames int, restart func()) *checkpointer {
	c := &checkpointer{db: db, every: every, restartFrames: restartFrames, restart: restart,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c
}

// committed tells the checkpointer there is something to copy.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer close(c.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		timer.Reset(c.every)
		select {
		case <-c.stop:
			timer.Stop()
			return
		case <-timer.C:
		}
		var busy, frames, copied int
		if err := c.db.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied); err != nil {
			c.errs.Add(1)
			continue
		}
		c.runs.Add(1)
		if frames >= c.restartFrames {
			c.restart()
		}
	}
}

// close stops the checkpointer; the last connection to close checkpoints what is left.
func (c *checkpointer) close() {
	close(c.stop)
	<-c.done
}
