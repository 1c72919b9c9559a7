"""Packaging tests: the wheel build (``slow``, about half a minute) runs only with ``-m slow``;
CI builds and uses the real wheel in ``.ci/run``."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config, items):
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="builds a wheel: run with -m slow (.ci/run does it anyway)")
    for item in items:
        if "slow" in item.keywords and "tests/packaging" in str(item.fspath).replace("\\", "/"):
            item.add_marker(skip)
