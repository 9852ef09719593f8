"""Chinese tokenization for performance reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.tokenize.segmenters import Segmenter

if TYPE_CHECKING:
    from spacy.language import Language


def make_nlp(
    segmenter: Segmenter | str = Segmenter.jieba,
    *,
    use_domain_dict: bool = True,
    hmm: bool = False,
    pkuseg_model: str | None = None,
) -> Language:
    """A blank ``zh`` pipeline with the project tokenizer."""
    import spacy

    import pipeline.tokenize.tokenizer  # noqa: F401  (registers perf_facts.tokenizer.v1)
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


def __getattr__(name: str) -> Any:
    # spaCy loads only when the tokenizer is asked for, so that importing the
    # Segmenter enum (the CLI does) keeps `perf-facts --help` fast.
    if name in ("PerfFactsTokenizer", "create_tokenizer"):
        from pipeline.tokenize import tokenizer

        return getattr(tokenizer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["PerfFactsTokenizer", "Segmenter", "create_tokenizer", "make_nlp"]
