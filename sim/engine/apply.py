"""Step 4 of the week: the player's decisions apply (screening, terms, letting go, staffing,
requests). Decisions were validated before; nothing here can fail."""

from __future__ import annotations

import numpy as np

from . import decisions as D
from .context import Week
from .costs import hire_fee, hire_wage
from .ledger import MORALE, PROFIT, REPUTATION
from .params import StaffMember
from .population import add_staff, assign_owners, new_hire_name
from .report import Note
from .state import (
    ACTIVE,
    DECLINED,
    FIRED_BLUNT,
    FIRED_POLITE,
    LEAD,
    REQ_INBOX,
    REQ_QUEUED,
    STAFF_ACTIVE,
    GameState,
)
from .validate import PRICE_FACTOR_RANGE


def apply_decisions(st: GameState, wk: Week, d: D.Decisions) -> None:
    """Apply one week's decisions to the state."""
    _screening(st, wk, d)
    c = st.clients
    for i, tag in d.tags.items():
        c.tag[i] = st.traits.index.get(tag.trait, -1)
        c.tag_confidence[i] = tag.confidence
        c.tag_week[i] = st.week
    for i in d.blacklist:
        c.blacklisted[i] = True
    c.terms_tightened[: c.n] = False
    for i, t in d.terms.items():
        c.terms_tightened[i] = (
            t.price_factor > c.price_factor[i] + 1e-9 or (t.prepay and not c.prepay[i])
            or (t.scope and not c.scope[i]) or (t.contact and not c.contact[i])
            or (not t.grant_discounts and c.grant_discounts[i]))
        if t.prepay and not c.prepay[i]:
            _prepay_asked(st, wk, i)
        if t.scope and not c.scope[i]:
            # the scope has to be written and agreed before it can cap anything
            c.terms_hours[i] += st.params.rules.scope_setup_hours
        c.price_factor[i] = t.price_factor
        c.prepay[i] = t.prepay
        c.scope[i] = t.scope
        c.contact[i] = t.contact
        c.vip[i] = t.vip
        c.grant_discounts[i] = t.grant_discounts
    if d.let_go:
        _let_go(st, wk, d.let_go)
    for i, owner in d.owners.items():
        c.owner[i] = owner
    _staffing(st, wk, d)
    _requests(st, wk, d)
    wk.active = c.status[: wk.n] == ACTIVE


def _prepay_asked(st: GameState, wk: Week, i: int) -> None:
    """Prepayment has a price with good clients: one who said at first contact that he would
    not prepay may leave over it (step 10), and an established client who never paid late
    takes it as distrust (step 7)."""
    c = st.clients
    n = wk.n
    if not c.sig_prepay[i]:
        if wk.prepay_refused is None:
            wk.prepay_refused = np.zeros(n, dtype=bool)
        wk.prepay_refused[i] = True
    tenure = st.week - max(0, int(c.joined[i]))
    established = c.joined[i] <= 0 or tenure >= st.params.rules.prepay_insult_weeks
    if established and c.late_invoices[i] == 0 and c.unpaid_invoices[i] == 0:
        if wk.prepay_insulted is None:
            wk.prepay_insulted = np.zeros(n, dtype=bool)
        wk.prepay_insulted[i] = True


def _screening(st: GameState, wk: Week, d: D.Decisions) -> None:
    """This week's leads are accepted unless the player declines them."""
    c = st.clients
    leads = (c.status[: wk.n] == LEAD).nonzero()[0]
    if not len(leads):
        return
    wk.report.leads = len(leads)
    taken = []
    for i in leads.tolist():
        if d.leads.get(i, True):
            c.status[i] = ACTIVE
            c.joined[i] = st.week
            wk.extra_hours[i] = st.params.rules.onboarding_hours
            taken.append(i)
        else:
            c.status[i] = DECLINED
            c.left[i] = st.week
    assign_owners(st, taken)


