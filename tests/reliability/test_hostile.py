"""Hostile and extreme inputs, as an attacker or a careless instructor would give them.

Each test is one class of problem that got through before: a valid scenario that breaks the
engine, a run file that breaks the verifier, a verified score for the wrong scenario, slow
validation, a hang on a FIFO, escape sequences echoed raw, code run from a scenario file, two
games on one save, the data folder misbehaving, unbounded arguments, bad settings. The
classes are tested, not only the reported case: a file of each kind is built in the test.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from sim.cli import main
from sim.runs.leaderboard import build_leaderboard, render_leaderboard
from sim.runs.runfile import RunFileError, RunWriter, make_header, read_run
from sim.runs.verify import SCENARIO, UNREADABLE, verify_run
from sim.scenario import ScenarioError, load_scenario

from .test_fuzz import record_run

ROOT = Path(__file__).resolve().parents[2]
BASE = "title: T\nweeks: 10\nstaff: [{name: A}]\n"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text and "internal error" not in text, text[-600:]
    return code, out.getvalue(), err.getvalue()


def problems(tmp_path: Path, text: str) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return str(info.value)


def edit_run(src: Path, dst: Path, line: int, change) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines()
    obj = json.loads(lines[line])
    change(obj)
    lines[line] = json.dumps(obj, separators=(",", ":"))
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def tutorial_run(tmp_path_factory) -> Path:
    return record_run(tmp_path_factory.mktemp("runs") / "t.jsonl")


# --- valid scenarios that broke the engine ----------------------------------------------------


@pytest.mark.parametrize("value", ["0", "5.0e-324", "1.0e-300", "1e-300", "-0.0"])
def test_a_rule_that_divides_cannot_be_zero_or_tiny(tmp_path, value):
    text = problems(tmp_path, BASE + f"rules: {{morale_speed: {value}}}\n")
    assert "rules.morale_speed: must be at least 0.01" in text


@pytest.mark.parametrize(("field", "value"), [
    ("rules.quit_threshold", "0"), ("traits.core.patience", "0"),
    ("traits.core.referrals_per_year", "21"), ("market.lead_rate", "51"),
    ("traits.core.hours_per_request", "{mean: 201}"), ("traits.core.voice", "{spread: 3}"),
    ("rules.max_wait_weeks", "0"), ("firm.cash", "1e10"), ("staff.0.hours", "0"),
])
def test_every_number_has_a_range(tmp_path, field, value):
    path = tmp_path / "s.yaml"
    path.write_text(BASE, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, [f"{field}={value}"])
    assert field.split(".")[0] in str(info.value)


def test_clients_at_the_start_and_by_event_have_a_cap(tmp_path):
    events = "".join(f"  - {{week: 2, kind: client_arrives, client: {{name: N{i}, "
                     f"trait: core}}}}\n" for i in range(5))
    text = problems(tmp_path, BASE + "market: {initial_clients: 196}\nevents:\n" + events)
    assert "a firm has at most 200 clients" in text


# --- slow validation --------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_thousands_of_staff_events_validate_quickly(tmp_path):
    events = []
    for i in range(9000):
        events.append(f"  - {{week: 1, kind: staff_joins, staff: {{name: P{i}}}}}")
        events.append(f"  - {{week: 2, kind: staff_leaves, name: P{i}}}")
    t0 = time.process_time()
    text = problems(tmp_path, BASE + "events:\n" + "\n".join(events) + "\n")
    assert time.process_time() - t0 < 20
    assert "at most 1000" in text or "more than 40000 values" in text
    assert len(text.splitlines()) <= 101


@pytest.mark.timeout(60)
def test_thousands_of_unknown_traits_validate_quickly(tmp_path):
    traits = "".join(f"  t{i}: {{base: core}}\n" for i in range(3000))
    mix = ", ".join(f"u{i}: 1" for i in range(12000))  # under the cap on values
    t0 = time.process_time()
    text = problems(tmp_path, BASE + f"traits:\n{traits}market: {{mix: {{{mix}}}}}\n")
    assert time.process_time() - t0 < 20
    assert "unknown trait" in text and len(text.splitlines()) <= 101


# --- names and numbers that validated but broke the game --------------------------------------


@pytest.mark.parametrize("name", ['"a\\0b"', '"a\\ud800"', '"a\\e[2Jb"', '"x\\u202ey"',
                                  '"two\\nlines"'])
def test_names_with_control_characters_are_refused(tmp_path, name):
    text = problems(tmp_path, BASE + f"clients: [{{name: {name}, trait: core}}]\n")
    assert "clients.0.name" in text and "\x1b" not in text and "\x00" not in text


def test_a_trait_name_with_a_newline_is_refused(tmp_path):
    text = problems(tmp_path, BASE + 'traits: {"shark\\n": {base: core}}\n')
    assert "not a valid trait name" in text and "\\x0a" in text


def test_numbers_written_as_yaml_does_not_read_them(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(BASE + "firm: {cash: 1e5, fixed_costs: 2.5e3}\n", encoding="utf-8")
    firm = load_scenario(path).model.firm
    assert (firm.cash, firm.fixed_costs) == (100_000, 2500)  # read as numbers
    text = problems(tmp_path, BASE + "firm: {cash: 1e308}\n")
    assert "must be between" in text and "without quotes" not in text
    text = problems(tmp_path, BASE + "firm: {cash: 0x10}\n")
    assert "hexadecimal number 16; write 16" in text
    text = problems(tmp_path, BASE + "firm: {cash: '90'}\n")
    assert "without quotes" in text  # the hint is kept for what really is quoted


# --- escape sequences echoed ------------------------------------------------------------------


def test_escape_sequences_in_a_scenario_are_echoed_escaped(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(BASE.replace("title: T", 'title: "\\e]0;pwned\\a"')
                    + 'firm: {currency: "\\e[2J"}\nclients: [{name: X, trait: "\\e[8m"}]\n',
                    encoding="utf-8")
    code, out, err = cli("validate", str(path))
    assert code == 2 and "\x1b" not in out + err and "\x07" not in out + err
    assert "title: contains the control character \\x1b" in out and "'\\x1b[2J'" in out
    assert "'\\x1b[8m'" in out


def test_a_file_name_with_escapes_is_echoed_escaped(tmp_path):
    code, out, err = cli("validate", str(tmp_path / "\x1b]0;x\x07.yaml"))
    assert code == 2 and "\x1b" not in out + err and "\\x1b" in out + err


# --- code from a scenario file ----------------------------------------------------------------


def test_a_scenario_cannot_name_code(tmp_path, monkeypatch):
    (tmp_path / "helpers.py").write_text(
        "import pathlib\npathlib.Path('MARKER').write_text('ran')\ndef go(obs):\n    return None\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("helpers:go", "this:x", "os:system"):
        text = problems(tmp_path, BASE + f'expect: [{{policy: "{name}", beats: random}}]\n')
        assert "names code (module:function)" in text and "--policies" in text
        code, _, err = cli("balance", str(tmp_path / "s.yaml"), "--seeds", "0:1")
        assert code == 2
    assert not (tmp_path / "MARKER").exists() and "helpers" not in sys.modules


def test_a_scenario_names_only_registered_bots(tmp_path):
    text = problems(tmp_path, BASE + "expect: [{policy: greedy, beats: random}]\n")
    assert "unknown policy 'greedy'" in text


# --- run files that broke the verifier --------------------------------------------------------


@pytest.mark.parametrize("decisions", [
    {"bonus": {"0": 1e400}}, {"hire": 1e400}, {"hire": 10**30}, {"bonus": {"0": "x"}},
    {"overtime": {"0": -1e308}}, {"owners": {"99999999999": 0}}, {"tags": {"0": {"trait": []}}},
    {"leads": {"0": "yes"}}, {"requests": {"1": {"action": "serve", "hours": 1e300}}},
    {"terms": {"0": {"price_factor": 1, "vip": "no"}}}, {"blacklist": [-1]},
])
def test_a_week_s_numbers_are_range_checked_before_use(tutorial_run, tmp_path, decisions):
    bad = tmp_path / "bad.jsonl"
    text = tutorial_run.read_text().splitlines()
    week = json.loads(text[3])
    week["decisions"] = decisions
    raw = json.dumps(week).replace("Infinity", "1e400")
    bad.write_text("\n".join(text[:3] + [raw] + text[4:]) + "\n")
    with pytest.raises(RunFileError) as info:
        read_run(bad)
    assert f"{bad}:4:" in info.value.message
    code, _, err = cli("replay", str(bad))
    assert code == 2 and f"{bad}:4:" in err


def test_a_header_of_many_overrides_is_refused_at_once(tutorial_run, tmp_path):
    big = edit_run(tutorial_run, tmp_path / "big.jsonl", 0,
                   lambda h: h.update(overrides=[f"a{i}=1" for i in range(91_000)]))
    t0 = time.process_time()
    v = verify_run(big)
    lb = build_leaderboard(tmp_path, jobs=1)
    assert time.process_time() - t0 < 10
    assert v.status == UNREADABLE and "header.overrides" in v.reason
    assert any("big.jsonl" in e.file for e in lb.problems)


def test_canonical_overrides_are_not_quadratic():
    from sim.scenario.overrides import canonical_overrides

    t0 = time.process_time()
    out = canonical_overrides([f"traits.t{i}.voice={i}" for i in range(5000)])
    assert time.process_time() - t0 < 5 and len(out) == 5000


def test_a_replay_that_takes_too_long_is_stopped_and_listed(tutorial_run, tmp_path):
    v = verify_run(tutorial_run, max_seconds=0.0)
    assert v.status == UNREADABLE and "took more than 0 s" in v.reason
    from sim.runs.leaderboard import check_file
    from sim.runs.verify import ScenarioBook

    e = check_file(str(tutorial_run), "t.jsonl", ScenarioBook(), max_seconds=0.0)
    assert not e.ranked and "t.jsonl" in e.reason and "took more than" in e.reason


# --- a verified score for the wrong scenario --------------------------------------------------


def test_a_run_labelled_with_another_scenario_is_a_failed_check(tutorial_run, tmp_path):
    tutorial = load_scenario("tutorial")
    liar = edit_run(tutorial_run, tmp_path / "liar.jsonl", 0,
                    lambda h: h.update(scenario="agency", scenario_path=str(tutorial.path)))
    code, out, err = cli("replay", str(liar))
    assert code == 1 and "OK" not in out
    assert "'agency'" in err and "'tutorial'" in err
    v = verify_run(liar)
    assert v.status == SCENARIO


def test_the_leaderboard_groups_by_hash_and_shows_the_scenario_s_own_title(tutorial_run,
                                                                           tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "honest.jsonl").write_bytes(tutorial_run.read_bytes())
    edit_run(tutorial_run, folder / "liar.jsonl", 0, lambda h: h.update(scenario="agency"))
    lb = build_leaderboard(folder, jobs=1)
    text = render_leaderboard(lb)
    assert len(lb.groups) == 1 and lb.groups[0].scenario == "tutorial"
    title = load_scenario("tutorial").model.title
    assert (title if isinstance(title, str) else title.en) in text
    assert [e.file for e in lb.problems] == ["liar.jsonl"]
    assert "agency" not in text.split("Not ranked")[0]


# --- non-regular files ------------------------------------------------------------------------


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once_for_reading_and_writing(tmp_path):
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    code, out, _ = cli("validate", str(fifo))
    assert code == 2 and "pipe" in out
    run_fifo = tmp_path / "r.jsonl"
    os.mkfifo(run_fifo)
    code, _, err = cli("replay", str(run_fifo))
    assert code == 2 and "not a regular file" in err
    with pytest.raises(RunFileError):
        read_run(run_fifo)
    code, _, err = cli("schema", "--out", str(fifo))
    assert code == 2 and "pipe" in err and fifo.exists()


@pytest.mark.parametrize("target", ["folder", "device", "link", "dangling"])
def test_out_onto_what_is_not_a_regular_file_is_refused(tmp_path, monkeypatch, target):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    real = tmp_path / "real.txt"
    real.write_text("keep me")
    os.symlink(real, tmp_path / "link")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
    path = "/dev/null" if target == "device" else target
    for argv in (["schema", "--out", path],
                 ["run", "tutorial", "--policy", "random", "--out", path]):
        code, _, err = cli(*argv)
        assert code == 2 and path in err, err
    assert real.read_text() == "keep me" and os.path.islink(tmp_path / "link")
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.timeout(120)
def test_a_full_disk_is_one_line_and_leaves_nothing_half_written(tmp_path):
    """RLIMIT_FSIZE makes the kernel refuse a write past a size, as a full disk does."""
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))\n"
        "from sim.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SIM_DEBUG", None)
    for argv in (["run", "tutorial", "--policy", "random", "--seeds", "0:40", "--out", "o.jsonl"],
                 ["schema", "--out", "schema.json"]):
        p = subprocess.run([sys.executable, "-c", script, *argv], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=100)
        lines = p.stderr.strip().splitlines()
        assert p.returncode == 2, p.stderr
        assert len(lines) == 1 and lines[0].startswith("sim: error:"), p.stderr
        assert "internal error" not in p.stderr
    assert sorted(x.name for x in tmp_path.iterdir()) == []


# --- one writer per save ----------------------------------------------------------------------


def test_a_second_writer_on_the_same_save_is_refused(tmp_path):
    path = record_run(tmp_path / "p.jsonl", weeks=3, player="p")
    first, data = RunWriter.resume(path)
    try:
        with pytest.raises(RunFileError, match="open in another game"):
            RunWriter.resume(path)
        before = path.read_bytes()
    finally:
        first.close()
    assert path.read_bytes() == before
    second, _ = RunWriter.resume(path)  # once the first is closed, the save is free
    second.close()


def test_a_second_game_process_on_the_same_save_is_refused(tmp_path):
    """Another process holds the save (the lock is the operating system's, per open file)."""
    path = record_run(tmp_path / "p.jsonl", weeks=3, player="p")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom sim.runs.runfile import RunWriter\n"
         "w, _ = RunWriter.resume(sys.argv[1])\nprint('held', flush=True)\ntime.sleep(60)\n",
         str(path)], env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        from sim.ui.session import ResumeError, Session

        with pytest.raises(ResumeError, match="open in another game"):
            Session.resume(path)
    finally:
        holder.kill()
        holder.wait()


