"""One week of the model, in the order of DESIGN §2.

``open_week`` runs steps 1-3 (events, leads, requests) so the observation the player decides
on already holds this week's leads and requests; ``step`` runs steps 4-11 and opens the next
week. Each step is one function; the per-client work is vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import decisions as D
from .params import GameParams, StaffMember
from .population import add_clients, add_staff, least_loaded_staff, new_hire_name
from .report import Note, WeekReport
from .state import (
    ACTIVE,
    CHURNED,
    DECLINED,
    FIRED_BLUNT,
    FIRED_POLITE,
    GONE,
    LEAD,
    ORIGIN_EVENT,
    ORIGIN_LEAD,
    ORIGIN_REFERRAL,
    ORIGIN_RETURN,
    ORIGIN_START,
    PRICED_OUT,
    REQ_INBOX,
    REQ_QUEUED,
    STAFF_ACTIVE,
    STAFF_GONE,
    STAFF_HIRING,
    GameState,
    TraitArrays,
    make_streams,
    mix_vector,
)
from .validate import validate_decisions

WAIT_PENALTY = 0.07
DECLINE_PENALTY = 0.08
DEFER_PENALTY = 0.03
REFUSED_DISCOUNT_PENALTY = 0.1
GRANTED_DISCOUNT_BONUS = 0.02
MAX_REQUESTS = 4  # per client per week
STAR = 20.0  # reputation points per star (0-100 is 0-5 stars)


@dataclass
class _Week:
    """Scratch values of the week being played (not part of the state)."""

    report: WeekReport
    n: int
    declined: np.ndarray
    deferred: np.ndarray
    refused: np.ndarray
    granted: np.ndarray
    rep_delta: float = 0.0
    capacity: float = 0.0
    staff_cap: np.ndarray = field(default_factory=lambda: np.zeros(0))
    top_eater: int = -1
    withdrawn: np.ndarray | int = 0
    blunt_unpaid: int = 0
    extra_hours: np.ndarray = field(default_factory=lambda: np.zeros(0))


# --------------------------------------------------------------------------------------
# starting a game and opening a week (steps 1-3)
# --------------------------------------------------------------------------------------


def new_game(params: GameParams, seed: int) -> GameState:
    """Build the state of week 1, already opened (its leads and requests are in the inbox)."""
    st = GameState(params=params, traits=TraitArrays(params), seed=int(seed),
                   rng=make_streams(int(seed)))
    firm = params.firm
    st.cash = firm.cash
    st.reputation = params.rules.reputation_start
    st.price_per_hour = firm.price_per_hour
    st.lead_rate = params.market.lead_rate
    st.mix = mix_vector(params.market.mix, st.traits.index)
    for member in params.staff:
        add_staff(st, member)
    rng = st.rng["init"]
    if params.clients:
        tids = np.array([st.traits.index[s.trait] for s in params.clients])
        add_clients(st, tids, status=ACTIVE, origin=ORIGIN_START, rng=rng,
                    specs=list(params.clients), names=[s.name for s in params.clients])
    k = params.market.initial_clients
    if k > 0:
        mix = params.market.initial_mix or params.market.mix
        tids = rng.permutation(apportion(mix_vector(mix, st.traits.index), k))
        add_clients(st, tids, status=ACTIVE, origin=ORIGIN_START, rng=rng)
    c = st.clients
    c.joined[: c.n] = 0
    open_week(st)
    return st


def apportion(shares: np.ndarray, k: int) -> np.ndarray:
    """Trait ids for ``k`` clients in the given shares exactly (largest remainder), so every
    seed starts from the same client mix and seeds differ in who is who, not in luck of mix."""
    quota = shares * k
    counts = np.floor(quota).astype(np.int64)
    rest = k - int(counts.sum())
    if rest > 0:
        counts[np.argsort(-(quota - counts), kind="stable")[:rest]] += 1
    return np.repeat(np.arange(len(shares)), counts)


def open_week(st: GameState) -> None:
    """Steps 1-3: scripted events, new leads, new requests."""
    st.opening_notes = []
    _arrive_hires(st)
    _scripted_events(st)
    _new_leads(st)
    _new_requests(st)


def _arrive_hires(st: GameState) -> None:
    s = st.staff
    for i in np.flatnonzero((s.status[: s.n] == STAFF_HIRING) & (s.joined[: s.n] <= st.week)):
        s.status[i] = STAFF_ACTIVE
        st.opening_notes.append(Note("staff_joined", {"staff": st.staff_names[i]}, staff=int(i)))


def _scripted_events(st: GameState) -> None:
    """Step 1: the scenario's events for this week, in file order."""
    for ev in st.params.events:
        if ev.week != st.week:
            continue
        kind = ev.kind
        if kind == "client_arrives":
            spec = ev.get("client")
            tid = np.array([st.traits.index[spec.trait]])
            rows = add_clients(st, tid, status=ACTIVE, origin=ORIGIN_EVENT, rng=st.rng["events"],
                               specs=[spec], names=[spec.name])
            st.opening_notes.append(Note("event_client_arrives", {"client": spec.name},
                                         client=rows.start))
        elif kind == "market":
            if ev.get("lead_rate") is not None:
                st.lead_rate = float(ev.get("lead_rate"))
            if ev.get("mix") is not None:
                st.mix = mix_vector(ev.get("mix"), st.traits.index)
            if ev.get("price_per_hour") is not None:
                st.price_per_hour = int(ev.get("price_per_hour"))
            st.opening_notes.append(Note("event_market", {
                "lead_rate": round(st.lead_rate, 2), "price": st.price_per_hour / 100}))
        elif kind == "lawsuit":
            cost = int(ev.get("cost", 0))
            st.pending_costs += cost
            st.reputation = _clip_rep(st.reputation - float(ev.get("reputation", 0.0)))
            st.opening_notes.append(Note("event_lawsuit", {"cost": cost / 100,
                                                           "reputation": ev.get("reputation", 0)}))
        elif kind == "review_storm":
            st.reputation = _clip_rep(st.reputation - float(ev.get("reputation", 0.0)))
            st.opening_notes.append(Note("event_review_storm",
                                         {"reputation": ev.get("reputation", 0)}))
        elif kind == "staff_leaves":
            i = st.staff_index(str(ev.get("name")))
            if st.staff.status[i] != STAFF_GONE:
                _staff_gone(st, i)
                st.opening_notes.append(Note("event_staff_leaves", {"staff": st.staff_names[i]},
                                             staff=i))
        elif kind == "staff_joins":
            member: StaffMember = ev.get("staff")
            i = add_staff(st, member)
            st.opening_notes.append(Note("event_staff_joins", {"staff": member.name}, staff=i))
        elif kind == "message":
            st.opening_notes.append(Note("event_message", {"text": dict(ev.get("text", {}))}))


