"""pipeline/annotations/fact_records.py: the entities table holds exactly the
spans the records carry (what is scored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.facts import facts_to_records, process_document
from pipeline.ingest import read_document
from pipeline.ingest.offsets import offset_shift
from pipeline.loading import load_pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"


@pytest.mark.parametrize("path", sorted(SAMPLE.glob("*.txt")), ids=lambda p: p.name[:3])
def test_entities_are_the_record_spans(path: Path) -> None:
    document = read_document(path)
    result = process_document(load_pipeline("rules"), document)
    records = facts_to_records(document, result, keep_empty=False)
    shift = offset_shift(document)  # record offsets count a BOM the text drops
    in_records = {
        (s.label, r.meta.offset - shift + s.start, r.meta.offset - shift + s.end)
        for r in records
        for s in r.spans
    }
    in_table = {(e.label, e.start, e.end) for e in result.entities}
    assert in_table == in_records
    # the facts' indicator names are among them, not only the tagger's entities
    assert sum(label == "INDICATOR" for label, _, _ in in_table) > 10
