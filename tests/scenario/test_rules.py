"""Every constant of the model is a rule: documented once (default, range, meaning) in
``sim.engine.Rules``, listed in docs/scenarios.md, carried by the schema, settable with
``--set``, guarded by the engine, and read by the model (setting one changes the game)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from sim.engine import (
    ORIGIN_NAMES,
    ModelLimit,
    Rules,
    check_params,
    final_scores,
    new_game,
    observe,
    state_digest,
    step,
)
from sim.policies import make_policy
from sim.scenario import load_scenario, scenario_json_schema

RULES = dataclasses.fields(Rules)
DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
ROW = re.compile(r"^\| `(\w+)` \| ([-\d.]+) \| ([-\d.]+)–([-\d.]+) \| (.+) \|$", re.M)


def _shown(f: dataclasses.Field) -> tuple[float, float, float]:
    """Default, lowest and highest as a scenario writes them (money in currency units)."""
    lo, hi = f.metadata["range"]
    scale = 100 if f.metadata["money"] else 1
    return f.default / scale, lo / scale, hi / scale


def _other_value(f: dataclasses.Field) -> float:
    """A value inside the rule's range, away from its default."""
    default, lo, hi = _shown(f)
    value = (default + hi) / 2 if default < hi else (lo + default) / 2
    if f.type in (int, "int") or f.metadata["money"]:
        value = int(round(value)) if int(round(value)) != default else int(default) - 1
    return value


def test_every_rule_has_a_meaning_and_a_range_that_holds_its_default():
    assert len(RULES) >= 80
    for f in RULES:
        lo, hi = f.metadata["range"]
        assert lo <= f.default <= hi, f.name
        assert f.type in ("int", "float"), f.name
        assert isinstance(f.default, int if f.type == "int" else float), f.name
        assert len(f.metadata["doc"]) > 20 and f.metadata["doc"].endswith("."), f.name


def test_the_guide_lists_every_rule_with_its_default_range_and_meaning():
    rows = {m[0]: m[1:] for m in ROW.findall(DOC.read_text(encoding="utf-8"))}
    assert set(rows) == {f.name for f in RULES}
    for f in RULES:
        default, lo, hi, doc = rows[f.name]
        assert tuple(map(float, (default, lo, hi))) == _shown(f), f.name
        assert doc == f.metadata["doc"], f.name


def test_the_schema_carries_every_rule_with_its_range_and_meaning():
    props = scenario_json_schema()["$defs"]["RulesModel"]["properties"]
    assert set(props) == {f.name for f in RULES}
    for f in RULES:
        p = props[f.name]
        _, lo, hi = _shown(f)
        assert (p["minimum"], p["maximum"]) == (lo, hi), f.name
        assert f.metadata["doc"] in p["description"], f.name


@pytest.mark.parametrize("f", RULES, ids=lambda f: f.name)
def test_every_rule_can_be_set_for_a_run(f):
    value = _other_value(f)
    params = load_scenario("tutorial", [f"rules.{f.name}={value}"]).params
    want = int(round(value * 100)) if f.metadata["money"] else value
    assert getattr(params.rules, f.name) == want
    assert dataclasses.replace(params.rules, **{f.name: f.default}) == Rules()


def test_a_rule_outside_its_range_is_refused_by_the_scenario_and_by_the_engine():
    from sim.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="rules.satisfied"):
        load_scenario("tutorial", ["rules.satisfied=0"])
    params = load_scenario("tutorial").params
    for bad in ({"satisfied": 0.0}, {"max_requests": 0}, {"wait_penalty": float("nan")}):
        with pytest.raises(ModelLimit, match=next(iter(bad))):
            check_params(dataclasses.replace(params, rules=dataclasses.replace(
                params.rules, **bad)))


def _play(overrides: list[str], weeks: int = 20, seed: int = 3):
    params = load_scenario("agency", overrides).params
    st = new_game(params, seed)
    bot = make_policy("rule-based", seed)
    reports = []
    for _ in range(weeks):
        st, rep = step(st, bot.decide(observe(st)), inplace=True)
        reports.append(rep)
    return st, reports


@pytest.mark.parametrize("setting", [
    "rules.wait_penalty=0.3", "rules.satisfied=0.9", "rules.contribution_weeks=2",
    "rules.unbilled_noise_shape=50", "rules.good_review_rate=0.5", "rules.complaint_base=3",
    "rules.reputation_anchor_slope=150", "rules.budget_floor=1.2",
])
def test_a_moved_constant_changes_the_game_when_set(setting):
    base, _ = _play([])
    changed, _ = _play([setting])
    assert state_digest(changed) != state_digest(base)
    assert final_scores(changed) != final_scores(base)


def test_the_caps_on_draws_are_the_rules():
    st, _ = _play(["rules.max_requests=1", "rules.max_market_leads=0"])
    c = st.clients
    assert c.week_requests[: c.n].max() <= 1
    origins = {ORIGIN_NAMES[o] for o in c.origin[: c.n]}
    assert "lead" not in origins
    st, _ = _play([])
    assert "lead" in {ORIGIN_NAMES[o] for o in st.clients.origin[: st.clients.n]}


def test_a_churn_threshold_above_everyone_loses_more_clients():
    def gone(overrides):
        n = 0
        for seed in range(4):
            st, reps = _play(overrides, weeks=16, seed=seed)
            n += sum(note.key.startswith("left") for r in reps for note in r.notes)
        return n

    assert gone(["rules.satisfied=0.95"]) > gone([])