def _new_leads(st: GameState) -> None:
    """Step 2: leads from the market, from referrals and fired clients coming back."""
    rng = st.rng["leads"]
    r = st.params.rules
    factor = max(0.1, 1.0 + r.lead_per_star * (st.reputation - 50.0) / STAR)
    k = int(rng.poisson(st.lead_rate * factor))
    if k:
        tids = rng.choice(len(st.mix), size=k, p=st.mix)
        add_clients(st, tids, status=LEAD, origin=ORIGIN_LEAD, rng=rng)
    if st.pending_referrals:
        refs = st.pending_referrals
        st.pending_referrals = []
        add_clients(st, np.array([t for _, t in refs]), status=LEAD, origin=ORIGIN_REFERRAL,
                    rng=rng, referred_by=np.array([c for c, _ in refs]))
    if st.pending_returns:
        c = st.clients
        for old in st.pending_returns:
            rows = add_clients(st, np.array([c.trait[old]]), status=LEAD, origin=ORIGIN_RETURN,
                               rng=rng, names=[st.client_names[old]])
            i = rows.start
            for col in ("req_rate", "req_hours", "budget", "unbilled_mean", "voice"):
                getattr(c, col)[i] = getattr(c, col)[old]
            c.returning_of[i] = old
            if c.blacklisted[old]:
                c.status[i] = DECLINED
                c.left[i] = st.week
                st.opening_notes.append(Note("blacklist_declined",
                                             {"client": st.client_names[i]}, client=i))
            else:
                st.opening_notes.append(Note("client_returns", {"client": st.client_names[i]},
                                             client=i))
        st.pending_returns = []


def _new_requests(st: GameState) -> None:
    """Step 3: every active client sends this week's requests."""
    c = st.clients
    n = c.n
    rng = st.rng["requests"]
    # draws for every client row, active or not, so that two games that differ only in
    # decisions keep their random numbers aligned client by client (fair comparisons)
    # personal attention grows a client's share of wallet, slowly
    r = st.params.rules
    c.vip_weeks[:n] = np.where(c.vip[:n], c.vip_weeks[:n] + 1, 0)
    ramp = np.minimum(1.0, c.vip_weeks[:n] / max(1, r.vip_ramp_weeks))
    rate = c.req_rate[:n] * (1.0 + (r.vip_growth - 1.0) * ramp)
    counts = np.minimum(rng.poisson(rate), MAX_REQUESTS)
    sizes = rng.gamma(2.0, 0.5, (n, MAX_REQUESTS))
    counts = np.where(c.status[:n] == ACTIVE, counts, 0)
    c.week_requests[:n] = counts
    total = int(counts.sum())
    if total == 0:
        return
    who = np.repeat(np.arange(n), counts)
    nth = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    hours = np.maximum(0.5, np.round(sizes[who, nth] * c.req_hours[who] * 2.0) / 2.0)
    R = st.requests
    rows = R.add(total)
    R.rid[rows] = np.arange(st.next_request_id, st.next_request_id + total)
    st.next_request_id += total
    R.client[rows] = who
    R.hours[rows] = hours
    R.hours_left[rows] = hours
    R.week[rows] = st.week
    R.state[rows] = REQ_INBOX
    c.requests[:n] += np.bincount(who, minlength=n)[:n].astype(np.int32)


