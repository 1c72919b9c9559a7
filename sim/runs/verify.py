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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import (
    ENGINE_VERSION,
    GameState,
    IllegalDecision,
    WeekReport,
    final_scores,
    new_game,
    state_digest,
    step,
)
from .runfile import RunData, RunFileError, read_run

# A 200-client, 520-week game with a busy player is a few MB; anything bigger is not a game.
MAX_VERIFY_BYTES = 16 << 20
MAX_WEEKS = 520  # the scenario schema's longest game

# outcomes, from best to worst; ``exit_code`` maps them to the CLI's codes
OK = "ok"                  # every digest and the final scores match
UNFINISHED = "unfinished"  # every recorded week matches, but the game has no final line yet
MISMATCH = "mismatch"      # a digest, a decision or a score differs: tampered or other rules
SCENARIO = "scenario"      # the scenario file is not the one the run was played on
UNREADABLE = "unreadable"  # not a run file, damaged, too big, or its scenario is missing

MAX_REASON = 300  # characters of a reason line

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


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
        what = f"{clean_text(h.get('scenario'), 64)} seed {h.get('seed')}"
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
    """A stranger's string made safe to print: no control characters, at most ``limit``."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- scenarios ------------------------------------------------------------------------------


class ScenarioBook:
    """Loads the scenarios that run files name, once per (file, overrides).

    A run names its scenario by id; that id is looked up among the shipped scenarios and
    among ``extra`` scenario files (an instructor's own, given with ``--scenario FILE``),
    and the one whose SHA-256 is the header's is used. The game also records the file it
    was played from (``scenario_path``); with ``header_paths`` that file is tried too, if it
    is a regular ``.yaml`` file: right for one's own runs (``replay``, ``compare``), while
    the leaderboard never opens a path that a stranger's file chose.
    """

    def __init__(self, extra: tuple[str, ...] | list[str] = (), *,
                 header_paths: bool = False) -> None:
        self.extra = tuple(str(p) for p in extra)
        self.header_paths = header_paths
        self._loaded: dict[tuple[str, tuple[str, ...]], Any] = {}

    def _load(self, ref: str, overrides: tuple[str, ...]) -> Any:
        """A Scenario, or a string saying why it cannot be loaded (cached either way)."""
        from ..scenario import ScenarioError, load_scenario

        key = (ref, overrides)
        if key not in self._loaded:
            try:
                self._loaded[key] = load_scenario(ref, overrides=list(overrides))
            except ScenarioError as exc:
                first = exc.problems[0] if exc.problems else exc
                self._loaded[key] = f"{first}"
            except OSError as exc:
                self._loaded[key] = f"{ref}: cannot read: {exc.strerror or exc}"
            except Exception as exc:  # a gap in the loader must not stop a leaderboard
                self._loaded[key] = f"{ref}: cannot load: {type(exc).__name__}: {exc}"
        return self._loaded[key]

    def find(self, header: dict[str, Any]) -> tuple[Any, str, str]:
        """``(scenario, status, reason)``: the scenario of this header, or why there is none.

        ``status`` is ``ok``, ``scenario`` (found, but a different version of the file) or
        ``unreadable`` (not found, or it does not load with the recorded overrides).
        """
        from ..scenario import SCENARIOS_DIR

        name, sha = header["scenario"], header["scenario_sha256"]
        overrides = tuple(header.get("overrides", []))
        candidates = list(self.extra)
        own = header.get("scenario_path")
        if self.header_paths and isinstance(own, str) and own.endswith((".yaml", ".yml")) \
                and len(own) < 4096 and "\x00" not in own and Path(own).is_file():
            candidates.append(own)
        if _NAME.match(name) and not name.endswith((".yaml", ".yml")) \
                and (SCENARIOS_DIR / f"{name}.yaml").is_file():
            candidates.append(name)
        other = None
        problem = None
        for ref in candidates:
            plain = self._load(ref, ())
            if isinstance(plain, str):
                problem = problem or plain
                continue
            if plain.sha256 != sha:
                if plain.id == name:
                    other = plain
                continue
            sc = self._load(ref, overrides) if overrides else plain
            if isinstance(sc, str):
                return None, UNREADABLE, f"the recorded overrides do not apply: {sc}"
            return sc, OK, ""
        if other is not None:
            return None, SCENARIO, (
                f"scenario changed: the run was played on {clean_text(name)} with SHA-256 "
                f"{sha[:12]}…, but {other.path} has SHA-256 {other.sha256[:12]}… (another "
                "version of the scenario; give the original with --scenario FILE)")
        hint = f" ({problem})" if problem and self.extra else ""
        return None, UNREADABLE, (
            f"scenario {clean_text(name)!r} with SHA-256 {sha[:12]}… not found: it is not a "
            f"shipped scenario; give its file with --scenario FILE{hint}")


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
               book: ScenarioBook | None = None) -> Verification:
    """Replay a run file and compare it with what it records.

    Args:
        path: The run file.
        keep: Keep the final state and the weekly reports (for ``compare``).
        book: Where scenarios come from (default: the shipped ones); pass one to reuse its
            cache over many files.

    Returns:
        The verdict; never raises for anything about the file.
    """
    path = Path(path)
    book = book or ScenarioBook()
    try:
        if not path.is_file():
            what = "no such file" if not path.exists() else "not a regular file"
            return Verification(path, UNREADABLE, f"{path}: {what}")
        data = read_run(path, max_bytes=MAX_VERIFY_BYTES, max_weeks=MAX_WEEKS)
    except RunFileError as exc:  # its message may quote a stranger's bytes: keep it short
        return Verification(path, UNREADABLE, clean_text(exc.message, MAX_REASON))
    except OSError as exc:
        return Verification(path, UNREADABLE, f"{path}: cannot read: {exc.strerror or exc}")
    sc, status, reason = book.find(data.header)
    if sc is None:
        return Verification(path, status, clean_text(f"{path}:1: {reason}", MAX_REASON),
                            data=data)
    result = Verification(path, OK, data=data, game_weeks=sc.params.weeks)
    note = _version_note(data.header)
    if note:
        result.notes.append(note)
    try:
        _replay(result, data, sc.params, keep)
    except Exception as exc:  # the engine on decisions it accepted: say so, never crash
        result.status = MISMATCH
        result.week = result.weeks_played + 1
        result.reason = (f"{path}:{result.week + 1}: week {result.week}: the engine failed on "
                         f"these decisions: {type(exc).__name__}: {clean_text(str(exc), 80)}")
    if not result.ok and note:
        result.reason += f" ({note})"
    return result


def _replay(result: Verification, data: RunData, params: Any, keep: bool) -> None:
    path = result.path
    seed = data.header["seed"]
    st = new_game(params, seed)
    for entry in data.weeks:
        line = entry.week + 1
        if st.over:
            result.status, result.week = MISMATCH, entry.week
            result.reason = (f"{path}:{line}: week {entry.week}: recorded after the game "
                             f"ended in week {st.week - 1} ({st.end_reason})")
            return
        try:
            st, report = step(st, entry.decisions, inplace=True)
        except IllegalDecision as exc:
            result.status, result.week = MISMATCH, entry.week
            result.reason = (f"{path}:{line}: week {entry.week}: the recorded decisions "
                             f"cannot apply: {clean_text(exc.reason, 120)}")
            return
        if state_digest(st) != entry.digest:
            result.status, result.week = MISMATCH, entry.week
            hint = (" (or the header's seed or overrides were changed)"
                    if entry.week == 1 else "")
            result.reason = (f"{path}:{line}: week {entry.week}: digest differs (the "
                             f"decisions of week {entry.week} do not lead to the recorded "
                             f"state{hint})")
            return
        result.weeks_played = entry.week
        if keep:
            result.reports.append(report)
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
