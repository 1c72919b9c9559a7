"""The run file: a game as an append-only JSON Lines log of its decisions (DESIGN §3, §7).

A run file is at once the save game (resume = replay), the score proof (verify = replay and
compare the digests) and the input of ``compare`` and ``leaderboard``. Its lines are::

    {"type":"header","format":1,"engine":...,"numpy":...,"python":...,"scenario":...,
     "scenario_sha256":...,"overrides":[...],"seed":N,"policy":...}     (or "player"; "lang")
    {"type":"week","week":1,"decisions":{...},"digest":"<sha256 of the state after>"}
    ...
    {"type":"final","scores":{...}}

Each line is written with one ``write``, then flushed and fsynced, so a crash leaves at worst
a torn last line; :func:`read_run` drops it and treats damage anywhere else as an error. A
file may come from a stranger (a leaderboard hand-in), so lines and files are size-capped.
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import ENGINE_VERSION, Decisions, GameState, IllegalDecision, state_digest
from ..files import open_regular
from ..limits import MAX_OVERRIDE_CHARS, MAX_OVERRIDES, MAX_SEED
from ..textsafe import shown
from .decisions_json import decisions_problem
from .lock import SaveInUse, lock_save, unlock_save

FORMAT = 1
MAX_LINE_BYTES = 1 << 20   # 1 MB: a week of decisions is a few kB
MAX_FILE_BYTES = 50 << 20  # 50 MB: far above any real game
_DIGEST = re.compile(r"[0-9a-f]{64}")  # with fullmatch: no trailing newline slips through
#: bounds of the header's fields (a file may come from a stranger; seed and overrides have
#: the command line's limits, sim/limits.py)
MAX_NAME_CHARS = 1000  # scenario id, policy, player, engine and numpy versions (shown cut)
MAX_PATH_CHARS = 4096

class RunFileError(Exception):
    """A run file that cannot be read: missing, too big, or damaged before its last line.

    ``str(exc)`` is one line, ``FILE:LINE: what is wrong`` where a line is known.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class WeekEntry:
    """One recorded week: the decisions taken and the digest of the state after them."""

    week: int
    decisions: Decisions
    digest: str


@dataclass
class RunData:
    """What :func:`read_run` found. ``final`` is None for an unfinished game; ``torn`` says
    that a torn last line was dropped (the write of that line was cut short)."""

    header: dict[str, Any]
    weeks: list[WeekEntry] = field(default_factory=list)
    final: dict[str, Any] | None = None
    torn: bool = False

    @property
    def decisions(self) -> list[Decisions]:
        """The decisions of every recorded week, in order (what a replay feeds the engine)."""
        return [w.decisions for w in self.weeks]

    @property
    def complete(self) -> bool:
        """True when the game was played to its end (the final line is there)."""
        return self.final is not None


def make_header(*, scenario: str, scenario_sha256: str, seed: int,
                overrides: Sequence[str] = (), policy: str | None = None,
                player: str | None = None, lang: str | None = None) -> dict[str, Any]:
    """The header line of a new run; exactly one of ``policy`` (a bot) or ``player``.

    ``lang`` (optional, ``"en"`` or ``"ru"``) is the language the game was played in; the
    charts of ``sim compare`` use it."""
    if (policy is None) == (player is None):
        raise ValueError("a run header names either a policy or a player")
    header: dict[str, Any] = {
        "type": "header", "format": FORMAT, "engine": ENGINE_VERSION,
        "numpy": np.__version__, "python": platform.python_version(),
        "scenario": scenario, "scenario_sha256": scenario_sha256,
        "overrides": list(overrides), "seed": int(seed),
    }
    if policy is not None:
        header["policy"] = policy
    else:
        header["player"] = player
    if lang is not None:
        header["lang"] = lang
    return header


