"""A ready-made agency (the default scenario's numbers) for tests and quick experiments."""

from __future__ import annotations

from dataclasses import replace

from .params import GameParams, Market, StaffMember
from .traits import BUILTIN_TRAITS

STAFF = (
    StaffMember("Anna"), StaffMember("Boris"), StaffMember("Chen"), StaffMember("Dina"),
    StaffMember("Emil"),
)


def agency(**changes) -> GameParams:
    """The default agency: 5 staff, about 30 clients, 52 weeks."""
    p = GameParams(weeks=52, staff=STAFF, traits=tuple(BUILTIN_TRAITS.values()), name="agency",
                   market=Market(rate_per_hour=9_000))
    return replace(p, **changes) if changes else p
