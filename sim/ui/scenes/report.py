"""The week report: the numbers of the week and every note, in plain sentences."""

from __future__ import annotations

from typing import Any

import pygame

from sim.engine import WeekReport, hire_fee
from sim.runs.weektext import line_value, report_lines

from ..table import Column, Table
from ..text import money, note_text, num
from .base import Scene


class ReportScene(Scene):
    """What happened in the week just played, and why."""

    name = "report"

    def __init__(self, app: Any, report: WeekReport) -> None:
        super().__init__(app)
        self.report = report
        self.notes_top = 0
        session = app.session
        own = session.reports and session.reports[-1] is report and session.decisions
        self.decided = session.decisions[-1] if own else None
        session.observation()  # the week after: read by the sentences, never built in draw

    def decided_sentences(self) -> list[str]:
        """What the player's staff decisions did this week: each person's morale now, the
        hiring fees, the requests served by the person chosen."""
        d = self.decided
        if d is None:
            return []
        session = self.app.session
        obs, rules = session.observation(), session.scenario.params.rules
        cur = session.scenario.params.firm.currency
        names, morale = obs.staff_names, obs.staff.morale

        def m(s: int) -> str:
            return num(float(morale[s]), self.lang, 0)

        out = [self.t("ui.report.did_overtime", staff=names[s], hours=num(h, self.lang),
                      pay=num(rules.overtime_pay, self.lang, 2), morale=m(s))
               for s, h in sorted(d.overtime.items())]
        out += [self.t("ui.report.did_time_off", staff=names[s], morale=m(s))
                for s in sorted(d.time_off)]
        out += [self.t("ui.report.did_bonus", staff=names[s], morale=m(s),
                       amount=money(a, cur, self.lang)) for s, a in sorted(d.bonus.items())]
        if d.hire:
            fee = sum(hire_fee(int(obs.staff.wage[i]), rules)
                      for i in range(len(names))
                      if int(obs.staff.joined[i]) == self.report.week + rules.hire_weeks)
            out.append(self.t("ui.report.did_hire", n=d.hire, fee=money(fee, cur, self.lang)))
        served = sum(1 for p in d.requests.values() if p.staff is not None)
        if served:
            out.append(self.t("ui.report.did_serve", n=served))
        return out

    def _cell(self, key: str, col: str) -> tuple[str, str]:
        r = self.report
        cur = self.app.session.scenario.params.firm.currency
        if col == "item":
            return self.t(f"ui.report.{key}"), "normal_text"
        text = line_value(r, key, cur, self.lang)
        if key == "profit" and r.profit < 0:
            return text, "bad"
        if key == "waiting_hours" and r.waiting_hours > 0:
            return text, "warn"
        return text, "normal_text"

    def layout(self, size: tuple[int, int]) -> None:
        self.lines = self.sentences()  # written once (again on a language switch), not per frame
        w, h = size
        label = "ui.report.to_end" if self.app.session.over else "ui.report.continue"
        bottom = self.bar(size, left=(("ui.action.language", self.app.toggle_lang, pygame.K_F2,
                              "language", {}),),
                 right=((label, self.proceed, pygame.K_RETURN, "continue",
                         {"primary": True}),))
        top = 20 + self.p.line_height("title")
        rh = self.p.line_height("small") + 6  # compact: every line fits at 1024x600
        lw = min(round(440 * self.p.theme.scale), (w - 36) // 2)
        r = self.report
        # lines about overtime and other costs only when there were any (room at 1024x600)
        lines = report_lines(r)
        height = min(bottom - 12 - top, rh * (len(lines) + 1) + 4)
        self.widgets.append(Table(pygame.Rect(12, top, lw, height),
                                  [Column("item", self.t("ui.report.numbers")),
                                   Column("value", "", 190, "right")],
                                  lines, self._cell, row_height=rh,
                                  name="numbers", painter=self.p))
        self.notes_rect = pygame.Rect(24 + lw, top, w - 36 - lw, bottom - 12 - top)
        self.set_focus("continue")

    def proceed(self) -> None:
        if self.app.session.over:
            from .end import EndScene

            self.app.replace(EndScene(self.app))
        else:
            self.app.pop()

    def back(self) -> None:
        self.proceed()

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            self.notes_top = min(self.notes_top + 1, max(0, len(self.lines) - 1))
            return True
        if event.key in (pygame.K_UP, pygame.K_PAGEUP):
            self.notes_top = max(0, self.notes_top - 1)
            return True
        return False

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEWHEEL and self.notes_rect.collidepoint(
                pygame.mouse.get_pos()):
            self.notes_top = max(0, min(self.notes_top - event.y,
                                        max(0, len(self.lines) - 1)))
            self.app.dirty = True
            return
        super().handle(event)

    def sentences(self) -> list[str]:
        currency = self.app.session.scenario.params.firm.currency
        return self.decided_sentences() + [note_text(n, self.lang, currency)
                                           for n in self.report.notes]

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        return None

    def paint(self, surf: pygame.Surface) -> None:
        w, _ = surf.get_size()
        r = self.report
        self.p.text(surf, self.t("ui.report.title", week=r.week), (12, 12), role="title",
                    bold=True, width=w - 24)
        box = self.notes_rect
        pygame.draw.rect(surf, self.p.theme.c("panel_bg"), box)
        pygame.draw.rect(surf, self.p.theme.c("panel_border"), box, 1)
        self.p.text(surf, self.t("ui.report.why"), (box.x + 10, box.y + 8), role="heading",
                    bold=True, width=box.width - 20)
        y = box.y + 40
        lines = self.lines[self.notes_top:] or [self.t("ui.report.quiet")]
        for text in lines:
            room = pygame.Rect(box.x + 10, y, box.width - 20, box.bottom - 8 - y)
            # a sentence that does not fit whole waits for the scroll (↓), never shown cut
            need = self.p.needs_lines("• " + text, room.width) * self.p.line_height()
            if room.height < need and text is not lines[0]:
                self.p.text(surf, self.t("ui.report.more"), (box.x + 10, box.bottom - 22),
                            role="small", colour="dim_text", width=box.width - 20)
                break
            y += self.p.paragraph(surf, "• " + text, room) + 8
