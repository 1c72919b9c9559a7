"""Each ranked run of a class replayed once more and reduced to what the class debrief needs.

The leaderboard has verified every file; here each verified, finished run is read and
replayed with :func:`~sim.debrief.replay.replay_run` (which keeps the client ledgers the
firing audit needs), and its last digest is checked against the one the leaderboard
verified, so a file swapped in between is caught rather than reported. The result is a
small, picklable :class:`ClassRun`: the player's weekly curves, what he did with each client
(:class:`Handling`), his firing audit and his type tags.

The replays run in a process pool while the calling process plays the bots (the other half
of the work), so the two overlap on a two-core laptop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TypeVar

from ...engine import CHURNED, DECLINED, LEAD, Terms, TraitKind, state_digest
from ...runs.leaderboard import init_worker, scenario_paths, worker_book
from ...runs.runfile import read_run
from ...runs.verify import MAX_VERIFY_BYTES, MAX_WEEKS, ScenarioBook, clean_text
from ..audit import RIGHT, audit
from ..bots import weekly_series
from ..replay import Replay, replay_run
from ..traits import reveal

KEPT, TERMS, LEFT, DECLINED_LEAD, ABSENT = "kept", "terms", "left", "declined", "absent"
#: what a player can have done with a client, in the order the decision map lists them
ACTIONS = (KEPT, TERMS, "polite", "blunt", "price_out", LEFT, DECLINED_LEAD, ABSENT)
LET_GO = ("polite", "blunt", "price_out")

POOL_MIN_RUNS = 8  # fewer replays are quicker here than a pool is to start
CHUNK = 4

T = TypeVar("T")


@dataclass(frozen=True)
class Handling:
    """What one player did with one client: ``action`` is one of :data:`ACTIONS` (a manner
    of letting go, new terms, kept as he was, left on his own, a lead declined) and ``week``
    when (None for a client kept to the end); ``kind`` is his trait's."""

    name: str
    trait: str
    kind: TraitKind
    action: str
    week: int | None


