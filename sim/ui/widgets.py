"""Small widgets drawn with pygame: buttons (tables are in :mod:`sim.ui.table`).

pygame_gui has no Tab order, so focus lives here: a scene keeps its widgets in focus order and
the base scene moves focus with Tab / Shift+Tab. Widgets never touch the game; they call the
scene's callbacks, which edit the week's plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame

from .theme import Painter

KEY_NAMES = {pygame.K_RETURN: "Enter", pygame.K_ESCAPE: "Esc", pygame.K_SPACE: "Space",
             pygame.K_F2: "F2", pygame.K_LEFT: "←", pygame.K_RIGHT: "→",
             pygame.K_MINUS: "−", pygame.K_EQUALS: "+"}


def key_label(key: int) -> str:
    """How a shortcut key is shown on a button."""
    return KEY_NAMES.get(key) or pygame.key.name(key).upper()


class Widget:
    """Something on screen that may take focus."""

    focusable = True
    rect: pygame.Rect

    def handle_key(self, event: pygame.event.Event) -> bool:
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        return False

    def hover(self, pos: tuple[int, int]) -> bool:
        """The mouse moved to ``pos``; True when the look changes."""
        return False

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        return None

    def draw(self, surf: pygame.Surface, p: Painter, focused: bool) -> None:  # pragma: no cover
        raise NotImplementedError


class Button(Widget):
    """A button with an optional shortcut key shown as ``Label [K]``."""

    def __init__(self, rect: pygame.Rect, label: str, action: Callable[[], Any], *,
                 key: int | None = None, tip: str | None = None, enabled: bool = True,
                 primary: bool = False, name: str = "") -> None:
        self.rect = pygame.Rect(rect)
        self.label = label
        self.action = action
        self.key = key
        self.tip = tip
        self.enabled = enabled
        self.primary = primary
        self.name = name or label
        self.hovered = False

    @property
    def text(self) -> str:
        return f"{self.label} [{key_label(self.key)}]" if self.key is not None else self.label

    def activate(self) -> bool:
        if self.enabled:
            self.action()
            return True
        return False

    def handle_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.activate()
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return self.activate()
        return False

    def hover(self, pos: tuple[int, int]) -> bool:
        h = self.rect.collidepoint(pos)
        changed = h != self.hovered
        self.hovered = h
        return changed

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        return self.tip

    def draw(self, surf: pygame.Surface, p: Painter, focused: bool) -> None:
        th = p.theme
        bg = "button_primary_bg" if self.primary and self.enabled else "button_bg"
        fg = ("button_primary_text" if self.primary else "button_text") if self.enabled \
            else "button_disabled_text"
        colour = th.c(bg)
        if self.hovered and self.enabled and not self.primary:
            colour = th.c("hovered_bg")
        pygame.draw.rect(surf, colour, self.rect, border_radius=4)
        pygame.draw.rect(surf, th.c("focus_border" if focused else "normal_border"), self.rect,
                         width=3 if focused else 1, border_radius=4)
        text = self.text
        room = self.rect.width - 12
        h = p.line_height("normal")
        p.text(surf, text, (self.rect.x + 6, self.rect.centery - h // 2), colour=fg,
               width=room, align="center", bold=self.primary)

    def fits(self, p: Painter) -> bool:
        return p.width(self.text, bold=self.primary) <= self.rect.width - 12


def sparkline(surf: pygame.Surface, rect: pygame.Rect, values: Sequence[float],
              colour: pygame.Color, zero_colour: pygame.Color | None = None) -> None:
    """A small line chart of ``values`` inside ``rect`` (a zero line when it is crossed)."""
    if len(values) < 2:
        return
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        hi = lo + 1.0
    n = len(values)
    pts = [(rect.x + rect.width * k // (n - 1),
            rect.bottom - 1 - int((v - lo) * (rect.height - 2) / (hi - lo))) for k, v in
           enumerate(values)]
    if zero_colour is not None and lo < 0 < hi:
        zy = rect.bottom - 1 - int((0 - lo) * (rect.height - 2) / (hi - lo))
        pygame.draw.line(surf, zero_colour, (rect.x, zy), (rect.right, zy))
    pygame.draw.lines(surf, colour, False, pts, 2)

