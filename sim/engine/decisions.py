"""The player's decisions for one week: plain, typed, JSON-serialisable values.

Everything left out means "as before" (requests: serve in priority order; leads: accept;
terms: unchanged). ``Decisions()`` is therefore the always-right week. Ids are the client,
staff and request ids that the observation shows.

The order of entries never matters: the engine applies each part in a fixed order (letting
go by client id), so a decision read back from a run file (where keys are sorted) replays
to the same bytes.
"""

from __future__ import annotations

from dataclasses import asdict, field
from enum import StrEnum
from typing import Any

from .records import record


class Action(StrEnum):
    """What to do with a request (``RequestPlan.action``); a member equals its string."""

    SERVE = "serve"
    DECLINE = "decline"
    DEFER = "defer"


class Manner(StrEnum):
    """How a client is let go (``Decisions.let_go``); a member equals its string."""

    POLITE = "polite"
    BLUNT = "blunt"
    PRICE_OUT = "price_out"


SERVE, DECLINE, DEFER = Action
REQUEST_ACTIONS = tuple(Action)
POLITE, BLUNT, PRICE_OUT = Manner
LET_GO_MANNERS = tuple(Manner)


class IllegalDecision(ValueError):
    """A decision that cannot apply (unknown client, a client already gone, ...).

    The engine raises it before changing anything, so the UI can show ``reason`` and the
    week is not spent.
    """

    def __init__(self, reason: str, key: str = "illegal", **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = key
        self.params = params


@record(frozen=True)
class Terms:
    """A client's terms. ``price_factor`` multiplies the list price per hour."""

    price_factor: float = 1.0
    prepay: bool = False
    scope: bool = False
    contact: bool = False
    vip: bool = False
    grant_discounts: bool = True

    @classmethod
    def of(cls, clients: Any, i: int, **changes: Any) -> Terms:
        """Client ``i``'s current terms, read from the observation's or the state's client
        columns, with the given fields changed."""
        current = {"price_factor": float(clients.price_factor[i]),
                   "prepay": bool(clients.prepay[i]), "scope": bool(clients.scope[i]),
                   "contact": bool(clients.contact[i]), "vip": bool(clients.vip[i]),
                   "grant_discounts": bool(clients.grant_discounts[i])}
        current.update(changes)
        return cls(**current)


@record(frozen=True)
class RequestPlan:
    """What to do with one request: serve (optionally by whom and up to how many hours this
    week), decline, or defer to next week."""

    action: str = SERVE
    staff: int | None = None
    hours: float | None = None


@record(frozen=True)
class Tag:
    """The player's guess of a client's hidden type, for the debrief."""

    trait: str
    confidence: float = 0.5


@record
class Decisions:
    """One week of decisions. See the module docstring for defaults."""

    requests: dict[int, RequestPlan] = field(default_factory=dict)
    leads: dict[int, bool] = field(default_factory=dict)
    terms: dict[int, Terms] = field(default_factory=dict)
    let_go: dict[int, str] = field(default_factory=dict)
    blacklist: list[int] = field(default_factory=list)
    owners: dict[int, int] = field(default_factory=dict)
    overtime: dict[int, float] = field(default_factory=dict)
    bonus: dict[int, int] = field(default_factory=dict)
    time_off: list[int] = field(default_factory=list)
    hire: int = 0
    tags: dict[int, Tag] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in self.__dataclass_fields__)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (keys become strings; empty parts are left out)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not value:
                continue
            if isinstance(value, dict):
                out[name] = {
                    str(k): (_compact(asdict(v)) if hasattr(v, "__dataclass_fields__") else v)
                    for k, v in sorted(value.items())
                }
            elif isinstance(value, list):
                out[name] = sorted(value)
            else:
                out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decisions:
        """Inverse of :meth:`to_dict`; raises ``IllegalDecision`` on a malformed value."""
        if not isinstance(data, dict):
            raise IllegalDecision("decisions must be an object", "bad_decisions")
        unknown = data.keys() - _FIELDS
        if unknown:
            raise IllegalDecision(f"unknown decision field(s): {', '.join(sorted(unknown))}",
                                  "bad_decisions")
        try:
            # only the parts given are read (a part left out is its default), in the order
            # of the fields, so the first malformed part is the one named
            return cls(**{name: read(data[name]) for name, read in _READ if name in data})
        except (TypeError, ValueError, AttributeError) as exc:
            raise IllegalDecision(f"malformed decisions: {exc}", "bad_decisions") from None


_FIELDS = frozenset(Decisions.__dataclass_fields__)
#: how :meth:`Decisions.from_dict` reads each part, in the order of the fields
_READ: tuple[tuple[str, Any], ...] = (
    ("requests", lambda v: {int(k): RequestPlan(**p) for k, p in v.items()}),
    ("leads", lambda v: {int(k): bool(x) for k, x in v.items()}),
    ("terms", lambda v: {int(k): Terms(**t) for k, t in v.items()}),
    ("let_go", lambda v: {int(k): str(x) for k, x in v.items()}),
    ("blacklist", lambda v: [int(x) for x in v]),
    ("owners", lambda v: {int(k): int(x) for k, x in v.items()}),
    ("overtime", lambda v: {int(k): float(x) for k, x in v.items()}),
    ("bonus", lambda v: {int(k): int(x) for k, x in v.items()}),
    ("time_off", lambda v: [int(x) for x in v]),
    ("hire", int),
    ("tags", lambda v: {int(k): Tag(**t) for k, t in v.items()}),
)
assert tuple(name for name, _ in _READ) == tuple(Decisions.__dataclass_fields__)


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}
