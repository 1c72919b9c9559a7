"""The bots and user policies: what they may see, and that they play legal games."""

from __future__ import annotations

import sys
import textwrap
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from sim.engine import (
    ACTIVE,
    BUILTIN_TRAITS,
    ClientSpec,
    Decisions,
    TraitKind,
    new_game,
    observe,
)
from sim.engine.defaults import agency
from sim.policies import PolicyError, make_policy, policy_names
from sim.policies.base import may_ask_prepayment
from sim.runs.runner import play


def test_builtin_names():
    assert policy_names() == ["always-right", "rule-based", "oracle", "random",
                              "rule-based-keep"]
    assert make_policy("rule_based").name == "rule-based"


@pytest.mark.parametrize("name", ["always-right", "rule-based", "random"])
def test_bots_other_than_the_oracle_decide_on_observations_only(name):
    pol = make_policy(name, 1)
    assert not pol.needs_state
    st = new_game(agency(), 1)
    assert isinstance(pol.decide(observe(st), None), Decisions)


def test_the_oracle_needs_the_state():
    pol = make_policy("oracle")
    assert pol.needs_state
    with pytest.raises(ValueError):
        pol.decide(observe(new_game(agency(), 1)), None)


@pytest.mark.parametrize("kind, let_go", [(TraitKind.MEND, False), (TraitKind.LET_GO, True)])
def test_the_oracle_lets_go_the_traits_of_kind_let_go_a_scenarios_own_too(kind, let_go):
    diva = replace(BUILTIN_TRAITS["core"], name="diva", kind=kind)
    params = agency(traits=(*BUILTIN_TRAITS.values(), diva),
                    clients=(ClientSpec("Titan", "diva"),))
    st = new_game(params, 1)
    d = make_policy("oracle").decide(observe(st), st)
    assert st.traits.kind("diva") == kind
    titan = st.client_names.index("Titan")
    assert int(st.clients.status[titan]) == ACTIVE
    assert (titan in d.let_go) is let_go
    names = st.traits.names
    fired = {names[int(st.clients.trait[i])] for i in d.let_go}
    assert fired - {"diva"} <= {"vampire", "dead", "know_better"} and "vampire" in fired


def test_prepayment_is_asked_only_of_who_prepays_said_he_would_or_paid_late_twice():
    c = SimpleNamespace(prepay=np.array([1, 0, 0, 0, 0], bool),
                        sig_prepay=np.array([0, 1, 0, 0, 0], bool),
                        late_invoices=np.array([0, 0, 2, 1, 0]))
    assert may_ask_prepayment(c).tolist() == [True, True, True, False, False]


@pytest.mark.parametrize("seed", range(5))
def test_random_bot_plays_legal_games(seed):
    st = play(agency(), make_policy("random", seed), seed).state
    assert st.over


def test_always_right_is_the_myth():
    st = new_game(agency(), 2)
    d = make_policy("always-right").decide(observe(st))
    assert d.is_empty()


def test_unknown_policies_are_explained():
    with pytest.raises(PolicyError, match="built-ins are"):
        make_policy("smart")
    with pytest.raises(PolicyError, match="cannot import"):
        make_policy("no_such_module_xyz:decide")
    with pytest.raises(PolicyError, match="has no function"):
        make_policy("json:no_such_function")


def test_user_policy_by_module_and_function(tmp_path, monkeypatch):
    (tmp_path / "my_policy.py").write_text(textwrap.dedent("""
        seen = []
        def decide(obs):
            seen.append(obs)
            leads = {int(i): False for i in obs.leads()}
            return {"leads": {str(k): v for k, v in leads.items()}}
    """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    pol = make_policy("my_policy:decide")
    assert not pol.live_observation
    st = play(agency(weeks=6), pol, 3).state
    assert st.over
    mod = sys.modules["my_policy"]
    obs = mod.seen[0]
    # user code gets copies: nothing in them reaches the hidden state
    assert all(v.base is None for k, v in vars(obs.clients).items() if not k.startswith("_"))
    assert not hasattr(obs.clients, "trait")


def test_random_bot_over_many_seeds_never_breaks_the_engine():
    for seed in range(40):
        assert play(agency(weeks=20), make_policy("random", seed), seed).state.over


def test_the_example_student_policy_plays_and_differs_from_always_right():
    from examples.student_policy import decide
    from sim.engine import final_scores
    from sim.policies.base import FunctionPolicy

    mine = play(agency(), FunctionPolicy(decide, "example"), 4).state
    myth = play(agency(), make_policy("always-right"), 4).state
    assert mine.over and final_scores(mine) != final_scores(myth)


@pytest.mark.parametrize("name", ["always-right", "rule-based", "oracle", "random"])
def test_builtin_bots_never_write_to_the_live_observation(name):
    from sim.engine import state_digest, step

    pol = make_policy(name, 5)
    st = new_game(agency(), 5)
    for _ in range(20):
        before = state_digest(st)
        d = pol.decide(observe(st, live=True), st if pol.needs_state else None)
        assert state_digest(st) == before
        st, _ = step(st, d, inplace=True)


def test_terms_rows_are_the_terms_of_every_client():
    """The rows the oracle and the tricks compare are what ``Terms.of`` reads, in plain
    Python values, from the state's columns and from either kind of observation."""
    from sim.engine import Terms, step
    from sim.policies.base import terms_rows

    st = new_game(agency(), 2)
    for _ in range(6):  # some clients on new terms
        st, _ = step(st, make_policy("rule-based", 2).decide(observe(st, live=True)),
                     inplace=True)
    n = st.clients.n
    changed = 0
    for clients, rows in ((st.clients, terms_rows(st.clients, n)),
                          (observe(st).clients, terms_rows(observe(st).clients)),
                          (observe(st, live=True).clients,
                           terms_rows(observe(st, live=True).clients))):
        assert len(rows) == n
        for i, row in enumerate(rows):
            assert Terms(*row) == Terms.of(clients, i)
            assert [type(v) for v in row] == [float] + [bool] * 5
            changed += Terms(*row) != Terms()
    assert changed
