"""The public API: lookups, fallbacks and labels."""

from __future__ import annotations

import sim.i18n as i18n
from sim.i18n import LANGS, catalog_keys, has, status_label, tr, trait_label


def test_public_names():
    assert LANGS == ("en", "ru")
    for name in ("LANGS", "tr", "has", "note_text", "trait_label", "status_label", "money",
                 "plural_category", "catalog_keys"):
        assert hasattr(i18n, name), name


def test_unknown_key_is_shown_in_brackets():
    assert tr("no.such.key", "en") == "[no.such.key]"
    assert tr("no.such.key", "ru", count=3) == "[no.such.key]"
    assert not has("no.such.key", "en")


def test_unknown_language_falls_back_to_english():
    assert tr("meter.cash", "xx") == tr("meter.cash", "en") == "Cash"
    assert has("meter.cash", "xx")
    assert catalog_keys("xx") == catalog_keys("en")


def test_key_and_lang_may_be_params():
    assert tr("illegal.bad_tag", "en", trait="vampire", key="k", lang="l") == \
        "Unknown client type: vampire."


def test_missing_params_never_raise():
    assert tr("illegal.bad_tag", "en") == "Unknown client type: {trait}."
    assert tr("count.weeks", "ru", count="lots") == "lots недели"
    assert tr("count.weeks", "ru", count=None) == "None недели"


def test_trait_labels():
    assert trait_label("vampire", "en") == "time eater"
    assert trait_label("vampire", "ru") == "вампир"
    for name in ("core", "loyal", "haggler", "vampire", "dead", "know_better"):
        for lang in LANGS:
            assert trait_label(name, lang) != name or lang == "en"
            assert has(f"trait.{name}.about", lang)
    assert trait_label("scenario_special", "ru") == "scenario_special"


def test_status_labels():
    assert status_label("fired_polite", "en") == "let go politely"
    assert status_label("churned", "ru") == "ушёл"
    assert status_label("unheard_of", "ru") == "unheard_of"
