"""The debrief: what the player did, what it cost, and what he should have done (DESIGN §5).

Pure analysis of a played game, for the in-game screen and for ``sim debrief``::

    from sim.debrief import load_debrief, what_if, Change

    db = load_debrief("run.jsonl")           # verify, replay, analyse
    db.reveal.clients                        # true types next to the player's tags
    db.audit.judged                          # the firing audit
    db.bots.gap("player", "score")           # against always-right, rule-based, oracle
    db.moments                               # the decisions that changed the outcome most
    what_if(db.replay, 5, Change("let_go", 12))   # undo letting client 12 go in week 5

No pygame here; matplotlib only inside :mod:`sim.debrief.charts`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..engine import Decisions
from .audit import Audit, audit
from .bots import BotTable, against_bots, bots_of
from .moments import Change, Comparison, Moment, moments_beside, what_if
from .replay import Replay, ReplayKeeper, replay_run
from .traits import Reveal, reveal


class DebriefError(Exception):
    """A run file that cannot be debriefed; ``message`` is one line, ``exit_code`` 1 (it
    does not verify) or 2 (it cannot be read, or its scenario cannot)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass
class Debrief:
    """Everything the debrief shows of one game."""

    replay: Replay
    reveal: Reveal
    audit: Audit
    bots: BotTable | None
    moments: list[Moment]
    header: dict[str, Any] = field(default_factory=dict)
    scenario: Any = None
    lang: str = "en"

    @property
    def currency(self) -> str:
        return self.replay.params.firm.currency

    @property
    def scores(self) -> dict[str, float]:
        return self.replay.scores

    @property
    def end(self) -> str:
        return self.replay.state.end_reason or "unfinished"

    def lessons(self, lang: str | None = None) -> list[str]:
        """The scenario's own lessons and debrief text, in ``lang`` (the run's by default)."""
        return scenario_lessons(self.scenario, lang or self.lang)


#: ``progress(stage, fraction, counts)``: see :func:`analyse`
Progress = Callable[[str, float, "dict | None"], None]


def analyse(params: Any, seed: int, decisions: list[Decisions], *, header: dict | None = None,
            scenario: Any = None, bots: bool = True, moments: bool = True,
            top: int = 5, progress: Progress | None = None,
            jobs: int | None = None, replay: Replay | None = None) -> Debrief:
    """Replay the decisions of a game and analyse it.

    Args:
        params: The game's parameters (with the run's overrides applied).
        seed: The game's seed.
        decisions: Every week's decisions, in order.
        header: The run file's header, if any (its ``lang`` picks the language).
        scenario: The loaded scenario, for its own lessons.
        bots: Play the built-in bots on the same game.
        moments: Look for the teachable moments (the costly part).
        top: How many moments to keep.
        progress: Called as ``progress(stage, fraction, counts)`` as the work goes on
            (stages: replay, audit, bots, moments; counts ``{"done", "total"}`` of the
            moments' replays, else None), so a screen can show it.
        jobs: Processes for the moments' replays (None: one per core when it pays; the
            moments are the same with any number).
        replay: The game already replayed from these decisions, with its snapshots (as
            :func:`load_debrief` has it from the verification), so it is not played again.
    """
    def tell(stage: str, fraction: float, counts: dict | None = None) -> None:
        if progress is not None:
            progress(stage, fraction, counts)

    tell("replay", 0.0)
    rep = replay if replay is not None else replay_run(params, seed, decisions)
    tell("audit", 0.15)
    rv, au = reveal(rep), audit(rep)
    found: list[Moment] = []
    bot_table = None
    if moments:
        # the bots' games go to a worker when the moments' replays have workers (else they
        # are played here first): this process starts on the replays at once
        tell("bots" if bots else "moments", 0.2)
        found, bot_table = moments_beside(
            rep, bots_of if bots else None, top=top, jobs=jobs, on_step=lambda k, n: tell(
                "moments", 0.2 + 0.8 * k / max(1, n), {"done": k, "total": n}))
    elif bots:
        tell("bots", 0.2)
        bot_table = against_bots(params, seed, rep.state)
    header = dict(header or {})
    from ..i18n import LANGS

    lang = header.get("lang") if header.get("lang") in LANGS else "en"
    return Debrief(replay=rep, reveal=rv, audit=au, bots=bot_table, moments=found,
                   header=header, scenario=scenario, lang=lang)


def load_debrief(path: str | os.PathLike[str], *, scenarios: tuple[str, ...] = (),
                 bots: bool = True, moments: bool = True, jobs: int | None = None) -> Debrief:
    """Verify a run file, then replay and analyse it (``jobs``: see :func:`analyse`).

    Raises:
        DebriefError: the file cannot be read, its scenario cannot be found, or it does not
            verify (one line, with the file and line where known).
    """
    from ..runs.verify import ScenarioBook, verify_run

    book = ScenarioBook(list(scenarios), header_paths=True)
    # the verification plays the very weeks the debrief replays: keep them on the way
    keeper = ReplayKeeper()
    v = verify_run(path, book=book, keep=True, on_week=keeper.week)
    if not v.ok or v.data is None:
        raise DebriefError(v.reason or f"{path}: cannot be debriefed", v.exit_code or 2)
    if not v.data.weeks:
        raise DebriefError(f"{path}: no week was played: nothing to debrief")
    sc, _, reason = book.find(v.data.header)
    if sc is None:  # verify found it a moment ago; only a file changing under us gets here
        raise DebriefError(f"{path}:1: {reason}")
    return analyse(sc.params, v.data.header["seed"], v.data.decisions, header=v.data.header,
                   scenario=sc, bots=bots, moments=moments, jobs=jobs,
                   replay=keeper.replay(v.state, v.data.decisions))


def scenario_lessons(scenario: Any, lang: str) -> list[str]:
    """The scenario's ``lessons`` and ``debrief`` texts in ``lang`` (English if missing).

    ``scenario`` is a loaded one (its model's texts) or a compiled one (``lessons``: the same
    texts as strings and ``{"en", "ru"}`` dicts, see :mod:`sim.compiled`)."""
    out = []
    texts = getattr(scenario, "lessons", None) or ()
    for t in texts:
        if isinstance(t, str):
            out.append(t.strip())
            continue
        if isinstance(t, dict):
            chosen = t.get(lang) or t.get("en") or t.get("ru")
        else:
            chosen = getattr(t, lang, None) or getattr(t, "en", None) or getattr(t, "ru", None)
        if chosen:
            out.append(" ".join(str(chosen).split()))
    return out


__all__ = ["Audit", "BotTable", "Change", "Comparison", "Debrief", "DebriefError", "Moment",
           "Replay", "Reveal", "analyse", "load_debrief", "replay_run", "scenario_lessons",
           "what_if"]
