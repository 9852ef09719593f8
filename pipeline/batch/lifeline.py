"""Workers that die with their parent, and a main process that stops cleanly.

Worker side (``watch_parent``, called by the pool initializer): a worker whose
parent is gone exits at once instead of living on under PID 1 holding its
model's memory. On Linux ``PR_SET_PDEATHSIG`` makes the kernel send SIGKILL
when the parent dies; everywhere a daemon thread also polls the parent's pid
(the portable fallback, and a guard for the race before prctl took effect).
Workers ignore SIGINT: Ctrl-C reaches the whole process group, and the main
process decides how to stop.

Main side (``StopSignals``): SIGTERM and SIGINT set a flag instead of raising
in the middle of a part commit; the run loop sees it, stops the workers,
commits the finished documents and reports the signal.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from types import FrameType
from typing import Self

_PR_SET_PDEATHSIG = 1
POLL_S = 0.5


def _pdeathsig(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _parent_gone(parent_pid: int) -> bool:
    return os.getppid() != parent_pid


def watch_parent(parent_pid: int) -> None:
    """Make this process exit as soon as ``parent_pid`` (its parent) is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pdeathsig(signal.SIGKILL)
    if _parent_gone(parent_pid):  # died before the kernel watch was set
        os._exit(1)

    def poll() -> None:
        while not _parent_gone(parent_pid):
            time.sleep(POLL_S)
        os._exit(1)

    threading.Thread(target=poll, name="parent-watch", daemon=True).start()


# exit status of a process stopped by a signal, as shells report it
def exit_status(signum: int) -> int:
    return 128 + signum


class StopSignals:
    """Within the block, SIGTERM/SIGINT set ``signum`` instead of killing the
    process (only in the main thread; elsewhere nothing is installed)."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: dict[int, object] = {}

    def __bool__(self) -> bool:
        return self.signum is not None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None and signum == signal.SIGINT:
            raise KeyboardInterrupt  # a second Ctrl-C: stop now
        self.signum = signum

    def __enter__(self) -> Self:
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        self._previous.clear()
