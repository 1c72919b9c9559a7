"""``python -m sim replay RUNFILE``: play a run file again and check it, week by week.

Exit 0 with a one-line summary when every digest and the final scores match (an unfinished
game that matches so far is also 0: it is a good save game); exit 1 with the first week that
diverges and what differs; exit 2 when the file, or the scenario it names, cannot be read.
"""

from __future__ import annotations

import argparse
import sys

ORDER = 40


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``replay`` to the ``sim`` command line."""
    p = sub.add_parser(
        "replay", help="replay a run file and verify its digests and scores",
        description="Replay a run file from its scenario and seed, compare every week's state "
        "digest and the final scores with the recorded ones. Exit 0 if they match, 1 with the "
        "first week that diverges, 2 if the file or its scenario cannot be read.")
    p.add_argument("runfile", metavar="RUNFILE")
    p.add_argument("--scenario", dest="scenarios", action="append", default=[],
                   metavar="FILE", help="a scenario file the run may have been played on "
                   "(repeatable); shipped scenarios are found by name")
    p.set_defaults(func=cmd_replay)


def cmd_replay(args: argparse.Namespace) -> int:
    """Verify one run file; the verdict is one line (stdout when good, stderr when not)."""
    from ..runs.verify import ScenarioBook, verify_run
    from ..textsafe import shown

    result = verify_run(args.runfile, book=ScenarioBook(args.scenarios, header_paths=True))
    if result.ok:  # every line escaped: a file name may carry a stranger's escape codes
        print(shown(result.summary()))
        for note in result.notes:
            print(f"  note: {shown(note)}")
    else:
        print(shown(result.reason), file=sys.stderr)
    return result.exit_code
