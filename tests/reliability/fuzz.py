"""Fuzzing cores shared by the reliability tests and ``bench/reliability_table.py``.

Each ``check_*`` function takes one input, runs it through the real code and returns the
outcome's kind (a short string); it raises ``AssertionError`` for anything that is a crash:
an exception other than the documented clean error, a traceback on stderr, a wrong exit code,
or a time bound exceeded. Each ``mutate_*`` builds one input from a ``random.Random``.
"""

from __future__ import annotations

import contextlib
import io
import math
import random
import time
from pathlib import Path

from sim.engine import final_scores, new_game, observe, step
from sim.policies import make_policy
from sim.runs.runfile import RunFileError, read_run
from sim.runs.verify import MISMATCH, OK, SCENARIO, UNFINISHED, UNREADABLE, verify_run
from sim.scenario import ScenarioError, load_scenario, shipped_scenarios

SCENARIO_SECONDS = 5.0  # a file of a few kB: loading it must never take longer than this
PLAY_WEEKS = 8  # a scenario called valid is also built and played this many weeks
SHIPPED = {p.name: p.read_bytes() for p in shipped_scenarios()}
KEYS = ["id", "title", "extends", "weeks", "firm", "cash", "staff", "wage", "market", "events",
        "week", "traits", "expect", "clients", "price_per_hour", "hours", "mix", "debrief",
        "<<", "text", "en", "ru", "scoring"]
VALUES = ["0", "-1", "1e309", ".nan", ".inf", "no", "010", "0x1F", "~", "[]", "{}", "''",
          "*a", "&a 1", "!!python/object/apply:os.system ['echo hi']", "!!binary aGk=",
          "9" * 400, "\"\\x00\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]", "2026-01-01",
          "'x' * 3", "é", "\U0001F600", "!!set {a}", "? a", "|", ">-", "%YAML 1.1"]


# --- scenario loader ------------------------------------------------------------------------


def check_scenario_bytes(data: bytes, folder: Path, name: str = "fuzz.yaml") -> str:
    """Write ``data`` as a scenario file and load it: a Scenario or a ScenarioError, fast."""
    path = folder / name
    path.write_bytes(data)
    t0 = time.perf_counter()
    try:
        sc = load_scenario(path)
    except ScenarioError as exc:
        text = str(exc)
        assert text.strip(), "an empty error message"
        assert text.isprintable() or all(line.isprintable() for line in text.split("\n")), \
            f"an error message with a raw control character: {text[:200]!r}"
        kind = "refused"
    else:
        took = time.perf_counter() - t0
        assert took < SCENARIO_SECONDS, f"loading took {took:.1f} s"
        play_briefly(sc.params)  # "valid" means the game can be built and played
        kind = "valid+played"
    took = time.perf_counter() - t0
    assert took < SCENARIO_SECONDS, f"loading took {took:.1f} s"
    return kind


def play_briefly(params, weeks: int = PLAY_WEEKS) -> None:
    """Build the game and play its first weeks with the random bot: the scores stay finite
    and no exception escapes the engine."""
    st = new_game(params, 1)
    bot = make_policy("random", 1)
    for _ in range(weeks):
        if st.over:
            break
        st, _ = step(st, bot.decide(observe(st), st), inplace=True)
    scores = final_scores(st)
    assert all(math.isfinite(v) for v in scores.values()), scores


