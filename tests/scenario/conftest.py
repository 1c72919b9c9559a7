"""Helpers for scenario tests: write a scenario file from a string and collect its problems."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from sim.scenario import ScenarioError, load_scenario


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write(text, name="s.yaml")`` writes a scenario file (text or bytes) in tmp_path."""

    def _write(text: str | bytes, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def problems(write: Callable[..., Path]) -> Callable[..., list[str]]:
    """``problems(text, overrides=())`` loads the text as a scenario and returns the problem
    lines with the file name replaced by ``F`` (fails the test if the file loads)."""

    def _problems(text: str | bytes, overrides: Sequence[str] = ()) -> list[str]:
        path = write(text)
        with pytest.raises(ScenarioError) as info:
            load_scenario(path, overrides)
        assert str(info.value) == "\n".join(str(p) for p in info.value.problems)
        return [str(p).replace(str(path), "F") for p in info.value.problems]

    return _problems
