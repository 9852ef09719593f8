"""Scores: span P/R/F1 per label, roles and relations."""
