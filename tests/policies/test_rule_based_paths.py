"""The rule-based bot judges a small shop client by client and a big one on the columns: both
must give the same decisions (the order of their entries too, which a run file's repr
shows) and so the same games, bit for bit."""

from __future__ import annotations

import pytest

from sim.engine import new_game, observe, state_digest
from sim.engine.play import play_weeks
from sim.policies import rule_based
from sim.policies.rule_based import KeepAll, RuleBased
from sim.scenario import load_scenario
from tests.paths import both_ways

#: the bot's switches, each turned off once (the classroom and the leaderboard use them)
SETTINGS = ({}, {"screening": False}, {"firing": False}, {"terms": False},
            {"pricing": False}, {"vip": False})


def _game(scenario: str, bot: RuleBased, seed: int) -> list[str]:
    """Every week's decisions and state digest."""
    st = new_game(load_scenario(scenario).params, seed)
    weeks = []
    for week in play_weeks(st, lambda st: bot.decide(observe(st, live=True)), explain=False):
        weeks.append(repr(week.decisions) + state_digest(week.state))
    return weeks


def _both_ways(monkeypatch, make, scenario: str, seeds: tuple[int, ...]) -> dict:
    return both_ways(monkeypatch, [(rule_based, "FEW_CLIENTS")],
                     lambda seed: _game(scenario, make(seed), seed), seeds)


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: ",".join(s) or "all rules")
def test_one_by_one_and_on_the_columns_give_the_same_games(monkeypatch, settings):
    games = _both_ways(monkeypatch, lambda seed: RuleBased(seed, **settings), "agency",
                       (3, 4))
    assert games["one by one"] == games["columns"]


@pytest.mark.parametrize("scenario", ["haggler", "know-better", "big-client", "crisis"])
def test_the_same_games_in_other_scenarios(monkeypatch, scenario):
    games = _both_ways(monkeypatch, KeepAll if scenario == "crisis" else RuleBased,
                       scenario, (1,))
    assert games["one by one"] == games["columns"]


def test_every_rule_decides_something_in_these_games(monkeypatch):
    """(the comparison above means something only if each rule has picked clients)"""
    monkeypatch.setattr(rule_based, "FEW_CLIENTS", 10**9)
    seen = {"declined": 0, "let_go": 0, "scope": 0, "prepay": 0, "no_discounts": 0,
            "raise": 0, "back": 0, "vip": 0}
    sc = load_scenario("agency")
    for seed in (3, 4):
        bot = RuleBased(seed)

        def decide(st, bot=bot):
            obs = observe(st, live=True)
            d = bot.decide(obs)
            c = obs.clients
            seen["declined"] += sum(not v for v in d.leads.values())
            seen["let_go"] += len(d.let_go)
            for i, t in d.terms.items():
                factor = float(c.price_factor[i])
                seen["scope"] += t.scope and not c.scope[i]
                seen["prepay"] += t.prepay and not c.prepay[i]
                seen["no_discounts"] += not t.grant_discounts and c.grant_discounts[i]
                seen["raise"] += t.price_factor > factor
                seen["back"] += t.price_factor < factor
                seen["vip"] += t.vip and not c.vip[i]
            return d

        for _ in play_weeks(new_game(sc.params, seed), decide, explain=False):
            pass
    assert all(seen.values()), seen
