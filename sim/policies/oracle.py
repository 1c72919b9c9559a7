"""The upper reference: a manager who knows every client's hidden trait from day one.

Only this bot is given the state. It lets go the time eaters, the non-payers and the
know-betters at once (which costs revenue in the first weeks: L6), puts hagglers on new terms,
gives loyal clients priority, and every client it keeps too while the team has hours to spare
(attention costs hours; spare hours are what it costs nothing to give), and declines leads of
the harmful kinds. It prices each client it
keeps just under what he is willing to pay (it knows that too), and while the team's hours are
short, somewhat above it: the work a dearer client no longer buys would only have waited, and
the hours go to the others. It asks prepayment only of those who would agree to it or have
already paid late: every term has a price with good clients, so it picks them client by client.
"""

from __future__ import annotations

import numpy as np

from ..engine import ACTIVE, BLUNT, LEAD, POLITE, Decisions, Terms, TraitKind, willing_factor
from .base import TERM_FIELDS, Policy, terms_rows

#: whom it lets go at once and whose leads it declines: trait names, or a kind standing for
#: every trait of that kind in the game (a scenario's own traits too)
FIRE = (TraitKind.LET_GO,)
DECLINE = FIRE
QUIET_VOICE = 0.9
#: how far under a client's willingness to pay the oracle prices him, and the smallest raise
#: worth the risk of his reaction to it
PRICE_HEADROOM = 0.02
MIN_RAISE = 0.03
#: the share of the team's hours the oracle lets its clients' expected work fill before it
#: stops giving priority for free
VIP_FILL = 0.7
#: ... and the share past which it takes back the priority it gave in a quiet spell
VIP_KEEP_FILL = 0.8
#: the share of the team's hours past which the expected work of its clients means the hours
#: are short: some of it will wait whatever the oracle does
HOURS_SHORT = 0.9
#: while the hours are short, how far above his willingness to pay it prices a client, as a
#: share of the margin past which he looks for another firm (``rules.price_leave_margin``):
#: he buys less, and the hours he no longer buys go to the work that would have waited
SHORT_MARKUP = 0.5


def traits_named(traits, which) -> frozenset[str]:
    """The names of the game's traits (``state.traits``) that ``which`` lists, by name or by
    kind."""
    kinds = {w for w in which if isinstance(w, TraitKind)}
    names = {w for w in which if not isinstance(w, TraitKind)}
    return frozenset(n for n, k in zip(traits.names, traits.kinds, strict=True)
                     if n in names or k in kinds)


