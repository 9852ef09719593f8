"""Help text that reads like a command's, not like Python.

Typer (0.2x) prints each parameter's Python annotation beside its help
(``<list[str]>``, ``<bool>``, ``<path>``). ``plain_type_names`` makes it print
click's names instead (TEXT, INTEGER, FLOAT, PATH, ``[a|b]`` for choices) and
nothing for flags. Typer releases without ``display_type_rich`` print click's
names already and are left as they are."""

from __future__ import annotations

import typer.core

_PATCHED = "_perf_facts_plain_types"
_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "path": "PATH", "bool": "BOOLEAN"}


def plain_type(label: str | None) -> str | None:
    """``<list[str]>`` → TEXT, ``<int>`` → INTEGER, ``<a|b>`` → [a|b]."""
    if not label:
        return label
    inner = label.removesuffix("...").strip("<>")
    if inner.startswith("list[") and inner.endswith("]"):
        inner = inner[len("list[") : -1]
    if "|" in inner:
        return f"[{inner}]"
    return _NAMES.get(inner, inner.upper())


def _patch(cls) -> None:
    typer_label = cls.display_type_rich

    def display_type_rich(self, ctx) -> str | None:
        if getattr(self, "is_flag", False) or getattr(self, "count", False):
            return None  # a flag takes no value
        if getattr(self, "metavar", None):
            return self.metavar
        return plain_type(typer_label(self, ctx))

    cls.display_type_rich = display_type_rich
    setattr(cls, _PATCHED, True)


def plain_type_names() -> None:
    """Patch Typer's parameter classes once (idempotent)."""
    for name in ("TyperArgument", "TyperOption"):
        cls = getattr(typer.core, name, None)
        if cls is not None and hasattr(cls, "display_type_rich") and not hasattr(cls, _PATCHED):
            _patch(cls)
