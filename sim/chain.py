"""An ``extends:`` chain of scenario files without the YAML loader: where an ``extends``
value points, and the hash of the chain.

The scenario loader (:mod:`sim.scenario.extends`) reads a chain with these, and the cache of
compiled scenarios (:mod:`sim.compiled`) checks one with them: that every file of a kept
chain is still the file the same ``extends`` value finds, with the same bytes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PureWindowsPath

from .resources import looks_like_path, scenarios_dir

#: the most files a chain may hold (the scenario, what it extends, and so on)
MAX_CHAIN = 10


def chain_sha256(child: str, parent: str) -> str:
    """The SHA-256 of a scenario that extends another: its own file's hash chained with the
    parent's (itself chained), so that editing any file of the chain changes it. A scenario
    without ``extends`` keeps the plain hash of its bytes."""
    return hashlib.sha256(f"{child}\nextends {parent}".encode("ascii")).hexdigest()


def find_extended(ref: str, folder: Path) -> Path | None:
    """Where an ``extends:`` value points: a path relative to the extending file, a scenario
    of that name next to it, or a shipped scenario.

    Scenario files come from other people, so the path must stay inside the extending
    file's folder: no absolute path, no ``..`` out of it, no link out of it (``ValueError``
    with the reason; the loader reports it at the ``extends`` line).
    """
    shipped = scenarios_dir()
    if looks_like_path(ref):
        if Path(ref).is_absolute() or PureWindowsPath(ref).is_absolute() or ref[1:2] == ":":
            raise ValueError(f"'{ref}' is an absolute path; extends may name a shipped "
                             "scenario or a file in this scenario's folder")
        target = folder / ref
        if target.is_file() and target.resolve().is_relative_to(shipped.resolve()):
            return target  # a shipped scenario, named by its path
        if os.path.normpath(ref).replace("\\", "/").split("/")[0] == "..":
            raise ValueError(f"'{ref}' is outside this scenario's folder; extends may name a "
                             "shipped scenario or a file in this folder")
        if not target.is_file():
            return None
        _inside(target, folder, ref, shipped)
        return target
    for candidate in (folder / f"{ref}.yaml", shipped / f"{ref}.yaml"):
        if candidate.is_file():
            if candidate.parent == folder:
                _inside(candidate, folder, ref, shipped)
            return candidate
    return None


def _inside(target: Path, folder: Path, ref: str, shipped: Path) -> None:
    """Refuse a file that resolves (through links) out of the folder it was found in."""
    real = target.resolve()
    for root in (folder.resolve(), shipped.resolve()):
        if real.is_relative_to(root):
            return
    raise ValueError(f"'{ref}' is a link out of this scenario's folder; copy the scenario "
                     "into the folder instead")
