"""Fuzzing cores shared by the reliability tests and ``bench/reliability_table.py``.

Each ``check_*`` function takes one input, runs it through the real code and returns the
outcome's kind (a short string); it raises ``AssertionError`` for anything that is a crash:
an exception other than the documented clean error, a traceback on stderr, a wrong exit code,
or a time bound exceeded. Each ``mutate_*`` builds one input from a ``random.Random``.
"""

from __future__ import annotations

import contextlib
import io
import random
import time
from pathlib import Path

from sim.runs.runfile import RunFileError, read_run
from sim.runs.verify import verify_run
from sim.scenario import ScenarioError, load_scenario, shipped_scenarios

SCENARIO_SECONDS = 5.0  # a file of a few kB: loading it must never take longer than this
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
        load_scenario(path)
        kind = "valid"
    except ScenarioError as exc:
        assert str(exc).strip(), "an empty error message"
        kind = "refused"
    took = time.perf_counter() - t0
    assert took < SCENARIO_SECONDS, f"loading took {took:.1f} s"
    return kind


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


RUN_KINDS = {"ok", "unreadable", "mismatch", "scenario", "incomplete", "bad"}


def check_run_bytes(data: bytes, path: Path) -> str:
    """Read and verify ``data`` as a run file: RunFileError or a verdict, nothing else."""
    path.write_bytes(data)
    try:
        read_run(path)
        read = "read"
    except RunFileError as exc:
        assert exc.message
        read = "refused"
    v = verify_run(path)  # documented: never raises for anything about the file
    if v.ok:
        assert v.reason == "" or isinstance(v.reason, str)
    else:
        assert v.reason, f"a failed verification without a reason: {v.status}"
    assert v.exit_code in (0, 1, 2)
    return f"{read}/{'ok' if v.ok else 'failed'}"


def mutate_run(rng: random.Random, original: bytes) -> bytes:
    """A real run file with one to three mutations (bytes, lines, JSON values)."""
    data = bytearray(original)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(6)
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
            i = rng.randrange(len(lines))
            hostile = rng.choice([b"NaN", b"1e999", b"-1", b"null", b"[]", b"{}", b"true",
                                  b'"\\ud800"', b"9" * 40, b'"x"', b"{" * 200 + b"}" * 200])
            for token in (b'"week": ', b'"seed": ', b'"digest": ', b'"hire": ',
                          b'"price_factor": ', b'"scenario": '):
                if token in lines[i] and rng.random() < 0.5:
                    head, tail = lines[i].split(token, 1)
                    rest = tail.split(b",", 1)
                    lines[i] = head + token + hostile + (b"," + rest[1] if len(rest) > 1
                                                         else b"}")
                    break
            data = bytearray(b"\n".join(lines))
        elif op == 5:
            data = data[: rng.randrange(len(data) + 1)]
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

    The heavy commands (play opens a window, run and balance play many games) are replaced
    after parsing by a stub: what is fuzzed here is the argument handling.
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

    def build(command=None):
        parser = real(command)
        choices = parser._subparsers._group_actions[0].choices  # noqa: SLF001
        for name in ("play", "run", "balance"):
            if name in choices:  # a parser built for one command holds only that one
                choices[name].set_defaults(func=lambda args: 0)
        return parser

    cli.build_parser = build
    try:
        yield
    finally:
        cli.build_parser = real
