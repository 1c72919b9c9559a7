"""The scenarios fit a seminar session: hours bind in the agency from the first week, the
tutorial is winnable and the same for a whole class, and the seminar cut is the agency's
half year."""

from __future__ import annotations

import numpy as np

from sim.engine import POLITE, Decisions, final_scores, new_game, observe, step
from sim.engine.state import ACTIVE
from sim.policies import make_policy
from sim.runs.runner import play
from sim.scenario import load_scenario


def test_hours_bind_in_the_agency_from_the_first_weeks():
    """Under always-right the work asked for (the inbox and the unbilled demand) reaches 85%
    of capacity in each of weeks 1-4, and a sensible first week does not lose money."""
    params = load_scenario("agency").params
    asked, first = [], []
    for seed in range(30):
        st = new_game(params, seed)
        weeks = []
        for _ in range(4):
            inbox = float(st.requests.hours_left[: st.requests.n].sum())
            st, rep = step(st, inplace=True)
            weeks.append((inbox + rep.unbilled_hours) / rep.capacity_hours)
        asked.append(weeks)
        st = new_game(params, seed)
        _, rep = step(st, make_policy("rule-based", seed).decide(observe(st)))
        first.append(rep.profit)
    assert (np.median(np.array(asked), axis=0) >= 0.85).all(), np.median(asked, axis=0)
    assert np.median(first) >= 0


def test_the_tutorial_is_winnable_and_the_same_for_a_class():
    sc = load_scenario("tutorial")
    assert sc.model.seed is not None
    for policy in ("rule-based", "oracle"):
        runs = [play(sc.params, make_policy(policy, s), s).state for s in range(100)]
        assert np.median([final_scores(st)["profit"] for st in runs]) > 0
        assert sum(st.end_reason == "bankrupt" for st in runs) < 1


def test_letting_the_tutorials_vampire_go_pays_in_cash_within_its_weeks():
    """Always-right, but Grand Vortex is let go politely in week 6 (the week the message
    suggests it): more cash at the end of week 12 in most seeds, not only more value."""
    params = load_scenario("tutorial").params
    better = []
    for seed in range(60):
        kept = play(params, make_policy("always-right", seed), seed).state
        st = new_game(params, seed)
        parted = False
        while not st.over:
            d = Decisions()
            if st.week == 6:
                i = st.client_index("Grand Vortex")
                if st.clients.status[i] == ACTIVE:  # (he may have left on his own)
                    d, parted = Decisions(let_go={i: POLITE}, blacklist=[i]), True
            st, _ = step(st, d, inplace=True)
        if parted:
            better.append(st.cash > kept.cash)
    assert len(better) >= 40
    assert np.mean(better) >= 0.7, np.mean(better)


def test_the_seminar_cut_is_the_agencys_half_year():
    sc = load_scenario("seminar")
    assert sc.model.extends == "agency"
    assert 20 <= sc.params.weeks <= 26
    agency = load_scenario("agency").params
    assert sc.params.staff == agency.staff and sc.params.market == agency.market
