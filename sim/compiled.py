"""Compiled scenarios kept between runs, so ``sim run`` (and a replay, a leaderboard or a
debrief, through :class:`~sim.runs.verify.ScenarioBook`) need not import the YAML loader and
the scenario models to use a file it has already checked.

An entry is the engine's :class:`~sim.engine.GameParams` of one validated scenario file with
its ``--set`` overrides, with the scenario's English title and its lessons and debrief texts
(what the verdicts and a debrief show of it), written as plain JSON (never pickle: nothing
here can run code when read). It lives in the user's own cache folder (``platformdirs``;
``SIM_CACHE_DIR`` moves it) and is used only when that folder belongs to the user and nobody
else may write to it. The entry's name is the SHA-256 of the file's bytes, its path, the
overrides, the engine's and the package's version and the size and time of every source file
of the engine and the scenario loader, so an edited scenario or a changed loader simply
misses. A scenario that ``extends:`` others keeps its chain in the entry: each ``extends``
value, the file it found and that file's hash; a hit finds every file again with the same
value and reads the same bytes, so an edited parent, or a file that now comes first (a
scenario of the same name beside the child), misses too. Any doubt about an entry is a miss,
never an error.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import stat
import sys
from typing import TYPE_CHECKING, Any

from . import __version__
from .engine import ENGINE_VERSION, PARAM_TYPES, GameParams, record

if TYPE_CHECKING:
    from pathlib import Path

# a hit is read with os.path and strings: pathlib (with urllib.parse and ipaddress, some 6 ms)
# is imported only to store an entry

FORMAT = 3  # 2: with the title and the lessons; 3: with the extends chain
MAX_ENTRIES = 200  # about 10 kB each
_SOURCES = ("engine", "scenario")  # the packages whose code turns a file into GameParams
_CLASSES = {cls.__name__: cls for cls in PARAM_TYPES}


@record(frozen=True)
class CompiledScenario:
    """What ``sim run``, a replay and a debrief need of a scenario: the same fields as
    ``sim.scenario.Scenario`` without the validated model, and of the model its English
    ``title`` and its ``lessons``: the model's ``lessons`` then its ``debrief`` texts, each a
    string or a ``{"en": ..., "ru": ...}`` dict (``ru`` may be None), as the model has them."""

    id: str
    path: str | os.PathLike[str]  # as it was given to :func:`lookup`
    sha256: str
    params: GameParams
    title: str
    lessons: tuple[str | dict[str, str | None], ...]


def cache_dir() -> Path:
    """The folder of compiled scenarios (``SIM_CACHE_DIR`` if set)."""
    from pathlib import Path

    return Path(_cache_folder())


def _cache_folder() -> str:
    """:func:`cache_dir` as a string."""
    env = os.environ.get("SIM_CACHE_DIR")
    if env:
        return env
    if sys.platform.startswith("linux"):  # platformdirs' rule, without its import
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        base = xdg if xdg else os.path.join(os.path.expanduser("~"), ".cache")
        return os.path.join(base, "not-always-right", "scenarios")
    from platformdirs import user_cache_dir

    return os.path.join(user_cache_dir("not-always-right", appauthor=False), "scenarios")


def _private(folder: str | os.PathLike[str]) -> bool:
    """Whether only this user can write to ``folder`` (always true where there are no uids)."""
    try:
        st = os.stat(folder)
    except OSError:
        return False
    if not hasattr(os, "getuid"):
        return stat.S_ISDIR(st.st_mode)
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


@functools.cache  # the code does not change while the process runs
def _code_stamp() -> str:
    here = os.path.dirname(os.path.realpath(__file__))
    parts = [FORMAT, __version__, ENGINE_VERSION]
    for package in _SOURCES:
        with os.scandir(os.path.join(here, package)) as entries:
            for e in sorted(entries, key=lambda e: e.name):
                if e.name.endswith(".py"):
                    st = e.stat()
                    parts.append((package, e.name, st.st_size, st.st_mtime_ns))
    return json.dumps(parts)


def _entry_name(path: str | os.PathLike[str], file_sha: str,
                overrides: tuple[str, ...]) -> str:
    # (os.path.realpath is what Path.resolve gives)
    key = json.dumps([_code_stamp(), os.path.realpath(path), file_sha, list(overrides)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json"


# --- GameParams as JSON --------------------------------------------------------------------


def encode(value: Any) -> Any:
    """``value`` (engine parameters) as JSON data; ``TypeError`` for anything else."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise TypeError(f"not an engine parameter class: {name}")
        return {"$": name, **{f.name: encode(getattr(value, f.name))
                              for f in dataclasses.fields(value)}}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in the cache")


def decode(data: Any) -> Any:
    """The inverse of :func:`encode`; builds only the engine's parameter classes."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$tuple" in data:
        return tuple(decode(v) for v in data["$tuple"])
    if "$dict" in data:
        return {decode(k): decode(v) for k, v in data["$dict"]}
    cls = _CLASSES[data["$"]]
    return cls(**{k: decode(v) for k, v in data.items() if k != "$"})


# --- the model's texts ----------------------------------------------------------------------


def _text(value: Any) -> str | dict[str, str | None]:
    """A model's text (a string or ``LocalizedText``) as JSON data."""
    if isinstance(value, str):
        return value
    en, ru = value.en, value.ru
    if not isinstance(en, str) or not (ru is None or isinstance(ru, str)):
        raise TypeError("not a text")
    return {"en": en, "ru": ru}


