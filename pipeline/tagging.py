"""Run a tagging pipeline (pipeline.loading) over a document's paragraphs.

Where the trained components run is a tagging strategy, registered by name in
``tagging_strategies`` and selected in a pipeline's config through
``perf_facts.tagger_gate.v1``: "all" (every paragraph), "quantified" (the
paragraphs holding a rule quantity) or "gaps" (only the paragraphs where the
rule layer leaves a gap, which the fact assembler finds,
``pipeline.facts.gaps.rule_gaps``, and hands in).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import nullcontext

import catalogue
from spacy import registry
from spacy.language import Language

from pipeline.ingest.document import Document
from pipeline.schema import EntityRow
from pipeline.settings import COMPONENT

# Lexemes the vocab may keep across documents. Inside ``nlp.memory_zone`` every
# lexeme a paragraph needs is created and freed again, document after document
# (the shipped vocab starts empty), which cost about a tenth of the tagging time.
# Paragraphs are therefore tokenised outside the zone while the vocab holds
# fewer than this many lexemes: the words of a report corpus are mostly the same
# few tens of thousands, so they stay; past the cap, new words live and die in
# the zone as before and memory stays flat. A lexeme's attributes depend on its
# string only, so the output is the same either way. (len(vocab) also counts
# the lexemes a zone created and freed, so the cap is reached early, never late.)
PERSISTENT_LEXEMES = 60_000


# The trained components; the rest of a pipeline (tokenizer, quantity rules) is rules.
TRAINED = ("tok2vec", "ner", "spancat")


def trained_components(nlp: Language) -> list[str]:
    return [name for name in TRAINED if name in nlp.pipe_names]


def assemblers(nlp: Language) -> list[str]:
    """The components that assemble a Doc's facts (pipeline/doc_facts.py): they
    call the tagging, so the tagging must not run them."""
    return [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory == COMPONENT]


def _is_quantities(proc: object) -> bool:
    from pipeline.quantities.component import QuantityComponent

    return isinstance(proc, QuantityComponent)


def tag_document(
    nlp: Language,
    document: Document,
    batch_size: int = 64,
    *,
    disable: Sequence[str] = (),
    only: Collection[int] | None = None,
) -> Iterator[EntityRow]:
    """Entities of every paragraph, with offsets into the document text.

    A paragraph's entities depend on its text alone, so a text that occurs
    several times in the document (table cells such as 是 / 100%, repeated
    headings) is tagged once: each paragraph costs a Doc and a pass of the
    model however short it is.

    ``disable``: components to skip; ``only``: tag just these paragraph indexes.
    Inside a memory zone already open (a caller's ``nlp.memory_zone()`` around
    a pipeline whose last component assembles facts) no zone of its own is
    opened: spaCy's zones must not nest.
    """
    paragraphs = document.paragraphs
    if only is not None:
        paragraphs = [p for p in paragraphs if p.index in only]
    slot: dict[str, int] = {}  # distinct paragraph text -> its row in `found`
    texts: list[str] = []
    for p in paragraphs:
        if p.text not in slot:
            slot[p.text] = len(texts)
            texts.append(p.text)
    found: list[list[tuple[str, str, int, int]]] = []
    disable = [*disable, *assemblers(nlp)]
    for first in range(0, len(texts), batch_size):
        # memory_zone keeps the Vocab from growing across a long stream of
        # documents. The zone begins only when entered (``with`` below), after
        # the paragraphs that may keep their lexemes have been tokenised.
        zone = nullcontext() if nlp.vocab.in_memory_zone else nlp.memory_zone()
        # Only labels and offsets are read below: the quantity rules need not
        # normalise what they find (the fact assembler normalises in context).
        cfg = {name: {"normalize": False} for name, proc in nlp.pipeline if _is_quantities(proc)}
        chunk: list = texts[first : first + batch_size]
        if len(nlp.vocab) < PERSISTENT_LEXEMES:
            chunk = [nlp.make_doc(text) for text in chunk]
        with zone:
            for doc in nlp.pipe(
                chunk, batch_size=batch_size, disable=list(disable), component_cfg=cfg
            ):
                found.append([(e.label_, e.text, e.start_char, e.end_char) for e in doc.ents])
    for paragraph in paragraphs:
        for label, text, start, end in found[slot[paragraph.text]]:
            yield EntityRow(
                doc_id=document.id,
                label=label,
                text=text,
                start=paragraph.start + start,
                end=paragraph.start + end,
                paragraph=paragraph.index,
                page=document.page_at(paragraph.start + start),
            )


# The paragraphs (indexes) where the rule layer's entities leave a gap.
GapFinder = Callable[[list[EntityRow]], set[int]]
TaggingStrategy = Callable[[Language, Document, GapFinder], list[EntityRow]]


tagging_strategies = catalogue.create("perf_facts", "tagging_strategies")


@registry.misc("perf_facts.tagger_gate.v1")
def tagger_gate(where: str = "gaps") -> TaggingStrategy:
    """The tagging strategy named ``where`` ("gaps", "quantified" or "all"), for a pipeline's config."""
    return tagging_strategies.get(where)


@tagging_strategies.register("all")
def tag_everywhere(nlp: Language, document: Document, find_gaps: GapFinder) -> list[EntityRow]:
    """Every component in every paragraph."""
    return list(tag_document(nlp, document))


def _tag_where(
    nlp: Language, document: Document, select: Callable[[list[EntityRow]], set[int]]
) -> list[EntityRow]:
    """The rule components everywhere, then the trained ones (with the rules
    again) only in the paragraphs ``select`` picks from the rules' entities."""
    trained = trained_components(nlp)
    if not trained:
        return list(tag_document(nlp, document))
    entities = list(tag_document(nlp, document, disable=trained))
    chosen = select(entities)
    if not chosen:
        return entities
    tagged = list(tag_document(nlp, document, only=chosen))
    return sorted(
        [e for e in entities if e.paragraph not in chosen] + tagged,
        key=lambda e: (e.start, e.end),
    )


@tagging_strategies.register("gaps")
def tag_gaps_only(nlp: Language, document: Document, find_gaps: GapFinder) -> list[EntityRow]:
    """The trained components only in the paragraphs the rules leave a gap in
    (``find_gaps`` of the rule layer's entities); the rules everywhere else.
    On held-out reports the tagger's spans elsewhere were mostly false
    positives (models/README.md), and skipping them makes extraction several
    times faster."""
    return _tag_where(nlp, document, find_gaps)


@tagging_strategies.register("quantified")
def tag_quantified(nlp: Language, document: Document, find_gaps: GapFinder) -> list[EntityRow]:
    """The trained components only in paragraphs holding a rule quantity: most
    indicators measure one, and headings and prose without figures are most
    of a report's text (a speed/accuracy point between "gaps" and "all")."""
    return _tag_where(nlp, document, lambda entities: {e.paragraph for e in entities})
