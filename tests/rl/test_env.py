"""The Gymnasium environment: Gymnasium's own checker, determinism, whole episodes, and that
it plays the engine's game (not a copy of it)."""

from __future__ import annotations

import numpy as np
import pytest

gym = pytest.importorskip("gymnasium")

from gymnasium.utils.env_checker import check_env  # noqa: E402

import sim.rl  # noqa: E402
from sim.engine import STATUS_NAMES, final_scores  # noqa: E402
from sim.policies import make_policy  # noqa: E402
from sim.rl.actions import CLIENT_ACTIONS, DECLINE, KEEP, LET_GO, STRICT_TERMS, VIP  # noqa: E402
from sim.runs.runner import play  # noqa: E402
from sim.scenario import shipped_scenarios  # noqa: E402

ACTIVE = STATUS_NAMES.index("active")


def masked_sample(env, info, rng):
    """A random legal action (``MultiDiscrete.sample`` takes the mask per slot)."""
    env.action_space.seed(int(rng.integers(2**31)))
    return env.action_space.sample(mask=sim.rl.mask_parts(env, info["action_mask"]))


def sparse_sample(env, info, rng, p=0.05):
    """A random legal action that changes about ``p`` of the slots (the rest: keep, accept)."""
    action = masked_sample(env, info, rng)
    action[rng.random(action.shape) >= p] = 0
    return action


def run_episode(env, seed, choose):
    """Play a whole game; the observations, rewards and infos of every step."""
    obs, info = env.reset(seed=seed)
    trace = [(obs, 0.0, info)]
    done = False
    while not done:
        obs, reward, done, truncated, info = env.step(choose(info))
        assert not truncated
        trace.append((obs, reward, info))
    return trace


def test_every_shipped_scenario_has_a_registered_environment():
    assert sim.rl.ENV_IDS == tuple(f"NotAlwaysRight/{p.stem}-v0" for p in shipped_scenarios())
    assert "NotAlwaysRight/agency-v0" in gym.registry


@pytest.mark.parametrize("env_id", sim.rl.ENV_IDS)
def test_gymnasiums_checker_passes(env_id):
    env = gym.make(env_id)
    check_env(env.unwrapped, skip_render_check=True)


def test_same_seed_and_actions_give_the_same_game():
    a, b = gym.make("NotAlwaysRight/agency-v0"), gym.make("NotAlwaysRight/agency-v0")
    ra, rb = np.random.default_rng(5), np.random.default_rng(5)
    ta = run_episode(a, 11, lambda info: masked_sample(a, info, ra))
    tb = run_episode(b, 11, lambda info: masked_sample(b, info, rb))
    assert len(ta) == len(tb) > 2
    for (oa, wa, ia), (ob, wb, ib) in zip(ta, tb, strict=True):
        assert np.array_equal(oa, ob)
        assert wa == wb
        assert np.array_equal(ia["action_mask"], ib["action_mask"])
    # and another seed is another game
    other, _ = a.reset(seed=12)
    assert not np.array_equal(other, ta[0][0])


def test_reset_without_a_seed_draws_one_from_the_seeded_generator():
    a, b = gym.make("NotAlwaysRight/seminar-v0"), gym.make("NotAlwaysRight/seminar-v0")
    a.reset(seed=3)
    b.reset(seed=3)
    _, ia = a.reset()
    _, ib = b.reset()
    assert ia["seed"] == ib["seed"] != 3


@pytest.mark.parametrize("seed", [1, 2])
def test_action_zero_is_the_always_right_bot(seed):
    env = gym.make("NotAlwaysRight/agency-v0")
    trace = run_episode(env, seed, lambda info: np.zeros(env.action_space.shape, np.int64))
    bot = play(env.unwrapped.params, make_policy("always-right", seed), seed).state
    assert trace[-1][2]["final"] == final_scores(bot)


def test_an_episode_runs_to_the_end_and_its_rewards_add_up_to_the_score():
    env = gym.make("NotAlwaysRight/seminar-v0")
    rng = np.random.default_rng(0)
    trace = run_episode(env, 4, lambda info: sparse_sample(env, info, rng))
    last = trace[-1][2]
    state = env.unwrapped.state
    assert state.over and last["end"] == state.end_reason in ("finished", "bankrupt")
    assert state.end_reason == "finished"  # a careful random manager lasts the half year
    assert len(trace) - 1 == env.unwrapped.params.weeks
    assert all("final" not in info for _, _, info in trace[:-1])
    total = trace[0][2]["score"] + sum(r for _, r, _ in trace[1:])
    assert total == pytest.approx(last["final"]["score"], abs=1e-6)
    for obs, _, _ in trace:
        assert env.observation_space.contains(obs)
    with pytest.raises(RuntimeError):
        env.step(np.zeros(env.action_space.shape, np.int64))


def test_any_action_is_legal_even_against_the_mask():
    env = gym.make("NotAlwaysRight/agency-v0")
    env.action_space.seed(9)
    trace = run_episode(env, 3, lambda info: env.action_space.sample())
    assert trace[-1][2]["final"]


def test_a_client_keeps_his_slot_while_he_stays():
    env = gym.make("NotAlwaysRight/agency-v0")
    rng = np.random.default_rng(1)
    seat: dict[int, int] = {}
    for _, _, info in run_episode(env, 2, lambda info: masked_sample(env, info, rng)):
        ids = info["client_ids"]
        for slot in (ids >= 0).nonzero()[0]:
            assert seat.setdefault(int(ids[slot]), int(slot)) == slot
        gone = set(seat) - set(ids.tolist())
        for i in gone:  # a client who left never sits again
            seat[i] = -1
    assert len(seat) > 20


