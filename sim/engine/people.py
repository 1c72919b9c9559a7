"""Steps 7-10 of the week: how clients feel and talk, how staff hold up, what the market
hears, and who leaves."""

from __future__ import annotations

import numpy as np

from .apply import clients_leave
from .context import Week, clip01, row_block
from .costs import hire_fee
from .explain import units
from .ledger import MORALE, PROFIT, REPUTATION
from .params import StaffMember
from .population import add_staff, assign_owners, new_hire_name
from .prices import over_margin, price_ratio
from .reasons import price_note, unhappy_note
from .report import Note
from .service import book_cost
from .state import (
    CHURNED,
    FIRED_BLUNT,
    FIRED_POLITE,
    ORIGIN_REFERRAL,
    PRICED_OUT,
    STAFF_ACTIVE,
    STAFF_GONE,
    GameState,
)


def satisfaction_and_word_of_mouth(st: GameState, wk: Week) -> None:
    """Step 7: satisfaction moves toward the client's nature and is hurt by waiting, refusals
    and prices; complaints, reviews (bad ones travel twice as far) and referrals follow."""
    c, r = st.clients, st.params.rules
    n = wk.n
    ta = st.traits
    t = wk.per_client(ta)  # trait parameters by client
    tr = wk.trait
    active = wk.active
    sat = c.satisfaction[:n]
    pf = c.price_factor[:n]
    vip = c.vip[:n]
    ratio = price_ratio(st.price_per_hour, st.market_rate, pf, c.budget[:n])
    nature = t.satisfaction + vip * r.vip_satisfaction
    target = (nature - r.price_factor_satisfaction * np.maximum(0.0, pf - 1.0)
              - np.maximum(0.0, ratio - 1.0))
    shocks = waited = r.wait_penalty * c.wait_weeks[:n] / t.patience
    declined = deferred = 0.0
    held = c.week_held[:n]
    held_back = 0.0
    if np.count_nonzero(held):
        # a change held back by the written scope is a delay he did not ask for
        held_back = r.defer_penalty * held
        shocks = shocks + held_back
    if wk.prepay_insulted is not None:
        shocks = shocks + r.prepay_insult * wk.prepay_insulted
    if wk.turned_away:
        # (otherwise both terms are +0.0 everywhere, and adding them changes no bit of the sum)
        declined = r.decline_penalty * (wk.declined + wk.withdrawn)
        deferred = r.defer_penalty * wk.deferred
        shocks = shocks + declined + deferred
    refused = r.refused_discount_penalty * wk.refused
    shocks = shocks + refused - r.granted_discount_bonus * wk.granted
    new = clip01(sat + t.satisfaction_speed * (target - sat) - shocks)
    np.copyto(sat, new, where=active)
    # (a change the scope held back is remembered as a put-off request: the reason he gives)
    remember_satisfaction(st, wk, t.satisfaction_speed,
                          (waited, declined, deferred + held_back, refused),
                          nature - target, np.maximum(0.0, r.satisfied - nature))
    u = st.rng["service"].random((5, row_block(n)))[:, :n]
    complaints = active & (u[0] < t.complaint_rate * (r.complaint_base - sat))
    blame = active & (c.week_billable[:n] > 0) & (u[1] < t.blame * np.where(
        c.scope[:n], r.scope_blame, 1.0))
    c.complaints[:n] += complaints | blame
    # reviews: bad experiences travel farther than good ones
    # (each chance rises from 0 at its threshold to its rate at satisfaction 0 or 1)
    below, above = r.bad_review_below, r.good_review_above
    bad = active & ((u[2] < r.bad_review_rate * clip01((below - sat) * (1.0 / below))) | blame)
    good = active & ~bad & (u[3] < r.good_review_rate * clip01((sat - above)
                                                               * (1.0 / (1.0 - above))))
    voice = c.voice[:n]
    wk.rep_delta += r.review_good * (float(voice @ good)
                                     - r.review_bad_reach * float(voice @ bad))
    wk.ledger.reviews[:] = r.review_good * voice * (good - r.review_bad_reach * bad)
    wk.ledger.blamed[:] = blame
    for i in blame.nonzero()[0].tolist():
        wk.report.notes.append(Note("client_blames", {
            "client": st.client_names[i],
            "reputation": round(-float(wk.ledger.reviews[i]), 1)}, client=i,
            covers=((REPUTATION, "blame"),)))
    # referrals: happy clients bring leads like themselves (the floor only keeps a trait of
    # satisfaction 0 from dividing by it)
    base_sat = np.maximum(t.satisfaction, 0.05)
    p_ref = (t.referrals_per_year * (1 / 52.0)
             * np.minimum(sat / base_sat, r.referral_satisfaction_cap)
             * np.where(vip, r.vip_referrals, 1.0))
    refs = (active & (u[4] < p_ref)).nonzero()[0]
    if len(refs):
        ur = st.rng["referrals"].random(len(refs))
        for i, x in zip(refs.tolist(), ur.tolist(), strict=True):
            kind = int(ta.refers_cum[tr[i]].searchsorted(x, side="right"))
            st.pending_referrals.append((i, min(kind, len(ta.names) - 1)))
            c.referrals[i] += 1
            wk.report.notes.append(Note("referral", {"client": st.client_names[i]}, client=i))


