"""Build texts/<doc>.txt and authored.jsonl from the hand-written markup in dept_*.py, then verify."""
import glob, importlib, json, os, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from markup import parse_line

QUANT = {"MONEY", "COUNT", "PERCENT"}


def find_nth(text, sub, n):
    i = -1
    for _ in range(n + 1):
        i = text.find(sub, i + 1)
        if i < 0:
            raise ValueError(sub)
    return i


def build():
    records, per_doc_dept = [], {}
    os.makedirs(os.path.join(ROOT, "texts"), exist_ok=True)
    for f in sorted(glob.glob(os.path.join(HERE, "dept_*.py"))):
        mod = importlib.import_module(os.path.basename(f)[:-3])
        for doc, lines in mod.DOCS.items():
            per_doc_dept[doc] = mod.DEPT
            layout = mod.LAYOUT[doc]  # every document names its layout family (annotations/LAYOUTS.md)
            parsed = [parse_line(l) for l in lines]
            src = "\n".join(p for p, _ in parsed) + "\n"
            with open(os.path.join(ROOT, "texts", doc + ".txt"), "w", encoding="utf-8") as fh:
                fh.write(src)
            pos, n = 0, 0
            for plain, decs in parsed:
                line_off = pos
                pos += len(plain) + 1
                text = plain.strip()
                if not text:
                    assert not decs
                    continue
                lead = len(plain) - len(plain.lstrip())
                off = line_off + lead
                # decisions as data: (span text, label, role, occurrence) -> offsets via str.find
                spans, keymap, pending = [], {}, []
                for k, d in enumerate(decs):
                    rel = d["mstart"] - lead
                    occ = 0
                    j = text.find(d["text"])
                    while j != rel:
                        occ += 1
                        j = text.find(d["text"], j + 1)
                        assert j >= 0, (doc, d)
                    start = find_nth(text, d["text"], occ)
                    sid = "s%d" % (k + 1)
                    sp = {"id": sid, "start": start, "end": start + len(d["text"]), "label": d["label"], "text": d["text"]}
                    if d["role"]:
                        sp["role"] = d["role"]
                    spans.append(sp)
                    if d["key"]:
                        assert d["key"] not in keymap, (doc, text, d["key"])
                        keymap[d["key"]] = sid
                    if d["link"]:
                        pending.append((sid, d["link"]))
                rels = []
                for sid, key in pending:
                    assert key in keymap, (doc, text, key)
                    rels.append({"from": sid, "to": keymap[key], "label": "MEASURES"})
                records.append({"id": "%s#p%04d" % (doc, n), "text": text,
                                "meta": {"doc": doc, "offset": off, "source": doc + ".txt", "authored": True,
                                         "sector": mod.DEPT, "layout": layout},
                                "spans": spans, "relations": rels})
                n += 1
    with open(os.path.join(ROOT, "authored.jsonl"), "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    json.dump(per_doc_dept, open(os.path.join(HERE, "doc_dept.json"), "w"), ensure_ascii=False, indent=0)
    return records


if __name__ == "__main__":
    recs = build()
    print(len(recs), "records")
