"""Sweeps use the machine: ``run`` and ``balance`` play on every core unless told otherwise."""

from __future__ import annotations

import pytest

from sim.arguments import cores
from sim.cli import build_parser

SWEEPS = [["run", "agency", "--policy", "rule-based", "--seeds", "0:10"],
          ["balance", "agency", "--seeds", "0:10"]]


@pytest.mark.parametrize("argv", SWEEPS, ids=lambda a: a[0])
def test_sweeps_default_to_one_process_per_core(argv):
    parser = build_parser(argv[0])
    assert parser.parse_args(argv).jobs == cores()
    assert parser.parse_args([*argv, "--jobs", "0"]).jobs == cores()
    assert parser.parse_args([*argv, "--jobs", "1"]).jobs == 1


def test_cores_are_the_ones_this_process_may_use(monkeypatch):
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert cores() == 3
