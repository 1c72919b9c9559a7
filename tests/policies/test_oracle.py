"""The oracle, the upper reference: how it prices by the team's hours, and that no blanket
trick beats it in the short tutorial, where the hours bind."""

from __future__ import annotations

import os

import numpy as np
import pytest

from sim.commands.balance import measure
from sim.engine import StaffMember, new_game, observe
from sim.engine.defaults import agency
from sim.engine.prices import price_ratio
from sim.policies.oracle import Oracle
from sim.policies.tricks import trick_names
from sim.scenario import load_scenario
from sim.scenario.expect import median, win_rate


def _week_one_ratios(staff: int, seed: int) -> np.ndarray:
    """The price ratio (price over willingness to pay) of every client the oracle reprices
    in the first week of an agency with ``staff`` people."""
    params = agency(staff=tuple(StaffMember(f"S{k}") for k in range(staff)))
    st = new_game(params, seed)
    d = Oracle(seed).decide(observe(st), st)
    c = st.clients
    ids = [i for i, t in d.terms.items() if t.price_factor > c.price_factor[i]]
    factors = np.array([d.terms[i].price_factor for i in ids])
    return price_ratio(st.price_per_hour, st.market_rate, factors, c.budget[ids])


@pytest.mark.parametrize("seed", range(5))
def test_the_oracle_prices_over_willingness_only_while_the_hours_are_short(seed):
    """With hours to spare a raise stops under what the client will pay; with too few people
    for the work it goes over it (the work he no longer buys would wait), but never as far
    as the margin past which he looks for another firm."""
    rules = agency().rules
    spare = _week_one_ratios(staff=40, seed=seed)
    short = _week_one_ratios(staff=2, seed=seed)
    assert len(spare) and len(short)
    assert (spare <= 1.0).all()
    assert (short > 1.0).all()
    assert (short < 1.0 + rules.price_leave_margin).all()


SEEDS = range(0, 100)


def test_no_blanket_trick_beats_the_oracle_in_the_tutorial():
    """In the twelve weeks of the tutorial the studio's hours bind: the oracle beats every
    trick of the suite on the median score and in at least 70% of 100 seeds."""
    sc = load_scenario("tutorial")
    tricks = trick_names()
    results = measure(sc, ["oracle", *tricks], SEEDS, jobs=min(2, os.cpu_count() or 1))
    top = median(results, "oracle", "score")
    weak = []
    for t in tricks:
        wins, n = win_rate(results, "oracle", t)
        if wins / n < 0.7 or median(results, t, "score") >= top:
            weak.append(f"{t}: oracle beats it in {wins}/{n}")
    assert not weak, "\n".join(weak)