# --------------------------------------------------------------------------------------
# the week proper (steps 4-11)
# --------------------------------------------------------------------------------------


def step(state: GameState, decisions: D.Decisions | None = None, *,
         inplace: bool = False) -> tuple[GameState, WeekReport]:
    """Play one week: apply ``decisions``, run steps 4-11, open the next week.

    Raises :class:`~sim.engine.decisions.IllegalDecision` (and changes nothing) when a
    decision cannot apply. Returns the new state (the same object when ``inplace``) and the
    week's report.
    """
    if decisions is None:
        decisions = D.Decisions()
    validate_decisions(state, decisions)
    st = state if inplace else state.copy()
    n = st.clients.n
    wk = _Week(
        report=WeekReport(week=st.week, cash_before=st.cash, notes=list(st.opening_notes)),
        n=n,
        declined=np.zeros(n, dtype=np.int32),
        deferred=np.zeros(n, dtype=np.int32),
        refused=np.zeros(n, dtype=bool),
        granted=np.zeros(n, dtype=bool),
        extra_hours=np.zeros(n),
    )
    _apply_decisions(st, wk, decisions)        # 4
    _spend_hours(st, wk)                       # 5
    _invoice_and_pay(st, wk)                   # 6
    _satisfaction_and_word_of_mouth(st, wk)    # 7
    _morale_quits_hires(st, wk)                # 8
    _reputation(st, wk)                        # 9
    _churn_and_reactions(st, wk)               # 10
    _close_week(st, wk)                        # 11
    return st, wk.report


# step 4 -------------------------------------------------------------------------------


