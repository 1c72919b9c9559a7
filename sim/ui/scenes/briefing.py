"""The briefing: the scenario's story and its lessons, then the first week."""

from __future__ import annotations

from typing import Any

import pygame

from ..session import SaveError, Session
from ..text import localized
from .base import Scene


class BriefingScene(Scene):
    """Shows ``model.briefing`` and ``model.lessons``; Start creates the game and its save."""

    name = "briefing"

    def __init__(self, app: Any, scenario: Any) -> None:
        super().__init__(app)
        self.scenario = scenario

    def layout(self, size: tuple[int, int]) -> None:
        self.bar_top = self.bar(
            size, left=(("ui.action.back", self.app.pop, pygame.K_ESCAPE, "back", {}),
                        ("ui.action.language", self.app.toggle_lang, pygame.K_F2, "language",
                         {})),
            right=(("ui.briefing.start", self.start, pygame.K_RETURN, "start",
                    {"primary": True}),))

    def enter(self) -> None:
        super().enter()
        self.set_focus("start")

    def start(self) -> None:
        from .week import WeekScene

        app = self.app
        opts = app.options
        seed = opts.seed if opts.seed is not None else self.scenario.model.seed
        try:
            app.session = Session.new(self.scenario, seed=seed, player=app.player,
                                      lang=app.lang, overrides=opts.overrides, base=app.base)
        except SaveError as exc:  # a full disk, a read-only folder: say so, start nothing
            self.message = self.t("ui.briefing.cannot_save", reason=str(exc))
            return
        app.settings.set("launched", True)
        app.replace(WeekScene(app))

    def paint(self, surf: pygame.Surface) -> None:
        w, h = surf.get_size()
        m = self.scenario.model
        col = pygame.Rect(40, 30, min(900, w - 80),
                          self.bar_top - 42 - self.p.line_height())
        col.x = (w - col.width) // 2
        self.p.text(surf, localized(m.title, self.lang), (col.x, col.y), role="title",
                    bold=True, width=col.width)
        y = col.y + self.p.line_height("title") + 12
        brief = localized(m.briefing, self.lang) or self.t("ui.briefing.none")
        y += self.p.paragraph(surf, brief, pygame.Rect(col.x, y, col.width, col.bottom - y))
        lessons = m.lessons or []
        if lessons and y < col.bottom - 60:
            y += 16
            self.p.text(surf, self.t("ui.briefing.lessons"), (col.x, y), role="heading",
                        bold=True, width=col.width)
            y += self.p.line_height("heading") + 8
            for lesson in lessons:
                text = "• " + localized(lesson, self.lang)
                y += self.p.paragraph(surf, text, pygame.Rect(col.x, y, col.width,
                                                              col.bottom - y)) + 6
                if y >= col.bottom:
                    break
        facts = self.t("ui.briefing.facts", weeks=m.weeks, staff=len(m.staff))
        self.p.text(surf, facts, (col.x, col.bottom + 4), colour="dim_text", width=col.width)
