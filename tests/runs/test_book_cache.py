"""The scenario book reads a scenario it has checked before from the user's cache of compiled
scenarios (:mod:`sim.compiled`): the same verdicts without the loader, and a miss for an
edited file, a file that does not load or a cache folder others may write to."""

from __future__ import annotations

import os
import shutil

import pytest

import sim.scenario
from sim.compiled import CompiledScenario
from sim.debrief import load_debrief
from sim.runs.verify import OK, SCENARIO, UNREADABLE, ScenarioBook, verify_run
from sim.scenario import Scenario, resolve_scenario

from .recording import record

AGENCY = str(resolve_scenario("agency"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SIM_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def loads(monkeypatch):
    """Every scenario the book loads with the YAML loader, as ``(ref, overrides)``."""
    calls: list[tuple[str, tuple[str, ...]]] = []
    real = sim.scenario.load_scenario

    def counting(ref, overrides=()):
        calls.append((str(ref), tuple(overrides)))
        return real(ref, overrides=overrides)

    monkeypatch.setattr(sim.scenario, "load_scenario", counting)
    return calls


def _verdict(v) -> tuple:
    return (v.status, v.reason, v.scores, v.weeks_played, v.game_weeks, v.state_end,
            v.scenario_id, v.scenario_title, v.summary())


def test_a_compiled_scenario_is_used_and_gives_the_same_verdict(cache, loads, tmp_path):
    run = record(tmp_path / "run.jsonl", player="ann")
    first = verify_run(run, book=ScenarioBook())
    assert first.status == OK, first.reason
    assert loads == [(AGENCY, ()), (AGENCY, ("weeks=4",))]  # plain (its hash), then the run's
    assert len(list(cache.iterdir())) == 2

    again = verify_run(run, book=ScenarioBook())
    assert len(loads) == 2  # both from the cache
    assert _verdict(again) == _verdict(first)
    assert again.scenario_title == "The agency"
    sc, status, _ = ScenarioBook().find(again.data.header)
    assert isinstance(sc, CompiledScenario) and status == OK
    assert str(sc.path) == AGENCY and sc.params.weeks == 4


def test_an_edited_scenario_file_misses(cache, loads, tmp_path, monkeypatch):
    mine = tmp_path / "mine.yaml"
    text = resolve_scenario("agency").read_text(encoding="utf-8") + "\n# mine\n"
    mine.write_text(text, encoding="utf-8")
    run = record(tmp_path / "run.jsonl", scenario=str(mine), overrides=())
    assert verify_run(run, book=ScenarioBook([str(mine)])).status == OK
    assert verify_run(run, book=ScenarioBook([str(mine)])).status == OK
    assert loads.count((str(mine), ())) == 1  # the second time from the cache

    mine.write_text(text + "# edited\n", encoding="utf-8")
    v = verify_run(run, book=ScenarioBook([str(mine)]))
    assert loads.count((str(mine), ())) == 2  # the edited file is loaded afresh
    assert v.status == SCENARIO and "scenario changed" in v.reason
    # word for word what the loader alone says (a cache nobody has written to)
    monkeypatch.setenv("SIM_CACHE_DIR", str(tmp_path / "cold"))
    assert _verdict(verify_run(run, book=ScenarioBook([str(mine)]))) == _verdict(v)


def test_a_scenario_that_does_not_load_says_so_every_time(cache, loads, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: broken\nweeks: x\n", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text(resolve_scenario("agency").read_text(encoding="utf-8") + "\n# mine\n",
                    encoding="utf-8")
    run = record(tmp_path / "run.jsonl", scenario=str(mine), overrides=())
    mine.unlink()
    verdicts = [verify_run(run, book=ScenarioBook([str(broken)])) for _ in range(2)]
    assert loads.count((str(broken), ())) == 2  # never kept
    assert verdicts[0].status == UNREADABLE and "broken.yaml" in verdicts[0].reason
    assert _verdict(verdicts[0]) == _verdict(verdicts[1])


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_folder_others_may_write_to_is_not_read(cache, loads, tmp_path):
    run = record(tmp_path / "run.jsonl")
    first = verify_run(run, book=ScenarioBook())
    cache.chmod(0o777)
    try:
        again = verify_run(run, book=ScenarioBook())
        assert len(loads) == 4  # loaded afresh, both times
        assert _verdict(again) == _verdict(first)
    finally:
        cache.chmod(0o700)
    verify_run(run, book=ScenarioBook())
    assert len(loads) == 4


def test_a_debrief_from_the_cache_has_the_scenarios_lessons(cache, loads, tmp_path):
    shutil.copy(record(tmp_path / "r.jsonl", scenario="tutorial", overrides=(), lang="ru"),
                tmp_path / "run.jsonl")
    loaded = load_debrief(tmp_path / "run.jsonl", bots=False, moments=False)
    n = len(loads)
    compiled = load_debrief(tmp_path / "run.jsonl", bots=False, moments=False)
    assert len(loads) == n
    assert isinstance(loaded.scenario, Scenario)
    assert isinstance(compiled.scenario, CompiledScenario)
    assert compiled.lessons() and compiled.lang == "ru"
    for lang in ("en", "ru", None):
        assert compiled.lessons(lang) == loaded.lessons(lang)
    assert compiled.scores == loaded.scores
