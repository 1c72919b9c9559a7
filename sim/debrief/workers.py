"""Independent work of the debrief shared with the machine's other cores: the teachable
moments' what-if replays, the bots' games.

Each task (a candidate's replay, :func:`~sim.debrief.moments.what_if`; a bot's game) is a pure
function of the game, so it may be done by any process in any order: the results are put
back in the tasks' order, and the debrief is the same bytes with any number of processes.

How the work is shared: the tasks are numbered; this process and ``jobs - 1`` worker
processes each take the next number from a shared counter until none is left (a worker that
starts late or runs on a busy core takes fewer), and a worker sends each result back
through its own pipe. A worker never waits for more work, so its life is bounded by the
tasks: after Ctrl-C (which workers ignore; this process uses up the counter and waits for
the tasks under way), an error here, or this process dying, every worker ends within one
task (its next send fails, or nothing is left to take). Workers are daemonic: an
interpreter that exits (the game window closed mid-analysis) ends them first. A task a
worker could not do (it failed, or died) is done here, so a failure is raised here as it
would be without workers.

Start method: fork when this process runs one thread (the commands, the bench): the worker
has the replay already, nothing to import or copy. Spawn when other threads run (the game
runs its analysis in a thread beside the window's): forking a process with threads can leave
the child stuck on a lock another thread held. A spawned worker is given the game (scenario
parameters, seed, decisions: some 20 kB) and replays it itself, the same bytes as here
(:func:`~sim.debrief.replay.replay_run` is deterministic): the snapshots pickled would be
3.5 MB for a 52-week game, and writing them into the pipe would hold this process until the
child had imported the engine to read them. So this process starts on the tasks while the
worker imports (about 0.3 s) and replays (0.1 s).
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any

from .replay import Replay, replay_run

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
    in ``jobs`` processes (this one included): :func:`share` with the replays taken longest
    first (earliest week), so the last ones taken are short and the processes finish
    together. ``first``: see :func:`share` (the analysis gives it the bots' games)."""
    order = sorted(range(len(items)), key=lambda k: items[k][0])
    return share(_what_if, rep, items, jobs=jobs, on_done=on_done, first=first, order=order,
                 recipe=(replay_run, (rep.params, rep.seed, rep.decisions)))


def _what_if(rep: Replay, item: tuple[int, Any]) -> Any:
    """One candidate's comparison (a task of :func:`share`; moments imports this module)."""
    from .moments import what_if

    return what_if(rep, *item)


def share(do: Callable[[Any, Any], Any], context: Any, tasks: Sequence[Any], *, jobs: int,
          on_done: Callable[[int], None] | None = None,
          first: Callable[[Any], Any] | None = None, order: Sequence[int] | None = None,
          recipe: tuple[Callable[..., Any], tuple] | None = None) -> tuple[list[Any], Any]:
    """``do(context, task)`` of every task, in their order, in ``jobs`` processes (this one
    included). ``on_done(k)`` says ``k`` are done, as they come in (with one process: before
    each task).

    ``do`` and ``first`` are module-level functions (a spawned worker is given them by
    name). ``first(context)`` is one more piece of work, which a worker does before it takes
    tasks, so this process starts on them at once; with no worker it is done here, first.
    ``order`` is the order tasks are taken in (default: theirs). ``recipe`` is
    ``(make, args)`` with ``make(*args)`` the context, for a spawned worker to make it
    rather than be given it (a forked one has it already).

    Returns:
        The results, in the tasks' order, and ``first(context)`` (None without ``first``).

    Raises:
        What ``do`` raises for the first task (in their order) that fails, whichever process
        met it first; what ``first`` raises.
    """
    n = len(tasks)
    if multiprocessing.current_process().daemon:
        jobs = 1  # a daemonic process (a pool's worker) may not start processes
    if jobs <= 1 or n < 2:
        beside = None if first is None else first(context)
        out = []
        for k, task in enumerate(tasks):
            if on_done is not None:
                on_done(k)
            out.append(do(context, task))
        return out, beside
    single = threading.active_count() == 1
    ctx = multiprocessing.get_context("fork" if single else "spawn")
    counter = ctx.Value("i", 0)
    order = list(range(n)) if order is None else list(order)
    results: list[Any] = [None] * n
    got = [False] * n  # (a result may itself be None)
    done = 0
    workers: list[tuple[Any, Any]] = []
    firsts: list[Any] = []  # first(context), once a worker sent it

    def take_in(conn: Any) -> bool:
        """One result from a worker's pipe; False once the pipe closed."""
        nonlocal done
        try:
            k, ok, value = conn.recv()
        except (EOFError, OSError):
            return False
        if k == FIRST:
            firsts.extend([value] if ok else [])
        elif ok:
            results[k], got[k] = value, True
            done += 1
        return True

    try:
        for _ in range(min(jobs, n) - 1):
            here, there = ctx.Pipe(duplex=False)
            source = (None, context) if single or recipe is None else recipe
            p = ctx.Process(target=_work, args=(do, source, list(tasks), order, counter,
                                                there, None if workers else first),
                            daemon=True, name="sim-debrief-worker")
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
                results[k], got[k] = do(context, tasks[k]), True
                done += 1
            except Exception:  # noqa: BLE001 - raised below, in the tasks' order
                pass
            for _, conn in workers:
                while conn.poll() and take_in(conn):
                    pass
            if on_done is not None:
                on_done(done)
        for _, conn in workers:  # the tasks the workers still have
            while take_in(conn):
                if on_done is not None:
                    on_done(done)
    finally:
        with counter.get_lock():
            counter.value = n  # (after an error or Ctrl-C) nothing more to take
        for p, conn in workers:
            conn.close()
            p.join(timeout=5.0)
            if p.is_alive():  # cannot happen short of a hung task; never leave one
                p.terminate()
                p.join()
    for k in range(n):
        if not got[k]:  # a worker failed on it or died: do it here (and raise here)
            results[k] = do(context, tasks[k])
    if first is None:
        return results, None
    return results, (firsts[0] if firsts else first(context))  # (no worker, or it failed)


def _take(counter: Any) -> int:
    """The next candidate's number (the counter is shared by every process)."""
    with counter.get_lock():
        k = counter.value
        counter.value = k + 1
    return k


def _work(do: Callable[[Any, Any], Any], source: tuple, tasks: list[Any], order: list[int],
          counter: Any, conn: Any, first: Callable[[Any], Any] | None = None) -> None:
    """A worker: ``first(context)`` if given (sent as ``(FIRST, ok, result)``), then the
    tasks (``tasks[order[j]]`` for each ``j`` taken) until none is left, sending
    ``(k, ok, result)`` each (``ok`` False for one that failed: the parent does it itself).
    ``source`` is ``(None, context)`` or ``(make, args)`` to make the context."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        make, made = source
        try:
            context = made if make is None else make(*made)
        except Exception:  # noqa: BLE001 - the parent does what no worker sent
            return
        if first is not None:
            try:
                conn.send((FIRST, True, first(context)))
            except Exception:  # noqa: BLE001 - raised again where the parent does it
                conn.send((FIRST, False, None))
        while (j := _take(counter)) < len(tasks):
            k = order[j]
            try:
                conn.send((k, True, do(context, tasks[k])))
            except (OSError, EOFError):
                raise
            except Exception:  # noqa: BLE001 - raised again where the parent does it
                conn.send((k, False, None))
    except (OSError, EOFError):  # the parent is gone or stopped listening
        pass
    finally:
        conn.close()