def mutate_scenario(rng: random.Random) -> bytes:
    """A shipped scenario with one to three random mutations."""
    name = rng.choice(sorted(SHIPPED))
    data = bytearray(SHIPPED[name])
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(6)
        lines = bytes(data).split(b"\n")
        if op == 0 and data:  # flip bytes
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(data))
                data[i] = rng.randrange(256)
        elif op == 1 and len(lines) > 1:  # delete lines
            i = rng.randrange(len(lines))
            del lines[i:i + rng.randint(1, 5)]
            data = bytearray(b"\n".join(lines))
        elif op == 2 and lines:  # duplicate lines
            i = rng.randrange(len(lines))
            j = min(len(lines), i + rng.randint(1, 6))
            lines[i:i] = lines[i:j] * rng.randint(1, 3)
            data = bytearray(b"\n".join(lines))
        elif op == 3 and lines:  # a random key somewhere, at the indentation of that line
            i = rng.randrange(len(lines))
            indent = len(lines[i]) - len(lines[i].lstrip(b" "))
            key = rng.choice(KEYS + ["".join(rng.choice("abcxyz_") for _ in range(5))])
            lines.insert(i, b" " * indent + f"{key}: {rng.choice(VALUES)}".encode())
            data = bytearray(b"\n".join(lines))
        elif op == 4 and lines:  # replace the value of a line
            i = rng.randrange(len(lines))
            if b":" in lines[i]:
                head = lines[i].split(b":", 1)[0]
                lines[i] = head + b": " + rng.choice(VALUES).encode()
            data = bytearray(b"\n".join(lines))
        elif op == 5:  # cut the file
            data = data[: rng.randrange(len(data) + 1)]
    return bytes(data)


def random_yaml(rng: random.Random) -> bytes:
    """A small YAML-ish text built from scenario keys, hostile values and indentation."""
    out = []
    for _ in range(rng.randint(0, 15)):
        indent = " " * rng.choice((0, 0, 2, 4, 1, 3))
        lead = rng.choice(("", "- ", "? ", ""))
        out.append(f"{indent}{lead}{rng.choice(KEYS)}: {rng.choice(VALUES)}")
    return "\n".join(out).encode("utf-8", "surrogatepass")


# --- run files ------------------------------------------------------------------------------


RUN_STATUSES = {OK, UNFINISHED, MISMATCH, SCENARIO, UNREADABLE}


def check_run_bytes(data: bytes, path: Path) -> str:
    """Read and verify ``data`` as a run file: RunFileError or a verdict, nothing else; the
    verdict agrees with the reader, and a failure names the file and is one printable line."""
    path.write_bytes(data)
    try:
        read_run(path)
        read = "read"
    except RunFileError as exc:
        assert exc.message.startswith(str(path)), exc.message
        read = "refused"
    v = verify_run(path)  # documented: never raises for anything about the file
    assert v.status in RUN_STATUSES, v.status
    if read == "refused":  # what the reader refuses is never verified
        assert v.status == UNREADABLE and v.exit_code == 2, (v.status, v.reason)
    if v.ok:
        assert v.reason == "" and v.data is not None and v.scores is not None
        assert all(math.isfinite(x) for x in v.scores.values())
    else:
        assert v.reason.startswith(str(path)), f"a reason that names no file: {v.reason!r}"
        assert v.reason.isprintable(), f"a reason with a raw control character: {v.reason!r}"
        assert v.exit_code == (2 if v.status == UNREADABLE else 1)
    return f"{read}/{'ok' if v.ok else 'failed'}"


#: the fields whose values the "value" mutation replaces, as they appear in the compact JSON
#: of a run file (no space after the colon)
VALUE_TOKENS = (b'"week":', b'"seed":', b'"digest":', b'"hire":', b'"price_factor":',
                b'"scenario":', b'"overrides":', b'"bonus":', b'"score":', b'"0":')
HOSTILE_VALUES = [b"NaN", b"1e999", b"1e400", b"-1", b"null", b"[]", b"{}", b"true",
                  b'"\\ud800"', b"9" * 40, b'"x"', b"{" * 200 + b"}" * 200,
                  b'"\\u001b]0;x\\u0007"', b"-0.0", b"4.9e-324",
                  b'["a=1"' + b',"a=1"' * 300 + b"]"]
OPS = ("bytes", "delete", "duplicate", "swap", "value", "cut")


