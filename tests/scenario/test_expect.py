"""``expect:`` lines evaluated on made-up per-seed results (no bots are run here)."""

from __future__ import annotations

import pytest

from sim.scenario.expect import (
    check_expectations,
    median,
    policies_needed,
    win_rate,
)
from sim.scenario.models import BeatsCheck, MedianCheck, MedianVsPolicyCheck


def _runs(**series: list[float]) -> dict[str, dict[int, dict[str, float]]]:
    """``_runs(a=[1, 2])``: policy ``a`` scored 1 on seed 0 and 2 on seed 1 (score only);
    the profit is ten times the score."""
    return {name.replace("_", "-"): {seed: {"score": x, "profit": 10 * x}
                                     for seed, x in enumerate(xs)}
            for name, xs in series.items()}


RESULTS = _runs(always_right=[10, 20, 30, 40], rule_based=[15, 20, 35, 39],
                oracle=[50, 50, 50, 50])


def test_win_rate_counts_strictly_better_seeds_only():
    assert win_rate(RESULTS, "rule-based", "always-right") == (2, 4)  # a tie is not a win
    assert win_rate(RESULTS, "always-right", "rule-based") == (1, 4)
    assert win_rate(RESULTS, "oracle", "nobody") == (0, 0)


def test_win_rate_pairs_seeds_not_positions():
    results = {"a": {0: {"score": 5}, 7: {"score": 9}},
               "b": {7: {"score": 8}, 9: {"score": 100}}}  # only seed 7 is common
    assert win_rate(results, "a", "b") == (1, 1)


def test_beats_passes_at_the_threshold_and_fails_below():
    ok, = check_expectations([BeatsCheck(policy="rule-based", beats="always-right",
                                         at_least=0.5)], RESULTS)
    assert ok.passed and ok.measured == "50% (2/4)"
    assert ok.line() == ("PASS  rule-based beats always-right on score in at least 50% of "
                         "seeds: 50% (2/4)")
    bad, = check_expectations([BeatsCheck(policy="rule-based", beats="always-right",
                                          at_least=0.75, note="why")], RESULTS)
    assert not bad.passed
    assert bad.line() == ("FAIL  rule-based beats always-right on score in at least 75% of "
                          "seeds: 50% (2/4) (why)")


def test_beats_on_another_metric():
    results = _runs(oracle=[1, 2, 3], random=[0, 5, 0])
    results["random"][0]["profit"] = 100
    on_score, on_profit = check_expectations([
        BeatsCheck(policy="oracle", beats="random", at_least=0.6),
        BeatsCheck(policy="oracle", beats="random", on="profit", at_least=0.6)], results)
    assert on_score.passed and on_score.measured == "66.7% (2/3)"
    assert not on_profit.passed and on_profit.measured == "33.3% (1/3)"


def test_median_against_another_policy():
    assert median(RESULTS, "rule-based", "score") == 27.5
    out = check_expectations([
        MedianVsPolicyCheck(policy="rule-based", median_at_least_policy="always-right"),
        MedianVsPolicyCheck(policy="always-right", median_at_least_policy="oracle"),
        MedianVsPolicyCheck(policy="always-right", metric="profit",
                            median_at_least_policy="always-right"),
    ], RESULTS)
    assert [o.passed for o in out] == [True, False, True]
    assert out[0].line() == ("PASS  median score of rule-based is at least that of "
                             "always-right: 27.50 >= 25.00")
    assert out[1].measured == "25.00 < 50.00"
    assert out[2].measured == "250.00 >= 250.00"


@pytest.mark.parametrize("lo, hi, passed", [
    (25, None, True), (25.01, None, False), (None, 25, True), (None, 24.99, False),
    (20, 30, True), (26, 30, False),
])
def test_median_bounds(lo, hi, passed):
    bounds = {k: v for k, v in (("median_at_least", lo), ("median_at_most", hi)) if v is not None}
    out, = check_expectations([MedianCheck(policy="always-right", **bounds)], RESULTS)
    assert out.passed is passed
    assert out.measured == "25.00"


