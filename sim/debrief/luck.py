"""The luck band: how hard one seed of a scenario was, measured by the bots.

A trainee who scores 60 on a seed where every bot also did badly played well; one who scores
60 where the bots sailed through did not. The band plays the built-in bots on the player's
seed and on a fixed set of reference seeds of the same scenario, and compares: a seed whose
bots score below their own median is a hard seed. The player's gap to the bots on his own
seed is the skill part; the seed's distance from the bots' median is the luck part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median, quantiles
from typing import Any

from ..engine import final_scores
from ..policies import make_policy
from ..runs.runner import play
from .bots import BOTS
from .workers import share

REFERENCE_SEEDS = range(0, 20)
# a seed is "hard" or "easy" when the bots' mean distance from their median exceeds this
# share of their typical spread (the inter-quartile range); below it, the seed is ordinary
BAND = 0.5


@dataclass(frozen=True)
class LuckBand:
    """The bots' scores on one seed against their scores over the reference seeds.

    ``on_seed[bot]`` is the bot's score on the seed; ``median[bot]``, ``low[bot]`` and
    ``high[bot]`` its median and quartiles over the reference seeds.
    """

    seed: int
    bots: tuple[str, ...]
    on_seed: dict[str, float]
    median: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]

    @property
    def offset(self) -> float:
        """The bots' mean score on this seed minus their mean median: negative on a hard
        seed (points the seed cost everyone), positive on an easy one."""
        return round(sum(self.on_seed[b] - self.median[b] for b in self.bots)
                     / len(self.bots), 2)

    @property
    def spread(self) -> float:
        """The bots' mean inter-quartile range over the reference seeds."""
        return sum(self.high[b] - self.low[b] for b in self.bots) / len(self.bots)

    @property
    def verdict(self) -> str:
        """``hard``, ``ordinary`` or ``easy``."""
        if self.offset < -BAND * max(self.spread, 1e-9):
            return "hard"
        if self.offset > BAND * max(self.spread, 1e-9):
            return "easy"
        return "ordinary"

    def gap(self, player_score: float, bot: str) -> float:
        """The player's score minus ``bot``'s on the same seed (the skill part)."""
        return round(player_score - self.on_seed[bot], 2)


def _quartiles(xs: Sequence[float]) -> tuple[float, float, float]:
    """The lower quartile, the median and the upper quartile (linear between the values)."""
    if len(xs) < 2:
        return (xs[0],) * 3
    low, _, high = quantiles(xs, n=4, method="inclusive")
    return low, median(xs), high


def luck_band(params: Any, seed: int, *, bots: Sequence[str] = BOTS,
              reference_seeds: Sequence[int] = REFERENCE_SEEDS,
              known: dict[str, float] | None = None,
              progress: Callable[[int, int], None] | None = None,
              jobs: int | None = None) -> LuckBand:
    """Play ``bots`` on ``seed`` and on ``reference_seeds`` of the same game parameters.

    ``known`` may hold bot scores on ``seed`` already played (the debrief's bot table), so
    they are not played twice. ``progress(done, total)`` is called as the games are done.
    The games are shared by ``jobs`` processes (:func:`~sim.debrief.workers.share`; None:
    one per core); each is its own game, so the band is the same with any number.
    """
    known = dict(known or {})
    ref = list(reference_seeds)
    total = len(bots) * (len(ref) + 1)
    # each bot on every reference seed, then on the seed itself where its score is not known
    games = [(bot, s) for bot in bots for s in ref]
    games += [(bot, seed) for bot in bots if bot not in known and seed not in ref]
    if jobs is None:
        from ..arguments import cores

        jobs = cores()
    skipped = total - len(games)  # the bots' own seed known or among the reference seeds

    def done(k: int) -> None:
        if progress:
            progress(min(total, k + skipped), total)

    scores, _ = share(_bot_score, params, games, jobs=jobs,
                      on_done=None if progress is None else done)
    score = dict(zip(games, scores, strict=True))
    if progress:
        progress(total, total)
    on_seed: dict[str, float] = {}
    med: dict[str, float] = {}
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for bot in bots:
        on_seed[bot] = float(known[bot]) if bot in known else score[(bot, seed)]
        xs = [score[(bot, s)] for s in ref]
        low[bot], med[bot], high[bot] = (round(x, 2) for x in _quartiles(xs))
    return LuckBand(seed, tuple(bots), on_seed, med, low, high)


def _bot_score(params: Any, game: tuple[str, int]) -> float:
    """The final score of one bot's game on one seed."""
    bot, seed = game
    return float(final_scores(play(params, make_policy(bot, seed), seed).state)["score"])
