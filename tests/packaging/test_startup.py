"""Commands import only what they use (the timings themselves are in bench/startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import BUILTIN, build_parser
from sim.commands import command_names

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("yaml", "pydantic", "sim.scenario", "multiprocessing", "concurrent.futures",
         "sim.runs.runfile", "babel", "sim.i18n", "platformdirs", "importlib.resources",
         "pkgutil", "statistics", "tempfile", "shutil", "subprocess", "matplotlib", "pygame",
         "sim.ui", "sim.debrief", "sim.commands", "sim.runs.charts")


def _choices(parser) -> list[str]:
    return list(parser._subparsers._group_actions[0].choices)  # noqa: SLF001


@pytest.mark.parametrize("name", [*BUILTIN, *command_names()])
def test_each_command_builds_alone_under_its_module_name(name):
    assert _choices(build_parser(name)) == [name]


def test_help_lists_every_command():
    assert sorted(_choices(build_parser())) == sorted([*BUILTIN, *command_names()])


def _modules_after(args: list[str], cache: Path) -> set[str]:
    code = ("import sys, runpy; sys.argv = ['sim', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('sim', run_name='__main__')\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n")
    env = dict(os.environ, SIM_CACHE_DIR=str(cache),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       env=env, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return set(r.stderr.split())


@pytest.mark.parametrize("scenario", ["agency", "seminar"])  # seminar: extends agency
def test_a_run_of_a_compiled_scenario_imports_no_loader(tmp_path, scenario):
    args = ["run", scenario, "--policy", "rule-based", "--seed", "1"]
    first = _modules_after(args, tmp_path)
    assert "yaml" in first and "pydantic" in first  # the first run compiles and checks it
    again = _modules_after(args, tmp_path)
    assert not {m for m in again for h in HEAVY if m == h or m.startswith(h + ".")}


LOADER = ("yaml", "pydantic", "sim.scenario")


def test_checking_runs_of_a_compiled_scenario_imports_no_loader(tmp_path):
    """``leaderboard``, ``replay`` and ``debrief`` find the scenario in the same cache."""
    runs = tmp_path / "runs"
    cache = tmp_path / "cache"
    _modules_after(["run", "tutorial", "--policy", "rule-based", "--seed", "1", "--record",
                    str(runs)], cache)
    (run,) = runs.iterdir()
    for args in (["leaderboard", str(runs), "--jobs", "1"], ["replay", str(run)],
                 ["debrief", str(run)]):
        loaded = _modules_after(args, cache)
        assert not {m for m in loaded for h in LOADER if m == h or m.startswith(h + ".")}, args


def test_importing_the_engine_compiles_no_dataclass_methods():
    # records (sim.engine.records) compile their __init__ only once many instances are made;
    # a class built at import (a default such as Rules()) must not undo that
    code = ("import dataclasses, sys, sim.engine\n"
            "from sim.engine import records\n"
            "from sim.engine import params, decisions, report, state, ledger, context\n"
            "mods = (params, decisions, report, state, ledger, context)\n"
            "classes = [c for m in mods for c in vars(m).values() if isinstance(c, type)\n"
            "           and dataclasses.is_dataclass(c) and c.__module__ == m.__name__]\n"
            "assert len(classes) >= 18, classes\n"
            "print(' '.join(c.__name__ for c in classes\n"
            "               if c.__init__.__code__.co_filename != records.__file__))\n")
    env = dict(os.environ,
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == []  # every class still has the generic __init__


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["balance", "--help"]])
def test_help_imports_no_scenario_loader(args, tmp_path):
    loaded = _modules_after(args, tmp_path)
    assert not {m for m in loaded for h in ("yaml", "pydantic", "sim.scenario")
                if m == h or m.startswith(h + ".")}


def test_balance_plays_the_built_in_bots_by_default():
    from sim.cli import build_parser
    from sim.policies import BOTS, policy_names

    assert set(BOTS) <= set(policy_names())
    assert build_parser().parse_args(["balance", "agency"]).policies == list(BOTS)
