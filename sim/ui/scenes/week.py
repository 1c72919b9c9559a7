"""The week: meters, the inbox with the default plan, clients, leads and staff, End week.

The scene edits a draft of the week's :class:`~sim.engine.Decisions` (the helpers of
:mod:`sim.ui.plan`) and shows what the engine's :func:`~sim.engine.preview` says it will do;
"End week" hands it to the session, which calls ``step``. An illegal decision is shown as a
message and costs no week.
"""

from __future__ import annotations

from typing import Any

import pygame

from sim.engine import DECLINE, DEFER, SERVE, Decisions, IllegalDecision, Preview, preview

from .. import plan
from ..table import Table
from ..text import has, localized, money, note_text, num, t
from ..widgets import Button
from .base import Scene
from .dialog import Dialog
from .meters import draw_meters, meter_rects, meter_views
from .week_staff import StaffActions
from .week_views import WeekView

TABS = ("inbox", "clients", "leads", "staff")
#: the tooltips of the action bar's buttons that have one
ACTION_TIPS = {"ui.action.who": "ui.about.who_serves", "ui.action.fewer_hours":
               "ui.about.cap_hours", "ui.action.more_hours": "ui.about.cap_hours",
               "ui.action.blacklist": "ui.about.blacklist"}
#: the action bar's buttons a narrow window may leave out (their keys still work): the
#: clients' column titles sort too
OPTIONAL_ACTIONS = ("ui.action.sort",)
#: keys that mean −/+ besides the buttons' own (the keypad's, and + typed with Shift)
HOURS_KEYS = {pygame.K_KP_MINUS: -1, pygame.K_KP_PLUS: 1, pygame.K_PLUS: 1}
TAB_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4)


