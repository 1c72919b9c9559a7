"""Scratch values of the week being played: computed once, read by every step.

Nothing here is part of the state; it exists so that the steps share views and masks
instead of recomputing them (the frame of one week is a few hundred microseconds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .ledger import Ledger
from .records import record
from .report import WeekReport

if TYPE_CHECKING:
    from .state import TraitArrays


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


def small_poisson(lam: np.ndarray, u: np.ndarray, most: int) -> np.ndarray:
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


class TraitRows:
    """The float trait parameters of a set of clients, one array per attribute (exact copies
    of ``TraitArrays.<attr>[trait]``, taken in one gather)."""

    def __init__(self, traits: TraitArrays, trait: np.ndarray) -> None:
        self.__dict__.update(zip(traits.float_attrs, traits.matrix.take(trait, axis=1),
                                 strict=True))


@record
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
    #: every open request is queued this week with no cap on its hours (no request plans)
    all_queued: bool = False
    #: a request may have been declined, deferred or withdrawn (declined, deferred and
    #: withdrawn are all zero otherwise)
    turned_away: bool = False
    #: clients put on prepayment this week who said at first contact they would not prepay
    prepay_refused: np.ndarray | None = None
    #: established clients who never paid late, put on prepayment this week (they mind)
    prepay_insulted: np.ndarray | None = None
    _per_client: TraitRows | None = None

    def per_client(self, traits: TraitArrays) -> TraitRows:
        """Every client's trait parameters (``rows.haggle[i]`` is ``traits.haggle[trait[i]]``),
        gathered on first use and shared by the steps of the week (the trait of a row never
        changes, and rows added during a week are not part of it)."""
        rows = self._per_client
        if rows is None:
            rows = self._per_client = TraitRows(traits, self.trait)
        return rows

    @property
    def ledger(self) -> Ledger:
        """The week's attribution ledger (in its report)."""
        return self.report.ledger

    @classmethod
    def start(cls, report: WeekReport, n: int, trait: np.ndarray) -> Week:
        zi = np.zeros(n, dtype=np.int32)
        zb = np.zeros(n, dtype=bool)
        report.ledger = Ledger.start(n)
        return cls(report=report, n=n, trait=trait, declined=zi, deferred=zi.copy(),
                   withdrawn=zi.copy(), extra_hours=np.zeros(n), refused=zb, granted=zb,
                   active=zb)
