"""Which entities a document keeps beside the tagger's: the ACHIEVEMENT spans
the cue rules add, and the INDICATORs of running text that no fact measures,
which go (ANNOTATION_GUIDE: an INDICATOR in running text is tagged only when a
quantity in the same clause measures it)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from pipeline.facts.achievements import find_achievements
from pipeline.facts.linking import heading_name
from pipeline.ingest.document import Document
from pipeline.schema import EntityRow, FactRow


def with_rule_achievements(
    document: Document, entities: list[EntityRow], replace: bool = False
) -> list[EntityRow]:
    """``entities`` plus the ACHIEVEMENT spans the cue rules find where no entity
    lies (a tagged span wins on overlap, as for indicators). ``replace``: a rule
    span replaces the tagged ACHIEVEMENTs it overlaps instead."""
    by_paragraph: dict[int, list[EntityRow]] = defaultdict(list)
    for e in entities:
        by_paragraph[e.paragraph].append(e)
    added: list[EntityRow] = []
    replaced: set[int] = set()
    for p in document.paragraphs:
        taken = by_paragraph.get(p.index, [])
        for s, e in find_achievements(p.text):
            start, end = p.start + s, p.start + e
            hits = [t for t in taken if start < t.end and t.start < end]
            if replace and hits and all(t.label == "ACHIEVEMENT" for t in hits):
                replaced.update(id(t) for t in hits)
            elif hits:
                continue
            added.append(
                EntityRow(
                    doc_id=document.id,
                    label="ACHIEVEMENT",
                    text=document.text[start:end],
                    start=start,
                    end=end,
                    paragraph=p.index,
                    page=document.page_at(start),
                )
            )
    if not added:
        return entities
    kept = [e for e in entities if id(e) not in replaced]
    return sorted([*kept, *added], key=lambda e: (e.start, e.end))


def measured_indicators(
    document: Document,
    entities: list[EntityRow],
    facts: list[FactRow],
    cells: list[tuple[int, int]],
) -> list[EntityRow]:
    """``entities`` less the INDICATORs of running text that no quantity measures.

    The guide tags an INDICATOR in running text only when a quantity in the same
    clause measures it, and every indicator name in tables and scored lists. So
    a tagged INDICATOR stays when a fact links to it, when it lies in a table
    cell (``cells``), a tab-separated row (how readers render table rows) or a
    line of its own, or when it is the name of a numbered heading (D7);
    otherwise it goes."""
    linked = {(f.indicator_start, f.indicator_end) for f in facts if f.indicator_start is not None}
    paragraphs = document.paragraphs
    cell_starts = sorted(cells)

    def in_cell(e: EntityRow) -> bool:
        i = bisect_right(cell_starts, (e.start, len(document.text) + 1)) - 1
        return i >= 0 and cell_starts[i][0] <= e.start and e.end <= cell_starts[i][1]

    def structural(e: EntityRow) -> bool:
        p = paragraphs[e.paragraph]
        # a whole line: a cell of a one-cell-a-line table the reader did not
        # recognise as one (report 001's layout)
        if "\t" in p.text or in_cell(e) or (e.start, e.end) == (p.start, p.end):
            return True
        h = heading_name(p.text, p.start)
        return h is not None and h.start <= e.start and e.end <= h.end

    return [
        e for e in entities if e.label != "INDICATOR" or (e.start, e.end) in linked or structural(e)
    ]
