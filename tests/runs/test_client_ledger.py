"""The run file's per-client ledger is the one the game shows: ``run --out`` records each
client's cost to serve and profit as his client card (the observation) does, to the cent."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.cli import main
from sim.engine import client_ledger, new_game, observe, step
from sim.runs.runfile import read_run
from sim.scenario import load_scenario

SEEDS = "0:3"


@pytest.mark.parametrize("policy", ["rule-based", "always-right", "oracle", "random"])
def test_run_record_ledger_is_the_client_card(policy, tmp_path):
    out = tmp_path / "runs.jsonl"
    assert main(["run", "agency", "--policy", policy, "--seeds", SEEDS, "--set", "weeks=16",
                 "--out", str(out), "--record", str(tmp_path)]) == 0
    params = load_scenario("agency", ["weeks=16"]).params
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 3
    checked = 0
    for rec in records:
        run = read_run(tmp_path / f"agency-{policy}-seed{rec['seed']}.jsonl")
        st = new_game(params, rec["seed"])
        for d in run.decisions:  # the game played again, as the player would have seen it
            st, _ = step(st, d, inplace=True)
        card = observe(st).clients
        books = client_ledger(st)
        for row in rec["clients"]:
            i = row["id"]
            assert round(row["cost_to_serve"] * 100) == int(card.cost_to_serve[i])
            assert round(row["profit"] * 100) == int(card.profit[i])
            assert round(row["revenue"] * 100) == int(card.revenue[i])
            checked += 1
        # the engine's ledger is the card's, column for column
        for col in ("hours_cost", "cost_to_serve", "profit"):
            assert np.array_equal(getattr(books, col), getattr(card, col))
    assert checked > 30


def test_ledger_adds_up():
    """cost to serve = hours at the loaded cost (to the cent) + credit cost + bad debt, and
    profit = revenue - cost to serve, whatever the week."""
    params = load_scenario("agency", ["weeks=10"]).params
    st = new_game(params, 7)
    for _ in range(10):
        st, _ = step(st, None, inplace=True)
    c, b = st.clients, client_ledger(st)
    n = c.n
    hours = c.billable_hours[:n] + c.unbilled_hours[:n]
    loaded = observe(st).loaded_hourly_cost
    assert np.all(np.abs(b.hours_cost - hours * loaded) <= 0.5)
    assert np.array_equal(b.cost_to_serve, b.hours_cost + c.credit_cost[:n] + c.bad_debt[:n])
    assert np.array_equal(b.profit, c.revenue[:n] - b.cost_to_serve)
    assert b.profit.dtype == np.int64 and int(np.count_nonzero(c.bad_debt[:n] + c.credit_cost[:n]))


def test_a_half_cent_is_rounded_once_and_alike():
    """A cost that falls on half a cent: the run file rounds it as the client card does (the
    hours are costed to the cent once, then whole cents are added)."""
    from sim.runs.runner import client_records

    params = load_scenario("agency", ["weeks=4"]).params
    st = new_game(params, 3)
    st, _ = step(st, None)
    s, c = st.staff, st.clients
    s.wage[0] += 100  # the loaded hourly cost becomes 4750.5 cents
    i = int(np.flatnonzero(c.status[: c.n] == 1)[0])
    c.billable_hours[i], c.unbilled_hours[i] = 3.0, 0.0  # 14251.5 cents of hours
    c.credit_cost[i] = c.bad_debt[i] = 0
    assert observe(st).loaded_hourly_cost == 4750.5
    card = observe(st).clients
    row = next(r for r in client_records(st) if r["id"] == i)
    assert round(row["cost_to_serve"] * 100) == int(card.cost_to_serve[i]) == 14252
    assert round(row["profit"] * 100) == int(card.profit[i])
