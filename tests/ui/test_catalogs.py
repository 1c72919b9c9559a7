"""Every UI message key used by the code exists in both catalogs, and every character of
every catalog is in the shipped font."""

from __future__ import annotations

import re
from pathlib import Path

import pygame
import pytest

from sim.i18n.catalog import CATALOGS, LANGS
from sim.ui import text
from sim.ui.theme import Theme

ROOT = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r"""["'](ui\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def _catalog(lang: str) -> dict[str, str]:
    """The UI's own messages (keys ``ui.*``) of one language."""
    return {k: v for k, v in CATALOGS[lang].items() if k.startswith("ui.")}


@pytest.mark.parametrize("lang", LANGS[1:])
def test_catalogs_have_the_same_keys_and_placeholders(lang):
    en, other = _catalog("en"), _catalog(lang)
    assert len(en) > 40 and set(en) == set(other)
    field = re.compile(r"{(\w+)")
    for key in en:
        assert set(field.findall(str(en[key]))) == set(field.findall(str(other[key]))), key
        assert str(en[key]).strip() and str(other[key]).strip(), key


def test_every_literal_key_in_the_code_exists():
    files = list((ROOT / "sim" / "ui").rglob("*.py")) + [ROOT / "sim/commands/play.py"]
    used = set()
    for f in files:
        used |= set(LITERAL.findall(f.read_text(encoding="utf-8")))
    assert len(used) > 40
    for lang in LANGS:
        missing = sorted(used - set(_catalog(lang)))
        assert not missing, (lang, missing)


def test_every_key_asked_for_while_playing_exists(make_app):
    """Keys built at run time (tabs, meters, columns, report lines...) are caught here: the
    screenshots test plays every scene; this one replays a game in both languages."""
    text.MISSING.clear()
    for lang in LANGS:
        d = make_app(lang=lang, seed=1)
        d.new_game()
        for tab in (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4):
            d.key(tab)
        d.key(pygame.K_2)
        d.key(pygame.K_RETURN)
        d.key(pygame.K_l)
        d.key(pygame.K_2)
        d.key(pygame.K_l)
        d.key(pygame.K_ESCAPE)
        d.key(pygame.K_ESCAPE)
        while not d.app.session.over:
            d.key(pygame.K_e)
            d.key(pygame.K_RETURN)
        d.key(pygame.K_RETURN)
        d.app.close()
    assert not text.MISSING, sorted(text.MISSING)


@pytest.mark.parametrize("bold", [False, True])
def test_every_character_is_in_the_font(bold):
    pygame.font.init()
    theme = Theme()
    font = pygame.font.Font(str(theme.bold if bold else theme.regular), 15)
    notdef = font.metrics("\U0010fffd")[0]
    chars = set()
    for catalog in CATALOGS.values():
        for value in catalog.values():
            chars |= set(value) if isinstance(value, str) else set("".join(value.values()))
    assert len(chars) > 100
    # the symbols the scenes draw themselves
    chars |= set("✓✗»⏏★✎☑☐◀▶⚠●▲▼■ℹ…·−×→←↑↓◷✔")
    missing = sorted(ch for ch in chars if ch.isprintable() and not ch.isspace()
                     and font.metrics(ch)[0] == notdef)
    assert not missing, missing
