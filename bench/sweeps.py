"""``sim balance`` over 200 seeds as a user waits for it, against its target.

    python bench/sweeps.py [--seeds 0:200] [--scenario agency]

Runs ``python -m sim balance SCENARIO --seeds A:B`` with the default ``--jobs`` (one process
per core) and, for comparison, ``--jobs 1``; prints the wall and CPU time of each, the load
average and the target: under 15 s with the default on a 2-core machine. Exit code 1 if the
default misses it. Tests never assert timings: this does.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 15.0


def _timed(args: list[str]) -> tuple[float, float, int]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                                     os.environ.get("PYTHONPATH")])))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "sim", *args], env=env, stdout=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, r.returncode


def main(argv: list[str] | None = None) -> int:
    """Measure and print; 1 if the default ``--jobs`` misses the target."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="0:200")
    ap.add_argument("--scenario", default="agency")
    args = ap.parse_args(argv)
    base = ["balance", args.scenario, "--seeds", args.seeds]
    print(f"sim balance {args.scenario} --seeds {args.seeds}; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f} before")
    ok = True
    for label, extra in (("default --jobs (cores)", []), ("--jobs 1", ["--jobs", "1"])):
        wall, cpu, rc = _timed(base + extra)
        line = f"  {label:<24}{wall:>7.1f} s wall {cpu:>7.1f} s cpu  exit {rc}"
        if not extra:
            ok = wall < TARGET_S
            line += f"   target < {TARGET_S:.0f} s   {'ok' if ok else 'MISSED'}"
        print(line)
    print(f"  load average {os.getloadavg()[0]:.2f} after")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
