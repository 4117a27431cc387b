#!/usr/bin/env python3
"""compare.py ADDR EXPECTED.json REPORT.jsonl [REPORT.csv]
Compares what the simulator at ADDR holds with what the generator says Senior should hold,
and the final run's report with every input row. Prints findings; exit 1 on any mismatch."""
import json, sys, urllib.request, os, csv, collections

addr, expf, rep = sys.argv[1], sys.argv[2], sys.argv[3]
exp = json.load(open(expf))
bad = 0

def get(path):
    with urllib.request.urlopen("http://%s%s" % (addr, path)) as r:
        return json.load(r)

def flat(stored):
    out = {"values": stored["values"]}
    sets = {}
    for name, kids in (stored.get("sets") or {}).items():
        sets[name] = [k["values"] for k in kids]
    if sets:
        out["sets"] = sets
    return out

for port, want in sorted(exp["records"].items()):
    got = {r["key"]: flat(r) for r in get("/_records?port=" + port)}
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    diff = []
    for k in sorted(set(want) & set(got)):
        w = want[k]
        wv = {"values": w["values"]}
        if w.get("sets"):
            wv["sets"] = w["sets"]
        if wv != got[k]:
            diff.append(k)
    print("%-22s want %6d got %6d missing %d extra %d differ %d" % (port, len(want), len(got), len(missing), len(extra), len(diff)))
    for k in missing[:5]:
        print("   missing", k); bad += 1
    for k in extra[:5]:
        print("   extra", k, json.dumps(got[k], ensure_ascii=False)[:300]); bad += 1
    for k in diff[:5]:
        bad += 1
        w = want[k]; g = got[k]
        for f in sorted(set(w["values"]) | set(g["values"])):
            if w["values"].get(f) != g["values"].get(f):
                print("   differ %s %s: want %r got %r" % (k, f, w["values"].get(f), g["values"].get(f)))
        if (w.get("sets") or {}) != (g.get("sets") or {}):
            print("   differ %s sets: want %s\n      got %s" % (k, json.dumps(w.get("sets"), ensure_ascii=False)[:400], json.dumps(g.get("sets"), ensure_ascii=False)[:400]))
    bad += len(missing) + len(extra) + len(diff)

stats = get("/_stats")
print("sim stats: requests %d accepted %d rejected %d invalid %d duplicate_includes %d stored %d faults %s" % (
    stats.get("requests", 0), stats.get("accepted", 0), stats.get("rejected", 0), stats.get("invalid", 0),
    stats.get("duplicate_includes", 0), stats.get("stored", 0), stats.get("faults")))
if stats.get("invalid"):
    print("   the simulator found envelopes invalid:", stats["invalid"])

# the report: every input row exactly once; good rows ok/skipped, bad rows invalid/rejected.
lines = collections.defaultdict(list)
n = 0
with open(rep) as f:
    for line in f:
        if not line.strip():
            continue
        d = json.loads(line)
        n += 1
        lines[(os.path.basename(d["file"]), d.get("sheet") or "", d["row"])].append(d)
rows = {(r["file"], r["sheet"], r["row"]): r for r in exp["rows"]}
outs = collections.Counter()
twice = [k for k, v in lines.items() if len(v) > 1]
missing = [k for k in rows if k not in lines]
extra = [k for k in lines if k not in rows]
wrong = []
for k, r in rows.items():
    if k not in lines:
        continue
    o = lines[k][0]["outcome"]
    outs[("good" if r["good"] else "bad", o)] += 1
    if r["good"] and o not in ("ok", "skipped"):
        wrong.append((k, o, lines[k][0].get("message", "")[:200]))
    if not r["good"] and o not in ("invalid", "rejected"):
        wrong.append((k, o, lines[k][0].get("message", "")[:200]))
print("report %s: %d lines, %d rows expected; twice %d missing %d extra %d wrong outcome %d" % (rep, n, len(rows), len(twice), len(missing), len(extra), len(wrong)))
print("   outcomes:", dict(sorted(outs.items())))
for k in twice[:5]: print("   twice", k, [l["outcome"] for l in lines[k]])
for k in missing[:5]: print("   missing", k)
for k in extra[:5]: print("   extra", k, lines[k][0]["outcome"])
for w in wrong[:10]: print("   wrong", w)
bad += len(twice) + len(missing) + len(extra) + len(wrong)
print("RESULT", "OK" if bad == 0 else "MISMATCH %d" % bad)
sys.exit(1 if bad else 0)
