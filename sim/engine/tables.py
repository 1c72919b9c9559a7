"""Column tables: one numpy array per attribute, grown by doubling.

Clients, staff and requests are rows of such tables, so that a week over 200 clients is a
handful of vectorised operations. Rows are only ever appended (clients and staff keep their
index for the whole game, which is their id in decisions); requests are compacted when they
are done. A client's or request's ``uid`` column is its stable id across timelines
(:mod:`sim.engine.ids`).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np


class Table:
    """A set of equally long arrays; ``n`` rows are in use, the rest is spare capacity."""

    COLUMNS: ClassVar[dict[str, Any]] = {}
    DEFAULTS: ClassVar[dict[str, Any]] = {}
    #: tables whose rows are removed (requests, invoices) must zero reused rows on add
    COMPACTS: ClassVar[bool] = False
    #: rows allocated at first: about what a game needs, so that tables rarely grow (growing
    #: copies every column; capacity never shows in results, digests read the first n rows)
    CAPACITY: ClassVar[int] = 8
    #: columns that name rows rather than describe them (the stable ids of
    #: :mod:`sim.engine.ids`): no result depends on them, so the state digest leaves them out
    #: and run files recorded before they existed still verify
    IDS: ClassVar[frozenset[str]] = frozenset()
    #: columns the player never sees (the hidden behaviour, the engine's own bookkeeping):
    #: the observation shows every other column (:mod:`sim.engine.columns`, checked by a test)
    HIDDEN: ClassVar[frozenset[str]] = frozenset()
    # derived once per class (``__init_subclass__``): the column names, and what ``add``
    # writes into new rows, as tuples (a week adds and compacts rows a dozen times)
    _NAMES: ClassVar[tuple[str, ...]] = ()
    _FILL: ClassVar[tuple[tuple[str, Any], ...]] = ()
    _FILL_BUT: ClassVar[dict[frozenset[str], tuple[tuple[str, Any], ...]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._NAMES = tuple(cls.COLUMNS)
        # a compacting table reuses garbage rows: add resets every column; in the others the
        # spare rows already hold the defaults (_spare_defaults), so add writes nothing
        cls._FILL = (tuple((name, cls.DEFAULTS.get(name, 0)) for name in cls.COLUMNS)
                     if cls.COMPACTS else ())
        cls._FILL_BUT = {}  # _FILL without the columns a caller writes, by those columns

    def __init__(self, capacity: int | None = None) -> None:
        self.n = 0
        if capacity is None:
            capacity = self.CAPACITY
        for name, dtype in self.COLUMNS.items():
            setattr(self, name, np.zeros(capacity, dtype=dtype))
        self._spare_defaults()

    def _spare_defaults(self) -> None:
        """Give the spare rows (past ``n``) of a table that never removes rows its defaults,
        once when they are allocated rather than on every :meth:`add`: nothing writes past
        ``n`` but ``add``, so they are still the defaults when a row is added."""
        if not self.COMPACTS:
            for name, value in self.DEFAULTS.items():
                getattr(self, name)[self.n :] = value

    @property
    def capacity(self) -> int:
        return len(getattr(self, self._NAMES[0]))

    def add(self, count: int = 1, *, written: frozenset[str] = frozenset()) -> slice:
        """Append ``count`` rows filled with defaults; return their slice.

        ``written``: columns the caller sets in every new row at once, which a compacting
        table then does not reset first (a week's requests write eight of ten)."""
        need = self.n + count
        capacity = self.capacity
        if need > capacity:
            new_cap = max(need, 2 * capacity)
            for name, dtype in self.COLUMNS.items():
                arr = np.zeros(new_cap, dtype=dtype)
                arr[: self.n] = getattr(self, name)[: self.n]
                setattr(self, name, arr)
            self._spare_defaults()
        rows = slice(self.n, need)
        fill = self._FILL
        if written:
            fill = self._FILL_BUT.get(written)
            if fill is None:  # (worked out once per set of columns)
                fill = type(self)._FILL_BUT[written] = tuple(
                    (name, value) for name, value in self._FILL if name not in written)
        for name, value in fill:
            getattr(self, name)[rows] = value
        self.n = need
        return rows

    def keep(self, mask: np.ndarray) -> None:
        """Keep only the rows where ``mask`` is true (used for finished requests). Rows past
        ``n`` are garbage until :meth:`add` fills them."""
        kept = mask.nonzero()[0]  # once, not once per column
        k = len(kept)
        if k == self.n:
            return  # nothing to remove
        if k:  # (nothing kept: no row to move)
            for name in self._NAMES:
                arr = getattr(self, name)
                arr[:k] = arr[kept]
        self.n = k

    def copy(self) -> Table:
        new = object.__new__(type(self))
        new.n = self.n
        for name in self.COLUMNS:
            setattr(new, name, getattr(self, name).copy())
        return new


class ClientTable(Table):
    """Clients and leads. Hidden columns (``trait`` and the drawn behaviour) never leave the
    engine except through the oracle and the debrief."""

    COLUMNS = {
        # identity and status (``uid``: the stable id, see sim.engine.ids)
        "uid": np.int64,
        "trait": np.int16,
        "status": np.int8,
        "origin": np.int8,
        "referred_by": np.int32,
        "returning_of": np.int32,
        "joined": np.int16,
        "left": np.int16,
        "lead_week": np.int16,
        "owner": np.int16,
        # hidden behaviour, drawn once
        "req_rate": np.float64,
        "req_hours": np.float64,
        "budget": np.float64,
        "unbilled_mean": np.float64,
        "voice": np.float64,
        # lead signals (observable)
        "sig_polite": np.bool_,
        "sig_discount": np.bool_,
        "sig_prepay": np.bool_,
        # terms (observable, set by the player)
        "price_factor": np.float64,
        "prepay": np.bool_,
        "scope": np.bool_,
        "contact": np.bool_,
        "vip": np.bool_,
        "grant_discounts": np.bool_,
        "blacklisted": np.bool_,
        "pricing_out": np.bool_,
        "terms_tightened": np.bool_,
        # dynamic
        "satisfaction": np.float64,
        "wait_weeks": np.int16,
        "vip_weeks": np.int16,
        "contribution_avg": np.float64,
        # cumulative ledger (cents and hours)
        "revenue": np.int64,
        "discounts": np.int64,
        "bad_debt": np.int64,
        "credit_cost": np.int64,
        "billable_hours": np.float64,
        "unbilled_hours": np.float64,
        "requests": np.int32,
        "declined_requests": np.int32,
        "invoices": np.int32,
        "late_invoices": np.int32,
        "unpaid_invoices": np.int32,
        "discount_demands": np.int32,
        "complaints": np.int32,
        "incidents": np.int32,
        "referrals": np.int32,
        # last week (for the observation and the report)
        "week_billable": np.float64,
        "week_unbilled": np.float64,
        "week_revenue": np.int64,
        "week_requests": np.int16,
        "chase_hours": np.float64,
        # hours his terms cost this week (a written scope to draft, changes to renegotiate)
        "terms_hours": np.float64,
        # this week's requests held back for a scope renegotiation
        "week_held": np.int16,
        # the player's type tag (for the debrief)
        "tag": np.int16,
        "tag_confidence": np.float64,
        "tag_week": np.int16,
    }
    CAPACITY = 128
    IDS = frozenset({"uid"})
    HIDDEN = frozenset({
        # what he is and how he behaves (the debrief's and the oracle's, never the player's)
        "trait", "req_rate", "req_hours", "budget", "unbilled_mean", "voice", "satisfaction",
        # the engine's bookkeeping (the mood cue and the ledger show what a manager would see)
        "lead_week", "terms_tightened", "vip_weeks", "contribution_avg", "chase_hours",
        "terms_hours", "week_held",
    })
    DEFAULTS = {
        "referred_by": -1,
        "returning_of": -1,
        "left": -1,
        "owner": -1,
        "price_factor": 1.0,
        "grant_discounts": True,
        "tag": -1,
        "tag_week": -1,
    }


class StaffTable(Table):
    COLUMNS = {
        "hours": np.float64,
        "wage": np.int64,
        "morale": np.float64,
        "status": np.int8,
        "joined": np.int16,
        "left": np.int16,
        "overtime": np.float64,
        "time_off": np.bool_,
        "week_hours": np.float64,
        "week_incidents": np.int16,
        "incidents": np.int32,
        "abuse_weeks": np.int32,
    }
    CAPACITY = 16
    HIDDEN = frozenset({"time_off"})  # last week's decision, cleared when a week is played
    DEFAULTS = {"left": -1, "morale": 70.0}


class RequestTable(Table):
    COMPACTS = True
    CAPACITY = 256
    COLUMNS = {
        "rid": np.int64,
        # the stable id (see sim.engine.ids)
        "uid": np.int64,
        "client": np.int32,
        "hours": np.float64,
        "hours_left": np.float64,
        "week": np.int16,
        "state": np.int8,
        "staff": np.int16,
        "cap": np.float64,
        # the first week it can be worked on (a change outside a written scope waits a week)
        "hold": np.int16,
    }
    IDS = frozenset({"uid"})
    HIDDEN = frozenset({"cap", "hold"})
    DEFAULTS = {"staff": -1, "cap": -1.0}
