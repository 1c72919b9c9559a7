"""The debrief as Markdown (``debrief.md``), in the run's language.

Sections, in the order a trainee reads them: the result against the bots, the teachable
moments, the firing audit (with burnout and hagglers), traits revealed, hours per type, the
charts (when they were drawn) and the scenario's own lessons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..engine import TraitKind
from ..i18n import money, status_label, tr, trait_label
from ..i18n.formats import number
from ..runs.verify import clean_text, player_label
from . import Debrief
from .audit import KEPT, RIGHT, TOO_LATE, WRONG_MANNER, WRONG_TARGET
from .bots import SCORES
from .luck import REFERENCE_SEEDS, LuckBand, luck_band
from .moments import Moment


def _cell(x: Any) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def table(head: Sequence[str], rows: Sequence[Sequence[Any]],
          right: Sequence[int] = ()) -> str:
    """A Markdown table; columns in ``right`` are aligned right."""
    align = ["---:" if k in right else "---" for k in range(len(head))]
    lines = ["| " + " | ".join(_cell(h) for h in head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)


class Words:
    """Formatting helpers bound to a language and a currency."""

    def __init__(self, lang: str, currency: str) -> None:
        self.lang, self.currency = lang, currency

    def t(self, key: str, /, **params: Any) -> str:
        return tr(key, self.lang, **params)

    def money(self, units: float) -> str:
        return money(int(round(units * 100)), self.currency, self.lang)

    def num(self, x: float, decimals: int = 2) -> str:
        return number(x, self.lang, decimals)

    def signed(self, x: float, decimals: int = 2) -> str:
        return ("+" if x > 0 else "") + self.num(round(x, decimals), decimals)

    def trait(self, name: str) -> str:
        return trait_label(name, self.lang)


def markdown(db: Debrief, charts: Sequence[str] = (), lang: str | None = None,
             luck: LuckBand | None = None) -> str:
    """The whole report. ``charts`` are PNG file names to link (beside ``debrief.md``);
    ``luck`` (:func:`luck_of`) adds how hard the seed was beside the gap to the bots."""
    w = Words(lang or db.lang, db.currency)
    h = db.header
    scenario = clean_text(h.get("scenario", getattr(db.scenario, "id", "?")), 64)
    if isinstance(h.get("player"), str):
        player = player_label(h)
    elif isinstance(h.get("policy"), str):
        player = w.t("debrief.bot_label", name=clean_text(h["policy"]))
    else:
        player = w.t("debrief.player")
    parts = [f"# {w.t('debrief.title', scenario=scenario, player=player, seed=db.replay.seed)}",
             _summary(db, w)]
    if db.bots is not None:
        parts += [f"## {w.t('debrief.bots.title')}", w.t("debrief.bots.intro"), _bots(db, w)]
    if luck is not None:
        parts += [f"## {w.t('ui.luck.title')}", _luck(luck, db.scores["score"], w)]
    parts += [f"## {w.t('debrief.moments.title')}", w.t("debrief.moments.intro"),
              _moments(db.moments, w)]
    parts += [f"## {w.t('debrief.audit.title')}", w.t("debrief.audit.intro"), _audit(db, w),
              f"### {w.t('debrief.burnout.title')}", _burnout(db, w),
              f"### {w.t('debrief.hagglers.title')}", _hagglers(db, w)]
    parts += [f"## {w.t('debrief.traits.title')}", *_traits(db, w)]
    parts += [f"## {w.t('debrief.hours.title')}", _hours(db, w)]
    if charts:
        parts += [f"## {w.t('debrief.charts.title')}"]
        parts += [f"![{name}]({name})" for name in charts]
    lessons = db.lessons(w.lang)
    if lessons:
        parts += [f"## {w.t('debrief.lessons.title')}", "\n".join(f"- {x}" for x in lessons)]
    return "\n\n".join(p for p in parts if p) + "\n"


def _summary(db: Debrief, w: Words) -> str:
    score = w.num(db.scores["score"])
    if db.end == "finished":
        return w.t("debrief.summary.finished", weeks=db.replay.weeks, score=score)
    if db.end == "bankrupt":
        return w.t("debrief.summary.bankrupt", week=db.replay.weeks, score=score)
    return w.t("debrief.summary.unfinished", weeks=db.replay.weeks, score=score)


def fmt_score(w: Words, key: str, x: float, signed: bool = False) -> str:
    if key in ("score", "morale", "reputation"):
        return w.signed(x, 1) if signed else w.num(round(x, 1), 1)
    text = w.money(x)
    return ("+" + text) if signed and x > 0 else text


def _bots(db: Debrief, w: Words) -> str:
    bots = db.bots
    assert bots is not None
    head = [w.t("debrief.bots.measure"), w.t("debrief.bots.you"),
            *(w.t(f"debrief.bot.{r.who}") for r in bots.rows[1:]), w.t("debrief.bots.gap")]
    rows = []
    for key in SCORES:
        gap = bots.gap("player", key)
        rows.append([w.t(f"score.{key}"), *(fmt_score(w, key, r.scores[key]) for r in bots.rows),
                     "" if gap is None else fmt_score(w, key, gap, signed=True)])
    rows.append([w.t("debrief.bots.end"),
                 *(w.t(f"debrief.end.{r.end}") if r.end in ("finished", "bankrupt", "unfinished")
                   else r.end
                   for r in bots.rows), ""])
    return table(head, rows, right=range(1, len(head)))


def _moments(moments: Sequence[Moment], w: Words) -> str:
    if not moments:
        return w.t("debrief.moments.none")
    out = []
    for k, m in enumerate(moments, start=1):
        what, result, text, moral = moment_sentences(m, w)
        out.append(f"{k}. **{what}** {result} {text}  \n   *{moral}*")
    return "\n".join(out)


def moment_sentences(m: Moment, w: Words) -> tuple[str, str, str, str]:
    """``(what, result, why, lesson)``: the sentences of one teachable moment, the same in
    the report and on the debrief screen."""
    d = m.comparison.delta
    effect, profit = -d["score"], -d["long_term_profit"]
    key = "debrief.moment.gained" if effect > 0 else "debrief.moment.lost"
    result = w.t(key, points=w.num(round(abs(effect), 1), 1),
                 profit=("+" if profit > 0 else "") + w.money(profit))
    why, lesson = moment_lesson(m, effect > 0)
    return (moment_what(m, w), result,
            w.t(f"debrief.why.{why}", client=m.name, trait=w.trait(m.trait)),
            w.t("debrief.moment.lesson", key=lesson, text=w.t(f"debrief.lesson.{lesson}")))


def moment_what(m: Moment, w: Words) -> str:
    trait = w.trait(m.trait)
    if m.kind == "let_go":
        return w.t("debrief.moment.let_go", week=m.week, client=m.name, trait=trait,
                   manner=w.t(f"debrief.manner.{m.detail}"))
    if m.kind == "terms":
        return w.t("debrief.moment.terms", week=m.week, client=m.name, trait=trait,
                   terms=_terms_words(m.detail, w))
    if m.kind == "lead":
        return w.t("debrief.moment.lead", week=m.week, client=m.name, trait=trait)
    return w.t("debrief.moment.requests", week=m.week, client=m.name, trait=trait,
               count=int(m.detail))


def _terms_words(detail: str, w: Words) -> str:
    words = []
    for part in detail.split(","):
        if part.startswith("price_x"):
            words.append(f"{w.t('terms.price_factor')} ×{w.num(float(part[7:]))}")
        elif part == "no_discounts":
            words.append(f"{w.t('terms.grant_discounts')}: −")
        elif part in ("prepay", "scope", "contact", "vip"):
            words.append(w.t(f"terms.{part}"))
    return ", ".join(words) or "—"


def moment_lesson(m: Moment, gained: bool) -> tuple[str, str]:
    """``(why key, lesson key)`` tying a teachable moment to one of the lessons L1-L8.

    When the result goes against what the client's type usually brings (a time eater whose
    parting did not pay), the sentence says so instead of claiming the usual story; what his
    type usually brings is its kind (a ``keep`` client is good, a ``let_go`` one bad, a
    ``mend`` one either).
    """
    t = m.trait
    good, bad = m.trait_kind == TraitKind.KEEP, m.trait_kind == TraitKind.LET_GO
    if m.kind == "let_go":
        if good:
            return ("let_go_good", "L5" if t == "loyal" else "L7") if not gained \
                else ("against_type", "L7")
        if t == "haggler":
            return ("let_go_haggler_gain", "L4") if gained else ("let_go_haggler_loss", "L4")
        if gained:
            return "let_go_bad_gain", "L1"
        return "let_go_bad_loss", ("L3" if m.detail == "blunt" else "L2")
    if m.kind == "terms":
        if gained:
            return "terms_gain", "L5" if t == "loyal" else "L4"
        return "terms_loss", "L4"
    if m.kind == "lead":
        if gained:
            return ("lead_bad", "L8") if not good else ("against_type", "L8")
        return ("lead_good", "L8") if not bad else ("against_type", "L8")
    if gained:
        return ("requests_bad", "L1") if not good else ("against_type", "L1")
    return ("requests_good", "L5") if not bad else ("against_type", "L1")


def audit_notes(j: Any, w: Words) -> list[str]:
    """What a verdict of the firing audit cost, in words (the report and the game's
    debrief screen show the same sentences)."""
    notes = []
    if j.reputation > 0:
        notes.append(w.t("debrief.audit.reputation", points=w.num(j.reputation, 1)))
    if TOO_LATE in j.flags:
        notes.append(w.t("debrief.audit.late", weeks=j.late_weeks, week=j.signal_week,
                         cost=w.money(j.late_cost)))
    if KEPT in j.flags and j.signal_week is not None:
        notes.append(w.t("debrief.audit.losing", week=j.signal_week,
                         cost=w.money(j.late_cost)))
    return notes


def _audit(db: Debrief, w: Words) -> str:
    a = db.audit
    if not a.judged:
        return w.t("debrief.audit.none")
    rows = []
    for j in a.judged:
        notes = audit_notes(j, w)
        verdicts = ", ".join(w.t(f"debrief.verdict.{v}") for v in (j.flags or (RIGHT,)))
        rows.append([j.name, w.trait(j.trait),
                     w.t("debrief.audit.kept") if j.week is None else j.week,
                     w.t(f"debrief.manner.{j.manner}") if j.manner else "—",
                     f"**{verdicts}**" if j.verdict != RIGHT else verdicts,
                     "; ".join(notes) or "—"])
    head = [w.t(f"debrief.audit.col.{k}") for k in ("client", "type", "week", "manner",
                                                     "verdict", "note")]
    counts = w.t("debrief.audit.counts", right=a.count(RIGHT), too_late=a.count(TOO_LATE),
                 wrong_target=a.count(WRONG_TARGET), wrong_manner=a.count(WRONG_MANNER),
                 kept=a.count(KEPT))
    return counts + "\n\n" + table(head, rows, right=(2,))


def _burnout(db: Debrief, w: Words) -> str:
    if not db.audit.burnout:
        return w.t("debrief.burnout.none")
    rows = []
    for b in db.audit.burnout:
        who = ", ".join(w.t("debrief.burnout.abuser", client=a.client, trait=w.trait(a.trait),
                            count=a.incidents) for a in b.abusers[:3])
        rows.append([b.staff, b.incidents, w.num(b.morale, 1),
                     w.t("debrief.burnout.stayed") if b.quit_week is None
                     else w.t("debrief.burnout.quit", week=b.quit_week), who])
    head = [w.t(f"debrief.burnout.col.{k}") for k in ("staff", "incidents", "morale", "quit",
                                                       "clients")]
    return table(head, rows, right=(1, 2))


def _hagglers(db: Debrief, w: Words) -> str:
    hs = db.audit.hagglers
    if not hs:
        return w.t("debrief.hagglers.none")
    count = {k: sum(h.how == k for h in hs) for k in ("terms", "fired", "terms_then_fired",
                                                      "terms_then_left", "left", "untouched")}
    summary = w.t("debrief.hagglers.summary",
                  terms=count["terms"] + count["terms_then_fired"] + count["terms_then_left"],
                  fired=count["fired"] + count["terms_then_fired"],
                  left=count["left"] + count["terms_then_left"],
                  untouched=count["untouched"])
    rows = [[h.name, w.t(f"debrief.haggler.{h.how}"), "—" if h.week is None else h.week,
             w.money(h.profit),
             "—" if h.profit_after_terms is None else w.money(h.profit_after_terms)]
            for h in hs]
    head = [w.t(f"debrief.hagglers.col.{k}") for k in ("client", "outcome", "week", "profit",
                                                        "after")]
    return summary + "\n\n" + table(head, rows, right=(2, 3, 4))


def _traits(db: Debrief, w: Words) -> list[str]:
    r = db.reveal
    if r.tagged:
        head_line = w.t("debrief.traits.accuracy", right=r.tagged_right, tagged=r.tagged,
                        share=round(100 * (r.accuracy or 0)))
    else:
        head_line = w.t("debrief.traits.no_tags")
    types = table([w.t(f"debrief.traits.col.{k}") for k in ("type", "clients", "tagged",
                                                             "right", "weeks")],
                  [[w.trait(t.trait), t.clients, t.tagged, t.right,
                    "—" if t.median_weeks is None else w.num(t.median_weeks, 1)]
                   for t in r.types], right=(1, 2, 3, 4))
    clients = sorted(r.clients, key=lambda c: (c.trait, -c.profit))
    rows = []
    for c in clients:
        tag = "—" if c.tag is None else w.trait(c.tag) + (" ✓" if c.tag_right else " ✗")
        rows.append([c.name, w.trait(c.trait), tag, "—" if c.tag_week is None else c.tag_week,
                     "—" if c.spotted_after is None else w.t("count.weeks",
                                                             count=c.spotted_after),
                     w.t("debrief.traits.start") if c.joined <= 0 else c.joined,
                     status_label(c.status, w.lang), w.money(c.profit)])
    head = [w.t(f"debrief.traits.col.{k}") for k in ("client", "true", "tag", "tag_week",
                                                     "spotted", "joined", "status", "profit")]
    return [head_line, types, table(head, rows, right=(3, 4, 5, 7))]


def _hours(db: Debrief, w: Words) -> str:
    totals = {t: sum(v) for t, v in db.replay.hours_by_trait.items() if sum(v) > 0}
    all_hours = sum(totals.values()) or 1.0
    rows = [[w.trait(t), w.num(round(x), 0), f"{w.num(round(100 * x / all_hours, 1), 1)}%"]
            for t, x in sorted(totals.items(), key=lambda kv: -kv[1])]
    head = [w.t(f"debrief.hours.col.{k}") for k in ("type", "hours", "share")]
    return table(head, rows, right=(1, 2))


# --- the luck band: how hard the seed was, beside the player's gap to the bots ---------


def luck_of(db: Debrief, progress: Any = None) -> LuckBand:
    """The luck band of a debriefed game: the bots' scores already played for the bot
    table are reused, so only the reference seeds are played."""
    known = ({r.who: float(r.scores["score"]) for r in db.bots.rows if r.who != "player"}
             if db.bots is not None else None)
    return luck_band(db.replay.params, db.replay.seed, known=known, progress=progress)


def luck_sentences(band: LuckBand, player_score: float, w: Words) -> list[str]:
    """Two sentences: how hard the seed was for the bots (luck), and the player's gap to
    each bot on it (skill). The screens and the report say the same."""
    offset = w.signed(band.offset, 1) if band.verdict == "ordinary" \
        else w.num(round(abs(band.offset), 1), 1)
    hard = w.t(f"ui.luck.{band.verdict}", offset=offset, n=len(REFERENCE_SEEDS))
    gaps = ", ".join(f"{w.t(f'debrief.bot.{b}')} {w.signed(band.gap(player_score, b), 1)}"
                     for b in band.bots)
    return [hard, w.t("ui.luck.gap", gaps=gaps)]


def _luck(band: LuckBand, player_score: float, w: Words) -> str:
    rows = [[w.t(f"debrief.bot.{b}"), w.num(band.on_seed[b], 1), w.num(band.median[b], 1),
             f"{w.num(band.low[b], 1)} … {w.num(band.high[b], 1)}",
             w.signed(band.gap(player_score, b), 1)] for b in band.bots]
    head = [w.t(f"ui.luck.col.{k}") for k in ("bot", "on_seed", "median", "range", "gap")]
    return "\n\n".join(luck_sentences(band, player_score, w)) + "\n\n" + table(
        head, rows, right=(1, 2, 3, 4))
