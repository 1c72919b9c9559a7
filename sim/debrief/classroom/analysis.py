"""What a class did on one seed: the bots and the luck band, the decision map, the class's
firing audit and type tags. Pure arithmetic over :class:`~.gather.ClassRun` records; the
words are in :mod:`.points` and :mod:`.sections`."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...engine import ORIGIN_NAMES, TraitKind, final_scores, uid_origin, uid_week
from ...policies import make_policy
from ...runs.runner import play
from ..audit import KEPT, RIGHT, TOO_LATE, WRONG_MANNER, WRONG_TARGET
from ..bots import BOTS, Standing, weekly_series
from ..luck import LuckBand, luck_band
from .gather import ABSENT, ACTIONS, ClassRun

MAP_CLIENTS = 3  # clients in the decision map: the instructor has ten minutes
AUDIT_FLAGS = (RIGHT, TOO_LATE, WRONG_TARGET, WRONG_MANNER, KEPT)


@dataclass(frozen=True)
class BotGames:
    """The built-in bots on the class's seed (their rows, with weekly curves) and the luck
    band of the seed (None when it was not computed)."""

    rows: list[Standing]
    band: LuckBand | None

    def score(self, bot: str) -> float | None:
        return next((r.scores["score"] for r in self.rows if r.who == bot), None)


def play_bots(params: Any, seed: int, *, band: bool = True,
              bots: Sequence[str] = BOTS) -> BotGames:
    """Play each bot once on ``seed`` and measure the seed's luck band (reusing those games,
    so each bot plays the class's seed only once)."""
    rows = []
    for name in bots:
        st = play(params, make_policy(name, seed), seed).state
        rows.append(Standing(name, final_scores(st), st.end_reason, weekly_series(st)))
    # (one process: the class's runs are reduced by a pool of workers meanwhile)
    lb = luck_band(params, seed, bots=tuple(bots), jobs=1,
                   known={r.who: r.scores["score"] for r in rows}) if band else None
    return BotGames(rows, lb)


@dataclass(frozen=True)
class Choice:
    """One way of handling a client, the players who chose it (``(player, week, score)``,
    earliest first) and their mean score."""

    action: str
    players: list[tuple[str, int | None, float]]

    @property
    def mean(self) -> float:
        # exact: the tables and charts round it once, to what they show (rounded here first,
        # a mean of 126.055 would be shown as 126, not 126.1)
        return statistics.fmean(s for _, _, s in self.players)


@dataclass(frozen=True)
class MapClient:
    """A client of the decision map: his name, true type (and its kind), every way the class
    handled him (best mean score first; players in whose game he never came are in
    ``absent``).

    ``spread`` is how much of the class's score spread his handling accounts for: with each
    player who met him given the mean score of those who handled him the same way, the
    root of the mean squared distance from their overall mean, over the whole class (so a
    way chosen by many weighs more than one player's odd choice, and a client few players
    ever met weighs little); ``gap`` is the best way's mean score minus the worst's.
    """

    key: int
    name: str
    trait: str
    kind: TraitKind
    choices: list[Choice]
    absent: list[str] = field(default_factory=list)

    @property
    def players(self) -> int:
        return sum(len(c.players) for c in self.choices)

    @property
    def came(self) -> tuple[str, int]:
        """How and in which week he came (read from his stable id), e.g. a former client
        coming back, so that two rows of one name can be told apart."""
        return ORIGIN_NAMES[uid_origin(self.key)], uid_week(self.key)

    @property
    def spread(self) -> float:
        n = self.players
        if not n:
            return 0.0
        mean = sum(s for c in self.choices for _, _, s in c.players) / n
        return round(math.sqrt(sum(
            len(c.players) * (c.mean - mean) ** 2
            for c in self.choices) / (n + len(self.absent))), 2)

    @property
    def gap(self) -> float:
        means = [c.mean for c in self.choices]
        return round(max(means) - min(means), 2) if means else 0.0


