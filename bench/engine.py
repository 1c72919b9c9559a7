"""Engine speed against its targets: one 52-week run, and a 10,000-seed sweep through the CLI.

    python bench/engine.py [--runs 200] [--quick]

Prints runs per second and the median and 95th-percentile time of one ``agency`` run with
``rule-based`` (single process, after a warm-up), then the wall time of
``python -m sim run agency --policy rule-based --seeds 0:10000 --jobs 2 --out TMP``. Each
number is printed next to its target; the exit code is 1 if a target is missed. ``--quick``
sweeps 1,000 seeds against a proportional target. Tests never assert timings: this does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.policies import make_policy  # noqa: E402
from sim.runs.runner import play  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402

SCENARIO, POLICY = "agency", "rule-based"
RUN_MEDIAN_MS = 5.0        # target: one 52-week run
SWEEP_SEEDS = 10_000
SWEEP_SECONDS = 60.0       # target: the full sweep with --jobs 2
QUICK_SEEDS = 1_000
WARMUP = 20


def _line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {label:<22}{value:>12}   {target:<16}{verdict}")


def time_runs(runs: int) -> tuple[float, float, float]:
    """(runs per second, median ms, p95 ms) of single runs in this process."""
    params = load_scenario(SCENARIO).params
    for seed in range(WARMUP):
        play(params, make_policy(POLICY, seed), seed)
    times = []
    start = time.perf_counter()
    for seed in range(runs):
        t0 = time.perf_counter()
        play(params, make_policy(POLICY, seed), seed)
        times.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    return runs / total, 1000 * statistics.median(times), 1000 * p95


def time_sweep(seeds: int, jobs: int) -> tuple[float, int, str]:
    """(wall seconds, exit code, last stderr line) of a sweep through the real CLI."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sweep.jsonl"
        cmd = [sys.executable, "-m", "sim", "run", SCENARIO, "--policy", POLICY,
               "--seeds", f"0:{seeds}", "--jobs", str(jobs), "--out", str(out)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        lines = 0
        if proc.returncode == 0:
            with open(out, "rb") as f:
                lines = sum(1 for _ in f)
        err = (proc.stderr.strip().splitlines() or [""])[-1]
        if proc.returncode == 0 and lines != seeds:
            return wall, 1, f"expected {seeds} lines, found {lines}"
        return wall, proc.returncode, err


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=200, help="single runs to time (>= 200)")
    ap.add_argument("--quick", action="store_true",
                    help=f"sweep {QUICK_SEEDS} seeds instead of {SWEEP_SEEDS}")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    ok = True

    rate, median, p95 = time_runs(a.runs)
    print(f"one run: {SCENARIO}, {POLICY}, {a.runs} runs in one process "
          f"(after {WARMUP} warm-up runs)")
    _line("runs per second", f"{rate:.1f}")
    good = median <= RUN_MEDIAN_MS
    ok &= good
    _line("median run", f"{median:.2f} ms", f"target <= {RUN_MEDIAN_MS:g} ms", good)
    _line("p95 run", f"{p95:.2f} ms")

    seeds = QUICK_SEEDS if a.quick else SWEEP_SEEDS
    target = SWEEP_SECONDS * seeds / SWEEP_SEEDS
    print(f"sweep: python -m sim run {SCENARIO} --policy {POLICY} --seeds 0:{seeds} "
          f"--jobs {a.jobs} --out TMP")
    wall, code, err = time_sweep(seeds, a.jobs)
    good = code == 0 and wall < target
    ok &= good
    _line("wall time", f"{wall:.1f} s", f"target < {target:g} s", good)
    _line("runs per second", f"{seeds / wall:.1f}")
    if code != 0:
        print(f"  the sweep failed (exit {code}): {err}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
