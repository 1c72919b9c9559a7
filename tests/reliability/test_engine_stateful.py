"""The engine under random play, as a hypothesis state machine.

Each run picks a scenario (shipped, with a few ``--set`` overrides) and a seed, then plays
weeks with random legal decisions and tries random illegal ones in between. Illegal decisions
must be refused with a reason and change nothing; the books and ranges must hold every week;
and at the end the recorded decisions, replayed from ``new_game``, give the same digests.
(tests/engine/test_properties.py covers agency with a plain ``@given``; this adds scenarios,
overrides, interleaving of refusals with play, and the replay.)
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as hs
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from sim.engine import (
    BLUNT,
    POLITE,
    SERVE,
    Decisions,
    IllegalDecision,
    RequestPlan,
    Tag,
    Terms,
    new_game,
    observe,
    state_digest,
    step,
)
from sim.scenario import load_scenario
from tests.engine.test_properties import _check_invariants, _decisions

SCENARIOS = ("agency", "tutorial", "haggler", "crisis")
OVERRIDES = ((), ("firm.cash=100",), ("staff.0.wage=1500",), ("firm.price_per_hour=80",),
             ("firm.cash=-9900",))
_CACHE: dict = {}


def scenario(name: str, overrides: tuple[str, ...]):
    key = (name, overrides)
    if key not in _CACHE:
        _CACHE[key] = load_scenario(name, list(overrides))
    return _CACHE[key]


def illegal_for(st, kind: int, junk: float) -> Decisions:
    """An illegal decision of kind ``kind`` built against the state (ids out of range etc.)."""
    n_clients, n_staff = st.clients.n, st.staff.n
    bad_float = (float("nan"), float("inf"), -1.0, 1e9)[int(abs(junk)) % 4]
    table = [
        lambda: Decisions(let_go={n_clients + 10: POLITE}),
        lambda: Decisions(let_go={0: "shout"}),
        lambda: Decisions(terms={0: Terms(price_factor=bad_float)}),
        lambda: Decisions(overtime={0: bad_float}),
        lambda: Decisions(overtime={n_staff + 3: 1.0}),
        lambda: Decisions(requests={10**9: RequestPlan(SERVE)}),
        lambda: Decisions(tags={0: Tag("unicorn", 0.5)}),
        lambda: Decisions(hire=10_000),
        lambda: Decisions(bonus={0: -5}),
        lambda: Decisions(let_go={-1: BLUNT}),
    ]
    return table[kind % len(table)]()


class EngineMachine(RuleBasedStateMachine):
    """A game under random legal and illegal decisions."""

    @initialize(name=hs.sampled_from(SCENARIOS), overrides=hs.sampled_from(OVERRIDES),
                seed=hs.integers(0, 2**32 - 1))
    def start(self, name, overrides, seed):
        self.sc = scenario(name, overrides)
        self.seed = seed
        self.state = new_game(self.sc.params, seed)
        self.played: list[Decisions] = []
        self.digests: list[str] = []
        self.report = None
        self.refused = 0

    @precondition(lambda self: not self.state.over)
    @rule(data=hs.data())
    def play_random(self, data):
        d = _decisions(data, observe(self.state))
        before = state_digest(self.state)
        try:
            new, rep = step(self.state, d)
        except IllegalDecision as exc:  # the random plan may be illegal: that is fine
            assert exc.reason
            assert state_digest(self.state) == before
            self.refused += 1
            return
        assert state_digest(self.state) == before  # step without inplace never mutates
        self.state, self.report = new, rep
        self.played.append(d)
        self.digests.append(state_digest(new))

    @precondition(lambda self: not self.state.over)
    @rule(data=hs.data())
    def play_nothing(self, data):
        d = Decisions()
        self.state, self.report = step(self.state, d)
        self.played.append(d)
        self.digests.append(state_digest(self.state))

    @precondition(lambda self: not self.state.over)
    @rule(kind=hs.integers(0, 9), junk=hs.floats(0, 100))
    def play_illegal(self, kind, junk):
        bad = illegal_for(self.state, kind, junk)
        before = state_digest(self.state)
        with pytest.raises(IllegalDecision) as err:
            step(self.state, bad, inplace=True)
        assert err.value.reason and isinstance(err.value.reason, str)
        assert state_digest(self.state) == before

    @rule()
    def look(self):
        """Observing never changes the game (and is the only move once it is over)."""
        before = state_digest(self.state)
        observe(self.state)
        assert state_digest(self.state) == before

    @invariant()
    def books_and_ranges(self):
        if getattr(self, "report", None) is not None:
            _check_invariants(self.state, self.report)

    def teardown(self):
        if not getattr(self, "played", None):
            return
        st = new_game(self.sc.params, self.seed)
        for d, digest in zip(self.played, self.digests, strict=True):
            st, _ = step(st, Decisions.from_dict(d.to_dict()), inplace=True)
            assert state_digest(st) == digest


EngineMachine.TestCase.settings = settings(
    max_examples=20, stateful_step_count=10, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much])
test_engine_under_random_play = EngineMachine.TestCase


class EngineMachineLong(EngineMachine):
    pass


EngineMachineLong.TestCase.settings = settings(
    max_examples=200, stateful_step_count=40, deadline=None, derandomize=True,
    suppress_health_check=list(HealthCheck))


@pytest.mark.slow
class TestEngineLong(EngineMachineLong.TestCase):
    pass
