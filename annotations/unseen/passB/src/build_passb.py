"""Pass-B builder: turns hand-written per-record decisions into span/relation records.

Decision file format (one per doc, src/decisions/<doc>.txt):
    NNNN: ITEM ; ITEM ; ...        (record p NNNN; repeated keys append)
ITEM = CODE<space>TEXT. CODE = L[role][@k][>link]
  L: I=INDICATOR A=ACHIEVEMENT M=MONEY C=COUNT P=PERCENT
  role: v t w s (quantities; required)
  @k: take the k-th occurrence after the cursor (default 1); items are listed in text order
  >      link to the nearest preceding INDICATOR item
  >+     link to the next INDICATOR item
  >name  link to the INDICATOR item whose text starts with name (nearest preceding, else first)
  no '>' : no link
"""
import json, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SKEL = ROOT / "annotations/unseen/work/skeleton.jsonl"
OUT = HERE.parent
LABELS = {"I": "INDICATOR", "A": "ACHIEVEMENT", "M": "MONEY", "C": "COUNT", "P": "PERCENT"}
ROLES = {"v": "value", "t": "target", "w": "weight", "s": "score"}
CODE = re.compile(r"^([IAMCP])([vtws]?)(?:@(\d+))?(>.*)?$")


def parse(path):
    dec = {}
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("%"):
            continue
        key, _, rest = line.partition(":")
        items = []
        for it in rest.split(" ; "):
            it = it.strip()
            if not it:
                continue
            code, _, txt = it.partition(" ")
            m = CODE.match(code)
            if not m or not txt:
                sys.exit(f"{path.name}:{ln}: bad item {it!r}")
            items.append((txt, LABELS[m[1]], ROLES.get(m[2]), int(m[3] or 1), m[4], ln))
        dec.setdefault(key.strip(), []).extend(items)
    return dec


def build(rec, items, where):
    text = rec["text"]
    cur = 0
    spans = []
    for txt, lab, role, k, link, ln in items:
        pos = cur - 1
        for _ in range(k):
            pos = text.find(txt, pos + 1)
            if pos < 0:
                sys.exit(f"{where}:{ln}: {txt!r} not found after {cur} in {rec['id']}")
        if lab in ("MONEY", "COUNT", "PERCENT") and not role:
            sys.exit(f"{where}:{ln}: quantity {txt!r} without role")
        if lab in ("INDICATOR", "ACHIEVEMENT") and (role or link):
            sys.exit(f"{where}:{ln}: {txt!r} non-quantity with role/link")
        spans.append(dict(start=pos, end=pos + len(txt), label=lab, text=txt, role=role, link=link, ln=ln))
        cur = pos + len(txt)
    out, rels = [], []
    for i, s in enumerate(spans, 1):
        s["id"] = f"s{i}"
    inds = [s for s in spans if s["label"] == "INDICATOR"]
    for s in spans:
        link = s["link"]
        if link:
            if link == ">":
                cands = [x for x in inds if x["start"] < s["start"]]
                tgt = cands[-1] if cands else None
            elif link == ">+":
                cands = [x for x in inds if x["start"] > s["start"]]
                tgt = cands[0] if cands else None
            else:
                name = link[1:]
                cands = [x for x in inds if x["text"].startswith(name)]
                before = [x for x in cands if x["start"] < s["start"]]
                tgt = before[-1] if before else (cands[0] if cands else None)
            if tgt is None:
                sys.exit(f"{where}:{s['ln']}: no indicator for link {link!r} of {s['text']!r} in {rec['id']}")
            rels.append({"from": s["id"], "to": tgt["id"], "label": "MEASURES"})
        d = {"id": s["id"], "start": s["start"], "end": s["end"], "label": s["label"], "text": s["text"]}
        if s["role"]:
            d["role"] = s["role"]
        out.append(d)
    return out, rels


def main():
    recs = [json.loads(l) for l in SKEL.read_text(encoding="utf-8").splitlines() if l.strip()]
    docs = sorted({r["meta"]["doc"] for r in recs})
    only = set(sys.argv[1:])
    for doc in docs:
        if only and doc not in only:
            continue
        dpath = HERE / "decisions" / f"{doc}.txt"
        if not dpath.exists():
            continue
        dec = parse(dpath)
        keys = {r["id"].split("#p")[1] for r in recs if r["meta"]["doc"] == doc}
        bad = set(dec) - keys
        if bad:
            sys.exit(f"{doc}: unknown record keys {sorted(bad)}")
        lines = []
        for r in recs:
            if r["meta"]["doc"] != doc:
                continue
            key = r["id"].split("#p")[1]
            spans, rels = build(r, dec.get(key, []), dpath.name)
            r2 = dict(r)
            r2["spans"], r2["relations"] = spans, rels
            lines.append(json.dumps(r2, ensure_ascii=False))
        (OUT / f"{doc}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(doc, len(lines))


if __name__ == "__main__":
    main()
