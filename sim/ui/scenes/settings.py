"""Settings, from the title screen: the language and the player's pseudonym (written in the
header of every run file as ``player`` and shown on leaderboards).

The pseudonym is typed with the keyboard; Enter (or Save) keeps it in the settings file,
Esc goes back without saving. ``--player`` on the command line wins when the game starts.
"""

from __future__ import annotations

from typing import Any

import pygame

from ..textinput import TextInput
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
        bw = min(640, w - 40)
        x, y = (w - bw) // 2, max(120, h // 2 - 140)
        self.box = pygame.Rect(x, y, bw, 0)
        self.button(pygame.Rect(x, y + 30, bw, 40), "ui.settings.lang_name",
                    self.app.toggle_lang, shortcut=pygame.K_F2, name="language")
        self.widgets.append(TextInput(pygame.Rect(x, y + 130, bw, 40), self.draft,
                                      limit=NAME_LIMIT, on_enter=self.save, name="player",
                                      tip=self.t("ui.settings.player_hint")))
        half = (bw - 10) // 2
        self.button(pygame.Rect(x, y + 230, half, 40), "ui.settings.save", self.save,
                    shortcut=pygame.K_RETURN, primary=True, name="save")
        self.button(pygame.Rect(x + half + 10, y + 230, bw - half - 10, 40), "ui.action.back",
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
        x, y, bw = self.box.x, self.box.y, self.box.width
        self.p.text(surf, self.t("ui.settings.title"), (20, max(30, y - 80)), role="title",
                    bold=True, width=w - 40, align="center")
        self.p.text(surf, self.t("ui.settings.language"), (x, y), bold=True, width=bw)
        self.p.text(surf, self.t("ui.settings.player"), (x, y + 100), bold=True, width=bw)
        self.p.paragraph(surf, self.t("ui.settings.player_hint"),
                         pygame.Rect(x, y + 176, bw, 48), role="small", colour="dim_text")
