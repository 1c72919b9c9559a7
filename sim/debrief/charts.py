"""The debrief's charts as PNG files, drawn with matplotlib's Agg canvas.

matplotlib is optional: it is imported inside :func:`write_charts` only, which raises
:class:`~sim.runs.charts.ChartsUnavailable` when it is missing. The look follows
``sim compare --png`` (:mod:`sim.runs.charts`); colour is never the only carrier of
meaning: each line has its own style and marker, each area its own hatch, all named in a
legend.

- ``overview.png``: cumulative profit, staff morale and reputation week by week, the
  player's line against the bots', with the weeks a client was let go marked;
- ``whale.png``: the whale curve of the player's own clients (ranked by ledger profit);
- ``hours.png``: staff hours per client type, week by week (stacked).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..files import atomic_file
from ..i18n import tr, trait_label
from ..runs.charts import ChartsUnavailable, whale_curve
from . import Debrief

CHARTS = ("overview.png", "whale.png", "hours.png")
_STYLES = ("-", "--", "-.", ":")
_MARKERS = ("o", "s", "^", "D")
_HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")


def _matplotlib() -> Any:
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ChartsUnavailable("the charts need matplotlib: pip install "
                                "'not-always-right[game]' (or pip install matplotlib)") \
            from None
    return matplotlib, FigureCanvasAgg, Figure


def _save(fig: Any, path: Path) -> None:
    with atomic_file(path) as f:
        fig.savefig(f, format="png")


def _thousands(value: float, _pos: Any = None) -> str:
    return f"{value:,.0f}".replace(",", "\u2009")


def _cumulative(xs: list[float]) -> list[float]:
    out, total = [], 0.0
    for x in xs:
        total += x
        out.append(total)
    return out


def write_charts(db: Debrief, folder: str | os.PathLike[str], *,
                 lang: str | None = None) -> list[Path]:
    """Draw the three charts into ``folder``; returns the files written.

    Raises:
        ChartsUnavailable: matplotlib cannot be imported.
        OSError: a file cannot be written.
    """
    matplotlib, canvas, figure = _matplotlib()
    lang = lang or db.lang
    folder = Path(folder)
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    out = []
    for name, draw in zip(CHARTS, (_overview, _whale, _hours), strict=True):
        fig = figure(figsize=(12, 7.5) if name == "overview.png" else (10, 6), dpi=100,
                     layout="constrained")
        canvas(fig)  # no pyplot, no global state
        draw(fig, db, lang, colors)
        _save(fig, folder / name)
        out.append(folder / name)
    return out


def chart_rgba(db: Debrief, name: str, size: tuple[int, int], *,
               lang: str | None = None) -> tuple[bytes, tuple[int, int]]:
    """One chart drawn at ``size`` pixels as RGBA bytes (for a pygame surface:
    ``pygame.image.frombuffer(data, size, "RGBA")``); ``name`` is one of :data:`CHARTS`.

    Raises:
        ChartsUnavailable: matplotlib cannot be imported.
        KeyError: ``name`` is not a chart.
    """
    draw = dict(zip(CHARTS, (_overview, _whale, _hours), strict=True))[name]
    matplotlib, canvas, figure = _matplotlib()
    dpi = 100
    fig = figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi, layout="constrained")
    agg = canvas(fig)
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    draw(fig, db, lang or db.lang, colors)
    agg.draw()
    width, height = agg.get_width_height()
    return bytes(agg.buffer_rgba()), (width, height)


def _t(key: str, lang: str, **params: Any) -> str:
    return tr(key, lang, **params)


def _who(who: str, lang: str) -> str:
    return _t("debrief.bots.you", lang) if who == "player" else _t(f"debrief.bot.{who}", lang)


def _overview(fig: Any, db: Debrief, lang: str, colors: list[str]) -> None:
    from matplotlib.ticker import FuncFormatter

    axes = fig.subplots(2, 2)
    fig.suptitle(_t("debrief.chart.overview", lang), fontsize=15)
    rows = db.bots.rows if db.bots is not None else []
    if not rows:
        from .bots import Standing, weekly_series

        rows = [Standing("player", db.scores, db.end, weekly_series(db.replay.state))]
    panels = (
        (axes[0][0], "profit", _t("debrief.chart.profit", lang),
         _t("debrief.chart.profit_y", lang, currency=db.currency)),
        (axes[0][1], "morale", _t("debrief.chart.morale", lang), _t("debrief.chart.points", lang)),
        (axes[1][0], "reputation", _t("debrief.chart.reputation", lang),
         _t("debrief.chart.points", lang)),
    )
    let_go_weeks = sorted({j.week for j in db.audit.judged if j.week is not None})
    for ax, key, title, ylabel in panels:
        for k, r in enumerate(rows):
            ys = r.weekly.get(key, [])
            if key == "profit":
                ys = _cumulative(ys)
            player = r.who == "player"
            ax.plot(range(1, len(ys) + 1), ys, label=_who(r.who, lang),
                    linewidth=3 if player else 1.6, color=colors[k % len(colors)],
                    linestyle=_STYLES[k % len(_STYLES)], marker=_MARKERS[k % len(_MARKERS)],
                    markevery=[len(ys) - 1] if ys else None, markersize=7,
                    zorder=3 if player else 2)
        for k, week in enumerate(let_go_weeks):
            ax.axvline(week, color="dimgray", linewidth=0.8, linestyle=":", zorder=1,
                       label=_t("debrief.chart.let_go", lang) if k == 0 else None)
        ax.set_title(title, fontsize=13)
        ax.set_xlabel(_t("debrief.chart.week", lang), fontsize=11)
        ax.set_ylabel(ylabel, fontsize=11)
        ax.grid(True, alpha=0.3)
    axes[0][0].axhline(0, color="black", linewidth=0.8)
    axes[0][0].yaxis.set_major_formatter(FuncFormatter(_thousands))
    for ax in (axes[0][1], axes[1][0]):
        ax.set_ylim(0, 100)
    # the fourth panel holds the legend: big enough to read, out of the lines' way
    legend_ax = axes[1][1]
    legend_ax.axis("off")
    handles, labels = axes[0][0].get_legend_handles_labels()
    legend_ax.legend(handles, labels, loc="center", fontsize=13, frameon=False)


def _whale(fig: Any, db: Debrief, lang: str, colors: list[str]) -> None:
    ax = fig.subplots()
    profits = [c.profit for c in db.reveal.clients]
    curve = whale_curve(profits)
    ax.set_title(_t("debrief.chart.whale", lang), fontsize=14)
    ax.set_xlabel(_t("debrief.chart.whale_x", lang), fontsize=11)
    ax.set_ylabel(_t("debrief.chart.whale_y", lang), fontsize=11)
    ax.axhline(100, color="black", linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 100)
    ax.grid(True, alpha=0.3)
    if curve is None:
        ax.text(0.5, 0.5, _t("debrief.chart.whale_off", lang), transform=ax.transAxes,
                ha="center", va="center", fontsize=12, color="dimgray")
        return
    xs, ys = curve
    ax.plot(xs, ys, linewidth=2.5, color=colors[0], marker="o", markersize=3)
    peak = max(range(len(ys)), key=ys.__getitem__)
    ax.annotate(_t("debrief.chart.whale_peak", lang, share=round(ys[peak]),
                   clients=round(xs[peak])),
                (xs[peak], ys[peak]), xytext=(12, 10), textcoords="offset points", fontsize=11,
                arrowprops={"arrowstyle": "->", "color": "dimgray"})
    ax.plot([xs[peak]], [ys[peak]], marker="D", markersize=9, color=colors[0])
    ax.set_ylim(min(0.0, min(ys)) - 5, max(ys) * 1.12)


def _hours(fig: Any, db: Debrief, lang: str, colors: list[str]) -> None:
    ax = fig.subplots()
    series = {t: v for t, v in db.replay.hours_by_trait.items() if sum(v) > 0}
    weeks = list(range(1, db.replay.weeks + 1))
    if series:
        names = list(series)
        stacks = ax.stackplot(weeks, *(series[t] for t in names),
                              labels=[trait_label(t, lang) for t in names],
                              colors=[colors[k % len(colors)] for k in range(len(names))],
                              alpha=0.85, edgecolor="white", linewidth=0.5)
        for k, poly in enumerate(stacks):
            poly.set_hatch(_HATCHES[k % len(_HATCHES)])
        handles, labels = ax.get_legend_handles_labels()
        # the legend lists the layers top first, as they are stacked on the chart
        ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  fontsize=11, frameon=False)
    ax.set_title(_t("debrief.chart.hours", lang), fontsize=14)
    ax.set_xlabel(_t("debrief.chart.week", lang), fontsize=11)
    ax.set_ylabel(_t("debrief.chart.hours_y", lang), fontsize=11)
    ax.set_xlim(1, max(1, len(weeks)))
    ax.grid(True, alpha=0.3)
