"""The firing audit: every client let go (and every one who should have been) judged.

Verdicts, worst first:

- ``wrong_target``: a client of kind ``keep`` (core, loyal) let go (L5, L7);
- ``wrong_manner``: let go bluntly and the letter was forwarded: reputation lost (L3);
- ``too_late``: let go, but a rule of thumb saw him long before: from the week his ledger
  profit turned negative and stayed negative (after :data:`MIN_WEEKS` with the firm), more
  than :data:`GRACE` weeks passed; the money he lost in those weeks is the cost (L1, L6);
- ``right``: none of the above;
- ``kept_should_go``: a client of kind ``let_go`` (time eaters, dead weight, know-betters)
  still active at the end, with the money he lost since a rule of thumb could have seen it.

The kinds are the traits' own (:class:`~sim.engine.TraitKind`, a scenario may set them); a
client of kind ``mend`` is judged by his ledger only.

Also: whose abuse burned out which staff member (``state.abuse``), and hagglers put on new
terms against hagglers let go (L4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import ACTIVE, BLUNT, STAFF_GONE, STATUS_NAMES, TraitKind
from .replay import Replay

MIN_WEEKS = 4                     # weeks of history before a rule of thumb judges a client
GRACE = 3                         # weeks a careful manager may take to act on it

RIGHT, TOO_LATE, WRONG_TARGET, WRONG_MANNER, KEPT = (
    "right", "too_late", "wrong_target", "wrong_manner", "kept_should_go")
VERDICTS = (WRONG_TARGET, WRONG_MANNER, TOO_LATE, KEPT, RIGHT)


@dataclass(frozen=True)
class Judgement:
    """One client in the audit.

    ``week`` is when he was let go (None when kept); ``signal_week`` the week a rule of
    thumb could have seen him (None: it never could); ``late_weeks`` and ``late_cost``
    (currency units, positive = lost) what waiting cost; ``reputation`` what a forwarded
    blunt letter cost; ``flags`` every verdict that applies, ``verdict`` the worst.
    """

    client: int
    name: str
    trait: str
    manner: str | None
    week: int | None
    status: str
    verdict: str
    flags: tuple[str, ...] = ()
    signal_week: int | None = None
    late_weeks: int = 0
    late_cost: float = 0.0
    reputation: float = 0.0


@dataclass(frozen=True)
class Abuse:
    """Incidents one client caused one staff member."""

    staff: str
    client: str
    trait: str
    incidents: int


@dataclass(frozen=True)
class Burnout:
    """A staff member who took abuse: incidents, morale at the end, the week he quit (None:
    stayed), and the clients who caused it, worst first."""

    staff: str
    incidents: int
    morale: float
    quit_week: int | None
    abusers: list[Abuse]


@dataclass(frozen=True)
class HagglerOutcome:
    """A haggler: ``how`` is ``terms`` (new terms and kept), ``fired``, ``terms_then_fired``,
    ``terms_then_left``, ``left`` (left on his own) or ``untouched``; ``profit`` is his
    ledger profit at the end, ``profit_after_terms`` since his terms changed (None without
    new terms)."""

    client: int
    name: str
    how: str
    week: int | None
    profit: float
    profit_after_terms: float | None


@dataclass
class Audit:
    """The whole audit."""

    judged: list[Judgement] = field(default_factory=list)
    burnout: list[Burnout] = field(default_factory=list)
    hagglers: list[HagglerOutcome] = field(default_factory=list)

    def of(self, client: int) -> Judgement | None:
        """The judgement of one client (None: neither let go nor kept by mistake)."""
        return next((j for j in self.judged if j.client == client), None)

    def count(self, verdict: str) -> int:
        return sum(j.verdict == verdict for j in self.judged)


def signal_week(rep: Replay, client: int, until: int) -> int | None:
    """The first week from which the client's ledger showed a loss every week up to
    ``until`` (inclusive), once he had :data:`MIN_WEEKS` of history; None if never."""
    joined = max(0, int(rep.state.clients.joined[client]))
    ledger = rep.ledger_of(client)
    until = min(until, len(ledger))
    w = until
    while w >= 1 and ledger[w - 1] < 0:
        w -= 1
    first = max(w + 1, joined + MIN_WEEKS)
    return first if first <= until else None


def _loss(rep: Replay, client: int, start: int, end: int) -> float:
    """Ledger profit lost from the end of week ``start`` to the end of week ``end``."""
    ledger = rep.ledger_of(client)
    if end <= start or end > len(ledger):
        return 0.0
    return round(ledger[start - 1] - ledger[end - 1], 2)


def _forwarded(rep: Replay, week: int, client: int) -> float:
    for note in rep.reports[week - 1].notes:
        if note.key == "let_go_blunt_forwarded" and note.client == client:
            return float(note.params.get("reputation", 0.0))
    return 0.0


def audit(rep: Replay) -> Audit:
    """Judge every parting and every client who should have gone."""
    st = rep.state
    c = st.clients
    names, kinds = st.traits.names, st.traits.kinds
    out = Audit()
    let_go: dict[int, tuple[int, str]] = {}
    for week, d in enumerate(rep.decisions, start=1):
        for i, manner in d.let_go.items():
            let_go.setdefault(i, (week, manner))
    for i, (week, manner) in sorted(let_go.items(), key=lambda kv: (kv[1][0], kv[0])):
        trait, keep = names[int(c.trait[i])], kinds[int(c.trait[i])] == TraitKind.KEEP
        flags = []
        if keep:
            flags.append(WRONG_TARGET)
        rep_cost = _forwarded(rep, week, i) if manner == BLUNT else 0.0
        if rep_cost > 0:
            flags.append(WRONG_MANNER)
        sig = signal_week(rep, i, week - 1)
        late = week - sig if sig is not None else 0
        cost = _loss(rep, i, sig, week - 1) if sig is not None else 0.0
        if not keep and late > GRACE and cost > 0:
            flags.append(TOO_LATE)
        verdict = next((v for v in VERDICTS if v in flags), RIGHT)
        out.judged.append(Judgement(
            client=i, name=st.client_names[i], trait=trait, manner=manner, week=week,
            status=STATUS_NAMES[int(c.status[i])], verdict=verdict, flags=tuple(flags),
            signal_week=sig, late_weeks=late if TOO_LATE in flags else 0,
            late_cost=cost if TOO_LATE in flags else 0.0, reputation=round(rep_cost, 1)))
    end = rep.weeks
    for i in (c.status[: c.n] == ACTIVE).nonzero()[0].tolist():
        trait = names[int(c.trait[i])]
        if kinds[int(c.trait[i])] != TraitKind.LET_GO or i in let_go:
            continue
        sig = signal_week(rep, i, end)
        out.judged.append(Judgement(
            client=i, name=st.client_names[i], trait=trait, manner=None, week=None,
            status=STATUS_NAMES[ACTIVE], verdict=KEPT, flags=(KEPT,), signal_week=sig,
            late_weeks=end - sig + 1 if sig is not None else 0,
            late_cost=_loss(rep, i, sig, end) if sig is not None else 0.0))
    out.burnout = _burnout(rep)
    out.hagglers = _hagglers(rep, let_go)
    return out


def _burnout(rep: Replay) -> list[Burnout]:
    st = rep.state
    s = st.staff
    names = st.traits.names
    by_staff: dict[int, list[Abuse]] = {}
    for (staff, client), k in st.abuse.items():
        if k <= 0:
            continue
        by_staff.setdefault(staff, []).append(Abuse(
            st.staff_names[staff], st.client_names[client],
            names[int(st.clients.trait[client])], int(k)))
    out = []
    for staff, abusers in by_staff.items():
        abusers.sort(key=lambda a: (-a.incidents, a.client))
        quit_week = None
        if int(s.status[staff]) == STAFF_GONE:
            quit_week = int(s.left[staff])
        out.append(Burnout(st.staff_names[staff], sum(a.incidents for a in abusers),
                           round(float(s.morale[staff]), 1), quit_week, abusers))
    out.sort(key=lambda b: (-b.incidents, b.staff))
    return out


def _tightened(t) -> bool:
    return t.prepay or t.scope or t.price_factor > 1.0 + 1e-9 or not t.grant_discounts


def _hagglers(rep: Replay, let_go: dict[int, tuple[int, str]]) -> list[HagglerOutcome]:
    st = rep.state
    c = st.clients
    if "haggler" not in st.traits.index:
        return []
    h = st.traits.index["haggler"]
    terms_week: dict[int, int] = {}
    for week, d in enumerate(rep.decisions, start=1):
        for i, t in d.terms.items():
            if int(c.trait[i]) == h and i not in terms_week and _tightened(t):
                terms_week[i] = week
    out = []
    profit = rep.ledger[-1] if rep.ledger else []
    for i in range(c.n):
        status = STATUS_NAMES[int(c.status[i])]
        if int(c.trait[i]) != h or status in ("lead", "declined"):
            continue
        tw = terms_week.get(i)
        if i in let_go:
            how, week = ("terms_then_fired" if tw else "fired"), let_go[i][0]
        elif tw:
            how, week = ("terms_then_left" if status == "churned" else "terms"), tw
        elif status == "churned":
            how, week = "left", int(c.left[i])
        else:
            how, week = "untouched", None
        end = float(profit[i]) if i < len(profit) else 0.0
        after = None
        if tw:
            after = round(end - (rep.ledger_of(i)[tw - 2] if tw >= 2 else 0.0), 2)
        out.append(HagglerOutcome(i, st.client_names[i], how, week, round(end, 2), after))
    return out
