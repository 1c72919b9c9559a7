"""The week report's "why": the largest causes in the week's ledger, as notes.

Every change past a stated threshold gets a sentence that names its causes: a profit or loss
of at least :data:`MONEY_SHARE` of the week's running costs (payroll and fixed costs), and so
for each money cause (idle hours, unbilled time, bad debt, discounts, staff costs, interest,
late payments); a reputation cause of at least :data:`REPUTATION_POINTS` points; a change of
the team's morale of at least :data:`MORALE_POINTS` points; every client who joins or leaves,
with the real reason. A week with none of these is a quiet week: its report has no notes
beyond the week's events.

A note's ``covers`` names the ledger groups it accounts for, so a test can check that every
large cause is told, and told once.
"""

from __future__ import annotations

import numpy as np

from .context import Week
from .ledger import CASH, MORALE, PROFIT, REPUTATION
from .memory import DECLINED, DEFERRED, HURTS, REFUSED, WAIT
from .report import Note
from .state import ORIGIN_LEAD, ORIGIN_REFERRAL, ORIGIN_RETURN, GameState

#: a money cause worth a sentence, as a share of the week's payroll and fixed costs
MONEY_SHARE = 0.05
#: overdraft interest is told from this share (it grows while the firm stays in the red)
INTEREST_SHARE = 0.01
#: a reputation cause worth a sentence, in points (0-100)
REPUTATION_POINTS = 0.25
#: a change in the team's average morale worth a sentence, in points (0-100)
MORALE_POINTS = 1.0
#: accepted work left waiting worth a sentence, as a share of the week's hours
WAITING_SHARE = 0.05
#: the least of a shock to satisfaction that counts as a reason to leave
HURT_FLOOR = 1e-3

#: ledger groups that are told by the week's summary, and only when the profit or loss is
#: itself worth a sentence (they are the ordinary business of every week)
ORDINARY = frozenset({(PROFIT, "revenue"), (PROFIT, "payroll_billed"), (PROFIT, "fixed")})


def money_threshold(report) -> float:
    """The least amount of money (cents) a sentence is written for this week."""
    return MONEY_SHARE * max(1, report.wages + report.fixed_costs)


def _units(cents: float) -> float:
    return round(float(cents) / 100, 2)


def _hours(h: float) -> float:
    return round(float(h), 1)


# --------------------------------------------------------------------------------------
# why a client left
# --------------------------------------------------------------------------------------


def price_note(st: GameState, i: int) -> Note:
    """A client left because his price is above what he is willing to pay: which price (the
    list price, or the one set for him) and since when."""
    c = st.clients
    pf = float(c.price_factor[i])
    since = int(st.memory.over_price_since[i]) if i < st.memory.n else st.week
    price = _units(st.price_per_hour * pf)
    name = st.client_names[i]
    if abs(pf - 1.0) < 1e-9:
        return Note("left_list_price", {"client": name, "price": price, "since": since},
                    client=i)
    return Note("left_price", {"client": name, "price": price, "since": since}, client=i)


def unhappy_note(st: GameState, i: int, *, stayed_happy: bool) -> Note:
    """A client left unhappy (his work is not waiting now): the shock that explains most of
    his dissatisfaction, or his own nature, or nothing at all (clients move on)."""
    name = st.client_names[i]
    if stayed_happy:
        return Note("left_moved_on", {"client": name}, client=i)
    mem = st.memory
    mem.fit(i + 1)
    hurt = {HURTS[k]: float(mem.hurt[k, i]) for k in range(len(HURTS))}
    hurt["price"] = float(mem.price_hurt[i])
    hurt["nature"] = float(mem.nature_gap[i])
    reason = max(hurt, key=hurt.__getitem__)
    if hurt[reason] < HURT_FLOOR:
        return Note("left_unhappy", {"client": name}, client=i)
    if reason == HURTS[WAIT]:
        params = {"client": name, "weeks": max(1, int(mem.waited_weeks[i]))}
        e = int(mem.eater[i])
        if e >= 0:
            params["eater"] = st.client_names[e]
            params["eater_hours"] = _hours(mem.eater_hours[i])
        return Note("left_unhappy_waiting", params, client=i)
    if reason == HURTS[DECLINED]:
        return Note("left_unhappy_declined",
                    {"client": name, "count": max(1, int(mem.declined[i]))}, client=i)
    if reason == HURTS[DEFERRED]:
        return Note("left_unhappy_deferred", {"client": name}, client=i)
    if reason == HURTS[REFUSED]:
        return Note("left_unhappy_refused",
                    {"client": name, "count": max(1, int(mem.refused[i]))}, client=i)
    if reason == "price":
        price = _units(st.price_per_hour * float(st.clients.price_factor[i]))
        return Note("left_unhappy_price", {"client": name, "price": price}, client=i)
    return Note("left_hard_to_please", {"client": name}, client=i)


# --------------------------------------------------------------------------------------
# the week
# --------------------------------------------------------------------------------------