def _apply_decisions(st: GameState, wk: _Week, d: D.Decisions) -> None:
    c, s, R, r = st.clients, st.staff, st.requests, st.params.rules
    rep = wk.report
    n = c.n
    # screening: this week's leads are accepted unless declined
    leads = np.flatnonzero(c.status[:n] == LEAD)
    for i in leads:
        i = int(i)
        if d.leads.get(i, True):
            c.status[i] = ACTIVE
            c.joined[i] = st.week
            c.owner[i] = least_loaded_staff(st)
            wk.extra_hours[i] = r.onboarding_hours
        else:
            c.status[i] = DECLINED
            c.left[i] = st.week
    rep.leads = len(leads)
    for i, tag in d.tags.items():
        c.tag[i] = st.traits.index.get(tag.trait, -1)
        c.tag_confidence[i] = tag.confidence
        c.tag_week[i] = st.week
    for i in d.blacklist:
        c.blacklisted[i] = True
    c.terms_tightened[:n] = False
    for i, t in d.terms.items():
        tight = (t.price_factor > c.price_factor[i] + 1e-9 or (t.prepay and not c.prepay[i])
                 or (t.scope and not c.scope[i]) or (t.contact and not c.contact[i])
                 or (not t.grant_discounts and c.grant_discounts[i]))
        c.terms_tightened[i] = tight
        c.price_factor[i] = t.price_factor
        c.prepay[i] = t.prepay
        c.scope[i] = t.scope
        c.contact[i] = t.contact
        c.vip[i] = t.vip
        c.grant_discounts[i] = t.grant_discounts
    rng = st.rng["letgo"]
    blunt_felt = False
    for i, manner in sorted(d.let_go.items()):
        name = st.client_names[i]
        voice = float(c.voice[i])
        if manner == D.POLITE:
            # a polite parting hands over the work in progress: hours this week
            wk.extra_hours[i] = r.handover_hours
            _client_leaves(st, i, FIRED_POLITE)
            wk.rep_delta -= r.polite_reputation * voice
            rep.notes.append(Note("let_go_polite", {"client": name}, client=i))
        elif manner == D.BLUNT:
            # the work still has to be handed over, and an insulted client stops paying
            wk.extra_hours[i] = r.handover_hours
            _client_leaves(st, i, FIRED_BLUNT)
            wk.blunt_unpaid += _write_off_receivables(st, i)
            # it feels good to the team (once a week, however many letters)
            if not blunt_felt:
                blunt_felt = True
                act = s.status[: s.n] == STAFF_ACTIVE
                s.morale[: s.n][act] = np.minimum(100.0, s.morale[: s.n][act]
                                                  + r.blunt_team_morale)
            if rng.random() < min(0.95, r.blunt_forward * voice):
                loss = r.blunt_reputation * voice
                wk.rep_delta -= loss
                rep.notes.append(Note("let_go_blunt_forwarded",
                                      {"client": name, "reputation": round(loss, 1)}, client=i))
            else:
                rep.notes.append(Note("let_go_blunt", {"client": name}, client=i))
        else:
            c.pricing_out[i] = True
            c.price_factor[i] = min(3.0, max(c.price_factor[i] * 1.6, 1.6))
            wk.rep_delta -= r.price_out_reputation * voice
            rep.notes.append(Note("price_out_started",
                                  {"client": name, "factor": round(float(c.price_factor[i]), 2)},
                                  client=i))
    for i, owner in d.owners.items():
        c.owner[i] = owner
    # staffing
    s.overtime[: s.n] = 0.0
    s.time_off[: s.n] = False
    for i, h in d.overtime.items():
        s.overtime[i] = min(max(0.0, h), r.max_overtime)
    for i in d.time_off:
        s.time_off[i] = True
    for i, amount in d.bonus.items():
        if amount > 0:
            st.pending_costs += int(amount)
            s.morale[i] = min(100.0, s.morale[i] + r.bonus_morale_per_week_wage * amount
                              / max(1, s.wage[i]))
    for _ in range(d.hire):
        member = StaffMember(new_hire_name(st), hours=40.0,
                             wage=int(np.median(s.wage[: s.n])) if s.n else 140_000,
                             morale=r.new_hire_morale)
        i = add_staff(st, member, arrives=st.week + r.hire_weeks)
        st.pending_costs += int(r.hire_fee_weeks * member.wage)
        rep.notes.append(Note("hire_started", {"staff": member.name,
                                               "week": st.week + r.hire_weeks}, staff=i))
    # requests: the inbox is served by default; caps on hours hold for this week only
    m = R.n
    R.cap[:m] = -1.0
    deferred = np.zeros(m, dtype=bool)
    if d.requests:
        rows = np.searchsorted(R.rid[:m], np.fromiter(d.requests.keys(), dtype=np.int64))
        drop = np.zeros(m, dtype=bool)
        for row, plan in zip(rows, d.requests.values(), strict=True):
            cl = R.client[row]
            if plan.action == D.DECLINE:
                drop[row] = True
                wk.declined[cl] += 1
                c.declined_requests[cl] += 1
            elif plan.action == D.DEFER:
                R.state[row] = REQ_INBOX
                deferred[row] = True
                wk.deferred[cl] += 1
            else:
                R.state[row] = REQ_QUEUED
                R.staff[row] = -1 if plan.staff is None else plan.staff
                R.cap[row] = -1.0 if plan.hours is None else plan.hours
        if drop.any():
            R.keep(~drop)
            deferred = deferred[~drop]
            m = R.n
    R.state[:m][(R.state[:m] == REQ_INBOX) & ~deferred] = REQ_QUEUED


def _write_off_receivables(st: GameState, i: int) -> int:
    """A client's late invoices that will now never be paid (bad debt this week)."""
    inv = st.invoices
    mine = inv.client[: inv.n] == i
    if not mine.any():
        return 0
    amount = int(inv.amount[: inv.n][mine].sum())
    inv.keep(~mine)
    c = st.clients
    c.bad_debt[i] += amount
    c.unpaid_invoices[i] += int(mine.sum())
    return amount


def _client_leaves(st: GameState, i: int, status: int) -> None:
    c = st.clients
    c.status[i] = status
    c.left[i] = st.week
    c.pricing_out[i] = False
    R = st.requests
    if R.n:
        R.keep(R.client[: R.n] != i)


# step 5 -------------------------------------------------------------------------------


