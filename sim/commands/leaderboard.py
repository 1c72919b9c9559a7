"""``python -m sim leaderboard DIR [--csv FILE] [--report OUT [--lang en|ru]]``: a verified
ranking of a class's run files, and the class debrief.

Every file under DIR is replayed; verified, finished games are grouped by scenario and seed
and ranked by score, shown by pseudonym only. Files that are not ranked are listed with the
reason. With ``--report OUT`` the class debrief (:mod:`sim.debrief.classroom`) is written
into the folder OUT: ``class.html``, ``class.md`` and the PNG charts. Exit 0 when every file
was ranked (or is a good unfinished game), 1 when some file did not verify or is not a run
file, 2 when DIR cannot be read or OUT cannot be written.
"""

from __future__ import annotations

import argparse
import sys

ORDER = 60


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``leaderboard`` to the ``sim`` command line."""
    from ..cli import _jobs
    from ..resources import catalog_languages
    from ..runs.leaderboard import MAX_FILES

    p = sub.add_parser(
        "leaderboard", help="verify a folder of run files and rank them",
        description="Replay and verify every run file under DIR, group the runs by scenario "
        "and seed, rank them by score (pseudonyms only) and list every file that was not "
        f"ranked with its reason. At most {MAX_FILES} files; hidden files are skipped; "
        "symlinks out of DIR are not followed.")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--csv", metavar="FILE", help="also write the ranking (and the files not "
                   "ranked) as CSV")
    p.add_argument("--report", metavar="OUT", help="also write the class debrief into the "
                   "folder OUT: class.html (opens offline), class.md and PNG charts")
    p.add_argument("--lang", choices=catalog_languages(), help="language of the class debrief "
                   "(default: the runs' own when they agree, else en)")
    p.add_argument("--scenario", dest="scenarios", action="append", default=[],
                   metavar="FILE", help="a scenario file the runs may have been played on "
                   "(repeatable); shipped scenarios are found by name")
    p.add_argument("--jobs", type=_jobs, default=2, metavar="N",
                   help="worker processes for the replays (default 2; 0 = one per core)")
    p.set_defaults(func=cmd_leaderboard)


def cmd_leaderboard(args: argparse.Namespace) -> int:
    """Build the leaderboard, print it, and write the CSV if asked."""
    from ..cli import UsageError
    from ..runs.compare import csv_text
    from ..runs.leaderboard import (
        LEADERBOARD_FIELDS,
        build_leaderboard,
        leaderboard_rows,
        render_leaderboard,
    )
    from ..runs.progress import Progress
    from .compare import write_csv_or_fail

    progress: list[Progress] = []

    def on_progress(done: int, total: int) -> None:
        if not progress:
            progress.append(Progress(total))
        progress[0].update(done)

    try:
        lb = build_leaderboard(args.folder, scenarios=args.scenarios, jobs=args.jobs,
                               on_progress=on_progress)
    except NotADirectoryError:
        raise UsageError(f"sim: error: {args.folder}: not a folder") from None
    except OSError as exc:
        raise UsageError(f"sim: error: cannot read {args.folder}: "
                         f"{exc.strerror or exc}") from None
    finally:
        for bar in progress:
            bar.close()
    print(render_leaderboard(lb))
    if args.csv:
        write_csv_or_fail(args.csv, csv_text(leaderboard_rows(lb), LEADERBOARD_FIELDS))
        print(f"wrote {args.csv}", file=sys.stderr)
    if args.report:
        _write_report(lb, args)
    return lb.exit_code


def _write_report(lb, args: argparse.Namespace) -> None:
    """The class debrief into ``args.report``; a folder that cannot be written is exit 2."""
    from ..cli import UsageError
    from ..debrief.classroom import analyse_class, write_class_report

    report = analyse_class(lb, lang=args.lang, scenarios=args.scenarios, jobs=args.jobs)
    try:
        written, warnings = write_class_report(report, args.report, jobs=args.jobs)
    except OSError as exc:
        raise UsageError(f"sim: error: cannot write the class debrief in {args.report}: "
                         f"{exc.strerror or exc}") from None
    for line in warnings:
        print(f"sim: warning: {line}", file=sys.stderr)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
