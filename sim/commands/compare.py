"""``python -m sim compare RUNFILE... [--csv FILE] [--png FILE]``: runs side by side.

Each file is verified by replaying it; the measures come from the replay. A file that does
not verify is named with its reason and nothing is compared (exit 1; exit 2 when a file
cannot be read). Runs on different scenarios or seeds are compared under a warning line.
"""

from __future__ import annotations

import argparse
import sys

ORDER = 50


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``compare`` to the ``sim`` command line."""
    p = sub.add_parser(
        "compare", help="compare run files side by side (table, CSV, PNG charts)",
        description="Verify each run file by replaying it, then print a side-by-side table: "
        "scores, revenue and costs, hours per client type, who was let go when and how, and "
        "type-tag accuracy. --csv writes tidy CSV (one row per run and measure); --png draws "
        "profit, morale and reputation over the weeks and each run's whale curve.")
    p.add_argument("runfiles", nargs="+", metavar="RUNFILE")
    p.add_argument("--csv", metavar="FILE", help="write one row per run and measure here")
    p.add_argument("--png", metavar="FILE", help="draw the charts into this PNG file "
                   "(needs matplotlib)")
    from sim.resources import catalog_languages

    p.add_argument("--lang", choices=catalog_languages(), help="language of the chart labels "
                   "(default: the runs' own, else en)")
    p.add_argument("--scenario", dest="scenarios", action="append", default=[],
                   metavar="FILE", help="a scenario file the runs may have been played on "
                   "(repeatable); shipped scenarios are found by name")
    p.set_defaults(func=cmd_compare)


def write_csv_or_fail(path: str, text: str) -> None:
    """Write a CSV file; a failure is bad input (exit 2), one line."""
    from ..cli import UsageError
    from ..runs.compare import write_csv

    try:
        write_csv(path, text)
    except OSError as exc:
        raise UsageError(f"sim: error: cannot write {path}: {exc.strerror or exc}") from None


def cmd_compare(args: argparse.Namespace) -> int:
    """Verify, replay and compare the runs; the table on stdout, problems on stderr."""
    from ..cli import UsageError
    from ..runs.compare import compare_runs, csv_text, render_table, tidy_rows

    if args.png:  # say so before the replays when the charts cannot be drawn
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UsageError("sim: error: --png needs matplotlib: pip install "
                             "'not-always-right[game]'") from None
    cmp = compare_runs(args.runfiles, scenarios=args.scenarios)
    if cmp.failures:
        for f in cmp.failures:
            print(f.reason, file=sys.stderr)
        print(f"sim: compare: {len(cmp.failures)} of {len(args.runfiles)} file(s) did not "
              "verify; nothing compared", file=sys.stderr)
        return cmp.exit_code
    for line in cmp.warnings:
        print(line)
    print(render_table(cmp))
    if args.csv:
        write_csv_or_fail(args.csv, csv_text(tidy_rows(cmp.runs)))
        print(f"wrote {args.csv}", file=sys.stderr)
    if args.png:
        from ..runs.charts import ChartsUnavailable, write_compare_png

        try:
            write_compare_png(cmp.runs, args.png, lang=args.lang)
        except ChartsUnavailable as exc:
            raise UsageError(f"sim: error: {exc}") from None
        except OSError as exc:
            raise UsageError(f"sim: error: cannot write {args.png}: "
                             f"{exc.strerror or exc}") from None
        print(f"wrote {args.png}", file=sys.stderr)
    return 0
