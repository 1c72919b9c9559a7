"""The tables of the week screen: inbox, clients, leads and staff, as columns and cells.

A :class:`WeekView` is built once per observation and language; its cell functions only read
the observation and the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.engine import (
    DECLINE,
    DEFER,
    STAFF_ACTIVE,
    Observation,
    Origin,
    Rules,
    serve_in_order,
    staff_capacity,
)

from ..plan import Plan, bad_signals
from ..table import Cell, Column
from ..text import money, num, t, trait_label

ACTION_MARK = {"serve": "✓", "decline": "✗", "defer": "»"}
ACTION_COLOUR = {"serve": "good", "decline": "bad", "defer": "warn"}


@dataclass
class WeekView:
    """Cells of the four tables for one observation, plan and language."""

    obs: Observation
    plan: Plan
    lang: str
    #: the scenario's rules, to count the plan's overtime and weeks off in the capacity
    rules: Rules | None = None
    req_row: dict[int, int] = field(default_factory=dict)
    _waits: tuple[object, frozenset[int]] | None = None
    _capacity: tuple[object, float] | None = None

    def __post_init__(self) -> None:
        self.req_row = {int(r): k for k, r in enumerate(self.obs.requests.rid)}

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def about(self, signal: str) -> str | None:
        text = t(f"signal.{signal}.about", self.lang)
        return None if text == f"signal.{signal}.about" else text

    def col(self, key: str, width: int = 0, align: str = "left",
            about: str | None = None) -> Column:
        return Column(key, self.t(f"ui.col.{key}"), width, align, about)

    # --- inbox --------------------------------------------------------------------------
    def inbox_rows(self) -> list[int]:
        return [int(r) for r in self.obs.requests.rid]

    def inbox_columns(self) -> list[Column]:
        return [self.col("client"), self.col("hours", 70, "right", self.about("hours")),
                self.col("since", 100),
                self.col("owner", 110, about=self.t("ui.about.who_serves")),
                self.col("plan", 150, about=self.t("ui.about.request_plan"))]

    def inbox_cell(self, rid: int, key: str) -> Cell:
        k = self.req_row[rid]
        R, o = self.obs.requests, self.obs
        cid = int(R.client[k])
        if key == "client":
            return o.client_names[cid], "normal_text"
        if key == "hours":
            return num(float(R.hours_left[k]), self.lang), "normal_text"
        if key == "since":
            waited = o.week - int(R.week[k])
            if waited <= 0:
                return self.t("ui.inbox.new"), "dim_text"
            return self.t("ui.inbox.waiting", weeks=waited), "warn"
        if key == "owner":
            if rid in self.plan.serve_by:
                return "✎ " + o.staff_names[self.plan.serve_by[rid]], "warn"
            s = int(R.staff[k]) if int(R.staff[k]) >= 0 else int(o.clients.owner[cid])
            return (o.staff_names[s] if s >= 0 else "—"), "dim_text"
        if cid in self.plan.let_go:
            return self.t("ui.inbox.leaves"), "dim_text"
        a = self.plan.action(rid)
        if a == "serve" and rid in self.waits():
            return f"{ACTION_MARK[a]} {self.t('ui.inbox.serve_waits')}", "warn"
        return f"{ACTION_MARK[a]} {self.t('ui.action.' + a)}", ACTION_COLOUR[a]

    def waits(self) -> frozenset[int]:
        """Requests planned to be served that this week's hours will not reach.

        The engine's own order (:func:`sim.engine.serve_in_order`) over this
        week's capacity; the unbilled calls and questions it answers before that are not
        known in advance, so this is the least that will wait (recomputed when the plan
        changes)."""
        p = self.plan
        left = self.capacity()
        key = (tuple(sorted(p.requests.items())), tuple(sorted(p.let_go)), left)
        if self._waits is not None and self._waits[0] == key:
            return self._waits[1]
        R, c = self.obs.requests, self.obs.clients
        planned = np.array([p.action(int(rid)) == "serve" and int(cid) not in p.let_go
                            for rid, cid in zip(R.rid, R.client, strict=True)], dtype=bool)
        want = np.where(planned, np.asarray(R.hours_left, dtype=float), 0.0)
        got = serve_in_order(want, c.vip[np.asarray(R.client, dtype=np.int64)], left)
        out = {int(r) for r in R.rid[(want - got) > 1e-6]}
        self._waits = (key, frozenset(out))
        return self._waits[1]

    def capacity(self) -> float:
        """This week's productive hours with the plan's overtime and weeks off (the engine's
        formula, :func:`sim.engine.staff_capacity`)."""
        p = self.plan
        if self.rules is None:
            return float(self.obs.capacity_hours)
        key = (tuple(sorted(p.overtime.items())), tuple(sorted(p.time_off)))
        if self._capacity is None or self._capacity[0] != key:
            S = self.obs.staff
            ns = len(S)
            overtime = np.zeros(ns)
            off = np.zeros(ns, dtype=bool)
            for i, h in p.overtime.items():
                if 0 <= i < ns:
                    overtime[i] = h
            for i in p.time_off:
                if 0 <= i < ns:
                    off[i] = True
            cap = staff_capacity(np.asarray(S.hours, dtype=float), S.morale, overtime, off,
                                 S.status == STAFF_ACTIVE, self.rules)
            self._capacity = (key, float(cap.sum()))
        return self._capacity[1]

    def requested_hours(self) -> float:
        """The hours of the requests planned to be served (a client let go takes his along)."""
        R = self.obs.requests
        leaving = self.plan.let_go
        return float(sum(float(R.hours_left[k]) for k, rid in enumerate(R.rid)
                         if self.plan.action(int(rid)) == "serve"
                         and int(R.client[k]) not in leaving))

    # --- clients ------------------------------------------------------------------------
    def client_rows(self, sort: tuple[str, bool] | None = None) -> list[int]:
        """Active clients, in id order or sorted by ``(column, descending)``."""
        rows = [int(i) for i in self.obs.active_clients()]
        if sort is None:
            return rows
        key, desc = sort
        if key in ("client", "plan"):
            names = self.obs.client_names
            return sorted(rows, key=lambda i: names[i].lower(), reverse=desc)
        values = getattr(self.obs.clients, key)
        return sorted(rows, key=lambda i: (float(values[i]), -i), reverse=desc)

    #: (signal, width wished, which a narrow window leaves out first: the highest; 0 never)
    CLIENT_COLS = (("billable_hours", 56, 0), ("unbilled_hours", 56, 0), ("revenue", 72, 3),
                   ("cost_to_serve", 72, 0), ("profit", 72, 0), ("late_invoices", 56, 0),
                   ("complaints", 44, 2), ("incidents", 44, 0), ("referrals", 44, 4),
                   ("mood", 48, 1))

    def client_columns(self, sort: tuple[str, bool] | None = None) -> list[Column]:
        cols = [self.col("client"), self.col("plan", 96, about=self.t("ui.about.client_plan"))]
        cols += [Column(k, self.t(f"ui.sig.{k}"), w, "right", self.about(k), drop=d)
                 for k, w, d in self.CLIENT_COLS]
        if sort is not None:  # the sorted column says so in words' place: an arrow
            for c in cols:
                if c.key == sort[0]:
                    c.title = ("▼ " if sort[1] else "▲ ") + c.title
        return cols

    def client_status(self, i: int) -> Cell:
        """The plan column: leaving, new terms, VIP, the player's tag."""
        p, c = self.plan, self.obs.clients
        if i in p.let_go:
            return "⏏ " + self.t(f"ui.letgo.short.{p.let_go[i]}"), "bad"
        bits = []
        if i in p.terms:
            bits.append("✎ " + self.t("ui.client.new_terms"))
        if bool(c.vip[i]):
            bits.append("★VIP")
        if bool(c.pricing_out[i]):
            bits.append(self.t("ui.client.pricing_out"))
        tag = p.tags.get(i)
        name = tag.trait if tag else (self.obs.trait_names[int(c.tag[i])]
                                      if int(c.tag[i]) >= 0 else None)
        if name:
            bits.append("? " + trait_label(name, self.lang))
        return (" · ".join(bits) or "—"), ("warn" if i in p.terms else "dim_text")

    def client_cell(self, i: int, key: str) -> Cell:
        o, c = self.obs, self.obs.clients
        if key == "client":
            return o.client_names[i], "normal_text"
        if key == "plan":
            return self.client_status(i)
        v = getattr(c, key)[i]
        if key in ("revenue", "cost_to_serve", "profit"):
            colour = "bad" if key == "profit" and v < 0 else "normal_text"
            return money(int(v), o.currency, self.lang), colour
        if key in ("billable_hours", "unbilled_hours"):
            return num(float(v), self.lang), "normal_text"
        if key == "mood":
            return f"{num(int(v), self.lang)}/5", ("bad" if v <= 2 else "normal_text")
        if key == "late_invoices":  # late / never paid, one column to save room
            late, unpaid = int(v), int(c.unpaid_invoices[i])
            return f"{num(late, self.lang)} / {num(unpaid, self.lang)}", \
                ("warn" if late or unpaid else "normal_text")
        n = int(v)
        return num(n, self.lang), ("warn" if n and key in ("late_invoices", "unpaid_invoices",
                                                  "complaints", "incidents", "wait_weeks")
                        else "normal_text")

    # --- leads --------------------------------------------------------------------------
    def lead_rows(self) -> list[int]:
        return [int(i) for i in self.obs.leads()]

    def lead_columns(self) -> list[Column]:
        return [self.col("lead"), self.col("origin", 110),
                Column("sig_polite", self.t("ui.sig.sig_polite"), 100, "left",
                       self.about("sig_polite")),
                Column("sig_discount", self.t("ui.sig.sig_discount"), 130, "left",
                       self.about("sig_discount")),
                Column("sig_prepay", self.t("ui.sig.sig_prepay"), 120, "left",
                       self.about("sig_prepay")),
                self.col("warnings", 90, "right", self.t("ui.about.warnings")),
                self.col("decision", 130)]

    def lead_cell(self, i: int, key: str) -> Cell:
        o, c = self.obs, self.obs.clients
        if key == "lead":
            return o.client_names[i], "normal_text"
        if key == "origin":
            return self.t(f"ui.origin.{Origin(int(c.origin[i])).key}"), "dim_text"
        if key in ("sig_polite", "sig_discount", "sig_prepay"):
            yes = bool(getattr(c, key)[i])
            warn = (not yes) if key != "sig_discount" else yes
            return (self.t("ui.yes") if yes else self.t("ui.no")) + (" ⚠" if warn else ""), \
                ("warn" if warn else "normal_text")
        if key == "warnings":
            n = bad_signals(o, i)
            return ("⚠ " * n).strip() or "—", ("bad" if n >= 2 else "dim_text")
        if self.plan.accepts(i):
            return "✓ " + self.t("ui.lead.accept"), "good"
        return "✗ " + self.t("ui.lead.decline"), "bad"

    # --- staff --------------------------------------------------------------------------
    def staff_rows(self) -> list[int]:
        return [int(i) for i in self.obs.active_staff()]

    def staff_columns(self) -> list[Column]:
        return [self.col("staff", 110), self.col("hours", 64, "right", self.about("hours")),
                self.col("morale", 116, about=t("meter.morale.about", self.lang)),
                self.col("week_hours", 110, "right", self.t("ui.about.week_hours")),
                self.col("incidents", 90, "right"),
                self.col("this_week", 176, about=self.t("ui.about.staff_plan")),
                Column("owns", self.t("ui.col.owns"), long=True)]

    def staff_cell(self, s: int, key: str) -> Cell:
        o, st = self.obs, self.obs.staff
        if key == "staff":
            return o.staff_names[s], "normal_text"
        if key == "hours":
            return num(float(st.hours[s]), self.lang), "normal_text"
        if key == "morale":
            m = float(st.morale[s])
            level = "low" if m < 40 else ("ok" if m < 70 else "high")
            return f"{num(m, self.lang, 0)} · {self.t('ui.morale.' + level)}", \
                {"low": "bad", "ok": "normal_text", "high": "good"}[level]
        if key == "week_hours":
            return num(float(st.week_hours[s]), self.lang), "normal_text"
        if key == "incidents":
            n = int(st.incidents[s])
            return num(n, self.lang), ("warn" if n else "normal_text")
        if key == "this_week":
            return self.staff_plan(s)
        owned = [o.client_names[i] for i in o.active_clients() if int(o.clients.owner[i]) == s]
        return (", ".join(owned) or "—"), "dim_text"


    def staff_plan(self, s: int) -> Cell:
        """What the player planned for one person this week: overtime, a week off, a
        bonus."""
        p, bits = self.plan, []
        if s in p.time_off:
            bits.append("☾ " + self.t("ui.staff.off"))
        if s in p.overtime:
            bits.append("+" + self.t("ui.staff.ot_hours", hours=num(p.overtime[s], self.lang)))
        if s in p.bonus:
            bits.append("★ " + money(p.bonus[s], self.obs.currency, self.lang))
        return (" · ".join(bits) or "—"), ("warn" if bits else "dim_text")


__all__ = ["DECLINE", "DEFER", "WeekView"]
