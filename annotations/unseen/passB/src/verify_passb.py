"""Checks pass-B output against the skeleton: same ids/text/meta/order, span texts, overlaps, roles, relations."""
import json, sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SKEL = ROOT / "annotations/unseen/work/skeleton.jsonl"
QUANT = {"MONEY", "COUNT", "PERCENT"}
ROLES = {"value", "target", "weight", "score"}

def main() -> int:
    skel = [json.loads(l) for l in SKEL.read_text(encoding="utf-8").splitlines() if l.strip()]
    by_doc: dict[str, list] = {}
    for r in skel:
        by_doc.setdefault(r["meta"]["doc"], []).append(r)
    errs, labels, roles, nrel = [], Counter(), Counter(), 0
    for doc, recs in sorted(by_doc.items()):
        path = HERE.parent / f"{doc}.jsonl"
        if not path.exists():
            errs.append(f"{doc}: missing"); continue
        out = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        if [r["id"] for r in out] != [r["id"] for r in recs]:
            errs.append(f"{doc}: ids/line count differ"); continue
        for s, o in zip(recs, out):
            if o["text"] != s["text"] or o["meta"] != s["meta"]:
                errs.append(f"{o['id']}: text/meta changed")
            t = o["text"]; spans = o["spans"]; ids = {x["id"]: x for x in spans}
            for i, x in enumerate(spans, 1):
                labels[x["label"]] += 1
                if x["id"] != f"s{i}": errs.append(f"{o['id']}: id order {x['id']}")
                if t[x["start"]:x["end"]] != x["text"]: errs.append(f"{o['id']}: text mismatch {x}")
                if x["text"] != x["text"].strip(): errs.append(f"{o['id']}: edge whitespace {x}")
                if x["label"] in QUANT:
                    if x.get("role") not in ROLES: errs.append(f"{o['id']}: bad role {x}")
                    roles[x.get("role")] += 1
                elif "role" in x: errs.append(f"{o['id']}: role on non-quantity {x}")
            ss = sorted(spans, key=lambda x: x["start"])
            for a, b in zip(ss, ss[1:]):
                if b["start"] < a["end"]: errs.append(f"{o['id']}: overlap {a['text']} / {b['text']}")
            froms = Counter(r["from"] for r in o["relations"])
            if any(v > 1 for v in froms.values()): errs.append(f"{o['id']}: >1 relation per quantity")
            for r in o["relations"]:
                nrel += 1
                f, to = ids.get(r["from"]), ids.get(r["to"])
                if not f or not to or f["label"] not in QUANT or to["label"] != "INDICATOR" or r["label"] != "MEASURES":
                    errs.append(f"{o['id']}: bad relation {r}")
    print("\n".join(errs) or "OK")
    print(dict(labels), dict(roles), "relations", nrel)
    return 1 if errs else 0

if __name__ == "__main__":
    sys.exit(main())
