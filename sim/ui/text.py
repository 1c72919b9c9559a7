"""The game's words: a thin adapter over :mod:`sim.i18n`.

Scenes call :func:`t` and friends with the current language. When ``sim.i18n`` cannot be
imported (it is written in parallel), the UI catalogs ``sim/i18n/ui.<lang>.json`` are read
directly so the front end still shows its own strings.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGS = ("en", "ru")
_CATALOG_DIR = Path(__file__).resolve().parents[1] / "i18n"

try:  # pragma: no cover - depends on the colleague's module being present
    from sim import i18n as _i18n

    _HAVE_I18N = hasattr(_i18n, "tr")
except ImportError:  # pragma: no cover
    _i18n = None
    _HAVE_I18N = False


@lru_cache(maxsize=4)
def ui_catalog(lang: str) -> dict[str, str]:
    """The UI strings of one language, straight from ``ui.<lang>.json``."""
    path = _CATALOG_DIR / f"ui.{lang}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _format(text: str, params: dict[str, Any]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


#: ``(lang, key)`` of UI strings asked for but missing from that language's catalog (a test
#: plays every scene in both languages and expects this to stay empty)
MISSING: set[tuple[str, str]] = set()


def t(key: str, lang: str, **params: Any) -> str:
    """The text of ``key`` in ``lang``; the key itself when no catalog has it.

    UI strings come from ``ui.<lang>.json``; ``sim.i18n`` (which merges that file into its
    catalogs) fills them, so plural phrases such as ``{n:count.weeks}`` work.
    """
    if key.startswith("ui."):
        if key not in ui_catalog(lang):
            MISSING.add((lang, key))
        if not _HAVE_I18N or not _i18n.has(key, lang):
            text = ui_catalog(lang).get(key) or ui_catalog("en").get(key)
            if text is not None:
                return _format(text, params)
    if _HAVE_I18N:
        try:
            out = _i18n.tr(key, lang, **params)
            if isinstance(out, str) and out and out != f"[{key}]":
                return out
        except Exception:  # noqa: BLE001 - a missing key must never crash the game
            pass
    return key


def has(key: str, lang: str) -> bool:
    """True when ``key`` has a text of its own (not just the key echoed back)."""
    if key in ui_catalog(lang):
        return True
    if _HAVE_I18N and hasattr(_i18n, "has"):
        try:
            return bool(_i18n.has(key, lang))
        except Exception:  # noqa: BLE001
            return False
    return False


def note_text(note: Any, lang: str) -> str:
    """One week-report sentence."""
    if _HAVE_I18N and hasattr(_i18n, "note_text"):
        try:
            return _i18n.note_text(note, lang)
        except Exception:  # noqa: BLE001
            pass
    if note.key == "event_message":
        text = note.params.get("text", {})
        if isinstance(text, dict):
            return text.get(lang) or text.get("en") or ""
        return str(text)
    params = ", ".join(f"{k}={v}" for k, v in note.params.items())
    return f"{note.key}: {params}" if params else note.key


def trait_label(name: str, lang: str) -> str:
    """A client type's display name."""
    if _HAVE_I18N and hasattr(_i18n, "trait_label"):
        try:
            return _i18n.trait_label(name, lang)
        except Exception:  # noqa: BLE001
            pass
    return name.replace("_", " ")


def status_label(status: str, lang: str) -> str:
    """A client status's display name."""
    if _HAVE_I18N and hasattr(_i18n, "status_label"):
        try:
            return _i18n.status_label(status, lang)
        except Exception:  # noqa: BLE001
            pass
    return status.replace("_", " ")


_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽"}


def money(cents: int | float, currency: str, lang: str, *, whole: bool = True) -> str:
    """An amount of money for display; ``whole`` rounds to currency units (tables)."""
    if whole:
        units = round(cents / 100)
        grouped = f"{abs(units):,}".replace(",", "\u202f" if lang == "ru" else ",")
        sign = "-" if units < 0 else ""
        sym = _SYMBOLS.get(currency)
        if lang == "ru":
            return f"{sign}{grouped}\u00a0{sym or currency}"
        return f"{sign}{sym}{grouped}" if sym else f"{sign}{grouped} {currency}"
    if _HAVE_I18N and hasattr(_i18n, "money"):
        try:
            return _i18n.money(int(cents), currency, lang)
        except Exception:  # noqa: BLE001
            pass
    units = round(cents / 100)
    sym = _SYMBOLS.get(currency, currency + " ")
    sep = "\u00a0" if lang == "ru" else ","
    body = f"{abs(units):,}".replace(",", sep)
    return f"{'−' if units < 0 else ''}{sym}{body}"


def localized(text: Any, lang: str) -> str:
    """A scenario text (a str, a ``{en, ru}`` mapping or a model with ``en``/``ru``)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, dict):
        return text.get(lang) or text.get("en") or ""
    return getattr(text, lang, None) or getattr(text, "en", "") or ""
