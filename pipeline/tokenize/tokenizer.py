"""The project tokenizer: number-aware pre-splitting plus a word segmenter.

Registered as ``perf_facts.tokenizer.v1`` so the segmenter choice lives in the
pipeline config (``[nlp.tokenizer] segmenter = "jieba"``) and is restored by
``spacy.load``. Like spaCy's own ``zh`` tokenizer, the pkuseg model is
serialised with the pipeline; the jieba dictionary is a package resource and is
loaded again in every process.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import srsly
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces, registry
from spacy.vocab import Vocab

from pipeline.ingest.normalise import normalise
from pipeline.tokenize.doctext import remember_text
from pipeline.tokenize.numbers import split_protected
from pipeline.tokenize.segmenters import (
    CharSegmenter,
    JiebaSegmenter,
    PkusegSegmenter,
    Segment,
    Segmenter,
    domain_dict_path,
)

# str.isspace() and re's \s agree on every character (both Py_UNICODE_ISSPACE).
_WHITESPACE = re.compile(r"\s")


def _words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """``spacy.util.get_words_and_spaces`` for words that concatenate to ``text``.

    The same alignment, step for step, but searching ``text`` from the current
    position instead of copying its remainder for every word (quadratic in the
    paragraph length) and without the whitespace check, which holds trivially
    here. Anything else goes to spaCy's function."""
    if "".join(words) != text:
        return get_words_and_spaces(words, text)
    if _WHITESPACE.search(text) is None:
        # No word is whitespace and none is followed by a space: the words as
        # they are, as the loop below would give them (most paragraphs).
        return list(words), [False] * len(words)
    text_words: list[str] = []
    text_spaces: list[bool] = []
    text_pos = 0
    n = len(text)
    for word in words:
        if word.isspace():
            continue
        word_start = text.index(word, text_pos)
        if word_start > text_pos:
            text_words.append(text[text_pos:word_start])
            text_spaces.append(False)
            text_pos = word_start
        text_words.append(word)
        text_pos += len(word)
        if text_pos < n and text[text_pos] == " ":
            text_spaces.append(True)
            text_pos += 1
        else:
            text_spaces.append(False)
    if text_pos < n:
        text_words.append(text[text_pos:])
        text_spaces.append(False)
    return text_words, text_spaces


class PerfFactsTokenizer(DummyTokenizer):
    def __init__(
        self,
        vocab: Vocab,
        segmenter: Segmenter | str = Segmenter.jieba,
        use_domain_dict: bool = True,
        hmm: bool = False,
        pkuseg_model: str | None = None,
    ) -> None:
        self.vocab = vocab
        value = segmenter.value if isinstance(segmenter, Segmenter) else str(segmenter)
        if value not in Segmenter.values():
            raise ValueError(
                f"unknown segmenter {value!r}; choose one of {', '.join(Segmenter.values())}"
            )
        self.segmenter = value
        self.use_domain_dict = use_domain_dict
        self.hmm = hmm
        self.pkuseg_model = pkuseg_model
        self._segment: Segment = self._build()

    def _build(self) -> Segment:
        user_dict = str(domain_dict_path()) if self.use_domain_dict else None
        if self.segmenter == Segmenter.jieba:
            return JiebaSegmenter(user_dict, hmm=self.hmm)
        if self.segmenter == Segmenter.pkuseg:
            if not self.pkuseg_model:
                raise ValueError("segmenter 'pkuseg' needs pkuseg_model (a model directory)")
            return PkusegSegmenter(self.pkuseg_model)
        return CharSegmenter()

    def words(self, text: str) -> list[str]:
        """Segment ``text`` into words whose concatenation is ``text``."""
        norm = normalise(text)
        words: list[str] = []
        same = norm is text  # nothing normalised: the segmenter's words are text's
        for start, end, protected in split_protected(norm):
            if protected:
                words.append(text[start:end])
                continue
            if same:
                words.extend(self._segment(text[start:end]))
                continue
            pos = start
            for w in self._segment(norm[start:end]):
                # Segmenters see the normalised text; slice the original so
                # the Doc text is the input text, character for character.
                words.append(text[pos : pos + len(w)])
                pos += len(w)
        return words

    def __call__(self, text: str) -> Doc:
        words, spaces = _words_and_spaces(self.words(text), text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        remember_text(doc, text)
        return doc

    # serialisation: the config carries the settings; a pkuseg model directory
    # is copied into the pipeline so a saved model is self-contained.
    def _cfg(self) -> dict[str, Any]:
        return {
            "segmenter": self.segmenter,
            "use_domain_dict": self.use_domain_dict,
            "hmm": self.hmm,
        }

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._cfg())
        if self.segmenter == Segmenter.pkuseg and self.pkuseg_model:
            target = path / "pkuseg_model"
            if Path(self.pkuseg_model).resolve() != target.resolve():
                shutil.copytree(self.pkuseg_model, target, dirs_exist_ok=True)

    def from_disk(self, path: str | Path, **kwargs: Any) -> PerfFactsTokenizer:
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        self.segmenter = cfg["segmenter"]
        self.use_domain_dict = cfg["use_domain_dict"]
        self.hmm = cfg["hmm"]
        if (path / "pkuseg_model").exists():
            self.pkuseg_model = str(path / "pkuseg_model")
        self._segment = self._build()
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        if self.segmenter == Segmenter.pkuseg:
            raise NotImplementedError("a pkuseg tokenizer serialises to disk only")
        return srsly.json_dumps(self._cfg()).encode("utf-8")

    def from_bytes(self, data: bytes, **kwargs: Any) -> PerfFactsTokenizer:
        cfg = srsly.json_loads(data)
        self.segmenter, self.use_domain_dict, self.hmm = (
            cfg["segmenter"],
            cfg["use_domain_dict"],
            cfg["hmm"],
        )
        self._segment = self._build()
        return self


@registry.tokenizers("perf_facts.tokenizer.v1")
def create_tokenizer(
    segmenter: str = "jieba",
    use_domain_dict: bool = True,
    hmm: bool = False,
    pkuseg_model: str | None = None,
):
    def make(nlp) -> PerfFactsTokenizer:
        return PerfFactsTokenizer(
            nlp.vocab,
            segmenter=segmenter,
            use_domain_dict=use_domain_dict,
            hmm=hmm,
            pkuseg_model=pkuseg_model,
        )

    return make
