"""The debrief screen after a short played game: tabs by keyboard and mouse, the analysis
worked out in the background, charts drawn once, what-if, both languages, both sizes, and a
screenshot of every tab for a person to look at."""

from __future__ import annotations

import time

import pygame
import pytest

from sim.debrief import analyse, what_if
from sim.ui import text
from sim.ui.scenes.debrief import TABS

from .test_playthrough import _play_week
from .test_screenshots import _labels_fit


def _played(make_app, lang="en", size=(1024, 600)):
    d = make_app(seed=11, lang=lang, size=size)
    d.new_game()
    week_no = 1
    while not d.app.session.over:
        _play_week(d, week_no)
        week_no += 1
    assert d.scene.name == "end"
    return d


def _wait(d, cond, limit=30.0):
    end = time.monotonic() + limit
    while not cond():
        assert time.monotonic() < end, "the debrief took too long"
        time.sleep(0.01)
        d.app.pump()


def _open(d):
    d.key(pygame.K_RETURN)
    scene = d.scene
    assert scene.name == "debrief"
    _wait(d, lambda: scene.ready)
    return scene


def _off_screen(d, size):
    screen = pygame.Rect((0, 0), size)
    return [getattr(w, "name", w) for w in d.scene.widgets if not screen.contains(w.rect)]


def test_the_debrief_opens_at_once_and_works_in_the_background(make_app):
    d = _played(make_app)
    t0 = time.perf_counter()
    d.key(pygame.K_RETURN)
    opened = time.perf_counter() - t0
    scene = d.scene
    assert scene.name == "debrief" and d.app.frames > 0
    assert opened < 1.0, opened
    # input is taken while it works: the language switches, a locked tab stays shut
    d.key(pygame.K_F2)
    assert d.app.lang == "ru"
    d.key(pygame.K_3)
    assert scene.tab == "summary"
    d.key(pygame.K_F2)
    _wait(d, lambda: scene.ready)
    assert scene.error is None
    # the same analysis as sim.debrief's, moments included
    s = d.app.session
    ref = analyse(s.scenario.params, s.seed, s.decisions)
    assert scene.db.scores == ref.scores
    assert [(m.week, m.kind, m.client) for m in scene.db.moments] == \
        [(m.week, m.kind, m.client) for m in ref.moments]
    assert scene.db.bots.rows[0].scores == ref.bots.rows[0].scores


def test_tabs_by_keys_arrows_and_mouse(make_app):
    d = _played(make_app)
    scene = _open(d)
    for tab, key in zip(TABS, (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5,
                               pygame.K_6), strict=True):
        d.key(key)
        assert scene.tab == tab
    d.key(pygame.K_RIGHT)
    assert scene.tab == "summary"
    d.key(pygame.K_LEFT)
    assert scene.tab == "whatif"
    d.click("tab.traits")
    assert scene.tab == "traits"
    assert "vampire" in {c.trait for c in scene.db.reveal.clients}
    d.key(pygame.K_TAB)  # focus moves; Esc goes back to the end screen, and back again
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "end"
    d.key(pygame.K_RETURN)
    assert d.scene is scene and scene.ready


def test_charts_are_drawn_once_and_kept(make_app, monkeypatch):
    from sim.ui import debrief_work

    calls = []
    real = debrief_work.render_charts

    def counting(job, db, size, lang):
        calls.append((size, lang))
        return real(job, db, size, lang)

    monkeypatch.setattr("sim.ui.scenes.debrief.render_charts", counting)
    d = _played(make_app)
    scene = _open(d)
    d.key(pygame.K_2)
    _wait(d, lambda: scene.chart_key(scene.chart) in scene.charts)
    assert scene.chart_error is None
    for key in (pygame.K_w, pygame.K_h, pygame.K_o):
        d.key(key)
        assert scene.chart_key(scene.chart) in scene.charts
    for _ in range(5):
        d.shot("debrief-charts-repeat")
    assert len(calls) == 1
    d.key(pygame.K_F2)  # another language draws them once more, in that language
    _wait(d, lambda: scene.chart_key(scene.chart) in scene.charts)
    assert len(calls) == 2 and calls[1][1] == "ru"


