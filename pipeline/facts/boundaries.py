"""A learned boundary corrector for predicted INDICATOR spans.

For a predicted span in its paragraph, each edge may move a few characters
in (dropping a leading year, a scope word, a verb) or out (taking back a
cut-off head noun), never across a clause or cell break and never into
another predicted span. Every candidate edge is described by the characters
and jieba words on both sides of it and by what the move adds or drops
(a year, a scope word, a verb of the guide's lists, a digit, punctuation:
docs/annotation-guide.md R1-R3, R11, R26, R33); a logistic regression learnt
from predictions paired with gold says how likely each candidate is the gold
edge. The start and the end are chosen independently. An edge moves only
when its best candidate is likelier than the edge as predicted and at least
``threshold`` likely; ``fit`` picks the threshold by cross-validation over
documents, and keeps every span as it is when no threshold helps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline.annotations.records import Record, Span
from pipeline.resources.vocabulary import CLAUSE_BREAKS

WINDOW = 6  # characters an edge may move either way
NEVER = 1.01  # a threshold no probability reaches: every span is kept
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, NEVER)
WORDS_FILE = "boundary_words.tsv"
_STOPS = set(CLAUSE_BREAKS) | set("|\t")  # no edge moves across these
_YEAR = re.compile(r"(?:19|20)\d\d\s*年度?|\d{1,2}\s*月份?|[上下]半年")
_DIGIT = re.compile(r"[\d０-９一二三四五六七八九十百千万亿两零〇]")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_PUNCT = re.compile(r"[^\w\s]")


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """The classes of resources/boundary_words.tsv: class → words."""
    text = (resources.files("pipeline.resources") / WORDS_FILE).read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, word = line.split("\t")
            out.setdefault(name, set()).add(word)
    return {name: frozenset(words) for name, words in out.items()}


@lru_cache(maxsize=1)
def _segment():
    from pipeline.tokenize.segmenters import JiebaSegmenter, domain_dict_path

    return JiebaSegmenter(str(domain_dict_path()))


def word_edges(text: str) -> tuple[list[int], dict[int, str], dict[int, str]]:
    """jieba's word boundaries in ``text``, the word ending at each and the one
    starting at each."""
    edges, ending, starting, pos = [0], {}, {}, 0
    for word in _segment()(text):
        starting[pos] = word
        pos += len(word)
        ending[pos] = word
        edges.append(pos)
    return edges, ending, starting


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph with its word boundaries and the spans an edge may not enter."""

    text: str
    edges: frozenset[int]
    ending: dict[int, str]
    starting: dict[int, str]
    blocked: tuple[tuple[int, int], ...]
    table: bool

    @classmethod
    def of(cls, text: str, blocked: Iterable[tuple[int, int]] = ()) -> Paragraph:
        edges, ending, starting = word_edges(text)
        table = "|" in text or "\t" in text
        return cls(text, frozenset(edges), ending, starting, tuple(blocked), table)


def edge_candidates(par: Paragraph, start: int, end: int, side: str) -> list[int]:
    """Positions the ``side`` ("start"/"end") edge of [start, end) may move to."""
    text, own = par.text, start if side == "start" else end
    out = [own]
    for step in (-1, 1):
        for pos in range(own + step, own + step * (WINDOW + 1), step):
            if not 0 <= pos <= len(text):
                break
            lo, hi = min(pos, own), max(pos, own)
            if any(ch in _STOPS for ch in text[lo:hi]):
                break
            if any(a < hi and lo < b for a, b in par.blocked):
                break
            new = (pos, end) if side == "start" else (start, pos)
            if new[1] - new[0] < 2:
                break
            if not text[new[0]].isspace() and not text[new[1] - 1].isspace():
                out.append(pos)
    return out


def _kind(ch: str) -> str:
    if not ch:
        return "edge"
    if ch in _STOPS:
        return "stop"
    if _DIGIT.match(ch):
        return "digit"
    if ch.isspace():
        return "space"
    if _PUNCT.match(ch):
        return "punct"
    return "han" if _HAN.match(ch) else "other"


def _moved_features(moved: str, how: str) -> dict[str, float]:
    """What an edge move adds to or drops from the span."""
    f = {f"{how}": 1.0, f"{how}_len={min(len(moved), WINDOW)}": 1.0}
    if len(moved) <= 4:
        f[f"{how}_text={moved}"] = 1.0
    if _YEAR.fullmatch(moved.strip()) or _YEAR.match(moved):
        f[f"{how}_year"] = 1.0
    for name, words in word_classes().items():
        if moved in words:
            f[f"{how}_is_{name}"] = 1.0
        elif any(moved.startswith(w) for w in words):
            f[f"{how}_starts_{name}"] = 1.0
        elif any(moved.endswith(w) for w in words):
            f[f"{how}_ends_{name}"] = 1.0
    for kind in {_kind(ch) for ch in moved}:
        f[f"{how}_has_{kind}"] = 1.0
    return f


