"""Review pages: a document with its entities, facts, summary and flags in one HTML file."""

from pipeline.review.colors import label_colors
from pipeline.review.render import review_file, review_html

__all__ = ["label_colors", "review_file", "review_html"]
