"""Each scene driven by posted events: focus, shortcuts, clicks, tooltips, language."""

from __future__ import annotations

import pygame
import pytest

from sim.engine import DECLINE, DEFER, RequestPlan
from sim.ui import plan


def test_title_focus_order_and_shortcuts(make_app):
    d = make_app()
    assert d.scene.name == "title"
    assert d.scene.focused_name() == "new_game"
    names = []
    for _ in range(5):
        d.key(pygame.K_TAB)
        names.append(d.scene.focused_name())
    # Continue is disabled without a saved game, so Tab skips it; the order wraps around
    assert names == ["settings", "language", "quit", "scenarios", "new_game"]
    d.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert d.scene.focused_name() == "scenarios"
    d.key(pygame.K_TAB)
    assert d.scene.focused_name() == "new_game"
    assert not d.scene.widget("continue").enabled
    assert d.scene.selected_ref() == "tutorial"
    d.key(pygame.K_n)
    assert d.scene.name == "briefing"
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "title"


def test_title_mouse_and_language(make_app):
    d = make_app()
    d.click("language")
    assert d.app.lang == "ru"
    assert d.scene.widget("new_game").label == "Новая игра"
    d.key(pygame.K_F2)
    assert d.app.lang == "en"
    d.click("new_game")
    assert d.scene.name == "briefing"
    d.click("start")
    assert d.scene.name == "week"
    assert d.app.session.path.is_file()


def test_inbox_decline_defer_bulk(make_app):
    d = make_app()
    d.new_game()
    week = d.scene
    rids = week.table().rows
    assert len(rids) >= 3
    d.key(pygame.K_d)  # the selected request
    assert week.draft.requests == {rids[0]: RequestPlan(DECLINE)}
    d.key(pygame.K_DOWN)
    d.key(pygame.K_SPACE)
    d.key(pygame.K_DOWN)
    d.key(pygame.K_SPACE)
    d.key(pygame.K_f)  # defer both marked
    assert week.draft.requests == {rids[0]: RequestPlan(DECLINE), rids[1]: RequestPlan(DEFER),
                                   rids[2]: RequestPlan(DEFER)}
    d.key(pygame.K_UP, times=2)
    d.key(pygame.K_s)
    assert rids[0] not in week.draft.requests
    # the mouse: select a row by clicking it, then click Decline
    tb = week.table()
    d.click("table.inbox", at=(tb.rect.x + 20, tb.rect.y + tb.rh * 2 + tb.rh // 2))
    assert tb.selected == 1
    d.click("ui.action.decline")
    assert week.draft.requests[rids[1]] == RequestPlan(DECLINE)
    assert "2" in week.widget("end_week").label  # changes are counted on the button


def test_tabs_leads_and_staff(make_app):
    d = make_app(scenario="agency", seed=5)
    assert d.scene.selected_ref() == "agency"
    d.new_game()
    week = d.scene
    d.key(pygame.K_3)
    assert week.tab == "leads" and week.focused_name() == "table.leads"
    leads = week.table().rows
    if leads:
        d.key(pygame.K_x)
        assert week.draft.leads == {leads[0]: False}
        d.key(pygame.K_a)
        assert week.draft.leads == {}
    d.key(pygame.K_b)  # decline every lead with two or more warning signs
    d.key(pygame.K_4)
    assert week.tab == "staff" and len(week.table().rows) == 5
    d.click("tab.clients")
    assert week.tab == "clients" and len(week.table().rows) == 26


def test_tooltips_explain_meters_and_columns(make_app):
    d = make_app()
    d.new_game()
    week = d.scene
    d.move(week.meter_boxes[0].center)
    tip = d.app.tooltip_text()
    assert tip and not tip.startswith("meter.")
    d.key(pygame.K_2)
    tb = week.table()
    col = next(c for c in tb.columns if c.key == "unbilled_hours")
    d.move((col.x + 5, tb.rect.y + 5))
    assert d.app.tooltip_text() == col.about and col.about


def test_client_terms_tag_and_let_go(make_app):
    d = make_app()
    d.new_game()
    d.key(pygame.K_2)
    week = d.scene
    cid = week.table().current()
    d.key(pygame.K_RETURN)
    assert d.scene.name == "client" and d.scene.cid == cid
    d.key(pygame.K_RIGHT, times=2)  # price factor 1.0 -> 1.2
    assert week.draft.terms[cid].price_factor == pytest.approx(1.2)
    d.key(pygame.K_DOWN)
    d.key(pygame.K_RETURN)  # prepay on
    assert week.draft.terms[cid].prepay is True
    d.key(pygame.K_DOWN, times=5)  # who looks after the client
    before = int(week.obs.clients.owner[cid])
    d.key(pygame.K_RIGHT)
    assert week.draft.owners[cid] != before
    d.key(pygame.K_LEFT)
    assert cid not in week.draft.owners
    d.key(pygame.K_DOWN)  # the type tag
    d.key(pygame.K_RIGHT)
    assert week.draft.tags[cid].trait == "core"
    d.key(pygame.K_DOWN)
    d.key(pygame.K_RIGHT)
    assert week.draft.tags[cid].confidence == pytest.approx(0.6)
    d.key(pygame.K_l)
    assert d.scene.name == "dialog"
    d.key(pygame.K_1)
    assert week.draft.let_go == {cid: "polite"}
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "week"
    decisions = plan.to_play(week.draft, week.obs)
    assert decisions.let_go == {cid: "polite"} and cid not in decisions.terms


def test_illegal_decision_is_a_message_and_costs_no_week(make_app):
    d = make_app()
    d.new_game()
    week = d.scene
    gone = len(week.obs.client_names) + 5  # no such client
    week.draft.let_go[gone] = "polite"
    d.key(pygame.K_e)
    assert d.scene is week and week.message
    assert d.app.session.state.week == 1 and not d.app.session.reports
    week.draft.let_go.clear()
    d.key(pygame.K_e)
    assert d.scene.name == "report"
    d.key(pygame.K_RETURN)
    assert d.scene is week and d.app.session.state.week == 2 and not week.message


def test_language_switch_keeps_the_plan(make_app):
    d = make_app()
    d.new_game()
    week = d.scene
    d.key(pygame.K_d)
    draft = dict(week.draft.requests)
    d.key(pygame.K_F2)
    assert d.app.lang == "ru" and d.scene is week and week.draft.requests == draft
    assert week.widget("end_week").label.startswith("Завершить")


def test_esc_menu_back_to_title(make_app):
    d = make_app()
    d.new_game()
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "dialog"
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "week"
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_t)
    assert d.scene.name == "title"
    assert d.scene.widget("continue").enabled  # the game just left can be continued


def test_resize_relayouts(make_app):
    d = make_app(size=(1280, 720))
    d.new_game()
    pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=1024, y=600))
    d.app.pump()
    end = d.scene.widget("end_week")
    assert end.rect.right <= d.app.size[0]