def edge_features(par: Paragraph, start: int, end: int, side: str, pos: int) -> dict[str, float]:
    """Features of moving the ``side`` edge of [start, end) to ``pos``."""
    text, own = par.text, start if side == "start" else end
    outside = text[pos - 1 : pos] if side == "start" else text[pos : pos + 1]
    inside = text[pos : pos + 1] if side == "start" else text[pos - 1 : pos]
    out2 = text[max(0, pos - 2) : pos] if side == "start" else text[pos : pos + 2]
    in2 = text[pos : pos + 2] if side == "start" else text[max(0, pos - 2) : pos]
    f = {
        "bias": 1.0,
        f"out={outside}": 1.0,
        f"in={inside}": 1.0,
        f"out2={out2}": 1.0,
        f"in2={in2}": 1.0,
        f"out_kind={_kind(outside)}": 1.0,
        f"in_kind={_kind(inside)}": 1.0,
        f"table={par.table}": 1.0,
        f"len={min((end if side == 'start' else pos) - (pos if side == 'start' else start), 20)}": 1.0,
    }
    if pos in par.edges:
        f["word_edge"] = 1.0
        f[
            f"word_out={par.ending.get(pos, '') if side == 'start' else par.starting.get(pos, '')}"
        ] = 1.0
        f[
            f"word_in={par.starting.get(pos, '') if side == 'start' else par.ending.get(pos, '')}"
        ] = 1.0
    if pos == own:
        f["kept"] = 1.0
    else:
        grows = (pos < own) == (side == "start")
        moved = text[min(pos, own) : max(pos, own)]
        f.update(_moved_features(moved, "add" if grows else "drop"))
    return {f"{side}:{k}": v for k, v in f.items()}


# ------------------------------------------------------------------ learning


@dataclass(frozen=True, slots=True)
class SpanExample:
    """A predicted span, in its paragraph, and the gold span it overlaps most."""

    doc: str
    par: Paragraph
    start: int
    end: int
    gold_start: int
    gold_end: int


@dataclass(frozen=True, slots=True)
class _Row:
    example: int  # index into the examples
    side: str
    pos: int
    features: dict[str, float]
    gold: bool


def _rows(examples: Sequence[SpanExample]) -> list[_Row]:
    out = []
    for i, ex in enumerate(examples):
        for side, gold in (("start", ex.gold_start), ("end", ex.gold_end)):
            for pos in edge_candidates(ex.par, ex.start, ex.end, side):
                feats = edge_features(ex.par, ex.start, ex.end, side, pos)
                out.append(_Row(i, side, pos, feats, pos == gold))
    return out


def _choose(rows: Sequence[_Row], probs: Sequence[float], threshold: float) -> dict:
    """(example, side) → the chosen position; rows of one edge come together,
    the edge as predicted first."""
    chosen: dict[tuple[int, str], int] = {}
    best: dict[tuple[int, str], float] = {}
    for row, p in zip(rows, probs, strict=True):
        key = (row.example, row.side)
        if key not in chosen:  # the edge as predicted
            chosen[key], best[key] = row.pos, max(p, threshold - 1e-9)
        elif p > best[key]:
            chosen[key], best[key] = row.pos, p
    return chosen


def _exact(examples: Sequence[SpanExample], chosen: dict) -> int:
    """How many spans the chosen edges make equal to their gold."""
    hits = 0
    for i, ex in enumerate(examples):
        start, end = chosen.get((i, "start"), ex.start), chosen.get((i, "end"), ex.end)
        if end - start < 2:
            start, end = ex.start, ex.end
        hits += (start, end) == (ex.gold_start, ex.gold_end)
    return hits


