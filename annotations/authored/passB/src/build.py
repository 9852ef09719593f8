"""Pass B builder: turns the hand-written decisions in docs/<doc>.py into JSONL.

Each docs/<doc>.py defines D = {paragraph_index: [tuple, ...]}; a tuple is
(span_text, label, role, skip, link) with label in M/C/P/I/A, role v/t/w/s or
None, skip = occurrences to pass over after the previous span's end, link =
INDICATOR span text (nearest preceding span of that text, else nearest
following) or None. Short tuples are padded with defaults.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SKELETON = ROOT / "annotations/authored/work/skeleton_aa.jsonl"
OUTDIR = HERE.parent
LABELS = {"M": "MONEY", "C": "COUNT", "P": "PERCENT", "I": "INDICATOR", "A": "ACHIEVEMENT"}
ROLES = {"v": "value", "t": "target", "w": "weight", "s": "score"}


def load(doc: str) -> dict:
    spec = importlib.util.spec_from_file_location(doc, HERE / "docs" / f"{doc}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.D


def annotate(rec: dict, items: list) -> None:
    text = rec["text"]
    cur = 0
    spans = []
    links = []
    for it in items:
        it = tuple(it) + (None,) * (5 - len(it))
        st, lab, role, skip, link = it
        skip = skip or 0
        pos = text.find(st, cur)
        for _ in range(skip):
            pos = text.find(st, pos + len(st))
        if pos < 0:
            raise SystemExit(f"{rec['id']}: {st!r} not found after {cur}")
        sp = {"id": f"s{len(spans)+1}", "start": pos, "end": pos + len(st),
              "label": LABELS[lab], "text": st}
        if lab in "MCP":
            if role is None:
                raise SystemExit(f"{rec['id']}: {st!r} lacks role")
            sp["role"] = ROLES[role]
        spans.append(sp)
        links.append(link)
        cur = pos + len(st)
    rels = []
    for i, (sp, link) in enumerate(zip(spans, links)):
        if link is None:
            continue
        cands = [j for j, s in enumerate(spans) if s["label"] == "INDICATOR" and s["text"] == link]
        if not cands:
            raise SystemExit(f"{rec['id']}: link {link!r} missing")
        before = [j for j in cands if j < i]
        j = before[-1] if before else cands[0]
        rels.append({"from": sp["id"], "to": spans[j]["id"], "label": "MEASURES"})
    rec["spans"] = spans
    rec["relations"] = rels


def main(docs: list[str]) -> None:
    recs = [json.loads(l) for l in SKELETON.read_text(encoding="utf-8").splitlines()]
    for doc in docs:
        D = load(doc)
        mine = [r for r in recs if r["meta"]["doc"] == doc]
        for k in D:
            if k >= len(mine):
                raise SystemExit(f"{doc}: no paragraph {k}")
        out = []
        for i, r in enumerate(mine):
            r = dict(r)
            annotate(r, D.get(i, []))
            out.append(json.dumps(r, ensure_ascii=False))
        (OUTDIR / f"{doc}.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
        print(doc, len(out))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE / "docs"))
    main(sys.argv[1:] or sorted(p.stem for p in (HERE / "docs").glob("aa_*.py")))
