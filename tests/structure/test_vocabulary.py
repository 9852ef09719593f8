"""Each vocabulary item is defined once, in pipeline/resources/vocabulary.py,
and the modules that use it read that definition."""

from __future__ import annotations

import re

import pytest

import pipeline.annotations.records as annotation_records
from pipeline.facts import achievements, cues, linking, roles, tables, text_facts
from pipeline.resources import vocabulary
from tests.structure.code_shape import PIPELINE


@pytest.mark.parametrize(
    ("module", "name"),
    [
        (text_facts, "QUANTITY_LABELS"),
        (annotation_records, "QUANTITY_LABELS"),
        (roles, "WEIGHT"),
        (roles, "TARGET"),
        (tables, "NUMBERING"),
        (cues, "NUMBERING"),
        (tables, "POINTS_SUFFIX"),
        (tables, "STATED_MONEY_UNITS"),
        (cues, "CLAUSE_BREAKS"),
        (linking, "CLAUSE_BREAKS"),
        (linking, "SENTENCE_BREAKS"),
        (achievements, "PHRASE_BREAKS"),
        (cues, "BUDGET_LINE_NAME"),
        (cues, "BUDGET_LINE_ENDING"),
    ],
)
def test_modules_read_the_one_definition(module, name):
    assert getattr(module, name) is getattr(vocabulary, name)


def test_break_patterns_are_built_from_the_break_characters():
    assert set(linking.CLAUSE_BREAK.pattern.strip("[]")) == set(vocabulary.CLAUSE_BREAKS)
    assert set(linking.SENTENCE_BREAK.pattern.strip("[]")) == set(vocabulary.SENTENCE_BREAKS)


def test_stated_money_units_come_from_the_units_file():
    assert vocabulary.STATED_MONEY_UNITS == tuple(vocabulary.load_units()["stated_money_units"])


# Spellings that only vocabulary.py may hold (as code, not in comments or docs).
_SPELLED_ONCE = [
    re.compile(r"""["']MONEY["'],\s*["']COUNT["'],\s*["']PERCENT["']"""),
    re.compile(r"""["']value["'],\s*["']target["'],\s*["']weight["']"""),
    re.compile(r"亿元\|万元|\"亿元\",\s*\"万元\""),
    re.compile(r"，,。；;"),
    re.compile(r"[(]\?:年初预算数\?\|全年预算数\?"),
    re.compile(r"\[一二三四五六七八九十\]\+?\\s\*\[、"),
]


def test_no_second_definition_in_pipeline():
    found = []
    for path in sorted(PIPELINE.rglob("*.py")):
        if path.name == "vocabulary.py" or "quantities" in path.parts:
            continue  # the quantity grammar has its own character classes
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if any(p.search(code) for p in _SPELLED_ONCE):
                found.append(f"{path.relative_to(PIPELINE.parent)}:{n}: {line.strip()}")
    assert not found, "vocabulary spelled outside resources/vocabulary.py:\n" + "\n".join(found)
