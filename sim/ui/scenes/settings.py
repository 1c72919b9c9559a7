"""Settings, from the title screen: the language and the player's pseudonym (written in the
header of every run file as ``player`` and shown on leaderboards).

The pseudonym is typed with the keyboard; Enter (or Save) keeps it in the settings file,
Esc goes back without saving. ``--player`` on the command line wins when the game starts.
"""

from __future__ import annotations

from typing import Any

import pygame

from ..text import num
from ..textinput import TextInput
from ..theme import TEXT_SCALES
from .base import Scene

NAME_LIMIT = 24


class SettingsScene(Scene):
    """Language and pseudonym."""

    name = "settings"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.draft = app.player  # the pseudonym being typed (kept across relayouts)

    def enter(self) -> None:
        super().enter()
        self.set_focus("player")
        try:
            pygame.key.start_text_input()
        except pygame.error:  # pragma: no cover - no text input on this platform
            pass

    def leave(self) -> None:
        try:
            pygame.key.stop_text_input()
        except pygame.error:  # pragma: no cover
            pass

    def field(self) -> TextInput:
        return self.widget("player")

    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        p = self.p
        ln = p.line_height()
        bh = ln + 20
        bw = min(640, w - 40)
        step = ln + 6 + bh + 16  # a row: its label, its control, a gap
        x = (w - bw) // 2
        y = max(p.line_height("title") + 40, (h - 4 * step - p.line_height("small")) // 2)
        self.box = pygame.Rect(x, y, bw, step)
        self.button(pygame.Rect(x, y + ln + 6, bw, bh), "ui.settings.lang_name",
                    self.app.toggle_lang, shortcut=pygame.K_F2, name="language")
        y += step
        half = (bw - 10) // 2
        self.button(pygame.Rect(x, y + ln + 6, half, bh), "ui.settings.smaller",
                    lambda: self.app.change_text_size(-1), name="text_smaller",
                    enabled=self.app.text_scale > TEXT_SCALES[0])
        self.button(pygame.Rect(x + half + 10, y + ln + 6, bw - half - 10, bh),
                    "ui.settings.larger", lambda: self.app.change_text_size(1),
                    name="text_larger", enabled=self.app.text_scale < TEXT_SCALES[-1])
        y += step
        self.widgets.append(TextInput(pygame.Rect(x, y + ln + 6, bw, bh), self.draft,
                                      limit=NAME_LIMIT, on_enter=self.save, name="player",
                                      tip=self.t("ui.settings.player_hint")))
        self.hint_rect = pygame.Rect(x, y + ln + 10 + bh, bw, 2 * p.line_height("small"))
        y = self.hint_rect.bottom + 16
        self.button(pygame.Rect(x, y, half, bh), "ui.settings.save", self.save,
                    shortcut=pygame.K_RETURN, primary=True, name="save")
        self.button(pygame.Rect(x + half + 10, y, bw - half - 10, bh), "ui.action.back",
                    self.back, shortcut=pygame.K_ESCAPE, name="back")

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT:
            w = self.focused()
            if isinstance(w, TextInput) and w.insert(event.text):
                self.draft = w.text
                self.message = ""
                self.app.dirty = True
            return
        super().handle(event)
        w = self.widgets and self.field()
        if w:
            self.draft = w.text

    def save(self) -> None:
        """Keep the pseudonym (trimmed); an empty one is refused with a message."""
        name = " ".join(self.field().text.split())
        if not name:
            self.message = self.t("ui.settings.empty")
            return
        self.app.player = name
        self.app.settings.set("player", name)
        self.message = ""
        self.app.pop()

    def paint(self, surf: pygame.Surface) -> None:
        w, _ = surf.get_size()
        x, y, bw, step = self.box.x, self.box.y, self.box.width, self.box.height
        self.p.text(surf, self.t("ui.settings.title"), (20, y - self.p.line_height("title")
                                                        - 20), role="title",
                    bold=True, width=w - 40, align="center")
        self.p.text(surf, self.t("ui.settings.language"), (x, y), bold=True, width=bw)
        size = self.t("ui.settings.text_size", percent=num(round(100 * self.app.text_scale),
                                                           self.lang))
        self.p.text(surf, size, (x, y + step), bold=True, width=bw)
        self.p.text(surf, self.t("ui.settings.player"), (x, y + 2 * step), bold=True,
                    width=bw)
        self.p.paragraph(surf, self.t("ui.settings.player_hint"), self.hint_rect,
                         role="small", colour="dim_text")
