"""The two controls the week screen gained with the Decisions draft: capping the hours a
request gets this week (−/+ in the inbox) and the blacklist (K on the clients tab and the
client card). Driven by posted events; checked in the draft, in the decisions written to the
run file and in the state the week leaves."""

from __future__ import annotations

import pygame

from sim.engine import FIRED_POLITE, RequestPlan
from sim.runs.runfile import read_run
from sim.ui import plan


def _ru_shot_and_end_week(d, name: str):
    """A screenshot in Russian, then End week (in English again); the run file's path."""
    d.key(pygame.K_F2)
    d.shot(name)
    d.key(pygame.K_F2)
    d.key(pygame.K_e)
    assert d.scene.name == "report"
    return d.app.session.path


def test_capping_a_requests_hours(make_app):
    d = make_app(scenario="agency", seed=5, size=(1280, 720))
    d.new_game()
    week = d.scene
    R = week.obs.requests
    left = {int(r): float(h) for r, h in zip(R.rid, R.hours_left, strict=True)}
    rid = next(r for r in week.table().rows if left[r] >= 3.0)
    week.table().select(week.table().rows.index(rid))
    d.key(pygame.K_MINUS, times=2)
    cap = max(0.5, round((left[rid] - 2.0) * 2) / 2)
    assert week.draft.requests == {rid: RequestPlan(hours=cap)}
    text, colour = week.view.inbox_cell(rid, "hours")
    assert text.startswith("✎") and colour == "warn"
    d.key(pygame.K_EQUALS)  # the + key
    assert week.draft.requests[rid].hours == cap + 1.0
    d.key(pygame.K_KP_PLUS, times=int(left[rid]) + 1)  # up to what is left: no cap
    assert week.draft.requests == {}
    d.key(pygame.K_KP_MINUS)
    d.key(pygame.K_MINUS)
    assert week.draft.requests[rid].hours == cap
    d.key(pygame.K_w)  # who serves it and its cap are one plan
    staff = int(week.obs.active_staff()[0])
    assert week.draft.requests[rid] == RequestPlan(staff=staff, hours=cap)
    d.move(week.widget("ui.action.fewer_hours").rect.center)
    assert "inbox" in d.app.tooltip_text()
    assert "[−]" in week.widget("ui.action.fewer_hours").text
    assert "[+]" in week.widget("ui.action.more_hours").text
    assert "−/+" in week.t("ui.hint.inbox")
    d.shot("inbox_cap_hours_en")
    path = _ru_shot_and_end_week(d, "inbox_cap_hours_ru")
    played = d.app.session.decisions[-1]
    assert played.requests[rid] == RequestPlan(staff=staff, hours=cap)
    assert read_run(path).decisions[-1].requests[rid] == RequestPlan(staff=staff, hours=cap)
    after = d.app.session.state.requests
    row = list(after.rid[: after.n]).index(rid)  # open still: the cap left work undone
    assert float(after.hours_left[row]) >= left[rid] - cap - 1e-9


def test_blacklisting_a_client_let_go(make_app):
    d = make_app(scenario="agency", seed=5, size=(1280, 720))
    d.new_game()
    week = d.scene
    d.key(pygame.K_2)
    cid = week.table().current()
    d.key(pygame.K_k)
    assert week.draft.blacklist == [cid]
    assert "⊘" in week.view.client_cell(cid, "plan")[0]
    d.key(pygame.K_k)  # again: taken back
    assert week.draft.blacklist == []
    d.key(pygame.K_k)
    d.move(week.widget("ui.action.blacklist").rect.center)
    assert "lead" in d.app.tooltip_text()
    assert "K" in week.t("ui.hint.clients")
    d.key(pygame.K_l)
    d.key(pygame.K_1)  # let him go, politely
    assert week.draft.let_go == {cid: "polite"} and plan.changes(week.draft) == 2
    d.key(pygame.K_RETURN)  # the client card shows it too, and can take it back
    assert d.scene.name == "client"
    assert d.scene.widget("blacklist").label.startswith("⊘")
    d.key(pygame.K_k)
    assert week.draft.blacklist == []
    d.key(pygame.K_k)
    assert week.draft.blacklist == [cid]
    d.shot("client_blacklisted_en")
    d.key(pygame.K_ESCAPE)
    path = _ru_shot_and_end_week(d, "clients_blacklisted_ru")
    st = d.app.session.state
    assert bool(st.clients.blacklisted[cid]) and int(st.clients.status[cid]) == FIRED_POLITE
    recorded = read_run(path).decisions[-1]
    assert recorded.blacklist == [cid] and recorded.let_go == {cid: "polite"}
    d.key(pygame.K_RETURN)
    week = d.scene  # next week: a fresh draft; the card says he is on the list for good
    assert week.draft.blacklist == [] and plan.blacklisted(week.draft, week.obs, cid)
