"""The chances of the week's rare events (a blame, a review, a referral, leaving over new
terms, quitting), each written once for a column of clients (or staff) or for one of them,
and who has them this week.

Most weeks only a few draws come near such a chance, so :func:`word_of_mouth`,
:func:`leaving_on_terms` and :func:`quitting` compare each draw with an upper bound of its
chance first and work out the chance itself only for those few, one by one; with many
clients they take the columns instead. Both give the same outcomes: the helpers below take a
numpy column through the numpy operation and one value through Python's, which compute the
same IEEE numbers (they can differ only in the sign of a zero, which no comparison with a
draw in [0, 1) can tell apart). A test plays games both ways and asks for the same bytes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .context import TraitRows, Week, clip01, row_block
from .params import Rules
from .plain import add_up
from .state import GameState

#: a column of clients (numpy) or one client's value (a float)
Value = Any


def clip(x: Value) -> Value:
    """``x`` within [0, 1]."""
    return min(max(x, 0.0), 1.0) if isinstance(x, float) else clip01(x)


def at_least(x: Value, lowest: float) -> Value:
    """``x``, or ``lowest`` where it is below."""
    return max(x, lowest) if isinstance(x, float) else np.maximum(x, lowest)


def at_most(x: Value, highest: float) -> Value:
    """``x``, or ``highest`` where it is above."""
    return min(x, highest) if isinstance(x, float) else np.minimum(x, highest)


def pick(flag: Value, yes: float, no: float) -> Value:
    """``yes`` where ``flag``, else ``no``."""
    if isinstance(flag, (bool, np.bool_)):
        return yes if flag else no
    return np.where(flag, yes, no)


def blame_chance(r: Rules, blame: Value, scope: Value) -> Value:
    """The chance that a client billed this week blames the firm in public: his trait's,
    times ``scope_blame`` under a written scope."""
    return blame * pick(scope, r.scope_blame, 1.0)


def bad_review_chance(r: Rules, sat: Value) -> Value:
    """Rises from 0 at ``bad_review_below`` to ``bad_review_rate`` at satisfaction 0."""
    below = r.bad_review_below
    return r.bad_review_rate * clip((below - sat) * (1.0 / below))


def good_review_chance(r: Rules, sat: Value) -> Value:
    """Rises from 0 at ``good_review_above`` to ``good_review_rate`` at satisfaction 1."""
    above = r.good_review_above
    return r.good_review_rate * clip((sat - above) * (1.0 / (1.0 - above)))


def referral_chance(r: Rules, per_year: Value, sat: Value, nature: Value,
                    vip: Value) -> Value:
    """Happy clients bring leads like themselves: his yearly referrals a week, times how
    pleased he is against his nature (capped; the floor only keeps a trait of satisfaction 0
    from dividing by it), more for a VIP."""
    return (per_year * (1 / 52.0)
            * at_most(sat / at_least(nature, 0.05), r.referral_satisfaction_cap)
            * pick(vip, r.vip_referrals, 1.0))


def referral_most(r: Rules) -> float:
    """A client's chance of a referral is at most his yearly referrals times this: the cap
    and the VIP multiplier at their highest (the 1e-9 covers the rounding of the three
    products, each well under 1e-15 of it)."""
    return (1 / 52.0) * r.referral_satisfaction_cap * max(r.vip_referrals, 1.0) * (1.0 + 1e-9)


def terms_leave_chance(r: Rules, terms_leave: Value, price_factor: Value,
                       refused_prepay: Value | None) -> Value:
    """The chance that a client leaves over terms just tightened: his trait's, raised by his
    price factor, and more if he said at first contact he would not prepay and now is
    asked to (``refused_prepay``; None: nobody this week)."""
    p = terms_leave * (1.0 + r.terms_leave_per_factor * at_least(price_factor - 1.0, 0.0))
    if refused_prepay is not None:
        p = p + (1.0 - p) * r.prepay_refuse_leave * refused_prepay
    return p


def quit_chance(r: Rules, morale: Value) -> Value:
    """A week's chance of quitting: the yearly base at any morale, more below the
    threshold."""
    return (r.quit_base_year + r.quit_low_morale_year * clip(
        (r.quit_threshold - morale) / r.quit_threshold)) * (1 / 52.0)


# --------------------------------------------------------------------------------------
# who has them this week

#: with more active clients than this, a week's blames, reviews and referrals are found on
#: the columns: so many draws then come under the bounds that looking at each costs more
#: (step 7 one by one: 15 us a week cheaper at 27 active clients, 17 at 50, 10 dearer at 190)
FEW_CLIENTS = 128
#: the same for reactions to new terms (each client looked at costs about a column operation)
FEW_TIGHTENED = 6


def word_of_mouth(st: GameState, wk: Week, t: TraitRows,
                  u: np.ndarray) -> tuple[list[int], list[int], list[int], list[int]]:
    """The active clients who blame the firm in public for work he was billed for, who write a
    bad review (a blame is one), who write a good one, and who refer a lead this week, from
    the week's draws ``u[1:5]`` (rules and traits are >= 0, as their ranges require)."""
    c, r = st.clients, st.params.rules
    n = wk.n
    active = wk.active
    sat, billable, scope, vip = (c.satisfaction[:n], c.week_billable[:n], c.scope[:n],
                                 c.vip[:n])
    if np.count_nonzero(active) > FEW_CLIENTS:
        blames = active & (billable > 0) & (u[1] < blame_chance(r, t.blame, scope))
        bad = active & ((u[2] < bad_review_chance(r, sat)) | blames)
        good = active & ~bad & (u[3] < good_review_chance(r, sat))
        refs = active & (u[4] < referral_chance(r, t.referrals_per_year, sat, t.satisfaction,
                                                vip))
        return rows(blames), rows(bad), rows(good), rows(refs)
    # the bounds: a written scope multiplies the chance of blame (a rule above 1 would raise
    # it), a review's chance is at most its rate
    blame_most = t.blame if r.scope_blame <= 1.0 else t.blame * r.scope_blame
    bad_rate, good_rate = r.bad_review_rate, r.good_review_rate
    refer_most = t.referrals_per_year * referral_most(r)
    drawn = active & ((u[1] < blame_most) | (u[2] < bad_rate) | (u[3] < good_rate)
                      | (u[4] < refer_most))
    blame: list[int] = []
    bad_rows: list[int] = []
    good_rows: list[int] = []
    refs_rows: list[int] = []
    for i in rows(drawn):
        u_blame, u_bad, u_good, u_refer = u[1:5, i].tolist()
        s = float(sat[i])
        blames_i = (u_blame < blame_most[i] and billable[i] > 0
                    and u_blame < blame_chance(r, float(t.blame[i]), bool(scope[i])))
        if blames_i:
            blame.append(i)
        if blames_i or (u_bad < bad_rate and u_bad < bad_review_chance(r, s)):
            bad_rows.append(i)
        elif u_good < good_rate and u_good < good_review_chance(r, s):
            good_rows.append(i)
        if u_refer < refer_most[i] and u_refer < referral_chance(
                r, float(t.referrals_per_year[i]), s, float(t.satisfaction[i]), bool(vip[i])):
            refs_rows.append(i)
    return blame, bad_rows, good_rows, refs_rows


