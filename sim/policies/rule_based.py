"""A manager who judges clients by what can be measured, never by the hidden trait.

The rules follow the seminar's advice: screen leads at intake, put hagglers on new terms
before thinking of firing them, let go politely the clients whose measured cost-to-serve is
negative and who eat hours, and give the clients who refer others priority.
"""

from __future__ import annotations

import numpy as np

from ..engine import POLITE, Decisions, Terms
from .base import Policy

MIN_WEEKS = 4            # weeks of history before judging a client
VAMPIRE_UNBILLED = 3.5   # unbilled hours per week that mark a time eater
MAX_FIRINGS = 2          # per week: a scalpel, not a policy


class RuleBased(Policy):
    name = "rule-based"

    def __init__(self, seed: int = 0, screening: bool = True, firing: bool = True,
                 terms: bool = True, vip: bool = True) -> None:
        super().__init__(seed)
        self.screening, self.firing, self.terms, self.vip = screening, firing, terms, vip

    def decide(self, obs, state=None) -> Decisions:
        d = Decisions()
        c = obs.clients
        if self.screening:
            for i in obs.leads():
                rude = not c.sig_polite[i]
                if c.returning_of[i] >= 0 or (rude and (c.sig_discount[i]
                                                        or not c.sig_prepay[i])):
                    d.leads[int(i)] = False
        act = obs.active_clients()
        if len(act) == 0:
            return d
        weeks = np.maximum(1, obs.week - np.maximum(c.joined[act], 0))
        seasoned = weeks >= MIN_WEEKS
        unbilled_pw = c.unbilled_hours[act] / weeks
        req_pw = c.requests[act] / weeks
        incidents_pw = c.incidents[act] / weeks
        profit = c.profit[act]
        vampire = (seasoned & (unbilled_pw >= VAMPIRE_UNBILLED) & (profit < 0)
                   & ((incidents_pw >= 0.3) | (c.complaints[act] >= 2)))
        dead = (weeks >= 8) & (req_pw < 0.25) & ((c.unpaid_invoices[act] + c.late_invoices[act])
                                                 >= 1) & (profit < 0)
        invoices = np.maximum(1, c.invoices[act])
        haggler = seasoned & ~vampire & ((c.discount_demands[act] >= 2)
                                         | ((c.late_invoices[act] >= 2)
                                            & (c.late_invoices[act] / invoices > 0.3)))
        know_better = seasoned & ~vampire & ~haggler & (incidents_pw >= 0.2) & (
            c.complaints[act] >= 2)
        if self.firing:
            worst = np.argsort(profit)
            fired = 0
            for k in worst:
                if fired >= MAX_FIRINGS:
                    break
                if vampire[k] or dead[k]:
                    i = int(act[k])
                    d.let_go[i] = POLITE
                    d.blacklist.append(i)
                    fired += 1
        if self.terms:
            for k in np.flatnonzero(haggler & ~c.prepay[act]):
                i = int(act[k])
                if i not in d.let_go:
                    d.terms[i] = Terms(price_factor=float(c.price_factor[i]), prepay=True,
                                       scope=True, contact=bool(c.contact[i]),
                                       vip=bool(c.vip[i]), grant_discounts=False)
            for k in np.flatnonzero(know_better & ~c.scope[act]):
                i = int(act[k])
                if i not in d.let_go:
                    d.terms[i] = Terms(price_factor=float(c.price_factor[i]),
                                       prepay=bool(c.prepay[i]), scope=True, contact=True,
                                       vip=bool(c.vip[i]),
                                       grant_discounts=bool(c.grant_discounts[i]))
        if self.vip:
            good = (c.referrals[act] >= 1) & (profit > 0) & ~c.vip[act]
            for k in np.flatnonzero(good):
                i = int(act[k])
                if i not in d.let_go and i not in d.terms:
                    d.terms[i] = Terms(price_factor=float(c.price_factor[i]),
                                       prepay=bool(c.prepay[i]), scope=bool(c.scope[i]),
                                       contact=bool(c.contact[i]), vip=True,
                                       grant_discounts=bool(c.grant_discounts[i]))
        return d
