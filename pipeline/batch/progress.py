"""Progress as plain log lines, for logs and notebooks where no progress bar
can redraw (stderr not a terminal): every N documents, with the rate and the
time left."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable

# Automatic interval: about ten lines a run, at least one every this many documents.
MAX_INTERVAL = 1000


def auto_interval(total: int) -> int:
    return max(1, min(MAX_INTERVAL, math.ceil(total / 10)))


def duration(seconds: float) -> str:
    """3s, 2m05s, 1h02m."""
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


class ProgressLines:
    """Counts finished documents and writes a line every ``every`` of them (0:
    ``auto_interval``) and at the last one."""

    def __init__(
        self,
        total: int,
        every: int = 0,
        write: Callable[[str], None] = _stderr,
        label: str = "extract",
    ) -> None:
        self.total, self.label, self.write = total, label, write
        self.every = every or auto_interval(total)
        self.done = self.failed = self.chars = 0
        self.t0 = time.perf_counter()

    def restart_clock(self) -> None:
        """Rates count from here (after planning, before the first document)."""
        self.t0 = time.perf_counter()

    def update(self, chars: int, failed: bool = False) -> None:
        self.done += 1
        self.chars += chars
        self.failed += failed
        if self.done % self.every == 0 or self.done == self.total:
            self.write(self.line())

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.t0, 1e-9)
        rate = self.done / elapsed
        share = f" ({self.done / self.total:.0%})" if self.total else ""
        left = (self.total - self.done) / rate if rate else 0.0
        failed = f", {self.failed:,} failed" if self.failed else ""
        return (
            f"{self.label}: {self.done:,}/{self.total:,} documents{share}, "
            f"{rate:,.1f} docs/s, {self.chars / elapsed:,.0f} chars/s{failed}, "
            f"elapsed {duration(elapsed)}, ETA {duration(left)}"
        )
