"""Word segmenters for free (non-number) text: jieba, spacy-pkuseg, characters."""

from __future__ import annotations

import os
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol


class Segmenter(str, Enum):
    jieba = "jieba"
    pkuseg = "pkuseg"
    char = "char"

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class Segment(Protocol):
    def __call__(self, text: str) -> list[str]: ...


def domain_dict_path() -> Path:
    return Path(str(resources.files("pipeline.resources") / "domain_dict.txt"))


@lru_cache(maxsize=4)
def _jieba_tokenizer(user_dict: str | None):
    # A private jieba.Tokenizer per dictionary: the user dictionary is not part
    # of spaCy's serialisation, so every process (workers included) builds it
    # here when the pipeline is loaded, and the global jieba stays untouched.
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    if user_dict:
        tok.load_userdict(user_dict)
    return tok


# Chunks whose segmentation is kept (a few MiB). 10,000 keeps the chunks that
# recur (headings, set phrases, units between numbers) and the cache's speed-up
# (×1.12 on varied documents) while a worker's memory stays flat; 50,000 let it
# grow for ~2,000 documents. PERF_FACTS_CUT_CACHE=0 turns the cache off
# (benchmarks/throughput.py --no-cut-cache).
CUT_CACHE_SIZE = int(os.environ.get("PERF_FACTS_CUT_CACHE", "10000"))


class JiebaSegmenter:
    def __init__(self, user_dict: str | None = None, hmm: bool = False) -> None:
        self.user_dict = user_dict
        self.hmm = hmm
        self._tok = _jieba_tokenizer(user_dict)
        # Reports repeat the same stretches of text (headings, table labels,
        # set phrases) within and across documents: a third of the chunks of a
        # sample report occur earlier in the same report. jieba is
        # deterministic, so a bounded cache returns exactly what it would.
        self._cached = lru_cache(maxsize=CUT_CACHE_SIZE)(self._cut)

    def _cut(self, text: str) -> tuple[str, ...]:
        return tuple(w for w in self._tok.cut(text, HMM=self.hmm) if w)

    def __call__(self, text: str) -> list[str]:
        return list(self._cached(text))

    def __getstate__(self) -> dict:  # the cache and the jieba tokenizer are rebuilt
        return {"user_dict": self.user_dict, "hmm": self.hmm}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["user_dict"], hmm=state["hmm"])


class PkusegSegmenter:
    """spacy-pkuseg with a model directory trained on our corpus.

    The pkuseg default models are downloaded from the internet, which we do
    not do at run time, so a local model directory is required.
    """

    def __init__(self, model_dir: str | Path, user_dict: str | None = None) -> None:
        import spacy_pkuseg

        model_dir = Path(model_dir)
        if not (model_dir / "features.msgpack").exists():
            raise FileNotFoundError(
                f"pkuseg model directory {model_dir} has no features.msgpack; "
                "train one with `spacy_pkuseg.train` (see the model card)"
            )
        words = user_dict if user_dict else "default"
        self.model_dir = model_dir
        self._seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=words)

    def __call__(self, text: str) -> list[str]:
        # pkuseg drops whitespace; put it back as words of its own so the words
        # still concatenate to the text (spaCy refuses them otherwise, E194).
        words: list[str] = []
        pos = 0
        for w in self._seg.cut(text):
            if not w:
                continue
            start = text.find(w, pos)
            if start < 0:  # pkuseg changed the characters: fall back to characters
                return list(text)
            if start > pos:
                words.append(text[pos:start])
            words.append(w)
            pos = start + len(w)
        if pos < len(text):
            words.append(text[pos:])
        return words


class CharSegmenter:
    def __call__(self, text: str) -> list[str]:
        return list(text)
