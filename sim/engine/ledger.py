"""The week's attribution ledger: every cause of a change in profit, cash, reputation and
morale, with its amount, recorded where the change happens."""

from __future__ import annotations

from dataclasses import field
from typing import NamedTuple

import numpy as np

from .plain import add_up
from .records import record

#: what a cause changes (money in cents, reputation and team morale in points)
PROFIT, CASH, REPUTATION, MORALE = "profit", "cash", "reputation", "morale"


class Cause(NamedTuple):
    """One entry of the week's attribution ledger: ``amount`` of ``measure`` (cents for
    :data:`PROFIT` and :data:`CASH`, points for :data:`REPUTATION` and :data:`MORALE`) due to
    ``kind``, for the client or staff member it names (-1: the firm as a whole).

    The :data:`PROFIT` causes of a week add up to its profit to the cent; its
    :data:`REPUTATION` causes to its change in reputation (within float rounding); profit plus
    the :data:`CASH` causes (money billed but not yet in, or in from earlier weeks) is the
    change in cash. :data:`MORALE` causes are the team average's change; ``team`` is what the
    others leave (people who left or joined, and the 0-100 bounds).
    """

    measure: str
    kind: str
    amount: float
    client: int = -1
    staff: int = -1


_new_tuple = tuple.__new__

#: the per-client arrays of :class:`Ledger`, as causes: (attribute, measure, kind, sign).
#: A late invoice written off (a blunt parting) is a loss of profit now; the cash never came
#: in, which was counted when it was billed late.
CLIENT_CAUSES = (
    ("revenue", PROFIT, "revenue", 1), ("discounts", PROFIT, "discounts", -1),
    ("bad_debt", PROFIT, "bad_debt", -1), ("written_off", PROFIT, "written_off", -1),
    ("unbilled_payroll", PROFIT, "payroll_unbilled", -1),
    ("late_billed", CASH, "paid_later", -1), ("late_paid", CASH, "paid_late", 1),
    ("written_off", CASH, "written_off", 1), ("reviews", REPUTATION, "reviews", 1),
)
#: reviews are told by their sign; a public blame is a bad review of its own kind
GOOD_REVIEWS, BAD_REVIEWS, BLAME = "good_reviews", "bad_reviews", "blame"


@record
class Ledger:
    """Where the week's money, reputation and morale came from, as the week is played.

    Arrays are indexed by client id (the clients of the week); sparse causes (staff costs,
    partings, events, drifts) are in ``items``. Read it through :meth:`causes`.
    """

    revenue: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    discounts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    bad_debt: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    written_off: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    unbilled_payroll: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    late_billed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    late_paid: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    reviews: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: credit cost of late invoices by client: part of his cost-to-serve, not of the books
    credit_cost: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: incidents with staff by client (they cost morale)
    incidents: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: clients whose bad review was a public blame (told by ``client_blames``)
    blamed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    items: list[Cause] = field(default_factory=list)

    @classmethod
    def start(cls, n: int) -> Ledger:
        """An empty ledger for a week of ``n`` client rows."""
        def zi() -> np.ndarray:
            return np.zeros(n, dtype=np.int64)
        return cls(revenue=zi(), discounts=zi(), bad_debt=zi(), written_off=zi(),
                   unbilled_payroll=zi(), late_billed=zi(), late_paid=zi(),
                   reviews=np.zeros(n), credit_cost=zi(), incidents=zi(),
                   blamed=np.zeros(n, dtype=bool))

    def add(self, measure: str, kind: str, amount: float, client: int = -1,
            staff: int = -1) -> None:
        """Record one cause (nothing when ``amount`` is zero, or for points, below 1e-9)."""
        if abs(amount) > 1e-9:
            # (the tuple made directly: Cause(...) runs a Python __new__, three times the cost)
            self.items.append(_new_tuple(Cause, (measure, kind, amount, client, staff)))

    def causes(self, measure: str | None = None) -> list[Cause]:
        """Every cause of the week (of one ``measure``), client by client."""
        out = []
        for attr, m, kind, sign in CLIENT_CAUSES:
            if measure is not None and m != measure:
                continue
            arr = getattr(self, attr)
            for i in arr.nonzero()[0].tolist():
                v = arr[i].item()
                if attr == "reviews":
                    kind = (BLAME if self.blamed[i] else GOOD_REVIEWS if v > 0
                            else BAD_REVIEWS)
                out.append(Cause(m, kind, sign * v, client=i))
        out += [c for c in self.items if measure is None or c.measure == measure]
        return out

    def total(self, measure: str, kind: str | None = None) -> float:
        """The sum of the causes of ``measure`` (of one ``kind``)."""
        if measure == MORALE:  # (no per-client array: the items alone)
            return add_up(c.amount for c in self.items
                          if c.measure == MORALE and (kind is None or c.kind == kind))
        kinds = self.by_kind(measure)
        return add_up(kinds.values()) if kind is None else kinds.get(kind, 0)

    def by_kind(self, measure: str) -> dict[str, float]:
        """The causes of ``measure`` summed by kind (the sums of :meth:`causes`, taken from
        the arrays at once)."""
        out: dict[str, float] = {}
        for attr, m, kind, sign in CLIENT_CAUSES:
            if m != measure:
                continue
            arr = getattr(self, attr)
            if attr == "reviews":
                b = self.blamed
                for k, mask in ((BLAME, b), (GOOD_REVIEWS, ~b & (arr > 0)),
                                (BAD_REVIEWS, ~b & (arr < 0))):
                    if np.count_nonzero(mask):
                        out[k] = out.get(k, 0) + float(np.add.reduce(arr[mask]))
            elif np.count_nonzero(arr):
                out[kind] = out.get(kind, 0) + sign * np.add.reduce(arr).item()
        for c in self.items:
            if c.measure == measure:
                out[c.kind] = out.get(c.kind, 0) + c.amount
        return out

    def payroll(self, wages: int, capacity: float, billed: float,
                unbilled: np.ndarray) -> None:
        """Split the week's wages over the hours they bought: billed work, each client's
        unbilled hours, and the idle rest (payroll paid for hours nobody bought)."""
        rate = wages / capacity if capacity > 0 else 0.0
        np.rint(unbilled * rate, out=self.unbilled_payroll, casting="unsafe")
        on_billed = int(round(billed * rate))
        self.add(PROFIT, "payroll_billed", -on_billed)
        self.add(PROFIT, "payroll_idle",
                 -(wages - on_billed - int(np.add.reduce(self.unbilled_payroll))))
