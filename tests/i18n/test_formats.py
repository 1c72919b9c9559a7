"""Money and numbers as each language writes them."""

from __future__ import annotations

import pytest

from sim.i18n import money, tr
from sim.i18n.formats import NBSP, fixed, money_units, number


@pytest.mark.parametrize(("cents", "currency", "text"), [
    (123450, "EUR", "€1,234.50"),
    (-123450, "EUR", "-€1,234.50"),
    (0, "EUR", "€0.00"),
    (5, "USD", "$0.05"),
    (123456789, "GBP", "£1,234,567.89"),
    (99999, "RUB", f"RUB{NBSP}999.99"),  # CLDR: English has no sign for the rouble
    (123450, "CHF", f"CHF{NBSP}1,234.50"),
    (-123450, "CHF", f"-CHF{NBSP}1,234.50"),
])
def test_money_en(cents, currency, text):
    assert money(cents, currency, "en") == text


@pytest.mark.parametrize(("cents", "currency", "text"), [
    (123450, "EUR", f"1{NBSP}234,50{NBSP}€"),
    (-123450, "EUR", f"-1{NBSP}234,50{NBSP}€"),
    (0, "RUB", f"0,00{NBSP}₽"),
    (123456789, "RUB", f"1{NBSP}234{NBSP}567,89{NBSP}₽"),
    (99999, "EUR", f"999,99{NBSP}€"),
    (123450, "CHF", f"1{NBSP}234,50{NBSP}CHF"),
    (-5, "USD", f"-0,05{NBSP}$"),
])
def test_money_ru(cents, currency, text):
    assert money(cents, currency, "ru") == text


@pytest.mark.parametrize(("cents", "currency", "lang", "text"), [
    (123450, "EUR", "en", "€1,234"), (123460, "EUR", "en", "€1,235"),
    (-244_900, "EUR", "en", "-€2,449"), (-40, "EUR", "en", "€0"),
    (123450, "RUB", "ru", f"1{NBSP}234{NBSP}₽"), (500_000, "CHF", "en", f"CHF{NBSP}5,000"),
    (100, "JPY", "ru", f"1{NBSP}¥"),
])
def test_money_in_whole_units(cents, currency, lang, text):
    """Tables and meters show whole units, grouped and signed as the full amounts are."""
    assert money(cents, currency, lang, whole=True) == text


def test_money_unknown_language_is_english():
    assert money(123450, "EUR", "de") == "€1,234.50"


def test_money_units_rounds_to_cents():
    assert money_units(1234.5, "EUR", "en") == "€1,234.50"
    assert money_units(-0.004, "EUR", "en") == "€0.00"
    assert money_units(2800.0, None, "ru") == f"2{NBSP}800,00"
    assert money_units(-1520.456, None, "en") == "-1,520.46"


@pytest.mark.parametrize(("value", "lang", "text"), [
    (9.5, "en", "9.5"), (9.5, "ru", "9,5"), (4.0, "en", "4"), (1234.567, "en", "1,234.57"),
    (1234.567, "ru", f"1{NBSP}234,57"), (3, "ru", "3"), (-2.25, "ru", "-2,25"),
    (-0.001, "en", "0"),
])
def test_number(value, lang, text):
    assert number(value, lang) == text


@pytest.mark.parametrize(("value", "lang", "decimals", "text"), [
    (189.1, "ru", 1, "189,1"), (189.1, "en", 1, "189.1"), (4, "en", 1, "4.0"),
    (4, "ru", 1, "4,0"), (12345.678, "ru", 2, f"12{NBSP}345,68"), (-0.04, "en", 1, "0.0"),
    (0.25, "en", 0, "0"), (2.5, "xx", 1, "2.5"),
])
def test_fixed(value, lang, decimals, text):
    """Columns and meters keep their decimals; Russian never reads 189.1."""
    assert fixed(value, lang, decimals) == text


def test_money_and_standard_specs_in_templates(monkeypatch):
    from sim.i18n import catalog

    monkeypatch.setitem(catalog.CATALOGS["en"], "t.x", "{a:money} {b:.1f} {c:,}")
    monkeypatch.setitem(catalog.CATALOGS["ru"], "t.x", "{a:money} {b:.1f} {c:,}")
    assert tr("t.x", "en", a=12.5, b=2.25, c=12345, currency="EUR") == "€12.50 2.2 12,345"
    assert tr("t.x", "ru", a=12.5, b=2.25, c=12345, currency="EUR") == \
        f"12,50{NBSP}€ 2,2 12{NBSP}345"


def test_numpy_and_decimal_values_are_written_as_numbers():
    from decimal import Decimal

    import numpy as np

    assert tr("illegal.no_client", "ru", id=np.int64(12)) == "Клиента с номером 12 нет."
    assert tr("count.hours", "ru", count=np.float64(9.5)) == "9,5 часа"
    assert tr("illegal.out_of_range", "ru", value=Decimal("4.5"), lo=0, hi=3) == \
        "Значение 4,5 вне допустимых пределов 0–3."
