"""One week of the model, in the order of DESIGN §2.

``open_week`` runs steps 1-3 (events, leads, requests) so the observation the player decides
on already holds this week's leads and requests; ``step`` runs steps 4-11 and opens the next
week. Each step is one function; the per-client work is vectorised.
"""

from __future__ import annotations

import math

import numpy as np

from . import decisions as D
from .apply import apply_decisions
from .context import Week, row_block, small_poisson
from .events import scripted_events
from .explain import close_causes, explain_week, open_causes
from .ids import request_uids
from .ledger import MORALE
from .params import STAR, GameParams
from .people import (
    churn_and_reactions,
    morale_quits_hires,
    reputation,
    satisfaction_and_word_of_mouth,
)
from .population import add_clients, add_staff
from .prices import demand_factor, price_ratio
from .report import Note, WeekReport
from .service import invoice_and_pay, spend_hours
from .state import (
    ACTIVE,
    DECLINED,
    LEAD,
    ORIGIN_LEAD,
    ORIGIN_REFERRAL,
    ORIGIN_RETURN,
    ORIGIN_START,
    REQ_INBOX,
    STAFF_ACTIVE,
    STAFF_HIRING,
    GameState,
    TraitArrays,
    make_streams,
    mix_vector,
)
from .validate import check_params, lead_room, validate_decisions

# --------------------------------------------------------------------------------------
# starting a game and opening a week (steps 1-3)
# --------------------------------------------------------------------------------------


def new_game(params: GameParams, seed: int) -> GameState:
    """Build the state of week 1, already opened (its leads and requests are in the inbox)."""
    check_params(params)
    st = GameState(params=params, traits=TraitArrays(params), seed=int(seed),
                   rng=make_streams(int(seed)))
    firm = params.firm
    st.cash = firm.cash
    st.reputation = params.rules.reputation_start
    st.price_per_hour = firm.price_per_hour
    st.market_rate = params.market.rate_per_hour or firm.price_per_hour
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
    _order_book(st, params.rules.order_book_weeks)
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
    scripted_events(st)
    _new_leads(st)
    _new_requests(st)


def _arrive_hires(st: GameState) -> None:
    s = st.staff
    hiring = s.status[: s.n] == STAFF_HIRING
    if not np.count_nonzero(hiring):  # (most weeks: nobody is on his way)
        return
    for i in (hiring & (s.joined[: s.n] <= st.week)).nonzero()[0]:
        s.status[i] = STAFF_ACTIVE
        st.opening_notes.append(Note("staff_joined", {"staff": st.staff_names[i]}, staff=int(i),
                                     covers=((MORALE, "team"),)))


