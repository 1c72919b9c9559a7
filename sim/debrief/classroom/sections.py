"""The class debrief's sections, as document blocks in the report's language: for each
group, talking points, the ranking against the bots and the luck band, the decision map,
the class curves and the class's firing audit and type tags; then the files not ranked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...i18n import money
from ...runs.leaderboard import Group
from ..bots import BOTS
from ..luck import REFERENCE_SEEDS
from ..report import Words, fmt_score
from .analysis import GroupStudy, MapClient
from .document import Bullets, Document, Heading, Image, Para, Table
from .gather import Dropped
from .points import talking_points


def group_blocks(doc: Document, s: GroupStudy, g: Group, charts: dict[str, str], w: Words,
                 *, heading: bool) -> None:
    """Add one group's sections to ``doc`` (under a heading of its own when ``heading``)."""
    level = 2 if heading else 1
    if heading:
        doc.add(Heading(2, w.t("class.group", scenario=s.scenario, seed=s.seed)))
    over = " ".join(g.overrides) or "—"
    doc.add(Para(w.t("class.group.about", scenario=s.scenario, sha=g.scenario_sha256[:12],
                     overrides=over, seed=s.seed, count=len(s.runs), ranked=len(g.placed)),
                 note=True))
    points = talking_points(s, w)
    if points:
        doc.add(Heading(level + 1, w.t("class.points.title")), Bullets(points, numbered=True))
    _ranking(doc, s, g, w, level + 1)
    _decision_map(doc, s, charts, w, level + 1)
    doc.add(Heading(level + 1, w.t("class.curves.title")), Para(w.t("class.curves.intro")))
    for kind in ("profit", "morale", "reputation"):
        if kind in charts:
            doc.add(Image(charts[kind], w.t(f"class.chart.{kind}", seed=s.seed)))
    if not charts:
        doc.add(Para(w.t("class.curves.none"), note=True))
    _audit(doc, s, w, level + 1)


def _ranking(doc: Document, s: GroupStudy, g: Group, w: Words, level: int) -> None:
    doc.add(Heading(level, w.t("class.ranking.title")))
    band = s.bots.band
    if band is not None:
        doc.add(Para(w.t(f"class.luck.{band.verdict}", seed=s.seed,
                         points=round(abs(band.offset), 1), seeds=len(REFERENCE_SEEDS))))
        rows = [[w.t(f"debrief.bot.{b}"), w.num(band.on_seed[b], 1), w.num(band.median[b], 1),
                 w.t("class.luck.range", low=w.num(band.low[b], 1), high=w.num(band.high[b], 1))]
                for b in band.bots]
        doc.add(Table([w.t("class.luck.col.bot"), w.t("class.luck.col.seed", seed=s.seed),
                       w.t("class.luck.col.median"), w.t("class.luck.col.range")],
                      rows, right=(1, 2, 3)))
    bots = [b for b in BOTS if s.bots.score(b) is not None]
    # the end only when it says something: a bankrupt firm, or one game under two names
    ends = any(p.entry.end != "finished" or p.same_as for p in g.placed)
    head = [w.t("class.ranking.col.rank"), w.t("class.ranking.col.player"),
            w.t("score.score"), *(w.t("class.ranking.col.gap", bot=w.t(f"debrief.bot.{b}"))
                                  for b in bots),
            w.t("score.long_term_profit"), w.t("score.morale"), w.t("score.reputation")]
    if ends:
        head.append(w.t("debrief.bots.end"))
    rows, mark = [], []
    for k, p in enumerate(g.placed):
        e, sc = p.entry, p.entry.scores or {}
        score = float(sc.get("score", 0.0))
        row = [str(p.rank), e.player, w.num(score, 1),
               *(fmt_score(w, "score", score - (s.bots.score(b) or 0.0), signed=True)
                 for b in bots),
               money(round(100 * float(sc.get("long_term_profit", 0.0))), w.currency, w.lang,
                     whole=True),
               w.num(float(sc.get("morale", 0.0)), 1), w.num(float(sc.get("reputation", 0.0)), 1)]
        if ends:
            end = _end(e.end, w)
            row.append(end + (" " + w.t("class.ranking.same_as", player=p.same_as)
                              if p.same_as else ""))
        rows.append(row)
        if e.bot:
            mark.append(k)
    doc.add(Table(head, rows, right=(0, *range(2, 6 + len(bots))), mark=tuple(mark)))
    if mark:
        doc.add(Para(w.t("class.ranking.bots_note"), note=True))


def _end(end: str, w: Words) -> str:
    return w.t(f"debrief.end.{end}") if end in ("finished", "bankrupt", "unfinished") else end


