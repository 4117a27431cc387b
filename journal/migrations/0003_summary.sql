-- The run's summary as the caller gave it when the run finished (opaque to the journal: JSON),
-- so that its report written again says what the run's did; NULL: never finished, or a run
-- of an older importer.
ALTER TABLE runs ADD COLUMN summary TEXT;
