"""The scenario format as pydantic models: one schema for validation and for the JSON Schema.

A field left out of the file is ``None`` in the model and takes the engine's default when the
game is built (so the defaults live in one place, ``sim.engine.params``). Money fields hold
``Decimal`` currency units, exactly as written; :mod:`sim.scenario.build` turns them into cents.
Cross-references between sections (traits that exist, staff that exist, weeks inside the
game) are checked by :mod:`sim.scenario.checks`.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Discriminator, Field, Tag, ValidationInfo, create_model
from pydantic import model_validator as _model_validator
from pydantic_core import PydanticCustomError

from sim.engine import EVENT_TYPES, Rules, TraitKind

from .fields import (
    MAX_TRAITS,
    METRICS,
    Mix,
    Model,
    Name,
    PolicyName,
    Prob,
    Text,
    TraitName,
    dist,
    money,
)

Metric = Literal[METRICS]  # type: ignore[valid-type]
Kind = Literal[tuple(k.value for k in TraitKind)]  # type: ignore[valid-type]


class FirmModel(Model):
    """The firm: money and prices. Left-out fields take the engine's defaults."""

    name: Text = Field(None, description=(
        "The firm's name shown in the game: a string, or {en: ..., ru: ...}."))
    currency: str = Field(None, pattern=r"^[A-Z]{3}$",
                          description="Three-letter currency code, such as EUR or RUB.")
    price_per_hour: money(0.01, 100_000) = Field(None, description="List price of a billable hour.")
    fixed_costs: money(0, 100_000_000) = Field(None, description="Fixed costs per week.")
    cash: money(-1_000_000_000) = Field(None, description="Cash at the start.")
    credit_limit: money() = Field(None, description=(
        "How far cash may go below zero; below that the firm is bankrupt."))
    credit_rate_week: float = Field(
        None, ge=0, le=0.2,
        description="Weekly cost of money: interest on an overdraft, and the credit cost of a "
                    "late invoice in the client ledger.")


class StaffModel(Model):
    """A member of staff."""

    name: Name = Field(description="First name; unique in the scenario.")
    hours: float = Field(None, gt=0, le=80, description="Working hours per week.")
    wage: money(0, 1_000_000) = Field(None, description="Wage per week.")
    morale: float = Field(None, ge=0, le=100, description="Morale at the start, 0-100.")


class MarketModel(Model):
    """Where new clients come from."""

    lead_rate: float = Field(None, ge=0, le=50, description="New leads per week on average.")
    mix: Mix = Field(None, description="Traits of new leads: trait name to share.")
    initial_clients: int = Field(None, ge=0, le=200, description=(
        "Clients drawn from the mix at the start (besides the named ones in clients)."))
    initial_mix: Mix = Field(None, description="Trait mix of the initial clients (default: mix).")
    rate_per_hour: money(0.01, 100_000) = Field(None, description=(
        "The going rate of a billable hour in this market; clients' willingness to pay is "
        "drawn around it (default: the firm's list price)."))


class SignalsModel(Model):
    """Probabilities of what a lead shows at first contact (the screening signals)."""

    polite: Prob = None
    asks_discount: Prob = None
    agrees_prepay: Prob = None


class TraitModel(Model):
    """A kind of client: overrides of a built-in trait, or a new trait built on base.

    Numbers are per client per week unless the name says otherwise. A distribution is a
    number (its mean; the spread is the base trait's) or {mean, spread}.
    """

    base: TraitName = Field(None, description=(
        "For a new trait: the existing trait it starts from. Not allowed on a built-in."))
    kind: Kind = Field(None, description=(
        "What a manager who knew the trait should do with such a client; the debrief and "
        "the oracle read it, the model does not. keep: he pays his way, letting him go is "
        "the wrong target; mend: new terms make him worth keeping; let_go: keeping him to "
        "the end is the mistake. Default: the built-in's kind for a built-in, mend for a "
        "new trait (never the base's: a trait built on core need not be one to keep)."))
    requests_per_week: dist(10) = None
    hours_per_request: dist(200) = None
    budget: dist(10) = Field(None, description=(
        "Willingness to pay, as a multiple of the market rate per hour (not of the list "
        "price); above it he buys less, and past rules.price_leave_margin he leaves."))
    unbilled_hours: dist(40) = Field(None, description="Calls, meetings, repeated questions.")
    rework_share: Prob = None
    pay_late: Prob = Field(None, description="Share of invoices paid late.")
    pay_never: Prob = Field(None, description="Share of invoices never paid.")
    late_weeks: int = Field(None, ge=1, le=52, description="Weeks a late invoice is late.")
    haggle: Prob = Field(None, description="Chance per invoice of demanding a discount.")
    discount: Prob = Field(None, description="Discount demanded, as a share of the invoice.")
    threat_leave: Prob = None
    incivility: float = Field(None, ge=0, le=10, description="Incidents with staff per week.")
    voice: dist(10) = Field(None, description="How far his reviews travel (1 = average).")
    referrals_per_year: float = Field(None, ge=0, le=20)
    refers: Mix = Field(None, description="Traits of the leads he refers (replaces the base's).")
    satisfaction: Prob = None
    satisfaction_speed: Prob = None
    patience: float = Field(None, ge=0.05, le=10, description=(
        "How long he waits before annoyed (it divides the shock of waiting)."))
    churn_base: Prob = None
    churn_sensitivity: Prob = None
    complaint_rate: Prob = None
    terms_leave: Prob = None
    price_out_leave: Prob = None
    blame: Prob = None
    return_rate: Prob = None
    signals: SignalsModel = None


