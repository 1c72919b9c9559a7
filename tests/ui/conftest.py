"""Headless helpers for the game's tests: an app in a temporary data folder, key presses and
clicks posted as pygame events, and screenshots written to artifacts/screenshots/."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

if importlib.util.find_spec("pygame") is None or importlib.util.find_spec("platformdirs") is None:
    # the game's extra is not installed: nothing here can run
    collect_ignore_glob = ["test_*.py"]
    pygame = app_module = Options = start = None
else:
    import pygame

    from sim.ui import app as app_module
    from sim.ui.app import Options, start

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


class Driver:
    """Drives an :class:`App` with posted events, one ``pump`` per input."""

    def __init__(self, app: app_module.App) -> None:
        self.app = app

    @property
    def scene(self):
        return self.app.scene

    def key(self, key: int, mod: int = 0, times: int = 1) -> None:
        for _ in range(times):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="",
                                                 scancode=0))
            self.app.pump()

    def click(self, name: str, button: int = 1, at: tuple[int, int] | None = None) -> None:
        w = self.scene.widget(name)
        pos = at or w.rect.center
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.app.pump()

    def type(self, text: str) -> None:
        """Typed characters, as the TEXTINPUT events of a keyboard."""
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
        self.app.pump()

    def move(self, pos: tuple[int, int]) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                             buttons=(0, 0, 0)))
        self.app.pump()

    def shot(self, name: str) -> Path:
        self.app.dirty = True
        self.app.pump()
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        pygame.image.save(self.app.screen, str(path))
        return path

    def new_game(self, seed: int = 3) -> None:
        """From the title: New game, then Start in the briefing."""
        self.key(pygame.K_n)
        assert self.scene.name == "briefing"
        self.key(pygame.K_RETURN)
        assert self.scene.name == "week"


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
