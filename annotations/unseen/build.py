"""Build texts/<doc>.txt and unseen.jsonl (the unseen-test split) from the markup in src/unseen_*.py.

Reuses the authored set's markup parser; every span and link is a hand decision in the modules.
Run: python annotations/unseen/build.py  (prints a per-module summary).
"""
import collections
import glob
import importlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
sys.path.insert(0, os.path.join(HERE, "..", "authored", "src"))
sys.path.insert(0, SRC)
from markup import parse_line  # noqa: E402

LABELS = ("INDICATOR", "MONEY", "COUNT", "PERCENT", "ACHIEVEMENT")
SPLIT = "unseen-test"


def doc_records(doc, lines, sector, layout):
    """Plain text of one document and its records (one per non-empty line)."""
    parsed = [parse_line(l) for l in lines]
    src = "\n".join(p for p, _ in parsed) + "\n"
    records, pos, n = [], 0, 0
    for plain, decs in parsed:
        line_off = pos
        pos += len(plain) + 1
        text = plain.strip()
        if not text:
            assert not decs, (doc, plain)
            continue
        lead = len(plain) - len(plain.lstrip())
        off = line_off + lead
        spans, keys, pending = [], {}, []
        for k, d in enumerate(decs):
            start = d["mstart"] - lead
            end = start + len(d["text"])
            assert d["text"] == d["text"].strip(), (doc, d["text"])  # no edge whitespace (R31)
            assert text[start:end] == d["text"] == src[off + start:off + end], (doc, d)
            sid = "s%d" % (k + 1)
            sp = {"id": sid, "start": start, "end": end, "label": d["label"], "text": d["text"]}
            if d["role"]:
                sp["role"] = d["role"]
            spans.append(sp)
            if d["key"]:
                assert d["key"] not in keys, (doc, text, d["key"])
                keys[d["key"]] = sid
            if d["link"]:
                pending.append((sid, d["link"]))
        rels = []
        for sid, key in pending:
            assert key in keys, (doc, text, key)
            rels.append({"from": sid, "to": keys[key], "label": "MEASURES"})
        for a, b in zip(spans, spans[1:]):
            assert a["end"] <= b["start"], (doc, a, b)
        meta = {"doc": doc, "offset": off, "source": doc + ".txt", "sector": sector,
                "layout": layout, "split": SPLIT}
        records.append({"id": "%s#p%04d" % (doc, n), "text": text, "meta": meta,
                        "spans": spans, "relations": rels})
        n += 1
    return src, records


def build():
    os.makedirs(os.path.join(HERE, "texts"), exist_ok=True)
    all_recs, summary = [], []
    for f in sorted(glob.glob(os.path.join(SRC, "unseen_*.py"))):
        name = os.path.basename(f)[:-3]
        mod = importlib.import_module(name)
        assert set(mod.DOCS) == set(mod.LAYOUT), name
        row = collections.Counter()
        for doc, lines in mod.DOCS.items():
            src, recs = doc_records(doc, lines, mod.DEPT, mod.LAYOUT[doc])
            with open(os.path.join(HERE, "texts", doc + ".txt"), "w", encoding="utf-8") as fh:
                fh.write(src)
            plain = sum(len(r["text"]) for r in recs)
            row["docs"] += 1
            row["chars"] += len(src)
            row["plain"] += plain
            row["layout:" + mod.LAYOUT[doc]] += 1
            for r in recs:
                for s in r["spans"]:
                    row[s["label"]] += 1
                row["links"] += len(r["relations"])
            if not 1000 <= len(src) <= 2500:
                print("WARN size", doc, len(src), plain)
            all_recs.extend(recs)
        summary.append((name, row))
    # source files are re-read to confirm offsets against what was written
    for r in all_recs:
        src = open(os.path.join(HERE, "texts", r["meta"]["source"]), encoding="utf-8").read()
        o = r["meta"]["offset"]
        assert src[o:o + len(r["text"])] == r["text"], r["id"]
        for s in r["spans"]:
            assert src[o + s["start"]:o + s["end"]] == s["text"], (r["id"], s)
    with open(os.path.join(HERE, "unseen.jsonl"), "w", encoding="utf-8") as fh:
        for r in all_recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return all_recs, summary


def print_summary(summary):
    cols = ["docs", "chars", "plain"] + list(LABELS) + ["links"]
    print("%-14s" % "module" + "".join("%10s" % c[:9] for c in cols) + "  layouts")
    tot = collections.Counter()
    for name, row in summary:
        tot.update(row)
        lay = ", ".join("%s=%d" % (k[7:], v) for k, v in sorted(row.items()) if k.startswith("layout:"))
        print("%-14s" % name + "".join("%10d" % row[c] for c in cols) + "  " + lay)
    print("%-14s" % "TOTAL" + "".join("%10d" % tot[c] for c in cols))
    lay = collections.Counter({k[7:]: v for k, v in tot.items() if k.startswith("layout:")})
    print("layout families:", dict(sorted(lay.items())))
    q = tot["MONEY"] + tot["COUNT"] + tot["PERCENT"]
    print("quantities:", q)


if __name__ == "__main__":
    recs, summary = build()
    print(len(recs), "records")
    print_summary(summary)
