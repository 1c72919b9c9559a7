"""Message catalogs: loading, lookup, formatting and plural rules.

Catalogs are gettext files beside this module: ``messages.pot`` holds the English texts and
``<lang>.po`` each translation, keyed by ``msgctxt`` (:mod:`sim.i18n.loader`). They are read
at import into one flat dict per language, where a value is either a string or a plural
mapping ``{"one": ..., "few": ..., "many": ..., "other": ...}`` (the language's CLDR
categories) chosen by the ``count`` parameter.

Formatting is ``str.format`` with two additions in the format spec, so a sentence can say
"3 weeks" or "€1,200.00" with correct grammar in both languages:

- ``{weeks:count.weeks}`` writes the number through the plural phrase ``count.weeks``
  ("3 недели", "5 недель");
- ``{cost:money}`` writes an amount in currency units with the ``currency`` parameter's
  sign, or as a bare amount with two decimals when no currency is given.

Numbers without a spec are written for reading in the language (``9.5`` / ``9,5``).
"""

from __future__ import annotations

import numbers
import string
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .formats import _locale, localise_digits, money_units, number
from .loader import SOURCE_LANG, Message, load_catalogs, plural_forms

DEFAULT_LANG = SOURCE_LANG


CATALOGS, PROBLEMS = load_catalogs()

#: The languages with a catalog: English, then those of the ``<lang>.po`` files.
LANGS = tuple(CATALOGS)

#: The plural forms each language's plural messages have (CLDR, integers and fractions).
PLURAL_FORMS = {lang: plural_forms(lang) for lang in LANGS}


def resolve_lang(lang: str) -> str:
    """``lang`` if a catalog exists for it, else English."""
    return lang if lang in CATALOGS else DEFAULT_LANG


def plural_category(n: float, lang: str) -> str:
    """The CLDR plural category of ``n`` in ``lang``.

    The rules are CLDR's (Babel): English ``one`` for 1, ``other`` otherwise; Russian ``one``
    (1, 21, 101, not 11), ``few`` (2-4, 22-24, not 12-14), ``many`` (other integers),
    ``other`` (fractions). A float with no fraction counts as an integer; a language without
    a catalog uses English rules.

    Args:
        n: The number being counted.
        lang: The language code.

    Returns:
        One of ``"one"``, ``"few"``, ``"many"``, ``"other"``.
    """
    n = _plain_number(n)
    if isinstance(n, float) and n.is_integer():
        n = int(n)  # a whole amount counts as an integer: "2.0 weeks" are "2 недели"
    return _locale(lang).plural_form(n)


def pick_form(message: Message, lang: str, params: Mapping[str, Any]) -> str:
    """The template of ``message``: itself, or its plural form for ``params["count"]``
    (``other`` when there is no usable count)."""
    if isinstance(message, str):
        return message
    try:
        form = plural_category(params["count"], lang)
    except (KeyError, TypeError, ValueError, OverflowError):
        form = "other"  # no usable count: never raise in the game
    return message.get(form) or message.get("other") or next(iter(message.values()))


def _plain_number(value: Any) -> Any:
    """numpy scalars and ``Decimal`` as ``int``/``float``, so they are written like numbers."""
    if isinstance(value, bool | int | float) or not isinstance(value, numbers.Number):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real | Decimal):
        return float(value)
    return value


#: placeholders that hold an identifier, not a quantity: written without digit grouping
IDENTIFIERS = frozenset({"seed"})


class _Formatter(string.Formatter):
    """``str.format`` plus the ``count.*`` and ``money`` specs and localised numbers."""

    def __init__(self, lang: str, currency: str | None) -> None:
        super().__init__()
        self.lang = lang
        self.currency = currency

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        value = super().get_value(key, args, kwargs)
        # a seed names a game and is typed back as shown: digits, never "725,252"
        return str(value) if key in IDENTIFIERS and isinstance(value, numbers.Integral) \
            else value

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("count."):
            return tr(format_spec, self.lang, count=value)
        if format_spec == "money":
            return money_units(value, self.currency, self.lang)
        value = _plain_number(value)
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and not format_spec:
            return number(value, self.lang)
        text = format(value, format_spec)
        # a standard spec wrote English separators: the language's instead
        return localise_digits(text, self.lang) if numeric else text


def render(template: str, lang: str, params: Mapping[str, Any]) -> str:
    """Fill ``template`` with ``params``; on any formatting error return it unfilled.

    Args:
        template: A catalog string.
        lang: The language (for numbers and plural phrases).
        params: The values; ``currency`` is used by the ``money`` spec.

    Returns:
        The text.
    """
    try:
        return _Formatter(lang, params.get("currency")).vformat(template, (), params)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return template


def tr(key: str, lang: str, /, **params: Any) -> str:
    """The message ``key`` in ``lang``, filled with ``params``.

    Args:
        key: A catalog key such as ``"note.left_waiting"``.
        lang: ``"en"`` or ``"ru"``; unknown languages fall back to English, and so does a
            key that only English has.
        **params: Values for the placeholders; a plural message needs ``count``.

    Returns:
        The text, or ``"[key]"`` for a key no catalog has (the game never raises here).
    """
    lang = resolve_lang(lang)
    message = CATALOGS[lang].get(key)
    if message is None:
        message = CATALOGS[DEFAULT_LANG].get(key)
    if message is None:
        return f"[{key}]"
    return render(pick_form(message, lang, params), lang, params)


def has(key: str, lang: str) -> bool:
    """Whether the catalog of ``lang`` (English if unknown) has ``key`` itself."""
    return key in CATALOGS[resolve_lang(lang)]


def catalog_keys(lang: str) -> set[str]:
    """All keys of ``lang``'s merged catalog (English's if the language is unknown)."""
    return set(CATALOGS[resolve_lang(lang)])


def message(key: str, lang: str) -> Message | None:
    """The raw catalog value of ``key`` in ``lang`` (no fallback), or ``None``."""
    return CATALOGS[resolve_lang(lang)].get(key)


def fields(value: Message) -> set[str]:
    """The placeholder names a message uses (over all its plural forms)."""
    texts = [value] if isinstance(value, str) else list(value.values())
    names: set[str] = set()
    for text in texts:
        for _, name, _, _ in string.Formatter().parse(text):
            if name:
                names.add(name.split(".")[0].split("[")[0])
    return names
