"""Skill or luck in the debrief report: the luck band beside the gap to the bots, played once
(the bot table's own games are passed as ``known``), in both languages."""

from __future__ import annotations

import pytest

from sim.cli import main
from sim.debrief import load_debrief
from sim.debrief import report as report_module
from sim.debrief.luck import LuckBand
from sim.debrief.report import Words, luck_of, luck_sentences, markdown

from .planted import record


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    return record(folder / "run.jsonl", policy="always-right", scenario="tutorial", seed=4)


def _band(on_seed: float) -> LuckBand:
    bots = ("always-right", "oracle")
    return LuckBand(4, bots, dict.fromkeys(bots, on_seed), dict.fromkeys(bots, 50.0),
                    dict.fromkeys(bots, 40.0), dict.fromkeys(bots, 60.0))


def test_luck_of_reuses_the_bot_tables_scores(run, monkeypatch):
    db = load_debrief(run, moments=False)
    seen = {}

    def fake(params, seed, *, known=None, progress=None):
        seen.update(seed=seed, known=known)
        return _band(30.0)

    monkeypatch.setattr(report_module, "luck_band", fake)
    luck_of(db)
    table = {r.who: r.scores["score"] for r in db.bots.rows if r.who != "player"}
    assert seen == {"seed": 4, "known": table} and set(table) == {"always-right",
                                                                  "rule-based", "oracle"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sentences_say_how_hard_and_the_gap(lang):
    w = Words(lang, "EUR")
    hard, gap = luck_sentences(_band(30.0), 45.0, w)
    easy, _ = luck_sentences(_band(75.0), 45.0, w)
    ordinary, _ = luck_sentences(_band(52.0), 45.0, w)
    assert "20" in hard and "25" in easy and "+2" in ordinary
    assert len({hard[:8], easy[:8], ordinary[:8]}) == 3  # three different verdicts
    assert "+15" in gap and ("Oracle" in gap or "Оракул" in gap)
    assert "ui." not in hard + gap


def test_markdown_has_the_section_only_when_given(run):
    db = load_debrief(run, moments=False)
    band = luck_of(db)
    without = markdown(db, lang="en")
    text = markdown(db, lang="en", luck=band)
    assert "## Skill or luck" in text and "## Skill or luck" not in without
    for sentence in luck_sentences(band, db.scores["score"], Words("en", db.currency)):
        assert sentence in text
    assert "| On this seed |" in text and text.index("## Skill or luck") > text.index(
        "## You against the bots")
    assert "## Мастерство или везение" in markdown(db, lang="ru", luck=band)


def test_the_command_writes_it(run, capsys):
    assert main(["debrief", str(run)]) == 0
    assert "## Skill or luck" in capsys.readouterr().out
