"""The week's rare events (blames, reviews, referrals, reactions to new terms, quits) are
found client by client when few draws come near their chances and on the columns when many
clients are active: both must give the same games, bit for bit, and each chance must be the
same number for one client as in its column, and never above the bound that picks the
clients to look at."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim.engine import chances, state_digest
from sim.engine.defaults import agency
from sim.engine.params import Rules
from sim.policies import make_policy
from sim.runs.runner import play
from tests.paths import both_ways, times_seen


def _game(policy: str, seed: int) -> tuple[list[str], dict[str, int]]:
    """Every week's digest and notes, and how often the rare events happened."""
    weeks: list[str] = []
    seen = {"reviews": 0, "blame": 0, "referral": 0, "left_terms": 0, "terms_accepted": 0,
            "staff_quit": 0}

    def hook(st, decisions, rep):
        notes = [(n.key, sorted(n.params.items())) for n in rep.notes]
        weeks.append(state_digest(st) + repr(notes) + repr(rep.ledger.reviews.tolist()))
        seen["reviews"] += int(np.count_nonzero(rep.ledger.reviews))
        seen["blame"] += int(np.count_nonzero(rep.ledger.blamed))
        for n in rep.notes:
            if n.key in seen:
                seen[n.key] += 1

    play(agency(), make_policy(policy, seed), seed, on_week=hook)
    return weeks, seen


@pytest.mark.parametrize("policy", ["rule-based", "trick:all-terms"])
def test_one_by_one_and_on_the_columns_give_the_same_games(monkeypatch, policy):
    games = both_ways(monkeypatch, [(chances, "FEW_CLIENTS"), (chances, "FEW_TIGHTENED")],
                      lambda seed: _game(policy, seed), (3, 4))
    assert games["one by one"] == games["columns"]
    # (the comparison means something only if the events happened)
    seen = times_seen(games["columns"])
    assert seen["reviews"] and seen["referral"]
    if policy == "trick:all-terms":
        assert seen["left_terms"] and seen["terms_accepted"]


def _rules(rng: np.random.Generator) -> Rules:
    """Rules with the chances' parameters drawn across their ranges."""
    def draw(name: str) -> float:
        lo, hi = Rules.__dataclass_fields__[name].metadata["range"]
        return float(rng.choice([lo, hi, rng.uniform(lo, hi)]))
    names = ("scope_blame", "bad_review_rate", "bad_review_below", "good_review_rate",
             "good_review_above", "referral_satisfaction_cap", "vip_referrals",
             "terms_leave_per_factor", "prepay_refuse_leave", "quit_base_year",
             "quit_low_morale_year", "quit_threshold")
    return dataclasses.replace(Rules(), **{k: draw(k) for k in names})


def _column(rng: np.random.Generator, n: int, lo: float = 0.0, hi: float = 1.0) -> np.ndarray:
    x = rng.uniform(lo, hi, n)
    x[: n // 4] = rng.choice([lo, hi, (lo + hi) / 2], n // 4)  # edges and ties
    return x


def test_each_chance_is_the_same_for_one_client_as_in_its_column_and_under_its_bound():
    rng = np.random.default_rng(5)
    n = 64
    for _ in range(200):
        r = _rules(rng)
        sat, nature, blame = _column(rng, n), _column(rng, n), _column(rng, n)
        per_year, morale = _column(rng, n, 0.0, 20.0), _column(rng, n, 0.0, 100.0)
        factor, leave = _column(rng, n, 0.5, 2.0), _column(rng, n)
        flags = [rng.random(n) < 0.5 for _ in range(3)]
        scope, vip, refused = flags
        columns = {
            "blame": chances.blame_chance(r, blame, scope),
            "bad": chances.bad_review_chance(r, sat),
            "good": chances.good_review_chance(r, sat),
            "referral": chances.referral_chance(r, per_year, sat, nature, vip),
            "terms": chances.terms_leave_chance(r, leave, factor, refused),
            "quit": chances.quit_chance(r, morale),
        }
        bounds = {
            "blame": blame * max(r.scope_blame, 1.0), "bad": np.full(n, r.bad_review_rate),
            "good": np.full(n, r.good_review_rate),
            "referral": per_year * chances.referral_most(r),
            "quit": np.full(n, (r.quit_base_year + r.quit_low_morale_year) * (1 / 52.0)),
        }
        for i in range(n):
            s = float(sat[i])
            one = {
                "blame": chances.blame_chance(r, float(blame[i]), bool(scope[i])),
                "bad": chances.bad_review_chance(r, s),
                "good": chances.good_review_chance(r, s),
                "referral": chances.referral_chance(r, float(per_year[i]), s,
                                                    float(nature[i]), bool(vip[i])),
                "terms": chances.terms_leave_chance(r, float(leave[i]), float(factor[i]),
                                                    bool(refused[i])),
                "quit": chances.quit_chance(r, float(morale[i])),
            }
            for k, v in one.items():
                assert v == columns[k][i], (k, i)
                if k in bounds:
                    assert v <= bounds[k][i], (k, i)
