"""Verification by replay: a recorded game replays to identical digests; any change to a
decision, a digest, a score or the header is found and named; damaged, cut, foreign and
hostile files give a reason, never an exception (DESIGN §3, §6, §7)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import sim.runs.verify as verify_mod
from sim.engine import ENGINE_VERSION, Decisions
from sim.runs.runfile import RunFileError, RunWriter, read_run
from sim.runs.verify import (
    MISMATCH,
    OK,
    SCENARIO,
    UNFINISHED,
    UNREADABLE,
    ScenarioBook,
    verify_run,
)
from sim.scenario import resolve_scenario

from .recording import lines, record, rewrite


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """A month of agency, played by rule-based under a player's name, with type tags."""
    return record(tmp_path_factory.mktemp("good") / "ann.jsonl", player="ann", tags=True)


@pytest.fixture
def copy(good, tmp_path) -> Path:
    return Path(shutil.copy(good, tmp_path / "run.jsonl"))


def test_a_recorded_game_replays_to_identical_digests(good):
    v = verify_run(good, keep=True)
    assert v.status == OK and v.ok and v.complete and v.exit_code == 0, v.reason
    assert v.weeks_played == v.game_weeks == 4 and len(v.reports) == 4
    assert v.scores == v.data.final and v.state_end == "finished"
    assert v.state is not None and v.notes == []
    assert "ann" in v.summary() and "every digest and the final scores match" in v.summary()


def test_a_year_of_every_bot_replays(tmp_path):
    for policy in ("rule-based", "oracle", "always-right", "random"):
        path = record(tmp_path / f"{policy}.jsonl", overrides=(), policy=policy, seed=5)
        v = verify_run(path)
        assert v.status == OK, v.reason


def _add_hire(week: int):
    def change(objs: list[dict]) -> None:
        objs[week]["decisions"]["hire"] = 1
    return change


@pytest.mark.parametrize("week", [1, 2, 3, 4])
def test_a_changed_decision_is_found_at_its_week(copy, week):
    rewrite(copy, _add_hire(week))
    v = verify_run(copy)
    assert v.status == MISMATCH and v.week == week and v.exit_code == 1
    assert f"run.jsonl:{week + 1}: week {week}: digest differs" in v.reason
    assert f"the decisions of week {week} do not lead to the recorded state" in v.reason


def test_every_kind_of_decision_change_is_found(good, tmp_path):
    """Flip each recorded decision of the game, one at a time; each flip is found."""
    objs = lines(good)
    flips = []
    for w, obj in enumerate(objs[1:-1], start=1):
        d = obj["decisions"]
        for cid, manner in d.get("let_go", {}).items():
            flips.append((w, ("let_go", cid), "blunt" if manner != "blunt" else "polite"))
        for cid, terms in d.get("terms", {}).items():
            flips.append((w, ("terms", cid), {**terms, "prepay": not terms["prepay"]}))
        for cid, accept in d.get("leads", {}).items():
            flips.append((w, ("leads", cid), not accept))
        for cid, tag in d.get("tags", {}).items():
            flips.append((w, ("tags", cid), {**tag, "confidence": 0.1}))
    kinds = {key[0] for _, key, _ in flips}
    assert {"terms", "tags"} <= kinds, "the fixture game should decide something"
    for n, (week, (part, cid), value) in enumerate(flips):
        def change(o, week=week, part=part, cid=cid, value=value):
            o[week]["decisions"][part][cid] = value
        path = rewrite(good, change, tmp_path / f"flip{n}.jsonl")
        v = verify_run(path)
        assert v.status == MISMATCH and v.week == week, (part, cid, v.reason)


def test_a_decision_that_cannot_apply_is_named(copy):
    rewrite(copy, lambda o: o[2]["decisions"].update(let_go={"9999": "polite"}))
    v = verify_run(copy)
    assert v.status == MISMATCH and v.week == 2
    assert "week 2: the recorded decisions cannot apply" in v.reason


def test_a_changed_digest_is_found(copy):
    rewrite(copy, lambda o: o[3].update(digest="0" * 64))
    v = verify_run(copy)
    assert v.status == MISMATCH and v.week == 3 and ":4: week 3: digest differs" in v.reason


@pytest.mark.parametrize("key", ["cash", "profit", "revenue", "morale", "reputation",
                                 "terminal_value", "long_term_profit", "score"])
