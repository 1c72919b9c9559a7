"""The scene base class: focus order, shortcuts, hover and tooltips shared by every screen.

A scene has ``enter/leave/handle/update/draw``; ``draw`` never changes state (it only reads
the scene and fills text caches). ``layout`` rebuilds the widgets; it runs on enter, on a
resize, on a language switch and whenever the scene's data changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from ..text import t
from ..widgets import Button, Widget

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App


class Scene:
    """One screen. Subclasses implement ``layout`` and ``paint`` and may add ``on_key``."""

    #: a scene that covers the whole window; a dialog is not opaque and the one below shows
    opaque = True
    name = "scene"

    def __init__(self, app: App) -> None:
        self.app = app
        self.widgets: list[Widget] = []
        self.focus = 0
        self.message: str = ""

    # --- helpers -----------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.app.lang

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    @property
    def p(self):  # the painter
        return self.app.painter

    def widget(self, name: str) -> Widget:
        """The widget named ``name`` (tests click at its rect)."""
        for w in self.widgets:
            if getattr(w, "name", None) == name:
                return w
        raise KeyError(name)

    def button(self, rect: pygame.Rect, key: str, action: Any, *, shortcut: int | None = None,
               tip: str | None = None, name: str = "", **kw: Any) -> Button:
        """Add a button labelled with the UI string ``key``."""
        b = Button(rect, self.t(key), action, key=shortcut, tip=tip, name=name or key, **kw)
        self.widgets.append(b)
        return b

    def bar(self, size: tuple[int, int], left: tuple = (), right: tuple = ()) -> int:
        """Buttons along the bottom of the window, as wide as their labels: ``left`` from
        the left edge, ``right`` from the right edge, each ``(ui key, action, shortcut,
        name, extra)``. Returns the bar's top (what lies above must end there)."""
        w, h = size
        bh = self.p.line_height() + 20
        y = h - bh - 12
        x, xr = 12, w - 12
        for side, items in ((1, left), (-1, right)):
            for key, action, shortcut, name, extra in items:
                b = self.button(pygame.Rect(0, y, 0, bh), key, action, shortcut=shortcut,
                                name=name, **extra)
                b.rect.width = max(200, self.p.width(b.text, bold=b.primary) + 24)
                if side > 0:
                    b.rect.x = x
                    x += b.rect.width + 12
                else:
                    xr -= b.rect.width
                    b.rect.x = xr
                    xr -= 12
        return y

    # --- lifecycle ----------------------------------------------------------------------
    def enter(self) -> None:
        self.relayout()

    def leave(self) -> None:
        pass

    def relayout(self) -> None:
        """Rebuild the widgets for the window size and language, keeping focus."""
        old = self.focused_name()
        self.widgets = []
        self.layout(self.app.size)
        names = [getattr(w, "name", "") for w in self.widgets]
        if old in names:
            self.focus = names.index(old)
        focusable = [i for i, w in enumerate(self.widgets) if w.focusable]
        if focusable and self.focus not in focusable:
            self.focus = focusable[0]
        self.app.dirty = True

    def layout(self, size: tuple[int, int]) -> None:
        pass

    def focused(self) -> Widget | None:
        if 0 <= self.focus < len(self.widgets):
            return self.widgets[self.focus]
        return None

    def focused_name(self) -> str:
        w = self.focused()
        return getattr(w, "name", "") if w is not None else ""

    def set_focus(self, name: str) -> None:
        for i, w in enumerate(self.widgets):
            if getattr(w, "name", None) == name:
                self.focus = i

    def move_focus(self, delta: int) -> None:
        order = [i for i, w in enumerate(self.widgets) if w.focusable
                 and getattr(w, "enabled", True)]
        if not order:
            return
        pos = order.index(self.focus) if self.focus in order else -1
        self.focus = order[(pos + delta) % len(order)]

    # --- input --------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """Route one event: focus keys, the focused widget, scene keys, shortcuts, mouse."""
        if event.type == pygame.KEYDOWN:
            self.app.dirty = True
            if event.key == pygame.K_TAB:
                self.move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
                return
            w = self.focused()
            if w is not None and w.handle_key(event):
                self.after_input()
                return
            if self.on_key(event):
                self.after_input()
                return
            for b in self.widgets:
                if isinstance(b, Button) and b.key == event.key and b.enabled \
                        and not (event.mod & pygame.KMOD_CTRL):
                    b.activate()
                    self.after_input()
                    return
            if event.key == pygame.K_ESCAPE:
                self.back()
        elif event.type == pygame.MOUSEBUTTONDOWN:
            for i, w in enumerate(self.widgets):
                if w.rect.collidepoint(event.pos):
                    self.app.dirty = True
                    if w.focusable:
                        self.focus = i
                    w.handle_mouse(event)
                    self.after_input()
                    return
        elif event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            for w in self.widgets:
                if w.rect.collidepoint(pos) and w.handle_mouse(event):
                    self.app.dirty = True
                    return
        elif event.type == pygame.MOUSEMOTION:
            changed = False
            tip = None
            for w in self.widgets:
                changed |= w.hover(event.pos)
                if tip is None and w.rect.collidepoint(event.pos):
                    tip = w.tooltip_at(event.pos)
            tip = tip or self.tooltip_at(event.pos)
            self.app.set_tooltip(tip, event.pos)
            if changed:
                self.app.dirty = True

    def on_key(self, event: pygame.event.Event) -> bool:
        """Scene-specific keys; True when handled."""
        return False

    def after_input(self) -> None:
        """Called after a widget acted; scenes refresh their data here."""

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        """Tooltips for areas that are not widgets (meters, labels)."""
        return None

    def back(self) -> None:
        """Esc: the default is to leave this scene."""
        self.app.pop()

    def update(self, dt: float) -> None:
        pass

    # --- drawing ------------------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        """Draw the scene (pure: reads state, never changes it)."""
        if self.opaque:
            surf.fill(self.p.theme.c("normal_bg"))
        self.paint(surf)
        for i, w in enumerate(self.widgets):
            w.draw(surf, self.p, i == self.focus)
        if self.message:
            self._draw_message(surf)

    def paint(self, surf: pygame.Surface) -> None:
        pass

    def _draw_message(self, surf: pygame.Surface) -> None:
        w, h = surf.get_size()
        r = pygame.Rect(12, h - 96, w - 24, 30)
        pygame.draw.rect(surf, self.p.theme.c("error_bg"), r)
        pygame.draw.rect(surf, self.p.theme.c("bad"), r, 1)
        self.p.text(surf, "⚠ " + self.message, (r.x + 8, r.y + 6), colour="bad",
                    width=r.width - 16)
