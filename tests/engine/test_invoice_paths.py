"""Step 6 invoices a small shop's week client by client and a big shop's on the columns: both
must give the same games, bit for bit (the digest of every week, the report with its notes
and causes, the discounts granted and refused), and the helpers of the one-by-one path must
give the numbers of their column forms."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine import service, state_digest
from sim.engine.costs import overtime_pay, team_overtime_pay
from sim.engine.defaults import agency
from sim.engine.params import Rules
from sim.policies import make_policy
from sim.runs.runner import play
from tests.paths import both_ways, times_seen


def _game(policy: str, seed: int) -> tuple[list[str], dict[str, int]]:
    """Every week's digest and report, and how often step 6's rarer outcomes happened."""
    weeks: list[str] = []
    seen = {"discounts": 0, "bad_debt": 0, "late": 0, "paid_late": 0}

    def hook(st, decisions, rep):
        weeks.append(state_digest(st) + repr(rep))
        led = rep.ledger
        seen["discounts"] += int(np.count_nonzero(led.discounts))
        seen["bad_debt"] += int(np.count_nonzero(led.bad_debt))
        seen["late"] += int(np.count_nonzero(led.late_billed))
        seen["paid_late"] += int(np.count_nonzero(led.late_paid))

    play(agency(), make_policy(policy, seed), seed, on_week=hook)
    return weeks, seen


@pytest.mark.parametrize("policy", ["rule-based", "always-right"])
def test_one_by_one_and_on_the_columns_give_the_same_games(monkeypatch, policy):
    games = both_ways(monkeypatch, [(service, "FEW_BILLED")],
                      lambda seed: _game(policy, seed), (3, 4))
    assert games["one by one"] == games["columns"]
    # (the comparison means something only if every branch was taken)
    seen = times_seen(games["columns"])
    assert all(seen.values()), seen


def test_the_team_overtime_pay_is_the_same_as_its_column_form():
    rng = np.random.default_rng(7)
    rules = Rules()
    for n in (0, 1, 3, 7, 8, 9, 17, 40):
        for _ in range(50):
            wages = rng.integers(0, 300_000, n) * rng.integers(0, 2, n)
            hours = rng.choice([0.0, 0.5, 1.0, 20.0, 40.0, rng.uniform(0, 60)], n)
            overtime = rng.choice([0.0, 0.0, 2.5, rng.uniform(0, 20)], n)
            assert (team_overtime_pay(wages.tolist(), hours.tolist(), overtime.tolist(), rules)
                    == int(np.rint(np.sum(overtime * (wages / np.maximum(1.0, hours)))
                                   * rules.overtime_pay)))
            assert overtime_pay(wages, hours, overtime, rules) == team_overtime_pay(
                wages.tolist(), hours.tolist(), overtime.tolist(), rules)


def _before_step_6(monkeypatch, weeks: int) -> list[tuple]:
    """Copies of the state and the week as step 6 found them, in the first ``weeks`` weeks."""
    import copy

    from sim.engine import week as week_module
    found = []
    real = week_module.invoice_and_pay

    def grab(st, wk):
        if len(found) < weeks:
            found.append((st.copy(), copy.deepcopy(wk)))
        real(st, wk)

    monkeypatch.setattr(week_module, "invoice_and_pay", grab)
    play(agency(), make_policy("rule-based", 5), 5)
    monkeypatch.undo()
    return found


def test_both_ways_agree_on_edge_cases_of_the_week(monkeypatch):
    """Hours too few to bill, no hours at all, every client on prepayment or none, everybody
    haggling and paying never or late: both ways write the same state and report."""
    import copy
    found = _before_step_6(monkeypatch, 12)

    def edits(st, wk):
        c, n = st.clients, wk.n
        yield lambda: None
        yield lambda: c.week_billable[:n].__setitem__(slice(0, n, 3), 1e-12)
        yield lambda: c.week_billable[:n].fill(0.0)
        yield lambda: c.prepay[:n].fill(True)
        yield lambda: (c.prepay[:n].fill(False), c.grant_discounts[:n].fill(True),
                       wk.per_client(st.traits).haggle.__setitem__(slice(None), 1.0))
        yield lambda: (c.prepay[:n].fill(False),
                       wk.per_client(st.traits).pay_never.__setitem__(slice(None), 0.5),
                       wk.per_client(st.traits).pay_late.__setitem__(slice(None), 0.5))
        yield lambda: c.contribution_avg[:n].__setitem__(slice(0, n, 2), -0.0)

    for st0, wk0 in found:
        t = wk0.per_client(st0.traits)  # (the edits write into copies of these)
        for traits in ("haggle", "pay_never", "pay_late"):
            getattr(t, traits).setflags(write=True)
        for k in range(7):
            outs = []
            for few in (10**9, -1):
                st, wk = st0.copy(), copy.deepcopy(wk0)
                list(edits(st, wk))[k]()
                monkeypatch.setattr(service, "FEW_BILLED", few)
                service.invoice_and_pay(st, wk)
                outs.append((state_digest(st), repr(wk.report), wk.granted.tolist(),
                             wk.refused.tolist(), wk.loaded_hourly,
                             np.signbit(st.clients.contribution_avg[: wk.n]).tolist()))
            assert outs[0] == outs[1], k
