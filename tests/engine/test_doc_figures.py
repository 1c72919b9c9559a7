"""The figures of docs/model.md are what the model gives: the page's generated block equals
what ``tests/engine/doc_figures.py`` computes from this session's 100-seed sweeps (the same
sweeps the lessons use, so the check costs little). Regenerate with
``python bench/calibrate.py --write-docs``."""

from __future__ import annotations

import os
from pathlib import Path

from . import doc_figures

PAGE = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def test_the_figures_of_the_model_page_are_generated_and_current():
    if os.environ.get("WRITE_DOC_FIGURES"):
        # regenerate from this session's sweeps (what bench/calibrate.py --write-docs does)
        doc_figures.write(PAGE)
    text = PAGE.read_text(encoding="utf-8")
    assert doc_figures.BEGIN in text and doc_figures.END in text, "the page has the block"
    start = text.index(doc_figures.BEGIN)
    block = text[start: text.index(doc_figures.END) + len(doc_figures.END)]
    assert block == doc_figures.render(), (
        "docs/model.md is stale: run python bench/calibrate.py --write-docs")
