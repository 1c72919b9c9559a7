"""The search example runs (a tiny search, in this process) and prints its comparison."""

from __future__ import annotations

import pytest

pytest.importorskip("gymnasium")


def test_the_search_example_compares_its_policy_with_the_bots(capsys):
    from examples.rl_search import main

    table = main(["--scenario", "tutorial", "--generations", "1", "--population", "4",
                  "--train-seeds", "1", "--eval-seeds", "2", "--jobs", "1"])
    assert list(table) == ["searched (linear)", "rule-based", "always-right"]
    assert all(len(scores) == 2 for scores in table.values())
    out = capsys.readouterr().out
    assert "generation  1:" in out
    assert "tutorial, held-out seeds 10000..10001:" in out
