"""Fuzz suite settings (tests/fuzz/settings.py holds them; nothing global here,
so other hypothesis tests keep their own)."""
