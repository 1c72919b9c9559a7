"""Where the shipped files are: scenarios, assets (fonts, licence, theme) and the schema.

In git they live at the top of the project (``scenarios/``, ``assets/``, ``schema/``), where
instructors and the design expect them. The build copies them into the package as
``sim/data/<name>/`` (see ``setup.py``), so an installed wheel, ``pipx install`` and an
editable install all find them here. Every module that reads a shipped file asks this one,
never ``Path(__file__).parents[...]``.

The package's folder is the one :func:`importlib.resources.files` gives for ``sim``; it is
taken from the package's import spec, as that function does for a package installed as
files, because importing :mod:`importlib.resources` (with zipfile and tempfile) would cost
``sim run`` a tenth of its start-up. A package that is not a folder (imported from a zip
archive) is refused with a clear error: the game's fonts must be real files.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

# pathlib (with urllib.parse and ipaddress, some 6 ms) is imported by the functions that
# return a Path: `sim run` finds its scenario with strings (:func:`scenario_file`)

#: The top-level folders of the project that ship inside the package.
SHIPPED = ("scenarios", "assets", "schema")
PACKAGE_FOLDER = "data"


@cache
def _package_folder() -> str:
    """:func:`package_dir` as a string."""
    spec = sys.modules["sim"].__spec__
    folders = list(spec.submodule_search_locations or []) if spec else []
    if len(folders) != 1 or not os.path.isdir(folders[0]):
        raise RuntimeError(f"the sim package is not installed as a folder: {folders}; "
                           "install the wheel (pip install not-always-right)")
    return folders[0]


@cache
def package_dir() -> Path:
    """The folder of the installed ``sim`` package (``importlib.resources.files("sim")``)."""
    from pathlib import Path

    return Path(_package_folder())


def _shipped(package: str, name: str) -> str:
    """The folder of shipped files ``name`` for the package folder ``package``."""
    if name not in SHIPPED:
        raise ValueError(f"not a shipped folder: {name!r}")
    installed = os.path.join(package, PACKAGE_FOLDER, name)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(package), name)


@cache
def shipped_dir(name: str) -> Path:
    """The folder of shipped files ``name`` (one of :data:`SHIPPED`).

    The package's own copy when the package is installed from a wheel; in a checkout (run
    from the source tree, or installed editable) the project's top-level folder.

    Args:
        name: ``"scenarios"``, ``"assets"`` or ``"schema"``.

    Returns:
        The folder (it exists unless the installation is broken).
    """
    from pathlib import Path

    return Path(_shipped(str(package_dir()), name))


def scenarios_dir() -> Path:
    """The folder of the shipped scenarios (``agency.yaml``, ...)."""
    return shipped_dir("scenarios")


def shipped_scenarios() -> list[Path]:
    """The shipped scenario files, sorted (without importing the scenario loader)."""
    return sorted(scenarios_dir().glob("*.yaml"))


def assets_dir() -> Path:
    """The folder of fonts, their licence and the theme."""
    return shipped_dir("assets")


def schema_file() -> Path:
    """The JSON Schema of scenario files (``scenario.schema.json``)."""
    return shipped_dir("schema") / "scenario.schema.json"


_SUFFIXES = (".yaml", ".yml")


def looks_like_path(ref: str) -> bool:
    """Whether a scenario reference is a path (``a.yaml``, ``x/y``) rather than a name."""
    return ref.endswith(_SUFFIXES) or "/" in ref or "\\" in ref


def find_scenario(ref: str) -> Path | None:
    """The file a scenario reference names, without reading it.

    A path is taken as it is (not checked for existence); a name is a shipped scenario, else
    a file of that name in the current folder.

    Args:
        ref: A shipped name such as ``"agency"``, or a path.

    Returns:
        The path, or ``None`` when ``ref`` is a name that matches nothing.
    """
    from pathlib import Path

    found = scenario_file(ref)
    return None if found is None else Path(found)


def scenario_file(ref: str) -> str | None:
    """:func:`find_scenario` as a string, without importing pathlib."""
    if looks_like_path(ref):
        return ref
    shipped = os.path.join(_shipped(_package_folder(), "scenarios"), f"{ref}.yaml")
    if os.path.isfile(shipped):
        return shipped
    if os.path.isfile(ref):
        return ref
    return None


def catalog_languages() -> tuple[str, ...]:
    """The languages with a catalog: English (the template) and each ``sim/i18n/<lang>.po``.

    Read from the file names alone, so a command's options can list them without loading
    the catalogs (``sim.i18n.LANGS`` is the same list once they are loaded).
    """
    found = sorted(p.stem for p in (package_dir() / "i18n").glob("*.po") if p.stem != "en")
    return ("en", *found)
