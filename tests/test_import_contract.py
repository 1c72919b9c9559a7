"""The engine's front door, as import-linter contracts in pyproject.toml: the rest of the
program imports ``sim.engine`` and never its modules, and the engine imports numpy and the
standard library only."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
LINT = ("import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` on the tree at ``root`` (its own ``sim`` first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([sys.executable, "-c", LINT], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_import_contracts_are_kept():
    out = lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 kept, 0 broken" in out.stdout


def test_the_contracts_catch_a_module_import_and_a_foreign_import_in_the_engine(tmp_path):
    shutil.copytree(ROOT / "sim", tmp_path / "sim",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "sim" / "ui" / "plan.py").open("a", encoding="utf-8") as f:
        f.write("\nfrom sim.engine.state import ACTIVE as _ACTIVE  # noqa\n")
    with (tmp_path / "sim" / "engine" / "score.py").open("a", encoding="utf-8") as f:
        f.write("\nfrom sim.files import atomic_write as _write  # noqa\n")
    out = lint_imports(tmp_path)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "sim.ui.plan -> sim.engine.state" in out.stdout
    assert "sim.engine.score -> sim.files" in out.stdout
    assert "2 broken" in out.stdout


def test_the_engine_needs_nothing_but_numpy_and_the_standard_library():
    # the contract names the packages we have; this catches any other
    graph = grimp.build_graph("sim", include_external_packages=True, cache_dir=None)
    engine = {m for m in graph.modules if m == "sim.engine" or m.startswith("sim.engine.")}
    outside = {imported.split(".")[0] for m in engine
               for imported in graph.find_modules_directly_imported_by(m)
               if imported not in engine}
    assert outside <= {"numpy"} | set(sys.stdlib_module_names), sorted(outside)


def test_param_types_lists_every_parameter_class():
    """``sim.compiled`` rebuilds parameters by class name from ``PARAM_TYPES`` alone."""
    from sim.engine import PARAM_TYPES, params

    classes = {cls for cls in vars(params).values()
               if isinstance(cls, type) and dataclasses.is_dataclass(cls)}
    assert set(PARAM_TYPES) == classes
