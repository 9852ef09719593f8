"""Fact-level scores on the gold: role accuracy, MEASURES P/R/F1, fact F1.

Three settings, so linking quality can be told apart from tagging quality:

* ``rules``: the rule layer's quantities only, indicators from cue words;
* ``model``: the shipped model (models/perf_facts_zh) when present;
* ``gold-entities``: the gold's own spans (labels only: roles and relations are
  dropped) handed to ``pipeline.facts.assemble``: what linking and roles score
  when tagging is perfect.

    .venv/bin/python benchmarks/facts_eval.py [--gold annotations/gold] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.annotations.records import load_records
from pipeline.evaluation.facts import score_facts
from pipeline.facts import assemble, facts_to_records, process_document
from pipeline.ingest import read_document
from pipeline.ingest.offsets import offset_shift
from pipeline.ingest.paragraphs import split_paragraphs
from pipeline.loading import DEFAULT_MODEL, load_pipeline
from pipeline.predict import group_by_source
from pipeline.schema import EntityRow


def gold_entities(document, records, shift: int) -> list[EntityRow]:
    paragraphs = split_paragraphs(document.text)
    starts = [p.start for p in paragraphs]
    from bisect import bisect_right

    out = []
    for r in records:
        for s in r.spans:
            start = r.meta.offset + s.start - shift
            out.append(
                EntityRow(
                    document.id,
                    s.label,
                    s.text,
                    start,
                    start + len(s.text),
                    bisect_right(starts, start) - 1,
                )
            )
    return sorted(out, key=lambda e: e.start)


def run(gold_dir: Path, source_dir: Path) -> dict:
    gold = load_records(gold_dir)
    groups = group_by_source(gold)
    settings: dict[str, object] = {"rules": load_pipeline("rules")}
    if (DEFAULT_MODEL / "config.cfg").exists():
        settings["model"] = load_pipeline(DEFAULT_MODEL)
    settings["gold-entities"] = None
    results = {}
    for name, nlp in settings.items():
        pred = []
        for (doc_id, source_name), records in groups.items():
            document = read_document(source_dir / source_name)
            if nlp is None:
                ents = gold_entities(document, records, offset_shift(document))
                result = assemble(document, ents)
            else:
                result = process_document(nlp, document)
            pred.extend(facts_to_records(document, result, doc_id=doc_id, source_name=source_name))
        results[name] = score_facts(gold, pred).as_dict()
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "annotations" / "gold")
    ap.add_argument("--sources", type=Path, default=ROOT / "corpus" / "sample")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = run(args.gold, args.sources)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(
        f"{'setting':<15} {'role acc':>9} {'(n)':>5} {'role acc all':>13} "
        f"{'rel P':>6} {'rel R':>6} {'rel F1':>6} {'fact P':>6} {'fact R':>6} {'fact F1':>7}"
    )
    for name, r in results.items():
        rel, fact, roles = r["relations"], r["facts"], r["roles"]
        print(
            f"{name:<15} {roles['accuracy']:>9.3f} {roles['support']:>5} "
            f"{roles['accuracy_all_gold']:>13.3f} {rel['precision']:>6.3f} {rel['recall']:>6.3f} "
            f"{rel['f1']:>6.3f} {fact['precision']:>6.3f} {fact['recall']:>6.3f} {fact['f1']:>7.3f}"
        )


if __name__ == "__main__":
    main()
