"""From a tagged document to the records researchers analyse.

``process_document`` is the one entry point batch extraction calls:
document → entities, facts, summary row and consistency flags.
``assemble`` does the same from entities already found (gold spans, another
tagger). ``facts_to_records`` writes a result back as guide-format records.

* roles.py — value / target / weight / score from cues, sections and columns
* linking.py — MEASURES links in running text (same clause, lists, 其中, D7 headings)
* tables.py — indicator and budget tables (flattened, tab-separated, docx/pdf)
* summary.py — department, year, report type, budget figures, rate, score, grade
* checks.py — parts vs totals, rates, scores vs weights and totals, conflicting figures
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from spacy.language import Language

from pipeline.facts.achievements import find_achievements
from pipeline.facts.categories import categorise
from pipeline.facts.checks import run_checks
from pipeline.facts.linking import (
    Mention,
    clause_bounds,
    heading_name,
    is_d7_line,
    link_clause_quantities,
    sentence_bounds,
)
from pipeline.facts.roles import CUE_WINDOW, SCORE, WEIGHT, is_target_section, text_role
from pipeline.facts.summary import summarise, summary_flags
from pipeline.facts.tables import find_flat_tables, table_facts
from pipeline.ingest.document import Document, Table, content_hash
from pipeline.quantities import normalize_quantity
from pipeline.schema import DocumentRow, EntityRow, FactRow, FlagRow
from pipeline.tagging import Entity, tag_document, trained_components

QUANTITY_LABELS = frozenset({"MONEY", "COUNT", "PERCENT"})

# How cue-word indicators (cues.py via linking.cue_indicator) combine with tagged ones:
#   merge     cues name the indicator of every quantity whose clause holds no
#             tagged INDICATOR; a tagged one wins where both exist;
#   cues_first  as merge, but the cues' reading and the rule ACHIEVEMENTs win
#             where they overlap a tagged span;
#   fallback  cues only when the tagger found no INDICATOR at all in the document;
#   off       no cue indicators.
# In merge and cues_first a tagged INDICATOR in running text that no quantity
# measures is dropped (measured_indicators). Default: cues_first with the
# trained tagger gated to the rules' gaps, the best of these compositions on
# held-out reports (models/README.md, benchmarks/loo_eval.py).
CueMode = Literal["merge", "cues_first", "fallback", "off"]
CUE_MODES: tuple[str, ...] = ("merge", "cues_first", "fallback", "off")
DEFAULT_CUES: CueMode = "cues_first"
DEFAULT_GATE = True
_D7_CUE = re.compile(r"该指标|该项指标|本指标")
_CONTEXT = 8  # characters either side that the normaliser reads qualifiers from

__all__ = [
    "CUE_MODES",
    "DEFAULT_CUES",
    "DEFAULT_GATE",
    "CueMode",
    "DocumentResult",
    "TableLayer",
    "assemble",
    "facts_to_records",
    "process_document",
    "quantity_fact",
    "rule_gaps",
    "tagged_entities",
]


@dataclass(slots=True)
class DocumentResult:
    document: DocumentRow
    entities: list[EntityRow] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)


def quantity_fact(document: Document, ent: EntityRow, number: int, role: str = "value") -> FactRow:
    """A fact for one quantity entity, normalised with its context."""
    text = document.text
    try:
        norm = normalize_quantity(
            ent.text,
            left=text[max(0, ent.start - _CONTEXT) : ent.start],
            right=text[ent.end : ent.end + _CONTEXT],
        )
        value, unit, normalized, base, qualifier = (
            norm.value,
            norm.unit,
            norm.normalized,
            norm.base_unit,
            norm.qualifier,
        )
    except ValueError:  # a tagger span the normaliser cannot read: keep it, unnormalised
        value = unit = normalized = base = qualifier = None
    return FactRow(
        doc_id=document.id,
        fact_id=f"{document.id}#f{number:04d}",
        source="text",
        quantity_label=ent.label,
        role=role,
        text=ent.text,
        start=ent.start,
        end=ent.end,
        value=value,
        unit=unit,
        normalized_value=normalized,
        base_unit=base,
        qualifier=qualifier,
        page=ent.page,
    )


def document_tables(document: Document) -> list[Table]:
    """The reader's tables plus the flattened one-cell-a-line tables in the text."""
    return [*document.tables, *find_flat_tables(document.text, first_index=len(document.tables))]