def older_engine(header: dict[str, Any]) -> str:
    """Why this engine cannot replay a run file, or ``""`` when it can try.

    ``ENGINE_VERSION`` is ``MAJOR.MINOR``; the major number changes whenever the same
    scenario, seed and decisions may lead to another game, so a file of another major
    version is refused before any replay (docs/run-files.md, "Run files of another
    engine"). Another minor version replays, and the replay decides."""
    recorded = str(header.get("engine", ""))
    if recorded.split(".")[0] == ENGINE_VERSION.split(".")[0]:
        return ""
    return (f"recorded with engine {shown(recorded, 40)}, this is engine {ENGINE_VERSION}: "
            "the model changed, so its decisions no longer lead to the same game; replay it "
            "with the release that recorded it, or play again (docs/run-files.md)")


def _json_default(obj: Any) -> Any:
    # a policy may hand back numpy scalars; the run file stores plain JSON values
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def encode_line(obj: dict[str, Any]) -> bytes:
    """One run-file line: compact JSON, UTF-8, ending in a newline."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                      default=_json_default)
    data = (text + "\n").encode("utf-8")
    if len(data) > MAX_LINE_BYTES:
        raise ValueError(f"a run-file line of {len(data)} bytes is over the "
                         f"{MAX_LINE_BYTES}-byte cap")
    return data


class RunWriter:
    """Appends the lines of one run to its file.

    Use as a context manager, or call :meth:`close`. ``durable`` (the default, and what the
    game uses) fsyncs after every line; a bot sweep passes ``durable=False`` and gets one fsync
    at :meth:`close`, since a crashed bot run is simply played again.
    """

    def __init__(self, path: str | os.PathLike[str], header: dict[str, Any], *,
                 durable: bool = True, overwrite: bool = False) -> None:
        self.path = Path(path)
        self.durable = durable
        self.next_week = 1
        self.finished = False
        self._lock: Path | None = None
        self._file = open(self.path, "wb" if overwrite else "xb")  # noqa: SIM115
        try:
            self._lock = lock_save(self._file, self.path)
            self._write(header)
        except BaseException:
            # a full disk, a header over the line cap, Ctrl-C: no empty or half file is left
            unlock_save(self._file, self._lock)
            self._file.close()
            if not overwrite:
                self.path.unlink(missing_ok=True)
            raise

    @classmethod
    def resume(cls, path: str | os.PathLike[str], *,
               durable: bool = True) -> tuple[RunWriter, RunData]:
        """Reopen an unfinished run to append to it; a torn last line is cut off first.

        Raises:
            RunFileError: the file is damaged, or the game in it is already finished.
        """
        self = cls.__new__(cls)
        self.path, self.durable = Path(path), durable
        try:
            with open_regular(path):  # refuse a FIFO or a device before opening to write
                pass
            self._file = open(self.path, "r+b")  # noqa: SIM115
        except OSError as exc:
            raise RunFileError(f"{path}: cannot open: {exc.strerror or exc}") from None
        try:
            # locked before it is read: a second game on this save is refused here, never
            # left to interleave its weeks with the first one's
            self._lock = lock_save(self._file, self.path)
        except SaveInUse as exc:
            self._file.close()
            raise RunFileError(str(exc)) from None
        try:
            data = read_run(path)
            if data.complete:
                raise RunFileError(f"{path}: the game in this run file is already finished")
            good = _good_length(Path(path))
            self.next_week, self.finished = len(data.weeks) + 1, False
            self._file.truncate(good)
            self._file.seek(good)
            self._sync()
        except BaseException:
            self.close()
            raise
        return self, data

    def _sync(self) -> None:
        self._file.flush()
        if self.durable:
            os.fsync(self._file.fileno())

    def _write(self, obj: dict[str, Any]) -> None:
        line = encode_line(obj)
        self._file.write(line)  # one write per line: a crash tears at most one
        self._sync()

    def write_week(self, week: int, decisions: Decisions, digest: str) -> None:
        """Append week ``week`` (weeks come in order, from 1)."""
        if self.finished or week != self.next_week:
            raise ValueError(f"run file {self.path}: expected week {self.next_week}, got {week}")
        self._write({"type": "week", "week": int(week), "decisions": decisions.to_dict(),
                     "digest": digest})
        self.next_week += 1

    def on_week(self, state: GameState, decisions: Decisions, report: Any) -> None:
        """A hook for :func:`sim.runs.runner.play`: records the week just played."""
        self.write_week(report.week, decisions, state_digest(state))

    def write_final(self, scores: dict[str, Any]) -> None:
        """Append the final scores; nothing may follow them."""
        self._write({"type": "final", "scores": scores})
        self.finished = True

    def close(self) -> None:
        """Flush, fsync and close (safe to call twice)."""
        if self._file.closed:
            return
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
        finally:
            unlock_save(self._file, getattr(self, "_lock", None))
            self._file.close()

    def __enter__(self) -> RunWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _raw_lines(path: Path, max_bytes: int | None = None) -> list[bytes]:
    cap = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        lines = []
        total = 0
        with open_regular(path) as f:  # a FIFO or a device is refused, never waited on
            size = os.fstat(f.fileno()).st_size
            if size > cap:
                raise RunFileError(f"{path}: the file is {size} bytes, over the "
                                   f"{cap}-byte cap for a run file")
            while True:
                line = f.readline(MAX_LINE_BYTES + 1)
                if not line:
                    return lines
                if len(line) > MAX_LINE_BYTES:
                    raise RunFileError(f"{path}:{len(lines) + 1}: line longer than "
                                       f"{MAX_LINE_BYTES} bytes")
                total += len(line)
                if total > cap:  # the file grew after stat, or is not a plain file
                    raise RunFileError(f"{path}: more than {cap} bytes, over the cap for "
                                       "a run file")
                lines.append(line)
    except OSError as exc:
        raise RunFileError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _good_length(path: Path) -> int:
    """Bytes of the file up to the end of its last whole, valid line."""
    lines = _raw_lines(path)
    if lines and _torn(lines[-1]):
        lines = lines[:-1]
    return sum(len(line) for line in lines)


def _torn(line: bytes) -> bool:
    if not line.endswith(b"\n"):
        return True
    try:
        json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):
        return True
    return False


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _parse(line: bytes) -> Any:
    try:
        text = line.decode("utf-8")  # strictly: json.loads(bytes) would guess UTF-16 or -32
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant,
                      parse_float=_finite_float, parse_int=_bounded_int)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 reads as inf
        raise ValueError(f"the number {text[:40]} is out of range")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 20:  # 2**64 has 20 digits; more is no value of a run file
        raise ValueError(f"the number {text[:40]}… is out of range")
    return int(text)


def _check_header(obj: dict[str, Any], where: str) -> None:
    """Every field of a header in type and range, before anything uses it."""
    if obj.get("format") != FORMAT or isinstance(obj.get("format"), bool):
        raise RunFileError(f"{where}: unsupported run file format "
                           f"{shown(repr(obj.get('format')), 40)} (this version reads {FORMAT})")
    for key in ("engine", "scenario", "scenario_sha256"):
        if not isinstance(obj.get(key), str):
            raise RunFileError(f"{where}: header.{key}: missing or not a string")
    if not _DIGEST.fullmatch(obj["scenario_sha256"]):
        raise RunFileError(f"{where}: header.scenario_sha256: not a SHA-256 hex string")
    for key in ("engine", "numpy", "python", "scenario", "policy", "player", "lang"):
        value = obj.get(key)
        if value is not None and not (isinstance(value, str) and len(value) <= MAX_NAME_CHARS):
            raise RunFileError(f"{where}: header.{key}: not a string of at most "
                               f"{MAX_NAME_CHARS} characters")
    path = obj.get("scenario_path")
    if path is not None and not (isinstance(path, str) and len(path) <= MAX_PATH_CHARS):
        raise RunFileError(f"{where}: header.scenario_path: not a path of at most "
                           f"{MAX_PATH_CHARS} characters")
    seed = obj.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise RunFileError(f"{where}: header.seed: missing or not a whole number from 0 to "
                           "2**63-1")
    over = obj.get("overrides", [])
    if not isinstance(over, list) or not all(isinstance(o, str) for o in over):
        raise RunFileError(f"{where}: header.overrides: not a list of strings")
    if len(over) > MAX_OVERRIDES or any(len(o) > MAX_OVERRIDE_CHARS for o in over):
        raise RunFileError(f"{where}: header.overrides: more than {MAX_OVERRIDES} items, or "
                           f"one longer than {MAX_OVERRIDE_CHARS} characters")
    who = [k for k in ("policy", "player") if isinstance(obj.get(k), str)]
    if len(who) != 1:
        raise RunFileError(f"{where}: header: needs exactly one of policy or player")


def read_run(path: str | os.PathLike[str], *, max_bytes: int | None = None,
             max_weeks: int | None = None) -> RunData:
    """Read and check a run file.

    A torn last line (no trailing newline, or not valid JSON) is dropped and ``torn`` is set.
    ``max_bytes`` lowers the file-size cap (default :data:`MAX_FILE_BYTES`); ``max_weeks``
    refuses a file with more week lines than any game can have, before decoding them all
    (both for files from strangers).

    Raises:
        RunFileError: the file cannot be read, is over the size caps, or is damaged anywhere
            but in its last line (bad JSON, unknown line type, weeks out of order, malformed
            decisions, anything after the final line).
    """
    path = Path(path)
    lines = _raw_lines(path, max_bytes)
    torn = bool(lines) and _torn(lines[-1])
    if torn:
        lines = lines[:-1]
    if not lines:
        raise RunFileError(f"{path}: no header: " + (
            "its first line is torn (cut short, or this is not a run file)" if torn
            else "the file is empty"))
    data: RunData | None = None
    for number, raw in enumerate(lines, start=1):
        where = f"{path}:{number}"
        try:
            obj = _parse(raw)
        except (ValueError, RecursionError) as exc:  # deep nesting is a hostile file
            raise RunFileError(f"{where}: not valid JSON ({exc})") from None
        if not isinstance(obj, dict):
            raise RunFileError(f"{where}: expected a JSON object")
        kind = obj.get("type")
        if data is None:
            if kind != "header":
                raise RunFileError(f"{where}: the first line must be the header")
            _check_header(obj, where)
            data = RunData(header=obj, torn=torn)
            continue
        if data.final is not None:
            raise RunFileError(f"{where}: a line after the final scores")
        if kind == "week":
            if max_weeks is not None and len(data.weeks) >= max_weeks:
                raise RunFileError(f"{where}: more than {max_weeks} weeks: longer than any "
                                   "game")
            data.weeks.append(_week_entry(obj, where, len(data.weeks) + 1))
        elif kind == "final":
            if not isinstance(obj.get("scores"), dict):
                raise RunFileError(f"{where}: final.scores: missing or not an object")
            data.final = obj["scores"]
        else:
            raise RunFileError(f"{where}: unknown line type {kind!r}")
    assert data is not None
    return data


def _week_entry(obj: dict[str, Any], where: str, expected: int) -> WeekEntry:
    week = obj.get("week")
    if week != expected or isinstance(week, bool):
        raise RunFileError(f"{where}: expected week {expected}, found {week!r}")
    digest = obj.get("digest")
    if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        raise RunFileError(f"{where}: week {expected}: digest is not a SHA-256 hex string")
    problem = decisions_problem(obj.get("decisions"))
    if problem:
        raise RunFileError(f"{where}: week {expected}: malformed decisions: {problem}")
    try:
        decisions = Decisions.from_dict(obj.get("decisions"))
    except IllegalDecision as exc:
        raise RunFileError(f"{where}: week {expected}: {shown(exc.reason, 200)}") from None
    except (OverflowError, ValueError, TypeError) as exc:  # a gap in the check above
        raise RunFileError(f"{where}: week {expected}: malformed decisions: "
                           f"{shown(exc, 120)}") from None
    return WeekEntry(week=expected, decisions=decisions, digest=digest)


__all__ = ["FORMAT", "MAX_FILE_BYTES", "MAX_LINE_BYTES", "RunData", "RunFileError",
           "older_engine",
           "RunWriter", "WeekEntry", "encode_line", "make_header", "read_run"]
