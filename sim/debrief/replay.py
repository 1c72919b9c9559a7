"""The run played again, week by week, with what the debrief needs kept on the way.

:func:`replay_run` feeds a run's decisions to the engine (``sim.engine.play_weeks``, as
resume and verify do) and keeps a copy of the state before each week (``GameState.copy`` is
cheap), the weekly reports, the hours each trait took each week and every client's ledger
week by week. The snapshots let :mod:`sim.debrief.moments` replay from any week without
starting over; :func:`play_from` carries the later weeks' decisions to the changed timeline
with ``sim.engine.carry_over`` (clients and requests found by their stable ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..engine import (
    Decisions,
    GameState,
    PlayedWeek,
    WeekReport,
    carry_over,
    client_ledger,
    final_scores,
    new_game,
    play_weeks,
)
from ..engine import loaded_hourly_cost as engine_loaded_hourly_cost


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


def replay_run(params: Any, seed: int, decisions: list[Decisions], *,
               snapshots: bool = True) -> Replay:
    """Play the decisions again and keep what the debrief needs.

    ``snapshots=False`` keeps no state before each week (``before`` stays empty): enough for
    the audit and the traits revealed, not for what-if replays, and a quarter quicker (the
    class debrief replays a whole class this way).

    Raises:
        IllegalDecision: a recorded decision cannot apply (the file was verified first by
            the caller, so this means another engine).
    """
    st = new_game(params, seed)
    keep = ReplayKeeper()
    for week in play_weeks(st, decisions, before=snapshots):
        keep.week(week)
    return keep.replay(st, decisions)


class ReplayKeeper:
    """What :func:`replay_run` keeps of a game, kept week by week from a replay played
    elsewhere: the verification of a run file plays the very same weeks
    (``verify_run(on_week=keeper.week)``), so the debrief need not play them again.

    Give :meth:`week` every week played, in order (with ``before`` for what-if replays),
    then take :meth:`replay` of the final state.
    """

    def __init__(self) -> None:
        self.before: list[GameState] = []
        self.reports: list[WeekReport] = []
        self.hours: list[np.ndarray] = []
        self.ledger: list[np.ndarray] = []
        self.unbilled: list[np.ndarray] = []

    def week(self, week: PlayedWeek) -> None:
        """Keep what the debrief reads of one week played (``week.state`` is after it)."""
        if week.before is not None:
            self.before.append(week.before)
        self.reports.append(week.report)
        st = week.state
        c = st.clients
        n = c.n
        self.hours.append(np.bincount(c.trait[:n], weights=c.week_billable[:n]
                                      + c.week_unbilled[:n], minlength=len(st.traits.names)))
        self.ledger.append(ledger_profit(st))
        self.unbilled.append(c.week_unbilled[:n].copy())

    def replay(self, st: GameState, decisions: list[Decisions]) -> Replay:
        """The :class:`Replay` of the weeks kept, ``st`` the state after the last one, played
        from ``decisions`` (those past the end of the game are left out)."""
        names = st.traits.names
        rep = Replay(params=st.params, seed=st.seed,
                     decisions=list(decisions)[: len(self.reports)], before=self.before,
                     state=st, reports=self.reports, scores=final_scores(st),
                     ledger=self.ledger, unbilled=self.unbilled)
        rep.hours_by_trait = {name: [round(float(h[t]), 2) for h in self.hours]
                              for t, name in enumerate(names)}
        return rep


def play_from(rep: Replay, week: int, first: Decisions,
              later: list[Decisions] | None = None) -> tuple[GameState, int]:
    """Replay from the start of ``week`` with ``first`` as that week's decisions and the
    recorded later ones where they still apply (carried to the changed timeline by stable
    id: ``sim.engine.carry_over``).

    Returns:
        The final state and how many later weeks had decisions left out or moved.
    """
    st = rep.before[week - 1].copy()
    later = rep.decisions[week:] if later is None else later
    changed = 0

    def decide(now: GameState) -> Decisions | None:
        nonlocal changed
        k = now.week  # the week about to be played
        if k == week:
            return carry_over(first, rep.before[week - 1], now, share=True)
        if k - week - 1 < len(later):
            d = later[k - week - 1]
            source = rep.before[k - 1] if k - 1 < len(rep.before) else rep.state
            carried = carry_over(d, source, now, share=True)
            # (the very object when it carried over as it was: no need to compare)
            changed += carried is not d and carried != d
            return carried
        # a game the original lost to bankruptcy plays on to its end (serving everyone); an
        # unfinished one stops where the original stopped
        return Decisions() if rep.state.over else None

    for _ in play_weeks(st, decide, explain=False):  # only the final scores are read
        pass
    return st, changed
