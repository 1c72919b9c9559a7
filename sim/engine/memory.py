"""What the week report remembers about each client from week to week, so that when he
leaves it can name the real reason (the waits, the refusals, the price) and not only what
happened this week.

Nothing in the model reads it: it is outside the state digest, draws no random numbers and
changes no result. The observation shows one part of it, as a manager would hear it: the
clients who have said that their price is more than they are willing to pay.
"""

from __future__ import annotations

import numpy as np

#: what hurt a client's satisfaction, in the order of :attr:`ClientMemory.hurt`
WAIT, DECLINED, DEFERRED, REFUSED = range(4)
HURTS = ("waiting", "declined", "deferred", "refused")


class ClientMemory:
    """Per client: how much of his present dissatisfaction each kind of shock explains
    (``hurt``, decaying as satisfaction recovers), the weeks his work waited and who took the
    hours then, the requests turned down and discounts refused, and since when his price has
    been above what he is willing to pay."""

    #: the per-client columns besides ``hurt``, with what a row that remembers nothing holds
    COLUMNS = (("waited_weeks", 0), ("eater", -1), ("eater_hours", 0.0), ("declined", 0),
               ("refused", 0), ("over_price_since", -1), ("objections", 0))

    def __init__(self) -> None:
        self.n = 0
        self.hurt = np.zeros((len(HURTS), 0))
        self.waited_weeks = np.zeros(0, dtype=np.int64)
        self.eater = np.zeros(0, dtype=np.int64)
        self.eater_hours = np.zeros(0)
        self.declined = np.zeros(0, dtype=np.int64)
        self.refused = np.zeros(0, dtype=np.int64)
        self.over_price_since = np.zeros(0, dtype=np.int64)
        self.objections = np.zeros(0, dtype=np.int64)

    def fit(self, n: int) -> None:
        """Make room for ``n`` clients (new rows remember nothing yet).

        The columns are grown by doubling, like the client table: a game adds a few rows most
        weeks, and copying every column each time cost more than the rest of the memory. Rows
        past ``n`` hold the values of a row that remembers nothing, and every method works on
        the first ``n`` only, so they are never written before they are used.
        """
        if n <= self.n:
            return
        capacity = self.hurt.shape[1]
        if n > capacity:
            capacity = max(n, 2 * capacity, 64)
            hurt = np.zeros((len(HURTS), capacity))
            hurt[:, : self.n] = self.hurt[:, : self.n]
            self.hurt = hurt
            for name, fill in self.COLUMNS:
                old = getattr(self, name)
                new = np.full(capacity, fill, dtype=old.dtype)
                new[: self.n] = old[: self.n]
                setattr(self, name, new)
        self.n = n

    def copy(self) -> ClientMemory:
        new = ClientMemory()
        new.__dict__.update({k: (v.copy() if isinstance(v, np.ndarray) else v)
                             for k, v in self.__dict__.items()})
        return new

    def satisfaction(self, active: np.ndarray, speed: np.ndarray,
                     shocks: tuple[np.ndarray | float, ...]) -> None:
        """This week's shocks to satisfaction, by kind (:data:`HURTS`; 0.0 for a kind that
        hurt nobody); older ones fade at the speed satisfaction moves back toward what the
        client would feel. (What his price and his own nature take from his satisfaction
        need no memory: they are this week's, worked out when he leaves.)"""
        n = len(active)
        self.fit(n)
        hurt = self.hurt[:, :n]
        hurt *= 1.0 - speed * active
        for k, shock in enumerate(shocks):
            if isinstance(shock, np.ndarray):
                hurt[k] += shock * active

    def waiting(self, waited: np.ndarray, eater: int, eater_hours: float) -> None:
        """The clients whose work waited this week (the mask ``waited``), and who took the
        hours meanwhile (``eater`` -1: nobody in particular)."""
        n = len(waited)
        self.fit(n)
        self.waited_weeks[:n] += waited
        if eater >= 0:
            mask = waited.copy()
            mask[eater] = False
            self.eater[:n][mask] = eater
            self.eater_hours[:n][mask] = eater_hours

    def turned_down(self, declined: np.ndarray | None, refused: np.ndarray | None) -> None:
        """Requests declined (or withdrawn after waiting too long) and discounts refused, by
        client (None: nobody this week)."""
        if declined is not None:
            n = len(declined)
            self.fit(n)
            self.declined[:n] += declined
        if refused is not None:
            n = len(refused)
            self.fit(n)
            self.refused[:n] += refused

    def over_price(self, over: np.ndarray, week: int) -> None:
        """Clients whose price is above what they are willing to pay this week."""
        n = len(over)
        self.fit(n)
        since = self.over_price_since[:n]
        since[over & (since < 0)] = week
        since[~over] = -1
        self.objections[:n] += over

    def over_price_rows(self, n: int, over: list[int], week: int) -> list[int]:
        """:meth:`over_price` for the rows ``over`` (the others are not over their price):
        the rows that say so from this ``week``."""
        self.fit(n)
        since = self.over_price_since[:n]
        before = [int(since[i]) for i in over]
        since[:] = -1
        newly = []
        for i, was in zip(over, before, strict=True):
            if was < 0 or was == week:
                since[i] = week
                newly.append(i)
            else:
                since[i] = was
            self.objections[i] += 1
        return newly

    def price_cues(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """What the clients have said of their price, for the observation: the week since
        which each has said it is more than he will pay (-1: he has not, or no longer), and
        in how many weeks he has said so."""
        self.fit(n)
        return self.over_price_since[:n].copy(), self.objections[:n].copy()
