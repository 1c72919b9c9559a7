"""A Gymnasium environment over the engine: one episode is one game, one step is one week.

The spaces, the reward and the action set are documented in docs/rl.md; the numbers behind
them are :mod:`sim.rl.features` and :mod:`sim.rl.actions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from sim.engine import (
    GameParams,
    GameState,
    Observation,
    WeekReport,
    final_scores,
    new_game,
    observe,
    step,
)

from .actions import CLIENT_ACTIONS, LEAD_ACTIONS, Slots, action_mask, to_decisions
from .features import (
    CLIENT_FEATURES,
    FIRM_FEATURES,
    LEAD_FEATURES,
    client_rows,
    firm_row,
    lead_rows,
    padded,
)

#: slots by default, with room to spare: the bots' games of the shipped scenarios have at
#: most 48 active clients at once and 6 leads a week (10 seeds each)
CLIENT_SLOTS = 64
LEAD_SLOTS = 8
#: the largest game seed ``reset()`` draws when it is given none
SEED_RANGE = 2**31


@lru_cache(maxsize=16)
def _params(scenario: str, overrides: tuple[str, ...]) -> GameParams:
    """A scenario's parameters, read once per process (vector environments make many)."""
    from sim.scenario import load_scenario

    return load_scenario(scenario, overrides=overrides).params


class FirmEnv(gym.Env):
    """The firm of a scenario, week by week, for a learning policy.

    Args:
        scenario: A shipped scenario's name (``"agency"``) or a path to a scenario file.
        overrides: ``"PATH=VALUE"`` changes, as ``sim run --set`` takes them.
        client_slots: How many active clients the observation and the action cover.
        lead_slots: How many of a week's leads they cover.
        render_mode: Only ``None`` (the game itself is the renderer: ``sim play``).
    """

    metadata = {"render_modes": []}

    def __init__(self, scenario: str | Path = "agency", overrides: Sequence[str] = (),
                 client_slots: int = CLIENT_SLOTS, lead_slots: int = LEAD_SLOTS,
                 render_mode: str | None = None) -> None:
        if render_mode is not None:
            raise ValueError(f"render_mode {render_mode!r}: this environment does not render")
        if client_slots < 1 or lead_slots < 1:
            raise ValueError("client_slots and lead_slots must be at least 1")
        self.params = _params(str(scenario), tuple(overrides))
        self.client_slots, self.lead_slots = int(client_slots), int(lead_slots)
        self.render_mode = render_mode
        self.action_space = spaces.MultiDiscrete(
            [len(CLIENT_ACTIONS)] * self.client_slots + [len(LEAD_ACTIONS)] * self.lead_slots)
        size = (self.client_slots * len(CLIENT_FEATURES) + self.lead_slots * len(LEAD_FEATURES)
                + len(FIRM_FEATURES))
        self.observation_space = spaces.Box(-1.0, 1.0, shape=(size,), dtype=np.float32)
        self.state: GameState | None = None
        self._engine_obs: Observation | None = None  # live views of ``state`` (see _observe)
        self._slots = Slots(self.client_slots)
        self._leads = np.zeros(0, dtype=np.int64)
        self._score = 0.0
        #: the engine's report of the last week played (notes, money, causes)
        self.last_report: WeekReport | None = None

    # -- the Gymnasium API ---------------------------------------------------------------

    def reset(self, *, seed: int | None = None,
              options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict[str, Any]]:
        """Start a game. ``seed`` is the game's seed (``sim run --seed``); without one, a seed
        is drawn from the environment's generator."""
        super().reset(seed=seed)
        game_seed = seed if seed is not None else int(self.np_random.integers(SEED_RANGE))
        self.state = new_game(self.params, int(game_seed))
        self._slots = Slots(self.client_slots)
        self._score = final_scores(self.state)["score"]
        obs, info = self._observe()
        info["seed"] = int(game_seed)
        return obs, info

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Play one week with ``action`` (see docs/rl.md). The reward is the change in the
        game's score; the episode ends with the game (its last week, or bankruptcy)."""
        if self.state is None or self._engine_obs is None or self.state.over:
            raise RuntimeError("call reset() before step(), and again after the game ends")
        action = np.asarray(action, dtype=np.int64).reshape(-1)
        if action.shape != self.action_space.shape:
            raise ValueError(f"action of shape {action.shape}, expected "
                             f"{self.action_space.shape}")
        decisions = to_decisions(self._engine_obs, self._slots, self._leads, action)
        self.state, report = step(self.state, decisions, inplace=True)
        scores = final_scores(self.state)
        reward = scores["score"] - self._score
        self._score = scores["score"]
        obs, info = self._observe()
        info["decisions"] = decisions
        self.last_report = report
        if self.state.over:
            info["final"] = scores
            info["end"] = self.state.end_reason
        return obs, float(reward), bool(self.state.over), False, info

    # -- helpers -------------------------------------------------------------------------

    def action_masks(self) -> np.ndarray:
        """The legal actions now, flat (the ``action_mask`` of the last ``info``)."""
        if self._engine_obs is None:
            raise RuntimeError("call reset() first")
        return action_mask(self._engine_obs, self._slots, self._leads, self.lead_slots)

    def engine_observation(self) -> Observation:
        """The engine's observation of the current week, as ``sim run`` gives it to a
        policy (a copy: it stays valid, and changing it changes nothing)."""
        if self.state is None:
            raise RuntimeError("call reset() first")
        return observe(self.state)

    def _observe(self) -> tuple[np.ndarray, dict[str, Any]]:
        # views of the state (cheaper than copies), only read, and only until the next step:
        # every array handed out is built from them anew
        obs = observe(self.state, live=True)
        self._engine_obs = obs
        self._slots.update(obs.active_clients())
        self._leads = obs.leads()[: self.lead_slots]
        slot_of, ids = self._slots.filled()
        clients = padded(client_rows(obs, ids), slot_of, self.client_slots)
        leads = padded(lead_rows(obs, self._leads), np.arange(len(self._leads)),
                       self.lead_slots)
        firm = firm_row(obs, self.client_slots, self.lead_slots)
        flat = np.concatenate([clients.ravel(), leads.ravel(), firm])
        np.clip(flat, -1.0, 1.0, out=flat)
        info = {
            "week": int(self.state.week),
            "score": float(self._score),
            "action_mask": action_mask(obs, self._slots, self._leads, self.lead_slots),
            "client_ids": self._slots.ids.copy(),
            "lead_ids": np.pad(self._leads, (0, self.lead_slots - len(self._leads)),
                               constant_values=-1),
        }
        return flat, info


def mask_parts(env: gym.Env, mask: np.ndarray) -> tuple[np.ndarray, ...]:
    """A flat action mask split per slot: the form ``action_space.sample(mask=...)`` takes."""
    return tuple(np.split(np.asarray(mask, dtype=np.int8),
                          np.cumsum(env.action_space.nvec)[:-1]))


def split_observation(env: gym.Env,
                      obs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A flat observation as its blocks: clients ``(client_slots, 27)``, leads
    ``(lead_slots, 6)`` and the firm ``(9,)`` (views, in the order of the feature names)."""
    firm_env = env.unwrapped
    k = firm_env.client_slots * len(CLIENT_FEATURES)
    m = k + firm_env.lead_slots * len(LEAD_FEATURES)
    return (obs[:k].reshape(firm_env.client_slots, len(CLIENT_FEATURES)),
            obs[k:m].reshape(firm_env.lead_slots, len(LEAD_FEATURES)), obs[m:])
