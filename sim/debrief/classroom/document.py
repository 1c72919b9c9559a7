"""The class debrief as a list of blocks, written out as Markdown and as an HTML page.

Both files come from the same blocks, so they say the same. Every block holds plain text;
each writer escapes it for its format (run files come from strangers: a pseudonym such as
``<img src=x onerror=...>`` must stay text). The HTML page is one file with its style
inline, no script and no external address (a Content-Security-Policy says so to the
browser too); its charts are PNG files beside it, referenced by name.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..report import table as md_table


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    note: bool = False  # a side remark, shown smaller


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[str]]
    right: tuple[int, ...] = ()
    mark: tuple[int, ...] = ()  # rows to stand out (a bot's, a bad verdict's)


@dataclass(frozen=True)
class Image:
    src: str  # a file name beside the page
    alt: str


Block = Heading | Para | Bullets | Table | Image


@dataclass
class Document:
    title: str
    lang: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


# --- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")


def md_text(text: str) -> str:
    """Plain text made inert in Markdown: its markup characters escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def to_markdown(doc: Document) -> str:
    """The document as Markdown."""
    parts = [f"# {md_text(doc.title)}"]
    for b in doc.blocks:
        if isinstance(b, Heading):
            parts.append(f"{'#' * min(6, b.level)} {md_text(b.text)}")
        elif isinstance(b, Para):
            parts.append(f"*{md_text(b.text)}*" if b.note else md_text(b.text))
        elif isinstance(b, Bullets):
            parts.append("\n".join(f"{f'{k}.' if b.numbered else '-'} {md_text(x)}"
                                   for k, x in enumerate(b.items, start=1)))
        elif isinstance(b, Table):
            rows = [[md_text(x) for x in row] for row in b.rows]
            rows = [[f"**{x}**" if k in b.mark and x else x for x in row]
                    for k, row in enumerate(rows)]
            parts.append(md_table([md_text(h) for h in b.head], rows, right=b.right))
        elif isinstance(b, Image):
            parts.append(f"![{md_text(b.alt)}]({_src(b.src)})")
    return "\n\n".join(parts) + "\n"


def _src(name: str) -> str:
    """A chart's file name as a relative link: a plain name only, never a path or URL."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.png", name):
        raise ValueError(f"not a chart file name: {name!r}")
    return name


# --- HTML -----------------------------------------------------------------------------------

STYLE = """
body { font: 17px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1b1b;
       background: #fff; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 30px; margin: 8px 0 4px; }
h2 { font-size: 25px; margin: 40px 0 8px; padding-top: 12px; border-top: 3px solid #2a5d8f; }
h3 { font-size: 20px; margin: 28px 0 6px; color: #2a5d8f; }
h4 { font-size: 18px; margin: 20px 0 4px; }
p { margin: 6px 0 10px; max-width: 60em; }
p.note { color: #555; font-size: 15px; }
ol.points { font-size: 20px; background: #f3f7fb; border-left: 6px solid #2a5d8f;
            padding: 12px 16px 12px 44px; }
ol.points li { margin: 6px 0; }
div.table { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 15px; }
th, td { border: 1px solid #c9d3dd; padding: 4px 7px; vertical-align: top; text-align: left; }
th { background: #e8eef4; vertical-align: bottom; }
th.num { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td:nth-child(2) { white-space: nowrap; }
tr:nth-child(even) td { background: #f8fafc; }
tr.mark td { font-weight: bold; }
img { max-width: 100%; height: auto; border: 1px solid #dde3ea; margin: 8px 0 16px; }
""".strip()

# no script, no fonts or frames from anywhere; images and style from this folder only
CSP = "default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'"


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def to_html(doc: Document) -> str:
    """The document as one HTML page (UTF-8, inline style, no script)."""
    out = ["<!DOCTYPE html>", f'<html lang="{_e(doc.lang)}">', "<head>",
           '<meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(doc.title)}</title>", f"<style>\n{STYLE}\n</style>", "</head>",
           "<body>", "<main>", f"<h1>{_e(doc.title)}</h1>"]
    for b in doc.blocks:
        if isinstance(b, Heading):
            level = min(6, max(2, b.level))
            out.append(f"<h{level}>{_e(b.text)}</h{level}>")
        elif isinstance(b, Para):
            out.append(f'<p class="note">{_e(b.text)}</p>' if b.note else f"<p>{_e(b.text)}</p>")
        elif isinstance(b, Bullets):
            tag = "ol" if b.numbered else "ul"
            cls = ' class="points"' if b.numbered else ""
            out.append(f"<{tag}{cls}>" + "".join(f"<li>{_e(x)}</li>" for x in b.items)
                       + f"</{tag}>")
        elif isinstance(b, Table):
            out.append(_html_table(b))
        elif isinstance(b, Image):
            out.append(f'<p><img src="{_e(_src(b.src))}" alt="{_e(b.alt)}"></p>')
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _html_table(t: Table) -> str:
    def cls(k: int) -> str:
        return ' class="num"' if k in t.right else ""

    head = "".join(f"<th{cls(k)}>{_e(h)}</th>" for k, h in enumerate(t.head))
    rows = []
    for r, row in enumerate(t.rows):
        mark = ' class="mark"' if r in t.mark else ""
        rows.append(f"<tr{mark}>" + "".join(f"<td{cls(k)}>{_e(x)}</td>"
                                            for k, x in enumerate(row)) + "</tr>")
    return ('<div class="table"><table>\n<thead><tr>' + head + "</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table></div>")


def images(doc: Document) -> Sequence[str]:
    """The chart files the document refers to."""
    return [b.src for b in doc.blocks if isinstance(b, Image)]


__all__ = ["Block", "Bullets", "Document", "Heading", "Image", "Para", "Table", "images",
           "md_text", "to_html", "to_markdown"]
