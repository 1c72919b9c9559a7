"""Scenarios: YAML stories turned into validated models and the engine's ``GameParams``.

    scenario = load_scenario("agency", overrides=["staff.0.wage=1500"])
    state = sim.engine.new_game(scenario.params, seed=1)

A scenario is a shipped name (``agency`` is ``scenarios/agency.yaml``) or a path. Every failure
of a file is a :class:`ScenarioError` listing all its problems as
``FILE:LINE:COL: field.path: what is wrong``; bad input never raises anything else.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.chain import find_extended
from sim.engine import GameParams
from sim.resources import find_scenario, scenarios_dir, shipped_scenarios

from .build import build_params
from .checks import MAX_ISSUES
from .errors import Problem, ScenarioError, sort_problems
from .extends import load_with_extends
from .models import ScenarioModel
from .overrides import SET, apply_overrides
from .schema import scenario_json_schema, schema_text, write_schema
from .validate import validate_document

SCENARIOS_DIR = scenarios_dir()

__all__ = [
    "SCENARIOS_DIR", "Problem", "Scenario", "ScenarioError", "ScenarioModel", "load_scenario",
    "resolve_scenario", "scenario_json_schema", "schema_text", "shipped_scenarios",
    "write_schema",
]


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario.

    Attributes:
        id: The scenario id: the file's ``id:`` or its name without ``.yaml``.
        path: The file it was read from.
        sha256: Hex SHA-256 of the file's bytes, chained with the scenarios it extends
            (recorded in run files).
        model: The validated model (after ``extends`` and overrides).
        params: The engine's parameters.
        extends: The files it extends, nearest first: each as the ``extends`` value that
            found it and its resolved path.
    """

    id: str
    path: Path | None
    sha256: str
    model: ScenarioModel
    params: GameParams
    extends: tuple[tuple[str, str], ...] = ()

    @property
    def title(self) -> str:
        """The English title (as a compiled scenario has it: ``sim.compiled``)."""
        t = self.model.title
        return t if isinstance(t, str) else t.en

    @property
    def lessons(self) -> tuple[Any, ...]:
        """The model's ``lessons`` then its ``debrief`` texts (strings or localized texts)."""
        texts = list(self.model.lessons or [])
        extra = self.model.debrief
        if extra is not None:
            texts += list(extra) if isinstance(extra, list | tuple) else [extra]
        return tuple(texts)


def resolve_scenario(ref: str | Path) -> Path:
    """The file of a scenario given by shipped name or path.

    Args:
        ref: A shipped name such as ``"agency"``, or a path (used as is).

    Returns:
        The path of the scenario file (a path is not checked for existence here).

    Raises:
        ScenarioError: ``ref`` is a name and no shipped scenario has it.
    """
    if isinstance(ref, Path):
        return ref
    ref = str(ref)
    found = find_scenario(ref)
    if found is not None:
        return found
    names = [p.stem for p in shipped_scenarios()]
    close = difflib.get_close_matches(ref, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise ScenarioError(Problem(ref, message=f"no such scenario; {hint}shipped scenarios: "
                                f"{', '.join(names) or 'none'}"))


def load_scenario(ref: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Read, validate and build a scenario.

    Args:
        ref: A shipped name or a path (see :func:`resolve_scenario`).
        overrides: ``"PATH=VALUE"`` strings (the CLI's ``--set``), applied after ``extends``.

    Returns:
        The scenario with its validated model and the engine's parameters.

    Raises:
        ScenarioError: Anything is wrong with the file, the files it extends or the overrides;
            all problems are listed, sorted by file, line and column.
    """
    path = resolve_scenario(ref)
    doc = load_with_extends(path, find_extended)
    doc = apply_overrides(doc, overrides)
    model, problems = validate_document(doc)
    if problems or model is None:
        files = [doc.file] + [loc.file for loc in doc.locs.values() if loc.file != SET] + [SET]
        problems = sort_problems(problems, dict.fromkeys(files))
        if len(problems) > MAX_ISSUES:  # a hostile file: the first ones say enough
            more = len(problems) - MAX_ISSUES
            problems = problems[:MAX_ISSUES] + [Problem(doc.file, message=(
                f"and {more} more problem(s) not shown; mend these first"))]
        raise ScenarioError(problems)
    scenario_id = model.id or path.stem
    try:
        params = build_params(model, scenario_id)
    except (KeyError, ValueError, TypeError) as exc:  # a gap in validation: still no traceback
        raise ScenarioError(Problem(doc.file, message=f"cannot build the game: {exc!r}")) \
            from exc
    return Scenario(scenario_id, path, doc.sha256, model, params, doc.extends)
