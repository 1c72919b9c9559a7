"""Against the bots: the built-in policies played on the very game the player played (same
scenario, overrides and seed), and the gap of each to the oracle on every score."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine import GameState, final_scores
from ..policies import make_policy
from ..runs.runner import play

BOTS = ("always-right", "rule-based", "oracle")
SCORES = ("score", "long_term_profit", "profit", "cash", "morale", "reputation")


@dataclass(frozen=True)
class Standing:
    """One row of the table: who (``player`` or a bot's name), his final scores, how his
    game ended and his weekly series (``profit`` that week, ``morale`` and ``reputation``
    levels; money in currency units)."""

    who: str
    scores: dict[str, float]
    end: str
    weekly: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class BotTable:
    """The player's row and the bots' rows; ``gap(who, key)`` is his score minus the
    oracle's."""

    rows: list[Standing]

    def row(self, who: str) -> Standing | None:
        return next((r for r in self.rows if r.who == who), None)

    def gap(self, who: str, key: str) -> float | None:
        """``who``'s score ``key`` minus the oracle's (None without an oracle row)."""
        me, oracle = self.row(who), self.row("oracle")
        if me is None or oracle is None:
            return None
        return round(me.scores[key] - oracle.scores[key], 2)


def weekly_series(st: GameState) -> dict[str, list[float]]:
    """A game's weekly profit, morale and reputation (money in currency units)."""
    w = st.weekly
    return {"profit": [x / 100.0 for x in w["profit"]],
            "morale": [float(x) for x in w["morale"]],
            "reputation": [float(x) for x in w["reputation"]]}


def against_bots(params: Any, seed: int, player: GameState,
                 bots: tuple[str, ...] = BOTS) -> BotTable:
    """Play each bot through the game and tabulate it next to the player's final state."""
    rows = [Standing("player", final_scores(player), player.end_reason or "unfinished",
                     weekly_series(player))]
    for name in bots:
        st = play(params, make_policy(name, seed), seed).state
        rows.append(Standing(name, final_scores(st), st.end_reason, weekly_series(st)))
    return BotTable(rows)


def bots_of(rep: Any) -> BotTable:
    """:func:`against_bots` on a replayed game (a :class:`~sim.debrief.replay.Replay`)."""
    return against_bots(rep.params, rep.seed, rep.state)
