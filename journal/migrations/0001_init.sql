-- The journal's first schema. Times of runs are ISO-8601 text in UTC (readable as they are);
-- times of records are unix milliseconds (at_ms: they are written thousands of times a second),
-- shown as ISO-8601 by the views record_states and last_states.

-- One row per run of a command that writes to the journal.
CREATE TABLE runs (
	id        INTEGER PRIMARY KEY,
	command   TEXT NOT NULL,
	started   TEXT NOT NULL,   -- ISO-8601 UTC, e.g. 2025-11-03T02:00:00.000Z
	finished  TEXT,            -- NULL: the run never finished (killed, crashed)
	rows      INTEGER,
	records   INTEGER,
	exit_code INTEGER
);

-- The run's settings, without secrets (the caller filters them).
CREATE TABLE run_settings (
	run   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	name  TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (run, name)
) WITHOUT ROWID;

-- The run's input files, in the order given, with their content hash.
CREATE TABLE run_inputs (
	run    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	n      INTEGER NOT NULL,
	path   TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	size   INTEGER NOT NULL,
	PRIMARY KEY (run, n)
) WITHOUT ROWID;

-- Counts per outcome as the caller reported them when the run finished.
CREATE TABLE run_outcomes (
	run     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	outcome TEXT NOT NULL,
	count   INTEGER NOT NULL,
	PRIMARY KEY (run, outcome)
) WITHOUT ROWID;

-- A target (opaque: an endpoint and a user) and a port; records name it by id, so the long
-- strings are stored once.
CREATE TABLE scopes (
	id     INTEGER PRIMARY KEY,
	target TEXT NOT NULL,
	port   TEXT NOT NULL,
	UNIQUE (target, port)
);

-- A record's state in one run: in_flight while its request may be out, then its outcome.
-- The last state of a record is its row with the highest run. The primary key is the
-- covering index of that lookup (WITHOUT ROWID: the table is the index).
CREATE TABLE records (
	scope       INTEGER NOT NULL REFERENCES scopes(id),
	key         TEXT NOT NULL,
	run         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	outcome     TEXT NOT NULL,     -- 'in_flight' or the caller's outcome word
	value_hash  TEXT,
	wire_values TEXT,              -- the values sent, as the caller encoded them (JSON)
	remote_id   TEXT,              -- the id the remote system gave the record
	answer      TEXT,              -- the remote system's answer or message
	attempts    INTEGER,
	at_ms       INTEGER NOT NULL,  -- unix milliseconds of this state
	PRIMARY KEY (scope, key, run)
) WITHOUT ROWID;

CREATE INDEX records_by_run ON records (run);

-- A run's report lines as written to its JSONL report, in input order (seq: the record's
-- place in the input; n: the line's place within its record).
CREATE TABLE lines (
	run  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	seq  INTEGER NOT NULL,
	n    INTEGER NOT NULL,
	line TEXT NOT NULL,
	PRIMARY KEY (run, seq, n)
) WITHOUT ROWID;

CREATE VIEW record_states AS
SELECT s.target, s.port, r.key, r.run, r.outcome, r.value_hash, r.remote_id, r.answer,
	r.attempts, strftime('%Y-%m-%dT%H:%M:%fZ', r.at_ms / 1000.0, 'unixepoch') AS at,
	r.wire_values
FROM records r JOIN scopes s ON s.id = r.scope;

-- Each record's last state, whatever the run: what a resumed run acts on.
-- SELECT * FROM last_states WHERE outcome = 'in_flight' lists the records whose fate is unknown.
CREATE VIEW last_states AS
SELECT s.target, s.port, r.key, r.run, r.outcome, r.value_hash, r.remote_id, r.answer,
	r.attempts, strftime('%Y-%m-%dT%H:%M:%fZ', r.at_ms / 1000.0, 'unixepoch') AS at,
	r.wire_values
FROM records r JOIN scopes s ON s.id = r.scope
WHERE r.run = (SELECT max(x.run) FROM records x WHERE x.scope = r.scope AND x.key = r.key);