def test_first_launch_offers_the_tutorial_then_agency(make_app):
    d = make_app(scenario=None)
    assert d.scene.selected_ref() == "tutorial"
    d.new_game()
    d.app.close()
    d2 = make_app(scenario=None)
    assert d2.scene.selected_ref() == "agency"
    d2.key(pygame.K_DOWN)
    d2.key(pygame.K_RETURN)  # Enter on the scenario list starts that one
    assert d2.scene.name == "briefing"


def test_clients_sort_by_key_and_header_click(make_app):
    d = make_app(scenario="agency", seed=3)
    d.new_game()
    d.key(pygame.K_e)
    d.key(pygame.K_RETURN)
    week = d.scene
    d.key(pygame.K_2)
    d.key(pygame.K_r)
    assert week.sort == ("profit", False)
    profit = week.obs.clients.profit
    rows = week.table().rows
    assert [profit[i] for i in rows] == sorted(profit[i] for i in rows)
    tb = week.table()
    col = next(c for c in tb.columns if c.key == "unbilled_hours")
    d.click("table.clients", at=(col.x + 5, tb.rect.y + 5))
    assert week.sort == ("unbilled_hours", True)
    hours = week.obs.clients.unbilled_hours
    rows = week.table().rows
    assert [hours[i] for i in rows] == sorted((hours[i] for i in rows), reverse=True)


def test_f2_in_a_dialog_switches_its_text(make_app):
    d = make_app()
    d.new_game()
    d.key(pygame.K_2)
    d.key(pygame.K_l)
    assert d.scene.name == "dialog" and d.scene.title.startswith("Let ")
    d.key(pygame.K_F2)
    assert d.scene.name == "dialog" and d.scene.title.startswith("Расстаться")
    assert d.scene.widget("ui.letgo.polite").label == "Вежливый отказ"


def test_letting_go_keeps_the_row_and_takes_his_hours_out_of_the_plan(make_app):
    """After the let-go dialog the cursor stays on the client just let go (a second L goes
    to the next one, not back to the top), and his requests leave the planned hours."""
    d = make_app(scenario="seminar", seed=1)
    d.new_game()
    week = d.scene
    planned = week.view.preview.planned_hours
    d.key(pygame.K_2)
    d.key(pygame.K_DOWN, times=2)
    cid = week.table().current()
    d.key(pygame.K_l)
    d.key(pygame.K_1)
    assert d.scene is week and week.draft.let_go == {cid: "polite"}
    assert week.table().current() == cid
    d.key(pygame.K_DOWN)
    assert week.table().current() != cid
    R = week.obs.requests
    his = sum(float(h) for c, h in zip(R.client, R.hours_left, strict=True) if int(c) == cid)
    assert his > 0  # the order book gives every client work in hand
    assert week.view.preview.planned_hours == pytest.approx(planned - his)


def test_the_seed_is_written_as_typed(make_app):
    d = make_app(scenario="seminar", seed=725252)
    d.new_game()
    title, _ = d.scene.header()
    assert "seed 725252" in title
    d.key(pygame.K_F2)
    assert "сид 725252" in d.scene.header()[0]
