"""A tour of every scene of the game, driven by posted events, for the tests that look at
all of them (labels measured against their cells, screenshots).

:class:`Driver` drives an :class:`~sim.ui.app.App` one ``pump`` per input. :func:`tour`
walks a game from the title to every debrief tab and yields a name at each stop; a caller
does its work there (measure, save a screenshot) before the tour goes on.

    python -m tests.ui.tour OUTDIR      # screenshots of every stop, both languages, two sizes
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

SIZES = ((1280, 720), (1024, 600))
#: (size, text size) of the screenshots: the two sizes, and a projector's larger text
SHOT_SETUPS = (((1280, 720), 1.0), ((1024, 600), 1.0), ((1280, 720), 1.3))
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


class Driver:
    """Drives an :class:`App` with posted events, one ``pump`` per input."""

    def __init__(self, app) -> None:
        self.app = app

    @property
    def scene(self):
        return self.app.scene

    def key(self, key: int, mod: int = 0, times: int = 1) -> None:
        for _ in range(times):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="",
                                                 scancode=0))
            self.app.pump()

    def keys(self, *keys: int) -> None:
        """Press each key in turn."""
        for key in keys:
            self.key(key)

    def press(self, key: int, text: str, mod: int = 0) -> None:
        """A key press as SDL sends it with text input on: KEYDOWN, TEXTINPUT, KEYUP."""
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text,
                                             scancode=0))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=text,
                                             scancode=0))
        self.app.pump()

    def click(self, name: str, button: int = 1, at: tuple[int, int] | None = None) -> None:
        w = self.scene.widget(name)
        self.click_at(at or w.rect.center, button)

    def click_at(self, pos: tuple[int, int], button: int = 1) -> None:
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

    def redraw(self) -> None:
        self.app.dirty = True
        self.app.pump()

    def save(self, path: Path) -> Path:
        self.redraw()
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.app.screen, str(path))
        return path

    def shot(self, name: str) -> Path:
        """A screenshot in artifacts/screenshots/ (the tests' own)."""
        return self.save(SHOTS / f"{name}.png")

    def settle(self, timeout: float = 120.0) -> None:
        """Let the scene's background work finish (the debrief's analysis, its charts, the
        luck band)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.app.pump()
            if not getattr(self.scene, "busy", False):
                self.app.pump()  # what the finished work changed
                return
            time.sleep(0.02)
        raise AssertionError(f"{self.scene.name} still busy after {timeout} s")

    def new_game(self, seed: int = 3) -> None:
        """From the title: New game, then Start in the briefing."""
        self.key(pygame.K_n)
        assert self.scene.name == "briefing"
        self.key(pygame.K_RETURN)
        assert self.scene.name == "week"


def _busy_client(d: Driver) -> None:
    """On the clients tab: give the selected client every mark the Plan column can show."""
    d.key(pygame.K_RETURN)
    assert d.scene.name == "client"
    for key, times in (("vip", 1), ("tag", 3), ("price_factor", 4)):
        form = d.scene.widget("form")  # every change builds the form again
        form.select(list(form.rows).index(key))
        d.key(pygame.K_RIGHT, times=times)
    d.key(pygame.K_k)  # and the blacklist


def tour(d: Driver) -> Iterator[str]:
    """Every scene of a tutorial game, from the title to each debrief tab (yields names)."""
    yield "title"
    d.key(pygame.K_s)
    yield "settings"
    d.keys(pygame.K_ESCAPE, pygame.K_n)
    yield "briefing"
    d.keys(pygame.K_RETURN, pygame.K_d, pygame.K_DOWN, pygame.K_f, pygame.K_DOWN, pygame.K_w,
           pygame.K_DOWN, pygame.K_MINUS)  # a request's hours capped
    yield "week-inbox"
    d.key(pygame.K_ESCAPE)
    yield "menu"
    d.keys(pygame.K_ESCAPE, *(pygame.K_e, pygame.K_RETURN) * 3)  # weeks of history
    d.key(pygame.K_2)
    _busy_client(d)
    yield "client"
    d.key(pygame.K_l)
    yield "let-go"
    d.keys(pygame.K_3, pygame.K_ESCAPE, pygame.K_DOWN)
    _busy_client(d)
    d.key(pygame.K_ESCAPE)
    yield "week-clients"
    d.key(pygame.K_3)
    yield "week-leads"
    d.keys(pygame.K_4, pygame.K_o, pygame.K_o, pygame.K_b, pygame.K_DOWN, pygame.K_t,
           pygame.K_h)
    yield "week-staff"
    d.key(pygame.K_e)
    yield "report"
    while not d.app.session.over:
        d.key(pygame.K_RETURN)
        d.key(pygame.K_e)
    d.key(pygame.K_RETURN)
    d.settle()
    yield "end"
    d.key(pygame.K_RETURN)
    d.settle()
    for k, tab in enumerate(("summary", "charts", "traits", "audit", "moments", "whatif")):
        d.key(pygame.K_1 + k)
        d.settle()
        if tab == "charts":
            for name, key in (("overview", pygame.K_o), ("whale", pygame.K_w),
                              ("hours", pygame.K_h)):
                d.key(key)
                d.settle()
                yield f"debrief-chart-{name}"
            continue
        if tab == "whatif":
            d.key(pygame.K_r)
            d.settle()
        yield f"debrief-{tab}"


def start_app(base: Path, lang: str, size: tuple[int, int], seed: int = 7,
              scenario: str = "tutorial", scale: float = 1.0) -> Driver:
    from sim.ui.app import Options, start
    from sim.ui.settings import Settings

    Settings(base).set("text_scale", scale)
    app = start(Options(scenario=scenario, seed=seed, lang=lang, size=size, base=base,
                        player="tester"))
    app.pump()
    return Driver(app)


def main(argv: list[str]) -> int:
    """Screenshots of every stop of the tour in both languages at both sizes."""
    out = Path(argv[0] if argv else "shots")
    for lang in ("en", "ru"):
        for size, scale in SHOT_SETUPS:
            with tempfile.TemporaryDirectory() as tmp:
                d = start_app(Path(tmp), lang, size, scale=scale)
                folder = f"{size[0]}x{size[1]}" + (f"-text{round(100 * scale)}"
                                                   if scale != 1.0 else "")
                for name in tour(d):
                    path = d.save(out / folder / f"{name}-{lang}.png")
                    print(path)
                d.app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
