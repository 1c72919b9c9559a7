"""What the code uses, found by reading the source (``ast``, never importing it)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIM = ROOT / "sim"
ENGINE = SIM / "engine"


def _calls(paths, name: str):
    """Every call of a function called ``name`` (plain or as an attribute) in ``paths``."""
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                called = f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)
                if called == name:
                    yield path, node


def _const(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def engine_note_keys() -> dict[str, set[str]]:
    """Note keys built in ``sim/engine`` → the param names of literal param dicts."""
    found: dict[str, set[str]] = {}
    for _, call in _calls(sorted(ENGINE.glob("*.py")), "Note"):
        key = _const(call.args[0]) if call.args else None
        if key is None:
            continue
        params = found.setdefault(key, set())
        if len(call.args) > 1 and isinstance(call.args[1], ast.Dict):
            params.update(k for k in map(_const, call.args[1].keys) if k)
    return found


def illegal_keys() -> set[str]:
    """Keys of every ``IllegalDecision`` the engine raises (``illegal`` when none is given)."""
    keys = set()
    for _, call in _calls(sorted(ENGINE.glob("*.py")), "IllegalDecision"):
        key = _const(call.args[1]) if len(call.args) > 1 else None
        keys.add(key or "illegal")
    return keys


def literal_tr_keys() -> set[tuple[str, str]]:
    """``(file, key)`` for each ``tr("key", ...)`` / ``has("key", ...)`` with a literal key."""
    out = set()
    paths = sorted(p for p in SIM.rglob("*.py"))
    for fn in ("tr", "has"):
        for path, call in _calls(paths, fn):
            key = _const(call.args[0]) if call.args else None
            if key:
                out.add((str(path.relative_to(ROOT)), key))
    return out