def decision_map(runs: Sequence[ClassRun], top: int = MAP_CLIENTS) -> list[MapClient]:
    """The ``top`` clients whose handling accounts for the largest spread of the class's
    scores (:attr:`MapClient.spread`; at least two ways of handling him)."""
    keys: dict[int, None] = {}
    for r in runs:
        keys.update(dict.fromkeys(r.clients))
    found = []
    for key in keys:
        by: dict[str, list[tuple[str, int | None, float]]] = {}
        names: Counter[str] = Counter()
        traits: Counter[str] = Counter()
        kinds: dict[str, TraitKind] = {}
        absent = []
        for r in runs:
            h = r.clients.get(key)
            if h is None:
                absent.append(r.player)
                continue
            names[h.name] += 1
            traits[h.trait] += 1
            kinds[h.trait] = h.kind
            by.setdefault(h.action, []).append((r.player, h.week, float(r.scores["score"])))
        if len(by) < 2:
            continue
        choices = [Choice(a, sorted(by[a], key=lambda p: (p[1] is None, p[1] or 0, p[0])))
                   for a in ACTIONS if a in by and a != ABSENT]
        choices.sort(key=lambda c: -c.mean)
        trait = _most_common(traits)
        found.append(MapClient(key, _most_common(names), trait, kinds[trait], choices, absent))
    found.sort(key=lambda m: (-m.spread, -m.players, m.name))
    return found[:top]


def _most_common(counts: Counter[str]) -> str:
    return min(counts, key=lambda k: (-counts[k], k))


@dataclass(frozen=True)
class AuditLine:
    """One verdict of the firing audit across the class: how many players had at least one
    such judgement, over how many clients, and the mean score of those players and of the
    rest (None for an empty side)."""

    flag: str
    players: int
    clients: int
    mean: float | None
    others: float | None


def class_audit(runs: Sequence[ClassRun]) -> list[AuditLine]:
    """The firing audit's verdicts counted over the players."""
    out = []
    for flag in AUDIT_FLAGS:
        mine = [r for r in runs if r.flags.get(flag, 0) > 0]
        rest = [r for r in runs if r.flags.get(flag, 0) == 0]
        out.append(AuditLine(flag, len(mine), sum(r.flags[flag] for r in mine),
                             mean_score(mine), mean_score(rest)))
    return out


def let_nobody_go(runs: Sequence[ClassRun]) -> int:
    """Players who parted with no client at all."""
    return sum(not any(r.flags.get(f, 0) for f in (RIGHT, TOO_LATE, WRONG_TARGET,
                                                   WRONG_MANNER)) for r in runs)


@dataclass(frozen=True)
class TagLine:
    """Guess-the-type accuracy of the class for one true type: clients of that type in the
    players' games, how many were tagged, how many tagged right (latest tag), and the median
    weeks from joining to a right tag."""

    trait: str
    clients: int
    tagged: int
    right: int
    median_weeks: float | None

    @property
    def accuracy(self) -> float | None:
        return self.right / self.tagged if self.tagged else None


def class_tags(runs: Sequence[ClassRun]) -> list[TagLine]:
    """The class's type tags per true type, in the order the types first appear."""
    order: dict[str, None] = {}
    for r in runs:
        order.update(dict.fromkeys(r.tags))
    out = []
    for t in order:
        rows = [r.tags[t] for r in runs if t in r.tags]
        weeks = [w for row in rows for w in row[3]]
        out.append(TagLine(t, sum(x[0] for x in rows), sum(x[1] for x in rows),
                           sum(x[2] for x in rows),
                           float(statistics.median(weeks)) if weeks else None))
    return out


def taggers(runs: Sequence[ClassRun]) -> int:
    """Players who tagged at least one client."""
    return sum(any(v[1] for v in r.tags.values()) for r in runs)


def mean_score(runs: Sequence[ClassRun]) -> float | None:
    """The runs' mean score (None for no runs)."""
    return round(statistics.fmean(r.scores["score"] for r in runs), 2) if runs else None


@dataclass
class GroupStudy:
    """Everything the class debrief says about one group (scenario, overrides, seed)."""

    scenario: str
    seed: int
    weeks: int
    currency: str
    runs: list[ClassRun]
    bots: BotGames
    decision_map: list[MapClient]
    audit: list[AuditLine]
    nobody_let_go: int
    tags: list[TagLine]
    taggers: int


def study(scenario: str, seed: int, weeks: int, currency: str, runs: Sequence[ClassRun],
          bots: BotGames) -> GroupStudy:
    """The analysis of one group's class (the players' runs) against its bots."""
    runs = list(runs)
    return GroupStudy(scenario, seed, weeks, currency, runs, bots, decision_map(runs),
                      class_audit(runs), let_nobody_go(runs), class_tags(runs),
                      taggers(runs))


__all__ = ["AUDIT_FLAGS", "MAP_CLIENTS", "AuditLine", "BotGames", "Choice", "GroupStudy",
           "MapClient", "TagLine", "class_audit", "class_tags", "decision_map", "mean_score",
           "play_bots", "study"]
