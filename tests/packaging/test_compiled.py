"""The cache of compiled scenarios: exact, private, and never trusted beyond JSON."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from sim import compiled
from sim.debrief import scenario_lessons
from sim.scenario import load_scenario, shipped_scenarios
from sim.scenario.models import EVENT_KINDS


def load_scenario_text(path) -> str:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SIM_CACHE_DIR", str(folder))
    return folder


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_every_shipped_scenario_comes_back_equal(cache, path):
    sc = load_scenario(path)
    if "extends" in load_scenario_text(path):
        # a chain is never cached: an edit to its parent would go unseen
        assert not compiled.store(sc) and compiled.lookup(path) is None
        return
    assert compiled.store(sc)
    hit = compiled.lookup(path)
    assert hit is not None
    assert (hit.id, hit.sha256, hit.params) == (sc.id, sc.sha256, sc.params)
    assert hit.params.extra == sc.params.extra  # not part of GameParams' equality
    assert compiled.encode(hit.params) == compiled.encode(sc.params)
    assert hit.title == sc.title
    for lang in ("en", "ru", "de"):
        assert scenario_lessons(hit, lang) == scenario_lessons(sc, lang)


def test_every_kind_of_event_comes_back_equal(cache, tmp_path):
    """Scripted events are typed records of the engine; the cache keeps each kind exactly."""
    path = tmp_path / "events.yaml"
    path.write_text(
        "title: T\nweeks: 10\nstaff: [{name: Anna}]\nevents:\n"
        "  - {week: 1, kind: message, text: {en: Hi, ru: Привет}}\n"
        "  - {week: 2, kind: client_arrives, client: {name: V, trait: vampire, voice: 2}}\n"
        "  - {week: 3, kind: market, lead_rate: 2, mix: {core: 1}, rate_per_hour: 99.5}\n"
        "  - {week: 4, kind: lawsuit, cost: 5000}\n"
        "  - {week: 5, kind: review_storm, reputation: 7.5}\n"
        "  - {week: 6, kind: staff_joins, staff: {name: Boris, wage: 1000}}\n"
        "  - {week: 7, kind: staff_leaves, name: Boris}\n", encoding="utf-8")
    sc = load_scenario(path)
    assert {e.kind for e in sc.params.events} == set(EVENT_KINDS)
    assert compiled.store(sc)
    hit = compiled.lookup(path)
    assert hit is not None and hit.params.events == sc.params.events
    assert [type(e) for e in hit.params.events] == [type(e) for e in sc.params.events]


@pytest.mark.parametrize("texts", [
    "title: {en: T, ru: Т}\nlessons: [plain  , {en: \"two\\n  lines\"}, {en: E, ru: Р}]\n"
    "debrief: {en: D}\n",
    "title: T\ndebrief: [one, {en: two, ru: два}]\n",
    "title: T\ndebrief: \" just one \"\n",
    "title: T\n",
], ids=["lessons", "debrief-list", "debrief-text", "none"])
def test_the_title_and_lessons_come_back_as_the_model_has_them(cache, tmp_path, texts):
    path = tmp_path / "texts.yaml"
    path.write_text(texts + "weeks: 10\nstaff: [{name: Anna}]\n", encoding="utf-8")
    sc = load_scenario(path)
    assert compiled.store(sc)
    hit = compiled.lookup(path)
    assert hit is not None and hit.title == sc.title
    for lang in ("en", "ru"):
        assert scenario_lessons(hit, lang) == scenario_lessons(sc, lang)
    if "lessons" in texts:
        assert scenario_lessons(hit, "ru") == ["plain", "two lines", "Р", "D"]


@pytest.mark.parametrize("change", [
    {"title": None}, {"lessons": "text"}, {"lessons": [{"en": 1, "ru": None}]},
    {"lessons": [{"en": "a"}]}, {"lessons": [{"en": "a", "ru": None, "$": "Path"}]},
    {"lessons": [["a"]]},
])
def test_an_entry_with_other_texts_is_a_miss(cache, change):
    path = shipped_scenarios()[0]
    assert compiled.store(load_scenario(path))
    (entry,) = cache.iterdir()
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**data, **change}), encoding="utf-8")
    assert compiled.lookup(path) is None
    del data["title"]
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert compiled.lookup(path) is None


def test_overrides_and_edits_miss(cache, tmp_path):
    path = tmp_path / "mine.yaml"
    shutil.copy(shipped_scenarios()[0], path)
    sc = load_scenario(path, overrides=["weeks=10"])
    assert compiled.store(sc, ("weeks=10",))
    assert compiled.lookup(path, ("weeks=10",)).params.weeks == 10
    assert compiled.lookup(path) is None
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert compiled.lookup(path, ("weeks=10",)) is None


def test_a_scenario_that_extends_another_is_not_kept(cache, tmp_path):
    path = tmp_path / "variant.yaml"
    path.write_text("extends: agency\nweeks: 12\n", encoding="utf-8")
    assert not compiled.store(load_scenario(path))
    assert not cache.exists() or not any(cache.iterdir())


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_not_read(cache):
    path = shipped_scenarios()[0]
    assert compiled.store(load_scenario(path))
    cache.chmod(0o777)
    assert compiled.lookup(path) is None
    cache.chmod(0o700)
    assert compiled.lookup(path) is not None


def test_an_entry_naming_other_classes_is_a_miss(cache):
    path = shipped_scenarios()[0]
    assert compiled.store(load_scenario(path))
    (entry,) = cache.iterdir()
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["params"]["$"] = "Path"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert compiled.lookup(path) is None
    with pytest.raises(TypeError):
        compiled.encode(object())


def test_only_the_newest_entries_are_kept(cache, tmp_path):
    for i in range(4):
        path = tmp_path / f"s{i}.yaml"
        shutil.copy(shipped_scenarios()[0], path)
        assert compiled.store(load_scenario(path))
        entry = max(cache.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        os.utime(entry, ns=(i * 10**9, i * 10**9))  # the order they were written in
    compiled._prune(cache, keep=2)
    assert [compiled.lookup(tmp_path / f"s{i}.yaml") is not None for i in range(4)] == \
        [False, False, True, True]
