"""``python -m sim debrief RUNFILE [--out DIR]``: the debrief of a game as a report.

The run file is verified by replaying it, then analysed (:mod:`sim.debrief`). Without
``--out`` the Markdown report goes to stdout; with it, ``DIR/debrief.md`` and the charts as
PNG (``overview.png``, ``whale.png``, ``hours.png``; skipped with a warning when matplotlib
is missing). The language is the run's (its header's ``lang``), or ``--lang``.
Exit 0 on success, 1 when the file does not verify, 2 when it cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ORDER = 60


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``debrief`` to the ``sim`` command line."""
    p = sub.add_parser(
        "debrief", help="the debrief of a run file: audit, bots, teachable moments, charts",
        description="Verify a run file by replaying it, then write its debrief: traits "
        "revealed, the firing audit, the player against the bots on the same seed, the "
        "decisions that changed the outcome most. Without --out, print the Markdown; with "
        "--out DIR, write DIR/debrief.md and the charts as PNG.")
    p.add_argument("runfile", metavar="RUNFILE")
    p.add_argument("--out", metavar="DIR", help="write debrief.md and the PNG charts here")
    from sim.resources import catalog_languages

    p.add_argument("--lang", choices=catalog_languages(), help="language of the report (default: "
                   "the run's own, else en)")
    p.add_argument("--scenario", dest="scenarios", action="append", default=[],
                   metavar="FILE", help="a scenario file the run may have been played on "
                   "(repeatable); shipped scenarios are found by name")
    p.set_defaults(func=cmd_debrief)


def cmd_debrief(args: argparse.Namespace) -> int:
    """Analyse the run; the report on stdout or in ``--out``."""
    from ..cli import UsageError
    from ..debrief import DebriefError, load_debrief
    from ..debrief.report import luck_of, markdown

    try:
        db = load_debrief(args.runfile, scenarios=tuple(args.scenarios))
    except DebriefError as exc:
        if exc.exit_code == 2:
            raise UsageError(f"sim: error: {exc.message}") from None
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    lang = args.lang or db.lang
    luck = luck_of(db)  # how hard the seed was, beside the gap to the bots
    if args.out is None:
        sys.stdout.write(markdown(db, lang=lang, luck=luck))
        return 0
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"sim: error: cannot create {out}: {exc.strerror or exc}") from None
    from ..debrief.charts import write_charts
    from ..runs.charts import ChartsUnavailable

    charts: list[str] = []
    try:
        charts = [p.name for p in write_charts(db, out, lang=lang)]
    except ChartsUnavailable as exc:
        print(f"sim: warning: no charts: {exc}", file=sys.stderr)
    except OSError as exc:
        raise UsageError(f"sim: error: cannot write the charts in {out}: "
                         f"{exc.strerror or exc}") from None
    report = out / "debrief.md"
    from ..files import atomic_write

    try:  # whole or not at all, and never through a link or onto a FIFO
        atomic_write(report, markdown(db, charts, lang=lang, luck=luck))
    except OSError as exc:
        raise UsageError(f"sim: error: cannot write {report}: {exc.strerror or exc}") from None
    for name in ("debrief.md", *charts):
        print(f"wrote {out / name}", file=sys.stderr)
    return 0
