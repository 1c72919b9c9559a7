"""What a week did, and why: numbers plus notes that name the clients and staff involved.

A note is a message key and its parameters; the texts live in ``sim/i18n`` (English and
Russian), so the engine stays free of language. The week's
:class:`~sim.engine.ledger.Ledger` records, as the week is played, every cause of a change in
profit, cash, reputation and morale with its amount; :mod:`sim.engine.explain` turns the
largest of them into notes.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from .ledger import Cause, Ledger
from .records import record


@record(frozen=True)
class Note:
    """One thing that happened. ``key`` selects the sentence, ``params`` fill it in."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    client: int = -1
    staff: int = -1
    #: the ledger's ``(measure, kind)`` groups this sentence accounts for
    #: (see :class:`~sim.engine.ledger.Cause`)
    covers: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"key": self.key, "params": self.params}
        if self.client >= 0:
            d["client"] = self.client
        if self.staff >= 0:
            d["staff"] = self.staff
        if self.covers:
            d["covers"] = [list(g) for g in self.covers]
        return d


@record
class WeekReport:
    """The numbers of one week. Money in cents.

    Cash identity: ``cash_after == cash_before + payments - wages - overtime_pay -
    fixed_costs - other_costs``. Profit is on an accrual basis: ``revenue - bad_debt - wages -
    overtime_pay - fixed_costs - other_costs`` (revenue is invoiced, net of discounts).
    ``reputation_before`` and ``morale_before`` are the levels at the end of the week before
    (at the start, for week 1); ``ledger`` holds the causes of every change, ``notes`` the
    sentences that explain them.
    """

    week: int
    cash_before: int = 0
    cash_after: int = 0
    revenue: int = 0
    payments: int = 0
    wages: int = 0
    overtime_pay: int = 0
    fixed_costs: int = 0
    other_costs: int = 0
    bad_debt: int = 0
    discounts: int = 0
    credit_cost: int = 0
    profit: int = 0
    reputation_before: float = 0.0
    morale_before: float = 0.0
    capacity_hours: float = 0.0
    overtime_hours: float = 0.0
    billable_hours: float = 0.0
    unbilled_hours: float = 0.0
    waiting_hours: float = 0.0
    morale: float = 0.0
    reputation: float = 0.0
    leads: int = 0
    active_clients: int = 0
    notes: list[Note] = field(default_factory=list)
    ledger: Ledger = field(default_factory=Ledger)
    over: bool = False
    end_reason: str = ""

    def causes(self, measure: str | None = None) -> list[Cause]:
        """The week's causes (of one ``measure``), largest first (see
        :class:`~sim.engine.ledger.Cause`)."""
        return sorted(self.ledger.causes(measure), key=lambda c: -abs(c.amount))

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k not in ("notes", "ledger")}
        d["notes"] = [n.to_dict() for n in self.notes]
        d["causes"] = [c._asdict() for c in self.causes()]
        return d
