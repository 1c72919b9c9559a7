"""The state digest written to run files: SHA-256 over a canonical description of the state."""

from __future__ import annotations

import hashlib
import json

from .state import GameState


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
    for table in (st.clients, st.staff, st.requests, st.invoices):
        h.update(table.column_bytes())
    return h.hexdigest()
