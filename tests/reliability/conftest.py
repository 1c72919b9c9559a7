"""Reliability suite options: ``--slow`` runs the long fuzzing variants (same as ``-m slow``)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the long reliability variants (tests marked slow)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow") or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="long variant: run with --slow or -m slow")
    for item in items:
        if "slow" in item.keywords and "tests/reliability" in str(item.fspath).replace("\\", "/"):
            item.add_marker(skip)


# the headless game's fixture (a factory of apps in a temporary data folder), shared as is
from tests.ui.conftest import make_app  # noqa: E402, F401
