"""``sim balance``: does a scenario teach what it says? Every bot over many seeds.

    python -m sim balance haggler --seeds 0:200 --jobs 2

Plays each policy on the same seeds (``--policies``, default the four built-in bots; a policy
named by an ``expect:`` line is played too, and so is always-right, the reference of the win
rates), prints per policy the median, 10th and 90th percentile of score, profit, morale and
reputation and how often it beat always-right on the same seed, then checks each ``expect:``
line: ``PASS``/``FAIL`` with the measured value. Exit 0 when every line passes, 1 when one
fails, 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli import (
    EXIT_FAILED,
    EXIT_OK,
    JOBS_HELP,
    UsageError,
    _check_policy,
    _jobs,
    _load,
    _override,
    _seed_range,
)
from sim.policies import BOTS

if TYPE_CHECKING:
    from sim.scenario.expect import Results

# the scenario's models (pydantic) and numpy are imported when the command runs: `sim --help`
# builds this parser and needs neither

ORDER = 35
REFERENCE = "always-right"
DEFAULT_SEEDS = range(0, 200)


def register(sub: Any) -> None:
    """Add ``balance`` to the subcommands."""
    p = sub.add_parser(
        "balance", help="check a scenario: every bot over many seeds, and its expect lines",
        description="Play every bot through the scenario on the same seeds; print the median, "
        "10th and 90th percentile of score, profit, morale and reputation per bot, how often "
        "each bot beats always-right on the same seed, and each expect line of the scenario "
        "as PASS or FAIL with the measured value. Exit 0 if all pass, 1 if one fails, 2 on "
        "bad input.")
    p.add_argument("scenario", metavar="SCENARIO",
                   help="a scenario file, or the name of a shipped one (agency)")
    p.add_argument("--seeds", type=_seed_range, default=DEFAULT_SEEDS, metavar="A:B",
                   help="play seeds A, A+1, ..., B-1 (default 0:200)")
    p.add_argument("--policies", type=_policy_list, default=list(BOTS),
                   metavar="a,b,...", help="the bots to compare, comma-separated (default: "
                   f"{','.join(BOTS)}); policies named by expect lines are "
                   "played as well")
    p.add_argument("--tricks", action="store_true",
                   help="also play the built-in suite of blanket policies (trick:price-1.2, "
                   "trick:scope-all, ...) and say which, if any, beats rule-based or the oracle")
    p.add_argument("--set", dest="overrides", action="append", type=_override, default=[],
                   metavar="PATH=VALUE", help="change a scenario value for these runs "
                   "(repeatable), e.g. market.lead_rate=2")
    p.add_argument("--jobs", type=_jobs, default="0", metavar="N", help=JOBS_HELP)
    p.set_defaults(func=cmd_balance)


def _policy_list(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",")]
    if not names or any(not n for n in names):
        raise argparse.ArgumentTypeError(f"expected names separated by commas, got {text!r}")
    return list(dict.fromkeys(names))


def all_policies(requested: Sequence[str], expect: Any, *, tricks: bool = False) -> list[str]:
    """The requested policies, then always-right, random (the baseline that shows whether an
    expect line can fail), the trick suite if asked, and those the expect lines need."""
    from sim.policies.tricks import trick_names
    from sim.scenario.expect import BASELINE, policies_needed

    names = list(dict.fromkeys(requested))
    extra = [REFERENCE, *policies_needed(expect), *([BASELINE] if expect else []),
             *(trick_names() if tricks else [])]
    for name in extra:
        if name not in names:
            names.append(name)
    return names


def measure(scenario: Any, policies: Sequence[str], seeds: Sequence[int], *,
            overrides: Sequence[str] = (), jobs: int = 1,
            on_progress: Callable[[int], None] | None = None) -> Results:
    """Play each policy over the seeds of a loaded scenario.

    Args:
        scenario: A :class:`sim.scenario.Scenario`, loaded with ``overrides``.
        policies: Policy names (built-in or ``module:function``).
        seeds: The seeds; every policy plays the same ones.
        overrides: The ``--set`` strings the scenario was loaded with (workers reload it).
        jobs: Worker processes.
        on_progress: Called with the number of runs finished over all policies.

    Returns:
        policy -> seed -> metric -> value: every key of the final scores (score, profit,
        morale, reputation, long_term_profit...) and ``bankrupt`` (1.0 or 0.0).
    """
    from sim.runs.sweep import SweepSpec, prime, sweep

    path = Path(scenario.path).resolve()
    results: dict[str, dict[int, dict[str, float]]] = {}
    done = 0
    for policy in policies:
        spec = SweepSpec(scenario_path=str(path), scenario_id=scenario.id,
                         sha256=scenario.sha256, overrides=tuple(overrides), policy=policy,
                         lines=False)
        prime(spec, scenario.params)
        runs: dict[int, dict[str, float]] = {}

        def progress(n: int, before: int = done) -> None:
            if on_progress is not None:
                on_progress(before + n)

        for run in sweep(spec, seeds, jobs=jobs, on_progress=progress):
            runs[run.seed] = {**{k: float(v) for k, v in run.final.items()},
                              "bankrupt": float(run.bankrupt)}
        results[policy] = runs
        done += len(seeds)
    return results


def _stats(xs: list[float]) -> tuple[float, float, float]:
    import numpy as np

    a = np.asarray(xs, dtype=float)
    p10, mid, p90 = np.percentile(a, [10, 50, 90])
    return float(mid), float(p10), float(p90)


def table(results: Results, policies: Sequence[str]) -> list[str]:
    """The balance table: a header of two lines, then one line per policy."""
    from sim.scenario.expect import values, win_rate

    width = max(12, *(len(p) for p in policies))
    groups = {"score": (7, 2), "profit": (11, 0), "morale": (5, 1), "reputation": (5, 1)}
    head1 = f"{'':<{width}}"
    head2 = f"{'policy':<{width}}"
    for metric, (w, _) in groups.items():
        span = 3 * (w + 1)
        head1 += f" {metric:^{span}}"
        head2 += "".join(f" {h:>{w}}" for h in ("median", "p10", "p90"))
    head1 += f"  {'wins over':>12}  {'bankrupt':>8}"
    head2 += f"  {REFERENCE:>12}  {'':>8}"
    lines = [head1.rstrip(), head2.rstrip()]
    for policy in policies:
        line = f"{policy:<{width}}"
        for metric, (w, decimals) in groups.items():
            for x in _stats(values(results, policy, metric)):
                line += f" {x:>{w},.{decimals}f}"
        if policy == REFERENCE:
            wins = "-"
        else:
            won, n = win_rate(results, policy, REFERENCE)
            wins = f"{100 * won / n:.0f}%" if n else "-"
        bankrupt = int(sum(values(results, policy, "bankrupt")))
        line += f"  {wins:>12}  {bankrupt:>8}"
        lines.append(line)
    return lines


def trick_report(results: Results) -> list[str]:
    """Each trick against judgement: how often it beats rule-based, its median against the
    oracle's, how often the oracle beats it, and a verdict line naming the tricks that beat
    rule-based or the oracle (or none)."""
    from sim.policies.tricks import trick_names
    from sim.scenario.expect import (
        JUDGEMENT,
        REFERENCE_TOP,
        dominant_tricks,
        median,
        win_rate,
    )

    tricks = [t for t in trick_names() if t in results]
    top = median(results, REFERENCE_TOP, "score")
    width = max(len(t) for t in tricks)
    lines = [f"{'trick':<{width}}  {'beats ' + JUDGEMENT:>18}  {'median score':>12}  "
             f"{'vs ' + REFERENCE_TOP + ' median':>18}  {REFERENCE_TOP + ' beats it':>16}"]
    for t in tricks:
        wins, n = win_rate(results, t, JUDGEMENT)
        share = f"{100 * wins / n:.0f}%" if n else "-"
        mid = median(results, t, "score")
        won, m = win_rate(results, REFERENCE_TOP, t)
        top_share = f"{100 * won / m:.0f}%" if m else "-"
        lines.append(f"{t:<{width}}  {share:>18}  {mid:>12,.2f}  {mid - top:>+18,.2f}"
                     f"  {top_share:>16}")
    bad = dominant_tricks(results, tricks)
    if bad:
        lines += [f"DOMINANT: {t} {what}" for t, what in bad]
    else:
        lines.append(f"no trick beats {JUDGEMENT} in half the seeds or {REFERENCE_TOP} on the "
                     "median")
    return lines


def cmd_balance(args: argparse.Namespace) -> int:
    """``sim balance``: the table on stdout, the expect lines checked; exit 1 on a FAIL."""
    from sim.runs.progress import Progress
    from sim.scenario.expect import check_expectations, insensitive

    sc = _load(args.scenario, args.overrides)
    expect = sc.model.expect or []
    policies = all_policies(args.policies, expect, tricks=args.tricks)
    problems = []
    for name in policies:
        try:
            _check_policy(name, args.seeds[0])
        except UsageError as exc:
            problems += exc.lines
    if problems:
        raise UsageError(*problems)
    seeds = args.seeds
    progress = Progress(len(seeds) * len(policies))
    try:
        results = measure(sc, policies, seeds, overrides=args.overrides, jobs=args.jobs,
                          on_progress=progress.update)
    finally:
        progress.close()
    print(f"{sc.id}: {len(seeds)} seeds ({seeds.start}:{seeds.stop}), "
          f"{len(policies)} policies" + (f", --set {' '.join(args.overrides)}"
                                          if args.overrides else ""))
    print()
    for line in table(results, policies):
        print(line)
    print()
    if args.tricks:
        for line in trick_report(results):
            print(line)
        print()
    outcomes = check_expectations(expect, results)
    if not outcomes:
        print("no expect lines: add some to state what the scenario teaches "
              "(see docs/scenarios.md)")
        return EXIT_OK
    print("expect:")
    dull = 0
    for e, outcome in zip(expect, outcomes, strict=True):
        flag = insensitive(e, results)
        dull += bool(flag)
        mark = "  [insensitive: passes with random in its place]" if flag else ""
        print(f"  {outcome.line()}{mark}")
    failed = sum(not o.passed for o in outcomes)
    print()
    print(f"{len(outcomes) - failed} passed, {failed} failed"
          + (f", {dull} insensitive" if dull else ""))
    sys.stdout.flush()
    return EXIT_FAILED if failed else EXIT_OK
