"""The PO reader reads what translators' tools write, as Babel's reader does."""

from __future__ import annotations

import io

import pytest

from sim.i18n.loader import TEMPLATE, catalog_folder
from sim.i18n.po import PoError, read_po

FILES = sorted([*catalog_folder().glob("*.po"), catalog_folder() / TEMPLATE])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_our_reader_and_babels_agree(path):
    pofile = pytest.importorskip("babel.messages.pofile")
    with open(path, "rb") as f:
        babel = pofile.read_po(f, abort_invalid=True)
    header, entries = read_po(path.read_text(encoding="utf-8"))
    ours = {(e.context, e.msgid if e.msgid_plural is None else (e.msgid, e.msgid_plural)):
            (e.forms[0] if e.msgid_plural is None else e.forms, e.fuzzy) for e in entries}
    theirs = {(m.context, m.id): (m.string if m.pluralizable or m.string else "", m.fuzzy)
              for m in babel if m.id}
    theirs = {k: (v if not isinstance(k[1], tuple) else (tuple(v[0]), v[1]))
              for k, v in theirs.items()}
    assert ours == theirs
    if path.suffix == ".po":
        assert header["Plural-Forms"].startswith(f"nplurals={babel.num_plurals};")


def test_escapes_continuations_fuzzy_and_obsolete():
    text = ('# a comment\nmsgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
            '#, fuzzy, python-brace-format\nmsgctxt "k"\nmsgid ""\n"two "\n"lines"\n'
            'msgstr "tab\\there \\"quoted\\" back\\\\slash\\nnew"\n\n'
            '#~ msgctxt "old"\n#~ msgid "gone"\n#~ msgstr "нет"\n\n'
            'msgctxt "p"\nmsgid "{count} x"\nmsgid_plural "{count} xs"\n'
            'msgstr[0] "a"\nmsgstr[1] "b"\n"c"\n')
    header, entries = read_po(text)
    assert header == {"Language": "ru"}
    assert [(e.context, e.msgid, e.forms, e.fuzzy) for e in entries] == [
        ("k", "two lines", ('tab\there "quoted" back\\slash\nnew',), True),
        ("p", "{count} x", ("a", "bc"), False)]
    babel = pytest.importorskip("babel.messages.pofile").read_po(io.BytesIO(text.encode()))
    assert babel.get("two lines", context="k").string == entries[0].forms[0]


@pytest.mark.parametrize(("text", "line"), [
    ('msgid "x"\nmsgstr "y\n', 2), ('msgid x\n', 1), ('"orphan"\n', 1),
    ('msgid "x"\nmsgstr "\\q"\n', 2), ('msgstr_x "y"\n', 1)])
def test_broken_lines_name_their_line(text, line):
    with pytest.raises(PoError, match=rf"^{line}: "):
        read_po(text)
