"""Playing games down both paths of a step that has a one-by-one path for small shops and a
column path for big ones (``docs/engine-speed.md``): the tests of each ask for the same bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

#: a threshold that always takes the one-by-one path, and one that never does
ALWAYS, NEVER = 10**9, -1


def both_ways(monkeypatch: Any, switches: Iterable[tuple[Any, str]],
              game: Callable[[int], Any], seeds: Iterable[int]) -> dict[str, list]:
    """``{"one by one": [...], "columns": [...]}``: ``game(seed)`` of every seed, with each
    ``(module, name)`` threshold of ``switches`` set to take the one-by-one path always, then
    never."""
    switches, seeds = list(switches), list(seeds)
    games = {}
    for way, few in (("one by one", ALWAYS), ("columns", NEVER)):
        for module, name in switches:
            monkeypatch.setattr(module, name, few)
        games[way] = [game(seed) for seed in seeds]
    return games


def times_seen(games: list[tuple[Any, dict[str, int]]]) -> dict[str, int]:
    """How often each event happened over ``games`` (each a ``(weeks, counts)`` pair)."""
    return {k: sum(counts[k] for _, counts in games) for k in games[0][1]}