def _spend_hours(st: GameState, wk: _Week) -> None:
    """Unbilled demands first (capped by terms), then accepted work by priority."""
    c, s, R, r = st.clients, st.staff, st.requests, st.params.rules
    n, ns = c.n, s.n
    rng = st.rng["service"]
    ta = st.traits
    act_staff = s.status[:ns] == STAFF_ACTIVE
    productivity = 0.85 + 0.15 * s.morale[:ns] / 100.0
    base = np.where(s.time_off[:ns], 0.0, s.hours[:ns]) * productivity
    staff_cap = np.where(act_staff, base + s.overtime[:ns], 0.0)
    capacity = float(staff_cap.sum())
    wk.capacity, wk.staff_cap = capacity, staff_cap

    active = c.status[:n] == ACTIVE
    tr = c.trait[:n]
    # unbilled: the phone rings whether or not there is time; terms cap it
    cap_factor = (np.where(c.scope[:n], r.scope_unbilled_cap, 1.0)
                  * np.where(c.contact[:n], r.contact_unbilled_cap, 1.0))
    noise = rng.gamma(4.0, 0.25, n)
    demand = (c.unbilled_mean[:n] * noise * cap_factor + c.chase_hours[:n]
              + np.where(c.vip[:n], r.vip_hours, 0.0))
    demand = np.where(active, demand, 0.0) + wk.extra_hours
    total_unbilled = float(demand.sum())
    if total_unbilled > capacity > 0:
        demand *= capacity / total_unbilled
        total_unbilled = capacity
    elif capacity <= 0:
        demand[:] = 0.0
        total_unbilled = 0.0
    c.chase_hours[:n] = 0.0
    remaining = capacity - total_unbilled

    # billable work, oldest first, VIP clients ahead
    m = R.n
    billable = np.zeros(n)
    rework = np.zeros(n)
    if m:
        queued = R.state[:m] == REQ_QUEUED
        want = np.where(R.cap[:m] >= 0, np.minimum(R.hours_left[:m], R.cap[:m]),
                        R.hours_left[:m])
        want = np.where(queued, want, 0.0)
        cl = R.client[:m]
        order = np.lexsort((R.rid[:m], R.week[:m], ~c.vip[cl]))
        w_sorted = want[order]
        before = np.cumsum(w_sorted) - w_sorted
        got_sorted = np.clip(remaining - before, 0.0, w_sorted)
        served = np.empty(m)
        served[order] = got_sorted
        R.hours_left[:m] -= served
        rw_share = ta.rework_share[tr[cl]] * np.where(c.scope[cl], r.scope_rework, 1.0)
        billable = np.bincount(cl, weights=served * (1.0 - rw_share), minlength=n)[:n]
        rework = np.bincount(cl, weights=served * rw_share, minlength=n)[:n]
        remaining -= float(served.sum())
        done = R.hours_left[:m] <= 1e-9
        if done.any():
            R.keep(~done)
            m = R.n
        # waiting: the oldest unfinished request of each client, in weeks; a request that
        # waited too long is withdrawn (the client takes it to a competitor)
        wait = np.zeros(n, dtype=np.int64)
        if m:
            ages = st.week - R.week[:m].astype(np.int64)
            np.maximum.at(wait, R.client[:m], ages)
            stale = ages >= r.max_wait_weeks
            if stale.any():
                wk.withdrawn = np.bincount(R.client[:m][stale], minlength=n)[:n]
                R.keep(~stale)
                m = R.n
        c.wait_weeks[:n] = wait
        wk.report.waiting_hours = float(R.hours_left[:m].sum())
    else:
        c.wait_weeks[:n] = 0
    unbilled = demand + rework
    c.week_billable[:n] = billable
    c.week_unbilled[:n] = unbilled
    c.billable_hours[:n] += billable
    c.unbilled_hours[:n] += unbilled
    wk.top_eater = int(np.argmax(unbilled)) if n and unbilled.max() >= 4.0 else -1

    used = capacity - remaining
    util = used / capacity if capacity > 0 else 0.0
    s.week_hours[:ns] = staff_cap * util
    rep = wk.report
    rep.capacity_hours = capacity
    rep.overtime_hours = float(s.overtime[:ns][act_staff].sum())
    rep.billable_hours = float(billable.sum())
    rep.unbilled_hours = float(unbilled.sum())

    # incidents: incivility lands on the client's owner
    incid = np.where(active, rng.poisson(ta.incivility[tr] * np.where(
        c.contact[:n], r.contact_incivility, 1.0)), 0)
    c.incidents[:n] += incid
    s.week_incidents[:ns] = 0
    hit = np.flatnonzero(incid)
    for i in hit:
        o = int(c.owner[i])
        if o >= 0:
            s.week_incidents[o] += incid[i]
            key = (o, int(i))
            st.abuse[key] = st.abuse.get(key, 0) + int(incid[i])
    s.incidents[:ns] += s.week_incidents[:ns]


# step 6 -------------------------------------------------------------------------------


