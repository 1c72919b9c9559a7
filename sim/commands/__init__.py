"""Further ``python -m sim`` commands, one module each.

A module here defines ``ORDER`` (its place in ``sim --help``) and ``register(sub)``, which
adds its parser to the subparsers and sets ``func`` to a function ``(args) -> exit code``.
Raise :class:`sim.cli.UsageError` for bad input (exit 2, one line per problem). The command
line finds the modules by itself, so a new command touches no shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def command_modules() -> list[ModuleType]:
    """The command modules of this package, in their ``ORDER``."""
    mods = [importlib.import_module(f"{__name__}.{info.name}")
            for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")]
    return sorted((m for m in mods if hasattr(m, "register")),
                  key=lambda m: (getattr(m, "ORDER", 100), m.__name__))
