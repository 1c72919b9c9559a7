"""Start-up cost of a command against a bare numpy process, measured as a user waits.

    python bench/startup.py [--rounds 15] [--target 1.6]

Runs, side by side and alternately (so a busy machine slows both alike), whole processes of

- ``python -c "import numpy"`` (the floor every command pays), and
- ``python -m sim run agency --policy rule-based --seed 1`` (one short game),

and prints the median wall time and CPU time (user + system, children included) of each,
their ratio and the target (``--target``, default 1.6x). A few more commands' medians are
printed for reference (``--help``, ``validate agency``). The exit code is 1 if the ratio of
``run`` misses the target. Tests never assert timings: this does.

The processes run with compiled bytecode, as an installed package does (``pip`` compiles it
on install), kept in a temporary folder (``PYTHONPYCACHEPREFIX``) so the checkout stays
clean, even where ``PYTHONDONTWRITEBYTECODE`` is set. ``--source`` measures without bytecode
(every module compiled from source in every process: a checkout that may not write
``__pycache__``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BASELINE = ("-c", "import numpy")
COMMAND = ("-m", "sim", "run", "agency", "--policy", "rule-based", "--seed", "1")
OTHERS = {
    "sim --help": ("-m", "sim", "--help"),
    "sim validate agency": ("-m", "sim", "validate", "agency"),
}
TARGET = 1.6


def _env(pycache: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    # the checkout's sim, unless an installed one is being measured (SIM_BENCH_INSTALLED=1)
    if not os.environ.get("SIM_BENCH_INSTALLED"):
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _once(args: tuple[str, ...], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    """Measure and print; 1 if the ``run`` command costs more than the target ratio."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=15, help="processes of each kind (default 15)")
    ap.add_argument("--target", type=float, default=TARGET, help="the ratio to stay under")
    ap.add_argument("--source", action="store_true",
                    help="without bytecode: compile every module in every process")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sim-bench-pyc-") as pycache:
        return _measure(args, _env(None if args.source else pycache))


def _measure(args: argparse.Namespace, env: dict[str, str]) -> int:
    kinds = {"python -c 'import numpy'": BASELINE, "sim run agency --seed 1": COMMAND,
             **OTHERS}
    for a in kinds.values():  # warm the disk cache and any compiled-file caches
        _once(a, env)
    walls: dict[str, list[float]] = {k: [] for k in kinds}
    cpus: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(args.rounds):
        for name, a in kinds.items():
            wall, cpu = _once(a, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores, "
          f"{args.rounds} rounds, medians, "
          f"{'from source' if args.source else 'with bytecode'}")
    print(f"  {'process':<28}{'wall ms':>9}{'cpu ms':>9}")
    for name in kinds:
        print(f"  {name:<28}{statistics.median(walls[name]) * 1e3:>9.0f}"
              f"{statistics.median(cpus[name]) * 1e3:>9.0f}")
    base, cmd = list(kinds)[:2]
    ratio_wall = statistics.median(walls[cmd]) / statistics.median(walls[base])
    ratio_cpu = statistics.median(cpus[cmd]) / statistics.median(cpus[base])
    ok = ratio_wall <= args.target
    print(f"  ratio run / numpy: wall {ratio_wall:.2f}x, cpu {ratio_cpu:.2f}x   "
          f"target <= {args.target:.1f}x (wall)   {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
