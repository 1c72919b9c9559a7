"""Steps 7-10 of the week: how clients feel and talk, how staff hold up, what the market
hears, and who leaves."""

from __future__ import annotations

import numpy as np

from .apply import clients_leave
from .chances import leaving_on_terms, quitting, rows, voices, word_of_mouth
from .context import Week, clip01, row_block
from .costs import hire_fee
from .explain import units
from .ledger import MORALE, PROFIT, REPUTATION
from .params import StaffMember
from .population import add_staff, assign_owners, new_hire_name
from .prices import client_nature, over_margin, price_ratio, price_target
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

#: the statuses of a client the firm let go or priced out: he may come back as a lead
LET_GO = frozenset({FIRED_POLITE, FIRED_BLUNT, PRICED_OUT})


#: with at most this many clients above their price, step 10 tells the client memory so row
#: by row rather than on its columns (2 us a week cheaper at 27 active clients, 47 dearer
#: with all of the 200-client shop's on the rows)
FEW_OVER = 8
#: with at most this many staff rows, step 8 works out morale person by person in plain
#: Python, with more on the columns (3 us a week cheaper with 5 staff, 48 dearer with 39).
#: Both paths give the same bytes (tests/engine/test_people_paths.py plays games both ways).
FEW_STAFF = 8


class SeenInStep7:
    """What step 7 works out that step 10 reads again (prices do not change in between):
    every client's price ratio, and whether anyone was refused a discount."""

    __slots__ = ("ratio", "refused")

    def __init__(self, ratio: np.ndarray, refused: bool) -> None:
        self.ratio, self.refused = ratio, refused


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
    target = price_target(client_nature(t.satisfaction, vip, r), pf, ratio, r)
    # The week's shocks are added in a fixed order, and a kind that hurt nobody is left out
    # (0.0): it is a rule >= 0 times counts of zero, +0.0 for everyone, and adding +0.0 to a
    # sum that does not start at -0.0 (none does) changes no bit, nor does subtracting it.
    # Most weeks only a few kinds happen.
    shocks: np.ndarray | float = 0.0
    waited: np.ndarray | float = 0.0
    declined: np.ndarray | float = 0.0
    deferred: np.ndarray | float = 0.0
    held_back: np.ndarray | float = 0.0
    refused: np.ndarray | float = 0.0
    wait_weeks = c.wait_weeks[:n]
    anyone_waited = bool(np.count_nonzero(wait_weeks))
    if anyone_waited:
        shocks = waited = r.wait_penalty * wait_weeks / t.patience
    held = c.week_held[:n]
    if np.count_nonzero(held):
        # a change held back by the written scope is a delay he did not ask for
        held_back = r.defer_penalty * held
        shocks = shocks + held_back
    if wk.prepay_insulted is not None:
        shocks = shocks + r.prepay_insult * wk.prepay_insulted
    if wk.turned_away:
        declined = r.decline_penalty * (wk.declined + wk.withdrawn)
        deferred = r.defer_penalty * wk.deferred
        shocks = shocks + declined + deferred
    anyone_refused = bool(np.count_nonzero(wk.refused))
    wk.seen = SeenInStep7(ratio, anyone_refused)
    if anyone_refused:
        refused = r.refused_discount_penalty * wk.refused
        shocks = shocks + refused
    if np.count_nonzero(wk.granted):
        shocks = shocks - r.granted_discount_bonus * wk.granted
    new = sat + t.satisfaction_speed * (target - sat)
    if isinstance(shocks, np.ndarray):
        new = new - shocks
    np.copyto(sat, clip01(new), where=active)
    # (a change the scope held back is remembered as a put-off request: the reason he gives)
    remember_satisfaction(st, wk, t.satisfaction_speed,
                          (waited, declined, deferred + held_back, refused),
                          waited=anyone_waited, refused=anyone_refused)
    u = st.rng["service"].random((5, row_block(n)))[:, :n]
    complaints = active & (u[0] < t.complaint_rate * (r.complaint_base - sat))
    blame, bad, good, refs = word_of_mouth(st, wk, t, u)
    if blame:
        complaints[blame] = True  # a public blame is a complaint too
    c.complaints[:n] += complaints
    voice = c.voice[:n]
    # reviews: bad experiences travel farther than good ones
    wk.rep_delta += r.review_good * (voices(voice, good)
                                     - r.review_bad_reach * voices(voice, bad))
    # (the ledger's reviews start at zero: only the reviewed clients are written, each as
    # ``review_good * voice * (good - review_bad_reach * bad)`` would be for him)
    reviews = wk.ledger.reviews
    for i in good:
        reviews[i] = r.review_good * float(voice[i])  # (times 1.0)
    bad_weight = 0.0 - r.review_bad_reach
    for i in bad:
        reviews[i] = r.review_good * float(voice[i]) * bad_weight
    for i in blame:
        wk.ledger.blamed[i] = True
        wk.report.notes.append(Note("client_blames", {
            "client": st.client_names[i],
            "reputation": round(-float(reviews[i]), 1)}, client=i,
            covers=((REPUTATION, "blame"),)))
    if refs:
        ur = st.rng["referrals"].random(len(refs))
        for i, x in zip(refs, ur.tolist(), strict=True):
            kind = int(ta.refers_cum[tr[i]].searchsorted(x, side="right"))
            st.pending_referrals.append((i, min(kind, len(ta.names) - 1)))
            c.referrals[i] += 1
            wk.report.notes.append(Note("referral", {"client": st.client_names[i]}, client=i))


