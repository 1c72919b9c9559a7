"""Every shipped scenario can be debriefed, in both languages; so can a bankrupt game."""

from __future__ import annotations

import pytest

from sim.debrief import load_debrief, what_if
from sim.debrief.report import markdown
from sim.scenario import SCENARIOS_DIR, ScenarioError, load_scenario

from .planted import record

SHIPPED = sorted(p.stem for p in SCENARIOS_DIR.glob("*.yaml"))


def _short(scenario: str) -> tuple[str, ...]:
    """Eight weeks where the story allows it (scripted events may come later)."""
    try:
        load_scenario(scenario, overrides=["weeks=8"])
    except ScenarioError:
        return ()
    return ("weeks=8",)


@pytest.mark.parametrize("scenario", SHIPPED)
def test_every_shipped_scenario_is_debriefed(scenario, tmp_path):
    overrides = _short(scenario)
    path = record(tmp_path / "run.jsonl", policy="rule-based", scenario=scenario,
                  overrides=overrides)
    db = load_debrief(path)
    weeks = 8 if overrides else load_scenario(scenario).params.weeks
    assert db.replay.weeks == weeks and db.end == "finished"
    assert db.bots is not None and len(db.bots.rows) == 4
    assert len(db.moments) <= 5
    for lang in ("en", "ru"):
        text = markdown(db, lang=lang)
        assert "[debrief." not in text and "[score." not in text
    assert what_if(db.replay, 4).what_if == db.scores


def test_a_bankrupt_game_is_debriefed(tmp_path):
    path = record(tmp_path / "bankrupt.jsonl", policy="always-right",
                  overrides=("weeks=20", "firm.cash=0", "firm.credit_limit=0",
                             "firm.fixed_costs=9000"))
    db = load_debrief(path)
    assert db.end == "bankrupt" and db.replay.weeks < 20
    assert markdown(db).splitlines()[2].startswith("The firm went bankrupt in week")
    assert what_if(db.replay, db.replay.weeks).what_if == db.scores
