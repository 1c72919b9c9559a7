"""Compare runs side by side: the measures of ``sim compare`` as a table and as tidy CSV.

A run file holds decisions; the measures come from replaying it (the verifier's replay, kept
with ``keep=True``), so what is compared is what the engine says happened, never what a
file claims. Charts are in :mod:`sim.runs.charts` (matplotlib is optional).
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import STATUS_NAMES
from ..files import atomic_write
from .runner import client_records, trait_totals
from .verify import ScenarioBook, Verification, clean_text, player_label, verify_run

MANNERS = ("polite", "blunt", "price_out")


@dataclass(frozen=True)
class LetGo:
    """One client let go: when, whom (with the revealed trait), how, and what came of it."""

    week: int
    client: str
    trait: str
    manner: str
    outcome: str  # the client's status at the end: fired_polite, priced_out, active, ...


@dataclass
class RunSummary:
    """What ``compare`` shows of one replayed run. Money in currency units."""

    label: str
    path: Path
    scenario: str
    scenario_sha256: str
    seed: int
    overrides: tuple[str, ...]
    lang: str
    currency: str
    weeks: int
    game_weeks: int
    end: str
    scores: dict[str, float]
    revenue: float
    costs: float
    bad_debt: float
    discounts: float
    weekly_profit: list[float]
    weekly_morale: list[float]
    weekly_reputation: list[float]
    hours_by_trait: dict[str, float]
    let_go: list[LetGo] = field(default_factory=list)
    tagged: int = 0
    tagged_right: int = 0
    client_profits: list[float] = field(default_factory=list)

    @property
    def tag_accuracy(self) -> float | None:
        """Share of tagged clients whose latest tag names their true type (None: no tags)."""
        return self.tagged_right / self.tagged if self.tagged else None

    @property
    def cumulative_profit(self) -> list[float]:
        out, total = [], 0.0
        for x in self.weekly_profit:
            total += x
            out.append(round(total, 2))
        return out


def summarise(v: Verification) -> RunSummary:
    """The summary of a run verified with ``keep=True``."""
    assert v.data is not None and v.state is not None and v.scores is not None
    h, st = v.data.header, v.state
    money = 100.0
    rep = v.reports
    c = st.clients
    let_go = []
    for entry in v.data.weeks:
        for cid, manner in sorted(entry.decisions.let_go.items()):
            let_go.append(LetGo(entry.week, st.client_names[cid],
                                st.traits.names[int(c.trait[cid])], manner,
                                STATUS_NAMES[int(c.status[cid])]))
    n = c.n
    tagged = c.tag[:n] >= 0
    right = tagged & (c.tag[:n] == c.trait[:n])
    hours = {name: round(t["billable_hours"] + t["unbilled_hours"], 1)
             for name, t in trait_totals(st).items() if t["clients"]}
    lang = h.get("lang") if h.get("lang") in ("en", "ru") else "en"
    return RunSummary(
        label=player_label(h), path=v.path, scenario=clean_text(h["scenario"], 64),
        scenario_sha256=h["scenario_sha256"], seed=h["seed"],
        overrides=tuple(clean_text(o, 64) for o in h.get("overrides", [])), lang=lang,
        currency=st.params.firm.currency,
        weeks=v.weeks_played, game_weeks=v.game_weeks,
        end=v.state_end if v.complete else f"unfinished (week {v.weeks_played})",
        scores=dict(v.scores),
        revenue=round(sum(r.revenue for r in rep) / money, 2),
        costs=round(sum(r.wages + r.overtime_pay + r.fixed_costs + r.other_costs
                        for r in rep) / money, 2),
        bad_debt=round(sum(r.bad_debt for r in rep) / money, 2),
        discounts=round(sum(r.discounts for r in rep) / money, 2),
        weekly_profit=[round(r.profit / money, 2) for r in rep],
        weekly_morale=[round(r.morale, 2) for r in rep],
        weekly_reputation=[round(r.reputation, 2) for r in rep],
        hours_by_trait=hours, let_go=let_go,
        tagged=int(tagged.sum()), tagged_right=int(right.sum()),
        client_profits=[rec["profit"] for rec in client_records(st)],
    )


@dataclass
class Comparison:
    """The runs that could be compared, the files that could not, and warnings."""

    runs: list[RunSummary]
    failures: list[Verification]
    warnings: list[str]

    @property
    def exit_code(self) -> int:
        return max((f.exit_code for f in self.failures), default=0)


def compare_runs(paths: Sequence[str | Path], *, scenarios: Sequence[str] = (),
                 header_paths: bool = True) -> Comparison:
    """Verify and replay each run file; warn when they are not like for like.

    ``scenarios`` are extra scenario files; ``header_paths`` also tries the scenario file a
    header names (see :class:`~sim.runs.verify.ScenarioBook`)."""
    book = ScenarioBook(list(scenarios), header_paths=header_paths)
    runs, failures = [], []
    for p in paths:
        v = verify_run(p, keep=True, book=book)
        if v.ok:
            runs.append(summarise(v))
        else:
            failures.append(v)
    _unique_labels(runs)
    return Comparison(runs, failures, like_for_like(runs))


def _unique_labels(runs: list[RunSummary]) -> None:
    """Runs of one name are told apart by their seed when that differs, else by a number."""
    counts = Counter(r.label for r in runs)
    same = [r for r in runs if counts[r.label] > 1]
    seeds = Counter((r.label, r.seed) for r in same)
    for r in same:
        if seeds[(r.label, r.seed)] == 1:
            r.label = f"{r.label}, seed {r.seed}"
    counts = Counter(r.label for r in runs)
    seen: Counter[str] = Counter()
    for r in runs:
        if counts[r.label] > 1:
            seen[r.label] += 1
            r.label = f"{r.label} #{seen[r.label]}"


def like_for_like(runs: Sequence[RunSummary]) -> list[str]:
    """Warning lines when the runs differ in scenario, its version, overrides or seed."""
    out = []
    scenarios = sorted({r.scenario for r in runs})
    if len(scenarios) > 1:
        out.append(f"warning: these runs are on different scenarios ({', '.join(scenarios)}): "
                   "their scores do not measure the same game")
    elif len({r.scenario_sha256 for r in runs}) > 1:
        out.append("warning: these runs are on different versions of the scenario "
                   f"{scenarios[0]} (different SHA-256): their scores are not like for like")
    if len({r.overrides for r in runs}) > 1:
        out.append("warning: these runs were played with different --set overrides")
    seeds = sorted({r.seed for r in runs})
    if len(seeds) > 1:
        out.append(f"warning: these runs are on different seeds ({', '.join(map(str, seeds))}):"
                   " they met different clients, so differences are partly luck")
    return out


# --- the table ------------------------------------------------------------------------------


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _tags(r: RunSummary) -> str:
    if not r.tagged:
        return "no tags"
    return f"{r.tagged_right}/{r.tagged} ({100 * r.tagged_right / r.tagged:.0f}%)"


def _let_go_counts(r: RunSummary) -> str:
    if not r.let_go:
        return "none"
    counts = Counter(x.manner for x in r.let_go)
    return ", ".join(f"{counts[m]} {m}" for m in MANNERS if counts[m])


def measures(r: RunSummary, traits: Sequence[str]) -> list[tuple[str, str, Any]]:
    """``(measure, shown text, value)`` rows for one run, in table order; ``value`` is what
    the CSV holds."""
    s = r.scores
    rows: list[tuple[str, str, Any]] = [
        ("player", r.label, r.label),
        ("scenario", r.scenario, r.scenario),
        ("seed", str(r.seed), r.seed),
        ("weeks", f"{r.weeks}/{r.game_weeks}", r.weeks),
        ("end", r.end, r.end),
        ("score", f"{s['score']:.2f}", s["score"]),
        ("long_term_profit", _money(s["long_term_profit"]), s["long_term_profit"]),
        ("profit", _money(s["profit"]), s["profit"]),
        ("revenue", _money(r.revenue), r.revenue),
        ("costs", _money(r.costs), r.costs),
        ("bad_debt", _money(r.bad_debt), r.bad_debt),
        ("discounts", _money(r.discounts), r.discounts),
        ("cash", _money(s["cash"]), s["cash"]),
        ("morale", f"{s['morale']:.1f}", s["morale"]),
        ("reputation", f"{s['reputation']:.1f}", s["reputation"]),
    ]
    for t in traits:
        h = r.hours_by_trait.get(t)
        rows.append((f"hours.{t}", "-" if h is None else f"{h:,.0f}", h))
    rows.append(("let_go", _let_go_counts(r), len(r.let_go)))
    rows.append(("tag_accuracy", _tags(r),
                 None if r.tag_accuracy is None else round(r.tag_accuracy, 4)))
    return rows


_TITLES = {"long_term_profit": "long-term profit", "bad_debt": "bad debt",
           "tag_accuracy": "type tags right", "let_go": "let go"}


def _traits(runs: Sequence[RunSummary]) -> list[str]:
    names: list[str] = []
    for r in runs:
        names.extend(t for t in r.hours_by_trait if t not in names)
    return names


def render_table(cmp: Comparison) -> str:
    """The side-by-side table: one column per run, then who was let go when and how."""
    runs = cmp.runs
    traits = _traits(runs)
    cols = [measures(r, traits) for r in runs]
    names = [_TITLES.get(m, m.replace(".", ": ")) for m, _, _ in cols[0]]
    left = max(len(n) for n in names) + 2
    widths = [min(28, max(12, *(len(text) for _, text, _ in col))) for col in cols]
    lines = []
    for i, name in enumerate(names):
        cells = []
        for col, w in zip(cols, widths, strict=True):
            text = col[i][1]
            text = text if len(text) <= w else text[: w - 1] + "…"
            cells.append(text.rjust(w))
        lines.append(f"{name:<{left}}" + "  ".join(cells))
        if name in ("end", "reputation") or (traits and name == f"hours: {traits[-1]}"):
            lines.append("")
    if lines[-1] == "":
        lines.pop()
    for r in runs:
        if r.let_go:
            lines.append("")
            lines.append(f"let go by {r.label}:")
            for x in r.let_go:
                stayed = " (stayed)" if x.outcome == "active" else ""
                lines.append(f"  week {x.week:>3}  {x.client} ({x.trait}), {x.manner}{stayed}")
    lines.append("")
    for k, r in enumerate(runs, start=1):
        lines.append(f"[{k}] {r.label}: {r.path}")
    return "\n".join(lines)


def tidy_rows(runs: Sequence[RunSummary]) -> list[dict[str, Any]]:
    """One row per run and measure (weekly series with their week), for spreadsheets."""
    traits = _traits(runs)
    rows = []
    for k, r in enumerate(runs, start=1):
        base = {"run": k, "file": str(r.path), "player": r.label, "scenario": r.scenario,
                "seed": r.seed}
        for m, _, value in measures(r, traits)[3:]:
            if value is not None:
                rows.append({**base, "week": "", "measure": m, "value": value})
        for manner in MANNERS:
            rows.append({**base, "week": "", "measure": f"let_go.{manner}",
                         "value": sum(x.manner == manner for x in r.let_go)})
        series = (("weekly.profit", r.weekly_profit), ("weekly.morale", r.weekly_morale),
                  ("weekly.reputation", r.weekly_reputation))
        for m, values in series:
            for w, value in enumerate(values, start=1):
                rows.append({**base, "week": w, "measure": m, "value": value})
    return rows


CSV_FIELDS = ("run", "file", "player", "scenario", "seed", "week", "measure", "value")


def csv_text(rows: Sequence[dict[str, Any]], fields: Sequence[str] = CSV_FIELDS) -> str:
    """CSV text; a cell that a spreadsheet would run as a formula is quoted with ``'``."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def write_csv(path: str | os.PathLike[str], text: str) -> None:
    """Write CSV text atomically (a temporary file, fsync, then ``os.replace``).

    Raises:
        OSError: the file cannot be written.
    """
    atomic_write(path, text)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") \
            and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


__all__ = ["CSV_FIELDS", "Comparison", "LetGo", "RunSummary", "compare_runs", "csv_text",
           "like_for_like", "measures", "render_table", "summarise", "tidy_rows", "write_csv"]
