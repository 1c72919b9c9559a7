"""The look: colours and fonts from ``assets/theme.json`` (laid out as pygame_gui themes are,
though the game draws its own widgets), and a painter that caches rendered text so a frame is
mostly blits. The assets folder is found through :mod:`sim.resources`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pygame

from ..resources import assets_dir

ASSETS = assets_dir()
THEME_FILE = ASSETS / "theme.json"
ELLIPSIS = "…"
#: the text size setting (Ctrl + / Ctrl − / Ctrl 0, and in Settings): 100% up to 150%, for
#: a projector at the back of a room
TEXT_SCALES = (1.0, 1.15, 1.3, 1.5)


def _colour(text: str) -> pygame.Color:
    return pygame.Color(text)


class Theme:
    """Colours (``theme.c("good")``), fonts by role and a few sizes, read once."""

    def __init__(self, path: Path = THEME_FILE) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))["defaults"]
        self.colours = {k: _colour(v) for k, v in data["colours"].items()}
        font = data["font"]
        self.regular = ASSETS.parent / font["regular_path"]
        self.bold = ASSETS.parent / font["bold_path"]
        misc = data.get("misc", {})
        self.base_sizes = dict(misc.get("font_sizes", {"small": 15, "normal": 16,
                                                       "heading": 20, "title": 30}))
        self.base_row_height = int(misc.get("row_height", 26))
        self.pad = int(misc.get("padding", 8))
        #: the text size setting (Ctrl + / Ctrl −): every font and the row height grow by it
        self.scale = 1.0

    @property
    def sizes(self) -> dict[str, int]:
        """Font sizes by role at the current text size."""
        return {role: round(px * self.scale) for role, px in self.base_sizes.items()}

    @property
    def row_height(self) -> int:
        return round(self.base_row_height * self.scale)

    def c(self, name: str) -> pygame.Color:
        """A colour by its theme name."""
        return self.colours[name]


@dataclass(frozen=True)
class Drawn:
    """One label drawn into a cell of ``room`` pixels: its text, the width the whole text
    needs, and whether being cut there is allowed (a long note whose tooltip shows it
    whole)."""

    text: str
    needs: int
    room: int
    may_cut: bool = False

    @property
    def cut(self) -> bool:
        return self.needs > self.room


class Painter:
    """Fonts and cached text surfaces. Every method is pure with respect to the game: it only
    fills caches, so scenes may call it from ``draw``."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self._fonts: dict[tuple[str, bool], pygame.font.Font] = {}
        self._surfaces: dict[tuple, pygame.Surface] = {}
        self._fit: dict[tuple, tuple[str, bool]] = {}
        self._wrap: dict[tuple, list[str]] = {}
        #: when a list, every label drawn into a cell is appended as :class:`Drawn` (a test
        #: measures them all); None in the game, so drawing costs nothing more
        self.record: list[Drawn] | None = None

    def set_scale(self, scale: float) -> None:
        """Change the text size; cached fonts and surfaces are dropped."""
        self.theme.scale = scale
        self._fonts.clear()
        self._surfaces.clear()
        self._fit.clear()
        self._wrap.clear()

    def font(self, role: str = "normal", bold: bool = False) -> pygame.font.Font:
        key = (role, bold)
        f = self._fonts.get(key)
        if f is None:
            path = self.theme.bold if bold else self.theme.regular
            f = pygame.font.Font(str(path), self.theme.sizes[role])
            self._fonts[key] = f
        return f

    def line_height(self, role: str = "normal") -> int:
        return self.font(role).get_linesize()

    def width(self, text: str, role: str = "normal", bold: bool = False) -> int:
        return self.font(role, bold).size(text)[0]

    def render(self, text: str, role: str = "normal", colour: str = "normal_text",
               bold: bool = False) -> pygame.Surface:
        """The surface of one line of text (cached)."""
        key = (text, role, colour, bold)
        s = self._surfaces.get(key)
        if s is None:
            if len(self._surfaces) > 6000:
                self._surfaces.clear()
            s = self.font(role, bold).render(text, True, self.theme.c(colour))
            self._surfaces[key] = s
        return s

    def fit(self, text: str, width: int, role: str = "normal",
            bold: bool = False) -> tuple[str, bool]:
        """``text`` cut with an ellipsis to fit ``width`` pixels, and whether it was cut."""
        key = (text, width, role, bold)
        hit = self._fit.get(key)
        if hit is not None:
            return hit
        font = self.font(role, bold)
        if font.size(text)[0] <= width:
            out = (text, False)
        else:
            lo, hi = 0, len(text)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if font.size(text[:mid].rstrip() + ELLIPSIS)[0] <= width:
                    lo = mid
                else:
                    hi = mid - 1
            out = (text[:lo].rstrip() + ELLIPSIS, True)
        if len(self._fit) > 20000:
            self._fit.clear()
        self._fit[key] = out
        return out

    def wrap(self, text: str, width: int, role: str = "normal") -> list[str]:
        """``text`` broken into lines no wider than ``width`` (paragraphs kept)."""
        key = (text, width, role)
        hit = self._wrap.get(key)
        if hit is not None:
            return hit
        font = self.font(role)
        lines: list[str] = []
        for para in text.split("\n"):
            line = ""
            for word in para.split():
                cand = f"{line} {word}" if line else word
                if font.size(cand)[0] <= width or not line:
                    line = cand
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        self._wrap[key] = lines
        return lines

    def text(self, surf: pygame.Surface, text: str, pos: tuple[int, int], *,
             role: str = "normal", colour: str = "normal_text", bold: bool = False,
             width: int | None = None, align: str = "left",
             may_cut: bool = False) -> pygame.Rect:
        """Draw one line at ``pos`` (top-left; ``align`` right/center within ``width``),
        cut with an ellipsis to ``width`` (``may_cut``: that is expected, a tooltip shows the
        whole text)."""
        if width is not None:
            if self.record is not None:
                self.record.append(Drawn(text, self.width(text, role, bold), width, may_cut))
            text, _ = self.fit(text, width, role, bold)
        s = self.render(text, role, colour, bold)
        x, y = pos
        if width is not None and align == "right":
            x += width - s.get_width()
        elif width is not None and align == "center":
            x += (width - s.get_width()) // 2
        return surf.blit(s, (x, y))

    def paragraph(self, surf: pygame.Surface, text: str, rect: pygame.Rect, *,
                  role: str = "normal", colour: str = "normal_text",
                  may_cut: bool = False) -> int:
        """Draw wrapped text inside ``rect``; lines that do not fit are left out (the last
        shown line ends in an ellipsis; ``may_cut``: a tooltip or scrolling shows the rest).
        Returns the height used."""
        lines = self.wrap(text, rect.width, role)
        lh = self.line_height(role)
        room = max(1, rect.height // lh)
        if self.record is not None:
            widest = max(self.width(line, role) for line in lines)
            self.record.append(Drawn(text, widest if len(lines) <= room else rect.width + 1,
                                     rect.width, may_cut))
        if len(lines) > room:
            lines = lines[:room]
            lines[-1] = self.fit(lines[-1] + " " + ELLIPSIS * 3, rect.width, role)[0]
        y = rect.y
        for line in lines:
            surf.blit(self.render(line, role, colour), (rect.x, y))
            y += lh
        return y - rect.y

    def needs_lines(self, text: str, width: int, role: str = "normal") -> int:
        return len(self.wrap(text, width, role))
