"""The state of one game: the firm, its staff, its clients and the random streams.

The state owns its random generators (one per subsystem, spawned from the seed), so the same
scenario, seed and decisions give the same bytes. ``GameState.copy`` is cheap enough for
what-if replays from any week.
"""

from __future__ import annotations

from dataclasses import field
from enum import IntEnum

import numpy as np
from numpy.random.bit_generator import ISeedSequence

from .memory import ClientMemory
from .params import GameParams, TraitKind
from .records import record
from .tables import ClientTable, RequestTable, StaffTable, Table


class Code(IntEnum):
    """A code stored in the state's integer columns; ``key`` is its name in the catalogs and
    the run files (``Status.FIRED_POLITE.key == "fired_polite"``)."""

    @property
    def key(self) -> str:
        return self.name.lower()


class Status(Code):
    """A client's status (``clients.status``)."""

    LEAD = 0
    ACTIVE = 1
    CHURNED = 2
    FIRED_POLITE = 3
    FIRED_BLUNT = 4
    PRICED_OUT = 5
    DECLINED = 6


class Origin(Code):
    """How a client came to the firm (``clients.origin``)."""

    START = 0
    LEAD = 1
    REFERRAL = 2
    EVENT = 3
    RETURNING = 4


class StaffStatus(Code):
    """A staff member's status (``staff.status``)."""

    HIRING = 0
    ACTIVE = 1
    GONE = 2


class RequestState(Code):
    """Where a request is (``requests.state``): new in the inbox, or queued from an earlier
    week."""

    INBOX = 0
    QUEUED = 1


# The codes again as plain ints, for the engine's own arithmetic: numpy does not treat an
# IntEnum member as a Python int, so comparing a numpy scalar with one is a hundred times
# slower and ``np.where`` with one widens int8 columns to int64. Their values are the members'.
LEAD, ACTIVE, CHURNED, FIRED_POLITE, FIRED_BLUNT, PRICED_OUT, DECLINED = map(int, Status)
STATUS_NAMES = tuple(s.key for s in Status)
GONE = (CHURNED, FIRED_POLITE, FIRED_BLUNT, PRICED_OUT)

ORIGIN_START, ORIGIN_LEAD, ORIGIN_REFERRAL, ORIGIN_EVENT, ORIGIN_RETURN = map(int, Origin)
ORIGIN_NAMES = tuple(o.key for o in Origin)

STAFF_HIRING, STAFF_ACTIVE, STAFF_GONE = map(int, StaffStatus)

REQ_INBOX, REQ_QUEUED = map(int, RequestState)

STREAMS = ("init", "leads", "requests", "service", "payments", "staff", "churn", "events",
           "letgo", "referrals")


class InvoiceTable(Table):
    """Invoices that will be paid late: the money the firm is waiting for."""

    COMPACTS = True
    CAPACITY = 32
    COLUMNS = {"client": np.int32, "amount": np.int64, "due": np.int16}


class TraitArrays:
    """Trait parameters as arrays indexed by trait id, built once per game (read-only).

    ``kinds`` holds each trait's :class:`TraitKind` by trait id, for the debrief and the
    oracle: :meth:`kind` of one trait by name, :meth:`of_kind` the names of a kind.
    """

    def __init__(self, params: GameParams) -> None:
        traits = params.traits
        self.names = tuple(t.name for t in traits)
        self.index = {name: i for i, name in enumerate(self.names)}
        # (a compiled scenario read back from the cache holds the kind as a plain string)
        self.kinds = tuple(TraitKind(t.kind) for t in traits)

        def col(attr: str) -> np.ndarray:
            arr = np.array([float(getattr(t, attr)) for t in traits], dtype=np.float64)
            arr.setflags(write=False)
            return arr

        self.float_attrs = ("rework_share", "pay_late", "pay_never", "late_weeks", "haggle",
                            "discount", "threat_leave", "incivility", "referrals_per_year",
                            "satisfaction", "satisfaction_speed", "patience", "churn_base",
                            "churn_sensitivity", "complaint_rate", "terms_leave",
                            "price_out_leave", "blame", "return_rate")
        for attr in self.float_attrs:
            setattr(self, attr, col(attr))
        # the same numbers as one (attribute x trait) matrix: a week gathers every client's
        # parameters with one ``take``, not one fancy index per attribute (Week.per_client)
        self.matrix = np.array([getattr(self, a) for a in self.float_attrs])
        self.matrix.setflags(write=False)
        self.polite = np.array([t.signals.polite for t in traits])
        self.asks_discount = np.array([t.signals.asks_discount for t in traits])
        self.agrees_prepay = np.array([t.signals.agrees_prepay for t in traits])
        # the same three as one (signal x trait) matrix: a new lead's signals in one gather
        self.signal_odds = np.array([self.polite, self.asks_discount, self.agrees_prepay])
        # referral mixes as a (traits x traits) matrix of probabilities
        n = len(traits)
        self.refers = np.zeros((n, n))
        for i, t in enumerate(traits):
            for name, share in t.refers:
                if name in self.index:
                    self.refers[i, self.index[name]] += share
            total = self.refers[i].sum()
            self.refers[i] = self.refers[i] / total if total > 0 else np.eye(n)[i]
        self.refers_cum = np.cumsum(self.refers, axis=1)
        # the per-client draws: (mean, spread) arrays by trait, one row per attribute
        self.dist_attrs = ("requests_per_week", "hours_per_request", "budget",
                           "unbilled_hours", "voice")
        self.dist_mean = np.array([[getattr(t, a).mean for t in traits]
                                   for a in self.dist_attrs])
        self.dist_spread = np.array([[getattr(t, a).spread for t in traits]
                                     for a in self.dist_attrs])

    def kind(self, name: str) -> TraitKind:
        """The kind of the trait called ``name`` (``KeyError`` if the game has none)."""
        return self.kinds[self.index[name]]

    def of_kind(self, *kinds: TraitKind) -> tuple[str, ...]:
        """The names of the game's traits of any of ``kinds``, in trait-id order."""
        return tuple(n for n, k in zip(self.names, self.kinds, strict=True) if k in kinds)


