"""``expect:`` lines checked against measured runs: the scenario's lessons as a test suite.

Everything here is a pure function of per-seed results, so a test can check an expectation
on numbers it makes up, and ``sim balance`` on numbers it measured:

    results = {"always-right": {0: {"score": 50.0, ...}, 1: {...}},
               "rule-based":   {0: {"score": 61.5, ...}, 1: {...}}}
    for outcome in check_expectations(scenario.model.expect, results):
        print(outcome.line())

A policy "beats" another on a seed when its metric is strictly higher on that same seed; a
tie is not a win. Medians are over the seeds each policy was run on.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .models import BeatsCheck, MedianCheck, MedianVsPolicyCheck, NoDominantTrickCheck

Expectation = BeatsCheck | MedianVsPolicyCheck | MedianCheck | NoDominantTrickCheck
#: the policy a blanket must not beat in this share of seeds, and the one it must not beat
#: on the median (``no_dominant_trick``)
JUDGEMENT, REFERENCE_TOP, TRICK_SHARE = "rule-based", "oracle", 0.5
#: what a line's policy is replaced by to see whether the line can fail at all
BASELINE = "random"
#: policy -> seed -> metric -> value (the ``final`` scores of each run)
Results = Mapping[str, Mapping[int, Mapping[str, float]]]


@dataclass(frozen=True)
class Outcome:
    """One expect line checked.

    Attributes:
        index: Its place in the scenario's ``expect`` list (0-based).
        passed: Whether it holds.
        claim: What the line says, in words.
        measured: What was measured, in words.
        note: The line's ``note`` (why it should hold), if any.
    """

    index: int
    passed: bool
    claim: str
    measured: str
    note: str | None = None

    def line(self) -> str:
        """``PASS  claim: measured`` (and the note on a failure)."""
        verdict = "PASS" if self.passed else "FAIL"
        text = f"{verdict}  {self.claim}: {self.measured}"
        if not self.passed and self.note:
            text += f" ({self.note})"
        return text


def policies_needed(expect: Iterable[Expectation] | None) -> list[str]:
    """Every policy the expect lines refer to, in order of first mention."""
    names: list[str] = []
    for e in expect or ():
        if isinstance(e, NoDominantTrickCheck):
            from sim.policies.tricks import trick_names

            needed = [JUDGEMENT, REFERENCE_TOP, *trick_names()]
        else:
            others = [e.beats] if isinstance(e, BeatsCheck) else \
                [e.median_at_least_policy] if isinstance(e, MedianVsPolicyCheck) else []
            needed = [e.policy, *others]
        for name in needed:
            if name not in names:
                names.append(name)
    return names


def values(results: Results, policy: str, metric: str) -> list[float]:
    """The metric of every run of the policy, in seed order."""
    runs = results.get(policy, {})
    return [float(runs[s][metric]) for s in sorted(runs)]


def median(results: Results, policy: str, metric: str) -> float:
    """The policy's median metric (NaN when it has no runs)."""
    xs = values(results, policy, metric)
    return float(statistics.median(xs)) if xs else math.nan


def win_rate(results: Results, policy: str, other: str, metric: str = "score") \
        -> tuple[int, int]:
    """On how many of the seeds both were run on ``policy`` did strictly better than
    ``other``: ``(wins, seeds)``."""
    a, b = results.get(policy, {}), results.get(other, {})
    common = sorted(set(a) & set(b))
    wins = sum(float(a[s][metric]) > float(b[s][metric]) for s in common)
    return wins, len(common)


def _fmt(x: float) -> str:
    return f"{x:,.2f}"


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%" if abs(100 * share - round(100 * share)) < 1e-9 \
        else f"{100 * share:.1f}%"


def dominant_tricks(results: Results, tricks: Sequence[str]) -> list[tuple[str, str]]:
    """The tricks that beat judgement: ``(trick, what it beat)`` for each one that beats
    rule-based on score in half the seeds or more, or the oracle on the median score."""
    out = []
    top = median(results, REFERENCE_TOP, "score")
    for t in tricks:
        if t not in results:
            continue
        wins, n = win_rate(results, t, JUDGEMENT)
        if n and wins / n >= TRICK_SHARE:
            out.append((t, f"beats {JUDGEMENT} in {_percent(wins / n)} of seeds"))
        mid = median(results, t, "score")
        if not math.isnan(top) and mid > top:
            out.append((t, f"median score {_fmt(mid)} > {REFERENCE_TOP} {_fmt(top)}"))
    return out


