"""``sim validate``, ``sim schema`` and the top level of ``sim``."""

from __future__ import annotations

import json
import re

from sim.cli import main
from sim.scenario import shipped_scenarios

PROBLEM = re.compile(r"^.+?(:\d+(:\d+)?)?: (\S+: )?.+$")


def test_validate_shipped_scenarios(capsys):
    paths = [str(p) for p in shipped_scenarios()]
    assert paths, "at least the agency is shipped"
    assert main(["validate", "agency", *paths]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 + len(paths) and all(line.startswith("OK ") for line in out)
    assert out[0].endswith("agency.yaml")


def test_validate_reports_every_problem_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("weeks: -3\nfirm:\n  price_per_hur: 80\n", encoding="utf-8")
    assert main(["validate", "agency", str(bad)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("OK ")
    problems = out[1:]
    assert len(problems) >= 2
    assert all(line.startswith(str(bad)) and PROBLEM.match(line) for line in problems)
    assert any(":2:3: firm.price_per_hur:" in line or "price_per_hur" in line
               for line in problems)
    assert any(line.startswith(f"{bad}:1:") and "weeks" in line for line in problems)


def test_validate_missing_file_and_unknown_name(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "none.yaml"), "no-such-scenario"]) == 2
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "none.yaml" in out[0] and "no-such-scenario" in out[1]


def test_validate_without_files_is_a_usage_error(capsys):
    assert main(["validate"]) == 2
    assert capsys.readouterr().err.startswith("sim: error: ")


def test_schema_to_stdout_and_to_a_file(tmp_path, capsys):
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    schema = json.loads(printed)
    assert schema["$schema"].startswith("https://json-schema.org/")
    out = tmp_path / "deep" / "scenario.schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == printed


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert main(["run", "--help"]) == 0
    text = capsys.readouterr().out
    assert "half-open" in text and "validate" in text

