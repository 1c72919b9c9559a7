"""The policy interface and the registry of built-in bots."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from ..engine import Decisions, Observation, Terms


class PolicyError(ValueError):
    """A policy name that cannot be loaded (unknown bot, missing module or function)."""


class Policy:
    """Base class of bots. ``needs_state`` is true only for the oracle, which may look at the
    hidden state; every other policy gets observations only."""

    name = "policy"
    needs_state = False
    #: built-in bots read lazy views of the state (fast); user code gets copies
    live_observation = True

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def decide(self, obs: Observation, state: Any = None) -> Decisions:  # pragma: no cover
        raise NotImplementedError


class FunctionPolicy(Policy):
    """Wraps a user function ``f(obs) -> Decisions`` (or a dict in the run-file form)."""

    live_observation = False

    def __init__(self, func: Callable[[Observation], Any], name: str) -> None:
        super().__init__()
        self.func = func
        self.name = name

    def decide(self, obs: Observation, state: Any = None) -> Decisions:
        out = self.func(obs)
        if out is None:
            return Decisions()
        if isinstance(out, dict):
            return Decisions.from_dict(out)
        if not isinstance(out, Decisions):
            raise PolicyError(f"policy {self.name} returned {type(out).__name__}, "
                              "expected Decisions or a dict")
        return out


def may_ask_prepayment(clients: Any) -> Any:
    """Per client (a boolean array over the observation's rows): whether prepayment may be
    asked of him. Only of one who already prepays, who said at first contact he would, or who
    has paid late twice: asked of anyone else, it turns him away (the bots and the learning
    environment's strict terms judge it the same way)."""
    return prepayment_askable(clients.prepay, clients.sig_prepay, clients.late_invoices)


def prepayment_askable(prepay: Any, sig_prepay: Any, late_invoices: Any) -> Any:
    """:func:`may_ask_prepayment` from his three columns, or from one client's three values
    (then a bool)."""
    return prepay | sig_prepay | (late_invoices >= 2)


def terms_of(clients: Any, i: int, **changes: Any) -> Any:
    """Client ``i``'s current terms with the given fields changed (:meth:`Terms.of`)."""
    return Terms.of(clients, i, **changes)


#: the terms' fields in their order: a row of :func:`terms_rows` is ``Terms(*row)``
TERM_FIELDS = tuple(f.name for f in fields(Terms))


def terms_rows(clients: Any, n: int | None = None) -> list[tuple]:
    """Every client's current terms as a tuple of plain values in the order of
    :data:`TERM_FIELDS` (``Terms(*rows[i]) == terms_of(clients, i)``), for the first ``n``
    rows (all when None: an observation's columns are as long as its clients).

    For a bot that looks at the terms of every client each week: the six columns are read
    once (``tolist`` gives the float and bools :meth:`Terms.of` makes of them), where
    :func:`terms_of` reads six numpy scalars and builds a :class:`Terms` per client, about
    ten times dearer; and a tuple compares to another without building either."""
    return list(zip(*(getattr(clients, k)[:n].tolist() for k in TERM_FIELDS), strict=True))


#: the bots a balance compares by default (every built-in but rule-based-keep)
BOTS = ("always-right", "rule-based", "oracle", "random")

#: the built-in bots: name -> (module of this package, class), imported when one is made
_BUILTINS = {"always-right": ("always_right", "AlwaysRight"),
             "rule-based": ("rule_based", "RuleBased"), "oracle": ("oracle", "Oracle"),
             "random": ("random_policy", "RandomPolicy"),
             "rule-based-keep": ("rule_based", "KeepAll")}

#: the modules of ``module:function`` policies loaded in this process, in order
_USER_MODULES: list[str] = []


def _builtin(key: str) -> type[Policy]:
    module, cls = _BUILTINS[key]
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)


def policy_names() -> list[str]:
    return list(_BUILTINS)


def user_modules() -> tuple[str, ...]:
    """The user's policy modules (``module:function``) this process has imported."""
    return tuple(_USER_MODULES)


def make_policy(name: str, seed: int = 0) -> Policy:
    """A fresh policy for one run. ``name`` is a built-in or ``module:function``."""
    key = name.replace("_", "-")
    if key in _BUILTINS:
        return _builtin(key)(seed)
    if name.startswith("trick:"):
        from .tricks import TRICKS, Trick

        trick = name.removeprefix("trick:")
        if trick not in TRICKS:
            raise PolicyError(f"unknown trick {name!r}; the suite is "
                              + ", ".join(f"trick:{t}" for t in TRICKS))
        return Trick(seed, trick)
    if ":" not in name:
        raise PolicyError(f"unknown policy {name!r}; built-ins are {', '.join(_BUILTINS)}, "
                          "or give module:function")
    module_name, _, func_name = name.partition(":")
    _USER_MODULES.append(module_name)  # (even one that fails to import may have run)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise PolicyError(f"cannot import policy module {module_name!r}: {exc}") from None
    func = getattr(module, func_name, None)
    if not callable(func):
        raise PolicyError(f"module {module_name!r} has no function {func_name!r}")
    return FunctionPolicy(func, name)
