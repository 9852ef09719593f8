"""Word segmenters for free (non-number) text: jieba, spacy-pkuseg, characters."""

from __future__ import annotations

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


class JiebaSegmenter:
    def __init__(self, user_dict: str | None = None, hmm: bool = False) -> None:
        self.user_dict = user_dict
        self.hmm = hmm
        self._tok = _jieba_tokenizer(user_dict)

    def __call__(self, text: str) -> list[str]:
        return [w for w in self._tok.cut(text, HMM=self.hmm) if w]


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
        return [w for w in self._seg.cut(text) if w]


class CharSegmenter:
    def __call__(self, text: str) -> list[str]:
        return list(text)
