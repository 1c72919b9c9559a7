"""The class curves as PNG files: every player's profit, morale and reputation over the
weeks, one chart each, with the bots drawn over them; and, for each client of the decision
map, who did what with him, when, and the score it came to.

matplotlib is imported inside the functions only (Agg canvas, no pyplot, no global state);
:class:`~sim.runs.charts.ChartsUnavailable` says how to install it when it is missing.
Colour is never the only carrier of meaning: the bots are thick black or grey lines of their
own dash and end marker, named in the legend; the players are thin lines in the legend's
order (best score first); the decision map's markers differ in shape as well as colour.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..charts import _cumulative, _matplotlib, _save, _thousands
from ..report import Words
from .analysis import GroupStudy, MapClient
from .gather import KEPT

CURVES = ("profit", "morale", "reputation")
_BOT_STYLES = {"always-right": ("#444444", (0, (6, 2)), "s"),
               "rule-based": ("#000000", "-", "D"),
               "oracle": ("#777777", (0, (1, 1.5)), "^")}
_PLAYER_STYLES = ("-", "--", "-.")
LABELLED = 30  # up to this many players, each decision-map marker carries its pseudonym
LEGEND_PLAYERS = 16  # up to this many, each player's line has its legend entry
_ACTION_MARKERS = {"kept": "o", "terms": "s", "polite": "^", "blunt": "v", "price_out": "D",
                   "left": "X", "declined": "P"}


def chart_files(s: GroupStudy, prefix: str) -> dict[str, str]:
    """``{kind: file name}`` of a group's charts (kinds: ``profit``, ``morale``,
    ``reputation``, then ``map1``... for each client of the decision map)."""
    kinds = [*CURVES, *(f"map{k}" for k in range(1, len(s.decision_map) + 1))]
    return {kind: f"{prefix}{kind}.png" for kind in kinds}


def draw_chart(s: GroupStudy, kind: str, path: str | os.PathLike[str], lang: str) -> None:
    """Draw one chart of :func:`chart_files` into ``path``.

    Raises:
        ChartsUnavailable: matplotlib cannot be imported.
        OSError: the file cannot be written.
    """
    matplotlib, canvas, figure = _matplotlib()
    w = Words(lang, s.currency)
    # fixed margins, not a layout engine: it would cost a third of the drawing time, and
    # the legend's column on the right is the same width in every chart
    if kind in CURVES:
        fig = figure(figsize=(12, 6.2), dpi=100)
        fig.subplots_adjust(left=0.075, right=0.83, top=0.93, bottom=0.09)
        canvas(fig)
        _curve(fig, s, kind, w, matplotlib)
    else:
        fig = figure(figsize=(12, 4.8), dpi=100)
        fig.subplots_adjust(left=0.065, right=0.66, top=0.91, bottom=0.12)
        canvas(fig)
        _map(fig, s.decision_map[int(kind.removeprefix("map")) - 1], s.weeks, w, matplotlib)
    _save(fig, Path(path))


def _draw(job: tuple[GroupStudy, str, str, str]) -> None:
    draw_chart(*job)


def draw_charts(jobs: Sequence[tuple[GroupStudy, str, str, str]], *, processes: int = 1
                ) -> None:
    """Draw many charts (``(study, kind, path, lang)`` each), in ``processes`` processes
    when there are enough: each chart takes a good part of a second, so two cores halve
    the wait.

    Raises:
        ChartsUnavailable: matplotlib cannot be imported.
        OSError: a file cannot be written.
    """
    if importlib.util.find_spec("matplotlib") is None:
        _matplotlib()  # raises ChartsUnavailable, with how to install it
    if processes <= 1 or len(jobs) < 3:
        for job in jobs:
            _draw(job)
        return
    with ProcessPoolExecutor(max_workers=min(processes, len(jobs))) as pool:
        try:
            list(pool.map(_draw, jobs))
        except BrokenProcessPool:  # no workers: draw them here
            for job in jobs:
                _draw(job)


def _curve(fig: Any, s: GroupStudy, kind: str, w: Words, matplotlib: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax = fig.subplots()
    cmap = matplotlib.colormaps["tab10"]  # strong colours: pale ones vanish on a projector
    ranked = sorted(s.runs, key=lambda r: -r.scores["score"])
    for k, r in enumerate(ranked):
        ys = _series(r.weekly, kind)
        ax.plot(range(1, len(ys) + 1), ys, label=r.player, linewidth=1.5, alpha=0.85,
                color=cmap(k % 10), linestyle=_PLAYER_STYLES[(k // 10) % 3], zorder=2)
    for row in s.bots.rows:
        ys = _series(row.weekly, kind)
        color, dash, marker = _BOT_STYLES.get(row.who, ("#000000", "-", "o"))
        ax.plot(range(1, len(ys) + 1), ys, label=w.t(f"debrief.bot.{row.who}"), linewidth=3.2,
                color=color, linestyle=dash, marker=marker, markevery=[len(ys) - 1] if ys
                else None, markersize=9, zorder=4)
    ax.set_title(w.t(f"class.chart.{kind}", seed=s.seed), fontsize=15)
    ax.set_xlabel(w.t("debrief.chart.week"), fontsize=12)
    ax.set_ylabel(w.t("debrief.chart.profit_y", currency=s.currency) if kind == "profit"
                  else w.t("debrief.chart.points"), fontsize=12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(1, max(2, s.weeks) + 0.4)  # room for the bots' end markers
    ax.grid(True, alpha=0.3)
    if kind == "profit":
        ax.axhline(0, color="black", linewidth=0.8)
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    else:
        ax.set_ylim(0, 100)
    handles, labels = ax.get_legend_handles_labels()
    bots = len(s.bots.rows)
    # the bots first in the legend: they are the reference the players are read against
    order = list(range(len(handles) - bots, len(handles)))
    if len(ranked) <= LEGEND_PLAYERS:
        order += list(range(len(handles) - bots))
    else:  # too many to tell apart in a legend: one entry for all, names on the extremes
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="#1f77b4", linewidth=1.5))
        labels.append(w.t("class.chart.players", count=len(ranked)))
        order.append(len(handles) - 1)
        for r in ranked[:3] + ranked[-3:]:
            ys = _series(r.weekly, kind)
            if ys:
                ax.annotate(r.player, (len(ys), ys[-1]), xytext=(4, 0),
                            textcoords="offset points", fontsize=8.5, va="center",
                            color="#333333", annotation_clip=False)
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), fontsize=10, frameon=False)


def _series(weekly: dict[str, list[float]], kind: str) -> list[float]:
    ys = weekly.get(kind, [])
    return _cumulative(ys) if kind == "profit" else list(ys)


def _spread_out(xs: list[float], ys: list[float], close: float, step: float) -> list[float]:
    """Markers that would sit on one another (same week, scores within ``close``) set side
    by side, so that each player and his name stay visible."""
    out = list(xs)
    placed: dict[float, list[float]] = {}
    for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
        near = sum(abs(py - y) < close for py in placed.get(x, []))
        out[k] = x + step * (near % 4)
        placed.setdefault(x, []).append(y)
    return out


def _map(fig: Any, m: MapClient, weeks: int, w: Words, matplotlib: Any) -> None:
    """Score against the week of the decision, one marker shape per way of handling; the
    players who kept him as he was stand at the right edge, past the last week."""
    ax = fig.subplots()
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    step = max(0.5, (weeks + 3) / 20)  # a name's width, in weeks
    kept_x = weeks + 2 * step
    label = m.players <= LABELLED
    scores = [sc for c in m.choices for _, _, sc in c.players]
    close = 0.05 * max(1.0, max(scores) - min(scores))  # about a marker's height
    for k, c in enumerate(m.choices):
        xs = [kept_x if wk is None or c.action == KEPT else wk for _, wk, _ in c.players]
        ys = [sc for _, _, sc in c.players]
        xs = _spread_out(xs, ys, close, step)
        ax.scatter(xs, ys, s=90, marker=_ACTION_MARKERS.get(c.action, "o"),
                   color=colors[k % len(colors)], edgecolor="black", linewidth=0.6,
                   label=w.t("class.map.legend", what=w.t(f"class.action.{c.action}"),
                             mean=w.num(c.mean, 1)), zorder=3)
        ax.axhline(c.mean, color=colors[k % len(colors)], linewidth=1.2, linestyle="--",
                   alpha=0.8, zorder=2)
        if label:
            for (player, _, _), x, y in zip(c.players, xs, ys, strict=True):
                ax.annotate(player, (x, y), xytext=(6, 3), textcoords="offset points",
                            fontsize=8.5, color="#333333", zorder=4)
    ax.axvline(weeks + step, color="dimgray", linewidth=0.8)
    ticks = list(range(1, weeks + 1, max(1, weeks // 12))) + [kept_x]
    ax.set_xticks(ticks, [str(t) for t in ticks[:-1]] + [w.t("class.map.to_the_end")])
    ax.set_xlim(0.5, kept_x + 4 * step)
    ax.set_title(w.t("class.map.chart", client=m.name, trait=w.trait(m.trait)), fontsize=14)
    ax.set_xlabel(w.t("class.map.week"), fontsize=12)
    ax.set_ylabel(w.t("class.map.score"), fontsize=12)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=10, frameon=False)


__all__ = ["CURVES", "chart_files", "draw_chart", "draw_charts"]
