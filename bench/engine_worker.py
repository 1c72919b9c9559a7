"""Times games of one engine in this process, for :mod:`bench.engine` (run it with the
engine's checkout first on ``PYTHONPATH``). Prints one JSON object.

    python bench/engine_worker.py --scenario agency --policy rule-based --runs 40
        [--set PATH=VALUE ...] [--seed0 1000]
    python bench/engine_worker.py --scenario agency --serve

``--serve`` warms up, prints ``ready`` and then plays one game per seed read from standard
input, printing one JSON object per game (``cpu_ms``, ``weeks``, ``active``): the bench keeps
one such worker per engine and asks them in turn, game by game, so that both engines meet
the machine at the same moment (on a shared machine its speed drifts within seconds).

Uses only the entry points every engine version has had (``load_scenario``, ``make_policy``
and ``sim.runs.runner.play``), so the same worker times today's engine and an older
checkout side by side.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from sim.policies import make_policy
from sim.runs.runner import play
from sim.scenario import load_scenario

WARMUP = 5


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="agency")
    ap.add_argument("--policy", default="rule-based")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--seed0", type=int, default=1000)
    ap.add_argument("--set", action="append", default=[], dest="overrides")
    ap.add_argument("--serve", action="store_true", help="play the seeds read from stdin")
    a = ap.parse_args()
    params = load_scenario(a.scenario, a.overrides).params
    for seed in range(WARMUP):
        play(params, make_policy(a.policy, seed), seed)
    if a.serve:
        serve(params, a.policy)
        return
    cpu, weeks, active = [], 0, []
    for seed in range(a.seed0, a.seed0 + a.runs):
        game = one_game(params, a.policy, seed)
        cpu.append(game["cpu_ms"] / 1000)
        weeks += game["weeks"]
        active.append(game["active"])
    print(json.dumps({"cpu_ms_median": 1000 * statistics.median(cpu),
                      "cpu_ms_total": 1000 * sum(cpu), "weeks": weeks, "runs": a.runs,
                      "us_per_week": 1e6 * sum(cpu) / max(weeks, 1),
                      "active_at_end": statistics.median(active)}))


def one_game(params, policy_name: str, seed: int) -> dict:
    """CPU time, weeks played and clients active at the end of one game."""
    policy = make_policy(policy_name, seed)
    t0 = time.process_time()
    result = play(params, policy, seed)
    cpu = time.process_time() - t0
    st = result.state
    c = st.clients
    return {"cpu_ms": 1000 * cpu, "weeks": st.week - 1,  # the week that would open next
            "active": int((c.status[: c.n] == 1).sum())}


def serve(params, policy_name: str) -> None:
    """One game per seed read from stdin, one JSON line each."""
    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps(one_game(params, policy_name, int(line))), flush=True)


if __name__ == "__main__":
    main()
