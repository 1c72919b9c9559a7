"""An example policy a student can copy: judge clients by what the ledger shows.

Run it against the bots on the same seeds:

    python -m sim run agency --policy examples.student_policy:decide --seeds 0:20
    python -m sim run agency --policy rule-based --seeds 0:20

A policy is a function that receives the week's observation and returns the decisions.
Everything it can see is in ``obs`` (the hidden client types are not); see docs/policies.md.
"""

from __future__ import annotations

import numpy as np

from sim.engine import POLITE, Decisions, Terms


def decide(obs) -> Decisions:
    d = Decisions()
    c = obs.clients
    active = obs.active_clients()
    weeks = np.maximum(1, obs.week - np.maximum(c.joined[active], 0))
    # a client who has cost more than he brought for two months, and eats hours, goes
    eats_hours = c.unbilled_hours[active] / weeks > 4.0
    losing = c.profit[active] < 0
    for i in active[(weeks >= 8) & eats_hours & losing][:1]:
        d.let_go[int(i)] = POLITE
        d.blacklist.append(int(i))
    # a client who pays late twice is asked to pay in advance
    for i in active[(c.late_invoices[active] >= 2) & ~c.prepay[active]]:
        d.terms[int(i)] = Terms(price_factor=float(c.price_factor[i]), prepay=True)
    return d
