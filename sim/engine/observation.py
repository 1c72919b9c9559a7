"""What the player (or a bot) sees: signals a manager would have, never the hidden trait.

An :class:`Observation` holds copies of arrays (one per signal, indexed like the client ids),
so it stays valid after the state moves on. Only the oracle bot and the debrief look at the
state itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .report import Note
from .state import ACTIVE, LEAD, STAFF_ACTIVE, STATUS_NAMES, GameState

CLIENT_SIGNALS = (
    "status", "origin", "referred_by", "returning_of", "joined", "left", "owner",
    "sig_polite", "sig_discount", "sig_prepay",
    "price_factor", "prepay", "scope", "contact", "vip", "grant_discounts", "blacklisted",
    "pricing_out", "wait_weeks",
    "revenue", "discounts", "bad_debt", "credit_cost", "billable_hours", "unbilled_hours",
    "requests", "declined_requests", "invoices", "late_invoices", "unpaid_invoices",
    "discount_demands", "complaints", "incidents", "referrals",
    "week_billable", "week_unbilled", "week_revenue", "week_requests",
    "tag", "tag_confidence", "tag_week",
)

STAFF_SIGNALS = ("hours", "wage", "morale", "status", "joined", "left", "overtime",
                 "week_hours", "week_incidents", "incidents", "abuse_weeks")

REQUEST_FIELDS = ("rid", "client", "hours", "hours_left", "week", "state", "staff")


class Columns:
    """A bundle of equally long arrays addressed as attributes (``obs.clients.revenue``)."""

    def __init__(self, **arrays: np.ndarray) -> None:
        self.__dict__.update(arrays)

    def __len__(self) -> int:
        for v in self.__dict__.values():
            return len(v)
        return 0

    def row(self, i: int) -> dict[str, Any]:
        return {k: v[i].item() if hasattr(v[i], "item") else v[i]
                for k, v in self.__dict__.items()}


@dataclass
class Observation:
    """The player's view of week ``week`` before deciding it."""

    week: int
    weeks: int
    over: bool
    cash: int
    reputation: float
    price_per_hour: int
    currency: str
    loaded_hourly_cost: float
    capacity_hours: float
    trait_names: tuple[str, ...]
    client_names: list[str]
    staff_names: list[str]
    clients: Columns
    staff: Columns
    requests: Columns
    notes: list[Note] = field(default_factory=list)
    weekly: dict[str, list] = field(default_factory=dict)

    @property
    def stars(self) -> float:
        return self.reputation / 20.0

    def active_clients(self) -> np.ndarray:
        return np.flatnonzero(self.clients.status == ACTIVE)

    def leads(self) -> np.ndarray:
        return np.flatnonzero(self.clients.status == LEAD)

    def active_staff(self) -> np.ndarray:
        return np.flatnonzero(self.staff.status == STAFF_ACTIVE)

    def status_name(self, i: int) -> str:
        return STATUS_NAMES[int(self.clients.status[i])]

    def tenure(self) -> np.ndarray:
        """Weeks each client has been with the firm (0 for leads)."""
        return np.where(self.clients.joined >= 0, self.week - self.clients.joined, 0)


def observe(st: GameState) -> Observation:
    """Build the observation of the current (opened) week."""
    c, s, R = st.clients, st.staff, st.requests
    n, ns, m = c.n, s.n, R.n
    cols = {k: getattr(c, k)[:n].copy() for k in CLIENT_SIGNALS}
    act_staff = s.status[:ns] == STAFF_ACTIVE
    base_hours = float(s.hours[:ns][act_staff].sum())
    wages = float(s.wage[:ns][act_staff].sum())
    loaded = (wages + st.params.firm.fixed_costs) / base_hours if base_hours > 0 else 0.0
    hours_cost = np.rint((cols["billable_hours"] + cols["unbilled_hours"]) * loaded)
    cols["hours_cost"] = hours_cost.astype(np.int64)
    cols["cost_to_serve"] = cols["hours_cost"] + cols["credit_cost"] + cols["bad_debt"]
    cols["profit"] = cols["revenue"] - cols["cost_to_serve"]
    # a noisy mood cue (1-5) instead of the satisfaction itself; the noise is a pure function
    # of seed, week and client so observing changes nothing
    ids = np.arange(n, dtype=np.int64)
    jitter = ((ids * 2654435761 + st.week * 40503 + st.seed * 97) % 1000) / 1000.0 - 0.5
    cols["mood"] = np.clip(np.rint(1.0 + 4.0 * (c.satisfaction[:n] + 0.25 * jitter)), 1, 5
                           ).astype(np.int8)
    staff_cap = float((s.hours[:ns] * (0.85 + 0.15 * s.morale[:ns] / 100.0))[act_staff].sum())
    return Observation(
        week=st.week,
        weeks=st.params.weeks,
        over=st.over,
        cash=st.cash,
        reputation=st.reputation,
        price_per_hour=st.price_per_hour,
        currency=st.params.firm.currency,
        loaded_hourly_cost=loaded,
        capacity_hours=staff_cap,
        trait_names=st.traits.names,
        client_names=list(st.client_names),
        staff_names=list(st.staff_names),
        clients=Columns(**cols),
        staff=Columns(**{k: getattr(s, k)[:ns].copy() for k in STAFF_SIGNALS}),
        requests=Columns(**{k: getattr(R, k)[:m].copy() for k in REQUEST_FIELDS}),
        notes=list(st.opening_notes),
        weekly={k: list(v) for k, v in st.weekly.items()},
    )
