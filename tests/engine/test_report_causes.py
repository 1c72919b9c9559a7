"""The week report explains every large change, over many seeds and decisions (the random
bot, always-right, rule-based; ``test_properties`` checks the same over decisions drawn by
hypothesis):

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

import dataclasses

import pytest

from sim.engine import new_game, observe, step
from sim.engine.defaults import agency
from sim.engine.ledger import PROFIT
from sim.i18n import note_text
from sim.policies import make_policy

from .explained import active_clients, check_week

POLICIES = ("random", "always-right", "rule-based")
SEEDS = range(10)


def play_and_check(params, policy, seed: int) -> int:
    st = new_game(params, seed)
    weeks = 0
    while not st.over:
        opening, before = len(st.opening_notes), active_clients(st, st.week)
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


def test_a_loss_from_idle_hours_is_told_with_its_cost():
    """A firm that opens without work in hand (the agency without its order book), first
    week, sensible play: a loss, and the idle payroll behind it."""
    params = agency()
    params = dataclasses.replace(params, rules=dataclasses.replace(params.rules,
                                                                   order_book_weeks=0.0))
    st = new_game(params, 1)
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
