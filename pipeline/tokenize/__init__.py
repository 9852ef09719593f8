"""Chinese tokenization for performance reports."""

from __future__ import annotations

import spacy
from spacy.language import Language

from pipeline.tokenize.segmenters import Segmenter
from pipeline.tokenize.tokenizer import PerfFactsTokenizer, create_tokenizer


def make_nlp(
    segmenter: Segmenter | str = Segmenter.jieba,
    *,
    use_domain_dict: bool = True,
    hmm: bool = False,
    pkuseg_model: str | None = None,
) -> Language:
    """A blank ``zh`` pipeline with the project tokenizer."""
    value = segmenter.value if isinstance(segmenter, Segmenter) else segmenter
    return spacy.blank(
        "zh",
        config={
            "nlp": {
                "tokenizer": {
                    "@tokenizers": "perf_facts.tokenizer.v1",
                    "segmenter": value,
                    "use_domain_dict": use_domain_dict,
                    "hmm": hmm,
                    "pkuseg_model": pkuseg_model,
                }
            }
        },
    )


__all__ = ["PerfFactsTokenizer", "Segmenter", "create_tokenizer", "make_nlp"]