def test_the_fallback_lock_file_refuses_a_live_process_and_takes_over_a_dead_one(tmp_path,
                                                                              monkeypatch):
    from sim.runs import lock

    monkeypatch.setattr(lock, "fcntl", None)
    monkeypatch.setattr(lock, "msvcrt", None)
    path = record_run(tmp_path / "p.jsonl", weeks=3, player="p")
    first, _ = RunWriter.resume(path)
    assert (tmp_path / ".p.jsonl.lock").read_text() == str(os.getpid())
    with pytest.raises(RunFileError, match="open in another game"):
        RunWriter.resume(path)
    first.close()
    assert not (tmp_path / ".p.jsonl.lock").exists()
    (tmp_path / ".p.jsonl.lock").write_text("999999999")  # left by a killed game
    again, _ = RunWriter.resume(path)
    again.close()


def test_a_writer_that_fails_leaves_no_file(tmp_path):
    sc = load_scenario("tutorial")
    header = make_header(scenario=sc.id, scenario_sha256=sc.sha256, seed=1,
                         player="x" * 2_000_000)
    with pytest.raises(ValueError):
        RunWriter(tmp_path / "r.jsonl", header)
    assert list(tmp_path.iterdir()) == []


# --- the data folder --------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["runs is a file", "read-only", "dangling runs link"])
def test_a_new_game_that_cannot_be_saved_says_so_and_leaves_nothing(tmp_path, case):
    from sim.ui.session import SaveError, Session

    base = tmp_path / "data"
    base.mkdir()
    if case == "runs is a file":
        (base / "runs").write_text("")
    elif case == "read-only":
        (base / "runs").mkdir()
        os.chmod(base / "runs", 0o500)
        if os.access(base / "runs", os.W_OK):  # root writes anywhere
            pytest.skip("a read-only folder is writable for this user")
    else:
        os.symlink(tmp_path / "gone", base / "runs")
    before = sorted(p.name for p in base.rglob("*"))
    with pytest.raises(SaveError) as info:
        Session.new(load_scenario("tutorial"), seed=1, player="p", base=base)
    assert str(info.value) and "\n" not in str(info.value)
    assert sorted(p.name for p in base.rglob("*")) == before