def _let_go(st: GameState, wk: Week, let_go: dict[int, str]) -> None:
    c, s, r = st.clients, st.staff, st.params.rules
    notes = wk.report.notes
    rng = st.rng["letgo"]
    blunt_felt = False
    for i, manner in sorted(let_go.items()):
        name = st.client_names[i]
        voice = float(c.voice[i])
        if manner == D.POLITE:
            # a polite parting hands over the work in progress: hours this week
            wk.extra_hours[i] = r.handover_hours
            client_leaves(st, i, FIRED_POLITE)
            wk.rep_delta -= r.polite_reputation * voice
            wk.ledger.add(REPUTATION, "polite", -r.polite_reputation * voice, client=i)
            notes.append(Note("let_go_polite", {
                "client": name, "reputation": round(r.polite_reputation * voice, 1)}, client=i,
                covers=((REPUTATION, "polite"),)))
        elif manner == D.BLUNT:
            # the work still has to be handed over, and an insulted client stops paying
            wk.extra_hours[i] = r.handover_hours
            client_leaves(st, i, FIRED_BLUNT)
            unpaid = write_off_receivables(st, i)
            wk.blunt_unpaid += unpaid
            wk.ledger.written_off[i] = unpaid
            # it feels good to the team (once a week, however many letters)
            if not blunt_felt:
                blunt_felt = True
                act = s.status[: s.n] == STAFF_ACTIVE
                before = s.morale[: s.n][act]
                s.morale[: s.n][act] = np.minimum(100.0, s.morale[: s.n][act]
                                                  + r.blunt_team_morale)
                if len(before):
                    wk.ledger.add(MORALE, "blunt_letter",
                                  float(np.mean(s.morale[: s.n][act] - before)))
            if rng.random() < min(r.blunt_forward_cap, r.blunt_forward * voice):
                loss = r.blunt_reputation * voice
                wk.rep_delta -= loss
                wk.ledger.add(REPUTATION, "blunt", -loss, client=i)
                notes.append(Note("let_go_blunt_forwarded",
                                  {"client": name, "reputation": round(loss, 1)}, client=i,
                                  covers=((REPUTATION, "blunt"), (MORALE, "blunt_letter"))))
            else:
                notes.append(Note("let_go_blunt", {"client": name}, client=i,
                                  covers=((MORALE, "blunt_letter"),)))
        else:
            c.pricing_out[i] = True
            c.price_factor[i] = min(PRICE_FACTOR_RANGE[1], max(
                c.price_factor[i] * r.price_out_factor, r.price_out_factor))
            wk.rep_delta -= r.price_out_reputation * voice
            wk.ledger.add(REPUTATION, "price_out", -r.price_out_reputation * voice, client=i)
            notes.append(Note("price_out_started",
                              {"client": name, "factor": round(float(c.price_factor[i]), 2)},
                              client=i, covers=((REPUTATION, "price_out"),)))


def _staffing(st: GameState, wk: Week, d: D.Decisions) -> None:
    s, r = st.staff, st.params.rules
    ns = s.n
    s.overtime[:ns] = 0.0
    s.time_off[:ns] = False
    for i, h in d.overtime.items():
        s.overtime[i] = min(max(0.0, h), r.max_overtime)
    for i in d.time_off:
        s.time_off[i] = True
        s.overtime[i] = 0.0
    # the team a bonus's morale is averaged over (counted only in a week with bonuses)
    team = max(1, int(np.count_nonzero(s.status[:ns] == STAFF_ACTIVE))) if d.bonus else 1
    for i, amount in d.bonus.items():
        if amount > 0:
            st.pending_costs += int(amount)
            before = s.morale[i]
            s.morale[i] = min(100.0, s.morale[i] + r.bonus_morale_per_week_wage * amount
                              / max(1, s.wage[i]))
            wk.ledger.add(PROFIT, "bonus", -int(amount), staff=i)
            wk.ledger.add(MORALE, "bonus", float(s.morale[i] - before) / team, staff=i)
    for _ in range(d.hire):
        wage = hire_wage(s.wage[:ns], s.status[:ns] == STAFF_ACTIVE, r)
        member = StaffMember(new_hire_name(st), hours=r.hire_hours, wage=wage,
                             morale=r.new_hire_morale)
        i = add_staff(st, member, arrives=st.week + r.hire_weeks)
        st.pending_costs += hire_fee(member.wage, r)
        wk.ledger.add(PROFIT, "hiring", -hire_fee(member.wage, r), staff=i)
        wk.report.notes.append(Note("hire_started", {"staff": member.name,
                                                     "week": st.week + r.hire_weeks}, staff=i,
                                    covers=((PROFIT, "hiring"),)))


def _requests(st: GameState, wk: Week, d: D.Decisions) -> None:
    """The inbox is served by default; caps on hours hold for this week only."""
    R, c = st.requests, st.clients
    m = R.n
    R.cap[:m] = -1.0
    if not d.requests:
        R.state[:m] = REQ_QUEUED
        wk.all_queued = True
        return
    wk.turned_away = True
    deferred = np.zeros(m, dtype=bool)
    rows = np.searchsorted(R.rid[:m], np.fromiter(d.requests.keys(), dtype=np.int64))
    drop = np.zeros(m, dtype=bool)
    for rid, row, plan in zip(d.requests, rows.tolist(), d.requests.values(), strict=True):
        if row >= m or R.rid[row] != rid:
            continue  # the request left with its client (let go this week)
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
    R.state[:m][~deferred] = REQ_QUEUED


def write_off_receivables(st: GameState, i: int) -> int:
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


def clients_leave(st: GameState, gone: np.ndarray, status: int) -> None:
    """:func:`client_leaves` for every client where the mask ``gone`` (over the first
    ``len(gone)`` rows) is true, with one compaction of the requests instead of one each."""
    if not np.count_nonzero(gone):
        return
    c = st.clients
    k = len(gone)
    c.status[:k][gone] = status
    c.left[:k][gone] = st.week
    c.pricing_out[:k][gone] = False
    R = st.requests
    if R.n:
        # every open request belongs to one of the first k rows (clients are not added
        # during a week)
        R.keep(~gone[R.client[: R.n]])


def client_leaves(st: GameState, i: int, status: int) -> None:
    """The client is gone (let go, priced out or churned); his open requests go with him."""
    c = st.clients
    c.status[i] = status
    c.left[i] = st.week
    c.pricing_out[i] = False
    R = st.requests
    if R.n:
        R.keep(R.client[: R.n] != i)
