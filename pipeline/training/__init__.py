"""Train the NER of the perf-facts pipeline and assemble the shipped model.

See :mod:`pipeline.training.train` and ``models/README.md``.
"""

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
