"""The week report's "why": the largest causes in the week's ledger, as notes.

Every change past a stated threshold gets a sentence that names its causes: a profit or loss
of at least :data:`MONEY_SHARE` of the week's running costs (payroll and fixed costs), and so
for each money cause (idle hours, unbilled time, bad debt, discounts, staff costs, interest,
late payments); a reputation cause of at least :data:`REPUTATION_POINTS` points; a change of
the team's morale of at least :data:`MORALE_POINTS` points; every client who joins or leaves,
with the real reason (:mod:`sim.engine.reasons`). A week with none of these is a quiet week:
its report has no notes beyond the week's events.

A note's ``covers`` names the ledger groups it accounts for, so a test can check that every
large cause is told, and told once.
"""

from __future__ import annotations

import numpy as np

from .context import Week
from .ledger import CASH, MORALE, PROFIT, REPUTATION
from .plain import add_up
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

#: ledger groups that are told by the week's summary, and only when the profit or loss is
#: itself worth a sentence (they are the ordinary business of every week)
ORDINARY = frozenset({(PROFIT, "revenue"), (PROFIT, "payroll_billed"), (PROFIT, "fixed")})


def money_threshold(report) -> float:
    """The least amount of money (cents) a sentence is written for this week."""
    return MONEY_SHARE * max(1, report.wages + report.fixed_costs)


def units(cents: float) -> float:
    """Cents as currency units, for a note's money param."""
    return round(float(cents) / 100, 2)


def hours(h: float) -> float:
    """Hours to one decimal, for a note."""
    return round(float(h), 1)


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
    told = _told(rep.notes)
    t = money_threshold(rep)
    head = [_week_note(st, wk)] if abs(rep.profit) >= t else []
    debts = _per_client(st, wk)
    told |= _told(head + debts)
    kinds = wk.ledger.by_kind(PROFIT)
    head += _tell(st, wk, kinds, PROFIT, rep.profit, t, told, MONEY,
                  whole=abs(rep.profit) >= t)
    head += _waiting_notes(st, wk) + debts
    kinds = wk.ledger.by_kind(CASH)
    gap = add_up(kinds.values())  # cash moved by this much more (or less) than profit
    head += _tell(st, wk, kinds, CASH, gap, t, told, CASH_TELLERS, whole=abs(gap) >= t)
    kinds = wk.ledger.by_kind(REPUTATION)
    change = rep.reputation - rep.reputation_before - kinds.get("bounds", 0.0)
    tail = _tell(st, wk, kinds, REPUTATION, change, REPUTATION_POINTS, told, FAME,
                 whole=abs(change) >= REPUTATION_POINTS)
    change = rep.morale - rep.morale_before
    if _incidents_told(rep.notes, wk.ledger):
        told.add((MORALE, "incidents"))
    tail += _tell(st, wk, wk.ledger.by_kind(MORALE), MORALE, change, MORALE_POINTS, told,
                  MOOD, whole=abs(change) >= MORALE_POINTS)
    tail += _joined_notes(st, wk)
    rep.notes[first:first] = head
    rep.notes.extend(tail)


def _told(notes: list[Note]) -> set[tuple[str, str]]:
    return {g for n in notes for g in n.covers}


def _tell(st: GameState, wk: Week, kinds: dict[str, float], measure: str, change: float,
          threshold: float, told: set[tuple[str, str]], tellers: dict, *,
          whole: bool) -> list[Note]:
    """Notes for the causes of one measure (``kinds``: their amounts by kind): every cause of
    at least ``threshold`` (less for a teller that says so), and, when the ``whole`` change
    is worth telling, the next largest until what is left untold is less than
    ``threshold``."""
    left = change - add_up(v for k, v in kinds.items() if (measure, k) in told)
    out = []
    for kind, amount in sorted(kinds.items(), key=lambda kv: -abs(kv[1])):
        if (measure, kind) in told or kind not in tellers:
            continue
        teller, share = tellers[kind]
        # forced by the whole change, a cause is told only if it brings the untold part down
        forced = whole and abs(left) >= threshold and abs(left - amount) < abs(left)
        if abs(amount) >= share * threshold or forced:
            note = teller(st, wk, amount)
            out.append(note)
            told.update(note.covers)
            left -= amount
    return out


def _top(arr: np.ndarray) -> int:
    """The client with the largest amount (by size) in ``arr``, or -1 when all are zero."""
    if not len(arr):
        return -1
    i = int(np.abs(arr).argmax())
    return i if arr[i] else -1


