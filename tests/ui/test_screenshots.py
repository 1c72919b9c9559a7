"""Screenshots of every scene in both languages at 1024x600 (and the week at 1280x720), written
to artifacts/screenshots/ for a person to look at; buttons must show their whole label.
(``python -m tests.ui.tour DIR`` writes them at every size; test_labels measures every
label.)"""

from __future__ import annotations

import pygame
import pytest

from sim.ui.table import Table
from sim.ui.widgets import Button

from .tour import tour


def _labels_fit(d) -> list[str]:
    """Buttons and column titles whose text would be cut with an ellipsis."""
    cut = []
    p = d.app.painter
    for scene in d.app.stack:
        for w in scene.widgets:
            if isinstance(w, Button) and not w.fits(p):
                cut.append(f"{scene.name}: {w.text!r}")
            if isinstance(w, Table):
                for c in w.columns:
                    if p.fit(c.title, c.w - 8, "small", True)[1]:
                        cut.append(f"{scene.name}: column {c.title!r}")
    return cut


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_scene(make_app, lang):
    d = make_app(lang=lang, seed=7)
    cut: list[str] = []
    for stop in tour(d):
        assert d.shot(f"{stop}-{lang}").stat().st_size > 0
        cut.extend(_labels_fit(d))
    assert not cut, cut


def test_week_at_default_size(make_app):
    d = make_app(scenario="agency", size=(1280, 720), seed=2)
    d.new_game()
    d.key(pygame.K_e)
    d.key(pygame.K_RETURN)
    d.shot("week-agency-1280-en")
    d.key(pygame.K_2)
    d.key(pygame.K_F2)
    d.shot("week-agency-clients-1280-ru")
    assert not _labels_fit(d)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_staff_decisions_who_serves_and_settings(make_app, lang, size):
    d = make_app(scenario="agency", lang=lang, size=size, seed=5)
    tag = f"{size[0]}-{lang}"
    cut: list[str] = []

    def shot(name: str) -> None:
        assert d.shot(f"{name}-{tag}").stat().st_size > 0
        cut.extend(_labels_fit(d))
        screen = pygame.Rect((0, 0), size)
        cut.extend(f"{name}: {getattr(w, 'name', w)} off screen" for w in d.scene.widgets
                   if not screen.contains(w.rect))

    d.key(pygame.K_s)
    d.key(pygame.K_BACKSPACE, times=10)
    d.type("Анна Lee" if lang == "ru" else "Anna Lee")
    shot("settings")
    d.key(pygame.K_RETURN)
    shot("title-settings")
    d.new_game()
    d.key(pygame.K_w)
    d.key(pygame.K_DOWN)
    d.key(pygame.K_w, times=2)
    shot("week-inbox-who")
    d.key(pygame.K_4)
    d.key(pygame.K_o, times=2)
    d.key(pygame.K_b)
    d.key(pygame.K_DOWN)
    d.key(pygame.K_t)
    d.key(pygame.K_DOWN)
    d.key(pygame.K_b, times=2)
    d.key(pygame.K_h, times=2)
    d.move(d.scene.widget("staff.hire").rect.center)
    shot("week-staff-plan")
    d.move(d.scene.widget("staff.overtime_up").rect.center)
    shot("week-staff-tip")
    d.key(pygame.K_e)
    shot("report-staff")
    assert not cut, cut
