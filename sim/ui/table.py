"""Tables with keyboard focus: rows of cells, a selected row, marked rows for bulk actions,
scrolling, and columns as wide as their text (see :class:`Column`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pygame

from . import clock
from .theme import Painter
from .widgets import Widget


@dataclass
class Column:
    """A table column: ``key`` for the cell function, a title, a width in pixels (0 = take
    the rest), alignment and an explanation shown as the header's tooltip.

    The width is a wish: a table that measures its text makes every column as wide as its
    title and widest cell, and gives a narrow window's missing room back from the wishes.
    ``long`` marks a column of free sentences that may be cut (the tooltip shows the whole
    cell); ``drop`` > 0 lets a narrow window leave the column out, highest first (the
    client card and the tooltips still show what it held).
    """

    key: str
    title: str
    width: int = 0
    align: str = "left"
    about: str | None = None
    long: bool = False
    drop: int = 0
    x: int = field(default=0, compare=False)
    w: int = field(default=0, compare=False)


Cell = tuple[str, str]  # text, colour name


class Table(Widget):
    """Rows of cells with a selected row, marked rows (bulk actions) and scrolling.

    Keys when focused: Up/Down/PgUp/PgDn/Home/End move, Space marks, Ctrl+A marks all,
    Enter activates. Mouse: click selects, Ctrl+click marks, double-click activates, wheel
    scrolls. ``cell(row, column_key)`` returns ``(text, colour)``.
    """

    def __init__(self, rect: pygame.Rect, columns: Sequence[Column], rows: Sequence[Any],
                 cell: Callable[[Any, str], Cell], *, row_height: int = 24,
                 on_activate: Callable[[Any], Any] | None = None,
                 marked: set | None = None, selected: int = 0, name: str = "",
                 painter: Painter | None = None, empty: str = "",
                 row_tip: Callable[[Any], str | None] | None = None,
                 on_sort: Callable[[str], Any] | None = None) -> None:
        self.rect = pygame.Rect(rect)
        self.row_tip = row_tip
        self.on_sort = on_sort
        self.columns = list(columns)
        self.rows = list(rows)
        self.cell = cell
        self.rh = row_height
        self.on_activate = on_activate
        self.marked = marked if marked is not None else set()
        self.selected = max(0, min(selected, len(self.rows) - 1))
        self.top = 0
        self.hover_row = -1
        self.name = name
        self.painter = painter
        self.empty = empty
        self._last_click = (-1, -clock.DOUBLE_CLICK_MS)
        #: columns a narrow window left out (see :attr:`Column.drop`)
        self.hidden: list[Column] = []
        self._lay_out_columns()
        self._scroll_to(self.selected)

    def _lay_out_columns(self) -> None:
        """Give each column its width (see :class:`Column`); without a painter the wished
        widths are used as they are and flexible columns share the rest."""
        room = self.rect.width - 8 - 6  # the borders and the scroll bar
        if self.painter is None:
            fixed = sum(c.width for c in self.columns)
            flex = [c for c in self.columns if c.width == 0]
            rest = max(40, room - fixed)
            widths = {id(c): c.width or rest // max(1, len(flex)) for c in self.columns}
        else:
            widths = self._measured_widths(room)
        x = self.rect.x + 4
        for c in self.columns:
            c.w = widths[id(c)]
            c.x = x
            x += c.w

    def _measured_widths(self, room: int) -> dict[int, int]:
        p = self.painter
        assert p is not None
        need = {}
        for k, c in enumerate(self.columns):
            cells = [self.cell(r, c.key)[0] for r in self.rows]
            widest = max((p.width(t, "small") for t in cells), default=0)
            if k == 0 and self.rows:
                widest += p.width("✔ ", "small")  # a marked row's sign
            title = p.width(c.title, "small", True)
            need[id(c)] = (max(title, widest) + 8, title + 8)  # the text room is w - 8
        while sum(n for n, _ in need.values()) > room:
            droppable = [c for c in self.columns if c.drop > 0]
            if not droppable:
                break
            gone = max(droppable, key=lambda c: c.drop)
            self.hidden.append(gone)
            self.columns.remove(gone)
            need.pop(id(gone))
        least = {i: n for i, (n, _) in need.items()}
        wish = {id(c): max(c.width, least[id(c)]) for c in self.columns}
        total_least, total_wish = sum(least.values()), sum(wish.values())
        if total_least > room:  # still too narrow: long sentences give way, to their titles
            over = total_least - room
            for c in self.columns:
                if c.long and over > 0:
                    give = min(over, least[id(c)] - max(need[id(c)][1], 80))
                    if give > 0:
                        least[id(c)] -= give
                        over -= give
            total = sum(least.values())
            if total > room:  # and then everything: cut, but inside the table
                least = {i: n * room // total for i, n in least.items()}
            return least
        if total_wish <= room:
            out = dict(wish)
            flex = [c for c in self.columns if c.width == 0] or self.columns[:1]
            extra = room - total_wish
            for k, c in enumerate(flex):
                out[id(c)] += extra // len(flex) + (1 if k < extra % len(flex) else 0)
            return out
        # between the least and the wishes: each column gets its share of what is left
        spare = room - total_least
        slack = total_wish - total_least
        return {i: least[i] + (wish[i] - least[i]) * spare // slack for i in least}

    @property
    def visible(self) -> int:
        return max(1, (self.rect.height - self.rh) // self.rh)

    def current(self) -> Any:
        return self.rows[self.selected] if self.rows else None

    def targets(self) -> list[Any]:
        """The rows a bulk action applies to: the marked ones, else the selected one."""
        marked = [r for r in self.rows if r in self.marked]
        if marked:
            return marked
        return [self.rows[self.selected]] if self.rows else []

    def _scroll_to(self, i: int) -> None:
        if i < self.top:
            self.top = i
        elif i >= self.top + self.visible:
            self.top = i - self.visible + 1
        self.top = max(0, min(self.top, max(0, len(self.rows) - self.visible)))

    def select(self, i: int) -> None:
        if not self.rows:
            return
        self.selected = max(0, min(i, len(self.rows) - 1))
        self._scroll_to(self.selected)

    def handle_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        step = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -self.visible,
                pygame.K_PAGEDOWN: self.visible}.get(k)
        if step is not None:
            self.select(self.selected + step)
            return True
        if k == pygame.K_HOME:
            self.select(0)
            return True
        if k == pygame.K_END:
            self.select(len(self.rows) - 1)
            return True
        if k == pygame.K_SPACE and self.rows:
            row = self.rows[self.selected]
            self.marked.symmetric_difference_update({row})
            return True
        if k == pygame.K_a and event.mod & pygame.KMOD_CTRL:
            if set(self.rows) <= self.marked:
                self.marked.clear()
            else:
                self.marked.update(self.rows)
            return True
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.rows and self.on_activate:
            self.on_activate(self.rows[self.selected])
            return True
        return False

    def row_at(self, pos: tuple[int, int]) -> int:
        if not self.rect.collidepoint(pos):
            return -1
        i = (pos[1] - self.rect.y - self.rh) // self.rh
        if pos[1] < self.rect.y + self.rh or i < 0:
            return -1
        i += self.top
        return i if i < len(self.rows) else -1

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEWHEEL:
            self.top = max(0, min(self.top - event.y * 3, max(0, len(self.rows) - self.visible)))
            return True
        if event.type != pygame.MOUSEBUTTONDOWN or event.button != 1:
            return False
        i = self.row_at(event.pos)
        if i < 0:
            if self.on_sort is not None and event.pos[1] < self.rect.y + self.rh:
                col = next((c for c in self.columns if c.x <= event.pos[0] < c.x + c.w), None)
                if col is not None:
                    self.on_sort(col.key)
            return True
        if pygame.key.get_mods() & pygame.KMOD_CTRL:
            self.marked.symmetric_difference_update({self.rows[i]})
        self.select(i)
        now = clock.ticks()
        if self._last_click[0] == i and now - self._last_click[1] < clock.DOUBLE_CLICK_MS \
                and self.on_activate:
            self.on_activate(self.rows[i])
        self._last_click = (i, now)
        return True

    def hover(self, pos: tuple[int, int]) -> bool:
        i = self.row_at(pos)
        changed = i != self.hover_row
        self.hover_row = i
        return changed

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        col = next((c for c in self.columns if c.x <= pos[0] < c.x + c.w), None)
        if col is None or not self.rect.collidepoint(pos):
            return None
        if pos[1] < self.rect.y + self.rh:
            return col.about or None
        i = self.row_at(pos)
        if i < 0:
            return None
        if self.painter is None:
            return self.row_tip(self.rows[i]) if self.row_tip is not None else None
        text, _ = self.cell(self.rows[i], col.key)
        _, cut = self.painter.fit(text, col.w - 8, "small")
        if cut:
            return text
        return self.row_tip(self.rows[i]) if self.row_tip is not None else None

    def draw(self, surf: pygame.Surface, p: Painter, focused: bool) -> None:
        th = p.theme
        r = self.rect
        pygame.draw.rect(surf, th.c("panel_bg"), r)
        pygame.draw.rect(surf, th.c("header_bg"), (r.x, r.y, r.width, self.rh))
        # row backgrounds change with the mouse; the text does not: it is one cached layer
        for i in range(self.top, min(len(self.rows), self.top + self.visible)):
            rr = pygame.Rect(r.x + 1, r.y + self.rh * (1 + i - self.top), r.width - 2, self.rh)
            if i == self.selected and (focused or self.on_activate is not None):
                pygame.draw.rect(surf, th.c("selected_bg"), rr)
            elif self.rows[i] in self.marked:
                pygame.draw.rect(surf, th.c("marked_bg"), rr)
            elif i == self.hover_row:
                pygame.draw.rect(surf, th.c("hovered_bg"), rr)
            if i == self.selected and focused:
                pygame.draw.rect(surf, th.c("focus_border"), rr, width=2)
        surf.blit(self._text_layer(p), r.topleft)
        if len(self.rows) > self.visible:
            total = len(self.rows)
            bar_h = max(12, (r.height - self.rh) * self.visible // total)
            bar_y = r.y + self.rh + (r.height - self.rh - bar_h) * self.top // max(
                1, total - self.visible)
            pygame.draw.rect(surf, th.c("normal_border"), (r.right - 5, bar_y, 4, bar_h))
        pygame.draw.rect(surf, th.c("focus_border" if focused else "panel_border"), r,
                         width=2 if focused else 1)

    def _text_layer(self, p: Painter) -> pygame.Surface:
        """The titles and cells as one transparent surface, rebuilt only when the visible
        rows or the marks change (a changed plan builds a new table)."""
        key = (self.top, tuple(i for i in range(self.top, min(len(self.rows), self.top
                                                                + self.visible))
                               if self.rows[i] in self.marked))
        layer = getattr(self, "_layer", None)
        if layer is not None and self._layer_key == key and p.record is None:
            return layer  # (a test measuring every label asks for them drawn again)
        r = self.rect
        layer = pygame.Surface(r.size, pygame.SRCALPHA)
        ty = (self.rh - p.line_height("small")) // 2
        for c in self.columns:
            p.text(layer, c.title, (c.x - r.x + 4, ty), role="small", colour="header_text",
                   width=c.w - 8, align=c.align, bold=True)
        if not self.rows and self.empty:
            p.text(layer, self.empty, (8, self.rh + 6), colour="dim_text", width=r.width - 16)
        y = self.rh
        for i in range(self.top, min(len(self.rows), self.top + self.visible)):
            row = self.rows[i]
            for c in self.columns:
                text, colour = self.cell(row, c.key)
                if c is self.columns[0] and row in self.marked:
                    text = "✔ " + text
                p.text(layer, text, (c.x - r.x + 4, y + ty), role="small", colour=colour,
                       width=c.w - 8, align=c.align, may_cut=c.long)
            y += self.rh
        self._layer, self._layer_key = layer, key
        return layer
