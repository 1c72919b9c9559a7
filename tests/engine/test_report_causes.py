"""The week report explains every large change, over many seeds and decisions (the random
bot, always-right, rule-based, and decisions drawn by hypothesis):

- the ledger's causes add up: profit to the cent, cash (profit plus money billed but not yet
  in, or in from earlier weeks) to the cent, reputation within 1e-6 points;
- every cause past its stated threshold is told by a note, and when the whole change is past
  it, what no note tells is less than the threshold (money: 5% of the week's payroll and
  fixed costs; reputation: 0.25 points; the clip at 0 and 100 is the only cause not told);
- no two lines tell the same fact: no ledger group told twice for the same client or person,
  no client told twice as leaving or as joining, no two equal sentences, and no scenario
  message naming a client whose arrival the engine already tells that week;
- every client who joins or leaves is told, so the notes account for the client count;
- a week without notes of its own moved nothing past the thresholds.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from sim.engine import new_game, observe, step
from sim.engine.defaults import agency
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
from sim.policies import make_policy

from .test_properties import SETTINGS, _decisions

POLICIES = ("random", "always-right", "rule-based")
SEEDS = range(10)
REPUTATION_TOLERANCE = 1e-6
JOINED = ("client_joined",)


def _left(key: str) -> bool:
    return key.startswith(("left_", "let_go_")) or key == "priced_out"


def _active(st, week: int) -> int:
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
    assert _active(st, rep.week) - active_before == len(joined) - len(left), (rep.week,
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


def play_and_check(params, policy, seed: int) -> int:
    st = new_game(params, seed)
    weeks = 0
    while not st.over:
        opening, before = len(st.opening_notes), _active(st, st.week)
        st, rep = step(st, policy.decide(observe(st)))
        check_week(st, rep, before, opening)
        weeks += 1
    return weeks


@pytest.mark.parametrize("policy", POLICIES)
def test_the_causes_add_up_and_the_large_ones_are_told(policy):
    params = agency()
    for seed in SEEDS:
        assert play_and_check(params, make_policy(policy, seed), seed) > 0


def test_shipped_scenarios_explain_their_weeks():
    from sim.scenario import SCENARIOS_DIR, load_scenario

    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        params = load_scenario(path.stem).params
        for policy in ("rule-based", "random"):
            play_and_check(params, make_policy(policy, 1), 1)


@SETTINGS
@given(seed=hs.integers(0, 10_000), weeks=hs.integers(1, 16), data=hs.data())
def test_any_decisions_are_explained(seed, weeks, data):
    st = new_game(agency(), seed)
    for _ in range(weeks):
        if st.over:
            break
        d = _decisions(data, observe(st))
        opening, before = len(st.opening_notes), _active(st, st.week)
        st, rep = step(st, d, inplace=True)
        check_week(st, rep, before, opening)


def test_a_loss_from_idle_hours_is_told_with_its_cost():
    """The agency's first week, sensible play: a loss, and the idle payroll behind it."""
    st = new_game(agency(), 1)
    st, rep = step(st, make_policy("rule-based", 1).decide(observe(st)))
    keys = [n.key for n in rep.notes]
    assert rep.profit < 0 and "week_loss" in keys and "idle_hours" in keys
    idle = next(n for n in rep.notes if n.key == "idle_hours")
    assert idle.params["cost"] == pytest.approx(-rep.ledger.total(PROFIT, "payroll_idle") / 100)
    assert "quiet" not in " ".join(note_text(n, "en") for n in rep.notes).lower()


def test_a_price_reason_is_given_only_when_the_price_is_above_the_budget():
    params = agency()
    for seed in range(6):
        st = new_game(params, seed)
        policy = make_policy("always-right", seed)
        while not st.over:
            st, rep = step(st, policy.decide(observe(st)))
            c = st.clients
            for n in rep.notes:
                if n.key in ("left_price", "left_list_price"):
                    i = n.client
                    assert c.price_factor[i] > c.budget[i]
                    assert n.params["since"] <= rep.week
                    assert (n.key == "left_list_price") == (c.price_factor[i] == 1.0)
