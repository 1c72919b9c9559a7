"""The JSON Schema of the scenario format, generated from the models (for editors: every
shipped scenario starts with ``# yaml-language-server: $schema=../schema/scenario.schema.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..files import atomic_write
from .models import ScenarioModel

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _tidy(node: Any) -> Any:
    """Drop ``"default": null`` (a left-out field takes the engine's default, it is not null)."""
    if isinstance(node, dict):
        return {k: _tidy(v) for k, v in node.items() if not (k == "default" and v is None)}
    if isinstance(node, list):
        return [_tidy(v) for v in node]
    return node


def scenario_json_schema() -> dict:
    """The JSON Schema of a scenario file, generated from :class:`ScenarioModel`."""
    schema = _tidy(ScenarioModel.model_json_schema(mode="validation"))
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_text() -> str:
    """The schema as written to ``schema/scenario.schema.json``: sorted keys, 2-space indent,
    a trailing newline."""
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: str | Path) -> None:
    """Write the JSON Schema to ``path`` atomically (temporary file, fsync, replace).

    Args:
        path: The file to write, usually ``schema/scenario.schema.json``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, schema_text())
