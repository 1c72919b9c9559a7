"""Run files: written by ``sim run --record``, read back, replayed digest by digest; torn and
damaged files (DESIGN §3, §7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sim.runs.runfile as rf
from sim.cli import main
from sim.engine import ENGINE_VERSION, Decisions, final_scores, new_game, state_digest, step
from sim.runs.runfile import RunFileError, RunWriter, make_header, read_run
from sim.runs.sweep import record_name
from sim.scenario import load_scenario

DIGEST = "ab" * 32


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """Run files of two bots over two seeds, recorded through the CLI."""
    folder = tmp_path_factory.mktemp("record")
    for policy, jobs in (("rule-based", "2"), ("oracle", "1")):
        assert main(["run", "agency", "--policy", policy, "--seeds", "0:2", "--jobs", jobs,
                     "--record", str(folder), "--out", str(folder / f"{policy}.jsonl")]) == 0
    return folder


def _run_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("agency-*-seed*.jsonl"))
    assert len(files) == 4
    return files


def test_header_names_versions_scenario_seed_and_policy(recorded):
    sc = load_scenario("agency")
    data = read_run(recorded / record_name("agency", "oracle", 1))
    h = data.header
    assert h["type"] == "header" and h["format"] == rf.FORMAT
    assert h["engine"] == ENGINE_VERSION and h["numpy"] and h["python"]
    assert (h["scenario"], h["scenario_sha256"]) == (sc.id, sc.sha256)
    assert (h["seed"], h["policy"], h["overrides"]) == (1, "oracle", [])
    assert "player" not in h
    assert data.complete and not data.torn


def test_replay_from_new_game_matches_every_digest(recorded):
    for path in _run_files(recorded):
        data = read_run(path)
        params = load_scenario(data.header["scenario"], data.header["overrides"]).params
        st = new_game(params, data.header["seed"])
        for entry in data.weeks:
            st, _ = step(st, entry.decisions)
            assert state_digest(st) == entry.digest, f"{path.name}: week {entry.week}"
        assert st.over and len(data.weeks) == st.week - 1
        assert final_scores(st) == data.final


def test_final_scores_match_the_out_record(recorded):
    records = [json.loads(line) for line in
               (recorded / "rule-based.jsonl").read_text(encoding="utf-8").splitlines()]
    for rec in records:
        data = read_run(recorded / record_name("agency", "rule-based", rec["seed"]))
        assert data.final == rec["final"]
        assert len(data.weeks) == rec["weeks"]


def test_decisions_round_trip_through_from_dict(recorded):
    path = _run_files(recorded)[0]
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    weeks = [r for r in raw if r["type"] == "week"]
    assert any(w["decisions"] for w in weeks), "a bot decides something in a year"
    for line, entry in zip(weeks, read_run(path).weeks, strict=True):
        assert entry.decisions == Decisions.from_dict(line["decisions"])
        assert entry.decisions.to_dict() == line["decisions"]


# --- damage ----------------------------------------------------------------------------


def _write(tmp_path: Path, lines: list[dict], tail: bytes = b"") -> Path:
    path = tmp_path / "run.jsonl"
    header = make_header(scenario="agency", scenario_sha256="0" * 64, seed=3, player="ann")
    path.write_bytes(b"".join(rf.encode_line(x) for x in [header, *lines]) + tail)
    return path


def _week(w: int, **decisions) -> dict:
    return {"type": "week", "week": w, "decisions": decisions, "digest": DIGEST}


def test_torn_last_line_is_dropped(tmp_path):
    full = rf.encode_line(_week(3))
    for cut in (1, len(full) // 2, len(full) - 1):  # the newline never made it
        path = _write(tmp_path, [_week(1), _week(2, hire=1)], full[:cut])
        data = read_run(path)
        assert data.torn and not data.complete
        assert [w.week for w in data.weeks] == [1, 2]
        assert data.weeks[1].decisions == Decisions(hire=1)


def test_invalid_json_with_newline_at_the_very_end_is_torn(tmp_path):
    data = read_run(_write(tmp_path, [_week(1)], b'{"type":"we\x00\n'))
    assert data.torn and len(data.weeks) == 1


def test_a_whole_file_reads_untorn(tmp_path):
    path = _write(tmp_path, [_week(1), {"type": "final", "scores": {"score": 1.5}}])
    data = read_run(path)
    assert not data.torn and data.final == {"score": 1.5} and data.header["player"] == "ann"


def test_garbage_in_the_middle_is_an_error(tmp_path):
    path = _write(tmp_path, [_week(1)])
    lines = path.read_bytes().splitlines(keepends=True)
    garbage = b"".join([lines[0], b"this is not json\n", lines[1]])
    path.write_bytes(garbage)
    with pytest.raises(RunFileError, match=r"run\.jsonl:2: not valid JSON"):
        read_run(path)


@pytest.mark.parametrize(("lines", "message"), [
    ([_week(2)], "expected week 1, found 2"),
    ([_week(1), _week(1)], "expected week 2, found 1"),
    ([_week(1), {"type": "final", "scores": {}}, _week(2)], "after the final"),
    ([{"type": "lap", "week": 1}], "unknown line type 'lap'"),
    ([{"type": "week", "week": 1, "decisions": {}, "digest": "nope"}], "digest"),
    ([_week(1, let_go="everyone")], "week 1: malformed decisions"),
    ([_week(1, bribe=5)], "unknown decision field"),
    ([[1, 2, 3]], "expected a JSON object"),
])
def test_damage_before_the_end_is_an_error(tmp_path, lines, message):
    path = _write(tmp_path, [*lines, _week(9)])  # the damaged line is never the last one
    with pytest.raises(RunFileError, match=message):
        read_run(path)


def test_header_problems(tmp_path):
    path = tmp_path / "run.jsonl"
    path.write_bytes(rf.encode_line(_week(1)) + rf.encode_line(_week(2)))
    with pytest.raises(RunFileError, match=":1: the first line must be the header"):
        read_run(path)
    header = make_header(scenario="a", scenario_sha256="0" * 64, seed=1, policy="random")
    for bad in ({"format": 99}, {"seed": -1}, {"seed": True}, {"overrides": "x"},
                {"player": "both"}, {"scenario": None}):
        path.write_bytes(rf.encode_line({**header, **bad}) + rf.encode_line(_week(1)))
        with pytest.raises(RunFileError, match=":1: "):
            read_run(path)


def test_empty_missing_and_torn_header(tmp_path):
    path = tmp_path / "run.jsonl"
    path.write_bytes(b"")
    with pytest.raises(RunFileError, match="no header"):
        read_run(path)
    path.write_bytes(b'{"type":"hea')
    with pytest.raises(RunFileError, match="first line is torn"):
        read_run(path)
    with pytest.raises(RunFileError, match="cannot read"):
        read_run(tmp_path / "absent.jsonl")


def test_hostile_files_are_refused_without_exhausting_memory(tmp_path, monkeypatch):
    path = _write(tmp_path, [_week(1), _week(2)])
    monkeypatch.setattr(rf, "MAX_FILE_BYTES", path.stat().st_size - 1)
    with pytest.raises(RunFileError, match="over the .*-byte cap"):
        read_run(path)
    monkeypatch.undo()
    long_line = b'{"type":"week","pad":"' + b"x" * (rf.MAX_LINE_BYTES + 10) + b'"}\n'
    path.write_bytes(path.read_bytes() + long_line + rf.encode_line(_week(3)))
    with pytest.raises(RunFileError, match=":4: line longer than"):
        read_run(path)
    deep = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    dup = b'{"type":"week","week":1,"week":2,"decisions":{},"digest":"' + DIGEST.encode() + b'"}\n'
    nan = b'{"type":"final","scores":{"score":NaN}}\n'
    for bad in (deep, dup, nan):
        path = _write(tmp_path, [])
        path.write_bytes(path.read_bytes() + bad + rf.encode_line(_week(1)))
        with pytest.raises(RunFileError, match=":2: not valid JSON"):
            read_run(path)


# --- the writer ------------------------------------------------------------------------


def _header() -> dict:
    return make_header(scenario="agency", scenario_sha256="0" * 64, seed=0, policy="random")


def test_writer_refuses_to_overwrite_and_keeps_weeks_in_order(tmp_path):
    path = tmp_path / "run.jsonl"
    with RunWriter(path, _header()) as w:
        w.write_week(1, Decisions(), DIGEST)
        with pytest.raises(ValueError, match="expected week 2"):
            w.write_week(3, Decisions(), DIGEST)
    with pytest.raises(FileExistsError):
        RunWriter(path, _header())
    RunWriter(path, _header(), overwrite=True).close()
    assert len(path.read_bytes().splitlines()) == 1


def test_writer_lines_end_with_newline_and_numpy_values_are_plain(tmp_path):
    import numpy as np

    path = tmp_path / "run.jsonl"
    with RunWriter(path, _header(), durable=False) as w:
        w.write_week(1, Decisions(overtime={np.int64(2): np.float64(3.5)}, hire=np.int64(1)),
                     DIGEST)
    assert path.read_bytes().endswith(b"\n")
    assert read_run(path).weeks[0].decisions == Decisions(overtime={2: 3.5}, hire=1)


def test_header_needs_a_policy_or_a_player():
    with pytest.raises(ValueError):
        make_header(scenario="a", scenario_sha256="0", seed=0)
    with pytest.raises(ValueError):
        make_header(scenario="a", scenario_sha256="0", seed=0, policy="p", player="q")


def test_resume_cuts_the_torn_line_and_appends(tmp_path):
    path = tmp_path / "run.jsonl"
    with RunWriter(path, _header()) as w:
        w.write_week(1, Decisions(), DIGEST)
        w.write_week(2, Decisions(hire=1), DIGEST)
    with open(path, "ab") as f:
        f.write(rf.encode_line(_week(3))[:10])  # a crash in the middle of week 3
    writer, data = RunWriter.resume(path)
    with writer:
        assert data.torn and len(data.weeks) == 2 and writer.next_week == 3
        writer.write_week(3, Decisions(), DIGEST)
        writer.write_final({"score": 1.0})
    data = read_run(path)
    assert not data.torn and data.complete and [w.week for w in data.weeks] == [1, 2, 3]
    with pytest.raises(RunFileError, match="already finished"):
        RunWriter.resume(path)