class Oracle(Policy):
    name = "oracle"
    needs_state = True

    def __init__(self, seed: int = 0, fire: tuple[str, ...] = FIRE,
                 terms_for: tuple[str, ...] = ("haggler",),
                 vip_for: tuple[str, ...] = ("loyal",), decline: tuple[str, ...] = DECLINE,
                 manner: str | None = None, pricing: bool = True,
                 spare_vip: bool = True) -> None:
        super().__init__(seed)
        self.spare_vip = spare_vip
        self.fire, self.terms_for, self.vip_for = fire, terms_for, vip_for
        self.decline, self.manner, self.pricing = decline, manner, pricing
        self._judged_key: tuple | None = None  # the traits :meth:`_judged` last worked out

    def decide(self, obs, state=None) -> Decisions:
        if state is None:
            raise ValueError("the oracle needs the game state")
        d = Decisions()
        c = state.clients
        n = c.n
        names = state.traits.names
        decline, fire, fired = self._judged(state.traits)
        status = c.status[:n]
        # the columns read client by client, as plain lists once a week: a list read costs a
        # fraction of a numpy scalar's, and the loops below read a handful per client
        trait = c.trait[:n].tolist()
        for i in (status == LEAD).nonzero()[0].tolist():
            if names[trait[i]] in decline:
                d.leads[i] = False
        active = status == ACTIVE
        # the clients it keeps and their expected work, once a week for both uses
        kept = active & ~fired[c.trait[:n]]
        work = expected_work(state)
        base = float(work[kept].sum())
        spare = self._vip_room(state, obs, kept, work, base) if self.spare_vip else None
        markup = self._markup(state, obs, base) if self.pricing else 0.0
        week = _Week(c, n)
        for i in active.nonzero()[0].tolist():
            t = names[trait[i]]
            if t in fire:
                # blunt only where nobody will hear of it: a quiet client
                d.let_go[i] = self.manner or (BLUNT if c.voice[i] < QUIET_VOICE else POLITE)
                d.blacklist.append(i)
            else:
                give = None
                if spare is not None:
                    give = True if i in spare[0] else (None if i in spare[1] else False)
                terms = self._terms(state, week, i, t, give, markup)
                if terms is not None:
                    d.terms[i] = terms
        return d

    def _judged(self, traits) -> tuple[frozenset[str], frozenset[str], np.ndarray]:
        """The names of the traits whose leads it declines and of those it lets go, and per
        trait index whether it lets go (a mask to index by the clients' traits). The same
        for every week of a game: worked out for the first and kept while the game's traits
        are the same."""
        key = (traits.names, traits.kinds)
        if self._judged_key != key:
            fire = traits_named(traits, self.fire)
            self._judged_key = key
            self._judged_of = (traits_named(traits, self.decline), fire,
                               np.array([name in fire for name in traits.names], dtype=bool))
        return self._judged_of

    def _vip_room(self, state, obs, kept: np.ndarray, work: np.ndarray,
                  base: float) -> tuple[set[int], set[int]] | None:
        """Which clients it keeps may have priority because the team's hours are
        spare, the largest first: those whose expected work (with what priority adds) fits in
        :data:`VIP_FILL` of the capacity get it, and those past :data:`VIP_KEEP_FILL` lose it
        (worked out afresh each week: priority given in a quiet spell is taken back when the
        hours fill). ``kept`` masks the clients it keeps; ``work`` is every client's
        expected hours a week (:func:`expected_work`), ``base`` their sum over ``kept``.
        None: too late in the game to change."""
        r = state.params.rules
        if state.params.weeks - state.week < r.vip_ramp_weeks:
            return None  # too late for priority to pay back its hours
        # (hagglers on their terms too: they pay their way, and priority keeps them)
        ids = kept.nonzero()[0]
        ids = ids[np.argsort(-work[ids], kind="stable")]
        extra = r.vip_hours + (r.vip_growth - 1.0) * work[ids]
        fits = np.cumsum(extra)
        grant = set(ids[fits <= VIP_FILL * obs.capacity_hours - base].tolist())
        keep = set(ids[fits <= VIP_KEEP_FILL * obs.capacity_hours - base].tolist())
        return grant, keep

    def _markup(self, state, obs, base: float) -> float:
        """How far above his willingness to pay it prices a client this week (a share of it):
        0 while the team has hours for the expected work ``base`` of the clients it keeps, a
        part of the margin past which a client looks elsewhere once that work fills
        :data:`HOURS_SHORT` of them."""
        if base < HOURS_SHORT * obs.capacity_hours:
            return 0.0
        return SHORT_MARKUP * state.params.rules.price_leave_margin

    def _terms(self, state, week: _Week, i: int, trait: str, spare: bool | None = None,
               markup: float = 0.0) -> Terms | None:
        """The terms that pay best for client ``i`` (None: keep his terms). ``week`` holds
        the clients' columns it reads (:class:`_Week`); ``spare``: whether the team's spare
        hours give him priority (None: leave his priority as it is); ``markup``: how far
        above his willingness to pay to price him (see :meth:`_markup`).

        The terms are worked on as tuples in the order of :data:`TERM_FIELDS`, and a
        :class:`Terms` is built only when they change (most clients, most weeks, keep
        theirs)."""
        now = week.terms[i]
        price, prepay, scope, contact, vip, _grant = now
        want = now
        if trait in self.terms_for and not scope:
            haggler = trait == "haggler"
            # prepayment only from one who would agree to it, or who has already paid late
            ask = haggler and (week.sig_prepay[i] or week.late_invoices[i] > 0)
            want = (price, ask or prepay, True, not haggler, vip, not haggler)
        elif trait in self.terms_for and not prepay and trait == "haggler" \
                and week.late_invoices[i] > 0:
            want = (price, True) + want[2:]
        if (trait in self.vip_for or spare) and not vip:
            want = want[:_VIP] + (True,) + want[_VIP + 1:]
        elif spare is False and vip and trait not in self.vip_for:
            want = want[:_VIP] + (False,) + want[_VIP + 1:]  # the hours are no longer spare
        if self.pricing and not week.pricing_out[i]:
            # he pays up to budget x the market rate; price him just under it, or while the
            # hours are short, over it
            fair = willing_factor(state.price_per_hour, state.market_rate, week.budget[i])
            factor = round(fair * (1.0 + markup) if markup else fair - PRICE_HEADROOM, 2)
            if factor >= price + MIN_RAISE:
                want = (min(3.0, factor),) + want[1:]
        return None if want == now else Terms(*want)


#: where priority is in a row of terms (:data:`TERM_FIELDS`)
_VIP = TERM_FIELDS.index("vip")
# :meth:`Oracle._terms` spells its rows of terms in this order
if TERM_FIELDS != ("price_factor", "prepay", "scope", "contact", "vip", "grant_discounts"):
    raise ImportError(f"Terms' fields changed ({TERM_FIELDS}): the oracle's rows need updating")


class _Week:
    """The columns of the state's clients that :meth:`Oracle._terms` reads, as plain Python
    values for the week: every client's terms (:func:`terms_rows`) and four more lists."""

    __slots__ = ("budget", "late_invoices", "pricing_out", "sig_prepay", "terms")

    def __init__(self, c, n: int) -> None:
        self.terms = terms_rows(c, n)
        self.sig_prepay = c.sig_prepay[:n].tolist()
        self.late_invoices = c.late_invoices[:n].tolist()
        self.pricing_out = c.pricing_out[:n].tolist()
        self.budget = c.budget[:n].tolist()


def expected_work(state) -> np.ndarray:
    """Each client's expected hours a week (requests and the unbilled hours he takes), at the
    rate he buys at his willingness to pay."""
    c = state.clients
    n = c.n
    return c.req_rate[:n] * c.req_hours[:n] + c.unbilled_mean[:n]
