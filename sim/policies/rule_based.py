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
from operator import itemgetter
from typing import Any

import numpy as np

from ..engine import ACTIVE, LEAD, POLITE, Decisions, Terms, client_profits, np_sum
from .base import Policy, may_ask_prepayment, prepayment_askable
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
#: up to this many active clients the bot judges them one by one, in plain Python; above, on
#: the columns (the same rules, the same decisions: tests/policies/test_rule_based_paths.py)
FEW_CLIENTS = 64


class RuleBased(Policy):
    name = "rule-based"

    def __init__(self, seed: int = 0, screening: bool = True, firing: bool = True,
                 terms: bool = True, vip: bool = True, pricing: bool = True) -> None:
        super().__init__(seed)
        self.screening, self.firing, self.terms, self.vip = screening, firing, terms, vip
        self.pricing = pricing

    def decide(self, obs, state=None) -> Decisions:
        c = obs.clients
        if len(c) > FEW_CLIENTS and np.count_nonzero(c.status == ACTIVE) > FEW_CLIENTS:
            return self._on_columns(obs)
        status = c.values("status")
        return self._one_by_one(obs, status, [i for i, s in enumerate(status) if s == ACTIVE])

    def _one_by_one(self, obs, status: list[int], active: list[int]) -> Decisions:
        """:meth:`_on_columns` client by client (``active``: the rows of the active clients):
        the same rules on each one's plain values, every list of clients a rule picks made
        in row order, so that the decisions, the order of their entries too, are the same."""
        d = Decisions()
        c = obs.clients
        if self.screening and LEAD in status:
            returning_of, polite, discount, prepays = (
                c.values(k) for k in ("returning_of", "sig_polite", "sig_discount",
                                      "sig_prepay"))
            for i, s in enumerate(status):
                # declined: one coming back, or a rude lead who haggles or will not prepay
                if s == LEAD and (returning_of[i] >= 0 or (
                        not polite[i] and (discount[i] or not prepays[i]))):
                    d.leads[i] = False
        week = obs.week
        (joined, unbilled, billable, incidents, complaints, requests, unpaid, late, demands,
         invoices, scope, factor, objection, objections, pricing_out, sig_discount, vip,
         referrals) = (c.values(k) for k in (
            "joined", "unbilled_hours", "billable_hours", "incidents", "complaints",
            "requests", "unpaid_invoices", "late_invoices", "discount_demands", "invoices",
            "scope", "price_factor", "price_objection", "price_objections", "pricing_out",
            "sig_discount", "vip", "referrals"))
        # the clients each rule picks, in row order (``fire``: with his profit, to sort by)
        fire, eaters, hagglers, know_better, steep, due, vips, calm, work = (
            [] for _ in range(9))
        for i, profit in zip(active, client_profits(obs, active), strict=True):
            weeks = max(1, week - max(joined[i], 0))
            seasoned = weeks >= MIN_WEEKS
            per_week = 1.0 / weeks
            losing = profit < 0
            incident_rate = incidents[i] * per_week
            eats = unbilled[i] * per_week >= VAMPIRE_UNBILLED
            # let go: a vampire (losing, eats hours, hard on the staff) or a dead account
            vampire = seasoned and losing and eats and (incident_rate >= 0.3
                                                        or complaints[i] >= 2)
            if vampire or (weeks >= 8 and losing and requests[i] * per_week < 0.25
                           and unpaid[i] + late[i] >= 1):
                fire.append((profit, i))
            seasoned_calm = seasoned and not vampire
            haggler = seasoned_calm and (demands[i] >= 2 or (late[i] >= 2
                                                             and late[i] > 0.3 * invoices[i]))
            fair = not losing and not haggler and demands[i] == 0
            if not scope[i]:  # new terms: a time eater, a haggler, one who knows better
                if weeks >= EATER_WEEKS and eats and losing and incidents[i] >= 1:
                    eaters.append(i)
                if haggler:
                    hagglers.append(i)
                elif seasoned_calm and incident_rate >= 0.2 and complaints[i] >= 2:
                    know_better.append(i)
            # the price: a step back when he says it is steep, a raise for a good client
            if objection[i] >= 0 and factor[i] > 1.0 and not pricing_out[i]:
                steep.append(i)
            if (fair and not sig_discount[i] and objections[i] == 0
                    and factor[i] < MAX_FACTOR - 1e-9 and weeks >= FIRST_RAISE
                    and (weeks - FIRST_RAISE) % RAISE_EVERY == 0):
                due.append(i)
            # priority: one who refers others and pays his way; the calm when hours are spare
            work.append((billable[i] + unbilled[i]) * per_week)
            if not vip[i]:
                if referrals[i] >= 1 and not losing:
                    vips.append(i)
                if seasoned and fair:
                    calm.append(i)
        let_go = d.let_go
        if self.firing and fire:
            fire.sort(key=itemgetter(0))  # the worst profit first (a stable sort: ties by row)
            for _, i in fire[:MAX_FIRINGS]:
                let_go[i] = POLITE
                d.blacklist.append(i)
        # the fields of each client's terms this week changes (``new[i] = {...}``: a rule's
        # terms in place of an earlier one's, as ``d.terms[i] = _terms(...)``; _amend_fields
        # on top of them, as :func:`_amend`); the Terms are made at the end
        new: dict[int, dict[str, Any]] = {}
        prepay = None
        if self.terms:
            for i in eaters:
                if i not in let_go:
                    new[i] = {"price_factor": _raised(factor[i], EATER_RAISE), "scope": True,
                              "contact": True}
            if hagglers:
                prepay, sig_prepay = c.values("prepay"), c.values("sig_prepay")
            for i in hagglers:
                if i not in let_go:
                    new[i] = {"prepay": prepayment_askable(prepay[i], sig_prepay[i], late[i]),
                              "scope": True, "grant_discounts": False}
            for i in know_better:
                if i not in let_go:
                    new[i] = {"scope": True, "contact": True}
        if self.pricing:
            for i in steep:
                if i not in let_go:
                    _amend_fields(new, i, price_factor=_stepped_back(factor[i]))
            for i in due:
                if i not in let_go and i not in new:
                    new[i] = {"price_factor": _raised(factor[i], RAISE_STEP)}
        if self.vip:
            load = np_sum(work) / max(1.0, obs.capacity_hours)
            if load < SPARE and obs.weeks - obs.week >= VIP_HORIZON:
                room = int((SPARE - load) * obs.capacity_hours / VIP_LOAD)
                revenue = c.values("revenue")
                calm.sort(key=lambda i: -revenue[i])  # the most revenue first (stable)
                vips = sorted(set(vips).union(calm[:room]))
            for i in vips:
                if i not in let_go:
                    _amend_fields(new, i, vip=True)
        if new:  # his terms as they are (what Terms.of reads), with this week's changes
            if prepay is None:
                prepay = c.values("prepay")
            contact, grant = c.values("contact"), c.values("grant_discounts")
            for i, changes in new.items():
                d.terms[i] = Terms(**{"price_factor": factor[i], "prepay": prepay[i],
                                      "scope": scope[i], "contact": contact[i], "vip": vip[i],
                                      "grant_discounts": grant[i], **changes})
        return d

    def _on_columns(self, obs) -> Decisions:
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
                    up = _raised(float(c.price_factor[i]), EATER_RAISE)
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
                _amend(d, c, i, price_factor=_stepped_back(float(c.price_factor[i])))
        due = (good & (c.price_objections == 0) & (c.price_factor < MAX_FACTOR - 1e-9)
               & (weeks >= FIRST_RAISE) & ((weeks - FIRST_RAISE) % RAISE_EVERY == 0))
        for i in due.nonzero()[0].tolist():
            if i not in d.let_go and i not in d.terms:
                d.terms[i] = _terms(c, i, price_factor=_raised(float(c.price_factor[i]),
                                                               RAISE_STEP))


def _raised(factor: float, step: float) -> float:
    """A price factor raised by ``step``, to the cent, at most :data:`MAX_FACTOR`."""
    return min(MAX_FACTOR, round(factor + step, 2))


def _stepped_back(factor: float) -> float:
    """A price factor a :data:`RAISE_STEP` lower, to the cent, at least the list price."""
    return max(1.0, round(factor - RAISE_STEP, 2))


def _amend_fields(new: dict[int, dict[str, Any]], i: int, **changes: Any) -> None:
    """:func:`_amend` for the one-by-one path, on the fields each client's terms change."""
    new.setdefault(i, {}).update(changes)


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
