"""The week's decisions as the player edits them: a draft :class:`~sim.engine.Decisions`.

Left alone, the draft is empty, which is the engine's default week (serve every request in
priority order, accept every lead, keep terms). The helpers below edit it as the week
screen's keys do and keep only what the player changed; :func:`to_play` is what "End week"
hands to the engine.
"""

from __future__ import annotations

from dataclasses import replace

from sim.engine import SERVE, Decisions, Observation, RequestPlan, Terms

#: the step of the request hours keys (−/+), and the least hours a cap leaves
HOURS_STEP = 1.0
LEAST_HOURS = 0.5


def bad_signals(obs: Observation, i: int) -> int:
    """How many of a lead's first-contact signals are warning signs (impolite, asks for a
    discount, refuses to prepay). A screening aid for the player, not a rule."""
    c = obs.clients
    return int(not c.sig_polite[i]) + int(bool(c.sig_discount[i])) + int(not c.sig_prepay[i])


# --- requests ---------------------------------------------------------------------------
def request_plan(d: Decisions, rid: int) -> RequestPlan:
    """What the draft does with a request (the default: serve)."""
    return d.requests.get(rid) or RequestPlan()


def _put(d: Decisions, rid: int, plan: RequestPlan) -> None:
    if plan == RequestPlan():
        d.requests.pop(rid, None)
    else:
        d.requests[rid] = plan


def action(d: Decisions, rid: int) -> str:
    return request_plan(d, rid).action


def set_action(d: Decisions, rids: list[int], act: str) -> None:
    """Serve, decline or defer; who serves and the hours' cap stay while it is served."""
    for rid in rids:
        plan = request_plan(d, rid)
        _put(d, rid, plan if act == SERVE and plan.action == SERVE else RequestPlan(act))


def set_server(d: Decisions, rids: list[int], staff: int | None) -> None:
    """Who serves these requests this week (None: the engine's default, the owner); a
    request declined or deferred is left as it is."""
    for rid in rids:
        plan = request_plan(d, rid)
        if plan.action == SERVE:
            _put(d, rid, replace(plan, staff=staff))


def change_hours(d: Decisions, hours_left: dict[int, float], delta: float) -> None:
    """Cap the hours these requests (``rid -> hours left``) get this week, ``delta`` hours
    fewer or more than now; a cap at or above what is left is no cap."""
    for rid, left in hours_left.items():
        plan = request_plan(d, rid)
        if plan.action != SERVE:
            continue
        now = left if plan.hours is None else plan.hours
        cap = max(LEAST_HOURS, round((now + delta) * 2.0) / 2.0)
        _put(d, rid, replace(plan, hours=None if cap >= left else cap))


# --- leads and clients ------------------------------------------------------------------
def accepts(d: Decisions, cid: int) -> bool:
    return d.leads.get(cid, True)


def set_leads(d: Decisions, cids: list[int], accept: bool) -> None:
    for cid in cids:
        if accept:
            d.leads.pop(cid, None)
        else:
            d.leads[cid] = False


def terms_of(d: Decisions, obs: Observation, cid: int) -> Terms:
    """The client's terms in the draft: new ones, or his current ones."""
    return d.terms.get(cid) or Terms.of(obs.clients, cid)


def set_terms(d: Decisions, obs: Observation, cid: int, terms: Terms) -> None:
    if terms == Terms.of(obs.clients, cid):
        d.terms.pop(cid, None)
    else:
        d.terms[cid] = terms


def toggle_blacklist(d: Decisions, obs: Observation, cids: list[int]) -> None:
    """Put clients on the blacklist, or take them off the draft's (a client already on it
    stays: the engine never takes one off)."""
    for cid in cids:
        if cid in d.blacklist:
            d.blacklist.remove(cid)
        elif not obs.clients.blacklisted[cid]:
            d.blacklist.append(cid)


def blacklisted(d: Decisions, obs: Observation, cid: int) -> bool:
    """On the blacklist already, or put there by the draft."""
    return cid in d.blacklist or bool(obs.clients.blacklisted[cid])


# --- staff ------------------------------------------------------------------------------
def set_overtime(d: Decisions, staff: list[int], delta: float, most: float) -> None:
    """Overtime up or down by ``delta`` hours, within 0..``most``; overtime cancels a
    planned week off."""
    for s in staff:
        h = min(most, max(0.0, d.overtime.get(s, 0.0) + delta))
        if h > 0:
            d.overtime[s] = h
            if s in d.time_off:
                d.time_off.remove(s)
        else:
            d.overtime.pop(s, None)


def toggle_time_off(d: Decisions, staff: list[int]) -> None:
    """A week off (no hours, no overtime) on, or off again."""
    for s in staff:
        if s in d.time_off:
            d.time_off.remove(s)
        else:
            d.time_off.append(s)
            d.overtime.pop(s, None)


def next_bonus(d: Decisions, staff: list[int], amounts: dict[int, list[int]]) -> None:
    """Cycle each person's bonus through ``amounts[s]`` (none first)."""
    for s in staff:
        steps = [0] + [a for a in amounts[s] if a > 0]
        cur = d.bonus.get(s, 0)
        nxt = steps[(steps.index(cur) + 1) % len(steps)] if cur in steps else 0
        if nxt:
            d.bonus[s] = nxt
        else:
            d.bonus.pop(s, None)


def set_hire(d: Decisions, n: int, most: int) -> None:
    d.hire = max(0, min(most, n))


# --- the week ---------------------------------------------------------------------------
def to_play(d: Decisions, obs: Observation) -> Decisions:
    """The decisions "End week" plays: a copy of the draft as the run file will hold it,
    less what concerns a client let go this week (his requests, new terms and owner: his
    work leaves with him)."""
    out = Decisions.from_dict(d.to_dict())
    leaving = set(out.let_go)
    if leaving:
        client_of = dict(zip(obs.requests.rid.tolist(), obs.requests.client.tolist(),
                             strict=True))
        out.requests = {r: p for r, p in out.requests.items()
                        if client_of.get(r, -1) not in leaving}
        out.terms = {k: v for k, v in out.terms.items() if k not in leaving}
        out.owners = {k: v for k, v in out.owners.items() if k not in leaving}
    return out


def changes(d: Decisions) -> int:
    """How many things the player changed (shown next to End week)."""
    return sum(len(v) if isinstance(v, dict | list) else int(v)
               for v in (getattr(d, f) for f in d.__dataclass_fields__))
