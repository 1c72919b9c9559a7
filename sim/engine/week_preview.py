"""What a week will do before it is played: :func:`preview` of the player's decisions.

The week screen shows which requests will wait, the team's hours with the planned overtime
and weeks off, and what hires, bonuses and overtime cost. It asks the engine, which applies
the decisions (step 4) to a copy of the state and spends the hours (step 5) with its own
functions; the state and its random streams are left as they were.

What can be known before the week's draws: step 4 and the capacity exactly; of step 5 every
unbilled hour except the clients' calls and questions, which are drawn. So :attr:`waits` is
what waits even if no client calls (it waits, whatever the draw), and :attr:`may_wait` what
waits when the calls take their usual time. Monotone: more calls never serve a request more.
"""

from __future__ import annotations

import numpy as np

from . import decisions as D
from .apply import apply_decisions
from .context import Week
from .costs import overtime_pay
from .ledger import PROFIT
from .records import record
from .report import WeekReport
from .service import accepted_work, team_hours, unbilled_demand
from .state import REQ_QUEUED, STAFF_ACTIVE, GameState
from .validate import validate_decisions

#: hours below this are served (the engine keeps a request open above it)
_EPS = 1e-9


@record
class Preview:
    """The week a set of decisions will make, as far as it is known before it is played.

    Hours are productive staff hours; money is in cents. Request ids are those of the
    observation.
    """

    week: int
    #: the team's productive hours this week (overtime and weeks off included)
    capacity_hours: float
    #: each staff member's productive hours this week, by staff id
    staff_hours: tuple[float, ...]
    #: unbilled hours known before the week: onboarding and handovers, chasing late payers,
    #: writing a scope, VIP attention
    known_unbilled_hours: float
    #: the same and the clients' usual calls and questions (their average)
    usual_unbilled_hours: float
    #: the hours the accepted requests want this week (within their caps)
    planned_hours: float
    #: requests to be served that will wait even if no client calls: the hours do not reach
    #: them, or their single contact's share of his owner's week is spent, or a change
    #: outside the written scope waits for its new terms
    waits: frozenset[int]
    #: requests that wait when the calls and questions take their usual time (holds ``waits``)
    may_wait: frozenset[int]
    #: the fees of this week's hires, the bonuses and the overtime pay
    hire_fees: int
    bonuses: int
    overtime_pay: int

    @property
    def costs(self) -> int:
        """What the staff decisions cost this week, in cents."""
        return self.hire_fees + self.bonuses + self.overtime_pay


def preview(state: GameState, decisions: D.Decisions | None = None) -> Preview:
    """The week ``decisions`` will make from ``state`` (see the module docstring for what is
    certain). Changes neither the state nor its random streams.

    Raises:
        IllegalDecision: the decisions cannot apply (as :func:`~sim.engine.step` would).
    """
    d = D.Decisions() if decisions is None else decisions
    validate_decisions(state, d)
    st = state.copy()
    n = st.clients.n
    wk = Week.start(WeekReport(week=st.week, cash_before=st.cash), n, st.clients.trait[:n])
    apply_decisions(st, wk, d)
    staff_cap = team_hours(st)
    capacity = float(np.add.reduce(staff_cap))
    R = st.requests
    m = R.n
    rids = R.rid[:m]
    queued = R.state[:m] == REQ_QUEUED
    held = queued & (R.hold[:m] > st.week)
    waiting, unbilled = [], []
    want = np.zeros(m)
    for calls in (np.zeros(n), np.ones(n)):  # nobody calls; the usual calls
        _, total = unbilled_demand(st, wk, calls, capacity)
        unbilled.append(total)
        if m:
            want, served = accepted_work(st, wk, capacity - total, staff_cap)
            short = queued & (want - served > _EPS) | held
            waiting.append(frozenset(rids[short].tolist()))
        else:
            waiting.append(frozenset())
    s, r = st.staff, st.params.rules
    ns = s.n
    wages = s.wage[:ns] * (s.status[:ns] == STAFF_ACTIVE)
    led = wk.ledger
    return Preview(
        week=st.week, capacity_hours=capacity, staff_hours=tuple(staff_cap.tolist()),
        known_unbilled_hours=unbilled[0], usual_unbilled_hours=unbilled[1],
        planned_hours=float(np.add.reduce(want)), waits=waiting[0], may_wait=waiting[1],
        hire_fees=-int(led.total(PROFIT, "hiring")), bonuses=-int(led.total(PROFIT, "bonus")),
        overtime_pay=overtime_pay(wages, s.hours[:ns], s.overtime[:ns], r))
