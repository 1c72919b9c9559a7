"""np_sum adds a list of floats as np.sum adds the array: the same bits, whatever the size."""

import struct

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.engine.plain import add_up, np_sum


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


def test_add_up_is_left_to_right_on_every_python() -> None:
    # 1e16 + 1.0 + 1.0 left to right loses both ones; a compensated sum (the builtin from
    # Python 3.12) keeps them: the engine's reports must not depend on the Python
    xs = [1e16, 1.0, 1.0]
    total = 0.0
    for x in xs:
        total += x
    assert total == 1e16
    assert bits(add_up(xs)) == bits(total)
    assert add_up([]) == 0 and add_up([], 0.5) == 0.5
    assert bits(add_up([0.1] * 10)) == bits(0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1
                                            + 0.1)


def test_engine_adds_no_floats_with_the_builtin_sum() -> None:
    # a lint of the engine's sources: ``sum(`` of floats would change bits with the Python
    # version; whole counts may use it, marked with a comment saying so
    import re
    from pathlib import Path

    import sim.engine

    offenders = []
    for path in sorted(Path(sim.engine.__file__).parent.glob("*.py")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"(?<![\w.])sum\(", code) and not re.search(
                    r"#.*(whole|count|cents)", line) and "sum(1 for" not in code:
                offenders.append(f"{path.name}:{no}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
