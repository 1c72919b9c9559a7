"""The class debrief: what a class did on one seed, for the instructor's projector.

``python -m sim leaderboard DIR --report OUT`` verifies and ranks the hand-ins (see
:mod:`sim.runs.leaderboard`), then writes ``OUT/class.html`` (one page, opens offline),
``OUT/class.md`` (the same content) and the PNG charts beside them. For each group of runs
(scenario, overrides, seed):

- talking points: three to five sentences from the class's own numbers;
- the ranking with each player's gap to the bots on the same seed, and the seed's luck band
  (:mod:`sim.debrief.luck`): a hard seed is not a weak class;
- the decision map: the clients whose handling split the class's scores most, what each
  player did with them and when, and the mean score of each way;
- the class curves (profit, morale, reputation of every player, the bots over them);
- the class's firing audit (:mod:`sim.debrief.audit`) and type-tag accuracy per type;

then the files not ranked, with their reasons. Only pseudonyms are shown next to results.

The class is the players' runs of a group; bots' run files handed in with them are ranked
but not counted as the class (when a group has only bots' runs, they are the class)::

    from sim.runs.leaderboard import build_leaderboard
    from sim.debrief.classroom import analyse_class, write_class_report

    lb = build_leaderboard("handins/")
    report = analyse_class(lb, lang="ru")
    files, warnings = write_class_report(report, "debrief/")
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...files import atomic_write
from ...runs.leaderboard import Group, Leaderboard, find_files, scenario_paths
from ...runs.runfile import read_run
from ...runs.verify import MAX_VERIFY_BYTES, MAX_WEEKS, ScenarioBook
from ..report import Words
from .analysis import BotGames, GroupStudy, play_bots, study
from .document import Document, Para, to_html, to_markdown
from .gather import ClassRun, Dropped, Task, reduce_runs
from .sections import group_blocks, problem_blocks

REPORT_FILES = ("class.html", "class.md")


@dataclass
class ClassReport:
    """The leaderboard and, per group, the study of its class; ``dropped`` are ranked runs
    that could not be analysed (changed after verification)."""

    leaderboard: Leaderboard
    groups: list[tuple[Group, GroupStudy]]
    dropped: list[Dropped] = field(default_factory=list)
    lang: str = "en"


@dataclass
class _GroupGame:
    weeks: int = 0
    currency: str = ""
    params: object = None


def _group_game(g: Group, paths: dict[str, Path], book: ScenarioBook) -> _GroupGame:
    """The game parameters of a group, from the header of its first run that still reads."""
    for p in g.placed:
        path = paths.get(p.entry.file)
        if path is None:
            continue
        try:
            header = read_run(path, max_bytes=MAX_VERIFY_BYTES, max_weeks=MAX_WEEKS).header
        except Exception:  # changed since it was verified: try the next one
            continue
        sc, _, _ = book.find(header)
        if sc is not None:
            return _GroupGame(sc.params.weeks, sc.params.firm.currency, sc.params)
    return _GroupGame()


def analyse_class(lb: Leaderboard, *, lang: str | None = None, scenarios: Sequence[str] = (),
                  jobs: int = 2, band: bool = True) -> ClassReport:
    """Replay every ranked run once more, play the bots on each group's seed (and its luck
    band, unless ``band`` is false), and study each group.

    ``lang`` is the report's language; by default the runs' own when they agree, else
    English. ``scenarios`` are the scenario files given to the leaderboard.
    """
    paths = {rel: path for path, rel in find_files(lb.folder)[0]}
    book = ScenarioBook(scenario_paths(scenarios))
    games = [_group_game(g, paths, book) for g in lb.groups]
    tasks, dropped = [], []
    for g in lb.groups:
        for p in g.placed:
            e = p.entry
            if e.file in paths:
                tasks.append(Task(str(paths[e.file]), e.file, e.fingerprint, e.player, e.bot))
            else:
                dropped.append(Dropped(e.file, f"{e.file}: no longer in the folder: left out "
                                       "of the class debrief"))

    def bots() -> list[BotGames]:
        return [play_bots(gg.params, g.seed, band=band) if gg.params is not None
                else BotGames([], None) for g, gg in zip(lb.groups, games, strict=True)]

    results, bot_games = reduce_runs(tasks, scenarios=scenarios, jobs=jobs, meanwhile=bots,
                                      book=book)
    runs = {r.file: r for r in results if isinstance(r, ClassRun)}
    dropped += [r for r in results if isinstance(r, Dropped)]
    langs = {r.lang for r in runs.values() if r.lang}
    report_lang = lang or (langs.pop() if len(langs) == 1 else "en")
    groups = []
    for g, gg, bg in zip(lb.groups, games, bot_games, strict=True):
        mine = [runs[p.entry.file] for p in g.placed if p.entry.file in runs]
        players = [r for r in mine if not r.bot] or mine
        groups.append((g, study(g.scenario, g.seed, gg.weeks, gg.currency,
                                players, bg)))
    return ClassReport(lb, groups, dropped, report_lang)


def class_document(report: ClassReport, charts: Sequence[dict[str, str]] = ()) -> Document:
    """The whole debrief as blocks; ``charts[k]`` names group ``k``'s PNG files."""
    lb = report.leaderboard
    currency = next((s.currency for _, s in report.groups if s.currency), "")
    w = Words(report.lang, currency)
    several = len(report.groups) > 1
    if several or not report.groups:
        title = w.t("class.title")
    else:
        s = report.groups[0][1]
        title = w.t("class.title_one", scenario=s.scenario, seed=s.seed)
    doc = Document(title, report.lang)
    doc.add(Para(w.t("class.summary", count=lb.ranked, problems=len(lb.problems),
                     groups=len(report.groups))))
    if not report.groups:
        doc.add(Para(w.t("class.empty" if lb.problems else "class.no_files")))
    for k, (g, s) in enumerate(report.groups):
        gw = Words(report.lang, s.currency or currency)
        group_blocks(doc, s, g, charts[k] if k < len(charts) else {}, gw, heading=several)
    if report.groups or lb.problems:
        problem_blocks(doc, lb.problems, report.dropped, w)
    return doc


def write_class_report(report: ClassReport, out: str | os.PathLike[str], *,
                       charts: bool = True, jobs: int = 2) -> tuple[list[Path], list[str]]:
    """Write ``class.html``, ``class.md`` and the charts (drawn in ``jobs`` processes) into
    the folder ``out`` (made if missing); returns the files written and warnings (no
    matplotlib: no charts).

    Raises:
        OSError: the folder or a file cannot be written.
    """
    from ...runs.charts import ChartsUnavailable
    from .charts import chart_files, draw_charts

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    several = len(report.groups) > 1
    drawn = [chart_files(s, f"group{k}-" if several else "") if charts else {}
             for k, (_, s) in enumerate(report.groups, start=1)]
    warnings: list[str] = []
    try:
        draw_charts([(s, kind, str(folder / name), report.lang)
                     for (_, s), names in zip(report.groups, drawn, strict=True)
                     for kind, name in names.items()], processes=jobs)
    except ChartsUnavailable as exc:
        warnings.append(f"no charts: {exc}")
        drawn = []
    doc = class_document(report, drawn)
    written = [folder / name for d in drawn for name in d.values()]
    for name, text in zip(REPORT_FILES, (to_html(doc), to_markdown(doc)), strict=True):
        atomic_write(folder / name, text)
        written.append(folder / name)
    return written, warnings


__all__ = ["REPORT_FILES", "ClassReport", "analyse_class", "class_document",
           "write_class_report"]
