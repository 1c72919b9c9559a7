"""``python -m sim``: the command line (DESIGN §4).

Commands: ``run`` (bots over many seeds), ``validate`` (check scenario files) and ``schema``
(the JSON Schema of the scenario format) live here; the others are modules of
:mod:`sim.commands`. ``sim NAME ...`` builds and imports only that command, so a command
starts with only the imports it uses; ``sim --help`` builds them all.

Exit codes: 0 success; 1 a check failed or a run crashed; 2 bad input (bad arguments, an
unreadable or invalid file, a policy that cannot be loaded). Errors are one line each and
never a traceback, unless ``SIM_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, NoReturn

# the argument converters, with their bounds (also imported from here by other commands)
from .arguments import jobs as _jobs
from .arguments import override as _override
from .arguments import seed as _seed
from .arguments import seed_range as _seed_range
from .arguments import terminate_as_interrupt
from .arguments import whole as _whole  # noqa: F401
from .files import atomic_file, os_error_line
from .textsafe import shown

if TYPE_CHECKING:
    from pathlib import Path

# pathlib (with urllib.parse and ipaddress, some 6 ms) is imported where a command needs it:
# one game in the table does not

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Bad input, exit code 2. ``lines`` are printed as they are, one per problem."""

    def __init__(self, *lines: str) -> None:
        super().__init__(*lines)
        self.lines = lines


def _error(message: str) -> UsageError:
    return UsageError(f"sim: error: {message}")


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, sized as ``shutil.get_terminal_size`` would size it.

    argparse makes a formatter for every argument it adds, and its own imports ``shutil``
    (with bz2, lzma and zlib) to measure the terminal: a few milliseconds of every command's
    start-up, for help text that is rarely printed.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:
            width = _terminal_columns() - 2  # the margin argparse keeps
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``$COLUMNS``, else the terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of usage text and a message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        cmd = self.prog.removeprefix("sim").strip()
        hint = f"sim {cmd} --help" if cmd else "sim --help"
        raise _error(f"{' '.join(message.split())} (see '{hint}')")


JOBS_HELP = ("worker processes (default 0: one per core); the output is the same bytes for "
             "any N")


def _add_run(sub: Any) -> None:
    run = sub.add_parser(
        "run", help="play a policy through a scenario over one or many seeds",
        description="Play a policy through a scenario for each seed. Without --out, print a "
        "table (and the medians); with --out, write one JSON object per run and line.")
    run.add_argument("scenario", metavar="SCENARIO",
                     help="a scenario file, or the name of a shipped one (agency)")
    run.add_argument("--policy", required=True, metavar="NAME",
                     help="always-right, rule-based, oracle, random, or module:function")
    seeds = run.add_mutually_exclusive_group()
    seeds.add_argument("--seed", type=_seed, metavar="N", help="play seed N (default 0)")
    seeds.add_argument("--seeds", type=_seed_range, metavar="A:B",
                       help="play seeds A, A+1, ..., B-1 (half-open, like range(A, B))")
    run.add_argument("--set", dest="overrides", action="append", type=_override, default=[],
                     metavar="PATH=VALUE", help="change a scenario value for these runs "
                     "(repeatable), e.g. firm.price_per_hour=80")
    run.add_argument("--out", metavar="FILE.jsonl",
                     help="write one JSON object per run and line (seed order) to this file")
    run.add_argument("--record", metavar="DIR", help="also write each run's run file here")
    run.add_argument("--jobs", type=_jobs, default="0", metavar="N", help=JOBS_HELP)
    run.add_argument("--reports", type=_weeks, metavar="N",
                     help="print the week reports of weeks 1..N of one seed, as the game "
                     "shows them, instead of the table")
    run.add_argument("--lang", default="en", choices=("en", "ru"),
                     help="the language of --reports (default en)")
    run.set_defaults(func=cmd_run)


def _weeks(text: str) -> int:
    """A number of weeks, 1 or more (at most the limit of a scenario's weeks)."""
    from .limits import MAX_WEEKS

    n = _whole(text)
    if not 1 <= n <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_WEEKS} weeks, got {n}")
    return n


def _add_validate(sub: Any) -> None:
    val = sub.add_parser("validate", help="check scenario files",
                         description="Load each scenario; print 'OK <path>' for a good one "
                         "and one 'FILE:LINE:COL: field.path: what is wrong' line per "
                         "problem. Exit 0 if all are good, 2 if any is not.")
    val.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    val.set_defaults(func=cmd_validate)


def _add_schema(sub: Any) -> None:
    schema = sub.add_parser("schema", help="the JSON Schema of scenario files",
                            description="Print the JSON Schema of scenario files (for "
                            "editors), or write it to FILE.")
    schema.add_argument("--out", metavar="FILE")
    schema.set_defaults(func=cmd_schema)


