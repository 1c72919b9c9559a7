"""The end of the game: final scores (bankruptcy ends it early), then the debrief."""

from __future__ import annotations

import pygame

from ..text import fixed, money
from ..widgets import Column, Table
from .base import Scene

SCORES = ("score", "long_term_profit", "profit", "terminal_value", "revenue", "cash",
          "morale", "reputation")
MONEY = {"long_term_profit", "profit", "terminal_value", "revenue", "cash"}


class EndScene(Scene):
    """Final scores."""

    name = "end"

    def _cell(self, key: str, col: str) -> tuple[str, str]:
        if col == "item":
            return self.t(f"ui.score.{key}"), "normal_text"
        v = self.app.session.scores()[key]
        if key in MONEY:
            cur = self.app.session.scenario.params.firm.currency
            return money(round(v * 100), cur, self.lang), "bad" if v < 0 else "normal_text"
        return fixed(v, self.lang, 1), "normal_text"

    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        rh = self.p.theme.row_height
        tw = min(560, w - 40)
        self.widgets.append(Table(pygame.Rect((w - tw) // 2, 130, tw, rh * (len(SCORES) + 1)
                                              + 4),
                                  [Column("item", self.t("ui.end.scores")),
                                   Column("value", "", 180, "right")], SCORES, self._cell,
                                  row_height=rh, name="scores", painter=self.p))
        self.button(pygame.Rect(w - 332, h - 56, 320, 40), "ui.end.debrief", self.debrief,
                    shortcut=pygame.K_RETURN, primary=True, name="debrief")
        self.button(pygame.Rect(12, h - 56, 260, 40), "ui.end.to_title", self.to_title,
                    shortcut=pygame.K_t, name="to_title")
        self.button(pygame.Rect(284, h - 56, 220, 40), "ui.action.language",
                    self.app.toggle_lang, shortcut=pygame.K_F2, name="language")
        self.set_focus("debrief")

    def debrief(self) -> None:
        """Open the debrief; its analysis is worked out once and kept for a second visit."""
        from .debrief import DebriefScene

        if getattr(self, "_debrief", None) is None:
            self._debrief = DebriefScene(self.app)
        self.app.push(self._debrief)

    def to_title(self) -> None:
        from .title import TitleScene

        self.app.replace(TitleScene(self.app))

    def back(self) -> None:
        self.to_title()

    def paint(self, surf: pygame.Surface) -> None:
        w, _ = surf.get_size()
        st = self.app.session.state
        self.p.text(surf, self.t("ui.end.title"), (20, 24), role="title", bold=True,
                    width=w - 40, align="center")
        reason = self.t(f"ui.end.reason.{st.end_reason or 'finished'}",
                        weeks=len(st.weekly["cash"]))
        self.p.text(surf, reason, (20, 76), colour="bad" if st.end_reason == "bankrupt"
                    else "dim_text", width=w - 40, align="center")
        if self.app.session.path is not None:
            self.p.text(surf, self.t("ui.end.saved", file=self.app.session.path.name),
                        (20, surf.get_height() - 90), role="small", colour="dim_text",
                        width=w - 40, align="center")
