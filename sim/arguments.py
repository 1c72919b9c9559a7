"""Arguments of the command line checked against their bounds, and SIGTERM as Ctrl-C.

Every number and path the command line accepts has a limit (:mod:`sim.limits`), so a typo
such as ``--seeds 0:10000000000`` or a hostile ``--set a.a.a...`` is refused with one line
(exit 2) instead of exhausting memory. The converters raise ``argparse.ArgumentTypeError``,
which the parser turns into ``sim: error: argument --seeds: ...``.
"""

from __future__ import annotations

import argparse
import os
from types import FrameType

try:  # the C module that `signal` wraps in enums (a millisecond of every command's start)
    import _signal as signal
except ImportError:  # pragma: no cover  (a Python without it)
    import signal

from .limits import (
    MAX_JOBS,
    MAX_OVERRIDE_CHARS,
    MAX_PSEUDONYM,
    MAX_SEED,
    MAX_SEEDS,
    MAX_SET_DEPTH,
)


def _shown(text: str) -> str:
    from .textsafe import shown

    return repr(shown(text, 60))


def whole(text: str) -> int:
    """A whole number written in decimal (at most 30 characters)."""
    try:
        if len(text) > 30:
            raise ValueError
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {_shown(text)}") \
            from None


def _whole_in(text: str, highest: int, negative: str, too_big: str) -> int:
    """A whole number from 0 to ``highest``; the messages take the value as ``{}``."""
    value = whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(negative.format(value))
    if value > highest:
        raise argparse.ArgumentTypeError(too_big.format(value))
    return value


def seed(text: str) -> int:
    """A seed: a whole number from 0 to 2**63-1."""
    return _whole_in(text, MAX_SEED, "a seed cannot be negative, got {}",
                     "a seed is at most 2**63-1, got {}")


def seed_range(text: str) -> range:
    """``A:B``: the seeds A..B-1, at most :data:`~sim.limits.MAX_SEEDS` of them."""
    first, sep, last = text.partition(":")
    try:
        if not sep or len(text) > 61:
            raise ValueError
        a, b = int(first), int(last)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected A:B (two whole numbers), got "
                                         f"{_shown(text)}") from None
    if not 0 <= a < b:
        raise argparse.ArgumentTypeError(f"expected 0 <= A < B, got {_shown(text)}")
    if b - 1 > MAX_SEED:
        raise argparse.ArgumentTypeError(f"a seed is at most 2**63-1, got {_shown(text)}")
    if b - a > MAX_SEEDS:
        raise argparse.ArgumentTypeError(f"at most {MAX_SEEDS} seeds at a time, got {b - a}; "
                                         "split the range")
    return range(a, b)


def override(text: str) -> str:
    """``PATH=VALUE`` with a dotted path of at most :data:`~sim.limits.MAX_SET_DEPTH` parts
    and at most :data:`~sim.limits.MAX_OVERRIDE_CHARS` characters in all."""
    path, sep, _ = text.partition("=")
    if not sep or not path.strip():
        raise argparse.ArgumentTypeError(f"expected PATH=VALUE, got {_shown(text)}")
    if len(text) > MAX_OVERRIDE_CHARS:
        raise argparse.ArgumentTypeError(f"--set is at most {MAX_OVERRIDE_CHARS} characters, "
                                         f"got {len(text)}")
    if path.count(".") >= MAX_SET_DEPTH:
        raise argparse.ArgumentTypeError(f"a --set path has at most {MAX_SET_DEPTH} parts, "
                                         f"got {path.count('.') + 1}")
    return text


def jobs(text: str) -> int:
    """``--jobs``: 0 (one per core) up to :data:`~sim.limits.MAX_JOBS` processes."""
    value = _whole_in(text, MAX_JOBS, "expected 0 (all cores) or more, got {}",
                      f"at most {MAX_JOBS} worker processes, got {{}}")
    return value or min(MAX_JOBS, cores())


def cores() -> int:
    """The cores this process may use (``--jobs 0``, the default of sweeps)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def pseudonym(text: str) -> str:
    """``--player``: a pseudonym of 1 to :data:`~sim.limits.MAX_PSEUDONYM` plain characters
    (spaces collapsed); control characters and longer names are refused."""
    from .textsafe import clean_pseudonym

    name = clean_pseudonym(text)
    if name is None or name != " ".join(text.split()):
        raise argparse.ArgumentTypeError(f"a pseudonym is 1 to {MAX_PSEUDONYM} plain "
                                         f"characters on one line, got {_shown(text)}")
    return name


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def terminate_as_interrupt() -> None:
    """Make SIGTERM end the process as Ctrl-C does: through the ``finally`` blocks that
    remove temporary files and shut the worker processes down (a no-op off the main
    thread, or where the platform has no SIGTERM)."""
    try:
        signal.signal(signal.SIGTERM, _terminated)
    except (ValueError, AttributeError, OSError):
        pass
