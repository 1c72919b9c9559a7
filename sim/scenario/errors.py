"""Problems found in a scenario file, and the one exception that carries all of them.

Every failure to load a scenario is a :class:`ScenarioError`; its ``problems`` list holds each
problem of the file with a location, printed as ``FILE:LINE:COL: field.path: what is wrong``
(the form promised by DESIGN §4 for exit code 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..textsafe import shown


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario.

    Attributes:
        file: The file the problem is in (or ``"--set"`` for a command-line override).
        line: 1-based line, or None when unknown.
        col: 1-based column, or None when unknown.
        path: Dotted field path such as ``"firm.price_per_hour"`` or ``"staff.0.wage"``;
            empty when the problem is about the file as a whole.
        message: What is wrong, in words an instructor understands.
    """

    file: str
    line: int | None = None
    col: int | None = None
    path: str = ""
    message: str = ""

    def __str__(self) -> str:
        # a file name, a key or a value quoted in the message may hold a stranger's escape
        # sequences: the line is printed with every control character escaped
        where = shown(self.file, 300)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        field = f"{shown(self.path, 120)}: " if self.path else ""
        return f"{where}: {field}{shown(self.message)}"


class ScenarioError(Exception):
    """A scenario that cannot be loaded; ``problems`` lists every problem found, not only the
    first, and ``str(exc)`` prints one per line."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def sort_problems(problems: Iterable[Problem], file_order: Iterable[str] = ()) -> list[Problem]:
    """Problems without duplicates, by file (in ``file_order``, then by name), line and column."""
    rank = {f: i for i, f in enumerate(file_order)}
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (rank.get(p.file, len(rank)), p.file,
                                         p.line or 0, p.col or 0, p.path))
