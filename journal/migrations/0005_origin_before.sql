-- Skipped states written before 0004 name no origin, so a run skipping the record again named
-- the last run that skipped it, not the one that imported it, and wrote that as its own
-- origin (an upgrade tester: runs 6 ok, 8 skipped under the old version, then run 9 said
-- "já importado na execução 8"). Each such state takes the run of the last accepted state of
-- its key before it with the same values, where the journal still holds it (prune may have
-- removed it: then it stays its own run's). One pass over the table in key order (a window),
-- not a search of each key's history for each of its states: that took seconds at 200 runs
-- per key, and grew with the square of a key's history (a reviewer).
UPDATE records SET origin = o.origin
FROM (
	SELECT id, max(CASE WHEN outcome IN ('ok', 'queued') THEN run END) OVER (
		PARTITION BY scope, key, value_hash ORDER BY id
		ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS origin
	FROM records
	WHERE scope IS NOT NULL AND value_hash IS NOT NULL
) AS o
WHERE records.id = o.id AND records.outcome = 'skipped' AND records.origin IS NULL
	AND o.origin IS NOT NULL;
