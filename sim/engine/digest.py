"""The state digest written to run files: SHA-256 over a canonical description of the state."""

from __future__ import annotations

import hashlib
import json
import sys

from .state import GameState
from .tables import Table

_LITTLE = sys.byteorder == "little"
_DIGESTED: dict[type, tuple[str, ...]] = {}  # per table class: its columns in digest order


def _digested(table: Table) -> tuple[str, ...]:
    """The columns a digest covers, in its fixed order: every column but the ids, sorted."""
    names = _DIGESTED.get(type(table))
    if names is None:
        names = _DIGESTED[type(table)] = tuple(
            name for name in sorted(table.COLUMNS) if name not in table.IDS)
    return names


def state_digest(st: GameState) -> str:
    """A hex digest that changes when anything the game depends on changes."""
    h = hashlib.sha256()
    head = {
        "week": st.week, "over": st.over, "cash": st.cash,
        "reputation": round(st.reputation, 9), "price": st.price_per_hour,
        "market_rate": st.market_rate,
        "lead_rate": round(st.lead_rate, 9), "next_request": st.next_request_id,
        "revenue_total": st.revenue_total, "profit_total": st.profit_total,
        "clients": st.client_names, "staff": st.staff_names,
        "rng": [g.bit_generator.state["state"]["state"] for g in st.rng.values()],
    }
    h.update(json.dumps(head, sort_keys=True, separators=(",", ":")).encode())
    # the used part of every column, little-endian: hashed where it lies (a slice of a
    # column is contiguous), so nothing is copied on a little-endian machine
    update = h.update
    for table in (st.clients, st.staff, st.requests, st.invoices):
        n = table.n
        for name in _digested(table):
            arr = getattr(table, name)[:n]
            update(arr if _LITTLE or arr.dtype.byteorder == "|"
                   else arr.astype(arr.dtype.newbyteorder("<")))
    return h.hexdigest()