@dataclass(frozen=True)
class ClassRun:
    """One verified run, reduced.

    ``clients`` maps a client's stable id (his ``uid``, the engine's: the same client in
    every game of the seed, whatever his row or generated name) to what the player did with
    him. ``flags`` counts the firing audit's judgements by flag (``right``
    for a parting with none); ``reputation_lost`` is what forwarded blunt letters cost.
    ``tags[trait]`` is ``(clients, tagged, tagged right, [weeks to spot])``.
    """

    file: str
    player: str
    bot: bool
    lang: str
    scores: dict[str, float]
    end: str
    weekly: dict[str, list[float]]
    clients: dict[int, Handling] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    reputation_lost: float = 0.0
    tags: dict[str, tuple[int, int, int, list[int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Dropped:
    """A ranked run the class debrief could not use, and why (one line)."""

    file: str
    reason: str


@dataclass(frozen=True)
class Task:
    """One run to reduce: where it is, its name in the folder, the digest of its last week
    that the leaderboard verified, and how the ranking shows its player."""

    path: str
    file: str
    fingerprint: str
    player: str
    bot: bool


def handling(rep: Replay) -> dict[int, Handling]:
    """What the player did with every client of the game (leads still open are left out)."""
    st = rep.state
    c = st.clients
    names = st.traits.names
    let_go: dict[int, tuple[int, str]] = {}
    terms: dict[int, int] = {}
    declined: dict[int, int] = {}
    plain = Terms()
    for week, d in enumerate(rep.decisions, start=1):
        for i, manner in d.let_go.items():
            let_go.setdefault(i, (week, manner))
        for i, t in d.terms.items():
            if t != plain:
                terms.setdefault(i, week)
        for i, ok in d.leads.items():
            if not ok:
                declined.setdefault(i, week)
    out: dict[int, Handling] = {}
    for i in range(c.n):
        status = int(c.status[i])
        week: int | None
        if i in let_go:
            week, action = let_go[i]
        elif status == DECLINED:  # by the player, or by a blacklist (then no decision)
            action = DECLINED_LEAD
            week = declined.get(i, int(c.left[i]) if c.left[i] >= 0 else None)
        elif status == LEAD:
            continue
        elif i in terms:
            action, week = TERMS, terms[i]
        elif status == CHURNED:
            action, week = LEFT, int(c.left[i])
        else:
            action, week = KEPT, None
        t = int(c.trait[i])
        out[int(c.uid[i])] = Handling(st.client_names[i], names[t], st.traits.kinds[t],
                                      action, week)
    return out


def reduce_run(task: Task, book: ScenarioBook) -> ClassRun | Dropped:
    """Read, replay and reduce one run; never raises (a problem is a :class:`Dropped`)."""
    try:
        data = read_run(task.path, max_bytes=MAX_VERIFY_BYTES, max_weeks=MAX_WEEKS)
        sc, _, reason = book.find(data.header)
        if sc is None:
            return Dropped(task.file, f"{task.file}: {reason}")
        rep = replay_run(sc.params, data.header["seed"], data.decisions, snapshots=False)
        if state_digest(rep.state) != task.fingerprint:
            return Dropped(task.file, f"{task.file}: changed after it was verified: left out "
                           "of the class debrief")
        au, rv = audit(rep), reveal(rep)
    except Exception as exc:  # one odd file must not cost the class its debrief
        return Dropped(task.file, f"{task.file}: cannot be analysed: {type(exc).__name__}: "
                       f"{clean_text(str(exc), 80)}")
    flags: dict[str, int] = {}
    for j in au.judged:
        for flag in j.flags or (RIGHT,):
            flags[flag] = flags.get(flag, 0) + 1
    tags = {t.trait: (t.clients, t.tagged, t.right,
                      [r.spotted_after for r in rv.clients
                       if r.trait == t.trait and r.spotted_after is not None])
            for t in rv.types}
    lang = data.header.get("lang")
    return ClassRun(
        file=task.file, player=task.player, bot=task.bot,
        lang=lang if lang in ("en", "ru") else "", scores=dict(rep.scores),
        end=rep.state.end_reason or "finished", weekly=weekly_series(rep.state),
        clients=handling(rep), flags=flags,
        reputation_lost=round(sum(j.reputation for j in au.judged), 1), tags=tags)


# --- in a pool ------------------------------------------------------------------------------

def _reduce_chunk(chunk: Sequence[Task], book: ScenarioBook | None = None
                  ) -> list[ClassRun | Dropped]:
    book = worker_book(book)
    return [reduce_run(t, book) for t in chunk]


def reduce_runs(tasks: Sequence[Task], *, scenarios: Sequence[str] = (), jobs: int = 2,
                meanwhile: Callable[[], T], book: ScenarioBook | None = None
                ) -> tuple[list[ClassRun | Dropped], T]:
    """Reduce every run (in ``jobs`` processes when there are enough) and, while the pool
    works, call ``meanwhile()`` here; returns the runs in order and what it returned.
    ``book`` holds the scenarios already loaded here (the workers load their own)."""
    extra = scenario_paths(scenarios)
    book = book or ScenarioBook(extra)
    chunks = [list(tasks[i:i + CHUNK]) for i in range(0, len(tasks), CHUNK)]
    if jobs <= 1 or len(tasks) < POOL_MIN_RUNS:
        other = meanwhile()
        return [r for chunk in chunks for r in _reduce_chunk(chunk, book)], other
    out: list[ClassRun | Dropped] = []
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), initializer=init_worker,
                               initargs=(extra,))
    try:
        futures = [pool.submit(_reduce_chunk, chunk) for chunk in chunks]
        other = meanwhile()
        try:
            for f in futures:
                out.extend(f.result())
        except BrokenProcessPool:
            # workers could not start or died: finish here rather than lose the debrief
            for chunk in chunks[len(out) // CHUNK:]:
                out.extend(_reduce_chunk(chunk, book))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return out, other


__all__ = ["ACTIONS", "LET_GO", "ClassRun", "Dropped", "Handling", "Task", "handling",
           "reduce_run", "reduce_runs"]
