"""Every shipped scenario teaches what it says: each bot plays it through, and its ``expect:``
lines pass over a short seed range (``sim balance`` checks them over 200 seeds).

The runs of a scenario are played once per test session and shared by the tests below.
"""

from __future__ import annotations

import functools
import os

import pytest

from sim.commands.balance import all_policies, measure
from sim.policies import BOTS as BUILTIN_POLICIES
from sim.policies.tricks import trick_names
from sim.scenario import load_scenario, shipped_scenarios
from sim.scenario.expect import check, check_expectations, insensitive
from sim.scenario.models import NoDominantTrickCheck

SEEDS = range(0, 30)  # enough for the medians and shares the expect lines state
#: the trick suite is 19 policies: its line is checked on fewer seeds (balance uses 100), as
#: many more as a scenario is shorter than a year
TRICK_SEEDS = range(0, 15)
JOBS = min(2, os.cpu_count() or 1)
SHIPPED = [p.stem for p in shipped_scenarios()]
NEW = ("quiet-shop", "haggler", "loyal-growth", "big-client", "know-better", "crisis")


def _plain(expect):
    return [e for e in expect or () if not isinstance(e, NoDominantTrickCheck)]


@functools.cache
def _results(name: str):
    sc = load_scenario(name)
    policies = all_policies(BUILTIN_POLICIES, _plain(sc.model.expect))
    return sc, measure(sc, policies, SEEDS, jobs=JOBS)


@functools.cache
def _trick_results(name: str):
    sc = load_scenario(name)
    # the same number of weeks played for every scenario: a short one gets more seeds
    seeds = range(0, max(len(TRICK_SEEDS), round(len(TRICK_SEEDS) * 52 / sc.params.weeks)))
    return measure(sc, ["rule-based", "oracle", *trick_names()], seeds, jobs=JOBS)


def test_the_issue_scenarios_are_shipped():
    assert set(NEW) | {"agency", "tutorial"} <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_bot_plays_every_seed_to_the_end(name):
    sc, results = _results(name)
    assert set(BUILTIN_POLICIES) <= set(results)
    for policy, runs in results.items():
        assert sorted(runs) == list(SEEDS), policy
        for seed, final in runs.items():
            assert 0 <= final["morale"] <= 100 and 0 <= final["reputation"] <= 100, \
                (policy, seed)
    assert sc.params.weeks >= 1


@pytest.mark.parametrize("name", SHIPPED)
def test_expect_lines_pass(name):
    sc, results = _results(name)
    outcomes = check_expectations(_plain(sc.model.expect), results)
    assert len(outcomes) >= 2, "a shipped scenario states what it teaches"
    failed = [o.line() for o in outcomes if not o.passed]
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("name", SHIPPED)
def test_expect_lines_can_fail(name):
    """No shipped line still passes with its policy replaced by random play."""
    sc, results = _results(name)
    dull = [check(0, e, results).line() for e in _plain(sc.model.expect)
            if insensitive(e, results)]
    assert not dull, "\n".join(dull)


@pytest.mark.parametrize("name", SHIPPED)
def test_no_blanket_trick_beats_judgement(name):
    """Every shipped scenario declares no_dominant_trick, or its file says why not (in
    quiet-shop serving everyone is right); the line holds."""
    sc = load_scenario(name)
    lines = [e for e in sc.model.expect or () if isinstance(e, NoDominantTrickCheck)]
    if not lines:
        assert "No no_dominant_trick line" in sc.path.read_text(encoding="utf-8")
        return
    results = _trick_results(name)
    for e in lines:
        outcome = check(0, e, results)
        assert outcome.passed, outcome.line()


@pytest.mark.parametrize("name", NEW)
def test_story_has_briefing_debrief_and_both_languages(name):
    m = load_scenario(name).model
    debrief = m.debrief if isinstance(m.debrief, list) else [m.debrief]
    for text in [m.title, m.briefing, *debrief, *(m.lessons or [])]:
        assert text is not None and not isinstance(text, str), "both languages"
        assert text.en.strip() and text.ru.strip()
    for event in m.events or ():
        if event.kind == "message":
            assert event.text.en and event.text.ru


def test_big_client_is_a_named_diva():
    m = load_scenario("big-client").model
    assert m.traits["diva"].base == "core"
    assert [c.trait for c in m.clients] == ["diva"]


def test_crisis_scripts_every_shock():
    kinds = {e.kind for e in load_scenario("crisis").model.events}
    assert {"market", "lawsuit", "review_storm", "staff_leaves", "message"} <= kinds
