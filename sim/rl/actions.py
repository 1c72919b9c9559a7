"""The environment's small action set and how it becomes the engine's ``Decisions``.

Per client slot one of :data:`CLIENT_ACTIONS`, per lead slot one of :data:`LEAD_ACTIONS`; the
action 0 everywhere is the always-right week (nothing changes, every lead accepted). Staff,
requests and prices stay at the engine's defaults. Numpy only (no Gymnasium).

A client keeps his slot for as long as he is active (slots are given to new clients lowest
first, in the order of their ids), so a slot's history is one client's history. Leads are
new every week: the first ``lead_slots`` of them, in id order.
"""

from __future__ import annotations

import numpy as np

from sim.engine import POLITE, STATUS_NAMES, Decisions, Observation, Terms
from sim.policies.base import may_ask_prepayment

ACTIVE = STATUS_NAMES.index("active")

KEEP, STRICT_TERMS, SCOPE_CONTACT, VIP, LET_GO = range(5)
#: what each client action does (the index is the action)
CLIENT_ACTIONS = (
    "keep",           # change nothing
    "strict_terms",   # a written scope and no discounts granted; prepayment asked too when
                      # he said at first contact he would prepay, or has paid late twice
    "scope_contact",  # a written scope and a single contact (tames a time eater)
    "vip",            # priority for his requests
    "let_go",         # let him go politely, and blacklist him so he does not come back
)
ACCEPT, DECLINE = range(2)
LEAD_ACTIONS = ("accept", "decline")


class Slots:
    """Which client sits in which slot: stable while he stays active."""

    def __init__(self, size: int) -> None:
        self.ids = np.full(size, -1, dtype=np.int64)

    def update(self, active: np.ndarray) -> None:
        """Free the slots of clients no longer in ``active`` and seat the new ones (those
        beyond the last free slot are not seen: their actions stay "keep")."""
        ids = self.ids
        ids[~np.isin(ids, active)] = -1
        new = active[~np.isin(active, ids)]
        free = (ids < 0).nonzero()[0]
        k = min(len(free), len(new))
        ids[free[:k]] = new[:k]

    def filled(self) -> tuple[np.ndarray, np.ndarray]:
        """The occupied slots and their client ids."""
        slots = (self.ids >= 0).nonzero()[0]
        return slots, self.ids[slots]


def _targets(obs: Observation, ids: np.ndarray) -> dict[int, dict[str, np.ndarray]]:
    """The terms each terms action sets for clients ``ids``: per action, the changed fields
    (one value per client); every other field stays as it is."""
    yes, no = np.ones(len(ids), dtype=bool), np.zeros(len(ids), dtype=bool)
    prepay = may_ask_prepayment(obs.clients)[ids]
    return {STRICT_TERMS: {"scope": yes, "grant_discounts": no, "prepay": prepay},
            SCOPE_CONTACT: {"scope": yes, "contact": yes},
            VIP: {"vip": yes}}


def _legal(obs: Observation, ids: np.ndarray,
           targets: dict[int, dict[str, np.ndarray]]) -> np.ndarray:
    """Which actions change something, per client ``ids`` (keep and let go always)."""
    c = obs.clients
    out = np.ones((len(ids), len(CLIENT_ACTIONS)), dtype=bool)
    for action, fields in targets.items():
        out[:, action] = np.logical_or.reduce(
            [getattr(c, name)[ids] != value for name, value in fields.items()])
    return out


def to_decisions(obs: Observation, slots: Slots, leads: np.ndarray,
                 action: np.ndarray) -> Decisions:
    """The week's decisions for ``action`` (client slots first, then lead slots). An action
    the mask forbids (an empty slot, a change that changes nothing) is "keep"/"accept"."""
    d = Decisions()
    n_slots = len(slots.ids)
    seats, ids = slots.filled()
    chosen = action[seats]
    acting = (chosen != KEEP) & (chosen >= 0) & (chosen < len(CLIENT_ACTIONS))
    seats, ids, chosen = seats[acting], ids[acting], chosen[acting]
    targets = _targets(obs, ids)
    legal = _legal(obs, ids, targets)
    for j, (i, a) in enumerate(zip(ids.tolist(), chosen.tolist(), strict=True)):
        if not legal[j, a]:
            continue
        if a == LET_GO:
            d.let_go[i] = POLITE
            d.blacklist.append(i)
        else:
            d.terms[i] = Terms.of(obs.clients, i, **{name: bool(value[j])
                                                     for name, value in targets[a].items()})
    for k, i in enumerate(leads.tolist()):
        if int(action[n_slots + k]) == DECLINE:
            d.leads[i] = False
    return d


def action_mask(obs: Observation, slots: Slots, leads: np.ndarray,
                lead_slots: int) -> np.ndarray:
    """The legal actions, flat in the order of the action space (for each client slot its
    :data:`CLIENT_ACTIONS`, then for each lead slot its :data:`LEAD_ACTIONS`): "keep" and
    "accept" always; the others where a client or lead is seated and the action changes
    something."""
    clients = np.zeros((len(slots.ids), len(CLIENT_ACTIONS)), dtype=np.int8)
    clients[:, KEEP] = 1
    seats, ids = slots.filled()
    clients[seats] = _legal(obs, ids, _targets(obs, ids))
    lead = np.zeros((lead_slots, len(LEAD_ACTIONS)), dtype=np.int8)
    lead[:, ACCEPT] = 1
    lead[: len(leads), DECLINE] = 1
    return np.concatenate([clients.ravel(), lead.ravel()])
