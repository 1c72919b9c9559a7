"""The what-if replays shared between processes give what one process gives, and leave no
process behind."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from sim.debrief import Change, analyse, load_debrief
from sim.debrief.moments import teachable_moments, what_if
from sim.debrief.workers import what_ifs

from .planted import fire, record


@pytest.fixture(scope="module")
def game(tmp_path_factory):
    path = record(tmp_path_factory.mktemp("workers") / "run.jsonl", policy="rule-based",
                  seed=3, overrides=("weeks=16",), plant={4: fire("loyal")})
    return load_debrief(path, bots=False, moments=False).replay


def test_the_moments_are_the_same_with_any_number_of_processes(game):
    steps: list[tuple[int, int]] = []
    alone = teachable_moments(game, jobs=1)
    shared = teachable_moments(game, jobs=2, on_step=lambda k, n: steps.append((k, n)))
    assert alone and shared == alone
    assert teachable_moments(game, jobs=3) == alone
    n = steps[-1][1]
    assert steps[-1] == (n, n) and [k for k, _ in steps] == sorted(k for k, _ in steps)
    assert multiprocessing.active_children() == []


def test_workers_spawned_beside_other_threads_give_the_same_moments(game):
    # the game window analyses in a thread: its workers are spawned, never forked
    alone = teachable_moments(game, jobs=1)
    out: list = []
    t = threading.Thread(target=lambda: out.append(teachable_moments(game, jobs=2)))
    t.start()
    t.join(120)
    assert out == [alone]
    assert multiprocessing.active_children() == []


def test_a_replay_that_fails_raises_as_it_does_in_one_process(game):
    items = [(w, Change("let_go", 0)) for w in (1, 2, 3)] + [(game.weeks + 5, None)]
    with pytest.raises(ValueError) as alone:
        what_ifs(game, items, jobs=1)
    with pytest.raises(ValueError) as shared:
        what_ifs(game, items, jobs=2)
    assert str(shared.value) == str(alone.value)
    assert multiprocessing.active_children() == []
    good = items[:3]
    assert what_ifs(game, good, jobs=2) == ([what_if(game, w, c) for w, c in good], None)


def test_the_bots_played_by_a_worker_are_the_bots_played_here(game):
    alone = analyse(game.params, game.seed, game.decisions, jobs=1)
    stages: list[str] = []
    shared = analyse(game.params, game.seed, game.decisions, jobs=2,
                     progress=lambda stage, f, c: stages.append(stage))
    assert shared.bots == alone.bots and shared.bots.row("oracle") is not None
    assert shared.moments == alone.moments
    assert stages[-1] == "moments" and "bots" in stages
    assert multiprocessing.active_children() == []


def test_the_luck_band_is_the_same_played_by_one_process_or_two():
    from sim.debrief.luck import luck_band
    from sim.scenario import load_scenario

    params = load_scenario("tutorial").params
    alone = luck_band(params, 7, bots=("always-right", "rule-based"), reference_seeds=range(3),
                      known={"rule-based": 1.5}, jobs=1)
    shared = luck_band(params, 7, bots=("always-right", "rule-based"), reference_seeds=range(3),
                       known={"rule-based": 1.5}, jobs=2)
    assert shared == alone and shared.on_seed["rule-based"] == 1.5
    assert multiprocessing.active_children() == []
