"""From a tagged document to the records researchers analyse.

``process_document`` is the one entry point batch extraction calls:
document → entities, facts, summary row and consistency flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language

from pipeline.ingest.document import Document, content_hash
from pipeline.quantities import normalize_quantity
from pipeline.schema import DocumentRow, EntityRow, FactRow, FlagRow
from pipeline.tagging import tag_document

QUANTITY_LABELS = frozenset({"MONEY", "COUNT", "PERCENT"})
_CONTEXT = 8  # characters either side that the normaliser reads qualifiers from


@dataclass(slots=True)
class DocumentResult:
    document: DocumentRow
    entities: list[EntityRow] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)


def quantity_fact(document: Document, ent: EntityRow, number: int, role: str = "value") -> FactRow:
    """A fact for one quantity entity, normalised with its context."""
    text = document.text
    norm = normalize_quantity(
        ent.text,
        left=text[max(0, ent.start - _CONTEXT) : ent.start],
        right=text[ent.end : ent.end + _CONTEXT],
    )
    return FactRow(
        doc_id=document.id,
        fact_id=f"{document.id}#f{number:04d}",
        source="text",
        quantity_label=ent.label,
        role=role,
        text=ent.text,
        start=ent.start,
        end=ent.end,
        value=norm.value,
        unit=norm.unit,
        normalized_value=norm.normalized,
        base_unit=norm.base_unit,
        qualifier=norm.qualifier,
        page=ent.page,
    )


def process_document(nlp: Language, document: Document, raw: bytes | None = None) -> DocumentResult:
    entities = [
        EntityRow(
            doc_id=e.doc_id,
            label=e.label,
            text=e.text,
            start=e.start,
            end=e.end,
            paragraph=e.paragraph,
            page=document.page_at(e.start),
        )
        for e in tag_document(nlp, document)
    ]
    facts = [
        quantity_fact(document, e, i)
        for i, e in enumerate(e for e in entities if e.label in QUANTITY_LABELS)
    ]
    row = DocumentRow(
        doc_id=document.id,
        file=str(document.source) if document.source else document.name,
        content_hash=content_hash(raw if raw is not None else document.text.encode("utf-8")),
        format=document.format,
        chars=len(document.text),
        n_facts=len(facts),
    )
    return DocumentResult(document=row, entities=entities, facts=facts)
