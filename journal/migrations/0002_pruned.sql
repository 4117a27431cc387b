-- When `importer prune` dropped a run's report lines and the states later runs replaced
-- (ISO-8601 UTC); NULL: the run is whole.
ALTER TABLE runs ADD COLUMN pruned TEXT;
