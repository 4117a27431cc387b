-- Skipped states written before 0004 name no origin, so a run skipping the record again named
-- the last run that skipped it, not the one that imported it, and wrote that as its own
-- origin (an upgrade tester: runs 6 ok, 8 skipped under the old version, then run 9 said
-- "já importado na execução 8"). Each such state takes the run of the last accepted state of
-- its key before it with the same values, where the journal still holds it (prune may have
-- removed it: then it stays its own run's).
UPDATE records SET origin = (
	SELECT max(x.run) FROM records x
	WHERE x.scope = records.scope AND x.key = records.key AND x.id < records.id
		AND x.outcome IN ('ok', 'queued') AND x.value_hash = records.value_hash)
WHERE outcome = 'skipped' AND origin IS NULL AND scope IS NOT NULL;
