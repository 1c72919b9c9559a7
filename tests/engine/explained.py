"""What a week report must explain (see ``test_report_causes``): the checks of one week, shared
with the property tests over drawn decisions."""

from __future__ import annotations

import numpy as np

from sim.engine.explain import (
    CASH_TELLERS,
    ORDINARY,
    REPUTATION_POINTS,
    WAITING_SHARE,
    money_threshold,
)
from sim.engine.ledger import CASH, PROFIT, REPUTATION
from sim.engine.state import ACTIVE
from sim.i18n import note_text

REPUTATION_TOLERANCE = 1e-6
JOINED = ("client_joined",)


def _left(key: str) -> bool:
    return key.startswith(("left_", "let_go_")) or key == "priced_out"


def active_clients(st, week: int) -> int:
    """Active clients who joined by ``week`` (the state after a week already holds the next
    week's scripted arrivals)."""
    c = st.clients
    return int(np.count_nonzero((c.status[: c.n] == ACTIVE) & (c.joined[: c.n] <= week)))


def check_week(st, rep, active_before: int, opening: int) -> None:
    """Every property of the module docstring for one week's report."""
    names = st.client_names
    # the ledger adds up
    assert sum(c.amount for c in rep.causes(PROFIT)) == rep.profit
    assert rep.profit + sum(c.amount for c in rep.causes(CASH)) == (
        rep.cash_after - rep.cash_before)
    rep_change = rep.reputation - rep.reputation_before
    assert abs(sum(c.amount for c in rep.causes(REPUTATION)) - rep_change) \
        < REPUTATION_TOLERANCE
    # every large cause is told, and what is left untold is small
    told = {g for n in rep.notes for g in n.covers}
    t = money_threshold(rep)
    whole = abs(rep.profit) >= t
    kinds = rep.ledger.by_kind(PROFIT)
    for kind, amount in kinds.items():
        if (PROFIT, kind) in ORDINARY and not whole:
            continue
        if abs(amount) >= t:
            assert (PROFIT, kind) in told, (rep.week, kind, amount, rep.notes)
    if whole:
        untold = rep.profit - sum(v for k, v in kinds.items() if (PROFIT, k) in told)
        assert abs(untold) < t, (rep.week, untold, kinds, told)
    cash = rep.ledger.by_kind(CASH)
    for kind, amount in cash.items():
        if abs(amount) >= CASH_TELLERS.get(kind, (None, 1.0))[1] * t:
            assert (CASH, kind) in told
    gap = sum(cash.values())
    if abs(gap) >= t:
        assert abs(gap - sum(v for k, v in cash.items() if (CASH, k) in told)) < t
    fame = rep.ledger.by_kind(REPUTATION)
    bounds = fame.pop("bounds", 0.0)
    for kind, amount in fame.items():
        if abs(amount) >= REPUTATION_POINTS:
            assert (REPUTATION, kind) in told, (rep.week, kind, amount, rep.notes)
    change = rep_change - bounds
    if abs(change) >= REPUTATION_POINTS:
        untold = change - sum(v for k, v in fame.items() if (REPUTATION, k) in told)
        assert abs(untold) < REPUTATION_POINTS, (rep.week, untold, fame, told)
    # no two lines tell the same fact
    seen = set()
    for n in rep.notes:
        for group in n.covers:
            if group[1] == "events":  # each scripted event is its own fact
                continue
            fact = (group, n.client, n.staff)
            assert fact not in seen, (rep.week, fact, rep.notes)
            seen.add(fact)
    left = [n.client for n in rep.notes if _left(n.key)]
    joined = [n.client for n in rep.notes if n.key in JOINED]
    assert len(left) == len(set(left)) and len(joined) == len(set(joined)), rep.notes
    texts = [note_text(n, "en") for n in rep.notes]
    assert len(texts) == len(set(texts)), texts
    arrived = {n.params["client"] for n in rep.notes if n.key == "event_client_arrives"}
    for n in rep.notes:
        if n.key == "event_message":
            text = str(n.params["text"].get("en", ""))
            assert not any(a in text for a in arrived), (rep.week, text)
    # the notes account for the client count
    assert active_clients(st, rep.week) - active_before == len(joined) - len(left), (rep.week,
                                                                              rep.notes)
    # the why of waiting names the client who took the hours
    for n in rep.notes:
        if "eater" in n.params:
            assert n.params["eater"] in names and n.params["eater"] != n.params["client"]
    # quiet only when nothing moved
    if len(rep.notes) == opening:
        assert abs(rep.profit) < t
        assert abs(change) < REPUTATION_POINTS
        assert rep.waiting_hours < max(1.0, WAITING_SHARE * rep.capacity_hours)
