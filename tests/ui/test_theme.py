"""The theme is one JSON file (laid out as pygame_gui themes are), with every colour and font
the widgets ask for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pygame

from sim.ui.theme import THEME_FILE, Theme

ROOT = Path(__file__).resolve().parents[2]


def test_theme_names_shipped_fonts_and_colours_that_parse():
    # the game draws its own widgets, so the theme is checked by what our widgets read: both
    # fonts exist and open, every colour parses, every text size is large enough to read
    theme = Theme()
    for path in (theme.regular, theme.bold):
        assert path.is_file(), path
        pygame.font.init()
        assert pygame.font.Font(str(path), 16).size("Agency Агентство")[0] > 0
    data = json.loads(THEME_FILE.read_text(encoding="utf-8"))
    for name, text in data["defaults"]["colours"].items():
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?", text), (name, text)
        assert tuple(theme.c(name))[:3] == tuple(int(text[k:k + 2], 16) for k in (1, 3, 5))
    assert min(theme.sizes.values()) >= 15, theme.sizes  # readable on a projector


def test_every_colour_used_is_in_the_theme():
    names = Theme().colours
    used = set()
    for f in (ROOT / "sim" / "ui").rglob("*.py"):
        src = f.read_text(encoding="utf-8")
        used |= set(re.findall(r'\.c\("([a-z_]+)"\)', src))
        used |= set(re.findall(r'colour="([a-z_]+)"', src))
    assert used and used <= set(names), sorted(used - set(names))
