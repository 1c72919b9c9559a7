"""The screens' clock: tooltips wait for the hover delay, a double click needs two clicks close
together. Once with a clock the test moves by hand, once with real ticks."""

from __future__ import annotations

import time

import pygame
import pytest

from sim.ui import app as app_module
from sim.ui import clock


@pytest.fixture
def hand_clock():
    """A clock that moves only when the test says so (seconds)."""
    now = [100.0]
    restore = clock.use(lambda: now[0])
    yield now
    restore()


def _week_on_clients(make_app, monkeypatch):
    monkeypatch.setattr(app_module, "TOOLTIP_DELAY_MS", 450)
    d = make_app()
    d.new_game()
    d.key(pygame.K_2)
    return d


def test_the_clock_runs_without_pygame_timer():
    # the bug: pygame.time.get_ticks() stays 0 unless pygame.init() ran
    first = clock.ticks()
    time.sleep(0.05)
    assert clock.ticks() - first >= 40


def test_tooltip_shows_after_the_hover_delay_not_before(make_app, monkeypatch, hand_clock):
    d = _week_on_clients(make_app, monkeypatch)
    tb = d.scene.table()
    col = next(c for c in tb.columns if c.key == "unbilled_hours")
    d.move((col.x + 5, tb.rect.y + 5))
    assert d.app.tooltip_text() is None
    assert 400 <= d.app.timeout_ms() <= 450  # the loop wakes up when the tip is due
    hand_clock[0] += 0.3
    d.app.pump()
    assert d.app.tooltip_text() is None
    hand_clock[0] += 0.2
    d.app.pump()
    assert d.app.tooltip_text() == col.about
    d.move((5, d.app.size[1] - 5))  # off the table: gone at once
    assert d.app.tooltip_text() is None


def test_double_click_needs_two_clicks_close_together(make_app, monkeypatch, hand_clock):
    d = _week_on_clients(make_app, monkeypatch)
    tb = d.scene.table()
    row = (tb.rect.x + 40, tb.rect.y + tb.rh + tb.rh // 2)
    d.click_at(row)
    hand_clock[0] += 2.0  # seconds apart: two single clicks
    d.click_at(row)
    assert d.scene.name == "week"
    hand_clock[0] += 0.15
    d.click_at(row)
    assert d.scene.name == "client"


def test_real_ticks_tooltip_and_double_click(make_app, monkeypatch):
    d = _week_on_clients(make_app, monkeypatch)
    tb = d.scene.table()
    col = next(c for c in tb.columns if c.key == "unbilled_hours")
    d.move((col.x + 5, tb.rect.y + 5))
    assert d.app.tooltip_text() is None
    time.sleep(0.5)
    d.app.pump()
    assert d.app.tooltip_text() == col.about
    row = (tb.rect.x + 40, tb.rect.y + tb.rh + tb.rh // 2)
    d.click_at(row)
    time.sleep(0.6)
    d.click_at(row)
    assert d.scene.name == "week"  # 600 ms apart is no double click
    d.click_at(row)
    assert d.scene.name == "client"  # straight after is one
