"""Skill or luck on screen: the end screen and the debrief's summary say how hard the seed was
(the bots against their median) beside the player's gap to them, measured in the background
once the debrief's analysis is done, with the bot table's games reused."""

from __future__ import annotations

import pygame
import pytest

from sim.debrief.report import Words, luck_sentences
from sim.ui import debrief_work

from .test_debrief_screen import _played


def _drawn(d) -> list[str]:
    d.app.painter.record = drawn = []
    d.redraw()
    d.app.painter.record = None
    return [x.text for x in drawn]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_end_screen_and_debrief_show_the_luck_band(make_app, monkeypatch, lang):
    played = []
    real = debrief_work.luck_of

    def spy(db, progress=None):
        played.append(db)
        return real(db, progress=progress)

    monkeypatch.setattr(debrief_work, "luck_of", spy)
    d = _played(make_app, lang=lang)
    end = d.scene
    assert end.busy  # measured in the background, the screen is already up
    d.settle()
    band = end.debrief_scene().luck_job.result
    assert band is not None and band.seed == d.app.session.seed
    assert len(played) == 1 and played[0] is end.debrief_scene().job.result  # its bots
    words = Words(lang, d.app.session.scenario.params.firm.currency)
    sentences = luck_sentences(band, d.app.session.scores()["score"], words)
    texts = _drawn(d)
    for s in sentences:
        assert s in texts
    seed_line = d.app.session.scenario.model.title
    assert any(str(d.app.session.seed) in t and (seed_line.en in t or (seed_line.ru or "")
                                                   in t) for t in texts)
    assert any(str(d.app.session.path.parent) in t for t in texts)
    d.key(pygame.K_RETURN)
    d.settle()
    assert d.scene.name == "debrief"
    blocks = " ".join(b.text for b in d.scene.blocks)
    assert " ".join(sentences) in blocks
