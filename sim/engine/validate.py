"""Checks that a week's decisions can apply, before anything changes (illegal ones are refused
with a reason and cost no turn)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from . import decisions as D
from .params import ClientArrives, GameParams
from .state import ACTIVE, LEAD, STAFF_ACTIVE, GameState

MAX_HIRES = 5
PRICE_FACTOR_RANGE = (0.5, 3.0)
#: The model's own bounds (DESIGN §2): a firm of at most this many active clients, and at
#: most this many new leads a week (market, referrals and returns together). A scenario's
#: ranges keep its start inside them; the engine holds them while it runs (word of mouth
#: beyond them is lost: the firm is full), so no scenario grows without end.
MAX_ACTIVE_CLIENTS = 200
MAX_LEADS_PER_WEEK = 50


#: one part of a week's decisions that cannot apply: (field, entry key, the refusal)
Problem = tuple[str, Any, D.IllegalDecision]


class ModelLimit(ValueError):
    """A state outside the model's bounds: a bug or a scenario that escaped validation."""


def check_params(params: GameParams) -> None:
    """The bounds a game's parameters must keep for the model to stay finite and its work
    bounded (the scenario schema enforces the same; this is the engine's own guard).

    Raises:
        ModelLimit: a parameter outside them, named.
    """
    arrivals = sum(1 for ev in params.events if isinstance(ev, ClientArrives))
    start = params.market.initial_clients + len(params.clients) + arrivals
    problems = []
    if not 1 <= params.weeks <= 520:
        problems.append(f"weeks {params.weeks} is outside 1..520")
    if start > MAX_ACTIVE_CLIENTS:
        problems.append(f"{start} clients at the start and by event, over the cap of "
                        f"{MAX_ACTIVE_CLIENTS}")
    r = params.rules
    for f in dataclasses.fields(r):  # each rule's range (a lowest above 0 where it divides)
        lo, hi = f.metadata["range"]
        v = getattr(r, f.name)
        if not (isinstance(v, int | float) and lo <= v <= hi):  # (NaN is in no range)
            problems.append(f"rules.{f.name} {v!r} is outside {lo}..{hi}")
    for t in params.traits:
        if not t.patience > 0:
            problems.append(f"trait {t.name}: patience must be more than 0 (it divides)")
    if problems:
        raise ModelLimit("; ".join(problems))


def lead_room(st: GameState) -> int:
    """How many new leads this week may bring: the weekly cap, and room under the cap on
    active clients once the named clients still to arrive by event have their places.

    Raises:
        ModelLimit: the firm already has more active clients than the cap.
    """
    c = st.clients
    active = int((c.status[: c.n] == ACTIVE).sum())
    if active > MAX_ACTIVE_CLIENTS:
        raise ModelLimit(f"week {st.week}: {active} active clients, over the model's cap of "
                         f"{MAX_ACTIVE_CLIENTS}")
    coming = sum(1 for ev in st.params.events
                 if isinstance(ev, ClientArrives) and ev.week > st.week)
    return max(0, min(MAX_LEADS_PER_WEEK, MAX_ACTIVE_CLIENTS - active - coming))


#: what an id may be (a tuple: ``int | np.integer`` would build a union at every check)
_ID_TYPES = (int, np.integer)
_NUMBER_TYPES = (int, float)


def _client(st: GameState, i: int, what: str, statuses: tuple[int, ...] | None = (ACTIVE,)):
    if not isinstance(i, _ID_TYPES) or not 0 <= i < st.clients.n:
        raise D.IllegalDecision(f"{what}: no client with id {i}", "no_client", id=i)
    if statuses is not None and int(st.clients.status[i]) not in statuses:
        name = st.client_names[i]
        raise D.IllegalDecision(f"{what}: client {name} ({i}) is not available for this",
                                "client_unavailable", client=name)


def _staff(st: GameState, i: int, what: str) -> None:
    if not isinstance(i, _ID_TYPES) or not 0 <= i < st.staff.n:
        raise D.IllegalDecision(f"{what}: no staff member with id {i}", "no_staff", id=i)
    if st.staff.status[i] != STAFF_ACTIVE:
        raise D.IllegalDecision(f"{what}: {st.staff_names[i]} is not working here now",
                                "staff_unavailable", staff=st.staff_names[i])


def _number(x: object, what: str, lo: float, hi: float) -> None:
    if not isinstance(x, _NUMBER_TYPES) or isinstance(x, bool) or not math.isfinite(x) \
            or not lo <= x <= hi:
        raise D.IllegalDecision(f"{what}: {x!r} is outside {lo}..{hi}", "out_of_range",
                                value=x, lo=lo, hi=hi)


