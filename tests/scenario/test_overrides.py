"""``--set PATH=VALUE`` overrides: valid ones change the game, invalid ones name ``--set``."""

from __future__ import annotations

import pytest

from sim.engine.params import Rules
from sim.scenario import ScenarioError, load_scenario


def _problems(ref, overrides) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(ref, overrides)
    return [str(p) for p in info.value.problems]


def test_valid_overrides_change_the_params():
    s = load_scenario("agency", [
        "staff.0.wage=1500.50",
        "firm.price_per_hour=95",
        "weeks=6",
        "rules.max_wait_weeks=8",
        "market.mix={core: 1, vampire: 1}",
        "traits.vampire.incivility=2",
        "title={en: Short, ru: Коротко}",
    ])
    p = s.params
    assert p.staff[0].wage == 150_050
    assert p.staff[1].wage == load_scenario("agency").params.staff[1].wage
    assert p.firm.price_per_hour == 9_500
    assert p.weeks == 6
    assert p.rules.max_wait_weeks == 8
    assert p.rules.morale_target == Rules().morale_target
    assert p.market.mix == (("core", 1.0), ("vampire", 1.0))
    assert p.traits[p.trait_index("vampire")].incivility == 2.0
    assert s.model.title.ru == "Коротко"


def test_overrides_do_not_change_the_file_hash():
    assert load_scenario("agency", ["weeks=6"]).sha256 == load_scenario("agency").sha256


def test_bad_paths_and_syntax_are_all_reported():
    assert _problems("agency", ["staff.9.wage=1", "nonsense", "weeks.x=1", "staff.x=1",
                                "firm..cash=1", "extends=tutorial"]) == [
        "--set: staff.9.wage: staff has 5 items, no item 9",
        "--set: expected PATH=VALUE, got 'nonsense'",
        "--set: weeks.x: weeks is a single value, not a mapping or a list",
        "--set: staff.x: staff is a list: use an item number, not 'x'",
        "--set: 'firm..cash' has an empty part; write a dotted path like firm.price_per_hour "
        "or staff.0.wage",
        "--set: extends: extends cannot be changed with --set; write a scenario that extends "
        "the other one",
    ]


def test_bad_values_are_validated_with_the_same_strict_rules():
    assert _problems("agency", ["firm.name=no", "firm.price_per_hour=80.555",
                                "rules.fo=1", "weeks=[", "staff.0.hours=010"]) == [
        "--set: weeks: invalid YAML: while parsing a flow node, expected the node content, "
        "but found '<stream end>'",
    ]
    assert _problems("agency", ["firm.name=no", "firm.price_per_hour=80.555",
                                "rules.fo=1", "staff.0.hours=010"]) == [
        "--set: firm.name: YAML reads no as the yes/no value false; write it in quotes: 'no'",
        "--set: firm.price_per_hour: 80.555 has more than 2 decimals (money is kept to the cent)",
        "--set: rules.fo: unknown key 'fo'",
        "--set: staff.0.hours: YAML reads 010 as the octal number 8; write the number without "
        "the leading zero, or '010' in quotes if it is text",
    ]


def test_override_problems_come_after_the_file_problems(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("title: T\nweeks: 700\nstaff: [{name: A}]\n", encoding="utf-8")
    assert _problems(path, ["staff.0.morale=101"]) == [
        f"{path}:2:8: weeks: must be at most 520, got the number 700",
        "--set: staff.0.morale: must be at most 100, got the number 101",
    ]


def test_shortening_a_game_with_events_reports_the_late_events():
    problems = _problems("tutorial", ["weeks=4"])
    assert problems[0].endswith("events.3.week: week 6 is after the end of the game (weeks: 4)")
