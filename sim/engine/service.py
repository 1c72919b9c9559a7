"""Steps 5 and 6 of the week: staff hours are spent, then invoices are sent and paid."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .context import TraitRows, Week, row_block, small_poisson
from .cost_to_serve import active_team, hourly_cost, ledger_profit
from .costs import staff_capacity, team_overtime_pay
from .ledger import PROFIT
from .plain import np_sum
from .report import Note
from .state import REQ_QUEUED, STAFF_ACTIVE, GameState


def _queue_order(vip: np.ndarray) -> np.ndarray | None:
    """The order the queue of requests is served in, VIP clients' requests ahead (each group
    in row order); ``None`` when no request is a VIP's (row order itself)."""
    return (~vip).argsort(kind="stable") if np.count_nonzero(vip) else None


def _serve_queue(want: np.ndarray, hours: float) -> np.ndarray:
    """The hours each request of a queue (in the order it is served) gets from ``hours``:
    what it wants while hours last."""
    # (np.add.accumulate is what cumsum calls; without cumsum's dispatch it costs a third
    # as much on 40 requests)
    before = np.add.accumulate(want) - want
    return np.minimum(np.maximum(hours - before, 0.0), want)


def serve_in_order(want: np.ndarray, vip: np.ndarray, hours: float,
                   hold: Callable[[np.ndarray, np.ndarray, np.ndarray | None], np.ndarray]
                   | None = None) -> np.ndarray:
    """The hours each request gets when ``hours`` are spent on accepted work: requests in
    row order (request-id order, oldest first), VIP clients' requests ahead, each given what
    it ``want``s while hours last. (:func:`sim.engine.preview` uses it, through
    :func:`accepted_work`, to show what will wait.)

    ``hold(served, queue, order)`` may change what was served before it is put back in row
    order: ``served`` and ``queue`` (what each wants) are in the order served, ``order`` the
    rows in that order (None: row order). The single point of contact holds there."""
    order = _queue_order(vip)
    queue = want if order is None else want[order]
    served = _serve_queue(queue, hours)
    if hold is not None:
        served = hold(served, queue, order)
    if order is None:
        return served
    in_rows = np.empty(len(want))
    in_rows[order] = served
    return in_rows


def _single_contact(served: np.ndarray, want: np.ndarray, cl: np.ndarray, owner: np.ndarray,
                    contact: np.ndarray, staff_cap: np.ndarray, rules) -> np.ndarray:
    """A single point of contact binds one person's hours: the work of his single-contact
    clients can take at most ``rules.contact_owner_share`` of his week, together; what does
    not fit waits for him, and the hours go to the rest of the queue.

    ``served``, ``want`` and ``cl`` (each request's client) are in the order the queue was
    served (:func:`_queue_order`), so the hours freed are served again in that order with
    no second sort; ``served`` is changed in place and returned.
    """
    theirs = contact[cl]
    mine = theirs & (served > 0)
    if not np.count_nonzero(mine):
        return served
    # a handful of requests: plain Python floats (the same IEEE arithmetic as numpy scalars)
    budget = (staff_cap * rules.contact_owner_share).tolist()
    rows = mine.nonzero()[0]
    freed = 0.0
    for j, o, got in zip(rows.tolist(), owner[cl[rows]].tolist(), served[rows].tolist(),
                         strict=True):
        if o < 0:
            continue
        give = min(got, max(0.0, budget[o]))
        budget[o] -= give
        freed += got - give
        served[j] = give
    if freed > 1e-9:
        served += _serve_queue(np.where(theirs, 0.0, want - served), freed)
    return served


def team_hours(st: GameState) -> np.ndarray:
    """Each staff member's productive hours this week (his overtime and a week off as the
    decisions set them)."""
    s = st.staff
    ns = s.n
    return staff_capacity(s.hours[:ns], s.morale[:ns], s.overtime[:ns], s.time_off[:ns],
                          s.status[:ns] == STAFF_ACTIVE, st.params.rules)