def open_causes(st: GameState, wk: Week) -> None:
    """Record what the week's opening did (scripted events' costs and reputation) before the
    player's decisions apply."""
    led, rep = wk.ledger, wk.report
    led.add(PROFIT, "events", -st.pending_costs)
    told = 0.0
    for note in rep.notes:
        if note.key in ("event_lawsuit", "event_review_storm"):
            told -= float(note.params.get("reputation", 0.0))
    led.add(REPUTATION, "events", told)
    led.add(REPUTATION, "bounds", (st.reputation - rep.reputation_before) - told)


def close_causes(st: GameState, wk: Week) -> None:
    """Record what only the end of the week knows: the team's morale change not explained by
    its causes (people who left or joined, the 0-100 bounds)."""
    rep = wk.report
    led = wk.ledger
    explained = led.total(MORALE)
    led.add(MORALE, "team", (rep.morale - rep.morale_before) - explained)


def explain_week(st: GameState, wk: Week, first: int) -> None:
    """Turn the week's largest causes into notes: money first (after the ``first`` opening
    notes), then reputation, morale and the clients who joined (at the end)."""
    rep = wk.report
    head = _money_notes(st, wk)
    tail = _reputation_notes(st, wk) + _morale_notes(st, wk) + _joined_notes(st, wk)
    rep.notes[first:first] = head
    rep.notes.extend(tail)


def _top(arr: np.ndarray) -> int:
    """The client with the largest amount (by size) in ``arr``, or -1 when all are zero."""
    if not len(arr):
        return -1
    i = int(np.abs(arr).argmax())
    return i if arr[i] else -1


def _money_notes(st: GameState, wk: Week) -> list[Note]:
    rep, led = wk.report, wk.ledger
    names = st.client_names
    t = money_threshold(rep)
    kinds = led.by_kind(PROFIT)
    out: list[Note] = []
    if abs(rep.profit) >= t:
        params = {"revenue": _units(rep.revenue), "wages": _units(rep.wages),
                  "fixed": _units(rep.fixed_costs)}
        top = _top(led.revenue - led.discounts)
        if top >= 0:
            params["top"] = names[top]
            params["top_revenue"] = _units(led.revenue[top] - led.discounts[top])
        covers = tuple(sorted(ORDINARY))
        if rep.profit < 0:
            out.append(Note("week_loss", {"loss": _units(-rep.profit), **params},
                            covers=covers))
        else:
            out.append(Note("week_profit", {"profit": _units(rep.profit), **params},
                            covers=covers))
    idle = -kinds.get("payroll_idle", 0)
    if idle >= t:
        spare = max(0.0, rep.capacity_hours - rep.billable_hours - rep.unbilled_hours)
        out.append(Note("idle_hours", {
            "idle": _hours(spare), "capacity": _hours(rep.capacity_hours),
            "billed": _hours(rep.billable_hours), "cost": _units(idle)},
            covers=((PROFIT, "payroll_idle"),)))
    unbilled = -kinds.get("payroll_unbilled", 0)
    if unbilled >= t:
        hours = st.clients.week_unbilled[: wk.n]
        top = _top(led.unbilled_payroll)
        out.append(Note("unbilled_time", {
            "hours": _hours(rep.unbilled_hours), "cost": _units(unbilled),
            "client": names[top], "client_hours": _hours(hours[top])}, client=top,
            covers=((PROFIT, "payroll_unbilled"),)))
    out += _waiting_notes(st, wk)
    for i in led.bad_debt.nonzero()[0].tolist():
        out.append(Note("bad_debt", {"client": names[i], "amount": _units(led.bad_debt[i])},
                        client=i, covers=((PROFIT, "bad_debt"),)))
    for i in led.written_off.nonzero()[0].tolist():
        out.append(Note("bad_debt_blunt",
                        {"client": names[i], "amount": _units(led.written_off[i])},
                        client=i, covers=((PROFIT, "written_off"),)))
    discounts = int(np.add.reduce(led.discounts))
    if discounts >= t:
        top = _top(led.discounts)
        out.append(Note("discounts_granted", {
            "amount": _units(discounts), "client": names[top],
            "client_amount": _units(led.discounts[top])}, client=top,
            covers=((PROFIT, "discounts"),)))
    overtime = -kinds.get("overtime", 0)
    if overtime >= t:
        out.append(Note("overtime_paid", {"amount": _units(overtime),
                                          "hours": _hours(rep.overtime_hours)},
                        covers=((PROFIT, "overtime"),)))
    bonus = -kinds.get("bonus", 0)
    lift = led.total(MORALE, "bonus")
    if bonus >= t or lift >= MORALE_POINTS:
        out.append(Note("bonuses_paid", {"amount": _units(bonus), "points": round(lift, 1)},
                        covers=((PROFIT, "bonus"), (MORALE, "bonus"))))
    interest = -kinds.get("interest", 0)
    if interest >= INTEREST_SHARE * t / MONEY_SHARE:
        out.append(Note("overdraft_interest", {"amount": _units(interest)},
                        covers=((PROFIT, "interest"),)))
    later = int(np.add.reduce(led.late_billed))
    if later >= t:
        top = _top(led.late_billed)
        out.append(Note("paid_later", {
            "amount": _units(later), "client": names[top],
            "client_amount": _units(led.late_billed[top])}, client=top,
            covers=((CASH, "paid_later"),)))
    came = int(np.add.reduce(led.late_paid))
    if came >= t:
        out.append(Note("paid_late", {"amount": _units(came)}, covers=((CASH, "paid_late"),)))
    return out