def remember_satisfaction(st: GameState, wk: Week, speed: np.ndarray,
                          shocks: tuple[np.ndarray | float, ...], price_hurt: np.ndarray,
                          nature_gap: np.ndarray) -> None:
    """What hurt each client this week, for the reason the report gives if he leaves."""
    c, n = st.clients, wk.n
    mem = st.memory
    mem.satisfaction(wk.active, speed, shocks, price_hurt, nature_gap)
    e = wk.top_eater
    mem.waiting(c.wait_weeks[:n] * wk.active, e, float(c.week_unbilled[e]) if e >= 0 else 0.0)
    declined = (wk.declined + wk.withdrawn) * wk.active if wk.turned_away else wk.declined
    mem.turned_down(declined, wk.refused)


def remember_morale(st: GameState, wk: Week, act: np.ndarray, m: np.ndarray,
                    incidents: np.ndarray, stress: float) -> None:
    """The causes of this week's change in the team's average morale."""
    s, r = st.staff, st.params.rules
    k = int(np.count_nonzero(act))
    if not k:
        return
    ns = len(act)
    led = wk.ledger
    led.add(MORALE, "drift", float((r.morale_speed * (r.morale_target - m)) @ act) / k)
    led.add(MORALE, "incidents", -r.incident_morale * float(incidents @ act) / k)
    led.add(MORALE, "overtime", -r.overtime_morale * float(s.overtime[:ns] @ act) / k)
    led.add(MORALE, "time_off", r.time_off_morale * float(s.time_off[:ns] @ act) / k)
    led.add(MORALE, "backlog", -stress)


def morale_quits_hires(st: GameState, wk: Week) -> None:
    """Step 8: morale drifts to its norm, minus abuse, overtime and the stress of a backlog;
    low morale makes people quit, and a quit costs a hiring fee and weeks of vacancy."""
    s, r = st.staff, st.params.rules
    ns = s.n
    act = s.status[:ns] == STAFF_ACTIVE
    m = s.morale[:ns]
    stress = r.backlog_morale * min(1.0, wk.report.waiting_hours / max(1.0, wk.capacity))
    incidents = s.week_incidents[:ns]
    new = (m + r.morale_speed * (r.morale_target - m) - r.incident_morale * incidents
           - r.overtime_morale * s.overtime[:ns] + s.time_off[:ns] * r.time_off_morale - stress)
    new = np.minimum(np.maximum(new, 0.0), 100.0)
    remember_morale(st, wk, act, m, incidents, stress)
    np.copyto(m, new, where=act)
    s.abuse_weeks[:ns] += incidents > 0
    for i in (incidents >= 2).nonzero()[0].tolist():
        worst = max((k for k in st.abuse if k[0] == i), key=st.abuse.__getitem__, default=None)
        params = {"staff": st.staff_names[i], "count": int(incidents[i])}
        if worst is not None:
            params["client"] = st.client_names[worst[1]]
        wk.report.notes.append(Note("staff_abused", params, staff=i,
                                    client=-1 if worst is None else worst[1]))
    p_quit = (r.quit_base_year + r.quit_low_morale_year * clip01(
        (r.quit_threshold - m) / r.quit_threshold)) * (1 / 52.0)
    quits = (act & (st.rng["staff"].random(row_block(ns))[:ns] < p_quit)).nonzero()[0]
    for i in quits.tolist():
        name = st.staff_names[i]
        staff_gone(st, i)
        member = StaffMember(new_hire_name(st), hours=float(s.hours[i]), wage=int(s.wage[i]),
                             morale=r.new_hire_morale)
        add_staff(st, member, arrives=st.week + r.hire_weeks)
        fee = hire_fee(member.wage, r)
        wk.ledger.add(PROFIT, "hiring", -fee, staff=i)
        book_cost(st, wk, fee, Note("staff_quit", {
            "staff": name, "replacement": member.name, "cost": fee / 100,
            "week": st.week + r.hire_weeks}, staff=i,
            covers=((PROFIT, "hiring"), (MORALE, "team"))))


def staff_gone(st: GameState, i: int) -> None:
    """A staff member leaves; his clients get new owners."""
    s, c = st.staff, st.clients
    s.status[i] = STAFF_GONE
    s.left[i] = st.week
    owned = (c.owner[: c.n] == i).nonzero()[0].tolist()
    assign_owners(st, owned, exclude=i)


def reputation(st: GameState, wk: Week) -> None:
    """Step 9: reviews and partings move reputation; it drifts toward what clients feel."""
    c, r = st.clients, st.params.rules
    active = wk.active
    k = int(np.count_nonzero(active))
    mean_sat = float(c.satisfaction[: wk.n] @ active) / k if k else 0.5
    # (50 is the middle of the scale: the drift's target at the anchor satisfaction)
    anchor = 50.0 + r.reputation_anchor_slope * (mean_sat - r.reputation_anchor_satisfaction)
    before = st.reputation
    pull = r.reputation_pull * (anchor - st.reputation)
    st.reputation = clip_rep(st.reputation + wk.rep_delta + pull)
    wk.ledger.add(REPUTATION, "drift", pull)
    wk.ledger.add(REPUTATION, "bounds", st.reputation - (before + wk.rep_delta + pull))


