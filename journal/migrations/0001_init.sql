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

-- One row per record of a run: its state (in_flight while its request may be out, then its
-- outcome) and its report lines. A row without a scope holds report lines only (rows that
-- are no record, or whose state the caller did not keep).
--
-- id is run * 2^40 + seq: a run's records are one range of the table, in input order, and a
-- record's rows over all runs sort by run in records_by_key, so its last state is the one
-- with the highest id.
CREATE TABLE records (
	id          INTEGER PRIMARY KEY,           -- run * 1099511627776 + seq
	run         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,              -- the record's place in the run's input
	scope       INTEGER REFERENCES scopes(id), -- NULL: report lines only
	key         TEXT,
	outcome     TEXT,     -- 'in_flight' or the caller's outcome word
	value_hash  TEXT,
	wire_values TEXT,     -- the values sent, as the caller encoded them (JSON)
	remote_id   TEXT,     -- the id the remote system gave the record
	answer      TEXT,     -- the remote system's answer or message
	attempts    INTEGER,
	at_ms       INTEGER,  -- unix milliseconds of this state
	lines       TEXT      -- the record's report lines as written to the JSONL report, one per line
);

CREATE INDEX records_by_key ON records (scope, key) WHERE scope IS NOT NULL;

CREATE VIEW record_states AS
SELECT r.run, r.seq, s.target, s.port, r.key, r.outcome, r.value_hash, r.remote_id, r.answer,
	r.attempts, strftime('%Y-%m-%dT%H:%M:%fZ', r.at_ms / 1000.0, 'unixepoch') AS at,
	r.wire_values
FROM records r JOIN scopes s ON s.id = r.scope;

-- Each record's last state, whatever the run: what a resumed run acts on.
-- SELECT * FROM last_states WHERE outcome = 'in_flight' lists the records whose fate is unknown.
CREATE VIEW last_states AS
SELECT r.run, r.seq, s.target, s.port, r.key, r.outcome, r.value_hash, r.remote_id, r.answer,
	r.attempts, strftime('%Y-%m-%dT%H:%M:%fZ', r.at_ms / 1000.0, 'unixepoch') AS at,
	r.wire_values
FROM records r JOIN scopes s ON s.id = r.scope
WHERE r.id = (SELECT max(x.id) FROM records x WHERE x.scope = r.scope AND x.key = r.key);
