"""Verify a run file by playing it again (DESIGN §3, §6, §7).

A run file holds decisions, not results. :func:`verify_run` loads the scenario the header
names, checks that it is the very file the run was played on (its SHA-256), starts
``new_game(params, seed)`` with the recorded overrides, feeds it every week's decisions and
compares each week's state digest, then the final scores, with what the file says. The first
difference is reported with its week and line::

    run.jsonl:13: week 12: digest differs (the decisions of week 12 do not lead to the
    recorded state)
    run.jsonl:54: final.score: recorded 97.1, replay gives 88.4

Files come from strangers (a class's hand-ins), so nothing here raises on a bad file: every
problem becomes a :class:`Verification` with a one-line ``reason``. Files over
:data:`MAX_VERIFY_BYTES` are refused before they are read.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import (
    ENGINE_VERSION,
    Decisions,
    GameState,
    IllegalDecision,
    PlayedWeek,
    WeekReport,
    final_scores,
    new_game,
    play_weeks,
    state_digest,
)
from ..resources import scenario_file, shipped_scenarios
from ..textsafe import shown
from .runfile import RunData, RunFileError, older_engine, read_run

# A 200-client, 520-week game with a busy player is a few MB; anything bigger is not a game.
MAX_VERIFY_BYTES = 16 << 20
MAX_WEEKS = 520  # the scenario schema's longest game

# outcomes, from best to worst; ``exit_code`` maps them to the CLI's codes
OK = "ok"                  # every digest and the final scores match
UNFINISHED = "unfinished"  # every recorded week matches, but the game has no final line yet
MISMATCH = "mismatch"      # a digest, a decision or a score differs: tampered or other rules
SCENARIO = "scenario"      # the scenario file is not the one the run was played on
UNREADABLE = "unreadable"  # not a run file, damaged, too big, of another engine, or its
#                             scenario is missing

MAX_REASON = 300  # characters of a reason line

#: the most seconds one file's check may take (a replay is well under one); a file that
#: takes longer is refused, so no file can hold up a class's leaderboard
MAX_VERIFY_SECONDS = 20.0


@dataclass
class Verification:
    """The verdict on one run file.

    Attributes:
        path: The file.
        status: One of ``ok``, ``unfinished``, ``mismatch``, ``scenario``, ``unreadable``.
        reason: One line saying what is wrong (empty when nothing is), with ``FILE:LINE:``.
        week: The first week that diverges, when a week does.
        data: What the file holds (None when it could not be read).
        scores: The replay's scores (of the game so far, for an unfinished one).
        weeks_played: Weeks replayed successfully.
        game_weeks: The scenario's length (0 when the scenario could not be loaded).
        state: The final replayed state, when asked for with ``keep=True``.
        reports: Every week's report, when asked for with ``keep=True``.
        notes: Remarks that do not fail the check (another numpy or engine version).
        state_end: How the replayed game ended (``finished``, ``bankrupt``) or ''.
        scenario_id: The id of the scenario found by its hash (its own content), or ''.
        scenario_title: That scenario's English title, or ''.
    """

    path: Path
    status: str
    reason: str = ""
    week: int | None = None
    data: RunData | None = None
    scores: dict[str, float] | None = None
    weeks_played: int = 0
    game_weeks: int = 0
    state: GameState | None = None
    reports: list[WeekReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    state_end: str = ""
    scenario_id: str = ""
    scenario_title: str = ""

    @property
    def ok(self) -> bool:
        """True when the file is consistent: every recorded week (and the final line, if
        there is one) is what the replay gives."""
        return self.status in (OK, UNFINISHED)

    @property
    def complete(self) -> bool:
        """True when the file is verified and the game in it is finished."""
        return self.status == OK

    @property
    def exit_code(self) -> int:
        """0 consistent, 1 a check failed, 2 the file (or its scenario) cannot be read."""
        if self.ok:
            return 0
        return 2 if self.status == UNREADABLE else 1

    def summary(self) -> str:
        """One line: for a consistent run who, what and the result; else the reason."""
        if not self.ok:
            return self.reason
        h = self.data.header if self.data else {}
        who = player_label(h)
        what = f"{clean_text(self.scenario_id or h.get('scenario'), 64)} seed {h.get('seed')}"
        if h.get("overrides"):
            what += f" ({clean_text(', '.join(h['overrides']), 120)})"
        if self.status == UNFINISHED:
            torn = ", the torn last line dropped" if self.data and self.data.torn else ""
            return (f"OK {self.path}: {what}, {who}: unfinished game, {self.weeks_played} of "
                    f"{self.game_weeks} weeks replayed, every digest matches{torn}")
        end = self.state_end or "finished"
        score = self.scores["score"] if self.scores else float("nan")
        return (f"OK {self.path}: {what}, {who}: {self.weeks_played} weeks replayed, every "
                f"digest and the final scores match; score {score:.2f} ({end})")


def player_label(header: dict[str, Any]) -> str:
    """The name a run is shown under: the player's pseudonym, or the bot's policy."""
    if isinstance(header.get("player"), str):
        return clean_text(header["player"])
    if isinstance(header.get("policy"), str):
        return f"{clean_text(header['policy'])} (bot)"
    return "?"


def clean_text(text: str, limit: int = 32) -> str:
    """A stranger's string made safe to print: control characters shown escaped (``\\x1b``),
    at most ``limit`` characters."""
    return shown(str(text).strip(), limit)


# --- scenarios ------------------------------------------------------------------------------


class ScenarioBook:
    """Finds the scenario of a run by its content: the SHA-256 the header records.

    A run is identified by the hash of its scenario file, never by the name in its header
    (a header is a stranger's text). The book knows the shipped scenarios and ``extra``
    scenario files (an instructor's own, given with ``--scenario FILE``); with
    ``header_paths`` it also tries the file the game recorded (``scenario_path``), if it is a
    regular ``.yaml`` file: right for one's own runs (``replay``, ``compare``), while the
    leaderboard never opens a path that a stranger's file chose. The file found must then be
    the scenario the header names: a name, a path and a hash that disagree are an error.
    Each file is loaded once per (file, overrides), and the shipped files are listed once.
    A file compiled before with the same bytes, overrides and loader comes from the user's
    private cache (:mod:`sim.compiled`: plain JSON, named by that hash, never read from a
    folder others may write to) without the YAML loader; the cache opens nothing but these
    candidate files and its own entries.

    A leaderboard's files mostly share a seed (a class plays one): :meth:`start` keeps the
    opened first week of each (scenario, seed) and hands out copies of it.
    """

    #: opened first weeks kept by :meth:`start` (each some tens of kB)
    MAX_STARTS = 64

    def __init__(self, extra: tuple[str, ...] | list[str] = (), *,
                 header_paths: bool = False) -> None:
        self.extra = tuple(str(p) for p in extra)
        self.header_paths = header_paths
        self._loaded: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._listed: list[str] | None = None  # the shipped files
        self._shipped: dict[str, list[str]] = {}  # by the header's name: those, in order
        self._starts: dict[tuple[int, int], tuple[Any, GameState]] = {}

    def start(self, params: Any, seed: int) -> GameState:
        """``new_game(params, seed)``: a copy of the one made for the first file with these
        parameters and seed (a copy is a tenth of the cost of opening the game again)."""
        key = (id(params), seed)
        kept = self._starts.get(key)
        if kept is None or kept[0] is not params:
            if len(self._starts) >= self.MAX_STARTS:
                self._starts.pop(next(iter(self._starts)))  # the oldest
            # (params is kept with its state, so that its id is not reused while it is here)
            kept = self._starts[key] = (params, new_game(params, seed))
        return kept[1].copy()

    def _load(self, ref: str, overrides: tuple[str, ...]) -> Any:
        """A Scenario, or a string saying why it cannot be loaded (cached either way).

        A file compiled before (:mod:`sim.compiled`: the same bytes, overrides and loader)
        comes from the user's own cache as a ``CompiledScenario``, without the YAML loader;
        any other is loaded, and kept there for the next time."""
        key = (ref, overrides)
        if key not in self._loaded:
            self._loaded[key] = _compiled(ref, overrides) or self._load_afresh(ref, overrides)
        return self._loaded[key]

    @staticmethod
    def _load_afresh(ref: str, overrides: tuple[str, ...]) -> Any:
        from ..compiled import store
        from ..scenario import ScenarioError, load_scenario

        try:
            sc = load_scenario(ref, overrides=list(overrides))
        except ScenarioError as exc:
            first = exc.problems[0] if exc.problems else exc
            return f"{first}"
        except OSError as exc:
            return f"{ref}: cannot read: {exc.strerror or exc}"
        except Exception as exc:  # a gap in the loader must not stop a leaderboard
            return f"{ref}: cannot load: {type(exc).__name__}: {exc}"
        try:
            store(sc, overrides)
        except Exception:  # the cache only saves time: keeping it must not cost the verdict
            pass
        return sc

    def _candidates(self, header: dict[str, Any]) -> tuple[list[str], str | None]:
        """The files to look in (the header's own path first, when allowed), and that path."""
        own = header.get("scenario_path")
        path = None
        if self.header_paths and isinstance(own, str) and own.endswith((".yaml", ".yml")) \
                and len(own) < 4096 and "\x00" not in own and Path(own).is_file():
            path = own
        # the shipped scenario of the header's name first: usually the only one loaded
        name = header["scenario"]
        shipped = self._shipped.get(name)
        if shipped is None:
            if len(self._shipped) >= 64:  # names come from strangers' headers
                self._shipped.clear()
            if self._listed is None:
                self._listed = [str(p) for p in shipped_scenarios()]
            shipped = self._shipped[name] = sorted(self._listed,
                                                   key=lambda p: Path(p).stem != name)
        return list(dict.fromkeys(([path] if path else []) + list(self.extra) + shipped)), path

    def find(self, header: dict[str, Any]) -> tuple[Any, str, str]:
        """``(scenario, status, reason)``: the scenario of this header, or why there is none.

        ``status`` is ``ok``; ``scenario`` when no file has the recorded hash but one is the
        named scenario or the recorded path (another version of it), or when the file with
        that hash is another scenario than the header names; ``unreadable`` when nothing is
        found or it does not load with the recorded overrides.
        """
        name, sha = header["scenario"], header["scenario_sha256"]
        overrides = tuple(header.get("overrides", []))
        candidates, own = self._candidates(header)
        other = None
        problem = None
        for ref in candidates:
            plain = self._load(ref, ())
            if isinstance(plain, str):
                problem = problem or plain
                continue
            if plain.sha256 != sha:
                if other is None and (plain.id == name or ref == own):
                    other = plain
                continue
            if plain.id != name:
                return None, SCENARIO, (
                    f"the header names scenario {shown(name, 64)!r}, but the scenario with its "
                    f"SHA-256 {sha[:12]}… is {shown(plain.id, 64)!r} ({shown(plain.path)}): "
                    "the run was played on another scenario than it says")
            sc = self._load(ref, overrides) if overrides else plain
            if isinstance(sc, str):
                return None, UNREADABLE, f"the recorded overrides do not apply: {sc}"
            return sc, OK, ""
        if other is not None:
            return None, SCENARIO, (
                f"scenario changed: the run was played on {shown(name, 64)!r} with SHA-256 "
                f"{sha[:12]}…, but {shown(other.path)} ({shown(other.id, 64)!r}) has SHA-256 "
                f"{other.sha256[:12]}… (another version of the scenario; give the original "
                "with --scenario FILE)")
        hint = f" ({problem})" if problem and self.extra else ""
        return None, UNREADABLE, (
            f"scenario {shown(name, 64)!r} with SHA-256 {sha[:12]}… not found: it is not a "
            f"shipped scenario; give its file with --scenario FILE{hint}")


def _compiled(ref: str, overrides: tuple[str, ...]) -> Any:
    """The cached compilation of the scenario ``ref`` names, or None (see :mod:`sim.compiled`).

    Its ``path`` is the one :func:`sim.scenario.load_scenario` would give."""
    from ..compiled import lookup

    try:
        path = scenario_file(ref)
        return lookup(Path(path), overrides) if path is not None else None
    except Exception:  # any doubt is a miss: the loader then says what is wrong
        return None


# --- the check ------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    return clean_text(repr(value), 40)


def _compare_final(recorded: dict[str, Any], replayed: dict[str, float]) -> str:
    """The first difference between two score dicts, or ''."""
    for key, value in replayed.items():
        if key not in recorded:
            return f"final.{key}: missing (replay gives {_fmt(value)})"
        got = recorded[key]
        if isinstance(got, bool) or not isinstance(got, int | float) or got != value:
            label = "final score" if key == "score" else f"final.{key}"
            return f"{label}: recorded {_fmt(got)}, replay gives {_fmt(value)}"
    extra = sorted(set(recorded) - set(replayed))
    if extra:
        return f"final.{clean_text(extra[0])}: not a score of this engine"
    return ""


def _version_note(header: dict[str, Any]) -> str:
    notes = []
    if header.get("engine") != ENGINE_VERSION:
        notes.append(f"recorded with engine {clean_text(header.get('engine'))}, this is "
                     f"engine {ENGINE_VERSION}")
    if isinstance(header.get("numpy"), str) and header["numpy"] != np.__version__:
        notes.append(f"recorded with numpy {clean_text(header['numpy'])}, this is numpy "
                     f"{np.__version__}")
    return "; ".join(notes)


def verify_run(path: str | os.PathLike[str], *, keep: bool = False,
               book: ScenarioBook | None = None,
               max_seconds: float | None = MAX_VERIFY_SECONDS,
               on_week: Callable[[PlayedWeek], None] | None = None) -> Verification:
    """Replay a run file and compare it with what it records.

    Args:
        path: The run file.
        keep: Keep the final state and the weekly reports (for ``compare``); without it the
            weeks are played without their explaining notes, which nobody would read (the
            state and the digests are the same either way).
        book: Where scenarios come from (default: the shipped ones); pass one to reuse its
            cache over many files.
        max_seconds: Give up on a replay that takes longer (None: no limit).
        on_week: Called with every week replayed whose digest matches, its report
            explained and a copy of the state before it (``PlayedWeek.before``): what a
            debrief keeps of the replay, so that it need not play the game again.

    Returns:
        The verdict; never raises (any failure is an ``unreadable`` verdict with a reason).
    """
    path = Path(path)
    try:
        return _verify(path, keep, book or ScenarioBook(), max_seconds, on_week)
    except Exception as exc:  # a gap anywhere must cost one verdict, never a traceback
        return Verification(path, UNREADABLE, clean_text(
            f"{path}: cannot verify: {type(exc).__name__}: {exc}", MAX_REASON))


def _verify(path: Path, keep: bool, book: ScenarioBook, max_seconds: float | None,
            on_week: Callable[[PlayedWeek], None] | None = None) -> Verification:
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    try:
        if not path.is_file():
            what = "no such file" if not path.exists() else "not a regular file"
            return Verification(path, UNREADABLE, f"{path}: {what}")
        data = read_run(path, max_bytes=MAX_VERIFY_BYTES, max_weeks=MAX_WEEKS)
    except RunFileError as exc:  # its message may quote a stranger's bytes: keep it short
        return Verification(path, UNREADABLE, clean_text(exc.message, MAX_REASON))
    except OSError as exc:
        return Verification(path, UNREADABLE, f"{path}: cannot read: {exc.strerror or exc}")
    older = older_engine(data.header)
    if older:
        return Verification(path, UNREADABLE, clean_text(f"{path}:1: {older}", MAX_REASON),
                            data=data)
    sc, status, reason = book.find(data.header)
    if sc is None:
        return Verification(path, status, clean_text(f"{path}:1: {reason}", MAX_REASON),
                            data=data)
    result = Verification(path, OK, data=data, game_weeks=sc.params.weeks,
                          scenario_id=sc.id, scenario_title=sc.title)
    note = _version_note(data.header)
    if note:
        result.notes.append(note)
    try:
        # a replay nobody watches starts from the book's copy of the opened game (its digests
        # are compared all the same); one kept or watched opens its own
        start = book.start if not keep and on_week is None else new_game
        _replay(result, data, sc.params, keep, deadline, max_seconds, on_week, start)
    except Exception as exc:  # the engine on decisions it accepted: say so, never crash
        result.status = MISMATCH
        result.week = result.weeks_played + 1
        result.reason = (f"{path}:{result.week + 1}: week {result.week}: the engine failed on "
                         f"these decisions: {type(exc).__name__}: {clean_text(str(exc), 80)}")
    if not result.ok and note:
        result.reason += f" ({note})"
    return result


def _replay(result: Verification, data: RunData, params: Any, keep: bool,
            deadline: float | None = None, limit: float | None = None,
            on_week: Callable[[PlayedWeek], None] | None = None,
            start: Callable[[Any, int], GameState] = new_game) -> None:
    path = result.path
    seed = data.header["seed"]
    st = start(params, seed)
    late = False  # the clock stopped the check

    def recorded() -> Iterator[Decisions]:
        nonlocal late
        for entry in data.weeks:
            if deadline is not None and time.monotonic() > deadline:
                late = True
                return
            yield entry.decisions

    done = 0  # weeks replayed: data.weeks[done] is the next one
    try:
        for played in play_weeks(st, recorded(), explain=keep or on_week is not None,
                                 before=on_week is not None):
            entry = data.weeks[done]
            if state_digest(st) != entry.digest:
                result.status, result.week = MISMATCH, entry.week
                hint = (" (or the header's seed or overrides were changed)"
                        if entry.week == 1 else "")
                result.reason = (f"{path}:{entry.week + 1}: week {entry.week}: digest differs "
                                 f"(the decisions of week {entry.week} do not lead to the "
                                 f"recorded state{hint})")
                return
            done += 1
            result.weeks_played = entry.week
            if keep:
                result.reports.append(played.report)
            if on_week is not None:
                on_week(played)
    except IllegalDecision as exc:
        entry = data.weeks[done]
        result.status, result.week = MISMATCH, entry.week
        result.reason = (f"{path}:{entry.week + 1}: week {entry.week}: the recorded decisions "
                         f"cannot apply: {clean_text(exc.reason, 120)}")
        return
    if done < len(data.weeks):
        entry = data.weeks[done]
        result.week = entry.week
        if late:
            result.status = UNREADABLE
            result.reason = (f"{path}:{entry.week + 1}: the check took more than {limit:g} s "
                             f"and was stopped at week {entry.week}; not a run file a game "
                             "writes")
        else:
            result.status = MISMATCH
            result.reason = (f"{path}:{entry.week + 1}: week {entry.week}: recorded after the "
                             f"game ended in week {st.week - 1} ({st.end_reason})")
        return
    result.scores = final_scores(st)
    result.state_end = st.end_reason
    if keep:
        result.state = st
    final_line = len(data.weeks) + 2
    if data.final is None:
        result.status = UNFINISHED
        if st.over:  # every week is there: only the final line is missing
            result.notes.append(f"the game ended in week {st.week - 1}, but its final line "
                                "is missing")
        return
    if not st.over:
        result.status = MISMATCH
        result.reason = (f"{path}:{final_line}: final scores after week {len(data.weeks)}, "
                         f"but the game lasts {params.weeks} weeks")
        return
    diff = _compare_final(data.final, result.scores)
    if diff:
        result.status = MISMATCH
        result.reason = f"{path}:{final_line}: {diff}"


__all__ = ["MAX_VERIFY_BYTES", "MAX_WEEKS", "MISMATCH", "OK", "SCENARIO", "UNFINISHED",
           "UNREADABLE", "ScenarioBook", "Verification", "clean_text", "player_label",
           "verify_run"]
