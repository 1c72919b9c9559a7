"""The luck band: a seed's difficulty, told by the bots' scores against their median."""

from sim.debrief.luck import LuckBand, luck_band
from sim.scenario import load_scenario


def band(on_seed: float) -> LuckBand:
    bots = ("a", "b")
    return LuckBand(1, bots, {"a": on_seed, "b": on_seed}, {"a": 50.0, "b": 50.0},
                    {"a": 40.0, "b": 40.0}, {"a": 60.0, "b": 60.0})


def test_verdict_follows_the_bots_distance_from_their_median():
    assert band(30.0).verdict == "hard" and band(30.0).offset == -20.0
    assert band(52.0).verdict == "ordinary"
    assert band(75.0).verdict == "easy"
    assert band(30.0).gap(45.0, "a") == 15.0


def test_played_band_reuses_a_reference_seed_and_known_scores():
    params = load_scenario("tutorial").params
    calls = []
    b = luck_band(params, 2, bots=("always-right",), reference_seeds=range(0, 4),
                  progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (5, 5)
    assert b.low["always-right"] <= b.median["always-right"] <= b.high["always-right"]
    known = luck_band(params, 2, bots=("always-right",), reference_seeds=range(0, 4),
                      known={"always-right": 123.0})
    assert known.on_seed["always-right"] == 123.0
    assert known.median == b.median
