"""One test per mechanic of DESIGN §2, on small controlled situations."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.engine import (
    DECLINE,
    DEFER,
    POLITE,
    SERVE,
    ClientArrives,
    ClientSpec,
    Decisions,
    Lawsuit,
    MarketChange,
    Message,
    RequestPlan,
    ReviewStorm,
    StaffJoins,
    StaffLeaves,
    StaffMember,
    Terms,
    final_scores,
    new_game,
    observe,
    step,
)
from sim.engine.defaults import agency
from sim.engine.ledger import MORALE
from sim.engine.params import Firm, Market
from sim.engine.state import (
    ACTIVE,
    DECLINED,
    FIRED_POLITE,
    LEAD,
    ORIGIN_REFERRAL,
    STAFF_ACTIVE,
    STAFF_GONE,
)

VAMPIRE, LOYAL, KNOW_BETTER = 3, 1, 5


def trait_of(st, name):
    return st.traits.index[name]


def play_weeks(st, weeks, decide=lambda st: Decisions()):
    reports = []
    for _ in range(weeks):
        if st.over:
            break
        st, rep = step(st, decide(st), inplace=True)
        reports.append(rep)
    return st, reports


def one_client(trait: str, *, staff: int = 1, weeks: int = 30, **firm) -> object:
    """A firm with exactly one client of a trait and no market."""
    return agency(weeks=weeks, staff=tuple(StaffMember(f"S{i}") for i in range(staff)),
                  market=Market(lead_rate=0.0, initial_clients=0),
                  clients=(ClientSpec("Solo", trait),), firm=Firm(**firm))


def test_requests_arrive_and_the_default_plan_serves_them():
    st = new_game(agency(), 1)
    obs = observe(st)
    assert len(obs.requests.rid) > 0
    st, reps = play_weeks(st, 1)
    assert reps[0].billable_hours > 0 and reps[0].revenue > 0


def test_vip_clients_are_served_first_when_hours_are_short():
    served_first = 0
    for seed in range(10):
        params = agency(staff=(StaffMember("Solo", hours=90),), firm=Firm(credit_limit=10**12))
        st = new_game(params, seed)
        first = observe(st)
        vip = int(first.requests.client[-1])  # the newest request: last in line otherwise
        no_leads = {int(i): False for i in first.leads()}
        st, rep = step(st, Decisions(terms={vip: Terms(vip=True)}, leads=no_leads),
                       inplace=True)
        if rep.waiting_hours > 0:  # hours were short this week
            assert st.clients.wait_weeks[vip] == 0
            assert st.clients.week_billable[vip] > 0
            served_first += 1
    assert served_first >= 5


def test_declining_and_deferring_requests():
    st = new_game(agency(), 3)
    obs = observe(st)
    rid_a, rid_b = int(obs.requests.rid[0]), int(obs.requests.rid[1])
    a, b = int(obs.requests.client[0]), int(obs.requests.client[1])
    sat_a = st.clients.satisfaction[a]
    st, _ = step(st, Decisions(requests={rid_a: RequestPlan(DECLINE),
                                         rid_b: RequestPlan(DEFER)}), inplace=True)
    assert st.clients.declined_requests[a] == 1
    assert st.clients.satisfaction[a] < sat_a
    assert rid_a not in st.requests.rid[: st.requests.n]
    assert rid_b in st.requests.rid[: st.requests.n]  # still waiting, in the inbox
    del b


def test_serving_with_an_hours_cap():
    st = new_game(agency(), 4)
    obs = observe(st)
    # the first request over an hour: served oldest first, it gets hours before the week is full
    k = int(np.argmax(obs.requests.hours > 1.0))
    rid, hours = int(obs.requests.rid[k]), float(obs.requests.hours[k])
    st, _ = step(st, Decisions(requests={rid: RequestPlan(SERVE, hours=1.0)}), inplace=True)
    R = st.requests
    row = np.searchsorted(R.rid[: R.n], rid)
    assert hours > 1.0 and R.hours_left[row] == pytest.approx(hours - 1.0)


def test_written_scope_and_single_contact_cap_a_vampire():
    def unbilled_and_incidents(terms):
        totals = np.zeros(2)
        for seed in range(20):
            st = new_game(one_client("vampire"), seed)
            st, _ = step(st, Decisions(terms={0: terms}), inplace=True)
            st, _ = play_weeks(st, 20)
            totals += [st.clients.unbilled_hours[0], st.clients.incidents[0]]
        return totals

    plain = unbilled_and_incidents(Terms())
    capped = unbilled_and_incidents(Terms(scope=True, contact=True))
    assert capped[0] < 0.5 * plain[0]
    assert capped[1] < plain[1]


def test_prepayment_means_no_late_invoices_and_no_bad_debt():
    for seed in range(10):
        st = new_game(one_client("haggler"), seed)
        st, _ = step(st, Decisions(terms={0: Terms(prepay=True)}), inplace=True)
        st, _ = play_weeks(st, 25)
        c = st.clients
        if c.status[0] == ACTIVE or c.left[0] > 2:
            assert c.late_invoices[0] == 0 and c.bad_debt[0] == 0


def test_know_better_rework_is_not_billable_and_scope_halves_it():
    def ratio(terms):
        b = u = 0.0
        for seed in range(10):
            st = new_game(one_client("know_better"), seed)
            st, _ = step(st, Decisions(terms={0: terms}), inplace=True)
            st, _ = play_weeks(st, 15)
            b += st.clients.billable_hours[0]
            u += st.clients.unbilled_hours[0]
        return u / b
    assert ratio(Terms(scope=True)) < ratio(Terms())


def test_letting_go_politely_and_the_blacklist_for_returns():
    st = new_game(agency(), 5)
    c = st.clients
    i = int(np.flatnonzero(c.status[: c.n] == ACTIVE)[0])
    st, rep = step(st, Decisions(let_go={i: POLITE}, blacklist=[i]), inplace=True)
    assert st.clients.status[i] == FIRED_POLITE
    assert any(n.key == "let_go_polite" for n in rep.notes)
    assert not (st.requests.client[: st.requests.n] == i).any()
    st.pending_returns.append(i)
    st, rep = step(st, inplace=True)
    again = st.client_index(st.client_names[i])
    assert again != i and st.clients.status[again] == DECLINED
    assert st.clients.returning_of[again] == i
    assert any(n.key == "blacklist_declined" for n in st.opening_notes)


def test_a_price_above_his_budget_drives_a_client_away():
    left = 0
    for seed in range(20):
        st = new_game(one_client("core"), seed)
        st, _ = step(st, Decisions(terms={0: Terms(price_factor=2.5)}), inplace=True)
        st, _ = play_weeks(st, 8)
        left += st.clients.status[0] != ACTIVE
    assert left >= 18


def test_waiting_clients_leave_and_the_report_says_why():
    found = False
    for seed in range(10):
        st, reps = play_weeks(new_game(agency(), seed), 52)
        for rep in reps:
            for note in rep.notes:
                if note.key == "left_waiting" and "eater" in note.params:
                    found = True
                    assert note.params["weeks"] >= 1 and note.params["eater"]
    assert found


def test_leads_show_signals_and_screening_declines_them():
    st = new_game(agency(), 6)
    for _ in range(10):
        obs = observe(st)
        if len(obs.leads()):
            break
        st, _ = step(st, inplace=True)
    lead = int(obs.leads()[0])
    assert obs.clients.status[lead] == LEAD
    for sig in ("sig_polite", "sig_discount", "sig_prepay"):
        assert getattr(obs.clients, sig).dtype == bool
    st, _ = step(st, Decisions(leads={lead: False}), inplace=True)
    assert st.clients.status[lead] == DECLINED


def test_loyal_vip_clients_refer_clients_like_themselves():
    refs = 0
    for seed in range(20):
        params = replace(one_client("loyal", staff=2, weeks=52), clients=tuple(
            ClientSpec(f"L{i}", "loyal") for i in range(8)))
        st = new_game(params, seed)
        st, _ = step(st, Decisions(terms={i: Terms(vip=True) for i in range(8)}), inplace=True)
        st, _ = play_weeks(st, 51)
        c = st.clients
        referred = c.origin[: c.n] == ORIGIN_REFERRAL
        refs += int(referred.sum())
        assert (c.referred_by[: c.n][referred] >= 0).all()
    assert refs > 0


def test_staffing_overtime_time_off_bonus_and_hiring():
    st = new_game(agency(), 7)
    m0 = st.staff.morale[1]
    cash0 = st.cash
    st2, rep = step(st, Decisions(overtime={0: 10.0}, time_off=[1], bonus={2: 50_000},
                                  hire=1))
    assert rep.overtime_hours == 10.0 and rep.overtime_pay > 0
    assert st2.staff.morale[1] > m0 or st2.staff.morale[1] >= 70
    assert rep.other_costs >= 50_000 + int(10.4 * 140_000)
    new = st2.staff.n - 1
    assert st2.staff.status[new] != STAFF_ACTIVE
    st3, _ = play_weeks(st2, 4)
    assert st3.staff.status[new] == STAFF_ACTIVE
    assert cash0 != st2.cash


def test_the_ledger_counts_everyone_on_a_week_off():
    """The morale cause of a week off is the rest of everyone who took it, over the team."""
    st = new_game(agency(), 7)
    k = int(st.staff_active_mask().sum())
    assert k >= 3
    r = st.params.rules
    for off in ([1], [0, 1], [0, 1, 2]):
        _, rep = step(st, Decisions(time_off=off))
        got = sum(c.amount for c in rep.causes(MORALE) if c.kind == "time_off")
        assert got == pytest.approx(r.time_off_morale * len(off) / k)


def test_low_morale_makes_people_quit_and_a_replacement_costs_a_fee():
    params = agency(firm=Firm(credit_limit=10**12))
    quits = 0
    for seed in range(10):
        st = new_game(params, seed)
        for _ in range(30):
            st.staff.morale[: st.staff.n] = 0.0
            st, rep = step(st, inplace=True)
            for note in rep.notes:
                if note.key == "staff_quit":
                    quits += 1
                    assert note.params["cost"] == pytest.approx(10.4 * 1400, rel=0.01)
        assert (st.staff.status[: st.staff.n] == STAFF_GONE).sum() >= 0
    assert quits > 0


def test_scripted_events_of_every_kind():
    events = (
        Message(1, (("en", "Hello"), ("ru", "Привет"))),
        ClientArrives(2, ClientSpec("Big V", "vampire")),
        MarketChange(3, lead_rate=3.0, price_per_hour=12_000, mix=(("core", 1.0),)),
        Lawsuit(4, cost=500_000, reputation=5.0),
        ReviewStorm(5, reputation=10.0),
        StaffLeaves(6, "Anna"),
        StaffJoins(7, StaffMember("Zed")),
    )
    st = new_game(agency(events=events, firm=Firm(credit_limit=10**12)), 8)
    assert any(n.key == "event_message" for n in st.opening_notes)
    seen = set()
    for _ in range(7):
        seen |= {n.key for n in st.opening_notes}
        rep_before = st.reputation
        st, rep = step(st, inplace=True)
        if rep.week == 4:
            assert rep.other_costs >= 500_000
        del rep_before
    assert {"event_client_arrives", "event_market", "event_lawsuit", "event_review_storm",
            "event_staff_leaves"} <= seen
    assert st.price_per_hour == 12_000
    assert st.staff.status[st.staff_index("Anna")] == STAFF_GONE
    assert st.staff.status[st.staff_index("Zed")] == STAFF_ACTIVE
    assert st.client_names[st.client_index("Big V")] == "Big V"


def test_bankruptcy_ends_the_game_early():
    params = agency(firm=Firm(cash=0, credit_limit=0, fixed_costs=5_000_000))
    st, reps = play_weeks(new_game(params, 9), 52)
    assert st.over and st.end_reason == "bankrupt" and len(reps) < 52
    assert any(n.key == "bankrupt" for n in reps[-1].notes)


def test_last_week_tricks_do_not_pay():
    """The terminal value counts what the firm still has: firing every client, or burning
    the staff with overtime, in the last weeks does not raise the long-term score."""
    from sim.policies import make_policy

    burn_gains = []
    for seed in range(20):
        bot = make_policy("rule-based", seed)
        st = new_game(agency(), seed)
        while st.week < 51 and not st.over:
            st, _ = step(st, bot.decide(observe(st)), inplace=True)
        if st.over:
            continue
        keep = burn = st
        everyone = {int(s): 12.0 for s in np.flatnonzero(st.staff.status[: st.staff.n]
                                                         == STAFF_ACTIVE)}
        for week in (51, 52):
            if week == 52:  # the last week: let every client go
                c = keep.clients
                act = np.flatnonzero(c.status[: c.n] == ACTIVE)
                fire, _ = step(keep, Decisions(let_go={int(i): POLITE for i in act}))
            keep, _ = step(keep, bot.decide(observe(keep)))
            d = bot.decide(observe(burn))
            d.overtime.update(everyone)
            burn, _ = step(burn, d)
        assert keep.over and fire.over and burn.over
        assert final_scores(fire)["score"] < final_scores(keep)["score"]
        assert final_scores(burn)["morale"] < final_scores(keep)["morale"]
        burn_gains.append(final_scores(burn)["score"] - final_scores(keep)["score"])
    assert len(burn_gains) >= 15
    assert np.median(burn_gains) < 0 and np.mean(np.array(burn_gains) > 0) < 0.25


def test_a_request_of_a_client_let_go_the_same_week_is_ignored():
    st = new_game(agency(), 6)
    obs = observe(st)
    rid, client = int(obs.requests.rid[0]), int(obs.requests.client[0])
    other = int(obs.requests.rid[-1])
    st, _ = step(st, Decisions(let_go={client: POLITE},
                               requests={rid: RequestPlan(DECLINE), other: RequestPlan(DEFER)}),
                 inplace=True)
    assert st.clients.status[client] == FIRED_POLITE
    assert other in st.requests.rid[: st.requests.n]


def test_accepted_work_is_served_oldest_first_with_vip_ahead():
    from sim.engine.service import serve_in_order

    want = np.array([4.0, 3.0, 5.0, 2.0])
    served = serve_in_order(want, np.zeros(4, dtype=bool), 8.0)
    assert served.tolist() == [4.0, 3.0, 1.0, 0.0]  # the oldest first, the third cut short
    served = serve_in_order(want, np.array([False, False, True, False]), 8.0)
    assert served.tolist() == [3.0, 0.0, 5.0, 0.0]  # the VIP client's request goes ahead
    assert serve_in_order(want, np.zeros(4, dtype=bool), 100.0).tolist() == want.tolist()
