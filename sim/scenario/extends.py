"""``extends:``: a scenario built on another one.

The parent is read with the same hardened loader, its ``id`` and ``extends`` are dropped, and
the child is merged onto it: mappings merge key by key (the child wins), anything else (lists,
numbers, texts) is replaced whole. Locations are kept per value, so a problem in an inherited
value names the parent's file and line. Cycles are an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.chain import MAX_CHAIN, chain_sha256

from .errors import Problem, ScenarioError
from .yamlsafe import Document, FieldPath, Loc, read_yaml


def deep_merge(parent: Any, child: Any) -> Any:
    """``child`` over ``parent``: mappings merge recursively, everything else is replaced."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            out[key] = deep_merge(parent[key], value) if key in parent else value
        return out
    return child


def _owned_by_child(child: Any, path: FieldPath) -> bool:
    cur = child
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return not isinstance(cur, dict)
        cur = cur[key]
    return True


def merge_documents(parent: Document, child: Document, link: tuple[str, str]) -> Document:
    """The child document merged onto its parent, with the locations of both; ``link`` is
    the child's ``extends`` value and the parent's resolved path, kept in ``extends``."""
    data = deep_merge(parent.data, child.data)
    locs = {p: loc for p, loc in parent.locs.items() if not _owned_by_child(child.data, p)}
    locs.update(child.locs)
    return Document(child.file, data, locs, parent.problems + child.problems,
                    chain_sha256(child.sha256, parent.sha256), (link, *parent.extends))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_with_extends(path: Path, find: Callable[[str, Path], Path | None],
                      file: str | None = None, chain: tuple[Path, ...] = ()) -> Document:
    """Read a scenario file and, recursively, the scenarios it extends.

    Args:
        path: The scenario file.
        find: Resolves an ``extends`` value seen in a file in a folder to a path (or None).
        file: The name to report for this file (default: the path, relative when short).
        chain: The files that extend this one (for cycle detection).

    Returns:
        The merged document; its ``sha256`` covers ``path`` and every file it extends
        (:func:`chain_sha256`).

    Raises:
        ScenarioError: This file or an ancestor cannot be read, or the chain is a cycle.
    """
    doc = read_yaml(path, file if file is not None else _display(path))
    data = doc.data
    if not isinstance(data, dict) or "extends" not in data:
        return doc
    ref = data["extends"]
    loc = doc.locs.get(("extends",), Loc(doc.file))

    def fail(message: str) -> ScenarioError:
        return ScenarioError(doc.problems + [Problem(doc.file, loc.line, loc.col, "extends",
                                                     message)])

    if not isinstance(ref, str) or not ref:
        raise fail("expected the name or path of another scenario")
    try:
        target = find(ref, path.parent)
    except ValueError as exc:  # a path that leaves the scenario's folder
        raise fail(str(exc)) from None
    if target is None:
        raise fail(f"no scenario '{ref}' next to this file or among the shipped ones")
    here = path.resolve()
    target = target.resolve()
    seen = chain + (here,)
    if target in seen:
        loop = " -> ".join(p.name for p in seen[seen.index(target):] + (target,))
        raise fail(f"extends makes a cycle: {loop}")
    if len(seen) >= MAX_CHAIN:
        raise fail(f"extends goes more than {MAX_CHAIN} scenarios deep")
    parent = load_with_extends(target, find, None, seen)
    if isinstance(parent.data, dict):
        own = ("id", "extends")
        parent.data = {k: v for k, v in parent.data.items() if k not in own}
        parent.locs = {p: v for p, v in parent.locs.items() if not (p and p[0] in own)}
    else:
        raise fail(f"{_display(target)} is not a scenario (a mapping of keys)")
    return merge_documents(parent, doc, (ref, str(target)))