def test_every_changed_score_is_found(copy, key):
    recorded = lines(copy)[-1]["scores"][key]
    rewrite(copy, lambda o: o[-1]["scores"].update({key: recorded + 9.1}))
    v = verify_run(copy)
    assert v.status == MISMATCH and v.week is None
    label = "final score" if key == "score" else f"final.{key}"
    assert f"run.jsonl:6: {label}: recorded {recorded + 9.1:g}, replay gives {recorded:g}" \
        in v.reason


def test_missing_extra_and_mistyped_scores_are_found(copy, tmp_path):
    for n, change in enumerate([
        lambda s: s.pop("morale"),
        lambda s: s.update(bonus=1.0),
        lambda s: s.update(score=str(s["score"])),
        lambda s: s.update(score=True),
    ]):
        path = rewrite(copy, lambda o, c=change: c(o[-1]["scores"]), tmp_path / f"s{n}.jsonl")
        v = verify_run(path)
        assert v.status == MISMATCH and "final" in v.reason, v.reason


def test_a_changed_header_is_found(copy, tmp_path):
    for n, (field, value, expect) in enumerate([
        ("seed", 1, "week 1: digest differs"),
        ("overrides", ["weeks=4", "firm.price_per_hour=95"], "week 1: digest differs"),
        ("overrides", ["weeks=5"], "week 4: digest differs"),  # the game is not over
        ("overrides", ["weeks=3"], "week 3: digest differs"),  # the game is over
        ("scenario_sha256", "1" * 64, "scenario changed"),
        ("scenario", "no-such-scenario", "the header names scenario 'no-such-scenario', but"),
        ("scenario", "../../etc/passwd", "the header names scenario '../../etc/passwd', but"),
        ("overrides", ["nonsense.path=1"], "the recorded overrides do not apply"),
        ("format", 2, "unsupported run file format 2 (this version reads 1)"),
    ]):
        path = rewrite(copy, lambda o, f=field, x=value: o[0].update({f: x}),
                       tmp_path / f"h{n}.jsonl")
        v = verify_run(path)
        assert not v.ok and expect in v.reason, (field, value, v.reason)
        assert v.reason.startswith(str(path))


def test_final_scores_before_the_end_are_found(tmp_path):
    path = record(tmp_path / "five.jsonl", overrides=("weeks=5",))
    rewrite(path, lambda o: o.pop(5))  # week 5 dropped, the final line kept
    v = verify_run(path)
    assert v.status == MISMATCH
    assert "five.jsonl:6: final scores after week 4, but the game lasts 5 weeks" in v.reason
    path = record(tmp_path / "three.jsonl", overrides=("weeks=3",))
    rewrite(path, lambda o: o.insert(4, {**o[3], "week": 4}))
    v = verify_run(path)
    assert v.status == MISMATCH and v.week == 4
    assert "three.jsonl:5: week 4: recorded after the game ended in week 3" in v.reason


def test_scenario_changed_is_a_failed_check_and_missing_is_unreadable(copy, tmp_path):
    path = rewrite(copy, lambda o: o[0].update(scenario_sha256="1" * 64), tmp_path / "a.jsonl")
    assert (verify_run(path).status, verify_run(path).exit_code) == (SCENARIO, 1)
    path = rewrite(copy, lambda o: o[0].update(scenario="nope", scenario_sha256="2" * 64),
                   tmp_path / "b.jsonl")
    assert (verify_run(path).status, verify_run(path).exit_code) == (UNREADABLE, 2)
    # found by its hash, but the header names another scenario: a failed check naming both
    path = rewrite(copy, lambda o: o[0].update(scenario="nope"), tmp_path / "c.jsonl")
    v = verify_run(path)
    assert (v.status, v.exit_code) == (SCENARIO, 1)
    assert "'nope'" in v.reason and "'agency'" in v.reason


def test_another_minor_engine_version_replays_with_a_note(copy):
    minor = ENGINE_VERSION.split(".")[0] + ".99"  # the same model: the replay decides
    rewrite(copy, lambda o: o[0].update(engine=minor, numpy="1.0.0"))
    v = verify_run(copy)
    note = (f"recorded with engine {minor}, this is engine {ENGINE_VERSION}; "
            f"recorded with numpy 1.0.0, this is numpy {np.__version__}")
    assert v.status == OK and v.notes == [note]
    rewrite(copy, _add_hire(2))
    v = verify_run(copy)
    assert v.status == MISMATCH and v.reason.endswith(f"({note})")


