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
// A record is named in a run by its place in the run's input (seq): one row per record and
// run holds its state and its report lines, so a run's report is one range of the table. Its
// place among the run's records of its port (Mark.Place) is kept beside it, for a caller that
// matches a record's rows across runs whose other ports' inputs differ.
//
// Writes go through one goroutine that owns the write connection and commits in groups:
// InFlight waits for the commit of its group (a request may go out only once its record is
// durably in flight); Settle and AddLines return at once and are committed with the next
// group that someone waits for, or within a bound (50 ms), and surely by Flush, FinishRun or
// Close. A commit costs about as much as writing ten records, so callers should mark many
// records in one InFlight, ahead of sending them (see InFlight). Checkpoints run in the
// background, never inside a commit. Reads use a separate pool of connections and see
// committed writes only. The database is in WAL mode with synchronous=NORMAL: a committed
// group survives a killed process; after a power loss the last groups may be lost, which a
// resumed run covers by reading records back.
package journal
