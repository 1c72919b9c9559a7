"""The model of the firm: pure, deterministic, numpy only.

The public API is small, in the shape of a functional environment::

    state = new_game(params, seed)          # week 1, opened
    obs = observe(state)                    # what the player sees
    state, report = step(state, decisions)  # play the week, open the next
    scores = final_scores(state)

Same parameters, seed and decisions give identical results, bit for bit.
"""

from .decisions import (
    BLUNT,
    DECLINE,
    DEFER,
    POLITE,
    PRICE_OUT,
    SERVE,
    Decisions,
    IllegalDecision,
    RequestPlan,
    Tag,
    Terms,
)
from .digest import state_digest
from .observation import Observation, observe
from .params import (
    ClientSpec,
    Dist,
    Event,
    Firm,
    GameParams,
    LeadSignals,
    Market,
    Rules,
    Scoring,
    StaffMember,
    Trait,
)
from .prices import willing_factor
from .report import Note, WeekReport
from .score import final_scores, terminal_value
from .state import STATUS_NAMES, GameState
from .traits import BUILTIN_TRAITS
from .week import new_game, step

ENGINE_VERSION = "2.0"

__all__ = [
    "BLUNT", "DECLINE", "DEFER", "POLITE", "PRICE_OUT", "SERVE", "BUILTIN_TRAITS",
    "ENGINE_VERSION", "STATUS_NAMES", "ClientSpec", "Decisions", "Dist", "Event", "Firm",
    "GameParams", "GameState", "IllegalDecision", "LeadSignals", "Market", "Note",
    "Observation", "RequestPlan", "Rules", "Scoring", "StaffMember", "Tag", "Terms", "Trait",
    "WeekReport", "final_scores", "new_game", "observe", "state_digest", "step",
    "terminal_value", "willing_factor",
]
