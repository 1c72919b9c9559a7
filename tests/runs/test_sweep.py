"""Sweeps: chunks of seeds, workers that load the scenario themselves, run-file names, and
the progress line (stderr only)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.runs.progress import MIN_RUNS, Progress
from sim.runs.sweep import (
    MAX_CHUNK,
    ScenarioChanged,
    SweepSpec,
    chunk_seeds,
    out_line,
    record_name,
    sweep,
)
from sim.scenario import load_scenario, resolve_scenario


@given(st.integers(0, 5000), st.integers(1, 64))
def test_chunks_cover_the_seeds_in_order(n, jobs):
    seeds = range(7, 7 + n)
    chunks = chunk_seeds(seeds, jobs)
    assert [s for c in chunks for s in c] == list(seeds)
    assert all(1 <= len(c) <= MAX_CHUNK for c in chunks)
    assert len(chunks) >= min(n, jobs)  # every process gets work when there is enough


def test_record_names_are_safe_on_every_platform():
    name = record_name("agency", "my.bots:decide/v2", 12)
    assert name == "agency-my.bots_decide_v2-seed12.jsonl"
    assert record_name("agency", "rule-based", 0) == "agency-rule-based-seed0.jsonl"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_for_long_sweeps():
    assert not Progress(10_000, io.StringIO()).enabled  # a pipe or a log: never
    assert not Progress(MIN_RUNS, _Tty()).enabled       # short: it would only flicker
    tty = _Tty()
    bar = Progress(MIN_RUNS + 1, tty)
    assert bar.enabled
    bar.update(MIN_RUNS + 1)
    assert tty.getvalue().startswith("\r") and f"{MIN_RUNS + 1}/{MIN_RUNS + 1} runs" in \
        tty.getvalue()
    bar.close()
    assert tty.getvalue().endswith("\r") and "\n" not in tty.getvalue()


def _spec(path: Path, sha: str, **kw) -> SweepSpec:
    return SweepSpec(scenario_path=str(path), scenario_id="agency", sha256=sha,
                     overrides=("weeks=5",), policy="rule-based", **kw)


def test_spawned_workers_load_the_scenario_and_match_one_process(tmp_path):
    sc = load_scenario("agency", ["weeks=5"])
    spec = _spec(sc.path, sc.sha256)
    seeds = range(0, 6)
    here = [out_line(o) for o in sweep(spec, seeds, jobs=1)]
    # spawn: fresh interpreters that inherit nothing, as on Windows and macOS
    there = [out_line(o) for o in sweep(spec, seeds, jobs=2, mp_context="spawn")]
    assert here == there and all(line.endswith(b"\n") for line in here)


def test_a_sweep_gives_one_typed_summary_per_seed_with_its_record_only_if_asked():
    sc = load_scenario("agency", ["weeks=5"])
    with_lines = list(sweep(_spec(sc.path, sc.sha256), range(3, 6)))
    scores_only = list(sweep(_spec(sc.path, sc.sha256, lines=False), range(3, 6)))
    assert [s.seed for s in with_lines] == [3, 4, 5] == [s.seed for s in scores_only]
    for full, short in zip(with_lines, scores_only, strict=True):
        assert short.run is None and full.run is not None
        assert full.final == short.final == full.run["final"]
        assert full.end == short.end == full.run["end"] and not full.bankrupt
        assert full.run["seed"] == full.seed
    with pytest.raises(ValueError, match="without its --out record"):
        out_line(scores_only[0])


def test_a_scenario_that_changed_under_the_sweep_is_refused(tmp_path):
    copy = tmp_path / "agency.yaml"
    copy.write_bytes(resolve_scenario("agency").read_bytes())
    with pytest.raises(ScenarioChanged, match="changed while the runs were playing"):
        list(sweep(_spec(copy, "0" * 64), range(2)))
