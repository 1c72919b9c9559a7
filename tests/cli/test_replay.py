"""``sim replay RUNFILE``: exit 0 and one line when the file matches, 1 with the first
diverging week, 2 for a file (or scenario) that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main

SHORT = ["--set", "weeks=4"]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rec")
    assert main(["run", "agency", "--policy", "rule-based", "--seed", "2", *SHORT,
                 "--record", str(folder)]) == 0
    return folder / "agency-rule-based-seed2.jsonl"


def _edit(src: Path, dst: Path, line: int, change) -> Path:
    objs = [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines()]
    change(objs[line])
    dst.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return dst


def test_a_good_run_file(recorded, capsys):
    assert main(["replay", str(recorded)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and err == ""
    assert out.startswith(f"OK {recorded}: agency seed 2 (weeks=4), rule-based (bot): 4 weeks")
    assert "every digest and the final scores match; score" in out


def test_a_changed_decision_names_its_week(recorded, tmp_path, capsys):
    bad = _edit(recorded, tmp_path / "bad.jsonl", 3, lambda o: o["decisions"].update(hire=1))
    assert main(["replay", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"{bad}:4: week 3: digest differs (the decisions of week 3 do not lead to "
                   "the recorded state)\n")


def test_a_changed_score_says_what_differs(recorded, tmp_path, capsys):
    bad = _edit(recorded, tmp_path / "bad.jsonl", 5, lambda o: o["scores"].update(score=97.1))
    assert main(["replay", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:6: final score: recorded 97.1, replay gives ")


def test_an_unfinished_run_matches_so_far(recorded, tmp_path, capsys):
    cut = tmp_path / "cut.jsonl"
    data = recorded.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    assert main(["replay", str(cut)]) == 0
    assert "unfinished game" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02garbage", b"a,b\n1,2\n"])
def test_unreadable_files_exit_2_with_one_line(tmp_path, capsys, content):
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    assert main(["replay", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith(str(path))


def test_a_run_of_engine_1_is_refused_with_exit_2_naming_both_versions(recorded, tmp_path,
                                                                       capsys):
    from sim.engine import ENGINE_VERSION

    old = _edit(recorded, tmp_path / "old.jsonl", 0, lambda o: o.update(engine="1.0"))
    assert main(["replay", str(old)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"{old}:1: recorded with engine 1.0, this is engine {ENGINE_VERSION}")


def test_missing_file_and_unknown_scenario_exit_2(recorded, tmp_path, capsys):
    assert main(["replay", str(tmp_path / "absent.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
    odd = _edit(recorded, tmp_path / "odd.jsonl", 0,
                lambda o: o.update(scenario="gone", scenario_sha256="3" * 64))
    assert main(["replay", str(odd)]) == 2
    assert "--scenario FILE" in capsys.readouterr().err


def test_a_header_naming_another_scenario_than_its_hash_is_a_failed_check(recorded, tmp_path,
                                                                          capsys):
    odd = _edit(recorded, tmp_path / "odd.jsonl", 0, lambda o: o.update(scenario="gone"))
    assert main(["replay", str(odd)]) == 1
    err = capsys.readouterr().err
    assert "'gone'" in err and "'agency'" in err


def test_through_the_real_entry_point(recorded, sim_proc):
    done = sim_proc("replay", str(recorded))
    assert done.returncode == 0 and done.stdout.startswith(b"OK ") and done.stderr == b""