def test_what_if_with_a_decision_undone(make_app):
    d = _played(make_app)
    scene = _open(d)
    d.key(pygame.K_6)
    tb = scene.widget("whatif.choices")
    assert tb.rows
    let_go = next(k for k, (_, ch, _) in enumerate(scene.choices) if ch.kind == "let_go"
                  and ch.value is None)
    tb.select(let_go)
    d.key(pygame.K_RETURN)
    _wait(d, lambda: scene.comparison is not None or scene.message)
    assert not scene.message
    week, change, _ = scene.choices[let_go]
    ref = what_if(scene.db, week, change)
    assert scene.comparison.what_if == ref.what_if
    assert scene.comparison.original == scene.db.scores
    assert scene.widget("whatif.result").rows
    d.key(pygame.K_r)  # once more with the shortcut: the same answer
    _wait(d, lambda: scene.comparison is not None)
    assert scene.comparison.delta == ref.delta


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_screenshots_of_every_tab(make_app, lang, size):
    d = _played(make_app, lang=lang, size=size)
    scene = _open(d)
    cut: list[str] = []
    for k, tab in enumerate(TABS, start=1):
        d.key(getattr(pygame, f"K_{k}"))
        assert scene.tab == tab
        if tab == "charts":
            _wait(d, lambda: scene.chart_key(scene.chart) in scene.charts)
        if tab == "moments":
            d.key(pygame.K_DOWN)
        if tab == "whatif":
            d.key(pygame.K_RETURN)
            _wait(d, lambda: scene.comparison is not None)
        assert d.shot(f"debrief-{tab}-{size[0]}-{lang}").stat().st_size > 0
        cut += _labels_fit(d)
        cut += _off_screen(d, size)
    assert not cut, cut
    assert not {k for k in text.MISSING if k[1].startswith("ui.debrief")}


def test_draw_changes_nothing(make_app):
    d = _played(make_app)
    scene = _open(d)
    for key in (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6):
        d.key(key)
        before = dict(vars(scene))
        widgets = [(type(w), getattr(w, "name", ""), getattr(w, "top", None),
                    getattr(w, "selected", None)) for w in scene.widgets]
        scene.draw(d.app.screen)
        scene.draw(d.app.screen)
        assert dict(vars(scene)) == before
        assert [(type(w), getattr(w, "name", ""), getattr(w, "top", None),
                 getattr(w, "selected", None)) for w in scene.widgets] == widgets


def _finished_session(tmp_path):
    """A 52-week agency game of the rule-based bot with a loyal client let go, as a
    finished session of the game."""
    from sim.engine import Tag, new_game, step
    from sim.runs.runfile import read_run
    from sim.scenario import load_scenario
    from sim.ui.session import Session
    from tests.debrief.planted import clients_of, fire, record

    def tag(st, d):
        for i in clients_of(st, "core")[:2]:
            d.tags[i] = Tag("core", 0.8)

    run = record(tmp_path / "run.jsonl", policy="rule-based", seed=1,
                 overrides=("weeks=52",), plant={5: tag, 12: fire("loyal")})
    data = read_run(run)
    h = data.header
    sc = load_scenario(h["scenario"], list(h["overrides"]))
    st = new_game(sc.params, h["seed"])
    for dec in data.decisions:
        st, _ = step(st, dec, inplace=True)
    return Session(sc, h["seed"], "tester", st, None, None, list(h["overrides"]), [],
                   list(data.decisions))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_52_week_game_in_the_small_window(make_app, tmp_path, lang):
    from sim.ui.scenes.end import EndScene

    d = make_app(lang=lang, size=(1024, 600))
    d.app.session = _finished_session(tmp_path)
    d.app.replace(EndScene(d.app))
    d.app.pump()
    scene = _open(d)
    assert scene.db.replay.weeks == 52
    loyal = [j for j in scene.db.audit.judged if j.verdict == "wrong_target"]
    assert loyal
    cut: list[str] = []
    for k, tab in enumerate(TABS, start=1):
        d.key(getattr(pygame, f"K_{k}"))
        if tab == "charts":
            d.key(pygame.K_w)
            _wait(d, lambda: scene.chart_key(scene.chart) in scene.charts)
        if tab == "traits":
            d.key(pygame.K_TAB)
            d.key(pygame.K_PAGEDOWN)  # the long table scrolls
            assert scene.widget("traits.clients").top > 0
        if tab == "whatif":
            tb = scene.widget("whatif.choices")
            tb.select(next(k for k, (_, ch, _) in enumerate(scene.choices)
                           if ch.kind == "let_go" and ch.client == loyal[0].client))
            d.key(pygame.K_r)
            _wait(d, lambda: scene.comparison is not None or scene.message)
            assert scene.comparison.delta["score"] != 0
        d.shot(f"debrief-52w-{tab}-1024-{lang}")
        cut += _labels_fit(d) + _off_screen(d, (1024, 600))
    assert not cut, cut
