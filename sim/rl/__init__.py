"""Gymnasium environments of the shipped scenarios, for students who train policies.

    import gymnasium as gym
    import sim.rl  # registers NotAlwaysRight/<scenario>-v0 for every shipped scenario

    env = gym.make("NotAlwaysRight/agency-v0")
    obs, info = env.reset(seed=1)       # the same game as ``sim run agency --seed 1``

An optional extra (``pip install "not-always-right[rl]"``): only this package imports
Gymnasium; ``sim`` and ``sim.engine`` never do. Spaces, actions and reward: docs/rl.md.
"""

from __future__ import annotations

try:
    import gymnasium
except ImportError as exc:  # pragma: no cover - the message is the point
    raise ImportError("sim.rl needs Gymnasium: pip install \"not-always-right[rl]\"") \
        from exc

from sim.resources import shipped_scenarios

from .actions import CLIENT_ACTIONS, LEAD_ACTIONS
from .env import FirmEnv, mask_parts, split_observation
from .features import CLIENT_FEATURES, FIRM_FEATURES, LEAD_FEATURES

NAMESPACE = "NotAlwaysRight"
VERSION = 0


def env_id(scenario: str) -> str:
    """The registered id of a shipped scenario's environment."""
    return f"{NAMESPACE}/{scenario}-v{VERSION}"


def register_shipped() -> tuple[str, ...]:
    """Register an environment for every shipped scenario (found where the installed package
    keeps them; the files are read only when an environment is made). Safe to call again."""
    ids = []
    for path in shipped_scenarios():
        name = env_id(path.stem)
        if name not in gymnasium.registry:
            gymnasium.register(id=name, entry_point="sim.rl.env:FirmEnv",
                               kwargs={"scenario": path.stem})
        ids.append(name)
    return tuple(ids)


ENV_IDS = register_shipped()

__all__ = ["CLIENT_ACTIONS", "CLIENT_FEATURES", "ENV_IDS", "FIRM_FEATURES", "FirmEnv",
           "LEAD_ACTIONS", "LEAD_FEATURES", "NAMESPACE", "env_id", "mask_parts",
           "register_shipped", "split_observation"]
