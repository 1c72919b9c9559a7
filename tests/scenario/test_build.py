"""From YAML to GameParams: money in exact cents, trait overrides, events, extends."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest
from pydantic import ValidationError

from sim.engine.events import HANDLERS
from sim.engine.params import (
    EVENT_TYPES,
    ClientArrives,
    ClientSpec,
    Dist,
    Firm,
    Lawsuit,
    LeadSignals,
    Market,
    MarketChange,
    Message,
    ReviewStorm,
    Rules,
    Scoring,
    StaffJoins,
    StaffLeaves,
    StaffMember,
    Trait,
    TraitKind,
)
from sim.engine.traits import BUILTIN_TRAITS
from sim.scenario import ScenarioModel, load_scenario, scenario_json_schema
from sim.scenario import models as M

HEAD = """\
title: Test
weeks: 10
staff:
  - name: Anna
"""


def _load(write, body: str, name: str = "s.yaml"):
    return load_scenario(write(HEAD + textwrap.dedent(body), name))


def _names(dc) -> set[str]:
    return {f.name for f in dataclasses.fields(dc)}


@pytest.mark.parametrize("model, dc, skip", [
    (M.FirmModel, Firm, set()), (M.StaffModel, StaffMember, set()),
    (M.MarketModel, Market, set()), (M.ScoringModel, Scoring, set()),
    (M.ClientModel, ClientSpec, set()), (M.RulesModel, Rules, set()),
    (M.SignalsModel, LeadSignals, set()), (M.TraitModel, Trait, {"name", "base"}),
])
def test_models_mirror_the_engine_dataclasses(model, dc, skip):
    assert set(model.model_fields) - skip == _names(dc) - skip


def test_left_out_fields_take_the_engine_defaults(write):
    p = _load(write, "").params
    assert p.firm == Firm() and p.market == Market() and p.scoring == Scoring()
    assert p.rules == Rules() and p.staff == (StaffMember("Anna"),)
    assert p.traits == tuple(BUILTIN_TRAITS.values())
    assert p.clients == () and p.events == ()
    assert p.name == "s"


def test_money_is_converted_to_cents_exactly(write):
    p = _load(write, """\
        firm: {price_per_hour: 0.29, fixed_costs: 1400.29, cash: -1234.56, credit_limit: 0}
        scoring: {profit_scale: 100000}
        """).params
    assert (p.firm.price_per_hour, p.firm.fixed_costs, p.firm.cash, p.firm.credit_limit) == \
        (29, 140_029, -123_456, 0)
    assert p.scoring.profit_scale == 10_000_000
    assert all(isinstance(v, int) for v in (p.firm.price_per_hour, p.firm.cash))


def test_trait_overrides_and_new_traits(write):
    p = _load(write, """\
        traits:
          vampire:
            unbilled_hours: 9                 # a number: the mean, spread kept
            voice: {spread: 0.1}              # only the spread
            refers: {haggler: 1}
            signals: {polite: 0.1}
          shark:
            base: haggler
            hours_per_request: {mean: 2, spread: 0.2}
            incivility: 1.5
          minnow:
            base: shark                       # a new trait defined above
            pay_late: 0
        market:
          mix: {shark: 1, core: 3}
        """).params
    names = [t.name for t in p.traits]
    assert names == list(BUILTIN_TRAITS) + ["shark", "minnow"]
    base = BUILTIN_TRAITS["vampire"]
    v = p.traits[p.trait_index("vampire")]
    assert v.unbilled_hours == Dist(9.0, base.unbilled_hours.spread)
    assert v.voice == Dist(base.voice.mean, 0.1)
    assert v.refers == (("haggler", 1.0),)
    assert v.signals == dataclasses.replace(base.signals, polite=0.1)
    shark = p.traits[p.trait_index("shark")]
    assert shark == dataclasses.replace(BUILTIN_TRAITS["haggler"], name="shark",
                                        hours_per_request=Dist(2.0, 0.2), incivility=1.5)
    minnow = p.traits[p.trait_index("minnow")]
    assert minnow == dataclasses.replace(shark, name="minnow", pay_late=0.0)
    assert p.market.mix == (("shark", 1.0), ("core", 3.0))


def test_every_trait_has_a_kind_a_new_one_mend_unless_the_file_says(write):
    kinds = {n: t.kind for n, t in BUILTIN_TRAITS.items()}
    assert kinds == {"core": TraitKind.KEEP, "loyal": TraitKind.KEEP,
                     "haggler": TraitKind.MEND, "vampire": TraitKind.LET_GO,
                     "dead": TraitKind.LET_GO, "know_better": TraitKind.LET_GO}
    p = _load(write, """\
        traits:
          vampire: {unbilled_hours: 4}        # an override keeps the built-in's kind
          haggler: {kind: let_go}             # ... unless it names one
          diva: {base: core}                  # a new trait: mend, not its base's keep
          tyrant: {base: core, kind: let_go}
        """).params
    got = {t.name: t.kind for t in p.traits}
    assert got == {**kinds, "haggler": TraitKind.LET_GO, "diva": TraitKind.MEND,
                   "tyrant": TraitKind.LET_GO}
    assert all(type(k) is TraitKind for k in got.values())


def test_every_event_kind_is_built(write):
    p = _load(write, """\
        events:
          - {week: 1, kind: message, text: Hello}
          - {week: 2, kind: client_arrives, client: {name: V, trait: vampire, voice: 2}}
          - {week: 3, kind: market, lead_rate: 2, mix: {core: 1}, price_per_hour: 99.5}
          - {week: 4, kind: lawsuit, cost: 5000}
          - {week: 5, kind: review_storm, reputation: 7.5}
          - {week: 6, kind: staff_joins, staff: {name: Boris, wage: 1000}}
          - {week: 7, kind: staff_leaves, name: Boris}
          - {week: 8, kind: message, text: {en: Bye, ru: Пока}}
        """).params
    assert p.events == (
        Message(1, (("en", "Hello"),)),
        ClientArrives(2, ClientSpec("V", "vampire", voice=2.0)),
        MarketChange(3, lead_rate=2.0, mix=(("core", 1.0),), price_per_hour=9950),
        Lawsuit(4, cost=500_000, reputation=0.0),
        ReviewStorm(5, reputation=7.5),
        StaffJoins(6, StaffMember("Boris", wage=100_000)),
        StaffLeaves(7, "Boris"),
        Message(8, (("en", "Bye"), ("ru", "Пока"))),
    )
    # every kind of the format has its engine record, and every record its handler
    assert {type(e) for e in p.events} == set(EVENT_TYPES) == set(HANDLERS)
    assert {t.kind for t in EVENT_TYPES} == set(M.EVENT_KINDS)


def test_extends_merges_mappings_and_replaces_lists(write):
    write(HEAD + textwrap.dedent("""\
        id: parent-id
        firm: {name: Parent, price_per_hour: 70}
        market: {mix: {core: 1, vampire: 1}, lead_rate: 2}
        traits:
          shark: {base: haggler}
        events:
          - {week: 1, kind: message, text: from the parent}
        """), "parent.yaml")
    s = load_scenario(write(textwrap.dedent("""\
        extends: parent
        title: Child
        staff: [{name: Zoe}, {name: Yuri}]
        firm: {price_per_hour: 80}
        market: {mix: {vampire: 3}}
        traits:
          eel: {base: shark}
        """), "child.yaml"))
    p = s.params
    assert s.id == "child" and p.name == "child"
    assert s.model.title == "Child" and p.weeks == 10
    assert [m.name for m in p.staff] == ["Zoe", "Yuri"]
    assert p.firm.name == "Parent" and p.firm.price_per_hour == 8_000
    assert p.market.mix == (("core", 1.0), ("vampire", 3.0)) and p.market.lead_rate == 2.0
    assert [t.name for t in p.traits][-2:] == ["shark", "eel"]
    assert [dict(e.text) for e in p.events] == [{"en": "from the parent"}]


def test_extends_a_shipped_scenario_by_name(write):
    s = load_scenario(write("extends: agency\ntitle: Busy\nmarket: {lead_rate: 3}\n"))
    assert s.params.market.lead_rate == 3.0
    assert s.params.staff == load_scenario("agency").params.staff


def test_debrief_may_be_a_text_or_a_list_and_expect_forms(write):
    m = _load(write, """\
        debrief: [One, {en: Two, ru: Два}]
        expect:
          - {policy: rule-based, beats: always-right, on: score, at_least: 0.8}
          - {policy: oracle, metric: score, median_at_least_policy: rule-based}
          - {policy: always-right, metric: morale, median_at_most: 60}
          - {policy: random, beats: oracle}
        """).model
    assert [type(e).__name__ for e in m.expect] == [
        "BeatsCheck", "MedianVsPolicyCheck", "MedianCheck", "BeatsCheck"]
    assert m.expect[0].at_least == 0.8 and m.expect[3].on == "score"
    assert m.debrief[1].ru == "Два"


def test_model_validated_directly_still_checks_cross_references():
    data = {"title": "T", "weeks": 3, "staff": [{"name": "A"}],
            "clients": [{"name": "X", "trait": "wolf"}]}
    with pytest.raises(ValidationError, match="clients.0.trait: unknown trait 'wolf'"):
        ScenarioModel.model_validate(data)


def test_json_schema_describes_the_format():
    schema = scenario_json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) == {"title", "weeks", "staff"}
    assert schema["additionalProperties"] is False
    assert "default" not in schema["properties"]["firm"]
    money = schema["$defs"]["FirmModel"]["properties"]["price_per_hour"]
    assert money["type"] == "number"


@pytest.mark.parametrize("name", ["agency", "tutorial"])
def test_model_dump_validates_back_to_the_same_model(name):
    model = load_scenario(name).model
    data = model.model_dump(mode="json", exclude_none=True)
    assert ScenarioModel.model_validate(data) == model


def test_the_hash_covers_the_scenarios_a_file_extends(write):
    """A run file records the scenario's SHA-256: editing a parent must change it, or a
    replay would accept a game played on other rules."""
    import hashlib

    parent = write(HEAD + "firm: {price_per_hour: 70}\n", "parent.yaml")
    child = write("extends: parent\ntitle: Child\n", "child.yaml")
    plain = load_scenario(parent).sha256
    assert plain == hashlib.sha256(parent.read_bytes()).hexdigest()  # no extends: the bytes
    before = load_scenario(child).sha256
    assert before not in (plain, hashlib.sha256(child.read_bytes()).hexdigest())
    write(HEAD + "firm: {price_per_hour: 75}\n", "parent.yaml")
    assert load_scenario(parent).sha256 != plain
    assert load_scenario(child).sha256 != before  # the child's own bytes did not change


def test_canonical_overrides():
    from sim.scenario.overrides import canonical_overrides as canon

    assert canon(["weeks = 26.0", "staff.0.wage=1500"]) == canon(["staff.0.wage=1500.0",
                                                                  "weeks=26"])
    assert canon(["weeks=20", "weeks=26"]) == ("weeks=26",)
    assert canon(["market.mix={vampire: 1, core: 2}"]) == ('market.mix={"core":2,"vampire":1}',)
    # a path inside another: the order decides the result, so it is kept
    assert canon(["market.mix={core: 1}", "market={lead_rate: 2}"]) == (
        'market.mix={"core":1}', 'market={"lead_rate":2}')
    assert canon(["flag=yes", "x=[1,"]) != canon(["flag=true"])  # unreadable: kept as written
