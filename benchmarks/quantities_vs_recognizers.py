"""Quantity rules against Microsoft Recognizers-Text and JioNLP on the gold annotations.

Usage::

    pip install -e '.[bench]'          # recognizers-text-suite, emoji<1.0, jionlp, cn2an
    .venv/bin/python benchmarks/quantities_vs_recognizers.py [GOLD.jsonl ...]
        [--corpus corpus/sample] [--repeat 3]

Gold paths default to ``annotations/gold/*.jsonl``.  Every system reads the same
paragraph texts (each record's ``text``, checked against its source file in
``--corpus`` through ``meta.source``/``meta.offset``) in one run; throughput is
characters of those texts per second of the system's own calls, best of
``--repeat`` passes, models built and warmed up (50 records) before timing.

Scoring: exact span match (start, end, label) against the gold MONEY, COUNT and
PERCENT spans; precision, recall and F1 per label.  Normalisation is scored on
true positives against ``benchmarks/quantities_norm_key.py`` (hand-checked
normalised value, base unit and qualifier of every gold quantity; the gold files
hold no values): "value" = normalised value within 1e-6 relative; "value+qual"
also needs the qualifier.

Label mapping (peers → our labels), kept as fair as we could make it
--------------------------------------------------------------------
Recognizers-Text 1.0.2a2, ``Culture.Chinese`` (models built once):

* currency model (NumberWithUnit) → MONEY; value = resolution ``value`` (yuan).
  A currency result that is a bare number + 分 (it reads 98 分 as 0.98 yuan)
  is remapped to COUNT with the written number: in these reports 分 is points.
* percentage model (Number) → PERCENT; value = the number in ``value``.
* number model results that are fractions (五分之一, value < 1 written with 分之)
  → PERCENT with value × 100.
* dimension model (NumberWithUnit: 公里, 平方米, 吨 …) → COUNT.
* number model result followed (after an optional space and 余/多) by one of
  *our* measure words (``quantity_units.json``, count list) → COUNT, span
  extended over the measure word.  Recognizers-Text has no "number + Chinese
  measure word" model, so this adapter lends it our unit list; without it its
  COUNT recall would be near zero.
* overlaps between its models are resolved by priority currency > percentage >
  dimension > number.
* it has no qualifier; value+qual is scored with qualifier None.

JioNLP (``jionlp.ner.extract_money(text, with_parsing=True)``), MONEY only:
value = ``detail.num``; qualifier from ``detail.definition``: accurate → None,
blur → approx, blur+ → ">" or ">=", blur- → "<" or "<=" (either counts as
right, since JioNLP does not tell 超 from 以上).

For both peers, span edges are trimmed of spaces and punctuation and of the
leading/trailing qualifier words that the guide keeps outside a span (共, 累计,
约, 近, 超, 超过, 达, 达到, ≥, ≤ …; 以上, 以下, 左右), so that a peer is not
penalised for a boundary convention.  Our rules get no such help.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

LABELS = ("MONEY", "COUNT", "PERCENT")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

_LEAD = re.compile(
    r"^(?:[\s，,、；;。：:（(]|共计|共|累计|合计|大约|约为|约|将近|接近|近|超过|超出|超|逾"
    r"|达到|达|不低于|不少于|不超过|≥|≤|>=|<=|>|<)+"
)
_TRAIL = re.compile(r"(?:[\s，,、；;。：:）)]|以上|以下|以内|左右)+$")

Span = tuple[int, int, str]  # start, end, label
Pred = dict  # {"span": Span, "value": float | None, "qual": str | tuple | None}


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    s = text[start:end]
    m = _LEAD.match(s)
    if m and m.end() < len(s):
        start += m.end()
        s = s[m.end() :]
    m = _TRAIL.search(s)
    if m and m.start() > 0:
        end -= len(s) - m.start()
    return start, end


# --- systems ---------------------------------------------------------------------
def ours() -> Callable[[str], list[Pred]]:
    from pipeline.quantities import find_quantities

    def run(text: str) -> list[Pred]:
        out = []
        for q in find_quantities(text):
            n = q.norm
            out.append(
                {
                    "span": (q.start, q.end, q.label),
                    "value": None if n is None else n.normalized,
                    "qual": None if n is None else n.qualifier,
                }
            )
        return out

    return run


def _num(s: str) -> float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", str(s).replace(",", ""))
    return float(m.group()) if m else None


def recognizers() -> Callable[[str], list[Pred]]:
    from recognizers_number import NumberRecognizer
    from recognizers_number_with_unit import NumberWithUnitRecognizer
    from recognizers_text import Culture

    from pipeline.quantities.patterns import count_units, load_units

    nr = NumberRecognizer(Culture.Chinese)
    ur = NumberWithUnitRecognizer(Culture.Chinese)
    currency, dimension = ur.get_currency_model(), ur.get_dimension_model()
    percentage, number = nr.get_percentage_model(), nr.get_number_model()
    units = load_units()
    counted = sorted(set(count_units(units)), key=len, reverse=True)
    measure = re.compile(
        r"[ \u3000]?[余多]?[ \u3000]?(?:" + "|".join(map(re.escape, counted)) + ")"
    )

    def run(text: str) -> list[Pred]:
        cands: list[tuple[int, Pred]] = []
        for prio, model in enumerate((currency, percentage, dimension, number)):
            for r in model.parse(text):
                start, end = r.start, r.end + 1  # Recognizers-Text ends are inclusive
                res = r.resolution or {}
                value = _num(res.get("value", ""))
                if model is currency and re.search(
                    r"\d\s?分$|[零一二两三四五六七八九十]分$", r.text
                ):
                    label, value = "COUNT", _num(r.text)  # 98 分: points, not the coin 分
                elif model is currency:
                    label = "MONEY"
                elif model is percentage:
                    label = "PERCENT"
                elif model is dimension:
                    label = "COUNT"
                elif "分之" in r.text and value is not None:
                    label, value = "PERCENT", value * 100
                else:
                    m = measure.match(text, end)
                    if not m:
                        continue
                    label, end = "COUNT", m.end()
                start, end = trim(text, start, end)
                cands.append((prio, {"span": (start, end, label), "value": value, "qual": None}))
        chosen: list[Pred] = []
        for _, p in sorted(cands, key=lambda c: c[0]):
            s, e, _ = p["span"]
            if all(e <= c["span"][0] or c["span"][1] <= s for c in chosen):
                chosen.append(p)
        return sorted(chosen, key=lambda p: p["span"])

    return run


_JIO_QUAL = {"accurate": None, "blur": "approx", "blur+": (">", ">="), "blur-": ("<", "<=")}


def jionlp() -> Callable[[str], list[Pred]]:
    import jionlp as jio

    def run(text: str) -> list[Pred]:
        out = []
        for r in jio.ner.extract_money(text, with_parsing=True):
            start, end = r["offset"]
            start, end = trim(text, start, end)
            detail = r.get("detail") or {}
            out.append(
                {
                    "span": (start, end, "MONEY"),
                    "value": _num(detail.get("num", "")),
                    "qual": _JIO_QUAL.get(detail.get("definition"), None),
                }
            )
        return out

    return run


# --- data ------------------------------------------------------------------------
def load_records(paths: list[str], corpus: Path) -> list[dict]:
    recs, sources = [], {}
    for p in paths:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            meta = r.get("meta", {})
            src = meta.get("source")
            if src and (corpus / src).exists():
                if src not in sources:
                    sources[src] = (corpus / src).read_text(encoding="utf-8")
                off = meta.get("offset", 0)
                if sources[src][off : off + len(r["text"])] != r["text"]:
                    raise SystemExit(f"{r['id']}: text does not match {src} at offset {off}")
            recs.append(r)
    return recs


# --- scoring ---------------------------------------------------------------------
def _qual_ok(pred_q, gold_q) -> bool:
    if isinstance(pred_q, tuple):
        return gold_q in pred_q
    return pred_q == gold_q


def evaluate(name: str, fn, recs: list[dict], key: dict, labels, repeat: int) -> dict:
    for r in recs[:50]:  # warm-up: lazy regex compilation, model caches
        fn(r["text"])
    preds: list[list[Pred]] = []
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        preds = [fn(r["text"]) for r in recs]
        best = min(best, time.perf_counter() - t0)
    chars = sum(len(r["text"]) for r in recs)
    tp = dict.fromkeys(labels, 0)
    fp = dict.fromkeys(labels, 0)
    fn_ = dict.fromkeys(labels, 0)
    val_ok = qual_ok = keyed = 0
    errors = []
    for r, ps in zip(recs, preds, strict=True):
        gold = {(s["start"], s["end"], s["label"]) for s in r["spans"] if s["label"] in labels}
        by_span = {p["span"]: p for p in ps if p["span"][2] in labels}
        for sp in set(by_span) | gold:
            label = sp[2]
            if sp in gold and sp in by_span:
                tp[label] += 1
                k = key.get((r["id"], sp[0], sp[1]))
                if k is not None:
                    keyed += 1
                    p = by_span[sp]
                    v_ok = p["value"] is not None and abs(p["value"] - k[1]) <= 1e-6 * max(
                        1.0, abs(k[1])
                    )
                    val_ok += v_ok
                    qual_ok += v_ok and _qual_ok(p["qual"], k[3])
                    if not (v_ok and _qual_ok(p["qual"], k[3])):
                        errors.append(
                            f"  {name} NORM {r['id']} {k[0]!r}: {p['value']} {p['qual']}"
                            f" (key {k[1]} {k[3]})"
                        )
            elif sp in by_span:
                fp[label] += 1
                errors.append(f"  {name} FP {r['id']} {label} {r['text'][sp[0] : sp[1]]!r}")
            else:
                fn_[label] += 1
                errors.append(f"  {name} FN {r['id']} {label} {r['text'][sp[0] : sp[1]]!r}")
    return {
        "name": name,
        "tp": tp,
        "fp": fp,
        "fn": fn_,
        "chars_per_s": chars / best,
        "seconds": best,
        "val_ok": val_ok,
        "qual_ok": qual_ok,
        "keyed": keyed,
        "errors": errors,
    }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_table(results: list[dict], labels) -> None:
    print("| system | label | P | R | F1 | TP | FP | FN |")
    print("|---|---|---|---|---|---|---|---|")
    for res in results:
        for label in labels:
            if label not in res["tp"]:
                continue
            tp, fp, fn = res["tp"][label], res["fp"][label], res["fn"][label]
            if tp + fp + fn == 0:
                continue
            p, r, f = _prf(tp, fp, fn)
            print(f"| {res['name']} | {label} | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fn} |")
    print()
    print("| system | chars/s | seconds | TPs with key | value correct | value+qualifier correct |")
    print("|---|---|---|---|---|---|")
    for res in results:
        k = res["keyed"]
        v = f"{res['val_ok'] / k:.3f}" if k else "n/a"
        q = f"{res['qual_ok'] / k:.3f}" if k else "n/a"
        print(
            f"| {res['name']} | {res['chars_per_s']:,.0f} | {res['seconds']:.3f} | {k} | {v} | {q} |"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="*", help="gold JSONL files (default annotations/gold/*.jsonl)")
    ap.add_argument("--corpus", default=str(ROOT / "corpus" / "sample"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--errors", action="store_true", help="list every FP, FN and norm miss")
    args = ap.parse_args(argv)
    paths = args.gold or sorted(glob.glob(str(ROOT / "annotations" / "gold" / "*.jsonl")))
    if not paths:
        print("no gold files found", file=sys.stderr)
        return 2
    recs = load_records(paths, Path(args.corpus))
    try:
        from quantities_norm_key import KEY
    except ImportError:
        KEY = {}
    chars = sum(len(r["text"]) for r in recs)
    print(f"{len(recs)} records, {chars:,} characters, from {len(paths)} file(s)\n")

    results = [evaluate("rules (ours)", ours(), recs, KEY, LABELS, args.repeat)]
    for name, make, labels in (
        ("Recognizers-Text", recognizers, LABELS),
        ("JioNLP", jionlp, ("MONEY",)),
    ):
        try:
            fn = make()
        except Exception as exc:  # noqa: BLE001 - report why a peer cannot run
            print(f"{name}: not run ({type(exc).__name__}: {exc}); pip install -e '.[bench]'")
            continue
        results.append(evaluate(name, fn, recs, KEY, labels, args.repeat))
    print_table(results, LABELS)
    ours_speed = results[0]["chars_per_s"]
    for res in results[1:]:
        print(f"\nrules are {ours_speed / res['chars_per_s']:.1f}x the throughput of {res['name']}")
    if args.errors:
        print()
        for res in results:
            print("\n".join(res["errors"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