def _invoice_and_pay(st: GameState, wk: _Week) -> None:
    c, s, r = st.clients, st.staff, st.params.rules
    n, ns = c.n, s.n
    ta = st.traits
    rng = st.rng["payments"]
    tr = c.trait[:n]
    rep = wk.report
    hours = c.week_billable[:n]
    billed = hours > 1e-9
    gross = np.rint(hours * st.price_per_hour * c.price_factor[:n]).astype(np.int64)
    u = rng.random((3, n))
    haggle_p = (ta.haggle[tr] * np.where(c.prepay[:n], 0.3, 1.0)
                * np.where(c.scope[:n], 0.5, 1.0))
    demands = billed & (u[0] < haggle_p)
    grant = demands & c.grant_discounts[:n]
    wk.granted = grant
    wk.refused = demands & ~c.grant_discounts[:n]
    disc = np.where(grant, np.rint(gross * ta.discount[tr]).astype(np.int64), 0)
    net = gross - disc
    prepay = c.prepay[:n]
    never = billed & ~prepay & (u[1] < ta.pay_never[tr])
    late = billed & ~prepay & ~never & (u[1] < ta.pay_never[tr] + ta.pay_late[tr])
    delay = np.maximum(1, ta.late_weeks[tr].astype(np.int64) + (u[2] * 3).astype(np.int64) - 1)
    credit = np.where(late, np.rint(net * st.params.firm.credit_rate_week * delay).astype(np.int64), 0)
    bad = np.where(never, net, 0)
    paid_now = int(net[billed & ~never & ~late].sum())
    # late invoices join the receivables; those due this week are paid now
    li = np.flatnonzero(late)
    if len(li):
        inv = st.invoices
        rows = inv.add(len(li))
        inv.client[rows] = li
        inv.amount[rows] = net[li]
        inv.due[rows] = st.week + delay[li]
    inv = st.invoices
    due = inv.due[: inv.n] <= st.week
    paid_late = int(inv.amount[: inv.n][due].sum()) if due.any() else 0
    if due.any():
        inv.keep(~due)
    # chasing late payers costs hours next week
    c.chase_hours[:n] += np.where(late, r.late_chase_hours, 0.0)
    # ledger
    c.revenue[:n] += net
    c.discounts[:n] += disc
    c.bad_debt[:n] += bad
    c.credit_cost[:n] += credit
    c.invoices[:n] += billed
    c.late_invoices[:n] += late
    c.unpaid_invoices[:n] += never
    c.discount_demands[:n] += demands
    c.week_revenue[:n] = net
    # the firm's books
    act = s.status[:ns] == STAFF_ACTIVE
    wages = int(s.wage[:ns][act].sum())
    hourly = s.wage[:ns] / np.maximum(1.0, s.hours[:ns])
    ot_pay = int(np.rint((s.overtime[:ns] * hourly * r.overtime_pay)[act].sum()))
    fixed = st.params.firm.fixed_costs
    other = st.pending_costs
    st.pending_costs = 0
    payments = paid_now + paid_late
    rep.revenue = int(net.sum())
    rep.discounts = int(disc.sum())
    rep.bad_debt = int(bad.sum()) + wk.blunt_unpaid
    rep.credit_cost = int(credit.sum())
    rep.payments = payments
    rep.wages = wages
    rep.overtime_pay = ot_pay
    rep.fixed_costs = fixed
    rep.other_costs = other
    st.cash += payments - wages - ot_pay - fixed - other
    # cost-to-serve per client this week, hours at the loaded hourly cost
    base_hours = float(s.hours[:ns][act].sum())
    loaded = (wages + fixed) / base_hours if base_hours > 0 else 0.0
    contrib = net - bad - credit - (hours + c.week_unbilled[:n]) * loaded
    a = c.status[:n] == ACTIVE
    c.contribution_avg[:n] = np.where(a, 0.85 * c.contribution_avg[:n] + 0.15 * contrib,
                                      c.contribution_avg[:n])


def book_cost(st: GameState, wk: _Week, cents: int) -> None:
    """A cost that arises after the books of step 6 (a quit's hiring fee)."""
    st.cash -= cents
    wk.report.other_costs += cents


# step 7 -------------------------------------------------------------------------------


