"""``sim debrief``: the Markdown report and its charts, in the run's language."""

from __future__ import annotations

import importlib.util

import pytest

from sim.cli import main

from .planted import fire, record

HAS_MPL = importlib.util.find_spec("matplotlib") is not None


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    return record(folder / "run.jsonl", policy="rule-based", overrides=("weeks=16",),
                  plant={3: fire("loyal", "blunt")})


def test_stdout_is_the_markdown_report(run, capsys):
    assert main(["debrief", str(run)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Debrief: agency, rule-based (bot), seed 0")
    for title in ("## You against the bots", "## Teachable moments", "## Firing audit",
                  "### Who burned out whom", "### Hagglers: new terms or let go",
                  "## Traits revealed", "## Staff hours per client type",
                  "## The scenario's lessons"):
        assert title in out
    assert "wrong target" in out and "[debrief." not in out and "## Charts" not in out
    assert "| Score |" in out and "You − oracle" in out


def test_out_writes_the_report_and_the_charts(run, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["debrief", str(run), "--out", str(out)]) == 0
    text = (out / "debrief.md").read_text(encoding="utf-8")
    assert text.startswith("# Debrief:")
    if not HAS_MPL:
        assert "no charts" in capsys.readouterr().err
        pytest.skip("matplotlib is not installed: no PNG charts")
    for name in ("overview.png", "whale.png", "hours.png"):
        png = out / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        assert f"![{name}]({name})" in text


def test_the_report_speaks_the_run_language(tmp_path, capsys):
    path = record(tmp_path / "ru.jsonl", policy="oracle", overrides=("weeks=6",), lang="ru")
    assert main(["debrief", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Разбор партии: agency, oracle (бот), сид 0")
    assert "## Вы и боты" in out and "[debrief." not in out
    assert main(["debrief", str(path), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("# Debrief:")


@pytest.mark.parametrize("content", [None, b"", b"{not json\n", b'{"type":"week"}\n'])
def test_a_bad_file_is_one_line_and_exit_2(tmp_path, capsys, content):
    path = tmp_path / "bad.jsonl"
    if content is not None:
        path.write_bytes(content)
    assert main(["debrief", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


def test_a_tampered_file_does_not_verify(run, tmp_path, capsys):
    from tests.runs.recording import rewrite

    def change(objs):
        objs[2]["digest"] = "0" * 64

    bad = rewrite(run, change, out=tmp_path / "tampered.jsonl")
    assert main(["debrief", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "week 2: digest differs" in err[0]


def test_a_chart_renders_to_rgba_bytes_for_the_game_screen(run):
    if not HAS_MPL:
        pytest.skip("matplotlib is not installed")
    from sim.debrief import load_debrief
    from sim.debrief.charts import CHARTS, chart_rgba

    db = load_debrief(run, moments=False)
    for name in CHARTS:
        data, (w, h) = chart_rgba(db, name, (640, 400))
        assert (w, h) == (640, 400) and len(data) == w * h * 4
