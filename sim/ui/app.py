"""The application: the window, the scene stack and the event loop.

The loop never spins: it sleeps in ``pygame.event.wait`` until something happens (or a
tooltip is due) and redraws only when a scene marked the screen dirty.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame

from . import clock
from .scenes.base import Scene
from .settings import Settings, data_dir
from .text import LANGS, t
from .textinput import TextInput
from .theme import TEXT_SCALES, Painter, Theme

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (1024, 600)
TOOLTIP_DELAY_MS = 450
TEXT_SIZE_KEYS = {pygame.K_EQUALS: 1, pygame.K_PLUS: 1, pygame.K_KP_PLUS: 1,
                  pygame.K_MINUS: -1, pygame.K_KP_MINUS: -1, pygame.K_0: 0, pygame.K_KP_0: 0}
ENV_FIRST_FRAME = "NAR_EXIT_AFTER_FIRST_FRAME"


@dataclass
class Options:
    """What ``play`` was asked for."""

    scenario: str | None = None
    seed: int | None = None
    lang: str | None = None
    player: str | None = None
    resume: Path | None = None
    overrides: list[str] = field(default_factory=list)
    size: tuple[int, int] = DEFAULT_SIZE
    base: Path | None = None
    #: scripted play: the keys of ``NAR_INPUT_SCRIPT`` (:mod:`sim.ui.script`), or None
    script: Any = None


class App:
    """The window and the stack of scenes."""

    def __init__(self, options: Options | None = None, *, started: float | None = None) -> None:
        self.options = options or Options()
        self.started = started if started is not None else time.perf_counter()
        self.base = self.options.base or data_dir()
        self.settings = Settings(self.base)
        lang = self.options.lang or self.settings.get("lang") or "en"
        self.lang = lang if lang in LANGS else "en"
        self.player = self.options.player or self.settings.get("player") or "player"
        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(400, 40)
        self.screen = pygame.display.set_mode(self.options.size, pygame.RESIZABLE)
        try:  # below this the tables no longer fit; pygame-ce's Window knows how to say so
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
            pass
        pygame.display.set_caption(t("ui.app.caption", self.lang))
        self.theme = Theme()
        self.painter = Painter(self.theme)
        scale = self.settings.get("text_scale", 1.0)
        self.painter.set_scale(scale if scale in TEXT_SCALES else 1.0)
        self.stack: list[Scene] = []
        self.session: Any = None
        self.dirty = True
        self.running = True
        self.frames = 0
        self._tip: tuple[str, tuple[int, int]] | None = None
        self._tip_due = 0
        self._tip_shown = False
        self._shortcut_text = ""  # the character of the last key press taken as a shortcut

    # --- the stack ----------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    @property
    def scene(self) -> Scene:
        return self.stack[-1]

    def push(self, scene: Scene) -> None:
        self.stack.append(scene)
        scene.enter()
        self._clear_tip()
        self.dirty = True

    def pop(self) -> None:
        if self.stack:
            self.stack.pop().leave()
        if not self.stack:
            self.running = False
            return
        self.scene.relayout()
        self._clear_tip()
        self.dirty = True

    def replace(self, scene: Scene) -> None:
        """Leave every scene and show ``scene`` alone."""
        while self.stack:
            self.stack.pop().leave()
        self.push(scene)

    def quit(self) -> None:
        self.running = False

    # --- language, tooltips -------------------------------------------------------------
    def set_lang(self, lang: str) -> None:
        """Switch the language of every scene; nothing of the game changes."""
        self.lang = lang
        self.settings.set("lang", lang)
        pygame.display.set_caption(t("ui.app.caption", lang))
        for s in self.stack:
            s.relayout()
        self._clear_tip()
        self.dirty = True

    @property
    def text_scale(self) -> float:
        return self.theme.scale

    def change_text_size(self, step: int) -> None:
        """One step larger (+1) or smaller (−1), or back to 100% (0); remembered."""
        k = TEXT_SCALES.index(self.text_scale) if self.text_scale in TEXT_SCALES else 0
        k = 0 if step == 0 else max(0, min(len(TEXT_SCALES) - 1, k + step))
        if TEXT_SCALES[k] == self.text_scale:
            return
        self.painter.set_scale(TEXT_SCALES[k])
        self.settings.set("text_scale", TEXT_SCALES[k])
        for s in self.stack:
            s.relayout()
        self._clear_tip()
        self.dirty = True

    def toggle_lang(self) -> None:
        self.set_lang(LANGS[(LANGS.index(self.lang) + 1) % len(LANGS)])

    def set_tooltip(self, text: str | None, pos: tuple[int, int]) -> None:
        if not text:
            if self._tip is not None:
                self._clear_tip()
            return
        if self._tip is None or self._tip[0] != text:
            if self._tip_shown:
                self.dirty = True
            self._tip = (text, pos)
            self._tip_due = clock.ticks() + TOOLTIP_DELAY_MS
            self._tip_shown = False

    def _clear_tip(self) -> None:
        if self._tip_shown:
            self.dirty = True
        self._tip = None
        self._tip_shown = False

    def tooltip_text(self) -> str | None:
        """The tooltip on screen now (tests read it)."""
        return self._tip[0] if self._tip and self._tip_shown else None

    # --- the loop -----------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT:
            # SDL sends the character of a key press right after its KEYDOWN; when that key
            # was a shortcut (S opens Settings and focuses the pseudonym), its letter must
            # not be typed into the field that just took focus
            typed, self._shortcut_text = self._shortcut_text, ""
            if typed and event.text == typed:
                return
        elif event.type == pygame.KEYDOWN:
            w = self.scene.focused() if self.stack else None
            self._shortcut_text = "" if isinstance(w, TextInput) \
                and not event.mod & pygame.KMOD_CTRL else getattr(event, "unicode", "")
        else:
            self._shortcut_text = ""
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.WINDOWSIZECHANGED or event.type == pygame.VIDEORESIZE:
            self.screen = pygame.display.get_surface()
            for s in self.stack:
                s.relayout()
        elif event.type == pygame.WINDOWEXPOSED:
            self.dirty = True
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F2:
            self.toggle_lang()
        elif event.type == pygame.KEYDOWN and event.mod & pygame.KMOD_CTRL \
                and event.key in TEXT_SIZE_KEYS:
            self.change_text_size(TEXT_SIZE_KEYS[event.key])
        elif self.stack:
            self.scene.handle(event)

    def update(self) -> None:
        if self._tip is not None and not self._tip_shown \
                and clock.ticks() >= self._tip_due:
            self._tip_shown = True
            self.dirty = True
        if self.stack:
            self.scene.update(0.0)

    def draw(self) -> None:
        """Draw the stack from its top-most opaque scene up, then the tooltip."""
        first = 0
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].opaque:
                first = i
                break
        for s in self.stack[first:]:
            s.draw(self.screen)
        if self._tip is not None and self._tip_shown:
            self._draw_tooltip(*self._tip)

    def _draw_tooltip(self, text: str, pos: tuple[int, int]) -> None:
        p = self.painter
        w, h = self.size
        width = min(420, w - 20)
        lines = p.wrap(text, width - 16, "small")
        lh = p.line_height("small")
        box_w = min(width, max(p.width(line, "small") for line in lines) + 16)
        box = pygame.Rect(pos[0] + 14, pos[1] + 18, box_w, lh * len(lines) + 12)
        if box.right > w - 4:
            box.x = max(4, w - 4 - box.width)
        if box.bottom > h - 4:
            box.y = max(4, pos[1] - box.height - 6)
        pygame.draw.rect(self.screen, self.theme.c("tooltip_bg"), box)
        pygame.draw.rect(self.screen, self.theme.c("tooltip_border"), box, 1)
        y = box.y + 6
        for line in lines:
            self.screen.blit(p.render(line, "small"), (box.x + 8, y))
            y += lh

    def frame(self, events: list[pygame.event.Event]) -> bool:
        """Handle ``events``, update, and draw if needed. Returns True if a frame was drawn."""
        for e in events:
            self.handle(e)
            if not self.running:
                return False
        self.update()
        if not self.dirty or not self.stack:
            return False
        self.dirty = False
        self.draw()
        pygame.display.flip()
        self.frames += 1
        return True

    def pump(self) -> bool:
        """Process whatever is queued, without waiting (what tests call)."""
        return self.frame(pygame.event.get())

    def timeout_ms(self) -> int:
        if self.stack and getattr(self.scene, "busy", False):
            return 50  # work in a thread: look at its progress often
        if self._tip is not None and not self._tip_shown:
            return max(1, self._tip_due - clock.ticks())
        return 1000

    def run(self) -> int:
        """The loop: sleep until an event, handle it, draw if something changed."""
        exit_first = os.environ.get(ENV_FIRST_FRAME, "") not in ("", "0")
        script = self.options.script  # scripted play; None unless NAR_INPUT_SCRIPT is set
        pause: int | None = None if script is None else 1
        try:
            while self.running:
                if self.frames == 0:
                    events = pygame.event.get()
                else:
                    timeout = self.timeout_ms()
                    if pause is not None:
                        timeout = max(1, min(timeout, pause))
                    first = pygame.event.wait(timeout)
                    events = ([first] if first.type != pygame.NOEVENT else []) \
                        + pygame.event.get()
                drew = self.frame(events)
                if drew and exit_first and self.frames == 1:
                    print(f"first-frame {time.perf_counter() - self.started:.3f}",
                          flush=True)
                    break
                if script is not None:  # post the script's next keys, once these are handled
                    pause = script.advance(self)
                    if pause is None:
                        script = None  # the script is over: the game just goes on
        finally:
            self.close()
        return 0

    def close(self) -> None:
        """Close the run file and the window (the weeks played are already saved)."""
        if self.session is not None:
            self.session.close()
        while self.stack:
            self.stack.pop().leave()
        pygame.display.quit()


def start(options: Options, started: float | None = None) -> App:
    """Build the app with its first scene: the week of a resumed run, or the title."""
    from .scenes.title import TitleScene

    app = App(options, started=started)
    if options.resume is not None:
        from .scenes.title import open_session

        open_session(app, options.resume)
    else:
        app.push(TitleScene(app))
    return app


def main(options: Options, started: float | None = None) -> int:
    app = start(options, started)
    return app.run()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(Options()))