def validate_decisions(st: GameState, d: D.Decisions) -> None:
    """Raise :class:`IllegalDecision` if any part of ``d`` cannot apply to ``st``."""
    for _part, _key, why in decision_problems(st, d):
        raise why


#: the keys of :class:`IllegalDecision` that name a staff member who cannot do it
STAFF_PROBLEMS = frozenset({"no_staff", "staff_unavailable"})
#: the keys of refusals for something not there (a client, request or staff member): what
#: another timeline of the game may have. The other keys refuse a value (a manner, a range),
#: which is wrong in every timeline, or the game being over
UNAVAILABLE = STAFF_PROBLEMS | {"no_client", "client_unavailable", "no_request"}


def decision_problems(st: GameState, d: D.Decisions) -> Iterator[Problem]:
    """Every part of ``d`` that cannot apply to ``st``, in the order the engine checks them:
    ``(part, key, why)`` with the field of :class:`Decisions` (``""`` for the game being
    over, then nothing else is checked), the entry's key in it (a request, client or staff
    id; the entry itself in a list; None for ``hire``) and the refusal. At most one problem
    per entry: the first."""
    if st.over:
        yield "", None, D.IllegalDecision("the game is over", "game_over")
        return
    R = st.requests
    rids = R.rid[: R.n]
    for rid, plan in d.requests.items():
        try:
            k = int(np.searchsorted(rids, rid))
            if k >= len(rids) or rids[k] != rid:
                raise D.IllegalDecision(f"request {rid} is not open", "no_request", id=rid)
            if plan.action not in D.REQUEST_ACTIONS:
                raise D.IllegalDecision(f"request {rid}: unknown action {plan.action!r}",
                                        "bad_action", action=plan.action)
            if plan.staff is not None:
                _staff(st, plan.staff, f"request {rid}")
            if plan.hours is not None:
                _number(plan.hours, f"request {rid} hours", 0.0, 1000.0)
        except D.IllegalDecision as why:
            yield "requests", rid, why
    for part, check in _CHECKS:
        entries = getattr(d, part)
        if not entries:
            continue
        for key, value in (entries.items() if isinstance(entries, dict)
                           else ((i, None) for i in entries)):
            try:
                check(st, key, value)
            except D.IllegalDecision as why:
                yield part, key, why
    try:
        _number(d.hire, "hires", 0, MAX_HIRES)
    except D.IllegalDecision as why:
        yield "hire", None, why
    for i, tag in d.tags.items():
        try:
            _client(st, i, "type tag", None)
            _tag(st, tag)
        except D.IllegalDecision as why:
            yield "tags", i, why


def _terms(st: GameState, i: int, t: D.Terms) -> None:
    _client(st, i, "terms")
    _number(t.price_factor, "price factor", *PRICE_FACTOR_RANGE)


def _let_go(st: GameState, i: int, manner: object) -> None:
    _client(st, i, "letting go")
    if manner not in D.LET_GO_MANNERS:
        raise D.IllegalDecision(f"unknown way of letting go {manner!r}", "bad_manner",
                                manner=manner)


def _owner(st: GameState, i: int, o: int) -> None:
    _client(st, i, "owner")
    _staff(st, o, "owner")


def _overtime(st: GameState, i: int, hours: float) -> None:
    _staff(st, i, "overtime")
    _number(hours, "overtime hours", 0.0, st.params.rules.max_overtime)


def _bonus(st: GameState, i: int, amount: int) -> None:
    _staff(st, i, "bonus")
    _number(amount, "bonus", 0, 20 * int(st.staff.wage[i]))


#: the parts of a week's decisions after its requests, each with the check of one entry, in
#: the order the engine has always checked them (then the hires, then the tags)
_CHECKS: tuple[tuple[str, Callable[[GameState, Any, Any], None]], ...] = (
    ("leads", lambda st, i, _: _client(st, i, "screening", (LEAD,))),
    ("terms", _terms),
    ("let_go", _let_go),
    ("blacklist", lambda st, i, _: _client(st, i, "blacklist", None)),
    ("owners", _owner),
    ("overtime", _overtime),
    ("bonus", _bonus),
    ("time_off", lambda st, i, _: _staff(st, i, "time off")),
)


def _tag(st: GameState, tag: D.Tag) -> None:
    if tag.trait not in st.traits.index:
        raise D.IllegalDecision(f"type tag: unknown type {tag.trait!r}", "bad_tag",
                                trait=tag.trait)
    _number(tag.confidence, "tag confidence", 0.0, 1.0)
