"""The week report's sentences: an engine :class:`~sim.engine.Note` in words.

A note key ``K`` may have several sentences in the catalog: ``note.K`` and variants
``note.K.<name>``. Each sentence *requires* the placeholders it uses. :func:`note_text` picks
the most specific sentence whose required params the note has: the one requiring the most
params, the base sentence winning a tie, then the variant name in alphabetical order. So an
optional param (``staff`` or ``eater`` of ``left_waiting``) is mentioned exactly when the
engine sent it, and a variant name is only a label for translators.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .catalog import CATALOGS, DEFAULT_LANG, fields, pick_form, render, resolve_lang

EVENT_MESSAGE = "event_message"


@cache
def _variants(lang: str) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """For each note key, its sentences ordered from the most specific."""
    found: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for key, value in CATALOGS[lang].items():
        if not key.startswith("note."):
            continue
        base = key[len("note."):].split(".", 1)[0]
        try:
            needs = frozenset(fields(value))
        except ValueError:  # a malformed template: the catalog test reports it
            continue
        found.setdefault(base, []).append((key, needs))
    return {
        base: tuple(sorted(rows, key=lambda r: (-len(r[1]), r[0] != f"note.{base}", r[0])))
        for base, rows in found.items()
    }


def note_variant(key: str, params: dict[str, Any], lang: str) -> str | None:
    """The catalog key of the sentence :func:`note_text` uses, or ``None`` if there is none.

    Args:
        key: The note's key, such as ``"left_waiting"``.
        params: The note's params (a ``None`` value counts as absent).
        lang: The language.

    Returns:
        A catalog key such as ``"note.left_waiting.eater"``.
    """
    have = {k for k, v in params.items() if v is not None}
    for lang_ in dict.fromkeys((resolve_lang(lang), DEFAULT_LANG)):
        for cat_key, needs in _variants(lang_).get(key, ()):
            if needs <= have:
                return cat_key
    return None


def _message_text(text: Any, lang: str) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, dict):
        for k in (lang, DEFAULT_LANG, *text):
            if text.get(k):
                return str(text[k])
    return ""


def note_text(note: Any, lang: str, *, currency: str | None = None) -> str:
    """The sentence that explains a note, in ``lang``.

    Args:
        note: A :class:`sim.engine.Note` (anything with ``key`` and ``params``, or a dict
            with those keys, as a run file stores it).
        lang: ``"en"`` or ``"ru"`` (unknown: English).
        currency: The scenario's currency code for money params (``cash``, ``cost``,
            ``price``); without it amounts are written bare with two decimals.

    Returns:
        The sentence. For ``event_message`` it is the scenario's own text in ``lang`` (or
        English). A note with no sentence gives ``"[note.<key>]"``.
    """
    if isinstance(note, dict):
        key, params = note.get("key", ""), dict(note.get("params") or {})
    else:
        key, params = note.key, dict(note.params or {})
    lang = resolve_lang(lang)
    if key == EVENT_MESSAGE:
        return _message_text(params.get("text"), lang)
    cat_key = note_variant(key, params, lang)
    if cat_key is None:
        return f"[note.{key}]"
    message = CATALOGS[lang].get(cat_key) or CATALOGS[DEFAULT_LANG][cat_key]
    if currency is not None:
        params["currency"] = currency
    return render(pick_form(message, lang, params), lang, params)
