"""Ctrl-C during a sweep (``run --seeds``, ``balance``): no partial --out file, no worker
left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


SWEEPS = {
    "run": ["run", "agency", "--policy", "rule-based", "--seeds", "0:20000", "--jobs", "2",
            "--out", "runs.jsonl"],
    "balance": ["balance", "agency", "--seeds", "0:20000", "--jobs", "2"],
}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or not hasattr(os, "killpg"),
                    reason="needs Linux /proc and process groups")
@pytest.mark.parametrize("command", list(SWEEPS))
def test_ctrl_c_leaves_no_partial_file_and_no_worker(tmp_path, command):
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, SIM_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", *SWEEPS[command]],
        cwd=work, env=env, start_new_session=True, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while len(_children(proc.pid)) < 2:  # both workers are playing
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.05)
        workers = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert "sim: interrupted" in err and "Traceback" not in err
    assert sorted(p.name for p in work.iterdir()) == []  # neither runs.jsonl nor its temp file
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or \
            "zombie" in Path(f"/proc/{pid}/status").read_text().lower(), f"worker {pid} lives"
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # nothing of the group is left