def _week_note(st: GameState, wk: Week) -> Note:
    """The week's profit or loss, against the ordinary costs of running the firm."""
    rep, led = wk.report, wk.ledger
    params = {"revenue": units(rep.revenue), "wages": units(rep.wages),
              "fixed": units(rep.fixed_costs)}
    top = _top(led.revenue - led.discounts)
    if top >= 0:
        params["top"] = st.client_names[top]
        params["top_revenue"] = units(led.revenue[top] - led.discounts[top])
    covers = tuple(sorted(ORDINARY))
    if rep.profit < 0:
        return Note("week_loss", {"loss": units(-rep.profit), **params}, covers=covers)
    return Note("week_profit", {"profit": units(rep.profit), **params}, covers=covers)


def _idle(st: GameState, wk: Week, amount: float) -> Note:
    rep = wk.report
    spare = max(0.0, rep.capacity_hours - rep.billable_hours - rep.unbilled_hours)
    return Note("idle_hours", {
        "idle": hours(spare), "capacity": hours(rep.capacity_hours),
        "billed": hours(rep.billable_hours), "cost": units(-amount)},
        covers=((PROFIT, "payroll_idle"),))


def _unbilled(st: GameState, wk: Week, amount: float) -> Note:
    led = wk.ledger
    top = _top(led.unbilled_payroll)
    return Note("unbilled_time", {
        "hours": hours(wk.report.unbilled_hours), "cost": units(-amount),
        "client": st.client_names[top],
        "client_hours": hours(st.clients.week_unbilled[top])}, client=top,
        covers=((PROFIT, "payroll_unbilled"),))


def _largest(st: GameState, by_client: np.ndarray, amount: float) -> tuple[dict, int]:
    """A money cause's params: its total and the client with the largest part of it."""
    top = _top(by_client)
    return {"amount": units(abs(amount)), "client": st.client_names[top],
            "client_amount": units(by_client[top])}, top


def _discounts(st: GameState, wk: Week, amount: float) -> Note:
    params, top = _largest(st, wk.ledger.discounts, amount)
    return Note("discounts_granted", params, client=top, covers=((PROFIT, "discounts"),))


def _overtime(st: GameState, wk: Week, amount: float) -> Note:
    return Note("overtime_paid", {"amount": units(-amount),
                                  "hours": hours(wk.report.overtime_hours)},
                covers=((PROFIT, "overtime"),))


def _bonus(st: GameState, wk: Week, amount: float) -> Note:
    led = wk.ledger
    return Note("bonuses_paid", {"amount": units(-led.total(PROFIT, "bonus")),
                                 "points": round(led.total(MORALE, "bonus"), 1)},
                covers=((PROFIT, "bonus"), (MORALE, "bonus")))


def _interest(st: GameState, wk: Week, amount: float) -> Note:
    return Note("overdraft_interest", {"amount": units(-amount)},
                covers=((PROFIT, "interest"),))


def _paid_later(st: GameState, wk: Week, amount: float) -> Note:
    params, top = _largest(st, wk.ledger.late_billed, amount)
    return Note("paid_later", params, client=top, covers=((CASH, "paid_later"),))


def _paid_late(st: GameState, wk: Week, amount: float) -> Note:
    return Note("paid_late", {"amount": units(amount)}, covers=((CASH, "paid_late"),))


def _reviews(st: GameState, wk: Week, amount: float) -> Note:
    led = wk.ledger
    sign = 1.0 if amount > 0 else -1.0
    mine = np.where(led.blamed, 0.0, np.maximum(sign * led.reviews, 0.0))
    top = _top(mine)
    params = {"reputation": round(abs(amount), 1), "client": st.client_names[top],
              "count": int(np.count_nonzero(mine))}
    if amount > 0:
        return Note("reviews_good", params, client=top,
                    covers=((REPUTATION, "good_reviews"),))
    return Note("reviews_bad", params, client=top, covers=((REPUTATION, "bad_reviews"),))


def _fame_drift(st: GameState, wk: Week, amount: float) -> Note:
    covers = ((REPUTATION, "drift"),)
    if amount > 0:
        return Note("reputation_drift_up", {"reputation": round(amount, 1)}, covers=covers)
    return Note("reputation_drift_down", {"reputation": round(-amount, 1)}, covers=covers)


def _backlog(st: GameState, wk: Week, amount: float) -> Note:
    return Note("morale_backlog", {"points": round(-amount, 1)},
                covers=((MORALE, "backlog"),))


