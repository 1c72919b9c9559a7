"""Invariants that hold for any sequence of decisions (hypothesis draws the decisions from
what the player can see each week, legal and illegal)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from sim.engine import (
    BLUNT,
    DECLINE,
    DEFER,
    POLITE,
    PRICE_OUT,
    SERVE,
    Decisions,
    IllegalDecision,
    RequestPlan,
    Tag,
    Terms,
    new_game,
    observe,
    state_digest,
    step,
)
from sim.engine.defaults import agency

from .explained import active_clients, check_week

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _decisions(data, obs) -> Decisions:
    d = Decisions()
    act = obs.active_clients().tolist()
    staff = obs.active_staff().tolist()
    for i in obs.leads().tolist():
        if data.draw(hs.booleans()):
            d.leads[i] = data.draw(hs.booleans())
    for rid in obs.requests.rid.tolist()[: 12]:
        action = data.draw(hs.sampled_from([SERVE, DECLINE, DEFER, None]))
        if action is not None:
            who = data.draw(hs.sampled_from([None] + staff)) if action == SERVE else None
            hours = data.draw(hs.none() | hs.floats(0, 20)) if action == SERVE else None
            d.requests[rid] = RequestPlan(action, who, hours)
    for i in data.draw(hs.lists(hs.sampled_from(act), max_size=3, unique=True)) if act else []:
        if data.draw(hs.booleans()):
            d.let_go[i] = data.draw(hs.sampled_from([POLITE, BLUNT, PRICE_OUT]))
        else:
            d.terms[i] = Terms(price_factor=data.draw(hs.floats(0.5, 3.0)),
                               prepay=data.draw(hs.booleans()), scope=data.draw(hs.booleans()),
                               contact=data.draw(hs.booleans()), vip=data.draw(hs.booleans()),
                               grant_discounts=data.draw(hs.booleans()))
        if data.draw(hs.booleans()):
            d.tags[i] = Tag(data.draw(hs.sampled_from(obs.trait_names)),
                            data.draw(hs.floats(0, 1)))
    for s in staff:
        if data.draw(hs.integers(0, 4)) == 0:
            d.overtime[s] = data.draw(hs.floats(0, 12))
        if data.draw(hs.integers(0, 6)) == 0:
            d.time_off.append(s)
        if data.draw(hs.integers(0, 8)) == 0:
            d.bonus[s] = data.draw(hs.integers(0, 200_000))
    d.hire = data.draw(hs.integers(0, 1))
    return d


def _check_invariants(st, rep) -> None:
    assert rep.cash_after == (rep.cash_before + rep.payments - rep.wages - rep.overtime_pay
                              - rep.fixed_costs - rep.other_costs)
    assert rep.profit == (rep.revenue - rep.bad_debt - rep.wages - rep.overtime_pay
                          - rep.fixed_costs - rep.other_costs)
    assert rep.billable_hours + rep.unbilled_hours <= rep.capacity_hours + 1e-6
    assert 0.0 <= rep.reputation <= 100.0 and 0.0 <= rep.morale <= 100.0
    c, s = st.clients, st.staff
    for table in (c, s):
        for name in table.COLUMNS:
            col = getattr(table, name)[: table.n]
            if col.dtype.kind == "f":
                assert np.isfinite(col).all(), name
    assert ((c.satisfaction[: c.n] >= 0) & (c.satisfaction[: c.n] <= 1)).all()
    assert ((s.morale[: s.n] >= 0) & (s.morale[: s.n] <= 100)).all()
    assert (c.revenue[: c.n] >= 0).all() and (c.bad_debt[: c.n] >= 0).all()
    R = st.requests
    assert (R.hours_left[: R.n] > 0).all()
    assert (np.diff(R.rid[: R.n]) > 0).all()


@SETTINGS
@given(seed=hs.integers(0, 10_000), weeks=hs.integers(1, 16), data=hs.data())
def test_any_decisions_keep_the_books_and_ranges(seed, weeks, data):
    st = new_game(agency(), seed)
    for _ in range(weeks):
        if st.over:
            break
        d = _decisions(data, observe(st))
        opening, before = len(st.opening_notes), active_clients(st, st.week)
        st, rep = step(st, d, inplace=True)
        _check_invariants(st, rep)
        check_week(st, rep, before, opening)  # and the report explains the week


ILLEGAL = [
    Decisions(let_go={10_000: POLITE}),
    Decisions(let_go={0: "shout"}),
    Decisions(terms={0: Terms(price_factor=50.0)}),
    Decisions(terms={0: Terms(price_factor=float("nan"))}),
    Decisions(overtime={0: 99.0}),
    Decisions(overtime={99: 1.0}),
    Decisions(requests={10**9: RequestPlan(SERVE)}),
    Decisions(tags={0: Tag("unicorn", 0.5)}),
    Decisions(hire=50),
    Decisions(leads={0: True}),
]


@pytest.mark.parametrize("bad", ILLEGAL, ids=range(len(ILLEGAL)))
def test_illegal_decisions_are_refused_and_change_nothing(bad):
    st = new_game(agency(), 11)
    before = state_digest(st)
    with pytest.raises(IllegalDecision) as err:
        step(st, bad, inplace=True)
    assert err.value.reason
    assert state_digest(st) == before
    step(st, Decisions(), inplace=True)  # the week can still be played


def test_decisions_round_trip_through_json():
    d = Decisions(requests={5: RequestPlan(SERVE, 1, 3.5), 6: RequestPlan(DEFER)},
                  leads={30: False}, terms={2: Terms(1.2, True, True, False, False, False)},
                  let_go={3: BLUNT}, blacklist=[3], owners={4: 2}, overtime={1: 4.0},
                  bonus={0: 10_000}, time_off=[2], hire=1, tags={7: Tag("vampire", 0.7)})
    import json

    again = Decisions.from_dict(json.loads(json.dumps(d.to_dict())))
    assert again == d
    with pytest.raises(IllegalDecision):
        Decisions.from_dict({"let_go": {"x": "polite"}})
    with pytest.raises(IllegalDecision):
        Decisions.from_dict({"fire_everyone": True})
