"""Crash and resume with the real ``python -m sim play`` in a subprocess, killed with SIGKILL.

The game is played by scripted input (the ``NAR_INPUT_SCRIPT`` hook of :mod:`sim.ui.script`:
key presses posted as pygame events, ``wait-scene``, ``print`` markers) under the dummy video
driver, with its data folder (``NAR_DATA_DIR``) in a temporary folder. It is killed

(a) in the middle of a week: three weeks played, some decisions of week 4 made, not saved;
(b) at the moment of saving: the game's saves are slowed from the test side
    (:func:`tests.reliability.faults.slow_saves`): half of week 3's line is written,
    ``saving week 3`` said, and the kill comes then, with a torn line on disk.

Then ``play`` is started again and chooses Continue on the title screen and plays on. The
saved weeks must be every week whose report was reached before the kill (a), or those minus
the torn one (b): at most the week in progress is lost; the continued game appends its weeks
in order, and every digest in the file equals a replay of the recorded decisions.
"""

from __future__ import annotations

import importlib.util
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

if importlib.util.find_spec("pygame") is None or importlib.util.find_spec("platformdirs") is None:
    pytest.skip("the game's extra is not installed", allow_module_level=True)
if not hasattr(signal, "SIGKILL"):
    pytest.skip("SIGKILL is POSIX", allow_module_level=True)

from sim.engine import new_game, state_digest, step
from sim.runs.runfile import RunData, read_run
from sim.scenario import load_scenario

from .faults import prelude

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60  # seconds: a hang fails the test instead of blocking CI
SEED = 3

START = """
wait-scene title
n
wait-scene briefing
return
wait-scene week
"""
CONTINUE = """
wait-scene title
c
wait-scene week
print continued
"""
QUIT = """
escape
wait-scene dialog
q
"""
#: the decisions typed in week N (the inbox is tab 1, the leads tab 3): they differ
DECIDE = {
    1: "",                      # the default plan
    2: "d",                     # decline the first request
    3: "1\ndown\nf\n3\nx",      # defer the second request, decline the first lead
    4: "1\ndown\ndown\nd",      # decline the third request
    5: "1\nd\ndown\nf",
}


def week(n: int) -> str:
    """Week ``n``: decide, end the week, print ``saved N`` on its report, back to the week."""
    return f"{DECIDE[n]}\ne\nwait-scene report\nprint saved {n}\nreturn\nwait-scene week\n"


