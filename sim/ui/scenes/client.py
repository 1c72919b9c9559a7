"""Client detail: the history numbers, the terms editor, the type tag and letting go.

Every edit goes into the week's draft decisions; nothing changes in the game until the week
ends.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pygame

from sim.engine import PRICE_FACTOR_RANGE, Tag, Terms

from .. import plan
from ..table import Column, Table
from ..text import money, num, status_label, t, trait_label
from .base import Scene

HISTORY = ("requests", "billable_hours", "unbilled_hours", "revenue", "discounts",
           "credit_cost", "bad_debt", "cost_to_serve", "profit", "invoices", "late_invoices",
           "discount_demands", "price_objections", "complaints", "incidents", "referrals",
           "declined_requests", "wait_weeks", "mood")
THIS_WEEK = {"requests": "week_requests", "billable_hours": "week_billable",
             "unbilled_hours": "week_unbilled", "revenue": "week_revenue"}
MONEY = {"revenue", "discounts", "credit_cost", "bad_debt", "cost_to_serve", "profit"}
FORM = ("price_factor", "prepay", "scope", "contact", "vip", "grant_discounts", "owner", "tag",
        "confidence")


class FormTable(Table):
    """A table whose rows are settings: Left/Right change a value, Enter/Space toggle it."""

    def __init__(self, *a: Any, on_adjust: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.on_adjust = on_adjust

    def handle_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if self.rows and k in (pygame.K_LEFT, pygame.K_MINUS, pygame.K_KP_MINUS):
            self.on_adjust(self.current(), -1)
            return True
        if self.rows and k in (pygame.K_RIGHT, pygame.K_PLUS, pygame.K_EQUALS,
                               pygame.K_KP_PLUS, pygame.K_RETURN, pygame.K_SPACE):
            self.on_adjust(self.current(), +1)
            return True
        return super().handle_key(event)

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            i = self.row_at(event.pos)
            if i >= 0:
                self.select(i)
                value_col = self.columns[-1]
                if event.button == 3 or event.pos[0] >= value_col.x:
                    left_half = event.pos[0] < value_col.x + value_col.w // 2
                    self.on_adjust(self.rows[i], -1 if event.button == 3 or (
                        left_half and self.rows[i] in ("price_factor", "confidence", "tag",
                                                   "owner"))
                        else +1)
            return True
        return super().handle_mouse(event)


class ClientScene(Scene):
    """One client, opened from the week screen."""

    name = "client"

    def __init__(self, app: Any, week: Any, cid: int) -> None:
        super().__init__(app)
        self.week = week
        self.cid = cid
        self.form_sel = 0

    @property
    def obs(self):
        return self.week.obs

    @property
    def draft(self):
        return self.week.draft

    # --- cells --------------------------------------------------------------------------
    def _hist_cell(self, key: str, col: str) -> tuple[str, str]:
        c, o = self.obs.clients, self.obs
        if col == "item":
            return t(f"ui.hist.{key}", self.lang), "normal_text"
        name = key if col == "total" else THIS_WEEK.get(key)
        if name is None:
            return "", "dim_text"
        v = getattr(c, name)[self.cid]
        if key in MONEY:
            return money(int(v), o.currency, self.lang), ("bad" if v < 0 else "normal_text")
        if key == "mood":
            return f"{num(int(v), self.lang)}/5", "normal_text"
        if key == "late_invoices":
            return (f"{num(int(v), self.lang)} / "
                    f"{num(int(c.unpaid_invoices[self.cid]), self.lang)}"), "normal_text"
        if key.endswith("hours"):
            return num(float(v), self.lang), "normal_text"
        return num(int(v), self.lang), "normal_text"

    def _hist_tip(self, key: str) -> str | None:
        text = t(f"signal.{key}.about", self.lang)
        return None if text == f"signal.{key}.about" else text

    def _form_cell(self, key: str, col: str) -> tuple[str, str]:
        if col == "item":
            return t(f"ui.terms.{key}", self.lang), "normal_text"
        terms = plan.terms_of(self.draft, self.obs, self.cid)
        changed = self.cid in self.draft.terms and getattr(terms, key, None) != getattr(
            Terms.of(self.obs.clients, self.cid), key, None)
        if key == "owner":
            s = self._owner()
            changed = self.cid in self.draft.owners
            text = "◀ " + (self.obs.staff_names[s] if s >= 0 else "—") + " ▶"
        elif key == "price_factor":
            text = f"◀ × {num(terms.price_factor, self.lang)} ▶"
        elif key == "tag":
            tag = self._tag()
            text = "◀ " + (trait_label(tag.trait, self.lang) if tag else
                           t("ui.terms.no_tag", self.lang)) + " ▶"
            changed = self.cid in self.draft.tags
        elif key == "confidence":
            tag = self._tag()
            text = f"◀ {round(100 * tag.confidence)}% ▶" if tag else "—"
            changed = self.cid in self.draft.tags
        else:
            on = bool(getattr(terms, key))
            text = ("☑ " + t("ui.yes", self.lang)) if on else ("☐ " + t("ui.no", self.lang))
        return text + (" ✎" if changed else ""), ("warn" if changed else "normal_text")

    def _owner(self) -> int:
        return self.draft.owners.get(self.cid, int(self.obs.clients.owner[self.cid]))

    def _form_tip(self, key: str) -> str | None:
        if key == "owner":
            return t("ui.about.owner", self.lang)
        text = t(f"terms.{key}.about", self.lang)
        return None if text == f"terms.{key}.about" else text

    def _tag(self) -> Tag | None:
        if self.cid in self.draft.tags:
            return self.draft.tags[self.cid]
        c = self.obs.clients
        if int(c.tag[self.cid]) >= 0:
            return Tag(self.obs.trait_names[int(c.tag[self.cid])],
                       round(float(c.tag_confidence[self.cid]), 2))
        return None

    # --- edits --------------------------------------------------------------------------
    def adjust(self, key: str, delta: int) -> None:
        """Change one setting of the form (in the draft)."""
        obs, cid = self.obs, self.cid
        if key == "owner":
            staff = [int(i) for i in obs.active_staff()]
            cur = self._owner()
            k = (staff.index(cur) + delta) % len(staff) if cur in staff else 0
            if staff[k] == int(obs.clients.owner[cid]):
                self.draft.owners.pop(cid, None)
            else:
                self.draft.owners[cid] = staff[k]
            self._refresh()
            return
        if key in ("tag", "confidence"):
            tag = self._tag()
            names = list(obs.trait_names)
            if key == "tag":
                k = (names.index(tag.trait) + 1 if tag else 0) + delta
                k %= len(names) + 1
                if k == 0:
                    self.draft.tags.pop(cid, None)
                else:
                    conf = tag.confidence if tag else 0.5
                    self.draft.tags[cid] = Tag(names[k - 1], conf)
            elif tag is not None:
                conf = min(1.0, max(0.1, round(tag.confidence + 0.1 * delta, 1)))
                self.draft.tags[cid] = Tag(tag.trait, conf)
        else:
            terms = plan.terms_of(self.draft, obs, cid)
            if key == "price_factor":
                lo, hi = PRICE_FACTOR_RANGE
                value = min(hi, max(lo, round(terms.price_factor + 0.1 * delta, 1)))
            else:
                value = not getattr(terms, key)
            plan.set_terms(self.draft, obs, cid, replace(terms, **{key: value}))
        self._refresh()

    def _refresh(self) -> None:
        tb = self._form()
        if tb is not None:
            self.form_sel = tb.selected
        self.relayout()
        self.week.relayout()

    def _form(self) -> Table | None:
        for w in self.widgets:
            if getattr(w, "name", "") == "form":
                return w
        return None

    def let_go(self) -> None:
        from .week import let_go_dialog

        let_go_dialog(self.app, self.week, self.cid)

    def blacklist(self) -> None:
        """K: on the blacklist (declined if he comes back as a lead), or off the draft's."""
        plan.toggle_blacklist(self.draft, self.obs, [self.cid])
        self._refresh()

    def enter(self) -> None:
        super().enter()
        self.set_focus("form")

    # --- layout -------------------------------------------------------------------------
    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        rh = self.p.theme.row_height
        p = self.p
        ln, bh = p.line_height(), p.line_height() + 20
        lw = int((w - 36) * 0.52)
        top = 10 + p.line_height("title") + ln + 14
        hist = Table(pygame.Rect(12, top, lw, min(h - top - 12, rh * (len(HISTORY) + 1) + 4)),
                     [Column("item", t("ui.client.history", self.lang)),
                      Column("total", t("ui.client.total", self.lang), 110, "right"),
                      Column("week", t("ui.client.this_week", self.lang), 110, "right")],
                     HISTORY, self._hist_cell, row_height=rh, name="history",
                     painter=self.p, row_tip=self._hist_tip)
        form = FormTable(pygame.Rect(24 + lw, top, w - 36 - lw, rh * (len(FORM) + 1) + 4),
                         [Column("item", t("ui.client.terms", self.lang)),
                          Column("value", t("ui.client.value", self.lang), 170)],
                         FORM, self._form_cell, row_height=rh, name="form", painter=self.p,
                         row_tip=self._form_tip, on_adjust=self.adjust, selected=self.form_sel)
        self.widgets += [form, hist]
        bx = 24 + lw
        by = form.rect.bottom + 12
        leaving = self.cid in self.draft.let_go
        half = form.rect.width // 2 - 4
        b = self.button(pygame.Rect(bx, by, half, bh), "ui.action.let_go",
                        self.let_go, shortcut=pygame.K_l, name="let_go")
        if leaving:
            b.label += " — " + t(f"ui.letgo.short.{self.draft.let_go[self.cid]}", self.lang)
        never = plan.blacklisted(self.draft, self.obs, self.cid)
        b = self.button(pygame.Rect(bx + half + 8, by, half, bh), "ui.action.blacklist",
                        self.blacklist, shortcut=pygame.K_k, name="blacklist",
                        tip=t("ui.about.blacklist", self.lang),
                        enabled=not bool(self.obs.clients.blacklisted[self.cid]))
        if never:
            b.label = "⊘ " + b.label + (" ✎" if self.cid in self.draft.blacklist else "")
        self.button(pygame.Rect(bx, h - 12 - bh, form.rect.width // 2 - 4, bh), "ui.action.back",
                    self.app.pop, shortcut=pygame.K_ESCAPE, name="back")
        self.button(pygame.Rect(bx + form.rect.width // 2 + 4, h - 12 - bh,
                                form.rect.width // 2 - 4, bh), "ui.action.language",
                    self.app.toggle_lang, shortcut=pygame.K_F2, name="language")

    def paint(self, surf: pygame.Surface) -> None:
        w, h = surf.get_size()
        obs, i = self.obs, self.cid
        self.p.text(surf, obs.client_names[i], (12, 10), role="title", bold=True,
                    width=w - 24)
        owner = self._owner()
        facts = t("ui.client.facts", self.lang,
                  status=status_label(obs.status_name(i), self.lang),
                  weeks=int(obs.tenure()[i]),
                  owner=obs.staff_names[owner] if owner >= 0 else "—")
        self.p.text(surf, facts, (12, 14 + self.p.line_height("title")), colour="dim_text",
                    width=w - 24)
        hint = t("ui.hint.client", self.lang)
        form = self._form()
        if form is not None:
            let_go = self.widget("let_go").rect
            y = let_go.bottom + 12
            back = self.widget("back").rect
            self.p.paragraph(surf, hint, pygame.Rect(form.rect.x, y, form.rect.width,
                                                     max(20, back.y - 8 - y)),
                             role="small", colour="dim_text")