class ClientModel(Model):
    """A named client; left-out numbers are drawn from the trait."""

    name: Name = Field(description="Unique client name.")
    trait: TraitName = Field(description="The hidden trait: built-in or defined in traits.")
    hours_per_request: float = Field(None, gt=0, le=200)
    budget: float = Field(None, ge=0, le=10, description=(
        "His willingness to pay, as a multiple of the market rate per hour."))
    voice: float = Field(None, ge=0, le=10)


# --- events -----------------------------------------------------------------------------


class _Event(Model):
    week: int = Field(ge=1, le=520, description="The week it happens (1 = the first).")


class ClientArrivesEvent(_Event):
    """A named client joins the firm this week."""

    kind: Literal["client_arrives"]
    client: ClientModel


class MarketEvent(_Event):
    """The market changes from this week on."""

    kind: Literal["market"]
    lead_rate: float = Field(None, ge=0, le=50)
    mix: Mix = None
    price_per_hour: money(0.01, 100_000) = Field(None, description="The firm's new list price.")
    rate_per_hour: money(0.01, 100_000) = Field(None, description="The market's new rate.")

    @_model_validator(mode="after")
    def _something(self) -> MarketEvent:
        if (self.lead_rate is None and self.mix is None and self.price_per_hour is None
                and self.rate_per_hour is None):
            raise PydanticCustomError(
                "market_empty", "give at least one of lead_rate, mix, price_per_hour, "
                "rate_per_hour")
        return self


class LawsuitEvent(_Event):
    """A lawsuit: a cost and lost reputation."""

    kind: Literal["lawsuit"]
    cost: money(0, 100_000_000) = Field(description="What the lawsuit costs.")
    reputation: float = Field(None, ge=0, le=100, description="Reputation points lost.")


class ReviewStormEvent(_Event):
    """A wave of bad reviews."""

    kind: Literal["review_storm"]
    reputation: float = Field(ge=0, le=100, description="Reputation points lost.")


class StaffLeavesEvent(_Event):
    """A member of staff leaves."""

    kind: Literal["staff_leaves"]
    name: Name = Field(description="Who leaves: a member of staff (or one who joined earlier).")


class StaffJoinsEvent(_Event):
    """A new member of staff joins."""

    kind: Literal["staff_joins"]
    staff: StaffModel


class MessageEvent(_Event):
    """A message to the player at the start of the week."""

    kind: Literal["message"]
    text: Text


#: the kinds of event, as the engine names its records (sim.engine.EVENT_TYPES)
EVENT_KINDS = tuple(t.kind for t in EVENT_TYPES)

Event = Annotated[
    ClientArrivesEvent | MarketEvent | LawsuitEvent | ReviewStormEvent | StaffLeavesEvent
    | StaffJoinsEvent | MessageEvent,
    Field(discriminator="kind"),
]

# --- expectations -----------------------------------------------------------------------


class BeatsCheck(Model):
    """The policy does better than the one it beats, on the same seed, in at least the
    at_least share of seeds."""

    policy: PolicyName
    beats: PolicyName
    on: Metric = Field("score", description="What is compared.")
    at_least: Prob = Field(0.5, description="Share of seeds in which policy must do better.")
    note: str = Field(None, description="Why this should hold (shown when it fails).")

    @_model_validator(mode="after")
    def _two_policies(self) -> BeatsCheck:
        if self.policy == self.beats:
            raise PydanticCustomError("same_policy", "a policy cannot beat itself")
        return self


class MedianVsPolicyCheck(Model):
    """The policy's median metric over seeds is at least that of another policy."""

    policy: PolicyName
    metric: Metric = "score"
    median_at_least_policy: PolicyName
    note: str = None


class MedianCheck(Model):
    """The policy's median metric over seeds lies within the given bounds."""

    policy: PolicyName
    metric: Metric = "score"
    median_at_least: float = None
    median_at_most: float = None
    note: str = None

    @_model_validator(mode="after")
    def _order(self) -> MedianCheck:
        lo, hi = self.median_at_least, self.median_at_most
        if lo is not None and hi is not None and lo > hi:
            raise PydanticCustomError("bounds_order", "median_at_least is above median_at_most")
        return self


class NoDominantTrickCheck(Model):
    """No blanket policy of the trick suite (sim.policies.tricks) beats judgement: none beats
    rule-based on score in half the seeds or more, and none has a higher median score than
    the oracle."""

    no_dominant_trick: Literal[True] = Field(description=(
        "true: check the whole trick suite against rule-based and the oracle."))
    note: str = Field(None, description="Why this should hold (shown when it fails).")