class Game:
    """``python -m sim play`` in a subprocess, fed a script; stdout and stderr read as one."""

    def __init__(self, tmp: Path, name: str, script: str, *, max_file: int | None = None,
                 slow_save: float | None = None) -> None:
        path = tmp / f"{name}.script"
        path.write_text(script, encoding="utf-8")
        full = {k: v for k, v in os.environ.items()
                if k not in ("NAR_EXIT_AFTER_FIRST_FRAME", "NAR_INPUT_SCRIPT")}
        full.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT),
                    NAR_DATA_DIR=str(tmp / "data"), NAR_INPUT_SCRIPT=str(path))
        args = ["play", "tutorial", "--seed", str(SEED), "--player", "tester", "--lang", "en"]
        if max_file is None and slow_save is None:
            cmd = [sys.executable, "-m", "sim", *args]
        else:  # the faults (a file size limit, slow saves) are the test's, not the game's
            cmd = [sys.executable, "-c", prelude(args, max_file=max_file, slow_save=slow_save)]
        self.proc = subprocess.Popen(cmd, cwd=tmp, env=full, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self._queue.put(raw.decode("utf-8", "replace").rstrip("\n"))
        self._queue.put(None)

    def output(self) -> str:
        return "\n".join(self.lines)[-2000:]

    def wait_for(self, marker: str) -> None:
        """Read the output until the line ``marker``; fail on exit or after TIMEOUT s."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no {marker!r} from play within {TIMEOUT} s:\n{self.output()}")
            if line is None:
                pytest.fail(f"play exited ({self.proc.wait(TIMEOUT)}) before {marker!r}:\n"
                            f"{self.output()}")
            self.lines.append(line)
            if line == marker:
                return

    def kill(self) -> None:
        assert self.proc.poll() is None, f"play already exited:\n{self.output()}"
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.wait(TIMEOUT) == -signal.SIGKILL

    def finish(self) -> None:
        """Wait for the script to quit the game; it must exit 0."""
        code = self.proc.wait(TIMEOUT)
        while (line := self._queue.get(timeout=TIMEOUT)) is not None:
            self.lines.append(line)
        assert code == 0, self.output()
        assert "Traceback" not in self.output()

    def saved(self) -> list[int]:
        """The weeks whose report was reached (the week's line was fsynced before)."""
        return [int(x.split()[1]) for x in self.lines if x.startswith("saved ")]


@pytest.fixture
def play(tmp_path):
    games: list[Game] = []

    def start(name: str, script: str, **kw) -> Game:
        g = Game(tmp_path, name, script, **kw)
        games.append(g)
        return g

    yield start
    for g in games:  # a failed test must not leave a game running
        if g.proc.poll() is None:
            g.proc.kill()
            g.proc.wait(TIMEOUT)
        if g.proc.stdout is not None:
            g.proc.stdout.close()


def run_file(tmp_path: Path) -> Path:
    files = sorted((tmp_path / "data" / "runs").glob("*.jsonl"))
    assert len(files) == 1, files  # Continue appended to the game; no second game began
    return files[0]


def replay(data: RunData) -> str:
    """Replay the recorded decisions from new_game; every digest must match. The last one."""
    st = new_game(load_scenario("tutorial").params, data.header["seed"])
    for w in data.weeks:
        st, _ = step(st, w.decisions, inplace=True)
        assert state_digest(st) == w.digest, f"week {w.week} does not replay"
    return state_digest(st)


def test_sigkill_in_the_middle_of_a_week_then_continue(play, tmp_path):
    g = play("a1", START + week(1) + week(2) + week(3) + DECIDE[4] + "\nprint week 4 begun\n")
    g.wait_for("week 4 begun")
    g.kill()
    assert g.saved() == [1, 2, 3]
    path = run_file(tmp_path)
    data = read_run(path)
    assert not data.torn and not data.complete
    assert [w.week for w in data.weeks] == g.saved()  # nothing lost but week 4's choices
    replay(data)
    choices = [w.decisions.to_dict() for w in data.weeks]
    assert len({repr(c) for c in choices}) == 3  # the weeks' decisions differ
    before = path.read_bytes()

    g2 = play("a2", CONTINUE + week(4) + QUIT)
    g2.wait_for("continued")
    g2.finish()
    assert g2.saved() == [4]
    after = path.read_bytes()
    assert after.startswith(before)  # the saved weeks are untouched, week 4 appended
    data2 = read_run(run_file(tmp_path))
    assert [w.week for w in data2.weeks] == [1, 2, 3, 4] and not data2.torn
    assert [w.decisions.to_dict() for w in data2.weeks[:3]] == choices
    assert data2.weeks[3].decisions.to_dict().get("requests")  # week 4's decline is there
    replay(data2)


def test_sigkill_at_the_moment_of_saving_then_continue(play, tmp_path):
    g = play("b1", START + week(1) + week(2) + QUIT)
    g.finish()
    assert g.saved() == [1, 2]
    path = run_file(tmp_path)
    before = path.read_bytes()

    g2 = play("b2", CONTINUE + DECIDE[3] + "\ne\n", slow_save=60)
    g2.wait_for("continued")
    g2.wait_for("saving week 3")  # half of week 3's line is on disk, the rest 60 s away
    g2.kill()
    torn = path.read_bytes()
    assert torn.startswith(before) and len(torn) > len(before)
    half = torn[len(before):]
    assert half.startswith(b'{"type":"week","week":3') and not half.endswith(b"\n")
    data = read_run(path)
    assert data.torn and [w.week for w in data.weeks] == [1, 2]  # only week 3 is lost
    replay(data)

    g3 = play("b3", CONTINUE + week(3) + week(4) + QUIT)
    g3.wait_for("continued")
    g3.finish()
    assert g3.saved() == [3, 4]
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before):].startswith(half)  # week 3 again, the same decisions and state
    data3 = read_run(path)
    assert [w.week for w in data3.weeks] == [1, 2, 3, 4] and not data3.torn
    replay(data3)


