-- A record's place among the run's records of its port, in input order: what a re-run matches
-- a row of a key held several times by (its steps), so that the files of other ports imported
-- with it, or not, move no row. seq, the place across every input of the run, stays the row's
-- id and report order. NULL: written before this column, when the place was seq (read as it).
ALTER TABLE records ADD COLUMN place INTEGER;