# --- arguments --------------------------------------------------------------------------------


@pytest.mark.parametrize(("argv", "words"), [
    (["run", "tutorial", "--policy", "random", "--seeds", "0:10000000000"], "at most 100000"),
    (["run", "tutorial", "--policy", "random", "--seed", "99999999999999999999"], "2**63-1"),
    (["run", "tutorial", "--policy", "random", "--set", "a." * 20 + "b=1"], "parts"),
    (["run", "tutorial", "--policy", "random", "--set", "weeks=" + "9" * 5000], "characters"),
    (["run", "tutorial", "--policy", "random", "--jobs", "100000"], "at most 64"),
    (["play", "--player", "x" * 100], "pseudonym"),
    (["play", "--player", "a\x1b]0;b"], "pseudonym"),
])
def test_arguments_have_limits(argv, words):
    t0 = time.process_time()
    code, _, err = cli(*argv)
    assert code == 2 and words in err and "\x1b" not in err
    assert time.process_time() - t0 < 5


def test_a_reader_that_leaves_is_still_not_an_error(tmp_path):
    """An OSError is one line and exit 2, but a closed pipe (`sim ... | head`) stays quiet."""
    script = ("import os, sys\nr, w = os.pipe()\nos.close(r)\nos.dup2(w, 1)\n"
              "from sim.cli import main\ncode = main(['schema'])\n"
              "sys.stderr.write(f'exit {code}')\n")
    p = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)},
                       capture_output=True, text=True, timeout=100)
    assert p.stderr == "exit 0", p.stderr