@pytest.mark.skipif(importlib.util.find_spec("resource") is None,
                    reason="file size limits are POSIX")
def test_the_disk_fills_up_in_the_real_game(play, tmp_path):
    """The save of week 3 fails in the real process (the run file may not grow): the game
    does not crash, keeps the week unplayed, lets the player try again and quit; the file
    holds weeks 1-2 (at most a torn tail, cut on the next save), and a later Continue plays
    week 3 and replays."""
    g = play("f1", START + week(1) + week(2) + QUIT)
    g.finish()
    path = run_file(tmp_path)
    before = path.read_bytes()
    g2 = play("f2", CONTINUE + DECIDE[3] + "\ne\nprint tried\ne\nprint tried again\n"
              "wait-scene week\n2\n1\nprint still playing\n" + QUIT,
              max_file=len(before) + 40)
    g2.wait_for("still playing")
    g2.finish()  # quits through the menu: exit 0, no traceback
    assert "tried again" in g2.output()
    assert path.read_bytes().startswith(before)
    data = read_run(path)
    assert [w.week for w in data.weeks] == [1, 2]  # week 3 was not saved, so not played
    assert data.torn  # the save was tried: the part of week 3 that fit is a torn tail
    replay(data)
    g3 = play("f3", CONTINUE + week(3) + QUIT)
    g3.wait_for("continued")
    g3.finish()
    data3 = read_run(path)
    assert [w.week for w in data3.weeks] == [1, 2, 3] and not data3.torn
    assert path.read_bytes().startswith(before)
    replay(data3)


def _kill_at_random(play, tmp_path: Path, k: int) -> None:
    """Kill a game at a random moment of a six-week script (saves slowed down a little, so
    that some kills land inside a save), then continue it and play one more week."""
    import random

    rng = random.Random(1000 + k)
    script = START + "".join(week(n) for n in range(1, 6)) + "\nprint all played\n"
    g = play(f"r{k}", script, slow_save=0.1)
    g.wait_for("saved 1")  # the game is up and playing: kill within the next weeks
    time.sleep(rng.uniform(0.0, 0.8))
    if g.proc.poll() is None:
        g.kill()
    while (line := g._queue.get(timeout=TIMEOUT)) is not None:  # what it said before dying
        g.lines.append(line)
    reached = g.saved()
    path = run_file(tmp_path)
    data = read_run(path)
    weeks = [w.week for w in data.weeks]
    assert weeks == list(range(1, len(weeks) + 1))
    # a week's line is fsynced before its report shows: the file holds every week whose
    # report was reached, and at most the one whose report was about to show
    assert len(weeks) in (len(reached), len(reached) + 1), (weeks, reached)
    replay(data)
    kept = path.read_bytes()[: sum(len(x) for x in path.read_bytes().splitlines(True)
                                  [: 1 + len(weeks)])]
    nxt = len(weeks) + 1
    if nxt > 5:
        return
    g2 = play(f"r{k}c", CONTINUE + week(nxt) + QUIT)
    g2.wait_for("continued")
    g2.finish()
    data2 = read_run(path)
    assert [w.week for w in data2.weeks] == list(range(1, nxt + 1)) and not data2.torn
    assert path.read_bytes().startswith(kept)  # the saved weeks are untouched
    replay(data2)


@pytest.mark.parametrize("k", range(2))
def test_sigkill_at_a_random_moment_then_continue(play, tmp_path, k):
    _kill_at_random(play, tmp_path, k)


@pytest.mark.slow
@pytest.mark.parametrize("k", range(2, 30))
def test_sigkill_at_a_random_moment_then_continue_long(play, tmp_path, k):
    _kill_at_random(play, tmp_path, k)
