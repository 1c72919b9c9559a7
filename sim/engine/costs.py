"""The prices and hours of staff decisions, shared by the engine (which charges and spends
them) and the game (which shows them before the player decides), so each rule lives in one
place."""

from __future__ import annotations

import numpy as np

from .params import Rules
from .plain import np_sum


def hire_wage(wages: np.ndarray, active: np.ndarray, rules: Rules) -> int:
    """A new hire is paid like the current team: the median wage of the active staff
    (``rules.default_hire_wage`` when nobody is at work)."""
    current = wages[active]
    return int(np.median(current)) if len(current) else rules.default_hire_wage


def hire_fee(wage: int, rules: Rules) -> int:
    """The fee of one hire or replacement: ``rules.hire_fee_weeks`` of his wage."""
    return int(rules.hire_fee_weeks * wage)


def overtime_cost(wage: float, hours: float, overtime_hours: float, rules: Rules) -> float:
    """What ``overtime_hours`` of one person cost: his hourly wage times the premium."""
    return overtime_hours * (wage / max(1.0, hours)) * rules.overtime_pay


def overtime_pay(wages: np.ndarray, hours: np.ndarray, overtime: np.ndarray,
                 rules: Rules) -> int:
    """The week's overtime pay of the team in cents (``wages`` of the active staff, 0 for
    the others): each person's hourly wage times his overtime, at the premium."""
    return team_overtime_pay(wages.tolist(), hours.tolist(), overtime.tolist(), rules)


def team_overtime_pay(wages: list[int], hours: list[float], overtime: list[float],
                      rules: Rules) -> int:
    """:func:`overtime_pay` of lists, one person at a time (a team is a handful to a few
    dozen): the hourly wages times the overtime, summed as numpy sums, at the premium."""
    if not any(overtime):
        return 0  # (no overtime, nothing to pay: the formula gives 0 too)
    return round(np_sum([o * (w / max(1.0, h))
                         for w, h, o in zip(wages, hours, overtime, strict=True)])
                 * rules.overtime_pay)


def staff_capacity(hours: np.ndarray, morale: np.ndarray, overtime: np.ndarray,
                   time_off: np.ndarray, active: np.ndarray, rules: Rules) -> np.ndarray:
    """Each person's productive hours this week: contract hours and overtime (less
    productive) at the productivity his morale allows; nothing on a week off or when not
    active."""
    productivity = rules.productivity_base + rules.productivity_per_morale * morale
    base = hours * productivity
    # Most weeks nobody works overtime or takes a week off: both terms are skipped then
    # (the overtime term would add +0.0 to hours that are never -0.0, the same bits).
    if np.count_nonzero(overtime):
        base += overtime * (productivity * rules.overtime_productivity)
    if np.count_nonzero(time_off):
        base[time_off] = 0.0
    base *= active
    return base
