"""A bot that decides at random (seeded): a baseline, and a fuzzer of the engine."""

from __future__ import annotations

import numpy as np

from ..engine import BLUNT, DECLINE, DEFER, POLITE, PRICE_OUT, Decisions, RequestPlan, Terms
from .base import Policy


class RandomPolicy(Policy):
    name = "random"

    def __init__(self, seed: int = 0) -> None:
        super().__init__(seed)
        self.rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 7])))

    def decide(self, obs, state=None) -> Decisions:
        rng = self.rng
        d = Decisions()
        # one draw per lead and one per request, drawn in a batch each: the same numbers in
        # the same order as one call per draw (a scalar draw costs a third of a whole batch)
        leads = obs.leads().tolist()
        for i, u in zip(leads, rng.random(len(leads)).tolist(), strict=True):
            if u < 0.2:
                d.leads[i] = False
        rids = obs.requests.rid.tolist()
        for rid, u in zip(rids, rng.random(len(rids)).tolist(), strict=True):
            if u < 0.05:
                d.requests[rid] = RequestPlan(DECLINE)
            elif u < 0.08:
                d.requests[rid] = RequestPlan(DEFER)
        # (a client's draws are not batched: some clients draw more than one)
        for i in obs.active_clients().tolist():
            u = rng.random()
            if u < 0.01:
                d.let_go[i] = (POLITE, BLUNT, PRICE_OUT)[int(rng.integers(3))]
            elif u < 0.04:
                d.terms[i] = Terms(price_factor=float(rng.choice([0.9, 1.0, 1.1, 1.3])),
                                   prepay=bool(rng.random() < 0.5),
                                   scope=bool(rng.random() < 0.5),
                                   contact=bool(rng.random() < 0.3),
                                   vip=bool(rng.random() < 0.2),
                                   grant_discounts=bool(rng.random() < 0.5))
        for s in obs.active_staff().tolist():
            if rng.random() < 0.05:
                hours = float(rng.integers(1, 9))  # drawn always: the stream stays the same
                if obs.max_overtime > 0:  # within the rules, so never an illegal decision
                    d.overtime[s] = min(hours, obs.max_overtime)
        return d
