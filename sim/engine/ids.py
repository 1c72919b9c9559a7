"""Stable ids: every client and request named the same way in every timeline of one game.

A client's id in the decisions is his row (his index in the week's observation), and rows
shift when a changed decision brings one lead more or less: after a different week 9, the
client in row 40 may be someone else. So the engine gives each client and each request, where
it makes them, a ``uid`` that depends only on how he came, never on how many came before:

- a **client's uid** is a function of his origin, the week he came (``lead_week``), the uid of
  the client he came through (the referrer of a referral, the former client a returning one
  comes back as; nobody for the others) and his rank among those who came the same way that
  week (the same origin, week and parent);
- a **request's uid** is a function of its client's uid, the week it came (0 for the order
  book) and its place among the requests he sent that week.

What the same uid means in two timelines (the invariant rests on how leads are made, see
``sim.engine.week._new_leads``):

- a client of the start or one who arrives by scripted event is the same person (trait and
  behaviour drawn from streams nothing else moves);
- the ``k``-th market lead of week ``w`` is the same person: the market's stream is consumed
  the same way every week whatever happened before (a fixed number of candidates, of which
  reputation and room only decide how many come), so his trait, behaviour and first-contact
  signals are the same;
- a returning client is the former client he returns as (trait and behaviour copied; his
  first-contact signals are drawn again);
- a referral is the referral his referrer made that week. His trait and behaviour are drawn
  from the referrals stream, which the rest of the game moves too, so two timelines may give
  the same uid different traits.

Generated names come from one counter for the whole game, so they shift with the count of
leads: they are not stable ids (a name is for the player). Uids draw nothing and never enter
the state digest (``Table.IDS``), so run files recorded before they existed still verify.

Layout: a client's uid is ``h << 19 | lead_week << 3 | origin`` (``h`` is the rank for start,
market and event clients, a 44-bit hash of the parent's uid and the rank for referrals and
returns), so :func:`uid_origin` and :func:`uid_week` read them back; a request's uid is a
63-bit hash. The hashes are splitmix64: two ids of a game coincide with a probability under
1e-9.

:func:`carry_over` uses them to carry a week's decisions to another timeline.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import numpy as np

from . import decisions as D
from .state import GameState
from .validate import STAFF_PROBLEMS, UNAVAILABLE, decision_problems

_ORIGIN_BITS, _WEEK_BITS = 3, 16
_SHIFT = _ORIGIN_BITS + _WEEK_BITS
_HASH44 = np.uint64((1 << (63 - _SHIFT)) - 1)
_HASH63 = np.uint64((1 << 63) - 1)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser on uint64 arrays (numpy's array arithmetic wraps mod 2**64)."""
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


