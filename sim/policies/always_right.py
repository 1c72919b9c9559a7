"""The myth as a bot: serve everything, grant every discount, never refuse anyone."""

from __future__ import annotations

from ..engine import Decisions
from .base import Policy


class AlwaysRight(Policy):
    name = "always-right"

    def decide(self, obs, state=None) -> Decisions:
        # the defaults are exactly the myth: accept every lead, serve every request,
        # keep every client on list price with discounts granted
        return Decisions()
