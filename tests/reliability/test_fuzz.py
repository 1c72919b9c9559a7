"""Fuzzing the untrusted inputs: scenario files, run files and command lines.

The cores live in :mod:`tests.reliability.fuzz` (the table in docs/reliability.md runs the
same ones at a bigger size). Hypothesis draws the inputs directly (text) or the seed of a
mutation of a real file; every input must end in a valid result or the clean error.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as hs

from sim.engine import final_scores, new_game, observe, state_digest, step
from sim.policies import make_policy
from sim.runs.runfile import RunWriter, make_header
from sim.scenario import load_scenario

from . import fuzz

FAST = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
LONG = settings(max_examples=2000, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


def record_run(path: Path, scenario: str = "tutorial", seed: int = 2, weeks: int | None = None,
               player: str | None = None) -> Path:
    """A real run file, played by the rule-based bot (``weeks`` cuts it before the end)."""
    sc = load_scenario(scenario)
    header = make_header(scenario=sc.id, scenario_sha256=sc.sha256, seed=seed, overrides=(),
                         policy=None if player else "rule-based", player=player)
    bot = make_policy("rule-based", seed)
    st = new_game(sc.params, seed)
    with RunWriter(path, header, durable=False) as w:
        while not st.over and (weeks is None or st.week <= weeks):
            d = bot.decide(observe(st), None)
            st, rep = step(st, d, inplace=True)
            w.write_week(rep.week, d, state_digest(st))
        if st.over:
            w.write_final(final_scores(st))
    return path


@pytest.fixture(scope="module")
def real_run(tmp_path_factory) -> bytes:
    return record_run(tmp_path_factory.mktemp("run") / "r.jsonl").read_bytes()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# --- scenario loader ------------------------------------------------------------------------


@FAST
@given(text=hs.text(max_size=400))
@example(text="a: &x [*x]")
@example(text="!!python/object/apply:os.system ['true']")
@example(text="\t- \x00")
def test_any_text_is_a_scenario_or_a_scenario_error(folder, text):
    fuzz.check_scenario_bytes(text.encode("utf-8", "surrogatepass"), folder)


@FAST
@given(data=hs.binary(max_size=300))
def test_any_bytes_are_a_scenario_or_a_scenario_error(folder, data):
    fuzz.check_scenario_bytes(data, folder)


@FAST
@given(seed=hs.integers(0, 2**32 - 1))
def test_yaml_of_scenario_words_is_a_scenario_or_a_scenario_error(folder, seed):
    fuzz.check_scenario_bytes(fuzz.random_yaml(random.Random(seed)), folder)


@FAST
@given(seed=hs.integers(0, 2**32 - 1))
def test_mutated_shipped_scenarios_are_a_scenario_or_a_scenario_error(folder, seed):
    fuzz.check_scenario_bytes(fuzz.mutate_scenario(random.Random(seed)), folder)


@pytest.mark.slow
@LONG
@given(seed=hs.integers(0, 2**32 - 1))
def test_mutated_shipped_scenarios_long(folder, seed):
    fuzz.check_scenario_bytes(fuzz.mutate_scenario(random.Random(seed)), folder)


# --- run files ------------------------------------------------------------------------------


@FAST
@given(seed=hs.integers(0, 2**32 - 1))
def test_mutated_run_files_are_refused_or_verified_never_crash(folder, real_run, seed):
    fuzz.check_run_bytes(fuzz.mutate_run(random.Random(seed), real_run), folder / "m.jsonl")


@FAST
@given(data=hs.binary(max_size=400))
def test_random_bytes_as_run_files_never_crash(folder, data):
    fuzz.check_run_bytes(data, folder / "b.jsonl")


@pytest.mark.slow
@LONG
@given(seed=hs.integers(0, 2**32 - 1))
def test_mutated_run_files_long(folder, real_run, seed):
    fuzz.check_run_bytes(fuzz.mutate_run(random.Random(seed), real_run), folder / "m.jsonl")


# --- command line ---------------------------------------------------------------------------


@pytest.fixture
def cli_dir(tmp_path, monkeypatch, real_run):
    """A working folder for the CLI with a real run file and a scenario copy in it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SIM_DEBUG", raising=False)
    (tmp_path / "r.jsonl").write_bytes(real_run)
    shutil.copy(load_scenario("tutorial").path, tmp_path / "t.yaml")
    return tmp_path


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(seed=hs.integers(0, 2**32 - 1))
def test_random_command_lines_exit_0_1_2_without_traceback(cli_dir, seed):
    with fuzz.light_cli():
        fuzz.check_cli(fuzz.random_argv(random.Random(seed)))


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(argv=hs.lists(hs.sampled_from(fuzz.COMMANDS + fuzz.OPTIONS) | hs.text(max_size=12),
                     max_size=5))
def test_hypothesis_argv_lists_exit_0_1_2_without_traceback(cli_dir, argv):
    with fuzz.light_cli():
        fuzz.check_cli(argv)


@pytest.mark.parametrize(("argv", "code"), [
    (["replay", "r.jsonl"], 0), (["validate", "t.yaml", "agency"], 0),
    (["compare", "r.jsonl", "r.jsonl"], 0), (["replay", "t.yaml"], 2),
    (["leaderboard", "."], 1), (["schema"], 0), (["validate", "r.jsonl"], 2),
    (["run", "t.yaml", "--policy", "random", "--out", "."], 2),
    (["run", "t.yaml", "--policy", "random", "--out", "/dev/null"], 2),
    (["run", "t.yaml", "--policy", "random", "--seeds", "0:10000000000"], 2),
    (["run", "t.yaml", "--policy", "random", "--out", "o.jsonl"], 0)])
def test_real_commands_on_real_and_wrong_files(cli_dir, argv, code):
    with fuzz.light_cli():  # run for real, cut to one seed
        assert fuzz.check_cli(argv) == code


def test_run_file_mutations_reach_the_bytes_they_mean_to(real_run):
    """Each kind of mutation changes the file in a good share of the cases; the value
    mutation finds the compact JSON's tokens (it once looked for '"hire": ' with a space
    and never matched)."""
    applied: list[str] = []
    cases = 400
    changed = 0
    for seed in range(cases):
        before = len(applied)
        data = fuzz.mutate_run(random.Random(seed), real_run, applied)
        changed += data != real_run
        assert len(applied) >= before
    share = {op: applied.count(op) / cases for op in fuzz.OPS}
    assert changed / cases > 0.95, changed
    assert all(share[op] > 0.15 for op in fuzz.OPS), share
    tokens = [t for t in fuzz.VALUE_TOKENS if t in real_run]
    assert len(tokens) >= 6, tokens  # the tokens are those of a real, compact run file
