"""``step(..., explain=False)`` (what ``sim run`` plays) leaves out sentences, nothing else."""

from __future__ import annotations

import pytest

from sim.engine import final_scores, new_game, observe, state_digest, step
from sim.engine.defaults import agency
from sim.policies import make_policy
from sim.runs.runner import play


def _numbers(report) -> dict:
    d = report.to_dict()
    d.pop("notes")
    return d


@pytest.mark.parametrize("policy", ["always-right", "rule-based", "oracle", "random"])
@pytest.mark.parametrize("seed", [0, 3])
def test_a_game_without_explanations_plays_the_same(policy, seed):
    params = agency()
    told, quiet = new_game(params, seed), new_game(params, seed)
    bot_told, bot_quiet = make_policy(policy, seed), make_policy(policy, seed)
    left_out = 0
    while not told.over:
        d = bot_told.decide(observe(told), told)
        assert bot_quiet.decide(observe(quiet), quiet) == d
        told, a = step(told, d, inplace=True)
        quiet, b = step(quiet, d, inplace=True, explain=False)
        assert state_digest(told) == state_digest(quiet)
        assert _numbers(a) == _numbers(b)
        assert [n for n in a.notes if n in b.notes] == b.notes  # only some sentences go
        left_out += len(a.notes) - len(b.notes)
    assert quiet.over and final_scores(told) == final_scores(quiet)
    assert left_out > 0  # the switch does something


def test_play_explains_only_what_someone_reads():
    params = agency()
    kept = play(params, make_policy("rule-based", 2), 2, keep=True)
    bare = play(params, make_policy("rule-based", 2), 2)
    assert final_scores(kept.state) == final_scores(bare.state)
    assert state_digest(kept.state) == state_digest(bare.state)
