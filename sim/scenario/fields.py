"""Field types of the scenario format: texts in two languages, money, distributions, names.

Unions are discriminated by a small function (not tried member by member), so a wrong value
gives one clear error, and the tags are written ``<like-this>`` so that error locations can
tell them from keys of the file.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from sim.textsafe import bad_character, shown

METRICS = ("score", "profit", "long_term_profit", "revenue", "cash", "morale", "reputation")

_NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,31}")  # used with fullmatch: "shark\n" is no name
#: the longest text of a scenario (a briefing, a debrief lesson, a message), in characters
MAX_TEXT = 4000
#: the most entries of a mix (trait name to share) and of the traits section
MAX_TRAITS = 64


class Model(BaseModel):
    """Base of every scenario model: unknown keys are errors, types are strict (no ``"5"`` for
    5, no ``5.0`` for a whole number), no infinities, and the model is immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _remember_model(cls, data: Any, info: ValidationInfo) -> Any:
        # lets error reporting find which model a mapping was (for "did you mean" on keys)
        if isinstance(info.context, dict) and isinstance(data, dict):
            info.context.setdefault("models", {})[id(data)] = cls
        return data


def describe(value: object) -> str:
    """How a value read from YAML is named in messages."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float | Decimal):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{shown(value)}'" if len(value) <= 40 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# --- texts ------------------------------------------------------------------------------


def _plain_text(v: str) -> str:
    why = bad_character(v, multiline=True)
    if why:
        raise PydanticCustomError("text_character", "{why}; a text is plain characters, "
                                  "newlines and tabs", {"why": why})
    return v


def _plain_name(v: str) -> str:
    why = bad_character(v)
    if why:
        raise PydanticCustomError("name_character", "{why}; a name is plain characters on "
                                  "one line", {"why": why})
    return v


PlainText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT),
                      AfterValidator(_plain_text)]


class LocalizedText(Model):
    """A text in both languages; English is required."""

    en: PlainText = Field(description="The English text.")
    ru: PlainText = Field(None, description="The Russian text.")


def _text_tag(v: Any) -> str | None:
    if isinstance(v, str):
        return "<plain>"
    if isinstance(v, dict | LocalizedText):
        return "<en-ru>"
    return None


Text = Annotated[
    Annotated[PlainText, Tag("<plain>")] | Annotated[LocalizedText, Tag("<en-ru>")],
    Discriminator(_text_tag, custom_error_type="text_type",
                  custom_error_message="expected text: a string, or a mapping with en and ru"),
    Field(description="A text: a plain string, or {en: ..., ru: ...}."),
]


def text_dict(text: str | LocalizedText) -> dict[str, str]:
    """A text as ``{lang: text}`` (a plain string is English)."""
    if isinstance(text, str):
        return {"en": text}
    return {k: v for k, v in (("en", text.en), ("ru", text.ru)) if v is not None}


# --- money ------------------------------------------------------------------------------

_CENT = Decimal("0.01")


def _money_validator(lo: Decimal, hi: Decimal):
    def check(v: Any) -> Decimal:
        if isinstance(v, bool) or not isinstance(v, int | float | Decimal):
            raise PydanticCustomError(
                "money_type", "expected an amount of money such as 75 or 1400.50, got {got}",
                {"got": describe(v)})
        try:
            d = Decimal(v) if isinstance(v, int | Decimal) else Decimal(repr(v))
        except InvalidOperation:  # pragma: no cover - floats always convert
            raise PydanticCustomError("money_type", "not an amount of money") from None
        if not d.is_finite():
            raise PydanticCustomError("money_type", "must be a finite amount of money")
        if not lo <= d <= hi:
            raise PydanticCustomError("money_range", "must be between {lo} and {hi}, got {got}",
                                      {"lo": str(lo), "hi": str(hi), "got": str(v)})
        if d != d.quantize(_CENT, rounding="ROUND_DOWN"):
            raise PydanticCustomError(
                "money_decimals", "{got} has more than 2 decimals (money is kept to the cent)",
                {"got": str(v)})
        return d.quantize(_CENT)
    return check


def _plain_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def money(lo: float = 0, hi: float = 1_000_000_000, what: str = "") -> Any:
    """A money field in currency units with at most two decimals (kept as ``Decimal``)."""
    low, high = Decimal(str(lo)), Decimal(str(hi))
    desc = "Money in currency units, at most 2 decimals." + (f" {what}" if what else "")
    return Annotated[
        Decimal,
        BeforeValidator(_money_validator(low, high)),
        PlainSerializer(_plain_number, when_used="json"),
        WithJsonSchema({"type": "number", "minimum": float(low), "maximum": float(high),
                        "description": desc}),
    ]


def cents(amount: Decimal) -> int:
    """Currency units (two decimals at most) as integer cents, exactly."""
    return int(amount * 100)


# --- distributions ------------------------------------------------------------------------


class DistModel(Model):
    """A distribution: mean and spread; a missing one keeps the base trait's."""

    mean: float = Field(None, ge=0, le=1000, description="The average value.")
    spread: float = Field(None, ge=0, le=2, description=(
        "How much clients differ: log-normal sigma for sizes and rates, standard deviation "
        "for budgets."))

    @model_validator(mode="after")
    def _not_empty(self) -> DistModel:
        if self.mean is None and self.spread is None:
            raise PydanticCustomError("dist_empty", "give mean, spread or both")
        return self


