#!/bin/sh
# make demo: start the embedded simulator on a free loopback port, import every file in
# samples/, write the reports under out/, print the summary, stop the simulator.
# The importer's exit 1 for the deliberately bad rows is the expected result here.
set -u
BIN=${1:-bin/importer}
OUT=out
rm -rf "$OUT" && mkdir -p "$OUT"

SENIOR_DEMO_PASSWORD=demo
export SENIOR_DEMO_PASSWORD
"$BIN" simulate --addr 127.0.0.1:0 --user demo --password-env SENIOR_DEMO_PASSWORD \
  --state "$OUT/simulator-state.json" >"$OUT/simulator.out" 2>"$OUT/simulator.log" &
SIM=$!
trap 'kill $SIM 2>/dev/null; wait $SIM 2>/dev/null' EXIT INT TERM

ADDR=
i=0
while [ $i -lt 100 ]; do
  ADDR=$(head -n 1 "$OUT/simulator.out" 2>/dev/null)
  [ -n "$ADDR" ] && break
  sleep 0.1
  i=$((i + 1))
done
if [ -z "$ADDR" ]; then
  echo "demo: the simulator did not start; see $OUT/simulator.log" >&2
  exit 2
fi
echo "demo: Senior simulator listening on http://$ADDR"

"$BIN" run --endpoint "http://$ADDR" --user demo --password-env SENIOR_DEMO_PASSWORD \
  --report "$OUT/report.xlsx" --report "$OUT/report.csv" --report "$OUT/report.jsonl" \
  --reimport "$OUT/corrigir" --summary "$OUT/summary.json" --journal "$OUT/journal.db" \
  samples/*.csv samples/*.xlsx
RC=$?
echo
case $RC in
  0) echo "demo: every row imported." ;;
  1) echo "demo: exit 1 is expected: samples/ holds deliberately bad rows; see the red rows in $OUT/report.xlsx" ;;
  *) echo "demo: the importer stopped with exit $RC" >&2; exit $RC ;;
esac
echo "demo: reports in $OUT/: report.xlsx report.csv report.jsonl summary.json; rows to fix in $OUT/corrigir/"
echo "demo: the run's journal is $OUT/journal.db: $BIN history --journal $OUT/journal.db"