def _decision_map(doc: Document, s: GroupStudy, charts: dict[str, str], w: Words,
                  level: int) -> None:
    doc.add(Heading(level, w.t("class.map.title")))
    if not s.decision_map:
        doc.add(Para(w.t("class.map.none")))
        return
    doc.add(Para(w.t("class.map.intro")))
    for k, m in enumerate(s.decision_map, start=1):
        origin, week = m.came
        doc.add(Heading(level + 1, w.t("class.map.client", client=m.name,
                                       trait=w.trait(m.trait))),
                Para(w.t(f"class.came.{origin}", week=week), note=True),
                Para(w.t("class.map.spread", spread=round(m.spread, 1), points=round(m.gap, 1),
                         count=m.players)),
                map_table(m, w))
        if m.absent:
            doc.add(Para(w.t("class.map.absent", players=", ".join(m.absent)), note=True))
        if f"map{k}" in charts:
            doc.add(Image(charts[f"map{k}"], w.t("class.map.chart", client=m.name,
                                                  trait=w.trait(m.trait))))


def map_table(m: MapClient, w: Words) -> Table:
    """One client of the decision map: each way he was handled, by whom and when, and the
    mean score of those players (best first)."""
    rows = []
    for c in m.choices:
        weeks = sorted({wk for _, wk, _ in c.players if wk is not None})
        when = "—" if not weeks else (str(weeks[0]) if len(weeks) == 1
                                      else w.t("class.map.weeks", first=weeks[0],
                                               last=weeks[-1]))
        by_week: dict[int | None, list[str]] = {}  # players come earliest first
        for p, wk, _ in c.players:
            by_week.setdefault(wk, []).append(p)
        who = "; ".join(w.t("class.map.who_week", week=wk, players=", ".join(ps))
                        if wk is not None else ", ".join(ps) for wk, ps in by_week.items())
        rows.append([w.t(f"class.action.{c.action}"), str(len(c.players)), when, who,
                     w.num(c.mean, 1)])
    head = [w.t(f"class.map.col.{k}") for k in ("what", "players", "when", "who", "mean")]
    return Table(head, rows, right=(1, 2, 4))


def _audit(doc: Document, s: GroupStudy, w: Words, level: int) -> None:
    doc.add(Heading(level, w.t("class.audit.title")), Para(w.t("class.audit.intro")))
    n = len(s.runs)
    rows = [[w.t(f"debrief.verdict.{a.flag}"), w.t("class.of", count=a.players, total=n),
             str(a.clients), "—" if a.mean is None else w.num(a.mean, 1),
             "—" if a.others is None else w.num(a.others, 1)] for a in s.audit]
    doc.add(Table([w.t(f"class.audit.col.{k}") for k in ("verdict", "players", "clients",
                                                          "mean", "others")],
                  rows, right=(1, 2, 3, 4)),
            Para(w.t("class.audit.nobody", count=s.nobody_let_go, total=n)))
    doc.add(Heading(level + 1, w.t("class.tags.title")))
    if not s.taggers:
        doc.add(Para(w.t("class.tags.none")))
        return
    doc.add(Para(w.t("class.tags.intro", count=s.taggers, total=n)))
    rows = [[w.trait(t.trait), str(t.clients), str(t.tagged), str(t.right),
             "—" if t.accuracy is None else f"{w.num(round(100 * t.accuracy), 0)}%",
             "—" if t.median_weeks is None else w.num(t.median_weeks, 1)] for t in s.tags]
    doc.add(Table([w.t(f"class.tags.col.{k}") for k in ("type", "clients", "tagged", "right",
                                                         "share", "weeks")],
                  rows, right=(1, 2, 3, 4, 5)))


def problem_blocks(doc: Document, problems: Sequence[Any], dropped: Sequence[Dropped],
                   w: Words) -> None:
    """The files that were not ranked (and ranked runs the debrief could not analyse), with
    their reasons, apart from everything else."""
    doc.add(Heading(2, w.t("class.problems.title")))
    if not problems and not dropped:
        doc.add(Para(w.t("class.problems.none")))
        return
    doc.add(Para(w.t("class.problems.intro")))
    rows = [[e.file or "—", w.t(f"class.status.{e.status}"), e.reason] for e in problems]
    rows += [[d.file, w.t("class.status.dropped"), d.reason] for d in dropped]
    doc.add(Table([w.t(f"class.problems.col.{k}") for k in ("file", "status", "reason")],
                  rows))


__all__ = ["group_blocks", "map_table", "problem_blocks"]
