"""The shape of a week's decisions in a run file, checked before the engine sees them.

A run file may come from a stranger. :func:`decisions_problem` checks the JSON of one week's
``decisions`` against the form ``Decisions.to_dict`` writes: known fields, ids as keys,
every number finite and in range, booleans that are booleans, bounded entry counts; so that
nothing later can overflow (``int(1e400)``) or take unbounded time.
"""

from __future__ import annotations

from typing import Any

from ..textsafe import shown

#: bounds of a week's decisions: ids and entries far above any game, numbers that stay exact
MAX_ID = 10**7
MAX_ENTRIES = 100_000
MAX_NUMBER = 1e12

_SCALAR_KINDS: dict[str, tuple[type, ...]] = {"int": (int,), "number": (int, float),
                                              "bool": (bool,), "str": (str,)}
#: field -> (kind of key, kind of value or {attribute: kind}) of Decisions.to_dict's form
_DECISION_SHAPE: dict[str, Any] = {
    "requests": {"action": "str", "staff": "int?", "hours": "number?"},
    "leads": "bool", "let_go": "str", "owners": "int", "overtime": "number",
    "bonus": "number", "blacklist": "list", "time_off": "list", "hire": "scalar",
    "terms": {"price_factor": "number", "prepay": "bool", "scope": "bool",
              "contact": "bool", "vip": "bool", "grant_discounts": "bool"},
    "tags": {"trait": "str", "confidence": "number"},
}


def _value_problem(value: Any, kind: str) -> str:
    """What is wrong with one decision value of ``kind`` (``int``, ``number?``...), or ''."""
    if kind.endswith("?"):
        if value is None:
            return ""
        kind = kind[:-1]
    types = _SCALAR_KINDS[kind]
    if isinstance(value, bool) != (kind == "bool") or not isinstance(value, types):
        return f"expected {'a whole number' if kind == 'int' else kind}, got " \
               f"{shown(type(value).__name__)}"
    if kind in ("int", "number") and not -MAX_NUMBER <= value <= MAX_NUMBER:
        return f"{shown(value, 30)} is out of range"
    if kind == "int" and not 0 <= value <= MAX_ID:
        return f"{shown(value, 30)} is not an id"
    if kind == "str" and len(value) > 40:
        return "a text longer than 40 characters"
    return ""


def _id_key(key: str) -> bool:
    return key.isascii() and key.isdigit() and len(key) <= 8


def decisions_problem(data: Any) -> str:
    """The first thing wrong with a week's decisions as JSON (``field.key: why``), or '':
    every key an id, every number finite and in range, every entry count bounded, so that
    nothing later can overflow or take unbounded time."""
    if not isinstance(data, dict):
        return "not an object"
    for name, value in data.items():
        shape = _DECISION_SHAPE.get(name)
        if shape is None:
            return f"unknown decision field {shown(name, 40)!r}"
        if shape == "scalar":
            why = _value_problem(value, "int")
            if why:
                return f"{name}: {why}"
            continue
        if shape == "list":
            if not isinstance(value, list) or len(value) > MAX_ENTRIES:
                return f"{name}: not a list of at most {MAX_ENTRIES} ids"
            for x in value:
                why = _value_problem(x, "int")
                if why:
                    return f"{name}: {why}"
            continue
        if not isinstance(value, dict) or len(value) > MAX_ENTRIES:
            return f"{name}: not an object of at most {MAX_ENTRIES} entries"
        for key, item in value.items():
            if not _id_key(key):
                return f"{name}: the key {shown(key, 20)!r} is not an id"
            if isinstance(shape, str):
                why = _value_problem(item, shape)
            elif not isinstance(item, dict):
                why = "expected an object"
            else:
                why = next((f"{shown(k, 20)}: not a field" for k in item if k not in shape), "")
                why = why or next((f"{k}: {w}" for k, v in item.items()
                                   if (w := _value_problem(v, shape[k]))), "")
            if why:
                return f"{name}.{key}: {why}"
    return ""
