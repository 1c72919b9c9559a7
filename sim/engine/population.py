"""Adding clients, leads and staff to a game: drawing each newcomer's hidden behaviour."""

from __future__ import annotations

import numpy as np

from .ids import client_uids
from .names import CLIENT_NAMES, STAFF_NAMES
from .params import ClientSpec, StaffMember
from .state import ACTIVE, STAFF_ACTIVE, STAFF_HIRING, GameState

# rows of TraitArrays.dist_mean: which are log-normal (sizes, rates) and which normal (budget)
_LOGNORMAL = np.array([True, True, False, True, True])


def next_client_name(st: GameState) -> str:
    i = st.name_counter
    st.name_counter += 1
    base = CLIENT_NAMES[i % len(CLIENT_NAMES)]
    round_ = i // len(CLIENT_NAMES)
    return base if round_ == 0 else f"{base} {round_ + 1}"


def add_clients(st: GameState, traits: np.ndarray, *, status: int, origin: int,
                rng: np.random.Generator, specs: list[ClientSpec] | None = None,
                names: list[str] | None = None, referred_by: np.ndarray | None = None,
                returning_of: np.ndarray | None = None,
                draws: tuple[np.ndarray, np.ndarray] | None = None) -> slice:
    """Append clients of the given trait ids; draw their behaviour and lead signals, and
    give each his stable id (:func:`new_uids`).

    ``draws`` (normal (5, k), uniform (3, k)) may be given instead of drawing from ``rng``,
    so that a caller can keep its stream's consumption fixed whatever ``k`` is.
    ``referred_by`` and ``returning_of`` are the rows of the clients they came through.
    """
    c = st.clients
    traits = np.asarray(traits, dtype=np.int64)
    k = len(traits)
    rows = c.add(k)
    if k == 0:
        return rows
    ta = st.traits
    c.trait[rows] = traits
    c.status[rows] = status
    c.origin[rows] = origin
    c.lead_week[rows] = st.week
    c.joined[rows] = st.week if status == ACTIVE else -1
    # one draw for all attributes: mean * exp(s z - s^2/2) keeps the mean (log-normal);
    # the budget is normal around its mean
    # (every operand in row-major order, contiguous: ``take`` gives that where ``[:, traits]``
    # gives column-major, and the market's draws come as a slice of a wider block; numpy
    # runs an operation on mixed layouts row by row, several times slower on these (5, k))
    mean = ta.dist_mean.take(traits, axis=1)
    spread = ta.dist_spread.take(traits, axis=1)
    z, u = draws if draws is not None else (rng.standard_normal((len(_LOGNORMAL), k)),
                                            rng.random((3, k)))
    z = np.ascontiguousarray(z)
    sz = spread * z
    values = np.where(_LOGNORMAL[:, None], mean * np.exp(sz - 0.5 * spread * spread), mean + sz)
    c.req_rate[rows] = values[0]
    c.req_hours[rows] = values[1]
    c.budget[rows] = np.maximum(st.params.rules.budget_floor, values[2])
    c.unbilled_mean[rows] = values[3]
    c.voice[rows] = values[4]
    signals = u < ta.signal_odds.take(traits, axis=1)
    c.sig_polite[rows] = signals[0]
    c.sig_discount[rows] = signals[1]
    c.sig_prepay[rows] = signals[2]
    c.satisfaction[rows] = ta.satisfaction[traits]
    if referred_by is not None:
        c.referred_by[rows] = referred_by
    if returning_of is not None:
        c.returning_of[rows] = returning_of
    via = "referred_by" if referred_by is not None else (
        "returning_of" if returning_of is not None else None)
    c.uid[rows] = new_uids(st, rows, origin, via)
    for j, spec in enumerate(specs or ()):
        i = rows.start + j
        if spec.hours_per_request is not None:
            c.req_hours[i] = spec.hours_per_request
        if spec.budget is not None:
            c.budget[i] = spec.budget
        if spec.voice is not None:
            c.voice[i] = spec.voice
    for j in range(k):
        if names is not None and names[j]:
            st.client_names.append(names[j])
        else:
            st.client_names.append(next_client_name(st))
    if status == ACTIVE:
        assign_owners(st, list(range(rows.start, rows.stop)))
    return rows


def new_uids(st: GameState, rows: slice, origin: int, via: str | None) -> np.ndarray:
    """The stable ids of the new clients in ``rows``, who came this week by ``origin``
    (through the clients their column ``via`` names, ``referred_by`` or ``returning_of``, if
    any): each ranked among those who came the same way this week, earlier rows first (see
    :mod:`sim.engine.ids`)."""
    c = st.clients
    n0, k = rows.start, rows.stop - rows.start
    # rows are added in week order (``lead_week`` is the week a row was added), so when the
    # last earlier row is of an earlier week nobody came before them this week (the usual
    # case: the market's leads are the week's first newcomers)
    first = n0 == 0 or c.lead_week[n0 - 1] != st.week
    came = None if first else (c.lead_week[:n0] == st.week) & (c.origin[:n0] == origin)
    if via is None:
        before = 0 if first else int(np.count_nonzero(came))
        return client_uids(origin, st.week, np.arange(before, before + k))
    parent = getattr(c, via)
    earlier = [] if first else parent[:n0][came].tolist()
    parents = parent[rows].astype(np.int64)
    rank = np.zeros(k, dtype=np.int64)
    for j, p in enumerate(parents.tolist()):
        rank[j] = earlier.count(p)
        earlier.append(p)
    return client_uids(origin, st.week, rank, c.uid[parents])


def _owner_counts(st: GameState, exclude: int = -1) -> np.ndarray:
    s, c = st.staff, st.clients
    n = s.n
    owners = c.owner[: c.n][(c.status[: c.n] == ACTIVE) & (c.owner[: c.n] >= 0)]
    counts = np.bincount(owners, minlength=n)[:n].astype(np.float64)
    counts[s.status[:n] != STAFF_ACTIVE] = np.inf
    if 0 <= exclude < n:
        counts[exclude] = np.inf
    return counts


def assign_owners(st: GameState, clients: list[int], exclude: int = -1) -> None:
    """Give each client an account owner: the staff member with the fewest active clients
    (lowest index on ties), one client at a time."""
    if not clients or st.staff.n == 0:
        return
    c = st.clients
    for i in clients:
        c.owner[i] = -1
    counts = _owner_counts(st, exclude)
    if np.isinf(counts).all():
        return  # nobody at work to own them (and assigning one makes no one appear)
    for i in clients:
        o = int(counts.argmin())
        c.owner[i] = o
        counts[o] += 1


def add_staff(st: GameState, member: StaffMember, *, arrives: int | None = None) -> int:
    """Add a staff member now, or as a hire who starts in week ``arrives``."""
    s = st.staff
    i = s.add(1).start
    s.hours[i] = member.hours
    s.wage[i] = member.wage
    s.morale[i] = member.morale
    if arrives is None or arrives <= st.week:
        s.status[i] = STAFF_ACTIVE
        s.joined[i] = st.week
    else:
        s.status[i] = STAFF_HIRING
        s.joined[i] = arrives
    st.staff_names.append(member.name)
    return i


def new_hire_name(st: GameState) -> str:
    used = set(st.staff_names)
    for name in STAFF_NAMES:
        if name not in used:
            return name
    return f"{STAFF_NAMES[len(st.staff_names) % len(STAFF_NAMES)]} {len(st.staff_names)}"
