"""Hypothesis settings of the fuzz suite: bounded examples (the suite stays well
under 3 minutes), no per-example deadline (a busy CI machine is slow, not
wrong; ``worker.document_deadline`` guards hangs), derandomized so CI sees the
same examples every run."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}
CHEAP = settings(max_examples=100, **_COMMON)  # ingestion of small inputs
COSTLY = settings(max_examples=40, **_COMMON)  # the whole per-document job
