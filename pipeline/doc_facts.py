"""The spaCy component ``perf_facts_composition``: a pipeline's composition
settings, and the facts of each Doc, so that ``spacy.load(model)(text)`` gives
what ``perf-facts extract`` gives for the same text.

Its config selects the cue policy and the tagging strategy by registered name
(pipeline/facts/composition.py, pipeline/tagging.py)::

    [components.perf_facts_composition.cue_policy]
    @misc = "perf_facts.cue_policy.v1"
    name = "cues_first"

    [components.perf_facts_composition.tagger_gate]
    @misc = "perf_facts.tagger_gate.v1"
    where = "gaps"

On a Doc it reads the text as a .txt report (``read_text_document``) and runs
``process_document`` with the pipeline it belongs to, exactly as the command
line does: the tagger per paragraph, gated, then the fact assembler. The
tagging leaves this component out (``pipeline.tagging``), so it never runs on
a paragraph. It writes (extensions: pipeline/extensions.py)

* ``doc._.facts``, ``doc._.flags``, ``doc._.summary``: the rows of the facts
  and flags tables and the document's row, as dicts;
* ``doc.spans["perf_facts"]``: the entities table, each quantity a fact holds
  with its ``span._.role`` (a token an entity begins or ends inside is split).

``doc.ents`` stays what the components before it found in the text as one
piece. The command line's ``--cues`` and ``--tagger`` override the config.
"""

from __future__ import annotations

from dataclasses import asdict
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.bounds import bound_result
from pipeline.extensions import DEFAULT_DOC_NAME, SPAN_GROUP
from pipeline.facts import process_document
from pipeline.facts.composition import (
    DEFAULT_CUES,
    DEFAULT_TAGGER,
    CuePolicy,
    cue_policies,
    name_in,
)
from pipeline.ingest import read_text_document
from pipeline.schema import DocumentResult
from pipeline.settings import COMPONENT, CompositionSettings
from pipeline.tagging import TaggingStrategy, tagging_strategies


class Composition:
    """The composition of the pipeline ``nlp`` (``settings``, read by
    ``process_document``) and, called on a Doc, its facts."""

    def __init__(
        self, nlp: Language, name: str, cue_policy: CuePolicy, tagger_gate: TaggingStrategy
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.settings = CompositionSettings(
            name_in(cue_policies, cue_policy), name_in(tagging_strategies, tagger_gate)
        )

    def __call__(self, doc: Doc) -> Doc:
        document = read_text_document(doc.text, doc._.doc_name or DEFAULT_DOC_NAME)
        # bounded as the command line's output is (sentences clipped, floats finite)
        write_result(doc, bound_result(process_document(self.nlp, document)))
        return doc


def write_result(doc: Doc, result: DocumentResult) -> None:
    """Put ``result`` (offsets into ``doc.text``) on ``doc`` as plain data."""
    doc._.facts = [asdict(f) for f in result.facts]
    doc._.flags = [asdict(f) for f in result.flags]
    doc._.summary = asdict(result.document)
    roles = {(f.start, f.end): f.role for f in result.facts}
    split_tokens_at(doc, {o for e in result.entities for o in (e.start, e.end)})
    spans: list[Span] = []
    for entity in result.entities:
        span = doc.char_span(entity.start, entity.end, entity.label)
        span._.role = roles.get((entity.start, entity.end))
        spans.append(span)
    doc.spans[SPAN_GROUP] = spans


def split_tokens_at(doc: Doc, offsets: set[int]) -> None:
    """Split every token that one of the character ``offsets`` falls inside, so
    that each entity is a span of whole tokens. (The text as one piece is not
    always tokenized as its paragraphs are, and a cue word's indicator name
    can begin inside a dictionary word: 4 of 437 entities of the sample.)"""
    with doc.retokenize() as retokenizer:
        for token in doc:
            end = token.idx + len(token.text)
            cuts = sorted(o - token.idx for o in offsets if token.idx < o < end)
            if cuts:
                bounds = [0, *cuts, len(token.text)]
                orths = [token.text[a:b] for a, b in pairwise(bounds)]
                # no parse to keep: each piece heads itself
                retokenizer.split(token, orths, heads=[(token, i) for i in range(len(orths))])


@Language.factory(
    COMPONENT,
    default_config={
        "cue_policy": {"@misc": "perf_facts.cue_policy.v1", "name": DEFAULT_CUES},
        "tagger_gate": {"@misc": "perf_facts.tagger_gate.v1", "where": DEFAULT_TAGGER},
    },
)
def make_composition(
    nlp: Language, name: str, cue_policy: CuePolicy, tagger_gate: TaggingStrategy
) -> Composition:
    return Composition(nlp, name, cue_policy, tagger_gate)
