"""Every number a scenario can set, at the edges of its range, plays to the end.

The ranges come from the scenario's JSON Schema (the pydantic models), so a field added
without a range, or with one the engine cannot take, is found here: the test builds
scenarios whose every number is at its lowest, its highest or left out, checks that the file
validates, and plays it to the end with a bot. Every week the books must add up, every
number must be finite, and the model's own caps must hold (at most 200 active clients, at
most 50 new leads a week). The long variant plays the longest game the schema allows.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from sim.engine import final_scores, new_game, observe, step
from sim.engine.state import ACTIVE, LEAD
from sim.engine.traits import BUILTIN_TRAITS
from sim.engine.validate import MAX_ACTIVE_CLIENTS, MAX_LEADS_PER_WEEK, ModelLimit, check_params
from sim.policies import make_policy
from sim.scenario import ScenarioError, load_scenario, scenario_json_schema
from tests.engine.test_properties import _check_invariants

SCHEMA = scenario_json_schema()
DEFS = SCHEMA["$defs"]


def _range(prop: dict) -> tuple[str, float, float] | None:
    """(kind, lowest, highest) of a numeric property of the schema, or None."""
    for option in prop.get("oneOf", prop.get("anyOf", [prop])):
        if option.get("type") in ("number", "integer") and "maximum" in option:
            lo = option.get("minimum", option.get("exclusiveMinimum"))
            if "exclusiveMinimum" in option:
                lo = lo + (1 if option["type"] == "integer" else 1e-6)
            return option["type"], lo, option["maximum"]
    return None


def numeric_fields(model: str) -> dict[str, tuple[str, float, float]]:
    """Every bounded number of a model of the schema: name -> (kind, lowest, highest)."""
    out = {}
    for name, prop in DEFS[model]["properties"].items():
        r = _range(prop)
        if r is not None:
            out[name] = r
    return out


def test_every_number_of_the_schema_has_a_range():
    """A number without a maximum is a way to overflow the model or blow up its work."""
    unbounded = []
    for model, d in DEFS.items():
        for name, prop in d.get("properties", {}).items():
            kinds = [o.get("type") for o in prop.get("oneOf", prop.get("anyOf", [prop]))]
            if any(k in ("number", "integer") for k in kinds) and _range(prop) is None \
                    and not model.startswith(("Median", "Beats")):
                unbounded.append(f"{model}.{name}")
    for name in ("weeks",):
        assert "maximum" in SCHEMA["properties"][name]
    assert unbounded == []


EDGE = hs.sampled_from(["lo", "hi", "omit"])


def _edge(draw, kind: str, lo: float, hi: float):
    which = draw(EDGE)
    if which == "omit":
        return None
    v = lo if which == "lo" else hi
    return int(v) if kind == "integer" else float(v)


def _section(draw, model: str, skip: tuple[str, ...] = ()) -> dict:
    out = {}
    for name, (kind, lo, hi) in numeric_fields(model).items():
        if name in skip:
            continue
        v = _edge(draw, kind, lo, hi)
        if v is not None:
            out[name] = v
    return out


@hs.composite
def edge_scenarios(draw, weeks: int | None = None) -> dict:
    """A scenario whose numbers are each at an edge of their range (or left out)."""
    n_staff = draw(hs.sampled_from([1, 50]))
    staff = [{"name": f"S{i}", **_section(draw, "StaffModel")} for i in range(n_staff)]
    traits = {}
    for name in BUILTIN_TRAITS:
        t = _section(draw, "TraitModel")
        base = BUILTIN_TRAITS[name]
        late = t.get("pay_late", base.pay_late)
        never = t.get("pay_never", base.pay_never)
        if late + never > 1:  # shares of invoices: the highest of one leaves room for none
            t["pay_late"], t["pay_never"] = late, 1.0 - late
        signals = _section(draw, "SignalsModel")
        if signals:
            t["signals"] = signals
        traits[name] = t
    market = _section(draw, "MarketModel")
    clients = []
    if draw(hs.booleans()):
        room = MAX_ACTIVE_CLIENTS - market.get("initial_clients", 22)
        clients = [{"name": f"C{i}", "trait": "core", **_section(draw, "ClientModel")}
                   for i in range(min(room, draw(hs.sampled_from([0, 1, 30]))))]
    doc = {
        "title": "Edges", "weeks": weeks or draw(hs.sampled_from([1, 2, 26])),
        "firm": _section(draw, "FirmModel"), "staff": staff, "market": market,
        "traits": traits, "clients": clients,
        "rules": _section(draw, "RulesModel"), "scoring": _section(draw, "ScoringModel"),
    }
    if draw(hs.booleans()):
        doc["events"] = [{"week": 1, "kind": "market", "lead_rate": 50.0},
                         {"week": 1, "kind": "lawsuit", "cost": 100_000_000, "reputation": 100}]
    return doc


def play_to_the_end(doc: dict, folder, policy: str, seed: int) -> dict:
    path = folder / "edges.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    try:
        sc = load_scenario(path)
    except ScenarioError as exc:  # the generator keeps to the ranges: it must validate
        pytest.fail(f"a scenario inside the ranges does not validate: {exc}")
    st = new_game(sc.params, seed)
    bot = make_policy(policy, seed)
    prev_rows = st.clients.n
    while not st.over:
        c = st.clients
        active = int((c.status[: c.n] == ACTIVE).sum())
        leads = int((c.status[: c.n] == LEAD).sum())
        assert active <= MAX_ACTIVE_CLIENTS
        assert leads <= MAX_LEADS_PER_WEEK and c.n - prev_rows <= MAX_LEADS_PER_WEEK + 1
        prev_rows = c.n
        st, rep = step(st, bot.decide(observe(st), st), inplace=True)
        _check_invariants(st, rep)
        assert math.isfinite(st.reputation) and abs(st.cash) < 2**62
    scores = final_scores(st)
    assert all(math.isfinite(v) for v in scores.values()), scores
    return scores


@pytest.mark.timeout(240)
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(doc=edge_scenarios(), policy=hs.sampled_from(["random", "always-right", "rule-based"]),
       seed=hs.integers(0, 2**63 - 1))
def test_scenarios_at_the_edges_of_every_range_play_to_the_end(doc, policy, seed, tmp_path):
    play_to_the_end(doc, tmp_path, policy, seed)


@pytest.mark.slow
@pytest.mark.timeout(900)
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(doc=edge_scenarios(weeks=520), policy=hs.sampled_from(["random", "always-right"]))
def test_the_longest_games_at_the_edges_play_to_the_end(doc, policy, tmp_path):
    play_to_the_end(doc, tmp_path, policy, 1)


def test_a_growing_firm_stops_at_the_caps(tmp_path):
    """Referrals at their highest and money without end: the firm fills up to 200 active
    clients and stays there (the reported scenario grew to two million)."""
    doc = {"title": "Boom", "weeks": 150,
           "firm": {"cash": 1_000_000_000, "credit_limit": 1_000_000_000,
                    "price_per_hour": 100_000},
           "staff": [{"name": f"S{i}", "hours": 80} for i in range(50)],
           "market": {"lead_rate": 50},
           "traits": {t: {"referrals_per_year": 20, "churn_base": 0, "satisfaction": 1}
                      for t in BUILTIN_TRAITS}}
    path = tmp_path / "boom.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    st = new_game(load_scenario(path).params, 3)
    bot = make_policy("always-right", 3)
    most = 0
    while not st.over:
        st, _ = step(st, bot.decide(observe(st), st), inplace=True)
        c = st.clients
        most = max(most, int((c.status[: c.n] == ACTIVE).sum()))
    assert most == MAX_ACTIVE_CLIENTS  # it does reach the cap, and never passes it
    assert st.clients.n <= 22 + 150 * MAX_LEADS_PER_WEEK


def test_the_engine_refuses_parameters_outside_its_bounds():
    """A scenario that escaped validation (built in code) is stopped at new_game with the
    reason, never left to divide by zero."""
    import dataclasses

    params = load_scenario("tutorial").params
    for bad in (dataclasses.replace(params, rules=dataclasses.replace(params.rules,
                                                                      morale_speed=0.0)),
                dataclasses.replace(params, weeks=10_000),
                dataclasses.replace(params, market=dataclasses.replace(
                    params.market, initial_clients=500))):
        with pytest.raises(ModelLimit) as info:
            check_params(bad)
        assert str(info.value)
        with pytest.raises(ModelLimit):
            new_game(bad, 1)


def test_the_random_bot_keeps_to_a_max_overtime_of_zero(tmp_path):
    path = tmp_path / "no-ot.yaml"
    path.write_text("title: T\nweeks: 60\nstaff: [{name: A}, {name: B}, {name: C}]\n"
                    "rules: {max_overtime: 0}\n", encoding="utf-8")
    params = load_scenario(path).params
    for seed in range(3):
        st = new_game(params, seed)
        bot = make_policy("random", seed)
        asked = 0
        while not st.over:
            d = bot.decide(observe(st), st)
            asked += len(d.overtime)
            st, _ = step(st, d, inplace=True)  # an illegal decision would raise here
        assert asked == 0
    # and with a small limit it asks for overtime within it
    path.write_text("title: T\nweeks: 60\nstaff: [{name: A}, {name: B}, {name: C}]\n"
                    "rules: {max_overtime: 0.5}\n", encoding="utf-8")
    st = new_game(load_scenario(path).params, 0)
    bot = make_policy("random", 0)
    hours = []
    while not st.over:
        d = bot.decide(observe(st), st)
        hours += list(d.overtime.values())
        st, _ = step(st, d, inplace=True)
    assert hours and max(hours) == 0.5
    assert np.isfinite(hours).all()
