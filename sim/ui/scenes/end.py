"""The end of the game: final scores (bankruptcy ends it early), how hard the seed was against
the player's gap to the bots (skill or luck), where the run file is, then the debrief."""

from __future__ import annotations

from typing import Any

import pygame

from sim.debrief.luck import REFERENCE_SEEDS
from sim.debrief.report import Words, luck_sentences

from ..table import Column, Table
from ..text import localized, money, num
from .base import Scene

SCORES = ("score", "long_term_profit", "profit", "terminal_value", "revenue", "cash",
          "morale", "reputation")
MONEY = {"long_term_profit", "profit", "terminal_value", "revenue", "cash"}


class EndScene(Scene):
    """Final scores and the luck band."""

    name = "end"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self._debrief: Any = None
        # the game is over: its scores are worked out once, not in every frame
        self.final = app.session.scores()
        self.luck_lines: list[str] = []
        self._luck_seen: tuple[bool, int] | None = None

    def enter(self) -> None:
        # the debrief's analysis and the luck band start now, in the background: the luck
        # band is shown here, and the debrief is ready sooner
        self.debrief_scene()
        super().enter()

    def debrief_scene(self) -> Any:
        from .debrief import DebriefScene

        if self._debrief is None:
            self._debrief = DebriefScene(self.app)
        return self._debrief

    @property
    def busy(self) -> bool:
        """The luck band is being measured: the app wakes up to show its progress."""
        return self._debrief is not None and not self._debrief.luck_job.done

    def update(self, dt: float) -> None:
        job = self._debrief.luck_job if self._debrief is not None else None
        seen = (job.done, int(100 * job.progress)) if job is not None else None
        if seen != self._luck_seen:  # the band moved on: its sentences are written anew
            self._luck_seen = seen
            self.luck_lines = self.luck_text()
            self.app.dirty = True

    def _cell(self, key: str, col: str) -> tuple[str, str]:
        if col == "item":
            return self.t(f"ui.score.{key}"), "normal_text"
        v = self.final[key]
        if key in MONEY:
            cur = self.app.session.scenario.params.firm.currency
            return money(round(v * 100), cur, self.lang), "bad" if v < 0 else "normal_text"
        return num(v, self.lang), "normal_text"

    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        p = self.p
        rh = p.theme.row_height
        tw = min(560, w - 40)
        top = 24 + p.line_height("title") + 2 * p.line_height() + 8
        self.widgets.append(Table(pygame.Rect((w - tw) // 2, top, tw, rh * (len(SCORES) + 1)
                                              + 4),
                                  [Column("item", self.t("ui.end.scores")),
                                   Column("value", "", 180, "right")], SCORES, self._cell,
                                  row_height=rh, name="scores", painter=p))
        self.bar_top = self.bar(
            size, left=(("ui.end.to_title", self.to_title, pygame.K_t, "to_title", {}),
                        ("ui.action.language", self.app.toggle_lang, pygame.K_F2, "language",
                         {})),
            right=(("ui.end.debrief", self.debrief, pygame.K_RETURN, "debrief",
                    {"primary": True}),))
        self.set_focus("debrief")
        self.luck_lines = self.luck_text()  # a language switch lays the scene out again

    def debrief(self) -> None:
        """Open the debrief; its analysis is worked out once and kept for a second visit."""
        self.app.push(self.debrief_scene())

    def to_title(self) -> None:
        from .title import TitleScene

        self.app.replace(TitleScene(self.app))

    def back(self) -> None:
        self.to_title()

    def luck_text(self) -> list[str]:
        """The luck band's sentences, or how far its measuring got."""
        job = self._debrief.luck_job if self._debrief is not None else None
        if job is None or job.error is not None:
            return []
        if not job.done:
            return [self.t("ui.luck.working", n=len(REFERENCE_SEEDS),
                           percent=num(int(100 * job.progress), self.lang))]
        w = Words(self.lang, self.app.session.scenario.params.firm.currency)
        return luck_sentences(job.result, self.final["score"], w)

    # --- drawing ------------------------------------------------------------------------
    def paint(self, surf: pygame.Surface) -> None:
        w, _ = surf.get_size()
        p, s = self.p, self.app.session
        st = s.state
        ln, ls = p.line_height(), p.line_height("small")
        y = 20
        p.text(surf, self.t("ui.end.title"), (20, y), role="title", bold=True, width=w - 40,
               align="center")
        y += p.line_height("title")
        reason = self.t(f"ui.end.reason.{st.end_reason or 'finished'}",
                        weeks=len(st.weekly["cash"]))
        p.text(surf, reason, (20, y), colour="bad" if st.end_reason == "bankrupt"
               else "dim_text", width=w - 40, align="center")
        game = self.t("ui.end.game", scenario=localized(s.scenario.model.title, self.lang),
                      seed=s.seed)
        p.text(surf, game, (20, y + ln), colour="dim_text", width=w - 40, align="center")
        y = self.widget("scores").rect.bottom + 12
        saved_y = self.bar_top - 8 - 2 * ls
        lines = self.luck_lines
        if lines:
            col = pygame.Rect(40, y, w - 80, 0)
            p.text(surf, self.t("ui.luck.title"), (col.x, y), bold=True, width=col.width)
            y += ln + 2
            for text in lines:
                y += p.paragraph(surf, text, pygame.Rect(col.x, y, col.width, saved_y - 4 - y),
                                 role="small") + 2
        if s.path is not None:
            p.text(surf, self.t("ui.end.saved", file=s.path.name), (20, saved_y),
                   role="small", colour="dim_text", width=w - 40, align="center")
            folder = self.t("ui.end.folder", folder=str(s.path.parent))
            p.text(surf, folder, (20, saved_y + ls), role="small", colour="dim_text",
                   width=w - 40, align="center", may_cut=True)

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        s = self.app.session
        if s.path is not None and pos[1] >= self.bar_top - 8 - 2 * self.p.line_height("small") \
                and pos[1] < self.bar_top:
            return str(s.path)
        return None
