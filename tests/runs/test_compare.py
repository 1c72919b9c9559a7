"""Comparing runs: measures from the replay, the side-by-side table, tidy CSV, PNG charts."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

from sim.runs.charts import ChartsUnavailable, chart_lang, whale_curve, write_compare_png
from sim.runs.compare import (
    CSV_FIELDS,
    compare_runs,
    csv_text,
    like_for_like,
    render_table,
    tidy_rows,
)

from .recording import record, rewrite


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("cmp")
    return [
        record(folder / "ann.jsonl", player="ann", lang="ru", tags=True, overrides=("weeks=8",)),
        record(folder / "rb.jsonl", policy="rule-based", overrides=("weeks=8",)),
        record(folder / "ar.jsonl", policy="always-right", overrides=("weeks=8",)),
        record(folder / "oracle1.jsonl", policy="oracle", seed=1, overrides=("weeks=8",)),
    ]


def test_measures_come_from_the_replay(runs):
    cmp = compare_runs(runs[:3])
    assert cmp.failures == [] and cmp.warnings == [] and cmp.exit_code == 0
    ann, rb, ar = cmp.runs
    assert (ann.label, rb.label, ar.label) == ("ann", "rule-based (bot)", "always-right (bot)")
    assert ann.lang == "ru" and rb.lang == "en" and ann.currency
    for r in cmp.runs:
        assert r.weeks == r.game_weeks == 8 and r.end == "finished"
        assert len(r.weekly_profit) == len(r.weekly_morale) == len(r.weekly_reputation) == 8
        assert r.cumulative_profit[-1] == pytest.approx(r.scores["profit"], abs=0.05)
        assert r.revenue == pytest.approx(r.scores["revenue"], abs=0.01)
        # profit is revenue less costs and bad debt (accrual, DESIGN §2)
        assert r.revenue - r.costs - r.bad_debt == pytest.approx(r.scores["profit"], abs=0.05)
        assert sum(r.hours_by_trait.values()) > 0 and r.client_profits
    assert ann.tagged > 0 and 0 < ann.tag_accuracy < 1  # odd ids are tagged wrongly
    assert rb.tag_accuracy is None
    assert ar.let_go == [], "always-right never lets anyone go"
    for x in rb.let_go:
        assert 1 <= x.week <= 8 and x.manner in ("polite", "blunt", "price_out") and x.trait


def test_the_table_has_one_column_per_run(runs):
    cmp = compare_runs(runs[:3])
    text = render_table(cmp)
    head = text.splitlines()[0]
    assert head.split()[0] == "player" and "ann" in head and "rule-based (bot)" in head
    for row in ("score", "long-term profit", "revenue", "costs", "morale", "reputation",
                "hours: core", "let go", "type tags right"):
        assert any(line.startswith(row) for line in text.splitlines()), row
    assert "no tags" in text and "[1] ann:" in text
    if cmp.runs[1].let_go:
        assert "let go by rule-based (bot):" in text


def test_different_seeds_and_scenarios_are_warned_about(runs, tmp_path):
    cmp = compare_runs([runs[1], runs[3]])
    assert any("different seeds (0, 1)" in w for w in cmp.warnings)
    other = record(tmp_path / "tut.jsonl", scenario="tutorial", overrides=())
    cmp = compare_runs([runs[1], other])
    assert any("different scenarios (agency, tutorial)" in w for w in cmp.warnings)
    assert any("different --set overrides" in w for w in cmp.warnings)
    assert like_for_like(compare_runs([runs[1], runs[1]]).runs) == []


def test_same_labels_are_told_apart(runs, tmp_path):
    cmp = compare_runs([runs[1], runs[1]])
    assert [r.label for r in cmp.runs] == ["rule-based (bot) #1", "rule-based (bot) #2"]
    other = record(tmp_path / "rb1.jsonl", seed=1, overrides=("weeks=8",))
    cmp = compare_runs([runs[1], other, runs[2]])
    assert [r.label for r in cmp.runs] == ["rule-based (bot), seed 0",
                                           "rule-based (bot), seed 1", "always-right (bot)"]


def test_a_file_that_does_not_verify_is_a_failure(runs, tmp_path):
    bad = rewrite(runs[1], lambda o: o[-1]["scores"].update(score=999.0), tmp_path / "x.jsonl")
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b"\x00\x01")
    cmp = compare_runs([runs[0], bad])
    assert [f.path for f in cmp.failures] == [bad] and cmp.exit_code == 1
    assert compare_runs([bad, junk]).exit_code == 2


def test_tidy_csv_has_one_row_per_run_and_measure(runs):
    cmp = compare_runs(runs[:2])
    rows = list(csv.DictReader(io.StringIO(csv_text(tidy_rows(cmp.runs)))))
    assert rows and set(rows[0]) == set(CSV_FIELDS)
    keys = [(r["run"], r["week"], r["measure"]) for r in rows]
    assert len(keys) == len(set(keys)), "one row per run, measure (and week)"
    by = {(r["run"], r["measure"]): r["value"] for r in rows if not r["week"]}
    assert float(by[("1", "score")]) == cmp.runs[0].scores["score"]
    assert ("2", "tag_accuracy") not in by  # a bot has no tags: no row, not a zero
    assert 0 < float(by[("1", "tag_accuracy")]) < 1
    assert {"hours.core", "let_go.polite", "revenue", "costs"} <= {m for _, m in by}
    weekly = [r for r in rows if r["run"] == "1" and r["measure"] == "weekly.profit"]
    assert [int(r["week"]) for r in weekly] == list(range(1, 9))


def test_csv_cells_never_run_as_formulas():
    text = csv_text([{"run": 1, "file": "f", "player": "=HYPERLINK(\"x\")", "scenario": "-2+3",
                      "seed": 0, "week": "", "measure": "score", "value": -1.5}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["player"].startswith("'=") and row["scenario"] == "'-2+3"
    assert row["value"] == "-1.5"


def test_whale_curve():
    xs, ys = whale_curve([1.0, 3.0, -1.0])
    assert xs == pytest.approx([0, 100 / 3, 200 / 3, 100])
    assert ys == pytest.approx([0, 100, 400 / 3, 100])
    assert whale_curve([-1.0, 0.5]) is None and whale_curve([]) is None


def test_chart_language(runs):
    cmp = compare_runs(runs[:2])
    assert chart_lang(cmp.runs[:1]) == "ru" and chart_lang(cmp.runs) == "en"
    assert chart_lang(cmp.runs, "ru") == "ru"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_png_charts_are_written(runs, tmp_path, lang):
    pytest.importorskip("matplotlib")
    cmp = compare_runs(runs)
    out = write_compare_png(cmp.runs, tmp_path / f"cmp-{lang}.png", lang=lang)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert not list(tmp_path.glob(".*.tmp"))


def test_chart_labels_are_catalog_messages_in_the_chosen_language(runs, tmp_path,
                                                                  monkeypatch):
    pytest.importorskip("matplotlib")
    from sim import i18n
    from sim.runs import charts

    asked = []

    def recording_tr(key, lang, /, **params):
        asked.append((key, lang))
        return i18n.tr(key, lang, **params)

    monkeypatch.setattr(charts, "tr", recording_tr)
    cmp = compare_runs(runs)  # one run is a bot's: its label says so in Russian
    write_compare_png(cmp.runs, tmp_path / "ru.png", lang="ru")
    keys = {k for k, _ in asked}
    assert {lang for _, lang in asked} == {"ru"}
    assert {"compare.chart.title", "compare.chart.bot", "debrief.chart.profit"} <= keys
    assert all(i18n.has(k, "ru") and i18n.has(k, "en") for k in keys)


def test_png_without_matplotlib_says_how_to_install(runs, tmp_path, monkeypatch):
    cmp = compare_runs(runs[:1])
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    with pytest.raises(ChartsUnavailable, match="pip install"):
        write_compare_png(cmp.runs, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
