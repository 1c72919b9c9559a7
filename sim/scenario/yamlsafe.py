"""Hardened YAML reading (DESIGN §7): plain data plus the line and column of every value.

The loader is a ``yaml.SafeLoader`` subclass that refuses what a scenario never needs and an
attacker might use: anchors and aliases (alias bombs), duplicate keys, non-standard tags, merge
keys, nesting deeper than :data:`MAX_DEPTH`, files over :data:`MAX_BYTES` and text that is not
UTF-8. Instead of constructing Python objects directly it composes nodes and converts them,
recording for each value its :class:`Loc`, so that every later error can say where it is.

Mapping keys are always kept as the text written in the file: a key ``on`` or ``no`` stays a
string (YAML 1.1 would make it a boolean).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..files import NotARegularFile, open_regular
from .errors import Problem, ScenarioError

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
#: values (scalars, lists, mappings) in one file: the largest scenario the schema allows has
#: about 15,000; a file of more is refused while it is read, before the work grows with it
MAX_NODES = 40_000

FieldPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+")
_BINARY = re.compile(r"[-+]?0b[01_]+")
# YAML 1.1 wants a dot and a signed exponent in a float (1.0e+5); 1e5 and 1.5e5 are numbers
# to anyone who writes them, so a plain scalar of this form is read as a float
_EXPONENT = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+")


@dataclass(frozen=True)
class Loc:
    """Where a value is: its file, 1-based line and column, those of its key (for mapping
    entries), and the original text of a plain scalar that YAML did not read as a string."""

    file: str
    line: int | None = None
    col: int | None = None
    key_line: int | None = None
    key_col: int | None = None
    text: str | None = None
    quoted: bool = False  # a scalar written in quotes

    def surprise(self) -> str | None:
        """A warning if the plain text became a number the author probably did not mean."""
        if self.text is None:
            return None
        if _OCTAL.match(self.text):
            return "octal"
        if _SEXAGESIMAL.match(self.text):
            return "sexagesimal"
        if _HEX.fullmatch(self.text):
            return "hexadecimal"
        if _BINARY.fullmatch(self.text):
            return "binary"
        return None


@dataclass
class Document:
    """Plain data read from YAML, with a :class:`Loc` per field path (``()`` is the root)."""

    file: str
    data: object
    locs: dict[FieldPath, Loc] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    #: the files this one extends, nearest first, each as (the ``extends`` value that found
    #: it, its resolved path)
    extends: tuple[tuple[str, str], ...] = ()

    def loc(self, path: FieldPath) -> Loc:
        """The location of ``path`` or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.locs:
                return self.locs[p]
            p = p[:-1]
        return self.locs.get((), Loc(self.file))


class _Refused(yaml.MarkedYAMLError):
    """Something valid in YAML that a scenario file may not use."""


class StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases and deep nesting while composing nodes.

    Use :func:`parse_yaml` rather than ``yaml.load``: it also rejects duplicate keys and
    unknown tags and keeps the location of every value.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:  # noqa: D102
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(None, None, f"aliases (*{event.anchor}) are not allowed; "
                           "write the value out in full", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(None, None, f"anchors (&{event.anchor}) are not allowed; "
                           "write the value out in full", event.start_mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(None, None, f"more than {MAX_NODES} values; a scenario is far "
                           "smaller than that", event.start_mark)
        nested = isinstance(event, MappingStartEvent | SequenceStartEvent)
        if nested:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(None, None, f"nesting is deeper than {MAX_DEPTH} levels",
                               event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self._depth -= 1


def _tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _yaml_problem(file: str, text: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = _line_col(text, exc.position)
        return Problem(file, line, col, "", f"invalid YAML: character #x{exc.character:04x} "
                       "is not allowed in a YAML file")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if context and not isinstance(exc, _Refused):
        what = f"{context}, {what}"
    if not isinstance(exc, _Refused):
        what = f"invalid YAML: {what}"
    if mark is None:
        return Problem(file, message=what)
    return Problem(file, mark.line + 1, mark.column + 1, "", what)


class _Converter:
    """Turns composed nodes into plain data, recording locations and collecting problems."""

    def __init__(self, loader: StrictLoader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.locs: dict[FieldPath, Loc] = {}
        self.problems: list[Problem] = []

    def problem(self, node: Node, path: FieldPath, message: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.file, m.line + 1, m.column + 1,
                                     ".".join(map(str, path)), message))

    def convert(self, node: Node, path: FieldPath, key: Node | None = None) -> object:
        m = node.start_mark
        loc = Loc(self.file, m.line + 1, m.column + 1,
                  key.start_mark.line + 1 if key is not None else None,
                  key.start_mark.column + 1 if key is not None else None)
        if isinstance(node, MappingNode):
            self.locs[path] = loc
            if node.tag != _TAG + "map":
                self.problem(node, path, f"the tag {_tag(node.tag)} is not allowed here")
            out: dict[str, object] = {}
            first: dict[str, int] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode):
                    self.problem(knode, path, "a key must be a plain name, not a list or mapping")
                    continue
                if knode.tag == _TAG + "merge":
                    self.problem(knode, path, "merge keys (<<) are not allowed; "
                                 "use extends to build on another scenario")
                    continue
                name = knode.value
                if name in out:
                    self.problem(knode, path + (name,),
                                 f"duplicate key '{name}' (first at line {first[name]})")
                    continue
                first[name] = knode.start_mark.line + 1
                out[name] = self.convert(vnode, path + (name,), knode)
            return out
        if isinstance(node, SequenceNode):
            self.locs[path] = loc
            if node.tag != _TAG + "seq":
                self.problem(node, path, f"the tag {_tag(node.tag)} is not allowed here")
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag not in _SCALAR_TAGS:
            self.locs[path] = loc
            self.problem(node, path,
                         f"the tag {_tag(node.tag)} is not allowed; write a plain value")
            return node.value
        if node.tag == _TAG + "str" and node.style is None and len(node.value) < 64 \
                and _EXPONENT.fullmatch(node.value):
            self.locs[path] = replace(loc, text=node.value)
            return float(node.value.replace("_", ""))  # 1e999 is inf: refused as not finite
        if node.tag in (_TAG + "str", _TAG + "timestamp"):
            # dates are never wanted in a scenario: keep what was written, as text
            self.locs[path] = replace(loc, quoted=node.style in ("'", '"'))
            return node.value
        try:
            value = self.loader.construct_object(node)
        except (ValueError, KeyError, TypeError, yaml.YAMLError):
            self.locs[path] = loc
            self.problem(node, path, f"'{node.value}' is not a valid {node.tag[len(_TAG):]}")
            return node.value
        plain = node.style is None
        self.locs[path] = replace(loc, text=node.value) if plain else loc
        return value


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text into a :class:`Document`.

    Args:
        text: The YAML source.
        file: The name to report in problems.

    Returns:
        The document. Problems that do not stop reading (duplicate keys, bad tags) are in
        ``document.problems``.

    Raises:
        ScenarioError: The text is not YAML, or uses anchors, aliases or too deep nesting.
    """
    loader = None
    try:
        loader = StrictLoader(text)
        node = loader.get_single_node()
        conv = _Converter(loader, file)
        data = conv.convert(node, ()) if node is not None else None
    except yaml.YAMLError as exc:
        raise ScenarioError(_yaml_problem(file, text, exc)) from None
    except RecursionError:
        raise ScenarioError(Problem(file, message=f"nesting is deeper than {MAX_DEPTH} levels")) \
            from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        conv.locs[()] = Loc(file, 1, 1)
    return Document(file, data, conv.locs, conv.problems)


def read_yaml(path: Path, file: str | None = None) -> Document:
    """Read and parse a YAML file with the size cap and UTF-8 check.

    The size is checked before the file is read, and at most :data:`MAX_BYTES` + 1 bytes are
    ever read, so a huge file is refused at once.

    Args:
        path: The file.
        file: The name to report in problems (default: the path as given).

    Returns:
        The document, with ``sha256`` of the file's bytes.

    Raises:
        ScenarioError: The file cannot be read, is too large, not UTF-8 or not valid YAML.
    """
    name = file if file is not None else str(path)
    limit = f"the limit is {MAX_BYTES // 1024 // 1024} MB"
    try:
        with open_regular(path) as f:  # a FIFO or a device is refused, never waited on
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise ScenarioError(Problem(name, message=f"file is too large "
                                            f"({size / 1024 / 1024:.1f} MB); {limit}"))
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(Problem(name, message="no such file")) from None
    except IsADirectoryError:
        raise ScenarioError(Problem(name, message="is a folder, not a scenario file")) from None
    except NotARegularFile as exc:
        what = "is a folder, not a scenario file" if Path(path).is_dir() else \
            f"{exc.strerror}; a scenario is a .yaml file"
        raise ScenarioError(Problem(name, message=what)) from None
    except OSError as exc:
        raise ScenarioError(Problem(name, message=f"cannot read the file: {exc.strerror}")) \
            from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(Problem(name, message=f"file is too large; {limit}"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise ScenarioError(Problem(name, line, col, "", f"not UTF-8 text (byte "
                                    f"0x{raw[exc.start]:02x}); save the file as UTF-8")) \
            from None
    doc = parse_yaml(text, name)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return doc
