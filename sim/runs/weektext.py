"""A week report as plain text, in the game's words (``sim run ... --reports N``).

The same lines and sentences the report screen shows (:mod:`sim.ui.scenes.report`), for a
terminal, a note or a class handout: the week's numbers, then every note as a sentence.
"""

from __future__ import annotations

from sim import i18n
from sim.engine import WeekReport

#: the money lines of a week report, in the screen's order
MONEY_LINES = ("revenue", "payments", "wages", "overtime_pay", "fixed_costs", "other_costs",
               "bad_debt", "discounts", "credit_cost", "profit")
#: the other lines (cash is shown as before → after)
OTHER_LINES = ("cash", "capacity_hours", "billable_hours", "unbilled_hours", "waiting_hours",
               "overtime_hours", "morale", "reputation", "leads", "active_clients")
#: lines shown only when the week had any
OPTIONAL = ("overtime_pay", "other_costs", "overtime_hours")


def report_lines(report: WeekReport) -> list[str]:
    """The keys of the lines a week report shows (the optional ones only when nonzero)."""
    return [k for k in MONEY_LINES + OTHER_LINES if k not in OPTIONAL or getattr(report, k)]


def line_value(report: WeekReport, key: str, currency: str, lang: str) -> str:
    """One line's value as the player reads it (money in whole units, numbers per language)."""
    if key == "cash":
        return (f"{i18n.money(report.cash_before, currency, lang, whole=True)} → "
                f"{i18n.money(report.cash_after, currency, lang, whole=True)}")
    v = getattr(report, key)
    if key in MONEY_LINES:
        return i18n.money(int(v), currency, lang, whole=True)
    return i18n.number(v, lang, 1)


def week_report_text(report: WeekReport, currency: str, lang: str) -> str:
    """The whole report of one week: title, the numbers, and why (or that it was quiet)."""
    keys = report_lines(report)
    labels = {k: i18n.tr(f"ui.report.{k}", lang) for k in keys}
    values = {k: line_value(report, k, currency, lang) for k in keys}
    lw = max(len(s) for s in labels.values())
    vw = max(len(s) for s in values.values())
    out = [i18n.tr("ui.report.title", lang, week=report.week), "",
           i18n.tr("ui.report.numbers", lang)]
    out += [f"  {labels[k]:<{lw}}  {values[k]:>{vw}}" for k in keys]
    out += ["", i18n.tr("ui.report.why", lang)]
    notes = [i18n.note_text(n, lang, currency=currency) for n in report.notes]
    out += [f"  • {s}" for s in notes] or [f"  {i18n.tr('ui.report.quiet', lang)}"]
    return "\n".join(out) + "\n"


__all__ = ["MONEY_LINES", "OPTIONAL", "OTHER_LINES", "line_value", "report_lines",
           "week_report_text"]
