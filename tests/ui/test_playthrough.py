"""The whole tutorial through the UI with scripted input; the engine, fed the same decisions,
must reach the same scores and digests. Saves: the run file, and Continue after a close."""

from __future__ import annotations

import pygame

from sim.engine import final_scores, new_game, state_digest, step
from sim.runs.runfile import read_run
from sim.scenario import load_scenario


def _play_week(d, week_no: int) -> None:
    week = d.scene
    assert week.name == "week"
    if week_no == 2:
        d.key(pygame.K_d)  # decline the first request
        d.key(pygame.K_DOWN)
        d.key(pygame.K_f)  # defer the second
    if week_no == 4:
        d.key(pygame.K_2)
        d.key(pygame.K_END)  # the last client: new terms (prepay, price up)
        d.key(pygame.K_RETURN)
        d.key(pygame.K_RIGHT)
        d.key(pygame.K_DOWN)
        d.key(pygame.K_RETURN)
        d.key(pygame.K_ESCAPE)
    if week_no == 5:
        d.key(pygame.K_2)
        d.key(pygame.K_RETURN)  # the first client: hand him to the other person
        d.key(pygame.K_DOWN, times=6)
        d.key(pygame.K_RIGHT)
        d.key(pygame.K_ESCAPE)
        assert week.draft.owners
    if week_no == 7:
        d.key(pygame.K_2)
        names = week.obs.client_names
        rows = week.table().rows
        target = next(i for i in rows if names[i] == "Grand Vortex")
        week.table().select(rows.index(target))
        d.key(pygame.K_l)
        d.key(pygame.K_1)  # polite
        assert week.draft.let_go == {target: "polite"}
    d.key(pygame.K_e)
    assert d.scene.name == "report"
    d.key(pygame.K_RETURN)


def test_tutorial_through_the_ui_matches_the_engine(make_app):
    d = make_app(seed=11)
    d.new_game()
    session = d.app.session
    week_no = 1
    while not session.over:
        _play_week(d, week_no)
        week_no += 1
    assert d.scene.name == "end"
    assert week_no == 13
    ui_scores = session.scores()
    made = session.decisions
    assert made[1].requests and made[3].terms and made[4].owners and made[6].let_go
    # the engine alone, with the same decisions
    sc = load_scenario("tutorial")
    st = new_game(sc.params, 11)
    digests = []
    for dec in made:
        st, _ = step(st, dec)
        digests.append(state_digest(st))
    assert final_scores(st) == ui_scores
    # the run file holds the same decisions, digests and final scores
    run = read_run(session.path)
    assert run.complete and run.final == ui_scores
    assert [w.digest for w in run.weeks] == digests
    assert [w.decisions.to_dict() for w in run.weeks] == [x.to_dict() for x in made]
    assert run.header["player"] == "tester" and run.header["lang"] == "en"
    d.key(pygame.K_RETURN)
    assert d.scene.name == "debrief"
    assert d.scene.job.wait(60) and d.scene.job.error is None
    assert any(c.trait == "vampire" for c in d.scene.job.result.reveal.clients)


def test_continue_resumes_the_newest_unfinished_run(make_app):
    d = make_app(seed=4)
    d.new_game()
    d.key(pygame.K_d)
    d.key(pygame.K_e)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_e)
    d.key(pygame.K_RETURN)
    digest = state_digest(d.app.session.state)
    path = d.app.session.path
    d.key(pygame.K_d)  # a plan in progress, then the window is closed
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.app.pump()
    assert not d.app.running
    d.app.close()
    assert len(read_run(path).weeks) == 2
    d2 = make_app()
    assert d2.scene.widget("continue").enabled
    d2.key(pygame.K_c)
    assert d2.scene.name == "week"
    s = d2.app.session
    assert s.path == path and s.state.week == 3 and state_digest(s.state) == digest
    assert d2.scene.draft.requests == {}
    d2.key(pygame.K_e)
    d2.key(pygame.K_RETURN)
    assert len(read_run(path).weeks) == 3


def test_bankruptcy_ends_the_game_early(make_app):
    d = make_app(overrides=["firm.cash=-19900"])
    d.new_game()
    d.key(pygame.K_e)
    assert d.app.session.over and d.app.session.state.end_reason == "bankrupt"
    d.key(pygame.K_RETURN)
    assert d.scene.name == "end"
    assert read_run(d.app.session.path).complete


def test_resume_option_opens_the_week(make_app, tmp_path):
    d = make_app(seed=9)
    d.new_game()
    d.key(pygame.K_e)
    d.key(pygame.K_RETURN)
    path = d.app.session.path
    d.app.close()
    d2 = make_app(resume=path)
    assert d2.scene.name == "week" and d2.app.session.state.week == 2
