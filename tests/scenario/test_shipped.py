"""The shipped scenarios: they load, the agency is the engine's default agency, the JSON Schema
file is in step with the models, and each scenario plays through to its last week."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sim.engine import Decisions, defaults, new_game, step
from sim.scenario import (
    SCENARIOS_DIR,
    load_scenario,
    resolve_scenario,
    scenario_json_schema,
    shipped_scenarios,
    write_schema,
)
from sim.scenario.fields import LocalizedText

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schema" / "scenario.schema.json"
SHIPPED = [p.stem for p in shipped_scenarios()]


def test_shipped_scenarios_are_found():
    assert SCENARIOS_DIR == ROOT / "scenarios"
    assert {"agency", "tutorial"} <= set(SHIPPED)
    assert resolve_scenario("agency") == ROOT / "scenarios" / "agency.yaml"


def test_agency_matches_engine_defaults():
    params = load_scenario("agency").params
    expected = defaults.agency()
    for field in ("weeks", "firm", "staff", "market", "traits", "scoring", "rules"):
        assert getattr(params, field) == getattr(expected, field), field
    assert params.name == "agency"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_loads_with_both_languages(name):
    s = load_scenario(name)
    path = ROOT / "scenarios" / f"{name}.yaml"
    assert s.id == name
    assert s.path == path
    if s.model.extends is None:  # (a variant's hash covers the file it extends too)
        assert s.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/scenario.schema.json"
    m = s.model
    texts = [m.title, m.briefing, *(m.lessons or [])]
    assert all(isinstance(t, LocalizedText) and t.en and t.ru for t in texts)
    assert m.lessons and m.expect


def test_tutorial_tells_a_small_story():
    p = load_scenario("tutorial").params
    assert p.weeks == 12
    assert len(p.staff) == 2
    assert 6 <= len(p.clients) + p.market.initial_clients <= 10
    first = [e for e in p.events if e.week == 1]
    assert first and first[0].kind == "message" and set(dict(first[0].text)) == {"en", "ru"}
    arrivals = [e.client for e in p.events if e.kind == "client_arrives"]
    assert [c.trait for c in arrivals] == ["vampire"]
    assert sum(e.kind == "message" for e in p.events) >= 3


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_plays_to_the_end(name):
    params = load_scenario(name).params
    st = new_game(params, seed=1)
    weeks = 0
    while not st.over and weeks < params.weeks + 1:
        st, _ = step(st, Decisions())
        weeks += 1
    assert st.over


def test_schema_file_is_in_step_with_the_models():
    """If this fails, regenerate: python -m sim schema --out schema/scenario.schema.json"""
    written = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert written == scenario_json_schema()


def test_write_schema_is_pretty_sorted_and_ends_with_a_newline(tmp_path):
    out = tmp_path / "sub" / "scenario.schema.json"
    write_schema(out)
    text = out.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text == json.dumps(scenario_json_schema(), indent=2, sort_keys=True,
                              ensure_ascii=False) + "\n"
    assert text == SCHEMA_FILE.read_text(encoding="utf-8")
    assert list(tmp_path.joinpath("sub").iterdir()) == [out]
