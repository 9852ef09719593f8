"""The index page of a folder of review pages: a row per document (department,
year, budget, spending, execution rate, score, grade, facts, flags, labels)
linking to its page, filtered by flag and by label and sorted by any column,
in the browser, with no server and no library."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from pipeline.review.colors import label_colors
from pipeline.schema import DocumentRow


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One document of the index: its summary row and where its page is."""

    row: DocumentRow
    page: str | None  # relative link to its review page; None: no page (why in ``note``)
    flags: Counter = field(default_factory=Counter)  # check → count
    labels: Counter = field(default_factory=Counter)  # entity label → count
    note: str = ""


def _num(x: float | None, scale: float = 1.0, digits: int = 2) -> tuple[str, str]:
    """(shown, sort key) of a number."""
    if x is None:
        return "–", ""
    return f"{x / scale:,.{digits}f}", repr(float(x))


def budget(row: DocumentRow) -> float | None:
    """The adjusted full-year budget where stated, else the initial one."""
    return row.budget_adjusted if row.budget_adjusted is not None else row.budget_initial


def _cell(shown: str, key: str | None = None, cls: str = "") -> str:
    sort = f' data-sort="{html.escape(key)}"' if key is not None else ""
    klass = f' class="{cls}"' if cls else ""
    return f"<td{klass}{sort}>{shown}</td>"


def _row_html(e: IndexEntry) -> str:
    r = e.row
    name = html.escape(PurePath(r.file).name)
    link = f'<a href="{html.escape(e.page)}">{name}</a>' if e.page else name
    if e.note:
        link += f' <span class="note">{html.escape(e.note)}</span>'
    flags = " ".join(
        f'<span class="flag">{html.escape(c)}{f" ×{n}" if n > 1 else ""}</span>'
        for c, n in sorted(e.flags.items())
    )
    colors = label_colors()
    labels = " ".join(
        f'<span class="lab" style="background:{colors.get(lab, "#ddd")}">{lab} {n}</span>'
        for lab, n in sorted(e.labels.items())
    )
    cells = [
        _cell(link, name),
        _cell(html.escape(r.department or "–"), r.department or ""),
        _cell(str(r.year or "–"), str(r.year or "")),
        _cell(*_num(budget(r), 10_000), "num"),
        _cell(*_num(r.spending, 10_000), "num"),
        _cell(*_num(r.execution_rate, 1, 1), "num"),
        _cell(*_num(r.self_score, 1, 1), "num"),
        _cell(html.escape(r.grade or "–"), r.grade or ""),
        _cell(f"{r.n_facts:,}", str(r.n_facts), "num"),
        _cell(flags or "–", str(sum(e.flags.values()))),
        _cell(labels),
    ]
    data = (
        f' data-flags=" {html.escape(" ".join(sorted(e.flags)))} "'
        f' data-labels=" {html.escape(" ".join(sorted(e.labels)))} "'
    )
    return f"<tr{data}>{''.join(cells)}</tr>"


def _options(values: Sequence[str], everything: str) -> str:
    items = [f'<option value="">{everything}</option>']
    items += [f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values]
    return "".join(items)


def index_html(entries: Sequence[IndexEntry], title: str = "perf-facts review") -> str:
    """The index page of ``entries`` as one HTML string."""
    checks = sorted({c for e in entries for c in e.flags})
    labels = sorted({lab for e in entries for lab in e.labels})
    flagged = sum(1 for e in entries if e.flags)
    return _PAGE.format(
        title=html.escape(title),
        n=len(entries),
        flagged=flagged,
        flag_options=_options(["(any flag)", "(no flag)", *checks], "all documents"),
        label_options=_options(labels, "any label"),
        rows="\n".join(_row_html(e) for e in entries),
    )


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ margin: 16px; font: 14px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif; color: #222; }}
h1 {{ font-size: 18px; margin: 0 0 8px; }}
.controls {{ display: flex; gap: 16px; align-items: baseline; margin: 8px 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
th, td {{ border-bottom: 1px solid #e3e3e3; padding: 3px 6px; text-align: left;
  vertical-align: top; }}
th {{ background: #f0f0f0; cursor: pointer; user-select: none; white-space: nowrap; }}
th.asc::after {{ content: " ▲"; }} th.desc::after {{ content: " ▼"; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.flag {{ display: inline-block; background: #fde2e2; border-radius: 4px; padding: 0 5px;
  margin: 1px; font: 12px ui-monospace, monospace; }}
.lab {{ display: inline-block; padding: 0 5px; border-radius: 4px; font-size: 11px;
  font-weight: bold; margin: 1px; }}
.note {{ color: #a33; font-size: 12px; }}
#count {{ color: #666; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{n} documents, {flagged} with consistency flags. Click a column to sort; money in 万元.</p>
<div class="controls">
<label>flag <select id="flag">{flag_options}</select></label>
<label>label <select id="label">{label_options}</select></label>
<span id="count"></span>
</div>
<table id="docs">
<thead><tr><th>document</th><th>department</th><th>year</th><th>budget</th><th>spending</th>
<th>execution %</th><th>score</th><th>grade</th><th>facts</th><th>flags</th><th>labels</th></tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
<script>
const body = document.querySelector("#docs tbody");
const rows = Array.from(body.rows);
function filter() {{
  const flag = document.getElementById("flag").value;
  const label = document.getElementById("label").value;
  let shown = 0;
  for (const r of rows) {{
    const flags = r.dataset.flags, labels = r.dataset.labels;
    let ok = true;
    if (flag === "(any flag)") ok = flags.trim() !== "";
    else if (flag === "(no flag)") ok = flags.trim() === "";
    else if (flag) ok = flags.includes(" " + flag + " ");
    if (label && !labels.includes(" " + label + " ")) ok = false;
    r.hidden = !ok;
    shown += ok;
  }}
  document.getElementById("count").textContent = shown + " shown";
}}
function key(r, i) {{
  const c = r.cells[i];
  return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent;
}}
document.querySelectorAll("#docs th").forEach((th, i) => th.addEventListener("click", () => {{
  const asc = !th.classList.contains("asc");
  document.querySelectorAll("#docs th").forEach(h => h.classList.remove("asc", "desc"));
  th.classList.add(asc ? "asc" : "desc");
  const numeric = rows.every(r => key(r, i) === "" || !isNaN(parseFloat(key(r, i))));
  rows.sort((a, b) => {{
    const x = key(a, i), y = key(b, i);
    if (x === "" || y === "") return (x === "") - (y === "");
    const d = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh");
    return asc ? d : -d;
  }});
  rows.forEach(r => body.appendChild(r));
}}));
document.getElementById("flag").addEventListener("change", filter);
document.getElementById("label").addEventListener("change", filter);
filter();
</script>
</body>
</html>
"""