def _new_leads(st: GameState) -> None:
    """Step 2: leads from the market, from referrals and fired clients coming back.

    The market stream is consumed the same way every week (a fixed number of candidate
    leads, the count by the inverse CDF of one uniform), so two games whose reputations
    differ a little still meet the same people: comparisons between policies stay fair.

    That is also the invariant the stable ids rest on (:mod:`sim.engine.ids`): the ``k``-th
    market lead of a week is the same person in every timeline of the game that has him,
    whatever was decided before; a referral is known by his referrer and a returning client
    by whom he returns as (``add_clients`` gives each his ``uid``).
    """
    rng = st.rng["leads"]
    r = st.params.rules
    room = lead_room(st)  # the model's caps on leads a week and on active clients
    most = r.max_market_leads
    factor = max(r.lead_floor, 1.0 + r.lead_per_star * (st.reputation - 50.0) / STAR)
    u = rng.random(1 + most)
    z = rng.standard_normal((5, most))
    signals = rng.random((3, most))
    k = min(room, _poisson_scalar(st.lead_rate * factor, float(u[0]), most))
    room -= k
    if k:
        tids = np.minimum(st.mix.cumsum().searchsorted(u[1 : 1 + k], side="right"),
                          len(st.mix) - 1)
        add_clients(st, tids, status=LEAD, origin=ORIGIN_LEAD, rng=rng,
                    draws=(z[:, :k], signals[:, :k]))
    rng = st.rng["referrals"]
    if st.pending_referrals:
        refs = st.pending_referrals[:room]  # beyond the room the word is lost: the firm is full
        st.pending_referrals = []
        room -= len(refs)
        if refs:
            add_clients(st, np.array([t for _, t in refs]), status=LEAD,
                        origin=ORIGIN_REFERRAL, rng=rng,
                        referred_by=np.array([c for c, _ in refs]))
    if st.pending_returns:
        c = st.clients
        for old in st.pending_returns[:room]:
            rows = add_clients(st, np.array([c.trait[old]]), status=LEAD, origin=ORIGIN_RETURN,
                               rng=rng, names=[st.client_names[old]],
                               returning_of=np.array([old]))
            i = rows.start
            for col in ("req_rate", "req_hours", "budget", "unbilled_mean", "voice"):
                getattr(c, col)[i] = getattr(c, col)[old]
            if c.blacklisted[old]:
                c.status[i] = DECLINED
                c.left[i] = st.week
                st.opening_notes.append(Note("blacklist_declined",
                                             {"client": st.client_names[i]}, client=i))
            else:
                st.opening_notes.append(Note("client_returns", {"client": st.client_names[i]},
                                             client=i))
        st.pending_returns = []


def _poisson_scalar(lam: float, u: float, most: int) -> int:
    """The inverse CDF of Poisson(lam) at ``u``, capped at ``most``."""
    p = math.exp(-lam)
    cdf = p
    k = 0
    while u > cdf and k < most:
        k += 1
        p *= lam / k
        cdf += p
    return k


def _order_book(st: GameState, weeks: float) -> None:
    """The work in hand at the start: the firm is not new, and a firm that has been running
    has booked its team ``weeks`` ahead. The book (``weeks`` of the staff's hours) is spread
    over the initial clients by their usual weekly hours, one job each, dated week 0, so the
    first week's work does not hang on how many requests happen to come in.

    It draws nothing: what differs between seeds is who the clients are, not the book's size.
    """
    c = st.clients
    n = c.n
    hours = float(st.staff.hours[: st.staff.n][st.staff.status[: st.staff.n] == STAFF_ACTIVE]
                  .sum())
    if weeks <= 0 or n == 0 or hours <= 0:
        return
    r = st.params.rules
    usual = c.req_rate[:n] * c.req_hours[:n] * (c.status[:n] == ACTIVE) * demand_factor(
        price_ratio(st.price_per_hour, st.market_rate, c.price_factor[:n], c.budget[:n]), r)
    total = float(usual.sum())
    if total <= 0:
        return
    book = usual * (weeks * hours / total)
    # a big client's share is several jobs, each at most a few of his usual requests (a
    # client of zero-hour requests has no book)
    per_job = r.order_book_job_requests * np.maximum(0.5, c.req_hours[:n])
    jobs = np.where(book >= 0.25, np.maximum(1, np.ceil(book / per_job)), 0)
    jobs = jobs.astype(np.int64)
    who = np.repeat(np.arange(n), jobs)
    if len(who) == 0:
        return
    size = np.maximum(0.5, np.rint(book[who] / jobs[who] * 2.0) / 2.0)
    _add_requests(st, who, size, week=0)
    c.requests[:n] += jobs


