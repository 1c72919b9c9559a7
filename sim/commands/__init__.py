"""Further ``python -m sim`` commands, one module each.

A module here defines ``ORDER`` (its place in ``sim --help``) and ``register(sub)``, which
adds its parser to the subparsers and sets ``func`` to a function ``(args) -> exit code``.
Raise :class:`sim.cli.UsageError` for bad input (exit 2, one line per problem). The command
line finds the modules by itself, so a new command touches no shared file; the module's name
is the command's name, so ``sim NAME`` imports that module alone.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def command_names() -> list[str]:
    """The names of the commands here (a module's name is its command's), without importing
    any of them."""
    return [info.name for info in pkgutil.iter_modules(__path__)
            if not info.name.startswith("_")]


def command_module(name: str) -> ModuleType:
    """The module of the command ``name`` (one of :func:`command_names`)."""
    return importlib.import_module(f"{__name__}.{name}")


def command_modules() -> list[ModuleType]:
    """The command modules of this package, in their ``ORDER``."""
    mods = [command_module(name) for name in command_names()]
    return sorted((m for m in mods if hasattr(m, "register")),
                  key=lambda m: (getattr(m, "ORDER", 100), m.__name__))
