"""Shipped files are found where the package is, as importlib.resources sees it."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from sim import resources
from sim.i18n.loader import catalog_folder

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_folder_is_the_one_importlib_resources_gives():
    assert resources.package_dir() == Path(str(files("sim")))
    assert catalog_folder() == Path(str(files("sim.i18n")))


def test_a_checkout_reads_its_top_level_folders():
    if (resources.package_dir() / resources.PACKAGE_FOLDER).is_dir():
        pytest.skip("running from an installed wheel")
    assert resources.scenarios_dir() == ROOT / "scenarios"
    assert resources.assets_dir() == ROOT / "assets"
    assert resources.schema_file() == ROOT / "schema" / "scenario.schema.json"


def test_every_shipped_kind_exists():
    assert (resources.scenarios_dir() / "agency.yaml").is_file()
    assert (resources.assets_dir() / "theme.json").is_file()
    assert (resources.assets_dir() / "fonts" / "DejaVuSans.ttf").is_file()
    assert (resources.assets_dir() / "fonts" / "LICENSE-DejaVu.txt").is_file()
    assert resources.schema_file().is_file()
    with pytest.raises(ValueError):
        resources.shipped_dir("tests")


def test_an_installed_copy_wins(tmp_path, monkeypatch):
    """What a wheel looks like: sim/data/<name>/ inside the package."""
    fake = tmp_path / "sim"
    (fake / "data" / "scenarios").mkdir(parents=True)
    monkeypatch.setattr(resources, "package_dir", lambda: fake)
    resources.shipped_dir.cache_clear()
    try:
        assert resources.scenarios_dir() == fake / "data" / "scenarios"
        assert resources.assets_dir() == tmp_path / "assets"  # not shipped in this fake
    finally:
        resources.shipped_dir.cache_clear()


def test_find_scenario():
    assert resources.find_scenario("agency") == resources.scenarios_dir() / "agency.yaml"
    assert resources.find_scenario("x/y.yaml") == Path("x/y.yaml")
    assert resources.find_scenario("no-such-scenario") is None


def test_the_language_list_from_file_names_is_the_loaded_one():
    from sim.i18n import LANGS

    assert resources.catalog_languages() == LANGS
