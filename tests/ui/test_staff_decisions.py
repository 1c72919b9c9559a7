"""Staff decisions on the Staff tab (overtime, a week off, a bonus, hiring) and who serves a
request, driven by posted events: they go into the week's Decisions, are counted on End week,
explained by tooltips, and the report shows what they did."""

from __future__ import annotations

import pygame

from sim.engine import DECLINE, SERVE
from sim.ui import plan


def _staff_tab(d):
    d.new_game()
    d.key(pygame.K_4)
    week = d.scene
    assert week.tab == "staff"
    return week


def _servers(week) -> dict[int, int]:
    """Who the draft has serve which request."""
    return {r: p.staff for r, p in week.draft.requests.items() if p.staff is not None}


def test_overtime_time_off_bonus_by_keyboard(make_app):
    d = make_app(scenario="agency", seed=5)
    week = _staff_tab(d)
    s = week.table().current()
    wage = int(week.obs.staff.wage[s])
    d.key(pygame.K_o, times=2)
    assert week.draft.overtime == {s: 8.0}
    d.key(pygame.K_o, times=2)  # never above the rules' 12 h
    assert week.draft.overtime == {s: 12.0}
    d.key(pygame.K_u)
    assert week.draft.overtime == {s: 8.0}
    assert "8" in week.view.staff_cell(s, "this_week")[0]
    d.key(pygame.K_t)  # a week off cancels the overtime
    assert week.draft.time_off == [s] and s not in week.draft.overtime
    d.key(pygame.K_t)
    assert week.draft.time_off == []
    d.key(pygame.K_b)
    assert week.draft.bonus == {s: wage // 2}
    d.key(pygame.K_b)
    assert week.draft.bonus == {s: wage}
    d.key(pygame.K_b)
    assert week.draft.bonus == {}
    d.key(pygame.K_b)
    d.key(pygame.K_DOWN)
    s2 = week.table().current()
    d.key(pygame.K_t)
    d.key(pygame.K_DOWN)
    s3 = week.table().current()
    d.key(pygame.K_o)
    dec = plan.to_play(week.draft, week.obs)
    assert dec.bonus == {s: wage // 2} and dec.time_off == [s2] and dec.overtime == {s3: 4.0}
    assert "✎3" in week.widget("end_week").label


def test_bulk_staff_decisions_on_marked_people(make_app):
    d = make_app(scenario="agency", seed=5)
    week = _staff_tab(d)
    rows = week.table().rows
    d.key(pygame.K_SPACE)
    d.key(pygame.K_DOWN)
    d.key(pygame.K_SPACE)
    d.key(pygame.K_o)
    assert week.draft.overtime == {rows[0]: 4.0, rows[1]: 4.0}


def test_staff_buttons_by_mouse_and_their_tooltips(make_app):
    d = make_app(scenario="agency", seed=5, size=(1280, 720))
    week = _staff_tab(d)
    s = week.table().current()
    d.click("staff.overtime_up")
    assert week.draft.overtime == {s: 4.0}
    d.click("staff.overtime_down")
    assert week.draft.overtime == {}
    d.click("staff.time_off")
    assert week.draft.time_off == [s]
    d.click("staff.bonus")
    assert s in week.draft.bonus
    for name, words in (("staff.overtime_up", ("1.5", "0.7", "morale")),
                        ("staff.time_off", ("no hours", "morale")),
                        ("staff.bonus", ("Morale", "paid")),
                        ("staff.hire", ("10.4", "4 weeks"))):
        d.move(week.widget(name).rect.center)
        tip = d.app.tooltip_text()
        assert tip and all(w in tip for w in words), (name, tip)
    assert "[O]" in week.widget("staff.overtime_up").text  # the shortcut is on the button


def test_hire_up_to_five_then_the_report(make_app):
    d = make_app(scenario="agency", seed=5)
    week = _staff_tab(d)
    staff_before = len(week.obs.staff_names)
    d.key(pygame.K_h, times=7)
    assert week.draft.hire == 5 and not week.widget("staff.hire").enabled
    d.key(pygame.K_j, times=3)
    assert week.draft.hire == 2
    d.click("staff.hire")
    assert week.draft.hire == 3
    assert "(3)" in week.widget("staff.hire").label
    d.key(pygame.K_o)
    s = week.table().current()
    name = week.obs.staff_names[s]
    assert "✎4" in week.widget("end_week").label
    d.key(pygame.K_e)
    assert d.scene.name == "report"
    report = d.scene.report
    assert report.overtime_pay > 0 and report.overtime_hours > 0
    assert report.other_costs >= 3 * 10 * int(week.obs.staff.wage[s]) // 2
    text = " ".join(d.scene.sentences())
    assert name in text and "morale now" in text and "other costs" in text
    assert len(d.app.session.observation().staff_names) == staff_before + 3
    d.key(pygame.K_RETURN)
    assert d.scene is week and week.draft.hire == 0 and plan.changes(week.draft) == 0


def test_who_serves_a_request(make_app):
    d = make_app(scenario="agency", seed=5)
    d.new_game()
    week = d.scene
    rid = week.table().current()
    staff = [int(s) for s in week.obs.active_staff()]
    d.key(pygame.K_w)
    assert _servers(week) == {rid: staff[0]}
    text, colour = week.view.inbox_cell(rid, "owner")
    assert text == "✎ " + week.obs.staff_names[staff[0]] and colour == "warn"
    d.key(pygame.K_w)
    assert _servers(week) == {rid: staff[1]}
    for _ in range(len(staff) - 1):  # past the last person: back to the default
        d.key(pygame.K_w)
    assert _servers(week) == {}
    d.click("ui.action.who")
    assert _servers(week) == {rid: staff[0]}
    d.move(week.widget("ui.action.who").rect.center)
    assert "incivility" in d.app.tooltip_text()
    rp = plan.to_play(week.draft, week.obs).requests[rid]
    assert rp.action == SERVE and rp.staff == staff[0]
    assert "✎1" in week.widget("end_week").label
    d.key(pygame.K_e)
    assert d.scene.name == "report" and d.app.session.decisions[-1].requests[rid].staff \
        == staff[0]
    assert any("person you chose" in s for s in d.scene.sentences())


def test_declined_request_drops_its_server(make_app):
    d = make_app(scenario="agency", seed=5)
    d.new_game()
    week = d.scene
    rid = week.table().current()
    d.key(pygame.K_w)
    d.key(pygame.K_d)
    reqs = plan.to_play(week.draft, week.obs).requests
    assert reqs[rid].action == "decline" and reqs[rid].staff is None


def test_staff_row_stays_on_screen(make_app):
    d = make_app(scenario="agency", seed=5, lang="ru", size=(1024, 600))
    week = _staff_tab(d)
    d.key(pygame.K_h, times=5)

    def row():
        return [w for w in week.widgets if getattr(w, "name", "").startswith("staff.")]

    assert len(row()) == 6 and all(w.rect.right <= 1024 - 12 for w in row())
    week.widgets = []
    week.staff_row(400, 920)  # a narrower room: the overtime buttons drop their word
    assert all(w.rect.right <= 920 for w in row())
    assert week.widget("staff.overtime_up").label == "+4 ч"
    week.relayout()


def test_the_inbox_marks_the_work_this_weeks_hours_will_not_reach(make_app):
    """A plan over capacity shows which requests wait; the engine agrees: every request the
    inbox marks is still open after the week (the marks are the least that waits)."""
    d = make_app(seed=2)
    d.new_game()
    for _ in range(8):  # serve everything until the work outgrows the hours
        week = d.scene
        R = week.obs.requests
        if float(R.hours_left.sum()) > week.obs.capacity_hours:
            break
        assert not week.view.preview.waits
        d.key(pygame.K_e)
        d.key(pygame.K_RETURN)
    else:
        raise AssertionError("the tutorial never had more work than hours")
    v = week.view
    hours = {int(r): float(h) for r, h in zip(R.rid, R.hours_left, strict=True)}
    waits = v.preview.waits
    assert waits and len(waits) < len(hours)
    rid = min(waits)
    text, colour = v.inbox_cell(rid, "plan")
    assert "waits" in text and colour == "warn"
    text, colour = v.inbox_cell(min(set(hours) - waits), "plan")
    assert "waits" not in text and colour == "good"
    # declining work ahead of a waiting request lets it in
    ahead = sorted(r for r in hours if r < rid)
    plan.set_action(week.draft, ahead, DECLINE)
    week.relayout()
    assert rid not in week.view.preview.waits or hours[rid] > week.obs.capacity_hours
    plan.set_action(week.draft, ahead, SERVE)
    week.relayout()
    assert week.view.preview.waits == waits
    for lang in ("en", "ru"):  # look at them: the marks must not be cut
        d.shot(f"inbox_waits_{lang}")
        d.key(pygame.K_F2)
    assert week.view.preview.waits == waits
    d.key(pygame.K_e)
    d.key(pygame.K_RETURN)
    after = d.scene.obs.requests
    still_open = {int(r) for r in after.rid}
    assert waits <= still_open


def test_the_capacity_shown_counts_the_plans_overtime_and_weeks_off(make_app):
    """The header's capacity follows the plan, and is what the engine then spends."""
    d = make_app(scenario="agency", seed=4)
    d.new_game()
    week = d.scene
    base = week.view.preview.capacity_hours
    assert abs(base - week.obs.capacity_hours) < 1e-6
    staff = [int(s) for s in week.obs.active_staff()]
    plan.set_overtime(week.draft, staff[:2], 8.0, 20.0)
    week.relayout()
    more = week.view.preview.capacity_hours
    assert more > base
    plan.toggle_time_off(week.draft, staff[2:3])
    week.relayout()
    planned = week.view.preview.capacity_hours
    assert planned < more
    d.shot("week_capacity_with_overtime")
    d.key(pygame.K_e)
    assert d.scene.name == "report"
    assert abs(d.scene.report.capacity_hours - planned) < 1e-6
