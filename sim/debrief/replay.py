"""The run played again, week by week, with what the debrief needs kept on the way.

:func:`replay_run` feeds a run's decisions to the engine (as :mod:`sim.runs.verify` does) and
keeps a copy of the state before each week (``GameState.copy`` is cheap), the weekly
reports, the hours each trait took each week and every client's ledger week by week. The
snapshots let :mod:`sim.debrief.moments` replay from any week without starting over.

:func:`fit_decisions` makes a week's decisions fit another timeline: what no longer applies
(a client already gone, a request that does not exist) is left out, and requests are found
by their client, week and order rather than by an id that a changed past has shifted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..engine import (
    ACTIVE,
    LEAD,
    STAFF_ACTIVE,
    Decisions,
    GameState,
    WeekReport,
    client_ledger,
    final_scores,
    new_game,
    step,
)
from ..engine import loaded_hourly_cost as engine_loaded_hourly_cost

RequestKey = tuple[int, int, int]  # (client, week the request came in, its place that week)


class ClientKeys:
    """Names for client rows that survive a changed past.

    Row ids (and generated names) shift when a change brings one more or one less lead, so
    a client is known by how he came: his origin, the week he came, who referred him or
    whom he returns as, and his place among those who came the same way that week. The
    market's leads are drawn the same way whatever happened before, so the third market
    lead of week 9 is the same person in both timelines. Rows only ever append; call
    :meth:`update` after each week opens.
    """

    def __init__(self) -> None:
        self.keys: list[tuple] = []
        self.index: dict[tuple, int] = {}
        self._seen: dict[tuple, int] = {}

    def update(self, st: GameState) -> ClientKeys:
        c = st.clients
        for i in range(len(self.keys), c.n):
            ref, ret = int(c.referred_by[i]), int(c.returning_of[i])
            base = (int(c.origin[i]), int(c.lead_week[i]),
                    self.keys[ref] if 0 <= ref < i else None,
                    self.keys[ret] if 0 <= ret < i else None)
            rank = self._seen.get(base, 0)
            self._seen[base] = rank + 1
            key = (*base, rank)
            self.keys.append(key)
            self.index[key] = i
        return self


@dataclass
class Replay:
    """One game replayed from its decisions.

    Attributes:
        params: The game's parameters.
        seed: The seed.
        decisions: Every week's decisions, in order (week ``k`` is ``decisions[k - 1]``).
        before: The state at the start of each week (``before[k - 1]`` opens week ``k``).
        state: The final state.
        reports: Every week's report.
        scores: The final scores.
        hours_by_trait: Staff hours (billable + unbilled) per trait name, one value a week.
        ledger: Each client's cumulative ledger profit (currency units) at the end of each
            week, one array a week, indexed by client id (clients not yet there are 0).
        unbilled: Each client's unbilled hours in each week, same layout.
        request_keys: Per week, request id -> (client, week it came in, its place).
        keys: The clients' lasting names (see :class:`ClientKeys`).
        keys_before: How many clients there were at the start of each week.
    """

    params: Any
    seed: int
    decisions: list[Decisions]
    before: list[GameState]
    state: GameState
    reports: list[WeekReport] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    hours_by_trait: dict[str, list[float]] = field(default_factory=dict)
    ledger: list[np.ndarray] = field(default_factory=list)
    unbilled: list[np.ndarray] = field(default_factory=list)
    request_keys: list[dict[int, RequestKey]] = field(default_factory=list)
    keys: ClientKeys = field(default_factory=ClientKeys)
    keys_before: list[int] = field(default_factory=list)

    @property
    def weeks(self) -> int:
        """Weeks played."""
        return len(self.reports)

    def ledger_of(self, client: int) -> list[float]:
        """One client's cumulative ledger profit at the end of each week."""
        return [float(a[client]) if client < len(a) else 0.0 for a in self.ledger]

    def unbilled_of(self, client: int) -> list[float]:
        """One client's unbilled hours in each week."""
        return [float(a[client]) if client < len(a) else 0.0 for a in self.unbilled]


def loaded_hourly_cost(st: GameState) -> float:
    """Cost of one staff hour (wages and fixed costs over the team's hours), in cents, as the
    player's ledger counts it."""
    return engine_loaded_hourly_cost(st)


def ledger_profit(st: GameState) -> np.ndarray:
    """Every client's ledger profit so far (currency units): revenue less the cost of his
    hours, credit cost and bad debt, as his client card shows it."""
    return client_ledger(st).profit / 100.0


def request_keys(st: GameState) -> dict[int, RequestKey]:
    """The open requests of ``st`` by id, as keys that survive a changed past."""
    R = st.requests
    out: dict[int, RequestKey] = {}
    seen: dict[tuple[int, int], int] = {}
    for rid, cl, wk in zip(R.rid[: R.n].tolist(), R.client[: R.n].tolist(),
                           R.week[: R.n].tolist(), strict=True):
        k = seen.get((cl, wk), 0)
        seen[(cl, wk)] = k + 1
        out[rid] = (cl, wk, k)
    return out


