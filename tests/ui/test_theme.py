"""The theme is one file in pygame_gui's format, with every colour the widgets ask for."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sim.ui.theme import THEME_FILE, Theme

ROOT = Path(__file__).resolve().parents[2]


def test_theme_loads_in_pygame_gui_and_ours():
    # in a fresh interpreter: under pytest, tests/i18n shadows the `i18n` package that
    # pygame_gui imports
    code = ("import os, pygame, pygame_gui; pygame.init(); "
            "pygame.display.set_mode((64, 64)); "
            f"m = pygame_gui.UIManager((64, 64), {str(THEME_FILE)!r}); "
            "print(tuple(m.get_theme().get_colour('normal_bg')))")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60, env=env, cwd=ROOT)
    if r.returncode != 0 and "No module named 'pygame_gui'" in r.stderr:
        pytest.skip("pygame_gui is not installed")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == str(tuple(Theme().c("normal_bg")))


def test_every_colour_used_is_in_the_theme():
    names = Theme().colours
    used = set()
    for f in (ROOT / "sim" / "ui").rglob("*.py"):
        src = f.read_text(encoding="utf-8")
        used |= set(re.findall(r'\.c\("([a-z_]+)"\)', src))
        used |= set(re.findall(r'colour="([a-z_]+)"', src))
    assert used and used <= set(names), sorted(used - set(names))