def unbilled_demand(st: GameState, wk: Week, calls: np.ndarray,
                    capacity: float) -> tuple[np.ndarray, float]:
    """Each client's unbilled hours this week and their total, at most ``capacity``.

    ``calls`` scales each client's usual calls and questions (the week's random draw, 1 on
    average); the rest is known before the week: onboarding and handovers, chasing late
    payers, writing a scope, VIP attention. Terms cap the calls.
    """
    c, r = st.clients, st.params.rules
    n = wk.n
    scope, contact, vip = c.scope[:n], c.contact[:n], c.vip[:n]
    cap_factor = np.where(scope, r.scope_unbilled_cap, 1.0)
    if np.count_nonzero(contact):
        cap_factor = cap_factor * np.where(contact, r.contact_unbilled_cap, 1.0)
    demand = (c.unbilled_mean[:n] * calls * cap_factor + c.chase_hours[:n] + c.terms_hours[:n]
              + vip * r.vip_hours)
    demand = demand * wk.active + wk.extra_hours
    total_unbilled = float(np.add.reduce(demand))
    if total_unbilled > capacity:
        demand *= capacity / total_unbilled if capacity > 0 else 0.0
        total_unbilled = min(total_unbilled, capacity)
    return demand, total_unbilled


def accepted_work(st: GameState, wk: Week, hours: float,
                  staff_cap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hours each open request wants this week and the hours it gets when ``hours`` are
    left for accepted work: queued requests in the engine's order (:func:`serve_in_order`),
    a single point of contact holding to his owner's share; a request on hold for new terms
    and one deferred or capped want nothing or less. Changes nothing."""
    c, R, r = st.clients, st.requests, st.params.rules
    n, m = wk.n, R.n
    contact, vip = c.contact[:n], c.vip[:n]
    left = R.hours_left[:m]
    cap = R.cap[:m]
    if wk.all_queued:
        want = left  # no caps, nothing deferred: the formula below gives the same bits
    else:
        want = np.where(cap >= 0, np.minimum(left, cap), left) * (R.state[:m] == REQ_QUEUED)
    held = R.hold[:m] > st.week
    if np.count_nonzero(held):
        want = want * ~held  # a change outside the written scope waits for its new terms
    cl = R.client[:m]
    hold = None
    if np.count_nonzero(contact):
        def hold(served: np.ndarray, queue: np.ndarray, order: np.ndarray | None) -> np.ndarray:
            # in the order served: the hours he frees go to the rest with no second sort
            return _single_contact(served, queue, cl if order is None else cl[order],
                                   c.owner[:n], contact, staff_cap, r)
    served = serve_in_order(want, vip[cl], hours, hold)
    return want, served


def spend_hours(st: GameState, wk: Week) -> None:
    """Unbilled demands first (the phone rings whether or not there is time; terms cap
    them), then accepted work oldest first with VIP clients ahead; what does not fit waits."""
    c, s, R, r = st.clients, st.staff, st.requests, st.params.rules
    n, ns = wk.n, s.n
    rng = st.rng["service"]
    ta = st.traits
    t = wk.per_client(ta)  # trait parameters by client
    active = wk.active
    rep = wk.report

    staff_cap = team_hours(st)
    capacity = float(np.add.reduce(staff_cap))
    wk.capacity = capacity

    scope, contact = c.scope[:n], c.contact[:n]
    any_contact = np.count_nonzero(contact) > 0
    N = row_block(n)
    shape = r.unbilled_noise_shape  # Gamma noise of mean 1: the scale is 1 / shape
    demand, total_unbilled = unbilled_demand(st, wk, rng.gamma(shape, 1.0 / shape, N)[:n],
                                             capacity)
    c.chase_hours[:n] = 0.0
    c.terms_hours[:n] = 0.0
    remaining = capacity - total_unbilled

    billable = rework = assigned = None
    m = R.n
    if m:
        left = R.hours_left[:m]
        cl = R.client[:m]
        _, served = accepted_work(st, wk, remaining, staff_cap)
        left -= served
        # each client's rework share, then each request's (one gather instead of two)
        rw = served * (t.rework_share * np.where(scope, r.scope_rework, 1.0))[cl]
        billable = np.bincount(cl, weights=served - rw, minlength=n)
        rework = np.bincount(cl, weights=rw, minlength=n)
        remaining -= float(np.add.reduce(served))
        # whoever the player put on a client's work this week faces him, not his owner
        picked = R.staff[:m]
        if np.count_nonzero(picked >= 0):
            assigned = np.full(n, -1, dtype=np.int64)
            np.maximum.at(assigned, cl, np.where(served > 0, picked, -1))
        R.keep(left > 1e-9)
        m = R.n
    wait = np.zeros(n, dtype=np.int64)
    if m:
        # the oldest unfinished request of each client, in weeks; a request that waited too
        # long is withdrawn (the client takes it to a competitor)
        ages = np.subtract(st.week, R.week[:m], dtype=np.int64)
        np.maximum.at(wait, R.client[:m], ages)
        stale = ages >= r.max_wait_weeks
        if np.count_nonzero(stale):
            wk.withdrawn = np.bincount(R.client[:m][stale], minlength=n).astype(np.int32)
            wk.turned_away = True
            R.keep(~stale)
            m = R.n
        rep.waiting_hours = float(np.add.reduce(R.hours_left[:m]))
    c.wait_weeks[:n] = wait
    unbilled = demand  # (a fresh array of this step's: rework is added in place)
    if billable is None:
        billable = np.zeros(n)
    else:
        unbilled += rework
    c.week_billable[:n] = billable
    c.week_unbilled[:n] = unbilled
    c.billable_hours[:n] += billable
    c.unbilled_hours[:n] += unbilled
    top = int(unbilled.argmax()) if n else -1
    wk.top_eater = top if n and unbilled[top] >= 4.0 else -1

    used = capacity - remaining
    s.week_hours[:ns] = staff_cap * (used / capacity if capacity > 0 else 0.0)
    rep.capacity_hours = capacity
    overtime = s.overtime[:ns]
    rep.overtime_hours = (float(np.add.reduce(overtime * (s.status[:ns] == STAFF_ACTIVE)))
                          if np.count_nonzero(overtime) else 0.0)
    rep.billable_hours = float(np.add.reduce(billable))
    rep.unbilled_hours = float(np.add.reduce(unbilled))

    # incidents: incivility lands on the client's owner
    incivility = t.incivility
    if any_contact:
        incivility = incivility * np.where(contact, r.contact_incivility, 1.0)
    # (the week's ledger holds them: only this step writes its incidents)
    incid = np.multiply(small_poisson(incivility, rng.random(N)[:n], r.max_incidents), active,
                        out=wk.ledger.incidents)
    hit = incid.nonzero()[0]
    s.week_incidents[:ns] = 0
    if len(hit):
        c.incidents[:n] += incid
        abuse = st.abuse
        owner = c.owner if assigned is None else np.where(assigned >= 0, assigned, c.owner[:n])
        away = s.time_off[:ns]
        for i, o, k in zip(hit.tolist(), owner[hit].tolist(), incid[hit].tolist(), strict=True):
            if o >= 0 and not away[o]:  # (someone on a week off takes no calls)
                s.week_incidents[o] += k
                abuse[(o, i)] = abuse.get((o, i), 0) + k
        s.incidents[:ns] += s.week_incidents[:ns]


#: with more clients billed in a week than this, step 6 bills on the columns, below it one
#: by one (each client billed costs about as much as a column operation: one by one was
#: measured cheaper up to some 30-40 clients billed; the agency bills 4-25 a week, a shop of
#: 200 clients 59-189)
FEW_BILLED = 40


def invoice_and_pay(st: GameState, wk: Week) -> None:
    """Invoices at the client's price, discounts demanded and granted or refused, payments on
    time, late (credit cost) or never (bad debt); then wages and costs leave the cash.

    A small shop bills a dozen clients a week: they are invoiced one by one in plain Python
    (:func:`_bill_one_by_one`), a big shop's on the columns (:func:`_bill_columns`), with the
    same operations in the same order, so both give the same bytes (a test plays games both
    ways). The firm's books and each client's contribution are then taken the same way."""
    n = wk.n
    t = wk.per_client(st.traits)  # trait parameters by client
    u = st.rng["payments"].random((3, row_block(n)))[:, :n]
    rows = st.clients.week_billable[:n].nonzero()[0]  # (a client with no hours bills 0)
    if len(rows) <= FEW_BILLED:
        billed = _bill_one_by_one(st, wk, t, u, rows)
    else:
        billed = _bill_columns(st, wk, t, u)
    _books(st, wk, *billed)


# The week's ledger arrays of revenue, discounts, bad debt and credit cost are written by
# step 6 alone (zeros until now): the amounts are computed straight into them. Bad debt,
# discounts and late invoices are not every week's (in the agency nine weeks in ten have no
# bad debt, two in three no discount): when there are none their arrays stay zero, and
# neither their sums nor their additions to the client ledger are taken. Each bill returns
# the week's revenue (net of discounts), bad debt, discounts, invoices paid later and their
# credit cost, in cents.
Billed = tuple[int, int, int, int, int]


def _bill_columns(st: GameState, wk: Week, t: TraitRows, u: np.ndarray) -> Billed:
    """The week's invoices, on the columns (a big shop)."""
    c, r = st.clients, st.params.rules
    n = wk.n
    led = wk.ledger
    gross, disc, bad = led.revenue, led.discounts, led.bad_debt
    hours = c.week_billable[:n]
    billed = hours > 1e-9
    np.rint(hours * (st.price_per_hour * c.price_factor[:n]), out=gross, casting="unsafe")
    prepay = c.prepay[:n]
    haggle_p = (t.haggle * np.where(prepay, r.prepay_haggle, 1.0)
                * np.where(c.scope[:n], r.scope_haggle, 1.0))
    demands = billed & (u[0] < haggle_p)
    grant_terms = c.grant_discounts[:n]
    grant = demands & grant_terms
    wk.granted = grant
    wk.refused = demands & ~grant_terms
    any_grant = np.count_nonzero(grant) > 0
    if any_grant:
        np.rint(gross * (t.discount * grant), out=disc, casting="unsafe")
    net = gross - disc
    p_never, u1 = t.pay_never, u[1]
    open_ = billed & ~prepay
    below_never = u1 < p_never
    never = open_ & below_never
    late = open_ & ~below_never & (u1 < p_never + t.pay_late)
    any_never = np.count_nonzero(never) > 0
    if any_never:
        np.multiply(net, never, out=bad)
    # integer sums: each is taken once
    revenue = int(np.add.reduce(net))
    bad_debt = int(np.add.reduce(bad)) if any_never else 0
    li = late.nonzero()[0]
    paid_later, credit_cost = _send_late(st, wk, t, li.tolist(), net[li].tolist(),
                                         u[2][li].tolist())
    # the client ledger
    c.revenue[:n] += net
    if any_grant:
        c.discounts[:n] += disc
    if any_never:
        c.bad_debt[:n] += bad
        c.unpaid_invoices[:n] += never
    c.invoices[:n] += billed
    c.discount_demands[:n] += demands
    c.week_revenue[:n] = net
    discounts = int(np.add.reduce(disc)) if any_grant else 0
    return revenue, bad_debt, discounts, paid_later, credit_cost


def _bill_one_by_one(st: GameState, wk: Week, t: TraitRows, u: np.ndarray,
                     rows: np.ndarray) -> Billed:
    """The week's invoices, client by client (a small shop): the rules of
    :func:`_bill_columns` for each client with hours this week (``rows``), in that order.
    Python's round() rounds half to even as np.rint does, and int * float is the float
    product numpy takes. What each client needs is gathered once per column; what he gets
    is written as Python numbers, one element at a time (cheaper than a scatter at a dozen
    clients, and far cheaper than numpy scalars)."""
    c, r = st.clients, st.params.rules
    led = wk.ledger
    n = wk.n
    week_revenue = c.week_revenue
    week_revenue[:n] = 0
    if not len(rows):
        return 0, 0, 0, 0, 0
    hours = c.week_billable[rows].tolist()
    price = st.price_per_hour
    price_factor = c.price_factor[rows].tolist()
    prepay = c.prepay[rows].tolist()
    scope = c.scope[rows].tolist()
    haggle = t.haggle[rows].tolist()
    p_never = t.pay_never[rows].tolist()
    p_late = t.pay_late[rows].tolist()
    u0, u1, u2 = u.take(rows, axis=1).tolist()
    prepay_haggle, scope_haggle = r.prepay_haggle, r.scope_haggle
    gross_of, disc_of, bad_of = led.revenue, led.discounts, led.bad_debt
    invoices = c.invoices
    revenue = bad_debt = discounts = 0
    granted: list[int] = []
    refused: list[int] = []
    late: list[int] = []
    late_amounts: list[int] = []
    late_u: list[float] = []
    for j, i in enumerate(rows.tolist()):
        h = hours[j]
        net = gross = round(h * (price * price_factor[j]))
        gross_of[i] = gross
        if h > 1e-9:
            invoices[i] = invoices.item(i) + 1
            # a discount demanded: his trait's chance, less on prepayment or a written scope
            if u0[j] < (haggle[j] * (prepay_haggle if prepay[j] else 1.0)
                        * (scope_haggle if scope[j] else 1.0)):
                if c.grant_discounts.item(i):
                    granted.append(i)
                    disc = round(gross * t.discount.item(i))
                    disc_of[i] = disc
                    net -= disc
                    discounts += disc
                    c.discounts[i] = c.discounts.item(i) + disc
                else:
                    refused.append(i)
            # an open invoice is paid never, late or on time
            if not prepay[j]:
                if u1[j] < p_never[j]:
                    bad_of[i] = net
                    bad_debt += net
                    c.bad_debt[i] = c.bad_debt.item(i) + net
                    c.unpaid_invoices[i] = c.unpaid_invoices.item(i) + 1
                elif u1[j] < p_never[j] + p_late[j]:
                    late.append(i)
                    late_amounts.append(net)
                    late_u.append(u2[j])
        revenue += net
        week_revenue[i] = net
    c.revenue[:n] += week_revenue[:n]
    paid_later, credit_cost = _send_late(st, wk, t, late, late_amounts, late_u)
    if granted or refused:
        wk.granted = np.zeros(n, dtype=bool)
        wk.refused = np.zeros(n, dtype=bool)
        demands = c.discount_demands
        for i in granted:
            wk.granted[i] = True
            demands[i] = demands.item(i) + 1
        for i in refused:
            wk.refused[i] = True
            demands[i] = demands.item(i) + 1
    return revenue, bad_debt, discounts, paid_later, credit_cost


#: the columns of an invoice, every one written when it is sent
_INVOICE = frozenset(("client", "amount", "due"))


def _send_late(st: GameState, wk: Week, t: TraitRows, rows: list[int], amounts: list[int],
               u2: list[float]) -> tuple[int, int]:
    """The week's late invoices (two in the agency, a dozen at 200 clients), one by one: each
    is paid ``late_weeks`` later, give or take up to ``late_weeks_spread``, at a credit cost
    for the client; chasing it costs hours next week. Returns what they amount to and their
    credit cost. int() truncates and round() rounds half to even, as the casts and np.rint
    of the array form did."""
    if not rows:
        return 0, 0
    c, r, inv, led = st.clients, st.params.rules, st.invoices, wk.ledger
    spread = r.late_weeks_spread  # late_weeks, give or take up to spread weeks
    rate, chase = st.params.firm.credit_rate_week, r.late_chase_hours
    late_weeks = t.late_weeks
    paid_later = credit_cost = 0
    new = inv.add(len(rows), written=_INVOICE)
    for row, i, amount, draw in zip(range(new.start, new.stop), rows, amounts, u2,
                                    strict=True):
        delay = max(1, int(late_weeks.item(i)) + int(draw * (2 * spread + 1)) - spread)
        paid_later += amount
        credit = round(amount * rate * delay)
        credit_cost += credit
        led.credit_cost[i] = credit
        c.credit_cost[i] = c.credit_cost.item(i) + credit
        inv.client[row], inv.amount[row], inv.due[row] = i, amount, st.week + delay
        led.late_billed[i] = amount
        # chasing late payers costs hours next week
        c.chase_hours[i] = c.chase_hours.item(i) + chase
        c.late_invoices[i] = c.late_invoices.item(i) + 1
    return paid_later, credit_cost


def _pay_due(st: GameState, wk: Week) -> int:
    """The late invoices that fall due this week are paid (a handful of the few open ones:
    whole cents, summed exactly in any order); returns what they bring in."""
    inv = st.invoices
    week = st.week
    due = [j for j, d in enumerate(inv.due[: inv.n].tolist()) if d <= week]
    if not due:
        return 0
    late_paid, client, amount = wk.ledger.late_paid, inv.client, inv.amount
    paid = 0
    for j in due:
        cents = amount.item(j)
        i = client.item(j)
        late_paid[i] = late_paid.item(i) + cents
        paid += cents
    inv.keep(inv.due[: inv.n] > week)
    return paid


def _books(st: GameState, wk: Week, revenue: int, bad_debt: int, discounts: int,
           paid_later: int, credit_cost: int) -> None:
    """The firm's books of the week (payments, wages, overtime, fixed and other costs), the
    causes of its profit, and what each client contributed."""
    c, s, r = st.clients, st.staff, st.params.rules
    n, ns = wk.n, s.n
    rep = wk.report
    led = wk.ledger
    paid_late = _pay_due(st, wk)
    wage, contract = active_team(st)
    wages = sum(wage)  # (whole cents)
    ot_pay = team_overtime_pay(wage, s.hours[:ns].tolist(), s.overtime[:ns].tolist(), r)
    fixed = st.params.firm.fixed_costs
    # an overdraft costs interest at the firm's weekly rate
    interest = int(round(-st.cash * st.params.firm.credit_rate_week)) if st.cash < 0 else 0
    other = st.pending_costs + interest
    st.pending_costs = 0
    payments = revenue - bad_debt - paid_later + paid_late
    rep.revenue = revenue
    rep.discounts = discounts
    rep.bad_debt = bad_debt + wk.blunt_unpaid
    rep.credit_cost = credit_cost
    rep.payments = payments
    rep.wages = wages
    rep.overtime_pay = ot_pay
    rep.fixed_costs = fixed
    rep.other_costs = other
    st.cash += payments - wages - ot_pay - fixed - other
    # the causes, for the week report (revenue, discounts, bad debt and credit are in already)
    unbilled = c.week_unbilled[:n]
    led.payroll(wages, wk.capacity, rep.billable_hours, unbilled)
    led.add(PROFIT, "overtime", -ot_pay)
    led.add(PROFIT, "fixed", -fixed)
    led.add(PROFIT, "interest", -interest)
    # what each client contributed this week: his week's ledger profit, at the loaded hourly
    # cost of the wages just counted (the same sums loaded_hourly_cost would take again)
    loaded = hourly_cost(wages, np_sum(contract), fixed)
    wk.loaded_hourly = loaded
    contrib = ledger_profit(c.week_revenue[:n], led.credit_cost, led.bad_debt,
                            (c.week_billable[:n] + unbilled) * loaded)
    # a running average of about a quarter's memory, so that one exceptional week cannot
    # inflate the terminal value (computed in place in contrib, which nothing else reads)
    avg = c.contribution_avg[:n]
    contrib -= avg
    contrib *= 1.0 / r.contribution_weeks
    contrib *= wk.active
    avg += contrib


def book_cost(st: GameState, wk: Week, cents: int, note: Note | None = None) -> None:
    """A cost that arises after the books of step 6 (a quit's hiring fee)."""
    st.cash -= cents
    wk.report.other_costs += cents
    if note is not None:
        wk.report.notes.append(note)
