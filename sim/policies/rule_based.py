"""A manager who judges clients by what can be measured, never by the hidden trait.

The rules follow the seminar's advice: screen leads at intake, put hagglers on new terms
before thinking of firing them, let go politely the clients whose measured cost-to-serve is
negative and who eat hours, and give the clients who refer others priority.

Price and attention are judged by what the firm's hours and each client show. When the hours
bind (more work open than the team can do), a client who has stayed a while, pays his way
and never bargained gets a raise, one step at a time, until he says the price is steep; then
the price steps back. When hours are spare, the paying clients get priority service, as many
as the spare hours carry: attention costs hours, and spare hours are what it costs nothing to
give.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..engine import ACTIVE, LEAD, POLITE, Decisions
from .base import Policy, may_ask_prepayment
from .base import terms_of as _terms

MIN_WEEKS = 3            # weeks of history before judging a client
VAMPIRE_UNBILLED = 3.0   # unbilled hours per week that mark a time eater
EATER_WEEKS = 2          # weeks of such hours before he is given new rules
EATER_RAISE = 0.2        # the new rules' price rise: his time is paid for, or he goes
MAX_FIRINGS = 2          # per week: a scalpel, not a policy
SPARE = 0.75             # measured work under this share of capacity: hours to spare
RAISE_STEP = 0.05        # one raise, and one step back when he says it is steep
FIRST_RAISE = 2          # weeks of tenure before the first raise
RAISE_EVERY = 4          # weeks of tenure between raises of one client
MAX_FACTOR = 1.3
VIP_HORIZON = 20         # weeks left that priority needs to pay back what it costs
VIP_LOAD = 1.5           # hours a week a priority client is reckoned to add (care and growth)


class RuleBased(Policy):
    name = "rule-based"

    def __init__(self, seed: int = 0, screening: bool = True, firing: bool = True,
                 terms: bool = True, vip: bool = True, pricing: bool = True) -> None:
        super().__init__(seed)
        self.screening, self.firing, self.terms, self.vip = screening, firing, terms, vip
        self.pricing = pricing

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
        per_week = 1.0 / weeks
        profit = c.profit
        losing = profit < 0
        # masks several rules share, made once (each is a numpy call, about a microsecond)
        paying = ~losing
        open_scope = ~c.scope
        incident_rate = c.incidents * per_week
        complaints = c.complaints
        eats = c.unbilled_hours * per_week >= VAMPIRE_UNBILLED
        vampire = (seasoned & losing & eats
                   & ((incident_rate >= 0.3) | (complaints >= 2)))
        late = c.late_invoices
        dead = (act & (weeks >= 8) & losing & (c.requests * per_week < 0.25)
                & (c.unpaid_invoices + late >= 1))
        seasoned_calm = seasoned & ~vampire
        demands = c.discount_demands
        haggler = seasoned_calm & ((demands >= 2) | ((late >= 2) & (late > 0.3 * c.invoices)))
        plain = ~haggler
        # pays his way, has never bargained and is not a haggler: the good and the calm
        fair = paying & plain & (demands == 0)
        if self.firing:
            fire = (vampire | dead).nonzero()[0]
            if len(fire):
                fire = fire[profit[fire].argsort(kind="stable")][:MAX_FIRINGS]
                for i in fire.tolist():
                    d.let_go[i] = POLITE
                    d.blacklist.append(i)
        if self.terms:
            # new rules for a time eater (seed 004): a written scope, one contact and a price
            # that pays for his hours; he keeps to them or leaves without a parting
            # (one who is also hard on the staff: a haggler's extra hours are mended by the
            # haggler's terms below, and this rule would drive him away)
            eater = act & (weeks >= EATER_WEEKS) & eats & open_scope & losing & (c.incidents >= 1)
            for i in eater.nonzero()[0].tolist():
                if i not in d.let_go:
                    up = min(MAX_FACTOR, round(float(c.price_factor[i]) + EATER_RAISE, 2))
                    d.terms[i] = _terms(c, i, price_factor=up, scope=True, contact=True)
            hagglers = (haggler & open_scope).nonzero()[0].tolist()
            prepay = may_ask_prepayment(c) if hagglers else None
            for i in hagglers:
                if i not in d.let_go:
                    d.terms[i] = _terms(c, i, prepay=bool(prepay[i]), scope=True,
                                        grant_discounts=False)
            know_better = (seasoned_calm & plain & open_scope
                           & (incident_rate >= 0.2) & (complaints >= 2))
            for i in know_better.nonzero()[0].tolist():
                if i not in d.let_go:
                    d.terms[i] = _terms(c, i, scope=True, contact=True)
        if self.pricing:
            # a client who pays his way and has never bargained (nor said he would)
            good = act & fair & ~c.sig_discount
            self._price(obs, d, act, good, weeks)
        if self.vip:
            no_vip = ~c.vip
            vip = act & (c.referrals >= 1) & paying & no_vip
            # the work the clients bring, as measured so far, against the team's hours
            work = float(((c.billable_hours + c.unbilled_hours) * per_week)[act].sum())
            load = work / max(1.0, obs.capacity_hours)
            if load < SPARE and obs.weeks - obs.week >= VIP_HORIZON:
                # spare hours: priority for the paying clients, as many as the hours carry
                room = int((SPARE - load) * obs.capacity_hours / VIP_LOAD)
                calm = seasoned & fair & no_vip
                ids = calm.nonzero()[0]
                ids = ids[np.argsort(-c.revenue[ids], kind="stable")][:room]
                vip[ids] = True
            for i in vip.nonzero()[0].tolist():
                if i not in d.let_go:
                    _amend(d, c, i, vip=True)
        return d

    def _price(self, obs, d: Decisions, act: np.ndarray, good: np.ndarray,
               weeks: np.ndarray) -> None:
        """Step a client's price back when he says it is steep; raise the price of a good
        client who has never said so, a step every few weeks (``act``: the active clients)."""
        c = obs.clients
        steep = act & (c.price_objection >= 0) & (c.price_factor > 1.0) & ~c.pricing_out
        for i in steep.nonzero()[0].tolist():
            if i not in d.let_go:
                back = max(1.0, round(float(c.price_factor[i]) - RAISE_STEP, 2))
                _amend(d, c, i, price_factor=back)
        due = (good & (c.price_objections == 0) & (c.price_factor < MAX_FACTOR - 1e-9)
               & (weeks >= FIRST_RAISE) & ((weeks - FIRST_RAISE) % RAISE_EVERY == 0))
        for i in due.nonzero()[0].tolist():
            if i not in d.let_go and i not in d.terms:
                up = min(MAX_FACTOR, round(float(c.price_factor[i]) + RAISE_STEP, 2))
                d.terms[i] = _terms(c, i, price_factor=up)


def _amend(d: Decisions, c, i: int, **changes) -> None:
    """Change some of client ``i``'s terms, on top of what this week already decided."""
    t = d.terms.get(i)
    d.terms[i] = _terms(c, i, **changes) if t is None else replace(t, **changes)



class KeepAll(RuleBased):
    """Rule-based judgement that lets nobody go: the same screening, terms, prices and
    priority, no firing. Beside rule-based it measures what firing by the numbers adds."""

    name = "rule-based-keep"

    def __init__(self, seed: int = 0) -> None:
        super().__init__(seed, firing=False)
