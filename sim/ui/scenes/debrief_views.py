"""What each tab of the debrief shows: tables and text blocks built from a
:class:`sim.debrief.Debrief`, laid out in a given area (the scene owns them).

Words come from the debrief catalogs (``debrief.*``, shared with the Markdown report) and
the UI catalogs (``ui.debrief.*``). Nothing here changes the game or the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pygame

from sim.debrief.audit import KEPT, RIGHT, TOO_LATE, WRONG_MANNER, WRONG_TARGET
from sim.debrief.bots import SCORES
from sim.debrief.luck import REFERENCE_SEEDS
from sim.debrief.moments import Change
from sim.debrief.report import (
    Words,
    audit_notes,
    fmt_score,
    luck_sentences,
    moment_sentences,
    moment_what,
)

from ..table import Column, Table
from ..text import money, num, status_label

GOOD_VERDICT = {RIGHT: "good", KEPT: "warn", TOO_LATE: "warn", WRONG_MANNER: "bad",
                WRONG_TARGET: "bad"}


@dataclass
class Block:
    """A paragraph of wrapped text in ``rect``; when it does not fit, the rest is cut and
    the whole text is the tooltip."""

    rect: pygame.Rect
    text: str
    role: str = "small"
    colour: str = "normal_text"


class ScreenWords(Words):
    """The report's words, with amounts in whole currency units: a screen's columns have
    no room for cents."""

    def money(self, units: float) -> str:
        return money(int(round(units * 100)), self.currency, self.lang)


class Views:
    """Builds one tab's widgets and blocks for a scene (``scene.widgets``/``scene.blocks``)."""

    def __init__(self, scene: Any, db: Any) -> None:
        self.s = scene
        self.db = db
        self.w = ScreenWords(scene.lang, db.currency)
        self.p = scene.p
        self.rh = self.p.theme.row_height

    # --- helpers ------------------------------------------------------------------------
    def block(self, area: pygame.Rect, text: str, role: str = "small",
              colour: str = "normal_text", max_lines: int = 6) -> int:
        """Add a paragraph at the top of ``area``; returns the height it takes."""
        lines = min(max_lines, self.p.needs_lines(text, area.width, role))
        h = lines * self.p.line_height(role)
        self.s.blocks.append(Block(pygame.Rect(area.x, area.y, area.width, h), text, role,
                                   colour))
        return h + 6

    def table(self, rect: pygame.Rect, cols: list[Column], rows: list, cell: Any,
              name: str, **kw: Any) -> Table:
        tb = Table(rect, cols, rows, cell, row_height=self.rh, name=name, painter=self.p,
                   **kw)
        self.s.widgets.append(tb)
        return tb

    def fit_height(self, n: int, room: int) -> int:
        return max(self.rh * 2 + 4, min(room, self.rh * (n + 1) + 4))

    def score_text(self, key: str, x: float, signed: bool = False) -> str:
        return fmt_score(self.w, key, x, signed)

    # --- 1. summary and the bots --------------------------------------------------------
    def summary(self, area: pygame.Rect) -> None:
        db, w = self.db, self.w
        score = w.num(db.scores["score"])
        if db.end == "bankrupt":
            head = w.t("debrief.summary.bankrupt", week=db.replay.weeks, score=score)
        elif db.end == "finished":
            head = w.t("debrief.summary.finished", weeks=db.replay.weeks, score=score)
        else:
            head = w.t("debrief.summary.unfinished", weeks=db.replay.weeks, score=score)
        y = area.y + self.block(area, head, "normal", "bad" if db.end == "bankrupt"
                                else "normal_text", 2)
        y += self.block(pygame.Rect(area.x, y, area.width, 0), w.t("debrief.bots.intro"),
                        "small", "dim_text", 3)
        bots = db.bots
        keys = [*SCORES, "end"]
        rows = bots.rows if bots is not None else []

        def cell(k: int, col: str) -> tuple[str, str]:
            key = keys[k]
            if col == "measure":
                return (w.t("debrief.bots.end") if key == "end" else w.t(f"score.{key}"),
                        "normal_text")
            if col == "gap":
                gap = None if key == "end" or bots is None else bots.gap("player", key)
                if gap is None:
                    return "", "dim_text"
                return self.score_text(key, gap, True), "bad" if gap < 0 else "good"
            r = rows[int(col)]
            if key == "end":
                return w.t(f"debrief.end.{r.end}") if r.end in (
                    "finished", "bankrupt", "unfinished") else r.end, \
                    "bad" if r.end == "bankrupt" else "dim_text"
            v = r.scores[key]
            return self.score_text(key, v), "bad" if v < 0 else "normal_text"

        cols = [Column("measure", w.t("debrief.bots.measure"))]
        for k, r in enumerate(rows):
            title = w.t("debrief.bots.you") if r.who == "player" else w.t(f"debrief.bot.{r.who}")
            cols.append(Column(str(k), title, 132, "right"))
        cols.append(Column("gap", w.t("debrief.bots.gap"), 124, "right",
                           about=w.t("debrief.bots.intro")))
        h = self.fit_height(len(keys), area.bottom - y)
        self.table(pygame.Rect(area.x, y, area.width, h), cols, list(range(len(keys))), cell,
                   "bots")
        y += h + 10
        y += self.luck(pygame.Rect(area.x, y, area.width, area.bottom - y))
        lessons = db.lessons(self.s.lang)
        if lessons and area.bottom - y > 40:
            y += self.block(pygame.Rect(area.x, y, area.width, 0),
                            w.t("debrief.lessons.title"), "normal", "normal_text", 1)
            room = max(1, (area.bottom - y) // self.p.line_height("small"))
            self.block(pygame.Rect(area.x, y, area.width, 0),
                       "\n".join(f"• {x}" for x in lessons), "small", "dim_text", room)

    def luck(self, area: pygame.Rect) -> int:
        """Skill or luck: how hard the seed was beside the gap to the bots (or how far the
        measuring got). Returns the height used."""
        job, w = self.s.luck_job, self.w
        if job.error is not None:
            return 0
        if self.s.luck is None:
            text = w.t("ui.luck.working", n=len(REFERENCE_SEEDS),
                       percent=num(int(100 * job.progress), self.s.lang))
        else:
            text = " ".join(luck_sentences(self.s.luck, self.db.scores["score"], w))
        y = area.y + self.block(area, w.t("ui.luck.title"), "normal", "normal_text", 1)
        return y - area.y + self.block(pygame.Rect(area.x, y, area.width, 0), text, "small",
                                       "normal_text", 4)

    # --- 3. traits revealed -------------------------------------------------------------
    def traits(self, area: pygame.Rect) -> None:
        r, w = self.db.reveal, self.w
        if r.tagged:
            head = w.t("debrief.traits.accuracy", right=r.tagged_right, tagged=r.tagged,
                       share=round(100 * (r.accuracy or 0)))
        else:
            head = w.t("debrief.traits.no_tags")
        y = area.y + self.block(area, head, "normal", "normal_text", 2)
        types = r.types

        def tcell(k: int, col: str) -> tuple[str, str]:
            ts = types[k]
            if col == "type":
                return w.trait(ts.trait), "normal_text"
            if col == "weeks":
                return ("—" if ts.median_weeks is None else w.num(ts.median_weeks, 1)), \
                    "normal_text"
            return w.num(getattr(ts, col)), "normal_text"

        tcols = [Column("type", w.t("debrief.traits.col.type"))] + [
            Column(k, w.t(f"debrief.traits.col.{k}"), 110, "right")
            for k in ("clients", "tagged", "right")] + [
            Column("weeks", w.t("debrief.traits.col.weeks"), 190, "right")]
        h = self.fit_height(len(types), (area.bottom - y) * 2 // 5)
        self.table(pygame.Rect(area.x, y, area.width, h), tcols, list(range(len(types))),
                   tcell, "traits.types")
        y += h + 8
        clients = sorted(r.clients, key=lambda c: (c.trait, -c.profit))

        def ccell(k: int, col: str) -> tuple[str, str]:
            c = clients[k]
            if col == "client":
                return c.name, "normal_text"
            if col == "true":
                return w.trait(c.trait), "normal_text"
            if col == "tag":
                if c.tag is None:
                    return "—", "dim_text"
                return ("✓ " if c.tag_right else "✗ ") + w.trait(c.tag), \
                    "good" if c.tag_right else "bad"
            if col == "tag_week":
                return ("—" if c.tag_week is None else w.num(c.tag_week)), "dim_text"
            if col == "spotted":
                return ("—" if c.spotted_after is None
                        else w.t("count.weeks", count=c.spotted_after)), "normal_text"
            if col == "joined":
                return (w.t("debrief.traits.start") if c.joined <= 0 else w.num(c.joined)), \
                    "dim_text"
            if col == "status":
                return status_label(c.status, self.s.lang), "dim_text"
            return w.money(c.profit), "bad" if c.profit < 0 else "normal_text"

        ccols = [Column("client", w.t("debrief.traits.col.client")),
                 Column("true", w.t("debrief.traits.col.true"), 120),
                 Column("tag", w.t("debrief.traits.col.tag"), 130),
                 Column("tag_week", w.t("debrief.traits.col.tag_week"), 60, "right", drop=2),
                 Column("spotted", w.t("debrief.traits.col.spotted"), 90, "right"),
                 Column("joined", w.t("debrief.traits.col.joined"), 60, "right", drop=1),
                 Column("status", w.t("debrief.traits.col.status"), 110),
                 Column("profit", w.t("debrief.traits.col.profit"), 100, "right")]
        self.table(pygame.Rect(area.x, y, area.width, area.bottom - y), ccols,
                   list(range(len(clients))), ccell, "traits.clients")

    # --- 4. firing audit and burnout ----------------------------------------------------
    def audit(self, area: pygame.Rect) -> None:
        a, w = self.db.audit, self.w
        counts = w.t("debrief.audit.counts", right=a.count(RIGHT), too_late=a.count(TOO_LATE),
                     wrong_target=a.count(WRONG_TARGET), wrong_manner=a.count(WRONG_MANNER),
                     kept=a.count(KEPT))
        y = area.y + self.block(area, counts if a.judged else w.t("debrief.audit.none"),
                                "normal", "normal_text", 2)
        y += self.block(pygame.Rect(area.x, y, area.width, 0), w.t("debrief.audit.intro"),
                        "small", "dim_text", 3)
        judged = a.judged

        def note(j: Any) -> str:
            return "; ".join(audit_notes(j, w)) or "—"

        def jcell(k: int, col: str) -> tuple[str, str]:
            j = judged[k]
            if col == "client":
                return j.name, "normal_text"
            if col == "type":
                return w.trait(j.trait), "normal_text"
            if col == "week":
                return (w.t("debrief.audit.kept") if j.week is None else w.num(j.week)), \
                    "dim_text"
            if col == "manner":
                return (w.t(f"debrief.manner.{j.manner}") if j.manner else "—"), "dim_text"
            if col == "verdict":
                mark = "✓ " if j.verdict == RIGHT else "✗ "
                return mark + ", ".join(w.t(f"debrief.verdict.{v}")
                                        for v in (j.flags or (RIGHT,))), \
                    GOOD_VERDICT.get(j.verdict, "normal_text")
            return note(j), "normal_text"

        jcols = [Column("client", w.t("debrief.audit.col.client"), 150),
                 Column("type", w.t("ui.debrief.audit.type"), 110,
                        about=w.t("ui.debrief.audit.type_about")),
                 Column("week", w.t("ui.debrief.audit.week"), 70, "right",
                        about=w.t("ui.debrief.audit.week_about")),
                 Column("manner", w.t("debrief.audit.col.manner"), 110),
                 Column("verdict", w.t("debrief.audit.col.verdict"), 170),
                 Column("note", w.t("debrief.audit.col.note"),
                        about=w.t("debrief.audit.intro"), long=True)]
        room = area.bottom - y
        h = self.fit_height(len(judged), room // 2)
        if judged:
            self.table(pygame.Rect(area.x, y, area.width, h), jcols, list(range(len(judged))),
                       jcell, "audit.judged", row_tip=lambda k: note(judged[k]))
            y += h + 8
        y += self.block(pygame.Rect(area.x, y, area.width, 0), w.t("debrief.burnout.title"),
                        "normal", "normal_text", 1)
        burn = a.burnout

        def bcell(k: int, col: str) -> tuple[str, str]:
            b = burn[k]
            if col == "staff":
                return b.staff, "normal_text"
            if col == "incidents":
                return w.num(b.incidents), "bad"
            if col == "morale":
                return w.num(b.morale, 1), "bad" if b.morale < 40 else "normal_text"
            if col == "quit":
                return (w.t("debrief.burnout.stayed") if b.quit_week is None
                        else w.t("debrief.burnout.quit", week=b.quit_week)), \
                    "dim_text" if b.quit_week is None else "bad"
            return ", ".join(w.t("debrief.burnout.abuser", client=x.client,
                                 trait=w.trait(x.trait), count=x.incidents)
                             for x in b.abusers[:3]), "normal_text"

        hag = a.hagglers
        hag_text = ""
        if hag:
            n = {k: sum(h.how == k for h in hag) for k in (
                "terms", "fired", "terms_then_fired", "terms_then_left", "left", "untouched")}
            hag_text = w.t("debrief.hagglers.title") + ". " + w.t(
                "debrief.hagglers.summary",
                terms=n["terms"] + n["terms_then_fired"] + n["terms_then_left"],
                fired=n["fired"] + n["terms_then_fired"], left=n["left"] + n["terms_then_left"],
                untouched=n["untouched"])
        hag_h = 2 * self.p.line_height("small") + 6 if hag_text else 0
        if burn:
            bcols = [Column("staff", w.t("debrief.burnout.col.staff"), 150),
                     Column("incidents", w.t("debrief.burnout.col.incidents"), 90, "right"),
                     Column("morale", w.t("debrief.burnout.col.morale"), 120, "right"),
                     Column("quit", w.t("debrief.burnout.col.quit"), 150),
                     Column("clients", w.t("debrief.burnout.col.clients"), long=True)]
            h = self.fit_height(len(burn), area.bottom - y - hag_h)
            self.table(pygame.Rect(area.x, y, area.width, h), bcols, list(range(len(burn))),
                       bcell, "audit.burnout")
            y += h + 8
        else:
            y += self.block(pygame.Rect(area.x, y, area.width, 0),
                            w.t("debrief.burnout.none"), "small", "dim_text", 1)
        if hag_text:
            self.block(pygame.Rect(area.x, y, area.width, 0), hag_text, "small", "dim_text",
                       max(1, (area.bottom - y) // self.p.line_height("small")))

    # --- 5. teachable moments -----------------------------------------------------------
    def moment_text(self, m: Any) -> tuple[str, str, str, str]:
        """``(what, result, why, lesson)`` sentences of one moment, as the report says it."""
        return moment_sentences(m, self.w)

    def moments(self, area: pygame.Rect) -> Table | None:
        w, ms = self.w, self.db.moments
        y = area.y + self.block(area, w.t("debrief.moments.intro"), "small", "dim_text", 3)
        if not ms:
            self.block(pygame.Rect(area.x, y, area.width, 0), w.t("debrief.moments.none"),
                       "normal", "normal_text", 4)
            return None

        def cell(k: int, col: str) -> tuple[str, str]:
            m = ms[k]
            d = m.comparison.delta
            if col == "n":
                return w.num(k + 1), "dim_text"
            if col == "what":
                return moment_what(m, w), "normal_text"
            if col == "effect":
                return self.score_text("score", -d["score"], True), \
                    "good" if -d["score"] > 0 else "bad"
            x = -d["long_term_profit"]
            return ("+" if x > 0 else "") + w.money(x), "good" if x > 0 else "bad"

        cols = [Column("n", "#", 30, "right"),
                Column("what", w.t("ui.debrief.col.what"), long=True),
                Column("effect", w.t("ui.debrief.col.effect"), 110, "right",
                       about=w.t("ui.debrief.effect_about")),
                Column("profit", w.t("score.long_term_profit"), 150, "right")]
        h = self.fit_height(len(ms), (area.bottom - y) // 2)
        tb = self.table(pygame.Rect(area.x, y, area.width, h), cols, list(range(len(ms))),
                        cell, "moments")
        self.s.detail_rect = pygame.Rect(area.x, y + h + 10, area.width,
                                         area.bottom - y - h - 10)
        return tb

    # --- 6. what-if ---------------------------------------------------------------------
    def choices(self) -> list[tuple[int, Change, str]]:
        """``(week, change, sentence)`` for every decision the trainee may change: each of
        his decisions undone, and each client kept to the end by mistake let go politely
        from the week a rule of thumb saw him."""
        from sim.debrief.moments import decision_groups

        rep, w = self.db.replay, self.w
        st = rep.state
        names = st.traits.names
        out = []
        for _, week, change, detail in decision_groups(rep):
            i = change.client
            client = st.client_names[i]
            if change.kind == "let_go":
                text = w.t("ui.debrief.whatif.keep", client=client,
                           manner=w.t(f"debrief.manner.{detail}"))
            elif change.kind == "terms":
                text = w.t("ui.debrief.whatif.old_terms", client=client)
            elif change.kind == "lead":
                text = w.t("ui.debrief.whatif.accept", client=client)
            else:
                text = w.t("ui.debrief.whatif.serve", client=client, count=int(detail))
            out.append((week, change, text + f" ({w.trait(names[int(st.clients.trait[i])])})"))
        for j in self.db.audit.judged:
            if j.verdict == KEPT and j.signal_week is not None:
                out.append((j.signal_week, Change("let_go", j.client, "polite"),
                            w.t("ui.debrief.whatif.let_go", client=j.name)
                            + f" ({w.trait(j.trait)})"))
        out.sort(key=lambda c: (c[0], c[1].kind, c[1].client))
        return out

    def comparison(self, area: pygame.Rect, cmp: Any) -> None:
        w = self.w
        keys = list(cmp.original)

        def cell(k: int, col: str) -> tuple[str, str]:
            key = keys[k]
            if col == "score":
                return w.t(f"score.{key}") if key in SCORES or key in (
                    "revenue", "terminal_value") else key, "normal_text"
            if col == "delta":
                d = cmp.delta[key]
                if abs(d) < (0.05 if key in ("score", "morale", "reputation") else 0.5):
                    return "0", "dim_text"
                return self.score_text(key, d, True), "good" if d > 0 else "bad"
            v = (cmp.original if col == "yours" else cmp.what_if)[key]
            return self.score_text(key, v), "bad" if v < 0 else "normal_text"

        cols = [Column("score", w.t("ui.debrief.whatif.col.score")),
                Column("yours", w.t("ui.debrief.whatif.col.yours"), 96, "right"),
                Column("whatif", w.t("ui.debrief.whatif.col.whatif"), 96, "right"),
                Column("delta", w.t("ui.debrief.whatif.col.delta"), 96, "right")]
        h = self.fit_height(len(keys), area.height)
        self.table(pygame.Rect(area.x, area.y, area.width, h), cols, list(range(len(keys))),
                   cell, "whatif.result")
