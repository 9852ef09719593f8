"""Independent checks of authored.jsonl against texts/."""
import json, os, sys, collections
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUANT = {"MONEY", "COUNT", "PERCENT"}
LABELS = QUANT | {"INDICATOR", "ACHIEVEMENT"}
ROLES = {"value", "target", "weight", "score"}
recs = [json.loads(l) for l in open(os.path.join(ROOT, "authored.jsonl"), encoding="utf-8")]
errs = []
ids = collections.Counter(r["id"] for r in recs)
errs += ["dup id %s" % i for i, c in ids.items() if c > 1]
bydoc = collections.defaultdict(list)
for r in recs:
    bydoc[r["meta"]["doc"]].append(r)
for doc, rs in bydoc.items():
    src = open(os.path.join(ROOT, "texts", doc + ".txt"), encoding="utf-8").read()
    lines, pos = [], 0
    for l in src.split("\n"):
        if l.strip():
            lines.append((pos + len(l) - len(l.lstrip()), l.strip()))
        pos += len(l) + 1
    if len(lines) != len(rs):
        errs.append("%s: %d lines vs %d records" % (doc, len(lines), len(rs)))
    for k, (r, (off, t)) in enumerate(zip(rs, lines)):
        m = r["meta"]
        if r["id"] != "%s#p%04d" % (doc, k): errs.append("bad id " + r["id"])
        if r["text"] != t or m["offset"] != off: errs.append("text/offset " + r["id"])
        if src[m["offset"]:m["offset"] + len(r["text"])] != r["text"]: errs.append("src " + r["id"])
        if m.get("source") != doc + ".txt" or m.get("authored") is not True: errs.append("meta " + r["id"])
        sp = {s["id"]: s for s in r["spans"]}
        if len(sp) != len(r["spans"]): errs.append("dup span id " + r["id"])
        prev_end = -1
        for s in sorted(r["spans"], key=lambda s: s["start"]):
            if s["label"] not in LABELS: errs.append("label " + r["id"])
            if r["text"][s["start"]:s["end"]] != s["text"]: errs.append("span text %s %s" % (r["id"], s))
            if src[m["offset"] + s["start"]:m["offset"] + s["end"]] != s["text"]: errs.append("src span " + r["id"])
            if s["text"] != s["text"].strip() or not s["text"]: errs.append("ws span %s %r" % (r["id"], s["text"]))
            if s["start"] < prev_end: errs.append("overlap %s %s" % (r["id"], s["text"]))
            prev_end = s["end"]
            if s["label"] in QUANT and s.get("role") not in ROLES: errs.append("role " + r["id"])
            if s["label"] not in QUANT and "role" in s: errs.append("role on non-quantity " + r["id"])
        froms = collections.Counter()
        for rel in r["relations"]:
            a, b = sp.get(rel["from"]), sp.get(rel["to"])
            if not a or not b or a["label"] not in QUANT or b["label"] != "INDICATOR" or rel["label"] != "MEASURES":
                errs.append("relation %s %s" % (r["id"], rel))
            froms[rel["from"]] += 1
        errs += ["multi rel %s %s" % (r["id"], f) for f, c in froms.items() if c > 1]
print("records", len(recs), "docs", len(bydoc))
print("\n".join(errs[:50]) if errs else "ALL CHECKS PASSED")
sys.exit(1 if errs else 0)