def _model_texts(scenario: Any) -> tuple[str, list[str | dict[str, str | None]]]:
    """The English title and the lessons of a loaded scenario, as JSON data."""
    title = scenario.title
    if not isinstance(title, str):
        raise TypeError("not a title")
    return title, [_text(t) for t in scenario.lessons]


def _read_texts(entry: dict[str, Any]) -> tuple[str, tuple[str | dict[str, str | None], ...]]:
    """An entry's title and lessons, checked to be what :func:`_model_texts` writes
    (``TypeError`` for anything else)."""
    title, lessons = entry["title"], entry["lessons"]
    if not isinstance(title, str) or not isinstance(lessons, list):
        raise TypeError("not a title and texts")
    for t in lessons:
        if isinstance(t, str):
            continue
        if not (isinstance(t, dict) and set(t) == {"en", "ru"} and isinstance(t["en"], str)
                and (t["ru"] is None or isinstance(t["ru"], str))):
            raise TypeError("not a text")
    return title, tuple(lessons)


# --- lookup and store ------------------------------------------------------------------------


def lookup(path: str | os.PathLike[str],
           overrides: tuple[str, ...] = ()) -> CompiledScenario | None:
    """The cached compilation of the scenario file ``path`` with ``overrides``, or ``None``.

    Args:
        path: The scenario file (as :func:`sim.resources.scenario_file` or
            :func:`~sim.resources.find_scenario` gave it).
        overrides: The ``--set`` strings, in order.

    Returns:
        The compiled scenario, or ``None`` on any miss (no entry, an unreadable or foreign
        entry, a folder others may write to, a file that cannot be read).
    """
    folder = _cache_folder()
    try:
        with open(path, "rb") as f:
            data = f.read()
        file_sha = hashlib.sha256(data).hexdigest()
        if not _private(folder):
            return None
        with open(os.path.join(folder, _entry_name(path, file_sha, overrides)),
                  encoding="utf-8") as f:
            entry = json.loads(f.read())
        links = entry.get("extends")
        if entry.get("format") != FORMAT or not isinstance(links, list):
            return None
        sha = _chain_sha(path, file_sha, links) if links else file_sha
        if sha is None or entry.get("sha256") != sha:
            return None
        params = decode(entry["params"])
        if not isinstance(params, GameParams) or not isinstance(entry.get("id"), str):
            return None
        title, lessons = _read_texts(entry)
        return CompiledScenario(entry["id"], path, sha, params, title, lessons)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(scenario: Any, overrides: tuple[str, ...] = ()) -> bool:
    """Keep a freshly loaded ``sim.scenario.Scenario`` for the next run; ``True`` if kept.

    A scenario without a file, one whose chain of ``extends`` changed since it was read, or
    one whose parameters do not come back equal from JSON is not kept. Failing to write is
    not an error (the cache only saves time).
    """
    path = getattr(scenario, "path", None)
    if path is None:
        return False
    from pathlib import Path

    try:
        file_sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        links = [list(link) for link in getattr(scenario, "extends", ())]
        if (_chain_sha(path, file_sha, links) if links else file_sha) != scenario.sha256:
            return False  # a file of the chain changed since it was read
        params = encode(scenario.params)
        title, lessons = _model_texts(scenario)
        text = json.dumps({"format": FORMAT, "id": scenario.id, "sha256": scenario.sha256,
                           "extends": links, "title": title, "lessons": lessons,
                           "params": params},
                          allow_nan=False, ensure_ascii=False, separators=(",", ":"))
        back = decode(json.loads(text)["params"])
        if back != scenario.params or encode(back) != params:
            return False
        folder = cache_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return False
        from .files import atomic_write

        atomic_write(folder / _entry_name(Path(path), file_sha, overrides), text)
        _prune(folder)
        return True
    except (OSError, ValueError, TypeError, AttributeError):
        return False


def _chain_sha(path: str | os.PathLike[str], file_sha: str, links: list[Any]) -> str | None:
    """The chained SHA-256 of the scenario ``path`` (whose own bytes hash to ``file_sha``)
    with the files ``links`` says it extends, found again and read afresh; ``None`` if one
    is no longer what the same ``extends`` value finds.

    ``links``: nearest first, each ``[extends value, resolved path]``
    (:attr:`sim.scenario.Scenario.extends`); ``TypeError`` or ``ValueError`` for anything
    else.
    """
    from pathlib import Path

    from .chain import MAX_CHAIN, chain_sha256, find_extended

    if not 0 < len(links) < MAX_CHAIN:
        raise ValueError("not a chain")
    folder = Path(path).parent  # where the loader looks for the first parent
    own = []
    for link in links:
        if not (isinstance(link, list) and len(link) == 2
                and all(isinstance(x, str) for x in link)):
            raise TypeError("not a link")
        ref, where = link
        target = find_extended(ref, folder)  # ValueError: it now points out of the folder
        if target is None or str(target.resolve()) != where:
            return None
        with open(where, "rb") as f:
            own.append(hashlib.sha256(f.read()).hexdigest())
        folder = Path(where).parent
    # from the far end: a file's hash as loaded is its own chained with its parent's (the
    # entry's hash is checked against the result, so every byte of the chain is)
    sha = own[-1]
    for own_sha in reversed(own[:-1]):
        sha = chain_sha256(own_sha, sha)
    return chain_sha256(file_sha, sha)


def _prune(folder: Path, keep: int = MAX_ENTRIES) -> None:
    """Remove all but the ``keep`` newest entries (an edited file leaves its old ones)."""
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
