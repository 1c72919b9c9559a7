"""Regenerate the table of docs/reliability.md: run the reliability fuzzers at a chosen size.

    python bench/reliability_table.py            # moderate size (a few minutes on 2 cores)
    python bench/reliability_table.py --size 50  # quick look
    python bench/reliability_table.py --no-write # print the table only

Uses the same cores as tests/reliability (tests/reliability/fuzz.py) with plain seeded
``random.Random`` streams, so a table is reproducible from its size and seed. The rows for the
game (crash/resume in process and SIGKILL of a real ``play`` process, full disk) and for
hostile files run the tests of tests/reliability and report their outcome, including the known
bugs kept as strict xfail tests.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from sim.engine import (  # noqa: E402
    Decisions,
    IllegalDecision,
    new_game,
    observe,
    state_digest,
    step,
)
from sim.policies import make_policy  # noqa: E402
from sim.runs.runfile import RunFileError, RunWriter  # noqa: E402
from tests.engine.test_properties import _check_invariants  # noqa: E402
from tests.reliability import fuzz  # noqa: E402
from tests.reliability.test_engine_stateful import (  # noqa: E402
    OVERRIDES,
    SCENARIOS,
    illegal_for,
    scenario,
)
from tests.reliability.test_fuzz import record_run  # noqa: E402

DOC = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- reliability-table:begin -->", "<!-- reliability-table:end -->"


class Row:
    def __init__(self, kind: str, how: str) -> None:
        self.kind, self.how = kind, how
        self.cases = self.crashes = self.lost = 0
        self.outcomes: dict[str, int] = {}
        self.first: str = ""
        self.note = ""

    def run(self, fn, *args) -> None:
        self.cases += 1
        try:
            out = fn(*args)
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            self.crashes += 1
            self.first = self.first or f"{type(exc).__name__}: {str(exc)[:120]}"
            return
        self.outcomes[str(out)] = self.outcomes.get(str(out), 0) + 1

    def result(self) -> str:
        outs = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        text = f"crashes {self.crashes}, lost weeks {self.lost}"
        if outs:
            text += f" ({outs})"
        if self.note:
            text += f"; {self.note}"
        if self.first:
            text += f"; first crash: {self.first}"
        return text


def engine_game(rng: random.Random) -> str:
    """A game of random (legal or not) decisions with illegal ones tried each week."""
    name = rng.choice(SCENARIOS)
    sc = scenario(name, rng.choice(OVERRIDES))
    seed = rng.randrange(2**32)
    bot = make_policy("random", seed)
    st = new_game(sc.params, seed)
    played, digests, refused = [], [], 0
    for _ in range(rng.randint(4, 20)):
        if st.over:
            break
        before = state_digest(st)
        try:
            step(st, illegal_for(st, rng.randrange(10), rng.random() * 100), inplace=True)
            raise AssertionError("an illegal decision was accepted")
        except IllegalDecision as exc:
            assert exc.reason and state_digest(st) == before
            refused += 1
        d = bot.decide(observe(st), None)
        st, rep = step(st, d, inplace=True)
        _check_invariants(st, rep)
        played.append(d)
        digests.append(state_digest(st))
    again = new_game(sc.params, seed)
    for d, digest in zip(played, digests, strict=True):
        again, _ = step(again, Decisions.from_dict(d.to_dict()), inplace=True)
        assert state_digest(again) == digest, "replay diverged"
    return "refused+replayed"


def kill_and_resume(run: bytes, cut: int, folder: Path) -> tuple[str, int]:
    """The run file as a kill at byte ``cut`` leaves it; resume; count weeks lost beyond the
    one being written. Returns (outcome, lost)."""
    data = run[:cut]
    path = folder / "k.jsonl"
    path.write_bytes(data)
    complete_lines = data.count(b"\n")
    saved_weeks = max(0, complete_lines - 1)  # the header, then one line per week
    try:
        writer, got = RunWriter.resume(path, durable=False)
    except RunFileError:
        if complete_lines == 0:  # killed before the header was on disk: nothing was saved
            return "no header yet", 0
        raise
    writer.close()
    recovered = len(got.weeks)
    st = new_game(scenario("tutorial", ()).params, got.header["seed"])
    for w in got.weeks:
        st, _ = step(st, w.decisions, inplace=True)
        assert state_digest(st) == w.digest
    return "resumed", max(0, saved_weeks - recovered)


def pytest_rows(paths: list[str]) -> list[tuple[str, str]]:
    """Run tests of tests/reliability, long variants included, and return (outcome, test id)
    rows."""
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider",
                          "--slow", *paths], cwd=ROOT, capture_output=True, text=True)
    rows = []
    for line in out.stdout.splitlines():
        for tag in ("PASSED", "XFAIL", "FAILED", "ERROR", "XPASS", "SKIPPED"):
            if line.startswith(tag + " "):
                rows.append((tag, line[len(tag) + 1:]))
    return rows


def build(size: int, seed: int) -> tuple[list[Row], float]:
    t0 = time.perf_counter()
    rng = random.Random(seed)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        r = Row("Scenario loader: random YAML of scenario keys and hostile values",
                "hypothesis-style seeded generator")
        for _ in range(size * 4):
            r.run(fuzz.check_scenario_bytes, fuzz.random_yaml(rng), folder)
        rows.append(r)
        r = Row("Scenario loader: shipped scenarios mutated (byte flips, line deletions, "
                "duplications, random keys and values, cuts); a valid one is built and played "
                "8 weeks", "1-3 mutations each")
        for _ in range(size * 4):
            r.run(fuzz.check_scenario_bytes, fuzz.mutate_scenario(rng), folder)
        rows.append(r)
        r = Row("Scenario loader: random bytes", "0-400 bytes")
        for _ in range(size * 2):
            r.run(fuzz.check_scenario_bytes,
                  bytes(rng.randrange(256) for _ in range(rng.randrange(400))), folder)
        rows.append(r)

        run = record_run(folder / "real.jsonl").read_bytes()
        r = Row("Run-file reader and verifier: real run files mutated (bytes, lines, hostile "
                "JSON values such as 1e400 in the compact fields)", "1-3 mutations each")
        for _ in range(size * 2):
            r.run(fuzz.check_run_bytes, fuzz.mutate_run(rng, run), folder / "m.jsonl")
        rows.append(r)

        r = Row("Command line: random argv of real commands, options and junk",
                "sim.cli.main(argv); exit 0/1/2, no traceback")
        cwd = os.getcwd()
        os.chdir(folder)
        os.environ["NAR_DATA_DIR"] = str(folder / "data")
        (folder / "r.jsonl").write_bytes(run)
        try:
            with fuzz.light_cli():
                for _ in range(size * 2):
                    r.run(lambda a: f"exit {fuzz.check_cli(a)}", fuzz.random_argv(rng))
        finally:
            os.chdir(cwd)
        rows.append(r)

        r = Row("Engine: random games (4 scenarios x overrides), an illegal decision tried "
                "every week, invariants every week, replay at the end", "games")
        for _ in range(size):
            r.run(engine_game, rng)
        rows.append(r)

        r = Row("Kill while saving: the tutorial's run file cut at every byte, then resumed",
                "cuts")
        partial = record_run(folder / "partial.jsonl", weeks=8, player="p").read_bytes()
        for cut in range(len(partial) + 1):
            r.cases += 1
            try:
                outcome, lost = kill_and_resume(partial, cut, folder)
                r.lost += lost
                r.outcomes[outcome] = r.outcomes.get(outcome, 0) + 1
            except Exception as exc:  # noqa: BLE001
                r.crashes += 1
                r.first = r.first or f"{type(exc).__name__}: {str(exc)[:120]}"
        rows.append(r)

    for path, kind, bug in (
            ("tests/reliability/test_crash_resume.py",
             "Game (headless): kill after the fsync of a week, torn line, full disk",
             "the full-disk save crashes the game (ENOSPC escapes WeekScene.end_week)"),
            ("tests/reliability/test_crash_subprocess.py",
             "Game (real `play` process, scripted keys): SIGKILL in the middle of a week, "
             "at the moment of saving and at 30 random moments, then Continue; the run file "
             "may not grow (a full disk)",
             "a kill loses more than the week in progress"),
            ("tests/reliability/test_untrusted.py",
             "Untrusted files: extends out of the folder, YAML tags, hostile leaderboard folder",
             "extends with '..', an absolute path or a link out is followed, not refused"),
            ("tests/reliability/test_bounds.py",
             "Scenarios at the edges of every range of the schema (lowest, highest, left out), "
             "played to the end by three bots; the caps on clients and leads; the longest games",
             "a scenario inside the ranges breaks the engine"),
            ("tests/reliability/test_hostile.py",
             "Hostile inputs: ranges that divide, slow validation, control characters, code "
             "named by a scenario, run-file numbers out of range, a header naming another "
             "scenario, FIFOs and devices, a full disk, two writers on one save, the data folder, "
             "argument limits, SIGTERM during a parallel run, bad settings",
             "a hostile input gets through")):
        r = Row(kind, "tests")
        for tag, _name in pytest_rows([path]):
            r.cases += 1
            r.outcomes[tag.lower()] = r.outcomes.get(tag.lower(), 0) + 1
            if tag in ("FAILED", "ERROR", "XPASS"):
                r.crashes += 1
        xf = r.outcomes.get("xfail", 0)
        if xf:
            r.note = f"KNOWN BUG in {xf} case(s), kept as strict xfail tests: {bug}"
            if "crashes" in bug:
                r.crashes += xf
        rows.append(r)
    return rows, time.perf_counter() - t0


def render(rows: list[Row], size: int, seed: int, took: float) -> str:
    lines = [BEGIN, "", f"Size {size}, seed {seed}; {took:.0f} s. Regenerate with "
             f"`python bench/reliability_table.py --size {size} --seed {seed}`.", "",
             "| Fault or input | Cases | Result |", "|---|---:|---|"]
    for r in rows:
        lines.append(f"| {r.kind} | {r.cases} | {r.result()} |")
    lines += ["", END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=200, help="base number of cases per fuzzer")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-write", action="store_true", help="print, do not edit the doc")
    args = ap.parse_args(argv)
    with contextlib.redirect_stderr(sys.stderr):
        rows, took = build(args.size, args.seed)
    table = render(rows, args.size, args.seed, took)
    print(table)
    if not args.no_write:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        tmp = DOC.with_suffix(".md.tmp")
        tmp.write_text(head + table + tail, encoding="utf-8")
        os.replace(tmp, DOC)
    return 1 if any(r.crashes for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
