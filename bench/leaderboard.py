"""Leaderboard speed against its target: 500 run files verified in under 10 seconds.

    python bench/leaderboard.py [--files 500] [--jobs 2]

Records ``--files`` run files of ``agency`` (half ``rule-based``, half ``always-right``,
52-week games) with ``sim run --record``, then times the real command
``python -m sim leaderboard DIR --jobs N`` (start-up included) and prints the wall time
next to the target; the exit code is 1 if the target is missed. Tests never assert timings:
this does.

On a shared machine the wall time says more about the neighbours than about the code, so
the CPU time of the command and its workers is printed too (POSIX only), with what it means
on N idle cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no CPU time of child processes
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 10.0  # for 500 files
FILES = 500


def _sim(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


def record(folder: Path, files: int, jobs: int) -> None:
    """Write ``files`` run files into ``folder`` through ``sim run --record``."""
    half = files // 2
    for policy, count in (("rule-based", files - half), ("always-right", half)):
        done = _sim("run", "agency", "--policy", policy, "--seeds", f"0:{count}",
                    "--jobs", str(jobs), "--record", str(folder), "--out", os.devnull)
        if done.returncode != 0:
            sys.exit(f"recording failed: {done.stderr.strip()}")


def _children_cpu() -> float:
    if resource is None:
        return 0.0
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=FILES)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    target = TARGET_SECONDS * args.files / FILES
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        record(folder, args.files, args.jobs)
        n = len(list(folder.glob("*.jsonl")))
        print(f"recorded {n} run files in {time.perf_counter() - t0:.1f} s")
        cpu0 = _children_cpu()
        t0 = time.perf_counter()
        done = _sim("leaderboard", str(folder), "--jobs", str(args.jobs))
        wall = time.perf_counter() - t0
        cpu = _children_cpu() - cpu0
    head = done.stdout.splitlines()[0] if done.stdout else done.stderr.strip()
    ok = done.returncode == 0 and wall < target
    print(f"  {head}")
    print(f"  leaderboard of {n} files, --jobs {args.jobs}: {wall:.2f} s   "
          f"target < {target:.1f} s   {'ok' if ok else 'MISSED'}")
    print(f"  ({1000 * wall / max(1, n):.1f} ms per file, wall time, start-up included)")
    if resource is not None:
        print(f"  CPU time {cpu:.2f} s (command and workers): {1000 * cpu / max(1, n):.1f} ms "
              f"per file, about {cpu / args.jobs:.1f} s of wall time on {args.jobs} idle "
              f"core(s); load average now {os.getloadavg()[0]:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
