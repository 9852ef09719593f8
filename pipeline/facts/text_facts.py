"""The facts of quantities in running text: value, role, evidence sentence and
the indicator each measures (linking.py), paragraph by paragraph.

Quantities the tables already hold (``taken``) are left to the table facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from pipeline.facts.linking import (
    REFERS_TO_HEADING,
    Mention,
    clause_bounds,
    heading_name,
    is_heading_score_line,
    link_clause_quantities,
    sentence_bounds,
)
from pipeline.facts.roles import CUE_WINDOW, is_target_section, text_role
from pipeline.facts.scored_lines import scored_links, scored_name
from pipeline.ingest.document import Document
from pipeline.ingest.paragraphs import Paragraph
from pipeline.quantities import normalize_quantity
from pipeline.resources.vocabulary import QUANTITY_LABELS, SCORE, VALUE, WEIGHT
from pipeline.schema import EntityRow, FactRow

_CONTEXT = 8  # characters either side that the normaliser reads qualifiers from

# One string per sentence, shared by its facts: a sentence of many quantities
# is not copied once per fact (memory and the checks' grouping stay linear).
# (start, end) of the sentence → (stripped text, its start, its end).
Sentences = dict[tuple[int, int], tuple[str, int, int]]


def quantity_fact(document: Document, ent: EntityRow, number: int, role: str = VALUE) -> FactRow:
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


def measuring(fact: FactRow, indicator: Mention) -> FactRow:
    """``fact`` linked to ``indicator``."""
    return replace(
        fact,
        indicator=indicator.text,
        indicator_start=indicator.start,
        indicator_end=indicator.end,
    )


def _measures_heading(
    text: str, fact: FactRow, clause: tuple[int, int], sentence: tuple[int, int]
) -> bool:
    """A weight or score line that names no indicator of its own: it measures the
    numbered heading above (D7)."""
    (cs, ce), (ss, se) = clause, sentence
    return fact.role in (WEIGHT, SCORE) and (
        is_heading_score_line(text[cs:ce])
        or is_heading_score_line(text[ss:se])
        or bool(REFERS_TO_HEADING.search(text[ss : fact.start]))
    )


def _evidence(text: str, ss: int, se: int, sentences: Sentences) -> tuple[str, int, int]:
    """The sentence ``text[ss:se]`` stripped, with its offsets; made once per sentence."""
    found = sentences.get((ss, se))
    if found is None:
        raw = text[ss:se]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        found = sentences[(ss, se)] = (stripped, ss + lead, ss + lead + len(stripped))
    return found


def _draft(
    document: Document, e: EntityRow, target_section: bool, sentences: Sentences
) -> tuple[FactRow, bool]:
    """The fact of quantity ``e`` before linking, and whether it measures the heading."""
    text = document.text
    clause = cs, ce = clause_bounds(text, e.start, e.end)
    sentence = ss, se = sentence_bounds(text, e.start, e.end)
    # the cue windows are bounded: role assignment stays linear in the clause
    left = text[max(cs, e.start - CUE_WINDOW) : e.start]
    right = text[e.end : min(ce, e.end + CUE_WINDOW)]
    before = text[max(ss, e.start - CUE_WINDOW) : e.start]
    evidence, sentence_start, sentence_end = _evidence(text, ss, se, sentences)
    fact = replace(
        quantity_fact(document, e, 0),
        role=text_role(e.text, left, right, target_section, before),
        sentence=evidence,
        sentence_start=sentence_start,
        sentence_end=sentence_end,
    )
    return fact, _measures_heading(text, fact, clause, sentence)


def _paragraph_facts(
    document: Document,
    paragraph: Paragraph,
    quantities: list[EntityRow],
    indicators: list[Mention],
    heading: Mention | None,
    cue_fallback: bool,
    prefer_cues: bool,
    sentences: Sentences,
) -> list[FactRow]:
    previous = document.paragraphs[paragraph.index - 1].text if paragraph.index else ""
    target_section = is_target_section(paragraph.text, previous)
    drafts = [_draft(document, e, target_section, sentences) for e in quantities]
    facts = [
        measuring(f, heading) if to_heading and heading is not None else f
        for f, to_heading in drafts
    ]
    linkable = [i for i, (_, to_heading) in enumerate(drafts) if not to_heading]
    mentions = [Mention(facts[i].start, facts[i].end, facts[i].text) for i in linkable]
    links = link_clause_quantities(document.text, mentions, indicators, cue_fallback, prefer_cues)
    name = scored_name(paragraph.text, paragraph.start) if cue_fallback else None
    if name is not None:  # a scoring list's line (R20, R21)
        links = scored_links(document.text, paragraph.start, name, mentions, links)
    for i, indicator in zip(linkable, links, strict=True):
        if indicator is not None:
            facts[i] = measuring(facts[i], indicator)
    return facts


def text_facts(
    document: Document,
    entities: list[EntityRow],
    taken: set[tuple[int, int]],
    cue_fallback: bool,
    prefer_cues: bool = False,
) -> list[FactRow]:
    """The facts of the quantity entities of running text (not in ``taken``).

    ``cue_fallback``: a quantity whose clause holds no INDICATOR entity takes
    the indicator cue words name; ``prefer_cues``: the cue's reading wins over
    a tagged INDICATOR in the clause."""
    quantities: dict[int, list[EntityRow]] = defaultdict(list)
    indicators: dict[int, list[Mention]] = defaultdict(list)
    for e in entities:
        if e.label in QUANTITY_LABELS and (e.start, e.end) not in taken:
            quantities[e.paragraph].append(e)
        elif e.label == "INDICATOR":
            indicators[e.paragraph].append(Mention(e.start, e.end, e.text))
    facts: list[FactRow] = []
    heading: Mention | None = None
    sentences: Sentences = {}
    for p in document.paragraphs:
        h = heading_name(p.text, p.start)
        if h is not None:
            inside = [m for m in indicators[p.index] if m.start >= h.start and m.end <= h.end]
            heading = inside[0] if inside else h
        qs = sorted(quantities.get(p.index, []), key=lambda e: e.start)
        if qs:
            facts.extend(
                _paragraph_facts(
                    document,
                    p,
                    qs,
                    indicators.get(p.index, []),
                    heading,
                    cue_fallback,
                    prefer_cues,
                    sentences,
                )
            )
    return facts