#: The commands defined in this module, with what adds each one's parser.
BUILTIN = {"run": _add_run, "validate": _add_validate, "schema": _add_schema}

def _command_word(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` asks for, when it is the first argument (``sim run ...``)."""
    return argv[0] if argv and not argv[0].startswith("-") else None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``sim``.

    Args:
        command: Build only this subcommand's parser (importing only its module), so a
            command starts without the others; ``None`` (``sim --help``, a mistyped command)
            builds them all.

    Returns:
        The parser.
    """
    parser = _Parser(
        prog="sim", description="Not Always Right: a training simulator about when letting "
        "a client go is right, and how.",
        epilog="Exit codes: 0 success, 1 a check failed or a run crashed, 2 bad input. "
        "Set SIM_DEBUG=1 to see tracebacks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in BUILTIN:
        BUILTIN[command](sub)
        return parser

    from .commands import command_module, command_modules, command_names

    if command in command_names():
        command_module(command).register(sub)
        return parser
    modules = command_modules()
    for module in modules:  # the game comes first in --help, as in DESIGN §4
        if getattr(module, "ORDER", 100) < 10:
            module.register(sub)
    for add in BUILTIN.values():
        add(sub)
    for module in modules:
        if getattr(module, "ORDER", 100) >= 10:
            module.register(sub)
    return parser


# --- run ---------------------------------------------------------------------------------


def _load(ref: str, overrides: Sequence[str] = ()) -> Any:
    """Load a scenario; bad input becomes one :class:`UsageError` line per problem."""
    from .scenario import ScenarioError, load_scenario

    try:
        return load_scenario(ref, overrides=list(overrides))
    except ScenarioError as exc:
        raise UsageError(*(str(p) for p in exc.problems or [exc])) from None
    except OSError as exc:
        raise _error(f"cannot read {ref}: {exc.strerror or exc}") from None


def _load_compiled(ref: str, overrides: Sequence[str] = ()) -> Any:
    """Like :func:`_load`, but through the cache of compiled scenarios (:mod:`sim.compiled`):
    what ``sim run`` needs, without the YAML loader when the file was compiled before."""
    from .compiled import lookup, store
    from .resources import scenario_file

    path = scenario_file(ref)
    hit = lookup(path, tuple(overrides)) if path is not None else None
    if hit is not None:
        return hit
    sc = _load(ref, overrides)
    store(sc, tuple(overrides))
    return sc


@contextlib.contextmanager
def _atomic_out(path: str) -> Iterator[IO[bytes]]:
    """``--out PATH``, written whole or not at all (:func:`sim.files.atomic_file`); a path
    that cannot be written at all is a usage error before the first run."""
    from pathlib import Path

    if not Path(path).name:  # "." or "/": the folder itself
        raise _error(f"cannot write {path}: is a folder")
    opened = False
    try:
        with atomic_file(path) as f:
            opened = True
            yield f
    except OSError as exc:
        if opened:  # a full disk later on: the caller's one line for an OSError
            raise
        raise _error(f"cannot write {path}: {exc.strerror or exc}") from None


_TABLE = ("score", "profit", "morale", "reputation")  # the final scores in the run table


def _table_line(seed: object, final: dict[str, float], end: str) -> str:
    score, profit, morale, rep = (final[k] for k in _TABLE)
    return f"{seed!s:>8} {score:>9.2f} {profit:>12.2f} {morale:>7.2f} {rep:>11.2f}  {end}"


def _median_line(runs: Sequence[Any]) -> str:
    """The medians of the run table's columns over ``runs`` (:class:`RunSummary`)."""
    import statistics

    medians = {k: statistics.median(r.final[k] for r in runs) for k in _TABLE}
    bankrupt = sum(r.bankrupt for r in runs)
    end = f"{bankrupt}/{len(runs)} bankrupt" if bankrupt else ""
    return _table_line("median", medians, end).rstrip()


def _check_policy(name: str, seed: int) -> None:
    """Load the policy once here, so a bad name fails before any work starts (exit 2)."""
    from .policies import PolicyError, make_policy

    try:
        make_policy(name, seed)
    except PolicyError as exc:
        raise _error(str(exc)) from None
    except Exception as exc:  # a user module may raise anything while it is imported
        raise _error(f"cannot load policy {name!r}: {type(exc).__name__}: {exc}") from None


def _record_dir(folder: str | None) -> Path | None:
    if folder is None:
        return None
    from pathlib import Path

    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(f"cannot create {folder}: {exc.strerror or exc}") from None
    return Path(folder)


def cmd_run(args: argparse.Namespace) -> int:
    """``sim run``: play the policy over the seeds; write JSON lines, run files or a table."""
    from .runs.progress import Progress
    from .runs.sweep import SweepSpec, out_line, prime, sweep

    seeds = args.seeds if args.seeds is not None else range(args.seed or 0, (args.seed or 0) + 1)
    sc = _load_compiled(args.scenario, args.overrides)
    # started: the games and their workers collect as usual, and a user's policy module is
    # loaded with the collector on (nothing of his is frozen)
    release_collector()
    _check_policy(args.policy, seeds[0])
    if args.reports is not None:
        return _print_reports(args, sc, seeds)
    record = _record_dir(args.record)
    # workers load the scenario by its resolved path, whatever their working directory
    # (os.path.realpath is what Path.resolve gives)
    path = os.path.realpath(sc.path) if getattr(sc, "path", None) else _as_path(args.scenario)
    spec = SweepSpec(scenario_path=path, scenario_id=sc.id, sha256=sc.sha256,
                     overrides=tuple(args.overrides), policy=args.policy,
                     lines=args.out is not None, record_dir=str(record) if record else None)
    prime(spec, sc.params)
    runs = []
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(_atomic_out(args.out)) if args.out else None
        # table rows on the same terminal would tear the bar apart; they show progress
        # themselves
        table_on_tty = out is None and sys.stdout.isatty()
        progress = stack.enter_context(contextlib.closing(
            Progress(len(seeds), enabled=False if table_on_tty else None)))
        if out is None:
            print(f"{'seed':>8} {'score':>9} {'profit':>12} {'morale':>7} {'reputation':>11}"
                  "  end")
        for run in sweep(spec, seeds, jobs=args.jobs, on_progress=progress.update):
            runs.append(run)
            if out is not None:
                out.write(out_line(run))
            else:
                print(_table_line(run.seed, run.final, run.end))
        progress.close()
    if out is not None:
        print(f"wrote {len(runs)} run(s) to {args.out}", file=sys.stderr)
    elif len(runs) > 1:
        print(_median_line(runs))
    return EXIT_OK


def _as_path(text: str) -> str:
    from pathlib import Path

    return str(Path(text))


def _print_reports(args: argparse.Namespace, sc: Any, seeds: range) -> int:
    """``sim run --reports N``: play one seed and print its first N week reports."""
    from .engine import new_game, observe, step
    from .policies import make_policy
    from .runs.weektext import week_report_text

    if len(seeds) != 1 or args.out or args.record:
        raise _error("--reports plays one seed (--seed N) and prints; it takes no --seeds, "
                     "--out or --record")
    seed = seeds[0]
    policy = make_policy(args.policy, seed)
    st = new_game(sc.params, seed)
    currency = sc.params.firm.currency
    for _ in range(args.reports):
        if st.over:
            break
        d = policy.decide(observe(st, live=policy.live_observation),
                          st if policy.needs_state else None)
        st, report = step(st, d, inplace=True)
        # (names and texts were checked for control characters when the scenario loaded)
        print(week_report_text(report, currency, args.lang))
    return EXIT_OK


# --- validate, schema --------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    """``sim validate``: one ``OK <path>`` or the problem lines per scenario, on stdout."""
    bad = False
    for ref in args.scenarios:
        try:
            sc = _load(ref)
        except UsageError as exc:
            bad = True
            for line in exc.lines:
                print(shown(line))
            continue
        finally:
            release_collector()  # (after the first: the loader's imports are in)
        print(f"OK {shown(sc.path)}")
    return EXIT_BAD_INPUT if bad else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """``sim schema``: the scenario JSON Schema to stdout, or to ``--out FILE``."""
    from pathlib import Path

    from .scenario import write_schema

    if args.out:
        try:
            write_schema(Path(args.out))
        except OSError as exc:
            raise _error(f"cannot write {args.out}: {exc.strerror or exc}") \
                from None
        return EXIT_OK
    from .scenario.schema import schema_text  # the very text write_schema writes

    sys.stdout.write(schema_text())
    return EXIT_OK


# --- main --------------------------------------------------------------------------------


def _debug() -> bool:
    return os.environ.get("SIM_DEBUG", "") not in ("", "0")


def _run_failed(exc: Exception) -> bool:
    """Whether ``exc`` is a :class:`sim.runs.sweep.RunFailed` (only a command that imported
    the sweep can raise one, so the check need not import it)."""
    sweep = sys.modules.get("sim.runs.sweep")
    return sweep is not None and isinstance(exc, sweep.RunFailed)


#: the commands after which the program may end without the interpreter's teardown
#: (:func:`quick_exit`): they close what they open, and run no code of the user's but a
#: policy's (which :func:`quick_exit` checks for); ``None`` is ``sim --help`` and friends
QUICK_EXIT = frozenset({None, "run", "validate", "schema"})


def program() -> NoReturn:
    """``python -m sim`` and the ``not-always-right`` script: :func:`main` with the process's
    arguments, the garbage collector held off while it starts (:func:`hold_collector`), then
    :func:`quick_exit` with its exit code."""
    hold_collector()
    quick_exit(main(), _command_word(sys.argv[1:]))


#: whether :func:`hold_collector` holds the cyclic garbage collector off, and whether
#: :func:`release_collector` froze what the start-up made
_collector_held = _collector_froze = False
#: the commands that keep it held past their arguments: ``run`` until its scenario is
#: loaded (before the user's policy module and the first game), ``validate`` until its first
#: file is read (the scenario format's imports), ``schema`` to its end (a short one)
KEEP_HOLDING = frozenset({"run", "validate", "schema"})


def hold_collector() -> None:
    """Hold the cyclic garbage collector off while the process starts.

    Starting a command makes some hundred thousand objects that live as long as the process
    (modules, classes, the scenario), and the collector, run every 700 new ones, searched
    them again and again for garbage it hardly ever found: about 6 ms of the 135 a ``sim
    run`` takes. :func:`release_collector` puts it back when the command's own work begins:
    :func:`main` once the arguments are read, except for the commands of
    :data:`KEEP_HOLDING`, and in any case when the command ends. A collector someone else
    turned off is left as it is."""
    global _collector_held
    if gc.isenabled():
        gc.disable()
        _collector_held = True


def release_collector() -> None:
    """Turn the collector :func:`hold_collector` held back on (once; later calls do
    nothing): a game, a window or a sweep that runs for long must collect its garbage.

    What the start-up made is first moved out of the collector's reach (``gc.freeze``): it
    lives as long as the process, and left in the youngest generation it would all be
    searched at once by the first collection, which costs what holding off saved. A process
    that ends with the interpreter's teardown thaws it first (:func:`quick_exit`), so that
    every object is finalized as usual."""
    global _collector_held, _collector_froze
    if _collector_held:
        _collector_held = False
        gc.freeze()
        _collector_froze = True
        gc.enable()


def quick_exit(code: int, command: str | None) -> NoReturn:
    """End the process with ``code`` after ``command``, without the interpreter's teardown
    when there is nothing left for it to do.

    The teardown frees every module and object one by one: with numpy loaded, some 30-50 ms
    of a short command that the user waits for and nobody needs. It is skipped only after a
    command of :data:`QUICK_EXIT` that loaded no policy module of the user's, when no
    ``atexit`` callback is registered and no other thread is running; stdout and stderr are
    flushed first (the only buffers left open). Otherwise, or if a flush fails (which the
    interpreter then reports as it always does), the process exits as usual.
    """
    if command in QUICK_EXIT and isinstance(code, int) and 0 <= code <= 255 \
            and _nothing_left_to_do():
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except Exception:  # noqa: BLE001  # the usual exit reports it
            raise SystemExit(code) from None
        os._exit(code)
    if _collector_froze:  # the teardown finalizes every object, the frozen ones too
        gc.unfreeze()
    raise SystemExit(code)


def _nothing_left_to_do() -> bool:
    """No user policy module loaded, no ``atexit`` callback, no thread but this one."""
    policies = sys.modules.get("sim.policies.base")
    if policies is not None and policies.user_modules():
        return False
    import atexit  # (built in)

    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's count of them
    if callbacks is None or callbacks():
        return False
    threading = sys.modules.get("threading")
    return threading is None or all(
        t is threading.main_thread() or t.daemon for t in threading.enumerate())


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sim`` with ``argv`` (default: the process's arguments); returns the exit code."""
    terminate_as_interrupt()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_word(argv))
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help and friends
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        if args.command is None:
            names = ", ".join(parser._subparsers._group_actions[0].choices)  # noqa: SLF001
            raise _error(f"choose a command: {names} (see 'sim --help')")
        if args.command not in KEEP_HOLDING:
            release_collector()
        return args.func(args)
    except UsageError as exc:
        for line in exc.lines:
            print(shown(line), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("sim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `sim run ... | head`: the reader left; that is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # a full disk, a read-only folder, a path that is not a file
        # (after BrokenPipeError, which is an OSError too)
        if _debug():
            import traceback

            traceback.print_exception(exc)
        print(f"sim: error: {shown(os_error_line(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        if _run_failed(exc):
            if _debug():
                import traceback

                traceback.print_exception(exc)
            print(f"sim: error: {shown(exc.message)}", file=sys.stderr)
            return exc.exit_code
        if _debug():
            raise
        print(f"sim: internal error: {type(exc).__name__}: {shown(exc, 300)} "
              "(set SIM_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_FAILED
    finally:
        release_collector()  # (if the command has not already)
