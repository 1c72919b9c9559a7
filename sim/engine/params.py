"""Parameters of a game: what a scenario turns into before the engine runs it.

These are plain frozen dataclasses so that the engine depends on nothing but numpy and the
standard library; ``sim.scenario`` builds them from validated YAML. Money is in integer cents
everywhere in the engine.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum

from .records import record

TRAIT_NAMES_BUILTIN = ("core", "loyal", "haggler", "vampire", "dead", "know_better")


@record(frozen=True)
class Dist:
    """A per-client value drawn once when the client appears.

    ``mean`` is the average; ``spread`` is the log-normal sigma for sizes and rates (a value is
    ``mean * exp(N(0, spread) - spread**2 / 2)`` so the mean is kept), or the normal standard
    deviation for shares and probabilities (clipped to 0..1).
    """

    mean: float
    spread: float = 0.0


@record(frozen=True)
class LeadSignals:
    """Probabilities of what a lead shows at first contact (the screening signals, L8)."""

    polite: float = 0.8
    asks_discount: float = 0.1
    agrees_prepay: float = 0.7


class TraitKind(StrEnum):
    """What a manager who knew the trait should do with such a client (DESIGN §1).

    The debrief judges the player by it and the oracle acts on it; it changes nothing in the
    model itself. ``KEEP``: he pays his way and more; serve him well, and letting him go is
    the wrong target (L5, L7). ``MEND``: difficult, but new terms (prepayment, a written
    scope, a single contact, a price) make him worth keeping; judge by his ledger (L4).
    ``LET_GO``: he costs more than he brings whatever the terms; keeping him to the end is
    the mistake (L1). The values are the words of the scenario files (``kind: let_go``).
    """

    KEEP = "keep"
    MEND = "mend"
    LET_GO = "let_go"


@record(frozen=True)
class Trait:
    """One kind of client. All numbers are per client per week unless the name says otherwise.

    ``kind`` is what should be done with him (:class:`TraitKind`); the model never reads it.
    """

    name: str
    kind: TraitKind = TraitKind.MEND
    requests_per_week: Dist = Dist(0.8, 0.3)
    hours_per_request: Dist = Dist(6.0, 0.6)
    #: willingness to pay, as a multiple of the market rate per hour (not of the list price)
    budget: Dist = Dist(1.05, 0.07)
    unbilled_hours: Dist = Dist(0.5, 0.4)
    rework_share: float = 0.0
    pay_late: float = 0.2
    pay_never: float = 0.01
    late_weeks: int = 4
    haggle: float = 0.02
    discount: float = 0.1
    threat_leave: float = 0.0
    incivility: float = 0.05
    voice: Dist = Dist(1.0, 0.3)
    referrals_per_year: float = 0.1
    refers: tuple[tuple[str, float], ...] = (("core", 1.0),)
    satisfaction: float = 0.8
    satisfaction_speed: float = 0.25
    patience: float = 1.0
    churn_base: float = 0.004
    churn_sensitivity: float = 0.25
    complaint_rate: float = 0.05
    terms_leave: float = 0.05
    price_out_leave: float = 0.6
    blame: float = 0.0
    return_rate: float = 0.005
    signals: LeadSignals = LeadSignals()


@record(frozen=True)
class StaffMember:
    name: str
    hours: float = 40.0
    wage: int = 140_000
    morale: float = 70.0


@record(frozen=True)
class Firm:
    name: str = "Agency"
    currency: str = "EUR"
    price_per_hour: int = 9_000
    fixed_costs: int = 250_000
    cash: int = 4_000_000
    credit_limit: int = 5_000_000
    credit_rate_week: float = 0.003


@record(frozen=True)
class Market:
    """Where clients come from, and what the going price of an hour is."""

    lead_rate: float = 1.0
    mix: tuple[tuple[str, float], ...] = (
        ("core", 0.5),
        ("loyal", 0.15),
        ("haggler", 0.15),
        ("vampire", 0.12),
        ("dead", 0.05),
        ("know_better", 0.03),
    )
    initial_clients: int = 26
    initial_mix: tuple[tuple[str, float], ...] | None = None
    #: the going rate of a billable hour in this market (cents); clients' willingness to pay
    #: is drawn around it. ``None`` means the firm's list price (the firm prices at market)
    rate_per_hour: int | None = None


@record(frozen=True)
class Rules:
    """Constants of the model that scenarios rarely change (documented in docs/model.md)."""

    # staff
    productivity_base: float = 0.82
    productivity_per_morale: float = 0.002
    morale_target: float = 70.0
    morale_speed: float = 0.12
    incident_morale: float = 4.0
    overtime_morale: float = 0.4
    overtime_pay: float = 1.5
    overtime_productivity: float = 0.7
    max_overtime: float = 12.0
    time_off_morale: float = 8.0
    bonus_morale_per_week_wage: float = 6.0
    blunt_team_morale: float = 2.0
    quit_base_year: float = 0.08
    quit_low_morale_year: float = 0.25
    quit_threshold: float = 50.0
    hire_fee_weeks: float = 10.4
    hire_weeks: int = 4
    new_hire_morale: float = 65.0
    # reputation
    reputation_start: float = 50.0
    reputation_pull: float = 0.01
    review_good: float = 0.35
    review_bad_reach: float = 2.0
    polite_reputation: float = 0.5
    blunt_reputation: float = 4.0
    blunt_forward: float = 0.55
    price_out_reputation: float = 0.2
    lead_per_star: float = 0.075
    # service
    scope_unbilled_cap: float = 0.35
    contact_unbilled_cap: float = 0.6
    contact_incivility: float = 0.5
    scope_rework: float = 0.5
    vip_satisfaction: float = 0.1
    vip_referrals: float = 1.5
    vip_hours: float = 0.75
    vip_growth: float = 1.3
    vip_ramp_weeks: int = 16
    late_chase_hours: float = 0.5
    handover_hours: float = 6.0
    onboarding_hours: float = 5.0
    max_wait_weeks: int = 6
    referred_churn: float = 0.82
    terminal_weeks: int = 26
    # price: the client's price (list x his factor) against his willingness to pay
    price_elasticity: float = 2.0
    price_leave_margin: float = 0.1
    price_leave_week: float = 0.2
    # what terms cost with good clients
    prepay_refuse_leave: float = 0.35
    prepay_insult: float = 0.15
    prepay_insult_weeks: int = 8
    scope_setup_hours: float = 3.0
    scope_change_hours: float = 1.0
    scope_change_share: float = 0.3
    contact_owner_share: float = 0.75
    # the work in hand at the start, in weeks of the staff's hours (spread over the clients)
    order_book_weeks: float = 0.75


@record(frozen=True)
class Scoring:
    profit: float = 0.5
    morale: float = 0.25
    reputation: float = 0.25
    profit_scale: int = 0


@record(frozen=True)
class ClientSpec:
    """A named client placed at the start or by an event; unset fields are drawn from the trait."""

    name: str
    trait: str
    hours_per_request: float | None = None
    budget: float | None = None
    voice: float | None = None


@record(frozen=True)
class Event:
    """A scripted event: ``kind`` names it, ``week`` is 1-based, ``data`` holds its fields.

    Kinds: ``client_arrives`` (client: ClientSpec), ``market`` (lead_rate, mix, price_per_hour,
    rate_per_hour),
    ``lawsuit`` (cost, reputation), ``review_storm`` (reputation), ``staff_leaves`` (name),
    ``staff_joins`` (staff: StaffMember), ``message`` (text: {lang: str}).
    """

    week: int
    kind: str
    data: tuple[tuple[str, object], ...] = ()

    def get(self, key: str, default: object = None) -> object:
        for k, v in self.data:
            if k == key:
                return v
        return default


@record(frozen=True)
class GameParams:
    """Everything the engine needs to start a game."""

    weeks: int = 52
    firm: Firm = Firm()
    staff: tuple[StaffMember, ...] = ()
    market: Market = Market()
    traits: tuple[Trait, ...] = ()
    clients: tuple[ClientSpec, ...] = ()
    events: tuple[Event, ...] = ()
    scoring: Scoring = Scoring()
    rules: Rules = Rules()
    name: str = "scenario"
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def trait_index(self, name: str) -> int:
        for i, t in enumerate(self.traits):
            if t.name == name:
                return i
        raise KeyError(name)


#: Every parameter type, for code that rebuilds a ``GameParams`` from plain data by type name.
PARAM_TYPES = (Dist, LeadSignals, Trait, StaffMember, Firm, Market, Rules, Scoring, ClientSpec,
               Event, GameParams)
