"""Pass-B (ab_*) annotations: turn hand-written decision files into JSONL records.

Decision file decisions/<doc>.ann: one line per annotated record,
    pNNNN: TOKEN | TOKEN | ...
TOKEN = LABEL[ROLE] SPACE span_text[@N: Nth occurrence] [SPACE >indicator_text | SPACE !]
LABEL: I INDICATOR, A ACHIEVEMENT, M MONEY, C COUNT, P PERCENT;
ROLE (quantities): nothing=value, t=target, w=weight, s=score.
Spans are listed in text order; each is found from the end of the previous one.
A quantity links to the nearest INDICATOR listed before it, unless `>X` names
another indicator of the record (nearest occurrence) or `!` says no link.
Records without a line get no spans.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
SKELETON = OUT.parent / "work" / "skeleton_ab.jsonl"
LABELS = {"I": "INDICATOR", "A": "ACHIEVEMENT", "M": "MONEY", "C": "COUNT", "P": "PERCENT"}
ROLES = {"": "value", "t": "target", "w": "weight", "s": "score"}


def parse(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, _, rest = line.partition(":")
        if key.strip() in out:
            raise SystemExit(f"{path}:{n}: duplicate {key}")
        out[key.strip()] = [t.strip() for t in rest.split("|") if t.strip()]
    return out


def annotate(rec: dict, tokens: list[str], where: str) -> None:
    text = rec["text"]
    spans, links, cursor = [], [], 0
    for tok in tokens:
        code, _, body = tok.partition(" ")
        link = None
        if " >" in body:
            body, _, link = body.partition(" >")
        elif body.endswith(" !"):
            body, link = body[:-2], "!"
        label = LABELS[code[0]]
        skip = 1
        if "@" in body[1:]:
            body, _, n = body.rpartition("@")
            skip = int(n)
        start = cursor - 1
        for _ in range(skip):
            start = text.find(body, start + 1)
            if start < 0:
                break
        if start < 0:
            raise SystemExit(f"{where}: {body!r} not found after {cursor}")
        span = {"id": f"s{len(spans) + 1}", "start": start, "end": start + len(body),
                "label": label, "text": body}
        if label in ("MONEY", "COUNT", "PERCENT"):
            span["role"] = ROLES[code[1:]]
        elif code[1:]:
            raise SystemExit(f"{where}: role on {label}")
        spans.append(span)
        links.append(link)
        cursor = start + len(body)
    rels = []
    for i, (span, link) in enumerate(zip(spans, links)):
        if "role" not in span or link == "!":
            continue
        inds = [s for s in spans if s["label"] == "INDICATOR"]
        if link:
            cands = [s for s in inds if s["text"] == link]
            if not cands:
                raise SystemExit(f"{where}: link target {link!r} missing")
            target = min(cands, key=lambda s: abs(s["start"] - span["start"]))
        else:
            before = [s for s in inds if s["start"] < span["start"]]
            if not before:
                continue
            target = before[-1]
        rels.append({"from": span["id"], "to": target["id"], "label": "MEASURES"})
    rec["spans"], rec["relations"] = spans, rels


def main(docs: list[str]) -> None:
    records: dict[str, list[dict]] = {}
    for line in SKELETON.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        records.setdefault(rec["meta"]["doc"], []).append(rec)
    for doc in docs or sorted(p.stem for p in (HERE / "decisions").glob("*.ann")):
        decisions = parse(HERE / "decisions" / f"{doc}.ann")
        ids = {r["id"].split("#")[1] for r in records[doc]}
        unknown = set(decisions) - ids
        if unknown:
            raise SystemExit(f"{doc}: unknown records {sorted(unknown)}")
        for rec in records[doc]:
            key = rec["id"].split("#")[1]
            annotate(rec, decisions.get(key, []), rec["id"])
        with open(OUT / f"{doc}.jsonl", "w", encoding="utf-8") as fh:
            for rec in records[doc]:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(doc, sum(len(r["spans"]) for r in records[doc]), "spans")


if __name__ == "__main__":
    main(sys.argv[1:])
