"""The game's words: a thin adapter over :mod:`sim.i18n` for the scenes.

The UI strings (keys ``ui.*``) live in the catalogs of :mod:`sim.i18n` with every other
text; plural phrases such as ``{n:count.weeks}`` work everywhere.
"""

from __future__ import annotations

from typing import Any

from sim import i18n

LANGS = i18n.LANGS

#: ``(lang, key)`` of UI strings asked for but missing from that language's catalog (a test
#: plays every scene in both languages and expects this to stay empty)
MISSING: set[tuple[str, str]] = set()


def t(key: str, lang: str, **params: Any) -> str:
    """The text of ``key`` in ``lang`` (English if that language lacks it)."""
    if key.startswith("ui.") and not i18n.has(key, lang):
        MISSING.add((lang, key))
    return i18n.tr(key, lang, **params)


has = i18n.has
number = i18n.number  # a number to read: "9.5", "9,5"

trait_label = i18n.trait_label
status_label = i18n.status_label


def note_text(note: Any, lang: str, currency: str | None = None) -> str:
    """One week-report sentence; amounts carry ``currency`` when it is given."""
    return i18n.note_text(note, lang, currency=currency)


def money(cents: int | float, currency: str, lang: str, *, whole: bool = True) -> str:
    """An amount of money for display; ``whole`` rounds to currency units (tables and
    meters), otherwise the cents are shown (:func:`sim.i18n.money`)."""
    return i18n.money(int(round(cents)), currency, lang, whole=whole)


def num(x: float, lang: str, decimals: int = 1) -> str:
    """A number for display in ``lang`` (``1,5`` in Russian): every number a screen shows
    goes through here or :func:`money`, never through an f-string."""
    return number(x, lang, decimals)


def signed(x: float, lang: str, decimals: int = 1) -> str:
    """A change with its sign: ``+1.5``, ``−0.5`` (a true minus sign), ``0``."""
    text = num(abs(x), lang, decimals)
    if text == num(0, lang, decimals):
        return text
    return ("+" if x > 0 else "−") + text


def localized(text: Any, lang: str) -> str:
    """A scenario text (a str, a ``{en, ru}`` mapping or a model with ``en``/``ru``)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, dict):
        return text.get(lang) or text.get("en") or ""
    return getattr(text, lang, None) or getattr(text, "en", "") or ""
