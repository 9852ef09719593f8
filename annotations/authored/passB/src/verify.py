"""Independent checks of the pass-B files against the skeleton and the source texts."""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SKELETON = ROOT / "annotations/authored/work/skeleton_aa.jsonl"
TEXTS = ROOT / "annotations/authored/texts"
OUTDIR = HERE.parent
QUANT = {"MONEY", "COUNT", "PERCENT"}


def main() -> int:
    skel = collections.defaultdict(list)
    for line in SKELETON.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        skel[r["meta"]["doc"]].append(r)
    errors = []
    labels = collections.Counter()
    roles = collections.Counter()
    nrel = 0
    for doc, recs in sorted(skel.items()):
        path = OUTDIR / f"{doc}.jsonl"
        if not path.exists():
            errors.append(f"{doc}: missing output")
            continue
        out = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]
        source = (TEXTS / f"{doc}.txt").read_text(encoding="utf-8")
        if [r["id"] for r in out] != [r["id"] for r in recs]:
            errors.append(f"{doc}: ids differ from skeleton")
        for a, b in zip(out, recs):
            if a["text"] != b["text"] or a["meta"] != b["meta"]:
                errors.append(f"{a['id']}: text/meta changed")
            text, off = a["text"], a["meta"]["offset"]
            spans = {s["id"]: s for s in a["spans"]}
            prev_end = -1
            for i, s in enumerate(a["spans"]):
                if s["id"] != f"s{i+1}":
                    errors.append(f"{a['id']}: span id order {s['id']}")
                if text[s["start"]:s["end"]] != s["text"] or source[off + s["start"]:off + s["end"]] != s["text"]:
                    errors.append(f"{a['id']}: {s['id']} text mismatch")
                if s["text"] != s["text"].strip() or not s["text"]:
                    errors.append(f"{a['id']}: {s['id']} edge whitespace")
                if s["start"] < prev_end:
                    errors.append(f"{a['id']}: {s['id']} overlaps or out of order")
                prev_end = s["end"]
                labels[s["label"]] += 1
                if s["label"] in QUANT:
                    if s.get("role") not in {"value", "target", "weight", "score"}:
                        errors.append(f"{a['id']}: {s['id']} bad role")
                    roles[s["role"]] += 1
                elif "role" in s:
                    errors.append(f"{a['id']}: {s['id']} role on non-quantity")
            seen = set()
            for rel in a["relations"]:
                nrel += 1
                f, t = spans.get(rel["from"]), spans.get(rel["to"])
                if not f or not t or f["label"] not in QUANT or t["label"] != "INDICATOR" or rel["label"] != "MEASURES":
                    errors.append(f"{a['id']}: bad relation {rel}")
                if rel["from"] in seen:
                    errors.append(f"{a['id']}: two links from {rel['from']}")
                seen.add(rel["from"])
    print("labels", dict(labels), "roles", dict(roles), "relations", nrel)
    for e in errors:
        print(e)
    print("errors", len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
