"""Check pass-B output against the skeleton and the format rules of the brief."""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
SKELETON = OUT.parent / "work" / "skeleton_ab.jsonl"
QUANTITIES = {"MONEY", "COUNT", "PERCENT"}


def main() -> int:
    skel: dict[str, list[dict]] = {}
    for line in SKELETON.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        skel.setdefault(r["meta"]["doc"], []).append(r)
    problems = []
    for doc, recs in sorted(skel.items()):
        path = OUT / f"{doc}.jsonl"
        if not path.exists():
            problems.append(f"{doc}: missing")
            continue
        out = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]
        if [r["id"] for r in out] != [r["id"] for r in recs]:
            problems.append(f"{doc}: ids differ from skeleton")
        for a, b in zip(out, recs):
            if a["text"] != b["text"] or a["meta"] != b["meta"]:
                problems.append(f"{a['id']}: text/meta changed")
            spans = a["spans"]
            by_id = {s["id"]: s for s in spans}
            last_end = -1
            for n, s in enumerate(sorted(spans, key=lambda s: s["start"]), 1):
                if s["id"] != f"s{n}":
                    problems.append(f"{a['id']}: ids not in text order")
                if a["text"][s["start"]:s["end"]] != s["text"]:
                    problems.append(f"{a['id']} {s['id']}: text mismatch")
                if s["start"] < last_end:
                    problems.append(f"{a['id']} {s['id']}: overlap")
                if s["text"] != s["text"].strip():
                    problems.append(f"{a['id']} {s['id']}: edge whitespace")
                last_end = s["end"]
                if (s["label"] in QUANTITIES) != ("role" in s):
                    problems.append(f"{a['id']} {s['id']}: role presence wrong")
            seen = set()
            for rel in a["relations"]:
                f, t = by_id.get(rel["from"]), by_id.get(rel["to"])
                if not f or not t or f["label"] not in QUANTITIES or t["label"] != "INDICATOR":
                    problems.append(f"{a['id']}: bad relation {rel}")
                if rel["from"] in seen:
                    problems.append(f"{a['id']}: two relations from {rel['from']}")
                seen.add(rel["from"])
    print("\n".join(problems) or "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
