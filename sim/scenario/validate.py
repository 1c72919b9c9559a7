"""Validation of a read document against the models, with every error put back at its line
and column and worded for an instructor (did you mean, quote this value, must be at least).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from .checks import cross_checks, did_you_mean
from .errors import Problem
from .fields import describe
from .models import EVENT_KINDS, ScenarioModel
from .yamlsafe import Document, FieldPath, Loc

_PATTERNS = {
    r"^[A-Z]{3}$": "expected a three-letter currency code such as EUR or RUB, got {got}",
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$": "an id is letters, digits, '.', '_' and '-', got {got}",
}
_TEXT_TYPES = {"string_type", "text_type"}


def _canon(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _num(x: object) -> object:
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _surprising(value: object, loc: Loc | None) -> bool:
    """Whether YAML 1.1 read a plain scalar as something its author likely did not mean
    (``no`` as false, ``010`` as 8, ``1:30`` as 90)."""
    if loc is None or not loc.text:
        return False
    if isinstance(value, bool):
        return loc.text.lower() not in ("true", "false")
    return loc.surprise() is not None


def _got(value: object, loc: Loc | None) -> str:
    """The input as the author wrote it, noting what YAML made of it when that surprises."""
    if loc is not None and _surprising(value, loc):
        return f"{loc.text} (YAML reads it as {_canon(value)})"
    return describe(value)


def _quoted_number(value: object, loc: Loc | None) -> bool:
    """Whether a text is a number in quotes (``"90"``), which YAML keeps as text."""
    if not isinstance(value, str) or loc is None or not loc.quoted:
        return False
    try:
        float(value.replace("_", "x"))
    except ValueError:
        return False
    return True


def _walk(data: Any, loc: tuple) -> tuple[FieldPath, Any, bool]:
    """Follow a pydantic error location through the data: the path of keys and indexes of the
    file, the value there (None if missing) and whether the error is about a mapping key."""
    path: list[str | int] = []
    cur = data
    key_error = False
    for el in loc:
        if isinstance(el, str) and el.startswith("<") and el.endswith(">"):
            continue  # a union member tag of ours
        if el == "[key]":
            key_error = True
            continue
        if isinstance(cur, dict) and el in EVENT_KINDS and cur.get("kind") == el:
            continue  # the tag of a discriminated event
        if isinstance(cur, dict) and isinstance(el, str) and el in cur:
            cur = cur[el]
        elif isinstance(cur, list) and isinstance(el, int) and 0 <= el < len(cur):
            cur = cur[el]
        else:
            cur = None
        path.append(el)
    return tuple(path), cur, key_error


def _where(doc: Document, path: FieldPath, at_key: bool, missing: bool) -> Loc:
    if missing:
        parent = doc.loc(path[:-1])
        if parent.key_line is not None:
            return Loc(parent.file, parent.key_line, parent.key_col)
        return parent
    loc = doc.loc(path)
    if at_key and loc.key_line is not None:
        return Loc(loc.file, loc.key_line, loc.key_col)
    return loc


def _message(err: dict, doc: Document, path: FieldPath, value: Any, models: dict) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    loc = doc.locs.get(path)
    raw = loc.text if loc is not None else None
    got = _got(value, loc)
    if kind == "missing":
        return "required field is missing"
    if kind == "string_unicode":  # a lone surrogate, as "\ud800" in a quoted YAML string
        return "contains a lone surrogate (half of a UTF-16 pair); write the character itself"
    if kind == "extra_forbidden":
        parent = _walk(doc.data, path[:-1])[1]
        model = models.get(id(parent))
        if model is None:
            return "unknown key"
        return did_you_mean(str(path[-1]), model.model_fields, "key", limit=12)
    if kind in _TEXT_TYPES:
        if value is None:
            return "expected text, got an empty value"
        if raw is not None and not isinstance(value, dict | list):
            if _surprising(value, loc):
                return f"YAML reads {raw} as {describe(value)}; write it in quotes: '{raw}'"
            return f"expected text, got {describe(value)}; write it in quotes: '{raw}'"
        return f"expected text (a string, or a mapping with en and ru), got {got}"
    unquote = "; write it without quotes" if _quoted_number(value, loc) else ""
    if kind == "int_type":
        return f"expected a whole number, got {got}{unquote}"
    if kind in ("float_type", "dist_type"):
        extra = " or {mean, spread}" if kind == "dist_type" else ""
        return f"expected a number{extra}, got {got}{unquote}"
    if kind == "money_type":
        return f"expected an amount of money such as 75 or 1400.50, got {got}{unquote}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines), got {got}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {got}"
    if kind == "greater_than_equal":
        return f"must be at least {_num(ctx['ge'])}, got {got}"
    if kind == "greater_than":
        return f"must be more than {_num(ctx['gt'])}, got {got}"
    if kind == "less_than_equal":
        return f"must be at most {_num(ctx['le'])}, got {got}"
    if kind == "less_than":
        return f"must be less than {_num(ctx['lt'])}, got {got}"
    if kind == "finite_number":
        return "must be a finite number"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters long"
    if kind == "too_short":
        what = "entry" if isinstance(value, dict) else "item"
        return f"needs at least {ctx['min_length']} {what}"
    if kind == "too_long":
        return f"has too many entries: at most {ctx['max_length']}"
    if kind == "string_pattern_mismatch":
        return _PATTERNS.get(ctx.get("pattern"), "{got} has the wrong form").format(got=got)
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if isinstance(value, str):
            return did_you_mean(value, options, "value")
        return f"expected one of: {', '.join(options)}; got {got}"
    if kind == "union_tag_invalid":
        if isinstance(value, str):
            return did_you_mean(value, EVENT_KINDS, "event kind")
        return f"expected an event kind: one of {', '.join(EVENT_KINDS)}; got {got}"
    if kind == "union_tag_not_found":
        return f"required field is missing; kind is one of: {', '.join(EVENT_KINDS)}"
    msg = err["msg"]
    return msg[len("Value error, "):] if msg.startswith("Value error, ") else msg


def _pydantic_problems(exc: ValidationError, doc: Document, models: dict) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        path, value, key_error = _walk(doc.data, err["loc"])
        kind = err["type"]
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            path = path + ("kind",)
            value = value.get("kind") if isinstance(value, dict) else None
        missing = kind in ("missing", "union_tag_not_found") and path not in doc.locs
        message = _message(err, doc, path, value if path in doc.locs or missing else
                           err.get("input"), models)
        loc = _where(doc, path, key_error or kind == "extra_forbidden", missing)
        out.append(Problem(loc.file, loc.line, loc.col, ".".join(map(str, path)), message))
    return out


def _surprising_numbers(doc: Document, taken: set[str]) -> list[Problem]:
    """YAML 1.1 numbers the author almost surely did not mean (``010`` is 8, ``1:30`` is 90)."""
    out = []
    for path, loc in doc.locs.items():
        kind = loc.surprise()
        name = ".".join(map(str, path))
        if kind is None or name in taken:
            continue
        value = _walk(doc.data, path)[1]
        if kind == "octal":
            msg = (f"YAML reads {loc.text} as the octal number {value}; write the number "
                   f"without the leading zero, or '{loc.text}' in quotes if it is text")
        elif kind in ("hexadecimal", "binary"):
            msg = (f"YAML reads {loc.text} as the {kind} number {value}; write {value} in "
                   f"decimal, or '{loc.text}' in quotes if it is text")
        else:
            msg = (f"YAML reads {loc.text} as the number {value} (base 60); write the number "
                   f"itself, or '{loc.text}' in quotes if it is text")
        out.append(Problem(loc.file, loc.line, loc.col, name, msg))
    return out


def validate_document(doc: Document) -> tuple[ScenarioModel | None, list[Problem]]:
    """Validate a document: the models, the cross-section checks and YAML 1.1 surprises.

    Args:
        doc: The scenario as read (after ``extends`` and overrides are applied).

    Returns:
        The model (None if anything is wrong) and every problem found, unsorted.
    """
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        loc = doc.loc(())
        got = "an empty file" if doc.data is None else describe(doc.data)
        problems.append(Problem(loc.file, loc.line, loc.col, "", "a scenario is a mapping of "
                                f"keys such as title, weeks, firm, staff; got {got}"))
        return None, problems
    context: dict[str, Any] = {"skip_cross_checks": True, "models": {}}
    model = None
    try:
        model = ScenarioModel.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems += _pydantic_problems(exc, doc, context["models"])
    for issue in cross_checks(doc.data):
        loc = _where(doc, issue.path, issue.at_key, False)
        problems.append(Problem(loc.file, loc.line, loc.col, ".".join(map(str, issue.path)),
                                issue.message))
    problems += _surprising_numbers(doc, {p.path for p in problems})
    return (model if not problems else None), problems
