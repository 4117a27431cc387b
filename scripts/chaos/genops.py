#!/usr/bin/env python3
"""genops.py DIR: GravarOrcamentos-ops.csv, 3,000 quotes each included, then altered, or deleted
and included again, or left; DIR/../ops-expected.json: the last state of each as Senior keeps it."""
import json, os, sys
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
H = ["tipOpe","codEmp","numOct","verOct","desOct","codCli","codCpg","vlrBru","vlrLiq","itens.seqOci","itens.codPro","itens.datOci","itens.qtdOci","itens.uniMed","itens.vlrUni","itens.oriUni","itens.vlrBru","itens.vlrLiq"]
lines = [";".join(H)]
exp = {}
def rec(tip, k, ver):
    desc = "Orçamento %d versão %s – ação" % (k, ver)
    its = []
    for s in (1, 2):
        c = 1000 * s + k % 97 + (50 if ver != "v1" else 0)
        its.append((s, "P%05d" % (k * s % 99999), "%02d/03/2027" % (1 + (k + s) % 28), "%d,5" % s, "UN", "%d,%02d" % (c // 100, c % 100), "D"))
    tot = sum(int(i[5].replace(",", "")) * (2 * i[0] + 1) // 2 for i in its)  # qtd s,5 × price, cents
    rows = []
    vals = {"tipOpe": tip, "codEmp": "1", "numOct": str(k), "verOct": "1", "desOct": desc, "codCli": "200001", "codCpg": "030",
            "vlrBru": "%d.%02d" % (tot // 100, tot % 100), "vlrLiq": "%d.%02d" % (tot // 100, tot % 100)}
    items = []
    for (s, pro, dat, q, u, p, o) in its:
        cents = int(p.replace(",", "")) * (2 * s + 1) // 2
        b = "%d,%02d" % (cents // 100, cents % 100)
        rows.append([tip, "1", str(k), "1", desc, "200001", "030", vals["vlrBru"].replace(".", ","), vals["vlrLiq"].replace(".", ","),
                     str(s), pro, dat, q, u, p, o, b, b])
        pi = int(p.replace(",", ""))
        items.append({"seqOci": str(s), "codPro": pro, "datOci": dat, "qtdOci": "%d.50000" % s, "uniMed": u,
                      "vlrUni": "%d.%02d00000000" % (pi // 100, pi % 100), "oriUni": o, "vlrBru": b.replace(",", "."), "vlrLiq": b.replace(",", ".")})
    return rows, {"values": vals, "sets": {"itens": items}}
N = 3000
block1, block2, block3 = [], [], []
for k in range(500001, 500001 + N):
    r, e = rec("1", k, "v1"); block1 += r; exp["1/%d/1" % k] = e
    if k % 3 == 0:
        r, e = rec("2", k, "v2"); block2 += r; exp["1/%d/1" % k] = e
    elif k % 3 == 1:
        block2.append(["3", "1", str(k), "1"] + [""] * (len(H) - 4))
        r, e = rec("1", k, "v3"); block3 += r; exp["1/%d/1" % k] = e
for r in block1 + block2 + block3:
    lines.append(";".join(r))
open(os.path.join(d, "GravarOrcamentos-ops.csv"), "w").write("\n".join(lines) + "\n")
json.dump({"records": {"GravarOrcamentos": exp}, "rows": []}, open(os.path.join(os.path.dirname(d.rstrip("/")), "ops-expected.json"), "w"))
print(len(lines) - 1, "rows", len(exp), "quotes")