def test_median_bound_wording():
    out, = check_expectations([MedianCheck(policy="oracle", metric="profit",
                                           median_at_least=100, median_at_most=1000)], RESULTS)
    assert out.line() == ("PASS  median profit of oracle is at least 100.00 and at most "
                          "1,000.00: 500.00")


def test_a_policy_without_runs_fails_instead_of_raising():
    out = check_expectations([
        BeatsCheck(policy="random", beats="oracle"),
        MedianVsPolicyCheck(policy="random", median_at_least_policy="oracle"),
        MedianCheck(policy="random", median_at_least=0),
    ], RESULTS)
    assert [o.passed for o in out] == [False, False, False]
    assert [o.measured for o in out] == ["no seeds were run for both", "no runs to compare",
                                         "no runs"]


def test_no_expect_lines_is_no_outcomes():
    assert check_expectations(None, RESULTS) == []
    assert check_expectations([], RESULTS) == []


def test_policies_needed_in_order_of_mention():
    expect = [BeatsCheck(policy="rule-based", beats="always-right"),
              MedianVsPolicyCheck(policy="oracle", median_at_least_policy="rule-based"),
              MedianCheck(policy="random", median_at_least=1)]
    assert policies_needed(expect) == ["rule-based", "always-right", "oracle", "random"]
    assert policies_needed(None) == []


def _tricks(results, **overrides):
    """Every trick of the suite scoring 1 on each seed, unless given."""
    from sim.policies.tricks import trick_names

    out = dict(results)
    seeds = sorted(results["rule-based"])
    for t in trick_names():
        out[t] = {s: {"score": 1.0, "profit": 10.0} for s in seeds}
    for name, xs in overrides.items():
        out[name] = {s: {"score": float(x), "profit": 10.0 * x} for s, x in zip(seeds, xs,
                                                                                strict=True)}
    return out


def test_no_dominant_trick_passes_when_every_blanket_loses():
    from sim.scenario.models import NoDominantTrickCheck

    (outcome,) = check_expectations([NoDominantTrickCheck(no_dominant_trick=True)],
                                    _tricks(RESULTS))
    assert outcome.passed, outcome.line()


def test_no_dominant_trick_fails_on_half_the_seeds_against_rule_based_or_on_the_median():
    from sim.scenario.models import NoDominantTrickCheck

    line = [NoDominantTrickCheck(no_dominant_trick=True)]
    half = _tricks(RESULTS, **{"trick:scope-all": [16, 21, 1, 1]})  # beats 15, 20: 2 of 4
    (outcome,) = check_expectations(line, half)
    assert not outcome.passed and "trick:scope-all" in outcome.measured
    once = _tricks(RESULTS, **{"trick:price-1.2": [1, 1, 1, 60]})  # 1 seed of 4, median 1
    (outcome,) = check_expectations(line, once)
    assert outcome.passed
    above = _tricks(RESULTS, **{"trick:price-1.2": [1, 60, 60, 60]})  # median 60 > 50
    (outcome,) = check_expectations(line, above)
    assert not outcome.passed and "oracle" in outcome.measured
    (outcome,) = check_expectations(line, RESULTS)  # the suite was not run
    assert not outcome.passed


def test_a_line_that_random_also_passes_is_insensitive():
    from sim.scenario.expect import insensitive

    results = dict(RESULTS, random=RESULTS["rule-based"])
    beats = BeatsCheck(policy="rule-based", beats="always-right", at_least=0.5)
    assert insensitive(beats, results)  # random does just as well: the line says nothing
    results = dict(RESULTS, random={s: {"score": 0.0, "profit": 0.0} for s in range(4)})
    assert insensitive(beats, results) is False
    assert insensitive(beats, RESULTS) is None  # random was not run
