"""Reading gettext PO files (and the POT template), as translators' tools write them.

Only reading: the files are written by pybabel and PO editors. This reader knows the parts of
the format the catalogs use (``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``,
``msgstr[N]``, strings continued over lines, C escapes, the ``fuzzy`` flag, the header entry)
and skips comments and obsolete ``#~`` entries. It is here rather than Babel's reader because
the game reads its catalogs at every start and Babel's reader costs a fifth of a second to
import; tests/i18n/test_po.py checks that the two read every shipped file alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)')
_FIELDS = {"msgctxt": "context", "msgid": "msgid", "msgid_plural": "msgid_plural"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*)$')


class PoError(ValueError):
    """A line that is not PO syntax; ``str(exc)`` is ``LINE: what is wrong``."""


@dataclass
class Entry:
    """One message: its context (our catalog key), source texts and translations."""

    context: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    line: int = 0

    @property
    def forms(self) -> tuple[str, ...]:
        """The translations in index order (one for a singular message)."""
        return tuple(self.msgstr[i] for i in sorted(self.msgstr))


def _unquote(text: str, line: int) -> str:
    text = text.strip()
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"'):
        raise PoError(f"{line}: expected a quoted string, got {text!r}")

    def sub(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        if code in _ESCAPES:
            return _ESCAPES[code]
        raise PoError(f"{line}: unknown escape \\{code}")

    return _ESCAPE.sub(sub, text[1:-1])


def read_po(text: str) -> tuple[dict[str, str], list[Entry]]:
    """Parse PO text.

    Args:
        text: The file's text (UTF-8 decoded).

    Returns:
        ``(header, entries)``: the header fields (``Plural-Forms``, ``Language``, ...) and the
        messages in file order, without the header entry and obsolete ones.

    Raises:
        PoError: a line is not PO syntax (``LINE: what is wrong``).
    """
    entries: list[Entry] = []
    cur: Entry | None = None
    target: tuple[str, int | None] | None = None  # which field continuation lines extend
    fuzzy = False
    last = ""  # the keyword seen last in this entry, to know when a new one starts

    def finish() -> None:
        nonlocal cur, target, last
        if cur is not None:
            entries.append(cur)
        cur, target, last = None, None, ""

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if line.startswith("#~"):
                continue
            if line.startswith("#,") and "fuzzy" in (f.strip() for f in line[2:].split(",")):
                finish()
                fuzzy = True
            continue
        if line.startswith('"'):
            if cur is None or target is None:
                raise PoError(f"{n}: a continued string outside a message")
            name, index = target
            value = _unquote(line, n)
            if name == "msgstr":
                cur.msgstr[index or 0] += value
            else:
                setattr(cur, name, (getattr(cur, name) or "") + value)
            continue
        m = _KEYWORD.match(line)
        if not m:
            raise PoError(f"{n}: not PO syntax: {line[:40]!r}")
        keyword, index, rest = m.group(1), m.group(2), m.group(3)
        name = _FIELDS.get(keyword, "msgstr")
        # a new message starts at msgctxt, or at msgid when the last one had its msgstr
        if cur is None or name == "context" or (name == "msgid" and last == "msgstr"):
            finish()
            cur = Entry(line=n, fuzzy=fuzzy)
            fuzzy = False
        value = _unquote(rest, n)
        if name == "msgstr":
            i = int(index) if index is not None else 0
            cur.msgstr[i] = value
            target = ("msgstr", i)
        else:
            setattr(cur, name, value)
            target = (name, None)
        last = name
    finish()
    header: dict[str, str] = {}
    if entries and entries[0].msgid == "" and entries[0].context is None:
        for row in entries.pop(0).msgstr.get(0, "").splitlines():
            key, sep, value = row.partition(":")
            if sep:
                header[key.strip()] = value.strip()
    return header, entries
