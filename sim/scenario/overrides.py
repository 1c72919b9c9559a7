"""``--set PATH=VALUE``: change one value of a scenario for one run.

PATH is a dotted path into the YAML mapping, with list items by index (``staff.0.wage``);
VALUE is read by the same strict YAML loader (``no`` stays a YAML 1.1 boolean and will be
reported with a hint to quote it). Missing mappings on the way are created, so
``rules.max_wait_weeks=8`` works without a ``rules:`` section. Problems name the file
``--set``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import replace

from ..limits import MAX_OVERRIDE_CHARS, MAX_OVERRIDES, MAX_SET_DEPTH
from .errors import Problem, ScenarioError
from .yamlsafe import Document, FieldPath, Loc, parse_yaml

SET = "--set"


def _parse_path(text: str) -> FieldPath:
    if text.count(".") >= MAX_SET_DEPTH:
        raise ValueError(f"a path has at most {MAX_SET_DEPTH} parts; no scenario is deeper")
    parts: list[str | int] = []
    for part in text.split("."):
        if not part:
            raise ValueError(f"'{text}' has an empty part; write a dotted path like "
                             "firm.price_per_hour or staff.0.wage")
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts)


def _set(doc: Document, path: FieldPath, value: Document) -> None:
    """Put ``value`` at ``path`` in ``doc`` (in place), or raise ValueError saying why not."""
    cur = doc.data
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        here = ".".join(map(str, path[:depth])) or "the scenario"
        if isinstance(cur, dict):
            key = str(part)
            if last:
                cur[key] = value.data
            elif key not in cur:
                cur[key] = {}
                doc.locs[path[: depth + 1]] = Loc(SET)
            cur = cur[key]
            if isinstance(part, int):  # a digit key of a mapping (a trait or language name)
                path = path[:depth] + (key,) + path[depth + 1:]
        elif isinstance(cur, list):
            if not isinstance(part, int):
                raise ValueError(f"{here} is a list: use an item number, not '{part}'")
            if part >= len(cur):
                raise ValueError(f"{here} has {len(cur)} item{'s' * (len(cur) != 1)}, "
                                 f"no item {part}")
            if last:
                cur[part] = value.data
            cur = cur[part]
        else:
            raise ValueError(f"{here} is a single value, not a mapping or a list")
    prefix = tuple(path)
    doc.locs = {p: loc for p, loc in doc.locs.items() if p[: len(prefix)] != prefix}
    for p, loc in value.locs.items():
        doc.locs[prefix + p] = Loc(SET, text=loc.text)


def apply_overrides(doc: Document, overrides: Sequence[str]) -> Document:
    """A copy of ``doc`` with the ``PATH=VALUE`` overrides applied in order.

    Args:
        doc: The scenario as read (after ``extends``).
        overrides: Strings like ``"firm.price_per_hour=90"`` or ``"staff.0.wage=1500"``.

    Returns:
        The changed document; values are validated later with the rest of the scenario.

    Raises:
        ScenarioError: An override is malformed, its path does not fit the scenario or its
            value is not valid YAML (all such problems at once, file ``--set``).
    """
    if not overrides:
        return doc
    out = Document(doc.file, copy.deepcopy(doc.data), dict(doc.locs), list(doc.problems),
                   doc.sha256, doc.extends)
    problems: list[Problem] = []
    if len(overrides) > MAX_OVERRIDES:
        raise ScenarioError(Problem(SET, message=f"{len(overrides)} overrides; at most "
                                    f"{MAX_OVERRIDES}"))
    for item in overrides:
        if len(str(item)) > MAX_OVERRIDE_CHARS:
            problems.append(Problem(SET, message=f"an override of {len(str(item))} "
                                    f"characters; at most {MAX_OVERRIDE_CHARS}"))
            continue
        name, sep, text = str(item).partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(Problem(SET, message=f"expected PATH=VALUE, got '{item}'"))
            continue
        try:
            path = _parse_path(name)
        except ValueError as exc:
            problems.append(Problem(SET, message=str(exc)))
            continue
        if path[0] == "extends":
            problems.append(Problem(SET, path=name, message="extends cannot be changed with "
                                    "--set; write a scenario that extends the other one"))
            continue
        try:
            value = parse_yaml(text, SET)
        except ScenarioError as exc:
            problems += [replace(p, line=None, col=None, path=name) for p in exc.problems]
            continue
        problems += [replace(p, line=None, col=None, path=name) for p in value.problems]
        if not isinstance(out.data, dict):
            continue  # the file itself is wrong; validation reports it
        try:
            _set(out, path, value)
        except ValueError as exc:
            problems.append(Problem(SET, path=name, message=str(exc)))
    if problems:
        raise ScenarioError(problems)
    return out


def _plain(value: object) -> object:
    """Whole floats as ints (``26.0`` sets what ``26`` sets), inside lists and mappings too."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def canonical_overrides(overrides: Sequence[str]) -> tuple[str, ...]:
    """The same overrides written one way, to tell whether two runs played the same game.

    Each ``PATH=VALUE`` becomes ``path=<VALUE as compact JSON>`` (``weeks = 26.0`` and
    ``weeks=26`` read alike, ``staff.0.wage=1500`` too); a path set twice keeps its last
    value; when no path lies inside another the order does not matter and they are sorted.
    An item that cannot be read is kept as it was (verifying the run reports it).
    """
    items: dict[FieldPath, str] = {}
    raw: list[str] = []
    for item in overrides:
        name, sep, text = str(item).partition("=")
        try:
            path = _parse_path(name.strip())
            value = parse_yaml(text, SET)
            if not sep or value.problems:
                raise ValueError
            rendered = json.dumps(_plain(value.data), sort_keys=True, ensure_ascii=False,
                                  separators=(",", ":"), default=str)
        except (ValueError, ScenarioError):
            raw.append(str(item))
            continue
        items.pop(path, None)
        items[path] = f"{'.'.join(map(str, path))}={rendered}"
    paths = list(items)
    # one path inside another shows as neighbours once sorted (a prefix sorts just before
    # what it holds): n log n, where comparing every pair was quadratic in a hostile header
    ordered = sorted(paths, key=lambda p: tuple(map(str, p)))
    as_text = [tuple(map(str, p)) for p in ordered]
    nested = any(b[: len(a)] == a for a, b in zip(as_text, as_text[1:], strict=False))
    keys = paths if nested else ordered
    return tuple(items[p] for p in keys) + tuple(raw)
