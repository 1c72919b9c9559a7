"""Helpers for driving ``python -m sim`` in a child process (a few tests only: ~0.3 s each)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sim_proc() -> Callable[..., subprocess.CompletedProcess]:
    """Run ``python -m sim ARGS`` with the repo importable; returns the completed process."""

    def run(*args: str, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
        full = dict(os.environ)
        full.pop("SIM_DEBUG", None)
        full.update(env or {})
        full["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT)] + ([full["PYTHONPATH"]] if full.get("PYTHONPATH") else []))
        return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd or ROOT, env=full,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=300)

    return run
