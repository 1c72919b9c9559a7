"""Traits revealed: each client's hidden type next to the tag the player gave him, and how
early and how accurately each type was spotted."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..engine import DECLINED, LEAD, STATUS_NAMES
from .replay import Replay


@dataclass(frozen=True)
class ClientReveal:
    """One client of the game with his true type and the player's guess.

    ``tag`` is the player's latest tag (None: never tagged), given in ``tag_week``;
    ``spotted_week`` is the first week a tag named the true type, and ``spotted_after`` the
    weeks from joining to it. ``profit`` is his ledger profit at the end (currency units).
    """

    id: int
    name: str
    trait: str
    status: str
    joined: int
    left: int | None
    tag: str | None
    tag_confidence: float | None
    tag_week: int | None
    spotted_week: int | None
    spotted_after: int | None
    profit: float

    @property
    def tag_right(self) -> bool | None:
        """Whether the latest tag names the true type (None when never tagged)."""
        return None if self.tag is None else self.tag == self.trait


@dataclass(frozen=True)
class TypeSpotting:
    """How one type was spotted: clients of it, how many were tagged, tagged right (latest
    tag), and the median weeks from joining to a correct tag."""

    trait: str
    clients: int
    tagged: int
    right: int
    median_weeks: float | None


@dataclass(frozen=True)
class Reveal:
    """Traits revealed for the whole game."""

    clients: list[ClientReveal]
    types: list[TypeSpotting]

    @property
    def tagged(self) -> int:
        return sum(c.tag is not None for c in self.clients)

    @property
    def tagged_right(self) -> int:
        return sum(bool(c.tag_right) for c in self.clients)

    @property
    def accuracy(self) -> float | None:
        """Share of tagged clients whose latest tag is right (None: no tags)."""
        return self.tagged_right / self.tagged if self.tagged else None


def reveal(rep: Replay) -> Reveal:
    """Every client who was ever with the firm (leads never taken are left out)."""
    st = rep.state
    c = st.clients
    names = st.traits.names
    first_right: dict[int, int] = {}
    for week, d in enumerate(rep.decisions, start=1):
        for i, tag in d.tags.items():
            if i < c.n and i not in first_right and tag.trait == names[int(c.trait[i])]:
                first_right[i] = week
    profit = rep.ledger[-1] if rep.ledger else []
    out = []
    for i in range(c.n):
        status = int(c.status[i])
        if status in (LEAD, DECLINED):  # never a client of the firm
            continue
        tag = int(c.tag[i])
        joined = int(c.joined[i])
        spotted = first_right.get(i)
        out.append(ClientReveal(
            id=i, name=st.client_names[i], trait=names[int(c.trait[i])],
            status=STATUS_NAMES[status], joined=joined,
            left=None if c.left[i] < 0 else int(c.left[i]),
            tag=names[tag] if tag >= 0 else None,
            tag_confidence=float(c.tag_confidence[i]) if tag >= 0 else None,
            tag_week=int(c.tag_week[i]) if tag >= 0 else None,
            spotted_week=spotted,
            spotted_after=None if spotted is None else spotted - max(joined, 1),
            profit=round(float(profit[i]), 2) if i < len(profit) else 0.0))
    types = []
    for t in names:
        mine = [r for r in out if r.trait == t]
        if not mine:
            continue
        weeks = [r.spotted_after for r in mine if r.spotted_after is not None]
        types.append(TypeSpotting(
            trait=t, clients=len(mine), tagged=sum(r.tag is not None for r in mine),
            right=sum(bool(r.tag_right) for r in mine),
            median_weeks=float(statistics.median(weeks)) if weeks else None))
    return Reveal(out, types)
