"""Every character of every catalog can be drawn with the shipped font."""

from __future__ import annotations

import os

import pytest

from sim.i18n import LANGS, money
from sim.i18n.catalog import CATALOGS
from sim.i18n.formats import COMMON_CURRENCIES
from sim.resources import assets_dir

FONT = assets_dir() / "fonts" / "DejaVuSans.ttf"


@pytest.fixture(scope="module")
def glyphs():
    """A function telling which characters of a text the font lacks."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame = pytest.importorskip("pygame", reason="pygame-ce is not installed")
    freetype = pytest.importorskip("pygame.freetype", reason="pygame.freetype is missing")
    pygame.font.init()
    freetype.init()
    font = pygame.font.Font(str(FONT), 16)
    ft = freetype.Font(str(FONT), 16)

    def missing(text: str) -> set[str]:
        chars = sorted(set(text) - {"\n"})
        # pygame.font's metrics() is documented to give None for a missing glyph, but with
        # recent SDL_ttf it measures the .notdef box instead; freetype still says None
        out = {ch for ch, m in zip(chars, font.metrics("".join(chars)), strict=True) if m is None}
        out |= {ch for ch, m in zip(chars, ft.get_metrics("".join(chars)), strict=True)
                if m is None}
        return out

    return missing


def test_the_check_can_fail(glyphs):
    assert glyphs("\u4e00") == {"\u4e00"}  # a CJK ideograph: not in DejaVu Sans
    assert glyphs("Жж€") == set()


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalog_character_is_in_the_font(glyphs, lang):
    texts = {k: v if isinstance(v, str) else "".join(v.values())
             for k, v in CATALOGS[lang].items()}
    lacking = glyphs("".join(texts.values()))
    where = {f"{k}: {ch!r} (U+{ord(ch):04X})" for k, t in texts.items() for ch in lacking
             if ch in t}
    assert not where, f"{lang}: characters the font cannot draw: {sorted(where)}"


def test_money_characters_are_in_the_font(glyphs):
    text = "".join(money(-123456, code, lang) for code in COMMON_CURRENCIES for lang in LANGS)
    assert glyphs(text) == set()
