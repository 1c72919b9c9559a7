"""Teachable moments and what-if: replays of the run with one decision changed.

A *decision group* is one client's part of one week: his letting go (with his blacklisting),
his new terms, a declined lead, or the declined requests of one client. :func:`what_if`
replays from that week with the group changed and the same later decisions where they still
apply (carried over by stable id, see :func:`~sim.debrief.replay.play_from`);
:func:`teachable_moments` undoes each
group of the run in turn and ranks them by how much the final score moves.

To stay quick, only the :data:`MAX_CANDIDATES` groups that look biggest by a heuristic (how
big the client is, how early in the game) are replayed, each from the state copy the
original replay kept of its week, on every core (:mod:`sim.debrief.workers`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..engine import DECLINE, Decisions, RequestPlan, Terms, TraitKind, final_scores
from .replay import Replay, play_from
from .workers import what_ifs, worth_workers

MAX_CANDIDATES = 40
KINDS = ("let_go", "terms", "lead", "requests")
UNDO = None  # the value of a change that removes the decision


@dataclass(frozen=True)
class Change:
    """One decision group changed in a week.

    ``kind`` is ``let_go``, ``terms``, ``lead`` or ``requests``; ``client`` the client id.
    ``value`` is what to decide instead (a manner for ``let_go``, :class:`Terms` for
    ``terms``, True/False to accept/decline a lead, ``"decline"``/``"serve"`` for the
    client's requests), or None to undo the decision (the default the engine applies).
    """

    kind: str
    client: int
    value: Any = UNDO


@dataclass(frozen=True)
class Comparison:
    """What a changed decision would have given: both sets of final scores and the change
    on each (``delta = what_if - original``); ``refitted`` counts later weeks whose
    decisions had parts left out because they no longer applied."""

    week: int
    change: Change | Decisions | None
    original: dict[str, float]
    what_if: dict[str, float]
    end: str
    refitted: int

    @property
    def delta(self) -> dict[str, float]:
        return {k: round(self.what_if[k] - self.original[k], 2) for k in self.original}


def changed_decisions(rep: Replay, week: int, change: Change | Decisions | None) -> Decisions:
    """Week ``week``'s decisions with ``change`` made (a :class:`Decisions` replaces them)."""
    d = rep.decisions[week - 1]
    if change is None:
        return d
    if isinstance(change, Decisions):
        return change
    i, v = change.client, change.value
    if change.kind == "let_go":
        let_go = {k: m for k, m in d.let_go.items() if k != i}
        blacklist = [k for k in d.blacklist if k != i]
        if v is not None:
            let_go[i] = str(v)
            blacklist = d.blacklist if i in d.blacklist else blacklist
        return replace(d, let_go=let_go, blacklist=blacklist)
    if change.kind == "terms":
        terms = {k: t for k, t in d.terms.items() if k != i}
        if v is not None:
            terms[i] = v if isinstance(v, Terms) else Terms(**v)
        return replace(d, terms=terms)
    if change.kind == "lead":
        leads = {k: ok for k, ok in d.leads.items() if k != i}
        if v is not None:
            leads[i] = bool(v)
        return replace(d, leads=leads)
    if change.kind == "requests":
        mine = _requests_by_client(rep, week).get(i, [])
        requests = {r: p for r, p in d.requests.items() if r not in mine}
        if v == DECLINE:
            requests.update({r: replace(d.requests.get(r) or RequestPlan(), action=DECLINE)
                             for r in mine})
        return replace(d, requests=requests)
    raise ValueError(f"unknown kind of change {change.kind!r} (one of {', '.join(KINDS)})")


def _requests_by_client(rep: Replay, week: int) -> dict[int, list[int]]:
    """The ids of the requests open in ``week`` of the run, by client, in order."""
    R = rep.before[week - 1].requests
    out: dict[int, list[int]] = {}
    for rid, cl in zip(R.rid[: R.n].tolist(), R.client[: R.n].tolist(), strict=True):
        out.setdefault(cl, []).append(rid)
    return out


def what_if(run: Any, week: int, change: Change | Decisions | None = None) -> Comparison:
    """Replay from ``week`` with one decision changed and the later ones where they apply.

    ``run`` is a :class:`~sim.debrief.replay.Replay` or anything holding one as ``replay``
    (a :class:`~sim.debrief.Debrief`). With no change the original scores come back exactly.

    Raises:
        ValueError: ``week`` is not a week of the run.
        IllegalDecision: the changed decision itself cannot apply in that week.
    """
    rep: Replay = getattr(run, "replay", run)
    if not 1 <= week <= rep.weeks:
        raise ValueError(f"week {week} is not in the run (1..{rep.weeks})")
    d = changed_decisions(rep, week, change)
    st, refitted = play_from(rep, week, d)
    return Comparison(week, change, dict(rep.scores), final_scores(st), st.end_reason,
                      refitted)


@dataclass(frozen=True)
class Moment:
    """A decision that changed the outcome: what it was, the client's true type (and its
    kind: what should be done with such a client), and what undoing it would have changed
    (``delta``: positive means the decision cost the player that much score)."""

    week: int
    kind: str
    client: int
    name: str
    trait: str
    detail: str
    comparison: Comparison
    trait_kind: TraitKind

    @property
    def effect(self) -> float:
        """Score the decision gained (positive) or lost (negative) the player."""
        return -self.comparison.delta["score"]


def decision_groups(rep: Replay) -> list[tuple[float, int, Change, str]]:
    """``(heuristic size, week, change, detail)`` for every undoable group of the run."""
    weeks = max(1, rep.weeks)
    out = []
    for week, d in enumerate(rep.decisions, start=1):
        left = (weeks - week + 1) / weeks
        for i, manner in d.let_go.items():
            size = 3.0 + abs(rep.ledger_of(i)[week - 1]) / 500.0
            out.append((size * left, week, Change("let_go", i), manner))
        for i, t in d.terms.items():
            out.append((2.0 * left, week, Change("terms", i), _terms_text(t)))
        for i, ok in d.leads.items():
            if not ok:
                out.append((1.0 * left, week, Change("lead", i), "decline"))
        if d.requests:
            client_of = {r: cl for cl, rids in _requests_by_client(rep, week).items()
                         for r in rids}
            per: dict[int, int] = {}
            for rid, plan in d.requests.items():
                if plan.action == DECLINE and rid in client_of:
                    per[client_of[rid]] = per.get(client_of[rid], 0) + 1
            for i, k in per.items():
                out.append(((0.5 + 0.2 * k) * left, week, Change("requests", i), str(k)))
    return out


def _terms_text(t: Terms) -> str:
    parts = []
    if abs(t.price_factor - 1.0) > 1e-9:
        parts.append(f"price_x{t.price_factor:g}")
    for name in ("prepay", "scope", "contact", "vip"):
        if getattr(t, name):
            parts.append(name)
    if not t.grant_discounts:
        parts.append("no_discounts")
    return ",".join(parts) or "standard"


def teachable_moments(rep: Replay, *, top: int = 5, max_candidates: int = MAX_CANDIDATES,
                      on_step: Callable[[int, int], None] | None = None,
                      jobs: int | None = None) -> list[Moment]:
    """The ``top`` decisions whose undoing moves the final score most, biggest first.

    ``on_step(done, total)`` is called as the replays go (before each one when they are
    played here, as each one comes in from several processes) and once at the end (the game
    shows it as progress: each replay is a whole game). ``jobs`` processes share the replays
    (:mod:`sim.debrief.workers`); None is one per core when there are enough weeks to replay
    for it to pay. The moments are the same with any ``jobs``.
    """
    return moments_beside(rep, None, top=top, max_candidates=max_candidates,
                          on_step=on_step, jobs=jobs)[0]


def moments_beside(rep: Replay, first: Callable[[Replay], Any] | None, *, top: int = 5,
                   max_candidates: int = MAX_CANDIDATES,
                   on_step: Callable[[int, int], None] | None = None,
                   jobs: int | None = None) -> tuple[list[Moment], Any]:
    """:func:`teachable_moments`, and ``first(rep)`` done beside them: by a worker before it
    takes its first replay when there are workers (the analysis gives it the bots' games),
    else here before them (see :func:`~sim.debrief.workers.what_ifs`)."""
    groups = decision_groups(rep)
    groups.sort(key=lambda g: (-g[0], g[1], g[2].kind, g[2].client))
    groups = groups[:max_candidates]
    items = [(week, change) for _, week, change, _ in groups]
    if jobs is None:
        from ..arguments import cores

        jobs = cores() if worth_workers(rep, items) else 1
    on_done = None if on_step is None else (lambda k: on_step(k, len(groups)))
    comparisons, beside = what_ifs(rep, items, jobs=jobs, on_done=on_done, first=first)
    st = rep.state
    names, kinds = st.traits.names, st.traits.kinds
    found = []
    for (_, week, change, detail), cmp in zip(groups, comparisons, strict=True):
        if cmp.delta["score"] == 0.0:
            continue
        i = change.client
        t = int(st.clients.trait[i])
        found.append(Moment(week, change.kind, i, st.client_names[i], names[t], detail, cmp,
                            kinds[t]))
    if on_step is not None:
        on_step(len(groups), len(groups))
    found.sort(key=lambda m: (-abs(m.comparison.delta["score"]), m.week, m.kind, m.client))
    return found[:top], beside
