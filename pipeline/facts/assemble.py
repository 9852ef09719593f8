"""How a fact is made: from a document and its entities to the rows researchers
analyse, in one direction, each step a function that returns new values.

1. tables      the facts of the document's tables (``TableLayer``, text alone);
2. text facts  the quantities of running text, linked to their indicators by
               the cue policy (composition.py);
3. numbering and categories: fact ids in document order, pages, the category
               of each indicator (categories.py), and the spreadsheet cell of
               each fact where the document has cells;
4. summary     department, year, budget figures, score (summary.py);
5. flags       the consistency checks (checks.py) and the summary figures
               whose sources disagree (summary.py);
then the document row, and the entities table: the spans the records score
(annotations/fact_records.py).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from pipeline.annotations.fact_records import scored_entities
from pipeline.facts.categories import categorised
from pipeline.facts.checks import run_checks
from pipeline.facts.composition import DEFAULT_CUES, TextComposition, cue_policy
from pipeline.facts.cues import Mention
from pipeline.facts.entities import measured_indicators
from pipeline.facts.line_tables import find_line_tables
from pipeline.facts.summary import Summary, summarise, summary_flags
from pipeline.facts.tables import find_flat_tables, table_facts, table_labels
from pipeline.ingest.document import Document, Table, content_hash
from pipeline.schema import DocumentResult, DocumentRow, EntityRow, FactRow, FlagRow


def document_tables(document: Document) -> list[Table]:
    """The reader's tables, the flattened one-cell-a-line tables in the text, and
    the tables written as plain lines (comma, spaced and cell-a-line rows) that
    neither holds (line_tables.py)."""
    found = [*document.tables, *find_flat_tables(document.text, first_index=len(document.tables))]
    taken = [(c.start, c.end) for t in found for row in t.rows for c in row]
    return [*found, *find_line_tables(document.text, len(found), taken)]


@dataclass(frozen=True, slots=True)
class TableLayer:
    """A document's tables and their facts. They depend on the text alone, so the
    tagging gate (``gaps.rule_gaps``) and ``assemble`` share one, built once per
    document; nothing changes it, so any number of assemblies may use it."""

    tables: tuple[Table, ...]
    facts: tuple[FactRow, ...]
    labels: tuple[Mention, ...] = ()  # every row label, also of rows without figures

    @classmethod
    def of(cls, document: Document) -> TableLayer:
        tables = document_tables(document)
        return cls(
            tuple(tables),
            tuple(f for t in tables for f in table_facts(document, t)),
            tuple(m for t in tables for m in table_labels(document, t)),
        )

    def label_entities(self, document: Document) -> list[EntityRow]:
        """The row labels as INDICATOR entities (R11, R13)."""
        starts = [p.start for p in document.paragraphs]
        return [
            EntityRow(
                doc_id=document.id,
                label="INDICATOR",
                text=m.text,
                start=m.start,
                end=m.end,
                paragraph=bisect_right(starts, m.start) - 1,
                page=document.page_at(m.start),
            )
            for m in self.labels
            if document.text[m.start : m.end] == m.text
        ]

    @property
    def taken(self) -> set[tuple[int, int]]:
        """Quantity spans the table facts hold (text facts leave them alone)."""
        return {(f.start, f.end) for f in self.facts}

    @property
    def cells(self) -> list[tuple[int, int]]:
        """The character range of every table cell."""
        return [(c.start, c.end) for t in self.tables for row in t.rows for c in row]


def _with_labels(entities: list[EntityRow], labels: list[EntityRow]) -> list[EntityRow]:
    """``entities`` plus the table row labels that overlap none of them."""
    spans = sorted((e.start, e.end) for e in entities)
    starts = [s for s, _ in spans]
    added = []
    for label in labels:
        i = bisect_right(starts, label.end - 1)  # spans starting before the label ends
        if (
            i
            and spans[i - 1][1] > label.start
            or any(s < label.end and label.start < e for s, e in spans[max(0, i - 8) : i])
        ):
            continue
        added.append(label)
    if not added:
        return entities
    return sorted([*entities, *added], key=lambda e: (e.start, e.end))


def numbered(document: Document, facts: list[FactRow]) -> list[FactRow]:
    """``facts`` with their ids in this order, and the page where none is known."""
    return [
        replace(
            f,
            fact_id=f"{document.id}#f{i:04d}",
            page=f.page if f.page is not None else document.page_at(f.start),
        )
        for i, f in enumerate(facts)
    ]


def in_cells(document: Document, facts: list[FactRow]) -> list[FactRow]:
    """``facts`` with the sheet and cell that hold them, for spreadsheets."""
    if not document.cells:
        return facts
    located = []
    for f in facts:
        sheet, cell = document.cell_at(f.start) or (None, None)
        located.append(replace(f, sheet=sheet, cell=cell))
    return located


def document_row(
    document: Document, raw: bytes | None, summary: Summary, n_facts: int, n_flags: int
) -> DocumentRow:
    return DocumentRow(
        doc_id=document.id,
        file=str(document.source) if document.source else document.name,
        content_hash=content_hash(raw if raw is not None else document.text.encode("utf-8")),
        format=document.format,
        chars=len(document.text),
        department=summary.department,
        year=summary.year,
        report_type=summary.report_type,
        budget_initial=summary.budget_initial,
        budget_adjusted=summary.budget_adjusted,
        spending=summary.spending,
        carryover=summary.carryover,
        execution_rate=summary.execution_rate,
        self_score=summary.self_score,
        grade=summary.grade,
        n_facts=n_facts,
        n_flags=n_flags,
        ocr_pages=",".join(map(str, document.ocr_pages)) or None,
        ocr_confidence=document.ocr_confidence,
    )


def assemble(
    document: Document,
    entities: list[EntityRow],
    raw: bytes | None = None,
    cues: str = DEFAULT_CUES,
    layer: TableLayer | None = None,
    text: TextComposition | None = None,
) -> DocumentResult:
    """Facts, summary and flags from ``entities`` (offsets into ``document.text``).

    ``cues`` names the cue policy (composition.py); ``raw``: the file's bytes,
    for the content hash; ``layer``: the document's tables, and ``text``: the
    cue policy's composition of ``entities``, when already made.
    """
    layer = layer or TableLayer.of(document)
    text = text or cue_policy(cues)(document, entities, layer.taken)
    facts = sorted([*layer.facts, *text.facts], key=lambda f: (f.start, f.end, f.role))
    kept = _with_labels(text.entities, layer.label_entities(document))
    if text.prune_unmeasured:
        kept = measured_indicators(document, kept, facts, layer.cells)
    facts = in_cells(document, numbered(document, categorised(facts)))
    summary = summarise(document, facts)
    flags: list[FlagRow] = [
        *run_checks(document, facts, summary),
        *summary_flags(document.id, summary),
    ]
    row = document_row(document, raw, summary, len(facts), len(flags))
    result = DocumentResult(document=row, entities=kept, facts=facts, flags=flags)
    # the entities table holds what is scored and cited: the tagger's spans plus
    # the quantities and indicator names the facts add (fact_records.paragraph_spans)
    return replace(result, entities=scored_entities(document, result))
