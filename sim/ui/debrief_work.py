"""The debrief's slow work, done off the event loop: the analysis, the charts, a what-if.

Each :class:`Job` runs one function in a daemon thread that only produces data (numbers,
dataclasses, RGBA bytes): no pygame call happens here. The scene polls ``done`` in its
``update`` and turns the result into surfaces and widgets on the main thread, so input and
drawing never wait for a replay.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sim.debrief import Debrief, analyse
from sim.debrief.luck import LuckBand
from sim.debrief.moments import what_if
from sim.debrief.report import luck_of

CHART_NAMES = ("overview.png", "whale.png", "hours.png")


class Job:
    """One function run in a thread; ``progress`` (0..1) and ``stage`` are set by it."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.progress = 0.0
        self.stage = ""
        self.counts: dict[str, int] = {}
        self.result: Any = None
        self.error: str | None = None
        self.done = False
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[..., Any], args: tuple) -> None:
        try:
            self.result = fn(self, *args)
        except Exception as exc:  # noqa: BLE001 - shown on screen, never a crash
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.progress = 1.0
            self.done = True

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ends (tests and the bench only)."""
        self._thread.join(timeout)
        return self.done


def analyse_in_steps(job: Job, params: Any, seed: int, decisions: list, header: dict,
                     scenario: Any, top: int = 5) -> Debrief:
    """:func:`sim.debrief.analyse`, reporting its progress on ``job`` for the screen."""

    def report(stage: str, fraction: float, counts: dict | None) -> None:
        job.stage = stage
        job.progress = fraction
        if counts is not None:
            job.counts = counts

    return analyse(params, seed, decisions, header=header, scenario=scenario, top=top,
                   progress=report)


def render_charts(job: Job, db: Debrief, size: tuple[int, int],
                  lang: str) -> dict[str, tuple[bytes, tuple[int, int]]]:
    """The three charts at ``size`` as RGBA bytes, by name (matplotlib Agg, no pyplot)."""
    from sim.debrief.charts import chart_rgba

    out = {}
    for k, name in enumerate(CHART_NAMES):
        job.progress = k / len(CHART_NAMES)
        out[name] = chart_rgba(db, name, size, lang=lang)
    return out


def run_what_if(job: Job, db: Debrief, week: int, change: Any) -> Any:
    """One what-if replay (see :func:`sim.debrief.what_if`)."""
    job.stage = "whatif"
    return what_if(db, week, change)


def luck_after(job: Job, analysis: Job) -> LuckBand:
    """The luck band of the game (:func:`sim.debrief.report.luck_of`), once ``analysis``
    is done (the bots it played on this seed are not played again)."""
    analysis.wait()
    if analysis.result is None:
        raise RuntimeError(analysis.error or "no analysis")

    def report(done: int, total: int) -> None:
        job.progress = done / max(1, total)

    job.stage = "luck"
    return luck_of(analysis.result, progress=report)
