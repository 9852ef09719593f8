"""Fixtures the tests of pipeline/facts share: the rule pipeline, and small
documents with their facts and records."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.facts import facts_to_records, process_document
from pipeline.ingest import read_text_document
from pipeline.ingest.document import Document
from pipeline.loading import rules_pipeline
from pipeline.schema import EntityRow


@pytest.fixture(scope="session")
def nlp():
    """The rule layer alone: fast, and the same on every machine."""
    return rules_pipeline()


@pytest.fixture
def record_spans(nlp) -> Callable[[str, str], list[str]]:
    """The texts of the ``label`` spans the records of ``text`` hold."""

    def spans(text: str, label: str) -> list[str]:
        doc = read_text_document(text, "t.txt")
        records = facts_to_records(doc, process_document(nlp, doc))
        return [s.text for r in records for s in r.spans if s.label == label]

    return spans


@pytest.fixture
def entity() -> Callable[[Document, str, str], EntityRow]:
    """An entity over the first occurrence of ``s``, in the paragraph holding it."""

    def make(doc: Document, label: str, s: str) -> EntityRow:
        start = doc.text.index(s)
        paragraph = next(p.index for p in doc.paragraphs if p.start <= start < p.end)
        return EntityRow(doc.id, label, s, start, start + len(s), paragraph)

    return make
