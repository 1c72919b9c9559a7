"""A class's leaderboard: verify every run file in a folder, group, rank (DESIGN §6).

Each file is replayed (:func:`sim.runs.verify.verify_run`); only verified, finished games are
ranked, grouped by scenario (and its SHA-256 and overrides) and seed, by score. Every other
file is listed with its reason: tampered, truncated, unfinished, foreign, empty, binary,
huge, a symlink out of the folder. The ranking shows pseudonyms only (the header's player,
or a bot's policy); file names, which often carry real names, appear only next to the files
that were not ranked, so the instructor can follow them up.

Replays run in a small process pool: a 52-week replay costs a few tens of milliseconds, so a
class of 500 files is a few seconds on two cores.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .verify import (
    OK,
    UNFINISHED,
    UNREADABLE,
    ScenarioBook,
    clean_text,
    player_label,
    verify_run,
)

MAX_FILES = 2000     # a class is tens of files; a folder of thousands is a mistake
MAX_DEPTH = 4        # hand-ins unpacked into a folder per student, not deeper
MAX_SECONDS_PER_FILE = 20.0  # a replay takes well under a second; more is a hostile file
POOL_MIN_FILES = 12  # fewer files are quicker in this process than a pool is to start
CHUNK = 8            # files per task at most: amortises the hand-off
TASKS_PER_WORKER = 16  # at least, when there are files enough: the last tasks are short, so
#                        no worker sits idle long while another finishes a long one


@dataclass(frozen=True)
class Entry:
    """One file's result (small and picklable: it comes back from a worker).

    ``file`` is the path relative to the folder; ``fingerprint`` is the digest of the last
    week (the same game gives the same one).
    """

    file: str
    status: str
    reason: str = ""
    scenario: str = ""
    scenario_sha256: str = ""
    seed: int = -1
    overrides: tuple[str, ...] = ()
    player: str = ""
    bot: bool = False
    scores: dict[str, float] | None = None
    weeks: int = 0
    game_weeks: int = 0
    end: str = ""
    fingerprint: str = ""
    title: str = ""

    @property
    def ranked(self) -> bool:
        return self.status == OK

    @property
    def group(self) -> tuple[str, tuple[str, ...], int]:
        """Runs are grouped by the scenario's content (its hash), never by a header's name."""
        return (self.scenario_sha256, self.overrides, self.seed)


@dataclass
class Placed:
    """A ranked entry: its rank in the group and, if it is the same game as an entry ranked
    above it (identical digests), that entry's player."""

    rank: int
    entry: Entry
    same_as: str = ""


@dataclass
class Group:
    """The runs of one scenario version, overrides and seed, best first."""

    scenario: str
    scenario_sha256: str
    overrides: tuple[str, ...]
    seed: int
    placed: list[Placed] = field(default_factory=list)
    scenario_title: str = ""

    @property
    def title(self) -> str:
        """The scenario's own title and id (read from the file with the runs' hash)."""
        over = f", --set {' '.join(self.overrides)}" if self.overrides else ""
        name = f"{self.scenario_title} ({self.scenario}" if self.scenario_title else \
            f"{self.scenario} ("
        return f"{name}, SHA-256 {self.scenario_sha256[:12]}…{over}), seed {self.seed}"


@dataclass
class Leaderboard:
    """The groups, the files that were not ranked, and how many files were looked at."""

    folder: Path
    groups: list[Group]
    problems: list[Entry]
    files: int

    @property
    def ranked(self) -> int:
        return sum(len(g.placed) for g in self.groups)

    @property
    def exit_code(self) -> int:
        """0 when every file was ranked or is a good unfinished game, else 1."""
        return 0 if all(p.status == UNFINISHED for p in self.problems) else 1


# --- finding the files ----------------------------------------------------------------------


