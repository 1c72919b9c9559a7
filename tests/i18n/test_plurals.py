"""CLDR plural rules and the count phrases built on them."""

from __future__ import annotations

import pytest

from sim.i18n import plural_category, tr


@pytest.mark.parametrize(("n", "form"), [
    (0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many"),
    (14, "many"), (21, "one"), (22, "few"), (25, "many"), (101, "one"), (111, "many"),
    (112, "many"), (1001, "one"), (1.5, "other"), (2.0, "few"), (-1, "one"), (-3, "few"),
])
def test_russian_categories(n, form):
    assert plural_category(n, "ru") == form


@pytest.mark.parametrize(("n", "form"), [(0, "other"), (1, "one"), (2, "other"), (11, "other"),
                                         (21, "other"), (1.5, "other"), (1.0, "one")])
def test_english_categories(n, form):
    assert plural_category(n, "en") == form


def test_unknown_language_uses_english_rules():
    assert plural_category(1, "xx") == "one"
    assert plural_category(2, "xx") == "other"


@pytest.mark.parametrize(("n", "text"), [
    (1, "1 клиент"), (2, "2 клиента"), (5, "5 клиентов"), (11, "11 клиентов"),
    (21, "21 клиент"), (22, "22 клиента"), (111, "111 клиентов"), (0, "0 клиентов"),
])
def test_russian_clients(n, text):
    assert tr("count.clients", "ru", count=n) == text


@pytest.mark.parametrize(("n", "text"), [
    (1, "1 неделю"), (2, "2 недели"), (4, "4 недели"), (5, "5 недель"), (11, "11 недель"),
    (12, "12 недель"), (21, "21 неделю"), (22, "22 недели"), (111, "111 недель"),
])
def test_russian_weeks(n, text):
    assert tr("count.weeks", "ru", count=n) == text


def test_russian_fractions_and_other_phrases():
    assert tr("count.hours", "ru", count=9.5) == "9,5 часа"
    assert tr("count.hours", "ru", count=1.0) == "1 час"
    assert tr("count.hours", "ru", count=5) == "5 часов"
    assert tr("count.incidents", "ru", count=3) == "3 инцидента"
    assert tr("count.requests", "ru", count=25) == "25 запросов"
    assert tr("count.staff", "ru", count=1) == "1 сотрудник"


def test_english_phrases():
    assert tr("count.weeks", "en", count=1) == "1 week"
    assert tr("count.weeks", "en", count=3) == "3 weeks"
    assert tr("count.hours", "en", count=9.5) == "9.5 hours"
    assert tr("count.clients", "en", count=21) == "21 clients"
    assert tr("count.staff", "en", count=2) == "2 staff members"


def test_plural_without_count_uses_other():
    assert tr("count.weeks", "en") == "{count} weeks"
