"""Steps 7-10 have one-by-one paths for small shops (a few staff, a few dozen clients) and
column paths for big ones: both must give the same games, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine import people, state_digest
from sim.engine.defaults import agency
from sim.engine.memory import ClientMemory
from sim.policies import make_policy
from sim.runs.runner import play
from tests.paths import both_ways, times_seen


def _game(policy: str, seed: int) -> tuple[list[str], dict[str, int]]:
    """Every week's digest, notes and morale causes, and how often what the paths differ in
    happened."""
    weeks: list[str] = []
    seen = {"price_steep": 0, "price_steep_many": 0, "staff_quit": 0, "incidents": 0,
            "overtime": 0, "time_off": 0}

    def hook(st, decisions, rep):
        notes = [(n.key, sorted(n.params.items())) for n in rep.notes]
        causes = [tuple(c) for c in rep.ledger.items]
        weeks.append(state_digest(st) + repr(notes) + repr(causes)
                     + repr(st.memory.over_price_since[: st.memory.n].tolist())
                     + repr(st.memory.objections[: st.memory.n].tolist()))
        for n in rep.notes:
            if n.key in seen:
                seen[n.key] += 1
        for c in rep.ledger.items:
            if c.measure == "morale" and c.kind in seen:
                seen[c.kind] += 1

    play(agency(), make_policy(policy, seed), seed, on_week=hook)
    return weeks, seen


@pytest.mark.parametrize("policy", ["rule-based", "trick:price-1.2", "random"])
def test_one_by_one_and_on_the_columns_give_the_same_games(monkeypatch, policy):
    games = both_ways(monkeypatch, [(people, "FEW_OVER"), (people, "FEW_STAFF")],
                      lambda seed: _game(policy, seed), (3, 4))
    assert games["one by one"] == games["columns"]
    # (the comparison means something only if what the paths differ in happened)
    seen = times_seen(games["columns"])
    if policy == "trick:price-1.2":
        assert seen["price_steep"] + seen["price_steep_many"]
    if policy == "rule-based":
        assert seen["overtime"] or seen["incidents"] or seen["time_off"]


def test_over_price_one_by_one_is_over_price_on_the_column():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        a, b = ClientMemory(), ClientMemory()
        for week in range(1, 8):
            over = rng.random(n) < rng.random()
            a.over_price(over, week)
            newly = b.over_price_rows(n, over.nonzero()[0].tolist(), week)
            assert a.over_price_since[:n].tolist() == b.over_price_since[:n].tolist()
            assert a.objections[:n].tolist() == b.objections[:n].tolist()
            assert newly == (a.over_price_since[:n] == week).nonzero()[0].tolist()
