"""Load the tagging pipeline once and run it over a document's paragraphs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.ingest.document import Document

# The trained pipeline that ships in the repository (models/README.md).
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "perf_facts_zh"


@dataclass(frozen=True, slots=True)
class Entity:
    doc_id: str
    label: str
    text: str
    start: int  # offsets into Document.text
    end: int
    paragraph: int


def rules_pipeline() -> Language:
    """The rule layer alone: the project tokenizer plus quantity rules."""
    from pipeline.tokenize import make_nlp

    nlp = make_nlp()
    nlp.add_pipe("perf_facts_quantities")
    return nlp


def load_pipeline(model: str | Path | None = None) -> Language:
    """``model`` None: the shipped model if present, else the rule layer."""
    import pipeline.quantities  # noqa: F401  (registers the rule component)

    if model is None:
        if (DEFAULT_MODEL / "config.cfg").exists():
            return spacy.load(DEFAULT_MODEL)
        return rules_pipeline()
    if str(model) == "rules":
        return rules_pipeline()
    path = Path(model)
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"no spaCy pipeline at {path} (config.cfg missing)")
    return spacy.load(path)


def tag_document(nlp: Language, document: Document, batch_size: int = 64) -> Iterator[Entity]:
    """Entities of every paragraph, with offsets into the document text."""
    paragraphs = document.paragraphs
    # memory_zone keeps the Vocab from growing across a long stream of documents.
    with nlp.memory_zone():
        docs = nlp.pipe((p.text for p in paragraphs), batch_size=batch_size)
        for paragraph, doc in zip(paragraphs, docs, strict=True):
            for ent in doc.ents:
                yield Entity(
                    doc_id=document.id,
                    label=ent.label_,
                    text=ent.text,
                    start=paragraph.start + ent.start_char,
                    end=paragraph.start + ent.end_char,
                    paragraph=paragraph.index,
                )
