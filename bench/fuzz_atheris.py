"""Coverage-guided fuzzing with atheris of the two readers of untrusted files.

    python -m pip install atheris
    python bench/fuzz_atheris.py scenario --seconds 300
    python bench/fuzz_atheris.py runfile --seconds 300

The random and mutation fuzzers of tests/reliability draw inputs blindly; atheris (libFuzzer
for Python) keeps the inputs that reach new lines of ``sim.scenario`` / ``sim.runs`` and the
YAML parser and mutates those, so it gets deep into the loader in minutes. Each input goes
through the same check as the tests (``tests/reliability/fuzz.py``): a clean result or the
documented clean error, in bounded time; anything else stops the run, prints the traceback
and leaves the input in ``crash-*`` in the current folder (replay it with
``python bench/fuzz_atheris.py scenario crash-...``). The corpus starts from the shipped
scenarios or a recorded run file and grows in a temporary folder (``--corpus DIR`` keeps it).

Not part of CI: atheris is a native wheel that not every laptop can install, and a
coverage-guided run only pays when it runs for minutes. The result of the last long run is
in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=("scenario", "runfile"))
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz (60)")
    parser.add_argument("--corpus", help="a folder to keep the corpus in (default: temporary)")
    parser.add_argument("inputs", nargs="*", help="crash files to replay instead of fuzzing")
    args = parser.parse_args(argv)
    try:
        import atheris
    except ImportError:
        print("bench/fuzz_atheris.py needs atheris: python -m pip install atheris",
              file=sys.stderr)
        return 2

    with atheris.instrument_imports():
        import yaml  # noqa: F401  (the parser is where hostile bytes go first)

        from sim.runs import runfile, verify  # noqa: F401
        from sim.scenario import load_scenario  # noqa: F401
        from tests.reliability import fuzz
        from tests.reliability.test_fuzz import record_run

    work = Path(tempfile.mkdtemp(prefix="nar-atheris-"))
    corpus = Path(args.corpus) if args.corpus else work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if args.target == "scenario":
        for name, data in fuzz.SHIPPED.items():
            (corpus / name).write_bytes(data)

        def one(data: bytes) -> None:
            fuzz.check_scenario_bytes(data, work)
    else:
        record_run(corpus / "real.jsonl")

        def one(data: bytes) -> None:
            fuzz.check_run_bytes(data, work / "input.jsonl")

    libfuzzer = [sys.argv[0], f"-max_total_time={args.seconds}", "-max_len=65536",
                 "-rss_limit_mb=2048", "-timeout=10", "-print_final_stats=1"]
    libfuzzer += args.inputs or [str(corpus)]
    atheris.Setup(libfuzzer, one)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
