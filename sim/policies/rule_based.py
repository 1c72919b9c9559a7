"""A manager who judges clients by what can be measured, never by the hidden trait.

The rules follow the seminar's advice: screen leads at intake, put hagglers on new terms
before thinking of firing them, let go politely the clients whose measured cost-to-serve is
negative and who eat hours, and give the clients who refer others priority.
"""

from __future__ import annotations

import numpy as np

from ..engine import ACTIVE, LEAD, POLITE, Decisions
from .base import Policy
from .base import terms_of as _terms

MIN_WEEKS = 3            # weeks of history before judging a client
VAMPIRE_UNBILLED = 3.0   # unbilled hours per week that mark a time eater
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
        status = c.status
        if self.screening:
            leads = status == LEAD
            if np.count_nonzero(leads):
                bad = leads & ((c.returning_of >= 0) | (~c.sig_polite & (
                    c.sig_discount | ~c.sig_prepay)))
                for i in bad.nonzero()[0].tolist():
                    d.leads[i] = False
        act = status == ACTIVE
        weeks = np.maximum(1, obs.week - np.maximum(c.joined, 0))
        seasoned = act & (weeks >= MIN_WEEKS)
        if not np.count_nonzero(seasoned):
            return d
        per_week = 1.0 / weeks
        profit = c.profit
        losing = profit < 0
        incident_rate = c.incidents * per_week
        complaints = c.complaints
        vampire = (seasoned & losing & (c.unbilled_hours * per_week >= VAMPIRE_UNBILLED)
                   & ((incident_rate >= 0.3) | (complaints >= 2)))
        late = c.late_invoices
        dead = (act & (weeks >= 8) & losing & (c.requests * per_week < 0.25)
                & (c.unpaid_invoices + late >= 1))
        seasoned_calm = seasoned & ~vampire
        haggler = seasoned_calm & ((c.discount_demands >= 2)
                                   | ((late >= 2) & (late > 0.3 * c.invoices)))
        if self.firing:
            fire = (vampire | dead).nonzero()[0]
            if len(fire):
                fire = fire[profit[fire].argsort(kind="stable")][:MAX_FIRINGS]
                for i in fire.tolist():
                    d.let_go[i] = POLITE
                    d.blacklist.append(i)
        if self.terms:
            for i in (haggler & ~c.scope).nonzero()[0].tolist():
                if i not in d.let_go:
                    # prepayment only from one who said he would prepay, or who pays late:
                    # asked of anyone else, it turns him away
                    prepay = bool(c.sig_prepay[i] or late[i] >= 2 or c.prepay[i])
                    d.terms[i] = _terms(c, i, prepay=prepay, scope=True, grant_discounts=False)
            know_better = (seasoned_calm & ~haggler & ~c.scope
                           & (incident_rate >= 0.2) & (complaints >= 2))
            for i in know_better.nonzero()[0].tolist():
                if i not in d.let_go:
                    d.terms[i] = _terms(c, i, scope=True, contact=True)
        if self.vip:
            for i in (act & (c.referrals >= 1) & ~losing & ~c.vip).nonzero()[0].tolist():
                if i not in d.let_go and i not in d.terms:
                    d.terms[i] = _terms(c, i, vip=True)
        return d