@pytest.mark.parametrize("engine", ["1.0", "2.0", "4.0", "", "two"])
def test_a_run_of_another_major_engine_version_is_refused_naming_both(copy, engine):
    rewrite(copy, lambda o: o[0].update(engine=engine))
    v = verify_run(copy)
    assert (v.status, v.exit_code) == (UNREADABLE, 2)
    assert v.reason.startswith(f"{copy}:1: recorded with engine {engine}, this is engine "
                               f"{ENGINE_VERSION}: the model changed")
    assert "docs/run-files.md" in v.reason and v.weeks_played == 0


def test_the_game_does_not_continue_a_save_of_another_major_engine_version(copy):
    from sim.ui.session import ResumeError, Session

    def unfinished_of_engine_1(objs: list[dict]) -> None:
        objs.pop()  # the final line: a save to continue
        objs[0]["engine"] = "1.0"

    rewrite(copy, unfinished_of_engine_1)
    with pytest.raises(ResumeError, match=f"recorded with engine 1.0, this is engine "
                                          f"{ENGINE_VERSION}"):
        Session.resume(copy)


def test_an_instructors_own_scenario_is_found_by_its_hash(tmp_path):
    own = tmp_path / "studio.yaml"
    own.write_bytes(resolve_scenario("tutorial").read_bytes() + b"\n# our class\n")
    path = record(tmp_path / "run.jsonl", scenario=str(own), overrides=())
    assert read_run(path).header["scenario"] == "studio"
    assert verify_run(path).status == UNREADABLE
    assert "give its file with --scenario FILE" in verify_run(path).reason
    v = verify_run(path, book=ScenarioBook([str(own)]))
    assert v.status == OK, v.reason
    # the game records the file it was played from; one's own tools may follow it
    rewrite(path, lambda o: o[0].update(scenario_path=str(own)))
    assert verify_run(path).status == UNREADABLE, "not by default (the leaderboard)"
    assert verify_run(path, book=ScenarioBook(header_paths=True)).status == OK
    own.write_bytes(own.read_bytes() + b"# edited later\n")
    v = verify_run(path, book=ScenarioBook([str(own)]))
    assert v.status == SCENARIO and "scenario changed" in v.reason


# --- cut, damaged and hostile files ---------------------------------------------------------


def test_a_file_cut_at_every_byte_resumes_or_fails_clearly(good, tmp_path):
    data = good.read_bytes()
    ends = {i + 1 for i, b in enumerate(data) if b == ord("\n")}
    n_lines = len(ends)
    path = tmp_path / "cut.jsonl"
    book = ScenarioBook()  # the scenario is loaded once
    with open(path, "wb") as f:  # one handle: reopening for each cut is the slow part
        for cut in range(len(data) + 1):
            f.seek(0)
            f.truncate()
            f.write(data[:cut])
            f.flush()
            _check_cut(path, cut, ends, n_lines, book)


def _check_cut(path: Path, cut: int, ends: set[int], n_lines: int, book: ScenarioBook) -> None:
    try:
        run = read_run(path)
    except RunFileError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        assert cut < min(ends), f"cut at {cut}: {exc}"  # only a cut header fails
        return
    whole = sum(1 for e in ends if e <= cut)
    assert run.torn == (cut not in ends), cut
    assert 1 + len(run.weeks) + (run.final is not None) == whole, cut
    assert run.complete == (whole == n_lines)
    if cut in ends or cut - 1 in ends or cut + 1 in ends:
        v = verify_run(path, book=book)  # every replay of a prefix is consistent
        assert v.status == (OK if run.complete else UNFINISHED), (cut, v.reason)


