"""The staff decisions of the week screen (overtime, a week off, a bonus, hiring) and who
serves a request, as a mixin of :class:`~sim.ui.scenes.week.WeekScene`.

Every action only edits the week's draft decisions; the costs shown on the buttons' tooltips
are the engine's, and the engine checks and applies everything when the week ends.
"""

from __future__ import annotations

from typing import Any

import pygame

from sim.engine import MAX_HIRES, STAFF_ACTIVE, hire_fee, hire_wage, overtime_cost

from .. import plan
from ..text import money, num
from ..widgets import Button

OVERTIME_STEP = 4.0

#: (button name, UI key, shortcut, method name) of the staff row above the action bar
STAFF_ROW = (("staff.overtime_up", "ui.staff.overtime_up", pygame.K_o, "overtime_up"),
             ("staff.overtime_down", "ui.staff.overtime_down", pygame.K_u, "overtime_down"),
             ("staff.time_off", "ui.staff.time_off", pygame.K_t, "time_off"),
             ("staff.bonus", "ui.staff.bonus", pygame.K_b, "bonus"))


class StaffActions:
    """Mixin: needs ``session``, ``draft``, ``obs``, ``targets``, ``t``, ``lang``, ``p``,
    ``widgets``, ``table`` and ``_refresh`` from the week scene."""

    session: Any
    draft: Any
    widgets: list

    # --- numbers for the tooltips -------------------------------------------------------
    @property
    def rules(self) -> Any:
        return self.session.scenario.params.rules

    def _money(self, cents: float) -> str:
        return money(int(cents), self.obs.currency, self.lang)

    def _num(self, x: float) -> str:
        return num(x, self.lang, 2)

    def bonus_amounts(self, s: int) -> list[int]:
        """The bonuses offered for one person: half a week's wage, then a week's wage."""
        wage = int(self.obs.staff.wage[s])
        return [wage // 2, wage]

    def hire_fee(self) -> int:
        """The fee of one hire: ``hire_fee_weeks`` of the team's median wage (what the
        engine charges)."""
        o = self.obs
        return hire_fee(hire_wage(o.staff.wage, o.staff.status == STAFF_ACTIVE, self.rules),
                        self.rules)

    def _person(self) -> int | None:
        tb = self.table()
        return tb.current() if tb is not None and self.tab == "staff" else None

    def staff_tip(self, what: str) -> str:
        r, s = self.rules, self._person()
        name = self.obs.staff_names[s] if s is not None else "—"
        if what in ("overtime_up", "overtime_down"):
            cost = (overtime_cost(float(self.obs.staff.wage[s]), float(self.obs.staff.hours[s]),
                                  OVERTIME_STEP, r) if s is not None else 0.0)
            return self.t("ui.about.overtime", staff=name, step=self._num(OVERTIME_STEP),
                          most=self._num(r.max_overtime), pay=self._num(r.overtime_pay),
                          cost=self._money(cost),
                          tired=self._num(r.overtime_productivity))
        if what == "time_off":
            return self.t("ui.about.time_off", staff=name, morale=self._num(r.time_off_morale))
        if what == "bonus":
            half, full = self.bonus_amounts(s) if s is not None else (0, 0)
            return self.t("ui.about.bonus", staff=name, half=self._money(half),
                          full=self._money(full))
        return self.t("ui.about.hire", fee=self._money(self.hire_fee()),
                      fee_weeks=self._num(r.hire_fee_weeks), weeks=r.hire_weeks,
                      week=self.obs.week + r.hire_weeks, most=MAX_HIRES)

    # --- layout -------------------------------------------------------------------------
    def staff_row(self, y: int, right: int, height: int = 36) -> None:
        """Overtime, a week off and a bonus for the selected (or marked) people, then
        hiring; the overtime buttons lose their word when the row would pass ``right``."""
        for short in (False, True):
            row = [(self.t(key + ("_short" if short and "overtime" in key else ""),
                           step=self._num(OVERTIME_STEP)), shortcut, getattr(self, what),
                    {"name": name, "tip": self.staff_tip(what),
                     "enabled": bool(self.obs.active_staff().size)})
                   for name, key, shortcut, what in STAFF_ROW] + self.hire_buttons()
            buttons, x = [], 12
            for label, shortcut, cb, kw in row:
                b = Button(pygame.Rect(x, y, 0, height), label, cb, key=shortcut, **kw)
                b.rect.width = self.p.width(b.text) + 16
                x += b.rect.width + 5
                buttons.append(b)
            if x - 5 <= right:
                break
        self.widgets.extend(buttons)

    def hire_buttons(self) -> list[tuple[str, int, Any, dict]]:
        """Hire one more, cancel one (the end of the staff row)."""
        r = self.rules
        n = self.draft.hire
        hire = (self.t("ui.staff.hire", fee=self._money(self.hire_fee()), weeks=r.hire_weeks)
                + (f" ({n})" if n else ""))
        return [(hire, pygame.K_h, self.hire_one,
                 {"name": "staff.hire", "tip": self.staff_tip("hire"),
                  "enabled": n < MAX_HIRES}),
                (self.t("ui.staff.unhire"), pygame.K_j, self.unhire_one,
                 {"name": "staff.unhire", "enabled": n > 0,
                  "tip": self.t("ui.about.unhire")})]

    # --- actions ------------------------------------------------------------------------
    def overtime_up(self) -> None:
        plan.set_overtime(self.draft, self.targets(), OVERTIME_STEP,
                          float(self.rules.max_overtime))
        self._refresh()

    def overtime_down(self) -> None:
        plan.set_overtime(self.draft, self.targets(), -OVERTIME_STEP,
                          float(self.rules.max_overtime))
        self._refresh()

    def time_off(self) -> None:
        plan.toggle_time_off(self.draft, self.targets())
        self._refresh()

    def bonus(self) -> None:
        staff = self.targets()
        plan.next_bonus(self.draft, staff, {s: self.bonus_amounts(s) for s in staff})
        self._refresh()

    def hire_one(self) -> None:
        plan.set_hire(self.draft, self.draft.hire + 1, MAX_HIRES)
        self._refresh()

    def unhire_one(self) -> None:
        plan.set_hire(self.draft, self.draft.hire - 1, MAX_HIRES)
        self._refresh()

    def next_server(self) -> None:
        """W in the inbox: who serves the selected (or marked) requests this week, cycling
        the client's usual person (the default), then each active staff member."""
        rids = self.targets()
        if not rids:
            return
        staff = [int(s) for s in self.obs.active_staff()]
        cur = plan.request_plan(self.draft, rids[0]).staff
        steps: list[int | None] = [None, *staff]
        nxt = steps[(steps.index(cur) + 1) % len(steps)] if cur in steps else None
        plan.set_server(self.draft, rids, nxt)
        self._refresh()
