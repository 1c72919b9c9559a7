"""Numbers and money written the way each language writes them.

English: ``1,234.50`` and ``€1,234.50``. Russian: ``1 234,50`` (a narrow no-break space
groups thousands, a comma starts the decimals) and ``1 234,50 €`` (a no-break space before the
symbol). Negative amounts start with a hyphen-minus, as CLDR writes them in both languages.
"""

from __future__ import annotations

NNBSP = "\u202f"  # narrow no-break space: Russian thousands separator
NBSP = "\u00a0"  # no-break space: between a Russian amount and its currency sign

#: Signs we print instead of the ISO code (all of them are in the shipped font).
CURRENCY_SIGNS = {
    "EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽", "JPY": "¥", "UAH": "₴", "KZT": "₸",
    "INR": "₹", "TRY": "₺", "ILS": "₪", "KRW": "₩",
}

_SEPARATORS = {"en": (",", "."), "ru": (NNBSP, ",")}


def _separators(lang: str) -> tuple[str, str]:
    return _SEPARATORS.get(lang, _SEPARATORS["en"])


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def _fixed(value: float, decimals: int, lang: str, trim: bool) -> str:
    group, point = _separators(lang)
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    if trim:
        frac = frac.rstrip("0")
    sign = "-" if value < 0 and (int(whole) or any(ch != "0" for ch in frac)) else ""
    return sign + _group(whole, group) + (point + frac if frac else "")


def number(value: float, lang: str, decimals: int = 2) -> str:
    """Write a number for reading: grouped thousands, at most ``decimals`` decimals.

    Trailing zeros are dropped, so ``4.0`` is ``"4"`` and ``9.50`` is ``"9.5"`` (``"9,5"`` in
    Russian).

    Args:
        value: The number.
        lang: ``"en"`` or ``"ru"`` (anything else is written as English).
        decimals: The most decimals to show.

    Returns:
        The number as text.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return _fixed(value, 0, lang, trim=True)
    return _fixed(float(value), decimals, lang, trim=True)


def money(cents: int, currency: str, lang: str, *, whole: bool = False) -> str:
    """Write an amount of money.

    Args:
        cents: The amount in cents (hundredths of the currency unit).
        currency: A three-letter code such as ``"EUR"``; codes without a known sign are
            written out (``"1,234.50 CHF"``).
        lang: ``"en"`` or ``"ru"`` (anything else is written as English).
        whole: Round to whole currency units (tables and meters): ``"€1,235"``.

    Returns:
        ``"€1,234.50"`` / ``"-€1,234.50"`` in English, ``"1 234,50 €"`` / ``"-1 234,50 €"``
        in Russian.
    """
    cents = int(round(cents))
    if whole:
        units = round(cents / 100)
        sign = "-" if units < 0 else ""
        body = _group(str(abs(units)), _separators(lang)[0])
    else:
        sign = "-" if cents < 0 else ""
        body = _fixed(abs(cents) / 100, 2, lang, trim=False)
    code = str(currency or "").upper()
    symbol = CURRENCY_SIGNS.get(code)
    if lang == "ru":
        return f"{sign}{body}{NBSP}{symbol or code}".rstrip(NBSP)
    if symbol:
        return f"{sign}{symbol}{body}"
    return f"{sign}{body} {code}".rstrip()


def money_units(value: float, currency: str | None, lang: str) -> str:
    """Write an amount given in currency units (as engine notes carry it).

    Args:
        value: The amount in currency units, e.g. ``1234.5``.
        currency: A currency code, or ``None`` to write the bare amount with two decimals.
        lang: ``"en"`` or ``"ru"``.

    Returns:
        The amount as text.
    """
    cents = int(round(float(value) * 100))
    if currency:
        return money(cents, currency, lang)
    sign = "-" if cents < 0 else ""
    return sign + _fixed(abs(cents) / 100, 2, lang, trim=False)
