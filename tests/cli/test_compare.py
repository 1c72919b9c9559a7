"""``sim compare RUNFILE... [--csv FILE] [--png FILE]``: table, tidy CSV, PNG, warnings."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from sim.cli import main

SHORT = ["--set", "weeks=6"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cmp")
    for policy in ("rule-based", "always-right"):
        assert main(["run", "agency", "--policy", policy, "--seeds", "0:2", *SHORT,
                     "--record", str(d)]) == 0
    return d


def _f(folder: Path, policy: str, seed: int = 0) -> str:
    return str(folder / f"agency-{policy}-seed{seed}.jsonl")


def test_table_and_csv(folder, tmp_path, capsys):
    out_csv = tmp_path / "cmp.csv"
    assert main(["compare", _f(folder, "rule-based"), _f(folder, "always-right"),
                 "--csv", str(out_csv)]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out
    head = out.splitlines()[0]
    assert "rule-based (bot)" in head and "always-right (bot)" in head
    assert any(line.startswith("score") for line in out.splitlines())
    with open(out_csv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["run"] for r in rows} == {"1", "2"}
    assert {r["measure"] for r in rows} >= {"score", "revenue", "costs", "weekly.profit"}


def test_different_seeds_are_warned_about(folder, capsys):
    assert main(["compare", _f(folder, "rule-based", 0), _f(folder, "rule-based", 1)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("warning: these runs are on different seeds (0, 1)")


def test_png(folder, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    png = tmp_path / "cmp.png"
    assert main(["compare", _f(folder, "rule-based"), _f(folder, "always-right"),
                 "--png", str(png), "--lang", "ru"]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_png_without_matplotlib_is_one_line_exit_2(folder, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["compare", _f(folder, "rule-based"), "--png", str(tmp_path / "x.png")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "--png needs matplotlib" in err
    # the table and the CSV need no matplotlib
    assert main(["compare", _f(folder, "rule-based"), "--csv", str(tmp_path / "x.csv")]) == 0


def test_a_tampered_file_stops_the_comparison(folder, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    lines = Path(_f(folder, "rule-based")).read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join(lines[:-1] + [lines[-1].replace('"score":', '"score":1')]) + "\n",
                   encoding="utf-8")
    assert main(["compare", _f(folder, "always-right"), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and f"{bad}:8: final score" in err and "nothing compared" in err
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b"\x89PNG\r\n")
    assert main(["compare", str(junk)]) == 2


def test_an_unwritable_csv_is_exit_2(folder, tmp_path, capsys):
    assert main(["compare", _f(folder, "rule-based"),
                 "--csv", str(tmp_path / "no" / "such" / "dir.csv")]) == 2
    assert "cannot write" in capsys.readouterr().err