def _expect_tag(v: Any) -> str | None:
    if isinstance(v, BeatsCheck | MedianVsPolicyCheck | MedianCheck | NoDominantTrickCheck):
        return {BeatsCheck: "<beats>", MedianVsPolicyCheck: "<vs-policy>",
                MedianCheck: "<median>", NoDominantTrickCheck: "<tricks>"}[type(v)]
    if not isinstance(v, dict):
        return None
    if "no_dominant_trick" in v:
        return "<tricks>"
    if "beats" in v:
        return "<beats>"
    if "median_at_least_policy" in v:
        return "<vs-policy>"
    if "median_at_least" in v or "median_at_most" in v:
        return "<median>"
    return None


Expect = Annotated[
    Annotated[BeatsCheck, Tag("<beats>")]
    | Annotated[MedianVsPolicyCheck, Tag("<vs-policy>")]
    | Annotated[MedianCheck, Tag("<median>")]
    | Annotated[NoDominantTrickCheck, Tag("<tricks>")],
    Discriminator(_expect_tag, custom_error_type="expect_form", custom_error_message=(
        "an expect line is a mapping with one of: beats, median_at_least_policy, "
        "median_at_least, median_at_most or no_dominant_trick")),
]

# --- scoring and rules --------------------------------------------------------------------


class ScoringModel(Model):
    """Weights of the composite score."""

    profit: float = Field(None, ge=0, le=10)
    morale: float = Field(None, ge=0, le=10)
    reputation: float = Field(None, ge=0, le=10)
    profit_scale: money() = Field(None, description=(
        "Long-term profit worth 100 points of score; 0 means weeks x fixed costs."))


def _rules_model() -> type[Model]:
    """The ``rules:`` section, one field per field of :class:`sim.engine.Rules`, with the range
    and the meaning the engine gives it (:func:`sim.engine.params.rule`)."""
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(Rules):
        lo, hi = f.metadata["range"]  # a rule without its range is a TypeError at import
        if f.metadata["money"]:
            kind: Any = money(lo / 100, hi / 100)
            doc = f"{f.metadata['doc']} Default {f.default / 100:g}."
        else:
            kind = int if f.type in (int, "int") else float
            doc = f"{f.metadata['doc']} Default {f.default:g}."
        fields[f.name] = (kind, Field(None, ge=None if f.metadata["money"] else lo,
                                      le=None if f.metadata["money"] else hi,
                                      description=doc))
    return create_model("RulesModel", __base__=Model, __doc__=(
        "Constants of the model (sim.engine.params.Rules); rarely changed."), **fields)


RulesModel = _rules_model()


def _debrief_tag(v: Any) -> str:
    return "<lessons>" if isinstance(v, list | tuple) else "<text>"


DebriefText = Annotated[
    Annotated[Text, Tag("<text>")] | Annotated[list[Text], Tag("<lessons>")],
    Discriminator(_debrief_tag),
]


class ScenarioModel(Model):
    """A scenario: a firm, its market and staff, traits, scripted events, scoring and texts."""

    model_config = ConfigDict(title="Not Always Right scenario")

    id: str = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
                    description="Scenario id (default: the file name without .yaml).")
    title: Text
    weeks: int = Field(ge=1, le=520, description="Length of the game in weeks.")
    seed: int = Field(None, ge=0, le=2**32 - 1, description=(
        "The seed a game of this scenario starts from when none is given, so that a whole "
        "class plays the same game (default: a new seed each game)."))
    extends: str = Field(None, min_length=1, description=(
        "Another scenario this one builds on: a shipped name or a path relative to this file. "
        "Mappings are merged (this file wins), lists are replaced."))
    firm: FirmModel = None
    staff: list[StaffModel] = Field(min_length=1, max_length=50)
    market: MarketModel = None
    traits: dict[TraitName, TraitModel] = Field(None, max_length=MAX_TRAITS, description=(
        "A built-in name overrides that trait's fields; a new name needs base."))
    clients: list[ClientModel] = Field(None, max_length=200)
    events: list[Event] = Field(None, max_length=1000)
    scoring: ScoringModel = None
    rules: RulesModel = None  # type: ignore[valid-type]
    briefing: Text = None
    debrief: DebriefText = Field(None, description="A text, or a list of lesson texts.")
    lessons: list[Text] = None
    expect: list[Expect] = Field(None, description="What the scenario should teach, checked "
                                 "over many seeds by sim balance.")

    @_model_validator(mode="after")
    def _cross_checks(self, info: ValidationInfo) -> ScenarioModel:
        ctx = info.context if isinstance(info.context, dict) else {}
        if ctx.get("skip_cross_checks"):
            return self
        from .checks import cross_checks

        issues = cross_checks(self.model_dump(exclude_none=True))
        if issues:
            raise PydanticCustomError("cross_check", "{issues}", {"issues": "; ".join(
                f"{'.'.join(map(str, i.path))}: {i.message}" for i in issues)})
        return self