@dataclass(slots=True)
class TableLayer:
    """A document's tables and their facts: they depend on the text alone, so the
    gate (``rule_gaps``) and ``assemble`` share one, built once per document.
    ``assemble`` numbers and categorises the facts in place: one assembly each."""

    tables: list[Table]
    facts: list[FactRow]

    @classmethod
    def of(cls, document: Document) -> TableLayer:
        tables = document_tables(document)
        return cls(tables, [f for t in tables for f in table_facts(document, t)])

    @property
    def taken(self) -> set[tuple[int, int]]:
        """Quantity spans the table facts hold (text facts leave them alone)."""
        return {(f.start, f.end) for f in self.facts}


def _text_facts(
    document: Document,
    entities: list[EntityRow],
    taken: set[tuple[int, int]],
    cue_fallback: bool,
    prefer_cues: bool = False,
) -> list[FactRow]:
    text = document.text
    quantities: dict[int, list[EntityRow]] = defaultdict(list)
    indicators: dict[int, list[Mention]] = defaultdict(list)
    for e in entities:
        if e.label in QUANTITY_LABELS and (e.start, e.end) not in taken:
            quantities[e.paragraph].append(e)
        elif e.label == "INDICATOR":
            indicators[e.paragraph].append(Mention(e.start, e.end, e.text))
    facts: list[FactRow] = []
    heading: Mention | None = None
    # One string per sentence, shared by its facts: a sentence of many quantities
    # is not copied once per fact (memory and the checks' grouping stay linear).
    sentences: dict[tuple[int, int], tuple[str, int, int]] = {}
    for p in document.paragraphs:
        h = heading_name(p.text, p.start)
        if h is not None:
            inside = [m for m in indicators[p.index] if m.start >= h.start and m.end <= h.end]
            heading = inside[0] if inside else h
        qs = sorted(quantities.get(p.index, []), key=lambda e: e.start)
        if not qs:
            continue
        target_section = is_target_section(p.text)
        drafts: list[tuple[EntityRow, FactRow, bool]] = []
        for e in qs:
            cs, ce = clause_bounds(text, e.start, e.end)
            ss, se = sentence_bounds(text, e.start, e.end)
            fact = quantity_fact(document, e, 0)
            left = text[max(cs, e.start - CUE_WINDOW) : e.start]
            right = text[e.end : min(ce, e.end + CUE_WINDOW)]
            fact.role = text_role(e.text, left, right, target_section)
            if (ss, se) not in sentences:
                raw = text[ss:se]
                lead = len(raw) - len(raw.lstrip())
                stripped = raw.strip()
                sentences[(ss, se)] = (stripped, ss + lead, ss + lead + len(stripped))
            fact.sentence, fact.sentence_start, fact.sentence_end = sentences[(ss, se)]
            d7 = fact.role in (WEIGHT, SCORE) and (
                is_d7_line(text[cs:ce])
                or is_d7_line(text[ss:se])
                or bool(_D7_CUE.search(text[ss : e.start]))
            )
            if d7 and heading is not None:
                fact.indicator = heading.text
                fact.indicator_start, fact.indicator_end = heading.start, heading.end
            drafts.append((e, fact, d7))
        linkable = [(e, f) for e, f, d7 in drafts if not d7]
        links = link_clause_quantities(
            text,
            [Mention(e.start, e.end, e.text) for e, _ in linkable],
            indicators.get(p.index, []),
            cue_fallback,
            prefer_cues,
        )
        for (_, fact), ind in zip(linkable, links, strict=True):
            if ind is not None:
                fact.indicator = ind.text
                fact.indicator_start, fact.indicator_end = ind.start, ind.end
        facts.extend(f for _, f, _ in drafts)
    return facts


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
    cell, a tab-separated row (how readers render table rows) or a line of its
    own, or when it is the name of a numbered heading (D7); otherwise it goes."""
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


MERGING = ("merge", "cues_first")  # the cue modes that read cues everywhere


def _entities_and_text_facts(
    document: Document, entities: list[EntityRow], cues: CueMode, layer: TableLayer
) -> tuple[list[EntityRow], list[FactRow]]:
    """The entities with the rule ACHIEVEMENTs of cue mode ``cues``, and the facts
    of the quantities in running text (those the tables do not hold)."""
    if cues not in CUE_MODES:
        raise ValueError(f"cues must be one of {CUE_MODES}, not {cues!r}")
    merging = cues in MERGING
    has_tagged = any(e.label == "INDICATOR" for e in entities)
    cue_fallback = merging or (cues == "fallback" and not has_tagged)
    if merging:
        entities = with_rule_achievements(document, entities, replace=cues == "cues_first")
    facts = _text_facts(
        document, entities, layer.taken, cue_fallback, prefer_cues=cues == "cues_first"
    )
    return entities, facts


def assemble(
    document: Document,
    entities: list[EntityRow],
    raw: bytes | None = None,
    cues: CueMode = DEFAULT_CUES,
    layer: TableLayer | None = None,
) -> DocumentResult:
    """Facts, summary and flags from ``entities`` (offsets into ``document.text``).

    ``cues`` says how indicators read from cue words combine with tagged
    INDICATOR entities (``CueMode``); ``layer``: the document's tables, when
    already built.
    """
    layer = layer or TableLayer.of(document)
    entities, text_facts = _entities_and_text_facts(document, entities, cues, layer)
    facts = layer.facts + text_facts
    facts.sort(key=lambda f: (f.start, f.end, f.role))
    if cues in MERGING:
        cells = [(c.start, c.end) for t in layer.tables for row in t.rows for c in row]
        entities = measured_indicators(document, entities, facts, cells)
    categorise(facts)
    left: dict[str, str] = {}
    paragraph_of: dict[str, int] = {}
    para_starts = [p.start for p in document.paragraphs]
    for i, f in enumerate(facts):
        f.fact_id = f"{document.id}#f{i:04d}"
        if f.page is None:
            f.page = document.page_at(f.start)
        if document.cells:
            f.sheet, f.cell = document.cell_at(f.start) or (None, None)
        left[f.fact_id] = document.text[max(0, f.start - 20) : f.start]
        paragraph_of[f.fact_id] = bisect_right(para_starts, f.start) - 1
    summary = summarise(document, facts)
    flags = run_checks(document.id, facts, summary, left, paragraph_of)
    flags += summary_flags(document.id, summary)
    row = DocumentRow(
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
        n_facts=len(facts),
        n_flags=len(flags),
        ocr_pages=",".join(map(str, document.ocr_pages)) or None,
        ocr_confidence=document.ocr_confidence,
    )
    result = DocumentResult(document=row, entities=entities, facts=facts, flags=flags)
    # the entities table holds what is scored and cited: the tagger's spans plus
    # the quantities and indicator names the facts add (records.paragraph_spans)
    result.entities = scored_entities(document, result)
    return result


def _entity_rows(document: Document, entities: Iterable[Entity]) -> list[EntityRow]:
    return [
        EntityRow(
            doc_id=e.doc_id,
            label=e.label,
            text=e.text,
            start=e.start,
            end=e.end,
            paragraph=e.paragraph,
            page=document.page_at(e.start),
        )
        for e in entities
    ]


def rule_gaps(
    document: Document, entities: list[EntityRow], layer: TableLayer | None = None
) -> set[int]:
    """Paragraphs where the rule layer leaves a quantity of running text without
    an indicator: the only places the trained tagger changes the facts of
    cue mode ``cues_first`` (where a cue reading wins over a tagged span)."""
    # the text facts of assemble(cues="cues_first"), without the rest of assembly
    layer = layer or TableLayer.of(document)
    _, facts = _entities_and_text_facts(document, entities, "cues_first", layer)
    starts = [p.start for p in document.paragraphs]
    return {bisect_right(starts, f.start) - 1 for f in facts if f.indicator_start is None}


def tagged_entities(
    nlp: Language,
    document: Document,
    gate: bool = DEFAULT_GATE,
    layer: TableLayer | None = None,
) -> list[EntityRow]:
    """The tagger's entities of ``document``.

    ``gate``: run the trained components only on the paragraphs the rules leave
    a gap in (``rule_gaps``); everything else is tagged by the rules alone.
    On held-out reports the tagger's spans elsewhere were mostly false positives
    (models/README.md), and skipping them makes extraction several times faster.
    """
    trained = trained_components(nlp)
    if not (gate and trained):
        return _entity_rows(document, tag_document(nlp, document))
    entities = _entity_rows(document, tag_document(nlp, document, disable=trained))
    gaps = rule_gaps(document, entities, layer)
    if gaps:
        tagged = _entity_rows(document, tag_document(nlp, document, only=gaps))
        entities = sorted(
            [e for e in entities if e.paragraph not in gaps] + tagged,
            key=lambda e: (e.start, e.end),
        )
    return entities


def process_document(
    nlp: Language,
    document: Document,
    raw: bytes | None = None,
    cues: CueMode = DEFAULT_CUES,
    gate: bool = DEFAULT_GATE,
) -> DocumentResult:
    """Tag ``document`` with ``nlp`` (``tagged_entities``) and assemble its facts."""
    layer = TableLayer.of(document)
    return assemble(document, tagged_entities(nlp, document, gate, layer), raw, cues, layer)


from pipeline.facts.records import (  # after DocumentResult: records.py imports it
    facts_to_records,
    scored_entities,
)
