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


def client_options(obs: Observation, i: int) -> dict[int, Terms | str | None]:
    """What each client action would change for client ``i``: new ``Terms``, the manner of
    letting him go, or ``None`` for an action that changes nothing."""
    c = obs.clients
    now = Terms.of(c, i)
    prepay = bool(c.prepay[i] or c.sig_prepay[i] or c.late_invoices[i] >= 2)
    options: dict[int, Terms | str | None] = {KEEP: None, LET_GO: POLITE}
    for action, terms in ((STRICT_TERMS, Terms.of(c, i, scope=True, grant_discounts=False,
                                                  prepay=prepay)),
                          (SCOPE_CONTACT, Terms.of(c, i, scope=True, contact=True)),
                          (VIP, Terms.of(c, i, vip=True))):
        options[action] = None if terms == now else terms
    return options


def to_decisions(obs: Observation, slots: Slots, leads: np.ndarray,
                 action: np.ndarray) -> Decisions:
    """The week's decisions for ``action`` (client slots first, then lead slots). An action
    the mask forbids (an empty slot, a change that changes nothing) is "keep"/"accept"."""
    d = Decisions()
    n_slots = len(slots.ids)
    for slot, i in zip(*slots.filled(), strict=True):
        a = int(action[slot])
        if a == KEEP or not 0 <= a < len(CLIENT_ACTIONS):
            continue
        change = client_options(obs, int(i))[a]
        if isinstance(change, Terms):
            d.terms[int(i)] = change
        elif change is not None:
            d.let_go[int(i)] = change
            d.blacklist.append(int(i))
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
    n_actions = len(CLIENT_ACTIONS)
    clients = np.zeros((len(slots.ids), n_actions), dtype=np.int8)
    clients[:, KEEP] = 1
    for slot, i in zip(*slots.filled(), strict=True):
        for a, change in client_options(obs, int(i)).items():
            clients[slot, a] = change is not None or a == KEEP
    lead = np.zeros((lead_slots, len(LEAD_ACTIONS)), dtype=np.int8)
    lead[:, ACCEPT] = 1
    lead[: len(leads), DECLINE] = 1
    return np.concatenate([clients.ravel(), lead.ravel()])