def _dist_tag(v: Any) -> str | None:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return "<number>"
    if isinstance(v, dict | DistModel):
        return "<mean-spread>"
    return None


def _dist_mean_at_most(hi: float) -> Any:
    def check(d: DistModel) -> DistModel:
        if d.mean is not None and d.mean > hi:
            raise PydanticCustomError("less_than_equal", "Input should be less than or equal "
                                      "to {le}", {"le": hi})
        return d
    return check


def dist(hi: float) -> Any:
    """A distribution field whose mean is at most ``hi`` (a number, or {mean, spread})."""
    return Annotated[
        Annotated[float, Field(ge=0, le=hi), Tag("<number>")]
        | Annotated[DistModel, AfterValidator(_dist_mean_at_most(hi)), Tag("<mean-spread>")],
        Discriminator(_dist_tag, custom_error_type="dist_type",
                      custom_error_message="expected a number (the mean) or {{mean, spread}}"),
        Field(description=f"A number (the mean, 0 to {hi:g}) or {{mean, spread}}."),
    ]


# --- names and shares -----------------------------------------------------------------------


def _trait_name(v: str) -> str:
    if not _NAME_RE.fullmatch(v):
        raise PydanticCustomError(
            "trait_name", "'{name}' is not a valid trait name: use lowercase letters, digits "
            "and _, starting with a letter (at most 32)", {"name": shown(v, 40)})
    return v


TraitName = Annotated[str, AfterValidator(_trait_name),
                      Field(json_schema_extra={"pattern": "^[a-z][a-z0-9_]{0,31}$"})]
Name = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_plain_name)]
Prob = Annotated[float, Field(ge=0, le=1)]
Share = Annotated[float, Field(ge=0, le=1000)]
Mix = Annotated[dict[TraitName, Share], Field(min_length=1, max_length=MAX_TRAITS, description=(
    "Trait name to share; shares need not add up to 1 (they are normalised)."))]


def _policy_name(v: str) -> str:
    # only the bots registered in sim.policies: a scenario is data from a stranger, and a
    # module:function would import and run code (that form is for the command line only)
    from sim.policies import policy_names

    names = policy_names()
    if v in names:
        return v
    if v.startswith("trick:"):
        from sim.policies.tricks import TRICKS

        if v.removeprefix("trick:") in TRICKS:
            return v  # a blanket policy of the built-in suite
        close = difflib.get_close_matches(v, [f"trick:{t}" for t in TRICKS], n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise PydanticCustomError(
            "policy_name", "unknown trick '{name}'; {hint}the suite is {names}",
            {"name": shown(v, 80), "hint": hint,
             "names": ", ".join(f"trick:{t}" for t in TRICKS)})
    if ":" in v:
        raise PydanticCustomError(
            "policy_code", "'{name}' names code (module:function); a scenario may name only "
            "the built-in bots ({names}). Give your own policy on the command line: "
            "sim balance --policies NAME,module:function",
            {"name": shown(v, 80), "names": ", ".join(names)})
    close = difflib.get_close_matches(v, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise PydanticCustomError(
        "policy_name", "unknown policy '{name}'; {hint}expected one of {names}",
        {"name": shown(v, 80), "hint": hint, "names": ", ".join(names)})


PolicyName = Annotated[str, AfterValidator(_policy_name), Field(description=(
    "A built-in bot (always-right, rule-based, rule-based-keep, oracle, random) or a blanket "
    "policy of the built-in suite (trick:price-1.1, trick:vip-all, ...). Code "
    "(module:function) is never named in a file; give it to sim balance --policies on the "
    "command line."))]
