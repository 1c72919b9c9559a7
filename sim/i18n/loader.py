"""Loading the gettext catalogs: ``messages.pot`` (English) and one ``<lang>.po`` per language.

Every entry's ``msgctxt`` is its catalog key (``note.bankrupt``, ``ui.week.title``); the
template's ``msgid`` is the English text (a plural entry: ``msgid`` the ``one`` form,
``msgid_plural`` the ``other``), and a language's ``msgstr`` its translation. A plural entry
has one ``msgstr[i]`` per CLDR plural category of the language, in CLDR order (zero, one,
two, few, many, other; Russian: one, few, many, other). The languages are English and every
``<lang>.po`` found, so a new language is one new file (see docs/translating.md).

Nothing here depends on which keys exist: each translation is checked against the template
alone. A broken file or entry is skipped, never fatal (the game must start); it is reported
in the problems, which the test suite requires to be empty.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .po import Entry, PoError, read_po

SOURCE_LANG = "en"
TEMPLATE = "messages.pot"
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")

Message = str | dict[str, str]


def plural_forms(lang: str) -> tuple[str, ...]:
    """The CLDR plural categories of ``lang``, in the order of a PO entry's ``msgstr[i]``.

    Raises:
        ValueError: Babel knows no such language.
    """
    from babel import Locale, UnknownLocaleError

    try:
        tags = Locale.parse(lang).plural_form.tags
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"not a language CLDR knows: {lang!r}") from exc
    return tuple(t for t in CLDR_ORDER if t in tags or t == "other")


def catalog_folder() -> Path:
    """The folder of the shipped catalogs (inside the package)."""
    return Path(str(files("sim.i18n")))


def _read(path: Path, problems: list[str]) -> tuple[dict[str, str], list[Entry]] | None:
    try:
        return read_po(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, PoError) as exc:
        problems.append(f"{path.name}: {exc}")
        return None


def _template(path: Path, problems: list[str]) -> dict[str, Entry]:
    read = _read(path, problems)
    out: dict[str, Entry] = {}
    for e in read[1] if read else []:
        if not e.context:
            problems.append(f"{path.name}:{e.line}: a message without msgctxt (its key)")
        elif e.context in out:
            problems.append(f"{path.name}:{e.line}: {e.context}: defined twice")
        elif not e.msgid:
            problems.append(f"{path.name}:{e.line}: {e.context}: the English text is empty")
        else:
            out[e.context] = e
    return out


def _english(entry: Entry) -> Message:
    if entry.msgid_plural is None:
        return entry.msgid
    return {"one": entry.msgid, "other": entry.msgid_plural}


def _translation(entry: Entry, source: Entry, forms: tuple[str, ...], where: str,
                 problems: list[str]) -> Message | None:
    """The catalog value of one translated entry, or ``None`` (with a problem) to skip it."""
    key = entry.context
    if entry.fuzzy:
        problems.append(f"{where}: {key}: marked fuzzy; review the translation")
        return None
    if (entry.msgid_plural is None) != (source.msgid_plural is None):
        problems.append(f"{where}: {key}: plural in one of {TEMPLATE} and this file only")
        return None
    texts = entry.forms
    if not any(texts):
        problems.append(f"{where}: {key}: not translated")
        return None
    if (entry.msgid, entry.msgid_plural) != (source.msgid, source.msgid_plural):
        problems.append(f"{where}: {key}: translated from an older English text; run "
                        "pybabel update and review")
    if source.msgid_plural is None:
        return texts[0]
    if len(texts) != len(forms) or sorted(entry.msgstr) != list(range(len(forms))):
        problems.append(f"{where}: {key}: {len(texts)} plural forms, the language has "
                        f"{len(forms)} ({', '.join(forms)})")
        return None
    return dict(zip(forms, texts, strict=True))


def _language(path: Path, template: dict[str, Entry], problems: list[str]
              ) -> tuple[str, dict[str, Message]] | None:
    lang = path.stem
    try:
        forms = plural_forms(lang)
    except ValueError as exc:
        problems.append(f"{path.name}: {exc}")
        return None
    if lang == SOURCE_LANG:
        problems.append(f"{path.name}: English is the template, {TEMPLATE}")
        return None
    read = _read(path, problems)
    if read is None:
        return None
    header, entries = read
    nplurals = header.get("Plural-Forms", "").partition(";")[0].replace(" ", "")
    if nplurals != f"nplurals={len(forms)}":
        problems.append(f"{path.name}: the Plural-Forms header must have "
                        f"nplurals={len(forms)} ({', '.join(forms)}, CLDR), has {nplurals!r}")
    out: dict[str, Message] = {}
    seen: set[str] = set()  # keys this file has, translated or not
    for e in entries:
        where = f"{path.name}:{e.line}"
        seen.add(e.context or "")
        if not e.context:
            problems.append(f"{where}: a message without msgctxt (its key)")
        elif e.context in out:
            problems.append(f"{where}: {e.context}: defined twice")
        elif e.context not in template:
            problems.append(f"{where}: {e.context}: not in {TEMPLATE}")
        else:
            value = _translation(e, template[e.context], forms, where, problems)
            if value is not None:
                out[e.context] = value
    problems.extend(f"{path.name}: {key}: missing" for key in template if key not in seen)
    return lang, out


def load_catalogs(folder: Path | None = None) -> tuple[dict[str, dict[str, Message]],
                                                       list[str]]:
    """Read the template and every ``<lang>.po`` in ``folder``.

    Args:
        folder: Where the catalog files are (default: the package's).

    Returns:
        ``(catalogs, problems)``: one flat key → message dict per language (English first),
        where a message is a string or a mapping CLDR category → text; and one-line
        descriptions of what was skipped or is incomplete.
    """
    folder = catalog_folder() if folder is None else folder
    problems: list[str] = []
    template = _template(folder / TEMPLATE, problems)
    catalogs: dict[str, dict[str, Message]] = {
        SOURCE_LANG: {k: _english(e) for k, e in template.items()}}
    for path in sorted(folder.glob("*.po")):
        found = _language(path, template, problems)
        if found is not None:
            catalogs[found[0]] = found[1]
    return catalogs, problems