def _hash(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A 64-bit hash of pairs of non-negative int64s."""
    return _mix(a.astype(np.uint64) * _GOLDEN + b.astype(np.uint64))


def client_uids(origin: int, week: int, rank: np.ndarray,
                parent: np.ndarray | None = None) -> np.ndarray:
    """The uids of clients who came the same way in ``week``: their ``rank`` among those of
    the same origin, week and parent uid (``parent``; None for clients who came through
    nobody)."""
    rank = np.asarray(rank, dtype=np.int64)
    h = rank if parent is None else (_hash(np.asarray(parent), rank) & _HASH44).astype(np.int64)
    return (h << _SHIFT) | (np.int64(week) << _ORIGIN_BITS) | np.int64(origin)


def client_uid(origin: int, week: int, rank: int) -> int:
    """:func:`client_uids` of one client who came through nobody."""
    return (rank << _SHIFT) | (week << _ORIGIN_BITS) | origin


def request_uids(client_uid: np.ndarray, week: int, place: np.ndarray) -> np.ndarray:
    """The uids of requests that came in ``week``: their client's uid and their ``place``
    among his requests of that week."""
    # _hash(client_uid, week << 20 | place), worked in place on one array (a week's requests
    # are a few dozen: the cost is the count of operations): places are below 2**20, so
    # adding the week's bits and the place is or-ing them, and uint64 sums wrap as _hash's do
    x = np.asarray(client_uid).astype(np.uint64)
    x *= _GOLDEN
    x += np.asarray(place).astype(np.uint64)
    x += np.uint64(week << 20)
    y = x >> _S30
    x ^= y
    x *= _M1
    np.right_shift(x, _S27, out=y)
    x ^= y
    x *= _M2
    np.right_shift(x, _S31, out=y)
    x ^= y
    x &= _HASH63
    return x.view(np.int64)


def uid_origin(uid: int) -> int:
    """How the client of ``uid`` came (an :class:`~sim.engine.Origin` value)."""
    return int(uid) & ((1 << _ORIGIN_BITS) - 1)


def uid_week(uid: int) -> int:
    """The week the client of ``uid`` came (his ``lead_week``)."""
    return (int(uid) >> _ORIGIN_BITS) & ((1 << _WEEK_BITS) - 1)


def _uids(x: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(client uids by row, open request ids, their uids) of a state or an observation."""
    c, r = x.clients, x.requests
    if isinstance(x, GameState):
        return c.uid[: c.n], r.rid[: r.n], r.uid[: r.n]
    return c.uid, r.rid, r.uid


def _client_uids(x: Any) -> np.ndarray:
    """The client uids by row of a state or an observation (the first of :func:`_uids`)."""
    c = x.clients
    return c.uid[: c.n] if isinstance(x, GameState) else c.uid


def carry_over(decisions: D.Decisions, source: Any, target: GameState, *,
               share: bool = False) -> D.Decisions:
    """A week's decisions carried to another timeline of the same game.

    ``decisions`` were taken for ``source`` (a state or an :class:`Observation` of some week);
    ``target`` is that week in another timeline. Clients and requests are found in ``target``
    by uid (staff keep their ids: they come by decision and event, not by lead), and what is
    not there to decide on is left out by the rules :func:`~sim.engine.step` checks (a client
    gone or not a lead any more, a request not open, a staff member not at work; a request
    whose staff member is not at work keeps its plan without him). A value no timeline
    accepts (an unknown manner, a number out of range) is kept, for ``step`` to refuse: the
    decisions carried over are legal in ``target`` when they were legal in ``source``. With
    ``source`` the very state ``target`` is, this only leaves out what is not there. Pure:
    nothing is changed.

    Every part keyed by a client or a request is a new container, unless ``share``: then
    decisions that carry over as they are (everyone they name in the same row, nothing left
    out) come back as the very object given, so ``carried is decisions`` tells a caller
    cheaply that nothing moved (a what-if replays a few thousand weeks, most of them so).
    """
    if target.over:
        return D.Decisions()  # nothing applies to a game that is over (step refuses it)
    # Most weeks of a game decide nothing about requests, and about a few clients who kept
    # their rows: each one named is looked up where he was (his uid in the same row of
    # ``target``), the uid maps of the whole week built only when someone moved
    parts = [part for part in _CLIENT_PARTS if getattr(decisions, part)]
    client = _ClientMap(source, target) if parts else None
    same = all(client.same(part) for part in map(decisions.__getattribute__, parts)) \
        if parts else True
    request_rows = _request_map(source, target) if decisions.requests else None
    if request_rows is not None:
        same = same and all(request_rows.get(rid) == rid for rid in decisions.requests)
    if same:  # (the usual week) the containers as they are, or copies of them
        d = decisions if share else replace(
            decisions, requests=dict(decisions.requests), leads=dict(decisions.leads),
            terms=dict(decisions.terms), let_go=dict(decisions.let_go),
            blacklist=list(decisions.blacklist), owners=dict(decisions.owners),
            tags=dict(decisions.tags))
    else:
        def clients(part: dict | list) -> Any:
            if not part:
                return type(part)()
            if isinstance(part, list):
                return [j for j in map(client, part) if j is not None]
            return {j: v for j, v in ((client(i), v) for i, v in part.items())
                    if j is not None}

        requests = {}
        if request_rows is not None:
            for rid, plan in decisions.requests.items():
                new = request_rows.get(rid)
                if new is not None:
                    requests[new] = plan
        d = replace(decisions, requests=requests, leads=clients(decisions.leads),
                    terms=clients(decisions.terms), let_go=clients(decisions.let_go),
                    blacklist=clients(decisions.blacklist), owners=clients(decisions.owners),
                    tags=clients(decisions.tags))
    if not any(getattr(d, part) for part in _NAMING_PARTS):
        return d  # (only the hires: nothing in them can be missing)
    while True:  # each pass leaves out (or mends) at least one entry, so this ends
        problems = [p for p in decision_problems(target, d) if p[2].key in UNAVAILABLE]
        if not problems:
            return d
        d = _without(d, problems)


#: the parts of a week's decisions keyed by (or listing) clients
_CLIENT_PARTS = ("leads", "terms", "let_go", "blacklist", "owners", "tags")
#: the parts that name a client, a request or a staff member, where something may be missing
#: in another timeline: all but the count of hires
_NAMING_PARTS = tuple(f.name for f in fields(D.Decisions) if f.name != "hire")


class _ClientMap:
    """A client's row in ``source`` to his row in ``target`` (None when he is not there):
    called as a function. :meth:`same` checks, one client at a time, that the clients named
    kept their rows (the usual week); the map of all ``target``'s uids is built only when
    first called."""

    def __init__(self, source: Any, target: GameState) -> None:
        self.source, self.target = _client_uids(source), _client_uids(target)
        self.row: dict[int, int] | None = None

    def __call__(self, i: int) -> int | None:
        if self.row is None:
            t = self.target.tolist()
            self.row = dict(zip(t, range(len(t)), strict=True))
            self.s_list = self.source.tolist()
        s_list = self.s_list
        return self.row.get(s_list[i]) if 0 <= i < len(s_list) else None

    def same(self, part: dict | list) -> bool:
        """True when every client ``part`` names has his uid in the same row of ``target``
        as of ``source``: then that row is his there (a uid names one client of a
        timeline), and mapping the part changes nothing."""
        s, t = self.source, self.target
        n = min(len(s), len(t))
        for i in part:
            if not (isinstance(i, int) and 0 <= i < n and s[i] == t[i]):
                return False
        return True


def _request_map(source: Any, target: GameState) -> dict[int, int]:
    """Each open request of ``source`` (by id) to the same request's id in ``target`` (left
    out when it is not open there)."""
    _, s_rids, s_ruids = _uids(source)
    _, t_rids, t_ruids = _uids(target)
    rid_of = dict(zip(t_ruids.tolist(), t_rids.tolist(), strict=True))
    out = {}
    for rid, uid in zip(s_rids.tolist(), s_ruids.tolist(), strict=True):
        new = rid_of.get(uid)
        if new is not None:
            out[rid] = new
    return out


def _without(d: D.Decisions, problems: list) -> D.Decisions:
    """``d`` without the entries of ``problems`` (a request's absent staff member only)."""
    parts = {part: getattr(d, part) for part, _, _ in problems}  # (hire is never one)
    parts = {k: dict(v) if isinstance(v, dict) else list(v) for k, v in parts.items()}
    for part, key, why in problems:
        entries = parts[part]
        if part == "requests" and why.key in STAFF_PROBLEMS:
            entries[key] = replace(entries[key], staff=None)
        elif isinstance(entries, dict):
            del entries[key]
        else:
            entries.remove(key)
    return replace(d, **parts)
