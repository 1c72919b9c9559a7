"""Many seeds of one policy through one scenario, in one process or several (``sim run``).

Work goes to the processes in chunks of seeds. A task carries only the scenario's path,
overrides and hash, the policy name and the seeds; each worker loads the scenario once and
keeps it, so no big object is pickled per task. Results come back in seed order as one
:class:`RunSummary` per run (named fields: the seed, how the game ended, its final scores
and, if asked, its ``run --out`` record), produced by the same code whatever the number of
processes, so ``--jobs 2`` writes the same bytes as ``--jobs 1``; the record becomes JSON
(:func:`out_line`) only where a file is written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..engine import Decisions, GameParams, IllegalDecision, final_scores, record
from ..policies import Policy, make_policy
from .runner import play, run_record

# run files, worker processes, signals and pathlib are imported where they are used: one game
# in the table needs none of them, and `sim run` starts faster without them

MAX_CHUNK = 25         # seeds per task: amortises the hand-off, keeps Ctrl-C and balance quick
CHUNKS_PER_WORKER = 4  # and at least this many tasks per process, for an even finish


class RunFailed(Exception):
    """A run could not be played; ``exit_code`` is what ``sim`` exits with."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PolicyFailed(RunFailed):
    """The policy raised, or returned something that is not a legal week of decisions."""


class EngineFailed(RunFailed):
    """The engine raised on decisions it had accepted: a bug in the engine."""


class ScenarioChanged(RunFailed):
    """A worker could not load the same scenario as the parent process."""

    exit_code = 2


@record(frozen=True)
class SweepSpec:
    """Everything a worker needs to play its seeds; small and cheap to pickle.

    ``scenario_path`` must be the resolved file, so that every worker reads the same one;
    ``sha256`` is checked against it. ``lines`` asks for each run's ``--out`` record (else
    only its scores); ``record_dir`` asks for a run file per run.
    """

    scenario_path: str
    scenario_id: str
    sha256: str
    overrides: tuple[str, ...]
    policy: str
    lines: bool = True
    record_dir: str | None = None


@record(frozen=True)
class RunSummary:
    """One finished run of a sweep.

    ``end`` is how the game ended (``finished``, ``bankrupt``...); ``final`` its final
    scores (:func:`sim.engine.final_scores`: ``score``, ``profit``, ``morale``,
    ``reputation``, ``long_term_profit``...); ``run`` the object ``run --out`` writes for it
    (DESIGN §4), when the spec asked for lines, else None.
    """

    seed: int
    end: str
    final: dict[str, float]
    run: dict[str, Any] | None = None

    @property
    def bankrupt(self) -> bool:
        return self.end == "bankrupt"


def out_line(summary: RunSummary) -> bytes:
    """The ``run --out`` line of a run played with ``lines``: compact JSON, one line.

    Raises:
        EngineFailed: the record holds NaN or infinity (never write JSON that others
            cannot read).
    """
    from .runfile import encode_line

    if summary.run is None:
        raise ValueError(f"seed {summary.seed} was played without its --out record")
    try:
        return encode_line(summary.run)
    except ValueError as exc:
        raise EngineFailed(f"the record of seed {summary.seed} is not valid JSON: "
                           f"{exc}") from exc


_PARAMS: dict[tuple[str, tuple[str, ...], str], GameParams] = {}


def prime(spec: SweepSpec, params: GameParams) -> None:
    """Give this process the already-loaded parameters (the parent with ``--jobs 1``)."""
    _PARAMS[(spec.scenario_path, spec.overrides, spec.sha256)] = params


def _params(spec: SweepSpec) -> GameParams:
    key = (spec.scenario_path, spec.overrides, spec.sha256)
    if key not in _PARAMS:
        from ..scenario import ScenarioError, load_scenario

        try:
            sc = load_scenario(spec.scenario_path, overrides=list(spec.overrides))
        except ScenarioError as exc:
            raise ScenarioChanged(f"a worker could not load {spec.scenario_path}: "
                                  f"{exc.problems[0] if exc.problems else exc}") from None
        if sc.sha256 != spec.sha256:
            raise ScenarioChanged(f"{spec.scenario_path} changed while the runs were playing")
        _PARAMS.clear()  # one scenario at a time is all a worker ever needs
        _PARAMS[key] = sc.params
    return _PARAMS[key]


class _Guard(Policy):
    """Wraps the policy of one run so that its failures name the policy, seed and week."""

    def __init__(self, inner: Policy, name: str, seed: int) -> None:
        super().__init__(seed)
        self.inner, self.name, self.week = inner, name, 0
        self.needs_state = inner.needs_state
        # built-in bots may read live views of the state; user code gets copies
        self.live_observation = getattr(inner, "live_observation", False)

    def decide(self, obs: Any, state: Any = None) -> Decisions:
        self.week = obs.week
        try:
            out = self.inner.decide(obs, state)
        except Exception as exc:
            raise PolicyFailed(f"policy {self.name!r} failed at seed {self.seed}, week "
                               f"{self.week}: {type(exc).__name__}: {exc}") from exc
        if not isinstance(out, Decisions):
            raise PolicyFailed(f"policy {self.name!r} returned {type(out).__name__} at seed "
                               f"{self.seed}, week {self.week}, expected Decisions")
        return out