def _satisfaction_and_word_of_mouth(st: GameState, wk: _Week) -> None:
    c, r = st.clients, st.params.rules
    n = c.n
    ta = st.traits
    rng = st.rng["service"]
    tr = c.trait[:n]
    active = c.status[:n] == ACTIVE
    sat = c.satisfaction[:n]
    over_budget = np.maximum(0.0, c.price_factor[:n] - c.budget[:n])
    target = (ta.satisfaction[tr] + np.where(c.vip[:n], r.vip_satisfaction, 0.0)
              - 0.1 * np.maximum(0.0, c.price_factor[:n] - 1.0) - over_budget)
    sat = sat + ta.satisfaction_speed[tr] * (target - sat)
    sat -= WAIT_PENALTY * c.wait_weeks[:n] / ta.patience[tr]
    sat -= DECLINE_PENALTY * (wk.declined + wk.withdrawn) + DEFER_PENALTY * wk.deferred
    sat -= REFUSED_DISCOUNT_PENALTY * wk.refused
    sat += GRANTED_DISCOUNT_BONUS * wk.granted
    sat = np.clip(sat, 0.0, 1.0)
    c.satisfaction[:n] = np.where(active, sat, c.satisfaction[:n])
    u = rng.random((5, n))
    complaints = active & (u[0] < ta.complaint_rate[tr] * (1.2 - sat))
    blame = active & (c.week_billable[:n] > 0) & (u[1] < ta.blame[tr] * np.where(
        c.scope[:n], 0.5, 1.0))
    c.complaints[:n] += complaints | blame
    # reviews: bad experiences travel farther than good ones
    p_bad = 0.08 * np.clip((0.5 - sat) / 0.5, 0.0, 1.0)
    p_good = 0.05 * np.clip((sat - 0.6) / 0.4, 0.0, 1.0)
    bad = active & ((u[2] < p_bad) | blame)
    good = active & ~bad & (u[3] < p_good)
    voice = c.voice[:n]
    wk.rep_delta += r.review_good * float((voice * good).sum())
    wk.rep_delta -= r.review_good * r.review_bad_reach * float((voice * bad).sum())
    for i in np.flatnonzero(blame):
        wk.report.notes.append(Note("client_blames", {"client": st.client_names[i]},
                                    client=int(i)))
    # referrals: happy clients bring leads like themselves
    p_ref = (ta.referrals_per_year[tr] / 52.0 * np.clip(sat / np.maximum(ta.satisfaction[tr],
                                                                         0.05), 0.0, 1.5)
             * np.where(c.vip[:n], r.vip_referrals, 1.0))
    refs = np.flatnonzero(active & (u[4] < p_ref))
    for i in refs:
        t = int(st.rng["referrals"].choice(len(ta.names), p=ta.refers[tr[i]]))
        st.pending_referrals.append((int(i), t))
        c.referrals[i] += 1
        wk.report.notes.append(Note("referral", {"client": st.client_names[i]}, client=int(i)))


# step 8 -------------------------------------------------------------------------------


def _morale_quits_hires(st: GameState, wk: _Week) -> None:
    s, r = st.staff, st.params.rules
    ns = s.n
    rng = st.rng["staff"]
    act = s.status[:ns] == STAFF_ACTIVE
    m = s.morale[:ns]
    stress = 1.5 * min(1.0, wk.report.waiting_hours / max(1.0, wk.capacity))
    m = (m + r.morale_speed * (r.morale_target - m) - r.incident_morale * s.week_incidents[:ns]
         - r.overtime_morale * s.overtime[:ns] + np.where(s.time_off[:ns], r.time_off_morale, 0.0)
         - stress)
    m = np.clip(m, 0.0, 100.0)
    s.morale[:ns] = np.where(act, m, s.morale[:ns])
    s.abuse_weeks[:ns] += s.week_incidents[:ns] > 0
    for i in np.flatnonzero(s.week_incidents[:ns] >= 2):
        worst = max((k for k in st.abuse if k[0] == i), key=lambda k: st.abuse[k], default=None)
        params = {"staff": st.staff_names[i], "count": int(s.week_incidents[i])}
        if worst is not None:
            params["client"] = st.client_names[worst[1]]
        wk.report.notes.append(Note("staff_abused", params, staff=int(i),
                                    client=-1 if worst is None else worst[1]))
    p_quit = (r.quit_base_year + r.quit_low_morale_year * np.clip(
        (r.quit_threshold - m) / r.quit_threshold, 0.0, 1.0)) / 52.0
    quits = np.flatnonzero(act & (rng.random(ns) < p_quit))
    for i in quits:
        i = int(i)
        name = st.staff_names[i]
        _staff_gone(st, i)
        member = StaffMember(new_hire_name(st), hours=float(s.hours[i]), wage=int(s.wage[i]),
                             morale=r.new_hire_morale)
        add_staff(st, member, arrives=st.week + r.hire_weeks)
        fee = int(r.hire_fee_weeks * member.wage)
        book_cost(st, wk, fee)
        wk.report.notes.append(Note("staff_quit", {"staff": name, "replacement": member.name,
                                                   "cost": fee / 100,
                                                   "week": st.week + r.hire_weeks}, staff=i))


def _staff_gone(st: GameState, i: int) -> None:
    s, c = st.staff, st.clients
    s.status[i] = STAFF_GONE
    s.left[i] = st.week
    owned = np.flatnonzero(c.owner[: c.n] == i)
    for j in owned:
        c.owner[j] = least_loaded_staff(st, exclude=i)


# step 9 -------------------------------------------------------------------------------


def _reputation(st: GameState, wk: _Week) -> None:
    c, r = st.clients, st.params.rules
    n = c.n
    active = c.status[:n] == ACTIVE
    mean_sat = float(c.satisfaction[:n][active].mean()) if active.any() else 0.5
    anchor = 50.0 + 60.0 * (mean_sat - 0.65)
    st.reputation = _clip_rep(st.reputation + wk.rep_delta
                              + r.reputation_pull * (anchor - st.reputation))


