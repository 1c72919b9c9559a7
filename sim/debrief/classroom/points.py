"""Talking points: three to five sentences the instructor can read aloud, each computed
from the class's own games (the decision map, the bots, the luck band, the firing audit and
the type tags). A sentence whose numbers are not there (nobody let the client go, no tags)
is not said."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from ...engine import TraitKind
from ..audit import KEPT, WRONG_MANNER, WRONG_TARGET
from ..report import Words
from .analysis import GroupStudy, mean_score
from .gather import LET_GO

MAX_POINTS = 5


def talking_points(s: GroupStudy, w: Words) -> list[str]:
    """Up to :data:`MAX_POINTS` sentences about the class, the most telling first."""
    makers: list[Callable[[GroupStudy, Words], str | None]] = [
        _decision, _luck, _bots, _good_clients, _blunt, _tags, _range]
    out = []
    for make in makers:
        text = make(s, w)
        if text:
            out.append(text)
    return out[:MAX_POINTS]


def _points(x: float) -> float:
    return round(abs(x), 1)


def _more_less(key: str, diff: float, w: Words, **params) -> str:
    return w.t(f"{key}_{'more' if diff >= 0 else 'less'}", points=_points(diff), **params)


def _decision(s: GroupStudy, w: Words) -> str | None:
    """The top client of the decision map: those who let him go early against the rest, or
    the best way of handling him against the others."""
    if not s.decision_map:
        return None
    top = s.decision_map[0]
    total = top.players
    # (let go, week, score) of every player in whose game he came
    everyone = [(c.action in LET_GO, wk, sc) for c in top.choices for _, wk, sc in c.players]
    weeks = [wk for gone, wk, _ in everyone if gone and wk is not None]
    if len(weeks) > 1:
        by = statistics.median_low(weeks)
        early = [sc for gone, wk, sc in everyone if gone and wk is not None and wk <= by]
        rest = [sc for gone, wk, sc in everyone if not (gone and wk is not None and wk <= by)]
        if early and rest:
            diff = statistics.fmean(early) - statistics.fmean(rest)
            return _more_less("class.point.let_go", diff, w, count=len(weeks), total=total,
                              client=top.name, week=by)
    # else the best way chosen by more than one player (if any) against all the others
    shared = [c for c in top.choices if len(c.players) > 1] or top.choices
    best = max(shared, key=lambda c: c.mean)
    others = [sc for c in top.choices if c is not best for _, _, sc in c.players]
    if not others:
        return None
    diff = best.mean - statistics.fmean(others)
    return _more_less("class.point.choice", diff, w, count=len(best.players), total=total,
                      client=top.name, what=w.t(f"class.action.{best.action}"))


def _luck(s: GroupStudy, w: Words) -> str | None:
    band = s.bots.band
    if band is None:
        return None
    return w.t(f"class.point.luck.{band.verdict}", seed=s.seed, points=_points(band.offset))


def _bots(s: GroupStudy, w: Words) -> str | None:
    rb, ar, oracle = (s.bots.score(b) for b in ("rule-based", "always-right", "oracle"))
    if rb is None or ar is None or not s.runs:
        return None
    scores = [r.scores["score"] for r in s.runs]
    text = w.t("class.point.bots", count=sum(x > rb for x in scores), total=len(scores),
               rule_based=w.num(rb, 1), always=sum(x > ar for x in scores),
               always_right=w.num(ar, 1))
    if oracle is not None:
        gap = round(max(scores) - oracle, 1)
        side = "level" if gap == 0 else "ahead" if gap > 0 else "behind"
        text += " " + w.t(f"class.point.oracle_{side}", oracle=w.num(oracle, 1),
                          points=_points(gap))
    return text


def _good_clients(s: GroupStudy, w: Words) -> str | None:
    lines = {a.flag: a for a in s.audit}
    top = s.decision_map[0] if s.decision_map else None
    for flag, key in ((WRONG_TARGET, "class.point.wrong_target"), (KEPT, "class.point.kept")):
        # (the kind whose clients this verdict is about: letting go one to keep, keeping one
        # to let go)
        if top is not None and top.kind == (TraitKind.KEEP if flag == WRONG_TARGET
                                            else TraitKind.LET_GO):
            continue  # the decision map's point already tells this client's story
        a = lines.get(flag)
        if a and a.players and a.mean is not None and a.others is not None:
            return _more_less(key, a.mean - a.others, w, count=a.players, total=len(s.runs))
    return None


def _blunt(s: GroupStudy, w: Words) -> str | None:
    a = next((a for a in s.audit if a.flag == WRONG_MANNER), None)
    if a is None or not a.players:
        return None
    lost = [r.reputation_lost for r in s.runs if r.flags.get(WRONG_MANNER, 0)]
    return w.t("class.point.blunt", count=a.players, total=len(s.runs),
               points=round(statistics.fmean(lost), 1))


def _tags(s: GroupStudy, w: Words) -> str | None:
    if not s.runs:
        return None
    if not s.taggers:
        return w.t("class.point.no_tags")
    judged = [t for t in s.tags if t.tagged]
    best = max(judged, key=lambda t: (t.accuracy, t.tagged))
    worst = min(judged, key=lambda t: (t.accuracy, -t.tagged))
    if best.trait == worst.trait or best.accuracy == worst.accuracy:
        right = sum(t.right for t in judged)
        tagged = sum(t.tagged for t in judged)
        return w.t("class.point.tags_one", count=s.taggers, total=len(s.runs),
                   share=round(100 * right / tagged))
    return w.t("class.point.tags", count=s.taggers, total=len(s.runs),
               best=w.trait(best.trait), best_share=round(100 * (best.accuracy or 0)),
               worst=w.trait(worst.trait), worst_share=round(100 * (worst.accuracy or 0)))


def _range(s: GroupStudy, w: Words) -> str | None:
    if len(s.runs) < 2:
        return None
    ranked = sorted(s.runs, key=lambda r: -r.scores["score"])
    hi, lo = ranked[0], ranked[-1]
    return w.t("class.point.range", low=w.num(lo.scores["score"], 1), low_player=lo.player,
               high=w.num(hi.scores["score"], 1), high_player=hi.player,
               mean=w.num(mean_score(s.runs) or 0.0, 1))


__all__ = ["MAX_POINTS", "talking_points"]
