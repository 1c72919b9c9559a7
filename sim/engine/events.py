"""Step 1 of the week: the scenario's scripted events.

Each kind of event is a record of :mod:`sim.engine.params` (``ClientArrives``, ``Lawsuit``…)
and has one handler here, found by the event's type in :data:`HANDLERS`. A new kind is a new
record there (listed in ``Event``), its handler here, its model in
:mod:`sim.scenario.models` and its line in :func:`sim.scenario.build.build_event`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .ledger import MORALE, PROFIT, REPUTATION
from .params import (
    ClientArrives,
    Lawsuit,
    MarketChange,
    Message,
    ReviewStorm,
    StaffJoins,
    StaffLeaves,
)
from .people import clip_rep, staff_gone
from .population import add_clients, add_staff
from .report import Note
from .state import ACTIVE, ORIGIN_EVENT, STAFF_GONE, GameState, mix_vector


def scripted_events(st: GameState) -> None:
    """The scenario's events for this week, in file order; each adds its opening note."""
    for ev in st.params.events:
        if ev.week == st.week:
            HANDLERS[type(ev)](st, ev)


def client_arrives(st: GameState, ev: ClientArrives) -> None:
    """The named client becomes active, his behaviour drawn from the events stream."""
    spec = ev.client
    tid = np.array([st.traits.index[spec.trait]])
    rows = add_clients(st, tid, status=ACTIVE, origin=ORIGIN_EVENT, rng=st.rng["events"],
                       specs=[spec], names=[spec.name])
    st.opening_notes.append(Note("event_client_arrives", {"client": spec.name},
                                 client=rows.start))


def market_change(st: GameState, ev: MarketChange) -> None:
    """The lead rate, the mix, the list price or the market's rate change from now on."""
    if ev.lead_rate is not None:
        st.lead_rate = float(ev.lead_rate)
    if ev.mix is not None:
        st.mix = mix_vector(ev.mix, st.traits.index)
    if ev.price_per_hour is not None:
        st.price_per_hour = int(ev.price_per_hour)
    if ev.rate_per_hour is not None:
        st.market_rate = int(ev.rate_per_hour)
    st.opening_notes.append(Note("event_market", {
        "lead_rate": round(st.lead_rate, 2), "price": st.price_per_hour / 100}))


def lawsuit(st: GameState, ev: Lawsuit) -> None:
    """The cost is paid with this week's costs; the reputation is lost at once."""
    cost = int(ev.cost)
    st.pending_costs += cost
    st.reputation = clip_rep(st.reputation - float(ev.reputation))
    st.opening_notes.append(Note("event_lawsuit", {"cost": cost / 100,
                                                   "reputation": ev.reputation},
                                 covers=((PROFIT, "events"), (REPUTATION, "events"))))


def review_storm(st: GameState, ev: ReviewStorm) -> None:
    """The reputation is lost at once."""
    st.reputation = clip_rep(st.reputation - float(ev.reputation))
    st.opening_notes.append(Note("event_review_storm", {"reputation": ev.reputation},
                                 covers=((REPUTATION, "events"),)))


def staff_leaves(st: GameState, ev: StaffLeaves) -> None:
    """He leaves (if he has not already) and his clients get new owners."""
    i = st.staff_index(ev.name)
    if st.staff.status[i] != STAFF_GONE:
        staff_gone(st, i)
        st.opening_notes.append(Note("event_staff_leaves", {"staff": st.staff_names[i]},
                                     staff=i, covers=((MORALE, "team"),)))


def staff_joins(st: GameState, ev: StaffJoins) -> None:
    """He starts this week."""
    i = add_staff(st, ev.staff)
    st.opening_notes.append(Note("event_staff_joins", {"staff": ev.staff.name}, staff=i,
                                 covers=((MORALE, "team"),)))


def message(st: GameState, ev: Message) -> None:
    """The text is shown to the player this week."""
    st.opening_notes.append(Note("event_message", {"text": dict(ev.text)}))


#: the handler of each kind of event, by its record type
HANDLERS: dict[type, Callable[[GameState, Any], None]] = {
    ClientArrives: client_arrives, MarketChange: market_change, Lawsuit: lawsuit,
    ReviewStorm: review_storm, StaffLeaves: staff_leaves, StaffJoins: staff_joins,
    Message: message,
}
