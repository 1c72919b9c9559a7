"""One game being played: the scenario, the engine state and its run file (the autosave).

Only :meth:`Session.end_week` changes the game, and it does so through ``sim.engine.step``.
Each week is appended to the run file (one fsynced line) as soon as it is played, so a crash,
a closed window or a kill loses at most the week in progress. Resuming replays the recorded
decisions from ``new_game`` and checks every digest.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.engine import (
    Decisions,
    GameState,
    Observation,
    WeekReport,
    final_scores,
    new_game,
    observe,
    play_weeks,
    state_digest,
    step,
)
from sim.files import os_error_line
from sim.runs.runfile import RunFileError, RunWriter, make_header, older_engine, read_run
from sim.scenario import Scenario, load_scenario
from sim.textsafe import shown

from .settings import run_file_name, runs_dir


class ResumeError(Exception):
    """A run file that cannot be continued (damaged, finished, or its scenario changed)."""


class SaveError(Exception):
    """A new game whose run file cannot be created (a full disk, a read-only data folder,
    the runs folder being a file); nothing is left behind."""


@dataclass
class Session:
    """A game in progress with its run file."""

    scenario: Scenario
    seed: int
    player: str
    state: GameState
    writer: RunWriter | None
    path: Path | None
    overrides: list[str] = field(default_factory=list)
    reports: list[WeekReport] = field(default_factory=list)
    decisions: list[Decisions] = field(default_factory=list)
    _obs: Observation | None = None

    @classmethod
    def new(cls, scenario: Scenario, *, seed: int | None = None, player: str = "player",
            lang: str = "en", overrides: list[str] | None = None,
            base: Path | None = None, record: bool = True) -> Session:
        """Start a game; with ``record`` its run file is created in the runs folder."""
        seed = secrets.randbelow(1_000_000) if seed is None else int(seed)
        overrides = list(overrides or [])
        state = new_game(scenario.params, seed)
        writer = path = None
        if record:
            folder = runs_dir(base)
            header = make_header(scenario=scenario.id, scenario_sha256=scenario.sha256,
                                 seed=seed, overrides=overrides, player=player)
            header["lang"] = lang
            if scenario.path is not None:
                header["scenario_path"] = str(scenario.path)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / run_file_name(scenario.id, seed, player)
                k = 1
                while path.exists():  # two games started within one second
                    k += 1
                    path = path.with_name(f"{path.stem.rsplit('~', 1)[0]}~{k}.jsonl")
                writer = RunWriter(path, header)  # on failure it leaves no file
            except (OSError, ValueError) as exc:
                why = os_error_line(exc) if isinstance(exc, OSError) else str(exc)
                raise SaveError(shown(why, 200)) from None
        return cls(scenario, seed, player, state, writer, path, overrides)

    @classmethod
    def resume(cls, path: Path) -> Session:
        """Continue an unfinished run: replay its weeks and reopen its file for appending."""
        try:
            data = read_run(path)
        except RunFileError as exc:
            raise ResumeError(exc.message) from None
        if data.complete:
            raise ResumeError(f"{path}: the game is already finished")
        older = older_engine(data.header)
        if older:
            raise ResumeError(f"{path}: {older}")
        h = data.header
        ref = h.get("scenario_path") or h["scenario"]
        try:
            scenario = load_scenario(ref, h.get("overrides", []))
        except Exception as exc:  # noqa: BLE001 - any failure here is "cannot continue"
            raise ResumeError(f"{path}: cannot load scenario {ref}: {exc}") from None
        state = new_game(scenario.params, h["seed"])
        reports = []
        for week in play_weeks(state, data.decisions):
            entry = data.weeks[len(reports)]
            if state_digest(state) != entry.digest:
                raise ResumeError(f"{path}: week {entry.week} does not replay to the same "
                                  "state (the scenario or the engine changed)")
            reports.append(week.report)
        if len(reports) < len(data.weeks):
            raise ResumeError(f"{path}: week {data.weeks[len(reports)].week} is recorded after "
                              "the game ended")
        try:
            writer, _ = RunWriter.resume(path)  # refused while another game has this save
        except RunFileError as exc:
            raise ResumeError(exc.message) from None
        return cls(scenario, h["seed"], h.get("player", "player"), state, writer, Path(path),
                   list(h.get("overrides", [])), reports, data.decisions)

    # --- playing ----------------------------------------------------------------------
    def observation(self) -> Observation:
        """What the player sees this week (cached until the week ends)."""
        if self._obs is None or self._obs.week != self.state.week:
            self._obs = observe(self.state)
        return self._obs

    @property
    def over(self) -> bool:
        return self.state.over

    def end_week(self, decisions: Decisions) -> WeekReport:
        """Play the week and save it.

        Raises ``IllegalDecision`` (nothing changes, nothing is saved) or ``OSError`` when the
        week cannot be saved (a full disk): then the week is not played either, so the game
        and its file stay in step; the file is repaired (a torn last line cut) on the next try.
        """
        new_state, report = step(self.state, decisions)
        if self.path is not None and self.writer is None:
            self.writer, _ = RunWriter.resume(self.path)  # after a failed save
        if self.writer is not None:
            try:
                self.writer.write_week(report.week, decisions, state_digest(new_state))
            except OSError:
                writer, self.writer = self.writer, None
                with contextlib.suppress(OSError):
                    writer.close()
                raise
            if new_state.over:
                with contextlib.suppress(OSError):  # a replay rebuilds the final line
                    self.writer.write_final(final_scores(new_state))
        self.state = new_state
        self._obs = None
        self.reports.append(report)
        self.decisions.append(decisions)
        return report

    def scores(self) -> dict[str, Any]:
        return final_scores(self.state)

    def close(self) -> None:
        """Close the run file (the weeks played are already on disk)."""
        if self.writer is not None:
            self.writer.close()


def newest_unfinished(base: Path | None = None) -> Path | None:
    """The newest run file in the runs folder whose game is not finished, if any."""
    folder = runs_dir(base)
    if not folder.is_dir():
        return None
    files = sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in files[:50]:
        try:
            data = read_run(path)
        except RunFileError:
            continue
        if not data.complete and "player" in data.header:
            return path
    return None
