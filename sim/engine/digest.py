"""The state digest written to run files: SHA-256 over a canonical description of the state."""

from __future__ import annotations

import hashlib
import json
import sys
from json.encoder import encode_basestring_ascii as _quote
from math import isfinite
from typing import Any

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
    h.update(_head(st))
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


def _head_dict(st: GameState) -> dict[str, Any]:
    """The scalar state and the random streams' states: the head of the digest."""
    return {
        "week": st.week, "over": st.over, "cash": st.cash,
        "reputation": round(st.reputation, 9), "price": st.price_per_hour,
        "market_rate": st.market_rate,
        "lead_rate": round(st.lead_rate, 9), "next_request": st.next_request_id,
        "revenue_total": st.revenue_total, "profit_total": st.profit_total,
        "clients": st.client_names, "staff": st.staff_names,
        "rng": [g.bit_generator.state["state"]["state"] for g in st.rng.values()],
    }


def _head_json(st: GameState) -> bytes:
    """The head as the digest has always hashed it: sorted, compact JSON."""
    return json.dumps(_head_dict(st), sort_keys=True, separators=(",", ":")).encode()


#: the head's JSON with its keys in sorted order, for values that are plain ints, finite
#: floats, a bool and lists of strings (what ``json.dumps`` writes for them: ``repr`` of an
#: int or a float, ``true``/``false``, ASCII-escaped strings)
_HEAD = ('{{"cash":{!r},"clients":[{}],"lead_rate":{!r},"market_rate":{!r},'
         '"next_request":{!r},"over":{},"price":{!r},"profit_total":{!r},"reputation":{!r},'
         '"revenue_total":{!r},"rng":[{}],"staff":[{}],"week":{!r}}}')
_NUMBER = (int, float)


def _head(st: GameState) -> bytes:
    """:func:`_head_json`'s bytes, written directly when every value is of a plain type (a
    dict built, sorted and encoded generically cost most of a digest's head); any other
    value takes the generic encoder, which decides what it writes."""
    over = st.over
    numbers = (st.cash, round(st.lead_rate, 9), st.market_rate, st.next_request_id,
               st.price_per_hour, st.profit_total, round(st.reputation, 9), st.revenue_total,
               st.week)
    rng = [g.bit_generator.state["state"]["state"] for g in st.rng.values()]
    clients, staff = st.client_names, st.staff_names
    if (over is not True and over is not False) or type(clients) is not list \
            or type(staff) is not list:
        return _head_json(st)
    for x in numbers:
        kind = type(x)
        if kind is not int and (kind is not float or not isfinite(x)):
            return _head_json(st)
    for x in rng:
        if type(x) is not int:
            return _head_json(st)
    try:
        clients = ",".join(map(_quote, clients))
        staff = ",".join(map(_quote, staff))
    except TypeError:  # not a list of strings
        return _head_json(st)
    cash, lead_rate, market_rate, next_request, price, profit, reputation, revenue, week = \
        numbers
    return _HEAD.format(cash, clients, lead_rate, market_rate, next_request,
                        "true" if over else "false", price, profit, reputation, revenue,
                        ",".join(map(repr, rng)), staff, week).encode()
