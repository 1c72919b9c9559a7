"""The end of the game (final scores; bankruptcy ends it early) and a first debrief: the
hidden traits revealed next to the player's tags. The full debrief is a later issue."""

from __future__ import annotations

from typing import Any

import pygame

from sim.runs.runner import client_records

from ..text import money, status_label, trait_label
from ..widgets import Column, Table
from .base import Scene

SCORES = ("score", "long_term_profit", "profit", "terminal_value", "revenue", "cash",
          "morale", "reputation")
MONEY = {"long_term_profit", "profit", "terminal_value", "revenue", "cash"}


class EndScene(Scene):
    """Final scores."""

    name = "end"

    def _cell(self, key: str, col: str) -> tuple[str, str]:
        if col == "item":
            return self.t(f"ui.score.{key}"), "normal_text"
        v = self.app.session.scores()[key]
        if key in MONEY:
            cur = self.app.session.scenario.params.firm.currency
            return money(round(v * 100), cur, self.lang), "bad" if v < 0 else "normal_text"
        return f"{v:.1f}", "normal_text"

    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        rh = self.p.theme.row_height
        tw = min(560, w - 40)
        self.widgets.append(Table(pygame.Rect((w - tw) // 2, 130, tw, rh * (len(SCORES) + 1)
                                              + 4),
                                  [Column("item", self.t("ui.end.scores")),
                                   Column("value", "", 180, "right")], SCORES, self._cell,
                                  row_height=rh, name="scores", painter=self.p))
        self.button(pygame.Rect(w - 332, h - 56, 320, 40), "ui.end.debrief", self.debrief,
                    shortcut=pygame.K_RETURN, primary=True, name="debrief")
        self.button(pygame.Rect(12, h - 56, 260, 40), "ui.end.to_title", self.to_title,
                    shortcut=pygame.K_t, name="to_title")
        self.button(pygame.Rect(284, h - 56, 220, 40), "ui.action.language",
                    self.app.toggle_lang, shortcut=pygame.K_F2, name="language")
        self.set_focus("debrief")

    def debrief(self) -> None:
        self.app.push(DebriefScene(self.app))

    def to_title(self) -> None:
        from .title import TitleScene

        self.app.replace(TitleScene(self.app))

    def back(self) -> None:
        self.to_title()

    def paint(self, surf: pygame.Surface) -> None:
        w, _ = surf.get_size()
        st = self.app.session.state
        self.p.text(surf, self.t("ui.end.title"), (20, 24), role="title", bold=True,
                    width=w - 40, align="center")
        reason = self.t(f"ui.end.reason.{st.end_reason or 'finished'}",
                        weeks=len(st.weekly["cash"]))
        self.p.text(surf, reason, (20, 76), colour="bad" if st.end_reason == "bankrupt"
                    else "dim_text", width=w - 40, align="center")
        if self.app.session.path is not None:
            self.p.text(surf, self.t("ui.end.saved", file=self.app.session.path.name),
                        (20, surf.get_height() - 90), role="small", colour="dim_text",
                        width=w - 40, align="center")


class DebriefScene(Scene):
    """Traits revealed next to the player's tags, by client profit."""

    name = "debrief"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        st = app.session.state
        recs = client_records(st)
        tags = st.clients.tag
        for r in recs:
            k = int(tags[r["id"]])
            r["tag"] = st.traits.names[k] if k >= 0 else None
        self.records = sorted(recs, key=lambda r: -r["profit"])

    def _cell(self, i: int, col: str) -> tuple[str, str]:
        r = self.records[i]
        if col == "client":
            return r["name"], "normal_text"
        if col == "trait":
            return trait_label(r["trait"], self.lang), "normal_text"
        if col == "tag":
            if r["tag"] is None:
                return "—", "dim_text"
            ok = r["tag"] == r["trait"]
            return ("✓ " if ok else "✗ ") + trait_label(r["tag"], self.lang), \
                "good" if ok else "bad"
        if col == "status":
            return status_label(r["status"], self.lang), "dim_text"
        cur = self.app.session.scenario.params.firm.currency
        return money(round(r["profit"] * 100), cur, self.lang), \
            "bad" if r["profit"] < 0 else "normal_text"

    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        cols = [Column("client", self.t("ui.col.client")),
                Column("trait", self.t("ui.debrief.trait"), 150),
                Column("tag", self.t("ui.debrief.tag"), 160),
                Column("status", self.t("ui.debrief.status"), 190),
                Column("profit", self.t("ui.sig.profit"), 120, "right")]
        self.widgets.append(Table(pygame.Rect(12, 70, w - 24, h - 140), cols,
                                  list(range(len(self.records))), self._cell,
                                  row_height=self.p.theme.row_height, name="clients",
                                  painter=self.p, empty=self.t("ui.clients.empty")))
        self.button(pygame.Rect(12, h - 56, 220, 40), "ui.action.back", self.app.pop,
                    shortcut=pygame.K_ESCAPE, name="back")
        self.button(pygame.Rect(244, h - 56, 220, 40), "ui.action.language",
                    self.app.toggle_lang, shortcut=pygame.K_F2, name="language")

    def paint(self, surf: pygame.Surface) -> None:
        w, _ = surf.get_size()
        self.p.text(surf, self.t("ui.debrief.title"), (12, 12), role="title", bold=True,
                    width=w - 24)
        self.p.text(surf, self.t("ui.debrief.placeholder"), (12, 50), role="small",
                    colour="dim_text", width=w - 24)
