"""Every text a trainee sees, in English, Russian and any language a catalog is added for.

Catalogs are gettext files in this folder: ``messages.pot`` holds the English texts, keyed by
``msgctxt``, and ``<lang>.po`` each language's translation (docs/translating.md); numbers,
money and plural rules follow CLDR through Babel. Public API::

    from sim.i18n import LANGS, tr, has, note_text, trait_label, status_label, money, \\
        number, fixed, plural_category, catalog_keys

- :func:`tr` looks a key up and fills it with ``str.format``; a plural message picks its form
  by ``count``; an unknown key gives ``"[key]"``, an unknown language falls back to English.
  In a format spec, ``{n:count.weeks}`` writes ``n`` through a plural phrase and
  ``{x:money}`` writes an amount with the ``currency`` param's sign (see
  :mod:`sim.i18n.catalog`).
- :func:`note_text` explains an engine note. A note key ``K`` may have variants
  ``note.K.<name>`` for optional params; the sentence used is the most specific one whose
  placeholders the note's params all fill (most placeholders first, the base sentence on a
  tie, then by name). Add a variant by writing it in both languages; no code changes.
- Key families in ``core``: ``note.*``, ``trait.*`` (+ ``.about``), ``status.*``,
  ``origin.*``, ``staff_status.*``, ``let_go.*``, ``terms.*``, ``signal.*``, ``meter.*``,
  ``score.*``, ``request.*``, ``end.*``, ``illegal.*`` (each of these with ``.about`` where a
  tooltip helps) and the plural phrases ``count.*``.
"""

from __future__ import annotations

from .catalog import LANGS, catalog_keys, has, plural_category, tr
from .formats import fixed, money, number
from .labels import status_label, trait_label
from .notes import note_text

__all__ = ["LANGS", "catalog_keys", "fixed", "has", "money", "note_text", "number",
           "plural_category", "status_label", "tr", "trait_label"]
