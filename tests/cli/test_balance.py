"""``sim balance``: the table, the expect lines as PASS/FAIL, the exit codes, --set, --jobs."""

from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import pytest

from sim.cli import main

TINY = ["--seeds", "0:3"]  # a few short games: these tests are about the output, not the model

SMALL = """\
title: Small
weeks: 4
staff: [{name: Anna}, {name: Boris}]
market: {initial_clients: 6}
"""


def _scenario(tmp_path: Path, expect: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(SMALL + textwrap.dedent(expect), encoding="utf-8")
    return path


PASSING = """\
expect:
  - {policy: always-right, metric: morale, median_at_least: 0}
  - {policy: oracle, metric: reputation, median_at_most: 100}
"""


def test_table_and_passing_expect_lines_exit_0(tmp_path, capsys):
    path = _scenario(tmp_path, PASSING)
    assert main(["balance", str(path), *TINY]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "s: 3 seeds (0:3), 4 policies"
    header = out[2:4]
    for word in ("score", "profit", "morale", "reputation", "median", "p10", "p90",
                 "always-right", "bankrupt"):
        assert any(word in line for line in header), word
    rows = out[4:8]
    assert [r.split()[0] for r in rows] == ["always-right", "rule-based", "oracle", "random"]
    assert rows[0].split()[-2] == "-"  # always-right is the reference of the win rates
    assert all(r.split()[-2].endswith("%") for r in rows[1:])
    # (bounds that every policy meets: balance says they cannot fail)
    mark = "  [insensitive: passes with random in its place]"
    assert out[-5] == "expect:"
    assert out[-4].startswith("  PASS  median morale of always-right is at least 0.00: ")
    assert out[-3].startswith("  PASS  median reputation of oracle is at most 100.00: ")
    assert out[-4].endswith(mark) and out[-3].endswith(mark)
    assert out[-2:] == [
        "",
        "2 passed, 0 failed, 2 insensitive",
    ]


def test_a_failing_expect_line_exits_1_and_shows_its_note(tmp_path, capsys):
    path = _scenario(tmp_path, """\
        expect:
          - {policy: always-right, metric: morale, median_at_least: 0}
          - {policy: rule-based, metric: score, median_at_most: -1000, note: cannot hold}
        """)
    assert main(["balance", str(path), *TINY]) == 1
    out = capsys.readouterr().out
    assert "  PASS  median morale of always-right" in out
    fail = [line for line in out.splitlines() if "FAIL" in line]
    assert len(fail) == 1
    assert fail[0].startswith("  FAIL  median score of rule-based is at most -1,000.00: ")
    assert fail[0].endswith(" (cannot hold)")
    assert out.rstrip().endswith("1 passed, 1 failed, 1 insensitive")  # (a bound all meet)


def test_policies_named_by_expect_lines_are_played_too(tmp_path, capsys):
    path = _scenario(tmp_path, """\
        expect:
          - {policy: oracle, beats: random, on: morale, at_least: 0}
        """)
    assert main(["balance", str(path), *TINY, "--policies", "rule-based"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("s: 3 seeds (0:3), 4 policies")
    # the requested ones first, then the reference and those the expect lines need
    assert [line.split()[0] for line in out[4:8]] == ["rule-based", "always-right", "oracle",
                                                      "random"]


def test_only_the_reference_is_added_when_nothing_else_is_needed(tmp_path, capsys):
    path = _scenario(tmp_path, "")
    assert main(["balance", str(path), "--seeds", "0:2", "--policies", "random"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out[4:6]] == ["random", "always-right"]
    assert out[-1].startswith("no expect lines")


def test_set_changes_the_scenario_and_is_validated(tmp_path, capsys):
    path = _scenario(tmp_path, PASSING)
    assert main(["balance", str(path), "--seeds", "0:2", "--set", "weeks=3",
                 "--set", "firm.price_per_hour=95"]) == 0
    assert capsys.readouterr().out.startswith(
        "s: 2 seeds (0:2), 4 policies, --set weeks=3 firm.price_per_hour=95\n")
    assert main(["balance", str(path), "--seeds", "0:2", "--set", "weeks=no",
                 "--set", "staff.7.wage=1"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "--set: staff.7.wage: staff has 2 items, no item 7",
    ]


def test_jobs_give_the_same_output(tmp_path, capsys):
    path = _scenario(tmp_path, PASSING)
    args = ["balance", str(path), "--seeds", "0:12", "--set", "weeks=3"]
    assert main(args) == 0
    one = capsys.readouterr().out
    assert main([*args, "--jobs", "2"]) == 0
    assert capsys.readouterr().out == one


def test_metrics_beyond_the_table_are_measured(tmp_path, capsys):
    path = _scenario(tmp_path, """\
        expect:
          - {policy: oracle, metric: long_term_profit, median_at_least: -1000000000}
          - {policy: oracle, beats: always-right, on: cash, at_least: 0}
        """)
    assert main(["balance", str(path), *TINY]) == 0
    out = capsys.readouterr().out
    assert "PASS  median long_term_profit of oracle is at least -1,000,000,000.00" in out
    assert "PASS  oracle beats always-right on cash in at least 0% of seeds" in out


@pytest.mark.parametrize("args, message", [
    (["balance", "agency", "--policies", "rule-based,nobody"],
     "sim: error: unknown policy 'nobody'"),
    (["balance", "agency", "--policies", "rule-based,,oracle"],
     "sim: error: argument --policies: expected names separated by commas"),
    (["balance", "agency", "--seeds", "5:2"], "sim: error: argument --seeds: expected 0 <= A < B"),
    (["balance", "agency", "--set", "weeks"], "sim: error: argument --set: expected PATH=VALUE"),
    (["balance", "agenc"], "agenc: no such scenario; did you mean 'agency'?"),
    (["balance", "agency", "--policies", "no_such_module_xyz:f"],
     "sim: error: cannot import policy module 'no_such_module_xyz'"),
])
def test_bad_input_exits_2_with_one_line(args, message, capsys):
    assert main(args) == 2
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), lines


def test_an_invalid_scenario_lists_its_problems(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("title: T\nweeks: 0\nstaff: [{name: A, hours: -1}]\n", encoding="utf-8")
    assert main(["balance", str(path), "--seeds", "0:2"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:2:8: weeks: must be at least 1, got the number 0",
        f"{path}:3:26: staff.0.hours: must be more than 0, got the number -1",
    ]


def test_help(capsys):
    assert main(["balance", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--policies" in text and "--set" in text and "--jobs" in text and "0:200" in text


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_goes_to_stderr_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    path = _scenario(tmp_path, PASSING)
    args = ["balance", str(path), "--seeds", "0:13", "--set", "weeks=2"]  # 52 runs
    assert main(args) == 0
    piped = capsys.readouterr()
    assert piped.err == "" and "\r" not in piped.out
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert main(args) == 0
    assert capsys.readouterr().out == piped.out
    shown = tty.getvalue()
    assert "52/52 runs" in shown and shown.endswith("\r")  # drawn, then erased


def test_tricks_plays_the_suite_and_says_which_beat_judgement(tmp_path, capsys):
    from sim.policies.tricks import trick_names

    path = _scenario(tmp_path, "expect:\n  - {no_dominant_trick: true}\n")
    code = main(["balance", str(path), *TINY, "--tricks"])
    out = capsys.readouterr().out
    for name in trick_names():
        assert f"\n{name} " in out  # a row in the table and one in the trick report
    assert "beats rule-based" in out
    # how often the oracle beats each trick, as a percentage in the trick report's last column
    report = out[out.index("oracle beats it"):].splitlines()
    row = next(line for line in report if line.startswith("trick:price-1.2 "))
    assert row.split()[-1].endswith("%")
    verdict = [line for line in out.splitlines()
               if line.startswith(("DOMINANT:", "no trick beats"))]
    assert verdict
    assert code == (1 if verdict[0].startswith("DOMINANT") else 0)


def test_a_trick_can_be_named_like_a_policy(tmp_path, capsys):
    path = _scenario(tmp_path, "")
    assert main(["balance", str(path), *TINY, "--policies", "trick:price-1.2"]) == 0
    assert "trick:price-1.2" in capsys.readouterr().out
    assert main(["balance", str(path), *TINY, "--policies", "trick:nonsense"]) == 2
