"""A one-line text field typed with the keyboard (the player's pseudonym).

Characters arrive as ``TEXTINPUT`` events (the scene passes them to :meth:`TextInput.insert`);
Backspace deletes, Enter confirms. While the field has focus it keeps every other key, so
typing a letter never fires a button's shortcut.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from .theme import Painter
from .widgets import Widget

PASS_THROUGH = (pygame.K_ESCAPE, pygame.K_TAB, pygame.K_F2)


class TextInput(Widget):
    """A text field of at most ``limit`` characters."""

    def __init__(self, rect: pygame.Rect, text: str = "", *, limit: int = 24,
                 on_enter: Callable[[], Any] | None = None, name: str = "",
                 tip: str | None = None) -> None:
        self.rect = pygame.Rect(rect)
        self.text = text[:limit]
        self.limit = limit
        self.on_enter = on_enter
        self.name = name
        self.tip = tip

    def insert(self, text: str) -> bool:
        """Type ``text`` (control characters are dropped); True if the text changed."""
        keep = "".join(ch for ch in text if ch.isprintable())
        room = self.limit - len(self.text)
        if not keep or room <= 0:
            return False
        self.text += keep[:room]
        return True

    def handle_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_BACKSPACE:
            self.text = self.text[:-1]
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.on_enter is not None:
                self.on_enter()
            return True
        return event.key not in PASS_THROUGH

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        return self.tip

    def draw(self, surf: pygame.Surface, p: Painter, focused: bool) -> None:
        th = p.theme
        pygame.draw.rect(surf, th.c("panel_bg"), self.rect, border_radius=4)
        pygame.draw.rect(surf, th.c("focus_border" if focused else "normal_border"), self.rect,
                         width=3 if focused else 1, border_radius=4)
        h = p.line_height("normal")
        shown = self.text + ("▏" if focused else "")
        p.text(surf, shown, (self.rect.x + 10, self.rect.centery - h // 2),
               width=self.rect.width - 20)
