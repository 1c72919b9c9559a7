"""``sim leaderboard DIR [--csv FILE]``: verified ranking, reasons for the rest, exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sim.cli import main


@pytest.fixture(scope="module")
def handins(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("handins")
    assert main(["run", "agency", "--policy", "rule-based", "--seeds", "0:2", "--set",
                 "weeks=4", "--record", str(d)]) == 0
    assert main(["run", "agency", "--policy", "oracle", "--seeds", "0:2", "--set",
                 "weeks=4", "--record", str(d)]) == 0
    return d


def test_a_clean_folder(handins, tmp_path, capsys):
    out_csv = tmp_path / "lb.csv"
    assert main(["leaderboard", str(handins), "--csv", str(out_csv)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Leaderboard of {handins}: 4 verified run(s) ranked, 0 file(s)")
    assert out.count("seed 0\n") == 1 and out.count("seed 1\n") == 1
    assert "agency-" not in out  # pseudonyms only, no file names
    with open(out_csv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4 and {r["rank"] for r in rows} <= {"1", "2"}


def test_bad_files_are_listed_and_exit_1(handins, tmp_path, capsys):
    for f in handins.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "essay.docx").write_bytes(b"PK\x03\x04" + bytes(300))
    victim = tmp_path / "agency-oracle-seed1.jsonl"
    victim.write_bytes(victim.read_bytes().replace(b'"morale":', b'"morale":1', 1))
    assert main(["leaderboard", str(tmp_path), "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert "3 verified run(s) ranked, 2 file(s) not ranked" in out
    assert "essay.docx: no header: its first line is torn (cut short, or this is not a run " \
        "file)" in out
    assert "agency-oracle-seed1.jsonl:6: final.morale: recorded 1" in out


def test_not_a_folder_is_exit_2(tmp_path, capsys):
    assert main(["leaderboard", str(tmp_path / "absent")]) == 2
    assert capsys.readouterr().err.strip().endswith("not a folder")
    assert main(["leaderboard", str(tmp_path), "--jobs", "-1"]) == 2
