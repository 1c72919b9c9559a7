"""The GUI monkey: random keys, clicks, wheel turns and typing across every scene, headless.

No event may raise, no scene may trap the player (Esc always leads back toward the title),
and whenever a game is on, the engine's state stays within its ranges. The default size is
small for CI; ``--slow`` sends tens of thousands of events.
"""

from __future__ import annotations

import numpy as np
import pygame
import pytest

KEYS = [pygame.K_TAB, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_UP,
        pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_BACKSPACE, pygame.K_F2,
        pygame.K_PLUS, pygame.K_MINUS, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME,
        pygame.K_END] + [getattr(pygame, f"K_{c}") for c in "abcdefghijklmnopqrstuvwxyz"] \
    + [getattr(pygame, f"K_{d}") for d in range(10)]


def _random_event(rng: np.random.Generator, size: tuple[int, int]) -> pygame.event.Event:
    kind = rng.random()
    pos = (int(rng.integers(0, size[0])), int(rng.integers(0, size[1])))
    if kind < 0.55:
        key = KEYS[int(rng.integers(len(KEYS)))]
        mod = pygame.KMOD_SHIFT if rng.random() < 0.1 else 0
        return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
    if kind < 0.75:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
    if kind < 0.85:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    if kind < 0.92:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=int(rng.choice([-1, 1])),
                                  flipped=False)
    return pygame.event.Event(pygame.TEXTINPUT, text=str(rng.choice(list("az09 Яё-"))))


def _check_engine(session) -> None:
    st = session.state
    c, s = st.clients, st.staff
    assert 0.0 <= st.reputation <= 100.0
    assert np.isfinite(c.satisfaction[: c.n]).all()
    assert ((s.morale[: s.n] >= 0) & (s.morale[: s.n] <= 100)).all()


def _monkey(make_app, seed: int, events: int) -> dict[str, int]:
    rng = np.random.Generator(np.random.PCG64(seed))
    d = make_app(seed=seed)
    seen: dict[str, int] = {}
    restarts = 0
    for k in range(events):
        if not d.app.running:  # the monkey quit the game: start it again
            restarts += 1
            d = make_app(seed=seed + restarts)
        ev = _random_event(rng, d.app.screen.get_size())
        pygame.event.post(ev)
        if ev.type == pygame.MOUSEBUTTONDOWN:
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=ev.pos, button=1))
        d.app.pump()
        seen[d.scene.name] = seen.get(d.scene.name, 0) + 1
        if k % 50 == 0 and getattr(d.app, "session", None) is not None:
            _check_engine(d.app.session)
    # no scene traps the player: Esc (and Enter on a dialog) leads back to the title
    for _ in range(12):
        if not d.app.running or d.scene.name == "title":
            break
        d.key(pygame.K_ESCAPE)
        if d.app.running and d.scene.name not in ("title",) and "dialog" in d.scene.name:
            d.key(pygame.K_t)
    # (this once accepted any scene, so a trap would have passed)
    assert not d.app.running or d.scene.name == "title", d.scene.name
    return seen


@pytest.mark.timeout(180)  # a scene that hangs fails here instead of hanging the suite
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_input_never_breaks_the_game(make_app, seed):
    seen = _monkey(make_app, seed, 600)
    assert len(seen) >= 2  # it got beyond the title screen


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("seed", range(10, 14))
def test_random_input_never_breaks_the_game_long(make_app, seed):
    seen = _monkey(make_app, seed, 10_000)
    assert len(seen) >= 3
