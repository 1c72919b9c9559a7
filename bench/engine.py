"""Engine speed against its targets, beside the engine it must beat.

    python bench/engine.py [--reference DIR] [--runs 40] [--rounds 3] [--quick]

Prints, each next to its target (exit code 1 if one is missed):

1. **One run, side by side.** CPU time of a 52-week ``agency`` game with ``rule-based``, for
   this checkout and for the reference engine (:data:`REFERENCE`, the engine before the
   speed work, checked out with ``git worktree`` into a temporary folder unless
   ``--reference DIR`` names a checkout). Each engine runs in its own long-lived process
   (``bench/engine_worker.py --serve``); both play the same seeds, one game at a time in
   turn, so each pair of games meets the machine at the same moment (a shared machine's
   speed drifts within seconds), and the ratio is the median over the pairs. Target: at
   most 0.37× the reference's CPU.
2. **Size.** µs of CPU per week at 10, 30, 60 and 200 starting clients, both engines: the
   ``agency`` file with ``market.initial_clients`` set and its team and lead rate scaled with
   the clients (so a shop of 200 keeps about 200, rather than losing most to waiting).
   Target: at 200 clients at most 1.5× the reference (the array engine's strength).
3. **Runs per second** of this engine in one process.
4. **Sweep**: ``python -m sim run agency --policy rule-based --seeds 0:10000 --jobs 2``,
   wall time, target under 60 s; and ``python -m sim balance`` of the agency over seeds 0:200
   with the four built-in bots, target under 10 s. That balance reads the agency file without
   its expect lines (the shipped file's trick line adds 18 blanket policies to any balance;
   ``bench/sweeps.py`` times the shipped command as an instructor runs it).

``--quick`` sweeps 1,000 seeds against a proportional target and times fewer runs. Tests
never assert timings: this does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER = Path(__file__).resolve().with_name("engine_worker.py")

#: the engine the speed targets are measured against (main before the speed work)
REFERENCE = "9cc4cca"
SCENARIO, POLICY = "agency", "rule-based"
RUN_RATIO = 0.37           # target: CPU of one agency run against the reference
SIZES = (10, 30, 60, 200)  # starting clients
BIG_RATIO = 1.5            # target at 200 clients against the reference
SWEEP_SEEDS, SWEEP_SECONDS = 10_000, 60.0
QUICK_SEEDS = 1_000
BALANCE_SEEDS, BALANCE_SECONDS = 200, 10.0
BOTS = "always-right,rule-based,oracle,random"
SHIPPED_CLIENTS = 26  # the agency's own size: sized_scenario then changes only the expect lines


def _line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {label:<30}{value:>14}   {target:<22}{verdict}", flush=True)


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("PYTHONSTARTUP", None)
    return env


def sized_scenario(folder: Path, clients: int) -> Path:
    """The agency scenario with ``clients`` starting clients, and staff and leads in
    proportion (written to ``folder``; both engines read the same file)."""
    import yaml

    doc = yaml.safe_load((ROOT / "scenarios" / f"{SCENARIO}.yaml").read_text(encoding="utf-8"))
    scale = clients / doc["market"]["initial_clients"]
    team = doc["staff"]
    size = max(1, min(50, round(len(team) * scale)))
    doc["staff"] = [dict(team[k % len(team)], name=f"{team[k % len(team)]['name']} {k + 1}")
                    if k >= len(team) else team[k] for k in range(size)]
    doc["market"]["initial_clients"] = clients
    doc.pop("expect", None)  # its lines are for the shipped size (and PyYAML reads "on" as true)
    doc["market"]["lead_rate"] = round(doc["market"]["lead_rate"] * scale, 3)
    path = folder / f"{SCENARIO}-{clients}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _Server:
    """One engine's ``bench/engine_worker.py --serve`` process: ``game(seed)`` plays one
    game there and returns its CPU time, weeks and clients active at the end."""

    def __init__(self, tree: Path, scenario: str) -> None:
        self.tree = tree
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), "--scenario", scenario, "--policy", POLICY,
             "--serve"], cwd=tree, env=_env(tree), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            self._failed()

    def _failed(self) -> None:
        self.proc.kill()
        err = self.proc.stderr.read().strip()
        raise SystemExit(f"bench/engine_worker.py failed in {self.tree}:\n{err}")

    def game(self, seed: int) -> dict[str, float]:
        self.proc.stdin.write(f"{seed}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            self._failed()
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def side_by_side(ref: Path | None, runs: int, rounds: int,
                 scenario: str = SCENARIO) -> tuple[dict, dict | None, float | None]:
    """Each engine's median CPU per game and CPU per week over ``runs * rounds`` games, and
    the median over games of the ratio of their CPU per week (None without a reference).

    Both engines play the same seeds, one game at a time in turn (which goes first
    alternates), each in its own long-lived process: the pair of a game meets the machine at
    the same moment, so the ratio holds while a shared machine's speed drifts."""
    mine = _Server(ROOT, scenario)
    theirs = _Server(ref, scenario) if ref is not None else None
    rows: list[tuple[dict, dict | None]] = []
    try:
        for k, seed in enumerate(range(1000, 1000 + runs * rounds)):
            if theirs is not None and k % 2:
                t = theirs.game(seed)
                m = mine.game(seed)
            else:
                m = mine.game(seed)
                t = theirs.game(seed) if theirs is not None else None
            rows.append((m, t))
    finally:
        mine.close()
        if theirs is not None:
            theirs.close()

    def summary(games: list[dict]) -> dict[str, float]:
        return {"cpu_ms_median": statistics.median(g["cpu_ms"] for g in games),
                "us_per_week": 1000 * sum(g["cpu_ms"] for g in games)
                / max(1, sum(g["weeks"] for g in games)),
                "active_at_end": statistics.median(g["active"] for g in games)}

    if theirs is None:
        return summary([m for m, _ in rows]), None, None
    def per_week(g: dict) -> float:
        return g["cpu_ms"] / max(1, g["weeks"])

    ratio = statistics.median(per_week(m) / per_week(t) for m, t in rows)
    return summary([m for m, _ in rows]), summary([t for _, t in rows]), ratio


