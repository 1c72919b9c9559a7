"""Many seeds of the default agency through bots and bot variants, cached for the session.

The lessons and calibration tests read their numbers from here, so each sweep runs once.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np

from sim.engine import StaffMember, final_scores
from sim.engine.defaults import agency
from sim.engine.params import Firm
from sim.policies import make_policy
from sim.policies.always_right import AlwaysRight
from sim.policies.oracle import FIRE, Oracle
from sim.policies.rule_based import RuleBased
from sim.policies.tricks import trick_names
from sim.runs.runner import client_records, play

SEEDS = tuple(range(100))
NOT_LOYAL = ("core", "haggler", "vampire", "dead", "know_better")

POLICIES = {
    "always-right": lambda s: AlwaysRight(s),
    "rule-based": lambda s: RuleBased(s),
    "rule-based-no-screening": lambda s: RuleBased(s, screening=False),
    "oracle": lambda s: Oracle(s),
    "oracle-no-vip": lambda s: Oracle(s, vip_for=(), spare_vip=False),
    # the oracle's firing, terms and VIP without its per-client prices (L6: what firing does)
    "oracle-no-pricing": lambda s: Oracle(s, pricing=False),
    "oracle-fires-hagglers": lambda s: Oracle(s, fire=FIRE + ("haggler",), terms_for=()),
    "oracle-fires-loyal": lambda s: Oracle(s, fire=FIRE + ("loyal",)),
    "oracle-no-screening": lambda s: Oracle(s, decline=()),
    # always-right in everything but one thing: vampires are let go (and nothing else)
    "fire-vampires": lambda s: Oracle(s, fire=("vampire",), terms_for=(), vip_for=(),
                                      decline=(), manner="polite", pricing=False,
                                      spare_vip=False),
    # (pricing off in both: they are always-right but for whom they let go, so that the
    # comparison is about firing, not about the oracle's knowledge of each budget)
    "fire-all-but-loyal": lambda s: Oracle(s, fire=NOT_LOYAL, terms_for=(), decline=NOT_LOYAL,
                                           pricing=False, spare_vip=False),
    # the blanket policies of the trick suite (sim.policies.tricks), random included
    **{name: (lambda s, name=name: make_policy(name, s)) for name in trick_names()},
}


def scenario(name: str):
    """The default agency, or a variant made here."""
    if name == "agency":
        return agency()
    if name == "abundant":
        # ten times the staff (capacity is no bottleneck); no bankruptcy, so that the
        # comparison is about what firing changes, not about payroll
        staff = tuple(StaffMember(f"S{i}") for i in range(50))
        return agency(staff=staff, firm=replace(Firm(), credit_limit=10**13))
    raise KeyError(name)


def whale(records: list[dict]) -> tuple[float, float]:
    """(share of total client profit made by the top 20% of clients, share destroyed by the
    bottom 15%), clients ranked by profit."""
    profits = np.array(sorted((r["profit"] for r in records), reverse=True))
    total = profits.sum()
    k = len(profits)
    top = profits[: max(1, round(0.2 * k))].sum()
    bottom = profits[k - max(1, round(0.15 * k)):].sum()
    return float(top / total), float(-bottom / total)


@cache
def sweep(policy: str, variant: str = "agency") -> tuple[dict, ...]:
    """One summary per seed: final scores, early revenue, bankruptcy, per-trait numbers."""
    params = scenario(variant)
    out = []
    for seed in SEEDS:
        waits: list[float] = []

        def week(_st, _d, rep, waits=waits) -> None:
            if rep.capacity_hours > 0:
                waits.append(rep.waiting_hours / rep.capacity_hours)

        st = play(params, POLICIES[policy](seed), seed, on_week=week, explain=False).state
        f = final_scores(st)
        c = st.clients
        n = c.n
        names = st.traits.names
        seen = c.status[:n] > 0
        per_trait = {}
        for t, name in enumerate(names):
            m = seen & (c.trait[:n] == t)
            per_trait[name] = {
                "clients": int(m.sum()),
                "revenue": float(c.revenue[:n][m].sum()) / 100,
                "hours": float((c.billable_hours[:n] + c.unbilled_hours[:n])[m].sum()),
                "referrals": int(c.referrals[:n][m].sum()),
                "weeks": float(np.maximum(0, np.where(c.left[:n] >= 0, c.left[:n],
                                                      len(st.weekly["cash"]))
                                          - np.maximum(c.joined[:n], 0))[m].sum()),
            }
        records = client_records(st)
        f.update(
            seed=seed,
            bankrupt=st.end_reason == "bankrupt",
            weeks=len(st.weekly["cash"]),
            revenue_weeks_1_4=sum(st.weekly["revenue"][:4]) / 100,
            revenue_week_1=st.weekly["revenue"][0] / 100,
            traits=per_trait,
            whale=whale(records),
            records=records,
            invoices=int(c.invoices[:n].sum()),
            late_invoices=int(c.late_invoices[:n].sum()),
            waiting_share=waits,
        )
        out.append(f)
    return tuple(out)


def column(policy: str, key: str, variant: str = "agency") -> np.ndarray:
    return np.array([float(r[key]) for r in sweep(policy, variant)])


def share(mask: np.ndarray) -> float:
    return float(np.mean(mask))
