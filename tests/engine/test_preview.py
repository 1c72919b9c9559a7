"""``preview(state, decisions)`` tells the week before it is played, and changes nothing.

Property over many seeds and random legal decisions: what preview says waits does wait when
``step`` plays the week (whatever the clients' calls take); with the calls taken out of the
model (no client calls: nothing in step 5 is drawn) preview's waits are exactly step's; the
capacity and the costs of hires, bonuses and overtime are step's to the cent.
"""

from __future__ import annotations

import numpy as np
import pytest

import sim.engine.service as service
from sim.engine import (
    DECLINE,
    DEFER,
    LET_GO_MANNERS,
    SERVE,
    Decisions,
    IllegalDecision,
    RequestPlan,
    Terms,
    new_game,
    observe,
    preview,
    state_digest,
    step,
)
from sim.scenario import load_scenario

SEEDS = range(40)
WEEKS = 6


def random_decisions(st, rng: np.random.Generator) -> Decisions:
    """A legal week of decisions touching everything step 4 and 5 read."""
    obs = observe(st)
    c, R = obs.clients, obs.requests
    active = [int(i) for i in obs.active_clients()]
    staff = [int(s) for s in obs.active_staff()]
    d = Decisions()
    for rid, hours in zip(R.rid.tolist(), R.hours_left.tolist(), strict=True):
        u = rng.random()
        if u < 0.1:
            d.requests[rid] = RequestPlan(DECLINE)
        elif u < 0.2:
            d.requests[rid] = RequestPlan(DEFER)
        elif u < 0.35:
            cap = float(rng.integers(0, 2 * int(hours) + 3)) / 2 if rng.random() < 0.6 else None
            who = int(rng.choice(staff)) if staff and rng.random() < 0.5 else None
            d.requests[rid] = RequestPlan(SERVE, staff=who, hours=cap)
    for i in active:
        u = rng.random()
        if u < 0.04:
            d.let_go[i] = str(rng.choice(LET_GO_MANNERS))
        elif u < 0.3:
            d.terms[i] = Terms.of(c, i, price_factor=round(float(rng.uniform(0.7, 1.6)), 1),
                                  prepay=bool(rng.random() < 0.3),
                                  scope=bool(rng.random() < 0.4),
                                  contact=bool(rng.random() < 0.4),
                                  vip=bool(rng.random() < 0.3))
        if i not in d.let_go and staff and rng.random() < 0.1:
            d.owners[i] = int(rng.choice(staff))
    for i in obs.leads().tolist():
        if rng.random() < 0.3:
            d.leads[int(i)] = False
    for s in staff:
        u = rng.random()
        if u < 0.35:
            d.overtime[s] = float(rng.choice([2.0, 4.0, 8.0, obs.max_overtime]))
        elif u < 0.45:
            d.time_off.append(s)
        if rng.random() < 0.1:
            d.bonus[s] = int(obs.staff.wage[s]) // 2
    d.hire = int(rng.integers(0, 3)) if rng.random() < 0.2 else 0
    return d


class Spy:
    """Records what step 5's accepted work got in the week ``step`` plays."""

    def __init__(self) -> None:
        self.real = service.accepted_work
        self.unserved: frozenset[int] | None = None

    def __call__(self, st, wk, hours, staff_cap):
        want, served = self.real(st, wk, hours, staff_cap)
        R = st.requests
        m = R.n
        queued = R.state[:m] == 1
        short = queued & ((want - served > 1e-9) | (R.hold[:m] > st.week))
        self.unserved = frozenset(R.rid[:m][short].tolist())
        return want, served


def played(spy: Spy, st, d: Decisions):
    spy.unserved = frozenset()  # (no open request: step 5 serves nothing)
    new, report = step(st, d)
    return new, report, spy.unserved


@pytest.fixture(scope="module")
def params():
    return load_scenario("agency").params


def test_preview_waits_are_what_step_leaves_unserved(params, monkeypatch):
    spy = Spy()
    monkeypatch.setattr(service, "accepted_work", spy)
    counts = {"weeks": 0, "waits": 0, "drawn_more": 0, "usual_more": 0, "exact_waits": 0}
    for seed in SEEDS:
        rng = np.random.default_rng(1000 + seed)
        st = new_game(params, seed)
        for _ in range(WEEKS):
            d = random_decisions(st, rng)
            digest = state_digest(st)
            rng_states = {k: g.bit_generator.state for k, g in st.rng.items()}
            pv = preview(st, d)
            # preview changes nothing: not the state, not a random stream
            assert state_digest(st) == digest
            assert {k: g.bit_generator.state for k, g in st.rng.items()} == rng_states

            new, report, unserved = played(spy, st, d)
            assert pv.waits <= pv.may_wait
            assert pv.waits <= unserved, (seed, st.week)
            assert pv.capacity_hours == report.capacity_hours
            assert pv.overtime_pay == report.overtime_pay
            led = report.ledger
            # (a quit in step 8 costs a replacement's fee too: not a decision of the week)
            hired = range(st.staff.n, st.staff.n + d.hire)
            assert pv.hire_fees == -sum(x.amount for x in led.items
                                        if x.kind == "hiring" and x.staff in hired)
            assert pv.hire_fees > 0 or not d.hire
            assert pv.bonuses == -led.total("profit", "bonus")
            counts["waits"] += bool(pv.waits)
            counts["drawn_more"] += bool(unserved - pv.waits)
            counts["usual_more"] += bool(pv.may_wait - pv.waits)

            # without the clients' calls nothing in step 5 is drawn: preview is exact
            quiet = st.copy()
            quiet.clients.unbilled_mean[:] = 0.0
            qv = preview(quiet, d)
            _, _, q_unserved = played(spy, quiet, d)
            assert qv.waits == qv.may_wait == q_unserved, (seed, st.week)
            counts["exact_waits"] += bool(q_unserved)
            counts["weeks"] += 1
            st = new
            if st.over:
                break
    # the property was tested on weeks where something waits, and where the draw mattered
    assert counts["weeks"] >= len(SEEDS) * WEEKS // 2
    for k in ("waits", "drawn_more", "usual_more", "exact_waits"):
        assert counts[k] >= 10, counts


def test_preview_of_no_decisions_is_the_default_week(params):
    st = new_game(params, 5)
    pv = preview(st)
    assert pv == preview(st, Decisions())
    assert pv.hire_fees == pv.bonuses == pv.overtime_pay == pv.costs == 0
    assert pv.planned_hours == pytest.approx(float(st.requests.hours_left[: st.requests.n].sum()))


def test_overtime_and_weeks_off_change_the_capacity(params):
    st = new_game(params, 2)
    base = preview(st)
    more = preview(st, Decisions(overtime={0: 8.0}))
    off = preview(st, Decisions(time_off=[1]))
    assert more.capacity_hours > base.capacity_hours > off.capacity_hours
    assert off.staff_hours[1] == 0.0 and more.overtime_pay > 0
    assert more.waits <= base.waits <= off.waits


def test_an_illegal_decision_is_refused_as_step_refuses_it(params):
    st = new_game(params, 2)
    with pytest.raises(IllegalDecision):
        preview(st, Decisions(overtime={99: 4.0}))
