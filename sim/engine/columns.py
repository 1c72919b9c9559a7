"""The observation's column bundles: what each column of ``obs.clients``, ``obs.staff`` and
``obs.requests`` holds, its unit and, for codes, its enum.

Each bundle class declares its columns as annotations; each declared column then gets a
:class:`_Column` on the class, which makes it on first read (a live view or a derived column)
unless the bundle was given it (a copy, kept in the instance). The annotation
says what kind of column it is (:data:`Signal`, :data:`Id`, :data:`PriceCue`,
:data:`LedgerColumn`, :data:`Cue`); the name tuples the rest of the program reads
(:data:`CLIENT_SIGNALS`, :data:`STAFF_SIGNALS`, ...) are derived from them, in declaration
order. Money is in cents, time in hours, ``week`` columns are week numbers (0 is the first
week, -1 means never); counts are since the client joined.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np

#: a column copied from the state's table: a signal a manager would have
Signal = Annotated[np.ndarray, "signal"]
#: a stable id (:mod:`sim.engine.ids`): the same client or request in every timeline of the
#: game, where the row (the id decisions use) may shift; not a signal, so not shown
Id = Annotated[np.ndarray, "id"]
#: what the clients say of their price (from the report's memory)
PriceCue = Annotated[np.ndarray, "price_cue"]
#: a column of the client ledger (:func:`sim.engine.client_ledger`), computed on first use
LedgerColumn = Annotated[np.ndarray, "ledger"]
#: a cue computed on first use from what is hidden, never the hidden value itself
Cue = Annotated[np.ndarray, "cue"]


class _Column:
    """A bundle's column made on first read: a non-data descriptor, so that once made the
    array in the instance's ``__dict__`` is found first, as a plain attribute. (It is also
    cheaper than ``__getattr__``, which Python calls only after a failed lookup has raised
    and caught an ``AttributeError``: about 0.75 against 1.2 us a column.)"""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, cols: Columns | None, owner: type | None = None) -> Any:
        if cols is None:
            return self
        name = self.name
        if name in cols._signals:  # a live view (what :meth:`Columns._make` does, inline:
            # the bots read a few dozen of these a week)
            arr = getattr(cols._table, name)[: cols._n]
            arr.setflags(write=False)
            cols.__dict__[name] = arr
            return arr
        return cols._make(name)


class Columns:
    """A bundle of equally long arrays addressed as attributes (``obs.clients.revenue``);
    the ledger columns of :data:`DERIVED` are computed on first use.

    A live bundle (``table`` and ``signals`` given) makes the view of a table column on first
    use too: a bot reads few of the columns (the oracle none of the clients', always-right
    nothing), and a view never asked for costs nothing. Such a view is read-only (its
    ``writeable`` flag is off, which leaves the table's own array as it was), so that a bot
    writing to it by mistake gets numpy's error instead of changing the state."""

    def __init__(self, n: int = 0, derived: Any = None, *, table: Any = None,
                 signals: frozenset[str] = frozenset(), **arrays: np.ndarray) -> None:
        self.__dict__.update(arrays)
        self._n = n
        self._derived = derived
        self._table = table
        self._signals = signals

    def _make(self, name: str) -> np.ndarray:
        """Column ``name`` on its first read (a live signal or a derived column), kept."""
        if name in self._signals:
            arr = getattr(self._table, name)[: self._n]
            arr.setflags(write=False)
        elif self._derived is not None and name in DERIVED:
            arr = self._derived(self, name)
        else:
            raise AttributeError(f"no signal {name!r}")
        self.__dict__[name] = arr
        return arr

    def values(self, name: str) -> list:
        """Column ``name`` as a list of plain Python values (what ``.tolist()`` gives), for
        code that goes row by row. A live signal not read yet is read straight from the table,
        without making (and keeping) a read-only view that only the list would use."""
        arr = self.__dict__.get(name)
        if arr is None:
            if name in self._signals:
                return getattr(self._table, name)[: self._n].tolist()
            arr = getattr(self, name)
        return arr.tolist()

    def __getattr__(self, name: str) -> np.ndarray:
        # only called for a name that is not a column of the bundle (a hidden one): say so
        if name.startswith("_"):
            raise AttributeError(name)
        raise AttributeError(f"no signal {name!r}")

    def __len__(self) -> int:
        """The number of rows (clients, staff or requests)."""
        return self._n

    def names(self) -> list[str]:
        """The columns this bundle holds, sorted."""
        own = {k for k in self.__dict__ if not k.startswith("_")} | self._signals
        return sorted(own | (set(DERIVED) if self._derived is not None else set()))

    def row(self, i: int) -> dict[str, Any]:
        """Row ``i`` as a dict of plain Python values (for printing or a table)."""
        out = {}
        for k in self.names():
            v = getattr(self, k)[i]
            out[k] = v.item() if hasattr(v, "item") else v
        return out


class ClientColumns(Columns):
    """``obs.clients``: one row per client or lead, the row being his id in decisions."""

    #: his :class:`~sim.engine.Status` (lead, active, churned, let go politely or bluntly,
    #: priced out, declined); compare with ``Status.ACTIVE`` or read ``obs.status_of(i)``
    status: Signal
    #: how he came to the firm, an :class:`~sim.engine.Origin` (start, lead, referral,
    #: event, returning)
    origin: Signal
    #: the row of the client who referred him (-1: nobody)
    referred_by: Signal
    #: the row he had before, when he comes back (-1: he is new)
    returning_of: Signal
    #: the week he started working with the firm (-1: still a lead)
    joined: Signal
    #: the week he left or was let go (-1: he has not)
    left: Signal
    #: the staff row that owns his account (-1: nobody)
    owner: Signal
    #: first-contact signal (noisy): he was polite
    sig_polite: Signal
    #: first-contact signal (noisy): he asked for a discount
    sig_discount: Signal
    #: first-contact signal (noisy): he agreed to pay up front
    sig_prepay: Signal
    #: his term: his price as a multiple of the list price per hour
    price_factor: Signal
    #: his term: he pays before the work is done
    prepay: Signal
    #: his term: the work is defined in writing (caps unbilled hours and rework)
    scope: Signal
    #: his term: he talks to one person only (caps unbilled hours and incidents)
    contact: Signal
    #: his term: personal attention, first in the queue
    vip: Signal
    #: his term: the discounts he demands are given
    grant_discounts: Signal
    #: he is turned away if he comes back as a lead
    blacklisted: Signal
    #: his price is being raised so that he leaves
    pricing_out: Signal
    #: weeks his oldest open request has waited
    wait_weeks: Signal
    #: money invoiced to him so far, after discounts (cents)
    revenue: Signal
    #: money given away to him in discounts so far (cents)
    discounts: Signal
    #: invoices he will never pay (cents)
    bad_debt: Signal
    #: what waiting for his late payments has cost (cents)
    credit_cost: Signal
    #: hours of work he paid for so far (hours)
    billable_hours: Signal
    #: hours he took and did not pay for so far (hours)
    unbilled_hours: Signal
    #: requests he has sent (count)
    requests: Signal
    #: his requests the firm declined (count)
    declined_requests: Signal
    #: invoices he has received (count)
    invoices: Signal
    #: invoices he paid late (count)
    late_invoices: Signal
    #: invoices he never paid (count)
    unpaid_invoices: Signal
    #: discounts he demanded (count)
    discount_demands: Signal
    #: complaints he made (count)
    complaints: Signal
    #: incidents with the staff (count)
    incidents: Signal
    #: new clients he sent to the firm (count)
    referrals: Signal
    #: paid hours spent on him last week (hours)
    week_billable: Signal
    #: unpaid hours he took last week (hours)
    week_unbilled: Signal
    #: what he was invoiced last week (cents)
    week_revenue: Signal
    #: new requests from him this week (count)
    week_requests: Signal
    #: your guess of his kind, an index into ``obs.trait_names`` (-1: no guess)
    tag: Signal
    #: how sure the guess is (0-1)
    tag_confidence: Signal
    #: the week the guess was made (-1: no guess)
    tag_week: Signal
    #: the week since which he says his price is more than he will pay (-1: he does not)
    price_objection: PriceCue
    #: in how many weeks he has said so (count)
    price_objections: PriceCue
    #: his stable id: not a signal, a name that lasts across timelines
    uid: Id
    #: his hours (billable and unbilled) at the loaded hourly cost (cents)
    hours_cost: LedgerColumn
    #: hours cost + credit cost + bad debt (cents)
    cost_to_serve: LedgerColumn
    #: revenue - cost to serve (cents)
    profit: LedgerColumn
    #: a noisy 1-5 cue of how pleased he is (never his hidden satisfaction)
    mood: Cue


class StaffColumns(Columns):
    """``obs.staff``: one row per staff member, the row being his id in decisions."""

    #: hours he works a week (hours)
    hours: Signal
    #: his weekly wage (cents)
    wage: Signal
    #: his morale (0-100)
    morale: Signal
    #: his :class:`~sim.engine.StaffStatus` (hiring, active, gone)
    status: Signal
    #: the week he started (-1: not yet)
    joined: Signal
    #: the week he left (-1: he has not)
    left: Signal
    #: overtime decided for this week (hours)
    overtime: Signal
    #: hours he worked last week (hours)
    week_hours: Signal
    #: incidents with clients last week (count)
    week_incidents: Signal
    #: incidents with clients so far (count)
    incidents: Signal
    #: weeks in which a client abused him (count)
    abuse_weeks: Signal


class RequestColumns(Columns):
    """``obs.requests``: one row per open request (new or queued)."""

    #: the request's id in decisions (``Decisions.requests`` is keyed by it)
    rid: Signal
    #: the row of the client who sent it
    client: Signal
    #: the hours it needs in all (hours)
    hours: Signal
    #: the hours still to do (hours)
    hours_left: Signal
    #: the week it arrived
    week: Signal
    #: a :class:`~sim.engine.RequestState` (new in the inbox, or queued)
    state: Signal
    #: the staff row it is assigned to (-1: nobody)
    staff: Signal
    #: its stable id: not a signal, a name that lasts across timelines
    uid: Id


#: the kinds of column by the name an annotation gives them
_KINDS = {"Signal": Signal, "Id": Id, "PriceCue": PriceCue, "LedgerColumn": LedgerColumn,
          "Cue": Cue}


def columns_of(bundle: type[Columns], *kinds: Any) -> tuple[str, ...]:
    """The columns ``bundle`` declares, in declaration order; only those of the given kinds
    (:data:`Signal`, :data:`Id`, ...) when any is given.

    The annotations are read as written (this module defers them, so each is the name of its
    kind) rather than evaluated with ``typing.get_type_hints``, which cost every command
    5 ms at start-up; a name that is not a kind fails the import."""
    own = bundle.__dict__.get("__annotations__", {})
    return tuple(name for name, kind in own.items() if not kinds or _KINDS[kind] in kinds)


# every declared column is read through a :class:`_Column` until it is made
for _bundle in (ClientColumns, StaffColumns, RequestColumns):
    for _name in columns_of(_bundle):
        setattr(_bundle, _name, _Column(_name))
del _bundle, _name

#: the client columns copied from the state (and the ids, kept apart: not signals)
CLIENT_SIGNALS = columns_of(ClientColumns, Signal)
IDS = columns_of(ClientColumns, Id)
PRICE_CUES = columns_of(ClientColumns, PriceCue)
#: the columns of the client ledger (:func:`sim.engine.client_ledger`)
LEDGER = columns_of(ClientColumns, LedgerColumn)
#: the client columns computed on first use
DERIVED = columns_of(ClientColumns, LedgerColumn, Cue)
STAFF_SIGNALS = columns_of(StaffColumns, Signal)
REQUEST_FIELDS = columns_of(RequestColumns)