def remember_satisfaction(st: GameState, wk: Week, speed: np.ndarray,
                          shocks: tuple[np.ndarray | float, ...], *, waited: bool,
                          refused: bool) -> None:
    """What hurt each client this week, for the reason the report gives if he leaves
    (``waited``, ``refused``: whether anyone's work waited, anyone was refused a discount)."""
    c, n = st.clients, wk.n
    mem = st.memory
    mem.satisfaction(wk.active, speed, shocks)
    if waited:
        e = wk.top_eater
        mem.waiting((c.wait_weeks[:n] >= 1) & wk.active, e,
                    float(c.week_unbilled[e]) if e >= 0 else 0.0)
    # (declined, deferred and withdrawn are all zero unless a request was turned away)
    mem.turned_down((wk.declined + wk.withdrawn) * wk.active if wk.turned_away else None,
                    wk.refused if refused else None)


def remember_morale(st: GameState, wk: Week, act: np.ndarray, drift: np.ndarray,
                    terms: dict[str, np.ndarray], stress: float) -> None:
    """The causes of this week's change in the team's average morale: ``drift``, each
    person's pull toward the norm, and the ``terms`` someone had this week by kind
    (``incidents``, ``overtime``, ``time_off``; a kind nobody had is 0, which the ledger
    would not record)."""
    r = st.params.rules
    k = int(np.count_nonzero(act))
    if not k:
        return
    led = wk.ledger
    led.add(MORALE, "drift", float(drift.dot(act)) / k)
    if "incidents" in terms:
        led.add(MORALE, "incidents", -r.incident_morale * float(terms["incidents"].dot(act)) / k)
    if "overtime" in terms:
        led.add(MORALE, "overtime", -r.overtime_morale * float(terms["overtime"].dot(act)) / k)
    if "time_off" in terms:
        # (a count: the product of two bool columns would be a bool, one person at most)
        off = np.count_nonzero(terms["time_off"] & act)
        led.add(MORALE, "time_off", r.time_off_morale * off / k)
    led.add(MORALE, "backlog", -stress)


