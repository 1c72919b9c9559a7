"""The one clock the screens read: milliseconds since the window opened.

pygame's own ``get_ticks`` stays at 0 unless its timer subsystem was started, and the game
starts only the display and fonts; so the tooltips' delay and the double click read this
clock instead, a monotonic one that needs no pygame at all. Tests may put a clock of their
own in its place with :func:`use` (and take it away with the returned function).
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: how close two clicks on the same row must be to count as one double click
DOUBLE_CLICK_MS = 400

_start = time.monotonic()
_source: Callable[[], float] = time.monotonic


def ticks() -> int:
    """Milliseconds since this module was loaded (or since :func:`use` was called)."""
    return int((_source() - _start) * 1000)


def use(source: Callable[[], float]) -> Callable[[], None]:
    """Read time (in seconds) from ``source`` from now on; returns a function that puts
    the previous clock back."""
    global _source, _start
    old = (_source, _start)
    _source, _start = source, source()

    def restore() -> None:
        global _source, _start
        _source, _start = old

    return restore
