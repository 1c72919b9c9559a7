"""Search a small learning policy with the cross-entropy method, and compare it with the bots.

    pip install "not-always-right[rl]"
    python examples/rl_search.py                   # agency, about a minute on two cores
    python examples/rl_search.py --scenario seminar --generations 20 --jobs 1

The policy is linear and shared by all client slots: each client's features (with the firm's)
times a weight matrix give a score per action, and the best legal action is taken (ties go to
"keep"); leads the same way. The cross-entropy method draws a population of weight vectors
from a normal distribution, plays each on the same few training seeds, and moves the
distribution to the best fifth. The result is played on held-out seeds beside rule-based and
always-right, through the same engine (docs/rl.md explains the spaces).
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import gymnasium as gym
import numpy as np

import sim.rl
from sim.engine import final_scores
from sim.policies import make_policy
from sim.runs.runner import play

N_CLIENT = len(sim.rl.CLIENT_FEATURES)
N_LEAD = len(sim.rl.LEAD_FEATURES)
N_FIRM = len(sim.rl.FIRM_FEATURES)
N_ACT = len(sim.rl.CLIENT_ACTIONS)
# "keep" and "accept" score 0; the other actions get a weight per feature and a bias
CLIENT_W = (N_ACT - 1) * (N_CLIENT + N_FIRM + 1)
LEAD_W = N_LEAD + N_FIRM + 1
DIM = CLIENT_W + LEAD_W
START_BIAS = -1.0  # start near always-right: every change must earn its place

_envs: dict[str, gym.Env] = {}  # one per scenario and process


def act(env: gym.Env, theta: np.ndarray, obs: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The linear policy's action for one observation."""
    clients, leads, firm = sim.rl.split_observation(env, obs)
    slots, lead_slots = len(clients), len(leads)
    wc = theta[:CLIENT_W].reshape(N_CLIENT + N_FIRM + 1, N_ACT - 1)
    wl = theta[CLIENT_W:]
    x = np.hstack([clients, np.tile(firm, (slots, 1)), np.ones((slots, 1))])
    scores = np.hstack([np.zeros((slots, 1)), x @ wc])
    legal = mask[: slots * N_ACT].reshape(slots, N_ACT).astype(bool)
    client_action = np.where(legal, scores, -np.inf).argmax(axis=1)
    y = np.hstack([leads, np.tile(firm, (lead_slots, 1)), np.ones((lead_slots, 1))])
    can_decline = mask[slots * N_ACT:].reshape(lead_slots, 2)[:, 1].astype(bool)
    decline = can_decline & (y @ wl > 0)
    return np.concatenate([client_action, decline.astype(np.int64)])


def episode(args: tuple[str, np.ndarray, int]) -> float:
    """The final score of one game played by ``theta`` (in a worker: one env per process)."""
    scenario, theta, seed = args
    if scenario not in _envs:
        _envs[scenario] = gym.make(sim.rl.env_id(scenario))
    env = _envs[scenario].unwrapped
    obs, info = env.reset(seed=seed)
    done = False
    while not done:
        a = act(env, theta, obs, info["action_mask"])
        obs, _, done, _, info = env.step(a)
    return float(info["final"]["score"])


def search(scenario: str, generations: int, population: int, train_seeds: int, jobs: int,
           seed: int) -> np.ndarray:
    """The mean of the cross-entropy distribution after ``generations``."""
    rng = np.random.default_rng(seed)
    mean = np.zeros(DIM)
    mean[CLIENT_W - (N_ACT - 1): CLIENT_W] = START_BIAS  # the bias row of the client weights
    mean[-1] = START_BIAS
    std = np.full(DIM, 0.5)
    elite_n = max(2, population // 5)
    # one worker: play in this process (no pool to start, and easy to step through)
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None
    try:
        for g in range(generations):
            thetas = mean + std * rng.standard_normal((population, DIM))
            seeds = [int(s) for s in rng.integers(0, 1000, train_seeds)]  # same for everyone
            tasks = [(scenario, t, s) for t in thetas for s in seeds]
            played = pool.map(episode, tasks, chunksize=4) if pool else map(episode, tasks)
            fitness = np.array(list(played)).reshape(population, train_seeds).mean(axis=1)
            elite = thetas[np.argsort(-fitness)[:elite_n]]
            mean = elite.mean(axis=0)
            std = elite.std(axis=0) + 0.02  # a floor keeps it searching
            print(f"generation {g + 1:2d}: best {fitness.max():7.1f}  "
                  f"elite mean {np.sort(fitness)[-elite_n:].mean():7.1f}", flush=True)
    finally:
        if pool is not None:
            pool.shutdown()
    return mean


def main(argv: list[str] | None = None) -> dict[str, list[float]]:
    """Search, then print (and return) the held-out scores of each policy."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="agency")
    ap.add_argument("--generations", type=int, default=8)
    ap.add_argument("--population", type=int, default=16)
    ap.add_argument("--train-seeds", type=int, default=2)
    ap.add_argument("--eval-seeds", type=int, default=10, help="held out: 10000, 10001, ...")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0, help="the search's own randomness")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    theta = search(args.scenario, args.generations, args.population, args.train_seeds,
                   args.jobs, args.seed)
    seeds = range(10000, 10000 + args.eval_seeds)
    params = gym.make(sim.rl.env_id(args.scenario)).unwrapped.params
    table = {"searched (linear)": [episode((args.scenario, theta, s)) for s in seeds]}
    for name in ("rule-based", "always-right"):
        table[name] = [final_scores(play(params, make_policy(name, s), s).state)["score"]
                       for s in seeds]
    print(f"\n{args.scenario}, held-out seeds {seeds.start}..{seeds.stop - 1}:")
    print(f"{'policy':<20}{'median':>8}{'mean':>8}{'min':>8}{'max':>8}")
    for name, scores in table.items():
        print(f"{name:<20}{statistics.median(scores):8.1f}{statistics.fmean(scores):8.1f}"
              f"{min(scores):8.1f}{max(scores):8.1f}")
    print(f"({time.perf_counter() - start:.0f} s)")
    return table


if __name__ == "__main__":
    main()