def test_a_run_file_s_deep_override_path_is_refused_too(tutorial_run, tmp_path):
    deep = edit_run(tutorial_run, tmp_path / "deep.jsonl", 0,
                    lambda h: h.update(overrides=["a." * 100 + "b=1"]))
    v = verify_run(deep)
    assert not v.ok and "parts" in v.reason


@pytest.mark.timeout(120)
def test_sigterm_during_a_parallel_run_leaves_no_temporary_file_and_no_worker(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "sim", "run", "agency", "--policy", "random",
                          "--seeds", "0:400", "--jobs", "2", "--out", "sweep.jsonl"],
                         cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".sweep.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".sweep.jsonl.*.tmp")), "the run never started writing"
    time.sleep(0.5)
    os.kill(p.pid, signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(p.pid, 0)  # no worker of its session is left


# --- settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    '{"player": 5}', "[" * 100_000 + "]" * 100_000, '{"player": "' + "x" * 1_100_000 + '"}',
    '{"lang": "xx"}', '{"launched": "yes"}', '{"unknown": 1}', "not json", "\udcff",
    '{"player": "a\\u001b]0;b"}',
])
def test_a_bad_settings_file_is_moved_aside_and_the_defaults_used(tmp_path, content, capsys):
    from sim.ui.settings import Settings

    path = tmp_path / "settings.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    s = Settings(tmp_path)
    assert s.values == {} and s.problem and (tmp_path / "settings.json.bad").exists()
    assert not path.exists()
    err = capsys.readouterr().err
    assert "settings.json" in err and "\x1b" not in err and len(err) < 600
    s.set("player", "Ann")
    assert json.loads(path.read_text()) == {"player": "Ann"}
    assert Settings(tmp_path).problem == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.timeout(30)
def test_a_settings_fifo_is_not_waited_on(tmp_path):
    from sim.ui.settings import Settings

    os.mkfifo(tmp_path / "settings.json")
    assert Settings(tmp_path).problem


def test_a_huge_pseudonym_is_cut_and_leaves_a_good_run_file(tmp_path):
    from sim.ui.session import Session
    from sim.ui.settings import Settings

    s = Settings(tmp_path)
    s.set("player", "y" * 1_100_000)
    name = s.get("player")
    assert name == "y" * 40
    session = Session.new(load_scenario("tutorial"), seed=1, player=name, base=tmp_path)
    session.writer.close()
    assert read_run(session.path).header["player"] == name


def test_memory_stays_bounded_on_a_huge_settings_file(tmp_path):
    from sim.ui.settings import Settings

    (tmp_path / "settings.json").write_bytes(b'{"player": "' + b"x" * 50_000_000 + b'"}')
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert Settings(tmp_path).problem
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 40_000  # KB
