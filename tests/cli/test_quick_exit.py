"""``python -m sim`` ends without the interpreter's teardown only when nothing needs it."""

from __future__ import annotations

import atexit
import textwrap
import threading

import pytest

from sim import cli
from sim.policies import base

RUN = ["run", "agency", "--policy", "rule-based", "--seed", "1", "--set", "weeks=4"]


class _Exited(Exception):
    def __init__(self, how: str, code: int) -> None:
        super().__init__(how, code)
        self.how, self.code = how, code


@pytest.fixture
def exits(monkeypatch):
    """``os._exit`` recorded instead of done: ``quick_exit`` raises ``_Exited``."""
    def fast(code: int) -> None:
        raise _Exited("fast", code)

    monkeypatch.setattr(cli.os, "_exit", fast)
    # pytest itself may have registered atexit callbacks: count only those made here
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0)
    monkeypatch.setattr(base, "_USER_MODULES", [])

    def run(code: int, command: str | None) -> tuple[str, int]:
        try:
            cli.quick_exit(code, command)
        except _Exited as e:
            return e.how, e.code
        except SystemExit as e:
            return "usual", e.code
        raise AssertionError("quick_exit returned")

    return run


def test_the_commands_that_run_only_our_code_skip_the_teardown(exits):
    for command in (None, "run", "validate", "schema"):
        assert exits(2, command) == ("fast", 2)
    for command in ("play", "debrief", "leaderboard", "new", "balance"):
        assert exits(0, command) == ("usual", 0)


def test_a_user_policy_module_atexit_or_a_thread_keeps_the_teardown(exits, monkeypatch):
    assert exits(0, "run") == ("fast", 0)
    monkeypatch.setattr(base, "_USER_MODULES", ["mine"])
    assert exits(0, "run") == ("usual", 0)
    monkeypatch.setattr(base, "_USER_MODULES", [])
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 1)
    assert exits(0, "run") == ("usual", 0)
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert exits(0, "run") == ("usual", 0)
    finally:
        stop.set()
        worker.join()
    assert exits(0, "run") == ("fast", 0)


def test_a_user_policy_module_is_remembered(monkeypatch):
    monkeypatch.setattr(base, "_USER_MODULES", [])
    base.make_policy("rule-based", 1)
    assert base.user_modules() == ()
    with pytest.raises(base.PolicyError):
        base.make_policy("no_such_module_here:decide", 1)
    assert base.user_modules() == ("no_such_module_here",)


def test_the_output_and_exit_code_are_those_of_main(sim_proc, capsys):
    assert cli.main(RUN) == 0
    table = capsys.readouterr().out
    r = sim_proc(*RUN)
    assert (r.returncode, r.stdout.decode(), r.stderr) == (0, table, b"")
    r = sim_proc("validate", "agency", "no-such-scenario")
    assert r.returncode == 2
    assert r.stdout.decode().startswith("OK ")
    assert b"no-such-scenario: no such scenario" in r.stdout


def test_a_user_policy_gets_its_teardown(sim_proc, tmp_path):
    # a file left open for the teardown to flush and close
    (tmp_path / "open_policy.py").write_text(textwrap.dedent(f"""
        from sim.engine import Decisions
        LOG = open({str(tmp_path / "log.txt")!r}, "w")
        def decide(obs):
            LOG.write(f"week {{obs.week}}\\n")
            return Decisions()
    """), encoding="utf-8")
    r = sim_proc(*RUN[:3], "open_policy:decide", *RUN[4:], env={"PYTHONPATH": str(tmp_path)},
                 cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "log.txt").read_text().splitlines() == [f"week {w}" for w in (1, 2, 3, 4)]


def test_an_atexit_callback_runs(sim_proc, tmp_path):
    (tmp_path / "sitecustomize.py").write_text(
        "import atexit\natexit.register(print, 'atexit ran')\n", encoding="utf-8")
    r = sim_proc(*RUN, env={"PYTHONPATH": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().endswith("finished\natexit ran\n")
