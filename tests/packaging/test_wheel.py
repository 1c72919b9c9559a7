"""The wheel holds every shipped file inside the package, and nothing of the checkout besides."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sim.resources import PACKAGE_FOLDER, SHIPPED

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_wheel_carries_the_shipped_files(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                        str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=600,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", *SHIPPED], check=True,
                             capture_output=True, text=True).stdout.split()
    assert len(tracked) > 10
    missing = [p for p in tracked if f"sim/{PACKAGE_FOLDER}/{p}" not in names]
    assert not missing, missing
    for catalog in (ROOT / "sim" / "i18n").glob("*.po*"):
        assert f"sim/i18n/{catalog.name}" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/", "scenarios/", "docs/"))]
    assert any(n.endswith("entry_points.txt") for n in names)