@contextmanager
def reference_tree(given: str | None) -> Iterator[Path | None]:
    """The reference checkout: ``given``, or a temporary ``git worktree`` of
    :data:`REFERENCE` (None, with a message, where neither is possible)."""
    if given:
        yield Path(given).resolve()
        return
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        print("  (no git checkout here: pass --reference DIR to compare with the reference)")
        yield None
        return
    tmp = Path(tempfile.mkdtemp(prefix="nar-ref-"))
    tree = tmp / "ref"
    made = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree),
                           REFERENCE], capture_output=True, text=True)
    if made.returncode != 0:
        print(f"  (cannot check out the reference {REFERENCE}: {made.stderr.strip()})")
        shutil.rmtree(tmp, ignore_errors=True)
        yield None
        return
    try:
        yield tree
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def _timed_cli(args: list[str]) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, env=_env(ROOT),
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    return (time.perf_counter() - t0, proc.returncode,
            (proc.stderr.strip().splitlines() or [""])[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", metavar="DIR",
                    help=f"a checkout of the reference engine (default: {REFERENCE}, "
                         "checked out for the run)")
    ap.add_argument("--runs", type=int, default=40, help="games per round and engine")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true",
                    help=f"sweep {QUICK_SEEDS} seeds instead of {SWEEP_SEEDS}, fewer games")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-sweep", action="store_true", help="skip the sweep and balance")
    a = ap.parse_args()
    runs = max(5, a.runs // 4) if a.quick else a.runs
    ok = True

    with reference_tree(a.reference) as ref:
        print(f"one run: {SCENARIO}, {POLICY}, CPU per 52-week game, median of "
              f"{a.rounds * runs} games played in turn with the reference "
              f"(reference: {ref or 'none'})", flush=True)
        mine, theirs, ratio = side_by_side(ref, runs, a.rounds)
        _line("this engine", f"{mine['cpu_ms_median']:.1f} ms")
        if theirs:
            good = ratio <= RUN_RATIO
            ok &= good
            who = Path(a.reference).name if a.reference else REFERENCE  # (the tree it ran)
            _line(f"reference {who}", f"{theirs['cpu_ms_median']:.1f} ms")
            _line("ratio", f"{ratio:.2f}x", f"target <= {RUN_RATIO:g}x", good)
        _line("runs per second (one core)", f"{1000 / mine['cpu_ms_median']:.1f}")

        print("size: CPU per week by starting clients (active at the end), team in "
              "proportion", flush=True)
        folder = Path(tempfile.mkdtemp(prefix="nar-sizes-"))
        for n in SIZES:
            few = max(3, runs // (4 if n >= 100 else 2))
            m, t, ratio = side_by_side(ref, few, a.rounds, str(sized_scenario(folder, n)))
            label = f"{n} clients ({m['active_at_end']:.0f} active)"
            if t:
                good = ratio <= BIG_RATIO if n == SIZES[-1] else None
                if good is not None:
                    ok &= good
                _line(label, f"{m['us_per_week']:,.0f} us",
                      f"ref {t['us_per_week']:,.0f} us = {ratio:.2f}x"
                      + (f" (<= {BIG_RATIO:g}x)" if n == SIZES[-1] else ""), good)
            else:
                _line(label, f"{m['us_per_week']:,.0f} us")
        shutil.rmtree(folder, ignore_errors=True)

    if a.no_sweep:
        return 0 if ok else 1
    seeds = QUICK_SEEDS if a.quick else SWEEP_SEEDS
    target = SWEEP_SECONDS * seeds / SWEEP_SEEDS
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sweep.jsonl"
        print(f"sweep: python -m sim run {SCENARIO} --policy {POLICY} --seeds 0:{seeds} "
              f"--jobs {a.jobs} --out TMP", flush=True)
        wall, code, err = _timed_cli(["run", SCENARIO, "--policy", POLICY, "--seeds",
                                      f"0:{seeds}", "--jobs", str(a.jobs), "--out", str(out)])
        lines = sum(1 for _ in open(out, "rb")) if code == 0 else 0
        good = code == 0 and lines == seeds and wall < target
        ok &= good
        _line("wall time", f"{wall:.1f} s", f"target < {target:g} s", good)
        _line("runs per second", f"{seeds / wall:.0f}")
        if code != 0 or lines != seeds:
            print(f"  the sweep failed (exit {code}, {lines} lines): {err}")
    print(f"balance: python -m sim balance {SCENARIO} (without its expect lines) --seeds "
          f"0:{BALANCE_SEEDS} --policies {BOTS} --jobs {a.jobs}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        four = sized_scenario(Path(tmp), SHIPPED_CLIENTS)
        wall, code, err = _timed_cli(["balance", str(four), "--seeds", f"0:{BALANCE_SEEDS}",
                                      "--policies", BOTS, "--jobs", str(a.jobs)])
    # balance exits 1 when an expect line fails: still a timing, so only 2 is a failure
    good = code in (0, 1) and wall < BALANCE_SECONDS
    ok &= good
    _line("wall time", f"{wall:.1f} s", f"target < {BALANCE_SECONDS:g} s", good)
    if code not in (0, 1):
        print(f"  balance failed (exit {code}): {err}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