def _new_requests(st: GameState) -> None:
    """Step 3: every active client sends this week's requests."""
    c = st.clients
    n = c.n
    rng = st.rng["requests"]
    r = st.params.rules
    vip = c.vip[:n]
    if np.count_nonzero(vip):
        # personal attention grows a client's share of wallet, slowly
        vip_weeks = c.vip_weeks[:n]
        vip_weeks += 1
        vip_weeks *= vip
        ramp = np.minimum(1.0, vip_weeks * (1.0 / max(1, r.vip_ramp_weeks)))
        rate = c.req_rate[:n] * (1.0 + (r.vip_growth - 1.0) * ramp)
    else:
        # nobody has it: every count restarts at 0 and the growth factor would be 1.0
        # exactly, so the usual rate is the rate bit for bit (five array operations fewer)
        c.vip_weeks[:n] = 0
        rate = c.req_rate[:n]
    # above his willingness to pay a client buys less (and takes the rest elsewhere)
    rate = rate * demand_factor(price_ratio(st.price_per_hour, st.market_rate,
                                            c.price_factor[:n], c.budget[:n]), r)
    N = row_block(n)
    most = r.max_requests
    counts = small_poisson(rate, rng.random(N)[:n], most) * (c.status[:n] == ACTIVE)
    sizes = rng.random((2, N, most))
    changes = rng.random((N, most))
    c.week_requests[:n] = counts
    c.week_held[:n] = 0
    # request j of client i uses sizes[:, i, j]; nonzero lists the pairs (i, j < counts[i])
    # client by client, as their ids are given, and j is the request's place among his
    who, place = _first_places(most).take(counts, axis=0).nonzero()
    if len(who) == 0:
        return
    pair = sizes[:, who, place]
    # a request's size is Gamma(2) around the client's mean: the sum of two exponentials
    size = -0.5 * np.log(pair[0] * pair[1])
    # (np.rint is what np.round calls for 0 decimals, without the Python wrapper)
    hours = np.maximum(0.5, np.rint(size * c.req_hours[who] * 2.0) / 2.0)
    new = _add_requests(st, who, hours, st.week, place)
    c.requests[:n] += counts
    scope = c.scope[:n]
    # (no client on a written scope: not even the gather)
    if np.count_nonzero(scope) and np.count_nonzero(on_scope := scope[who]):
        # a written scope: every job's scope is written down (hours nobody pays for), and a
        # change outside it waits a week for the renegotiation, even a good client's
        R = st.requests
        held = on_scope & (changes[who, place] < r.scope_change_share)
        R.hold[new] = np.where(held, st.week + 1, st.week)
        c.terms_hours[:n] += np.bincount(who[on_scope], minlength=n) * r.scope_change_hours
        c.week_held[:n] = np.bincount(who[held], minlength=n)


_FIRST_PLACES: dict[int, np.ndarray] = {}


def _first_places(most: int) -> np.ndarray:
    """The (most + 1, most) table whose row ``k`` marks a client's first ``k`` places of the
    week: gathering its rows by the week's counts (``take``, many times quicker here than a
    broadcast compare or ``table[counts]``) gives the (clients, places) mask of requests."""
    table = _FIRST_PLACES.get(most)
    if table is None:
        table = _FIRST_PLACES[most] = np.arange(most) < np.arange(most + 1)[:, None]
        table.setflags(write=False)
    return table


#: the request columns :func:`_add_requests` writes itself (``staff`` and ``cap`` keep the
#: table's defaults)
_REQUEST_WRITTEN = frozenset({"rid", "uid", "client", "hours", "hours_left", "week", "state",
                              "hold"})


def _add_requests(st: GameState, who: np.ndarray, hours: np.ndarray, week: int,
                  place: np.ndarray | None = None) -> slice:
    """Put requests of clients ``who`` (in client order) of ``hours`` into the inbox;
    ``place`` is each one's place among his client's this week (worked out from ``who`` if
    not given)."""
    total = len(who)
    R = st.requests
    new = R.add(total, written=_REQUEST_WRITTEN)
    first = st.next_request_id
    R.rid[new] = np.arange(first, first + total)
    st.next_request_id = first + total
    # the stable id: the client's, the week and the request's place among his that week
    # (``who`` lists each client's requests together)
    if place is None:
        place = np.arange(total) - np.searchsorted(who, who)
    R.uid[new] = request_uids(st.clients.uid[who], week, place)
    R.client[new] = who
    R.hours[new] = hours
    R.hours_left[new] = hours
    R.week[new] = week
    R.state[new] = REQ_INBOX
    R.hold[new] = week
    return new