def find_files(folder: Path, *, max_files: int = MAX_FILES) -> tuple[list[tuple[Path, str]],
                                                                        list[Entry]]:
    """The regular files under ``folder`` (sorted, depth-first, hidden names skipped) as
    ``(path to open, path relative to the folder)``, and entries for what was not followed.

    Symlinks are followed only to regular files inside the folder; a symlink to a folder is
    never followed (no loops). At most ``max_files`` files are taken; the rest is one entry.
    """
    root = folder.resolve()
    files: list[tuple[Path, str]] = []
    skipped: list[Entry] = []
    more = 0

    def rel(p: Path) -> str:
        return clean_text(p.relative_to(folder).as_posix(), 200)

    def skip(p: Path, why: str) -> None:
        name = rel(p) or "."
        skipped.append(Entry(name, UNREADABLE, f"{name}: {why}"))

    def visit(d: Path, depth: int) -> None:
        nonlocal more
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            skip(d, f"cannot list the folder: {exc.strerror or exc}")
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            p = Path(e.path)
            try:
                if e.is_symlink():
                    target = p.resolve()
                    if not target.is_relative_to(root):
                        skip(p, "a symlink out of the folder: not followed")
                    elif target.is_dir():
                        skip(p, "a symlink to a folder: not followed")
                    elif target.is_file():
                        if len(files) < max_files:
                            files.append((target, rel(p)))
                        else:
                            more += 1
                    else:
                        skip(p, "not a regular file")
                elif e.is_dir(follow_symlinks=False):
                    if depth >= MAX_DEPTH:
                        skip(p, f"a folder more than {MAX_DEPTH} levels deep: not read")
                    else:
                        visit(p, depth + 1)
                elif e.is_file(follow_symlinks=False):
                    if len(files) < max_files:
                        files.append((p, rel(p)))
                    else:
                        more += 1
                else:
                    skip(p, "not a regular file")
            except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a vanished file
                skip(p, f"cannot follow: {clean_text(str(exc), 80)}")

    visit(folder, 1)
    if more:
        skipped.append(Entry("", UNREADABLE, f"{more} more file(s) not read: the cap is "
                             f"{max_files} files"))
    return files, skipped


# --- checking one file (in a worker) --------------------------------------------------------

_BOOK: ScenarioBook | None = None  # a worker's scenarios, loaded once per process


def init_worker(scenarios: tuple[str, ...]) -> None:
    """A pool worker's start (the class debrief's pool starts its workers the same way): it
    ignores Ctrl-C, which the parent handles, and loads the scenario files once.

    What the worker has when it starts (the modules, the parent's objects when it was forked)
    lives as long as it does: frozen out of the garbage collector's reach, so that its full
    collections look only at what the replays make."""
    global _BOOK
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _BOOK = ScenarioBook(scenarios)
    gc.freeze()


def check_file(path: str, rel: str, book: ScenarioBook,
               max_seconds: float = MAX_SECONDS_PER_FILE) -> Entry:
    """Verify one file (in at most ``max_seconds`` of replay) and reduce the verdict to an
    :class:`Entry`; never raises."""
    try:
        v = verify_run(path, book=book, max_seconds=max_seconds)
    except Exception as exc:  # a bug must cost one line, not the class's leaderboard
        return Entry(rel, UNREADABLE, f"{rel}: internal error while verifying: "
                     f"{type(exc).__name__}: {clean_text(str(exc), 80)}")
    reason = v.reason.replace(str(path), rel, 1) if v.reason else ""
    if v.data is None:
        return Entry(rel, v.status, reason)
    h = v.data.header
    if v.status == UNFINISHED:
        torn = "; its torn last line was dropped" if v.data.torn else ""
        reason = (f"{rel}: unfinished game: {v.weeks_played} of {v.game_weeks} weeks, every "
                  f"digest matches{torn}")
    overrides = h.get("overrides", [])
    if overrides:  # (none is none: the scenario package brings pydantic)
        from ..scenario.overrides import canonical_overrides

        overrides = canonical_overrides(overrides)
    return Entry(
        rel, v.status, reason, scenario=clean_text(v.scenario_id or h["scenario"], 40),
        title=clean_text(v.scenario_title, 60),
        scenario_sha256=h["scenario_sha256"], seed=h["seed"],
        overrides=tuple(clean_text(o, 60) for o in overrides),
        player=player_label(h), bot="player" not in h,
        scores=v.scores if v.ok else None, weeks=v.weeks_played, game_weeks=v.game_weeks,
        end=v.state_end, fingerprint=v.data.weeks[-1].digest if v.data.weeks else "")