def _waiting_notes(st: GameState, wk: Week) -> list[Note]:
    rep = wk.report
    if rep.waiting_hours < max(1.0, WAITING_SHARE * rep.capacity_hours):
        return []
    R = st.requests
    left = np.bincount(R.client[: R.n], weights=R.hours_left[: R.n], minlength=wk.n)[: wk.n]
    top = _top(left)
    if top < 0:
        return []
    params = {"hours": _hours(rep.waiting_hours), "client": st.client_names[top],
              "client_hours": _hours(left[top])}
    e = wk.top_eater
    if e >= 0 and e != top:
        params["eater"] = st.client_names[e]
        params["eater_hours"] = _hours(st.clients.week_unbilled[e])
    return [Note("work_waiting", params, client=top)]


def _reputation_notes(st: GameState, wk: Week) -> list[Note]:
    led = wk.ledger
    names = st.client_names
    out: list[Note] = []
    reviews = np.where(led.blamed, 0.0, led.reviews)  # a blame is told by client_blames
    bad = np.minimum(reviews, 0.0)
    good = np.maximum(reviews, 0.0)
    covers = ((REPUTATION, "reviews"),)
    lost = -float(np.add.reduce(bad))
    if lost >= REPUTATION_POINTS:
        top = _top(bad)
        out.append(Note("reviews_bad", {"reputation": round(lost, 1), "client": names[top],
                                        "count": int(np.count_nonzero(bad))},
                        client=top, covers=covers))
    won = float(np.add.reduce(good))
    if won >= REPUTATION_POINTS:
        top = _top(good)
        out.append(Note("reviews_good", {"reputation": round(won, 1), "client": names[top],
                                         "count": int(np.count_nonzero(good))},
                        client=top, covers=covers))
    drift = led.total(REPUTATION, "drift")
    covers = ((REPUTATION, "drift"),)
    if drift >= REPUTATION_POINTS:
        out.append(Note("reputation_drift_up", {"reputation": round(drift, 1)}, covers=covers))
    elif drift <= -REPUTATION_POINTS:
        out.append(Note("reputation_drift_down", {"reputation": round(-drift, 1)},
                        covers=covers))
    return out


def _morale_notes(st: GameState, wk: Week) -> list[Note]:
    rep, led = wk.report, wk.ledger
    kinds = led.by_kind(MORALE)
    out: list[Note] = []
    backlog = -kinds.get("backlog", 0.0)
    if backlog >= MORALE_POINTS:
        out.append(Note("morale_backlog", {"points": round(backlog, 1),
                                           "hours": _hours(rep.waiting_hours)},
                        covers=((MORALE, "backlog"),)))
    incidents = -kinds.get("incidents", 0.0)
    count = int(np.add.reduce(led.incidents))
    told = sum(int(n.params.get("count", 0)) for n in rep.notes if n.key == "staff_abused")
    if incidents >= MORALE_POINTS and told < count:  # (else each person's note tells them)
        params = {"points": round(incidents, 1), "count": count}
        top = _top(led.incidents)
        # the worst client is named once: here, unless a staff member's note names him
        if top >= 0 and not any(n.key == "staff_abused" and n.client == top
                                for n in rep.notes):
            params["client"] = st.client_names[top]
        out.append(Note("morale_incidents", params, client=top if "client" in params else -1,
                        covers=((MORALE, "incidents"),)))
    overtime = -kinds.get("overtime", 0.0)
    if overtime >= MORALE_POINTS:
        out.append(Note("morale_overtime", {"points": round(overtime, 1)},
                        covers=((MORALE, "overtime"),)))
    drift = kinds.get("drift", 0.0)
    target = round(st.params.rules.morale_target)
    covers = ((MORALE, "drift"),)
    if drift >= MORALE_POINTS:
        out.append(Note("morale_drift_up", {"points": round(drift, 1), "target": target},
                        covers=covers))
    elif drift <= -MORALE_POINTS:
        out.append(Note("morale_drift_down", {"points": round(-drift, 1), "target": target},
                        covers=covers))
    return out


def _joined_notes(st: GameState, wk: Week) -> list[Note]:
    c = st.clients
    n = wk.n
    # (a lead who joined and left in the same week is told both ways)
    new = ((c.joined[:n] == st.week)
           & np.isin(c.origin[:n], (ORIGIN_LEAD, ORIGIN_REFERRAL, ORIGIN_RETURN)))
    out = []
    for i in new.nonzero()[0].tolist():
        params = {"client": st.client_names[i]}
        by = int(c.referred_by[i])
        if c.origin[i] == ORIGIN_REFERRAL and by >= 0:
            params["referrer"] = st.client_names[by]
        out.append(Note("client_joined", params, client=i))
    return out
