"""The meters band of the week screen: cash, profit, morale, reputation with sparklines.

Each meter shows its value, the change since last week as a signed number with an arrow
(never colour alone) and a sparkline drawn with ``pygame.draw`` from ``obs.weekly``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from sim.engine import Observation

from ..text import fixed, money, t
from ..theme import Painter
from ..widgets import sparkline

METERS = ("cash", "profit", "morale", "reputation")


@dataclass(frozen=True)
class MeterView:
    """What one meter shows (computed from the observation, once per week or language)."""

    name: str
    label: str
    value: str
    delta: str
    trend: int  # -1, 0, +1
    series: tuple[float, ...]
    about: str


def _avg_morale(obs: Observation) -> float:
    act = obs.active_staff()
    return float(obs.staff.morale[act].mean()) if len(act) else 0.0


def meter_views(obs: Observation, lang: str) -> list[MeterView]:
    """The four meters of this week."""
    w = obs.weekly
    cur = obs.currency
    out = []
    for name in METERS:
        series = tuple(float(x) for x in w.get(name, []))
        if name == "cash":
            now = float(obs.cash)
            value = money(now, cur, lang)
        elif name == "profit":
            now = series[-1] if series else 0.0
            value = money(now, cur, lang) + " " + t("ui.meter.per_week", lang)
        elif name == "morale":
            now = _avg_morale(obs)
            value = f"{now:.0f}/100"
        else:
            now = obs.reputation
            value = f"{now:.0f}/100 · {fixed(obs.stars, lang, 1)}★"
        # the series' last entry is the end of last week (what the meter shows now, but for
        # opening events), so the change is against the week before
        prev = series[-2] if len(series) >= 2 else None
        if prev is None:
            delta, trend = "", 0
        else:
            d = now - prev
            trend = (d > 1e-9) - (d < -1e-9)
            arrow = {1: "▲", -1: "▼", 0: "■"}[trend]
            if name in ("cash", "profit"):
                amount = money(abs(d), cur, lang)
            else:
                amount = fixed(abs(d), lang, 1)
            delta = f"{arrow} {'+' if trend >= 0 else '−'}{amount}"
        out.append(MeterView(name, t(f"ui.meter.{name}", lang), value, delta, trend, series,
                             t(f"meter.{name}.about", lang)))
    return out


def meter_rects(area: pygame.Rect) -> list[pygame.Rect]:
    """Four equal boxes across ``area``."""
    gap = 8
    w = (area.width - gap * 3) // 4
    return [pygame.Rect(area.x + k * (w + gap), area.y, w, area.height) for k in range(4)]


def draw_meters(surf: pygame.Surface, p: Painter, views: list[MeterView],
                rects: list[pygame.Rect]) -> None:
    """Draw the band (pure)."""
    th = p.theme
    for v, r in zip(views, rects, strict=True):
        pygame.draw.rect(surf, th.c("panel_bg"), r, border_radius=4)
        pygame.draw.rect(surf, th.c("panel_border"), r, 1, border_radius=4)
        p.text(surf, v.label + " ℹ", (r.x + 8, r.y + 4), role="small", colour="dim_text",
               width=r.width - 16)
        p.text(surf, v.value, (r.x + 8, r.y + 22), bold=True, width=r.width // 2 + 30)
        colour = {1: "good", -1: "bad", 0: "dim_text"}[v.trend]
        if v.name == "cash" and v.trend == 0:
            colour = "dim_text"
        p.text(surf, v.delta, (r.x + 8, r.y + 44), role="small", colour=colour,
               width=r.width // 2)
        spark = pygame.Rect(r.x + r.width // 2 + 10, r.y + 24, r.width // 2 - 20,
                            r.height - 32)
        if len(v.series) >= 2:
            sparkline(surf, spark, v.series[-26:], th.c("spark"), th.c("panel_border"))
