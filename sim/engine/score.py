"""Scores: long-term profit (with a terminal value), morale, reputation and the composite.

"Long-term" means the profit includes what the firm's client base is worth at the end, so
last-week tricks (firing everyone, burning the staff with overtime) do not pay.
"""

from __future__ import annotations

import numpy as np

from .state import ACTIVE, STAFF_ACTIVE, GameState


def profit_scale(st: GameState) -> float:
    """The money that counts as 100 score points of profit (scenario's, or a year's fixed
    costs)."""
    p = st.params
    return float(p.scoring.profit_scale or p.weeks * p.firm.fixed_costs or 1)


def terminal_value(st: GameState) -> int:
    """What the firm still has at the end, in cents: the clients (each one's recent weekly
    contribution, after the cost of his hours, over the rules' horizon) and the staff (a
    team below its normal morale will produce less for as long as it takes to recover; one
    above it, more)."""
    return client_value(st) + staff_value(st)


def client_value(st: GameState) -> int:
    c = st.clients
    active = c.status[: c.n] == ACTIVE
    weeks = st.params.rules.terminal_weeks
    return int(np.rint(c.contribution_avg[: c.n][active].sum() * weeks))


def staff_value(st: GameState) -> int:
    s, r = st.staff, st.params.rules
    act = s.status[: s.n] == STAFF_ACTIVE
    # productivity rises with morale; a gap closes at morale_speed per week, so its hours add
    # up to gap / morale_speed weeks' worth
    gap = (s.morale[: s.n] - r.morale_target) * act
    hours = float((gap * s.hours[: s.n]).sum()) * r.productivity_per_morale / r.morale_speed
    return int(round(hours * st.price_per_hour))


def average_morale(st: GameState) -> float:
    s = st.staff
    act = s.status[: s.n] == STAFF_ACTIVE
    return float(s.morale[: s.n][act].mean()) if act.any() else 0.0


def final_scores(st: GameState) -> dict[str, float]:
    """The scores of the game so far (money in currency units, two decimals)."""
    w = st.params.scoring
    tv = terminal_value(st)
    morale = average_morale(st)
    long_term = st.profit_total + tv
    score = 100.0 * (w.profit * long_term / profit_scale(st) + w.morale * morale / 100.0
                     + w.reputation * st.reputation / 100.0)
    return {
        "cash": round(st.cash / 100, 2),
        "profit": round(st.profit_total / 100, 2),
        "revenue": round(st.revenue_total / 100, 2),
        "morale": round(morale, 2),
        "reputation": round(st.reputation, 2),
        "terminal_value": round(tv / 100, 2),
        "long_term_profit": round(long_term / 100, 2),
        "score": round(score, 2),
    }
