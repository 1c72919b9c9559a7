"""Crash and resume, and a full disk, with the real game driven headless.

Here the game is driven in-process with the scene driver of tests/ui/conftest.py (the real
``python -m sim play`` killed with SIGKILL is tests/reliability/test_crash_subprocess.py),
and a kill is simulated by copying the run file at the moment a week's line has been
fsynced, and by tearing the line being written. Continue (and --resume) must then lose at
most the week in progress and reach the state of a replay of the saved weeks.
"""

from __future__ import annotations

import errno
import importlib.util

import pytest

if importlib.util.find_spec("pygame") is None:
    pytest.skip("the game's extra is not installed", allow_module_level=True)

import pygame

from sim.engine import new_game, state_digest, step
from sim.runs import runfile
from sim.runs.runfile import read_run
from sim.scenario import load_scenario
from sim.ui import plan


def _replay_digest(path) -> tuple[int, str]:
    data = read_run(path)
    sc = load_scenario("tutorial")
    st = new_game(sc.params, data.header["seed"])
    for w in data.weeks:
        st, _ = step(st, w.decisions, inplace=True)
        assert state_digest(st) == w.digest
    return len(data.weeks), state_digest(st)


def _play_weeks(d, n: int) -> None:
    for k in range(n):
        if k % 2:
            d.key(pygame.K_d)  # decline the first request: decisions differ week to week
        d.key(pygame.K_e)
        assert d.scene.name == "report"
        d.key(pygame.K_RETURN)
        assert d.scene.name == "week"


@pytest.mark.parametrize("cut", ["after_fsync", "torn_line", "only_header_torn"])
def test_kill_loses_at_most_the_week_in_progress(make_app, tmp_path, monkeypatch, cut):
    snapshots = []
    real_write = runfile.RunWriter._write

    def spy(self, obj):
        if cut == "torn_line" and obj.get("type") == "week" and obj["week"] == 3:
            # killed in the middle of the single write: half a line reaches the disk
            line = runfile.encode_line(obj)
            self._file.write(line[: len(line) // 2])
            self._file.flush()
            snapshots.append(self.path.read_bytes())
            self._file.truncate(self._file.tell() - len(line) // 2)
            self._file.seek(0, 2)
        real_write(self, obj)
        if cut == "after_fsync" and obj.get("type") == "week" and obj["week"] == 3:
            snapshots.append(self.path.read_bytes())  # SIGKILL right after the fsync
        if cut == "only_header_torn" and obj.get("type") == "week" and obj["week"] == 1:
            snapshots.append(self.path.read_bytes()[:-7])

    monkeypatch.setattr(runfile.RunWriter, "_write", spy)
    d = make_app(seed=3)
    d.new_game()
    path = d.app.session.path
    _play_weeks(d, 4)
    d.key(pygame.K_d)  # week 5 in progress when the power goes
    d.app.close()
    assert snapshots
    saved = snapshots[0]
    path.write_bytes(saved)  # the disk as the kill left it
    monkeypatch.setattr(runfile.RunWriter, "_write", real_write)

    expected_weeks = {"after_fsync": 3, "torn_line": 2, "only_header_torn": 0}[cut]
    d2 = make_app()
    assert d2.scene.widget("continue").enabled
    d2.key(pygame.K_c)
    assert d2.scene.name == "week", getattr(d2.scene, "message", "")
    s = d2.app.session
    assert s.state.week == expected_weeks + 1  # lost: only the week that was being saved
    weeks, digest = _replay_digest(path)
    assert weeks == expected_weeks and state_digest(s.state) == digest
    _play_weeks(d2, 2)  # the game goes on, and its file stays readable
    assert len(read_run(path).weeks) == expected_weeks + 2
    d2.app.close()
    # and --resume of the same file reaches the same place
    d3 = make_app(resume=path)
    assert d3.scene.name == "week" and d3.app.session.state.week == expected_weeks + 3


def test_resume_from_a_copy_taken_after_every_week(make_app, tmp_path):
    """A kill right after the fsync of week N, for every N of a short game."""
    d = make_app(seed=3)
    d.new_game()
    path = d.app.session.path
    copies = []
    for n in range(1, 6):
        _play_weeks(d, 1)
        copies.append((n, path.read_bytes()))
    d.app.close()
    for n, data in copies:
        target = tmp_path / f"copy{n}.jsonl"
        target.write_bytes(data)
        d2 = make_app(resume=target)
        assert d2.app.session.state.week == n + 1
        assert state_digest(d2.app.session.state) == _replay_digest(target)[1]
        d2.app.close()


def test_full_disk_shows_a_message_and_the_game_goes_on(make_app, monkeypatch):
    d = make_app(seed=3)
    d.new_game()
    path = d.app.session.path
    _play_weeks(d, 2)
    before = path.read_bytes()

    def full(self, obj):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runfile.RunWriter, "_write", full)
    d.key(pygame.K_e)  # the save of week 3 fails
    assert path.read_bytes() == before  # nothing corrupted
    assert d.app.running
    assert d.scene.name in ("week", "report")
    assert getattr(d.scene, "message", "") or d.scene.name == "report"


def test_full_disk_never_corrupts_the_file(make_app, monkeypatch):
    """Whatever the game does on a failed save, the file on disk stays a valid run."""
    d = make_app(seed=3)
    d.new_game()
    path = d.app.session.path
    _play_weeks(d, 2)
    before = path.read_bytes()
    real = runfile.RunWriter._write

    def full(self, obj):
        line = runfile.encode_line(obj)
        self._file.write(line[:10])  # a partial write, then the disk is full
        self._file.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runfile.RunWriter, "_write", full)
    with pytest.raises(OSError):
        d.app.session.end_week(plan.to_play(d.scene.draft, d.scene.obs))
    monkeypatch.setattr(runfile.RunWriter, "_write", real)
    d.app.close()
    assert path.read_bytes().startswith(before)
    assert len(read_run(path).weeks) == 2  # the torn tail is dropped, the weeks are intact
    d2 = make_app(resume=path)
    assert d2.app.session.state.week == 3


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="POSIX kill")
def test_sigkill_of_a_real_play_process_keeps_the_saved_weeks(make_app, tmp_path):
    """The real ``python -m sim play --resume`` in a subprocess, killed with SIGKILL while
    it sits in its week (it has just cut a torn tail and fsynced): nothing saved is lost."""
    import os
    import signal
    import subprocess
    import sys
    import time

    d = make_app(seed=3)
    d.new_game()
    path = d.app.session.path
    _play_weeks(d, 3)
    d.app.close()
    saved = path.read_bytes()
    path.write_bytes(saved + b'{"type": "week", "week": 4, "deci')  # a torn line
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               NAR_DATA_DIR=str(tmp_path))
    env.pop("NAR_EXIT_AFTER_FIRST_FRAME", None)
    proc = subprocess.Popen([sys.executable, "-m", "sim", "play", "--resume", str(path)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while path.read_bytes() != saved and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)  # the resume cuts the torn line off: then the week is on screen
    time.sleep(0.3)
    assert proc.poll() is None, proc.stderr.read().decode()[-800:]
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert path.read_bytes() == saved
    weeks, digest = _replay_digest(path)
    d2 = make_app(resume=path)
    assert weeks == 3 and state_digest(d2.app.session.state) == digest