# --------------------------------------------------------------------------------------
# the week proper (steps 4-11)
# --------------------------------------------------------------------------------------


def step(state: GameState, decisions: D.Decisions | None = None, *,
         inplace: bool = False, explain: bool = True) -> tuple[GameState, WeekReport]:
    """Play one week: apply ``decisions``, run steps 4-11, open the next week.

    Raises :class:`~sim.engine.decisions.IllegalDecision` (and changes nothing) when a
    decision cannot apply. Returns the new state (the same object when ``inplace``) and the
    week's report. ``explain=False`` leaves out the notes that explain the week's largest
    causes (:func:`~sim.engine.explain.explain_week`), for a caller that reads no report
    (``sim run``): the state, the numbers and the ledger are the same either way.
    """
    if decisions is None:
        decisions = D.Decisions()
    validate_decisions(state, decisions)
    st = state if inplace else state.copy()
    n = st.clients.n
    w = st.weekly
    # (the ledger is Week.start's to make, for the week's n clients: a default one would be
    # a dozen empty arrays built to be thrown away)
    report = WeekReport(week=st.week, cash_before=st.cash, notes=list(st.opening_notes),
                        reputation_before=(w["reputation"][-1] if w["reputation"]
                                           else st.params.rules.reputation_start),
                        morale_before=w["morale"][-1] if w["morale"] else team_morale(st),
                        ledger=None)
    wk = Week.start(report, n, st.clients.trait[:n])
    open_causes(st, wk)
    apply_decisions(st, wk, decisions)         # 4
    spend_hours(st, wk)                        # 5
    invoice_and_pay(st, wk)                    # 6
    satisfaction_and_word_of_mouth(st, wk)     # 7
    morale_quits_hires(st, wk)                 # 8
    reputation(st, wk)                         # 9
    churn_and_reactions(st, wk)                # 10
    _close_week(st, wk, explain)               # 11
    return st, report


def team_morale(st: GameState) -> float:
    """The average morale of the active staff (0 when nobody is left)."""
    s = st.staff
    act = s.status[: s.n] == STAFF_ACTIVE
    k = int(np.count_nonzero(act))
    return float(s.morale[: s.n].dot(act)) / k if k else 0.0


def _close_week(st: GameState, wk: Week, explain: bool = True) -> None:
    """Step 11: the week's report and series; bankruptcy or the last week ends the game."""
    c = st.clients
    rep = wk.report
    rep.morale = team_morale(st)
    rep.reputation = st.reputation
    rep.profit = (rep.revenue - rep.bad_debt - rep.wages - rep.overtime_pay - rep.fixed_costs
                  - rep.other_costs)
    rep.cash_after = st.cash
    rep.active_clients = int(np.count_nonzero(c.status[: c.n] == ACTIVE))
    st.revenue_total += rep.revenue
    st.profit_total += rep.profit
    w = st.weekly
    w["cash"].append(st.cash)
    w["profit"].append(rep.profit)
    w["revenue"].append(rep.revenue)
    w["morale"].append(rep.morale)
    w["reputation"].append(st.reputation)
    close_causes(st, wk)
    if explain:
        explain_week(st, wk, len(st.opening_notes))
    if st.cash < -st.params.firm.credit_limit:
        st.over, st.end_reason = True, "bankrupt"
        rep.notes.append(Note("bankrupt", {"cash": st.cash / 100}))
    elif st.week >= st.params.weeks:
        st.over, st.end_reason = True, "finished"
    rep.over, rep.end_reason = st.over, st.end_reason
    st.week += 1
    if not st.over:
        open_week(st)
