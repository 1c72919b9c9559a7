"""The catalogs themselves: complete in every language, with the same placeholders, the plural
forms each language needs (CLDR), and readable by translators' tools."""

from __future__ import annotations

import shutil
import string
import subprocess
from pathlib import Path

import pytest

from sim.i18n import LANGS, catalog_keys
from sim.i18n.catalog import CATALOGS, PLURAL_FORMS, PROBLEMS
from sim.i18n.loader import TEMPLATE, catalog_folder, load_catalogs, plural_forms

FOLDER = catalog_folder()
POT_HEADER = 'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=4; plural=0;\\n"\n\n'


def _parsed(text: str) -> list[tuple[str, str]]:
    """(field name, format spec) of each placeholder."""
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text)
            if name is not None]


def test_catalogs_load_without_problems():
    """Every message of the template is translated, current and not fuzzy in every
    language, with the plural forms the language needs (the loader reports each gap)."""
    assert PROBLEMS == []
    assert len(CATALOGS["en"]) > 100


def test_languages_are_the_catalog_files():
    assert LANGS[0] == "en"
    assert LANGS[1:] == tuple(sorted(p.stem for p in FOLDER.glob("*.po")))
    assert "ru" in LANGS and (FOLDER / TEMPLATE).is_file()


def test_merged_catalogs_have_the_same_keys():
    for lang in LANGS[1:]:
        assert catalog_keys(lang) == catalog_keys("en"), lang


@pytest.mark.parametrize("lang", LANGS)
def test_values_are_strings_or_complete_plural_mappings(lang):
    for key, value in CATALOGS[lang].items():
        if isinstance(value, dict):
            assert tuple(value) == PLURAL_FORMS[lang], f"{lang}: {key}: forms {set(value)}"
            for form, text in value.items():
                assert "{count" in text, f"{lang}: {key}.{form} does not show the count"
        else:
            assert isinstance(value, str) and value.strip(), f"{lang}: {key} is empty"


def test_plural_forms_are_cldr_categories():
    assert plural_forms("en") == ("one", "other")
    assert plural_forms("ru") == ("one", "few", "many", "other")
    assert plural_forms("pl") == ("one", "few", "many", "other")
    with pytest.raises(ValueError):
        plural_forms("no-such-language")


def test_plural_keys_agree_between_languages():
    for lang in LANGS[1:]:
        for key, value in CATALOGS["en"].items():
            assert isinstance(value, dict) == isinstance(CATALOGS[lang][key], dict), key


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_parses(lang):
    for key, value in CATALOGS[lang].items():
        for text in [value] if isinstance(value, str) else value.values():
            try:
                _parsed(text)
            except ValueError as exc:
                pytest.fail(f"{lang}: {key}: {exc}")


@pytest.mark.parametrize("lang", LANGS[1:])
def test_placeholders_are_the_same_in_every_language(lang):
    for key, en in CATALOGS["en"].items():
        other = CATALOGS[lang][key]
        en_texts = [en] if isinstance(en, str) else list(en.values())
        texts = [other] if isinstance(other, str) else list(other.values())
        en_fields = {f for t in en_texts for f in _parsed(t)}
        fields = {f for t in texts for f in _parsed(t)}
        assert en_fields == fields, f"{key}: en {sorted(en_fields)} / {lang} {sorted(fields)}"


def test_plural_specs_name_plural_phrases():
    for lang in LANGS:
        for key, value in CATALOGS[lang].items():
            for text in [value] if isinstance(value, str) else value.values():
                for _name, spec in _parsed(text):
                    if spec.startswith("count."):
                        assert isinstance(CATALOGS[lang].get(spec), dict), f"{key}: {spec}"


def _write(folder: Path, name: str, body: str, header: str = "") -> None:
    (folder / name).write_text(header + body, encoding="utf-8")


def test_loader_reports_broken_and_incomplete_files(tmp_path):
    _write(tmp_path, TEMPLATE, 'msgctxt "a"\nmsgid "A"\nmsgstr ""\n\n'
           'msgctxt "n"\nmsgid "{count} x"\nmsgid_plural "{count} xs"\nmsgstr[0] ""\n'
           'msgstr[1] ""\n\n'
           'msgctxt "b"\nmsgid "B"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "again"\nmsgstr ""\n')
    _write(tmp_path, "ru.po", header=POT_HEADER, body=(
        '#, fuzzy\nmsgctxt "a"\nmsgid "A"\nmsgstr "А"\n\n'
        'msgctxt "n"\nmsgid "{count} x"\nmsgid_plural "{count} xs"\nmsgstr[0] "{count} икс"\n'
        'msgstr[1] "{count} икса"\n\n'
        'msgctxt "zz"\nmsgid "Z"\nmsgstr "Я"\n'))
    _write(tmp_path, "de.po", 'msgctxt "b"\nmsgid "old B"\nmsgstr "B"\n', header=(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'))
    _write(tmp_path, "xx-nowhere.po", "")
    _write(tmp_path, "fr.po", 'msgid "unterminated\n')
    catalogs, problems = load_catalogs(tmp_path)
    assert catalogs["en"] == {"a": "A", "n": {"one": "{count} x", "other": "{count} xs"},
                              "b": "B"}
    assert catalogs["ru"] == {} and catalogs["de"] == {"b": "B"}
    assert "fr" not in catalogs and "xx-nowhere" not in catalogs
    expect = ["messages.pot:15: a: defined twice", "ru.po:6: a: marked fuzzy",
              "ru.po:10: n: 2 plural forms, the language has 4 (one, few, many, other)",
              "ru.po:16: zz: not in messages.pot", "ru.po: b: missing",
              "de.po:5: b: translated from an older English text", "de.po: a: missing",
              "de.po: n: missing", "fr.po: 1: expected a quoted string",
              "xx-nowhere.po: not a language CLDR knows"]
    for line in expect:
        assert any(p.startswith(line) for p in problems), (line, problems)
    assert len(problems) == len(expect), problems


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("lang", LANGS[1:])
def test_gettext_reads_the_catalog(lang):
    """GNU msgfmt, the reference every PO editor follows, accepts each file and its plural
    header (format strings are not checked: Babel flags "% of" as a %-directive)."""
    r = subprocess.run(["msgfmt", "--check-header", "--check-domain", "-o", "/dev/null",
                        str(FOLDER / f"{lang}.po")], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr


def test_a_new_language_is_one_file(tmp_path):
    """``pybabel init`` of the template, translated: the loader finds the language, with its
    CLDR plural forms and no problem, and no code names it."""
    pofile = pytest.importorskip("babel.messages.pofile")
    shutil.copy(FOLDER / TEMPLATE, tmp_path / TEMPLATE)
    with open(FOLDER / TEMPLATE, "rb") as f:
        catalog = pofile.read_po(f, locale="de")
    for msg in catalog:
        if msg.id:
            msg.string = ("DE " + msg.id[0], "DE " + msg.id[1]) if msg.pluralizable \
                else "DE " + msg.id
    with open(tmp_path / "de.po", "wb") as f:
        pofile.write_po(f, catalog)
    catalogs, problems = load_catalogs(tmp_path)
    assert problems == []
    assert list(catalogs) == ["en", "de"]
    assert catalogs["de"]["count.weeks"] == {"one": "DE {count} week",
                                             "other": "DE {count} weeks"}