def leaving_on_terms(st: GameState, wk: Week, t: TraitRows, u: np.ndarray,
                     tight: np.ndarray, tightened: list[int]) -> np.ndarray:
    """Which of the clients who just got tighter terms (the mask ``tight``, its rows
    ``tightened``) leave over them, from their draws ``u``."""
    c, r = st.clients, st.params.rules
    refused = wk.prepay_refused
    if len(tightened) > FEW_TIGHTENED:
        return tight & (u < terms_leave_chance(r, t.terms_leave, c.price_factor[: wk.n],
                                               refused))
    leave = np.zeros(wk.n, dtype=bool)
    for i in tightened:
        leave[i] = u[i] < terms_leave_chance(
            r, float(t.terms_leave[i]), float(c.price_factor[i]),
            None if refused is None else bool(refused[i]))
    return leave


def quitting(st: GameState, act: np.ndarray, morale: Any,
             who: list[int] | None = None) -> list[int]:
    """The active staff who quit this week at their new ``morale``. Few draws are under the
    highest chance anyone can have (the share below the threshold at 1): only theirs are
    compared with the person's chance. (One by one: ``who``, the active rows, and
    ``morale`` as a list.)"""
    r = st.params.rules
    ns = len(act)
    u = st.rng["staff"].random(row_block(ns))[:ns]
    most = (r.quit_base_year + r.quit_low_morale_year) * (1 / 52.0)
    if who is not None:
        draws = u.tolist()
        return [i for i in who if draws[i] < most and draws[i] < quit_chance(r, morale[i])]
    return [i for i in rows(act & (u < most)) if u[i] < quit_chance(r, float(morale[i]))]


def rows(mask: np.ndarray) -> list[int]:
    """The rows where ``mask`` is true, in order."""
    return mask.nonzero()[0].tolist()


def voices(voice: np.ndarray, who: list[int]) -> float:
    """The voices of ``who`` added up, as ``voice @ mask`` of their mask gives them: one or
    two voices add to the same bits in any order (the other rows add +0.0); more are left
    to numpy, whose order of summation they would depend on."""
    if len(who) <= 2:
        return add_up((float(voice[i]) for i in who), 0.0)
    mask = np.zeros(len(voice), dtype=bool)
    mask[who] = True
    return float(voice.dot(mask))
