"""What the player (or a bot) sees: signals a manager would have, never the hidden trait.

An :class:`Observation` holds copies of arrays (one per signal, indexed like the client ids),
so it stays valid after the state moves on. Only the oracle bot and the debrief look at the
state itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .cost_to_serve import ledger_of, loaded_hourly_cost
from .params import STAR
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
#: the stable ids (:mod:`sim.engine.ids`): the same client or request in every timeline of
#: the game, where the row (the id decisions use) may shift; not signals, so not shown
IDS = ("uid",)
_CLIENT_COLUMNS = CLIENT_SIGNALS + IDS
#: what the clients say of their price (from the report's memory, see :meth:`observe`)
PRICE_CUES = ("price_objection", "price_objections")

STAFF_SIGNALS = ("hours", "wage", "morale", "status", "joined", "left", "overtime",
                 "week_hours", "week_incidents", "incidents", "abuse_weeks")

REQUEST_FIELDS = ("rid", "client", "hours", "hours_left", "week", "state", "staff", *IDS)


class Columns:
    """A bundle of equally long arrays addressed as attributes (``obs.clients.revenue``);
    the ledger columns of :data:`DERIVED` are computed on first use.

    A live bundle (``table`` and ``signals`` given) makes the view of a table column on first
    use too (cheaper when a bot reads few of the signals)."""

    def __init__(self, n: int = 0, derived: Any = None, *, table: Any = None,
                 signals: frozenset[str] = frozenset(), **arrays: np.ndarray) -> None:
        self.__dict__.update(arrays)
        self._n = n
        self._derived = derived
        self._table = table
        self._signals = signals

    def __getattr__(self, name: str) -> np.ndarray:
        # only called for names not yet in __dict__: a live signal, a derived column, or a
        # hidden one
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._signals:
            arr = getattr(self._table, name)[: self._n]
        elif self._derived is not None and name in DERIVED:
            arr = self._derived(self, name)
        else:
            raise AttributeError(f"no signal {name!r}")
        self.__dict__[name] = arr
        return arr

    def __len__(self) -> int:
        return self._n

    def names(self) -> list[str]:
        own = {k for k in self.__dict__ if not k.startswith("_")} | self._signals
        return sorted(own | (set(DERIVED) if self._derived is not None else set()))

    def row(self, i: int) -> dict[str, Any]:
        out = {}
        for k in self.names():
            v = getattr(self, k)[i]
            out[k] = v.item() if hasattr(v, "item") else v
        return out


#: the columns of the client ledger (:func:`sim.engine.client_ledger`)
LEDGER = ("hours_cost", "cost_to_serve", "profit")
DERIVED = (*LEDGER, "mood")


def _client_derived(loaded: float, week: int, seed: int, satisfaction: np.ndarray,
                    noise: float):
    """The ledger columns computed from the signals (:func:`~sim.engine.cost_to_serve.ledger_of`
    at the loaded hourly cost), and a noisy 1-5 mood cue instead of the hidden satisfaction."""

    def compute(cols: Columns, name: str) -> np.ndarray:
        if name in LEDGER:
            books = ledger_of(cols.revenue, cols.credit_cost, cols.bad_debt,
                              cols.billable_hours + cols.unbilled_hours, loaded)
            for k in LEDGER:  # the three columns at once: one is rarely read alone
                cols.__dict__.setdefault(k, getattr(books, k))
            return getattr(books, name)
        # the noise is a pure function of seed, week and client, so observing changes nothing
        ids = np.arange(len(satisfaction), dtype=np.int64)
        jitter = ((ids * 2654435761 + week * 40503 + seed * 97) % 1000) / 1000.0 - 0.5
        return np.minimum(np.maximum(np.rint(1.0 + 4.0 * (satisfaction + noise * jitter)), 1),
                          5).astype(np.int8)

    return compute


@dataclass
class Observation:
    """The player's view of week ``week`` before deciding it.

    Decisions name clients and requests by row and ``rid``; ``clients.uid`` and
    ``requests.uid`` are their stable ids (:mod:`sim.engine.ids`)."""

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
    max_overtime: float = 12.0  # the rules' most overtime hours a week (a legal decision)

    @property
    def stars(self) -> float:
        return self.reputation / STAR

    def active_clients(self) -> np.ndarray:
        return (self.clients.status == ACTIVE).nonzero()[0]

    def leads(self) -> np.ndarray:
        return (self.clients.status == LEAD).nonzero()[0]

    def active_staff(self) -> np.ndarray:
        return (self.staff.status == STAFF_ACTIVE).nonzero()[0]

    def status_name(self, i: int) -> str:
        return STATUS_NAMES[int(self.clients.status[i])]

    def tenure(self) -> np.ndarray:
        """Weeks each client has been with the firm (0 for leads)."""
        return np.where(self.clients.joined >= 0, self.week - self.clients.joined, 0)


_STAFF_SET = frozenset(STAFF_SIGNALS)
_REQUEST_SET = frozenset(REQUEST_FIELDS)


def observe(st: GameState, *, live: bool = False) -> Observation:
    """Build the observation of the current (opened) week.

    By default every array is a copy, so the observation stays valid and nothing hidden can
    be reached from it. ``live=True`` (used by the built-in bots) gives views of the state
    that are valid only until it changes, and must not be written to.
    """
    c, s, R = st.clients, st.staff, st.requests
    n, ns, m = c.n, s.n, R.n
    act_staff = s.status[:ns] == STAFF_ACTIVE
    loaded = loaded_hourly_cost(st)
    sat = c.satisfaction[:n] if live else c.satisfaction[:n].copy()
    derived = _client_derived(loaded, st.week, st.seed, sat, st.params.rules.mood_noise)
    if live:
        # views of the used rows, valid until the state changes. They are not write-protected
        # (that would cost more than the bots' whole decision): only the built-in bots get
        # them, and a test checks that they never write. Bots read most client signals (all
        # views are made at once, cheaper than one by one) and few of staff and requests
        # (their views are made on first use)
        clients = Columns(n, derived, **{k: getattr(c, k)[:n] for k in _CLIENT_COLUMNS})
        staff = Columns(ns, table=s, signals=_STAFF_SET)
        requests = Columns(m, table=R, signals=_REQUEST_SET)
    else:
        clients = Columns(n, derived, **{k: getattr(c, k)[:n].copy() for k in _CLIENT_COLUMNS})
        staff = Columns(ns, **{k: getattr(s, k)[:ns].copy() for k in STAFF_SIGNALS})
        requests = Columns(m, **{k: getattr(R, k)[:m].copy() for k in REQUEST_FIELDS})
    # a client whose price is above what he is willing to pay says so, and buys less: the
    # week since he says it (-1: he does not) and in how many weeks he has said it
    clients.price_objection, clients.price_objections = st.memory.price_cues(n)
    r = st.params.rules
    productivity = r.productivity_base + r.productivity_per_morale * s.morale[:ns]
    staff_cap = float((s.hours[:ns] * productivity) @ act_staff)
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
        client_names=st.client_names if live else list(st.client_names),
        staff_names=st.staff_names if live else list(st.staff_names),
        clients=clients,
        staff=staff,
        requests=requests,
        notes=list(st.opening_notes),
        weekly=st.weekly if live else {k: list(v) for k, v in st.weekly.items()},
        max_overtime=float(r.max_overtime),
    )
