"""From a validated :class:`ScenarioModel` to the engine's :class:`GameParams`.

Left-out fields take the defaults of the engine's dataclasses; money becomes integer cents;
traits are the built-ins in library order (with the file's overrides applied) followed by the
file's new traits in file order.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from sim.engine import (
    BUILTIN_TRAITS,
    ClientArrives,
    ClientSpec,
    Dist,
    Event,
    Firm,
    GameParams,
    Lawsuit,
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

from .fields import DistModel, cents, text_dict
from .models import (
    ClientArrivesEvent,
    ClientModel,
    FirmModel,
    LawsuitEvent,
    MarketEvent,
    MarketModel,
    MessageEvent,
    ReviewStormEvent,
    ScenarioModel,
    StaffJoinsEvent,
    StaffLeavesEvent,
    StaffModel,
    TraitModel,
)

_FIRM_MONEY = ("price_per_hour", "fixed_costs", "cash", "credit_limit")
_DISTS = ("requests_per_week", "hours_per_request", "budget", "unbilled_hours", "voice")


def _given(model: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields the file set (None means left out)."""
    return {k: getattr(model, k) for k in type(model).model_fields
            if k not in skip and getattr(model, k) is not None}


def _mix(mix: dict[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple((name, float(share)) for name, share in mix.items())


def build_firm(m: FirmModel | None) -> Firm:
    """The firm, money in cents."""
    if m is None:
        return Firm()
    given = _given(m)
    if "name" in given:  # the engine keeps one name; the screens read both from the model
        given["name"] = text_dict(given["name"])["en"]
    for k in _FIRM_MONEY:
        if k in given:
            given[k] = cents(given[k])
    return replace(Firm(), **given)


def build_staff(m: StaffModel) -> StaffMember:
    """One member of staff, wage in cents."""
    given = _given(m)
    if "wage" in given:
        given["wage"] = cents(given["wage"])
    return replace(StaffMember(name=m.name), **given)


def build_market(m: MarketModel | None) -> Market:
    """The market, mixes as tuples of (trait, share) in file order."""
    if m is None:
        return Market()
    given = _given(m)
    for k in ("mix", "initial_mix"):
        if k in given:
            given[k] = _mix(given[k])
    if "rate_per_hour" in given:
        given["rate_per_hour"] = cents(given["rate_per_hour"])
    return replace(Market(), **given)


def _dist(value: float | DistModel, base: Dist) -> Dist:
    if isinstance(value, DistModel):
        mean = base.mean if value.mean is None else value.mean
        spread = base.spread if value.spread is None else value.spread
        return Dist(float(mean), float(spread))
    return Dist(float(value), base.spread)


def build_trait(name: str, m: TraitModel, base: Trait) -> Trait:
    """``base`` with the overrides of ``m`` applied, named ``name``; a new trait (one named
    other than ``base``) is of kind ``mend`` unless the file gives one."""
    given = _given(m, skip=("base",))
    if "kind" in given or name != base.name:
        given["kind"] = TraitKind(given.get("kind", TraitKind.MEND))
    for k in _DISTS:
        if k in given:
            given[k] = _dist(given[k], getattr(base, k))
    if "refers" in given:
        given["refers"] = _mix(given["refers"])
    if "signals" in given:
        given["signals"] = replace(base.signals, **_given(given["signals"]))
    return replace(base, name=name, **given)


def build_traits(traits: dict[str, TraitModel] | None) -> tuple[Trait, ...]:
    """Built-in traits with overrides, in library order, then the new ones in file order."""
    traits = traits or {}
    done: dict[str, Trait] = dict(BUILTIN_TRAITS)
    new: list[str] = []
    for name, m in traits.items():
        base = done[name] if name in BUILTIN_TRAITS else done[m.base]
        done[name] = build_trait(name, m, base)
        if name not in BUILTIN_TRAITS:
            new.append(name)
    return tuple(done[n] for n in BUILTIN_TRAITS) + tuple(done[n] for n in new)


def build_client(m: ClientModel) -> ClientSpec:
    """A named client."""
    return ClientSpec(**_given(m))


def _cents(amount: Any) -> int | None:
    return None if amount is None else cents(amount)


def build_event(e: Any) -> Event:
    """A scripted event: the engine's record of its kind (money in cents)."""
    w = e.week
    match e:
        case ClientArrivesEvent():
            return ClientArrives(w, build_client(e.client))
        case MarketEvent():
            return MarketChange(w, lead_rate=e.lead_rate,
                                mix=None if e.mix is None else _mix(e.mix),
                                price_per_hour=_cents(e.price_per_hour),
                                rate_per_hour=_cents(e.rate_per_hour))
        case LawsuitEvent():
            return Lawsuit(w, cents(e.cost), 0.0 if e.reputation is None else e.reputation)
        case ReviewStormEvent():
            return ReviewStorm(w, e.reputation)
        case StaffLeavesEvent():
            return StaffLeaves(w, e.name)
        case StaffJoinsEvent():
            return StaffJoins(w, build_staff(e.staff))
        case MessageEvent():
            return Message(w, tuple(text_dict(e.text).items()))
    raise TypeError(f"no engine event for {type(e).__name__}")


def build_rules(m: Any) -> Rules:
    """The model's constants: the engine's defaults with the file's rules; money in cents."""
    if m is None:
        return Rules()
    given = _given(m)
    for f in fields(Rules):
        if f.metadata["money"] and f.name in given:
            given[f.name] = cents(given[f.name])
    return replace(Rules(), **given)


def build_scoring(m: Any) -> Scoring:
    """The score weights; profit_scale in cents (0 = the engine's automatic scale)."""
    if m is None:
        return Scoring()
    given = _given(m)
    if "profit_scale" in given:
        given["profit_scale"] = cents(given["profit_scale"])
    return replace(Scoring(), **given)


def build_params(model: ScenarioModel, name: str) -> GameParams:
    """The engine's parameters for a validated scenario.

    Args:
        model: The validated scenario (cross-checks passed).
        name: The scenario id, stored as ``GameParams.name``.

    Returns:
        Frozen parameters ready for ``sim.engine.new_game``.
    """
    rules = build_rules(model.rules)
    return GameParams(
        weeks=model.weeks,
        firm=build_firm(model.firm),
        staff=tuple(build_staff(s) for s in model.staff),
        market=build_market(model.market),
        traits=build_traits(model.traits),
        clients=tuple(build_client(c) for c in model.clients or ()),
        events=tuple(build_event(e) for e in model.events or ()),
        scoring=build_scoring(model.scoring),
        rules=rules,
        name=name,
    )
