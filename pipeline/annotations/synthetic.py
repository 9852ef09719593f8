"""Synthetic 绩效自评表 documents with gold labels by construction.

``generate`` draws a table per document from the indicator catalogue
(``synth_table``), renders it in one textual layout (``synth_layouts``) and
turns the rendered lines into the text file and its guide records: one record
per non-empty line, trimmed (R31), spans where the labelled pieces landed, a
MEASURES relation from each quantity to its row's INDICATOR when both are in
the record. ``write_corpus`` writes ``texts/<doc>.txt``, ``synthetic.jsonl`` and,
on request, the table as .docx/.xlsx/.html/.pdf under ``files/``.

The same seed gives the same documents, byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.annotations.catalogue import Indicator, by_sector
from pipeline.annotations.records import Meta, Record, Relation, Span, dump_records
from pipeline.annotations.synth_files import FILE_FORMATS, WRITERS, NoCJKFont
from pipeline.annotations.synth_layouts import LAYOUTS, Line
from pipeline.annotations.synth_table import Table, TableBuilder

TEXT_FORMAT = "txt"
FORMATS: tuple[str, ...] = (TEXT_FORMAT, *FILE_FORMATS)
PLACE_HEADS = "云禾澄青松桐岚溪枫汀"
PLACE_TAILS = "川源阳宁丰岭浦安"


@dataclass(slots=True)
class SynthDoc:
    doc: str
    sector: str
    layout: str
    text: str
    records: list[Record]
    table: Table = field(repr=False)


def lines_to_records(
    lines: Sequence[Line], doc: str, meta: dict[str, object]
) -> tuple[str, list[Record]]:
    """The document text (lines joined by newlines) and one record per non-empty line."""
    texts: list[str] = []
    records: list[Record] = []
    offset = 0
    for line in lines:
        line_text = "".join(p.text for p in line)
        stripped = line_text.strip()
        if stripped:
            lead = len(line_text) - len(line_text.lstrip())
            records.append(_record(line, doc, len(records), offset + lead, lead, stripped, meta))
        texts.append(line_text)
        offset += len(line_text) + 1
    return "\n".join(texts) + "\n", records


def _record(
    line: Line, doc: str, n: int, offset: int, lead: int, text: str, meta: dict[str, object]
) -> Record:
    spans: list[Span] = []
    names: dict[int, str] = {}
    quantities: list[tuple[str, int | None]] = []
    pos = -lead
    for p in line:
        if p.label is not None:
            if p.text != p.text.strip():
                raise AssertionError(f"span with edge whitespace: {p.text!r}")
            sid = f"s{len(spans) + 1}"
            spans.append(Span(sid, pos, pos + len(p.text), p.label, p.text, p.role))
            if p.name and p.row is not None:
                names[p.row] = sid
            elif p.role is not None:
                quantities.append((sid, p.row))
        pos += len(p.text)
    relations = [Relation(sid, names[row], "MEASURES") for sid, row in quantities if row in names]
    return Record(
        id=f"{doc}#p{n:04d}",
        text=text,
        meta=Meta(doc=doc, offset=offset, source=f"{doc}.txt", extra=dict(meta)),
        spans=spans,
        relations=relations,
    )


def place_name(rng: random.Random) -> str:
    return rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS) + rng.choice(("县", "区", "市"))


def render_document(
    indicators: list[Indicator],
    *,
    doc: str,
    sector: str,
    layout: str,
    split: str,
    rng: random.Random,
) -> SynthDoc:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    builder = TableBuilder(rng, indicators, place_name(rng), rng.choice((2022, 2023, 2024)))
    table = builder.build(
        rows=rng.randint(16, 24),
        units_in_cells=rng.random() < 0.25,
        unit_column=rng.random() < 0.08,
    )
    lines = LAYOUTS[layout](table, rng)
    meta = {"synthetic": True, "sector": sector, "layout": layout, "split": split}
    text, records = lines_to_records(lines, doc, meta)
    return SynthDoc(doc, sector, layout, text, records, table)


def generate(
    catalogue: list[Indicator],
    n: int,
    seed: int,
    *,
    layouts: Sequence[str] = tuple(LAYOUTS),
    split: str = "train",
) -> list[SynthDoc]:
    """``n`` documents, sectors and layouts taken in turn so all of them occur."""
    if n < 1:
        raise ValueError("n must be at least 1")
    for layout in layouts:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    sectors = by_sector(catalogue)
    names = list(sectors)
    docs = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        sector = names[i % len(names)]
        layout = layouts[i % len(layouts)]
        docs.append(
            render_document(
                sectors[sector],
                doc=f"syn{seed}_{i:03d}",
                sector=sector,
                layout=layout,
                split=split,
                rng=rng,
            )
        )
    return docs


@dataclass(slots=True)
class Written:
    documents: int
    records: int
    files: list[Path]
    notes: list[str]


def write_corpus(
    docs: Sequence[SynthDoc], out: str | Path, formats: Sequence[str] = (TEXT_FORMAT,)
) -> Written:
    """``out/texts/<doc>.txt``, ``out/synthetic.jsonl`` and ``out/files/<doc>.<fmt>``."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    out = Path(out)
    (out / "texts").mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    notes: list[str] = []
    for d in docs:
        path = out / "texts" / f"{d.doc}.txt"
        path.write_text(d.text, encoding="utf-8", newline="")
        files.append(path)
    records = [r for d in docs for r in d.records]
    files.append(dump_records(records, out / "synthetic.jsonl"))
    binary = [f for f in formats if f != TEXT_FORMAT]
    if binary:
        (out / "files").mkdir(exist_ok=True)
    for fmt in binary:
        try:
            for d in docs:
                files.append(WRITERS[fmt](d.table, out / "files" / f"{d.doc}.{fmt}"))
        except NoCJKFont as exc:
            notes.append(str(exc))
    return Written(len(docs), len(records), files, notes)
