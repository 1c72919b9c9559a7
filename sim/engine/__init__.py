"""The model of the firm: pure, deterministic, numpy only.

The public API is small, in the shape of a functional environment::

    state = new_game(params, seed)          # week 1, opened
    obs = observe(state)                    # what the player sees
    state, report = step(state, decisions)  # play the week, open the next
    scores = final_scores(state)

Same parameters, seed and decisions give identical results, bit for bit.

Everything in ``__all__`` is the engine's interface: the rest of the program (the game, the
bots, the debrief, the runs, the commands) imports it from ``sim.engine`` and never from its
modules, which may change (the import contract in ``pyproject.toml``, checked by the tests).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .cost_to_serve import ClientLedger, client_ledger, loaded_hourly_cost
from .costs import hire_fee, hire_wage, overtime_cost, staff_capacity
from .decisions import (
    BLUNT,
    DECLINE,
    DEFER,
    LET_GO_MANNERS,
    POLITE,
    PRICE_OUT,
    REQUEST_ACTIONS,
    SERVE,
    Action,
    Decisions,
    IllegalDecision,
    Manner,
    RequestPlan,
    Tag,
    Terms,
)
from .ids import carry_over, uid_origin, uid_week
from .observation import (
    ClientColumns,
    Observation,
    RequestColumns,
    StaffColumns,
    client_profits,
    observe,
)
from .params import (
    EVENT_TYPES,
    PARAM_TYPES,
    STAR,
    TRAIT_NAMES_BUILTIN,
    ClientArrives,
    ClientSpec,
    Dist,
    Event,
    Firm,
    GameParams,
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
from .plain import np_sum
from .play import PlayedWeek, play_weeks
from .prices import willing_factor
from .records import record
from .report import Note, WeekReport
from .score import final_scores, terminal_value
from .service import serve_in_order
from .state import (
    ACTIVE,
    CHURNED,
    DECLINED,
    FIRED_BLUNT,
    FIRED_POLITE,
    GONE,
    LEAD,
    ORIGIN_NAMES,
    PRICED_OUT,
    STAFF_ACTIVE,
    STAFF_GONE,
    STAFF_HIRING,
    STATUS_NAMES,
    GameState,
    Origin,
    RequestState,
    StaffStatus,
    Status,
)
from .validate import (
    MAX_ACTIVE_CLIENTS,
    MAX_HIRES,
    MAX_LEADS_PER_WEEK,
    PRICE_FACTOR_RANGE,
    ModelLimit,
    check_params,
)
from .week import new_game, step

if TYPE_CHECKING:
    from .digest import state_digest
    from .traits import BUILTIN_TRAITS
    from .week_preview import Preview, preview

ENGINE_VERSION = "3.0"

#: names whose modules are imported when one is first used: a game played from the command
#: line needs neither the preview of a week, nor the built-in traits (they come with the
#: scenario), nor the digest of a state
_LAZY = {"Preview": "week_preview", "preview": "week_preview", "BUILTIN_TRAITS": "traits",
         "state_digest": "digest"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "record",
    # the game
    "new_game", "observe", "step", "final_scores", "terminal_value", "state_digest",
    "play_weeks", "PlayedWeek",
    "GameState", "Observation", "WeekReport", "Note", "ENGINE_VERSION",
    # the observation's columns, one typed bundle each (what each holds: sim.engine.columns)
    "ClientColumns", "StaffColumns", "RequestColumns",
    # the ledger profit of some clients, as the observation's column gives it, and a sum of
    # a list of floats with numpy's bits (for policies that judge client by client)
    "client_profits", "np_sum",
    # the stable ids of clients and requests, and decisions carried to another timeline
    "carry_over", "uid_origin", "uid_week",
    # decisions
    "Decisions", "RequestPlan", "Terms", "Tag", "IllegalDecision", "Action", "Manner",
    "SERVE", "DECLINE", "DEFER", "REQUEST_ACTIONS", "POLITE", "BLUNT", "PRICE_OUT",
    "LET_GO_MANNERS",
    # the codes in the observation's columns (the constants are the members' int values)
    "Status", "Origin", "StaffStatus", "RequestState", "STATUS_NAMES", "ORIGIN_NAMES",
    "LEAD", "ACTIVE", "CHURNED", "FIRED_POLITE", "FIRED_BLUNT", "PRICED_OUT", "DECLINED",
    "GONE", "STAFF_HIRING", "STAFF_ACTIVE", "STAFF_GONE",
    # the prices and hours of decisions, as the engine charges them
    "hire_fee", "hire_wage", "overtime_cost", "staff_capacity", "serve_in_order",
    "willing_factor", "MAX_HIRES", "PRICE_FACTOR_RANGE",
    # what a week will do, before it is played
    "Preview", "preview",
    # the cost-to-serve ledger of each client
    "ClientLedger", "client_ledger", "loaded_hourly_cost",
    # parameters and the model's bounds
    "GameParams", "PARAM_TYPES", "ClientSpec", "Dist", "Event", "Firm", "LeadSignals",
    "Market", "Rules", "Scoring", "StaffMember", "Trait", "TraitKind", "BUILTIN_TRAITS",
    "TRAIT_NAMES_BUILTIN", "MAX_ACTIVE_CLIENTS", "MAX_LEADS_PER_WEEK", "ModelLimit",
    "check_params", "STAR",
    # scripted events, one record per kind (``Event`` is their union)
    "EVENT_TYPES", "ClientArrives", "MarketChange", "Lawsuit", "ReviewStorm", "StaffLeaves",
    "StaffJoins", "Message",
]
