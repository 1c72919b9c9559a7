"""A plain-text progress line for long sweeps, on stderr only (stdout stays clean for data)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

MIN_RUNS = 50     # fewer runs finish before a bar would be any use
INTERVAL = 0.2    # seconds between redraws


class Progress:
    """``done/total runs, percent, rate, time left`` redrawn in place with ``\\r``.

    Shown only when the stream is a terminal and there are more than :data:`MIN_RUNS` runs,
    so logs and pipes never collect carriage returns. ``enabled`` forces it on or off.
    """

    def __init__(self, total: int, stream: TextIO | None = None, *,
                 enabled: bool | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty()) and total > MIN_RUNS
        self.enabled = enabled
        self.start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def update(self, done: int) -> None:
        """Report ``done`` runs finished (redrawn at most every :data:`INTERVAL` seconds)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if done < self.total and now - self._last < INTERVAL:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        left = (self.total - done) / rate if rate > 0 else 0.0
        text = (f"{done}/{self.total} runs  {100 * done // max(1, self.total):3d}%  "
                f"{rate:,.0f} runs/s  {left:,.0f} s left")
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        """Erase the line, leaving the terminal as it was."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
