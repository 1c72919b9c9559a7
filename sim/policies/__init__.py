"""Bots that play the game, and loading of students' own policies.

A policy is anything with ``decide(obs) -> Decisions``. Built-ins: ``always-right`` (the myth),
``rule-based`` (observable signals only), ``oracle`` (knows the hidden traits: an upper
reference), ``random``. ``module:function`` loads a user function ``f(obs) -> Decisions``.
"""

from .base import BOTS, Policy, PolicyError, make_policy, policy_names

__all__ = ["BOTS", "Policy", "PolicyError", "make_policy", "policy_names"]
