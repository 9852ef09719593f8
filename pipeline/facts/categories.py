"""Give every fact with an indicator its category in the national indicator
framework (二级: 数量指标, 质量指标, … 服务对象满意度指标).

A category the table states (category_path) wins with confidence 1.0; else
the shipped taxonomy classifier predicts one with its probability, so users
can filter on ``category_confidence`` (running-text budget items such as
年末结转结余 are not performance indicators and get low-value guesses).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.schema import FactRow
from pipeline.taxonomy import classify, normalize_level2


def categorised(facts: list[FactRow]) -> list[FactRow]:
    """``facts`` with the category of each named indicator: the one the table
    states, else the classifier's guess."""
    named = [i for i, f in enumerate(facts) if f.indicator]
    if not named:
        return list(facts)
    try:
        predicted = classify([facts[i].indicator or "" for i in named])
    except FileNotFoundError:  # no shipped taxonomy model: leave categories empty
        predicted = [("", "", 0.0)] * len(named)
    out = list(facts)
    for i, (_, level2, confidence) in zip(named, predicted, strict=True):
        fact = facts[i]
        stated = normalize_level2(fact.category_path.split("›")[-1]) if fact.category_path else None
        if stated:
            out[i] = replace(fact, category=stated, category_confidence=1.0)
        elif level2:
            out[i] = replace(fact, category=level2, category_confidence=confidence)
    return out