def mutate_run(rng: random.Random, original: bytes, applied: list[str] | None = None) -> bytes:
    """A real run file with one to three mutations (bytes, lines, JSON values).

    ``applied``, when given, receives the name of each mutation that changed the bytes (a
    test checks that each kind reaches the file, e.g. that the JSON tokens are found)."""
    data = bytearray(original)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(6)
        before = bytes(data)
        lines = bytes(data).split(b"\n")
        if op == 0 and data:
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1 and len(lines) > 1:
            del lines[rng.randrange(len(lines))]
            data = bytearray(b"\n".join(lines))
        elif op == 2 and lines:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        elif op == 3 and len(lines) > 2:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        elif op == 4 and lines:  # replace a JSON number or string by a hostile value
            hostile = rng.choice(HOSTILE_VALUES)
            found = [(i, t) for i, line in enumerate(lines) for t in VALUE_TOKENS if t in line]
            if found:
                i, token = rng.choice(found)
                head, tail = lines[i].split(token, 1)
                rest = tail.split(b",", 1)
                lines[i] = head + token + hostile + (b"," + rest[1] if len(rest) > 1
                                                     else b"}")
            data = bytearray(b"\n".join(lines))
        elif op == 5:
            data = data[: rng.randrange(len(data) + 1)]
        if applied is not None and bytes(data) != before:
            applied.append(OPS[op])
    return bytes(data)


# --- CLI ------------------------------------------------------------------------------------


COMMANDS = ["play", "run", "validate", "schema", "new", "balance", "replay", "compare",
            "debrief", "leaderboard"]
OPTIONS = ["--help", "-h", "--seed", "--seeds", "--set", "--policy", "--out", "--record",
           "--jobs", "--lang", "--player", "--resume", "--csv", "--png", "--scenario",
           "--from", "--policies", "--", "-", "--seed=1", "--set=weeks=4", "--jobs=0"]
JUNK = ["agency", "tutorial", "nope", "0", "-1", "3:1", "0:2", "1e9", "x=1", "weeks=",
        "firm.cash=abc", "rule-based", "random", "os:system", "..", "/", "/dev/null",
        "missing.jsonl", "ru", "en", "zz", "", " ", "é", "\x7f", "a" * 300, "../x.yaml",
        "-x", "--nope", "weeks=4", "99999999999999999999", "nan"]


def random_argv(rng: random.Random) -> list[str]:
    argv = [rng.choice(COMMANDS)] if rng.random() < 0.9 else []
    for _ in range(rng.randint(0, 6)):
        argv.append(rng.choice(OPTIONS if rng.random() < 0.45 else JUNK))
    return argv


def check_cli(argv: list[str]) -> int:
    """``sim.cli.main(argv)``: 0, 1 or 2, never an exception, never a traceback.

    Under :func:`light_cli`, ``play`` (it opens a window) is replaced after parsing by a
    stub; ``run`` and ``balance`` run for real, cut to one seed.
    """
    from sim import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    text = err.getvalue()
    assert code in (0, 1, 2), (argv, code, text[-500:])
    assert "Traceback" not in text and "internal error" not in text, (argv, text[-800:])
    return code


@contextlib.contextmanager
def light_cli():
    """Stub the commands that would open a window or play many games (after parsing)."""
    from sim import cli

    real = cli.build_parser

    def small(func):
        # the real command, cut to one seed: its checks of the scenario,
        # the policy and --out all run for real (a stub would hide a crash there)
        def run(args):
            seeds = getattr(args, "seeds", None)
            if seeds is not None:
                args.seeds = seeds[:1]
            if hasattr(args, "jobs"):
                args.jobs = 1
            return func(args)
        return run

    def build(command=None):
        parser = real(command)
        choices = parser._subparsers._group_actions[0].choices  # noqa: SLF001
        if "play" in choices:  # it would open a window
            choices["play"].set_defaults(func=lambda args: 0)
        for name in ("run", "balance"):
            if name in choices:  # a parser built for one command holds only that one
                choices[name].set_defaults(func=small(choices[name].get_default("func")))
        return parser

    cli.build_parser = build
    try:
        yield
    finally:
        cli.build_parser = real
