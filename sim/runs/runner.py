"""Play one game with a policy and summarise it as the tidy record of ``sim run --out``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import field
from typing import Any

from ..engine import (
    Decisions,
    GameParams,
    GameState,
    Status,
    WeekReport,
    client_ledger,
    final_scores,
    new_game,
    observe,
    play_weeks,
    record,
)
from ..policies import Policy


@record
class RunResult:
    """A finished game: the final state, every week's decisions and reports."""

    state: GameState
    decisions: list[Decisions] = field(default_factory=list)
    reports: list[WeekReport] = field(default_factory=list)


WeekHook = Callable[[GameState, Decisions, WeekReport], None]


def play(params: GameParams, policy: Policy, seed: int, *, keep: bool = False,
         on_week: WeekHook | None = None, explain: bool | None = None) -> RunResult:
    """Play a whole game. ``keep`` stores decisions and reports; ``on_week`` is called after
    each week with the new state (for recording run files). Without either, nobody reads
    the reports, so the engine does not write the sentences that explain them; ``explain``
    says so outright (a hook that reads only the report's numbers)."""
    st = new_game(params, seed)
    result = RunResult(st)
    needs_state = policy.needs_state
    live = policy.live_observation

    def decide(state: GameState) -> Decisions:
        return policy.decide(observe(state, live=live), state if needs_state else None)

    if explain is None:
        explain = keep or on_week is not None
    for week in play_weeks(st, decide, explain=explain):
        if keep:
            result.decisions.append(week.decisions)
            result.reports.append(week.report)
        if on_week is not None:
            on_week(week.state, week.decisions, week.report)
    return result


def _money(x: Any) -> float:
    return round(float(x) / 100.0, 2)


def client_records(st: GameState) -> list[dict[str, Any]]:
    """Per-client summary with the revealed trait (for debriefs and ``run --out``)."""
    c = st.clients
    n = c.n
    books = client_ledger(st)  # what the client card shows, to the cent
    cost, profit = books.cost_to_serve, books.profit
    out = []
    for i in range(n):
        status = Status(int(c.status[i]))
        if status == Status.LEAD:  # a lead nobody decided on (the game ended)
            continue
        out.append({
            "id": i,
            "name": st.client_names[i],
            "trait": st.traits.names[int(c.trait[i])],
            "revenue": _money(c.revenue[i]),
            "cost_to_serve": _money(cost[i]),
            "profit": _money(profit[i]),
            "billable_hours": round(float(c.billable_hours[i]), 2),
            "unbilled_hours": round(float(c.unbilled_hours[i]), 2),
            "status": status.key,
            "joined_week": int(c.joined[i]),
            "left_week": None if c.left[i] < 0 else int(c.left[i]),
        })
    return out


def run_record(params: GameParams, result: RunResult, *, scenario: str, sha256: str,
               policy: str, seed: int, overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The JSON object ``sim run --out`` writes for one run (DESIGN §4).

    ``overrides`` are the ``--set PATH=VALUE`` changes the run was played with, so that two
    sweeps of the same file with different settings do not look alike.
    """
    st = result.state
    w = st.weekly
    return {
        "scenario": scenario,
        "scenario_sha256": sha256,
        "overrides": list(overrides),
        "policy": policy,
        "seed": seed,
        "weeks": len(w["cash"]),
        "end": st.end_reason,
        "final": final_scores(st),
        "weekly": {
            "cash": [_money(x) for x in w["cash"]],
            "profit": [_money(x) for x in w["profit"]],
            "revenue": [_money(x) for x in w["revenue"]],
            "morale": [round(float(x), 2) for x in w["morale"]],
            "reputation": [round(float(x), 2) for x in w["reputation"]],
        },
        "clients": client_records(st),
    }


def trait_totals(st: GameState) -> dict[str, dict[str, float]]:
    """Hours and money per trait over the game (for calibration and the debrief)."""
    c = st.clients
    n = c.n
    out: dict[str, dict[str, float]] = {}
    seen = c.status[:n] > 0
    for t, name in enumerate(st.traits.names):
        m = seen & (c.trait[:n] == t)
        out[name] = {
            "clients": int(m.sum()),
            "revenue": float(c.revenue[:n][m].sum()) / 100,
            "billable_hours": float(c.billable_hours[:n][m].sum()),
            "unbilled_hours": float(c.unbilled_hours[:n][m].sum()),
        }
    return out


__all__ = ["RunResult", "client_records", "play", "run_record", "trait_totals"]
