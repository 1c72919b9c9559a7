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

import os
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
_ACTION_MARKERS = {"kept": "o", "terms": "s", "polite": "^", "blunt": "v", "price_out": "D",
                   "left": "X", "declined": "P"}


def write_class_charts(s: GroupStudy, folder: str | os.PathLike[str], prefix: str,
                       w: Words) -> dict[str, str]:
    """Draw the three curves and the decision-map charts into ``folder``; returns
    ``{kind: file name}`` (kinds: ``profit``, ``morale``, ``reputation``, ``map1``...).

    Raises:
        ChartsUnavailable: matplotlib cannot be imported.
        OSError: a file cannot be written.
    """
    matplotlib, canvas, figure = _matplotlib()
    folder = Path(folder)
    out = {}
    for kind in CURVES:
        fig = figure(figsize=(12, 6.2), dpi=100, layout="constrained")
        canvas(fig)
        _curve(fig, s, kind, w, matplotlib)
        name = f"{prefix}{kind}.png"
        _save(fig, folder / name)
        out[kind] = name
    for k, m in enumerate(s.decision_map, start=1):
        fig = figure(figsize=(10, 4.6), dpi=100, layout="constrained")
        canvas(fig)
        _map(fig, m, s.weeks, w, matplotlib)
        name = f"{prefix}map{k}.png"
        _save(fig, folder / name)
        out[f"map{k}"] = name
    return out


def _curve(fig: Any, s: GroupStudy, kind: str, w: Words, matplotlib: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax = fig.subplots()
    cmap = matplotlib.colormaps["tab20"]
    ranked = sorted(s.runs, key=lambda r: -r.scores["score"])
    for k, r in enumerate(ranked):
        ys = _series(r.weekly, kind)
        ax.plot(range(1, len(ys) + 1), ys, label=r.player, linewidth=1.3, alpha=0.9,
                color=cmap(k % 20), linestyle=_PLAYER_STYLES[(k // 20) % 3], zorder=2)
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
    ax.set_xlim(1, max(2, s.weeks))
    ax.grid(True, alpha=0.3)
    if kind == "profit":
        ax.axhline(0, color="black", linewidth=0.8)
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    else:
        ax.set_ylim(0, 100)
    handles, labels = ax.get_legend_handles_labels()
    bots = len(s.bots.rows)
    # the bots first in the legend: they are the reference the players are read against
    order = list(range(len(handles) - bots, len(handles))) + list(range(len(handles) - bots))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), fontsize=10 if len(order) <= 24 else 8,
              ncols=1 if len(order) <= 30 else 2, frameon=False)


def _series(weekly: dict[str, list[float]], kind: str) -> list[float]:
    ys = weekly.get(kind, [])
    return _cumulative(ys) if kind == "profit" else list(ys)


def _map(fig: Any, m: MapClient, weeks: int, w: Words, matplotlib: Any) -> None:
    """Score against the week of the decision, one marker shape per way of handling; the
    players who kept him as he was stand at the right edge, past the last week."""
    ax = fig.subplots()
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    kept_x = weeks + 1.5
    for k, c in enumerate(m.choices):
        xs = [kept_x if wk is None or c.action == KEPT else wk for _, wk, _ in c.players]
        ys = [sc for _, _, sc in c.players]
        ax.scatter(xs, ys, s=90, marker=_ACTION_MARKERS.get(c.action, "o"),
                   color=colors[k % len(colors)], edgecolor="black", linewidth=0.6,
                   label=w.t("class.map.legend", what=w.t(f"class.action.{c.action}"),
                             mean=w.num(c.mean, 1)), zorder=3)
        ax.axhline(c.mean, color=colors[k % len(colors)], linewidth=1.2, linestyle="--",
                   alpha=0.8, zorder=2)
    ax.axvline(weeks + 0.75, color="dimgray", linewidth=0.8)
    ticks = list(range(1, weeks + 1, max(1, weeks // 12))) + [kept_x]
    ax.set_xticks(ticks, [str(t) for t in ticks[:-1]] + [w.t("class.map.to_the_end")])
    ax.set_xlim(0.5, weeks + 2.5)
    ax.set_title(w.t("class.map.chart", client=m.name, trait=w.trait(m.trait)), fontsize=14)
    ax.set_xlabel(w.t("class.map.week"), fontsize=12)
    ax.set_ylabel(w.t("class.map.score"), fontsize=12)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=10, frameon=False)


__all__ = ["CURVES", "write_class_charts"]
