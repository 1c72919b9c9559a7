"""Why a client left: the reason the week report gives, from what the client's memory holds
(:mod:`sim.engine.memory`), never only from this week."""

from __future__ import annotations

import numpy as np

from .explain import hours, units
from .memory import DECLINED, DEFERRED, HURTS, REFUSED, WAIT
from .prices import client_nature, price_ratio, price_target
from .report import Note
from .state import GameState

#: the least of a shock to satisfaction that counts as a reason to leave
HURT_FLOOR = 1e-3


def price_note(st: GameState, i: int) -> Note:
    """A client left because his price is above what he is willing to pay: which price (the
    list price, or the one set for him) and since when."""
    c = st.clients
    pf = float(c.price_factor[i])
    since = int(st.memory.over_price_since[i]) if i < st.memory.n else st.week
    price = units(st.price_per_hour * pf)
    name = st.client_names[i]
    if abs(pf - 1.0) < 1e-9:
        return Note("left_list_price", {"client": name, "price": price, "since": since},
                    client=i)
    return Note("left_price", {"client": name, "price": price, "since": since}, client=i)


def unhappy_note(st: GameState, i: int, *, stayed_happy: bool) -> Note:
    """A client left unhappy (his work is not waiting now): the shock that explains most of
    his dissatisfaction, or his own nature, or nothing at all (clients move on)."""
    name = st.client_names[i]
    if stayed_happy:
        return Note("left_moved_on", {"client": name}, client=i)
    mem = st.memory
    mem.fit(i + 1)
    hurt = {HURTS[k]: float(mem.hurt[k, i]) for k in range(len(HURTS))}
    # what his price takes from what his nature would have him feel, and how far below
    # contentment his nature leaves him: this week's (he was active), as step 7 had them
    c, r = st.clients, st.params.rules
    nature = client_nature(st.traits.satisfaction[c.trait[i]], c.vip[i], r)
    pf = c.price_factor[i]
    ratio = price_ratio(st.price_per_hour, st.market_rate, pf, c.budget[i])
    hurt["price"] = float(nature - price_target(nature, pf, ratio, r))
    hurt["nature"] = float(np.maximum(0.0, r.satisfied - nature))
    reason = max(hurt, key=hurt.__getitem__)
    if hurt[reason] < HURT_FLOOR:
        return Note("left_unhappy", {"client": name}, client=i)
    if reason == HURTS[WAIT]:
        params = {"client": name, "weeks": max(1, int(mem.waited_weeks[i]))}
        e = int(mem.eater[i])
        if e >= 0:
            params["eater"] = st.client_names[e]
            params["eater_hours"] = hours(mem.eater_hours[i])
        return Note("left_unhappy_waiting", params, client=i)
    if reason == HURTS[DECLINED]:
        return Note("left_unhappy_declined",
                    {"client": name, "count": max(1, int(mem.declined[i]))}, client=i)
    if reason == HURTS[DEFERRED]:
        return Note("left_unhappy_deferred", {"client": name}, client=i)
    if reason == HURTS[REFUSED]:
        return Note("left_unhappy_refused",
                    {"client": name, "count": max(1, int(mem.refused[i]))}, client=i)
    if reason == "price":
        price = units(st.price_per_hour * float(st.clients.price_factor[i]))
        return Note("left_unhappy_price", {"client": name, "price": price}, client=i)
    return Note("left_hard_to_please", {"client": name}, client=i)
