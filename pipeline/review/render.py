"""One self-contained HTML page to check a document's extraction by eye.

Left: the document, one block per paragraph, entities highlighted by spaCy's
displaCy (manual mode, the Label Studio label colours). Right: the document
summary, the consistency flags and the facts table. Every fact and every piece
of flag evidence links to its place in the text (``#m<offset>`` on the
highlighted span, ``#p<paragraph>`` where no span starts there).
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy import displacy

from pipeline.review.colors import FACT_LABEL, label_colors
from pipeline.schema import DocumentRow, EntityRow, FactRow, FlagRow

_MARK = re.compile(r'<mark class="entity"')


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str


def _choose_marks(entities: Iterable[EntityRow], facts: Iterable[FactRow]) -> list[_Span]:
    """Entities, plus fact spans no entity overlaps (label FACT); no overlaps."""
    spans = sorted(
        {_Span(e.start, e.end, e.label) for e in entities if e.end > e.start},
        key=lambda s: (s.start, -s.end),
    )
    kept: list[_Span] = []
    for s in spans:
        if kept and s.start < kept[-1].end:
            continue  # overlapping tagger output: keep the first
        kept.append(s)
    extra = []
    for f in facts:
        if f.end <= f.start:
            continue
        i = bisect_right([k.start for k in kept], f.start)
        near = kept[max(0, i - 1) : i + 1]
        if not any(k.start < f.end and f.start < k.end for k in near):
            extra.append(_Span(f.start, f.end, FACT_LABEL))
    merged: list[_Span] = []
    for s in sorted({*kept, *extra}, key=lambda s: (s.start, -s.end)):
        if merged and s.start < merged[-1].end:
            continue
        merged.append(s)
    return merged


def _paragraph_html(p_index: int, p_start: int, text: str, marks: Sequence[_Span]) -> str:
    ents = [{"start": m.start - p_start, "end": m.end - p_start, "label": m.label} for m in marks]
    rendered = displacy.render(
        {"text": text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        page=False,
        minify=True,
        jupyter=False,  # return the markup even inside a notebook
        options={"colors": label_colors()},
    )
    ids = iter(marks)

    def with_id(_: re.Match) -> str:
        m = next(ids)
        return f'<mark id="m{m.start}" data-end="{m.end}" class="entity"'

    rendered = _MARK.sub(with_id, rendered)
    return f'<div class="para" id="p{p_index}"><span class="ln">{p_index}</span>{rendered}</div>'


class _Anchors:
    """Where a link to (start, end) should point."""

    def __init__(self, marks: Sequence[_Span], paragraph_starts: Sequence[int]):
        self._marks = list(marks)
        self._starts = [m.start for m in self._marks]
        self._paragraph_starts = list(paragraph_starts)

    def __call__(self, start: int, end: int) -> str:
        i = bisect_right(self._starts, start) - 1
        for m in self._marks[max(0, i) : i + 2]:
            if m.start < max(end, start + 1) and start < m.end:
                return f"#m{m.start}"
        p = max(0, bisect_right(self._paragraph_starts, start) - 1)
        return f"#p{p}"


def _fmt(x: float | None, digits: int = 2) -> str:
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.{digits}f}"


def _money(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{_fmt(x)} 元 ({_fmt(x / 10_000)} 万元)"


_SUMMARY_FIELDS = (
    ("department", "单位 department", str),
    ("year", "年度 year", str),
    ("report_type", "类型 report type", str),
    ("budget_initial", "年初预算 initial budget", _money),
    ("budget_adjusted", "全年预算 adjusted budget", _money),
    ("spending", "执行数 spending", _money),
    ("carryover", "结转结余 carryover", _money),
    ("execution_rate", "执行率 execution rate", lambda x: f"{_fmt(x)} %"),
    ("self_score", "自评得分 self score", lambda x: _fmt(x)),
    ("grade", "等级 grade", str),
)


def _summary_html(row: DocumentRow) -> str:
    items = []
    for name, label, fmt in _SUMMARY_FIELDS:
        value = getattr(row, name)
        shown = "–" if value is None else fmt(value)
        items.append(f"<dt>{html.escape(label)}</dt><dd>{html.escape(shown)}</dd>")
    meta = (
        f"{html.escape(row.format)} · {row.chars:,} chars · {row.n_facts} facts · "
        f"{row.n_flags} flags"
    )
    return f'<dl class="summary">{"".join(items)}</dl><p class="meta">{meta}</p>'


def _evidence_links(evidence: str, anchor: Callable[[int, int], str]) -> str:
    try:
        items = json.loads(evidence) if evidence else []
    except json.JSONDecodeError:
        return html.escape(evidence)
    links = []
    for item in items:
        start, end = int(item.get("start", 0)), int(item.get("end", 0))
        text = html.escape(str(item.get("text", "")))
        links.append(f'<a href="{anchor(start, end)}">{text}</a>')
    return " · ".join(links)


def _flags_html(flags: Sequence[FlagRow], anchor: Callable[[int, int], str]) -> str:
    if not flags:
        return '<p class="ok">No consistency flags.</p>'
    rows = []
    for f in flags:
        rows.append(
            "<tr>"
            f'<td class="check">{html.escape(f.check)}</td>'
            f"<td>{html.escape(f.message)}</td>"
            f'<td class="num">{_fmt(f.expected)}</td>'
            f'<td class="num">{_fmt(f.actual)}</td>'
            f'<td class="num">{_fmt(f.difference)}</td>'
            f"<td>{_evidence_links(f.evidence, anchor)}</td>"
            "</tr>"
        )
    return (
        '<table class="flags"><thead><tr><th>check</th><th>message</th><th>expected</th>'
        "<th>actual</th><th>diff</th><th>evidence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _facts_html(
    facts: Sequence[FactRow], anchor: Callable[[int, int], str], predicted: dict[str, tuple]
) -> str:
    if not facts:
        return '<p class="ok">No facts.</p>'
    colors = label_colors()
    rows = []
    for f in facts:
        number = f.fact_id.rsplit("#f", 1)[-1]
        value = _fmt(f.normalized_value)
        if value and f.base_unit:
            value += f" {f.base_unit}"
        if f.qualifier:
            value = f"{f.qualifier} {value}"
        indicator = ""
        if f.indicator:
            ind = html.escape(f.indicator)
            if f.indicator_start is not None and f.indicator_end is not None:
                ind = f'<a href="{anchor(f.indicator_start, f.indicator_end)}">{ind}</a>'
            indicator = ind
        category, conf = f.category, f.category_confidence
        guess = ""
        if category is None and f.fact_id in predicted:
            level1, level2, conf = predicted[f.fact_id]
            category = level2 or level1
            guess = ' class="guess" title="predicted here by pipeline.taxonomy.classify"'
        cat = ""
        if f.category_path:
            cat = html.escape(f.category_path)
        elif category:
            cat = f"<span{guess}>{html.escape(category)}</span>"
            if conf is not None:
                cat += f' <span class="conf">{conf:.2f}</span>'
        where = f.source if f.table is None else f"table {f.table} row {f.row}"
        if f.page is not None:
            where += f" · p.{f.page}"
        color = colors.get(f.quantity_label, "#ddd")
        rows.append(
            f'<tr id="fact{number}" title="{html.escape(f.sentence or "")}">'
            f'<td class="num">{number}</td>'
            f'<td><a class="q" style="border-color:{color}" href="{anchor(f.start, f.end)}">'
            f"{html.escape(f.text)}</a></td>"
            f'<td><span class="lab" style="background:{color}">{html.escape(f.quantity_label)}'
            f"</span></td>"
            f"<td>{html.escape(f.role)}</td>"
            f'<td class="num">{html.escape(value)}</td>'
            f"<td>{indicator}</td>"
            f"<td>{cat}</td>"
            f'<td class="where">{html.escape(where)}</td>'
            "</tr>"
        )
    return (
        '<table class="facts"><thead><tr><th>#</th><th>quantity</th><th>label</th>'
        "<th>role</th><th>normalised</th><th>indicator</th><th>category</th><th>where</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _predict_categories(facts: Sequence[FactRow]) -> dict[str, tuple]:
    """Categories for facts the assembler left without one (taxonomy model)."""
    todo = [f for f in facts if f.category is None and f.indicator]
    if not todo:
        return {}
    try:
        from pipeline.taxonomy import classify

        results = classify([f.indicator for f in todo])
    except (FileNotFoundError, ImportError):
        return {}
    return {f.fact_id: r for f, r in zip(todo, results, strict=True)}


def _legend(entities: Sequence[EntityRow], marks: Sequence[_Span]) -> str:
    counts = Counter(e.label for e in entities)
    counts[FACT_LABEL] = sum(m.label == FACT_LABEL for m in marks)
    items = []
    for label, color in label_colors().items():
        if not counts.get(label):
            continue
        tip = (
            ' title="a quantity the table reader made a fact of where the tagger marked nothing"'
            if label == FACT_LABEL
            else ""
        )
        items.append(
            f'<span class="lab" style="background:{color}"{tip}>{label}</span> {counts[label]}'
        )
    return " ".join(items)


def review_html(document, result, *, title: str | None = None) -> str:
    """The review page for ``document`` (pipeline.ingest.Document) and its
    ``result`` (pipeline.facts.DocumentResult) as one HTML string."""
    paragraphs = document.paragraphs
    marks = _choose_marks(result.entities, result.facts)
    starts = [m.start for m in marks]
    body = []
    for p in paragraphs:
        lo = bisect_right(starts, p.start - 1)
        hi = bisect_right(starts, p.start + len(p.text) - 1)
        inside = [m for m in marks[lo:hi] if m.end <= p.start + len(p.text)]
        body.append(_paragraph_html(p.index, p.start, p.text, inside))
    anchor = _Anchors(marks, [p.start for p in paragraphs])
    predicted = _predict_categories(result.facts)
    title = title or document.name
    row = result.document
    return _PAGE.format(
        title=html.escape(title),
        doc_id=html.escape(row.doc_id),
        legend=_legend(result.entities, marks),
        document="\n".join(body),
        summary=_summary_html(row),
        n_flags=len(result.flags),
        flags=_flags_html(result.flags, anchor),
        n_facts=len(result.facts),
        facts=_facts_html(result.facts, anchor, predicted),
    )


def review_file(
    path: str | Path, out: str | Path, *, model: str | Path | None = None, nlp=None
) -> Path:
    """Read ``path``, run ``process_document`` and write the review page to ``out``."""
    from pipeline.facts import process_document
    from pipeline.ingest import read_document
    from pipeline.loading import load_pipeline

    path = Path(path)
    raw = path.read_bytes()
    document = read_document(path)
    nlp = nlp if nlp is not None else load_pipeline(model)
    result = process_document(nlp, document, raw)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(review_html(document, result, title=path.name), encoding="utf-8")
    return out


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title} · perf-facts review</title>
<style>
:root {{ --line: #e3e3e3; --muted: #666; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; font: 14px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", system-ui, sans-serif; color: #222; background: #fafafa; }}
header {{ padding: 8px 16px; border-bottom: 1px solid var(--line); background: #fff;
  display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; height: 44px; }}
header h1 {{ font-size: 16px; margin: 0; }}
header .id {{ color: var(--muted); font-size: 12px; }}
main {{ display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.1fr);
  height: calc(100vh - 44px); }}
section {{ overflow-y: auto; padding: 12px 16px; }}
#document {{ background: #fff; border-right: 1px solid var(--line); }}
h2 {{ font-size: 14px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); }}
.para {{ position: relative; padding: 1px 0 1px 40px; border-radius: 3px; }}
.para .entities {{ line-height: 2.1 !important; white-space: pre-wrap; }}
.para .ln {{ position: absolute; left: 0; width: 32px; text-align: right; color: #bbb;
  font-size: 11px; top: 6px; }}
.para:target {{ background: #fff6d5; }}
mark.entity {{ padding: 0.2em 0.35em !important; margin: 0 0.15em !important; }}
mark.entity:target {{ outline: 3px solid #d62828; outline-offset: 1px; }}
.lab {{ display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 11px;
  font-weight: bold; }}
dl.summary {{ display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px;
  margin: 0; }}
dl.summary dt {{ color: var(--muted); }}
dl.summary dd {{ margin: 0; }}
.meta {{ color: var(--muted); font-size: 12px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; background: #fff; }}
th, td {{ border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left;
  vertical-align: top; }}
th {{ position: sticky; top: -12px; background: #f0f0f0; font-weight: 600; }}
td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.where {{ color: var(--muted); white-space: nowrap; font-size: 12px; }}
table.flags td.check {{ font-family: ui-monospace, monospace; font-size: 12px;
  white-space: nowrap; }}
table.flags {{ border-left: 3px solid #d62828; }}
a.q {{ border-bottom: 3px solid; text-decoration: none; color: inherit; }}
a {{ color: #1d5fa8; }}
.conf {{ color: var(--muted); font-size: 11px; }}
.guess {{ font-style: italic; }}
.ok {{ color: #2a7d2a; }}
tr:target {{ background: #fff6d5; }}
tr, .para, mark.entity {{ scroll-margin-top: 48px; }}
</style>
</head>
<body>
<header><h1>{title}</h1><span class="id">{doc_id}</span><span>{legend}</span></header>
<main>
<section id="document">
{document}
</section>
<section id="side">
<h2>Summary</h2>
{summary}
<h2>Flags ({n_flags})</h2>
{flags}
<h2>Facts ({n_facts})</h2>
{facts}
</section>
</main>
</body>
</html>
"""
