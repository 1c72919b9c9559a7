"""A modal question over the current screen: a title, a text (the risk), and choices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from .base import Scene


class Dialog(Scene):
    """Choices are ``(ui key, shortcut, callback)``; a choice closes the dialog first.
    Esc cancels. ``title`` and ``body`` may be functions of the language, so F2 switches
    them too."""

    opaque = False
    name = "dialog"

    def __init__(self, app: Any, title: str | Callable[[str], str],
                 body: str | Callable[[str], str],
                 choices: list[tuple[str, int, Callable[[], Any]]]) -> None:
        super().__init__(app)
        self._title = title
        self._body = body
        self.choices = choices
        self.box = pygame.Rect(0, 0, 0, 0)

    @property
    def title(self) -> str:
        return self._title(self.lang) if callable(self._title) else self._title

    @property
    def body(self) -> str:
        return self._body(self.lang) if callable(self._body) else self._body

    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        bw = min(720, w - 40)
        n = len(self.choices) + 1
        ln = self.p.line_height()
        self.step = step = ln + 22
        self.head = self.p.line_height("heading") + 24
        lines = self.p.needs_lines(self.body, bw - 32)
        bh = self.head + lines * ln + 20 + n * step + 10
        bh = min(bh, h - 40)
        self.box = pygame.Rect((w - bw) // 2, (h - bh) // 2, bw, bh)
        y = self.box.bottom - 16 - n * step
        for key, shortcut, cb in self.choices:
            self.button(pygame.Rect(self.box.x + 16, y, bw - 32, step - 6), key,
                        self._choose(cb), shortcut=shortcut)
            y += step
        self.button(pygame.Rect(self.box.x + 16, y, bw - 32, step - 6), "ui.action.cancel",
                    self.app.pop, shortcut=pygame.K_ESCAPE)

    def _choose(self, cb: Callable[[], Any]) -> Callable[[], None]:
        def run() -> None:
            self.app.pop()
            cb()
        return run

    def paint(self, surf: pygame.Surface) -> None:
        shade = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
        shade.fill(self.p.theme.c("overlay"))
        surf.blit(shade, (0, 0))
        pygame.draw.rect(surf, self.p.theme.c("panel_bg"), self.box, border_radius=6)
        pygame.draw.rect(surf, self.p.theme.c("panel_border"), self.box, 2, border_radius=6)
        self.p.text(surf, self.title, (self.box.x + 16, self.box.y + 14), role="heading",
                    bold=True, width=self.box.width - 32)
        body = pygame.Rect(self.box.x + 16, self.box.y + self.head, self.box.width - 32,
                           self.box.height - self.head - 16
                           - (len(self.choices) + 1) * self.step)
        self.p.paragraph(surf, self.body, body)
