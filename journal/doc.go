// Package journal keeps, in one embedded SQLite file, what every run did: the run itself
// (command, settings, inputs with their hashes, counts, exit code), the state of every record
// it sent (in flight, then its outcome, the remote id or answer, the hash of the values sent),
// and its report lines, so that a later run can resume where a killed one stopped and a run's
// report can be written again.
//
// The journal knows nothing of Senior, SOAP or input files: a record is named by an opaque
// Key (target, port, key), outcomes are the caller's words (except OutcomeInFlight), values
// and report lines are opaque bytes (JSON by convention, stored as text so the sqlite3 shell
// shows them).
//
// Writes go through one goroutine that owns the write connection and commits in groups:
// InFlight waits for the commit of its group (a request may go out only once its record is
// durably in flight); Settle and AddLines return at once and are committed with the next
// group, and surely by Flush, FinishRun or Close. Reads use a separate pool of connections
// and see committed writes only. The database is in WAL mode with synchronous=NORMAL: a
// committed group survives a killed process; after a power loss the last groups may be lost,
// which a resumed run covers by reading records back.
package journal
