"""The teachable moments' what-if replays, shared with the machine's other cores.

Each candidate's replay (:func:`~sim.debrief.moments.what_if`) is a pure function of the
replayed game, so it may be played by any process in any order: the comparisons are put back
in candidate order, and the moments found are the same bytes with any number of processes.

How the work is shared: the candidates are numbered; this process and ``jobs - 1`` worker
processes each take the next number from a shared counter until none is left (a worker that
starts late or runs on a busy core takes fewer), and a worker sends each comparison back
through its own pipe. A worker never waits for more work, so its life is bounded by the
replays: after Ctrl-C (which workers ignore; this process uses up the counter and waits for
the replays under way), an error here, or this process dying, every worker ends within one
replay (its next send fails, or nothing is left to take). Workers are daemonic: an
interpreter that exits (the game window closed mid-analysis) ends them first. A candidate a
worker could not replay (it failed, or died) is replayed here, so a failure is raised here
as it would be without workers.

Start method: fork when this process runs one thread (the commands, the bench): the worker
has the replay already, nothing to import or copy. Spawn when other threads run (the game
runs its analysis in a thread beside the window's): forking a process with threads can leave
the child stuck on a lock another thread held. A spawned worker is given the game (scenario
parameters, seed, decisions: some 20 kB) and replays it itself, the same bytes as here
(:func:`~sim.debrief.replay.replay_run` is deterministic): the snapshots pickled would be
3.5 MB for a 52-week game, and writing them into the pipe would hold this process until the
child had imported the engine to read them. So this process replays from the start while
the worker imports (about 0.3 s) and replays (0.1 s).
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any

from .replay import Replay

#: below this many weeks to replay in all, a worker would cost about what it saves
#: (a spawned one takes ~0.3 s to start; a week replays in ~1 ms)
MIN_WEEKS = 300


#: the number in a worker's message that carries ``first``'s result, not a candidate's
FIRST = -1


def worth_workers(rep: Replay, items: Sequence[tuple[int, Any]]) -> bool:
    """True when the replays of ``items`` ((week, change) pairs) are worth more processes."""
    return len(items) > 1 and sum(rep.weeks - week + 1 for week, _ in items) >= MIN_WEEKS


def what_ifs(rep: Replay, items: Sequence[tuple[int, Any]], *, jobs: int,
             on_done: Callable[[int], None] | None = None,
             first: Callable[[Replay], Any] | None = None) -> tuple[list[Any], Any]:
    """``what_if(rep, week, change)`` of every (week, change) of ``items``, in their order,
    in ``jobs`` processes (this one included). ``on_done(k)`` says ``k`` are done, as they
    come in (with one process: before each replay).

    ``first`` is one more piece of work on the same game (a module-level function of the
    replay, e.g. the bots' games), which a worker does before it takes candidates, so this
    process starts on the replays at once; with no worker it is done here, first.

    Returns:
        The comparisons, and ``first(rep)`` (None without ``first``).

    Raises:
        What ``what_if`` raises for the first candidate (in their order) that cannot be
        replayed, whichever process met it first; what ``first`` raises.
    """
    from .moments import what_if

    n = len(items)
    if jobs <= 1 or n < 2:
        beside = None if first is None else first(rep)
        out = []
        for k, (week, change) in enumerate(items):
            if on_done is not None:
                on_done(k)
            out.append(what_if(rep, week, change))
        return out, beside
    single = threading.active_count() == 1
    ctx = multiprocessing.get_context("fork" if single else "spawn")
    counter = ctx.Value("i", 0)
    # the candidates are taken longest replay first (earliest week), so the last ones taken
    # are short and the processes finish together
    order = sorted(range(n), key=lambda k: items[k][0])
    results: list[Any] = [None] * n
    done = 0
    workers: list[tuple[Any, Any]] = []
    firsts: list[Any] = []  # first(rep), once a worker sent it

    def take_in(conn: Any) -> bool:
        """One result from a worker's pipe into ``results``; False once the pipe closed."""
        nonlocal done
        try:
            k, cmp = conn.recv()
        except (EOFError, OSError):
            return False
        if k == FIRST:
            firsts.extend([] if cmp is None else [cmp])
            return True
        results[k] = cmp
        done += cmp is not None
        return True

    try:
        for _ in range(min(jobs, n) - 1):
            here, there = ctx.Pipe(duplex=False)
            game = rep if single else (rep.params, rep.seed, rep.decisions)
            p = ctx.Process(target=_work, args=(game, list(items), order, counter, there,
                                                (None if workers else first)),
                            daemon=True, name="debrief-what-if")
            try:
                p.start()
            except OSError:  # no process to be had (limits, memory): fewer hands
                here.close()
                break
            finally:
                there.close()  # the worker's end; ours reads EOF when the worker is gone
            workers.append((p, here))
        while (j := _take(counter)) < n:
            k = order[j]
            try:
                results[k] = what_if(rep, *items[k])
                done += 1
            except Exception:  # noqa: BLE001 - raised below, in candidate order
                pass
            for _, conn in workers:
                while conn.poll() and take_in(conn):
                    pass
            if on_done is not None:
                on_done(done)
        for _, conn in workers:  # the replays the workers still have
            while take_in(conn):
                if on_done is not None:
                    on_done(done)
    finally:
        with counter.get_lock():
            counter.value = n  # (after an error or Ctrl-C) nothing more to take
        for p, conn in workers:
            conn.close()
            p.join(timeout=5.0)
            if p.is_alive():  # cannot happen short of a hung replay; never leave one
                p.terminate()
                p.join()
    for k, cmp in enumerate(results):
        if cmp is None:  # a worker failed on it or died: replay it here (and raise here)
            results[k] = what_if(rep, *items[k])
    if first is None:
        return results, None
    return results, (firsts[0] if firsts else first(rep))  # (no worker, or it failed)


def _take(counter: Any) -> int:
    """The next candidate's number (the counter is shared by every process)."""
    with counter.get_lock():
        k = counter.value
        counter.value = k + 1
    return k


def _work(game: Replay | tuple, items: list[tuple[int, Any]], order: list[int],
          counter: Any, conn: Any, first: Callable[[Replay], Any] | None = None) -> None:
    """A worker: ``first(rep)`` if given (sent as ``(FIRST, result)``), then replay
    candidates (``items[order[j]]`` for each ``j`` taken) until none is left, sending
    ``(k, comparison)`` each (None for one that failed: the parent does it itself).
    ``game`` is the replay (forked) or ``(params, seed, decisions)`` to make it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from .moments import what_if
    from .replay import replay_run

    try:
        try:
            rep = game if isinstance(game, Replay) else replay_run(*game)
        except Exception:  # noqa: BLE001 - the parent replays what no worker sent
            return
        if first is not None:
            try:
                done = first(rep)
            except Exception:  # noqa: BLE001 - raised again where the parent does it
                done = None
            conn.send((FIRST, done))
        while (j := _take(counter)) < len(items):
            k = order[j]
            try:
                cmp = what_if(rep, *items[k])
            except Exception:  # noqa: BLE001 - raised again where the parent replays it
                cmp = None
            conn.send((k, cmp))
    except (OSError, EOFError):  # the parent is gone or stopped listening
        pass
    finally:
        conn.close()
