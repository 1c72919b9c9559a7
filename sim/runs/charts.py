"""PNG charts of compared runs (``sim compare --png``), drawn with matplotlib's Agg canvas.

matplotlib is an optional extra (``game``): it is imported inside :func:`write_compare_png`
only, and :class:`ChartsUnavailable` says how to install it when it is missing. The labels
are catalog messages (``compare.chart.*``; the axes the debrief's charts share are theirs,
``debrief.chart.*``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..files import atomic_file
from ..i18n import LANGS, tr
from .compare import RunSummary

# colour is never the only carrier of meaning: each run also has its own line style, and a
# marker of its own at the end of its line (where a bankrupt or unfinished game stops)
_STYLES = ("-", "--", "-.", ":")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


class ChartsUnavailable(Exception):
    """matplotlib is not installed (it is the optional extra ``game``)."""


def chart_lang(runs: Sequence[RunSummary], lang: str | None = None) -> str:
    """The language of the labels: ``lang`` if given, else the runs' own if they agree."""
    if lang in LANGS:
        return lang
    langs = {r.lang for r in runs}
    return langs.pop() if len(langs) == 1 and next(iter(langs), "en") in LANGS else "en"


def whale_curve(profits: Sequence[float]) -> tuple[list[float], list[float]] | None:
    """``(x, y)`` in percent: clients ranked by profit (most profitable first) against the
    cumulative share of total profit; None when the total is not positive."""
    ranked = sorted(profits, reverse=True)
    total = sum(ranked)
    if not ranked or total <= 0:
        return None
    xs, ys, acc = [0.0], [0.0], 0.0
    for i, p in enumerate(ranked, start=1):
        acc += p
        xs.append(100.0 * i / len(ranked))
        ys.append(100.0 * acc / total)
    return xs, ys


def write_compare_png(runs: Sequence[RunSummary], path: str | os.PathLike[str], *,
                      lang: str | None = None) -> Path:
    """Draw profit, morale and reputation over the weeks and each run's whale curve.

    The file is written atomically (a temporary file moved into place).

    Raises:
        ChartsUnavailable: matplotlib cannot be imported.
        OSError: the file cannot be written.
    """
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter
    except ImportError:
        raise ChartsUnavailable("--png needs matplotlib: pip install "
                                "'not-always-right[game]' (or pip install matplotlib)") \
            from None
    lang = chart_lang(runs, lang)
    fig = Figure(figsize=(13, 9), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)  # no pyplot, no global state: the Agg canvas draws this figure only
    axes = fig.subplots(2, 2)
    currency = runs[0].currency if runs else ""
    _title(fig, runs, lang)
    points = tr("debrief.chart.points", lang)
    series = (
        (axes[0][0], tr("debrief.chart.profit", lang),
         tr("debrief.chart.profit_y", lang, currency=currency), lambda r: r.cumulative_profit),
        (axes[0][1], tr("debrief.chart.morale", lang), points, lambda r: r.weekly_morale),
        (axes[1][0], tr("debrief.chart.reputation", lang), points,
         lambda r: r.weekly_reputation),
    )
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    for ax, title, ylabel, get in series:
        for k, r in enumerate(runs):
            ys = get(r)
            ax.plot(range(1, len(ys) + 1), ys, label=_label(r, lang), linewidth=2,
                    color=colors[k % len(colors)], linestyle=_STYLES[k % len(_STYLES)],
                    marker=_MARKERS[k % len(_MARKERS)], markevery=[len(ys) - 1] if ys else None,
                    markersize=7)
        ax.set_title(title, fontsize=13)
        ax.set_xlabel(tr("debrief.chart.week", lang), fontsize=11)
        ax.set_ylabel(ylabel, fontsize=11)
        ax.grid(True, alpha=0.3)
    axes[0][0].axhline(0, color="black", linewidth=0.8)
    axes[0][0].yaxis.set_major_formatter(FuncFormatter(_thousands))
    for ax in (axes[0][1], axes[1][0]):
        ax.set_ylim(0, 100)
    _whale(axes[1][1], runs, lang, colors)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(4, max(1, len(runs))),
               fontsize=11, frameon=False)
    path = Path(path)
    with atomic_file(path) as f:
        fig.savefig(f, format="png")
    return path


def _peak(ys: Sequence[float]) -> int:
    return max(range(len(ys)), key=ys.__getitem__)


def _label(r: RunSummary, lang: str) -> str:
    return r.label.replace(" (bot)", f" ({tr('compare.chart.bot', lang)})")


def _thousands(value: float, _pos: Any = None) -> str:
    return f"{value:,.0f}".replace(",", "\u2009")  # a thin space reads well in both languages


def _title(fig: Any, runs: Sequence[RunSummary], lang: str) -> None:
    scenarios = sorted({r.scenario for r in runs})
    seeds = sorted({r.seed for r in runs})
    sub = ", ".join(scenarios)
    sub += f", {tr('compare.chart.seed', lang)} " + ", ".join(map(str, seeds)) if seeds else ""
    fig.suptitle(f"{tr('compare.chart.title', lang)}: {sub}", fontsize=15)


def _whale(ax: Any, runs: Sequence[RunSummary], lang: str, colors: list[str]) -> None:
    missing = []
    for k, r in enumerate(runs):
        curve = whale_curve(r.client_profits)
        if curve is None:
            missing.append(tr("compare.chart.whale_off", lang, label=_label(r, lang)))
            continue
        ax.plot(*curve, label=_label(r, lang), linewidth=2, color=colors[k % len(colors)],
                linestyle=_STYLES[k % len(_STYLES)], marker=_MARKERS[k % len(_MARKERS)],
                markevery=[_peak(curve[1])], markersize=7)
    ax.axhline(100, color="black", linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 100)
    ax.set_title(tr("compare.chart.whale", lang), fontsize=13)
    ax.set_xlabel(tr("debrief.chart.whale_x", lang), fontsize=11)
    ax.set_ylabel(tr("debrief.chart.whale_y", lang), fontsize=11)
    ax.grid(True, alpha=0.3)
    if missing:
        ax.text(0.98, 0.03, "\n".join(missing), transform=ax.transAxes, ha="right",
                va="bottom", fontsize=9, color="dimgray")


__all__ = ["ChartsUnavailable", "chart_lang", "whale_curve", "write_compare_png"]