def morale_quits_hires(st: GameState, wk: Week) -> None:
    """Step 8: morale drifts to its norm, minus abuse, overtime and the stress of a backlog;
    low morale makes people quit, and a quit costs a hiring fee and weeks of vacancy."""
    s, r = st.staff, st.params.rules
    ns = s.n
    act = s.status[:ns] == STAFF_ACTIVE
    m = s.morale[:ns]
    stress = r.backlog_morale * min(1.0, wk.report.waiting_hours / max(1.0, wk.capacity))
    # The terms are added in a fixed order, and one that is zero for everybody this week
    # (no incidents, no overtime, nobody off: most weeks) is left out: subtracting +0.0
    # changes no bit, nor does adding it, for the sum starts at m + drift, never -0.0.
    incidents, overtime, time_off = s.week_incidents[:ns], s.overtime[:ns], s.time_off[:ns]
    terms = {name: col for name, col in (("incidents", incidents), ("overtime", overtime),
                                         ("time_off", time_off)) if np.count_nonzero(col)}
    if ns <= FEW_STAFF:
        # a small team one by one, with the same operations on Python floats
        morale, on = m.tolist(), act.tolist()
        inc = incidents.tolist() if "incidents" in terms else None
        extra = overtime.tolist() if "overtime" in terms else None
        off = time_off.tolist() if "time_off" in terms else None
        drifts, news = [], []
        for i, x in enumerate(morale):
            d = r.morale_speed * (r.morale_target - x)
            y = x + d
            if inc is not None:
                y = y - r.incident_morale * inc[i]
            if extra is not None:
                y = y - r.overtime_morale * extra[i]
            if off is not None:
                y = y + off[i] * r.time_off_morale
            drifts.append(d)
            # np.minimum(np.maximum(v, 0.0), 100.0): on a tie numpy keeps its second
            # argument, Python's max and min their first (which differs for -0.0)
            y = y - stress
            y = y if y > 0.0 else 0.0
            news.append((y if y < 100.0 else 100.0) if on[i] else x)
        remember_morale(st, wk, act, np.array(drifts), terms, stress)
        m[:] = news
        quits = quitting(st, act, news, [i for i in range(ns) if on[i]])
    else:
        drift = r.morale_speed * (r.morale_target - m)
        new = m + drift
        if "incidents" in terms:
            new = new - r.incident_morale * incidents
        if "overtime" in terms:
            new = new - r.overtime_morale * overtime
        if "time_off" in terms:
            new = new + time_off * r.time_off_morale
        new = np.minimum(np.maximum(new - stress, 0.0), 100.0)
        remember_morale(st, wk, act, drift, terms, stress)
        np.copyto(m, new, where=act)
        quits = quitting(st, act, m)
    if "incidents" in terms:
        s.abuse_weeks[:ns] += incidents > 0
        for i in (incidents >= 2).nonzero()[0].tolist():
            worst = max((k for k in st.abuse if k[0] == i), key=st.abuse.__getitem__,
                        default=None)
            params = {"staff": st.staff_names[i], "count": int(incidents[i])}
            if worst is not None:
                params["client"] = st.client_names[worst[1]]
            wk.report.notes.append(Note("staff_abused", params, staff=i,
                                        client=-1 if worst is None else worst[1]))
    for i in quits:
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
    mean_sat = float(c.satisfaction[: wk.n].dot(active)) / k if k else 0.5
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
    ratio = wk.seen.ratio  # (step 7's: the prices are the same)
    over_budget = ratio > 1.0
    too_dear = over_margin(ratio, r)
    over = over_budget & active
    over_rows = rows(over)
    if len(over_rows) <= FEW_OVER:
        # the few clients above their budget one by one: those who say so from this week
        steep_rows = st.memory.over_price_rows(n, over_rows, st.week)
    else:
        st.memory.over_price(over, st.week)
        steep_rows = rows(st.memory.over_price_since[:n] == st.week)
    # (the draws are compared only where they can matter: few clients are being priced out,
    # just got tighter terms, were refused a discount or are far above their budget, and
    # most weeks none is: a reaction nobody can have this week is None)
    pricing_out = c.pricing_out[:n]
    priced_out = None
    stay = active
    anyone_pricing_out = np.count_nonzero(pricing_out)
    if anyone_pricing_out:
        priced_out = active & pricing_out
        if np.count_nonzero(priced_out):
            priced_out &= u[0] < t.price_out_leave + r.price_out_over_budget * over_budget
        stay = active & ~priced_out
    tight = stay & c.terms_tightened[:n]
    tightened = rows(tight)
    leave_terms = leaving_on_terms(st, wk, t, u[1], tight, tightened) if tightened else None
    leave_threat = (stay & wk.refused & (u[2] < t.threat_leave)
                    if wk.seen.refused else None)
    leave_budget = stay & too_dear
    if np.count_nonzero(leave_budget):
        leave_budget &= u[2] < r.price_leave_week
        if anyone_pricing_out:
            leave_budget &= ~pricing_out
    else:
        leave_budget = None
    # (the clients who stay are active, and step 7 left their satisfaction in [0, 1]: the
    # share below ``satisfied`` is at most 1 for them without a clip, bit for bit)
    satisfied = r.satisfied
    hazard = ((t.churn_base + t.churn_sensitivity * np.maximum(
        (satisfied - sat) * (1 / satisfied), 0.0))
        * np.where(c.origin[:n] == ORIGIN_REFERRAL, r.referred_churn, 1.0))
    churned = stay & (u[3] < hazard)
    for reaction in (leave_terms, leave_threat, leave_budget):
        if reaction is not None:
            churned |= reaction
    notes = wk.report.notes
    names = st.client_names
    if priced_out is not None:
        clients_leave(st, priced_out, PRICED_OUT)
    clients_leave(st, churned, CHURNED)
    if priced_out is not None:
        for i in priced_out.nonzero()[0].tolist():
            notes.append(Note("priced_out", {"client": names[i]}, client=i))
    for i in churned.nonzero()[0].tolist():
        name = names[i]
        if leave_terms is not None and leave_terms[i]:
            notes.append(Note("left_terms", {"client": name}, client=i))
        elif leave_threat is not None and leave_threat[i]:
            notes.append(Note("left_discount", {"client": name}, client=i))
        elif leave_budget is not None and leave_budget[i]:
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
    for i in tightened:
        if not churned[i]:
            notes.append(Note("terms_accepted", {"client": names[i]}, client=i))
    # a client who finds his price above what he will pay says so the first week it is; the
    # clients who say it of the same price are told in one line
    steep: dict[float, list[int]] = {}
    for i in steep_rows:
        if stay[i] and not churned[i] and over_budget[i]:
            steep.setdefault(units(st.price_per_hour * float(pf[i])), []).append(i)
    for price, who in steep.items():
        if len(who) == 1:
            notes.append(Note("price_steep", {"client": names[who[0]], "price": price},
                              client=who[0]))
        else:
            notes.append(Note("price_steep_many", {
                "clients": ", ".join(names[i] for i in who), "count": len(who),
                "price": price}))
    # fired clients may come back as leads later (the blacklist declines them); few draws
    # are under a return rate, and only those clients' status is looked at
    status = c.status
    for i in rows(u[4] < t.return_rate):
        if int(status[i]) in LET_GO and i not in st.returned and c.returning_of[i] < 0:
            st.returned.add(i)
            st.pending_returns.append(i)
