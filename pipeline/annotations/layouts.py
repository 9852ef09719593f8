"""Layout families of gold documents: the one vocabulary for ``meta.layout``.

Described with an example each in ``annotations/LAYOUTS.md``. The synthetic
generator renders the table families; authored documents name theirs in their
markup module's ``LAYOUT`` dict; ``annotate stats`` counts by them.
"""

from __future__ import annotations

# families used for training and dev
TRAINING_LAYOUTS: tuple[str, ...] = (
    "dept_narrative",
    "project_narrative",
    "table_tab_rows",
    "table_cell_per_line",
    "table_flat_spaces",
    "table_pipe",
    "spreadsheet_export",
    "pdf_text",
    "ocr_noise",
    "scoring_list",
    "honour_list",
    "budget_table",
)
# families that appear only in the unseen-test split
HELD_OUT_LAYOUTS: tuple[str, ...] = (
    "kv_lines",
    "semicolon_rows",
    "wide_table_transposed",
    "work_summary",
)
LAYOUT_FAMILIES: tuple[str, ...] = TRAINING_LAYOUTS + HELD_OUT_LAYOUTS
