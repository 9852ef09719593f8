"""Review pages: a document with its entities, facts, summary and flags in one
HTML file; over a folder or an output folder, a page per document and an index."""

from pipeline.review.colors import label_colors
from pipeline.review.pages import is_output_folder, review_folder, review_output
from pipeline.review.render import review_file, review_html

__all__ = [
    "is_output_folder",
    "label_colors",
    "review_file",
    "review_folder",
    "review_html",
    "review_output",
]
