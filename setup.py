"""Build hook: ship the project's top-level data folders inside the ``sim`` package.

``scenarios/``, ``assets/`` and ``schema/`` stay at the top of the project in git; a wheel (and
so ``pip install``, ``pipx install`` and a build from the sdist) gets a copy of each under
``sim/data/``, where :mod:`sim.resources` finds them. An editable install and a checkout read
the top-level folders themselves, so there is never a second copy to keep in step.
Everything else about the build is in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("scenarios", "assets", "schema")  # the same list as sim.resources.SHIPPED


class BuildWithData(build_py):
    """``build_py`` that also copies the shipped folders to ``sim/data/`` in the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's folders
        for name in SHIPPED:
            target = Path(self.build_lib) / "sim" / "data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildWithData})