def record_name(scenario_id: str, policy: str, seed: int) -> str:
    """The run file name ``--record`` uses: safe on every platform (no ``:`` or ``/``)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{scenario_id}-{policy}")
    return f"{safe}-seed{seed}.jsonl"


def play_seed(spec: SweepSpec, params: GameParams, seed: int) -> RunSummary:
    """Play one seed and summarise it; raises :class:`RunFailed` naming what went wrong."""
    try:
        policy = make_policy(spec.policy, seed)
    except Exception as exc:
        raise PolicyFailed(f"policy {spec.policy!r} could not start at seed {seed}: "
                           f"{type(exc).__name__}: {exc}") from exc
    guard = _Guard(policy, spec.policy, seed)
    writer = None
    if spec.record_dir is not None:
        from pathlib import Path

        from .runfile import RunWriter, make_header

        header = make_header(scenario=spec.scenario_id, scenario_sha256=spec.sha256,
                             overrides=spec.overrides, seed=seed, policy=spec.policy)
        writer = RunWriter(Path(spec.record_dir) / record_name(spec.scenario_id, spec.policy,
                                                                seed),
                           header, durable=False, overwrite=True)
    try:
        try:
            result = play(params, guard, seed, on_week=writer.on_week if writer else None)
        except RunFailed:
            raise
        except IllegalDecision as exc:
            raise PolicyFailed(f"policy {spec.policy!r} made an illegal decision at seed "
                               f"{seed}, week {guard.week}: {exc.reason}") from exc
        except Exception as exc:
            when = f"week {guard.week}" if guard.week else "the start of the game"
            raise EngineFailed(f"the engine failed at seed {seed}, {when} (policy "
                               f"{spec.policy!r}): {type(exc).__name__}: {exc}") from exc
        scores = final_scores(result.state)
        if writer is not None:
            writer.write_final(scores)
    finally:
        if writer is not None:
            writer.close()
    run = None
    if spec.lines:
        run = run_record(params, result, scenario=spec.scenario_id, sha256=spec.sha256,
                         policy=spec.policy, seed=seed, overrides=spec.overrides)
    return RunSummary(seed, result.state.end_reason, scores, run)


def play_chunk(spec: SweepSpec, seeds: Sequence[int]) -> list[RunSummary]:
    """Play a chunk of seeds in order (the task a worker process runs)."""
    params = _params(spec)
    return [play_seed(spec, params, seed) for seed in seeds]


def chunk_seeds(seeds: Sequence[int], jobs: int) -> list[Sequence[int]]:
    """Split ``seeds`` into consecutive chunks: at most :data:`MAX_CHUNK` long, and at least
    :data:`CHUNKS_PER_WORKER` per process when there are enough seeds."""
    n = len(seeds)
    size = max(1, min(MAX_CHUNK, math.ceil(n / (max(1, jobs) * CHUNKS_PER_WORKER))))
    return [seeds[i:i + size] for i in range(0, n, size)]


def _quiet_worker() -> None:
    # Ctrl-C reaches the whole process group; the parent handles it, the workers stay silent
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def sweep(spec: SweepSpec, seeds: Sequence[int], *, jobs: int = 1,
          on_progress: Callable[[int], None] | None = None,
          mp_context: str | None = None) -> Iterator[RunSummary]:
    """Play every seed and yield their summaries in seed order.

    ``jobs`` > 1 plays chunks in that many processes; a worker loads the scenario itself
    unless it inherited this process's :func:`prime` (a forked worker does).
    ``on_progress`` gets the number of runs finished so far. ``mp_context`` picks the
    multiprocessing start method (``"spawn"`` is what Windows and macOS use).

    Raises:
        RunFailed: a run failed (the first failure in seed order stops the sweep).
    """
    chunks = chunk_seeds(seeds, jobs)
    done = 0
    if jobs <= 1 or len(chunks) <= 1:
        results: Iterator[list[RunSummary]] = (play_chunk(spec, c) for c in chunks)
        for outputs in results:
            yield from outputs
            done += len(outputs)
            if on_progress:
                on_progress(done)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context(mp_context) if mp_context else None
    pool = None
    # A worker that got Ctrl-C while starting (before _quiet_worker) died with a traceback
    # and could leave the pool hanging; so Ctrl-C is held while the pool forks its workers
    # (which inherit the holding) and takes the chunks, and raised once they are in place.
    held = _HeldInterrupt()
    try:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=ctx,
                                   initializer=_quiet_worker)
        mapped = pool.map(play_chunk, [spec] * len(chunks), chunks)
        held.release()
        for outputs in mapped:
            yield from outputs
            done += len(outputs)
            if on_progress:
                on_progress(done)
    finally:
        held.restore()
        if pool is not None:  # on an error or Ctrl-C, do not start the chunks still waiting
            pool.shutdown(wait=True, cancel_futures=True)


class _HeldInterrupt:
    """From its making, a SIGINT is remembered instead of raised; :meth:`release` puts the
    handler back and raises ``KeyboardInterrupt`` if one came meanwhile. Nothing is held off
    the main thread (where signals are not ours to change)."""

    def __init__(self) -> None:
        import signal

        self.came = False
        try:
            previous = signal.signal(signal.SIGINT, self._hold)
        except ValueError:
            self._holding = False
            return
        # (None: a handler not set from Python; the default is the nearest we can restore)
        self._previous = signal.SIG_DFL if previous is None else previous
        self._holding = True

    def _hold(self, signum: int, frame: Any) -> None:
        self.came = True

    def restore(self) -> None:
        """Handle SIGINT as before again (once; later calls do nothing)."""
        if self._holding:
            import signal

            signal.signal(signal.SIGINT, self._previous)
            self._holding = False

    def release(self) -> None:
        """:meth:`restore`, then raise the ``KeyboardInterrupt`` that was held, if any."""
        self.restore()
        if self.came:
            raise KeyboardInterrupt


__all__ = ["EngineFailed", "PolicyFailed", "RunFailed", "RunSummary", "ScenarioChanged",
           "SweepSpec", "chunk_seeds", "out_line", "play_chunk", "play_seed", "prime",
           "record_name", "sweep"]
