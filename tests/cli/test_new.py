"""``sim new``: a commented starting scenario that validates, variants with --from, and
refusals (an existing file, a name that is not a plain file name)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from sim.cli import main
from sim.commands.new import SCHEMA_FILE
from sim.scenario import load_scenario
from sim.scenario.yamlsafe import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("title", "weeks", "firm", "staff", "market", "traits", "clients", "events",
            "scoring", "rules", "briefing", "debrief", "lessons", "expect")


def _schema_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


def test_new_writes_a_commented_scenario_that_validates(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "seminar"]) == 0
    path = tmp_path / "seminar.yaml"
    assert capsys.readouterr().out.startswith("wrote seminar.yaml\n")
    sc = load_scenario(path)
    assert sc.id == "seminar"
    m = sc.model
    assert m.title.en == "seminar" and m.title.ru
    for text in (m.briefing, m.debrief, *m.lessons):
        assert text.en and text.ru
    assert m.expect and m.traits and m.clients and m.rules
    kinds = {e.kind for e in m.events}
    assert kinds == {"message", "client_arrives", "market", "lawsuit", "review_storm",
                     "staff_joins", "staff_leaves"}
    # every section is present, and the line above it is a comment saying what it does
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    doc = parse_yaml(text, "seminar.yaml")
    for key in SECTIONS:
        assert (key,) in doc.locs, key
        line = doc.locs[(key,)].key_line
        assert lines[line - 2].startswith("#") or "#" in lines[line - 1], key
    assert main(["validate", str(path)]) == 0


def test_schema_line_points_at_the_shipped_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # outside the project: an absolute path
    assert main(["new", "outside"]) == 0
    line = _schema_line(tmp_path / "outside.yaml")
    assert line == f"# yaml-language-server: $schema={SCHEMA_FILE.as_posix()}"
    assert SCHEMA_FILE.is_file()


def test_schema_line_is_relative_inside_the_project(monkeypatch):
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".test-new-") as folder:
        monkeypatch.chdir(folder)
        assert main(["new", "inside"]) == 0
        path = Path(folder) / "inside.yaml"
        line = _schema_line(path)
        assert line == "# yaml-language-server: $schema=../schema/scenario.schema.json"
        assert (path.parent / line.split("=", 1)[1]).resolve() == SCHEMA_FILE
        monkeypatch.chdir(ROOT)


def test_new_refuses_to_overwrite(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "mine.yaml"
    existing.write_text("my work\n", encoding="utf-8")
    assert main(["new", "mine"]) == 2
    assert main(["new", "mine.yaml", "--from", "agency"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["sim: error: mine.yaml already exists; choose another name or move it "
                   "away (sim new never overwrites a file)"] * 2
    assert existing.read_text(encoding="utf-8") == "my work\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]


@pytest.mark.parametrize("name", ["../up", "sub/dir", "a\\b", "/abs", "", ".", "..",
                                  ".hidden", "has space", "con", "NUL.yaml", "x" * 70,
                                  "trailing."])
def test_new_refuses_names_that_are_not_plain_file_names(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", name]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"sim: error: '{name}' is ")
    assert list(tmp_path.iterdir()) == []


def test_a_yaml_suffix_is_not_doubled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "week-3.yaml"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["week-3.yaml"]


def test_from_a_shipped_scenario_makes_a_variant(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "busy", "--from", "agency"]) == 0
    path = tmp_path / "busy.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={SCHEMA_FILE.as_posix()}\n")
    assert "\nextends: agency\n" in text
    assert text.count("yaml-language-server") == 1
    # a copy of the content (comments kept) that builds the same game
    assert "list price of a billable hour" in text
    variant, agency = load_scenario(path), load_scenario("agency")
    assert variant.id == "busy"
    assert variant.params.firm == agency.params.firm
    assert variant.params.staff == agency.params.staff
    assert variant.model.expect == agency.model.expect
    # and a change to the copy changes the variant only
    path.write_text(text.replace("lead_rate: 1.0 ", "lead_rate: 2.5 "), encoding="utf-8")
    assert load_scenario(path).params.market.lead_rate == 2.5


def test_from_a_file_with_its_own_id_and_extends(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "base.yaml").write_text(
        "id: base-id\nextends: tutorial\ntitle: Base\nmarket:\n  lead_rate: 0.5\n",
        encoding="utf-8")
    assert main(["new", "child", "--from", "lib/base.yaml"]) == 0
    text = (tmp_path / "child.yaml").read_text(encoding="utf-8")
    assert "\nextends: lib/base.yaml\n" in text
    assert "id: base-id" not in text and "extends: tutorial" not in text
    child = load_scenario(tmp_path / "child.yaml")
    assert child.id == "child" and child.params.market.lead_rate == 0.5
    assert child.params.weeks == 12  # from the tutorial, through base


def test_from_the_same_name_does_not_extend_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "agency", "--from", "agency"]) == 0
    text = (tmp_path / "agency.yaml").read_text(encoding="utf-8")
    assert "\nextends: agency\n" not in text
    assert load_scenario(tmp_path / "agency.yaml").params.staff == \
        load_scenario("agency").params.staff


def test_from_a_broken_scenario_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("title: T\nweeks: 0\nstaff: [{name: A}]\n",
                                       encoding="utf-8")
    assert main(["new", "child", "--from", "bad.yaml"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "bad.yaml:2:8: weeks: must be at least 1, got the number 0"]
    assert not (tmp_path / "child.yaml").exists()
    assert main(["new", "child", "--from", "nowhere"]) == 2
    assert "nowhere: no such scenario" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_the_template_passes_its_own_expect_lines(tmp_path, monkeypatch):
    from sim.commands.balance import all_policies, measure
    from sim.policies import BOTS as BUILTIN_POLICIES
    from sim.scenario.expect import check_expectations

    monkeypatch.chdir(tmp_path)
    assert main(["new", "fresh"]) == 0
    sc = load_scenario(tmp_path / "fresh.yaml")
    results = measure(sc, all_policies(BUILTIN_POLICIES, sc.model.expect), range(20))
    outcomes = check_expectations(sc.model.expect, results)
    assert outcomes and all(o.passed for o in outcomes), [o.line() for o in outcomes]