def mix_vector(mix: tuple[tuple[str, float], ...], index: dict[str, int]) -> np.ndarray:
    """A trait mix as a probability vector over trait ids."""
    vec = np.zeros(len(index))
    for name, share in mix:
        vec[index[name]] += share
    total = vec.sum()
    return vec / total if total > 0 else np.full(len(index), 1.0 / len(index))


@record
class GameState:
    """Everything that changes during a game. Build one with :func:`sim.engine.new_game`."""

    params: GameParams
    traits: TraitArrays
    seed: int
    rng: dict[str, np.random.Generator]
    week: int = 1
    over: bool = False
    end_reason: str = ""
    cash: int = 0
    reputation: float = 50.0
    price_per_hour: int = 0
    market_rate: int = 0
    lead_rate: float = 0.0
    mix: np.ndarray = field(default_factory=lambda: np.zeros(0))
    clients: ClientTable = field(default_factory=ClientTable)
    client_names: list[str] = field(default_factory=list)
    staff: StaffTable = field(default_factory=StaffTable)
    staff_names: list[str] = field(default_factory=list)
    requests: RequestTable = field(default_factory=RequestTable)
    invoices: InvoiceTable = field(default_factory=InvoiceTable)
    next_request_id: int = 1
    name_counter: int = 0
    # totals and weekly series (the run summary)
    revenue_total: int = 0
    profit_total: int = 0
    weekly: dict[str, list] = field(default_factory=lambda: {
        "cash": [], "profit": [], "revenue": [], "morale": [], "reputation": []})
    # notes produced while the week was opened (events, arrivals), for the observation/report
    opening_notes: list = field(default_factory=list)
    # carried from one week to the next
    pending_costs: int = 0
    pending_referrals: list = field(default_factory=list)
    pending_returns: list = field(default_factory=list)
    returned: set = field(default_factory=set)
    abuse: dict = field(default_factory=dict)
    # what the week report remembers about clients (no result depends on it; not digested)
    memory: ClientMemory = field(default_factory=ClientMemory)

    def copy(self) -> GameState:
        """An independent copy (arrays and random streams included)."""
        # (what copy.copy does for a plain instance, without its reduce protocol)
        new = object.__new__(GameState)
        new.__dict__.update(self.__dict__)
        new.rng = {k: clone_generator(g) for k, g in self.rng.items()}
        new.clients = self.clients.copy()
        new.staff = self.staff.copy()
        new.requests = self.requests.copy()
        new.invoices = self.invoices.copy()
        new.client_names = list(self.client_names)
        new.staff_names = list(self.staff_names)
        new.mix = self.mix.copy()
        new.weekly = {k: list(v) for k, v in self.weekly.items()}
        new.opening_notes = list(self.opening_notes)
        new.pending_referrals = list(self.pending_referrals)
        new.pending_returns = list(self.pending_returns)
        new.returned = set(self.returned)
        new.abuse = dict(self.abuse)
        new.memory = self.memory.copy()
        return new

    # --- convenience views -------------------------------------------------------------
    def active_mask(self) -> np.ndarray:
        return self.clients.status[: self.clients.n] == ACTIVE

    def staff_active_mask(self) -> np.ndarray:
        return self.staff.status[: self.staff.n] == STAFF_ACTIVE

    def client_index(self, name: str) -> int:
        """The newest client row with this name (names repeat only for returning clients)."""
        for i in range(len(self.client_names) - 1, -1, -1):
            if self.client_names[i] == name:
                return i
        raise KeyError(name)

    def staff_index(self, name: str) -> int:
        for i in range(len(self.staff_names) - 1, -1, -1):
            if self.staff_names[i] == name:
                return i
        raise KeyError(name)


class _NoSeed(ISeedSequence):
    """The seed of a bit generator whose state is set at once: zero words.

    ``PCG64()`` seeds itself from the operating system's entropy (a SeedSequence hashed from
    urandom, some 14 µs, ten times per state copy) only for :func:`clone_generator` to
    overwrite that state; with this it starts from zeros instead (1.5 µs). The clone's
    ``seed_seq`` cannot spawn (the entropy-seeded one could, but reproduced nothing)."""

    def generate_state(self, n_words: int, dtype: type = np.uint32) -> np.ndarray:
        return np.zeros(n_words, dtype=dtype)


_NO_SEED = _NoSeed()


def clone_generator(g: np.random.Generator) -> np.random.Generator:
    """An independent generator in the same state (much cheaper than ``deepcopy``)."""
    bg = type(g.bit_generator)(_NO_SEED)
    bg.state = g.bit_generator.state
    return np.random.Generator(bg)


def make_streams(seed: int) -> dict[str, np.random.Generator]:
    """One generator per subsystem, so that a change in one place does not shift the others."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.Generator(np.random.PCG64(ss)) for name, ss in zip(STREAMS, children,
                                                                                 strict=True)}
