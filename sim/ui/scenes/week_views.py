"""The tables of the week screen: inbox, clients, leads and staff, as columns and cells.

A :class:`WeekView` is built once per observation, draft and language; its cell functions only
read the observation, the draft of the week's decisions and the engine's preview of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.engine import DECLINE, DEFER, Decisions, Observation, Origin, Preview

from .. import plan
from ..table import Cell, Column
from ..text import money, num, t, trait_label

ACTION_MARK = {"serve": "✓", "decline": "✗", "defer": "»"}
ACTION_COLOUR = {"serve": "good", "decline": "bad", "defer": "warn"}


@dataclass
class WeekView:
    """Cells of the four tables for one observation, draft and language."""

    obs: Observation
    draft: Decisions
    lang: str
    #: what the engine says the draft will do this week (:func:`sim.engine.preview`)
    preview: Preview
    req_row: dict[int, int] = field(default_factory=dict)

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
            cap = plan.request_plan(self.draft, rid).hours
            if cap is not None and cid not in self.draft.let_go:
                return f"✎ {num(cap, self.lang)}", "warn"  # (no room for what is left too)
            return num(float(R.hours_left[k]), self.lang), "normal_text"
        if key == "since":
            waited = o.week - int(R.week[k])
            if waited <= 0:
                return self.t("ui.inbox.new"), "dim_text"
            return self.t("ui.inbox.waiting", weeks=waited), "warn"
        if key == "owner":
            chosen = plan.request_plan(self.draft, rid).staff
            if chosen is not None:
                return "✎ " + o.staff_names[chosen], "warn"
            s = int(R.staff[k]) if int(R.staff[k]) >= 0 else int(o.clients.owner[cid])
            return (o.staff_names[s] if s >= 0 else "—"), "dim_text"
        if cid in self.draft.let_go:
            return self.t("ui.inbox.leaves"), "dim_text"
        a = plan.action(self.draft, rid)
        if a == "serve" and rid in self.preview.waits:
            return f"{ACTION_MARK[a]} {self.t('ui.inbox.serve_waits')}", "warn"
        if a == "serve" and rid in self.preview.may_wait:
            return f"{ACTION_MARK[a]} {self.t('ui.inbox.serve_may_wait')}", "warn"
        return f"{ACTION_MARK[a]} {self.t('ui.action.' + a)}", ACTION_COLOUR[a]

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
        """The plan column: leaving, new terms, VIP, the blacklist, the player's tag."""
        p, c = self.draft, self.obs.clients
        never = ("✎" if i in p.blacklist else "") + "⊘"  # (the column's tooltip says what)
        if i in p.let_go:
            gone = "⏏ " + self.t(f"ui.letgo.short.{p.let_go[i]}")
            return (gone + " · " + never if plan.blacklisted(p, self.obs, i) else gone), "bad"
        bits = []
        if i in p.terms:
            bits.append("✎ " + self.t("ui.client.new_terms"))
        if bool(c.vip[i]):
            bits.append("★VIP")
        if bool(c.pricing_out[i]):
            bits.append(self.t("ui.client.pricing_out"))
        if plan.blacklisted(p, self.obs, i):
            bits.append(never)
        tag = p.tags.get(i)
        name = tag.trait if tag else (self.obs.trait_names[int(c.tag[i])]
                                      if int(c.tag[i]) >= 0 else None)
        if name:
            bits.append("? " + trait_label(name, self.lang))
        changed = i in p.terms or i in p.blacklist
        return (" · ".join(bits) or "—"), ("warn" if changed else "dim_text")

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
            n = plan.bad_signals(o, i)
            return ("⚠ " * n).strip() or "—", ("bad" if n >= 2 else "dim_text")
        if plan.accepts(self.draft, i):
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
        p, bits = self.draft, []
        if s in p.time_off:
            bits.append("☾ " + self.t("ui.staff.off"))
        if s in p.overtime:
            bits.append("+" + self.t("ui.staff.ot_hours", hours=num(p.overtime[s], self.lang)))
        if s in p.bonus:
            bits.append("★ " + money(p.bonus[s], self.obs.currency, self.lang))
        return (" · ".join(bits) or "—"), ("warn" if bits else "dim_text")


__all__ = ["DECLINE", "DEFER", "WeekView"]