def test_the_mask_and_the_actions_do_what_docs_say():
    env = gym.make("NotAlwaysRight/agency-v0").unwrapped
    _, info = env.reset(seed=1)
    n_act = len(CLIENT_ACTIONS)
    mask = info["action_mask"]
    assert len(mask) == env.action_space.nvec.sum()
    clients = mask[: env.client_slots * n_act].reshape(env.client_slots, n_act)
    empty = info["client_ids"] < 0
    assert empty.any() and (~empty).any()
    assert (clients[:, KEEP] == 1).all()
    assert (clients[empty, 1:] == 0).all()
    assert (clients[~empty, LET_GO] == 1).all()
    leads = mask[env.client_slots * n_act:].reshape(env.lead_slots, 2)
    assert (leads[:, DECLINE] == (info["lead_ids"] >= 0)).all()

    slot = int((~empty).nonzero()[0][0])
    client = int(info["client_ids"][slot])
    action = np.zeros(env.action_space.shape, np.int64)
    action[slot] = LET_GO
    action[env.client_slots:] = DECLINE
    _, _, _, _, after = env.step(action)
    d = after["decisions"]
    assert d.let_go == {client: "polite"} and d.blacklist == [client]
    assert set(d.leads) == set(info["lead_ids"][info["lead_ids"] >= 0].tolist())
    assert env.state.clients.status[client] != ACTIVE
    assert client not in after["client_ids"]


def test_an_action_that_changes_nothing_is_masked_and_kept():
    env = gym.make("NotAlwaysRight/agency-v0").unwrapped
    _, info = env.reset(seed=1)
    slot = int((info["client_ids"] >= 0).nonzero()[0][0])
    action = np.zeros(env.action_space.shape, np.int64)
    action[slot] = VIP
    _, _, _, _, info = env.step(action)
    client = env.state.clients.vip.nonzero()[0]
    slot_of = {int(c): s for s, c in enumerate(info["client_ids"]) if c >= 0}
    vip_slot = slot_of[int(client[0])]
    assert info["action_mask"][vip_slot * len(CLIENT_ACTIONS) + VIP] == 0
    action = np.zeros(env.action_space.shape, np.int64)
    action[vip_slot] = VIP
    _, _, _, _, info = env.step(action)
    assert info["decisions"].is_empty()


def test_the_engines_observation_is_a_copy():
    env = gym.make("NotAlwaysRight/tutorial-v0").unwrapped
    env.reset(seed=1)
    obs = env.engine_observation()
    obs.clients.revenue[:] = 10**9
    assert env.engine_observation().clients.revenue.max() < 10**9


def test_the_observation_splits_into_its_named_blocks():
    env = gym.make("NotAlwaysRight/agency-v0")
    obs, info = env.reset(seed=1)
    clients, leads, firm = sim.rl.split_observation(env, obs)
    assert clients.shape == (env.unwrapped.client_slots, len(sim.rl.CLIENT_FEATURES))
    assert leads.shape == (env.unwrapped.lead_slots, len(sim.rl.LEAD_FEATURES))
    assert firm.shape == (len(sim.rl.FIRM_FEATURES),)
    present = sim.rl.CLIENT_FEATURES.index("present")
    assert np.array_equal(clients[:, present] == 1, info["client_ids"] >= 0)
    assert not clients[info["client_ids"] < 0].any()  # an empty slot is all zeros
    assert np.array_equal(leads[:, 0] == 1, info["lead_ids"] >= 0)
    assert firm[sim.rl.FIRM_FEATURES.index("week")] == 0.0
    reputation = firm[sim.rl.FIRM_FEATURES.index("reputation")]
    assert reputation == pytest.approx(env.unwrapped.state.reputation / 100, abs=1e-6)


def test_the_docs_first_example_runs():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "rl.md").read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "docs/rl.md", "exec"), {})


def test_clients_beyond_the_slots_are_kept_and_the_overflow_is_shown():
    env = sim.rl.FirmEnv("agency", client_slots=5, lead_slots=1)
    obs, info = env.reset(seed=1)
    _, _, firm = sim.rl.split_observation(env, obs)
    assert firm[sim.rl.FIRM_FEATURES.index("overflow")] == 1.0
    assert (info["client_ids"] >= 0).all()
    active = len(env.engine_observation().active_clients())
    assert active > 5
    action = np.full(env.action_space.shape, LET_GO)
    action[-1] = 0
    _, _, _, _, info = env.step(action)
    assert len(info["decisions"].let_go) == 5  # the five seated, no one else


def test_a_client_action_decides_exactly_where_the_mask_allows_it():
    env = gym.make("NotAlwaysRight/agency-v0").unwrapped
    env.action_space.seed(4)
    _, info = env.reset(seed=6)
    rng = np.random.default_rng(4)
    n_act, checked, done = len(CLIENT_ACTIONS), 0, False
    while not done:
        action = env.action_space.sample()  # against the mask too
        action[: env.client_slots][rng.random(env.client_slots) >= 0.1] = KEEP
        before = env.engine_observation().clients
        mask, ids = info["action_mask"], info["client_ids"]
        _, _, done, _, info = env.step(action)
        d = info["decisions"]
        for slot in (ids >= 0).nonzero()[0]:
            a, i = int(action[slot]), int(ids[slot])
            decided = i in d.terms or i in d.let_go
            assert decided == (a != KEEP and mask[slot * n_act + a] == 1)
            if a == STRICT_TERMS and decided:
                t = d.terms[i]
                assert t.scope and not t.grant_discounts and t.vip == before.vip[i]
                assert t.prepay == bool(before.prepay[i] or before.sig_prepay[i]
                                        or before.late_invoices[i] >= 2)
            checked += decided
    assert checked > 10
