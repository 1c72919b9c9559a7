"""Adding clients, leads and staff to a game: drawing each newcomer's hidden behaviour."""

from __future__ import annotations

import numpy as np

from .names import CLIENT_NAMES, STAFF_NAMES
from .params import ClientSpec, Dist, StaffMember
from .state import ACTIVE, STAFF_ACTIVE, STAFF_HIRING, GameState


def _draw(dists: tuple[Dist, ...], traits: np.ndarray, rng: np.random.Generator,
          lognormal: bool = True) -> np.ndarray:
    mean = np.array([dists[t].mean for t in traits])
    spread = np.array([dists[t].spread for t in traits])
    z = rng.standard_normal(len(traits))
    if lognormal:
        return mean * np.exp(spread * z - 0.5 * spread * spread)
    return mean + spread * z


def next_client_name(st: GameState) -> str:
    i = st.name_counter
    st.name_counter += 1
    base = CLIENT_NAMES[i % len(CLIENT_NAMES)]
    round_ = i // len(CLIENT_NAMES)
    return base if round_ == 0 else f"{base} {round_ + 1}"


def add_clients(st: GameState, traits: np.ndarray, *, status: int, origin: int,
                rng: np.random.Generator, specs: list[ClientSpec] | None = None,
                names: list[str] | None = None, referred_by: np.ndarray | None = None) -> slice:
    """Append clients of the given trait ids; draw their behaviour and lead signals."""
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
    c.req_rate[rows] = _draw(ta.dists["requests_per_week"], traits, rng)
    c.req_hours[rows] = _draw(ta.dists["hours_per_request"], traits, rng)
    c.budget[rows] = np.maximum(0.5, _draw(ta.dists["budget"], traits, rng, lognormal=False))
    c.unbilled_mean[rows] = _draw(ta.dists["unbilled_hours"], traits, rng)
    c.voice[rows] = _draw(ta.dists["voice"], traits, rng)
    u = rng.random((3, k))
    c.sig_polite[rows] = u[0] < ta.polite[traits]
    c.sig_discount[rows] = u[1] < ta.asks_discount[traits]
    c.sig_prepay[rows] = u[2] < ta.agrees_prepay[traits]
    c.satisfaction[rows] = ta.satisfaction[traits]
    if referred_by is not None:
        c.referred_by[rows] = referred_by
    if specs:
        for j, spec in enumerate(specs):
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
        for i in range(rows.start, rows.stop):
            c.owner[i] = least_loaded_staff(st)
    return rows


def least_loaded_staff(st: GameState, exclude: int = -1) -> int:
    """The active staff member who owns the fewest active clients (lowest index on ties)."""
    s = st.staff
    n = s.n
    if n == 0:
        return -1
    c = st.clients
    active = c.status[: c.n] == ACTIVE
    owners = c.owner[: c.n][active]
    owners = owners[owners >= 0]
    counts = np.bincount(owners, minlength=n).astype(np.float64)[:n]
    counts[s.status[:n] != STAFF_ACTIVE] = np.inf
    if 0 <= exclude < n:
        counts[exclude] = np.inf
    if np.isinf(counts).all():
        return -1
    return int(np.argmin(counts))


def add_staff(st: GameState, member: StaffMember, *, arrives: int | None = None) -> int:
    """Add a staff member now, or as a hire who starts in week ``arrives``."""
    s = st.staff
    rows = s.add(1)
    i = rows.start
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
