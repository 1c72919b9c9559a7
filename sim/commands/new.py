"""``sim new``: start a scenario file, from a commented template or as a variant of another.

    python -m sim new my-seminar                  # writes my-seminar.yaml, ready to edit
    python -m sim new busy-agency --from agency   # a variant: extends agency, with its content

The file is written in the current folder, never over an existing file, and is checked to
validate before it is written. Its first line points editors at the shipped JSON Schema (a
relative path when the current folder is inside the project, otherwise an
absolute path) so keys are completed and checked while typing.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from sim.cli import EXIT_OK, UsageError, _load
from sim.resources import schema_file

ORDER = 30
SCHEMA_FILE = schema_file()
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# names Windows reserves for devices, whatever the extension
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def register(sub: Any) -> None:
    """Add ``new`` to the subcommands."""
    p = sub.add_parser(
        "new", help="start a new scenario file (NAME.yaml) from a commented template",
        description="Write NAME.yaml in the current folder: a commented starting scenario "
        "that validates, or with --from a variant that extends SCENARIO and holds a copy of "
        "its content to edit. An existing file is never overwritten.")
    p.add_argument("name", metavar="NAME",
                   help="the new scenario's name: letters, digits, '.', '_' and '-'")
    p.add_argument("--from", dest="source", metavar="SCENARIO",
                   help="build a variant of this scenario (a shipped name or a path)")
    p.set_defaults(func=cmd_new)


def check_name(name: str) -> str:
    """The scenario name for ``NAME`` (a trailing ``.yaml`` is dropped), or UsageError."""
    stem = name[:-5] if name.lower().endswith(".yaml") else name
    if not _NAME.match(stem) or stem in (".", "..") or stem.endswith("."):
        raise UsageError(f"sim: error: '{name}' is not a plain file name: use letters, "
                         "digits, '.', '_' and '-' (no folders), such as my-seminar")
    if stem.split(".")[0].lower() in _RESERVED:
        raise UsageError(f"sim: error: '{name}' is a reserved device name on Windows; "
                         "choose another name")
    return stem


def schema_ref(folder: Path) -> str:
    """How a file in ``folder`` refers to the shipped schema: a relative path when the folder
    is inside the project (so the project can move), else the schema's absolute path."""
    folder = folder.resolve()
    root = SCHEMA_FILE.parents[1]
    if folder == root or root in folder.parents:
        return Path(os.path.relpath(SCHEMA_FILE, folder)).as_posix()
    return SCHEMA_FILE.as_posix()


def _header(schema: str) -> str:
    return f"# yaml-language-server: $schema={schema}\n"


def template(name: str, schema: str) -> str:
    """The commented starting scenario for ``name``."""
    return _header(schema) + TEMPLATE.replace("@NAME@", name)