def test_resume_after_a_cut_and_play_on_gives_the_same_file(good, tmp_path):
    """The save game: cut mid-line, resume (the torn line is cut off), append the rest."""
    data = good.read_bytes()
    ends = [i + 1 for i, b in enumerate(data) if b == ord("\n")]
    full = read_run(good)
    for k in range(1, len(ends) - 1):  # the header and k-1 weeks, then half a line
        path = tmp_path / f"resume{k}.jsonl"
        path.write_bytes(data[: ends[k - 1] + (ends[k] - ends[k - 1]) // 2])
        writer, run = RunWriter.resume(path)
        with writer:
            for entry in full.weeks[len(run.weeks):]:
                writer.write_week(entry.week, entry.decisions, entry.digest)
            writer.write_final(full.final)
        assert path.read_bytes() == data
        assert verify_run(path).status == OK


def test_damage_before_the_last_line_is_unreadable(copy):
    raw = copy.read_bytes().splitlines(keepends=True)
    copy.write_bytes(b"".join([raw[0], raw[1][:20] + b"\n", *raw[2:]]))
    v = verify_run(copy)
    assert v.status == UNREADABLE and v.exit_code == 2 and "run.jsonl:2: not valid JSON" in v.reason


def test_a_removed_or_repeated_week_is_unreadable(copy, tmp_path):
    path = rewrite(copy, lambda o: o.pop(2), tmp_path / "gap.jsonl")
    assert "expected week 2, found 3" in verify_run(path).reason
    path = rewrite(copy, lambda o: o.insert(2, dict(o[1])), tmp_path / "twice.jsonl")
    assert "expected week 2, found 1" in verify_run(path).reason


@pytest.mark.parametrize(("content", "expect"), [
    (b"", "no header"),
    (b"\x00\xff\xfe binary \x89PNG\r\n\x1a\n" * 40, "not valid JSON"),
    (b"seed,score\n0,98.9\n1,77.0\n", "not valid JSON"),
    (b'{"scenario":"agency","seed":0,"final":{}}\n{"scenario":"agency","seed":1}\n',
     "the first line must be the header"),
    (b"[1,2,3]\n", "expected a JSON object"),
    (b"\xef\xbb\xbf" + b'{"type":"header"}\n', "its first line is torn"),
    (b"\xff\xfe{\x00}\x00\n\x00", "not valid JSON (not UTF-8 text)"),
])
def test_foreign_files_are_unreadable_with_a_reason(tmp_path, content, expect):
    path = tmp_path / "handin.jsonl"
    path.write_bytes(content)
    v = verify_run(path)
    assert v.status == UNREADABLE and expect in v.reason, v.reason
    assert "\n" not in v.reason


def test_a_long_quoted_value_makes_a_short_reason(copy):
    raw = copy.read_bytes().splitlines(keepends=True)
    copy.write_bytes(raw[0] + b'{"type":"\\u001b' + b"x" * 100_000 + b'"}\n' + raw[1])
    v = verify_run(copy)
    assert v.status == UNREADABLE and "unknown line type" in v.reason
    assert len(v.reason) <= verify_mod.MAX_REASON and "\x1b" not in v.reason


def test_missing_folder_and_special_paths(tmp_path):
    assert "no such file" in verify_run(tmp_path / "absent.jsonl").reason
    assert "not a regular file" in verify_run(tmp_path).reason
    if hasattr(os, "mkfifo") and sys.platform != "win32":
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        assert "not a regular file" in verify_run(fifo).reason  # and does not block


def test_huge_files_are_refused_before_reading(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as f:
        f.truncate(verify_mod.MAX_VERIFY_BYTES + 1)  # sparse: costs no disk
    v = verify_run(path)
    assert v.status == UNREADABLE and "over the" in v.reason and "cap" in v.reason


def test_more_weeks_than_any_game_are_refused(copy, monkeypatch):
    monkeypatch.setattr(verify_mod, "MAX_WEEKS", 2)
    v = verify_run(copy)
    assert v.status == UNREADABLE and "more than 2 weeks" in v.reason


def test_an_unfinished_game_matches_so_far(copy):
    raw = copy.read_bytes().splitlines(keepends=True)
    copy.write_bytes(b"".join(raw[:3]) + raw[3][:15])
    v = verify_run(copy)
    assert v.status == UNFINISHED and v.ok and not v.complete and v.exit_code == 0
    assert v.weeks_played == 2 and v.data.torn
    assert "unfinished game, 2 of 4 weeks replayed" in v.summary()
    assert "torn last line dropped" in v.summary()


def test_a_stranger_s_strings_are_printed_safely(copy):
    rewrite(copy, lambda o: o[0].update(player="\x1b[31mEVE\nline" + "x" * 200))
    v = verify_run(copy)
    assert v.status == OK
    text = v.summary()
    assert "\x1b" not in text and "\n" not in text and "\\x1b[31mEVE\\x0aline" in text


def test_decisions_round_trip_is_what_is_replayed(good):
    run = read_run(good)
    assert all(isinstance(w.decisions, Decisions) for w in run.weeks)
    assert any(w.decisions.tags for w in run.weeks)
