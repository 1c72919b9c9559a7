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
    assert bool(sc.extends) == ("extends" in load_scenario_text(path))
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


def _chain(folder, parent="agency"):
    """``variant.yaml`` extends ``middle.yaml`` (a copy of ``parent`` with 20 weeks), which
    extends the shipped ``parent``."""
    (folder / "middle.yaml").write_text(f"extends: {parent}\nweeks: 20\n", encoding="utf-8")
    path = folder / "variant.yaml"
    path.write_text("extends: middle\nscoring: {profit: 0.6, morale: 0.2, reputation: 0.2}\n",
                    encoding="utf-8")
    return path


def test_a_chain_is_kept_with_its_files_and_comes_back_equal(cache, tmp_path):
    path = _chain(tmp_path)
    sc = load_scenario(path)
    assert [link[0] for link in sc.extends] == ["middle", "agency"]
    assert compiled.store(sc)
    hit = compiled.lookup(path)
    assert hit is not None
    assert (hit.id, hit.sha256, hit.params, hit.title) == (sc.id, sc.sha256, sc.params, sc.title)
    assert hit.params.weeks == 20


@pytest.mark.parametrize("edit", ["parent", "middle", "gone"])
def test_a_chain_misses_when_any_of_its_files_changes(cache, tmp_path, edit):
    """Editing or removing a file the scenario extends is a miss: the scenario is loaded
    afresh (and gets another hash, or its error)."""
    shutil.copy(shipped_scenarios()[0], tmp_path / "base.yaml")
    path = _chain(tmp_path, parent="base")
    assert compiled.store(load_scenario(path))
    assert compiled.lookup(path) is not None
    if edit == "parent":
        with open(tmp_path / "base.yaml", "a", encoding="utf-8") as f:
            f.write("\n# edited\n")
    elif edit == "middle":
        (tmp_path / "middle.yaml").write_text("extends: base\nweeks: 21\n", encoding="utf-8")
    else:
        (tmp_path / "base.yaml").unlink()
    assert compiled.lookup(path) is None


def test_a_shipped_parent_shadowed_by_a_file_beside_the_child_misses(cache, tmp_path):
    """``extends: agency`` finds ``agency.yaml`` beside the file before the shipped one: a
    copy written there later (even with the same bytes) is another file of the chain."""
    path = tmp_path / "variant.yaml"
    path.write_text("extends: agency\nweeks: 12\n", encoding="utf-8")
    assert compiled.store(load_scenario(path))
    assert compiled.lookup(path) is not None
    shutil.copy(shipped_scenarios()[0].parent / "agency.yaml", tmp_path / "agency.yaml")
    assert compiled.lookup(path) is None
    fresh = load_scenario(path)
    assert fresh.extends[0][1] == str((tmp_path / "agency.yaml").resolve())


@pytest.mark.parametrize("links", [
    "missing", "[]", '[["agency"]]', '[["agency", 1]]', '[["/etc/passwd", "/etc/passwd"]]',
    '[["../agency.yaml", "/x"]]', '[["agency", "/x"]]', "[" + ",".join(['["agency", "/x"]'] * 12)
    + "]",
], ids=["missing", "empty", "short", "number", "absolute", "dot-dot", "other-path", "long"])
def test_an_entry_with_another_chain_is_a_miss(cache, tmp_path, links):
    path = tmp_path / "variant.yaml"
    path.write_text("extends: agency\nweeks: 12\n", encoding="utf-8")
    assert compiled.store(load_scenario(path))
    (entry,) = cache.iterdir()
    data = json.loads(entry.read_text(encoding="utf-8"))
    if links == "missing":
        del data["extends"]
    else:
        data["extends"] = json.loads(links)
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert compiled.lookup(path) is None


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
