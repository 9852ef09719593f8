"""Pipeline predictions as guide-format records, and their scores against gold.

One module for both ``perf-facts annotate predict`` (write what the pipeline
finds, in the record format of docs/annotation-guide.md) and ``perf-facts evaluate`` (score
it against gold by absolute offsets), so the two never disagree on offsets.

Record offsets count characters of the source file (``pipeline.ingest.offsets``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.annotations.records import Record
from pipeline.evaluation.facts import FactScores, restrict_to_gold, score_facts
from pipeline.evaluation.items import role_accuracy, span_items
from pipeline.evaluation.prf import PRF, prf_by_label
from pipeline.ingest.document import Document
from pipeline.settings import CompositionSettings


def predict_records(
    nlp: Language,
    document: Document,
    *,
    doc_id: str | None = None,
    source_name: str | None = None,
    keep_empty: bool = True,
    settings: CompositionSettings | None = None,
) -> list[Record]:
    """One record per paragraph of ``document`` with what the pipeline finds:
    entity spans, quantity roles and MEASURES relations from the fact assembler.

    ``doc_id`` defaults to the file stem (the gold convention: ``<doc>.txt``),
    ``source_name`` to the file name; ``settings`` override the pipeline's
    composition settings (``pipeline.facts.process_document``).
    """
    from pipeline.annotations.fact_records import facts_to_records
    from pipeline.facts import process_document

    return facts_to_records(
        document,
        process_document(nlp, document, settings=settings),
        doc_id=doc_id,
        source_name=source_name,
        keep_empty=keep_empty,
    )


# ------------------------------------------------------------------ scoring


@dataclass(slots=True)
class Evaluation:
    spans: dict[str, PRF]
    role_accuracy: float
    role_support: int
    documents: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)
    facts: FactScores | None = None  # roles, MEASURES relations, fact F1

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "missing_sources": self.missing_sources,
            "spans": {label: prf.as_dict() for label, prf in self.spans.items()},
            "roles": {
                "accuracy": round(self.role_accuracy, 4),
                "support": self.role_support,
            },
            **(
                {"relations": d["relations"], "facts": d["facts"]}
                if self.facts is not None and (d := self.facts.as_dict())
                else {}
            ),
        }


def group_by_source(gold: Iterable[Record]) -> dict[tuple[str, str], list[Record]]:
    """Gold records by (document id, source file name), in first-seen order."""
    out: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in gold:
        out[(r.meta.doc, r.meta.source_name)].append(r)
    return dict(out)


def predict_for_gold(
    nlp: Language,
    gold: Sequence[Record],
    source_dir: str | Path | Sequence[str | Path],
    settings: CompositionSettings | None = None,
) -> tuple[list[Record], list[str]]:
    """Predictions over every source document the gold refers to (the whole
    document, not only the gold's paragraphs), and the source files missing.
    ``source_dir``: one folder, or several searched in order."""
    from pipeline.annotations.corpus import find_source
    from pipeline.ingest import read_document

    dirs = (
        [Path(source_dir)] if isinstance(source_dir, (str, Path)) else [Path(d) for d in source_dir]
    )
    pred: list[Record] = []
    missing: list[str] = []
    for doc_id, source_name in group_by_source(gold):
        path = find_source(source_name, dirs)
        if path is None:
            missing.append(str(dirs[0] / source_name))
            continue
        document = read_document(path)
        pred.extend(
            predict_records(
                nlp, document, doc_id=doc_id, source_name=source_name, settings=settings
            )
        )
    return pred, missing


def score(
    gold: Sequence[Record], pred: Sequence[Record], labels: Sequence[str] | None = None
) -> dict[str, PRF]:
    """Span P/R/F1 per label by absolute offsets; ``labels`` restricts both sides."""
    g = span_items(gold)
    p = span_items(pred)
    if labels is not None:
        keep = set(labels)
        g = [x for x in g if x[0] in keep]
        p = [x for x in p if x[0] in keep]
    return prf_by_label(g, p)


def score_evaluation(
    gold: Sequence[Record],
    pred: Sequence[Record],
    labels: Sequence[str] | None = None,
    missing: Sequence[str] = (),
) -> Evaluation:
    """Score predictions (already restricted to the gold's documents)."""
    pred = restrict_to_gold(gold, pred)
    acc, n = role_accuracy(gold, pred)
    return Evaluation(
        spans=score(gold, pred, labels),
        role_accuracy=acc,
        role_support=n,
        documents=sorted({r.meta.doc for r in gold}),
        missing_sources=list(missing),
    )


def evaluate(
    nlp: Language,
    gold: Sequence[Record],
    source_dir: str | Path | Sequence[str | Path],
    labels: Sequence[str] | None = None,
    settings: CompositionSettings | None = None,
) -> Evaluation:
    """Run ``nlp`` over the source documents of ``gold`` and score the spans.

    Every paragraph of each source document is tagged; predicted spans outside
    the text the gold covers are ignored. Documents whose source file is missing
    are left out of the scores and listed in ``missing_sources``.
    """
    pred, missing = predict_for_gold(nlp, gold, source_dir, settings)
    found = {r.meta.doc for r in pred}
    # a document with no paragraphs at all still counts: keep gold of sources that exist
    missing_names = {Path(m).name for m in missing}
    gold_scored = [
        r for r in gold if r.meta.doc in found or r.meta.source_name not in missing_names
    ]
    evaluation = score_evaluation(gold_scored, pred, labels, missing)
    evaluation.facts = score_facts(gold_scored, pred)
    return evaluation
