"""Untrusted files: scenarios that point outside their folder, YAML tags that would build
objects, and a leaderboard over a folder of hostile files."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from sim.runs.leaderboard import build_leaderboard
from sim.scenario import ScenarioError, load_scenario

from .test_fuzz import record_run

AGENCY = load_scenario("agency").path


def _refused(path, *words: str) -> str:
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    text = str(err.value)
    assert "extends" in text or any(w in text for w in words)
    return text


def test_extends_to_etc_passwd_is_refused_without_quoting_it(tmp_path):
    (tmp_path / "a").mkdir()
    p = tmp_path / "a" / "s.yaml"
    p.write_text("extends: " + "../" * 12 + "etc/passwd\nid: x\n")
    text = _refused(p)
    assert "root:" not in text  # the file's content never reaches the message


# What issue 7 asks: no "..", no absolute paths, no links out of the scenario's folder
# (sim/chain.py:find_extended refuses them at the extends line).
def test_extends_with_dot_dot_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "inner").mkdir()
    shutil.copy(AGENCY, tmp_path / "outside.yaml")
    p = tmp_path / "inner" / "s.yaml"
    p.write_text("extends: ../outside.yaml\nid: x\n")
    _refused(p, "outside", "folder")


def test_extends_with_an_absolute_path_is_refused(tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(AGENCY, other / "agency-copy.yaml")
    (tmp_path / "mine").mkdir()
    p = tmp_path / "mine" / "s.yaml"
    p.write_text(f"extends: {json.dumps(str(other / 'agency-copy.yaml'))}\nid: x\n")
    _refused(p, "absolute")


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="symlinks")
def test_extends_through_a_link_out_of_the_folder_is_refused(tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(AGENCY, other / "base.yaml")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "base.yaml").symlink_to(other / "base.yaml")
    p = mine / "s.yaml"
    p.write_text("extends: base.yaml\nid: x\n")
    _refused(p, "link", "folder")


TAGS = ["!!python/object/apply:os.system ['touch {m}']",
        "!!python/object/new:os.system ['touch {m}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:pathlib.Path {{}}",
        "!!python/tuple [1, 2]",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {m}']",
        "!custom 1",
        "!!binary aGk="]


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("where", ["title", "firm:\n  cash", "top"])
def test_no_yaml_tag_constructs_objects(tmp_path, tag, where):
    marker = tmp_path / "pwned"
    value = tag.format(m=marker)
    if where == "top":
        text = value + "\n"
    else:
        text = AGENCY.read_text().replace("title:", "old_title:", 1) if where == "title" \
            else AGENCY.read_text()
        text = f"{where}: {value}\n" + text
    p = tmp_path / "s.yaml"
    p.write_text(text)
    with pytest.raises(ScenarioError):
        load_scenario(p)
    assert not marker.exists()


def _hostile_folder(root, real) -> dict[str, str]:
    """A class folder full of trouble; returns name -> what it is."""
    made = {}

    def put(name, data, what):
        (root / name).write_bytes(data)
        made[name] = what

    put("good.jsonl", real.read_bytes(), "a real run")
    put("empty.jsonl", b"", "empty")
    put("binary.jsonl", bytes(range(256)) * 40, "binary")
    put("latin1.jsonl", "é".encode("latin-1") * 100 + b"\n", "not UTF-8")
    put("deep.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n", "deep JSON nesting")
    head = real.read_bytes().split(b"\n", 1)[0]
    put("deep-week.jsonl", head + b'\n{"type":"week","week":1,"decisions":' + b'{"a":' * 50_000
        + b"1" + b"}" * 50_000 + b',"digest":"x"}\n', "deep JSON in a week")
    put("long-line.jsonl", head + b"\n" + b"x" * (3 << 20) + b"\n", "a 3 MB line")
    with open(root / "huge.jsonl", "wb") as f:  # 60 MB, sparse where the OS allows
        f.truncate(60 << 20)
    made["huge.jsonl"] = "60 MB"
    for i in range(300):
        put(f"many-{i:03}.jsonl", real.read_bytes()[: 50 + i], "one of many cut files")
    if hasattr(os, "symlink") and sys.platform != "win32":
        (root / "passwd.jsonl").symlink_to("/etc/passwd")
        made["passwd.jsonl"] = "link out of the folder"
        (root / "loop.jsonl").symlink_to(root / "loop.jsonl")
        made["loop.jsonl"] = "link to itself"
        (root / "sub").mkdir()
        (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "fifo.jsonl")
        made["fifo.jsonl"] = "a FIFO (reading it would block forever)"
    return made


def test_leaderboard_over_a_folder_of_hostile_files(tmp_path):
    real = record_run(tmp_path / "real.jsonl", player="alice")
    root = tmp_path / "class"
    root.mkdir()
    made = _hostile_folder(root, real)
    resource = pytest.importorskip("resource")  # POSIX: peak memory of this process
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lb = build_leaderboard(root, jobs=1)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    listed = {pl.entry.file for g in lb.groups for pl in g.placed} \
        | {p.file for p in lb.problems}
    for name in made:
        assert name in listed, f"{name} ({made[name]}) is not listed"
    assert lb.ranked == 1 and lb.exit_code in (0, 1, 2)
    assert grown_mb < 200, f"memory grew by {grown_mb:.0f} MB"
