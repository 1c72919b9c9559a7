"""Scratch values of the week being played: computed once, read by every step.

Nothing here is part of the state; it exists so that the steps share views and masks
instead of recomputing them (the frame of one week is a few hundred microseconds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .report import WeekReport


def clip01(x: np.ndarray) -> np.ndarray:
    """``np.clip(x, 0, 1)`` without its Python overhead."""
    return np.minimum(np.maximum(x, 0.0), 1.0)


ROW_BLOCK = 256


def row_block(n: int) -> int:
    """How many per-client random numbers to draw for ``n`` client rows.

    Draws come in blocks of 256 rows and are sliced to ``n``: the stream's consumption then
    does not depend on how many clients exist, so two games that differ only in decisions
    keep the same random numbers client by client (fair comparisons, honest what-ifs).
    """
    return ROW_BLOCK * (1 + n // ROW_BLOCK)


def small_poisson(lam: np.ndarray, u: np.ndarray, most: int = 4) -> np.ndarray:
    """Poisson counts for small rates from uniforms ``u`` by the inverse CDF, capped at
    ``most`` (numpy's own sampler is several times slower on short arrays)."""
    p = np.exp(-lam)
    cdf = p.copy()
    k = (u > cdf).astype(np.int64)
    for j in range(1, most):
        p = p * lam * (1.0 / j)
        cdf += p
        k += u > cdf
    return k


@dataclass
class Week:
    """Per-week values shared by the steps of :func:`sim.engine.week.step`."""

    report: WeekReport
    n: int
    trait: np.ndarray
    declined: np.ndarray
    deferred: np.ndarray
    withdrawn: np.ndarray
    extra_hours: np.ndarray
    refused: np.ndarray
    granted: np.ndarray
    active: np.ndarray
    rep_delta: float = 0.0
    capacity: float = 0.0
    blunt_unpaid: int = 0
    top_eater: int = -1
    loaded_hourly: float = 0.0

    @classmethod
    def start(cls, report: WeekReport, n: int, trait: np.ndarray) -> Week:
        zi = np.zeros(n, dtype=np.int32)
        zb = np.zeros(n, dtype=bool)
        return cls(report=report, n=n, trait=trait, declined=zi, deferred=zi.copy(),
                   withdrawn=zi.copy(), extra_hours=np.zeros(n), refused=zb, granted=zb,
                   active=zb)