class BoundaryCorrector:
    """Moves the edges of INDICATOR spans the way the gold of its training data does."""

    def __init__(self, threshold: float | None = None, c: float = 1.0, folds: int = 5) -> None:
        self.threshold = threshold  # None: chosen by cross-validation in fit
        self.c, self.folds = c, folds
        self.cv_hits: dict[float, int] = {}  # threshold → exact spans over the folds
        self._vectorizer = None
        self._model = None

    def _fit_model(self, rows: Sequence[_Row]):
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = DictVectorizer()
        x = vectorizer.fit_transform([r.features for r in rows])
        model = LogisticRegression(C=self.c, max_iter=2000)
        model.fit(x, [r.gold for r in rows])
        return vectorizer, model

    def _cv_threshold(self, examples: Sequence[SpanExample], rows: Sequence[_Row]) -> float:
        from sklearn.model_selection import GroupKFold

        docs = sorted({ex.doc for ex in examples})
        folds = GroupKFold(n_splits=min(self.folds, len(docs)))
        groups = [examples[r.example].doc for r in rows]
        probs = [0.0] * len(rows)
        for train, held in folds.split(rows, groups=groups):
            vectorizer, model = self._fit_model([rows[i] for i in train])
            x = vectorizer.transform([rows[i].features for i in held])
            for i, p in zip(held, model.predict_proba(x)[:, 1], strict=True):
                probs[i] = p
        self.cv_hits = {t: _exact(examples, _choose(rows, probs, t)) for t in THRESHOLDS}
        # the most conservative threshold among the best (NEVER is last)
        return max(THRESHOLDS, key=lambda t: (self.cv_hits[t], t))

    def fit(self, examples: Sequence[SpanExample]) -> BoundaryCorrector:
        rows = _rows(examples)
        if self.threshold is None:
            self.threshold = self._cv_threshold(examples, rows)
        self._vectorizer, self._model = self._fit_model(rows)
        return self

    def correct(self, par: Paragraph, start: int, end: int) -> tuple[int, int]:
        """The corrected [start, end) of a span of ``par``."""
        if self._model is None or self.threshold is None:
            raise RuntimeError("BoundaryCorrector.correct before fit")
        example = SpanExample("", par, start, end, -1, -1)
        rows = _rows([example])
        probs = self._model.predict_proba(self._vectorizer.transform([r.features for r in rows]))
        chosen = _choose(rows, probs[:, 1], self.threshold)
        new = (chosen[(0, "start")], chosen[(0, "end")])
        return new if new[1] - new[0] >= 2 else (start, end)

    def save(self, path: str | Path) -> Path:
        import joblib

        joblib.dump(self, path, compress=3)
        return Path(path)

    @classmethod
    def load(cls, path: str | Path) -> BoundaryCorrector:
        import joblib

        corrector = joblib.load(path)
        if not isinstance(corrector, cls):
            raise TypeError(f"{path}: not a BoundaryCorrector")
        return corrector


# ------------------------------------------------------------------ records


def _paragraphs(record: Record, label: str) -> Iterable[tuple[Span, Paragraph]]:
    """Each ``label`` span of ``record`` with its paragraph, the other spans blocked."""
    targets = [s for s in record.spans if s.label == label]
    if not targets:
        return
    base = Paragraph.of(record.text)
    for span in targets:
        blocked = tuple((s.start, s.end) for s in record.spans if s is not span)
        yield span, replace(base, blocked=blocked)


def training_examples(
    gold: Iterable[Record], pred: Iterable[Record], label: str = "INDICATOR"
) -> list[SpanExample]:
    """Predicted ``label`` spans paired with the gold ``label`` span each overlaps
    most (by absolute offsets); predicted spans overlapping no gold are left out."""
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for r in gold:
        for s in r.spans:
            if s.label == label:
                by_doc.setdefault(r.doc, []).append(
                    (r.meta.offset + s.start, r.meta.offset + s.end)
                )
    out = []
    for r in pred:
        for span, par in _paragraphs(r, label):
            a, b = r.meta.offset + span.start, r.meta.offset + span.end
            overlaps = [(min(b, e) - max(a, s), s, e) for s, e in by_doc.get(r.doc, ())]
            overlaps = [o for o in overlaps if o[0] > 0]
            if not overlaps:
                continue
            _, s, e = max(overlaps)
            s, e = s - r.meta.offset, e - r.meta.offset
            if 0 <= s < e <= len(r.text):
                out.append(SpanExample(r.doc, par, span.start, span.end, s, e))
    return out


def correct_records(
    records: Iterable[Record], corrector: BoundaryCorrector, label: str = "INDICATOR"
) -> list[Record]:
    """Copies of ``records`` with the edges of their ``label`` spans corrected
    (span ids, and so relations, unchanged)."""
    out = []
    for r in records:
        moved = {}
        for span, par in _paragraphs(r, label):
            start, end = corrector.correct(par, span.start, span.end)
            if (start, end) != (span.start, span.end):
                moved[span.id] = replace(span, start=start, end=end, text=r.text[start:end])
        spans = [moved.get(s.id, s) for s in r.spans]
        out.append(Record(r.id, r.text, r.meta, spans, list(r.relations), dict(r.extra)))
    return out
