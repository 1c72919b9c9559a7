"""What the player (or a bot) sees: signals a manager would have, never the hidden trait.

An :class:`Observation` holds copies of arrays (one per signal, indexed like the client ids),
so it stays valid after the state moves on. Only the oracle bot and the debrief look at the
state itself. What each column holds, its unit and its enum are in :mod:`sim.engine.columns`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .columns import (
    CLIENT_SIGNALS,
    DERIVED,
    IDS,
    LEDGER,
    PRICE_CUES,
    REQUEST_FIELDS,
    STAFF_SIGNALS,
    ClientColumns,
    Columns,
    RequestColumns,
    StaffColumns,
)
from .cost_to_serve import ledger_of, ledger_profit, loaded_hourly_cost
from .params import STAR
from .report import Note
from .state import ACTIVE, LEAD, STAFF_ACTIVE, STATUS_NAMES, GameState, Origin, StaffStatus, Status

__all__ = ["CLIENT_SIGNALS", "DERIVED", "IDS", "LEDGER", "PRICE_CUES", "REQUEST_FIELDS",
           "STAFF_SIGNALS", "ClientColumns", "Columns", "Observation", "RequestColumns",
           "StaffColumns", "client_profits", "observe"]

_CLIENT_COLUMNS = CLIENT_SIGNALS + IDS


def _client_derived(loaded: float, week: int, seed: int, satisfaction: np.ndarray,
                    noise: float):
    """The ledger columns computed from the signals (:func:`~sim.engine.cost_to_serve.ledger_of`
    at the loaded hourly cost), and a noisy 1-5 mood cue instead of the hidden satisfaction."""

    def compute(cols: ClientColumns, name: str) -> np.ndarray:
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


def client_profits(obs: Observation, rows: list[int]) -> list[int]:
    """``obs.clients.profit`` of the clients ``rows``, as ints, for code that goes client by
    client: read from the column once it is made, else worked out for these clients alone
    (a few dozen are cheaper one by one than the ledger's columns for every row) by the
    same ledger (:func:`~sim.engine.cost_to_serve.ledger_of` at the observation's loaded
    hourly cost; Python's ``round`` of a float is numpy's ``rint``, halves to even)."""
    c = obs.clients
    made = c.__dict__.get("profit")
    if made is not None:
        profit = made.tolist()
        return [profit[i] for i in rows]
    loaded = obs.loaded_hourly_cost
    revenue, credit, bad_debt, billable, unbilled = (
        c.values(k) for k in ("revenue", "credit_cost", "bad_debt", "billable_hours",
                              "unbilled_hours"))
    return [ledger_profit(revenue[i], credit[i], bad_debt[i],
                          round((billable[i] + unbilled[i]) * loaded)) for i in rows]


@dataclass
class Observation:
    """The player's view of week ``week`` before deciding it.

    Decisions name clients and requests by row and ``rid``; ``clients.uid`` and
    ``requests.uid`` are their stable ids (:mod:`sim.engine.ids`)."""

    #: the week about to be decided (0 is the first)
    week: int
    #: the game's length (weeks)
    weeks: int
    #: the game has ended (played out or bankrupt)
    over: bool
    #: the firm's cash (cents)
    cash: int
    #: the firm's reputation (0-100; :attr:`stars` is the same out of 5)
    reputation: float
    #: the list price of an hour (cents)
    price_per_hour: int
    #: the currency the cents are of (``"EUR"``...)
    currency: str
    #: wages and fixed costs per staff hour (cents an hour)
    loaded_hourly_cost: float
    #: the hours the active staff can work this week (hours)
    capacity_hours: float
    #: the kinds of client the scenario has, by trait index (for tags)
    trait_names: tuple[str, ...]
    #: each client's name, by row
    client_names: list[str]
    #: each staff member's name, by row
    staff_names: list[str]
    #: one row per client or lead (what each column holds: :class:`ClientColumns`)
    clients: ClientColumns
    #: one row per staff member (:class:`StaffColumns`)
    staff: StaffColumns
    #: one row per open request (:class:`RequestColumns`)
    requests: RequestColumns
    #: this week's events so far
    notes: list[Note] = field(default_factory=list)
    #: the series so far by name (cash, profit, revenue, morale, reputation), one per week
    weekly: dict[str, list] = field(default_factory=dict)
    #: the most overtime hours a week the rules allow a staff member (a legal decision)
    max_overtime: float = 12.0

    @property
    def stars(self) -> float:
        """The reputation in stars (0-5)."""
        return self.reputation / STAR

    def active_clients(self) -> np.ndarray:
        """The rows of the clients working with the firm now (``Status.ACTIVE``)."""
        return (self.clients.status == ACTIVE).nonzero()[0]

    def leads(self) -> np.ndarray:
        """The rows of the leads waiting for an answer this week (``Status.LEAD``)."""
        return (self.clients.status == LEAD).nonzero()[0]

    def active_staff(self) -> np.ndarray:
        """The rows of the staff working now (``StaffStatus.ACTIVE``)."""
        return (self.staff.status == STAFF_ACTIVE).nonzero()[0]

    def status_of(self, i: int) -> Status:
        """Client ``i``'s status as a :class:`Status` (``obs.status_of(i) is Status.LEAD``)."""
        return Status(int(self.clients.status[i]))

    def origin_of(self, i: int) -> Origin:
        """How client ``i`` came to the firm, as an :class:`Origin`."""
        return Origin(int(self.clients.origin[i]))

    def staff_status_of(self, j: int) -> StaffStatus:
        """Staff member ``j``'s status as a :class:`StaffStatus`."""
        return StaffStatus(int(self.staff.status[j]))

    def status_name(self, i: int) -> str:
        """Client ``i``'s status as its catalog key (``"active"``, ``"fired_polite"``...)."""
        return STATUS_NAMES[int(self.clients.status[i])]

    def tenure(self) -> np.ndarray:
        """Weeks each client has been with the firm (0 for leads)."""
        return np.where(self.clients.joined >= 0, self.week - self.clients.joined, 0)


_CLIENT_SET = frozenset(_CLIENT_COLUMNS)
_STAFF_SET = frozenset(STAFF_SIGNALS)
_REQUEST_SET = frozenset(REQUEST_FIELDS)


def observe(st: GameState, *, live: bool = False) -> Observation:
    """Build the observation of the current (opened) week.

    By default every array is a copy, so the observation stays valid and nothing hidden can
    be reached from it. ``live=True`` (used by the built-in bots) gives read-only views of the
    state, each made when first read, that are valid only until the state changes; the lists
    (names, the weekly series) are copies either way (a few of them cost less than a column),
    so that a bot cannot change the state through its observation.
    """
    c, s, R = st.clients, st.staff, st.requests
    n, ns, m = c.n, s.n, R.n
    act_staff = s.status[:ns] == STAFF_ACTIVE
    loaded = loaded_hourly_cost(st)
    sat = c.satisfaction[:n] if live else c.satisfaction[:n].copy()
    derived = _client_derived(loaded, st.week, st.seed, sat, st.params.rules.mood_noise)
    if live:
        # read-only views of the used rows, valid until the state changes, each made when a
        # bot first reads it (:class:`Columns`): only the built-in bots get them
        clients = ClientColumns(n, derived, table=c, signals=_CLIENT_SET)
        staff = StaffColumns(ns, table=s, signals=_STAFF_SET)
        requests = RequestColumns(m, table=R, signals=_REQUEST_SET)
    else:
        clients = ClientColumns(n, derived,
                                **{k: getattr(c, k)[:n].copy() for k in _CLIENT_COLUMNS})
        staff = StaffColumns(ns, **{k: getattr(s, k)[:ns].copy() for k in STAFF_SIGNALS})
        requests = RequestColumns(m, **{k: getattr(R, k)[:m].copy() for k in REQUEST_FIELDS})
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
        client_names=list(st.client_names),
        staff_names=list(st.staff_names),
        clients=clients,
        staff=staff,
        requests=requests,
        notes=list(st.opening_notes),
        weekly={k: list(v) for k, v in st.weekly.items()},
        max_overtime=float(r.max_overtime),
    )
