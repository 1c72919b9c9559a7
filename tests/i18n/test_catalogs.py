"""The catalogs themselves: well formed, the same keys and placeholders in every language."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from sim.i18n import LANGS, catalog_keys
from sim.i18n.catalog import CATALOGS, PLURAL_FORMS, PROBLEMS, load_catalogs

FOLDER = Path(__file__).resolve().parents[2] / "sim" / "i18n"
PARTS = sorted({p.name.split(".")[0] for p in FOLDER.glob("*.json")})


def _load(part: str, lang: str) -> dict:
    import json

    return json.loads((FOLDER / f"{part}.{lang}.json").read_text(encoding="utf-8"))


def _parsed(text: str) -> list[tuple[str, str]]:
    """(field name, format spec) of each placeholder."""
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text)
            if name is not None]


def test_catalogs_load_without_problems():
    assert PROBLEMS == []
    assert "core" in PARTS


@pytest.mark.parametrize("part", PARTS)
def test_every_part_has_every_language_with_the_same_keys(part):
    files = {lang: FOLDER / f"{part}.{lang}.json" for lang in LANGS}
    missing = [f.name for f in files.values() if not f.exists()]
    assert not missing, f"{part}: no {missing}"
    keys = {lang: set(_load(part, lang)) for lang in LANGS}
    for lang in LANGS[1:]:
        assert keys[lang] - keys["en"] == set(), f"{part}.{lang} has keys en lacks"
        assert keys["en"] - keys[lang] == set(), f"{part}.{lang} lacks keys en has"


def test_merged_catalogs_have_the_same_keys():
    assert catalog_keys("en") == catalog_keys("ru")


@pytest.mark.parametrize("lang", LANGS)
def test_values_are_strings_or_complete_plural_mappings(lang):
    for key, value in CATALOGS[lang].items():
        if isinstance(value, dict):
            assert set(value) == set(PLURAL_FORMS[lang]), f"{lang}: {key}: forms {set(value)}"
            for form, text in value.items():
                assert "{count" in text, f"{lang}: {key}.{form} does not show the count"
        else:
            assert isinstance(value, str) and value.strip(), f"{lang}: {key} is empty"


def test_plural_keys_agree_between_languages():
    for key, value in CATALOGS["en"].items():
        assert isinstance(value, dict) == isinstance(CATALOGS["ru"][key], dict), key


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_parses(lang):
    for key, value in CATALOGS[lang].items():
        for text in [value] if isinstance(value, str) else value.values():
            try:
                _parsed(text)
            except ValueError as exc:
                pytest.fail(f"{lang}: {key}: {exc}")


def test_placeholders_are_the_same_in_both_languages():
    for key, en in CATALOGS["en"].items():
        ru = CATALOGS["ru"][key]
        en_texts = [en] if isinstance(en, str) else list(en.values())
        ru_texts = [ru] if isinstance(ru, str) else list(ru.values())
        en_fields = {f for t in en_texts for f in _parsed(t)}
        ru_fields = {f for t in ru_texts for f in _parsed(t)}
        assert en_fields == ru_fields, f"{key}: en {sorted(en_fields)} / ru {sorted(ru_fields)}"


def test_plural_specs_name_plural_phrases():
    for lang in LANGS:
        for key, value in CATALOGS[lang].items():
            for text in [value] if isinstance(value, str) else value.values():
                for _name, spec in _parsed(text):
                    if spec.startswith("count."):
                        assert isinstance(CATALOGS[lang].get(spec), dict), f"{key}: {spec}"


def test_loader_reports_broken_files(tmp_path):
    (tmp_path / "a.en.json").write_text('{"x": "1", "x": "2"}', encoding="utf-8")
    (tmp_path / "b.en.json").write_text('{"y": 3}', encoding="utf-8")
    (tmp_path / "c.de.json").write_text("{}", encoding="utf-8")
    (tmp_path / "d.en.json").write_text('{"z": "1"}', encoding="utf-8")
    (tmp_path / "e.en.json").write_text('{"z": "2"}', encoding="utf-8")
    (tmp_path / "f.ru.json").write_text("not json", encoding="utf-8")
    catalogs, problems = load_catalogs(tmp_path)
    assert catalogs["en"] == {"z": "1"}
    assert len(problems) == 5
    assert any("duplicate key 'x'" in p for p in problems)
    assert any("e.en.json: z: already defined in d.en.json" in p for p in problems)
