"""The week's plan as the player edits it, turned into a :class:`Decisions` at "End week".

Left alone, the plan is the engine's default (serve every request in priority order, accept
every lead, keep terms). Only what the player changed goes into the decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.engine import DECLINE, DEFER, SERVE, Decisions, Observation, RequestPlan, Tag, Terms

TERMS_FIELDS = ("price_factor", "prepay", "scope", "contact", "vip", "grant_discounts")


def current_terms(obs: Observation, i: int) -> Terms:
    """A client's terms as the observation shows them."""
    c = obs.clients
    return Terms.of(c, i, price_factor=round(float(c.price_factor[i]), 2))


def bad_signals(obs: Observation, i: int) -> int:
    """How many of a lead's first-contact signals are warning signs (impolite, asks for a
    discount, refuses to prepay). A screening aid for the player, not a rule."""
    c = obs.clients
    return int(not c.sig_polite[i]) + int(bool(c.sig_discount[i])) + int(not c.sig_prepay[i])


@dataclass
class Plan:
    """The player's edits of one week."""

    week: int
    requests: dict[int, str] = field(default_factory=dict)
    leads: dict[int, bool] = field(default_factory=dict)
    terms: dict[int, Terms] = field(default_factory=dict)
    let_go: dict[int, str] = field(default_factory=dict)
    tags: dict[int, Tag] = field(default_factory=dict)
    owners: dict[int, int] = field(default_factory=dict)
    serve_by: dict[int, int] = field(default_factory=dict)  # request id -> staff member
    overtime: dict[int, float] = field(default_factory=dict)
    time_off: set[int] = field(default_factory=set)
    bonus: dict[int, int] = field(default_factory=dict)
    hire: int = 0

    # --- staff --------------------------------------------------------------------------
    def set_overtime(self, staff: list[int], delta: float, most: float) -> None:
        """Overtime up or down by ``delta`` hours, within 0..``most``; overtime cancels a
        planned week off."""
        for s in staff:
            h = min(most, max(0.0, self.overtime.get(s, 0.0) + delta))
            if h > 0:
                self.overtime[s] = h
                self.time_off.discard(s)
            else:
                self.overtime.pop(s, None)

    def toggle_time_off(self, staff: list[int]) -> None:
        """A week off (no hours, no overtime) on, or off again."""
        for s in staff:
            if s in self.time_off:
                self.time_off.discard(s)
            else:
                self.time_off.add(s)
                self.overtime.pop(s, None)

    def next_bonus(self, staff: list[int], amounts: dict[int, list[int]]) -> None:
        """Cycle each person's bonus through ``amounts[s]`` (none first)."""
        for s in staff:
            steps = [0] + [a for a in amounts[s] if a > 0]
            cur = self.bonus.get(s, 0)
            nxt = steps[(steps.index(cur) + 1) % len(steps)] if cur in steps else 0
            if nxt:
                self.bonus[s] = nxt
            else:
                self.bonus.pop(s, None)

    def set_hire(self, n: int, most: int) -> None:
        self.hire = max(0, min(most, n))

    def set_server(self, rids: list[int], staff: int | None) -> None:
        """Who serves these requests this week (None: the engine's default, the owner)."""
        for rid in rids:
            if staff is None:
                self.serve_by.pop(rid, None)
            else:
                self.serve_by[rid] = staff

    def action(self, rid: int) -> str:
        return self.requests.get(rid, SERVE)

    def set_action(self, rids: list[int], action: str) -> None:
        for rid in rids:
            if action == SERVE:
                self.requests.pop(rid, None)
            else:
                self.requests[rid] = action

    def accepts(self, cid: int) -> bool:
        return self.leads.get(cid, True)

    def set_leads(self, cids: list[int], accept: bool) -> None:
        for cid in cids:
            if accept:
                self.leads.pop(cid, None)
            else:
                self.leads[cid] = False

    def terms_of(self, obs: Observation, cid: int) -> Terms:
        return self.terms.get(cid) or current_terms(obs, cid)

    def set_terms(self, obs: Observation, cid: int, terms: Terms) -> None:
        if terms == current_terms(obs, cid):
            self.terms.pop(cid, None)
        else:
            self.terms[cid] = terms

    def to_decisions(self, obs: Observation) -> Decisions:
        """The engine's decisions for this plan (requests of clients let go are left out:
        their work leaves with them)."""
        leaving = set(self.let_go)
        rids = obs.requests.rid
        owner = {int(r): int(c) for r, c in zip(rids, obs.requests.client, strict=True)}
        reqs = {rid: RequestPlan(action=a) for rid, a in sorted(self.requests.items())
                if a in (DECLINE, DEFER) and rid in owner and owner[rid] not in leaving}
        for rid, s in sorted(self.serve_by.items()):
            if self.action(rid) == SERVE and rid in owner and owner[rid] not in leaving:
                reqs[rid] = RequestPlan(action=SERVE, staff=s)
        return Decisions(
            requests=reqs,
            leads={k: v for k, v in sorted(self.leads.items()) if not v},
            terms={k: v for k, v in sorted(self.terms.items()) if k not in leaving},
            let_go=dict(sorted(self.let_go.items())),
            tags=dict(sorted(self.tags.items())),
            owners={k: v for k, v in sorted(self.owners.items()) if k not in leaving},
            overtime=dict(sorted(self.overtime.items())),
            time_off=sorted(self.time_off),
            bonus=dict(sorted(self.bonus.items())),
            hire=self.hire,
        )

    def changes(self) -> int:
        """How many things the player changed (shown next to End week)."""
        return (len(self.requests) + len(self.leads) + len(self.terms) + len(self.let_go)
                + len(self.tags) + len(self.owners) + len(self.serve_by)
                + len(self.overtime) + len(self.time_off) + len(self.bonus) + self.hire)
