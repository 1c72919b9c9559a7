"""Headless helpers for the game's tests: an app in a temporary data folder, key presses and
clicks posted as pygame events, and screenshots written to artifacts/screenshots/."""

from __future__ import annotations

import importlib.util

import pytest

if importlib.util.find_spec("pygame") is None or importlib.util.find_spec("platformdirs") is None:
    # the game's extra is not installed: nothing here can run
    collect_ignore_glob = ["test_*.py"]
    pygame = app_module = Options = start = None
else:
    import pygame

    from sim.ui import app as app_module
    from sim.ui.app import Options, start

    from .tour import Driver


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """A factory of headless apps sharing one temporary data folder."""
    monkeypatch.setenv("NAR_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(app_module, "TOOLTIP_DELAY_MS", 0)
    made = []

    def make(scenario: str = "tutorial", seed: int = 3, lang: str = "en",
             size: tuple[int, int] = (1024, 600), **kw) -> Driver:
        kw.setdefault("player", "tester")
        app = start(Options(scenario=scenario, seed=seed, lang=lang, size=size,
                            base=tmp_path, **kw))
        app.pump()
        made.append(app)
        return Driver(app)

    yield make
    for app in made:
        if pygame.display.get_init():
            app.close()
