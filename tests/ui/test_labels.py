"""No label cut: every text drawn into a cell (buttons, table cells and titles, verdicts, plans,
statuses, meters, paragraphs) is measured against the room it was given, in every scene of a
game, in both languages, at 1280x720 and at the minimum window size (and at 1280x720 with the
text at 130%, for a projector). Only the columns of free
sentences (their tooltip shows the whole text) may cut. Buttons never lie over each other."""

from __future__ import annotations

import itertools

import pytest

from sim.ui.app import MIN_SIZE
from sim.ui.widgets import Button

from .tour import SHOT_SETUPS, SIZES, start_app, tour


def _overlaps(scene) -> list[str]:
    buttons = [w for w in scene.widgets if isinstance(w, Button)]
    return [f"{a.name} over {b.name}" for a, b in itertools.combinations(buttons, 2)
            if a.rect.colliderect(b.rect)]


def test_the_minimum_size_is_one_of_the_sizes_measured():
    assert MIN_SIZE in SIZES


@pytest.mark.parametrize(("size", "scale"), SHOT_SETUPS,
                         ids=lambda x: f"{x[0]}x{x[1]}" if isinstance(x, tuple) else f"{x:.0%}")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_label_is_cut_in_any_scene(tmp_path, monkeypatch, lang, size, scale):
    monkeypatch.setenv("NAR_DATA_DIR", str(tmp_path))
    d = start_app(tmp_path, lang, size, scale=scale)
    assert d.app.text_scale == scale
    painter = d.app.painter
    cut, stops = [], []
    try:
        for stop in tour(d):
            stops.append(stop)
            painter.record = drawn = []
            d.redraw()
            painter.record = None
            assert drawn, f"{stop}: nothing measured"
            cut += sorted({f"{stop}: {x.text!r} needs {x.needs} px, has {x.room}"
                           for x in drawn if x.cut and not x.may_cut})
            cut += [f"{stop}: {o}" for o in _overlaps(d.scene)]
            screen = d.app.screen.get_rect()
            cut += [f"{stop}: {getattr(w, 'name', w)} off screen" for w in d.scene.widgets
                    if not screen.contains(w.rect)]
    finally:
        d.app.close()
    assert stops[-1] == "debrief-whatif" and len(stops) >= 20
    assert not cut, "\n".join(cut)


def test_the_measure_sees_a_cut(tmp_path, monkeypatch):
    """The instrument itself: a label too long for its button is reported."""
    monkeypatch.setenv("NAR_DATA_DIR", str(tmp_path))
    d = start_app(tmp_path, "en", MIN_SIZE)
    try:
        b = d.scene.widget("new_game")
        b.label = "A label far too long for any button of the title screen " * 2
        d.app.painter.record = drawn = []
        d.redraw()
        assert any(x.cut and not x.may_cut and x.text.startswith("A label") for x in drawn)
    finally:
        d.app.painter.record = None
        d.app.close()
