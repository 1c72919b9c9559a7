"""One game played on week after week: the loop every replay and every bot's game shares.

Resuming a saved game, verifying a run file, the debrief's replays and a policy's game are
all "give ``step`` the week's decisions until they or the game run out". :func:`play_weeks`
is that loop; what each caller does with a week (compare its digest, keep its report, watch
the clock) it does with the week it is given. It lives in the engine because the engine is
the one module all of them may import (the import contract), and it needs nothing else: a
policy comes in as a function of the state, so the engine knows no policies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .decisions import Decisions
from .records import record
from .report import WeekReport
from .state import GameState
from .week import step

#: a week's decisions in order (a recorded run), or a function of the opened week's state
#: giving its decisions, None to stop (a policy, or decisions fitted as the game goes)
DecisionSource = Iterable[Decisions] | Callable[[GameState], Decisions | None]


@record
class PlayedWeek:
    """One week played: its number, the decisions it was played with, the state after it
    (the next week opened; the same object every week), its report, and a copy of the state
    before it when asked for (``before=True``)."""

    week: int
    decisions: Decisions
    state: GameState
    report: WeekReport
    before: GameState | None = None


def play_weeks(state: GameState, decisions: DecisionSource, *, explain: bool = True,
               before: bool = False) -> Iterator[PlayedWeek]:
    """Play ``state`` on, in place, one week per item yielded.

    Args:
        state: An opened week (``new_game``'s, or a copy to keep the original).
        decisions: The weeks' decisions in order, or a function of the state of the week to
            play giving its decisions (None stops).
        explain: Passed to :func:`~sim.engine.step`: False when nobody reads the reports.
        before: Keep a copy of the state before each week (``PlayedWeek.before``).

    Stops when the game is over or the decisions run out; the next decisions are asked for
    only while the game goes on, so a caller can tell decisions left over from the state.

    Raises:
        IllegalDecision: a week's decisions cannot apply (the state is the week before it).
    """
    recorded = None if callable(decisions) else iter(decisions)
    while not state.over:
        d = decisions(state) if recorded is None else next(recorded, None)
        if d is None:
            return
        kept = state.copy() if before else None
        state, report = step(state, d, inplace=True, explain=explain)
        yield PlayedWeek(report.week, d, state, report, kept)