def clip_rep(x: float) -> float:
    return min(100.0, max(0.0, x))


def churn_and_reactions(st: GameState, wk: Week) -> None:
    """Step 10: clients priced out, clients who react to new terms or refused discounts,
    clients who leave unhappy (waiting above all); fired clients may come back as leads."""
    c, r = st.clients, st.params.rules
    n = wk.n
    ta = st.traits
    t = wk.per_client(ta)  # trait parameters by client
    active = wk.active
    u = st.rng["churn"].random((5, row_block(n)))[:, :n]
    sat = c.satisfaction[:n]
    pf = c.price_factor[:n]
    ratio = price_ratio(st.price_per_hour, st.market_rate, pf, c.budget[:n])
    over_budget = ratio > 1.0
    too_dear = over_margin(ratio, r)
    st.memory.over_price(over_budget & active, st.week)
    pricing_out = c.pricing_out[:n]
    # (the draws are compared only where they can matter: few clients are being priced out
    # or just got tighter terms)
    priced_out = active & pricing_out
    if np.count_nonzero(priced_out):
        priced_out &= u[0] < t.price_out_leave + r.price_out_over_budget * over_budget
    stay = active & ~priced_out
    leave_terms = stay & c.terms_tightened[:n]
    if np.count_nonzero(leave_terms):
        p_terms = t.terms_leave * (1.0 + r.terms_leave_per_factor * np.maximum(0.0, pf - 1.0))
        if wk.prepay_refused is not None:
            # he said at first contact he would not prepay, and now he is asked to
            p_terms = p_terms + (1.0 - p_terms) * r.prepay_refuse_leave * wk.prepay_refused
        leave_terms &= u[1] < p_terms
    leave_threat = stay & wk.refused & (u[2] < t.threat_leave)
    leave_budget = stay & ~pricing_out & too_dear & (u[2] < r.price_leave_week)
    satisfied = r.satisfied
    hazard = ((t.churn_base + t.churn_sensitivity * clip01((satisfied - sat) * (1 / satisfied)))
              * np.where(c.origin[:n] == ORIGIN_REFERRAL, r.referred_churn, 1.0))
    leave_sat = stay & (u[3] < hazard)
    notes = wk.report.notes
    names = st.client_names
    churned = leave_terms | leave_threat | leave_budget | leave_sat
    clients_leave(st, priced_out, PRICED_OUT)
    clients_leave(st, churned, CHURNED)
    for i in priced_out.nonzero()[0].tolist():
        notes.append(Note("priced_out", {"client": names[i]}, client=i))
    for i in churned.nonzero()[0].tolist():
        name = names[i]
        if leave_terms[i]:
            notes.append(Note("left_terms", {"client": name}, client=i))
        elif leave_threat[i]:
            notes.append(Note("left_discount", {"client": name}, client=i))
        elif leave_budget[i]:
            notes.append(price_note(st, i))
        elif c.wait_weeks[i] >= 1:
            params = {"client": name, "weeks": int(c.wait_weeks[i])}
            o = int(c.owner[i])
            if o >= 0:
                params["staff"] = st.staff_names[o]
            e = wk.top_eater
            if e >= 0 and e != i:
                params["eater"] = names[e]
                params["eater_hours"] = round(float(c.week_unbilled[e]), 1)
            notes.append(Note("left_waiting", params, client=i))
        else:
            notes.append(unhappy_note(st, i, stayed_happy=bool(sat[i] >= satisfied)))
    for i in (stay & c.terms_tightened[:n] & ~churned).nonzero()[0].tolist():
        notes.append(Note("terms_accepted", {"client": names[i]}, client=i))
    # a client who finds his price above what he will pay says so the first week it is; the
    # clients who say it of the same price are told in one line
    since = st.memory.over_price_since[:n]
    steep: dict[float, list[int]] = {}
    for i in (stay & ~churned & over_budget & (since == st.week)).nonzero()[0].tolist():
        steep.setdefault(units(st.price_per_hour * float(pf[i])), []).append(i)
    for price, who in steep.items():
        if len(who) == 1:
            notes.append(Note("price_steep", {"client": names[who[0]], "price": price},
                              client=who[0]))
        else:
            notes.append(Note("price_steep_many", {
                "clients": ", ".join(names[i] for i in who), "count": len(who),
                "price": price}))
    # fired clients may come back as leads later (the blacklist declines them)
    status = c.status[:n]
    fired = (status == FIRED_POLITE) | (status == FIRED_BLUNT) | (status == PRICED_OUT)
    for i in (fired & (u[4] < t.return_rate)).nonzero()[0].tolist():
        if i not in st.returned and c.returning_of[i] < 0:
            st.returned.add(i)
            st.pending_returns.append(i)
