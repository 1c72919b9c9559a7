"""``python -m sim`` holds the garbage collector off while it starts, and gives it back, with
what the start-up made frozen, before the command's own work: every game, window and sweep
collects as usual, and ``main`` called from other code leaves the collector as it found it."""

from __future__ import annotations

import gc
import importlib
import textwrap

import pytest

from sim import cli

#: the module (``sim.runs`` names its function ``sweep`` too)
SWEEP_MODULE = importlib.import_module("sim.runs.sweep")

RUN = ["run", "agency", "--policy", "rule-based", "--seed", "1", "--set", "weeks=3"]
SWEEP = ["run", "agency", "--policy", "rule-based", "--seeds", "0:3", "--set", "weeks=3"]


@pytest.fixture
def collector():
    """The collector as the test found it, put back afterwards (frozen objects thawed)."""
    was = gc.isenabled()
    frozen = gc.get_freeze_count()  # (what other code froze before: left frozen)
    try:
        yield frozen
    finally:
        cli._collector_held = cli._collector_froze = False
        if gc.get_freeze_count() > frozen:
            gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_hold_and_release(collector):
    gc.enable()
    cli.hold_collector()
    assert not gc.isenabled()
    cli.release_collector()
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    assert frozen > collector  # the start-up's objects are out of its reach
    cli.release_collector()  # once only: nothing more is frozen
    assert gc.get_freeze_count() == frozen


@pytest.mark.parametrize("argv", [["--help"], ["run", "no-such-scenario", "--policy", "random"],
                                  ["schema"]])
def test_a_command_that_ends_before_its_work_gives_it_back_too(collector, capsys, argv):
    gc.enable()
    cli.hold_collector()
    cli.main(argv)
    assert gc.isenabled()


def test_an_exit_with_the_teardown_thaws_what_was_frozen(collector):
    # the teardown finalizes objects (a user's open file is flushed) only if it can reach
    # them: tests/cli/test_quick_exit.py has the whole program's case
    gc.enable()
    cli.hold_collector()
    cli.release_collector()
    assert gc.get_freeze_count() > collector
    with pytest.raises(SystemExit):
        cli.quick_exit(0, "play")
    assert gc.get_freeze_count() == 0


def test_a_collector_turned_off_by_the_caller_stays_off(collector):
    gc.disable()
    cli.hold_collector()
    cli.release_collector()
    assert not gc.isenabled()
    assert cli.main(RUN) == 0
    assert not gc.isenabled()
    assert gc.get_freeze_count() == collector


def test_main_from_other_code_leaves_the_collector_on_and_unfrozen(collector, capsys):
    gc.enable()
    assert cli.main(RUN) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == collector


def _watch(monkeypatch, module, name, seen):
    real = getattr(module, name)

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, watched)


def test_run_holds_through_its_start_and_plays_every_game_collecting(collector, monkeypatch,
                                                                     capsys):
    loads, games = [], []
    _watch(monkeypatch, cli, "_load_compiled", loads)
    _watch(monkeypatch, SWEEP_MODULE, "play", games)
    gc.enable()
    cli.hold_collector()
    assert cli.main([*SWEEP, "--jobs", "1"]) == 0  # (played here, where it is watched)
    assert loads == [False]
    assert games == [True, True, True]
    assert gc.isenabled()


def test_validate_holds_through_its_first_file_only(collector, monkeypatch, capsys):
    loads = []
    _watch(monkeypatch, cli, "_load", loads)
    gc.enable()
    cli.hold_collector()
    assert cli.main(["validate", "agency", "no-such-scenario", "tutorial"]) == 2
    assert loads == [False, True, True]
    assert gc.isenabled()


@pytest.mark.parametrize("argv", [["balance", "agency"], ["leaderboard", "."],
                                  ["debrief", "run.jsonl"], ["replay", "run.jsonl"], ["play"],
                                  ["new", "mine"]])
def test_the_other_commands_get_it_back_once_their_arguments_are_read(collector, monkeypatch,
                                                                       argv):
    seen = []
    real = cli.build_parser

    class Recording:
        """The real parser, its command replaced by one that records the collector."""

        def __init__(self, word):
            self.parser = real(word)

        def parse_args(self, args):
            parsed = self.parser.parse_args(args)
            parsed.func = lambda _args: seen.append(gc.isenabled()) or 0
            return parsed

    monkeypatch.setattr(cli, "build_parser", Recording)
    gc.enable()
    cli.hold_collector()
    assert cli.main(argv) == 0
    assert seen == [True]


def test_a_user_policy_plays_with_the_collector_on(sim_proc, tmp_path):
    # the whole program, as a student runs it: every decision of every game, here and in
    # the workers of --jobs 2, is made with the collector on
    (tmp_path / "gc_policy.py").write_text(textwrap.dedent(f"""
        import gc
        from sim.engine import Decisions
        def decide(obs):
            with open({str(tmp_path / "log.txt")!r}, "a") as log:
                log.write(f"{{gc.isenabled()}}\\n")
            return Decisions()
    """), encoding="utf-8")
    for argv in (RUN, [*SWEEP, "--jobs", "2"]):
        (tmp_path / "log.txt").write_text("")
        r = sim_proc(*argv[:3], "gc_policy:decide", *argv[4:],
                     env={"PYTHONPATH": str(tmp_path)}, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        lines = (tmp_path / "log.txt").read_text().split()
        assert lines and set(lines) == {"True"}, lines
