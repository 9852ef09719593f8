"""No import cycles among the modules of pipeline/ (imports inside functions
count too: a cycle hidden behind a lazy import is still a cycle)."""

from __future__ import annotations

from tests.structure.code_shape import cycles, import_graph


def test_the_graph_sees_imports():
    graph = import_graph()
    assert "pipeline.commands.app" in graph["pipeline.commands.extract"]
    assert "pipeline.facts" in graph["pipeline.predict"]  # a lazy import inside a function
    # importing pipeline.annotations.records runs pipeline/annotations/__init__ first
    assert "pipeline.annotations" in graph["pipeline.predict"]
    # ...but a module's own package is already being imported
    assert "pipeline.facts" not in graph["pipeline.facts.gaps"]


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles_in_pipeline():
    assert cycles(import_graph()) == []
