"""Parameters of a game: what a scenario turns into before the engine runs it.

These are plain frozen dataclasses so that the engine depends on nothing but numpy and the
standard library; ``sim.scenario`` builds them from validated YAML. Money is in integer cents
everywhere in the engine.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import Any, ClassVar

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


def rule(default: float, lowest: float, highest: float, doc: str, *, money: bool = False) -> Any:
    """A field of :class:`Rules`: its default, the range a scenario may set it in and what it
    means (the scenario schema, ``--set`` and docs/scenarios.md read all three from here).
    ``money`` marks a rule in cents (written in currency units in a scenario)."""
    return field(default=default, metadata={"range": (lowest, highest), "doc": doc,
                                            "money": money})


#: the reputation points of one star: reputation runs 0-100 and is shown as 0-5 stars (a unit
#: of the scale, like the 50 that is its middle, not a constant of the model)
STAR = 20.0


@record(frozen=True)
class Rules:
    """Constants of the model. Every number the engine's formulas use that is not a unit, a
    numerical guard or a legal bound of a decision is one of these (docs/model.md shows
    where each acts, docs/scenarios.md lists them with their ranges); a scenario sets them
    under ``rules:`` and ``--set rules.NAME=VALUE`` changes one for a run.

    A lowest value above 0 is there because the rule divides or a count must be at least
    one; the highest keeps the model's numbers finite and meaningful.
    """

    # staff: productivity and morale (steps 5 and 8)
    productivity_base: float = rule(0.82, 0.05, 2, (
        "Productive share of a contract hour at morale 0."))
    productivity_per_morale: float = rule(0.002, 0, 0.02, (
        "Productive share added per point of morale (0.82 + 0.002 × 70 = 0.96)."))
    morale_target: float = rule(70.0, 0, 100, "The morale a team drifts back to.")
    morale_speed: float = rule(0.12, 0.01, 1, (
        "Share of the gap to morale_target closed each week (it divides: the recovery time)."))
    incident_morale: float = rule(4.0, 0, 100, "Morale lost per incident with a client.")
    overtime_morale: float = rule(0.4, 0, 10, "Morale lost per hour of overtime.")
    overtime_pay: float = rule(1.5, 0, 10, "An overtime hour is paid this multiple of the "
                               "hourly wage.")
    overtime_productivity: float = rule(0.7, 0, 2, (
        "Productivity of an overtime hour, as a multiple of a normal hour's."))
    max_overtime: float = rule(12.0, 0, 40, "Most overtime hours a person may work in a week.")
    time_off_morale: float = rule(8.0, 0, 100, "Morale a week off gives back.")
    bonus_morale_per_week_wage: float = rule(6.0, 0, 100, (
        "Morale a bonus of one week's wage buys (in proportion for other amounts)."))
    blunt_team_morale: float = rule(2.0, 0, 100, (
        "Morale every active person gains in a week a client is let go bluntly."))
    backlog_morale: float = rule(1.5, 0, 100, (
        "Morale lost in a week when the work waiting is as large as the week's capacity (in "
        "proportion below that)."))
    quit_base_year: float = rule(0.08, 0, 1, "Yearly chance of quitting at any morale.")
    quit_low_morale_year: float = rule(0.25, 0, 1, (
        "Extra yearly chance of quitting at morale 0, falling to none at quit_threshold."))
    quit_threshold: float = rule(50.0, 1, 100, "Below this morale people quit more often "
                                 "(it divides).")
    hire_fee_weeks: float = rule(10.4, 0, 104, "A hire's fee, in weeks of his wage.")
    hire_weeks: int = rule(4, 0, 52, "Weeks from the decision to hire to the first day.")
    new_hire_morale: float = rule(65.0, 0, 100, "Morale of a new hire or a replacement.")
    hire_hours: float = rule(40.0, 1, 80, (
        "Contract hours a week of a new hire (a replacement keeps the hours of the one who "
        "left)."))
    default_hire_wage: int = rule(140_000, 0, 100_000_000, (
        "Weekly wage of a hire when nobody is at work to take the team's median wage from."),
        money=True)
    # reputation (steps 2, 7 and 9)
    reputation_start: float = rule(50.0, 0, 100, "Reputation at the start, 0-100.")
    reputation_pull: float = rule(0.01, 0, 1, (
        "Share of the gap between reputation and what the clients feel closed each week."))
    reputation_anchor_satisfaction: float = rule(0.65, 0, 1, (
        "The average satisfaction of the active clients at which reputation drifts to 50."))
    reputation_anchor_slope: float = rule(60.0, 0, 200, (
        "Reputation points the drift's target moves per unit of average satisfaction."))
    review_good: float = rule(0.35, 0, 10, "Reputation points of a good review, times the "
                              "client's voice.")
    review_bad_reach: float = rule(2.0, 0, 10, "How many times farther a bad review travels "
                                   "than a good one.")
    good_review_rate: float = rule(0.05, 0, 1, (
        "Weekly chance of a good review from a client at full satisfaction."))
    good_review_above: float = rule(0.6, 0, 0.99, (
        "Satisfaction above which a client may write a good review (the chance rises to "
        "good_review_rate at satisfaction 1)."))
    bad_review_rate: float = rule(0.08, 0, 1, (
        "Weekly chance of a bad review from a client at satisfaction 0 (a client who blames "
        "the firm writes one anyway)."))
    bad_review_below: float = rule(0.5, 0.01, 1, (
        "Satisfaction below which a client may write a bad review (it divides)."))
    polite_reputation: float = rule(0.5, 0, 100, (
        "Reputation lost per unit of voice when a client is let go politely."))
    blunt_reputation: float = rule(4.0, 0, 100, (
        "Reputation lost per unit of voice when a blunt letter is forwarded."))
    blunt_forward: float = rule(0.55, 0, 1, "Chance per unit of voice that a blunt letter is "
                                "forwarded.")
    blunt_forward_cap: float = rule(0.95, 0, 1, "Highest chance that a blunt letter is "
                                    "forwarded, however loud the client.")
    price_out_reputation: float = rule(0.2, 0, 100, (
        "Reputation lost per unit of voice when a client is priced out."))
    lead_per_star: float = rule(0.075, 0, 2, (
        "Share of the market's lead rate gained per star of reputation above 2.5 stars (lost "
        "below)."))
    lead_floor: float = rule(0.1, 0, 1, (
        "Least share of the market's lead rate a firm gets, however bad its reputation."))
    max_market_leads: int = rule(8, 0, 50, (
        "Most leads the market brings in a week (referrals and returns come on top)."))
    # satisfaction, complaints and referrals (step 7)
    wait_penalty: float = rule(0.07, 0, 1, (
        "Satisfaction lost per week the client's oldest request has waited (divided by his "
        "trait's patience)."))
    decline_penalty: float = rule(0.08, 0, 1, "Satisfaction lost per request declined or "
                                  "withdrawn after waiting too long.")
    defer_penalty: float = rule(0.03, 0, 1, (
        "Satisfaction lost per request deferred (or held back by a written scope)."))
    refused_discount_penalty: float = rule(0.1, 0, 1, "Satisfaction lost when a discount he "
                                           "demanded is refused.")
    granted_discount_bonus: float = rule(0.02, 0, 1, "Satisfaction gained when a discount he "
                                         "demanded is granted.")
    price_factor_satisfaction: float = rule(0.1, 0, 10, (
        "How far his satisfaction's target falls per unit of price factor above 1."))
    satisfied: float = rule(0.55, 0.01, 1, (
        "Below this satisfaction a client starts to look for another firm (it divides)."))
    complaint_base: float = rule(1.2, 0, 10, (
        "Weekly chance of a complaint is the trait's complaint_rate × (complaint_base - "
        "satisfaction)."))
    scope_blame: float = rule(0.5, 0, 1, "A written scope multiplies his chance of blaming the "
                              "firm by this.")
    referral_satisfaction_cap: float = rule(1.5, 0, 10, (
        "Most a client's referrals grow when he is happier than his nature (a multiple of "
        "his trait's referrals_per_year)."))
    # service and terms (steps 3-6)
    max_requests: int = rule(4, 1, 12, "Most requests one client sends in a week.")
    unbilled_noise_shape: float = rule(4.0, 0.5, 100, (
        "Shape of the Gamma noise (mean 1) on a client's unbilled hours each week: higher is "
        "steadier."))
    max_incidents: int = rule(4, 1, 12, "Most incidents one client causes in a week.")
    scope_unbilled_cap: float = rule(0.35, 0, 1, "A written scope multiplies his unbilled "
                                     "hours by this.")
    contact_unbilled_cap: float = rule(0.6, 0, 1, "A single point of contact multiplies his "
                                       "unbilled hours by this.")
    contact_incivility: float = rule(0.5, 0, 1, "A single point of contact multiplies his "
                                     "incidents with staff by this.")
    scope_rework: float = rule(0.5, 0, 1, "A written scope multiplies his rework by this.")
    scope_haggle: float = rule(0.5, 0, 1, "A written scope multiplies his chance of demanding "
                               "a discount by this.")
    prepay_haggle: float = rule(0.3, 0, 1, "Prepayment multiplies his chance of demanding a "
                                "discount by this.")
    vip_satisfaction: float = rule(0.1, 0, 1, "Added to a VIP client's satisfaction target.")
    vip_referrals: float = rule(1.5, 0, 10, "A VIP client's referrals are multiplied by this.")
    vip_hours: float = rule(0.75, 0, 40, "Unbilled hours of attention a VIP client takes a "
                            "week.")
    vip_growth: float = rule(1.3, 0, 10, (
        "A VIP client's requests grow to this multiple once the ramp is over."))
    vip_ramp_weeks: int = rule(16, 0, 520, "Weeks over which a VIP client's requests grow.")
    late_chase_hours: float = rule(0.5, 0, 40, (
        "Unbilled hours next week to chase each invoice paid late."))
    late_weeks_spread: int = rule(1, 0, 10, (
        "A late invoice is paid the trait's late_weeks later, give or take up to this many "
        "weeks (at least one week late)."))
    handover_hours: float = rule(6.0, 0, 80, "Hours this week to hand over the work of a "
                                 "client let go politely or bluntly.")
    onboarding_hours: float = rule(5.0, 0, 80, "Unbilled hours to take on a new client.")
    max_wait_weeks: int = rule(6, 1, 52, (
        "Weeks a request may wait; then the client takes it to a competitor."))
    budget_floor: float = rule(0.5, 0, 10, (
        "Least willingness to pay a client can be drawn with, as a multiple of the market "
        "rate."))
    contribution_weeks: float = rule(13.0, 1, 520, (
        "Memory of each client's running weekly contribution, in weeks (the newest week "
        "weighs 1/contribution_weeks): what the terminal value counts."))
    referred_churn: float = rule(0.82, 0, 10, "A referred client's churn is multiplied by "
                                 "this.")
    terminal_weeks: int = rule(26, 0, 520, (
        "Weeks of each client's recent contribution that the terminal value counts."))
    # price: the client's price (list × his factor) against his willingness to pay
    price_elasticity: float = rule(2.0, 0, 10, (
        "Above his willingness to pay a client buys ratio ^ -price_elasticity of his usual "
        "work."))
    price_leave_margin: float = rule(0.1, 0, 10, (
        "A client whose price ratio is above 1 + price_leave_margin looks for another firm."))
    price_leave_week: float = rule(0.2, 0, 1, (
        "Weekly chance that such a client (priced above the margin) leaves."))
    price_out_factor: float = rule(1.6, 1, 3, (
        "Pricing a client out multiplies his price factor by this (at least to this, at most "
        "to the highest factor allowed)."))
    price_out_over_budget: float = rule(0.15, 0, 1, (
        "Added to a priced-out client's weekly chance of leaving when the price is above what "
        "he will pay."))
    # what terms cost with good clients
    terms_leave_per_factor: float = rule(2.0, 0, 10, (
        "A client's chance of leaving over tighter terms is his trait's terms_leave × (1 + "
        "terms_leave_per_factor × his price factor above 1)."))
    prepay_refuse_leave: float = rule(0.35, 0, 1, (
        "Chance of leaving when asked to prepay after saying at first contact he would not."))
    prepay_insult: float = rule(0.15, 0, 1, (
        "Satisfaction an established client who never paid late loses when asked to prepay."))
    prepay_insult_weeks: int = rule(8, 0, 520, "Weeks with the firm after which a client "
                                    "counts as established.")
    scope_setup_hours: float = rule(3.0, 0, 80, "Unbilled hours to write a client's scope, "
                                    "once.")
    scope_change_hours: float = rule(1.0, 0, 80, (
        "Unbilled hours to write the scope of each request of a client on a written scope."))
    scope_change_share: float = rule(0.3, 0, 1, (
        "Share of his requests that are changes outside the scope and wait a week."))
    contact_owner_share: float = rule(0.75, 0, 1, (
        "Most of a person's week that his single-contact clients may take, together."))
    # the work in hand at the start, in weeks of the staff's hours (spread over the clients)
    order_book_weeks: float = rule(0.75, 0, 4, (
        "Work in hand at the start, in weeks of the staff's hours."))
    order_book_job_requests: float = rule(2.0, 0.5, 10, (
        "A job of the order book is at most this many of the client's usual requests."))
    # what the player sees
    mood_noise: float = rule(0.25, 0, 2, (
        "Width of the noise on the 1-5 mood cue the player sees, in satisfaction (the cue is "
        "off by up to half of it; 0 shows it exactly)."))


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


# --- scripted events: one record per kind, each handled in sim.engine.events --------------


@record(frozen=True)
class ClientArrives:
    """A named client joins the firm as an active client, with his own drawn behaviour."""

    kind: ClassVar[str] = "client_arrives"
    week: int
    client: ClientSpec


@record(frozen=True)
class MarketChange:
    """The market changes from this week on; a field left ``None`` keeps its value."""

    kind: ClassVar[str] = "market"
    week: int
    lead_rate: float | None = None
    #: the whole mix of new leads, replaced (trait name, share)
    mix: tuple[tuple[str, float], ...] | None = None
    #: the firm's new list price (cents)
    price_per_hour: int | None = None
    #: the market's new going rate of an hour (cents)
    rate_per_hour: int | None = None


@record(frozen=True)
class Lawsuit:
    """A lawsuit: a cost (cents, paid with this week's costs) and reputation points lost."""

    kind: ClassVar[str] = "lawsuit"
    week: int
    cost: int
    reputation: float = 0.0


@record(frozen=True)
class ReviewStorm:
    """A wave of bad reviews: reputation points lost."""

    kind: ClassVar[str] = "review_storm"
    week: int
    reputation: float


@record(frozen=True)
class StaffLeaves:
    """A member of staff (by name) leaves; his clients get new owners."""

    kind: ClassVar[str] = "staff_leaves"
    week: int
    name: str


@record(frozen=True)
class StaffJoins:
    """A new member of staff starts this week."""

    kind: ClassVar[str] = "staff_joins"
    week: int
    staff: StaffMember


@record(frozen=True)
class Message:
    """A message to the player at the start of the week: (language, text) pairs."""

    kind: ClassVar[str] = "message"
    week: int
    text: tuple[tuple[str, str], ...]


#: A scripted event of a scenario: ``week`` is 1-based; the events of one week happen in
#: file order at its start, before the player decides (step 1).
Event = ClientArrives | MarketChange | Lawsuit | ReviewStorm | StaffLeaves | StaffJoins | Message
EVENT_TYPES: tuple[type, ...] = Event.__args__


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
               *EVENT_TYPES, GameParams)
