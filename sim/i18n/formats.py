"""Numbers and money written the way each language writes them, by CLDR (through Babel).

English: ``1,234.5`` and ``€1,234.50``. Russian: ``1 234,5`` (a no-break space groups
thousands, a comma starts the decimals) and ``1 234,50 €``. A language without a catalog is
written as English, like its texts. Babel is imported on first use, so commands that write
no text never pay for it; results are cached, since a screen writes the same numbers every
frame.
"""

from __future__ import annotations

import copy
import re
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any

NBSP = "\u00a0"  # no-break space: CLDR's Russian thousands separator and currency spacing

#: Currency codes the tests draw in every language (their signs must be in the shipped font).
COMMON_CURRENCIES = ("EUR", "USD", "GBP", "RUB", "JPY", "UAH", "KZT", "INR", "TRY", "ILS",
                     "KRW", "CHF", "SEK", "PLN", "CZK")

# CLDR's currencySpacing, which Babel does not apply: a letter sign next to a digit gets a
# no-break space ("CHF 1,234.50", not "CHF1,234.50")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d])(?=[\d-])|(?<=\d)(?=[^\W\d])")


@lru_cache(maxsize=16)
def _locale(lang: str) -> Any:
    from babel import Locale

    from .catalog import resolve_lang

    return Locale.parse(resolve_lang(lang))


def _decimal(value: float, decimals: int) -> Decimal:
    """``value`` rounded to ``decimals`` places, without a negative zero."""
    d = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return d if d else abs(d)


def _with_decimals(pattern: Any, least: int, most: int) -> Any:
    """A copy of a CLDR number pattern showing between ``least`` and ``most`` decimals."""
    out = copy.copy(pattern)
    out.frac_prec = (least, most)
    return out


@lru_cache(maxsize=8192)
def _number(value: float, lang: str, decimals: int, fixed: bool) -> str:
    locale = _locale(lang)
    pattern = _with_decimals(locale.decimal_formats[None], decimals if fixed else 0, decimals)
    return pattern.apply(_decimal(value, decimals), locale)


def number(value: float, lang: str, decimals: int = 2) -> str:
    """Write a number for reading: grouped thousands, at most ``decimals`` decimals.

    Trailing zeros are dropped, so ``4.0`` is ``"4"`` and ``9.50`` is ``"9.5"`` (``"9,5"`` in
    Russian).

    Args:
        value: The number.
        lang: A language code (one without a catalog is written as English).
        decimals: The most decimals to show.

    Returns:
        The number as text.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return _number(value, lang, 0, False)
    return _number(float(value), lang, decimals, False)


def fixed(value: float, lang: str, decimals: int = 1) -> str:
    """Write a number with exactly ``decimals`` decimals (``"4.0"``, ``"189,1"``): for
    columns and meters, where the digits should line up.

    Args:
        value: The number.
        lang: A language code.
        decimals: The decimals to show.

    Returns:
        The number as text.
    """
    return _number(float(value), lang, decimals, True)


def localise_digits(text: str, lang: str) -> str:
    """A number Python wrote (``format(x, ".1f")``, ``",d"``) with the language's separators
    instead of ``,`` and ``.``."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = _locale(lang)
    group, point = get_group_symbol(locale), get_decimal_symbol(locale)
    if (group, point) == (",", "."):
        return text
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


@lru_cache(maxsize=8192)
def _money(cents: int, currency: str, lang: str, whole: bool) -> str:
    locale = _locale(lang)
    amount = Decimal(round(cents / 100)) if whole else Decimal(cents).scaleb(-2)
    digits = 0 if whole else 2
    pattern = _with_decimals(locale.currency_formats["standard"], digits, digits)
    text = pattern.apply(amount if amount else abs(amount), locale, currency=currency,
                         currency_digits=False)
    return _LETTER_DIGIT.sub(NBSP, text)


def money(cents: int, currency: str, lang: str, *, whole: bool = False) -> str:
    """Write an amount of money.

    Args:
        cents: The amount in cents (hundredths of the currency unit).
        currency: A three-letter code such as ``"EUR"``; the sign is the language's (CLDR),
            or the code itself where the language has none (``"CHF 1,234.50"``).
        lang: A language code (one without a catalog is written as English).
        whole: Round to whole currency units (tables and meters): ``"€1,235"``.

    Returns:
        ``"€1,234.50"`` / ``"-€1,234.50"`` in English, ``"1 234,50 €"`` / ``"-1 234,50 €"``
        in Russian.
    """
    code = str(currency or "").upper()
    if not code:  # no currency: the bare amount
        return number(round(cents / 100), lang) if whole else fixed(cents / 100, lang, 2)
    return _money(int(round(cents)), code, lang, whole)


def money_units(value: float, currency: str | None, lang: str) -> str:
    """Write an amount given in currency units (as engine notes carry it).

    Args:
        value: The amount in currency units, e.g. ``1234.5``.
        currency: A currency code, or ``None`` to write the bare amount with two decimals.
        lang: A language code.

    Returns:
        The amount as text.
    """
    cents = int(round(float(value) * 100))
    if currency:
        return money(cents, currency, lang)
    return fixed(cents / 100, lang, 2)