class WeekScene(StaffActions, Scene):
    """The main screen of a week."""

    name = "week"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.session = app.session
        self.draft = Decisions()
        self.draft_week = self.session.state.week
        self.tab = "inbox"
        self.sel: dict[str, int] = dict.fromkeys(TABS, 0)
        self.marks: dict[str, set] = {k: set() for k in TABS}
        self.view: WeekView | None = None
        self.sort: tuple[str, bool] | None = None  # clients table: (column, descending)
        self.meters: list = []
        self.meter_boxes: list[pygame.Rect] = []
        self.notes_rect = pygame.Rect(0, 0, 0, 0)
        self.notes_text = ""
        self.hint_rect = pygame.Rect(0, 0, 0, 0)
        self.pooled_rect = pygame.Rect(0, 0, 0, 0)
        self.header_text = ("", "")
        #: the shortcuts of buttons the action bar had no room for (key -> action)
        self.hidden_keys: dict[int, Any] = {}

    def enter(self) -> None:
        super().enter()
        self.set_focus(f"table.{self.tab}")

    # --- data ---------------------------------------------------------------------------
    @property
    def obs(self):
        return self.session.observation()

    def _new_week(self) -> None:
        if self.draft_week != self.session.state.week:
            self.draft, self.draft_week = Decisions(), self.session.state.week
            self.sel = dict.fromkeys(TABS, 0)
            self.marks = {k: set() for k in TABS}
            self.message = ""

    def week_preview(self) -> Preview:
        """What the engine says the draft will do this week. A draft it would refuse shows
        the default week here; the refusal itself is shown when the week ends."""
        try:
            return preview(self.session.state, plan.to_play(self.draft, self.obs))
        except IllegalDecision:
            return preview(self.session.state)

    def table(self) -> Table | None:
        for w in self.widgets:
            if isinstance(w, Table):
                return w
        return None

    def _keep_table_state(self) -> None:
        tb = self.table()
        if tb is not None:
            self.sel[self.tab] = tb.selected

    # --- layout -------------------------------------------------------------------------
    def layout(self, size: tuple[int, int]) -> None:
        self._new_week()
        obs = self.obs
        w, h = size
        p = self.p
        ls, ln = p.line_height("small"), p.line_height()
        self.view = v = WeekView(obs, self.draft, self.lang, self.week_preview())
        self.meters = meter_views(obs, self.lang)
        meters_y = 14 + p.line_height("heading")
        self.meter_boxes = meter_rects(pygame.Rect(12, meters_y, w - 24, 2 * ls + ln + 14))
        tabs_y = self.meter_boxes[0].bottom + 8
        counts = {"inbox": len(obs.requests.rid), "clients": len(obs.active_clients()),
                  "leads": len(obs.leads()), "staff": len(obs.active_staff())}
        x = 12
        for tab, key in zip(TABS, TAB_KEYS, strict=True):
            label = self.t(f"ui.tab.{tab}", n=counts[tab])
            mark = "● " if tab == self.tab else ""
            b = Button(pygame.Rect(x, tabs_y, 0, ln + 14), mark + label, self._tab(tab),
                       key=key, name=f"tab.{tab}", primary=tab == self.tab)
            b.rect.width = p.width(b.text, bold=True) + 24
            x += b.rect.width + 6
            self.widgets.append(b)
        bar_y = h - ln - 30
        self.hint_rect = pygame.Rect(12, bar_y - 2 * ls - 6, w - 24, 2 * ls)
        staff_y = self.hint_rect.y - ln - 24
        top = tabs_y + ln + 22
        bottom = (staff_y if self.tab == "staff" else self.hint_rect.y) - 6
        area = pygame.Rect(12, top, w - 24, bottom - top)
        rh = p.theme.row_height
        self.pooled_rect = pygame.Rect(0, 0, 0, 0)
        if self.tab == "inbox":
            tw = int(area.width * 0.6)
            tb = Table(pygame.Rect(area.x, area.y, tw, area.height), v.inbox_columns(),
                       v.inbox_rows(), v.inbox_cell, row_height=rh, name="table.inbox",
                       on_activate=self._open_request_client, painter=p,
                       empty=self.t("ui.inbox.empty"))
            side = pygame.Rect(area.x + tw + 10, area.y, area.width - tw - 10, area.height)
            side = self._hours_buttons(side, ln + 14)
            pooled = p.needs_lines(self.t("ui.week.pooled"), side.width - 16, "small") * ls
            self.pooled_rect = pygame.Rect(side.x + 8, side.y + 6, side.width - 16, pooled)
            self.notes_rect = pygame.Rect(side.x, side.y + pooled + 14, side.width,
                                          side.height - pooled - 14)
        else:
            rows, cols, cell = {
                "clients": (v.client_rows(self.sort), v.client_columns(self.sort),
                            v.client_cell),
                "leads": (v.lead_rows(), v.lead_columns(), v.lead_cell),
                "staff": (v.staff_rows(), v.staff_columns(), v.staff_cell)}[self.tab]
            activate = self.open_client if self.tab == "clients" else None
            tb = Table(area, cols, rows, cell, row_height=rh, name=f"table.{self.tab}",
                       on_activate=activate, painter=p,
                       empty=self.t(f"ui.{self.tab}.empty"),
                       on_sort=self.sort_by if self.tab == "clients" else None)
            self.notes_rect = pygame.Rect(0, 0, 0, 0)
        tb.marked = self.marks[self.tab]
        tb.select(self.sel[self.tab])
        self.widgets.append(tb)
        if self.tab == "staff":
            self.staff_row(staff_y, w - 12, ln + 18)
        self._action_bar(w, bar_y, ln + 20)
        self.header_text = self.header()  # the plan changed or the language: built again
        self.notes_text = "\n\n".join(note_text(n, self.lang, obs.currency) for n in obs.notes)

    def _hours_buttons(self, side: pygame.Rect, height: int) -> pygame.Rect:
        """The −/+ buttons that cap a request's hours, atop the inbox's side panel (the
        action bar has no room for them at 1024 pixels); returns the room left below."""
        x = side.x
        for key, k, delta in (("ui.action.fewer_hours", pygame.K_MINUS, -plan.HOURS_STEP),
                              ("ui.action.more_hours", pygame.K_EQUALS, plan.HOURS_STEP)):
            b = self.button(pygame.Rect(x, side.y, 0, height), key,
                            lambda d=delta: self.change_hours(d), shortcut=k, name=key,
                            tip=self.t(ACTION_TIPS[key]))
            b.rect.width = self.p.width(b.text) + 24
            x += b.rect.width + 6
        return pygame.Rect(side.x, side.y + height + 6, side.width, side.height - height - 6)

    def _action_bar(self, w: int, y: int, height: int) -> None:
        """The tab's actions on the left; End week, Language and Menu on the right. When a
        narrow window has no room for them all, an optional action leaves first (its key
        still works), then Language (F2 still works), then End week's count of changes."""
        left = {
            "inbox": [("ui.action.serve", pygame.K_s, lambda: self.set_requests(SERVE)),
                      ("ui.action.decline", pygame.K_d, lambda: self.set_requests(DECLINE)),
                      ("ui.action.defer", pygame.K_f, lambda: self.set_requests(DEFER)),
                      ("ui.action.who", pygame.K_w, self.next_server)],
            "clients": [("ui.action.open", pygame.K_o, self._open_selected),
                        ("ui.action.let_go", pygame.K_l, self._let_go_selected),
                        ("ui.action.blacklist", pygame.K_k, self.blacklist),
                        ("ui.action.sort", pygame.K_r, self.next_sort)],
            "leads": [("ui.lead.accept", pygame.K_a, lambda: self.set_leads(True)),
                      ("ui.lead.decline", pygame.K_x, lambda: self.set_leads(False)),
                      ("ui.lead.decline_risky", pygame.K_b, self.decline_risky)],
            "staff": [],
        }[self.tab]
        buttons = []
        for key, k, cb in left:
            tip = self.t(ACTION_TIPS[key]) if key in ACTION_TIPS else None
            b = Button(pygame.Rect(0, y, 0, height), self.t(key), cb, key=k, name=key, tip=tip)
            b.rect.width = self.p.width(b.text) + 24
            buttons.append(b)
        n = plan.changes(self.draft)
        end = Button(pygame.Rect(0, y, 0, height), self.t("ui.week.end"), self.end_week,
                     key=pygame.K_e, name="end_week", primary=True,
                     tip=self.t("ui.about.end_week"))
        right = [Button(pygame.Rect(0, y, 0, height), self.t(key), cb, key=k, name=key)
                 for key, k, cb in (("ui.action.menu", pygame.K_ESCAPE, self.back),
                                    ("ui.action.language", pygame.K_F2,
                                     self.app.toggle_lang))]
        for b in right:
            b.rect.width = self.p.width(b.text) + 24

        def end_width(with_count: bool) -> int:
            end.label = self.t("ui.week.end") + (f" · ✎{n}" if n and with_count else "")
            return self.p.width(end.text, bold=True) + 24

        # a button the window has no room for leaves the bar; its key still works
        least = end_width(False) + right[0].rect.width + 6
        self.hidden_keys = {}
        while sum(b.rect.width + 6 for b in buttons) + least > w - 24:
            spare = [b for b in buttons if b.name in OPTIONAL_ACTIONS]
            if not spare:
                break
            buttons.remove(spare[-1])
            self.hidden_keys[spare[-1].key] = spare[-1].action
        x = 12
        for b in buttons:
            b.rect.x = x
            x += b.rect.width + 6
            self.widgets.append(b)
        room = w - 12 - x
        for shown, with_count in ((right, True), (right[:1], True), (right[:1], False)):
            need = end_width(with_count) + sum(b.rect.width + 6 for b in shown)
            if need <= room:
                break
        end.rect.width = end_width(with_count)
        xr = w - 12
        for b in shown:
            xr -= b.rect.width
            b.rect.x = xr
            xr -= 6
            self.widgets.append(b)
        end.rect.x = xr - end.rect.width
        self.widgets.append(end)

    # --- actions ------------------------------------------------------------------------
    def _tab(self, tab: str):
        def go() -> None:
            self._keep_table_state()
            self.tab = tab
            self.relayout()
            self.set_focus(f"table.{tab}")
        return go

    SORTS = ("profit", "cost_to_serve", "unbilled_hours", "incidents", "late_invoices",
             "revenue")

    def sort_by(self, key: str) -> None:
        """Sort the clients by a column; the same column again flips the order. Profit sorts
        worst first, the other measures biggest first."""
        if self.sort is not None and self.sort[0] == key:
            self.sort = (key, not self.sort[1])
        else:
            self.sort = (key, key not in ("profit", "client", "plan"))
        self.sel["clients"] = 0
        self.relayout()

    def next_sort(self) -> None:
        """R: cycle the sort through the measures that matter most, then back to none."""
        keys = self.SORTS
        current = self.sort[0] if self.sort is not None else None
        if current == keys[-1]:
            self.sort = None
            self.sel["clients"] = 0
            self.relayout()
            return
        nxt = keys[keys.index(current) + 1] if current in keys else keys[0]
        self.sort = None
        self.sort_by(nxt)

    def targets(self) -> list[int]:
        tb = self.table()
        return tb.targets() if tb is not None else []

    def set_requests(self, action: str) -> None:
        plan.set_action(self.draft, self.targets(), action)
        self.marks["inbox"].clear()
        self._refresh()

    def change_hours(self, delta: float) -> None:
        """−/+ in the inbox: cap the hours the selected (or marked) requests get this week."""
        R = self.obs.requests
        left = {rid: float(R.hours_left[self.view.req_row[rid]]) for rid in self.targets()}
        plan.change_hours(self.draft, left, delta)
        self._refresh()

    def set_leads(self, accept: bool) -> None:
        plan.set_leads(self.draft, self.targets(), accept)
        self.marks["leads"].clear()
        self._refresh()

    def decline_risky(self) -> None:
        obs = self.obs
        plan.set_leads(self.draft,
                       [int(i) for i in obs.leads() if plan.bad_signals(obs, int(i)) >= 2],
                       False)
        self._refresh()

    def blacklist(self) -> None:
        """K on the clients tab: put the selected (or marked) clients on the blacklist (a
        client on it who comes back as a lead is declined), or take them off the draft."""
        plan.toggle_blacklist(self.draft, self.obs, self.targets())
        self.marks["clients"].clear()
        self._refresh()

    def _refresh(self) -> None:
        self._keep_table_state()
        self.relayout()

    def _open_request_client(self, rid: int) -> None:
        k = self.view.req_row[rid]
        self.open_client(int(self.obs.requests.client[k]))

    def _open_selected(self) -> None:
        tb = self.table()
        if tb is not None and tb.current() is not None:
            self.open_client(tb.current())

    def open_client(self, cid: int) -> None:
        from .client import ClientScene

        self._keep_table_state()
        self.app.push(ClientScene(self.app, self, cid))

    def _let_go_selected(self) -> None:
        tb = self.table()
        if tb is not None and tb.current() is not None:
            self._keep_table_state()  # the dialog's choice rebuilds the table: stay on this row
            let_go_dialog(self.app, self, tb.current())

    def end_week(self) -> None:
        """Play the week with the plan; show the report (or the message of a refusal)."""
        from .report import ReportScene

        self._keep_table_state()
        decisions = plan.to_play(self.draft, self.obs)
        try:
            report = self.session.end_week(decisions)
        except IllegalDecision as exc:
            key = f"illegal.{exc.key}"
            self.message = t(key, self.lang, **exc.params) if has(key, self.lang) \
                else exc.reason
            return
        except OSError as exc:  # the save failed (a full disk): the week was not played
            self.message = t("ui.week.save_failed", self.lang,
                             reason=exc.strerror or type(exc).__name__)
            return
        self.message = ""
        self.app.push(ReportScene(self.app, report))

    def back(self) -> None:
        from .title import TitleScene

        self.app.push(Dialog(self.app, lambda lang: t("ui.menu.title", lang),
                             lambda lang: t("ui.menu.body", lang), [
            ("ui.menu.to_title", pygame.K_t, lambda: self.app.replace(TitleScene(self.app))),
            ("ui.title.quit", pygame.K_q, self.app.quit)]))

    def on_key(self, event: pygame.event.Event) -> bool:
        if self.tab == "inbox" and event.key in HOURS_KEYS \
                and not event.mod & pygame.KMOD_CTRL:  # (Ctrl −/+ sizes the text)
            self.change_hours(HOURS_KEYS[event.key] * plan.HOURS_STEP)
            return True
        if event.key in self.hidden_keys and not event.mod & pygame.KMOD_CTRL:
            self.hidden_keys[event.key]()
            return True
        return False

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        for v, r in zip(self.meters, self.meter_boxes, strict=False):
            if r.collidepoint(pos):
                return v.about if v.about != f"meter.{v.name}.about" else v.label
        if self.notes_rect.collidepoint(pos) and self.notes_text:
            return self.notes_text
        return None

    # --- drawing ------------------------------------------------------------------------
    def header(self) -> tuple[str, str]:
        """The top line: the week, the firm and the seed; and the hours planned against the
        team's pooled capacity."""
        obs, sc = self.obs, self.session.scenario
        firm = localized(sc.model.firm.name if sc.model.firm is not None else None,
                         self.lang) or sc.params.firm.name or ""
        title = self.t("ui.week.title", week=obs.week, weeks=obs.weeks)
        seed = self.t("ui.week.seed", seed=self.session.seed)
        pv = self.view.preview
        cap = self.t("ui.week.capacity", planned=num(pv.planned_hours, self.lang, 0),
                     capacity=num(pv.capacity_hours, self.lang, 0))
        if pv.costs:
            cap += " · " + self.t("ui.week.staff_costs",
                                  amount=money(pv.costs, obs.currency, self.lang))
        return " · ".join(x for x in (title, firm, seed) if x), cap

    def paint(self, surf: pygame.Surface) -> None:
        w, h = surf.get_size()
        title, cap = self.header_text
        left = min(self.p.width(title, "heading", True), w - 24)
        self.p.text(surf, title, (12, 8), role="heading", bold=True, width=left)
        self.p.text(surf, cap, (left + 24, 12), colour="dim_text",
                    width=w - 36 - left, align="right")
        draw_meters(surf, self.p, self.meters, self.meter_boxes)
        hint = self.t(f"ui.hint.{self.tab}")
        self.p.paragraph(surf, hint, self.hint_rect, role="small", colour="dim_text")
        if self.pooled_rect.width:
            self.p.paragraph(surf, self.t("ui.week.pooled"), self.pooled_rect, role="small",
                             colour="dim_text")
        if self.notes_rect.width:
            r = self.notes_rect
            pygame.draw.rect(surf, self.p.theme.c("panel_bg"), r)
            pygame.draw.rect(surf, self.p.theme.c("panel_border"), r, 1)
            self.p.text(surf, self.t("ui.week.news"), (r.x + 8, r.y + 6), bold=True,
                        width=r.width - 16)
            body = self.notes_text or self.t("ui.week.no_news")
            # cut in a small window: the panel's tooltip shows every note whole
            top = r.y + 10 + self.p.line_height()
            self.p.paragraph(surf, body, pygame.Rect(r.x + 8, top, r.width - 16,
                                                     r.bottom - 8 - top), role="small",
                             may_cut=True)


def let_go_dialog(app: Any, week: WeekScene, cid: int) -> None:
    """Ask how to let a client go; each choice states its risk. Choosing one only plans it:
    nothing happens until the week ends (and Undo is possible until then)."""
    name = week.obs.client_names[cid]

    def choose(manner: str):
        def go() -> None:
            week.draft.let_go[cid] = manner
            for s in app.stack:
                s.relayout()
        return go

    def body(lang: str) -> str:
        return "\n".join(t(f"ui.letgo.risk.{m}", lang) for m in ("polite", "blunt",
                                                                 "price_out"))

    choices = [(f"ui.letgo.{m}", k, choose(m)) for m, k in
               (("polite", pygame.K_1), ("blunt", pygame.K_2), ("price_out", pygame.K_3))]
    if cid in week.draft.let_go:
        def undo() -> None:
            week.draft.let_go.pop(cid, None)
            for s in app.stack:
                s.relayout()
        choices.append(("ui.letgo.undo", pygame.K_u, undo))
    app.push(Dialog(app, lambda lang: t("ui.letgo.title", lang, client=name), body, choices))