def worker_book(book: ScenarioBook | None = None) -> ScenarioBook:
    """``book``, else the scenarios this worker loaded at its start, else the shipped ones."""
    return book or _BOOK or ScenarioBook()


def scenario_paths(scenarios: Sequence[str]) -> tuple[str, ...]:
    """The ``--scenario`` files as absolute paths (a worker may start in another folder)."""
    return tuple(str(Path(s).resolve()) for s in scenarios)


def _check_chunk(chunk: Sequence[tuple[str, str]], book: ScenarioBook | None = None
                 ) -> list[Entry]:
    book = worker_book(book)
    return [check_file(p, r, book) for p, r in chunk]


def chunk_size(files: int, jobs: int) -> int:
    """Files per task: :data:`CHUNK`, fewer for a folder too small to give every worker
    :data:`TASKS_PER_WORKER` tasks of that size (at least one)."""
    return max(1, min(CHUNK, files // (max(1, jobs) * TASKS_PER_WORKER)))


def check_files(files: Sequence[tuple[Path, str]], *, scenarios: Sequence[str] = (),
                jobs: int = 2, on_progress: Callable[[int], None] | None = None) -> list[Entry]:
    """Verify the files, in ``jobs`` processes when there are enough; results in order."""
    extra = scenario_paths(scenarios)
    work = [(str(p), r) for p, r in files]
    size = chunk_size(len(work), jobs)
    chunks = [work[i:i + size] for i in range(0, len(work), size)]
    out: list[Entry] = []
    if jobs <= 1 or len(work) < POOL_MIN_FILES:
        book = ScenarioBook(extra)  # fresh: a scenario file may have changed since last time
        for chunk in chunks:
            out.extend(_check_chunk(chunk, book))
            if on_progress:
                on_progress(len(out))
        return out
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), initializer=init_worker,
                               initargs=(extra,))
    try:
        for entries in pool.map(_check_chunk, chunks):
            out.extend(entries)
            if on_progress:
                on_progress(len(out))
    except BrokenProcessPool:
        # workers could not start or died: finish here rather than lose the class's results
        book = ScenarioBook(extra)
        for chunk in chunks[len(out) // size:]:
            out.extend(_check_chunk(chunk, book))
            if on_progress:
                on_progress(len(out))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return out


# --- ranking --------------------------------------------------------------------------------


def rank(entries: Sequence[Entry]) -> list[Group]:
    """Group the verified, finished runs and rank each group by score (ties share a rank)."""
    groups: dict[tuple, Group] = {}
    for e in entries:
        if e.ranked:
            key = e.group
            if key not in groups:
                groups[key] = Group(e.scenario, e.scenario_sha256, e.overrides, e.seed,
                                    scenario_title=e.title)
            groups[key].placed.append(Placed(0, e))
    for g in groups.values():
        g.placed.sort(key=lambda p: (-_score(p.entry), -p.entry.scores.get("profit", 0.0),
                                     p.entry.player, p.entry.file))
        first: dict[str, str] = {}
        for i, p in enumerate(g.placed):
            prev = g.placed[i - 1] if i else None
            p.rank = prev.rank if prev and _score(prev.entry) == _score(p.entry) else i + 1
            if p.entry.fingerprint in first:
                p.same_as = first[p.entry.fingerprint]
            else:
                first[p.entry.fingerprint] = p.entry.player
    return sorted(groups.values(), key=lambda g: (g.scenario, g.seed, g.overrides,
                                                  g.scenario_sha256))


def _score(e: Entry) -> float:
    return float(e.scores["score"]) if e.scores else float("-inf")


def build_leaderboard(folder: str | os.PathLike[str], *, scenarios: Sequence[str] = (),
                      jobs: int = 2, max_files: int = MAX_FILES,
                      on_progress: Callable[[int, int], None] | None = None) -> Leaderboard:
    """Find, verify, group and rank the run files under ``folder``.

    ``on_progress(done, total)`` is called as files are verified.

    Raises:
        NotADirectoryError: ``folder`` is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder")
    files, skipped = find_files(folder, max_files=max_files)
    total = len(files)
    entries = check_files(files, scenarios=scenarios, jobs=jobs,
                          on_progress=(lambda done: on_progress(done, total))
                          if on_progress else None)
    problems = sorted([e for e in entries if not e.ranked] + skipped,
                      key=lambda e: (e.file == "", e.file))
    return Leaderboard(folder, rank(entries), problems, len(files))


# --- output ---------------------------------------------------------------------------------


def render_leaderboard(lb: Leaderboard) -> str:
    """The ranking as text: one block per group, then the files that were not ranked."""
    lines = [f"Leaderboard of {lb.folder}: {lb.ranked} verified run(s) ranked, "
             f"{len(lb.problems)} file(s) not ranked"]
    for g in lb.groups:
        lines += ["", g.title,
                  f"  {'rank':>4}  {'player':<32} {'score':>8} {'long-term profit':>17} "
                  f"{'morale':>7} {'reputation':>10}  end"]
        for p in g.placed:
            s = p.entry.scores or {}
            same = f"  (same game as {p.same_as})" if p.same_as else ""
            lines.append(f"  {p.rank:>4}  {p.entry.player:<32} {s.get('score', 0):>8.2f} "
                         f"{s.get('long_term_profit', 0):>17,.2f} {s.get('morale', 0):>7.1f} "
                         f"{s.get('reputation', 0):>10.1f}  {p.entry.end}{same}")
    if lb.problems:
        lines += ["", f"Not ranked ({len(lb.problems)}):"]
        for e in lb.problems:
            reason = e.reason
            if not reason.startswith(e.file):
                reason = f"{e.file}: {reason}"
            lines.append(f"  {reason}")
    return "\n".join(lines)


LEADERBOARD_FIELDS = ("scenario", "scenario_sha256", "overrides", "seed", "rank", "player",
                      "bot", "score", "long_term_profit", "profit", "morale", "reputation",
                      "weeks", "end", "same_game_as", "status", "reason", "file")


def leaderboard_rows(lb: Leaderboard) -> list[dict[str, Any]]:
    """CSV rows: the ranked runs (by pseudonym, no file name), then the files not ranked."""
    rows = []
    for g in lb.groups:
        for p in g.placed:
            e, s = p.entry, p.entry.scores or {}
            rows.append({
                "scenario": e.scenario, "scenario_sha256": e.scenario_sha256,
                "overrides": " ".join(e.overrides), "seed": e.seed, "rank": p.rank,
                "player": e.player, "bot": int(e.bot), "score": s.get("score"),
                "long_term_profit": s.get("long_term_profit"), "profit": s.get("profit"),
                "morale": s.get("morale"), "reputation": s.get("reputation"),
                "weeks": e.weeks, "end": e.end, "same_game_as": p.same_as, "status": e.status,
                "reason": "", "file": ""})
    for e in lb.problems:
        rows.append({
            "scenario": e.scenario, "scenario_sha256": e.scenario_sha256,
            "overrides": " ".join(e.overrides), "seed": e.seed if e.seed >= 0 else "",
            "rank": "", "player": e.player, "bot": int(e.bot) if e.player else "",
            "score": "", "long_term_profit": "", "profit": "", "morale": "", "reputation": "",
            "weeks": e.weeks or "", "end": e.end, "same_game_as": "", "status": e.status,
            "reason": e.reason, "file": e.file})
    return rows


__all__ = ["LEADERBOARD_FIELDS", "MAX_FILES", "Entry", "Group", "Leaderboard", "Placed",
           "build_leaderboard", "check_file", "check_files", "find_files",
           "leaderboard_rows", "rank", "render_leaderboard"]
