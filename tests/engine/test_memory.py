"""The client memory grows by doubling: what each client remembers survives every growth,
new rows remember nothing, and a copy is independent."""

from __future__ import annotations

import numpy as np

from sim.engine.memory import HURTS, ClientMemory


def test_growing_keeps_what_clients_remember_and_new_rows_remember_nothing():
    mem = ClientMemory()
    rng = np.random.default_rng(2)
    n, week = 0, 1
    for step in (3, 1, 60, 2, 1, 130, 7):
        n += step
        mem.fit(n)
        assert mem.n == n and mem.hurt.shape[1] >= n
        active = rng.random(n) < 0.7
        before = {name: getattr(mem, name)[:n].copy() for name, _ in ClientMemory.COLUMNS}
        # the rows added by this fit remember nothing yet
        for name, fill in ClientMemory.COLUMNS:
            assert (before[name][n - step:] == fill).all(), name
        assert not mem.hurt[:, n - step: n].any()
        over = active & (rng.random(n) < 0.3)
        mem.over_price(over, week)
        mem.turned_down(rng.integers(0, 2, n) * active, None)
        mem.satisfaction(active, rng.random(n), (rng.random(n), 0.0, rng.random(n), 0.0))
        since = mem.over_price_since[:n]
        assert ((since >= 0) == over).all()
        assert (mem.objections[:n] == before["objections"] + over).all()
        # the spare rows past n are never written
        for name, fill in ClientMemory.COLUMNS:
            assert (getattr(mem, name)[n:] == fill).all(), name
        assert not mem.hurt[:, n:].any()
        assert mem.hurt.shape[0] == len(HURTS)
        week += 1


def test_a_copy_is_independent():
    mem = ClientMemory()
    mem.fit(5)
    mem.over_price(np.array([True, False, True, False, False]), 3)
    other = mem.copy()
    other.over_price(np.zeros(5, dtype=bool), 4)
    assert list(mem.over_price_since[:5]) == [3, -1, 3, -1, -1]
    assert list(other.over_price_since[:5]) == [-1] * 5
    since, said = mem.price_cues(5)
    since[:] = 9
    assert list(mem.over_price_since[:5]) == [3, -1, 3, -1, -1]
    assert list(said) == [1, 0, 1, 0, 0]
