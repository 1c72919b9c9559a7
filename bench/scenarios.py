"""Scenario validation speed against its target: all shipped scenarios in under a second.

    python bench/scenarios.py [--repeat 5]

Prints, next to each target:
- the first validation of every shipped scenario in a fresh process (imports done, nothing
  cached: what ``sim validate scenarios/*.yaml`` spends after start-up), target 1 s;
- the median of ``--repeat`` further validations of all of them, target 1 s;
- the wall time of ``python -m sim validate`` on all of them as a child process, interpreter
  start-up and imports included, target 2 s.

The exit code is 1 if a target is missed. Tests never assert timings: this does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_SECONDS = 1.0   # target: validate every shipped scenario once, in a fresh process
WARM_SECONDS = 1.0    # target: the same again (median)
CLI_SECONDS = 2.0     # target: `python -m sim validate` on all of them, start-up included

_FIRST = """\
import sys, time
sys.path.insert(0, {root!r})
from sim.scenario import load_scenario, shipped_scenarios
paths = shipped_scenarios()
t0 = time.perf_counter()
for p in paths:
    load_scenario(p)
print(len(paths), time.perf_counter() - t0)
"""


def _line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {label:<34}{value:>10}   {target:<10}{verdict}")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def first_validation() -> tuple[int, float]:
    """(scenarios, seconds) of validating each shipped scenario once in a fresh process."""
    out = subprocess.run([sys.executable, "-c", _FIRST.format(root=str(ROOT))], cwd=ROOT,
                         env=_env(), capture_output=True, text=True, check=True).stdout
    count, seconds = out.split()
    return int(count), float(seconds)


def warm_validation(repeat: int) -> float:
    """Median seconds of validating all shipped scenarios again, in this process."""
    from sim.scenario import load_scenario, shipped_scenarios

    paths = shipped_scenarios()
    for p in paths:
        load_scenario(p)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for p in paths:
            load_scenario(p)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cli_validation() -> tuple[float, int]:
    """(wall seconds, exit code) of ``python -m sim validate`` on every shipped scenario."""
    from sim.scenario import shipped_scenarios

    cmd = [sys.executable, "-m", "sim", "validate", *map(str, shipped_scenarios())]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=_env(), stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm repetitions (default 5)")
    args = parser.parse_args(argv)
    count, first = first_validation()
    warm = warm_validation(max(1, args.repeat))
    wall, code = cli_validation()
    print(f"validating the {count} shipped scenarios")
    checks = [
        ("first validation (fresh process)", first, FIRST_SECONDS),
        ("again (median)", warm, WARM_SECONDS),
        ("python -m sim validate (wall)", wall, CLI_SECONDS),
    ]
    ok_all = code == 0
    for label, seconds, target in checks:
        ok = seconds < target
        ok_all &= ok
        _line(label, f"{seconds:.3f} s", f"< {target:g} s", ok)
    if code != 0:
        print(f"  python -m sim validate exited {code}: a shipped scenario does not validate")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
