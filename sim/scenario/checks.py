"""Checks across sections of a scenario: referenced traits and staff exist, names are unique,
events fall inside the game, shares add up.

They work on plain data (the YAML as read, or a model's dump) and skip whatever has the wrong
type, so they can run even when the models found other problems: a file's problems are all
reported at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sim.engine import BUILTIN_TRAITS, MAX_ACTIVE_CLIENTS, Market
from sim.textsafe import shown

from .yamlsafe import FieldPath

#: a file's problems past this many are not looked for (a hostile file may have thousands;
#: an instructor reads the first ones), and "did you mean" compares with this many names
MAX_ISSUES = 100
_SUGGEST_FROM = 200
#: the most staff a scenario names (at the start and by staff_joins events)
MAX_NAMED_STAFF = 100


@dataclass(frozen=True)
class Issue:
    """A cross-section problem at ``path``; ``at_key`` points at the key rather than the value."""

    path: FieldPath
    message: str
    at_key: bool = False


def did_you_mean(word: str, choices: Iterable[str], what: str, limit: int = 40) -> str:
    """``unknown {what} 'x'; did you mean 'y'?``, or the choices when nothing is close (unless
    there are more than ``limit``)."""
    choices = list(choices)
    word_ = shown(word, 60)
    # difflib is quadratic in the lengths: compare short words with a bounded list
    close = difflib.get_close_matches(word[:64], choices[:_SUGGEST_FROM], n=1) \
        if len(word) <= 64 else []
    if close:
        return f"unknown {what} '{word_}'; did you mean '{shown(close[0], 60)}'?"
    if len(choices) > limit:
        return f"unknown {what} '{word_}'"
    return f"unknown {what} '{word_}'; expected one of: {', '.join(map(shown, choices))}"


def _dict(x: Any) -> dict:
    return x if isinstance(x, dict) else {}


def _list(x: Any) -> list:
    return x if isinstance(x, list) else []


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


class _Checker:
    def __init__(self, data: dict) -> None:
        self.data = data
        self.issues: list[Issue] = []
        traits = _dict(data.get("traits"))
        self.traits = list(BUILTIN_TRAITS) + [n for n in traits if n not in BUILTIN_TRAITS]
        self.trait_set = set(self.traits)

    def add(self, path: FieldPath, message: str, at_key: bool = False) -> None:
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(Issue(tuple(path), message, at_key))

    def trait_ref(self, path: FieldPath, name: Any, at_key: bool = False) -> None:
        if isinstance(name, str) and name not in self.trait_set \
                and len(self.issues) < MAX_ISSUES:
            self.add(path, did_you_mean(name, self.traits, "trait"), at_key)

    def mix(self, path: FieldPath, mix: Any) -> None:
        if not isinstance(mix, dict):
            return
        for name in mix:
            self.trait_ref(path + (name,), name, at_key=True)
        shares = list(mix.values())
        if shares and all(_number(s) and s >= 0 for s in shares) and sum(shares) <= 0:
            self.add(path, "the shares must add up to more than 0")

    def run(self) -> list[Issue]:
        self.check_traits()
        market = _dict(self.data.get("market"))
        self.mix(("market", "mix"), market.get("mix"))
        self.mix(("market", "initial_mix"), market.get("initial_mix"))
        self.check_staff_and_clients()
        self.check_event_weeks()
        self.check_sizes()
        return self.issues

    def check_sizes(self) -> None:
        """The model's caps: clients at the start and by event, staff named in the file."""
        market = _dict(self.data.get("market"))
        initial = market.get("initial_clients", Market.initial_clients)
        initial = initial if isinstance(initial, int) and not isinstance(initial, bool) else 0
        named = len(_list(self.data.get("clients")))
        events = [_dict(e) for e in _list(self.data.get("events"))]
        arrive = sum(e.get("kind") == "client_arrives" for e in events)
        if initial + named + arrive > MAX_ACTIVE_CLIENTS:
            where = ("market", "initial_clients") if "initial_clients" in market else \
                ("clients",) if named else ("events",)
            self.add(where, f"{initial} initial + {named} named + {arrive} arriving clients "
                     f"is {initial + named + arrive}; a firm has at most {MAX_ACTIVE_CLIENTS} "
                     "clients", at_key=True)
        staff = len(_list(self.data.get("staff")))
        joins = sum(e.get("kind") == "staff_joins" for e in events)
        if staff + joins > MAX_NAMED_STAFF:
            self.add(("events",) if joins else ("staff",), f"{staff} staff + {joins} joining "
                     f"is {staff + joins}; a scenario names at most {MAX_NAMED_STAFF} staff",
                     at_key=True)

    def check_traits(self) -> None:
        defined = list(BUILTIN_TRAITS)
        defined_set = set(defined)
        pay = {n: (t.pay_late, t.pay_never) for n, t in BUILTIN_TRAITS.items()}
        for name, t in _dict(self.data.get("traits")).items():
            if not isinstance(t, dict):
                continue
            base = t.get("base")
            if name in BUILTIN_TRAITS:
                if "base" in t:
                    self.add(("traits", name, "base"), f"'{name}' is a built-in trait: override "
                             "its fields directly, without base")
                start = pay[name]
            elif base is None:
                self.add(("traits", name), "a new trait needs base: the existing trait it "
                         "starts from", at_key=True)
                start = None
            elif isinstance(base, str) and base not in defined_set:
                where = " (a trait defined further down cannot be a base)" \
                    if base in self.trait_set else ""
                self.add(("traits", name, "base"), did_you_mean(base, defined, "base trait")
                         + where)
                start = None
            else:
                start = pay.get(base) if isinstance(base, str) else None
            defined.append(name)
            defined_set.add(name)
            self.mix(("traits", name, "refers"), t.get("refers"))
            if start is not None:
                late = t.get("pay_late", start[0])
                never = t.get("pay_never", start[1])
                pay[name] = (late, never)
                if _number(late) and _number(never) and late + never > 1 + 1e-9:
                    field = "pay_never" if "pay_never" in t else "pay_late"
                    self.add(("traits", name, field), f"pay_late + pay_never is "
                             f"{late + never:g}; they are shares of invoices and must add "
                             "up to at most 1")

    def check_staff_and_clients(self) -> None:
        staff_seen: dict[str, str] = {}
        client_seen: dict[str, str] = {}

        def unique(seen: dict[str, str], name: Any, path: FieldPath, what: str) -> None:
            if not isinstance(name, str):
                return
            if name in seen:
                self.add(path, f"duplicate {what} name '{shown(name, 60)}' (also at "
                         f"{seen[name]})")
            else:
                seen[name] = ".".join(map(str, path[:-1]))

        for i, member in enumerate(_list(self.data.get("staff"))):
            unique(staff_seen, _dict(member).get("name"), ("staff", i, "name"), "staff")
        for i, client in enumerate(_list(self.data.get("clients"))):
            client = _dict(client)
            unique(client_seen, client.get("name"), ("clients", i, "name"), "client")
            self.trait_ref(("clients", i, "trait"), client.get("trait"))
        events = [_dict(e) for e in _list(self.data.get("events"))]
        joins = [(i, e) for i, e in enumerate(events) if e.get("kind") == "staff_joins"]
        for i, e in joins:
            unique(staff_seen, _dict(e.get("staff")).get("name"), ("events", i, "staff", "name"),
                   "staff")
        initial = [n for n in (_dict(m).get("name") for m in _list(self.data.get("staff")))
                   if isinstance(n, str)]
        for i, e in enumerate(events):
            kind = e.get("kind")
            if kind == "client_arrives":
                client = _dict(e.get("client"))
                unique(client_seen, client.get("name"), ("events", i, "client", "name"),
                       "client")
                self.trait_ref(("events", i, "client", "trait"), client.get("trait"))
            elif kind == "market":
                self.mix(("events", i, "mix"), e.get("mix"))
        # every leave names someone present by then: one pass over joins and leaves in time
        # order (a join counts for a leave of a later week, or of its own week further down)
        timed = sorted((_when(e, i, e.get("kind") == "staff_joins"), i)
                       for i, e in enumerate(events)
                       if e.get("kind") in ("staff_joins", "staff_leaves"))
        present = list(initial)
        seen = set(present)
        for _, i in timed:
            e = events[i]
            name = _dict(e.get("staff")).get("name") if e.get("kind") == "staff_joins" \
                else e.get("name")
            if not isinstance(name, str):
                continue
            if e.get("kind") == "staff_joins":
                if name not in seen:
                    seen.add(name)
                    present.append(name)
            elif name not in seen and len(self.issues) < MAX_ISSUES:
                close = difflib.get_close_matches(name[:64], present[:_SUGGEST_FROM], n=1)
                hint = f"did you mean '{shown(close[0])}'?" if close else \
                    f"staff by then: {', '.join(map(shown, present[:20])) or 'nobody'}" + \
                    (", ..." if len(present) > 20 else "")
                self.add(("events", i, "name"), f"no member of staff named "
                         f"'{shown(name, 60)}'; {hint}")

    def check_event_weeks(self) -> None:
        weeks = self.data.get("weeks")
        if not (isinstance(weeks, int) and not isinstance(weeks, bool) and 1 <= weeks <= 520):
            return
        for i, e in enumerate(_list(self.data.get("events"))):
            week = _dict(e).get("week")
            if isinstance(week, int) and not isinstance(week, bool) and week > weeks:
                self.add(("events", i, "week"), f"week {week} is after the end of the game "
                         f"(weeks: {weeks})")


def _when(event: dict, i: int, join: bool) -> tuple[float, int]:
    """When a staff event happens, for ordering: its week, then its place in the file. An
    event whose week has the wrong type (reported elsewhere) does not cause a second
    problem: such a join counts before every leave, such a leave after every join."""
    week = event.get("week")
    if not _number(week):
        return (float("-inf") if join else float("inf"), i)
    return (float(week), i)


def cross_checks(data: Any) -> list[Issue]:
    """All cross-section problems of a scenario given as plain data.

    Args:
        data: The scenario mapping (values of wrong types are skipped, not reported).

    Returns:
        The issues found, in the order of the checks.
    """
    if not isinstance(data, dict):
        return []
    return _Checker(data).run()
