"""``sim run``: the --out records (DESIGN §4), determinism, seeds, policies and exit codes."""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
import uuid
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario import resolve_scenario

SHORT = ["--set", "weeks=6"]  # most tests need a few weeks, not a year
STATUSES = {"active", "churned", "fired_polite", "fired_blunt", "priced_out", "declined"}
MONEY_KEYS = ("cash", "profit", "revenue")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _is_num(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _two_decimals(x: float) -> bool:
    return round(x, 2) == x


def test_out_has_the_promised_fields_and_types(tmp_path):
    out = tmp_path / "runs.jsonl"
    assert main(["run", "agency", "--policy", "rule-based", "--seeds", "0:2",
                 "--out", str(out)]) == 0
    records = _lines(out)
    assert [r["seed"] for r in records] == [0, 1]
    sha = hashlib.sha256(resolve_scenario("agency").read_bytes()).hexdigest()
    for r in records:
        assert r["scenario"] == "agency"
        assert r["scenario_sha256"] == sha
        assert r["policy"] == "rule-based"
        assert r["overrides"] == []
        assert isinstance(r["seed"], int)
        assert r["weeks"] == 52 or r["end"] == "bankrupt"
        assert r["end"] in ("finished", "bankrupt")
        final = r["final"]
        for key in ("cash", "profit", "revenue", "morale", "reputation", "score"):
            assert _is_num(final[key]), key
        for key in MONEY_KEYS:
            assert _two_decimals(final[key])
        assert 0 <= final["morale"] <= 100 and 0 <= final["reputation"] <= 100
        weekly = r["weekly"]
        assert set(weekly) >= {"cash", "profit", "revenue", "morale", "reputation"}
        for key, series in weekly.items():
            assert len(series) == r["weeks"], key
            assert all(_is_num(x) for x in series), key
        for key in MONEY_KEYS:
            assert all(_two_decimals(x) for x in weekly[key])
        # final totals are the sums of the weekly amounts (to the cent)
        assert final["revenue"] == pytest.approx(sum(weekly["revenue"]), abs=0.01 * r["weeks"])
        assert final["profit"] == pytest.approx(sum(weekly["profit"]), abs=0.01 * r["weeks"])
        assert r["clients"], "a year of the agency has clients"
        for c in r["clients"]:
            assert set(c) >= {"id", "name", "trait", "revenue", "cost_to_serve", "profit",
                              "billable_hours", "unbilled_hours", "status", "joined_week",
                              "left_week"}
            assert isinstance(c["id"], int) and isinstance(c["name"], str)
            assert isinstance(c["trait"], str) and c["status"] in STATUSES
            assert all(_is_num(c[k]) for k in ("revenue", "cost_to_serve", "profit",
                                                "billable_hours", "unbilled_hours"))
            assert isinstance(c["joined_week"], int)
            assert c["left_week"] is None or isinstance(c["left_week"], int)


def test_seeds_range_is_half_open(tmp_path):
    out = tmp_path / "runs.jsonl"
    assert main(["run", "agency", "--policy", "always-right", "--seeds", "0:3", *SHORT,
                 "--out", str(out)]) == 0
    records = _lines(out)
    assert [r["seed"] for r in records] == [0, 1, 2]
    assert all(r["overrides"] == ["weeks=6"] and r["weeks"] == 6 for r in records)


def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    args = ["run", "agency", "--policy", "rule-based", "--seeds", "3:9", *SHORT]
    assert main([*args, "--out", str(one)]) == 0
    assert main([*args, "--out", str(two), "--jobs", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert [r["seed"] for r in _lines(two)] == list(range(3, 9))


def test_same_seed_in_two_processes_gives_identical_bytes(tmp_path, sim_proc):
    outs = []
    for hash_seed in ("1", "2"):  # different str hashing must not matter
        out = tmp_path / f"run{hash_seed}.jsonl"
        proc = sim_proc("run", "agency", "--policy", "random", "--seed", "7", *SHORT,
                        "--out", str(out), env={"PYTHONHASHSEED": hash_seed})
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == b""  # data goes to --out, never mixed into stdout
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_table_without_out(capsys):
    assert main(["run", "agency", "--policy", "oracle", "--seeds", "0:3", *SHORT]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["seed", "score", "profit", "morale", "reputation", "end"]
    assert [line.split()[0] for line in lines[1:]] == ["0", "1", "2", "median"]
    assert all(len(line.split()) == 6 for line in lines[1:4])


def test_one_seed_prints_no_median(capsys):
    assert main(["run", "agency", "--policy", "oracle", "--seed", "4", *SHORT]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].split()[0] == "4"


@pytest.mark.parametrize("seeds", ["5", "3:1", "2:2", "a:b", "-1:3", "1:2:3", ":4"])
def test_bad_seeds_exit_2_with_one_line(capsys, seeds):
    assert main(["run", "agency", "--policy", "rule-based", "--seeds", seeds]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sim: error: argument --seeds")


def test_bad_arguments_exit_2_with_one_line(capsys):
    assert main(["run", "agency"]) == 2  # no --policy
    assert main(["run", "agency", "--policy", "x", "--seed", "1", "--seeds", "0:2"]) == 2
    assert main(["run", "agency", "--policy", "rule-based", "--jobs", "-1"]) == 2
    assert main(["run", "agency", "--policy", "rule-based", "--set", "no-equals"]) == 2
    assert main(["frobnicate"]) == 2
    assert main([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 6 and all(line.startswith("sim: error: ") for line in err)


def test_unknown_policy_exits_2(capsys):
    assert main(["run", "agency", "--policy", "telepath", *SHORT]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "telepath" in err[0] and err[0].startswith("sim: error:")


def test_bad_scenario_exits_2_without_traceback(tmp_path, sim_proc):
    bad = tmp_path / "bad.yaml"
    bad.write_text("weeks: [\n", encoding="utf-8")
    proc = sim_proc("run", str(bad), "--policy", "rule-based")
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" not in err and proc.stdout == b""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(bad))
    assert re.match(r".+:\d+:\d+: ", lines[0])  # FILE:LINE:COL:


def test_missing_scenario_and_bad_override_exit_2(capsys, tmp_path):
    assert main(["run", str(tmp_path / "none.yaml"), "--policy", "rule-based"]) == 2
    assert main(["run", "agency", "--policy", "rule-based", "--set", "firm.nope=1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "none.yaml" in err[0] and "firm.nope" in err[1]


def test_unwritable_out_exits_2_and_leaves_nothing(capsys, tmp_path):
    out = tmp_path / "missing-dir" / "runs.jsonl"
    assert main(["run", "agency", "--policy", "rule-based", *SHORT, "--out", str(out)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert not out.parent.exists()


# --- user policies ---------------------------------------------------------------------


def _module(tmp_path: Path, monkeypatch, body: str) -> str:
    name = f"user_policy_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def test_user_policy_module_function(tmp_path, monkeypatch):
    name = _module(tmp_path, monkeypatch, """
        def decide(obs):
            # decline every lead: a screening-only policy, returned in the run-file form
            return {"leads": {str(int(i)): False for i in obs.leads()}}
    """)
    out = tmp_path / "runs.jsonl"
    assert main(["run", "agency", "--policy", f"{name}:decide", "--seeds", "0:2", *SHORT,
                 "--out", str(out), "--jobs", "2"]) == 0
    records = _lines(out)
    assert [r["policy"] for r in records] == [f"{name}:decide"] * 2
    # its decisions were applied: the leads it saw were declined
    assert any(c["status"] == "declined" for r in records for c in r["clients"])


def test_user_policy_in_a_child_process(tmp_path, sim_proc):
    (tmp_path / "my_bot.py").write_text("def decide(obs):\n    return None\n", encoding="utf-8")
    out = tmp_path / "runs.jsonl"
    proc = sim_proc("run", "agency", "--policy", "my_bot:decide", "--seeds", "0:2", *SHORT,
                    "--out", str(out), cwd=tmp_path,
                    env={"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert [r["policy"] for r in _lines(out)] == ["my_bot:decide"] * 2


def test_policy_that_crashes_exits_1_naming_it(tmp_path, monkeypatch, capsys):
    name = _module(tmp_path, monkeypatch, """
        def decide(obs):
            if obs.week == 3:
                raise RuntimeError("out of ideas")
            return None
    """)
    monkeypatch.delenv("SIM_DEBUG", raising=False)
    assert main(["run", "agency", "--policy", f"{name}:decide", *SHORT]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{name}:decide" in err[0] and "week 3" in err[0]
    assert "out of ideas" in err[0]
    monkeypatch.setenv("SIM_DEBUG", "1")
    assert main(["run", "agency", "--policy", f"{name}:decide", *SHORT]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_policy_with_an_illegal_decision_exits_1(tmp_path, monkeypatch, capsys):
    name = _module(tmp_path, monkeypatch, """
        def decide(obs):
            return {"let_go": {"99999": "polite"}}
    """)
    assert main(["run", "agency", "--policy", f"{name}:decide", *SHORT]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "illegal decision" in err[0] and "week 1" in err[0]


def test_policy_that_cannot_load_exits_2(tmp_path, monkeypatch, capsys):
    broken = _module(tmp_path, monkeypatch, "x = 1 / 0\n")
    assert main(["run", "agency", "--policy", f"{broken}:decide", *SHORT]) == 2
    assert main(["run", "agency", "--policy", "no_such_module_xyz:decide", *SHORT]) == 2
    fine = _module(tmp_path, monkeypatch, "def decide(obs):\n    return None\n")
    assert main(["run", "agency", "--policy", f"{fine}:missing", *SHORT]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("sim: error: ") for line in err)
    assert "ZeroDivisionError" in err[0]


def test_reports_print_the_week_reports_the_game_shows(capsys):
    """--reports N: weeks 1..N of one seed as text, the numbers then the sentences, with the
    same sentences as the engine's notes (here in Russian, numbers written the Russian way)."""
    from sim.engine import new_game, observe, step
    from sim.i18n import note_text
    from sim.policies import make_policy
    from sim.scenario import load_scenario

    assert main(["run", "seminar", "--policy", "rule-based", "--seed", "2", "--reports", "2",
                 "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert out.count("Неделя 1: что произошло") == 1 and "Неделя 2: что произошло" in out
    assert "Неделя 3" not in out
    sc = load_scenario("seminar")
    bot = make_policy("rule-based", 2)
    st = new_game(sc.params, 2)
    st, rep = step(st, bot.decide(observe(st, live=bot.live_observation)))
    for note in rep.notes:
        assert "• " + note_text(note, "ru", currency="EUR") in out
    profit = [line for line in out.splitlines() if line.strip().startswith("Прибыль")][0]
    assert "€" in profit and "," not in profit  # whole euros, Russian grouping


@pytest.mark.parametrize("bad", [["--reports", "0"], ["--reports", "x"],
                                 ["--seeds", "0:2", "--reports", "2"],
                                 ["--reports", "2", "--lang", "fr"]])
def test_bad_reports_exit_2_with_one_line(capsys, bad):
    assert main(["run", "agency", "--policy", "rule-based", *bad]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sim: error:")
