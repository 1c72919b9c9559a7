"""The leaderboard over a class folder: good, tampered, truncated, foreign, empty, binary,
huge and linked files; grouping, ranking, pseudonyms only, CSV, the process pool."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from sim.runs.compare import csv_text
from sim.runs.leaderboard import (
    LEADERBOARD_FIELDS,
    build_leaderboard,
    find_files,
    leaderboard_rows,
    render_leaderboard,
)
from sim.runs.verify import MAX_VERIFY_BYTES

from .recording import record, rewrite

_can_link = hasattr(os, "symlink")


@pytest.fixture(scope="module")
def good_runs(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    record(src / "ivan_petrov.jsonl", player="ann", tags=True)  # tags: another game
    record(src / "maria.jsonl", player="bob", policy="always-right")
    record(src / "rb0.jsonl", policy="rule-based")
    record(src / "or0.jsonl", policy="oracle")
    record(src / "or1.jsonl", policy="oracle", seed=1)
    record(src / "tut.jsonl", scenario="tutorial", overrides=(), player="cat")
    return src


@pytest.fixture(scope="module")
def classroom(good_runs, tmp_path_factory) -> Path:
    """A hand-in folder with every kind of file an instructor meets."""
    root = tmp_path_factory.mktemp("class")
    d = root / "handins"
    d.mkdir()
    for f in good_runs.iterdir():
        shutil.copy(f, d / f.name)
    (d / "group-b").mkdir()
    shutil.copy(good_runs / "rb0.jsonl", d / "group-b" / "copied.jsonl")  # the same game
    rewrite(good_runs / "ivan_petrov.jsonl",
            lambda o: (o[-1]["scores"].update(score=250.0), o[0].update(player="mallory")),
            d / "tampered.jsonl")
    rewrite(good_runs / "maria.jsonl",
            lambda o: (o[2]["decisions"].update(hire=1), o[0].update(player="mel")),
            d / "tampered-decision.jsonl")
    data = (good_runs / "rb0.jsonl").read_bytes()
    (d / "truncated.jsonl").write_bytes(data[: len(data) * 2 // 3])
    (d / "empty.jsonl").write_bytes(b"")
    (d / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (d / "notes.csv").write_text("student,score\nann,99\n", encoding="utf-8")
    (d / "records.jsonl").write_text('{"scenario":"agency","seed":0,"final":{}}\n',
                                     encoding="utf-8")
    with open(d / "huge.jsonl", "wb") as f:
        f.truncate(MAX_VERIFY_BYTES + 1)
    (d / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    secret = root / "outside.jsonl"
    shutil.copy(good_runs / "rb0.jsonl", secret)
    if _can_link:
        (d / "link-out.jsonl").symlink_to(secret)
        (d / "link-in.jsonl").symlink_to(d / "or1.jsonl")
        (d / "loop").symlink_to(d)
    return d


def _problems(lb) -> dict[str, str]:
    return {e.file: e.reason for e in lb.problems}


def test_the_classroom_folder(classroom):
    lb = build_leaderboard(classroom, jobs=2)
    groups = {(g.scenario, g.seed): g for g in lb.groups}
    assert set(groups) == {("agency", 0), ("agency", 1), ("tutorial", 0)}
    g0 = groups[("agency", 0)]
    names = [p.entry.player for p in g0.placed]
    assert set(names) == {"ann", "bob", "rule-based (bot)", "oracle (bot)"}
    assert names.count("rule-based (bot)") == 2
    scores = [p.entry.scores["score"] for p in g0.placed]
    assert scores == sorted(scores, reverse=True)
    assert [p.rank for p in g0.placed][0] == 1
    copies = [p for p in g0.placed if p.same_as]
    assert len(copies) == 1 and copies[0].same_as == "rule-based (bot)"
    assert copies[0].rank == [p.rank for p in g0.placed if p.entry.player ==
                              "rule-based (bot)"][0], "the same game ties"
    seed1 = [p.entry.player for p in groups[("agency", 1)].placed]
    assert seed1 == (["oracle (bot)", "oracle (bot)"] if _can_link else ["oracle (bot)"])
    assert [p.entry.player for p in groups[("tutorial", 0)].placed] == ["cat"]

    probs = _problems(lb)
    assert "final score: recorded 250, replay gives" in probs["tampered.jsonl"]
    assert "week 2: digest differs" in probs["tampered-decision.jsonl"]
    assert "unfinished game" in probs["truncated.jsonl"]
    assert "no header" in probs["empty.jsonl"]
    assert "not valid JSON" in probs["binary.bin"] and "not valid JSON" in probs["notes.csv"]
    assert "first line must be the header" in probs["records.jsonl"]
    assert "cap" in probs["huge.jsonl"]
    assert ".DS_Store" not in probs
    if _can_link:
        assert "symlink out of the folder" in probs["link-out.jsonl"]
        assert "symlink to a folder" in probs["loop"]
    assert all(r.startswith(f) or f in r for f, r in probs.items())
    assert lb.exit_code == 1


def test_one_process_and_two_agree(classroom):
    one = build_leaderboard(classroom, jobs=1)
    two = build_leaderboard(classroom, jobs=2)
    assert render_leaderboard(one) == render_leaderboard(two)


def test_a_broken_pool_finishes_in_this_process(classroom, monkeypatch):
    import sim.runs.leaderboard as lbm

    class Broken(lbm.ProcessPoolExecutor):
        def map(self, *args, **kwargs):
            raise lbm.BrokenProcessPool("no workers today")

    expected = render_leaderboard(build_leaderboard(classroom, jobs=1))
    monkeypatch.setattr(lbm, "ProcessPoolExecutor", Broken)
    assert render_leaderboard(build_leaderboard(classroom, jobs=2)) == expected


def test_a_pool_broken_half_way_finishes_in_this_process_in_order(classroom, monkeypatch):
    import sim.runs.leaderboard as lbm

    class HalfBroken(lbm.ProcessPoolExecutor):
        def map(self, fn, chunks, **kwargs):
            for chunk in list(chunks)[:2]:  # two tasks done, then the workers die
                yield fn(chunk)
            raise lbm.BrokenProcessPool("a worker died")

    expected = render_leaderboard(build_leaderboard(classroom, jobs=1))
    monkeypatch.setattr(lbm, "ProcessPoolExecutor", HalfBroken)
    monkeypatch.setattr(lbm, "POOL_MIN_FILES", 2)
    for size in (1, 2, 3):
        monkeypatch.setattr(lbm, "chunk_size", lambda files, jobs, size=size: size)
        assert render_leaderboard(build_leaderboard(classroom, jobs=2)) == expected


def test_tasks_are_smaller_in_a_small_folder():
    from sim.runs.leaderboard import CHUNK, TASKS_PER_WORKER, chunk_size

    assert chunk_size(0, 2) == chunk_size(5, 2) == chunk_size(12, 0) == 1
    assert chunk_size(100, 2) == 100 // (2 * TASKS_PER_WORKER) < CHUNK
    assert chunk_size(500, 2) == chunk_size(2000, 1) == CHUNK


def test_the_ranking_shows_pseudonyms_only(classroom):
    lb = build_leaderboard(classroom, jobs=1)
    text = render_leaderboard(lb)
    ranking, _, not_ranked = text.partition("Not ranked")
    assert "ann" in ranking and "ivan_petrov" not in ranking and "maria" not in ranking
    assert "ivan_petrov" not in text  # a verified file is never named
    assert "tampered.jsonl" in not_ranked
    rows = list(csv.DictReader(io.StringIO(csv_text(leaderboard_rows(lb),
                                                    LEADERBOARD_FIELDS))))
    ranked = [r for r in rows if r["rank"]]
    assert ranked and all(r["file"] == "" and r["reason"] == "" for r in ranked)
    assert {r["player"] for r in ranked} >= {"ann", "bob", "cat"}
    others = [r for r in rows if not r["rank"]]
    assert {r["file"] for r in others} >= {"tampered.jsonl", "empty.jsonl", "huge.jsonl"}
    assert all(r["reason"] and r["status"] for r in others)


def test_ties_share_a_rank(good_runs, tmp_path):
    for name in ("a", "b"):
        rewrite(good_runs / "rb0.jsonl", lambda o, n=name: o[0].update(policy=n),
                tmp_path / f"{name}.jsonl")
    shutil.copy(good_runs / "or0.jsonl", tmp_path)
    lb = build_leaderboard(tmp_path, jobs=1)
    placed = lb.groups[0].placed
    ranks = {p.entry.player: p.rank for p in placed}
    assert ranks["a (bot)"] == ranks["b (bot)"]
    assert sorted(ranks.values()) in ([1, 1, 3], [1, 2, 2])
    assert lb.exit_code == 0


def test_a_cap_on_the_number_of_files(good_runs, tmp_path):
    for i in range(5):
        shutil.copy(good_runs / "rb0.jsonl", tmp_path / f"r{i}.jsonl")
    files, skipped = find_files(tmp_path, max_files=3)
    assert [r for _, r in files] == ["r0.jsonl", "r1.jsonl", "r2.jsonl"]
    assert len(skipped) == 1 and "2 more file(s) not read: the cap is 3 files" in \
        skipped[0].reason
    lb = build_leaderboard(tmp_path, max_files=3, jobs=1)
    assert lb.ranked == 3 and lb.exit_code == 1


def test_folders_deeper_than_the_cap_are_not_read(good_runs, tmp_path):
    deep = tmp_path / "a" / "b" / "c" / "d" / "e"
    deep.mkdir(parents=True)
    shutil.copy(good_runs / "rb0.jsonl", deep / "lost.jsonl")
    shutil.copy(good_runs / "rb0.jsonl", tmp_path / "a" / "b" / "found.jsonl")
    files, skipped = find_files(tmp_path)
    assert [r for _, r in files] == ["a/b/found.jsonl"]
    assert [e.reason for e in skipped] == ["a/b/c/d: a folder more than 4 levels deep: not read"]


def test_not_a_folder(tmp_path):
    with pytest.raises(NotADirectoryError):
        build_leaderboard(tmp_path / "absent")


def test_a_hostile_player_name_cannot_break_the_table(good_runs, tmp_path):
    rewrite(good_runs / "ivan_petrov.jsonl",
            lambda o: o[0].update(player="\x1b[2J\r\nрекорд " + "x" * 500), tmp_path / "a.jsonl")
    text = render_leaderboard(build_leaderboard(tmp_path, jobs=1))
    assert "\x1b" not in text and "\r" not in text
    assert max(len(line) for line in text.splitlines()) < 160
    assert "рекорд" in text


def test_the_same_overrides_written_differently_share_a_group(tmp_path):
    """Two students who typed `--set weeks=6 --set firm.fixed_costs=2500` in another order or
    spelling played the same game and must be ranked against each other."""
    d = tmp_path / "class"
    d.mkdir()
    record(d / "a.jsonl", overrides=("weeks=6", "firm.fixed_costs=2500"), player="ann")
    record(d / "b.jsonl", overrides=("firm.fixed_costs = 2500.0", "weeks=6"),
           policy="always-right", player="bob")
    record(d / "c.jsonl", overrides=("weeks=6",), player="cid")  # another game
    lb = build_leaderboard(d, jobs=1)
    assert not lb.problems
    sizes = sorted(len(g.placed) for g in lb.groups)
    assert sizes == [1, 2]
    pair = next(g for g in lb.groups if len(g.placed) == 2)
    assert pair.overrides == ("firm.fixed_costs=2500", "weeks=6")
    assert {p.entry.player for p in pair.placed} == {"ann", "bob"}
