"""np_sum adds a list of floats as np.sum adds the array: the same bits, whatever the size."""

import struct

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.engine.plain import np_sum


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def test_every_size_up_to_past_two_blocks() -> None:
    rng = np.random.default_rng(7)
    for n in range(0, 300):
        for _ in range(6):
            x = rng.standard_normal(n) * 10.0 ** rng.integers(-4, 7, n)
            assert bits(np_sum(x.tolist())) == bits(float(np.sum(x))), n


def test_signed_zeros() -> None:
    for n in (0, 1, 2, 7, 8, 9, 16, 17, 129, 300):
        for value in (0.0, -0.0):
            x = np.full(n, value)
            assert bits(np_sum(x.tolist())) == bits(float(np.sum(x))), (n, value)
    x = np.array([-0.0, 1e-300, -1e-300, -0.0] * 5)
    assert bits(np_sum(x.tolist())) == bits(float(np.sum(x)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), max_size=260))
def test_any_list(xs: list[float]) -> None:
    x = np.array(xs, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        want = float(np.sum(x))
    assert bits(np_sum(xs)) == bits(want) or (want != want and np_sum(xs) != np_sum(xs))
