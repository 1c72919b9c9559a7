"""The client's price against his willingness to pay: what a price above the market does.

Each client's willingness to pay is drawn once around the scenario's market rate per hour
(``budget`` is a multiple of that rate, not of the firm's list price). His price is the list
price times his price factor. Above his willingness he buys fewer hours (a constant price
elasticity, ``rules.price_elasticity``); past ``rules.price_leave_margin`` above it he looks
for another firm (``rules.price_leave_week`` a week). Core and loyal clients too: a raise is a
tool for one client, not a free lever for all.
"""

from __future__ import annotations

import numpy as np

from .params import Rules


def price_ratio(list_price: float, market_rate: float, price_factor: np.ndarray,
                budget: np.ndarray) -> np.ndarray:
    """Each client's price as a multiple of what he is willing to pay (1 = exactly that)."""
    return (list_price * price_factor) / np.maximum(1e-9, market_rate * budget)


def willing_factor(list_price: float, market_rate: float, budget: float) -> float:
    """The price factor at which a client's price equals what he is willing to pay (the
    ratio of :func:`price_ratio` is 1 there)."""
    return market_rate * budget / max(1e-9, list_price)


def demand_factor(ratio: np.ndarray, rules: Rules) -> np.ndarray:
    """The share of his usual work a client still buys at this price ratio: all of it up to
    his willingness to pay, ``ratio ** -elasticity`` above it."""
    return np.minimum(1.0, np.maximum(ratio, 1e-9) ** -rules.price_elasticity)


def over_margin(ratio: np.ndarray, rules: Rules) -> np.ndarray:
    """Whether the price is so far above his willingness that he looks for another firm."""
    return ratio > 1.0 + rules.price_leave_margin


def client_nature(trait_satisfaction: np.ndarray, vip: np.ndarray, rules: Rules) -> np.ndarray:
    """The satisfaction a client's nature moves him toward: his trait's, more as a VIP (for a
    column of clients or for one)."""
    return trait_satisfaction + vip * rules.vip_satisfaction


def price_target(nature: np.ndarray, price_factor: np.ndarray, ratio: np.ndarray,
                 rules: Rules) -> np.ndarray:
    """The satisfaction his price leaves him: his ``nature`` less what a price factor above 1
    and a price above his willingness to pay (``ratio`` of :func:`price_ratio`) take from it
    (for a column of clients or for one)."""
    return (nature - rules.price_factor_satisfaction * np.maximum(0.0, price_factor - 1.0)
            - np.maximum(0.0, ratio - 1.0))
