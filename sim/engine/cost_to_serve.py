"""The cost-to-serve ledger of each client (seed 003's formula), in one place.

A client's cost to serve is every hour spent on him (billable and unbilled) at the loaded
hourly cost, plus the credit cost of his late invoices and his bad debt; his ledger profit is
his revenue (net of discounts) less that cost. The engine's running contribution (step 6),
the client card of the observation, the run file's ``clients`` and the debrief all read it
from here.

Not to be confused with the week's attribution :class:`~sim.engine.ledger.Ledger` (the causes
of one week's changes); this is the running account of each client.
"""

from __future__ import annotations

import numpy as np

from .plain import np_sum
from .records import record
from .state import STAFF_ACTIVE, GameState


@record(frozen=True)
class ClientLedger:
    """Every client's account so far, indexed by client id, in cents.

    ``hours_cost`` is the cost of his hours at the loaded hourly cost, rounded to the cent
    (the one rounding of the ledger: the other parts are whole cents already);
    ``cost_to_serve`` is ``hours_cost + credit_cost + bad_debt`` and ``profit`` is
    ``revenue - cost_to_serve``.
    """

    revenue: np.ndarray
    hours_cost: np.ndarray
    cost_to_serve: np.ndarray
    profit: np.ndarray


def hourly_cost(wages: int, contract_hours: float, fixed_costs: int) -> float:
    """The cost of one staff hour in cents from the active team's weekly ``wages`` and
    ``contract_hours`` and the firm's ``fixed_costs`` (0 when nobody works). Step 6 has the
    sums at hand already and calls it directly."""
    return (wages + fixed_costs) / contract_hours if contract_hours > 0 else 0.0


def active_team(st: GameState) -> tuple[list[int], list[float]]:
    """Each staff member's weekly wage and contract hours, 0 for those not at work (the
    columns times the active mask, as plain lists: a team is a handful to a few dozen)."""
    s = st.staff
    wages, hours = [], []
    for w, h, status in zip(s.wage[: s.n].tolist(), s.hours[: s.n].tolist(),
                            s.status[: s.n].tolist(), strict=True):
        if status == STAFF_ACTIVE:
            wages.append(w)
            hours.append(h)
        else:
            wages.append(0)
            hours.append(h * 0.0)
    return wages, hours


def loaded_hourly_cost(st: GameState) -> float:
    """The cost of one staff hour in cents: the active team's wages and the firm's fixed
    costs over the team's contract hours (0 when nobody works)."""
    wages, hours = active_team(st)
    return hourly_cost(sum(wages), np_sum(hours), st.params.firm.fixed_costs)  # whole cents


def ledger_profit(revenue: np.ndarray, credit_cost: np.ndarray, bad_debt: np.ndarray,
                  hours_cost: np.ndarray) -> np.ndarray:
    """The ledger profit of clients with these totals: revenue less bad debt, credit cost
    and the cost of the hours (what :func:`ledger_of` records as ``profit``; step 6 needs
    no more than this)."""
    return revenue - bad_debt - credit_cost - hours_cost


def ledger_of(revenue: np.ndarray, credit_cost: np.ndarray, bad_debt: np.ndarray,
              hours: np.ndarray, loaded: float) -> ClientLedger:
    """The ledger of clients with these totals (``hours`` billable and unbilled together).
    (The engine's running contribution keeps the cost of the hours unrounded and takes only
    :func:`ledger_profit`.)"""
    hours_cost = np.rint(hours * loaded).astype(np.int64)
    return ClientLedger(revenue=revenue, hours_cost=hours_cost,
                        cost_to_serve=hours_cost + credit_cost + bad_debt,
                        profit=ledger_profit(revenue, credit_cost, bad_debt, hours_cost))


def client_ledger(st: GameState) -> ClientLedger:
    """Every client's ledger over the game so far, at today's loaded hourly cost (what the
    client card shows, the run file records and the debrief charts)."""
    c = st.clients
    n = c.n
    return ledger_of(c.revenue[:n].copy(), c.credit_cost[:n], c.bad_debt[:n],
                     c.billable_hours[:n] + c.unbilled_hours[:n], loaded_hourly_cost(st))
