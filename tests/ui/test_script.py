"""The NAR_INPUT_SCRIPT test hook (sim/ui/script.py): its parser refuses bad lines with
``FILE:LINE: what is wrong``, ``play`` turns that into exit 2 and one line, and the app's loop
posts the keys one step at a time."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

import sim.ui.scenes
from sim.ui import script as script_module
from sim.ui.scenes.base import Scene
from sim.ui.script import SCENES, Script, ScriptError, load, parse

ROOT = Path(__file__).resolve().parents[2]


def test_keys_waits_prints_comments():
    steps = parse("# start\n\nn\n  wait-scene week \nReturn\nshift+tab\nctrl+alt+x\n"
                  "page down\n+\nprint week 1 saved  \n", "s.txt")
    assert [s.kind for s in steps] == ["key", "wait-scene", "key", "key", "key", "key",
                                       "key", "print"]
    assert steps[0].key == pygame.K_n and steps[0].line == 3
    assert steps[1].arg == "week"
    assert steps[2].key == pygame.K_RETURN and steps[2].mod == 0
    assert steps[3].key == pygame.K_TAB and steps[3].mod & pygame.KMOD_SHIFT
    assert steps[4].key == pygame.K_x and steps[4].mod & pygame.KMOD_CTRL \
        and steps[4].mod & pygame.KMOD_ALT
    assert steps[5].key == pygame.K_PAGEDOWN
    assert steps[6].key == pygame.K_PLUS
    assert steps[7].arg == "week 1 saved"


@pytest.mark.parametrize("text, where, words", [
    ("e\nenter the week\n", "s.txt:2:", "unknown key 'enter the week'"),
    ("wait-scene\n", "s.txt:1:", "wait-scene needs a scene name"),
    ("e\n\nwait-scene weak\n", "s.txt:3:", "(not 'weak')"),
    ("print\n", "s.txt:1:", "print needs the text"),
    ("hyper+e\n", "s.txt:1:", "unknown key 'hyper+e'"),
    ("shift+\n", "s.txt:1:", "unknown key"),
    ("e\x1bx\n", "s.txt:1:", "control character"),
    ("import os\n", "s.txt:1:", "unknown key 'import os'"),
])
def test_a_bad_line_is_one_clear_error(text, where, words):
    with pytest.raises(ScriptError) as info:
        parse(text, "s.txt")
    msg = str(info.value)
    assert msg.startswith(where) and words in msg and "\n" not in msg


def test_bad_files(tmp_path, monkeypatch):
    with pytest.raises(ScriptError, match="cannot read the input script"):
        load(tmp_path / "missing.txt")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"e\nprint caf\xe9\n")
    with pytest.raises(ScriptError, match=r"latin1\.txt:2: not UTF-8 text"):
        load(bad)
    monkeypatch.setattr(script_module, "MAX_BYTES", 10)
    big = tmp_path / "big.txt"
    big.write_text("e\n" * 10, encoding="utf-8")
    with pytest.raises(ScriptError, match="over 10 bytes"):
        load(big)


def test_off_unless_the_variable_is_set(monkeypatch, tmp_path):
    monkeypatch.delenv(script_module.ENV_SCRIPT, raising=False)
    assert script_module.from_env() is None
    path = tmp_path / "s.txt"
    path.write_text("e\n", encoding="utf-8")
    monkeypatch.setenv(script_module.ENV_SCRIPT, str(path))
    assert len(script_module.from_env().steps) == 1


def test_the_scene_names_are_complete():
    names = set()
    for info in pkgutil.iter_modules(sim.ui.scenes.__path__):
        module = importlib.import_module(f"sim.ui.scenes.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Scene) and cls is not Scene:
                names.add(cls.name)
    assert names == set(SCENES)


def test_play_refuses_a_bad_script_with_one_line_and_exit_2(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("wait-scene title\nn\nfrobnicate\n", encoding="utf-8")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               NAR_DATA_DIR=str(tmp_path), NAR_INPUT_SCRIPT=str(path), PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "sim", "play", "tutorial"], cwd=tmp_path,
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == f"sim: error: {path}:3: unknown key 'frobnicate' (a pygame " \
        "key name such as e, return, escape, f2, tab, down, page down)"
    assert not (tmp_path / "runs").exists()


def test_the_loop_plays_the_script_then_goes_on(make_app, capsys):
    """App.run feeds the keys one step at a time; a week is played and saved; the script's
    last keys quit through the menu (a timer QUIT guards against a hang)."""
    d = make_app(seed=3)
    d.app.options.script = Script(parse(
        "wait-scene title\nn\nwait-scene briefing\nreturn\nwait-scene week\nprint in week\n"
        "d\ne\nwait-scene report\nprint saved 1\nreturn\nwait-scene week\nescape\n"
        "wait-scene dialog\nq\n"))
    pygame.time.set_timer(pygame.QUIT, 20000, 1)
    try:
        assert d.app.run() == 0
    finally:
        pygame.time.set_timer(pygame.QUIT, 0)
    assert capsys.readouterr().out == "in week\nsaved 1\n"
    assert len(d.app.session.reports) == 1
    assert d.app.session.decisions[0].to_dict()["requests"]  # the decline reached the plan


def test_a_wait_for_a_scene_that_never_comes_keeps_waiting(make_app, capsys):
    d = make_app(seed=3)
    s = Script(parse("wait-scene report\nprint never\n"))
    assert s.advance(d.app) == script_module.WAIT_MS and s.pos == 0
    s = Script(parse("print a\nprint b\n"))
    assert s.advance(d.app) is None and s.done
    assert capsys.readouterr().out == "a\nb\n"