def _incidents_told(notes: list[Note], led) -> bool:
    """Whether the staff members' own notes (``staff_abused``) tell every incident."""
    told = sum(int(n.params.get("count", 0))  # whole counts
               for n in notes if n.key == "staff_abused")
    return told >= int(np.add.reduce(led.incidents))


def _incidents(st: GameState, wk: Week, amount: float) -> Note:
    rep, led = wk.report, wk.ledger
    params = {"points": round(-amount, 1), "count": int(np.add.reduce(led.incidents))}
    top = _top(led.incidents)
    # the worst client is named once: here, unless a staff member's note names him
    if top >= 0 and not any(n.key == "staff_abused" and n.client == top for n in rep.notes):
        params["client"] = st.client_names[top]
    return Note("morale_incidents", params, client=top if "client" in params else -1,
                covers=((MORALE, "incidents"),))


def _tiring(st: GameState, wk: Week, amount: float) -> Note:
    return Note("morale_overtime", {"points": round(-amount, 1)},
                covers=((MORALE, "overtime"),))


def _mood_drift(st: GameState, wk: Week, amount: float) -> Note:
    target = round(st.params.rules.morale_target)
    covers = ((MORALE, "drift"),)
    if amount > 0:
        return Note("morale_drift_up", {"points": round(amount, 1), "target": target},
                    covers=covers)
    return Note("morale_drift_down", {"points": round(-amount, 1), "target": target},
                covers=covers)


def _rested(st: GameState, wk: Week, amount: float) -> Note:
    return Note("morale_time_off", {"points": round(amount, 1)},
                covers=((MORALE, "time_off"),))


#: who tells each cause: kind -> (teller, the share of the threshold from which it is told).
#: Causes not listed are told where they happen (a parting, an event, a quit, a hire) or
#: client by client (bad debt); the summary tells the :data:`ORDINARY` ones.
MONEY = {
    "payroll_idle": (_idle, 1.0), "payroll_unbilled": (_unbilled, 1.0),
    "discounts": (_discounts, 1.0), "overtime": (_overtime, 1.0), "bonus": (_bonus, 1.0),
    "interest": (_interest, INTEREST_SHARE / MONEY_SHARE),
}
#: late payments are told when, together, they part cash from profit; one alone from twice
#: the threshold
CASH_TELLERS = {"paid_later": (_paid_later, 2.0), "paid_late": (_paid_late, 2.0)}
FAME = {"good_reviews": (_reviews, 1.0), "bad_reviews": (_reviews, 1.0),
        "drift": (_fame_drift, 1.0)}
#: morale settling back to its norm is the ordinary course of things: told only when the
#: week's change needs it
MOOD = {"backlog": (_backlog, 1.0), "incidents": (_incidents, 1.0),
        "overtime": (_tiring, 1.0), "drift": (_mood_drift, float("inf")),
        "time_off": (_rested, 1.0), "bonus": (_bonus, 1.0)}


def _per_client(st: GameState, wk: Week) -> list[Note]:
    """Bad debt, client by client: every unpaid invoice is worth a sentence."""
    led, names = wk.ledger, st.client_names
    out = [Note("bad_debt", {"client": names[i], "amount": units(led.bad_debt[i])},
                client=i, covers=((PROFIT, "bad_debt"),))
           for i in led.bad_debt.nonzero()[0].tolist()]
    out += [Note("bad_debt_blunt", {"client": names[i], "amount": units(led.written_off[i])},
                 client=i, covers=((PROFIT, "written_off"), (CASH, "written_off")))
            for i in led.written_off.nonzero()[0].tolist()]
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
    params = {"hours": hours(rep.waiting_hours), "client": st.client_names[top],
              "client_hours": hours(left[top])}
    e = wk.top_eater
    if e >= 0 and e != top:
        params["eater"] = st.client_names[e]
        params["eater_hours"] = hours(st.clients.week_unbilled[e])
    return [Note("work_waiting", params, client=top)]


def _joined_notes(st: GameState, wk: Week) -> list[Note]:
    c = st.clients
    n = wk.n
    # (a lead who joined and left in the same week is told both ways)
    out = []
    for i in (c.joined[:n] == st.week).nonzero()[0].tolist():
        if c.origin[i] not in (ORIGIN_LEAD, ORIGIN_REFERRAL, ORIGIN_RETURN):
            continue  # a scripted arrival, told when the week opened
        params = {"client": st.client_names[i]}
        by = int(c.referred_by[i])
        if c.origin[i] == ORIGIN_REFERRAL and by >= 0:
            params["referrer"] = st.client_names[by]
        out.append(Note("client_joined", params, client=i))
    return out
