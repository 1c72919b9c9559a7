"""The observation as numbers a learner can use: per-client signals, per-lead signals and the
firm's own, each scaled into -1..1, padded to a fixed number of slots.

Numpy only (no Gymnasium): the environment wraps these arrays in its spaces. Every feature is
something the player sees in the game (the ledger, the lead's first-contact signals, the
terms); the hidden trait is never among them.
"""

from __future__ import annotations

import numpy as np

from sim.engine import STATUS_NAMES, Observation

ACTIVE = STATUS_NAMES.index("active")

#: one row per client slot (an empty slot is all zeros)
CLIENT_FEATURES = (
    "present",            # 1 when a client is in the slot
    "tenure",             # weeks with the firm / 26, at most 1
    "profit_per_week",    # tanh(profit a week / 10 hours at list price)
    "revenue_per_week",   # tanh(revenue a week / 10 hours at list price)
    "billable_per_week",  # tanh(billable hours a week / 10)
    "unbilled_per_week",  # tanh(unbilled hours a week / 5)
    "late_share",         # late invoices / invoices
    "unpaid_share",       # unpaid invoices / invoices
    "discount_rate",      # tanh(4 x discount demands a week)
    "complaint_rate",     # tanh(4 x complaints a week)
    "incident_rate",      # tanh(4 x incidents with staff a week)
    "referrals",          # tanh(referrals / 2)
    "mood",               # the 1-5 mood cue as -1..1
    "polite",             # first-contact signals: polite,
    "asks_discount",      # asked for a discount,
    "agrees_prepay",      # would prepay
    "referred",           # came by a client's referral
    "returning",          # came back after leaving
    "price_factor",       # his price factor - 1, within -1..1
    "prepay", "scope", "contact", "vip", "grant_discounts",  # his terms
    "pricing_out",        # being priced out
    "waiting",            # tanh(weeks his oldest request has waited / 2)
    "requests_last_week",  # tanh(requests last week / 2)
)

#: one row per lead slot (this week's leads, to accept or decline)
LEAD_FEATURES = ("present", "polite", "asks_discount", "agrees_prepay", "referred",
                 "returning")

#: the firm
FIRM_FEATURES = (
    "week",         # (week - 1) / weeks: 0 in the first week
    "cash",         # tanh(cash / 400 hours at list price)
    "profit_last_week",  # tanh(last week's profit / 40 hours at list price)
    "reputation",   # 0..100 as 0..1
    "morale",       # the active staff's average morale, 0..100 as 0..1
    "load",         # tanh(hours of open requests / the team's capacity this week)
    "clients",      # active clients / client slots, at most 1
    "overflow",     # 1 when more clients are active than there are slots
    "leads",        # leads this week / lead slots, at most 1
)


def client_rows(obs: Observation, ids: np.ndarray) -> np.ndarray:
    """The :data:`CLIENT_FEATURES` of clients ``ids`` (one row each, float32)."""
    c = obs.clients
    out = np.zeros((len(ids), len(CLIENT_FEATURES)), dtype=np.float32)
    if not len(ids):
        return out
    weeks = np.maximum(1, obs.week - np.maximum(c.joined[ids], 0)).astype(np.float64)
    hour_money = 10.0 * max(obs.price_per_hour, 1)
    invoices = np.maximum(1, c.invoices[ids])
    cols = (
        np.ones(len(ids)),
        np.minimum(1.0, weeks / 26.0),
        np.tanh(c.profit[ids] / weeks / hour_money),
        np.tanh(c.revenue[ids] / weeks / hour_money),
        np.tanh(c.billable_hours[ids] / weeks / 10.0),
        np.tanh(c.unbilled_hours[ids] / weeks / 5.0),
        c.late_invoices[ids] / invoices,
        np.minimum(1.0, c.unpaid_invoices[ids] / invoices),
        np.tanh(4.0 * c.discount_demands[ids] / weeks),
        np.tanh(4.0 * c.complaints[ids] / weeks),
        np.tanh(4.0 * c.incidents[ids] / weeks),
        np.tanh(c.referrals[ids] / 2.0),
        (c.mood[ids].astype(np.float64) - 3.0) / 2.0,
        c.sig_polite[ids], c.sig_discount[ids], c.sig_prepay[ids],
        c.referred_by[ids] >= 0, c.returning_of[ids] >= 0,
        np.clip(c.price_factor[ids] - 1.0, -1.0, 1.0),
        c.prepay[ids], c.scope[ids], c.contact[ids], c.vip[ids], c.grant_discounts[ids],
        c.pricing_out[ids],
        np.tanh(c.wait_weeks[ids] / 2.0),
        np.tanh(c.week_requests[ids] / 2.0),
    )
    for k, col in enumerate(cols):
        out[:, k] = col
    return out


def lead_rows(obs: Observation, ids: np.ndarray) -> np.ndarray:
    """The :data:`LEAD_FEATURES` of leads ``ids`` (one row each, float32)."""
    c = obs.clients
    out = np.zeros((len(ids), len(LEAD_FEATURES)), dtype=np.float32)
    if len(ids):
        for k, col in enumerate((np.ones(len(ids)), c.sig_polite[ids], c.sig_discount[ids],
                                 c.sig_prepay[ids], c.referred_by[ids] >= 0,
                                 c.returning_of[ids] >= 0)):
            out[:, k] = col
    return out


def firm_row(obs: Observation, client_slots: int, lead_slots: int) -> np.ndarray:
    """The :data:`FIRM_FEATURES` (float32)."""
    hour_money = max(obs.price_per_hour, 1)
    staff = obs.active_staff()
    morale = float(obs.staff.morale[staff].mean()) if len(staff) else 0.0
    profit = obs.weekly.get("profit") or [0]
    open_hours = float(obs.requests.hours_left.sum())
    load = open_hours / obs.capacity_hours if obs.capacity_hours > 0 else 1.0
    active = len(obs.active_clients())
    return np.array([
        (obs.week - 1) / max(obs.weeks, 1),
        np.tanh(obs.cash / (400.0 * hour_money)),
        np.tanh(profit[-1] / (40.0 * hour_money)),
        obs.reputation / 100.0,
        morale / 100.0,
        np.tanh(load),
        min(1.0, active / client_slots),
        float(active > client_slots),
        min(1.0, len(obs.leads()) / lead_slots),
    ], dtype=np.float32)


def padded(rows: np.ndarray, slot_of: np.ndarray, slots: int) -> np.ndarray:
    """``rows`` placed at their slots (``slot_of``) in a zero block of ``slots`` rows."""
    out = np.zeros((slots, rows.shape[1]), dtype=np.float32)
    out[slot_of] = rows
    return out
