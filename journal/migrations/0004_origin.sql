-- A skipped state (a record found already imported with the same values): the run whose
-- accepted state it was skipped by, so that a run skipping it again names that run, not the
-- last one that skipped it. NULL: the state's own run.
ALTER TABLE records ADD COLUMN origin INTEGER;
