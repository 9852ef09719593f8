"""Train the NER of the perf-facts pipeline and assemble the shipped model.

See :mod:`pipeline.training.train` and ``models/README.md``.
"""

from pipeline.training import spans as _spans  # noqa: F401  (registers perf_facts_spans_to_ents)
from pipeline.training.train import (
    DEFAULT_CONFIG,
    DEFAULT_OUTPUT,
    HYBRID_LABELS,
    TrainResult,
    assemble,
    filter_labels,
    train_ner,
    train_pipeline,
)

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_OUTPUT",
    "HYBRID_LABELS",
    "TrainResult",
    "assemble",
    "filter_labels",
    "train_ner",
    "train_pipeline",
]
