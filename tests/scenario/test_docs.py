"""The examples of docs/scenarios.md are valid scenarios, and the worked one passes its expect
lines, so the guide an instructor copies from never drifts from the format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.commands.balance import all_policies, measure
from sim.policies import BOTS as BUILTIN_POLICIES
from sim.scenario import load_scenario
from sim.scenario.expect import check_expectations

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
WHOLE = [b for b in BLOCKS if re.search(r"^title:", b, re.M) and re.search(r"^staff:", b, re.M)]


def test_the_guide_has_its_examples():
    assert len(WHOLE) >= 2
    assert any("extends: agency" in b for b in BLOCKS)


@pytest.mark.parametrize("index", range(len(WHOLE)))
def test_whole_examples_validate(index, tmp_path):
    path = tmp_path / "example.yaml"
    path.write_text(WHOLE[index], encoding="utf-8")
    load_scenario(path)


def test_the_extends_example_validates(tmp_path):
    block = next(b for b in BLOCKS if "extends: agency" in b)
    path = tmp_path / "busy.yaml"
    path.write_text(block, encoding="utf-8")
    assert load_scenario(path).params.market.lead_rate == 2.0


def test_the_worked_example_passes_its_expect_lines(tmp_path):
    block = next(b for b in WHOLE if "Late payers" in b)
    path = tmp_path / "late-payers.yaml"
    path.write_text(block, encoding="utf-8")
    sc = load_scenario(path)
    results = measure(sc, all_policies(BUILTIN_POLICIES, sc.model.expect), range(20),
                      jobs=2)
    failed = [o.line() for o in check_expectations(sc.model.expect, results) if not o.passed]
    assert not failed