def replay_run(params: Any, seed: int, decisions: list[Decisions], *,
               snapshots: bool = True) -> Replay:
    """Play the decisions again and keep what the debrief needs.

    ``snapshots=False`` keeps no state before each week (``before`` and ``request_keys``
    stay empty): enough for the audit and the traits revealed, not for what-if replays,
    and a quarter quicker (the class debrief replays a whole class this way).

    Raises:
        IllegalDecision: a recorded decision cannot apply (the file was verified first by
            the caller, so this means another engine).
    """
    st = new_game(params, seed)
    names = st.traits.names
    rep = Replay(params=params, seed=seed, decisions=list(decisions), before=[], state=st,
                 hours_by_trait={t: [] for t in names})
    for d in decisions:
        if st.over:
            break
        if snapshots:
            rep.before.append(st.copy())
            rep.request_keys.append(request_keys(st) if d.requests else {})
        rep.keys_before.append(st.clients.n)
        st, report = step(st, d, inplace=True)
        rep.reports.append(report)
        c = st.clients
        n = c.n
        hours = np.bincount(c.trait[:n], weights=c.week_billable[:n] + c.week_unbilled[:n],
                            minlength=len(names))
        for t, name in enumerate(names):
            rep.hours_by_trait[name].append(round(float(hours[t]), 2))
        rep.ledger.append(ledger_profit(st))
        rep.unbilled.append(c.week_unbilled[:n].copy())
    rep.decisions = rep.decisions[: len(rep.reports)]
    rep.state = st
    rep.keys.update(st)
    rep.scores = final_scores(st)
    return rep


def fit_decisions(st: GameState, d: Decisions, keys: dict[int, RequestKey],
                  same: Any = None) -> Decisions:
    """``d`` without what cannot apply to ``st``; clients and requests matched.

    Args:
        st: The state the decisions are for (another timeline, maybe).
        d: Decisions taken in the original timeline.
        keys: The request keys of the original timeline that week (see
            :func:`request_keys`); empty keeps request ids as they are.
        same: Maps an original client id to his id in ``st`` (None: not there); None keeps
            client ids as they are.
    """
    c, s = st.clients, st.staff
    n, ns = c.n, s.n
    same = same or (lambda i: i)

    def client(i: int, status: int | None = ACTIVE) -> int | None:
        j = same(i)
        if j is None or not 0 <= j < n or (status is not None and int(c.status[j]) != status):
            return None
        return j

    def staff_ok(i: int) -> bool:
        return 0 <= i < ns and int(s.status[i]) == STAFF_ACTIVE

    def mapped(items: dict, status: int | None = ACTIVE) -> dict:
        out = {}
        for i, v in items.items():
            j = client(i, status)
            if j is not None:
                out[j] = v
        return out

    requests = {}
    if d.requests:
        here = {v: k for k, v in request_keys(st).items()}
        for rid, plan in d.requests.items():
            if rid in keys:
                cl, week, k = keys[rid]
                j = same(cl)
                new = None if j is None else here.get((j, week, k))
            else:
                new = rid if rid in here.values() else None
            if new is None:
                continue
            if plan.staff is not None and not staff_ok(plan.staff):
                plan = replace(plan, staff=None)
            requests[new] = plan
    owners = {j: o for j, o in mapped(d.owners).items() if staff_ok(o)}
    return Decisions(
        requests=requests,
        leads=mapped(d.leads, LEAD),
        terms=mapped(d.terms),
        let_go=mapped(d.let_go),
        blacklist=[j for j in (client(i, None) for i in d.blacklist) if j is not None],
        owners=owners,
        overtime={i: h for i, h in d.overtime.items() if staff_ok(i)},
        bonus={i: b for i, b in d.bonus.items() if staff_ok(i)},
        time_off=[i for i in d.time_off if staff_ok(i)],
        hire=d.hire,
        tags=mapped(d.tags, None),
    )


def play_from(rep: Replay, week: int, first: Decisions,
              later: list[Decisions] | None = None) -> tuple[GameState, int]:
    """Replay from the start of ``week`` with ``first`` as that week's decisions and the
    recorded later ones where they still apply (clients matched by :class:`ClientKeys`).

    Returns:
        The final state and how many later weeks had decisions left out or moved.
    """
    st = rep.before[week - 1].copy()
    later = rep.decisions[week:] if later is None else later
    st, _ = step(st, fit_decisions(st, first, rep.request_keys[week - 1]), inplace=True)
    orig = rep.keys
    alt = ClientKeys()
    alt.keys = list(orig.keys[: rep.keys_before[week - 1]])
    alt.index = {k: i for i, k in enumerate(alt.keys)}
    for k in alt.keys:
        alt._seen[k[:-1]] = max(alt._seen.get(k[:-1], 0), k[-1] + 1)
    changed = 0
    for k, d in enumerate(later, start=week + 1):
        if st.over:
            break
        alt.update(st)
        identity = alt.keys == orig.keys[: len(alt.keys)] and len(alt.keys) == (
            rep.keys_before[k - 1] if k - 1 < len(rep.keys_before) else -1)
        if identity:
            same = None
        else:
            def same(i: int, _alt: ClientKeys = alt) -> int | None:
                return _alt.index.get(orig.keys[i]) if i < len(orig.keys) else None
        fitted = fit_decisions(st, d, rep.request_keys[k - 1] if k - 1 < len(
            rep.request_keys) else {}, same)
        changed += fitted != d
        st, _ = step(st, fitted, inplace=True)
    # a game the original lost to bankruptcy plays on to its end (serving everyone); an
    # unfinished one stops where the original stopped
    while not st.over and rep.state.over:
        st, _ = step(st, Decisions(), inplace=True)
    return st, changed
