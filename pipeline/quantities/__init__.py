"""Rule-based recognition and normalisation of MONEY, COUNT and PERCENT quantities.

Public API::

    from pipeline.quantities import find_quantities, normalize_quantity, prefill_spans

    find_quantities("年末总资产 169.57 万元") -> [Quantity(start=6, end=15, label="MONEY", ...)]
    normalize_quantity("4.6 万人次", left="超 ") -> Normalized(value=4.6, unit="万人次",
                                                       normalized=46000.0, base_unit="人次",
                                                       qualifier=">")
    prefill_spans(text) -> guide-format span dicts (role "value"); alias ``prefill``

The spaCy component ``perf_facts_quantities`` is registered by importing
:mod:`pipeline.quantities.component` (done here).
"""

from . import component  # noqa: F401  (registers the spaCy factory)
from .normalize import Normalized, normalize_quantity, read_qualifier
from .numerals import parse_number
from .prefill import prefill_record, prefill_spans
from .recognize import Quantity, find_quantities

prefill = prefill_spans  # the name pipeline.annotations.labelstudio looks for

__all__ = [
    "Normalized",
    "Quantity",
    "find_quantities",
    "normalize_quantity",
    "parse_number",
    "prefill",
    "prefill_record",
    "prefill_spans",
    "read_qualifier",
]