def _check_tricks(index: int, e: NoDominantTrickCheck, results: Results) -> Outcome:
    from sim.policies.tricks import trick_names

    claim = (f"no blanket trick beats {JUDGEMENT} in {_percent(TRICK_SHARE)} of seeds or "
             f"{REFERENCE_TOP} on the median score")
    tricks = [t for t in trick_names() if t in results]
    if not tricks or JUDGEMENT not in results or REFERENCE_TOP not in results:
        return Outcome(index, False, claim, "the trick suite was not run", e.note)
    bad = dominant_tricks(results, tricks)
    if bad:
        return Outcome(index, False, claim, "; ".join(f"{t} {what}" for t, what in bad), e.note)
    best_share = max((wins / n for wins, n in (win_rate(results, t, JUDGEMENT) for t in tricks)
                      if n), default=0.0)
    best_mid = max(median(results, t, "score") for t in tricks)
    return Outcome(index, True, claim,
                   f"best trick beats {JUDGEMENT} in {_percent(best_share)}, best trick "
                   f"median {_fmt(best_mid)} <= {_fmt(median(results, REFERENCE_TOP, 'score'))}",
                   e.note)


def subject(e: Expectation) -> str:
    """The policy a line is about (for ``no_dominant_trick``: judgement, rule-based)."""
    return JUDGEMENT if isinstance(e, NoDominantTrickCheck) else e.policy


def insensitive(e: Expectation, results: Results) -> bool | None:
    """Whether the line still passes with its policy's runs replaced by ``random``'s: a
    line that cannot tell a policy from random play states nothing. None when random was
    not run (or the line is about random)."""
    who = subject(e)
    if BASELINE not in results or who == BASELINE:
        return None
    swapped = dict(results)
    swapped[who] = results[BASELINE]
    return check(0, e, swapped).passed


def check(index: int, e: Expectation, results: Results) -> Outcome:
    """One expect line against the results (see :func:`check_expectations`)."""
    if isinstance(e, NoDominantTrickCheck):
        return _check_tricks(index, e, results)
    if isinstance(e, BeatsCheck):
        wins, n = win_rate(results, e.policy, e.beats, e.on)
        claim = (f"{e.policy} beats {e.beats} on {e.on} in at least "
                 f"{_percent(e.at_least)} of seeds")
        if n == 0:
            return Outcome(index, False, claim, "no seeds were run for both", e.note)
        share = wins / n
        return Outcome(index, share >= e.at_least - 1e-12, claim,
                       f"{_percent(share)} ({wins}/{n})", e.note)
    if isinstance(e, MedianVsPolicyCheck):
        mine = median(results, e.policy, e.metric)
        theirs = median(results, e.median_at_least_policy, e.metric)
        claim = (f"median {e.metric} of {e.policy} is at least that of "
                 f"{e.median_at_least_policy}")
        if math.isnan(mine) or math.isnan(theirs):
            return Outcome(index, False, claim, "no runs to compare", e.note)
        sign = ">=" if mine >= theirs else "<"
        return Outcome(index, mine >= theirs, claim,
                       f"{_fmt(mine)} {sign} {_fmt(theirs)}", e.note)
    lo, hi = e.median_at_least, e.median_at_most
    bounds = [f"at least {_fmt(lo)}" if lo is not None else "",
              f"at most {_fmt(hi)}" if hi is not None else ""]
    claim = f"median {e.metric} of {e.policy} is {' and '.join(b for b in bounds if b)}"
    mid = median(results, e.policy, e.metric)
    if math.isnan(mid):
        return Outcome(index, False, claim, "no runs", e.note)
    ok = (lo is None or mid >= lo) and (hi is None or mid <= hi)
    return Outcome(index, ok, claim, _fmt(mid), e.note)


def check_expectations(expect: Sequence[Expectation] | None, results: Results) \
        -> list[Outcome]:
    """Check every expect line of a scenario.

    Args:
        expect: The scenario's ``expect`` lines (``scenario.model.expect``; None for none).
        results: For each policy, for each seed, the run's final scores (metric -> value);
            the metrics used by the lines must be present.

    Returns:
        One :class:`Outcome` per line, in the scenario's order. A line about a policy that
        has no runs fails (it does not raise).
    """
    return [check(i, e, results) for i, e in enumerate(expect or ())]


__all__ = ["Expectation", "Outcome", "Results", "check", "check_expectations",
           "dominant_tricks", "insensitive", "median", "policies_needed", "subject", "values",
           "win_rate"]
