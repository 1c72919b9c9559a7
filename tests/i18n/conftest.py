"""Fixtures of the i18n tests."""

from __future__ import annotations

import pytest

from .scan import engine_note_keys


@pytest.fixture(scope="session")
def note_keys() -> dict[str, set[str]]:
    keys = engine_note_keys()
    assert len(keys) >= 20, f"the scan of sim/engine found too few notes: {sorted(keys)}"
    return keys
