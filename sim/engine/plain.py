"""Plain-Python arithmetic that gives numpy's bits, for the engine's one-by-one paths.

A week of a small shop is a few dozen clients: at that size a loop over Python floats costs
less than the numpy calls it replaces (``docs/engine-speed.md``). Elementwise ``+ - * /`` are
the same IEEE operations either way; a sum is not: ``np.sum`` adds pairwise, in blocks of
eight accumulators, and Python's ``sum`` adds left to right (and, from Python 3.12, with
compensation). :func:`add_up` adds left to right on every Python, and :func:`np_sum` adds as
numpy does, so a path that sums a list gives the same
bytes as the column path that sums the array (``tests/engine/test_plain.py`` checks it over
random arrays of every size, zeros of either sign included).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

_BLOCK = 128  # numpy's PW_BLOCKSIZE: above it the sum splits in two halves


def _pairwise(a: Sequence[float], lo: int, n: int) -> float:
    if n < 8:
        res = -0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    if n <= _BLOCK:
        r0, r1, r2, r3, r4, r5, r6, r7 = a[lo:lo + 8]
        end = lo + n - (n % 8)
        i = lo + 8
        while i < end:
            r0 += a[i]
            r1 += a[i + 1]
            r2 += a[i + 2]
            r3 += a[i + 3]
            r4 += a[i + 4]
            r5 += a[i + 5]
            r6 += a[i + 6]
            r7 += a[i + 7]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < lo + n:
            res += a[i]
            i += 1
        return res
    half = n // 2
    half -= half % 8
    return _pairwise(a, lo, half) + _pairwise(a, lo + half, n - half)


def np_sum(a: Sequence[float]) -> float:
    """``float(np.sum(np.array(a, dtype=float)))``, bit for bit, for a list of floats."""
    n = len(a)
    if n < 8:  # the common case, inline: numpy starts from +0.0 and adds from -0.0
        res = -0.0
        for x in a:
            res += x
        return 0.0 + res
    return 0.0 + _pairwise(a, 0, n)


def add_up(values: Iterable[float], start: float = 0) -> float:
    """``start`` plus ``values``, left to right: what the builtin ``sum`` gives up to Python
    3.11. From 3.12 ``sum`` of floats adds with compensation, which can differ in the last
    bit, so a number the engine reports would depend on the Python that played the game."""
    total = start
    for v in values:
        total += v
    return total
