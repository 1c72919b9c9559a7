"""Blanket policies: one rule for every client, no judgement. The examiner's suite.

Each trick is always-right (serve everything, accept every lead, grant discounts) with one
blanket change: a uniform price, one set of terms for everyone, firing all but the top few,
declining every lead, firing at the first complaint, or maximum overtime. ``sim balance
--tricks`` plays them beside the bots, and the ``no_dominant_trick`` expect line fails when
one beats judgement. Names are ``trick:<name>`` (``trick:price-1.2``), so ``--policies`` and
``run --policy`` can name them too.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

import numpy as np

from ..engine import ACTIVE, LEAD, POLITE, Decisions, Terms
from .base import Policy, terms_rows

PREFIX = "trick:"
#: the week the "keep the top N" tricks first judge by measured profit
TOP_WEEK = 8


@dataclass(frozen=True)
class Blanket:
    """One blanket rule: terms for everyone, whom to keep, leads, overtime."""

    terms: Terms = Terms()
    keep_top: int = 0
    decline_leads: bool = False
    fire_on_complaint: bool = False
    max_overtime: bool = False

    @property
    def sets_terms(self) -> bool:
        return self.terms != Terms()


TRICKS: dict[str, Blanket] = {
    **{f"price-{k}": Blanket(Terms(price_factor=float(k)))
       for k in ("1.05", "1.1", "1.2", "1.3", "1.5")},
    "prepay-all": Blanket(Terms(prepay=True)),
    "scope-all": Blanket(Terms(scope=True)),
    "contact-all": Blanket(Terms(contact=True)),
    "vip-all": Blanket(Terms(vip=True)),
    "no-discounts-all": Blanket(Terms(grant_discounts=False)),
    "scope-contact-all": Blanket(Terms(scope=True, contact=True)),
    "all-terms": Blanket(Terms(prepay=True, scope=True, contact=True, vip=True,
                               grant_discounts=False)),
    "strict-1.2": Blanket(Terms(price_factor=1.2, prepay=True, scope=True,
                                grant_discounts=False)),
    "keep-top-5": Blanket(keep_top=5),
    "keep-top-10": Blanket(keep_top=10),
    "decline-leads": Blanket(decline_leads=True),
    "fire-first-complaint": Blanket(fire_on_complaint=True),
    "max-overtime": Blanket(max_overtime=True),
}


def trick_names() -> list[str]:
    """Every trick of the suite by its policy name (``trick:...``), then ``random``."""
    return [PREFIX + name for name in TRICKS] + ["random"]


class Trick(Policy):
    """Always-right with one blanket change (see :data:`TRICKS`)."""

    def __init__(self, seed: int = 0, name: str = "price-1.2") -> None:
        super().__init__(seed)
        self.name = PREFIX + name
        self.rule = TRICKS[name]
        #: the blanket terms as a row of :func:`terms_rows`, to compare with each client's
        self._blanket = astuple(self.rule.terms)

    def decide(self, obs, state=None) -> Decisions:
        rule = self.rule
        d = Decisions()
        c = obs.clients
        status = c.status
        if rule.decline_leads:
            for i in (status == LEAD).nonzero()[0].tolist():
                d.leads[i] = False
        act = status == ACTIVE
        if rule.keep_top and obs.week >= TOP_WEEK:
            ids = act.nonzero()[0]
            ranked = ids[np.argsort(-c.profit[ids], kind="stable")]
            for i in ranked[rule.keep_top:].tolist():
                d.let_go[i] = POLITE
        if rule.fire_on_complaint:
            for i in (act & (c.complaints > 0)).nonzero()[0].tolist():
                d.let_go[i] = POLITE
        if rule.sets_terms:
            want = rule.terms
            # every client's terms compared as plain tuples, read once (not a Terms each)
            now = terms_rows(c)
            for i in act.nonzero()[0].tolist():
                if i in d.let_go:
                    continue
                if now[i] != self._blanket:
                    d.terms[i] = want
        if rule.max_overtime:
            for s in obs.active_staff().tolist():
                d.overtime[s] = obs.max_overtime  # the most the scenario allows
        return d