def _clip_rep(x: float) -> float:
    return min(100.0, max(0.0, x))


# step 10 ------------------------------------------------------------------------------


def _churn_and_reactions(st: GameState, wk: _Week) -> None:
    c, r = st.clients, st.params.rules
    n = c.n
    ta = st.traits
    rng = st.rng["churn"]
    tr = c.trait[:n]
    active = c.status[:n] == ACTIVE
    u = rng.random((4, n))
    sat = c.satisfaction[:n]
    over_budget = c.price_factor[:n] > c.budget[:n]
    # letting go by price: he leaves, or stays and pays the new price
    p_out = ta.price_out_leave[tr] + np.where(over_budget, 0.3, 0.0)
    priced_out = active & c.pricing_out[:n] & (u[0] < p_out)
    # reactions to new terms, to refused discounts, to a price above his budget
    p_terms = ta.terms_leave[tr] * (1.0 + 2.0 * np.maximum(0.0, c.price_factor[:n] - 1.0))
    leave_terms = active & ~priced_out & c.terms_tightened[:n] & (u[1] < p_terms)
    leave_threat = active & wk.refused & (u[2] < ta.threat_leave[tr])
    leave_budget = active & ~c.pricing_out[:n] & over_budget & (u[2] < 0.25)
    # satisfaction-driven churn: good clients leave when they wait
    hazard = (ta.churn_base[tr] * np.where(c.origin[:n] == ORIGIN_REFERRAL, r.referred_churn, 1.0)
              + ta.churn_sensitivity[tr] * np.clip((0.55 - sat) / 0.55, 0.0, 1.0))
    leave_sat = active & (u[3] < hazard)
    rep = wk.report
    for i in np.flatnonzero(priced_out):
        _client_leaves(st, int(i), PRICED_OUT)
        rep.notes.append(Note("priced_out", {"client": st.client_names[i]}, client=int(i)))
    for i in np.flatnonzero(active & ~priced_out & (leave_terms | leave_threat | leave_budget
                                                    | leave_sat)):
        i = int(i)
        name = st.client_names[i]
        _client_leaves(st, i, CHURNED)
        if leave_terms[i]:
            rep.notes.append(Note("left_terms", {"client": name}, client=i))
        elif leave_threat[i]:
            rep.notes.append(Note("left_discount", {"client": name}, client=i))
        elif leave_budget[i]:
            rep.notes.append(Note("left_price", {"client": name}, client=i))
        elif c.wait_weeks[i] >= 1:
            params = {"client": name, "weeks": int(c.wait_weeks[i])}
            o = int(c.owner[i])
            if o >= 0:
                params["staff"] = st.staff_names[o]
            e = wk.top_eater
            if e >= 0 and e != i:
                params["eater"] = st.client_names[e]
                params["eater_hours"] = round(float(c.week_unbilled[e]), 1)
            rep.notes.append(Note("left_waiting", params, client=i))
        else:
            rep.notes.append(Note("left_unhappy", {"client": name}, client=i))
    # fired clients may come back as leads later (the blacklist declines them)
    gone = np.isin(c.status[:n], GONE) & (c.status[:n] != CHURNED)
    back = np.flatnonzero(gone & (rng.random(n) < ta.return_rate[tr]))
    for i in back:
        if int(i) not in st.returned and c.returning_of[i] < 0:
            st.returned.add(int(i))
            st.pending_returns.append(int(i))


# step 11 ------------------------------------------------------------------------------


def _close_week(st: GameState, wk: _Week) -> None:
    s, c = st.staff, st.clients
    rep = wk.report
    act = s.status[: s.n] == STAFF_ACTIVE
    rep.morale = float(s.morale[: s.n][act].mean()) if act.any() else 0.0
    rep.reputation = st.reputation
    rep.profit = (rep.revenue - rep.bad_debt - rep.wages - rep.overtime_pay - rep.fixed_costs
                  - rep.other_costs)
    rep.cash_after = st.cash
    rep.active_clients = int((c.status[: c.n] == ACTIVE).sum())
    st.revenue_total += rep.revenue
    st.profit_total += rep.profit
    w = st.weekly
    w["cash"].append(st.cash)
    w["profit"].append(rep.profit)
    w["revenue"].append(rep.revenue)
    w["morale"].append(rep.morale)
    w["reputation"].append(st.reputation)
    if st.cash < -st.params.firm.credit_limit:
        st.over, st.end_reason = True, "bankrupt"
        rep.notes.append(Note("bankrupt", {"cash": st.cash / 100}))
    elif st.week >= st.params.weeks:
        st.over, st.end_reason = True, "finished"
    rep.over, rep.end_reason = st.over, st.end_reason
    st.week += 1
    if not st.over:
        open_week(st)
