"""The upper reference: a manager who knows every client's hidden trait from day one.

Only this bot is given the state. It lets go the time eaters, the non-payers and the
know-betters at once (which costs revenue in the first weeks: L6), puts hagglers on new terms,
gives loyal clients priority and declines leads of the harmful kinds.
"""

from __future__ import annotations

from ..engine import BLUNT, POLITE, Decisions, Terms
from ..engine.state import ACTIVE, LEAD
from .base import Policy

FIRE = ("vampire", "dead", "know_better")
DECLINE = FIRE
QUIET_VOICE = 0.9


class Oracle(Policy):
    name = "oracle"
    needs_state = True

    def __init__(self, seed: int = 0, fire: tuple[str, ...] = FIRE,
                 terms_for: tuple[str, ...] = ("haggler",),
                 vip_for: tuple[str, ...] = ("loyal",), decline: tuple[str, ...] = DECLINE,
                 manner: str | None = None) -> None:
        super().__init__(seed)
        self.fire, self.terms_for, self.vip_for = fire, terms_for, vip_for
        self.decline, self.manner = decline, manner

    def decide(self, obs, state=None) -> Decisions:
        if state is None:
            raise ValueError("the oracle needs the game state")
        d = Decisions()
        c = state.clients
        n = c.n
        names = state.traits.names
        trait = c.trait[:n]
        status = c.status[:n]
        for i in (status == LEAD).nonzero()[0]:
            if names[trait[i]] in self.decline:
                d.leads[int(i)] = False
        for i in (status == ACTIVE).nonzero()[0]:
            i = int(i)
            t = names[trait[i]]
            if t in self.fire:
                # blunt only where nobody will hear of it: a quiet client
                d.let_go[i] = self.manner or (BLUNT if c.voice[i] < QUIET_VOICE else POLITE)
                d.blacklist.append(i)
            elif t in self.terms_for and not c.scope[i]:
                haggler = t == "haggler"
                d.terms[i] = Terms(price_factor=float(c.price_factor[i]), prepay=haggler,
                                   scope=True, contact=not haggler, vip=bool(c.vip[i]),
                                   grant_discounts=not haggler)
            elif t in self.vip_for and not c.vip[i]:
                d.terms[i] = Terms(price_factor=float(c.price_factor[i]),
                                   prepay=bool(c.prepay[i]), scope=bool(c.scope[i]),
                                   contact=bool(c.contact[i]), vip=True,
                                   grant_discounts=bool(c.grant_discounts[i]))
        return d
