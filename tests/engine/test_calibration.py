"""The calibration targets of DESIGN §1, measured on the default agency over 100 seeds (and
on small controlled experiments where a target is about one mechanism)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from sim.engine import Decisions, Terms, new_game, step
from sim.engine.context import Week
from sim.engine.defaults import agency
from sim.engine.people import satisfaction_and_word_of_mouth
from sim.engine.report import WeekReport
from sim.engine.state import ACTIVE, LEAD, STAFF_ACTIVE
from sim.engine.week import _new_leads

from .sweeps import column, share, sweep

AR = "always-right"


def test_whale_curve_of_always_right_play():
    """Top 20% of clients make 150-300% of total profit; the bottom 10-20% destroy 50-150%."""
    top = np.array([r["whale"][0] for r in sweep(AR)])
    bottom = np.array([r["whale"][1] for r in sweep(AR)])
    assert 1.5 <= np.median(top) <= 3.0, np.median(top)
    assert 0.5 <= np.median(bottom) <= 1.5, np.median(bottom)


def test_vampire_cost_to_serve():
    """A vampire's staff hours per unit of revenue are at least 3x a core client's, and his
    contribution is negative at list price."""
    ratios, contributions = [], []
    for run in sweep(AR):
        t = run["traits"]
        per_rev = {k: t[k]["hours"] / t[k]["revenue"] for k in ("core", "vampire")
                   if t[k]["revenue"] > 0}
        if len(per_rev) == 2:
            ratios.append(per_rev["vampire"] / per_rev["core"])
        contributions.append(sum(r["profit"] for r in run["records"] if r["trait"] == "vampire"))
    assert np.median(ratios) >= 3.0
    assert np.median(contributions) < 0


def test_late_payment_share_and_prepayment():
    """20-30% of invoices are late by default; prepayment cuts bad debt to near zero and
    loses some hagglers."""
    late = sum(r["late_invoices"] for r in sweep(AR)) / sum(r["invoices"] for r in sweep(AR))
    assert 0.20 <= late <= 0.30, late
    bad_debt, hagglers_left = 0, 0
    for seed in range(30):
        st = new_game(agency(), seed)
        c = st.clients
        prepaid = [int(i) for i in np.flatnonzero(c.status[: c.n] == ACTIVE)]
        st, _ = step(st, Decisions(terms={i: Terms(prepay=True) for i in prepaid}))
        for _ in range(12):
            st, _ = step(st, inplace=True)
        c = st.clients
        bad_debt += int(c.bad_debt[prepaid].sum())
        hagglers_left += int(((c.trait[prepaid] == 2) & (c.left[prepaid] == 1)).sum())
    assert bad_debt == 0
    assert hagglers_left > 0


def _word_of_mouth(sat: float, seeds: int = 200) -> float:
    """Reputation change per client per week from reviews alone, all clients at ``sat``."""
    total = 0.0
    for seed in range(seeds):
        st = new_game(agency(), seed)
        c = st.clients
        n = c.n
        c.satisfaction[:n] = sat
        c.voice[:n] = 1.0
        wk = Week.start(WeekReport(week=1), n, c.trait[:n])
        wk.active = c.status[:n] == ACTIVE
        satisfaction_and_word_of_mouth(st, wk)
        total += wk.rep_delta / int(wk.active.sum())
    return total / seeds


def test_bad_experiences_travel_about_twice_as_far():
    """Word of mouth: a bad review reaches about twice the people of a good one (not 10x)."""
    r = agency().rules
    assert r.review_bad_reach == 2.0
    good, bad = _word_of_mouth(1.0), _word_of_mouth(0.0)
    assert good > 0 > bad


def test_reputation_moves_lead_inflow_by_five_to_ten_percent_per_star():
    def leads(rep: float) -> float:
        total = 0
        for seed in range(400):
            st = new_game(agency(), seed)
            st.reputation = rep
            before = int((st.clients.status[: st.clients.n] == LEAD).sum())
            _new_leads(st)
            total += int((st.clients.status[: st.clients.n] == LEAD).sum()) - before
        return total

    base, star_up = leads(50.0), leads(70.0)
    assert 1.05 <= star_up / base <= 1.10, star_up / base


def test_abuse_lowers_morale_raises_quits_and_costs_a_fifth_of_a_salary():
    """Sustained abuse raises the yearly chance of quitting by 5-15 points and cuts effort
    5-10%; a quit costs about 20% of a yearly salary."""
    r = agency().rules
    assert abs(r.hire_fee_weeks / 52 - 0.2) < 0.01
    abused, spared = [], []
    for seed in range(40):
        st = new_game(agency(), seed)
        for _ in range(26):
            if not st.over:
                st, _ = step(st, inplace=True)
        s = st.staff
        act = s.status[: s.n] == STAFF_ACTIVE
        weeks = s.abuse_weeks[: s.n]
        abused += list(s.morale[: s.n][act & (weeks >= 10)])
        spared += list(s.morale[: s.n][act & (weeks <= 3)])

    def quit_year(m):
        return r.quit_base_year + r.quit_low_morale_year * max(0.0, (r.quit_threshold - m)
                                                               / r.quit_threshold)

    m_abused, m_spared = np.median(abused), np.median(spared)
    extra = quit_year(m_abused) - quit_year(m_spared)
    effort = r.productivity_per_morale * (m_spared - m_abused) / (
        r.productivity_base + r.productivity_per_morale * m_spared)
    assert 0.05 <= extra <= 0.15, (m_abused, m_spared, extra)
    assert 0.05 <= effort <= 0.10, effort


def test_removing_the_abuser_restores_morale_within_two_quarters():
    recovered = []
    for seed in range(30):
        st = new_game(agency(), seed)
        for _ in range(12):
            st, _ = step(st, inplace=True)
        c = st.clients
        vampires = [int(i) for i in np.flatnonzero((c.status[: c.n] == ACTIVE)
                                                   & (c.trait[: c.n] == 3))]
        owners = {int(c.owner[i]) for i in vampires if c.owner[i] >= 0}
        if not owners:
            continue
        low = min(st.staff.morale[o] for o in owners)
        st, _ = step(st, Decisions(let_go={i: "polite" for i in vampires}))
        for _ in range(25):
            if st.over:
                break
            st, _ = step(st, Decisions(leads={int(i): False for i in np.flatnonzero(
                (st.clients.status[: st.clients.n] == LEAD)
                & (st.clients.trait[: st.clients.n] == 3))}), inplace=True)
        if st.over:
            continue
        s = st.staff
        act = s.status[: s.n] == STAFF_ACTIVE
        was_abused = np.zeros(s.n, dtype=bool)
        was_abused[list(owners)] = True
        if not (act & was_abused).any() or not (act & ~was_abused).any():
            continue
        now = s.morale[: s.n][act & was_abused].mean()
        others = s.morale[: s.n][act & ~was_abused].mean()
        recovered.append((low, now, others))
    low, now, others = np.array(recovered).T
    assert len(recovered) >= 15
    assert np.median(now - low) > 10
    assert np.median(others - now) < 5  # back with the rest of the team


def test_loyal_clients_refer_a_few_leads_a_year_and_referred_clients_stay_longer():
    refs = sum(r["traits"]["loyal"]["referrals"] for r in sweep(AR))
    years = sum(r["traits"]["loyal"]["weeks"] for r in sweep(AR)) / 52
    assert 0.3 <= refs / years <= 0.6, refs / years
    assert abs(agency().rules.referred_churn - 0.82) < 1e-9


def test_no_dominant_trick():
    """Firing every non-loyal client loses money (core clients pay the fixed costs), and
    far more than judging clients one by one."""
    assert share(column("fire-all-but-loyal", "profit") < 0) >= 0.8
    # (0.95 before engine 2.0; the agency now starts with four loyal clients, and a firm of
    # loyal clients only, which keeps every loyal lead by his hidden trait, thrives in about
    # 6 seeds of 100: measured 94%)
    assert share(column("fire-all-but-loyal", "long_term_profit")
                 < column("rule-based", "long_term_profit")) >= 0.9


def test_freed_hours_must_be_resold():
    """Payroll is fixed: with idle capacity, letting a vampire go frees hours nobody buys."""
    params = agency()
    assert params.firm.fixed_costs > 0
    gain = np.median(column("fire-vampires", "profit", "abundant") - column(AR, "profit",
                                                                             "abundant"))
    assert gain <= 0


def test_scoring_weights_sum_to_one_by_default():
    s = agency().scoring
    assert abs(s.profit + s.morale + s.reputation - 1.0) < 1e-9
    assert replace(s, profit=0.6).profit == 0.6
