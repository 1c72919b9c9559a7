"""The debrief screen (DESIGN §5): what the trainee did, what it cost, what he should have
done, in six tabs.

1 the result and the player against the bots, 2 charts, 3 traits revealed, 4 the firing
audit and who burned out whom, 5 teachable moments, 6 what-if.

The analysis (a replay, the bots' games, up to forty what-if replays) runs in a thread that
only produces data (:mod:`sim.ui.debrief_work`); until it is done the screen shows how far it
got and stays responsive. The charts are drawn once per window size and language, in the
background, and kept as surfaces. ``update`` takes finished work in; ``draw`` only reads.
"""

from __future__ import annotations

from typing import Any

import pygame

from ..debrief_work import (
    CHART_NAMES,
    Job,
    analyse_in_steps,
    luck_after,
    render_charts,
    run_what_if,
)
from ..table import Column, Table
from ..text import has, num
from ..widgets import Button
from .base import Scene
from .debrief_views import Views

TABS = ("summary", "charts", "traits", "audit", "moments", "whatif")
TAB_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6)
CHART_KEYS = {"overview.png": pygame.K_o, "whale.png": pygame.K_w, "hours.png": pygame.K_h}


class DebriefScene(Scene):
    """The debrief of the session's game."""

    name = "debrief"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.tab = "summary"
        self.chart = "overview.png"
        self.blocks: list = []
        self.detail_rect: pygame.Rect | None = None
        self.charts: dict[tuple, pygame.Surface] = {}   # (name, size, lang) -> surface
        self.chart_error: str | None = None
        self.chart_job: Job | None = None
        self.chart_job_key: tuple | None = None
        self.choices: list = []
        self.whatif_job: Job | None = None
        self.whatif_text = ""
        self.comparison: Any = None
        self.selection: dict[str, int] = {}
        s = app.session
        header = {"lang": app.lang, "player": s.player, "scenario": s.scenario.id,
                  "seed": s.seed}
        self.job = Job(analyse_in_steps, s.scenario.params, s.seed, list(s.decisions), header,
                       s.scenario)
        #: how hard the seed was, after the analysis (the end screen shows it too)
        self.luck_job = Job(luck_after, self.job)
        self.luck: Any = None
        self.db: Any = None
        self.error: str | None = None

    # --- state taken in from the threads (update, never draw) ---------------------------
    @property
    def busy(self) -> bool:
        """Work in progress: the app wakes up often to show it."""
        return any(j is not None and not j.done for j in (self.job, self.chart_job,
                                                         self.whatif_job, self.luck_job))

    @property
    def ready(self) -> bool:
        return self.db is not None

    def chart_key(self, name: str) -> tuple:
        area = self.chart_area(self.app.size)
        return (name, area.size, self.lang)

    def update(self, dt: float) -> None:
        if self.luck is None and self.luck_job.done and self.luck_job.error is None:
            self.luck = self.luck_job.result
            if self.ready and self.tab == "summary":
                self.relayout()
        if self.db is None and self.error is None:
            if self.job.done:
                self.db, self.error = self.job.result, self.job.error
                self.relayout(refocus=True)
            else:
                self.app.dirty = True  # the progress bar moves
                return
        if self.chart_job is not None and self.chart_job.done:
            job, key = self.chart_job, self.chart_job_key
            self.chart_job = None
            if job.error is not None:
                self.chart_error = job.error
            else:
                for name, (data, size) in job.result.items():
                    surf = pygame.image.frombytes(data, size, "RGBA")
                    self.charts[(name, key[1], key[2])] = surf.convert() \
                        if pygame.display.get_surface() is not None else surf
            self.app.dirty = True
        if self.db is not None and self.chart_job is None and self.chart_error is None:
            key = self.chart_key(self.chart)
            if key not in self.charts and (self.tab == "charts" or not self.charts):
                self.chart_job_key = key
                self.chart_job = Job(render_charts, self.db, key[1], key[2])
        if self.whatif_job is not None and self.whatif_job.done:
            job = self.whatif_job
            self.whatif_job = None
            self.comparison = job.result
            self.message = job.error or ""
            self.relayout()

    # --- layout -------------------------------------------------------------------------
    def chart_area(self, size: tuple[int, int]) -> pygame.Rect:
        w, h = size
        area = self.content(size)
        top = area.y + self.p.line_height() + 20 + self.caption_height(area.width)
        return pygame.Rect(area.x, top, area.width, area.bottom - top)

    def caption(self, chart: str | None = None) -> str:
        """How to read a chart (the one on screen by default; empty when it needs none)."""
        key = f"ui.debrief.chart.caption.{(chart or self.chart).split('.')[0]}"
        return self.t(key) if has(key, self.lang) else ""

    def caption_height(self, width: int) -> int:
        """Room for the longest caption: every chart is drawn at one size."""
        lines = max(self.p.needs_lines(self.caption(c), width, "small") if self.caption(c)
                    else 0 for c in CHART_NAMES)
        return lines * self.p.line_height("small") + 6 if lines else 0

    def content(self, size: tuple[int, int]) -> pygame.Rect:
        w, h = size
        ln = self.p.line_height()
        top = 14 + self.p.line_height("heading") + ln + 12 + 8  # the title, the tabs
        return pygame.Rect(12, top, w - 24, h - top - (ln + 20 + 12 + 8))

    def _keep_selection(self) -> None:
        for wd in self.widgets:
            if isinstance(wd, Table):
                self.selection[wd.name] = wd.selected

    def relayout(self, *, refocus: bool = False) -> None:
        """Rebuild the widgets; ``refocus`` puts focus on the tab's main table (a new tab)."""
        self._keep_selection()
        super().relayout()
        for wd in self.widgets:
            if isinstance(wd, Table) and wd.name in self.selection:
                wd.select(self.selection[wd.name])
        if refocus:
            first = next((wd for wd in self.widgets if isinstance(wd, Table)
                          and wd.name != "whatif.result"), None)
            self.set_focus(first.name if first is not None else f"tab.{self.tab}")

    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        self.blocks = []
        self.detail_rect = None
        x = 12
        for tab, key in zip(TABS, TAB_KEYS, strict=True):
            label = self.t(f"ui.debrief.tab.{tab}")
            width = self.p.width(f"{label} [1]", bold=tab == self.tab) + 18
            b = Button(pygame.Rect(x, 14 + self.p.line_height("heading"), width,
                               self.p.line_height() + 12), label, self._tab(tab), key=key,
                       name=f"tab.{tab}", primary=tab == self.tab,
                       enabled=self.ready or tab == "summary")
            self.widgets.append(b)
            x += width + 6
        area = self.content(size)
        if self.ready:
            getattr(self, f"_layout_{self.tab}")(area)
        self.bar(size, left=(("ui.action.back", self.app.pop, pygame.K_ESCAPE, "back", {}),
                             ("ui.action.language", self.app.toggle_lang, pygame.K_F2,
                              "language", {})))

    def _tab(self, tab: str):
        def go() -> None:
            self.show(tab)
        return go

    def show(self, tab: str) -> None:
        """Open a tab (charts start drawing when first needed, in ``update``)."""
        if tab != self.tab and (self.ready or tab == "summary"):
            self._keep_selection()
            self.tab = tab
            self.message = ""
            self.relayout(refocus=True)

    def _layout_summary(self, area: pygame.Rect) -> None:
        Views(self, self.db).summary(area)

    def _layout_traits(self, area: pygame.Rect) -> None:
        Views(self, self.db).traits(area)

    def _layout_audit(self, area: pygame.Rect) -> None:
        Views(self, self.db).audit(area)

    def _layout_moments(self, area: pygame.Rect) -> None:
        Views(self, self.db).moments(area)

    def _layout_charts(self, area: pygame.Rect) -> None:
        x = area.x
        for name, key in CHART_KEYS.items():
            label = self.t(f"ui.debrief.chart.{name.split('.')[0]}")
            width = self.p.width(f"{label} [W]", bold=name == self.chart) + 18
            self.widgets.append(Button(pygame.Rect(x, area.y, width,
                                              self.p.line_height() + 12), label,
                                       self._chart(name), key=key, name=f"chart.{name}",
                                       primary=name == self.chart))
            x += width + 6

    def _chart(self, name: str):
        def go() -> None:
            self.chart = name
        return go

    def _layout_whatif(self, area: pygame.Rect) -> None:
        v = Views(self, self.db)
        y = area.y + v.block(area, self.t("ui.debrief.whatif.intro"), "small", "dim_text", 3)
        if not self.choices:
            self.choices = v.choices()
        left = pygame.Rect(area.x, y, area.width * 9 // 20, area.bottom - y - 46)
        right = pygame.Rect(left.right + 12, y, area.right - left.right - 12, left.height + 46)
        choices = self.choices

        def cell(k: int, col: str) -> tuple[str, str]:
            week, _, text = choices[k]
            return (num(week, self.lang), "dim_text") if col == "week" \
                else (text, "normal_text")

        cols = [Column("week", self.t("ui.debrief.whatif.col.week"), 64, "right"),
                Column("change", self.t("ui.debrief.whatif.col.change"), long=True)]
        v.table(left, cols, list(range(len(choices))), cell, "whatif.choices",
                on_activate=self.run_what_if, empty=self.t("ui.debrief.whatif.none"))
        self.button(pygame.Rect(left.x, left.bottom + 6, min(left.width, 260), 36),
                    "ui.debrief.whatif.run", self._run_selected, shortcut=pygame.K_r,
                    name="whatif.run", enabled=bool(choices) and self.whatif_job is None)
        if self.comparison is not None:
            c = self.comparison
            head = self.t("ui.debrief.whatif.result", week=c.week,
                          change=next((t for wk, ch, t in choices
                                       if wk == c.week and ch == c.change), "?"))
            yy = right.y + v.block(right, head, "normal", "normal_text", 3)
            v.comparison(pygame.Rect(right.x, yy, right.width, right.bottom - yy - 40), c)
            note = self.t("ui.debrief.whatif.same") if c.delta.get("score") == 0 \
                else self.t("ui.debrief.whatif.refitted", n=c.refitted)
            v.block(pygame.Rect(right.x, right.bottom - 36, right.width, 0), note, "small",
                    "dim_text", 2)
        else:
            v.block(right, self.t("ui.debrief.whatif.pick"), "small", "dim_text", 2)

    def _run_selected(self) -> None:
        try:
            tb = self.widget("whatif.choices")
        except KeyError:
            return
        if isinstance(tb, Table) and tb.rows:
            self.run_what_if(tb.current())

    def run_what_if(self, k: int) -> None:
        """Replay the game with choice ``k`` (in a thread; ``update`` shows the result)."""
        if self.whatif_job is not None or not self.ready:
            return
        week, change, _ = self.choices[k]
        self.comparison = None
        self.whatif_job = Job(run_what_if, self.db, week, change)
        self.relayout()

    # --- input --------------------------------------------------------------------------
    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            step = -1 if event.key == pygame.K_LEFT else 1
            if self.ready:
                self.show(TABS[(TABS.index(self.tab) + step) % len(TABS)])
            return True
        return False

    def after_input(self) -> None:
        if self.tab == "charts":
            self.relayout()

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        for b in self.blocks:
            if b.rect.collidepoint(pos) and self.p.needs_lines(b.text, b.rect.width, b.role) \
                    * self.p.line_height(b.role) > b.rect.height:
                return b.text
        return None

    def leave(self) -> None:
        self.app.set_tooltip(None, (0, 0))

    # --- drawing (reads only) -----------------------------------------------------------
    def paint(self, surf: pygame.Surface) -> None:
        w, h = surf.get_size()
        self.p.text(surf, self.t("ui.debrief.title"), (12, 8), role="heading", bold=True,
                    width=w - 24)
        if not self.ready:
            self._paint_progress(surf)
            return
        for b in self.blocks:  # a block cut short shows itself whole as its tooltip
            self.p.paragraph(surf, b.text, b.rect, role=b.role, colour=b.colour, may_cut=True)
        if self.tab == "charts":
            self._paint_chart(surf)
        elif self.tab == "moments":
            self._paint_moment(surf)
        elif self.tab == "whatif" and self.whatif_job is not None:
            right = self.content((w, h))
            self.p.text(surf, self.t("ui.debrief.whatif.running"),
                        (right.x + right.width // 2 + 12, right.y + 80),
                        colour="dim_text", width=right.width // 2 - 12)

    def _paint_progress(self, surf: pygame.Surface) -> None:
        area = self.content(surf.get_size())
        if self.error is not None:
            self.p.paragraph(surf, self.t("ui.debrief.failed", error=self.error),
                             area, colour="bad")
            return
        job = self.job
        stage = job.stage or "replay"
        counts = dict(job.counts) or {"done": 0, "total": 0}
        self.p.text(surf, self.t("ui.debrief.working", percent=int(100 * job.progress)),
                    (area.x, area.y + 40), role="heading", width=area.width)
        self.p.text(surf, self.t(f"ui.debrief.stage.{stage}", **counts),
                    (area.x, area.y + 76), colour="dim_text", width=area.width)
        bar = pygame.Rect(area.x, area.y + 110, area.width, 18)
        th = self.p.theme
        pygame.draw.rect(surf, th.c("panel_bg"), bar)
        fill = bar.copy()
        fill.width = int(bar.width * max(0.0, min(1.0, job.progress)))
        pygame.draw.rect(surf, th.c("focus_border"), fill)
        pygame.draw.rect(surf, th.c("panel_border"), bar, 1)

    def _paint_chart(self, surf: pygame.Surface) -> None:
        area = self.chart_area(surf.get_size())
        text = self.caption()
        if text:
            self.p.paragraph(surf, text, pygame.Rect(area.x, area.y - self.caption_height(
                area.width), area.width, self.caption_height(area.width)), role="small",
                colour="dim_text")
        img = self.charts.get(self.chart_key(self.chart))
        if img is not None:
            surf.blit(img, area.topleft)
            return
        if self.chart_error is not None:
            self.p.paragraph(surf, self.t("ui.debrief.charts_missing", error=self.chart_error),
                             area, colour="bad")
        else:
            self.p.text(surf, self.t("ui.debrief.charts_drawing"), (area.x, area.y + 20),
                        colour="dim_text", width=area.width)

    def _paint_moment(self, surf: pygame.Surface) -> None:
        if self.detail_rect is None:
            return
        try:
            tb = self.widget("moments")
        except KeyError:
            return
        m = self.db.moments[tb.current()]
        what, result, why, lesson = Views(self, self.db).moment_text(m)
        r = self.detail_rect
        y = r.y
        for text, role, colour in ((what, "normal", "normal_text"),
                                   (result, "normal", "good" if m.effect > 0 else "bad"),
                                   (why, "small", "normal_text"), (lesson, "small", "dim_text")):
            if y >= r.bottom:
                break
            y += self.p.paragraph(surf, text, pygame.Rect(r.x, y, r.width, r.bottom - y),
                                  role=role, colour=colour) + 4


__all__ = ["CHART_NAMES", "DebriefScene"]