def _top_level_spans(text: str, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """0-based line spans ``[start, end)`` of the given top-level keys with their values."""
    from sim.scenario.yamlsafe import parse_yaml

    doc = parse_yaml(text, "source")
    if not isinstance(doc.data, dict):
        return []
    starts = sorted((loc.key_line, path[0]) for path, loc in doc.locs.items()
                    if len(path) == 1 and loc.key_line is not None)
    spans = []
    lines = text.count("\n") + 1
    for i, (line, key) in enumerate(starts):
        if key in keys:
            end = starts[i + 1][0] - 1 if i + 1 < len(starts) else lines
            spans.append((line - 1, end))
    return spans


def variant(source: Path, ref: str, name: str, schema: str) -> str:
    """A variant of the scenario in ``source``: ``extends: ref`` and a copy of its content
    (comments kept) without its schema line, ``id`` and ``extends``."""
    text = source.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    drop: set[int] = set()
    for start, end in _top_level_spans(text, ("id", "extends")):
        drop.add(start)
        for j in range(start + 1, min(end, len(lines))):  # the value's continuation lines
            if not lines[j][:1].isspace() or lines[j].lstrip().startswith("#"):
                break
            drop.add(j)
    body = [line for i, line in enumerate(lines) if i not in drop
            and not line.startswith("# yaml-language-server:")]
    while body and body[0].strip() in ("", "#"):
        body.pop(0)
    return (_header(schema)
            + f"#\n# {name}: a variant of {ref}. Everything below is a copy of {ref}; what\n"
              f"# you change here wins. Mappings merge key by key with {ref}, lists replace\n"
              f"# its lists whole, and whatever you delete comes from {ref} unchanged, so\n"
              "# you may keep only what you change (title and weeks included).\n\n"
            + f"extends: {ref}\n\n" + "\n".join(body) + "\n")


def _extends_ref(source: Path, name: str, folder: Path) -> str:
    """How the variant refers to its source: the shipped name, or a relative path."""
    from sim.scenario import SCENARIOS_DIR

    src = source.resolve()
    shipped = src.parent == SCENARIOS_DIR.resolve()
    # a plain name resolves next to the file first: only use it when nothing there shadows it
    if shipped and src.stem != name and not (folder / f"{src.stem}.yaml").exists():
        return src.stem
    try:
        rel = Path(os.path.relpath(src, folder)).as_posix()
    except ValueError:
        return src.as_posix()
    return rel if "/" in rel or rel.endswith((".yaml", ".yml")) else f"./{rel}"


def _validate(text: str, folder: Path, name: str) -> None:
    """Load ``text`` as if it were ``folder/name.yaml``; UsageError with its problems if not."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        _load(tmp)
    except UsageError as exc:
        shown = f"{name}.yaml"
        lines = [line.replace(tmp, shown).replace(Path(tmp).name, shown) for line in exc.lines]
        raise UsageError("sim: error: the new scenario would not validate:", *lines) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def cmd_new(args: argparse.Namespace) -> int:
    """``sim new``: write NAME.yaml in the current folder; exit 2 if it exists."""
    name = check_name(args.name)
    folder = Path.cwd()
    target = folder / f"{name}.yaml"
    if target.exists():
        raise UsageError(f"sim: error: {target.name} already exists; choose another name or "
                         "move it away (sim new never overwrites a file)")
    schema = schema_ref(folder)
    if args.source:
        sc = _load(args.source)  # a broken source is reported as such, exit 2
        ref = _extends_ref(Path(sc.path), name, folder)
        text = variant(Path(sc.path), ref, name, schema)
    else:
        text = template(name, schema)
    try:
        _validate(text, folder, name)
    except OSError as exc:
        raise UsageError(f"sim: error: cannot write in {folder}: {exc.strerror or exc}") \
            from None
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except FileExistsError:
        raise UsageError(f"sim: error: {target.name} already exists; choose another name or "
                         "move it away (sim new never overwrites a file)") from None
    except OSError as exc:
        raise UsageError(f"sim: error: cannot write {target.name}: {exc.strerror or exc}") \
            from None
    print(f"wrote {target.name}")
    print(f"next: edit it (an editor with the YAML extension checks it as you type), then\n"
          f"  python -m sim validate {target.name}\n"
          f"  python -m sim balance {target.name} --seeds 0:50")
    return EXIT_OK


TEMPLATE = """\
#
# A new scenario. Every section is here with a comment saying what it does; delete what you
# do not need (only title, weeks and staff are required) and the engine's defaults apply.
# The whole format is in docs/scenarios.md. Check as you go:
#   python -m sim validate @NAME@.yaml
#   python -m sim balance @NAME@.yaml --seeds 0:50

# id: @NAME@                   # optional; the default is the file name without .yaml
# extends: agency              # optional; build on another scenario instead of starting here

# Texts are a plain string (English) or {en: ..., ru: ...} for both languages.
title:
  en: "@NAME@"
  ru: "@NAME@"
weeks: 52                      # one turn is one week

# The firm: money in currency units with at most two decimals.
firm:
  name: Studio
  currency: EUR                # a three-letter code
  price_per_hour: 90           # list price of a billable hour
  fixed_costs: 1500            # rent, software, accounting: per week
  cash: 30000                  # cash at the start
  credit_limit: 30000          # cash may go this far below zero; further is bankruptcy
  credit_rate_week: 0.003      # weekly interest on an overdraft and on late invoices

# The staff: names are unique; hours and wage are per week; morale is 0-100.
staff:
  - {name: Anna, hours: 40, wage: 1400, morale: 70}
  - {name: Boris, hours: 40, wage: 1400, morale: 70}
  - {name: Chen, hours: 40, wage: 1400, morale: 70}

# The market: how many leads arrive a week and the traits they have (shares are normalised).
market:
  lead_rate: 0.6
  mix: {core: 0.55, loyal: 0.15, haggler: 0.15, vampire: 0.1, shark: 0.05}
  initial_clients: 12          # drawn from the mix at the start, besides the named clients

# Traits: change a built-in one (core, loyal, haggler, vampire, dead, know_better), or add a
# new one with base: the trait it starts from. A distribution is a number (its mean) or
# {mean, spread}. The fields and their defaults are in docs/model.md.
traits:
  vampire:
    unbilled_hours: 6          # calls and meetings per week that nobody pays for
  shark:
    base: haggler
    kind: mend                 # what to do with him: keep, mend (new terms) or let_go
    discount: 0.3              # asks for 30% off
    incivility: 0.5            # incidents with staff per week

# Named clients present from week 1; left-out numbers are drawn from the trait.
clients:
  - {name: Orion Print, trait: loyal}
  - {name: Maple Bakery, trait: core, hours_per_request: 8}

# Scripted events: the story. Kinds: message, client_arrives, market, lawsuit,
# review_storm, staff_joins, staff_leaves. Weeks count from 1 and must be inside the game.
events:
  - week: 1
    kind: message
    text:
      en: Welcome. Your clients' cards show the hours they use and the money they bring.
      ru: >-
        Добро пожаловать. В карточках клиентов видно, сколько часов они занимают и сколько
        приносят.
  - {week: 8, kind: client_arrives, client: {name: Grand Vortex, trait: vampire, voice: 1.5}}
  - {week: 20, kind: market, lead_rate: 0.4, price_per_hour: 85}
  - {week: 26, kind: lawsuit, cost: 3000, reputation: 2}
  - {week: 30, kind: review_storm, reputation: 3}
  - {week: 36, kind: staff_joins, staff: {name: Dina, hours: 30, wage: 1100}}
  - {week: 44, kind: staff_leaves, name: Boris}

# Scoring: weights of long-term profit, average morale and reputation in the score.
scoring:
  profit: 0.5
  morale: 0.25
  reputation: 0.25
  profit_scale: 0              # profit worth 100 points; 0 means weeks x fixed costs

# Rules: constants of the model (sim/engine/params.py: Rules); rarely changed.
rules:
  max_wait_weeks: 6            # weeks a request may wait before the client gives up on it

# The briefing: what the player reads before the first week.
briefing:
  en: >-
    Three people, a dozen clients and a year. Decide whom to serve, on what terms, and
    whether anyone should be let go.
  ru: >-
    Три человека, дюжина клиентов и год впереди. Решите, кого обслуживать, на каких условиях
    и стоит ли с кем-то расстаться.
# The debrief: shown after the last week (a text, or a list of texts).
debrief:
  en: Compare, client by client, the hours used with the money paid.
  ru: Сравните по каждому клиенту потраченные часы и полученные деньги.
# Lessons: the points the debrief lists as what the scenario teaches.
lessons:
  - en: Hours are the scarce resource; judge clients by measured cost-to-serve.
    ru: Часы — дефицитный ресурс; судите о клиентах по измеренной стоимости обслуживания.

# What the scenario should teach, checked over many seeds by: python -m sim balance
# Forms: {policy, beats, on, at_least}, {policy, metric, median_at_least_policy},
# {policy, metric, median_at_least, median_at_most}. Bots: always-right, rule-based,
# oracle, random. Metrics: score, profit, long_term_profit, revenue, cash, morale, reputation.
expect:
  - policy: rule-based
    beats: always-right
    on: score
    at_least: 0.6
    note: Judging clients by their numbers should beat serving everyone on any terms.
  - policy: oracle
    metric: score
    median_at_least_policy: always-right
"""
