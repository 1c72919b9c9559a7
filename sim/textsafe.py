"""Text from a stranger's file made safe to show, and the rule for what a name may contain.

Scenario files, run files and settings come from other people. A value echoed raw in an error
message could carry terminal escape sequences (ESC, OSC: rewrite the window title, hide
lines), a NUL or a lone surrogate (which no file or terminal can encode). :func:`shown`
writes every such character as a visible escape (``\\x1b``), so a message is one printable
line; :func:`bad_character` is the check ``validate`` applies to names and texts.
"""

from __future__ import annotations

import re

from .limits import MAX_PSEUDONYM

# C0 and C1 controls, DEL, lone surrogates, and the bidirectional overrides that reorder
# what a reader sees ("Trojan source"); a text may keep its newlines and tabs. Kept as
# sources that `re` compiles (and caches) on first use: every command imports this module,
# few check names, and compiling both at import cost start-up a millisecond
_NAME_BAD = "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_TEXT_BAD = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(text: object, limit: int | None = None) -> str:
    """``text`` as one printable line: every character that is not printable (controls,
    newlines, lone surrogates, format characters) written as ``\\x1b``, ``\\u202e``; cut to
    ``limit`` characters with an ellipsis when longer."""
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[: max(0, limit - 1)] + "…"
    if s.isprintable():
        return s
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in s)


def bad_character(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` may not be a name (``multiline=False``) or a text shown to the player, or
    None when it may: the first forbidden character, escaped, and where it is."""
    m = re.search(_TEXT_BAD if multiline else _NAME_BAD, text)
    if m is None:
        return None
    ch = m.group()
    what = "a lone surrogate" if "\ud800" <= ch <= "\udfff" else "the control character"
    if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        what = "the text-direction character"
    return f"contains {what} {_escape(ch)} at position {m.start() + 1}"


def clean_pseudonym(value: object) -> str | None:
    """A pseudonym as kept: one line of plain characters, spaces collapsed, at most
    :data:`~sim.limits.MAX_PSEUDONYM` characters; None when nothing usable is left."""
    if not isinstance(value, str):
        return None
    kept = "".join(ch for ch in value[: 4 * MAX_PSEUDONYM]
                   if ch.isprintable() and not re.match(_NAME_BAD, ch))
    return " ".join(kept.split())[:MAX_PSEUDONYM].strip() or None
