"""The title screen: new game (with the scenario), continue, language, quit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from sim.scenario import ScenarioError, load_scenario, shipped_scenarios

from ..session import ResumeError, Session, newest_unfinished
from ..table import Column, Table
from ..text import localized
from .base import Scene


def open_session(app: Any, path: Path) -> None:
    """Resume the run in ``path`` and show its week. Raises :class:`ResumeError`."""
    from .week import WeekScene

    session = Session.resume(path)
    if app.session is not None:
        app.session.close()
    app.session = session
    app.replace(WeekScene(app))


class TitleScene(Scene):
    """The first screen."""

    name = "title"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.refs = [p.stem for p in shipped_scenarios()]
        wanted = app.options.scenario
        if wanted and wanted not in self.refs:
            self.refs.insert(0, wanted)  # a scenario file given on the command line
        if not wanted:
            wanted = "agency" if app.settings.get("launched") else "tutorial"
        self.start = self.refs.index(wanted) if wanted in self.refs else 0
        self.models: dict[str, Any] = {}
        self.unfinished: Path | None = None

    def enter(self) -> None:
        self.unfinished = newest_unfinished(self.app.base)
        super().enter()
        self.set_focus("new_game")

    def _model(self, ref: str) -> Any:
        if ref not in self.models:
            try:
                self.models[ref] = load_scenario(ref, self.app.options.overrides)
            except (ScenarioError, OSError):
                self.models[ref] = None
        return self.models[ref]

    def _cell(self, ref: str, col: str) -> tuple[str, str]:
        sc = self._model(ref)
        if col == "name":
            return (localized(sc.model.title, self.lang) if sc else ref), "normal_text"
        return (self.t("ui.title.weeks", weeks=sc.params.weeks) if sc else "?"), "dim_text"

    def layout(self, size: tuple[int, int]) -> None:
        w, h = size
        total = min(960, w - 40)
        x = (w - total) // 2
        bw = min(320, total // 3)
        tw = total - bw - 20
        p = self.p
        bh = p.line_height() + 20
        y = max(self._top(h) + p.line_height("title") + p.line_height() + 40, h // 2 - 150)
        rh = p.theme.row_height
        selected = self.start
        old = next((wd for wd in self.widgets if getattr(wd, "name", "") == "scenarios"), None)
        if old is not None:
            selected = old.selected
        rows = min(len(self.refs), max(3, (h - y - 3 * p.line_height("small") - 40) // rh - 1))
        table = Table(pygame.Rect(x, y, tw, rh * (rows + 1) + 2), [
            Column("name", self.t("ui.title.scenario")),
            Column("weeks", self.t("ui.title.length"), 110, "right")], self.refs, self._cell,
            selected=selected, name="scenarios", painter=self.p, row_height=rh,
            on_activate=lambda ref: self.new_game())
        self.widgets.append(table)
        bx = x + tw + 20
        for key, cb, shortcut, extra in (
                ("ui.title.new_game", self.new_game, pygame.K_n, {"primary": True}),
                ("ui.title.continue", self.continue_game, pygame.K_c,
                 {"enabled": self.unfinished is not None}),
                ("ui.title.settings", self.open_settings, pygame.K_s, {}),
                ("ui.action.language", self.app.toggle_lang, pygame.K_F2, {}),
                ("ui.title.quit", self.app.quit, pygame.K_q, {})):
            name = key.rsplit(".", 1)[1]
            self.button(pygame.Rect(bx, y, bw, bh), key, cb, shortcut=shortcut, name=name,
                        **extra)
            y += bh + 8

    def selected_ref(self) -> str:
        table = self.widget("scenarios")
        return table.current()

    def new_game(self) -> None:
        from .briefing import BriefingScene

        ref = self.selected_ref()
        sc = self._model(ref)
        if sc is None:
            self.message = self.t("ui.title.bad_scenario", name=ref)
            return
        self.app.push(BriefingScene(self.app, sc))

    def open_settings(self) -> None:
        from .settings import SettingsScene

        self.app.push(SettingsScene(self.app))

    def continue_game(self) -> None:
        if self.unfinished is None:
            return
        try:
            open_session(self.app, self.unfinished)
        except ResumeError as exc:
            self.message = str(exc)

    def back(self) -> None:
        self.app.quit()

    @staticmethod
    def _top(h: int) -> int:
        return max(30, h // 2 - 300)

    def paint(self, surf: pygame.Surface) -> None:
        w, h = surf.get_size()
        top = self._top(h)
        self.p.text(surf, self.t("ui.app.title"), (0, top), role="title", bold=True,
                    width=w, align="center")
        self.p.text(surf, self.t("ui.app.tagline"), (20, top + self.p.line_height("title")
                                                     + 10), colour="dim_text",
                    width=w - 40, align="center")
        ls = self.p.line_height("small")
        lang_line = self.t("ui.title.player", player=self.app.player) + "   ·   " + \
            self.t("ui.title.language_now")
        self.p.text(surf, lang_line, (20, h - 12 - ls), role="small", colour="dim_text",
                    width=w - 40, align="center")
        if self.unfinished is not None:
            self.p.text(surf, self.t("ui.title.unfinished", file=self.unfinished.name),
                        (20, h - 16 - 2 * ls), role="small", colour="dim_text", width=w - 40,
                        align="center")
